/*
 * For the badge tests: how far two renders of the same page differ. Usage:
 * png_diff A.png B.png. Prints "mean M mismatch P": M the mean absolute
 * difference of grey levels (0 to 255) and P the percentage of pixels
 * that are ink in one and paper in the other (grey levels 128 or more apart),
 * over the area both cover.
 */
#include <SDL.h>
#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>

static SDL_Surface *load(const char *path)
{
    SDL_Surface *img = IMG_Load(path);
    SDL_Surface *s = img ? SDL_ConvertSurfaceFormat(img, SDL_PIXELFORMAT_RGB888, 0) : NULL;
    SDL_FreeSurface(img);
    if (s == NULL)
        fprintf(stderr, "png_diff: %s: %s\n", path, SDL_GetError());
    return s;
}

static int grey(const SDL_Surface *s, int x, int y)
{
    Uint32 p = ((const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch))[x];
    return (int)((p >> 16 & 255) * 299 + (p >> 8 & 255) * 587 + (p & 255) * 114) / 1000;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: png_diff A.png B.png\n");
        return 64;
    }
    SDL_Surface *a = load(argv[1]), *b = load(argv[2]);
    if (a == NULL || b == NULL)
        return 1;
    int w = a->w < b->w ? a->w : b->w, h = a->h < b->h ? a->h : b->h;
    double sum = 0, mismatch = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int d = abs(grey(a, x, y) - grey(b, x, y));
            sum += d;
            mismatch += d >= 128;
        }
    printf("mean %.2f mismatch %.3f\n", sum / ((double)w * h), 100 * mismatch / ((double)w * h));
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
    return 0;
}
