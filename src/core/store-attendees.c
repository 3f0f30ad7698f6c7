/*
 * The store's attendees and sessions: look-ups by code and id, the
 * insert-or-update of an import, cancelling, listing and counting.
 */
#include "entrada/xmalloc.h"
#include "store-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *column_copy(sqlite3_stmt *q, int i)
{
    return xstrdup(store_column_text(q, i));
}

void store_read_attendee(sqlite3_stmt *q, struct attendee *a)
{
    a->id = sqlite3_column_int64(q, 0);
    a->code = column_copy(q, 1);
    a->code_generated = sqlite3_column_int(q, 2) != 0;
    a->name = column_copy(q, 3);
    a->first_name = column_copy(q, 4);
    a->last_name = column_copy(q, 5);
    a->organisation = column_copy(q, 6);
    a->email = column_copy(q, 7);
    a->category = column_copy(q, 8);
    int status = attendee_status_parse(store_column_text(q, 9));
    a->status = status < 0 ? ATTENDEE_CANCELLED : (enum attendee_status)status;
    a->search_key = column_copy(q, 10);
    a->extra = column_copy(q, 11);
    a->comment = column_copy(q, 12);
    a->attention = sqlite3_column_int(q, 13) != 0;
    a->lists = column_copy(q, 14);
}

/* Look up one attendee by the statement s, bound to code or id. */
static int find_one(struct store *st, enum stmt s, const char *code, int64_t id,
                    struct attendee *out, char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return -1;
    int found = -1;
    sqlite3_stmt *q = store_stmt(st, u.c, s, why);
    if (q == NULL)
        goto out;
    if (code)
        sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        store_read_attendee(q, out);
    sqlite3_reset(q);
    if (rc == SQLITE_ROW)
        found = 1;
    else if (rc == SQLITE_DONE)
        found = 0;
    else
        store_fail(st, u.c, why, "look up attendee");
out:
    store_leave(st, &u);
    return found;
}

int store_find_attendee(struct store *st, const char *code, struct attendee *out, char **why)
{
    return find_one(st, STMT_FIND_CODE, code, 0, out, why);
}

int store_get_attendee(struct store *st, int64_t id, struct attendee *out, char **why)
{
    return find_one(st, STMT_FIND_ID, NULL, id, out, why);
}

void store_bind_person(sqlite3_stmt *q, int base, const struct attendee *a)
{
    sqlite3_bind_text(q, base + 1, a->code, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, base + 2, a->code_generated);
    sqlite3_bind_text(q, base + 3, store_or_empty(a->name), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, base + 4, store_or_empty(a->first_name), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, base + 5, store_or_empty(a->last_name), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, base + 6, store_or_empty(a->organisation), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, base + 7, store_or_empty(a->email), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, base + 8, store_or_empty(a->category), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, base + 9, attendee_status_name(a->status), -1, SQLITE_STATIC);
}

void store_bind_shown(sqlite3_stmt *q, int base, struct attendee *a, int64_t registration_id,
                      const char *lists)
{
    if (a->search_key == NULL)
        attendee_make_search_key(a);
    sqlite3_bind_int64(q, base + 1, registration_id);
    sqlite3_bind_text(q, base + 2, attendee_status_name(a->status), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, base + 3, store_or_empty(a->category), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, base + 4, a->lists ? a->lists : lists, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, base + 5, a->search_key, -1, SQLITE_STATIC);
}

bool store_each_attendee(struct store *st, enum store_which which,
                         bool (*fn)(void *ctx, const struct attendee *a), void *ctx, char **why)
{
    static const char *const sql[] = {
        [STORE_ALL] = "SELECT " STORE_ATTENDEE_COLUMNS " FROM attendees ORDER BY code",
        [STORE_MADE_CODES] =
            "SELECT " STORE_ATTENDEE_COLUMNS " FROM attendees WHERE code_generated ORDER BY code",
    };
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(st, u.c, sql[which], "list attendees", why);
    if (q == NULL)
        goto out;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct attendee a = { 0 };
        store_read_attendee(q, &a);
        bool more = fn(ctx, &a);
        attendee_clear(&a);
        if (!more)
            break;
    }
    ok = rc == SQLITE_ROW || rc == SQLITE_DONE || store_fail(st, u.c, why, "list attendees");
    sqlite3_finalize(q);
out:
    store_leave(st, &u);
    return ok;
}

bool store_active_ids(struct store *st, int64_t **ids, size_t *n, char **why)
{
    return store_ids(st, "SELECT id FROM persons WHERE status = 'active' ORDER BY id", 0, ids, n,
                     why);
}

