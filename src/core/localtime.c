/* Local times for exports: a cached UTC offset and the proleptic Gregorian calendar. */
#include "entrada/localtime.h"

#include <string.h>
#include <time.h>

/* Floor division for negative times too. */
static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int64_t localtime_secs(struct localtime_cache *c, int64_t ms)
{
    int64_t secs = floor_div(ms, 1000), quarter = floor_div(secs, 900) * 900;
    if (quarter != c->quarter) {
        time_t t = (time_t)secs;
        struct tm tm;
        localtime_r(&t, &tm);
        c->quarter = quarter;
        c->offset = tm.tm_gmtoff;
    }
    return secs + c->offset;
}

void localtime_civil(int64_t local_secs, struct localtime_civil *out)
{
    int64_t days = floor_div(local_secs, 86400), rest = local_secs - days * 86400;
    out->hour = (int)(rest / 3600);
    out->minute = (int)(rest / 60 % 60);
    out->second = (int)(rest % 60);
    /* Days since 1970-01-01 to a date, counting in 400-year eras from 0000-03-01. */
    int64_t z = days + 719468, era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;                                      /* day of the era */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* year of the era */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* from March 1st */
    int64_t mp = (5 * doy + 2) / 153;                                    /* month from March */
    out->day = (int)(doy - (153 * mp + 2) / 5 + 1);
    out->month = (int)(mp < 10 ? mp + 3 : mp - 9);
    out->year = (int)(yoe + era * 400 + (out->month <= 2));
}

/* Write v as width digits at out. */
static void digits(char *out, int v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10)
        out[i] = (char)('0' + v % 10);
}

void localtime_format(int64_t local_secs, char out[20])
{
    struct localtime_civil c;
    localtime_civil(local_secs, &c);
    memcpy(out, "0000-00-00 00:00:00", 20);
    digits(out, c.year < 0 ? 0 : c.year % 10000, 4);
    digits(out + 5, c.month, 2);
    digits(out + 8, c.day, 2);
    digits(out + 11, c.hour, 2);
    digits(out + 14, c.minute, 2);
    digits(out + 17, c.second, 2);
}
