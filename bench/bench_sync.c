/*
 * One kiosk of scripts/bench-sync.sh: check in a range of codes the way the
 * kiosk's door does (checkin_code asking the server through sync_decide),
 * or sync until the store holds a number of events.
 *
 *   bench_sync checkin CONFIG CODES FIRST N PACE_MS LATENCIES
 *       check in lines FIRST..FIRST+N-1 of the file CODES, one every
 *       PACE_MS (0: as fast as they go), each verdict's time in
 *       microseconds appended to LATENCIES; prints "N checkins in S s,
 *       K decided offline"
 *   bench_sync converge CONFIG EVENTS
 *       exchange with the server (as the kiosk's thread does) until the
 *       store holds EVENTS events; prints the milliseconds it took
 *   bench_sync live CONFIG_A CONFIG_B CODES FIRST N LATENCIES
 *       check in lines FIRST..FIRST+N-1 of CODES at kiosk A, one at a
 *       time, while kiosk B waits for the server's notice and syncs: the
 *       time from each check-in at A to B's store holding it, in
 *       microseconds, appended to LATENCIES
 */
#include "entrada/checkin.h"
#include "entrada/config.h"
#include "entrada/store.h"
#include "entrada/sync.h"
#include "timing.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct config *load(const char *path)
{
    struct config *cfg = config_create();
    char *why = NULL;
    if (!config_load(cfg, path, &why)) {
        fprintf(stderr, "bench_sync: %s\n", why);
        exit(1);
    }
    return cfg;
}

static struct store *open_store(const struct config *cfg, char **id)
{
    char *why = NULL, *path = config_db_path(cfg), *display = config_kiosk_id(cfg);
    struct store *st = store_open(path, &why);
    if (st == NULL || !store_identity(st, display, id, &why)) {
        fprintf(stderr, "bench_sync: %s\n", why);
        exit(1);
    }
    free(path);
    free(display);
    return st;
}

static int checkin(int argc, char **argv)
{
    if (argc != 8)
        return 2;
    struct config *cfg = load(argv[2]);
    char *id;
    struct store *st = open_store(cfg, &id);
    long first = atol(argv[4]), n = atol(argv[5]), pace = atol(argv[6]);
    FILE *codes = fopen(argv[3], "r"), *lat = fopen(argv[7], "a");
    if (codes == NULL || lat == NULL) {
        perror("bench_sync");
        return 1;
    }
    char line[256];
    for (long i = 0; i < first && fgets(line, sizeof line, codes); i++)
        ;
    struct sync_door door = { .cfg = cfg, .timeout_ms = config_int(cfg, CONFIG_SYNC_TIMEOUT_MS) };
    struct checkin_policy policy = {
        .kiosk = id, .session = "main", .decide = sync_decide, .decide_ctx = &door
    };
    long done = 0, offline = 0;
    double start = (timing_ms() / 1000.0);
    for (long i = 0; i < n && fgets(line, sizeof line, codes); i++) {
        line[strcspn(line, "\n")] = '\0';
        double t0 = (timing_ms() / 1000.0);
        struct checkin_result r;
        char *why = NULL;
        if (!checkin_code(st, &policy, line, STORE_SCANNER, checkin_now_ms(), &r, &why)) {
            fprintf(stderr, "bench_sync: %s\n", why);
            return 1;
        }
        double t1 = (timing_ms() / 1000.0);
        fprintf(lat, "%.0f\n", (t1 - t0) * 1e6);
        done += r.recorded;
        offline += r.offline;
        /* As the kiosk does: after a failure, the door decides alone for a while. */
        if (door.problem) {
            sync_door_clear(&door);
        }
        checkin_result_clear(&r);
        if (pace > 0) {
            double next = start + (double)(i + 1) * pace / 1000.0,
                   left = next - (timing_ms() / 1000.0);
            if (left > 0) {
                struct timespec ts = { (time_t)left, (long)((left - (time_t)left) * 1e9) };
                nanosleep(&ts, NULL);
            }
        }
    }
    printf("%ld checkins in %.2f s, %ld decided offline\n", done, (timing_ms() / 1000.0) - start,
           offline);
    sync_door_clear(&door);
    fclose(codes);
    fclose(lat);
    store_close(st);
    free(id);
    config_destroy(cfg);
    return 0;
}

