/*
 * Times as the event's people read them: the local time of the kiosk's
 * time zone (TZ, or the system's), which is the event's. Exports turn
 * hundreds of thousands of times into local ones, so the UTC offset is
 * looked up once per quarter hour (zones change offset on quarter hours)
 * and the calendar is computed, not asked of strftime.
 */
#ifndef ENTRADA_LOCALTIME_H
#define ENTRADA_LOCALTIME_H

#include <stdint.h>

/* The offset last looked up, for the quarter hour starting at quarter (seconds). */
struct localtime_cache {
    int64_t quarter; /* -1: none yet */
    long offset;     /* seconds east of UTC */
};

#define LOCALTIME_CACHE_INIT                                                                       \
    {                                                                                              \
        -1, 0                                                                                      \
    }

/* ms since the epoch as local seconds: the seconds since 1970-01-01 00:00 of the local clock. */
int64_t localtime_secs(struct localtime_cache *c, int64_t ms);

/* The local calendar date and clock time of local seconds. */
struct localtime_civil {
    int year, month, day; /* month 1-12 */
    int hour, minute, second;
};

void localtime_civil(int64_t local_secs, struct localtime_civil *out);

/* Local seconds as "2026-03-12 09:41:07" (19 characters and the NUL). */
void localtime_format(int64_t local_secs, char out[20]);

#endif
