/*
 * Noticing sticks. One thread polls /proc/self/mounts, which the kernel
 * marks with POLLPRI whenever the mount table changes, and an inotify
 * watch on [usb] drop_dir. After each change it lists what is there now
 * (disks' file systems mounted below a root, directories inside drop_dir) and
 * reports the difference. A directory in drop_dir is reported once it
 * has been there for a second, so that one moved in whole is seen whole.
 */
#include "entrada/drop.h"
#include "entrada/xmalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MAX_ROOTS = 8, MAX_STICKS = 64, SETTLE_MS = 1000 };

struct drop_watch {
    drop_watch_fn *fn;
    void *ctx;
    char *roots[MAX_ROOTS];
    int nroots;
    char *drop_dir;
    int mounts;  /* /proc/self/mounts, or -1 */
    int inotify; /* watching drop_dir, or -1 */
    int wake[2]; /* written to stop the thread */
    char *sticks[MAX_STICKS];
    int nsticks;
    pthread_t thread;
    bool started;
};

/* The mount point field of /proc/self/mounts, its \040-style escapes undone, in place. */
static char *unescape(char *s)
{
    char *out = s;
    for (char *in = s; *in; out++) {
        if (in[0] == '\\' && in[1] >= '0' && in[1] <= '3' && in[2] >= '0' && in[2] <= '7' &&
            in[3] >= '0' && in[3] <= '7') {
            *out = (char)((in[1] - '0') * 64 + (in[2] - '0') * 8 + (in[3] - '0'));
            in += 4;
        } else {
            *out = *in++;
        }
    }
    *out = '\0';
    return s;
}

/* path is below root (not root itself)? */
static bool below(const char *path, const char *root)
{
    size_t n = strlen(root);
    while (n > 1 && root[n - 1] == '/')
        n--;
    return strncmp(path, root, n) == 0 && path[n] == '/' && path[n + 1] != '\0';
}

static void add(char **list, int *n, const char *path)
{
    for (int i = 0; i < *n; i++)
        if (strcmp(list[i], path) == 0)
            return;
    if (*n < MAX_STICKS)
        list[(*n)++] = xstrdup(path);
}

/*
 * A stick is a disk's file system: a /dev node mounted as one of the file
 * systems sticks and card readers carry. This leaves out tmpfs, bind and
 * overlay mounts that happen to live below /mnt or /media.
 */
static bool removable(const char *source, const char *type)
{
    static const char *const types[] = { "vfat", "exfat", "ntfs",    "ntfs3",  "fuseblk",
                                         "ext2", "ext3",  "ext4",    "btrfs",  "f2fs",
                                         "xfs",  "udf",   "iso9660", "hfsplus" };
    if (strncmp(source, "/dev/", 5) != 0)
        return false;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(type, types[i]) == 0)
            return true;
    return false;
}

static void scan_mounts(struct drop_watch *w, char **now, int *n)
{
    if (w->mounts < 0)
        return;
    FILE *f = fopen("/proc/self/mounts", "re");
    if (f == NULL)
        return;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        char *save = NULL;
        char *source = strtok_r(line, " ", &save);
        char *dir = strtok_r(NULL, " ", &save);
        char *type = strtok_r(NULL, " ", &save);
        if (type == NULL || !removable(source, type))
            continue;
        unescape(dir);
        for (int i = 0; i < w->nroots; i++)
            if (below(dir, w->roots[i]))
                add(now, n, dir);
        if (w->drop_dir && below(dir, w->drop_dir))
            add(now, n, dir);
    }
    fclose(f);
}

/* Directories in drop_dir; *young set if one is too new to report. */
static void scan_drop_dir(struct drop_watch *w, char **now, int *n, bool *young)
{
    DIR *d = w->drop_dir ? opendir(w->drop_dir) : NULL;
    if (d == NULL)
        return;
    struct dirent *e;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    while ((e = readdir(d)) != NULL) {
        struct stat sb;
        if (e->d_name[0] == '.' || fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISDIR(sb.st_mode))
            continue;
        char *path = xasprintf("%s/%s", w->drop_dir, e->d_name);
        long long age_ms = ((long long)ts.tv_sec - sb.st_ctim.tv_sec) * 1000 +
                           (ts.tv_nsec - sb.st_ctim.tv_nsec) / 1000000;
        bool known = false;
        for (int i = 0; i < w->nsticks; i++)
            known = known || strcmp(w->sticks[i], path) == 0;
        if (known || age_ms >= SETTLE_MS)
            add(now, n, path);
        else
            *young = true;
        free(path);
    }
    closedir(d);
}

