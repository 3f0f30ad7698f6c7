/*
 * Counts and exports, straight from the journal: nothing here is kept in
 * step by hand, so the numbers are right after any import or merge.
 */
#include "entrada/report.h"
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

/*
 * One CSV cell. Quoted when it holds the separator, a quote or a line
 * break; a leading = + - @ gets a ' so that a spreadsheet shows it as text
 * instead of running it as a formula (a name is not a formula).
 */
static void put_cell(FILE *f, const char *s, char sep, bool first)
{
    if (!first)
        fputc(sep, f);
    if (s == NULL)
        return;
    bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
    bool quote = formula || strchr(s, sep) || strpbrk(s, "\"\r\n");
    if (quote)
        fputc('"', f);
    if (formula)
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    if (quote)
        fputc('"', f);
}

static void put_row(FILE *f, char sep, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put_cell(f, cells[i], sep, i == 0);
    fputs("\r\n", f);
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
    put_row(f, sep, header, ncols);
    const char *cells[16];
    char times[2][40];
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        row(q, cells, times);
        put_row(f, sep, cells, ncols);
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

static void count_row(sqlite3_stmt *q, const char **cells, char times[2][40])
{
    (void)times;
    for (int i = 0; i < 4; i++)
        cells[i] = col_text(q, i);
}

bool report_export(struct store *st, const char *dir, char sep, char **why)
{
    sqlite3 *db = store_db(st);
    static const char *const checkins_header[] = {
        "event_id", "time", "kiosk",        "session",  "direction", "method",
        "code",     "name", "organisation", "category", "undoes",
    };
    static const char *const attendance_header[] = {
        "code",   "name",          "organisation", "category",
        "status", "first_checkin", "last_checkin", "sessions",
    };
    static const char *const counts_header[] = { "session", "category", "registered",
                                                 "checked_in" };
    /* Read everything in one snapshot so the three files agree. */
    if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
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
        export_file(db, dir, "counts.csv", sep, counts_header, 4,
                    "WITH cats AS (SELECT DISTINCT category FROM attendees),"
                    " rows AS ("
                    "  SELECT s.id AS sid, s.name AS session, '(all)' AS category, 0 AS k,"
                    "   (SELECT COUNT(*) FROM attendees WHERE status = 'active') AS registered,"
                    "   (SELECT COUNT(DISTINCT attendee_id) FROM admissions c"
                    "    WHERE c.session_id = s.id) AS checked_in"
                    "  FROM sessions s"
                    "  UNION ALL"
                    "  SELECT s.id, s.name, cats.category, 1,"
                    "   (SELECT COUNT(*) FROM attendees a WHERE a.status = 'active'"
                    "    AND a.category = cats.category),"
                    "   (SELECT COUNT(DISTINCT c.attendee_id) FROM admissions c"
                    "    JOIN attendees a ON a.id = c.attendee_id"
                    "    WHERE c.session_id = s.id"
                    "    AND a.category = cats.category)"
                    "  FROM sessions s CROSS JOIN cats)"
                    " SELECT session, category, registered, checked_in FROM rows"
                    " ORDER BY sid, k, category",
                    count_row, why);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    return ok;
}
