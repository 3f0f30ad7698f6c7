/*
 * Camera source: image files replayed as frames, for tests and demos.
 * file:PATH[@FPS] takes an image or a directory of images (in name order,
 * over and over); file:PATH@WxH[@FPS] a raw file of WxH greyscale frames.
 */
#include "entrada/camera.h"
#include "entrada/xmalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct file_source {
    char *path;
    int fps, w, h; /* w, h: raw frames; 0 for image files */
    char **files;
    size_t nfiles, next;
    FILE *raw;
};

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_image(const char *name)
{
    const char *dot = strrchr(name, '.');
    static const char *const exts[] = { ".png", ".jpg", ".jpeg", ".gif", ".pgm", ".pnm", ".bmp" };
    for (size_t i = 0; dot && i < sizeof exts / sizeof exts[0]; i++)
        if (strcasecmp(dot, exts[i]) == 0)
            return true;
    return false;
}

static bool file_open(struct camera_source *src, char **why)
{
    struct file_source *f = src->impl;
    if (f->w) {
        f->raw = fopen(f->path, "rb");
        if (f->raw == NULL) {
            *why = xasprintf("%s: %s", f->path, strerror(errno));
            return false;
        }
        return true;
    }
    struct stat sb;
    if (stat(f->path, &sb) != 0) {
        *why = xasprintf("%s: %s", f->path, strerror(errno));
        return false;
    }
    if (!S_ISDIR(sb.st_mode)) {
        f->files = xcalloc(1, sizeof *f->files);
        f->files[f->nfiles++] = xstrdup(f->path);
        return true;
    }
    DIR *d = opendir(f->path);
    struct dirent *e;
    size_t cap = 0;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !is_image(e->d_name))
            continue;
        if (f->nfiles == cap) {
            cap = cap ? cap * 2 : 16;
            f->files = xreallocarray(f->files, cap, sizeof *f->files);
        }
        f->files[f->nfiles++] = xasprintf("%s/%s", f->path, e->d_name);
    }
    if (d)
        closedir(d);
    if (f->nfiles == 0) {
        *why = xasprintf("%s: no images", f->path);
        return false;
    }
    qsort(f->files, f->nfiles, sizeof *f->files, compare_names);
    return true;
}

static int file_read(struct camera_source *src, struct image *frame, char **why)
{
    struct file_source *f = src->impl;
    struct timespec pace = { 0, 1000000000L / f->fps };
    nanosleep(&pace, NULL);
    if (f->w) {
        if (frame->w != f->w || frame->h != f->h) {
            image_free(frame);
            image_alloc(frame, f->w, f->h);
        }
        size_t n = (size_t)f->w * (size_t)f->h;
        if (fread(frame->px, 1, n, f->raw) != n) {
            if (ferror(f->raw) || ftell(f->raw) == 0) {
                *why = xasprintf("%s: no whole frame", f->path);
                return -1;
            }
            rewind(f->raw); /* over and over */
            if (fread(frame->px, 1, n, f->raw) != n) {
                *why = xasprintf("%s: shorter than one %dx%d frame", f->path, f->w, f->h);
                return -1;
            }
        }
        return 1;
    }
    const char *path = f->files[f->next++ % f->nfiles];
    image_free(frame);
    return image_load(path, frame, why) ? 1 : -1;
}

static void file_close(struct camera_source *src)
{
    struct file_source *f = src->impl;
    if (f->raw)
        fclose(f->raw);
    f->raw = NULL;
    for (size_t i = 0; i < f->nfiles; i++)
        free(f->files[i]);
    free(f->files);
    f->files = NULL;
    f->nfiles = f->next = 0;
}

static void file_destroy(struct camera_source *src)
{
    struct file_source *f = src->impl;
    file_close(src);
    free(f->path);
    free(f);
    free(src);
}

struct camera_source *camera_file_create(const char *arg, char **why)
{
    struct file_source *f = xcalloc(1, sizeof *f);
    f->path = xstrdup(arg);
    f->fps = 5;
    /* Options after the path, each after an '@': WxH, FPS. */
    for (char *at; (at = strrchr(f->path, '@')) != NULL;) {
        char *end;
        long fps = strtol(at + 1, &end, 10);
        if (strchr(at + 1, 'x') && camera_parse_size(at + 1, &f->w, &f->h))
            ;
        else if (end != at + 1 && *end == '\0' && fps >= 1 && fps <= 120)
            f->fps = (int)fps;
        else
            break;
        *at = '\0';
    }
    if (!f->path[0]) {
        *why = xstrdup("camera file: expected file:PATH[@WxH][@FPS]");
        free(f->path);
        free(f);
        return NULL;
    }
    struct camera_source *src = xcalloc(1, sizeof *src);
    *src =
        (struct camera_source){ "file", file_open, file_read, NULL, file_close, file_destroy, f };
    return src;
}
