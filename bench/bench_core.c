/*
 * Timings of the core on an imported list, for scripts/bench.sh: code
 * lookup, a full check-in (committed to disk), building the search index
 * and searching with 2-, 4- and 8-character queries, and the counts the
 * kiosk reads (active attendees; the categories of active attendees).
 * Usage: bench_core DB  (prints "name value" lines)
 */
#include "entrada/checkin.h"
#include "entrada/search.h"
#include "entrada/store.h"
#include "entrada/xmalloc.h"
#include "timing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct sample {
    char **codes;
    char **names;
    size_t n, cap;
};

static bool handle_attendee(void *ctx, const struct attendee *a)
{
    struct sample *s = ctx;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 1024;
        s->codes = xreallocarray(s->codes, s->cap, sizeof *s->codes);
        s->names = xreallocarray(s->names, s->cap, sizeof *s->names);
    }
    s->codes[s->n] = xstrdup(a->code);
    s->names[s->n++] = xstrdup(a->search_key);
    return true;
}

static bool handle_category(void *ctx, const char *category)
{
    (void)ctx;
    (void)category;
    return true;
}

/* A query of about len characters taken from a random attendee's folded name. */
static void make_query(const struct sample *s, size_t len, char *out)
{
    const char *key = s->names[(size_t)rand() % s->n];
    /* Start at a random word of the name. */
    const char *words[16];
    size_t nw = 0;
    for (const char *p = key; *p && *p != '|' && nw < 16; p++)
        if (p == key || p[-1] == ' ')
            words[nw++] = p;
    const char *w = words[(size_t)rand() % (nw ? nw : 1)];
    size_t i = 0;
    while (i < len && w[i] && w[i] != '|') {
        out[i] = w[i];
        i++;
    }
    out[i] = '\0';
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_core DB\n");
        return 64;
    }
    char *why = NULL;
    struct store *st = store_open(argv[1], &why);
    if (st == NULL) {
        fprintf(stderr, "%s\n", why);
        return 1;
    }
    struct sample s = { 0 };
    store_each_attendee(st, STORE_ALL, handle_attendee, &s, &why);
    srand(7);

    enum { LOOKUPS = 20000, CHECKINS = 200, QUERIES = 2000 };
    double *t = xcalloc(LOOKUPS, sizeof *t);
    for (int i = 0; i < LOOKUPS; i++) {
        struct attendee a = { 0 };
        const char *code = s.codes[(size_t)rand() % s.n];
        double t0 = (timing_ms() * 1000);
        store_find_attendee(st, code, &a, &why);
        t[i] = (timing_ms() * 1000) - t0;
        attendee_clear(&a);
    }
    printf("lookup_p50_us %.1f\nlookup_p99_us %.1f\n", timing_percentile(t, LOOKUPS, 0.5),
           timing_percentile(t, LOOKUPS, 0.99));

    struct checkin_policy policy = { .kiosk = "bench", .session = "main", .repeat_ms = 3000 };
    for (int i = 0; i < CHECKINS; i++) {
        struct checkin_result r;
        double t0 = (timing_ms() * 1000);
        checkin_code(st, &policy, s.codes[(size_t)i * 7 % s.n], STORE_SCANNER, checkin_now_ms(), &r,
                     &why);
        t[i] = (timing_ms() * 1000) - t0;
        checkin_result_clear(&r);
    }
    printf("checkin_p50_ms %.2f\ncheckin_p99_ms %.2f\n", timing_percentile(t, CHECKINS, 0.5) / 1000,
           timing_percentile(t, CHECKINS, 0.99) / 1000);

    enum { COUNTS = 50 };
    for (int i = 0; i < COUNTS; i++) {
        int64_t n;
        double c0 = timing_ms();
        store_count_attendees(st, true, &n, &why);
        t[i] = timing_ms() - c0;
    }
    printf("count_p50_ms %.2f\n", timing_percentile(t, COUNTS, 0.5));
    for (int i = 0; i < COUNTS; i++) {
        double c0 = timing_ms();
        store_each_category(st, handle_category, NULL, &why);
        t[i] = timing_ms() - c0;
    }
    printf("categories_p50_ms %.2f\n", timing_percentile(t, COUNTS, 0.5));

    double t0 = (timing_ms() * 1000);
    struct search *idx = search_create(st, &why);
    printf("index_build_ms %.0f\n", ((timing_ms() * 1000) - t0) / 1000);
    struct search_hit hits[5];
    const size_t lens[] = { 2, 4, 8 };
    for (size_t l = 0; l < 3; l++) {
        for (int i = 0; i < QUERIES; i++) {
            char q[32];
            make_query(&s, lens[l], q);
            double q0 = (timing_ms() * 1000);
            search_find(idx, q, false, hits, 5);
            t[i] = (timing_ms() * 1000) - q0;
        }
        printf("search%zu_p50_ms %.3f\nsearch%zu_p99_ms %.3f\n", lens[l],
               timing_percentile(t, QUERIES, 0.5) / 1000, lens[l],
               timing_percentile(t, QUERIES, 0.99) / 1000);
    }
    search_destroy(idx);
    for (size_t i = 0; i < s.n; i++) {
        free(s.codes[i]);
        free(s.names[i]);
    }
    free(s.codes);
    free(s.names);
    free(t);
    store_close(st);
    return 0;
}
