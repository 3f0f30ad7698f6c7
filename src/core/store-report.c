/*
 * The numbers reports are made of, counted by SQLite straight from the
 * journal and the attendee list: totals, counts by category, session,
 * group and kiosk, first arrivals, and one row per attendee for
 * attendance.csv. report.c shapes them into tables and files.
 */
#include "entrada/xmalloc.h"
#include "store-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool store_totals(struct store *st, struct store_totals *out, char **why)
{
    *out = (struct store_totals){ 0 };
    return store_count(st, "SELECT COUNT(*) FROM persons WHERE status = 'active'",
                       "count attendees", &out->registered, why) &&
           store_count(st, "SELECT COUNT(*) FROM persons WHERE status = 'cancelled'",
                       "count attendees", &out->cancelled, why) &&
           store_count(st, "SELECT COUNT(DISTINCT attendee_id) FROM admissions", "count check-ins",
                       &out->checked_in, why) &&
           store_count(st, "SELECT COUNT(*) FROM checkins", "count check-ins", &out->events, why) &&
           store_count(st, "SELECT COUNT(*) FROM prints WHERE ok", "count prints", &out->printed,
                       why) &&
           store_count(st, "SELECT COUNT(*) FROM prints WHERE NOT ok", "count prints",
                       &out->print_failures, why) &&
           store_count(st, "SELECT COUNT(DISTINCT attendee_id) FROM prints WHERE ok",
                       "count prints", &out->printed_people, why) &&
           store_count(st, "SELECT COUNT(*) FROM handouts", "count handouts", &out->handed_out,
                       why);
}

/*
 * Run sql, whose rows are (label, group, registered, checked_in), calling
 * fn for each; param, if not NULL, is bound as ?1.
 */
static bool each_count(struct store *st, const char *sql, const char *param,
                       bool (*fn)(void *ctx, const struct store_count *c), void *ctx, char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(st, u.c, sql, "count", why);
    if (q == NULL)
        goto out;
    if (param)
        sqlite3_bind_text(q, 1, param, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_count c = {
            .label = store_column_text(q, 0),
            .group = store_column_text(q, 1),
            .registered = sqlite3_column_int64(q, 2),
            .checked_in = sqlite3_column_int64(q, 3),
        };
        if (!fn(ctx, &c))
            break;
    }
    ok = rc == SQLITE_ROW || rc == SQLITE_DONE || store_fail(st, u.c, why, "count");
    sqlite3_finalize(q);
out:
    store_leave(st, &u);
    return ok;
}

bool store_each_count(struct store *st, enum store_breakdown by,
                      bool (*fn)(void *ctx, const struct store_count *c), void *ctx, char **why)
{
    static const char *const sql[] = {
        [STORE_BY_CATEGORY] =
            "SELECT a.category, '', SUM(a.status = 'active'),"
            "  SUM(EXISTS (SELECT 1 FROM admissions c WHERE c.attendee_id = a.id))"
            " FROM attendees a GROUP BY a.category ORDER BY a.category",
        [STORE_BY_SESSION] = "SELECT s.name, s.title,"
                             "  (SELECT COUNT(*) FROM attendees a WHERE " STORE_ENTITLED("a", "s") "),"
                             "  (SELECT COUNT(DISTINCT attendee_id) FROM admissions c"
                             "   WHERE c.session_id = s.id)"
                             " FROM sessions s ORDER BY s.id",
    };
    return each_count(st, sql[by], NULL, fn, ctx, why);
}

bool store_each_group_count(struct store *st, enum store_group group, const char *column,
                            bool (*fn)(void *ctx, const struct store_count *c), void *ctx,
                            char **why)
{
    static const char *const columns[] = {
        [STORE_GROUP_NONE] = "''",
        [STORE_GROUP_CATEGORY] = "a.category",
        [STORE_GROUP_ORGANISATION] = "a.organisation",
        [STORE_GROUP_COLUMN] = "COALESCE(json_extract(a.extra, ?1), '')",
    };
    const char *col = columns[group];
    /* Registered for a session: entitled to it by an active registration. */
    char *sql = xasprintf("SELECT s.name, %s, SUM(" STORE_ENTITLED("a", "s") "),"
                          " COUNT(f.attendee_id)"
                          " FROM sessions s CROSS JOIN attendees a"
                          " LEFT JOIN (SELECT DISTINCT attendee_id, session_id FROM admissions) f"
                          "  ON f.attendee_id = a.id AND f.session_id = s.id"
                          " GROUP BY s.id, %s ORDER BY s.id, %s",
                          col, col, col);
    char *path = group == STORE_GROUP_COLUMN ? xasprintf("$.\"%s\"", column) : NULL;
    bool ok = each_count(st, sql, path, fn, ctx, why);
    free(path);
    free(sql);
    return ok;
}

bool store_each_kiosk_count(struct store *st, bool (*fn)(void *ctx, const struct store_count *c),
                            void *ctx, char **why)
{
    /* With MIN(), SQLite takes the other bare columns from the row holding the minimum. */
    return each_count(st,
                      "SELECT s.name, f.kiosk, 0, COUNT(*) FROM (SELECT session_id, kiosk,"
                      "  MIN(at_ms) FROM admissions GROUP BY session_id, attendee_id) f"
                      " JOIN sessions s ON s.id = f.session_id"
                      " GROUP BY s.id, f.kiosk ORDER BY s.id, f.kiosk",
                      NULL, fn, ctx, why);
}

