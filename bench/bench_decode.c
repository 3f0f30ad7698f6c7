/*
 * Decoding figures for scripts/bench-decode.sh: every corpus image decoded
 * in this process (decode time only, file loading excluded), counted as
 * right when the bytes equal the image's .txt; and a 1280x720 camera-like
 * frame holding one badge's code. Usage: bench_decode IMAGE...
 * Prints "name value" lines.
 */
#include "entrada/decode.h"
#include "entrada/image.h"
#include "entrada/xmalloc.h"
#include "timing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The expected text of image path (same name, .txt), or NULL. */
static char *expected(const char *path, size_t *len)
{
    char *txt = xstrdup(path);
    char *dot = strrchr(txt, '.');
    if (dot == NULL || strlen(dot) < 4) {
        free(txt);
        return NULL;
    }
    strcpy(dot, ".txt");
    FILE *f = fopen(txt, "rb");
    free(txt);
    if (f == NULL)
        return NULL;
    char *data = xmalloc(1 << 16);
    *len = fread(data, 1, (1 << 16) - 1, f);
    data[*len] = '\0';
    fclose(f);
    return data;
}

/* A 1280x720 grey frame: a desk-grey background with noise, the badge's code in the middle. */
static void make_frame(const struct image *badge, struct image *frame)
{
    image_alloc(frame, 1280, 720);
    srand(3);
    for (size_t i = 0; i < (size_t)1280 * 720; i++)
        frame->px[i] = (uint8_t)(120 + rand() % 24);
    int scale = 300 / (badge->w > 0 ? badge->w : 1);
    if (scale < 1)
        scale = 1;
    int x0 = (1280 - badge->w * scale) / 2, y0 = (720 - badge->h * scale) / 2;
    for (int y = 0; y < badge->h * scale && y0 + y < 720; y++)
        for (int x = 0; x < badge->w * scale && x0 + x < 1280; x++) {
            int v = badge->px[(size_t)(y / scale) * (size_t)badge->w + (size_t)(x / scale)];
            v = v > 128 ? 225 : 35; /* paper under room light, ink */
            frame->px[(size_t)(y0 + y) * 1280 + (size_t)(x0 + x)] = (uint8_t)(v + rand() % 12);
        }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_decode IMAGE...\n");
        return 64;
    }
    struct decode *d = decode_create();
    size_t n = 0, right = 0;
    double *t = xcalloc((size_t)argc, sizeof *t);
    const char *names[] = { "plain", "stretched", "blurred", "half", "double" };
    size_t by_pass[5] = { 0 };
    for (int i = 1; i < argc; i++) {
        struct image img;
        char *why = NULL;
        if (!image_load(argv[i], &img, &why)) {
            free(why);
            continue;
        }
        struct decode_result r;
        double t0 = timing_ms();
        decode_image(d, &img, &r);
        t[n++] = timing_ms() - t0;
        size_t len;
        char *want = expected(argv[i], &len);
        if (want && r.n > 0 && r.len[0] == len && memcmp(r.code[0], want, len) == 0) {
            right++;
            for (int p = 0; p < 5; p++)
                by_pass[p] += strcmp(r.pass, names[p]) == 0;
        }
        free(want);
        decode_result_clear(&r);
        image_free(&img);
    }
    printf("images %zu\nright %zu\n", n, right);
    for (int p = 0; p < 5; p++)
        printf("pass_%s %zu\n", names[p], by_pass[p]);
    printf("median_ms %.2f\np99_ms %.2f\n", timing_percentile(t, n, 0.5),
           timing_percentile(t, n, 0.99));

    struct image badge, frame;
    if (image_qr("RMC-UZWH279L", 1, &badge)) {
        make_frame(&badge, &frame);
        /* What each step buys on a camera frame. */
        struct image aim;
        image_crop(&frame, 1280 / 4, 720 / 10, 1280 / 2, 720 * 8 / 10, &aim);
        for (int step = 0; step < 3; step++) {
            static const char *const steps[] = { "zbar", "passes", "aimed" };
            double ft[50];
            int found = 0;
            for (int i = 0; i < 50; i++) {
                struct decode_result r;
                double t0 = timing_ms();
                if (step == 0)
                    found += decode_scan(d, &frame, &r) > 0;
                else
                    found += decode_image(d, step == 1 ? &frame : &aim, &r) > 0;
                ft[i] = timing_ms() - t0;
                decode_result_clear(&r);
            }
            printf("frame_%s_found %d\nframe_%s_median_ms %.2f\nframe_%s_p99_ms %.2f\n",
                   steps[step], found, steps[step], timing_percentile(ft, 50, 0.5), steps[step],
                   timing_percentile(ft, 50, 0.99));
        }
        image_free(&aim);
        image_free(&frame);
        image_free(&badge);
    }
    free(t);
    decode_destroy(d);
    return 0;
}
