/*
 * What the staff desk asks of the store: a person's own check-ins (their
 * latest at this kiosk, their first anywhere), whether a session is for
 * them, who has not arrived, the categories in use, badges handed out, and
 * the settings a kiosk keeps across restarts.
 */
#include "entrada/xmalloc.h"
#include "store-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Step q for one row of one integer: 1 (*v), 0 no row, -1 error (what names it). */
static int one_int(struct store *st, struct store_conn *c, sqlite3_stmt *q, int64_t *v,
                   const char *what, char **why)
{
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        if (sqlite3_column_type(q, 0) == SQLITE_NULL)
            return 0;
        *v = sqlite3_column_int64(q, 0);
        return 1;
    }
    if (rc == SQLITE_DONE)
        return 0;
    store_fail(st, c, why, what);
    return -1;
}

int store_last_admission_of(struct store *st, const char *kiosk, int64_t attendee_id,
                            struct store_event *ev, char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return -1;
    int rc = -1;
    sqlite3_stmt *q = store_prepare(st, u.c,
                                    "SELECT " STORE_EVENT_COLUMNS " FROM admissions WHERE "
                                    "kiosk = ? AND attendee_id = ? "
                                    "ORDER BY at_ms DESC, id DESC LIMIT 1",
                                    "read check-ins", why);
    if (q) {
        sqlite3_bind_text(q, 1, kiosk, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, attendee_id);
        int step = sqlite3_step(q);
        if (step == SQLITE_ROW) {
            store_read_event(q, ev);
            rc = 1;
        } else if (step == SQLITE_DONE) {
            rc = 0;
        } else {
            store_fail(st, u.c, why, "read check-ins");
        }
        sqlite3_finalize(q);
    }
    store_leave(st, &u);
    return rc;
}

int store_first_admission(struct store *st, int64_t attendee_id, int64_t session_id, int64_t *at_ms,
                          char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return -1;
    int rc = -1;
    sqlite3_stmt *q = store_prepare(st, u.c,
                                    "SELECT MIN(at_ms) FROM admissions WHERE attendee_id = ?1 "
                                    "AND (?2 = 0 OR session_id = ?2)",
                                    "read check-ins", why);
    if (q) {
        sqlite3_bind_int64(q, 1, attendee_id);
        sqlite3_bind_int64(q, 2, session_id);
        rc = one_int(st, u.c, q, at_ms, "read check-ins", why);
        sqlite3_finalize(q);
    }
    store_leave(st, &u);
    return rc;
}

int store_entitled(struct store *st, int64_t attendee_id, int64_t session_id, char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return -1;
    int rc = -1;
    sqlite3_stmt *q =
        store_prepare(st, u.c,
                      "SELECT " STORE_ENTITLED("a", "s") " FROM attendees a, "
                                                         "sessions s WHERE a.id = ? AND s.id = ?",
                      "read registrations", why);
    if (q) {
        sqlite3_bind_int64(q, 1, attendee_id);
        sqlite3_bind_int64(q, 2, session_id);
        int64_t v = 0;
        rc = one_int(st, u.c, q, &v, "read registrations", why);
        if (rc == 1)
            rc = v != 0;
        sqlite3_finalize(q);
    }
    store_leave(st, &u);
    return rc;
}

bool store_each_absent(struct store *st, int64_t session_id,
                       bool (*fn)(void *ctx, const struct attendee *a, const char *kept), void *ctx,
                       char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(
        st, u.c,
        "SELECT " STORE_ATTENDEE_COLUMNS ", (SELECT group_concat(entrada_fold(value), char(31)) "
        "FROM json_each(attendees.extra)) FROM attendees WHERE id IN (SELECT a.id FROM "
        "attendees a, sessions s WHERE s.id = ?1 AND a.status = 'active' AND " STORE_ENTITLED(
            "a", "s") " AND NOT EXISTS (SELECT 1 FROM admissions c WHERE "
                      "c.attendee_id = a.id AND c.session_id = s.id)) ORDER BY name, id",
        "read attendees", why);
    if (q == NULL)
        goto out;
    sqlite3_bind_int64(q, 1, session_id);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct attendee a = { 0 };
        store_read_attendee(q, &a);
        bool more = fn(ctx, &a, store_column_text(q, 15));
        attendee_clear(&a);
        if (!more)
            break;
    }
    ok = rc == SQLITE_ROW || rc == SQLITE_DONE || store_fail(st, u.c, why, "read attendees");
    sqlite3_finalize(q);
