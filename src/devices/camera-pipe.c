/*
 * Camera source: raw frames from a command's output, which is how a
 * Raspberry Pi camera (libcamera, which zbar cannot open) reaches entrada:
 *   pipe:rpicam-vid -t 0 -n --codec yuv420 --width 1280 --height 720 -o -@1280x720:yuv420
 * Each frame is WxH bytes of Y (grey), followed for yuv420 by the U and V
 * planes, which are skipped. A command that ends makes the camera offline;
 * it is started again.
 */
#include "entrada/camera.h"
#include "entrada/xmalloc.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct pipe_source {
    char *command;
    int w, h;
    bool yuv420;
    pid_t pid;
    int fd;
    uint8_t *skip; /* the U and V planes */
};

static bool pipe_open(struct camera_source *src, char **why)
{
    struct pipe_source *p = src->impl;
    int fds[2];
    if (pipe(fds) != 0) {
        *why = xasprintf("pipe: %s", strerror(errno));
        return false;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    char *argv[] = { "sh", "-c", p->command, NULL };
    int rc = posix_spawn(&p->pid, "/bin/sh", &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        *why = xasprintf("cannot run %s: %s", p->command, strerror(rc));
        return false;
    }
    p->fd = fds[0];
    return true;
}

/* Read exactly n bytes; false at the end of the output or on an error. */
static bool read_all(int fd, uint8_t *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        got += (size_t)r;
    }
    return true;
}

static int pipe_read(struct camera_source *src, struct image *frame, char **why)
{
    struct pipe_source *p = src->impl;
    if (frame->w != p->w || frame->h != p->h) {
        image_free(frame);
        image_alloc(frame, p->w, p->h);
    }
    size_t y = (size_t)p->w * (size_t)p->h;
    if (!read_all(p->fd, frame->px, y) || (p->yuv420 && !read_all(p->fd, p->skip, y / 2))) {
        *why = xasprintf("the command's frames stopped (%s)", p->command);
        return -1;
    }
    return 1;
}

static void pipe_interrupt(struct camera_source *src)
{
    struct pipe_source *p = src->impl;
    if (p->pid > 0)
        kill(p->pid, SIGTERM);
}

static void pipe_close(struct camera_source *src)
{
    struct pipe_source *p = src->impl;
    if (p->pid > 0) {
        kill(p->pid, SIGTERM);
        waitpid(p->pid, NULL, 0);
        p->pid = 0;
    }
    if (p->fd >= 0)
        close(p->fd);
    p->fd = -1;
}

static void pipe_destroy(struct camera_source *src)
{
    struct pipe_source *p = src->impl;
    pipe_close(src);
    free(p->command);
    free(p->skip);
    free(p);
    free(src);
}

struct camera_source *camera_pipe_create(const char *arg, char **why)
{
    const char *at = strrchr(arg, '@');
    int w, h;
    const char *fmt = at ? strchr(at, ':') : NULL;
    if (at == NULL || fmt == NULL || !camera_parse_size(at + 1, &w, &h) ||
        (strcmp(fmt + 1, "yuv420") != 0 && strcmp(fmt + 1, "y800") != 0) || at == arg) {
        *why = xstrdup("camera pipe: expected pipe:COMMAND@WxH:yuv420 or pipe:COMMAND@WxH:y800");
        return NULL;
    }
    struct pipe_source *p = xcalloc(1, sizeof *p);
    p->command = xstrndup(arg, (size_t)(at - arg));
    p->w = w;
    p->h = h;
    p->yuv420 = strcmp(fmt + 1, "yuv420") == 0;
    p->fd = -1;
    p->skip = xmalloc((size_t)w * (size_t)h / 2 + 1);
    struct camera_source *src = xcalloc(1, sizeof *src);
    *src = (struct camera_source){ "pipe",     pipe_open,    pipe_read, pipe_interrupt,
                                   pipe_close, pipe_destroy, p };
    return src;
}
