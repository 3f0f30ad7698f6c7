/*
 * The SQLite store. Statements used on hot paths (a check-in, a row of an
 * import) are prepared once and kept; the schema and its migrations are
 * the list below, applied in order from the database's user_version.
 */
#include "entrada/store.h"
#include "entrada/xmalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* migrations[i] takes a database from user_version i to i + 1. */
static const char *const migrations[STORE_SCHEMA_VERSION] = {
    "CREATE TABLE imports ("
    "  id INTEGER PRIMARY KEY,"
    "  file TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  at_ms INTEGER NOT NULL,"
    "  encoding TEXT NOT NULL,"
    "  separator TEXT NOT NULL,"
    "  rows INTEGER NOT NULL,"
    "  added INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL,"
    "  cancelled INTEGER NOT NULL,"
    "  unchanged INTEGER NOT NULL);"
    "CREATE TABLE attendees ("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  code_generated INTEGER NOT NULL DEFAULT 0,"
    "  name TEXT NOT NULL,"
    "  first_name TEXT NOT NULL DEFAULT '',"
    "  last_name TEXT NOT NULL DEFAULT '',"
    "  organisation TEXT NOT NULL DEFAULT '',"
    "  email TEXT NOT NULL DEFAULT '',"
    "  category TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),"
    "  search_key TEXT NOT NULL,"
    "  extra TEXT NOT NULL DEFAULT '{}');"
    "CREATE TABLE sessions ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  title TEXT NOT NULL DEFAULT '');"
    "INSERT INTO sessions (name, title) VALUES ('main', 'Main session');"
    "CREATE TABLE checkins ("
    "  id INTEGER PRIMARY KEY,"
    "  kiosk TEXT NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  attendee_id INTEGER NOT NULL REFERENCES attendees (id),"
    "  session_id INTEGER NOT NULL REFERENCES sessions (id),"
    "  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),"
    "  at_ms INTEGER NOT NULL,"
    "  method TEXT NOT NULL CHECK (method IN ('camera', 'scanner', 'search', 'staff')),"
    "  UNIQUE (kiosk, seq));"
    "CREATE INDEX checkins_by_attendee ON checkins (attendee_id, session_id, direction, at_ms);"
    "CREATE TRIGGER checkins_no_update BEFORE UPDATE ON checkins"
    "  BEGIN SELECT RAISE(ABORT, 'the check-in journal is append-only'); END;"
    "CREATE TRIGGER checkins_no_delete BEFORE DELETE ON checkins"
    "  BEGIN SELECT RAISE(ABORT, 'the check-in journal is append-only'); END;",

    /* 2: undoing a check-in appends an event naming the one it undoes. */
    "ALTER TABLE checkins ADD COLUMN undoes INTEGER REFERENCES checkins (id);"
    "CREATE UNIQUE INDEX checkins_undone ON checkins (undoes) WHERE undoes IS NOT NULL;"
    "CREATE VIEW admissions AS SELECT * FROM checkins c WHERE c.direction = 'in'"
    "  AND NOT EXISTS (SELECT 1 FROM checkins u WHERE u.undoes = c.id);",

    /* 3: every badge printed, or tried. */
    "CREATE TABLE prints ("
    "  id INTEGER PRIMARY KEY,"
    "  attendee_id INTEGER NOT NULL REFERENCES attendees (id),"
    "  at_ms INTEGER NOT NULL,"
    "  printer TEXT NOT NULL,"
    "  job_id INTEGER NOT NULL,"
    "  ok INTEGER NOT NULL,"
    "  result TEXT NOT NULL);",
};

enum stmt {
    STMT_FIND_CODE,
    STMT_FIND_ID,
    STMT_MATCH,
    STMT_INSERT,
    STMT_UPDATE,
    STMT_CANCEL,
    STMT_FIND_SESSION,
    STMT_FIRST_IN,
    STMT_LAST_IN,
    STMT_LAST_HERE,
    STMT_NEXT_SEQ,
    STMT_RECORD,
    STMT_FIND_EVENT,
    STMT_COUNT
};

#define ATTENDEE_COLUMNS                                                                           \
    "id, code, code_generated, name, first_name, last_name, organisation, email, category, "       \
    "status, search_key, extra"

