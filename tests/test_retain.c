/*
 * How long the event's data is kept: no limit by default; the event's end
 * from [event] date, else from the day of the last check-in; due for
 * deletion retain_days after the last check-in (after the event's end
 * when nobody came); extensions from the due day or from now, kept in the
 * store; nothing to extend without a limit.
 */
#include "check.h"
#include "entrada/checkin.h"
#include "entrada/retain.h"
#include "entrada/xmalloc.h"

#include <time.h>

static const int64_t DAY = 86400000;

/* Local noon of y-m-d, in UTC ms. */
static int64_t noon(int y, int m, int d)
{
    struct tm tm = {
        .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12, .tm_isdst = -1
    };
    return (int64_t)mktime(&tm) * 1000;
}

static struct config *config_with(const char *dir, const char *name, const char *text)
{
    char *why = NULL, *path = check_write(dir, name, text, 0);
    struct config *cfg = config_create();
    CHECK(config_load(cfg, path, &why));
    free(path);
    return cfg;
}

int main(void)
{
    const char *dir = check_tmpdir();
    char *why = NULL, *said = NULL, path[512], words[600], day[16];
    snprintf(path, sizeof path, "%s/event.db", dir);
    struct store *st = store_open(path, &why);
    CHECK(st != NULL);
    struct attendee a = { .code = "R-1", .name = "Ana Ruiz", .status = ATTENDEE_ACTIVE };
    CHECK(store_put_attendee(st, &a, &why));
    free(a.search_key);
    struct retain_state r;

    /* No limit: nothing is due, nothing to say, nothing to extend. */
    struct config *none = config_create();
    CHECK(retain_check(st, none, noon(2026, 6, 1), &r, &why));
    CHECK(r.days == 0 && !r.ended && !r.expired && r.due_ms == 0);
    retain_words(&r, words, sizeof words);
    CHECK_STR(words, "");
    CHECK(!retain_extend(st, none, 10, noon(2026, 6, 1), &r, &why));
    CHECK_WHY(why, "retain_days is 0");

    /* 30 days, no date, nobody came yet: nothing known. */
    struct config *thirty = config_with(dir, "thirty.ini", "[privacy]\nretain_days = 30\n");
    CHECK(retain_check(st, thirty, noon(2026, 6, 1), &r, &why));
    CHECK(r.days == 30 && r.event_end_ms == 0 && r.due_ms == 0 && !r.ended && !r.expired);

    /* A check-in on 12 March: the event ends at midnight, the data is due on 11 April. */
    struct checkin_policy p = { .kiosk = "door-1", .session = "main" };
    struct checkin_result res;
    int64_t at = noon(2026, 3, 12);
    CHECK(checkin_code(st, &p, "R-1", STORE_STAFF, at, &res, &why));
    CHECK(res.verdict == CHECKIN_WELCOME);
    checkin_result_clear(&res);
    CHECK(retain_check(st, thirty, at + 3600000, &r, &why));
    CHECK(r.last_checkin_ms == at && !r.ended && !r.expired);
    retain_day(r.event_end_ms - 1, day);
    CHECK_STR(day, "2026-03-12");
    CHECK(r.due_ms == at + 30 * DAY);
    CHECK(retain_check(st, thirty, noon(2026, 3, 13), &r, &why));
    CHECK(r.ended && !r.expired);
    retain_words(&r, words, sizeof words);
    said = xstrdup(words);
    CHECK_WHY(said, "the event ended on 2026-03-12; its data is due for deletion on 2026-04-11");
    CHECK(retain_check(st, thirty, at + 30 * DAY, &r, &why));
    CHECK(r.expired);
    retain_words(&r, words, sizeof words);
    said = xstrdup(words);
    CHECK_WHY(said, "was due for deletion on 2026-04-11");

    /* [event] date: the event ends after its last day, whatever the check-ins. */
    struct config *dated = config_with(dir, "dated.ini",
                                       "[privacy]\nretain_days = 30\n"
                                       "[event]\ndate = 2026-03-12/2026-03-14\n");
    CHECK(retain_check(st, dated, noon(2026, 3, 13), &r, &why));
    CHECK(!r.ended);
    retain_day(r.event_end_ms - 1, day);
    CHECK_STR(day, "2026-03-14");
    CHECK(retain_check(st, dated, noon(2026, 3, 15), &r, &why));
    CHECK(r.ended && !r.expired);

    /* Past due, extended 10 days from now; then 5 more from the new due day. */
    int64_t late = noon(2026, 5, 1);
    CHECK(retain_extend(st, thirty, 10, late, &r, &why));
    CHECK(!r.expired && r.extended_ms == late + 10 * DAY && r.due_ms == late + 10 * DAY);
    CHECK(retain_extend(st, thirty, 5, late, &r, &why));
    CHECK(r.due_ms == late + 15 * DAY);
    CHECK(retain_check(st, thirty, late + 15 * DAY, &r, &why));
    CHECK(r.expired);
    /* A longer retain_days in the configuration moves it too. */
    struct config *longer = config_with(dir, "longer.ini", "[privacy]\nretain_days = 90\n");
    CHECK(retain_check(st, longer, late + 15 * DAY, &r, &why));
    CHECK(!r.expired && r.due_ms == at + 90 * DAY);

    config_destroy(none);
    config_destroy(thirty);
    config_destroy(dated);
    config_destroy(longer);
    store_close(st);
    check_rmtree(dir);
    return check_done("test_retain");
}
