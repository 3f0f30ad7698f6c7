/*
 * Counts and exports, straight from the journal: nothing here is kept in
 * step by hand, so the numbers are right after any import or merge.
 */
#include "entrada/report.h"
#include "entrada/csv.h"
#include "entrada/safefile.h"
#include "entrada/xmalloc.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void report_format_time(int64_t ms, char out[40])
{
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&secs, &tm);
    char date[24], zone[8];
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
    strftime(zone, sizeof zone, "%z", &tm); /* +0100 */
    snprintf(out, 40, "%s.%03d%.3s:%.2s", date, (int)(ms % 1000), zone, zone + 3);
}

struct report_options report_options_from(const struct config *cfg)
{
    return (struct report_options){
        .separator = config_separator(cfg, CONFIG_EXPORT_SEPARATOR),
        .min_count = (int)config_int(cfg, CONFIG_EXPORT_MIN_COUNT),
    };
}

static bool query_fail(sqlite3 *db, char **why)
{
    *why = xasprintf("report: %s", sqlite3_errmsg(db));
    return false;
}

/* Run sql and collect (label, title, registered, checked_in) rows. */
static bool collect(sqlite3 *db, const char *sql, struct report_count **out, size_t *n, char **why)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        return query_fail(db, why);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            *out = xreallocarray(*out, cap, sizeof **out);
        }
        struct report_count *c = &(*out)[(*n)++];
        c->label = xstrdup((const char *)sqlite3_column_text(q, 0));
        c->title = xstrdup((const char *)sqlite3_column_text(q, 1));
        c->registered = sqlite3_column_int64(q, 2);
        c->checked_in = sqlite3_column_int64(q, 3);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE || query_fail(db, why);
}

static bool scalar(sqlite3 *db, const char *sql, int64_t *v, char **why)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        return query_fail(db, why);
    bool ok = sqlite3_step(q) == SQLITE_ROW;
    *v = ok ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    return ok || query_fail(db, why);
}

bool report_stats(struct store *st, struct report_stats *out, char **why)
{
    sqlite3 *db = store_db(st);
    memset(out, 0, sizeof *out);
    bool ok =
        scalar(db, "SELECT COUNT(*) FROM attendees WHERE status = 'active'", &out->registered,
               why) &&
        scalar(db, "SELECT COUNT(*) FROM attendees WHERE status = 'cancelled'", &out->cancelled,
               why) &&
        scalar(db, "SELECT COUNT(DISTINCT attendee_id) FROM admissions", &out->checked_in, why) &&
        scalar(db, "SELECT COUNT(*) FROM checkins", &out->events, why) &&
        scalar(db, "SELECT COUNT(*) FROM prints WHERE ok", &out->printed, why) &&
        scalar(db, "SELECT COUNT(*) FROM prints WHERE NOT ok", &out->print_failures, why) &&
        collect(db,
                "SELECT a.category, '', SUM(a.status = 'active'),"
                "  SUM(EXISTS (SELECT 1 FROM admissions c WHERE c.attendee_id = a.id))"
                " FROM attendees a GROUP BY a.category ORDER BY a.category",
                &out->by_category, &out->ncategories, why) &&
        collect(db,
                "SELECT s.name, s.title,"
                "  (SELECT COUNT(*) FROM attendees WHERE status = 'active'),"
                "  (SELECT COUNT(DISTINCT attendee_id) FROM admissions c"
                "   WHERE c.session_id = s.id)"
                " FROM sessions s ORDER BY s.id",
                &out->by_session, &out->nsessions, why);
    if (!ok)
        report_stats_clear(out);
    return ok;
}

static void free_counts(struct report_count *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].label);
        free(c[i].title);
    }
    free(c);
}

void report_stats_clear(struct report_stats *s)
{
    free_counts(s->by_category, s->ncategories);
    free_counts(s->by_session, s->nsessions);
    memset(s, 0, sizeof *s);
}

static const char *col_text(sqlite3_stmt *q, int i)
{
    const unsigned char *s = sqlite3_column_text(q, i);
    return s ? (const char *)s : "";
}

static void col_time(sqlite3_stmt *q, int i, char out[40])
{
    out[0] = '\0';
    if (sqlite3_column_type(q, i) != SQLITE_NULL)
        report_format_time(sqlite3_column_int64(q, i), out);
}

/* Write one export file from a query; fn turns a result row into cells. */
static bool export_file(sqlite3 *db, const char *dir, const char *name, char sep,
                        const char *const *header, size_t ncols, const char *sql,
                        void (*row)(sqlite3_stmt *q, const char **cells, char times[2][40]),
                        char **why)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        return query_fail(db, why);
    struct safefile *sf = safefile_open(dir, name, why);
    if (sf == NULL) {
        sqlite3_finalize(q);
        return false;
    }
    FILE *f = safefile_stream(sf);
    fputs("\xEF\xBB\xBF", f);
    csv_write_row(f, sep, true, header, ncols);
    const char *cells[16];
    char times[2][40];
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        row(q, cells, times);
        csv_write_row(f, sep, true, cells, ncols);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        safefile_abort(sf);
        return query_fail(db, why);
    }
    return safefile_commit(sf, why);
}

