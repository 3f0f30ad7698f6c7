/* The check-in decision and what it records, alone and racing a list merge on another thread. */
#include "check.h"
#include "entrada/checkin.h"
#include "entrada/report.h"
#include "entrada/roster.h"
#include "entrada/search.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

static struct store *st;

static int64_t events(void)
{
    struct store_totals t;
    char *why = NULL;
    if (!store_totals(st, &t, &why)) {
        free(why);
        return -1;
    }
    return t.events;
}

static enum checkin_verdict scan(const struct checkin_policy *p, const char *code, int64_t at,
                                 struct checkin_result *r)
{
    char *why = NULL;
    if (!checkin_code(st, p, code, STORE_CAMERA, at, r, &why)) {
        fprintf(stderr, "checkin_code failed: %s\n", why);
        free(why);
        check_failures++;
        return CHECKIN_UNKNOWN;
    }
    return r->verdict;
}

static void add(const char *code, const char *name, const char *first, bool cancelled)
{
    struct attendee a = { 0 };
    a.code = strdup(code);
    a.name = strdup(name);
    a.first_name = strdup(first);
    a.organisation = strdup("Comisión Europea");
    a.status = cancelled ? ATTENDEE_CANCELLED : ATTENDEE_ACTIVE;
    char *why = NULL;
    CHECK(store_put_attendee(st, &a, &why));
    attendee_clear(&a);
}

/* A list file of n people coded PREFIXnnnn, plus the extra row (may be NULL). */
static struct roster *list_of(const char *dir, const char *prefix, int n, const char *extra)
{
    char *text = malloc((size_t)n * 40 + 64), *p = text;
    p += sprintf(p, "Code,Name\n");
    for (int i = 0; i < n; i++)
        p += sprintf(p, "%s%04d,Person %s %d\n", prefix, i, prefix, i);
    if (extra)
        sprintf(p, "%s\n", extra);
    char name[64];
    snprintf(name, sizeof name, "%s.csv", prefix);
    char *path = check_write(dir, name, text, 0);
    struct roster_options o = { .max_bytes = 50 * 1000 * 1000 }; /* no cancel limit */
    char *why = NULL;
    struct roster *r = roster_load(path, &o, &why);
    CHECK(r != NULL);
    free(why);
    free(path);
    free(text);
    return r;
}

/* The race: a check-in of GONE starts while a merge that cancels GONE is under way. */
struct race {
    struct store *st;
    pthread_t checker, reader;
    bool started;
    atomic_bool read_done;
    int64_t read_active; /* what a read saw while the merge was open */
    struct checkin_result result;
    bool checked;
};

static void *handle_checker(void *arg)
{
    struct race *race = arg;
    struct checkin_policy p = { .kiosk = "door1", .session = "main", .repeat_ms = 3000 };
    char *why = NULL;
    race->checked =
        checkin_code(race->st, &p, "GONE", STORE_SCANNER, checkin_now_ms(), &race->result, &why);
    free(why);
    return NULL;
}

static void *handle_reader(void *arg)
{
    struct race *race = arg;
    char *why = NULL;
    if (!store_count_attendees(race->st, true, &race->read_active, &why))
        race->read_active = -1;
    free(why);
    atomic_store(&race->read_done, true);
    return NULL;
}

/* Called by roster_merge inside its transaction, every 1000 rows. */
static void handle_merge_progress(void *ctx, unsigned done, unsigned total)
{
    struct race *race = ctx;
    if (race->started || done >= total)
        return;
    race->started = true;
    CHECK(pthread_create(&race->checker, NULL, handle_checker, race) == 0);
    CHECK(pthread_create(&race->reader, NULL, handle_reader, race) == 0);
    /* A read does not wait for the merge: it answers now, from before it. */
    for (int i = 0; i < 400 && !atomic_load(&race->read_done); i++)
        usleep(5000);
    CHECK(atomic_load(&race->read_done));
    usleep(100 * 1000); /* the check-in is waiting for the writer by now */
}

static void test_race(const char *dir)
{
    char path[512], *why = NULL;
    snprintf(path, sizeof path, "%s/race.db", dir);
    struct store *race_st = store_open(path, &why);
    CHECK(race_st != NULL);
    struct attendee a = { .code = "GONE", .name = "Gone Person" };
    CHECK(store_put_attendee(race_st, &a, &why));
    free(a.search_key);

    /* A list without GONE, long enough for the merge to report progress midway. */
    struct roster *r = list_of(dir, "NEW", 2500, NULL);
    struct race race = { .st = race_st };
    struct roster_summary sum;
    CHECK(roster_merge(race_st, r, handle_merge_progress, &race, &sum, &why));
    CHECK(sum.added == 2500 && sum.cancelled == 1);
    CHECK(race.started);
    if (race.started) {
        pthread_join(race.checker, NULL);
        pthread_join(race.reader, NULL);
    }
    CHECK(race.read_active == 1);
    /* The check-in began while the merge was open: it saw GONE cancelled, and admitted no one. */
    CHECK(race.checked && race.result.verdict == CHECKIN_CANCELLED && !race.result.recorded);
    checkin_result_clear(&race.result);
    struct store_totals t;
    CHECK(store_totals(race_st, &t, &why) && t.events == 0 && t.registered == 2500);
    roster_free(r);
    store_close(race_st);
}

