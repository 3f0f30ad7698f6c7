/*
 * The camera's threads. The reader pulls frames from the source as fast as
 * it gives them and keeps only the newest; the decoder takes a copy of that
 * one when it is free and reads codes from it within a budget per frame
 * (decode_frame: a cheap look at every frame, the expensive passes only
 * where the look saw finder patterns, spread over the frames that follow). A failing
 * source is closed and opened again after 1, 2, 4 ... up to 10 seconds.
 */
#include "entrada/camera.h"
#include "entrada/decode.h"
#include "entrada/xmalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { SEEN_MS = 1500, BACKOFF_MAX_MS = 10000 };

struct camera {
    struct camera_source *src;
    struct camera_events ev;
    pthread_t reader, decoder;
    int threads; /* how many of the two are running: the reader first */
    pthread_mutex_t lock;
    pthread_cond_t fresh;
    bool stop;
    enum camera_state state;
    char problem[160];
    struct image newest; /* the latest frame, for the decoder and the preview */
    unsigned long frame_no;
    char last_code[1024]; /* reported, and still in view */
    double last_seen;
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

bool camera_parse_size(const char *s, int *w, int *h)
{
    char *end;
    long lw = strtol(s, &end, 10);
    if (end == s || *end != 'x')
        return false;
    const char *hs = end + 1;
    long lh = strtol(hs, &end, 10);
    if (end == hs || lw < 16 || lh < 16 || lw > 8192 || lh > 8192)
        return false;
    *w = (int)lw;
    *h = (int)lh;
    return true;
}

static void set_state(struct camera *cam, enum camera_state s, const char *problem)
{
    pthread_mutex_lock(&cam->lock);
    bool changed = cam->state != s;
    cam->state = s;
    snprintf(cam->problem, sizeof cam->problem, "%s", problem ? problem : "");
    pthread_mutex_unlock(&cam->lock);
    if (changed) {
        fprintf(stderr, "INFO: camera %s%s%s\n",
                s == CAMERA_LIVE      ? "live"
                : s == CAMERA_OFFLINE ? "offline"
                                      : "starting",
                problem ? ": " : "", problem ? problem : "");
        cam->ev.changed(cam->ev.ctx);
    }
}

/* Sleep ms, waking early if the camera is stopped. Returns false when stopping. */
static bool pause_ms(struct camera *cam, int ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&cam->lock);
    while (!cam->stop && pthread_cond_timedwait(&cam->fresh, &cam->lock, &until) == 0)
        ;
    bool go_on = !cam->stop;
    pthread_mutex_unlock(&cam->lock);
    return go_on;
}

static bool stopping(struct camera *cam)
{
    pthread_mutex_lock(&cam->lock);
    bool s = cam->stop;
    pthread_mutex_unlock(&cam->lock);
    return s;
}

static void *handle_reader(void *arg)
{
    struct camera *cam = arg;
    struct image frame = { 0 };
    int backoff = 1000;
    while (!stopping(cam)) {
        char *why = NULL;
        if (!cam->src->open(cam->src, &why)) {
            set_state(cam, CAMERA_OFFLINE, why);
            free(why);
            if (!pause_ms(cam, backoff))
                break;
            backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
            continue;
        }
        while (!stopping(cam)) {
            if (cam->src->read(cam->src, &frame, &why) < 0)
                break;
            pthread_mutex_lock(&cam->lock);
            struct image t = cam->newest; /* hand over the frame, keep the old buffer */
            cam->newest = frame;
            frame = t;
            cam->frame_no++;
            pthread_cond_broadcast(&cam->fresh);
            pthread_mutex_unlock(&cam->lock);
            if (camera_state(cam) != CAMERA_LIVE) {
                set_state(cam, CAMERA_LIVE, NULL);
                backoff = 1000;
            }
            cam->ev.changed(cam->ev.ctx);
        }
        cam->src->close(cam->src);
        if (stopping(cam)) {
            free(why);
            break;
        }
        set_state(cam, CAMERA_OFFLINE, why ? why : "no more frames");
        free(why);
        if (!pause_ms(cam, backoff))
            break;
        backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
    }
    image_free(&frame);
    image_thread_done();
    return NULL;
}

