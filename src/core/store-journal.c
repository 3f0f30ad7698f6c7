/*
 * The store's append-only journal of check-ins (recording, numbering,
 * looking events up, listing them for journal files and exports) and its
 * two logs: imports and badge prints.
 */
#include "entrada/xmalloc.h"
#include "store-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void store_read_event(sqlite3_stmt *q, struct store_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->id = sqlite3_column_int64(q, 0);
    snprintf(ev->kiosk, sizeof ev->kiosk, "%s", store_column_text(q, 1));
    ev->seq = sqlite3_column_int64(q, 2);
    ev->attendee_id = sqlite3_column_int64(q, 3);
    ev->session_id = sqlite3_column_int64(q, 4);
    ev->out = strcmp(store_column_text(q, 5), "out") == 0;
    ev->at_ms = sqlite3_column_int64(q, 6);
    store_method_parse(store_column_text(q, 7), &ev->method);
    ev->undoes = sqlite3_column_int64(q, 8);
    ev->override = sqlite3_column_int(q, 9) != 0;
    snprintf(ev->reason, sizeof ev->reason, "%s", store_column_text(q, 10));
    ev->registration_id = sqlite3_column_int64(q, 11);
}

/* Step q (bound already) for at most one event: 1 (*ev filled), 0 none, -1 error. */
static int step_event(struct store *st, struct store_conn *c, sqlite3_stmt *q,
                      struct store_event *ev, char **why)
{
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        store_read_event(q, ev);
    sqlite3_reset(q);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    store_fail(st, c, why, "read check-ins");
    return -1;
}

static int one_event(struct store *st, struct store_conn *c, enum stmt s, int64_t attendee_id,
                     int64_t session_id, struct store_event *ev, char **why)
{
    sqlite3_stmt *q = store_stmt(st, c, s, why);
    if (q == NULL)
        return -1;
    sqlite3_bind_int64(q, 1, attendee_id);
    sqlite3_bind_int64(q, 2, session_id);
    return step_event(st, c, q, ev, why);
}

int store_first_last_in(struct store *st, int64_t attendee_id, int64_t session_id,
                        struct store_event *first, struct store_event *last, char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return -1;
    int rc = one_event(st, u.c, STMT_FIRST_IN, attendee_id, session_id, first, why);
    if (rc == 1)
        rc = one_event(st, u.c, STMT_LAST_IN, attendee_id, session_id, last, why);
    store_leave(st, &u);
    return rc;
}

int store_last_admission(struct store *st, const char *kiosk, struct store_event *ev, char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return -1;
    int rc = -1;
    sqlite3_stmt *q = store_stmt(st, u.c, STMT_LAST_HERE, why);
    if (q) {
        sqlite3_bind_text(q, 1, kiosk, -1, SQLITE_STATIC);
        rc = step_event(st, u.c, q, ev, why);
    }
    store_leave(st, &u);
    return rc;
}

bool store_recent_admissions(struct store *st, int n,
                             bool (*fn)(void *ctx, const struct store_event *ev, const char *name,
                                        const char *session),
                             void *ctx, char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q =
        store_prepare(st, u.c,
                      "SELECT c.id, c.kiosk, c.seq, c.attendee_id, c.session_id, c.direction, "
                      "c.at_ms, c.method, c.undoes, c.override, c.reason, c.registration_id, "
                      "a.name, "
                      "CASE s.title WHEN '' THEN s.name ELSE s.title END FROM admissions c "
                      "JOIN attendees a ON a.id = c.attendee_id "
                      "JOIN sessions s ON s.id = c.session_id "
                      "ORDER BY c.at_ms DESC, c.id DESC LIMIT ?",
                      "read check-ins", why);
    if (q == NULL)
        goto out;
    sqlite3_bind_int(q, 1, n);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_event ev;
        store_read_event(q, &ev);
        if (!fn(ctx, &ev, store_column_text(q, 12), store_column_text(q, 13)))
            break;
    }
    ok = rc == SQLITE_ROW || rc == SQLITE_DONE || store_fail(st, u.c, why, "read check-ins");
    sqlite3_finalize(q);
out:
    store_leave(st, &u);
    return ok;
}