/* The kiosk's shape: a job thread merging lists and building indexes, the loop checking in. */
struct shared {
    struct store *st;
    struct roster *lists[2];
    atomic_bool done;
    int merges;
};

static void *handle_job(void *arg)
{
    struct shared *sh = arg;
    for (int i = 0; i < 6; i++) {
        char *why = NULL;
        struct roster_summary sum;
        if (roster_merge(sh->st, sh->lists[(i + 1) % 2], NULL, NULL, &sum, &why))
            sh->merges++;
        else
            fprintf(stderr, "merge: %s\n", why);
        free(why);
        why = NULL;
        struct search *s = search_create(sh->st, &why);
        CHECK(s != NULL);
        search_destroy(s);
        free(why);
    }
    atomic_store(&sh->done, true);
    return NULL;
}

static void test_shared(const char *dir)
{
    char path[512], *why = NULL;
    snprintf(path, sizeof path, "%s/shared.db", dir);
    struct shared sh = { .st = store_open(path, &why) };
    CHECK(sh.st != NULL);
    /* Two lists of 2000 people each, both with BOTH: each merge cancels the other list. */
    sh.lists[0] = list_of(dir, "A", 1999, "BOTH,Both Lists");
    sh.lists[1] = list_of(dir, "B", 1999, "BOTH,Both Lists");
    struct roster_summary sum;
    CHECK(roster_merge(sh.st, sh.lists[0], NULL, NULL, &sum, &why));

    pthread_t job;
    CHECK(pthread_create(&job, NULL, handle_job, &sh) == 0);
    struct checkin_policy p = { .kiosk = "door1", .session = "main", .reentry = true };
    int64_t now = checkin_now_ms(), admitted = 0;
    unsigned loops = 0, failures = 0, torn = 0;
    while (!atomic_load(&sh.done)) {
        struct checkin_result r;
        if (!checkin_code(sh.st, &p, "BOTH", STORE_SCANNER, now + loops, &r, &why)) {
            fprintf(stderr, "check-in: %s\n", why);
            free(why);
            why = NULL;
            failures++;
        } else if (r.recorded) {
            admitted++;
        }
        checkin_result_clear(&r);
        /* Never half a merge: always one whole list. */
        int64_t n = -1;
        struct report_stats stats;
        if (!store_count_attendees(sh.st, true, &n, &why) || n != 2000)
            torn++;
        if (!report_stats(sh.st, &stats, &why) || stats.registered != 2000 ||
            (stats.cancelled != 0 && stats.cancelled != 1999))
            torn++;
        report_stats_clear(&stats);
        free(why);
        why = NULL;
        loops++;
    }
    pthread_join(job, NULL);
    CHECK(sh.merges == 6);
    CHECK(failures == 0 && torn == 0 && loops > 0);
    if (getenv("VERBOSE"))
        printf("shared: %u loops, %lld admitted, during 6 merges\n", loops, (long long)admitted);
    struct store_totals t;
    CHECK(store_totals(sh.st, &t, &why) && t.events == admitted && t.registered == 2000);
    roster_free(sh.lists[0]);
    roster_free(sh.lists[1]);
    store_close(sh.st);
}

