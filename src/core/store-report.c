/*
 * The numbers reports are made of, counted by SQLite straight from the
 * journal and the attendee list: totals, counts by category, session,
 * group and kiosk, first arrivals, and one row per attendee for
 * attendance.csv. report.c shapes them into tables and files.
 */
#include "entrada/buf.h"
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
                             "  (SELECT COUNT(*) FROM attendees a WHERE " STORE_ENTITLED(
                                 "a", "s") "),"
                                           "  (SELECT COUNT(DISTINCT attendee_id) FROM admissions c"
                                           "   WHERE c.session_id = s.id)"
                                           " FROM sessions s ORDER BY s.id",
    };
    return each_count(st, sql[by], NULL, fn, ctx, why);
}

bool store_each_entitlement(struct store *st, const char *const *columns, size_t ncolumns,
                            bool (*fn)(void *ctx, const struct store_entitlement *e), void *ctx,
                            char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    /* The kept columns' values come from the row's JSON, each path bound as ?N. */
    struct buf sql = { 0 };
    buf_adds(&sql, "SELECT s.id, a.category, a.organisation, a.lists, " STORE_ENTITLED(
                       "a", "s") ","
                                 "  EXISTS (SELECT 1 FROM admissions c WHERE c.attendee_id = a.id"
                                 "   AND c.session_id = s.id)");
    for (size_t i = 0; i < ncolumns; i++)
        buf_addf(&sql, ", COALESCE(json_extract(a.extra, ?%zu), '')", i + 1);
    buf_adds(&sql, " FROM attendees a CROSS JOIN sessions s ORDER BY a.id, s.id");
    char **paths = xcalloc(ncolumns + 1, sizeof *paths);
    const char **values = xcalloc(ncolumns + 1, sizeof *values);
    sqlite3_stmt *q = store_prepare(st, u.c, sql.data, "count attendance", why);
    if (q == NULL)
        goto out;
    for (size_t i = 0; i < ncolumns; i++) {
        paths[i] = xasprintf("$.\"%s\"", columns[i]);
        sqlite3_bind_text(q, (int)i + 1, paths[i], -1, SQLITE_STATIC);
    }
    int rc;
    int64_t first_session = 0;
    size_t session = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(q, 0);
        /* Sessions come in id order for each attendee: their index restarts at the first. */
        if (session == 0 && first_session == 0)
            first_session = id;
        session = id == first_session ? 0 : session + 1;
        struct store_entitlement e = {
            .session = session,
            .category = store_column_text(q, 1),
            .organisation = store_column_text(q, 2),
            .lists = store_column_text(q, 3),
            .entitled = sqlite3_column_int(q, 4) != 0,
            .admitted = sqlite3_column_int(q, 5) != 0,
            .values = values,
        };
        for (size_t i = 0; i < ncolumns; i++)
            values[i] = store_column_text(q, 6 + (int)i);
        if (!fn(ctx, &e))
            break;
    }
    ok = rc == SQLITE_ROW || rc == SQLITE_DONE || store_fail(st, u.c, why, "count attendance");
out:
    for (size_t i = 0; i < ncolumns; i++)
        free(paths[i]);
    free(paths);
    free(values);
    buf_free(&sql);
    sqlite3_finalize(q);
    store_leave(st, &u);
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

/* An attendee's first and last admission to one session. */
struct visit {
    int64_t attendee_id;
    size_t session; /* its index in session order */
    int64_t first_ms, last_ms;
};

/*
 * Every attendee's first and last admission to each session, by attendee
 * and session (new array *out, *n visits); *nsessions sessions.
 */
static bool read_visits(struct store *st, struct store_conn *c, struct visit **out, size_t *n,
                        size_t *nsessions, char **why)
{
    *out = NULL;
    *n = *nsessions = 0;
    size_t cap = 0;
    sqlite3_stmt *q = store_prepare(
        st, c,
        "SELECT v.attendee_id, (SELECT COUNT(*) FROM sessions e WHERE e.id < v.session_id),"
        "  v.first, v.last"
        " FROM (SELECT attendee_id, session_id, MIN(at_ms) AS first, MAX(at_ms) AS last"
        "  FROM admissions GROUP BY attendee_id, session_id) v"
        " ORDER BY v.attendee_id, v.session_id",
        "read attendance", why);
    if (q == NULL)
        return false;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 1024;
            *out = xreallocarray(*out, cap, sizeof **out);
        }
        (*out)[(*n)++] = (struct visit){
            .attendee_id = sqlite3_column_int64(q, 0),
            .session = (size_t)sqlite3_column_int64(q, 1),
            .first_ms = sqlite3_column_int64(q, 2),
            .last_ms = sqlite3_column_int64(q, 3),
        };
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return store_fail(st, c, why, "read attendance");
    q = store_prepare(st, c, "SELECT COUNT(*) FROM sessions", "read attendance", why);
    if (q == NULL)
        return false;
    rc = sqlite3_step(q);
    *nsessions = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    return rc == SQLITE_ROW || store_fail(st, c, why, "read attendance");
}

