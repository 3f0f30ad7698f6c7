/*
 * For the camera's tests: draw TEXT as a QR code in the middle of a W x H
 * grey frame, as a camera would see a badge, and write it as a PNG or as a
 * raw Y800 frame. Usage: qr_image TEXT OUT.png|OUT.y800 [W H]
 */
#include "entrada/image.h"

#include <SDL.h>
#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 5) {
        fprintf(stderr, "usage: qr_image TEXT OUT.png|OUT.y800 [W H]\n");
        return 64;
    }
    int w = argc == 5 ? atoi(argv[3]) : 640, h = argc == 5 ? atoi(argv[4]) : 480;
    struct image qr, frame;
    if (!image_qr(argv[1], 1, &qr) || w < qr.w || h < qr.h)
        return 1;
    int scale = h * 4 / 10 / qr.w;
    scale = scale < 1 ? 1 : scale;
    image_alloc(&frame, w, h);
    memset(frame.px, 150, (size_t)w * (size_t)h);
    int x0 = (w - qr.w * scale) / 2, y0 = (h - qr.h * scale) / 2;
    for (int y = 0; y < qr.h * scale; y++)
        for (int x = 0; x < qr.w * scale; x++)
            frame.px[(size_t)(y0 + y) * (size_t)w + (size_t)(x0 + x)] =
                qr.px[(size_t)(y / scale) * (size_t)qr.w + (size_t)(x / scale)] ? 230 : 30;
    int rc = 0;
    if (strstr(argv[2], ".y800")) {
        FILE *f = fopen(argv[2], "wb");
        rc = f && fwrite(frame.px, 1, (size_t)w * (size_t)h, f) == (size_t)w * (size_t)h ? 0 : 1;
        if (f)
            fclose(f);
    } else {
        SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                Uint32 v = frame.px[(size_t)y * (size_t)w + (size_t)x];
                ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x] =
                    0xff000000u | v << 16 | v << 8 | v;
            }
        rc = IMG_SavePNG(s, argv[2]) == 0 ? 0 : 1;
        SDL_FreeSurface(s);
    }
    image_free(&qr);
    image_free(&frame);
    return rc;
}