#define EVENT_COLUMNS "id, kiosk, seq, attendee_id, session_id, direction, at_ms, method, undoes"

static const char *const stmt_sql[STMT_COUNT] = {
    [STMT_FIND_CODE] = ("SELECT " ATTENDEE_COLUMNS " FROM attendees WHERE code = ?"),
    [STMT_FIND_ID] = ("SELECT " ATTENDEE_COLUMNS " FROM attendees WHERE id = ?"),
    [STMT_MATCH] =
        ("SELECT id, code_generated = ?2 AND name = ?3 AND first_name = ?4 AND "
         "last_name = ?5 AND organisation = ?6 AND email = ?7 AND category = ?8 AND "
         "status = ?9 AND search_key = ?10 AND extra = ?11 FROM attendees WHERE code = ?1"),
    [STMT_INSERT] = ("INSERT INTO attendees (code, code_generated, name, first_name, last_name, "
                     "organisation, email, category, status, search_key, extra) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
    [STMT_UPDATE] = ("UPDATE attendees SET code = ?1, code_generated = ?2, name = ?3, "
                     "first_name = ?4, last_name = ?5, organisation = ?6, email = ?7, "
                     "category = ?8, status = ?9, search_key = ?10, extra = ?11 WHERE id = ?12"),
    [STMT_CANCEL] = ("UPDATE attendees SET status = ?2 WHERE id = ?1"),
    [STMT_FIND_SESSION] = ("SELECT id FROM sessions WHERE name = ?"),
    [STMT_FIRST_IN] = ("SELECT " EVENT_COLUMNS " FROM admissions WHERE attendee_id = ? AND "
                       "session_id = ? ORDER BY at_ms, id LIMIT 1"),
    [STMT_LAST_IN] = ("SELECT " EVENT_COLUMNS " FROM admissions WHERE attendee_id = ? AND "
                      "session_id = ? ORDER BY at_ms DESC, id DESC LIMIT 1"),
    [STMT_LAST_HERE] = ("SELECT " EVENT_COLUMNS " FROM admissions WHERE kiosk = ? "
                        "ORDER BY at_ms DESC, id DESC LIMIT 1"),
    [STMT_NEXT_SEQ] = ("SELECT COALESCE(MAX(seq), 0) + 1 FROM checkins WHERE kiosk = ?"),
    [STMT_RECORD] = ("INSERT INTO checkins (kiosk, seq, attendee_id, session_id, direction, "
                     "at_ms, method, undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
    [STMT_FIND_EVENT] = ("SELECT " EVENT_COLUMNS " FROM checkins WHERE kiosk = ? AND seq = ?"),
};

struct store {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *stmt[STMT_COUNT];
    bool in_transaction;
};

static bool fail(struct store *st, char **why, const char *what)
{
    *why = xasprintf("%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
    return false;
}

static bool exec(struct store *st, const char *sql, char **why)
{
    char *err = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        *why = xasprintf("%s: %s", st->path, err ? err : sqlite3_errmsg(st->db));
        sqlite3_free(err);
        return false;
    }
    return true;
}

/* The prepared statement s, reset and unbound, ready for use. */
static sqlite3_stmt *stmt(struct store *st, enum stmt s, char **why)
{
    if (st->stmt[s] == NULL) {
        if (sqlite3_prepare_v3(st->db, stmt_sql[s], -1, SQLITE_PREPARE_PERSISTENT, &st->stmt[s],
                               NULL) != SQLITE_OK) {
            fail(st, why, "prepare");
            return NULL;
        }
    } else {
        sqlite3_reset(st->stmt[s]);
        sqlite3_clear_bindings(st->stmt[s]);
    }
    return st->stmt[s];
}

static bool migrate(struct store *st, char **why)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK)
        return fail(st, why, "read schema version");
    int version = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
    sqlite3_finalize(q);
    if (version > STORE_SCHEMA_VERSION) {
        *why = xasprintf("%s: made by a newer entrada (schema %d, this one knows %d)", st->path,
                         version, STORE_SCHEMA_VERSION);
        return false;
    }
    for (int v = version; v < STORE_SCHEMA_VERSION; v++) {
        if (!store_begin(st, why))
            return false;
        char setv[64];
        snprintf(setv, sizeof setv, "PRAGMA user_version = %d", v + 1);
        if (!exec(st, migrations[v], why) || !exec(st, setv, why)) {
            store_rollback(st);
            return false;
        }
        if (!store_commit(st, why))
            return false;
    }
    return true;
}