int main(void)
{
    const char *dir = check_tmpdir();
    char path[512], *why = NULL;
    snprintf(path, sizeof path, "%s/event.db", dir);
    st = store_open(path, &why);
    add("RM-7", "María José Fernández", "María José", false);
    add("RM-8", "Piotr Nowak", "", true);
    CHECK(store_add_session(st, "roundtable", "Roundtable", &why));

    struct checkin_policy p = { .kiosk = "door1", .session = "main", .repeat_ms = 3000 };
    struct checkin_result r;
    const int64_t t0 = 1773302400000; /* 2026-03-12 08:00 UTC */

    /* First scan: welcome, recorded, on disk. */
    CHECK(scan(&p, "  RM-7\r\n", t0, &r) == CHECKIN_WELCOME);
    CHECK(r.recorded && r.event.seq == 1 && r.first_ms == t0);
    CHECK_STR(r.code, "RM-7");
    CHECK_STR(r.attendee.name, "María José Fernández");
    char *greet = attendee_greeting_name(&r.attendee);
    CHECK_STR(greet, "María José");
    free(greet);
    checkin_result_clear(&r);
    CHECK(events() == 1);

    /* The camera sees the badge again within 3 s: the same answer, nothing recorded. */
    CHECK(scan(&p, "RM-7", t0 + 2999, &r) == CHECKIN_WELCOME && !r.recorded);
    checkin_result_clear(&r);
    /* Later: already, with the first time, and no re-entry recorded by default. */
    CHECK(scan(&p, "RM-7", t0 + 60000, &r) == CHECKIN_ALREADY && !r.recorded);
    CHECK(r.first_ms == t0);
    checkin_result_clear(&r);
    CHECK(events() == 1);

    /* With re-entry allowed, the later scan is recorded, and its repeat is not. */
    p.reentry = true;
    CHECK(scan(&p, "RM-7", t0 + 120000, &r) == CHECKIN_ALREADY && r.recorded);
    CHECK(r.first_ms == t0 && r.event.seq == 2);
    checkin_result_clear(&r);
    CHECK(scan(&p, "RM-7", t0 + 121000, &r) == CHECKIN_ALREADY && !r.recorded);
    checkin_result_clear(&r);
    CHECK(events() == 2);

    /* Sessions are counted separately. */
    p.session = "roundtable";
    CHECK(scan(&p, "RM-7", t0 + 130000, &r) == CHECKIN_WELCOME && r.recorded);
    checkin_result_clear(&r);
    p.session = "matchmaking";
    CHECK(!checkin_code(st, &p, "RM-7", STORE_CAMERA, t0, &r, &why));
    CHECK_WHY(why, "no session named \"matchmaking\"");
    checkin_result_clear(&r);
    p.session = "main";

    CHECK(scan(&p, "RM-8", t0, &r) == CHECKIN_CANCELLED && !r.recorded);
    CHECK_STR(r.attendee.name, "Piotr Nowak");
    checkin_result_clear(&r);
    CHECK(scan(&p, "RM-9", t0, &r) == CHECKIN_UNKNOWN && r.attendee.id == 0);
    checkin_result_clear(&r);
    CHECK(events() == 3);

    /* Things that cannot be codes are unknown without asking the store (st is NULL here). */
    struct store *real = st;
    st = NULL;
    char *long_code = malloc(10001);
    memset(long_code, 'A', 10000);
    long_code[10000] = '\0';
    const char *junk[] = { "", "   ", "RM\x01-7", "RM-7\x1b[2J", "\xff\xfe", long_code };
    for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
        CHECK(checkin_code(NULL, &p, junk[i], STORE_SCANNER, t0, &r, &why));
        CHECK(r.verdict == CHECKIN_UNKNOWN && r.code[0] == '\0' && !r.recorded);
        checkin_result_clear(&r);
    }
    memset(long_code, 'A', CHECKIN_CODE_MAX + 1);
    long_code[CHECKIN_CODE_MAX + 1] = '\0';
    CHECK(checkin_code(NULL, &p, long_code, STORE_SCANNER, t0, &r, &why));
    CHECK(r.verdict == CHECKIN_UNKNOWN);
    free(long_code);
    st = real;

    /* Staff undo the latest check-in here (the roundtable one): an event, not a deletion. */
    p.session = "main";
    CHECK(checkin_undo_last(st, &p, t0 + 140000, &r, &why) && r.recorded);
    CHECK_STR(r.attendee.name, "María José Fernández");
    CHECK(r.event.undoes > 0 && r.event.out);
    checkin_result_clear(&r);
    CHECK(events() == 4);
    p.session = "roundtable";
    CHECK(scan(&p, "RM-7", t0 + 150000, &r) == CHECKIN_WELCOME && r.recorded);
    checkin_result_clear(&r);
    /* Three more: the new roundtable check-in, the re-entry, the first one; then nothing. */
    for (int i = 0; i < 3; i++) {
        CHECK(checkin_undo_last(st, &p, t0 + 160000 + i, &r, &why) && r.recorded);
        checkin_result_clear(&r);
    }
    CHECK(checkin_undo_last(st, &p, t0 + 170000, &r, &why) && !r.recorded);
    checkin_result_clear(&r);
    p.session = "main";
    CHECK(scan(&p, "RM-7", t0 + 180000, &r) == CHECKIN_WELCOME && r.first_ms == t0 + 180000);
    checkin_result_clear(&r);
    /* Another kiosk's check-ins are not undone from here. */
    struct checkin_policy other = p;
    other.kiosk = "door2";
    CHECK(checkin_undo_last(st, &other, t0 + 190000, &r, &why) && !r.recorded);
    checkin_result_clear(&r);

    CHECK_STR(checkin_verdict_name(CHECKIN_ALREADY), "already");
    CHECK(checkin_now_ms() > t0);
    store_close(st);

    test_race(dir);
    test_shared(dir);
    check_rmtree(dir);
    return check_done("test_checkin");
}