static int converge(int argc, char **argv)
{
    if (argc != 4)
        return 2;
    struct config *cfg = load(argv[2]);
    char *id;
    struct store *st = open_store(cfg, &id);
    int64_t want = atoll(argv[3]);
    double start = (timing_ms() / 1000.0);
    struct sync *s = NULL;
    for (;;) {
        char *why = NULL;
        if (s == NULL && (s = sync_connect(cfg, 3000, false, &why)) == NULL) {
            free(why);
            continue;
        }
        struct sync_report rep;
        if (!sync_exchange(s, st, cfg, id, &rep, &why)) {
            fprintf(stderr, "bench_sync: %s\n", why);
            free(why);
            sync_close(s);
            s = NULL;
            continue;
        }
        struct store_totals t;
        if (!store_totals(st, &t, &why)) {
            fprintf(stderr, "bench_sync: %s\n", why);
            return 1;
        }
        if (t.events >= want && rep.waiting == 0)
            break;
        if ((timing_ms() / 1000.0) - start > 600) {
            fprintf(stderr, "bench_sync: %" PRId64 " of %" PRId64 " events after 600 s\n", t.events,
                    want);
            return 1;
        }
        sync_wait(s, 100);
    }
    printf("%.0f\n", ((timing_ms() / 1000.0) - start) * 1000);
    sync_close(s);
    store_close(st);
    free(id);
    config_destroy(cfg);
    return 0;
}

/*
 * The live update: kiosk A checks in (online, the door asking the server)
 * while kiosk B waits as its sync thread does (LISTEN, then an exchange
 * when the server announces new events); each sample the milliseconds
 * from A's check-in starting to B's store holding the event.
 */
static int live(int argc, char **argv)
{
    if (argc != 8)
        return 2;
    struct config *cfg_a = load(argv[2]), *cfg_b = load(argv[3]);
    char *id_a, *id_b, *why = NULL;
    struct store *a = open_store(cfg_a, &id_a), *b = open_store(cfg_b, &id_b);
    long first = atol(argv[5]), n = atol(argv[6]);
    FILE *codes = fopen(argv[4], "r"), *lat = fopen(argv[7], "a");
    if (codes == NULL || lat == NULL) {
        perror("bench_sync");
        return 1;
    }
    char line[256];
    for (long i = 0; i < first && fgets(line, sizeof line, codes); i++)
        ;
    struct sync *s = sync_connect(cfg_b, 3000, false, &why);
    struct sync_report rep;
    if (s == NULL || !sync_listen(s, &why) || !sync_exchange(s, b, cfg_b, id_b, &rep, &why)) {
        fprintf(stderr, "bench_sync: %s\n", why);
        return 1;
    }
    struct sync_door door = { .cfg = cfg_a,
                              .timeout_ms = config_int(cfg_a, CONFIG_SYNC_TIMEOUT_MS) };
    struct checkin_policy policy = {
        .kiosk = id_a, .session = "main", .decide = sync_decide, .decide_ctx = &door
    };
    long done = 0, offline = 0, exchanges = 0;
    for (long i = 0; i < n && fgets(line, sizeof line, codes); i++) {
        line[strcspn(line, "\n")] = '\0';
        struct store_totals before, now;
        if (!store_totals(b, &before, &why))
            goto fail;
        double t0 = timing_ms();
        struct checkin_result r;
        if (!checkin_code(a, &policy, line, STORE_SCANNER, checkin_now_ms(), &r, &why))
            goto fail;
        offline += r.offline;
        checkin_result_clear(&r);
        if (door.problem)
            sync_door_clear(&door);
        /* B: wake on the notice (or after a second, as a sync thread's wait would), exchange. */
        do {
            sync_wait(s, 1000);
            if (!sync_exchange(s, b, cfg_b, id_b, &rep, &why) || !store_totals(b, &now, &why))
                goto fail;
            exchanges++;
            if (timing_ms() - t0 > 30000) {
                why = strdup("kiosk B did not get the event in 30 s");
                goto fail;
            }
        } while (now.events <= before.events);
        fprintf(lat, "%.0f\n", (timing_ms() - t0) * 1000);
        done++;
    }
    printf("%ld check-ins seen at the other kiosk, %ld decided offline, %ld exchanges\n", done,
           offline, exchanges);
    sync_door_clear(&door);
    sync_close(s);
    fclose(codes);
    fclose(lat);
    store_close(a);
    store_close(b);
    free(id_a);
    free(id_b);
    config_destroy(cfg_a);
    config_destroy(cfg_b);
    return 0;
fail:
    fprintf(stderr, "bench_sync: %s\n", why);
    return 1;
}

int main(int argc, char **argv)
{
    int rc = 2;
    if (argc > 1 && strcmp(argv[1], "checkin") == 0)
        rc = checkin(argc, argv);
    else if (argc > 1 && strcmp(argv[1], "converge") == 0)
        rc = converge(argc, argv);
    else if (argc > 1 && strcmp(argv[1], "live") == 0)
        rc = live(argc, argv);
    if (rc == 2)
        fprintf(stderr, "usage: bench_sync checkin CONFIG CODES FIRST N PACE_MS LATENCIES\n"
                        "       bench_sync converge CONFIG EVENTS\n"
                        "       bench_sync live CONFIG_A CONFIG_B CODES FIRST N LATENCIES\n");
    return rc;
}