bool store_badge_ids(struct store *st, const struct store_badge_filter *f, int64_t **ids, size_t *n,
                     char **why)
{
    *ids = NULL;
    *n = 0;
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    const char *list = f->list ? f->list : "", *session = f->session ? f->session : "";
    sqlite3_stmt *q =
        store_prepare(st, u.c,
                      "SELECT (?1 = '' OR EXISTS (SELECT 1 FROM lists WHERE name = ?1)),"
                      " (?2 = '' OR EXISTS (SELECT 1 FROM sessions WHERE name = ?2))",
                      "check a list and a session", why);
    if (q == NULL)
        goto out;
    sqlite3_bind_text(q, 1, list, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, session, -1, SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_ROW)
        store_fail(st, u.c, why, "check a list and a session");
    else if (!sqlite3_column_int(q, 0))
        *why = xasprintf("no list \"%s\" (see: entrada lists)", list);
    else if (!sqlite3_column_int(q, 1))
        *why = xasprintf("no session \"%s\" (see: entrada sessions)", session);
    else
        ok = true;
    sqlite3_finalize(q);
    if (!ok)
        goto out;
    ok = false;
    q = store_prepare(
        st, u.c,
        "SELECT a.id FROM attendees a WHERE a.status = 'active'"
        " AND (?1 = '' OR EXISTS (SELECT 1 FROM registrations r JOIN lists l ON l.id = r.list_id"
        "  WHERE r.attendee_id = a.id AND r.status = 'active' AND l.name = ?1))"
        " AND (?2 IS NULL OR entrada_fold(a.category) = entrada_fold(?2))"
        " AND (?3 = '' OR EXISTS (SELECT 1 FROM sessions s WHERE s.name = ?3"
        "  AND " STORE_ENTITLED("a", "s") "))"
                                          " AND (?4 = 0 OR NOT EXISTS (SELECT 1 FROM prints p "
                                          "WHERE p.attendee_id = a.id AND p.ok))"
                                          " ORDER BY a.code",
        "list attendees for badges", why);
    if (q == NULL)
        goto out;
    sqlite3_bind_text(q, 1, list, -1, SQLITE_STATIC);
    if (f->category)
        sqlite3_bind_text(q, 2, f->category, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, session, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 4, f->not_printed);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            *ids = xreallocarray(*ids, cap, sizeof **ids);
        }
        (*ids)[(*n)++] = sqlite3_column_int64(q, 0);
    }
    ok = rc == SQLITE_DONE || store_fail(st, u.c, why, "list attendees for badges");
    sqlite3_finalize(q);
out:
    store_leave(st, &u);
    return ok;
}

bool store_count_attendees(struct store *st, bool active_only, int64_t *n, char **why)
{
    return store_count(st,
                       active_only ? "SELECT COUNT(*) FROM persons WHERE status = 'active'"
                                   : "SELECT COUNT(*) FROM persons",
                       "count attendees", n, why);
}

bool store_answers(struct store *st, char **why)
{
    int64_t n;
    return store_count(st, "SELECT COUNT(*) FROM lists", "read the lists", &n, why);
}

int store_find_session(struct store *st, const char *name, int64_t *id, char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return -1;
    int found = -1;
    sqlite3_stmt *q = store_stmt(st, u.c, STMT_FIND_SESSION, why);
    if (q == NULL)
        goto out;
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    if (rc == SQLITE_ROW)
        found = 1;
    else if (rc == SQLITE_DONE)
        found = 0;
    else
        store_fail(st, u.c, why, "look up session");
out:
    store_leave(st, &u);
    return found;
}

bool store_add_session(struct store *st, const char *name, const char *title, char **why)
{
    struct store_use u;
    if (!store_enter(st, true, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(st, u.c, "INSERT INTO sessions (name, title) VALUES (?, ?)",
                                    "add session", why);
    if (q == NULL)
        goto out;
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, title ? title : "", -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
        *why = xasprintf("a session named \"%s\" exists already", name);
    else
        ok = rc == SQLITE_DONE || store_fail(st, u.c, why, "add session");
    sqlite3_finalize(q);
out:
    store_leave(st, &u);
    return ok;
}

bool store_each_session(struct store *st,
                        bool (*fn)(void *ctx, int64_t id, const char *name, const char *title),
                        void *ctx, char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(st, u.c, "SELECT id, name, title FROM sessions ORDER BY id",
                                    "list sessions", why);
    if (q == NULL)
        goto out;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if (!fn(ctx, sqlite3_column_int64(q, 0), store_column_text(q, 1), store_column_text(q, 2)))
            break;
    ok = rc == SQLITE_ROW || rc == SQLITE_DONE || store_fail(st, u.c, why, "list sessions");
    sqlite3_finalize(q);
out:
    store_leave(st, &u);
    return ok;
}