out:
    store_leave(st, &u);
    return ok;
}

bool store_each_category(struct store *st, bool (*fn)(void *ctx, const char *category), void *ctx,
                         char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(st, u.c,
                                    "SELECT category FROM persons WHERE status = 'active' AND "
                                    "category != '' GROUP BY category "
                                    "ORDER BY COUNT(*) DESC, category",
                                    "read categories", why);
    if (q == NULL)
        goto out;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if (!fn(ctx, store_column_text(q, 0)))
            break;
    ok = rc == SQLITE_ROW || rc == SQLITE_DONE || store_fail(st, u.c, why, "read categories");
    sqlite3_finalize(q);
out:
    store_leave(st, &u);
    return ok;
}

int store_handed_out(struct store *st, int64_t attendee_id, int64_t *at_ms, char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return -1;
    int rc = -1;
    sqlite3_stmt *q = store_prepare(st, u.c, "SELECT at_ms FROM handouts WHERE attendee_id = ?",
                                    "read handouts", why);
    if (q) {
        sqlite3_bind_int64(q, 1, attendee_id);
        rc = one_int(st, u.c, q, at_ms, "read handouts", why);
        sqlite3_finalize(q);
    }
    store_leave(st, &u);
    return rc;
}

int store_hand_out(struct store *st, int64_t attendee_id, int64_t at_ms, const char *kiosk,
                   char **why)
{
    struct store_use u;
    if (!store_enter(st, true, &u, why))
        return -1;
    int rc = -1;
    sqlite3_stmt *q = store_prepare(st, u.c,
                                    "INSERT OR IGNORE INTO handouts (attendee_id, at_ms, kiosk) "
                                    "VALUES (?, ?, ?)",
                                    "log handout", why);
    if (q) {
        sqlite3_bind_int64(q, 1, attendee_id);
        sqlite3_bind_int64(q, 2, at_ms);
        sqlite3_bind_text(q, 3, kiosk, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_DONE)
            rc = sqlite3_changes(u.c->db) > 0;
        else
            store_fail(st, u.c, why, "log handout");
        sqlite3_finalize(q);
    }
    store_leave(st, &u);
    return rc;
}

int store_get_setting(struct store *st, const char *name, char **value, char **why)
{
    *value = NULL;
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return -1;
    int rc = -1;
    sqlite3_stmt *q =
        store_prepare(st, u.c, "SELECT value FROM settings WHERE name = ?", "read settings", why);
    if (q) {
        sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
        int step = sqlite3_step(q);
        if (step == SQLITE_ROW) {
            *value = xstrdup(store_column_text(q, 0));
            rc = 1;
        } else if (step == SQLITE_DONE) {
            rc = 0;
        } else {
            store_fail(st, u.c, why, "read settings");
        }
        sqlite3_finalize(q);
    }
    store_leave(st, &u);
    return rc;
}

bool store_set_setting(struct store *st, const char *name, const char *value, char **why)
{
    struct store_use u;
    if (!store_enter(st, true, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(st, u.c,
                                    "INSERT INTO settings (name, value) VALUES (?1, ?2) "
                                    "ON CONFLICT (name) DO UPDATE SET value = ?2",
                                    "write settings", why);
    if (q) {
        sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
        ok = sqlite3_step(q) == SQLITE_DONE || store_fail(st, u.c, why, "write settings");
        sqlite3_finalize(q);
    }
    store_leave(st, &u);
    return ok;
}