struct store *store_open(const char *path, char **why)
{
    struct store *st = xcalloc(1, sizeof *st);
    st->path = xstrdup(path);
    if (sqlite3_open_v2(path, &st->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        if (st->db == NULL)
            *why = xasprintf("%s: cannot open database", path);
        else
            fail(st, why, "cannot open database");
        goto fail;
    }
    sqlite3_busy_timeout(st->db, 5000);
    sqlite3_extended_result_codes(st->db, 1);
    if (!exec(st,
              "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
              "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON",
              why))
        goto fail;
    /* Fails here, not later, on a file that is not a database. */
    if (!migrate(st, why))
        goto fail;
    return st;
fail:
    store_close(st);
    return NULL;
}

void store_close(struct store *st)
{
    if (st == NULL)
        return;
    for (int i = 0; i < STMT_COUNT; i++)
        sqlite3_finalize(st->stmt[i]);
    sqlite3_close(st->db);
    free(st->path);
    free(st);
}

struct sqlite3 *store_db(struct store *st)
{
    return st->db;
}

bool store_begin(struct store *st, char **why)
{
    if (!exec(st, "BEGIN IMMEDIATE", why))
        return false;
    st->in_transaction = true;
    return true;
}

bool store_commit(struct store *st, char **why)
{
    if (!exec(st, "COMMIT", why)) {
        store_rollback(st);
        return false;
    }
    st->in_transaction = false;
    return true;
}

void store_rollback(struct store *st)
{
    if (sqlite3_get_autocommit(st->db) == 0)
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    st->in_transaction = false;
}

static char *column_text(sqlite3_stmt *q, int i)
{
    const unsigned char *s = sqlite3_column_text(q, i);
    return xstrdup(s ? (const char *)s : "");
}

static void read_attendee(sqlite3_stmt *q, struct attendee *a)
{
    a->id = sqlite3_column_int64(q, 0);
    a->code = column_text(q, 1);
    a->code_generated = sqlite3_column_int(q, 2) != 0;
    a->name = column_text(q, 3);
    a->first_name = column_text(q, 4);
    a->last_name = column_text(q, 5);
    a->organisation = column_text(q, 6);
    a->email = column_text(q, 7);
    a->category = column_text(q, 8);
    a->cancelled = strcmp((const char *)sqlite3_column_text(q, 9), "cancelled") == 0;
    a->search_key = column_text(q, 10);
    a->extra = column_text(q, 11);
}

static int find_one(struct store *st, sqlite3_stmt *q, struct attendee *out, char **why)
{
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        read_attendee(q, out);
        sqlite3_reset(q);
        return 1;
    }
    sqlite3_reset(q);
    if (rc == SQLITE_DONE)
        return 0;
    fail(st, why, "look up attendee");
    return -1;
}

int store_find_attendee(struct store *st, const char *code, struct attendee *out, char **why)
{
    sqlite3_stmt *q = stmt(st, STMT_FIND_CODE, why);
    if (q == NULL)
        return -1;
    sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
    return find_one(st, q, out, why);
}