static void *handle_decoder(void *arg)
{
    struct camera *cam = arg;
    struct decode *d = decode_create();
    struct image frame = { 0 };
    unsigned long seen = 0;
    for (;;) {
        pthread_mutex_lock(&cam->lock);
        while (!cam->stop && cam->frame_no == seen)
            pthread_cond_wait(&cam->fresh, &cam->lock);
        if (cam->stop) {
            pthread_mutex_unlock(&cam->lock);
            break;
        }
        seen = cam->frame_no;
        const struct image *f = &cam->newest;
        if (frame.w != f->w || frame.h != f->h) {
            image_free(&frame);
            image_alloc(&frame, f->w, f->h);
        }
        memcpy(frame.px, f->px, (size_t)f->w * (size_t)f->h);
        pthread_mutex_unlock(&cam->lock);

        struct decode_result r;
        double t = now_ms();
        if (decode_frame(d, &frame, &r) > 0) {
            bool again = strcmp(r.code[0], cam->last_code) == 0 && t - cam->last_seen < SEEN_MS;
            snprintf(cam->last_code, sizeof cam->last_code, "%s", r.code[0]);
            cam->last_seen = t;
            if (!again) /* the same code again while in view is the same badge */
                cam->ev.code(cam->ev.ctx, r.code[0]);
        }
        decode_result_clear(&r);
    }
    image_free(&frame);
    decode_destroy(d);
    return NULL;
}

struct camera *camera_start(const char *spec, const struct camera_events *ev, char **why)
{
    static const struct {
        const char *prefix;
        struct camera_source *(*create)(const char *arg, char **why);
    } kinds[] = {
        { "v4l2:", camera_v4l2_create },
        { "pipe:", camera_pipe_create },
        { "file:", camera_file_create },
    };
    struct camera_source *src = NULL;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0] && src == NULL; i++)
        if (strncmp(spec, kinds[i].prefix, strlen(kinds[i].prefix)) == 0) {
            src = kinds[i].create(spec + strlen(kinds[i].prefix), why);
            if (src == NULL)
                return NULL;
        }
    if (src == NULL) {
        *why = xasprintf("camera \"%s\": expected v4l2:DEVICE, pipe:COMMAND@WxH:FORMAT or "
                         "file:PATH",
                         spec);
        return NULL;
    }
    struct camera *cam = xcalloc(1, sizeof *cam);
    cam->src = src;
    cam->ev = *ev;
    cam->state = CAMERA_STARTING;
    pthread_mutex_init(&cam->lock, NULL);
    pthread_cond_init(&cam->fresh, NULL);
    int err = pthread_create(&cam->reader, NULL, handle_reader, cam);
    if (err == 0) {
        cam->threads = 1;
        err = pthread_create(&cam->decoder, NULL, handle_decoder, cam);
    }
    if (err != 0) {
        *why = xasprintf("camera \"%s\": cannot start a thread: %s", spec, strerror(err));
        camera_stop(cam); /* stops the reader, if it started */
        return NULL;
    }
    cam->threads = 2;
    return cam;
}

void camera_stop(struct camera *cam)
{
    if (cam == NULL)
        return;
    pthread_mutex_lock(&cam->lock);
    cam->stop = true;
    pthread_cond_broadcast(&cam->fresh);
    pthread_mutex_unlock(&cam->lock);
    if (cam->src->interrupt) /* a reader blocked in a read */
        cam->src->interrupt(cam->src);
    if (cam->threads > 1)
        pthread_join(cam->decoder, NULL);
    if (cam->threads > 0)
        pthread_join(cam->reader, NULL);
    cam->src->destroy(cam->src);
    image_free(&cam->newest);
    pthread_mutex_destroy(&cam->lock);
    pthread_cond_destroy(&cam->fresh);
    free(cam);
}

enum camera_state camera_state(struct camera *cam)
{
    pthread_mutex_lock(&cam->lock);
    enum camera_state s = cam->state;
    pthread_mutex_unlock(&cam->lock);
    return s;
}

void camera_problem(struct camera *cam, char *buf, size_t size)
{
    pthread_mutex_lock(&cam->lock);
    snprintf(buf, size, "%s", cam->problem);
    pthread_mutex_unlock(&cam->lock);
}

bool camera_preview(struct camera *cam, int max_w, struct image *out)
{
    pthread_mutex_lock(&cam->lock);
    const struct image *f = &cam->newest;
    bool ok = f->px != NULL && f->w > 0 && f->h > 0;
    if (ok) {
        int step = (f->w + max_w - 1) / max_w;
        step = step < 1 ? 1 : step;
        image_alloc(out, f->w / step, f->h / step);
        for (int y = 0; y < out->h; y++)
            for (int x = 0; x < out->w; x++)
                out->px[(size_t)y * (size_t)out->w + (size_t)x] =
                    f->px[(size_t)(y * step) * (size_t)f->w + (size_t)(x * step)];
    }
    pthread_mutex_unlock(&cam->lock);
    return ok;
}