static void checkin_row(sqlite3_stmt *q, const char **cells, char times[2][40])
{
    col_time(q, 1, times[0]);
    cells[0] = col_text(q, 0);
    cells[1] = times[0];
    for (int i = 2; i < 11; i++)
        cells[i] = col_text(q, i);
}

static void attendance_row(sqlite3_stmt *q, const char **cells, char times[2][40])
{
    for (int i = 0; i < 5; i++)
        cells[i] = col_text(q, i);
    col_time(q, 5, times[0]);
    col_time(q, 6, times[1]);
    cells[5] = times[0];
    cells[6] = times[1];
    cells[7] = col_text(q, 7);
}

/* A count as shared: under min people (but not none) it shows as "<min". */
static void put_count(char *out, size_t size, int64_t v, int min)
{
    if (v > 0 && v < min)
        snprintf(out, size, "<%d", min);
    else
        snprintf(out, size, "%lld", (long long)v);
}

/* The breakdown rows of counts.csv for one grouping column of attendees. */
static bool count_rows(sqlite3 *db, FILE *f, const struct report_options *opt,
                       const char *breakdown, const char *column, char **why)
{
    char *sql = xasprintf("SELECT s.name, %s, SUM(a.status = 'active'), COUNT(f.attendee_id)"
                          " FROM sessions s CROSS JOIN attendees a"
                          " LEFT JOIN (SELECT DISTINCT attendee_id, session_id FROM admissions) f"
                          "  ON f.attendee_id = a.id AND f.session_id = s.id"
                          " GROUP BY s.id, %s ORDER BY s.id, %s",
                          column, column, column);
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
    free(sql);
    if (rc != SQLITE_OK)
        return query_fail(db, why);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        char registered[24], checked_in[24];
        put_count(registered, sizeof registered, sqlite3_column_int64(q, 2), opt->min_count);
        put_count(checked_in, sizeof checked_in, sqlite3_column_int64(q, 3), opt->min_count);
        const char *cells[] = { breakdown, col_text(q, 0), col_text(q, 1), registered, checked_in };
        csv_write_row(f, opt->separator, true, cells, 5);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE || query_fail(db, why);
}

/* People by the kiosk where they first checked in to each session: how the doors were used. */
static bool kiosk_rows(sqlite3 *db, FILE *f, const struct report_options *opt, char **why)
{
    sqlite3_stmt *q;
    /* With MIN(), SQLite takes the other bare columns from the row holding the minimum. */
    if (sqlite3_prepare_v2(db,
                           "SELECT s.name, f.kiosk, COUNT(*) FROM (SELECT session_id, kiosk,"
                           "  MIN(at_ms) FROM admissions GROUP BY session_id, attendee_id) f"
                           " JOIN sessions s ON s.id = f.session_id"
                           " GROUP BY s.id, f.kiosk ORDER BY s.id, f.kiosk",
                           -1, &q, NULL) != SQLITE_OK)
        return query_fail(db, why);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        char checked_in[24];
        put_count(checked_in, sizeof checked_in, sqlite3_column_int64(q, 2), opt->min_count);
        const char *cells[] = { "kiosk", col_text(q, 0), col_text(q, 1), "", checked_in };
        csv_write_row(f, opt->separator, true, cells, 5);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE || query_fail(db, why);
}

/*
 * counts.csv, for sharing: per session the total, then by category, by
 * organisation, by kiosk and the arrivals in each 15-minute slot, in one long table
 * (breakdown, session, group, registered, checked_in) that pivots easily.
 */
static bool export_counts(struct store *st, const char *dir, const struct report_options *opt,
                          char **why)
{
    sqlite3 *db = store_db(st);
    struct report_arrivals *arr = NULL;
    size_t narr = 0;
    if (!report_arrivals(st, REPORT_SLOT_MS, &arr, &narr, why))
        return false;
    struct safefile *sf = safefile_open(dir, "counts.csv", why);
    if (sf == NULL) {
        report_arrivals_free(arr, narr);
        return false;
    }
    FILE *f = safefile_stream(sf);
    static const char *const header[] = { "breakdown", "session", "group", "registered",
                                          "checked_in" };
    fputs("\xEF\xBB\xBF", f);
    csv_write_row(f, opt->separator, true, header, 5);
    bool ok = count_rows(db, f, opt, "total", "''", why) &&
              count_rows(db, f, opt, "category", "a.category", why) &&
              count_rows(db, f, opt, "organisation", "a.organisation", why) &&
              kiosk_rows(db, f, opt, why);
    for (size_t i = 0; ok && i < narr; i++)
        for (size_t j = 0; j < arr[i].nslots; j++) {
            char start[40], arrivals[24];
            report_format_time(arr[i].slot[j].start_ms, start);
            memcpy(start + 16, start + 23, 7); /* minutes are enough: 2026-03-12T09:15+01:00 */
            put_count(arrivals, sizeof arrivals, arr[i].slot[j].arrivals, opt->min_count);
            const char *cells[] = { "arrivals", arr[i].session, start, "", arrivals };
            csv_write_row(f, opt->separator, true, cells, 5);
        }
    report_arrivals_free(arr, narr);
    if (!ok) {
        safefile_abort(sf);
        return false;
    }
    return safefile_commit(sf, why);
}