int store_get_attendee(struct store *st, int64_t id, struct attendee *out, char **why)
{
    sqlite3_stmt *q = stmt(st, STMT_FIND_ID, why);
    if (q == NULL)
        return -1;
    sqlite3_bind_int64(q, 1, id);
    return find_one(st, q, out, why);
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* Bind every field of a as ?1 (code) to ?11 (extra). */
static void bind_attendee(sqlite3_stmt *q, struct attendee *a)
{
    if (a->search_key == NULL)
        attendee_make_search_key(a);
    sqlite3_bind_text(q, 1, a->code, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 2, a->code_generated);
    sqlite3_bind_text(q, 3, or_empty(a->name), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, or_empty(a->first_name), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, or_empty(a->last_name), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, or_empty(a->organisation), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 7, or_empty(a->email), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 8, or_empty(a->category), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 9, a->cancelled ? "cancelled" : "active", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 10, a->search_key, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 11, a->extra && a->extra[0] ? a->extra : "{}", -1, SQLITE_STATIC);
}

int store_match_attendee(struct store *st, struct attendee *a, int64_t *id, bool *same, char **why)
{
    sqlite3_stmt *q = stmt(st, STMT_MATCH, why);
    if (q == NULL)
        return -1;
    bind_attendee(q, a);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(q, 0);
        *same = sqlite3_column_int(q, 1) == 1;
    }
    sqlite3_reset(q);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    fail(st, why, "look up attendee");
    return -1;
}

bool store_put_attendee(struct store *st, struct attendee *a, char **why)
{
    sqlite3_stmt *q = stmt(st, a->id ? STMT_UPDATE : STMT_INSERT, why);
    if (q == NULL)
        return false;
    bind_attendee(q, a);
    if (a->id)
        sqlite3_bind_int64(q, 12, a->id);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return fail(st, why, a->id ? "update attendee" : "add attendee");
    if (a->id == 0)
        a->id = sqlite3_last_insert_rowid(st->db);
    return true;
}

bool store_set_cancelled(struct store *st, int64_t id, bool cancelled, char **why)
{
    sqlite3_stmt *q = stmt(st, STMT_CANCEL, why);
    if (q == NULL)
        return false;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_text(q, 2, cancelled ? "cancelled" : "active", -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    return rc == SQLITE_DONE || fail(st, why, "cancel attendee");
}

bool store_each_attendee(struct store *st, enum store_which which,
                         bool (*fn)(void *ctx, const struct attendee *a), void *ctx, char **why)
{
    static const char *const sql[] = {
        [STORE_ALL] = "SELECT " ATTENDEE_COLUMNS " FROM attendees ORDER BY code",
        [STORE_MADE_CODES] =
            "SELECT " ATTENDEE_COLUMNS " FROM attendees WHERE code_generated ORDER BY code",
    };
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, sql[which], -1, &q, NULL) != SQLITE_OK)
        return fail(st, why, "list attendees");
    int rc;
    bool ok = true;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct attendee a = { 0 };
        read_attendee(q, &a);
        bool more = fn(ctx, &a);
        attendee_clear(&a);
        if (!more)
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        ok = fail(st, why, "list attendees");
    sqlite3_finalize(q);
    return ok;
}

bool store_active_ids(struct store *st, int64_t **ids, size_t *n, char **why)
{
    sqlite3_stmt *q;
    *ids = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(st->db, "SELECT id FROM attendees WHERE status = 'active' ORDER BY id",
                           -1, &q, NULL) != SQLITE_OK)
        return fail(st, why, "list attendees");
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 1024;
            *ids = xreallocarray(*ids, cap, sizeof **ids);
        }
        (*ids)[(*n)++] = sqlite3_column_int64(q, 0);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE || fail(st, why, "list attendees");
}

bool store_count_attendees(struct store *st, bool active_only, int64_t *n, char **why)
{
    sqlite3_stmt *q;
    const char *sql = active_only ? "SELECT COUNT(*) FROM attendees WHERE status = 'active'"
                                  : "SELECT COUNT(*) FROM attendees";
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
        return fail(st, why, "count attendees");
    bool ok = sqlite3_step(q) == SQLITE_ROW;
    *n = ok ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    return ok || fail(st, why, "count attendees");
}

int store_find_session(struct store *st, const char *name, int64_t *id, char **why)
{
    sqlite3_stmt *q = stmt(st, STMT_FIND_SESSION, why);
    if (q == NULL)
        return -1;
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    fail(st, why, "look up session");
    return -1;
}

bool store_add_session(struct store *st, const char *name, const char *title, char **why)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "INSERT INTO sessions (name, title) VALUES (?, ?)", -1, &q,
                           NULL) != SQLITE_OK)
        return fail(st, why, "add session");
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, title ? title : "", -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc == SQLITE_CONSTRAINT_UNIQUE) {
        *why = xasprintf("a session named \"%s\" exists already", name);
        return false;
    }
    return rc == SQLITE_DONE || fail(st, why, "add session");
}

