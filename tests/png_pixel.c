/*
 * For the kiosk's tests: print the size of a PNG screenshot and the colour
 * of the pixels asked for. Usage: png_pixel FILE [X Y]...
 * Prints "WxH" and then "RRGGBB" for each point, one per line.
 */
#include <SDL.h>
#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc < 2 || argc % 2) {
        fprintf(stderr, "usage: png_pixel FILE [X Y]...\n");
        return 64;
    }
    SDL_Surface *img = IMG_Load(argv[1]);
    SDL_Surface *s = img ? SDL_ConvertSurfaceFormat(img, SDL_PIXELFORMAT_RGB888, 0) : NULL;
    if (s == NULL) {
        fprintf(stderr, "png_pixel: %s: %s\n", argv[1], SDL_GetError());
        return 1;
    }
    printf("%dx%d\n", s->w, s->h);
    for (int i = 2; i + 1 < argc; i += 2) {
        int x = atoi(argv[i]), y = atoi(argv[i + 1]);
        if (x < 0 || y < 0 || x >= s->w || y >= s->h) {
            printf("outside\n");
            continue;
        }
        Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
        printf("%06x\n", p & 0xffffff);
    }
    SDL_FreeSurface(s);
    SDL_FreeSurface(img);
    return 0;
}