/* Compare what is there now with what was, and report the difference. */
static bool rescan(struct drop_watch *w)
{
    char *now[MAX_STICKS];
    int n = 0;
    bool young = false;
    scan_mounts(w, now, &n);
    scan_drop_dir(w, now, &n, &young);
    for (int i = 0; i < w->nsticks; i++) {
        bool still = false;
        for (int j = 0; j < n && !still; j++)
            still = strcmp(now[j], w->sticks[i]) == 0;
        if (!still)
            w->fn(w->ctx, w->sticks[i], false);
    }
    for (int j = 0; j < n; j++) {
        bool known = false;
        for (int i = 0; i < w->nsticks && !known; i++)
            known = strcmp(now[j], w->sticks[i]) == 0;
        if (!known)
            w->fn(w->ctx, now[j], true);
    }
    for (int i = 0; i < w->nsticks; i++)
        free(w->sticks[i]);
    memcpy(w->sticks, now, sizeof now[0] * (size_t)n);
    w->nsticks = n;
    return young;
}

static void *handle_watch(void *arg)
{
    struct drop_watch *w = arg;
    bool young = rescan(w);
    for (;;) {
        struct pollfd p[3] = {
            { w->wake[0], POLLIN, 0 },
            { w->mounts, POLLPRI, 0 },
            { w->inotify, POLLIN, 0 },
        };
        int rc = poll(p, 3, young ? SETTLE_MS / 4 : -1);
        if (rc < 0 && errno != EINTR)
            break;
        if (p[0].revents)
            break;
        if (p[2].revents & POLLIN) {
            char events[4096];
            while (read(w->inotify, events, sizeof events) > 0) {
            }
        }
        young = rescan(w);
    }
    return NULL;
}

static void split_roots(struct drop_watch *w, const char *spec)
{
    char *copy = xstrdup(spec), *save = NULL;
    for (char *r = strtok_r(copy, ", ", &save); r && w->nroots < MAX_ROOTS;
         r = strtok_r(NULL, ", ", &save))
        if (r[0] == '/')
            w->roots[w->nroots++] = xstrdup(r);
    free(copy);
}

struct drop_watch *drop_watch_start(const struct config *cfg, drop_watch_fn *fn, void *ctx,
                                    char **why)
{
    struct drop_watch *w = xcalloc(1, sizeof *w);
    w->fn = fn;
    w->ctx = ctx;
    w->wake[0] = w->wake[1] = w->inotify = -1;
    split_roots(w, config_str(cfg, CONFIG_USB_ROOTS));
    const char *drop_dir = config_str(cfg, CONFIG_USB_DROP_DIR);
    w->mounts = w->nroots ? open("/proc/self/mounts", O_RDONLY | O_CLOEXEC) : -1;
    if (drop_dir[0]) {
        w->drop_dir = xstrdup(drop_dir);
        w->inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (w->inotify < 0 || inotify_add_watch(w->inotify, drop_dir,
                                                IN_CREATE | IN_MOVED_TO | IN_DELETE |
                                                    IN_MOVED_FROM | IN_ONLYDIR) < 0) {
            *why = xasprintf("[usb] drop_dir %s: cannot watch: %s", drop_dir, strerror(errno));
            goto fail;
        }
    }
    if (w->mounts < 0 && w->inotify < 0) {
        *why = xstrdup("no [usb] roots or drop_dir to watch");
        goto fail;
    }
    if (pipe2(w->wake, O_CLOEXEC) != 0 || pthread_create(&w->thread, NULL, handle_watch, w) != 0) {
        *why = xasprintf("cannot watch for USB sticks: %s", strerror(errno));
        goto fail;
    }
    w->started = true;
    return w;
fail:
    drop_watch_stop(w);
    return NULL;
}

void drop_watch_stop(struct drop_watch *w)
{
    if (w == NULL)
        return;
    if (w->started) {
        (void)!write(w->wake[1], "x", 1);
        pthread_join(w->thread, NULL);
    }
    for (int i = 0; i < 2; i++)
        if (w->wake[i] >= 0)
            close(w->wake[i]);
    if (w->mounts >= 0)
        close(w->mounts);
    if (w->inotify >= 0)
        close(w->inotify);
    for (int i = 0; i < w->nroots; i++)
        free(w->roots[i]);
    for (int i = 0; i < w->nsticks; i++)
        free(w->sticks[i]);
    free(w->drop_dir);
    free(w);
}