bool store_each_session(struct store *st,
                        bool (*fn)(void *ctx, int64_t id, const char *name, const char *title),
                        void *ctx, char **why)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "SELECT id, name, title FROM sessions ORDER BY id", -1, &q,
                           NULL) != SQLITE_OK)
        return fail(st, why, "list sessions");
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if (!fn(ctx, sqlite3_column_int64(q, 0), (const char *)sqlite3_column_text(q, 1),
                (const char *)sqlite3_column_text(q, 2)))
            break;
    bool ok = rc == SQLITE_ROW || rc == SQLITE_DONE || fail(st, why, "list sessions");
    sqlite3_finalize(q);
    return ok;
}

static void read_event(sqlite3_stmt *q, struct store_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->id = sqlite3_column_int64(q, 0);
    snprintf(ev->kiosk, sizeof ev->kiosk, "%s", (const char *)sqlite3_column_text(q, 1));
    ev->seq = sqlite3_column_int64(q, 2);
    ev->attendee_id = sqlite3_column_int64(q, 3);
    ev->session_id = sqlite3_column_int64(q, 4);
    ev->out = strcmp((const char *)sqlite3_column_text(q, 5), "out") == 0;
    ev->at_ms = sqlite3_column_int64(q, 6);
    store_method_parse((const char *)sqlite3_column_text(q, 7), &ev->method);
    ev->undoes = sqlite3_column_int64(q, 8);
}

/* Step q (bound already) for at most one event: 1 (*ev filled), 0 none, -1 error. */
static int step_event(struct store *st, sqlite3_stmt *q, struct store_event *ev, char **why)
{
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        read_event(q, ev);
    sqlite3_reset(q);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    fail(st, why, "read check-ins");
    return -1;
}

static int one_event(struct store *st, enum stmt s, int64_t attendee_id, int64_t session_id,
                     struct store_event *ev, char **why)
{
    sqlite3_stmt *q = stmt(st, s, why);
    if (q == NULL)
        return -1;
    sqlite3_bind_int64(q, 1, attendee_id);
    sqlite3_bind_int64(q, 2, session_id);
    return step_event(st, q, ev, why);
}

int store_first_last_in(struct store *st, int64_t attendee_id, int64_t session_id,
                        struct store_event *first, struct store_event *last, char **why)
{
    int rc = one_event(st, STMT_FIRST_IN, attendee_id, session_id, first, why);
    if (rc != 1)
        return rc;
    return one_event(st, STMT_LAST_IN, attendee_id, session_id, last, why);
}

int store_last_admission(struct store *st, const char *kiosk, struct store_event *ev, char **why)
{
    sqlite3_stmt *q = stmt(st, STMT_LAST_HERE, why);
    if (q == NULL)
        return -1;
    sqlite3_bind_text(q, 1, kiosk, -1, SQLITE_STATIC);
    return step_event(st, q, ev, why);
}

bool store_recent_admissions(struct store *st, int n,
                             bool (*fn)(void *ctx, const struct store_event *ev, const char *name,
                                        const char *session),
                             void *ctx, char **why)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT c.id, c.kiosk, c.seq, c.attendee_id, c.session_id, c.direction, "
                           "c.at_ms, c.method, c.undoes, a.name, s.name FROM admissions c "
                           "JOIN attendees a ON a.id = c.attendee_id "
                           "JOIN sessions s ON s.id = c.session_id "
                           "ORDER BY c.at_ms DESC, c.id DESC LIMIT ?",
                           -1, &q, NULL) != SQLITE_OK)
        return fail(st, why, "read check-ins");
    sqlite3_bind_int(q, 1, n);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_event ev;
        read_event(q, &ev);
        if (!fn(ctx, &ev, (const char *)sqlite3_column_text(q, 9),
                (const char *)sqlite3_column_text(q, 10)))
            break;
    }
    bool ok = rc == SQLITE_ROW || rc == SQLITE_DONE || fail(st, why, "read check-ins");
    sqlite3_finalize(q);
    return ok;
}

