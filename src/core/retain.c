/*
 * The retention of the event's data: the event's end, the day the data is
 * due for deletion, and staff's extensions (retain.h).
 */
#include "entrada/retain.h"
#include "entrada/xmalloc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const int64_t DAY_MS = 86400000;

/* Local midnight at the start of the day after y-m-d, in UTC ms. */
static int64_t midnight_after(int y, int m, int d)
{
    struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + 1, .tm_isdst = -1 };
    return (int64_t)mktime(&tm) * 1000;
}

void retain_day(int64_t ms, char out[16])
{
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&secs, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

bool retain_check(struct store *st, const struct config *cfg, int64_t now_ms,
                  struct retain_state *out, char **why)
{
    memset(out, 0, sizeof *out);
    out->days = (int)config_int(cfg, CONFIG_PRIVACY_RETAIN_DAYS);
    if (out->days <= 0)
        return true;
    if (!store_last_checkin_ms(st, &out->last_checkin_ms, why))
        return false;
    char *until = NULL;
    int got = store_get_setting(st, RETAIN_SETTING, &until, why);
    if (got < 0)
        return false;
    if (got == 1)
        out->extended_ms = strtoll(until, NULL, 10);
    free(until);
    struct config_day first, last;
    if (config_event_days(cfg, &first, &last)) {
        out->event_end_ms = midnight_after(last.year, last.month, last.day);
    } else if (out->last_checkin_ms) {
        time_t secs = (time_t)(out->last_checkin_ms / 1000);
        struct tm tm;
        localtime_r(&secs, &tm);
        out->event_end_ms = midnight_after(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    }
    int64_t from = out->last_checkin_ms ? out->last_checkin_ms : out->event_end_ms;
    if (from)
        out->due_ms = from + out->days * DAY_MS;
    if (out->extended_ms > out->due_ms)
        out->due_ms = out->extended_ms;
    out->ended = out->event_end_ms && now_ms >= out->event_end_ms;
    out->expired = out->due_ms && now_ms >= out->due_ms;
    return true;
}

bool retain_extend(struct store *st, const struct config *cfg, int days, int64_t now_ms,
                   struct retain_state *out, char **why)
{
    if (!retain_check(st, cfg, now_ms, out, why))
        return false;
    if (out->days <= 0) {
        *why = xstrdup("[privacy] retain_days is 0: the data is kept without a limit, there is "
                       "nothing to extend");
        return false;
    }
    int64_t from = out->due_ms > now_ms ? out->due_ms : now_ms;
    char value[32];
    snprintf(value, sizeof value, "%" PRId64, from + days * DAY_MS);
    return store_set_setting(st, RETAIN_SETTING, value, why) &&
           retain_check(st, cfg, now_ms, out, why);
}

void retain_words(const struct retain_state *r, char *buf, size_t size)
{
    buf[0] = '\0';
    if (r->days <= 0 || !r->ended)
        return;
    char end[16], due[16];
    retain_day(r->event_end_ms - 1, end);
    retain_day(r->due_ms, due);
    if (r->expired)
        snprintf(buf, size,
                 "the event ended on %s and its data was due for deletion on %s ([privacy] "
                 "retain_days = %d after the last check-in): the kiosk checks no one in; export "
                 "the data (entrada export DIR) and delete it (entrada wipe), or keep it longer "
                 "(entrada retain --extend DAYS)",
                 end, due, r->days);
    else
        snprintf(buf, size,
                 "the event ended on %s; its data is due for deletion on %s ([privacy] "
                 "retain_days = %d after the last check-in): export it (entrada export DIR) and "
                 "delete it (entrada wipe) before then, or keep it longer (entrada retain "
                 "--extend DAYS)",
                 end, due, r->days);
}