bool store_add_event(struct store *st, struct store_event *ev, char **why)
{
    struct store_use u;
    if (!store_enter(st, true, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_stmt(st, u.c, STMT_RECORD, why);
    if (q == NULL)
        goto out;
    sqlite3_bind_text(q, 1, ev->kiosk, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, ev->seq);
    sqlite3_bind_int64(q, 3, ev->attendee_id);
    sqlite3_bind_int64(q, 4, ev->session_id);
    sqlite3_bind_text(q, 5, ev->out ? "out" : "in", -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 6, ev->at_ms);
    sqlite3_bind_text(q, 7, store_method_name(ev->method), -1, SQLITE_STATIC);
    if (ev->undoes)
        sqlite3_bind_int64(q, 8, ev->undoes);
    sqlite3_bind_int(q, 9, ev->override);
    sqlite3_bind_text(q, 10, ev->reason, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 11, ev->offline);
    sqlite3_bind_int64(q, 12, ev->registration_id);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) {
        store_fail(st, u.c, why, "record check-in");
        goto out;
    }
    ev->id = sqlite3_last_insert_rowid(u.c->db);
    ok = true;
out:
    store_leave(st, &u);
    return ok;
}

bool store_next_seq(struct store *st, const char *kiosk, int64_t *seq, char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_stmt(st, u.c, STMT_NEXT_SEQ, why);
    if (q) {
        sqlite3_bind_text(q, 1, kiosk, -1, SQLITE_STATIC);
        ok = sqlite3_step(q) == SQLITE_ROW || store_fail(st, u.c, why, "number check-in");
        if (ok)
            *seq = sqlite3_column_int64(q, 0);
        sqlite3_reset(q);
    }
    store_leave(st, &u);
    return ok;
}

bool store_record(struct store *st, struct store_event *ev, char **why)
{
    bool own = !store_in_transaction(st);
    if (own && !store_begin(st, why))
        return false;
    /* Inside a transaction now: the writer is this thread's. */
    sqlite3_stmt *q = store_stmt(st, &st->writer, STMT_NEXT_SEQ, why);
    if (q == NULL)
        goto fail;
    sqlite3_bind_text(q, 1, ev->kiosk, -1, SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_ROW) {
        store_fail(st, &st->writer, why, "number check-in");
        sqlite3_reset(q);
        goto fail;
    }
    ev->seq = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    if (!store_add_event(st, ev, why))
        goto fail;
    return !own || store_commit(st, why);
fail:
    if (own)
        store_rollback(st);
    return false;
}

int store_find_event(struct store *st, const char *kiosk, int64_t seq, struct store_event *ev,
                     char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return -1;
    int rc = -1;
    sqlite3_stmt *q = store_stmt(st, u.c, STMT_FIND_EVENT, why);
    if (q) {
        sqlite3_bind_text(q, 1, kiosk, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, seq);
        rc = step_event(st, u.c, q, ev, why);
    }
    store_leave(st, &u);
    return rc;
}

/* SQL: attendee a holds a registration on the list walk-in. */
#define WALK_IN                                                                                    \
    "EXISTS (SELECT 1 FROM registrations w JOIN lists wl ON wl.id = w.list_id"                     \
    " WHERE w.attendee_id = a.id AND wl.name = '" STORE_WALK_IN "')"

bool store_each_journal_row(struct store *st, enum store_order order,
                            bool (*fn)(void *ctx, const struct store_journal_row *row), void *ctx,
                            char **why)
{
    static const char *const sql[] = {
        [STORE_BY_ID] =
            "SELECT c.kiosk, c.seq, c.at_ms, s.name, s.title, c.direction, c.method,"
            "  a.code, a.name, a.organisation, a.category, u.kiosk, u.seq, c.override, c.reason,"
            "  " WALK_IN ", c.offline"
            " FROM checkins c JOIN attendees a ON a.id = c.attendee_id"
            " JOIN sessions s ON s.id = c.session_id"
            " LEFT JOIN checkins u ON u.id = c.undoes ORDER BY c.id",
        [STORE_BY_TIME] =
            "SELECT c.kiosk, c.seq, c.at_ms, s.name, s.title, c.direction, c.method,"
            "  a.code, a.name, a.organisation, a.category, u.kiosk, u.seq, c.override, c.reason,"
            "  " WALK_IN ", c.offline"
            " FROM checkins c JOIN attendees a ON a.id = c.attendee_id"
            " JOIN sessions s ON s.id = c.session_id"
            " LEFT JOIN checkins u ON u.id = c.undoes"
            " ORDER BY c.at_ms, c.kiosk, c.seq",
        [STORE_OUTBOX] =
            "SELECT c.kiosk, c.seq, c.at_ms, s.name, s.title, c.direction, c.method,"
            "  a.code, a.name, a.organisation, a.category, u.kiosk, u.seq, c.override, c.reason,"
            "  " WALK_IN ", c.offline"
            " FROM outbox o JOIN checkins c ON c.id = o.checkin_id"
            " JOIN attendees a ON a.id = c.attendee_id"
            " JOIN sessions s ON s.id = c.session_id"
            " LEFT JOIN checkins u ON u.id = c.undoes ORDER BY c.id LIMIT 500",
    };
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(st, u.c, sql[order], "read check-ins", why);
    if (q == NULL)
        goto out;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_journal_row row = {
            .kiosk = store_column_text(q, 0),
            .seq = sqlite3_column_int64(q, 1),
            .at_ms = sqlite3_column_int64(q, 2),
            .session = store_column_text(q, 3),
            .session_title = store_column_text(q, 4),
            .direction = store_column_text(q, 5),
            .method = store_column_text(q, 6),
            .code = store_column_text(q, 7),
            .name = store_column_text(q, 8),
            .organisation = store_column_text(q, 9),
            .category = store_column_text(q, 10),
            .undoes_kiosk =
                sqlite3_column_type(q, 11) == SQLITE_NULL ? NULL : store_column_text(q, 11),
            .undoes_seq = sqlite3_column_int64(q, 12),
            .override = sqlite3_column_int(q, 13) != 0,
            .reason = store_column_text(q, 14),
            .walk_in = sqlite3_column_int(q, 15) != 0,
            .offline = sqlite3_column_int(q, 16) != 0,
        };
        if (!fn(ctx, &row))
            break;
    }
    ok = rc == SQLITE_ROW || rc == SQLITE_DONE || store_fail(st, u.c, why, "read check-ins");
    sqlite3_finalize(q);
out:
    store_leave(st, &u);
    return ok;
}

