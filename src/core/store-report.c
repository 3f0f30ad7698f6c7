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
                      /* With MIN(), SQLite takes the kiosk from the row holding the minimum. */
                      "SELECT s.id, s.name, s.title, f.first, f.kiosk FROM sessions s LEFT JOIN"
                      " (SELECT session_id, kiosk, MIN(at_ms) AS first FROM admissions"
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
            .kiosk = store_column_text(q, 4),
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
 * and session (new array *out, *n visits); the sessions' ids in id order
 * (new array *ids, *nsessions sessions).
 */
static bool read_visits(struct store *st, struct store_conn *c, struct visit **out, size_t *n,
                        int64_t **ids, size_t *nsessions, char **why)
{
    *out = NULL;
    *ids = NULL;
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
    q = store_prepare(st, c, "SELECT id FROM sessions ORDER BY id", "read attendance", why);
    if (q == NULL)
        return false;
    cap = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (*nsessions == cap) {
            cap = cap ? cap * 2 : 8;
            *ids = xreallocarray(*ids, cap, sizeof **ids);
        }
        (*ids)[(*nsessions)++] = sqlite3_column_int64(q, 0);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE || store_fail(st, c, why, "read attendance");
}

/* Mark in entitled[] the sessions of the comma-separated ids in list (NULL: none). */
static void mark_sessions(const char *list, const int64_t *ids, size_t n, bool *entitled)
{
    memset(entitled, 0, n * sizeof *entitled);
    for (const char *p = list; p && *p;) {
        char *end;
        long long id = strtoll(p, &end, 10);
        size_t lo = 0, hi = n; /* ids are sorted */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (ids[mid] < id)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < n && ids[lo] == id)
            entitled[lo] = true;
        p = *end == ',' ? end + 1 : end + strlen(end);
    }
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
    int64_t *session_ms = NULL, *session_ids = NULL;
    bool *entitled = NULL, *admitted = NULL;
    sqlite3_stmt *q = NULL;
    /*
     * The sessions their registrations entitle them to, as a list of ids;
     * the kept columns' values from the row's JSON, each path bound as ?N.
     */
    struct buf sql = { 0 };
    buf_adds(&sql,
             "SELECT a.id, a.code, a.name, a.first_name, a.last_name, a.organisation,"
             " a.category, a.status, a.lists,"
             " (SELECT group_concat(s.id) FROM sessions s WHERE " STORE_ENTITLED("a", "s") ")");
    for (size_t i = 0; i < ncolumns; i++)
        buf_addf(&sql, ", COALESCE(json_extract(a.extra, ?%zu), '')", i + 1);
    buf_adds(&sql, " FROM attendees a ORDER BY a.name, a.code");
    char **paths = xcalloc(ncolumns + 1, sizeof *paths);
    const char **values = xcalloc(ncolumns + 1, sizeof *values);
    if (!read_visits(st, u.c, &visits, &nvisits, &session_ids, &nsessions, why))
        goto out;
    session_ms = xcalloc(nsessions + 1, sizeof *session_ms);
    entitled = xcalloc(nsessions + 1, sizeof *entitled);
    admitted = xcalloc(nsessions + 1, sizeof *admitted);
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
            .entitled = entitled,
            .admitted = admitted,
            .nsessions = nsessions,
        };
        mark_sessions((const char *)sqlite3_column_text(q, 9), session_ids, nsessions, entitled);
        for (size_t i = 0; i < ncolumns; i++)
            values[i] = store_column_text(q, 10 + (int)i);
        memset(session_ms, 0, nsessions * sizeof *session_ms);
        memset(admitted, 0, nsessions * sizeof *admitted);
        for (size_t v = find_visits(visits, nvisits, id);
             v < nvisits && visits[v].attendee_id == id; v++) {
            if (visits[v].session < nsessions) {
                session_ms[visits[v].session] = visits[v].first_ms;
                admitted[visits[v].session] = true;
            }
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
    free(session_ids);
    free(entitled);
    free(admitted);
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
