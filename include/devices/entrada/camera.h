/*
 * The camera: frames from a source, QR codes read from them off the UI
 * thread. A source is one of
 *
 *   v4l2:/dev/video0[@WxH]               a USB (UVC) webcam, through zbar's video API
 *   pipe:COMMAND@WxH:yuv420|y800         raw frames from a command's output
 *                                        (a Raspberry Pi camera: rpicam-vid ... -o -)
 *   file:PATH[@FPS]                      an image, a directory of images, replayed
 *   file:PATH@WxH[@FPS]                  a raw Y800 file of WxH frames, replayed
 *
 * A reader thread keeps only the newest frame (stale ones are dropped,
 * never queued); a decoder thread reads codes from it and reports each code
 * once while it stays in view. A source that fails (unplugged, command
 * ended, corrupt frame) makes the camera offline; it is opened again with
 * a growing pause, and the kiosk carries on without it meanwhile.
 */
#ifndef ENTRADA_CAMERA_H
#define ENTRADA_CAMERA_H

#include "entrada/image.h"

#include <stdbool.h>
#include <stddef.h>

enum camera_state { CAMERA_STARTING, CAMERA_LIVE, CAMERA_OFFLINE };

/* What the camera tells its owner; called from the camera's threads. */
struct camera_events {
    void (*code)(void *ctx, const char *code); /* a code came into view */
    void (*changed)(void *ctx);                /* a new frame, or a new state */
    void *ctx;
};

/* One kind of source. */
struct camera_source {
    const char *kind;
    /* Open (again); false with *why. */
    bool (*open)(struct camera_source *src, char **why);
    /* Read the next frame into frame (reallocating it as needed): 1, or -1 with *why. */
    int (*read)(struct camera_source *src, struct image *frame, char **why);
    /* Make a read blocked in another thread return (may be NULL). */
    void (*interrupt)(struct camera_source *src);
    void (*close)(struct camera_source *src);
    void (*destroy)(struct camera_source *src);
    void *impl;
};

/* Sources, by kind; NULL with *why for a malformed argument. */
struct camera_source *camera_v4l2_create(const char *arg, char **why);
struct camera_source *camera_pipe_create(const char *arg, char **why);
struct camera_source *camera_file_create(const char *arg, char **why);

struct camera;

/*
 * Start the camera described by spec ("v4l2:...", "pipe:...", "file:...").
 * NULL with *why if spec is malformed or a thread cannot start; a camera
 * that is missing is not an error here: it starts offline and keeps trying.
 */
struct camera *camera_start(const char *spec, const struct camera_events *ev, char **why);
void camera_stop(struct camera *cam);

enum camera_state camera_state(struct camera *cam);
/* Why the camera is offline, in a few words (or ""); copied into buf. */
void camera_problem(struct camera *cam, char *buf, size_t size);

/* A copy of the newest frame, at most max_w pixels wide; false if there is none. */
bool camera_preview(struct camera *cam, int max_w, struct image *out);

/* Parse "WxH" at s; false if it is not that. */
bool camera_parse_size(const char *s, int *w, int *h);

#endif