bool store_add_event(struct store *st, struct store_event *ev, char **why)
{
    sqlite3_stmt *q = stmt(st, STMT_RECORD, why);
    if (q == NULL)
        return false;
    sqlite3_bind_text(q, 1, ev->kiosk, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, ev->seq);
    sqlite3_bind_int64(q, 3, ev->attendee_id);
    sqlite3_bind_int64(q, 4, ev->session_id);
    sqlite3_bind_text(q, 5, ev->out ? "out" : "in", -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 6, ev->at_ms);
    sqlite3_bind_text(q, 7, store_method_name(ev->method), -1, SQLITE_STATIC);
    if (ev->undoes)
        sqlite3_bind_int64(q, 8, ev->undoes);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return fail(st, why, "record check-in");
    ev->id = sqlite3_last_insert_rowid(st->db);
    return true;
}

bool store_record(struct store *st, struct store_event *ev, char **why)
{
    bool own = !st->in_transaction;
    if (own && !store_begin(st, why))
        return false;
    sqlite3_stmt *q = stmt(st, STMT_NEXT_SEQ, why);
    if (q == NULL)
        goto fail;
    sqlite3_bind_text(q, 1, ev->kiosk, -1, SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_ROW) {
        fail(st, why, "number check-in");
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
    sqlite3_stmt *q = stmt(st, STMT_FIND_EVENT, why);
    if (q == NULL)
        return -1;
    sqlite3_bind_text(q, 1, kiosk, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, seq);
    return step_event(st, q, ev, why);
}

bool store_log_import(struct store *st, const struct store_import *imp, char **why)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO imports (file, sha256, at_ms, encoding, separator, rows, "
                           "added, updated, cancelled, unchanged) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &q, NULL) != SQLITE_OK)
        return fail(st, why, "log import");
    char sep[2] = { imp->separator, '\0' };
    sqlite3_bind_text(q, 1, imp->file, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, imp->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, imp->at_ms);
    sqlite3_bind_text(q, 4, imp->encoding, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, sep, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 6, (int)imp->rows);
    sqlite3_bind_int(q, 7, (int)imp->added);
    sqlite3_bind_int(q, 8, (int)imp->updated);
    sqlite3_bind_int(q, 9, (int)imp->cancelled);
    sqlite3_bind_int(q, 10, (int)imp->unchanged);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE || fail(st, why, "log import");
}

bool store_log_print(struct store *st, int64_t attendee_id, int64_t at_ms, const char *printer,
                     int job_id, bool ok, const char *result, char **why)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO prints (attendee_id, at_ms, printer, job_id, ok, result) "
                           "VALUES (?, ?, ?, ?, ?, ?)",
                           -1, &q, NULL) != SQLITE_OK)
        return fail(st, why, "log print");
    sqlite3_bind_int64(q, 1, attendee_id);
    sqlite3_bind_int64(q, 2, at_ms);
    sqlite3_bind_text(q, 3, printer, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 4, job_id);
    sqlite3_bind_int(q, 5, ok);
    sqlite3_bind_text(q, 6, result, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE || fail(st, why, "log print");
}

int store_last_import(struct store *st, int64_t *at_ms, char *file, size_t size, char **why)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "SELECT at_ms, file FROM imports ORDER BY id DESC LIMIT 1", -1,
                           &q, NULL) != SQLITE_OK) {
        fail(st, why, "read imports");
        return -1;
    }
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *at_ms = sqlite3_column_int64(q, 0);
        snprintf(file, size, "%s", (const char *)sqlite3_column_text(q, 1));
    }
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    fail(st, why, "read imports");
    return -1;
}

static const char *const method_names[] = {
    [STORE_CAMERA] = "camera",
    [STORE_SCANNER] = "scanner",
    [STORE_SEARCH] = "search",
    [STORE_STAFF] = "staff",
};

const char *store_method_name(enum store_method m)
{
    return method_names[m];
}

bool store_method_parse(const char *s, enum store_method *m)
{
    for (size_t i = 0; i < sizeof method_names / sizeof method_names[0]; i++)
        if (strcmp(s, method_names[i]) == 0) {
            *m = (enum store_method)i;
            return true;
        }
    return false;
}