bool report_export(struct store *st, const char *dir, const struct report_options *opt, char **why)
{
    sqlite3 *db = store_db(st);
    char sep = opt->separator;
    static const char *const checkins_header[] = {
        "event_id", "time", "kiosk",        "session",  "direction", "method",
        "code",     "name", "organisation", "category", "undoes",
    };
    static const char *const attendance_header[] = {
        "code",   "name",          "organisation", "category",
        "status", "first_checkin", "last_checkin", "sessions",
    };
    /* Read everything in one snapshot so the files agree (or in the caller's, if it has one). */
    bool own = sqlite3_get_autocommit(db) != 0;
    if (own && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return query_fail(db, why);
    bool ok =
        export_file(db, dir, "checkins.csv", sep, checkins_header, 11,
                    "SELECT c.kiosk || '-' || c.seq, c.at_ms, c.kiosk, s.name,"
                    "  CASE WHEN c.undoes IS NULL THEN c.direction ELSE 'undo' END,"
                    "  c.method, a.code, a.name, a.organisation, a.category,"
                    "  (SELECT u.kiosk || '-' || u.seq FROM checkins u WHERE u.id = c.undoes)"
                    " FROM checkins c JOIN attendees a ON a.id = c.attendee_id"
                    " JOIN sessions s ON s.id = c.session_id ORDER BY c.at_ms, c.kiosk, c.seq",
                    checkin_row, why) &&
        export_file(db, dir, "attendance.csv", sep, attendance_header, 8,
                    "SELECT a.code, a.name, a.organisation, a.category, a.status,"
                    "  MIN(c.at_ms), MAX(c.at_ms),"
                    "  REPLACE(GROUP_CONCAT(DISTINCT s.name), ',', ' ')"
                    " FROM attendees a"
                    " LEFT JOIN admissions c ON c.attendee_id = a.id"
                    " LEFT JOIN sessions s ON s.id = c.session_id"
                    " GROUP BY a.id ORDER BY a.name, a.code",
                    attendance_row, why) &&
        export_counts(st, dir, opt, why);
    if (own)
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    return ok;
}

static void add_slot(struct report_arrivals *a, int64_t start_ms, size_t *cap)
{
    if (a->nslots == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        a->slot = xreallocarray(a->slot, *cap, sizeof *a->slot);
    }
    a->slot[a->nslots++] = (struct report_slot){ start_ms, 0, a->total };
}

bool report_arrivals(struct store *st, int64_t slot_ms, struct report_arrivals **out, size_t *n,
                     char **why)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *q;
    *out = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT s.id, s.name, s.title, f.first FROM sessions s LEFT JOIN"
                           " (SELECT session_id, MIN(at_ms) AS first FROM admissions"
                           "  GROUP BY session_id, attendee_id) f ON f.session_id = s.id"
                           " ORDER BY s.id, f.first",
                           -1, &q, NULL) != SQLITE_OK)
        return query_fail(db, why);
    int64_t session = -1;
    size_t cap = 0, cap_slots = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (sqlite3_column_int64(q, 0) != session) {
            session = sqlite3_column_int64(q, 0);
            if (*n == cap) {
                cap = cap ? cap * 2 : 8;
                *out = xreallocarray(*out, cap, sizeof **out);
            }
            (*out)[(*n)++] = (struct report_arrivals){
                .session = xstrdup(col_text(q, 1)),
                .title = xstrdup(col_text(q, 2)),
            };
            cap_slots = 0;
        }
        if (sqlite3_column_type(q, 3) == SQLITE_NULL)
            continue; /* a session nobody came to */
        struct report_arrivals *a = &(*out)[*n - 1];
        int64_t t = sqlite3_column_int64(q, 3), start = t - ((t % slot_ms) + slot_ms) % slot_ms;
        /* Slots run on without gaps, unless the gap is days long. */
        if (a->nslots > 0 && start - a->slot[a->nslots - 1].start_ms <= REPORT_MAX_GAP_MS)
            while (a->slot[a->nslots - 1].start_ms < start)
                add_slot(a, a->slot[a->nslots - 1].start_ms + slot_ms, &cap_slots);
        else if (a->nslots == 0 || a->slot[a->nslots - 1].start_ms < start)
            add_slot(a, start, &cap_slots);
        a->total++;
        a->slot[a->nslots - 1].arrivals++;
        a->slot[a->nslots - 1].total = a->total;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        report_arrivals_free(*out, *n);
        *out = NULL;
        *n = 0;
        return query_fail(db, why);
    }
    return true;
}

void report_arrivals_free(struct report_arrivals *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(a[i].session);
        free(a[i].title);
        free(a[i].slot);
    }
    free(a);
}
