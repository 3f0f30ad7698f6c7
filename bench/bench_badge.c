/*
 * Badge drawing times for scripts/bench-badge.sh: one badge to PDF and to a
 * 300 dpi PNG, and every attendee of a store into one PDF.
 * Usage: bench_badge DB OUTDIR   (prints "name value" lines)
 */
#include "entrada/badge.h"
#include "entrada/xmalloc.h"
#include "timing.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static bool handle_first(void *ctx, const struct attendee *a)
{
    struct attendee *out = ctx;
    out->id = a->id;
    out->code = xstrdup(a->code);
    out->name = xstrdup(a->name);
    out->organisation = xstrdup(a->organisation);
    out->category = xstrdup(a->category);
    return false;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_badge DB OUTDIR\n");
        return 64;
    }
    char *why = NULL;
    struct config *cfg = config_create();
    struct store *st = store_open(argv[1], &why);
    struct badge *b = st ? badge_create(cfg, &why) : NULL;
    if (b == NULL) {
        fprintf(stderr, "%s\n", why);
        return 1;
    }
    struct attendee a = { 0 };
    store_each_attendee(st, STORE_ALL, handle_first, &a, &why);
    char *pdf = xasprintf("%s/one.pdf", argv[2]), *png = xasprintf("%s/one.png", argv[2]);
    const char *paths[2] = { pdf, png };
    const char *names[2] = { "pdf", "png300" };
    for (int k = 0; k < 2; k++) {
        double t[40];
        for (int i = 0; i < 40; i++) {
            double t0 = timing_ms();
            badge_write(b, &a, paths[k], 300, &why);
            t[i] = timing_ms() - t0;
        }
        printf("%s_median_ms %.1f\n", names[k], timing_percentile(t, 40, 0.5));
        printf("%s_p99_ms %.1f\n", names[k], timing_percentile(t, 40, 0.99));
    }
    char *all = xasprintf("%s/all.pdf", argv[2]);
    unsigned pages = 0;
    double t0 = timing_ms();
    badge_write_all(b, st, NULL, all, &pages, &why);
    printf("all_pages %u\nall_ms %.0f\n", pages, timing_ms() - t0);
    attendee_clear(&a);
    free(pdf);
    free(png);
    free(all);
    badge_destroy(b);
    store_close(st);
    config_destroy(cfg);
    return 0;
}