/* The first visit of attendee_id in v (sorted), or n. */
static size_t find_visits(const struct visit *v, size_t n, int64_t attendee_id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].attendee_id < attendee_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool store_each_attendance(struct store *st, const char *const *columns, size_t ncolumns,
                           bool (*fn)(void *ctx, const struct store_attendance *a), void *ctx,
                           char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    struct visit *visits = NULL;
    size_t nvisits = 0, nsessions = 0;
    int64_t *session_ms = NULL;
    sqlite3_stmt *q = NULL;
    /* The kept columns' values come from the row's JSON, each bound as ?N. */
    struct buf sql = { 0 };
    buf_adds(&sql, "SELECT a.id, a.code, a.name, a.first_name, a.last_name, a.organisation,"
                   " a.category, a.status, a.lists");
    for (size_t i = 0; i < ncolumns; i++)
        buf_addf(&sql, ", COALESCE(json_extract(a.extra, ?%zu), '')", i + 1);
    buf_adds(&sql, " FROM attendees a ORDER BY a.name, a.code");
    char **paths = xcalloc(ncolumns + 1, sizeof *paths);
    const char **values = xcalloc(ncolumns + 1, sizeof *values);
    if (!read_visits(st, u.c, &visits, &nvisits, &nsessions, why))
        goto out;
    session_ms = xcalloc(nsessions + 1, sizeof *session_ms);
    q = store_prepare(st, u.c, sql.data, "read attendance", why);
    if (q == NULL)
        goto out;
    for (size_t i = 0; i < ncolumns; i++) {
        paths[i] = xasprintf("$.\"%s\"", columns[i]);
        sqlite3_bind_text(q, (int)i + 1, paths[i], -1, SQLITE_STATIC);
    }
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(q, 0);
        struct store_attendance a = {
            .code = store_column_text(q, 1),
            .name = store_column_text(q, 2),
            .first_name = store_column_text(q, 3),
            .last_name = store_column_text(q, 4),
            .organisation = store_column_text(q, 5),
            .category = store_column_text(q, 6),
            .status = store_column_text(q, 7),
            .lists = store_column_text(q, 8),
            .values = values,
            .session_ms = session_ms,
            .nsessions = nsessions,
        };
        for (size_t i = 0; i < ncolumns; i++)
            values[i] = store_column_text(q, 9 + (int)i);
        memset(session_ms, 0, nsessions * sizeof *session_ms);
        for (size_t v = find_visits(visits, nvisits, id);
             v < nvisits && visits[v].attendee_id == id; v++) {
            if (visits[v].session < nsessions)
                session_ms[visits[v].session] = visits[v].first_ms;
            if (!a.any || visits[v].first_ms < a.first_ms)
                a.first_ms = visits[v].first_ms;
            if (!a.any || visits[v].last_ms > a.last_ms)
                a.last_ms = visits[v].last_ms;
            a.any = true;
        }
        if (!fn(ctx, &a))
            break;
    }
    ok = rc == SQLITE_ROW || rc == SQLITE_DONE || store_fail(st, u.c, why, "read attendance");
out:
    for (size_t i = 0; i < ncolumns; i++)
        free(paths[i]);
    free(paths);
    free(values);
    free(visits);
    free(session_ms);
    buf_free(&sql);
    sqlite3_finalize(q);
    store_leave(st, &u);
    return ok;
}

bool store_each_made_code(struct store *st, bool (*fn)(void *ctx, const struct store_made_code *c),
                          void *ctx, char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(st, u.c,
                                    "SELECT r.name, r.email, l.name, r.code FROM registrations r"
                                    " JOIN lists l ON l.id = r.list_id"
                                    " WHERE r.code_generated AND r.status != 'cancelled'"
                                    " ORDER BY l.name, r.name, r.code",
                                    "read the codes made", why);
    if (q) {
        int rc;
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            struct store_made_code c = {
                .name = store_column_text(q, 0),
                .email = store_column_text(q, 1),
                .list = store_column_text(q, 2),
                .code = store_column_text(q, 3),
            };
            if (!fn(ctx, &c))
                break;
        }
        ok = rc == SQLITE_ROW || rc == SQLITE_DONE ||
             store_fail(st, u.c, why, "read the codes made");
        sqlite3_finalize(q);
    }
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