/* Run the insert sql, binding with bind(q, arg); what names it in messages. */
static bool insert(struct store *st, const char *sql, const char *what,
                   void (*bind)(sqlite3_stmt *q, const void *arg), const void *arg, char **why)
{
    struct store_use u;
    if (!store_enter(st, true, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(st, u.c, sql, what, why);
    if (q) {
        bind(q, arg);
        ok = sqlite3_step(q) == SQLITE_DONE || store_fail(st, u.c, why, what);
        sqlite3_finalize(q);
    }
    store_leave(st, &u);
    return ok;
}

static void bind_import(sqlite3_stmt *q, const void *arg)
{
    const struct store_import *imp = arg;
    char sep[2] = { imp->separator, '\0' };
    sqlite3_bind_text(q, 1, imp->file, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, imp->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, imp->at_ms);
    sqlite3_bind_text(q, 4, imp->encoding, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, sep, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(q, 6, (int)imp->rows);
    sqlite3_bind_int(q, 7, (int)imp->added);
    sqlite3_bind_int(q, 8, (int)imp->updated);
    sqlite3_bind_int(q, 9, (int)imp->cancelled);
    sqlite3_bind_int(q, 10, (int)imp->unchanged);
    if (imp->list_id)
        sqlite3_bind_int64(q, 11, imp->list_id);
}

bool store_log_import(struct store *st, const struct store_import *imp, char **why)
{
    return insert(st,
                  "INSERT INTO imports (file, sha256, at_ms, encoding, separator, rows, "
                  "added, updated, cancelled, unchanged, list_id) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  "log import", bind_import, imp, why);
}

struct print {
    int64_t attendee_id, at_ms;
    const char *printer, *result;
    int job_id;
    bool ok;
};

static void bind_print(sqlite3_stmt *q, const void *arg)
{
    const struct print *p = arg;
    sqlite3_bind_int64(q, 1, p->attendee_id);
    sqlite3_bind_int64(q, 2, p->at_ms);
    sqlite3_bind_text(q, 3, p->printer, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 4, p->job_id);
    sqlite3_bind_int(q, 5, p->ok);
    sqlite3_bind_text(q, 6, p->result, -1, SQLITE_STATIC);
}

bool store_log_print(struct store *st, int64_t attendee_id, int64_t at_ms, const char *printer,
                     int job_id, bool ok, const char *result, char **why)
{
    struct print p = { attendee_id, at_ms, printer, result, job_id, ok };
    return insert(st,
                  "INSERT INTO prints (attendee_id, at_ms, printer, job_id, ok, result) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  "log print", bind_print, &p, why);
}

int store_last_import(struct store *st, int64_t *at_ms, char *file, size_t size, char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return -1;
    int found = -1;
    sqlite3_stmt *q = store_prepare(
        st, u.c, "SELECT at_ms, file FROM imports ORDER BY id DESC LIMIT 1", "read imports", why);
    if (q) {
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            *at_ms = sqlite3_column_int64(q, 0);
            snprintf(file, size, "%s", store_column_text(q, 1));
            found = 1;
        } else if (rc == SQLITE_DONE) {
            found = 0;
        } else {
            store_fail(st, u.c, why, "read imports");
        }
        sqlite3_finalize(q);
    }
    store_leave(st, &u);
    return found;
}