bool store_each_first_arrival(struct store *st,
                              bool (*fn)(void *ctx, const struct store_arrival *a), void *ctx,
                              char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q =
        store_prepare(st, u.c,
                      "SELECT s.id, s.name, s.title, f.first FROM sessions s LEFT JOIN"
                      " (SELECT session_id, MIN(at_ms) AS first FROM admissions"
                      "  GROUP BY session_id, attendee_id) f ON f.session_id = s.id"
                      " ORDER BY s.id, f.first",
                      "read arrivals", why);
    if (q == NULL)
        goto out;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_arrival a = {
            .session_id = sqlite3_column_int64(q, 0),
            .session = store_column_text(q, 1),
            .title = store_column_text(q, 2),
            .any = sqlite3_column_type(q, 3) != SQLITE_NULL,
            .first_ms = sqlite3_column_int64(q, 3),
        };
        if (!fn(ctx, &a))
            break;
    }
    ok = rc == SQLITE_ROW || rc == SQLITE_DONE || store_fail(st, u.c, why, "read arrivals");
    sqlite3_finalize(q);
out:
    store_leave(st, &u);
    return ok;
}

bool store_each_attendance(struct store *st, const char *const *columns, size_t ncolumns,
                           bool (*fn)(void *ctx, const struct store_attendance *a), void *ctx,
                           char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(st, u.c,
                                    "SELECT a.code, a.name, a.organisation, a.category, a.status,"
                                    "  MIN(c.at_ms), MAX(c.at_ms),"
                                    "  REPLACE(GROUP_CONCAT(DISTINCT s.name), ',', ' '),"
                                    "  a.lists, a.extra"
                                    " FROM attendees a"
                                    " LEFT JOIN admissions c ON c.attendee_id = a.id"
                                    " LEFT JOIN sessions s ON s.id = c.session_id"
                                    " GROUP BY a.id ORDER BY a.name, a.code",
                                    "read attendance", why);
    /* Each kept column's value, from the row's JSON. */
    sqlite3_stmt *v = ncolumns ? store_prepare(st, u.c, "SELECT COALESCE(json_extract(?1, ?2), '')",
                                               "read kept columns", why)
                               : NULL;
    char **paths = xcalloc(ncolumns + 1, sizeof *paths);
    char **values = xcalloc(ncolumns + 1, sizeof *values);
    for (size_t i = 0; i < ncolumns; i++)
        paths[i] = xasprintf("$.\"%s\"", columns[i]);
    if (q == NULL || (ncolumns && v == NULL))
        goto out;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        for (size_t i = 0; i < ncolumns; i++) {
            sqlite3_reset(v);
            sqlite3_bind_text(v, 1, store_column_text(q, 9), -1, SQLITE_STATIC);
            sqlite3_bind_text(v, 2, paths[i], -1, SQLITE_STATIC);
            values[i] = xstrdup(sqlite3_step(v) == SQLITE_ROW ? store_column_text(v, 0) : "");
        }
        struct store_attendance a = {
            .code = store_column_text(q, 0),
            .name = store_column_text(q, 1),
            .organisation = store_column_text(q, 2),
            .category = store_column_text(q, 3),
            .status = store_column_text(q, 4),
            .any = sqlite3_column_type(q, 5) != SQLITE_NULL,
            .first_ms = sqlite3_column_int64(q, 5),
            .last_ms = sqlite3_column_int64(q, 6),
            .sessions = store_column_text(q, 7),
            .lists = store_column_text(q, 8),
            .values = (const char *const *)values,
        };
        bool more = fn(ctx, &a);
        for (size_t i = 0; i < ncolumns; i++) {
            free(values[i]);
            values[i] = NULL;
        }
        if (!more)
            break;
    }
    ok = rc == SQLITE_ROW || rc == SQLITE_DONE || store_fail(st, u.c, why, "read attendance");
out:
    for (size_t i = 0; i < ncolumns; i++)
        free(paths[i]);
    free(paths);
    free(values);
    sqlite3_finalize(v);
    sqlite3_finalize(q);
    store_leave(st, &u);
    return ok;
}

bool store_check_integrity(struct store *st, char *problem, size_t size, char **why)
{
    problem[0] = '\0';
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(st, u.c, "PRAGMA integrity_check(1)", "check the store", why);
    if (q) {
        ok = sqlite3_step(q) == SQLITE_ROW;
        if (!ok)
            store_fail(st, u.c, why, "check the store");
        else if (strcmp((const char *)sqlite3_column_text(q, 0), "ok") != 0)
            snprintf(problem, size, "%s", (const char *)sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
    }
    store_leave(st, &u);
    return ok;
}

bool store_last_checkin_ms(struct store *st, int64_t *at_ms, char **why)
{
    return store_count(st, "SELECT COALESCE(MAX(at_ms), 0) FROM checkins WHERE direction = 'in'",
                       "find the last check-in", at_ms, why);
}
