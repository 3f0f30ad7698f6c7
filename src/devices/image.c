/* Loading image files as greyscale, through SDL_image. */
#include "entrada/image.h"
#include "entrada/xmalloc.h"

#include <SDL.h>
#include <SDL_image.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

void image_alloc(struct image *img, int w, int h)
{
    img->w = w;
    img->h = h;
    img->px = xmalloc((size_t)w * (size_t)h);
}

void image_crop(const struct image *in, int x, int y, int w, int h, struct image *out)
{
    x = x < 0 ? 0 : x > in->w ? in->w : x;
    y = y < 0 ? 0 : y > in->h ? in->h : y;
    w = x + w > in->w ? in->w - x : w;
    h = y + h > in->h ? in->h - y : h;
    image_alloc(out, w > 0 ? w : 0, h > 0 ? h : 0);
    for (int row = 0; row < out->h; row++)
        memcpy(out->px + (size_t)row * (size_t)out->w,
               in->px + (size_t)(y + row) * (size_t)in->w + (size_t)x, (size_t)out->w);
}

void image_thread_done(void)
{
    SDL_TLSCleanup();
}

void image_free(struct image *img)
{
    free(img->px);
    img->px = NULL;
    img->w = img->h = 0;
}

bool image_load_argb(const char *path, uint32_t **px, int *w, int *h, char **why)
{
    SDL_Surface *loaded = IMG_Load(path);
    SDL_Surface *s = loaded ? SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
    SDL_FreeSurface(loaded);
    if (s == NULL || s->w <= 0 || s->h <= 0 || s->w > 16384 || s->h > 16384) {
        *why = xasprintf("%s: not an image entrada can read (%s)", path,
                         s ? "too large" : IMG_GetError());
        SDL_FreeSurface(s);
        return false;
    }
    *w = s->w;
    *h = s->h;
    *px = xreallocarray(NULL, (size_t)s->w * (size_t)s->h, sizeof **px);
    for (int y = 0; y < s->h; y++)
        memcpy(*px + (size_t)y * (size_t)s->w, (const Uint8 *)s->pixels + y * s->pitch,
               (size_t)s->w * 4);
    SDL_FreeSurface(s);
    return true;
}

bool image_load(const char *path, struct image *out, char **why)
{
    uint32_t *argb;
    int w, h;
    if (!image_load_argb(path, &argb, &w, &h, why))
        return false;
    image_alloc(out, w, h);
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++) {
        uint32_t p = argb[i];
        unsigned a = p >> 24, r = p >> 16 & 255, g = p >> 8 & 255, b = p & 255;
        unsigned grey = (r * 77 + g * 150 + b * 29) >> 8;
        out->px[i] = (uint8_t)((grey * a + 255 * (255 - a)) / 255); /* on white */
    }
    free(argb);
    return true;
}

bool image_qr(const char *text, int module_px, struct image *out)
{
    QRcode *qr = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (qr == NULL || module_px < 1)
        return false;
    int quiet = 4, side = (qr->width + 2 * quiet) * module_px;
    image_alloc(out, side, side);
    memset(out->px, 255, (size_t)side * (size_t)side);
    for (int y = 0; y < qr->width; y++)
        for (int x = 0; x < qr->width; x++) {
            if (!(qr->data[y * qr->width + x] & 1))
                continue;
            for (int dy = 0; dy < module_px; dy++)
                memset(out->px + (size_t)((y + quiet) * module_px + dy) * (size_t)side +
                           (size_t)((x + quiet) * module_px),
                       0, (size_t)module_px);
        }
    QRcode_free(qr);
    return true;
}
