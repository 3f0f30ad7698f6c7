/* The check-in decision and what it records. */
#include "check.h"
#include "entrada/checkin.h"

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
    check_rmtree(dir);
    return check_done("test_checkin");
}
