/*
 * Decoding figures for scripts/bench-decode.sh, decode time only (file
 * loading excluded). Prints "name value" lines.
 *
 *   bench_decode corpus IMAGE...   thorough mode over photographs with their
 *                                  expected text beside them (IMAGE.txt)
 *   bench_decode frames DIR [--camera-only]
 *                                  the frames of scripts/make-frames.sh: each
 *                                  thorough pass alone (cost and hits), the
 *                                  thorough mode, and the camera path on a
 *                                  stream: each scene held for a few frames,
 *                                  each badge held still until read
 */
#include "entrada/decode.h"
#include "entrada/image.h"
#include "entrada/xmalloc.h"
#include "timing.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { HOLD_SCENE = 5, HOLD_BADGE = 10 };

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

static bool right(const struct decode_result *r, const char *want, size_t len)
{
    return want && r->n > 0 && r->len[0] == len && memcmp(r->code[0], want, len) == 0;
}

static void print_times(const char *name, double *t, size_t n)
{
    if (n == 0)
        n = 1, t[0] = 0;
    printf("%s_median_ms %.2f\n%s_p99_ms %.2f\n%s_max_ms %.2f\n", name,
           timing_percentile(t, n, 0.5), name, timing_percentile(t, n, 0.99), name,
           timing_percentile(t, n, 1));
}

static int corpus(int argc, char **argv)
{
    struct decode *d = decode_create();
    size_t n = 0, ok = 0;
    double *t = xcalloc((size_t)argc + 1, sizeof *t);
    for (int i = 0; i < argc; i++) {
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
        if (right(&r, want, len)) {
            ok++;
            printf("corpus_pass %s\n", r.pass);
        }
        free(want);
        decode_result_clear(&r);
        image_free(&img);
    }
    printf("images %zu\nright %zu\n", n, ok);
    print_times("corpus", t, n);
    free(t);
    decode_destroy(d);
    return 0;
}

