/*
 * Camera source: a USB (UVC) webcam through zbar's video API, v4l2:DEVICE[@WxH].
 * Memory-mapped I/O is asked for explicitly: Debian 12's zbar misbehaves
 * when it probes the I/O mode itself.
 */
#include "entrada/camera.h"
#include "entrada/xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <zbar.h>

struct v4l2_source {
    char *device;
    int w, h;
    zbar_video_t *video;
};

static bool v4l2_open(struct camera_source *src, char **why)
{
    struct v4l2_source *v = src->impl;
    v->video = zbar_video_create();
    zbar_video_request_iomode(v->video, 2); /* mmap */
    if (v->w)
        zbar_video_request_size(v->video, (unsigned)v->w, (unsigned)v->h);
    if (zbar_video_open(v->video, v->device) != 0 || zbar_negotiate_format(v->video, NULL) != 0 ||
        zbar_video_enable(v->video, 1) != 0) {
        *why = xasprintf("%s: cannot open the camera", v->device);
        zbar_video_destroy(v->video);
        v->video = NULL;
        return false;
    }
    return true;
}

static int v4l2_read(struct camera_source *src, struct image *frame, char **why)
{
    struct v4l2_source *v = src->impl;
    zbar_image_t *img = zbar_video_next_image(v->video);
    zbar_image_t *grey = img ? zbar_image_convert(img, zbar_fourcc('Y', '8', '0', '0')) : NULL;
    if (img)
        zbar_image_destroy(img);
    if (grey == NULL) {
        *why = xasprintf("%s: the camera stopped (unplugged?)", v->device);
        return -1;
    }
    int w = (int)zbar_image_get_width(grey), h = (int)zbar_image_get_height(grey);
    if (frame->w != w || frame->h != h) {
        image_free(frame);
        image_alloc(frame, w, h);
    }
    memcpy(frame->px, zbar_image_get_data(grey), (size_t)w * (size_t)h);
    zbar_image_destroy(grey);
    return 1;
}

static void v4l2_close(struct camera_source *src)
{
    struct v4l2_source *v = src->impl;
    if (v->video) {
        zbar_video_enable(v->video, 0);
        zbar_video_destroy(v->video);
    }
    v->video = NULL;
}

static void v4l2_destroy(struct camera_source *src)
{
    struct v4l2_source *v = src->impl;
    v4l2_close(src);
    free(v->device);
    free(v);
    free(src);
}

struct camera_source *camera_v4l2_create(const char *arg, char **why)
{
    struct v4l2_source *v = xcalloc(1, sizeof *v);
    v->device = xstrdup(arg);
    char *at = strrchr(v->device, '@');
    if (at) {
        if (!camera_parse_size(at + 1, &v->w, &v->h)) {
            *why = xstrdup("camera v4l2: expected v4l2:DEVICE[@WxH]");
            free(v->device);
            free(v);
            return NULL;
        }
        *at = '\0';
    }
    struct camera_source *src = xcalloc(1, sizeof *src);
    *src =
        (struct camera_source){ "v4l2", v4l2_open, v4l2_read, NULL, v4l2_close, v4l2_destroy, v };
    return src;
}