struct frame {
    struct image img;
    char *want; /* NULL: a scene */
    size_t len;
    const char *name;
};

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int frames(const char *dir, bool camera_only)
{
    DIR *dp = opendir(dir);
    if (dp == NULL) {
        perror(dir);
        return 1;
    }
    char **names = NULL;
    size_t nn = 0;
    for (struct dirent *e; (e = readdir(dp)) != NULL;)
        if (strstr(e->d_name, ".pgm")) {
            names = xreallocarray(names, nn + 1, sizeof *names);
            names[nn++] = xasprintf("%s/%s", dir, e->d_name);
        }
    closedir(dp);
    qsort(names, nn, sizeof *names, compare_names);
    struct frame *f = xcalloc(nn + 1, sizeof *f);
    size_t nf = 0, badges = 0, scenes = 0;
    for (size_t i = 0; i < nn; i++) {
        char *why = NULL;
        if (!image_load(names[i], &f[nf].img, &why)) {
            fprintf(stderr, "%s\n", why);
            free(why);
            continue;
        }
        f[nf].want = expected(names[i], &f[nf].len);
        f[nf].name = names[i];
        badges += f[nf].want != NULL;
        scenes += f[nf].want == NULL;
        nf++;
    }
    printf("badge_frames %zu\nscene_frames %zu\n", badges, scenes);
    struct decode *d = decode_create();
    struct decode_result r;
    double *t = xcalloc((nf + 1) * HOLD_BADGE, sizeof *t), *t2 = xcalloc(nf + 1, sizeof *t2);

    /* Each thorough pass alone: on how many frames it applies, what it costs, what it reads. */
    for (int p = 0; p < (camera_only ? 0 : decode_pass_count()); p++) {
        size_t hits = 0, wrong = 0, nt = 0, ns = 0;
        for (size_t i = 0; i < nf; i++) {
            double t0 = timing_ms();
            int n = decode_pass(d, p, &f[i].img, &r);
            double ms = timing_ms() - t0;
            if (n >= 0 && f[i].want)
                t[nt++] = ms;
            else if (n >= 0)
                t2[ns++] = ms;
            hits += f[i].want && right(&r, f[i].want, f[i].len);
            wrong += f[i].want == NULL && r.n > 0;
            decode_result_clear(&r);
        }
        printf("pass %d|%s|%zu|%.2f|%.2f|%zu|%.2f|%zu\n", p, decode_pass_name(p), hits,
               nt ? timing_percentile(t, nt, 0.5) : 0, nt ? timing_percentile(t, nt, 0.99) : 0, ns,
               ns ? timing_percentile(t2, ns, 0.5) : 0, wrong);
    }

    /* The thorough mode, as `entrada decode` on files. */
    size_t thorough = 0, thorough_false = 0;
    for (size_t i = 0; i < (camera_only ? 0 : nf); i++) {
        decode_image(d, &f[i].img, &r);
        thorough += f[i].want && right(&r, f[i].want, f[i].len);
        thorough_false += f[i].want == NULL && r.n > 0;
        decode_result_clear(&r);
    }
    printf("thorough_right %zu\nthorough_false %zu\n", thorough, thorough_false);

    /*
     * The camera path on one stream: scenes held still for a few frames,
     * and between them each badge, held still until read (at most
     * HOLD_BADGE frames). One decoder for the whole stream, as the kiosk has.
     */
    decode_destroy(d);
    d = decode_create();
    size_t nt = 0, ns = 0, read = 0, falses = 0, worst = 0, slow = 0, stills = 0;
    struct image held;
    image_alloc(&held, 1, 1);
    double look = 0;
    size_t looks = 0;
    double *ts = xcalloc(nf * HOLD_SCENE + 1, sizeof *ts);
    for (size_t i = 0; i < nf; i++) {
        int hold = f[i].want ? HOLD_BADGE : HOLD_SCENE;
        for (int k = 0; k < hold; k++) {
            /* Held: the same picture with fresh sensor noise, as a camera gives it. */
            const struct image *frame = &f[i].img;
            if (k > 0) {
                image_free(&held);
                image_alloc(&held, frame->w, frame->h);
                for (size_t p = 0; p < (size_t)frame->w * (size_t)frame->h; p++) {
                    int v = frame->px[p] + rand() % 9 - 4;
                    held.px[p] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
                }
                frame = &held;
            }
            double t0 = timing_ms();
            int n = decode_frame(d, frame, &r);
            double ms = timing_ms() - t0;
            stills += decode_last_look(d)->still;
            if (!decode_last_look(d)->still) {
                look += decode_last_look(d)->ms;
                looks++;
            }
            if (f[i].want) {
                t[nt++] = ms;
            } else {
                ts[ns++] = ms;
                falses += n > 0;
            }
            bool done = n > 0 && f[i].want && right(&r, f[i].want, f[i].len);
            decode_result_clear(&r);
            if (done) {
                read++;
                worst = (size_t)k + 1 > worst ? (size_t)k + 1 : worst;
                slow += k + 1 > 3;
                if (k + 1 > 3)
                    fprintf(stderr, "slow: %s read on frame %d\n", f[i].name, k + 1);
                break;
            }
        }
    }
    printf("camera_right %zu\ncamera_false %zu\ncamera_worst_frames %zu\n"
           "camera_after_3_frames %zu\ncamera_look_ms %.2f\ncamera_still_frames %zu\n"
           "camera_frames %zu\n",
           read, falses, worst, slow, look / (double)(looks ? looks : 1), stills, nt + ns);
    image_free(&held);
    print_times("camera_code", t, nt);
    print_times("camera_nocode", ts, ns);
    /* The same badges, each alone, first frame only (no help from frames before). */
    size_t first = 0;
    for (size_t i = 0; i < nf; i++) {
        if (!f[i].want)
            continue;
        struct decode *fresh = decode_create();
        decode_frame(fresh, &f[i].img, &r);
        first += right(&r, f[i].want, f[i].len);
        decode_result_clear(&r);
        decode_destroy(fresh);
    }
    printf("camera_first_frame %zu\n", first);

    for (size_t i = 0; i < nf; i++) {
        image_free(&f[i].img);
        free(f[i].want);
    }
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    free(names);
    free(f);
    free(t);
    free(t2);
    free(ts);
    decode_destroy(d);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "corpus") == 0)
        return corpus(argc - 2, argv + 2);
    if ((argc == 3 || argc == 4) && strcmp(argv[1], "frames") == 0)
        return frames(argv[2], argc == 4 && strcmp(argv[3], "--camera-only") == 0);
    fprintf(stderr,
            "usage: bench_decode corpus IMAGE... | bench_decode frames DIR [--camera-only]\n");
    return 64;
}
