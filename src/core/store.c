/*
 * The SQLite store: opening, the schema and its migrations, the
 * connections and who may use them, transactions and snapshots. The
 * queries live beside it: store-attendees.c (attendees and sessions),
 * store-lists.c (lists, registrations and what a session admits; it writes
 * attendees), store-journal.c (check-ins and the logs), store-report.c
 * (counts and export rows). Here too: the helpers they all use and the SQL
 * functions entrada_fold and entrada_search_key.
 *
 * One writer connection: a transaction holds writer_lock from store_begin
 * to its commit or rollback, and a write from another thread waits for it.
 * Reads made outside the caller's own transaction go to read-only
 * connections (one per thread reading at the time, kept for reuse), which
 * see the last commit and never a transaction half done.
 */
#include "entrada/text.h"
#include "entrada/xmalloc.h"
#include "store-private.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* How long a write waits for another thread's transaction, as SQLite waits for another process's.
 */
#define STORE_WAIT_MS 5000

/*
 * Versions whose migration makes a table anew: foreign keys are off while
 * it runs, as SQLite's documentation asks, and checked before it commits.
 */
#define REBUILDS(version) ((version) == 4 || (version) == 6)

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

    /*
     * 4: registrations. An attendee (a person) holds one registration per
     * list, each with its code, status and the details that list gives;
     * the attendee row shows the best of them. Sessions may be limited to
     * lists and to a kept column's value; refused scans are logged apart
     * from the journal. The attendees table is made anew to allow the
     * status "unpaid" (SQLite cannot change a CHECK), with foreign keys
     * off and checked before the commit (migrate, REBUILDS). The status
     * CHECKs are written as ORs: SQLite evaluates an IN list of three or
     * more values by building a temporary table on every row written,
     * which took a third of an import's work.
     */
    "CREATE TABLE lists ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE);"
    "INSERT INTO lists (name) VALUES ('main');"
    "CREATE TABLE attendees_new ("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  code_generated INTEGER NOT NULL DEFAULT 0,"
    "  name TEXT NOT NULL,"
    "  first_name TEXT NOT NULL DEFAULT '',"
    "  last_name TEXT NOT NULL DEFAULT '',"
    "  organisation TEXT NOT NULL DEFAULT '',"
    "  email TEXT NOT NULL DEFAULT '',"
    "  category TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL DEFAULT 'active'"
    "    CHECK (status = 'active' OR status = 'unpaid' OR status = 'cancelled'),"
    "  search_key TEXT NOT NULL,"
    "  extra TEXT NOT NULL DEFAULT '{}',"
    "  comment TEXT NOT NULL DEFAULT '',"
    "  attention INTEGER NOT NULL DEFAULT 0,"
    "  lists TEXT NOT NULL DEFAULT '');"
    "INSERT INTO attendees_new (id, code, code_generated, name, first_name, last_name,"
    "  organisation, email, category, status, search_key, extra, lists)"
    "  SELECT id, code, code_generated, name, first_name, last_name, organisation, email,"
    "  category, status, search_key, extra, 'main' FROM attendees;"
    "DROP TABLE attendees;"
    "ALTER TABLE attendees_new RENAME TO attendees;"
    "CREATE TABLE registrations ("
    "  id INTEGER PRIMARY KEY,"
    "  attendee_id INTEGER NOT NULL REFERENCES attendees (id),"
    "  list_id INTEGER NOT NULL REFERENCES lists (id),"
    "  code TEXT NOT NULL UNIQUE,"
    "  code_generated INTEGER NOT NULL DEFAULT 0,"
    "  name TEXT NOT NULL,"
    "  first_name TEXT NOT NULL DEFAULT '',"
    "  last_name TEXT NOT NULL DEFAULT '',"
    "  organisation TEXT NOT NULL DEFAULT '',"
    "  email TEXT NOT NULL DEFAULT '',"
    "  category TEXT NOT NULL DEFAULT '',"
    "  comment TEXT NOT NULL DEFAULT '',"
    "  attention INTEGER NOT NULL DEFAULT 0,"
    "  status TEXT NOT NULL DEFAULT 'active'"
    "    CHECK (status = 'active' OR status = 'unpaid' OR status = 'cancelled'),"
    "  extra TEXT NOT NULL DEFAULT '{}',"
    "  name_key TEXT NOT NULL DEFAULT '',"
    "  email_key TEXT NOT NULL DEFAULT '',"
    "  org_key TEXT NOT NULL DEFAULT '');"
    "INSERT INTO registrations (attendee_id, list_id, code, code_generated, name, first_name,"
    "  last_name, organisation, email, category, status, extra)"
    "  SELECT id, 1, code, code_generated, name, first_name, last_name, organisation, email,"
    "  category, status, extra FROM attendees;"
    "CREATE INDEX registrations_by_list ON registrations (list_id);"
    "CREATE INDEX registrations_by_attendee ON registrations (attendee_id);" STORE_PERSON_INDEX ";"
    "ALTER TABLE imports ADD COLUMN list_id INTEGER REFERENCES lists (id);"
    "UPDATE imports SET list_id = 1;"
    "ALTER TABLE sessions ADD COLUMN lists TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE sessions ADD COLUMN where_column TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE sessions ADD COLUMN where_value TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE checkins ADD COLUMN override INTEGER NOT NULL DEFAULT 0;"
    "PRAGMA application_id = 1701737586;" /* "entr": wipe refuses other files */
    "CREATE TABLE settings ("
    "  name TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL);"
    "CREATE TABLE refusals ("
    "  id INTEGER PRIMARY KEY,"
    "  kiosk TEXT NOT NULL,"
    "  at_ms INTEGER NOT NULL,"
    "  attendee_id INTEGER NOT NULL REFERENCES attendees (id),"
    "  session_id INTEGER NOT NULL REFERENCES sessions (id),"
    "  verdict TEXT NOT NULL,"
    "  method TEXT NOT NULL);",

    /*
     * 5: the staff desk. Why staff admitted someone anyway (an override's
     * reason) and badges handed out at the desk. (Walk-ins are a list,
     * walk-in, made with the first of them.)
     */
    "ALTER TABLE checkins ADD COLUMN reason TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE handouts ("
    "  attendee_id INTEGER PRIMARY KEY REFERENCES attendees (id),"
    "  at_ms INTEGER NOT NULL,"
    "  kiosk TEXT NOT NULL);",

    /*
     * 6: a person is a thin row, persons, pointing at the registration it
     * shows (registration_id, the best of theirs) with what is kept for
     * the person: status and category (indexed, for counts without a
     * scan), lists and search key. attendees is a view of the two, so that
     * an import writes each new person's details once, not twice. The
     * attendees table is renamed first, so that every foreign key naming
     * it names persons; then made anew (REBUILDS). A person whose code no
     * registration has (never made since schema 4) gets one on main. The
     * index of registrations by list goes: the queries by list are an
     * import's, which read the list whole anyway.
     */
    "ALTER TABLE attendees RENAME TO persons;"
    "INSERT INTO registrations (attendee_id, list_id, code, code_generated, name, first_name,"
    "  last_name, organisation, email, category, comment, attention, status, extra)"
    "  SELECT p.id, (SELECT id FROM lists WHERE name = 'main'), p.code, p.code_generated,"
    "  p.name, p.first_name, p.last_name, p.organisation, p.email, p.category, p.comment,"
    "  p.attention, p.status, p.extra FROM persons p"
    "  WHERE NOT EXISTS (SELECT 1 FROM registrations r WHERE r.code = p.code);"
    "CREATE TABLE persons_new ("
    "  id INTEGER PRIMARY KEY,"
    "  registration_id INTEGER NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'active'"
    "    CHECK (status = 'active' OR status = 'unpaid' OR status = 'cancelled'),"
    "  category TEXT NOT NULL DEFAULT '',"
    "  lists TEXT NOT NULL DEFAULT '',"
    "  search_key TEXT NOT NULL DEFAULT '');"
    "INSERT INTO persons_new (id, registration_id, status, category, lists, search_key)"
    "  SELECT p.id, r.id, p.status, p.category, p.lists, p.search_key"
    "  FROM persons p JOIN registrations r ON r.code = p.code;"
    "DROP TABLE persons;"
    "ALTER TABLE persons_new RENAME TO persons;"
    "CREATE INDEX persons_by_status ON persons (status, category);"
    "DROP INDEX registrations_by_list;"
    "CREATE VIEW attendees AS SELECT p.id AS id, r.code AS code,"
    "  r.code_generated AS code_generated, r.name AS name, r.first_name AS first_name,"
    "  r.last_name AS last_name, r.organisation AS organisation, r.email AS email,"
    "  r.category AS category, p.status AS status, p.search_key AS search_key,"
    "  r.extra AS extra, r.comment AS comment, r.attention AS attention, p.lists AS lists"
    "  FROM persons p JOIN registrations r ON r.id = p.registration_id;",

    /*
     * 7: several kiosks on one server. The outbox holds the events the
     * server has not acknowledged yet: every event recorded or merged goes
     * in (a trigger), a push or a pull from the server takes it out. A
     * check-in decided without the server's answer says so (offline). The
     * events already in the journal wait in the outbox too.
     */
    "ALTER TABLE checkins ADD COLUMN offline INTEGER NOT NULL DEFAULT 0;"
    "CREATE TABLE outbox (checkin_id INTEGER PRIMARY KEY REFERENCES checkins (id));"
    "INSERT INTO outbox SELECT id FROM checkins;"
    "CREATE TRIGGER checkins_outbox AFTER INSERT ON checkins"
    "  BEGIN INSERT INTO outbox VALUES (new.id); END;",

    /*
     * 8: search keys of names in other scripts made Latin ("Γεώργιος" is
     * found by "georgios"), with their other spellings ("mueller" for
     * "Müller"): every person's key made anew from the registration shown.
     */
    ("UPDATE persons SET search_key = (SELECT entrada_search_key(r.name, r.organisation, r.email)"
     "  FROM registrations r WHERE r.id = persons.registration_id);"),

    /*
     * 9: no index of persons by status and category. Building it took a
     * sixth of a 100,000-row import (its leading values are nearly all the
     * same, which is the costliest case for SQLite's sorter), for counts
     * that are read when staff open a screen: a scan of persons counts
     * 100,000 people in a few milliseconds.
     */
    "DROP INDEX IF EXISTS persons_by_status;",

    /*
     * 10: which registration's code a check-in was made with, so that a
     * person's other code shown within the repeat window is a second scan
     * (already), not the same one seen twice. 0 where not known: events
     * from other kiosks, and those recorded before.
     */
    "ALTER TABLE checkins ADD COLUMN registration_id INTEGER NOT NULL DEFAULT 0;",
};

/* STMT_HELD's last column: the value of the kept column ?2 names, "" if none or no ?2. */
#define HELD_WHERE_VALUE                                                                           \
    "CASE WHEN ?2 IS NULL THEN '' ELSE COALESCE(" STORE_KEPT_VALUE("r", "?2") ", '') END"

static const char *const stmt_sql[STMT_COUNT] = {
    [STMT_FIND_CODE] = ("SELECT " STORE_ATTENDEE_COLUMNS " FROM attendees WHERE id = "
                        "(SELECT attendee_id FROM registrations WHERE code = ?1)"),
    [STMT_FIND_ID] = ("SELECT " STORE_ATTENDEE_COLUMNS " FROM attendees WHERE id = ?"),
    [STMT_INSERT] = ("INSERT INTO persons (registration_id, status, category, lists, search_key) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)"),
    [STMT_UPDATE] = ("UPDATE persons SET registration_id = ?1, status = ?2, category = ?3, "
                     "lists = ?4, search_key = ?5 WHERE id = ?6"),
    [STMT_NEXT_REG] = ("SELECT COALESCE(MAX(id), 0) + 1 FROM registrations"),
    [STMT_FIND_SESSION] = ("SELECT id FROM sessions WHERE name = ?"),
    [STMT_FIRST_IN] = ("SELECT " STORE_EVENT_COLUMNS " FROM admissions WHERE attendee_id = ? AND "
                       "session_id = ? ORDER BY at_ms, id LIMIT 1"),
    [STMT_LAST_IN] = ("SELECT " STORE_EVENT_COLUMNS " FROM admissions WHERE attendee_id = ? AND "
                      "session_id = ? ORDER BY at_ms DESC, id DESC LIMIT 1"),
    [STMT_LAST_HERE] = ("SELECT " STORE_EVENT_COLUMNS " FROM admissions WHERE kiosk = ? "
                        "ORDER BY at_ms DESC, id DESC LIMIT 1"),
    [STMT_NEXT_SEQ] = ("SELECT COALESCE(MAX(seq), 0) + 1 FROM checkins WHERE kiosk = ?"),
    [STMT_RECORD] = ("INSERT INTO checkins (kiosk, seq, attendee_id, session_id, direction, "
                     "at_ms, method, undoes, override, reason, offline, registration_id) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
    [STMT_REG_MATCH] =
        ("SELECT r.id, r.attendee_id, r.list_id, l.name, r.code_generated = ?2 AND "
         "r.name = ?3 AND r.first_name = ?4 AND r.last_name = ?5 AND r.organisation = ?6 AND "
         "r.email = ?7 AND r.category = ?8 AND r.status = ?9 AND r.extra = ?10 AND "
         "r.comment = ?11 AND r.attention = ?12 FROM registrations r "
         "JOIN lists l ON l.id = r.list_id WHERE r.code = ?1"),
    [STMT_REG_INSERT] =
        ("INSERT INTO registrations (code, code_generated, name, first_name, last_name, "
         "organisation, email, category, status, extra, comment, attention, attendee_id, "
         "list_id, name_key, email_key, org_key, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
         "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"),
    [STMT_REG_UPDATE] =
        ("UPDATE registrations SET code = ?1, code_generated = ?2, name = ?3, first_name = ?4, "
         "last_name = ?5, organisation = ?6, email = ?7, category = ?8, status = ?9, "
         "extra = ?10, comment = ?11, attention = ?12, name_key = ?15, email_key = ?16, "
         "org_key = ?17 WHERE id = ?18"),
    /*
     * The same person on another list: the same name (word order and
     * accents aside) and e-mail address, or, where one of them has no
     * address, the same organisation; never someone already on this list.
     */
    [STMT_PERSON] =
        ("SELECT r.attendee_id FROM registrations r WHERE r.name_key = ?1 AND ?1 != '' AND "
         "((?2 != '' AND r.email_key = ?2) OR "
         "(?3 != '' AND r.org_key = ?3 AND (?2 = '' OR r.email_key = ''))) AND NOT EXISTS "
         "(SELECT 1 FROM registrations o WHERE o.attendee_id = r.attendee_id AND "
         "o.list_id = ?4) ORDER BY r.attendee_id LIMIT 1"),
    [STMT_CODE_TAKEN] = ("SELECT EXISTS (SELECT 1 FROM registrations WHERE code = ?1)"),
    [STMT_HELD] = ("SELECT r.id, r.list_id, l.name, r.status, r.code, r.code_generated, r.name, "
                   "r.first_name, r.last_name, r.organisation, r.email, r.category, r.comment, "
                   "r.attention, r.extra, " HELD_WHERE_VALUE " "
                   "FROM registrations r JOIN lists l ON l.id = r.list_id "
                   "WHERE r.attendee_id = ?1 ORDER BY CASE r.status WHEN 'active' THEN 0 "
                   "WHEN 'unpaid' THEN 1 ELSE 2 END, r.list_id, r.id"),
    [STMT_FIND_EVENT] =
        ("SELECT " STORE_EVENT_COLUMNS " FROM checkins WHERE kiosk = ? AND seq = ?"),
    [STMT_LIST_NAME] = ("SELECT name FROM lists WHERE id = ?"),
};

uintptr_t store_thread_id(void)
{
    static _Thread_local char me;
    return (uintptr_t)&me;
}

/* True if c's last error was a full disk (SQLite may call it "disk I/O error"). */
static bool disk_full(struct store_conn *c)
{
    int code = sqlite3_extended_errcode(c->db);
    return (code & 0xff) == SQLITE_FULL ||
           ((code & 0xff) == SQLITE_IOERR && sqlite3_system_errno(c->db) == ENOSPC);
}

#define DISK_FULL "the disk is full (nothing was lost: free some space and try again)"

bool store_fail(struct store *st, struct store_conn *c, char **why, const char *what)
{
    if (disk_full(c))
        *why = xasprintf("%s: %s: " DISK_FULL, st->path, what);
    else
        *why = xasprintf("%s: %s: %s", st->path, what, sqlite3_errmsg(c->db));
    return false;
}

const char *store_column_text(sqlite3_stmt *q, int i)
{
    const unsigned char *s = sqlite3_column_text(q, i);
    return s ? (const char *)s : "";
}

static bool exec(struct store *st, struct store_conn *c, const char *sql, char **why)
{
    char *err = NULL;
    if (sqlite3_exec(c->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        *why = xasprintf("%s: %s", st->path,
                         disk_full(c) ? DISK_FULL
                         : err        ? err
                                      : sqlite3_errmsg(c->db));
        sqlite3_free(err);
        return false;
    }
    return true;
}

bool store_exec(struct store *st, struct store_conn *c, const char *sql, char **why)
{
    return exec(st, c, sql, why);
}

sqlite3_stmt *store_stmt(struct store *st, struct store_conn *c, enum stmt s, char **why)
{
    if (c->stmt[s] == NULL) {
        if (sqlite3_prepare_v3(c->db, stmt_sql[s], -1, SQLITE_PREPARE_PERSISTENT, &c->stmt[s],
                               NULL) != SQLITE_OK) {
            store_fail(st, c, why, "prepare");
            return NULL;
        }
    } else {
        sqlite3_reset(c->stmt[s]);
        sqlite3_clear_bindings(c->stmt[s]);
    }
    return c->stmt[s];
}

sqlite3_stmt *store_prepare(struct store *st, struct store_conn *c, const char *sql,
                            const char *what, char **why)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(c->db, sql, -1, &q, NULL) != SQLITE_OK) {
        store_fail(st, c, why, what);
        return NULL;
    }
    return q;
}

static void conn_close(struct store_conn *c)
{
    for (int i = 0; i < STMT_COUNT; i++)
        sqlite3_finalize(c->stmt[i]);
    sqlite3_finalize(c->add_people);
    sqlite3_finalize(c->add_regs);
    sqlite3_close(c->db);
}

/* Take writer_lock, waiting at most STORE_WAIT_MS for another thread's transaction. */
static bool lock_writer(struct store *st, char **why)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += STORE_WAIT_MS / 1000;
    int rc = pthread_mutex_timedlock(&st->writer_lock, &until);
    if (rc != 0) {
        *why = xasprintf("%s: %s", st->path,
                         rc == ETIMEDOUT ? "database is locked (a long import or merge is running)"
                                         : strerror(rc));
        return false;
    }
    atomic_store(&st->writer_holder, store_thread_id());
    return true;
}

static void unlock_writer(struct store *st)
{
    atomic_store(&st->writer_holder, 0);
    pthread_mutex_unlock(&st->writer_lock);
}

static bool holds_writer(struct store *st)
{
    return atomic_load(&st->writer_holder) == store_thread_id();
}

/* A new read-only connection; NULL with *why set. */
static struct store_conn *open_reader(struct store *st, char **why)
{
    struct store_conn *c = xcalloc(1, sizeof *c);
    if (sqlite3_open_v2(st->path, &c->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        if (c->db)
            store_fail(st, c, why, "cannot open database to read");
        else
            *why = xasprintf("%s: cannot open database to read", st->path);
        conn_close(c);
        free(c);
        return NULL;
    }
    sqlite3_busy_timeout(c->db, STORE_WAIT_MS);
    sqlite3_extended_result_codes(c->db, 1);
    store_add_functions(c->db);
    return c;
}

/* The reader this thread holds a snapshot on; call with readers_lock held. */
static struct store_conn *own_snapshot(struct store *st)
{
    uintptr_t me = store_thread_id();
    for (size_t i = 0; i < st->nreaders; i++)
        if (st->readers[i]->snapshot_holder == me)
            return st->readers[i];
    return NULL;
}

bool store_enter(struct store *st, bool write, struct store_use *u, char **why)
{
    u->c = NULL;
    u->release = STORE_KEEP;
    if (holds_writer(st)) {
        u->c = &st->writer;
        return true;
    }
    if (st->shared_file) {
        pthread_mutex_lock(&st->readers_lock);
        struct store_conn *c = own_snapshot(st);
        if (c && write) {
            pthread_mutex_unlock(&st->readers_lock);
            *why = xasprintf("%s: cannot write while reading a snapshot", st->path);
            return false;
        }
        for (size_t i = 0; c == NULL && !write && i < st->nreaders; i++)
            if (!st->readers[i]->busy) {
                c = st->readers[i];
                c->busy = true;
                u->release = STORE_RETURN_READER;
            }
        if (c == NULL && !write) {
            c = open_reader(st, why);
            if (c == NULL) {
                pthread_mutex_unlock(&st->readers_lock);
                return false;
            }
            st->readers = xreallocarray(st->readers, st->nreaders + 1, sizeof *st->readers);
            st->readers[st->nreaders++] = c;
            c->busy = true;
            u->release = STORE_RETURN_READER;
        }
        pthread_mutex_unlock(&st->readers_lock);
        if (c) {
            u->c = c;
            return true;
        }
    }
    if (!lock_writer(st, why))
        return false;
    u->c = &st->writer;
    u->release = STORE_UNLOCK_WRITER;
    return true;
}

void store_leave(struct store *st, struct store_use *u)
{
    if (u->release == STORE_UNLOCK_WRITER) {
        unlock_writer(st);
    } else if (u->release == STORE_RETURN_READER) {
        pthread_mutex_lock(&st->readers_lock);
        u->c->busy = false;
        pthread_mutex_unlock(&st->readers_lock);
    }
    u->c = NULL;
    u->release = STORE_KEEP;
}

/* PRAGMA foreign_key_check finds nothing; else *why says what (a migration, an import). */
static bool foreign_keys_hold(struct store *st, const char *what, char **why)
{
    sqlite3_stmt *q =
        store_prepare(st, &st->writer, "PRAGMA foreign_key_check", "check foreign keys", why);
    if (q == NULL)
        return false;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *why = xasprintf("%s: %s left a row of %s pointing nowhere", st->path, what,
                         store_column_text(q, 0));
    else if (rc != SQLITE_DONE)
        store_fail(st, &st->writer, why, "check foreign keys");
    sqlite3_finalize(q);
    return rc == SQLITE_DONE;
}

/* The database's PRAGMA user_version, or -1 with *why set. */
static int schema_version(struct store *st, char **why)
{
    sqlite3_stmt *q =
        store_prepare(st, &st->writer, "PRAGMA user_version", "read schema version", why);
    if (q == NULL)
        return -1;
    int version = -1;
    if (sqlite3_step(q) == SQLITE_ROW)
        version = sqlite3_column_int(q, 0);
    else
        store_fail(st, &st->writer, why, "read schema version");
    sqlite3_finalize(q);
    return version;
}

/*
 * Bring the database to STORE_SCHEMA_VERSION. Each transaction reads the
 * version again once it holds the write lock: two processes opening a new
 * store at once then run each migration once.
 */
static bool migrate(struct store *st, char **why)
{
    struct store_conn *c = &st->writer;
    for (;;) {
        int seen = schema_version(st, why);
        if (seen < 0)
            return false;
        if (seen > STORE_SCHEMA_VERSION) {
            *why = xasprintf("%s: made by a newer entrada (schema %d, this one knows %d)", st->path,
                             seen, STORE_SCHEMA_VERSION);
            return false;
        }
        if (seen == STORE_SCHEMA_VERSION)
            return true;
        /*
         * One migration a transaction, so that a store is never left half
         * way through one; a new file takes them all in one (one commit,
         * not one per version, which counts on an SD card).
         */
        int to = seen == 0 ? STORE_SCHEMA_VERSION : seen + 1;
        bool rebuild = false;
        for (int v = seen + 1; v <= to; v++)
            rebuild = rebuild || REBUILDS(v);
        /* Foreign keys can only be switched outside a transaction. */
        if (rebuild && !exec(st, c, "PRAGMA foreign_keys = OFF", why))
            return false;
        if (!store_begin(st, why))
            return false;
        int v = schema_version(st, why);
        bool ok = v >= 0;
        if (ok && v == seen) {
            for (int m = v; ok && m < to; m++)
                ok = exec(st, c, migrations[m], why) && (m + 1 != 4 || store_fill_keys(st, why)) &&
                     (m + 1 != 6 || store_fill_keys(st, why));
            char setv[64];
            snprintf(setv, sizeof setv, "PRAGMA user_version = %d", to);
            ok = ok && exec(st, c, setv, why) &&
                 (!rebuild || foreign_keys_hold(st, "migration", why));
        }
        if (ok && v == seen)
            ok = store_commit(st, why);
        else
            store_rollback(st); /* failed, or another process migrated meanwhile: look again */
        char *off = NULL;       /* foreign keys back on, whatever happened */
        if (rebuild && !exec(st, c, "PRAGMA foreign_keys = ON", &off)) {
            if (ok)
                *why = off;
            else
                free(off);
            return false;
        }
        if (!ok)
            return false;
    }
}

/*
 * SQLite's count of the memory it holds takes a mutex on every allocation,
 * several per row written; nothing reads the count. Set before SQLite's
 * first use in the process (later it is refused, harmlessly).
 */
static void configure_sqlite(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

struct store *store_open(const char *path, char **why)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, configure_sqlite);
    struct store *st = xcalloc(1, sizeof *st);
    st->path = xstrdup(path);
    pthread_mutex_init(&st->writer_lock, NULL);
    pthread_mutex_init(&st->readers_lock, NULL);
    /* An in-memory or temporary database is private to its connection: no readers. */
    st->shared_file = path[0] != '\0' && strcmp(path, ":memory:") != 0;
    if (st->shared_file) {
        /* A new store is its owner's alone; SQLite gives its WAL the same mode. */
        int fd = open(path, O_RDWR | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0600);
        if (fd >= 0)
            close(fd);
    }
    if (sqlite3_open_v2(path, &st->writer.db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        if (st->writer.db == NULL)
            *why = xasprintf("%s: cannot open database", path);
        else
            store_fail(st, &st->writer, why, "cannot open database");
        goto fail;
    }
    sqlite3_busy_timeout(st->writer.db, STORE_WAIT_MS);
    sqlite3_extended_result_codes(st->writer.db, 1);
    store_add_functions(st->writer.db);
    /*
     * Switching a new file to WAL and its first migration need the file to
     * themselves; SQLite does not wait for that (it would deadlock) but
     * says "locked" at once. Processes opening a new store together take
     * turns: try again for as long as a write would wait.
     */
    for (int tries = 0;; tries++) {
        bool ok = exec(st, &st->writer,
                       "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                       "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON",
                       why) &&
                  migrate(st, why); /* fails here, not later, on a file that is not a database */
        if (ok)
            return st;
        int code = sqlite3_errcode(st->writer.db);
        if ((code != SQLITE_BUSY && code != SQLITE_LOCKED) || tries * 20 >= STORE_WAIT_MS)
            goto fail;
        free(*why);
        *why = NULL;
        struct timespec pause = { 0, 20 * 1000 * 1000 };
        nanosleep(&pause, NULL);
    }
fail:
    store_close(st);
    return NULL;
}

void store_close(struct store *st)
{
    if (st == NULL)
        return;
    for (size_t i = 0; i < st->nreaders; i++) {
        conn_close(st->readers[i]);
        free(st->readers[i]);
    }
    free(st->readers);
    conn_close(&st->writer);
    pthread_mutex_destroy(&st->readers_lock);
    pthread_mutex_destroy(&st->writer_lock);
    free(st->path);
    free(st);
}

/* The integer a PRAGMA gives on the writer; -1 on error. */
static int64_t writer_pragma(struct store *st, const char *sql)
{
    sqlite3_stmt *q;
    int64_t v = -1;
    if (sqlite3_prepare_v2(st->writer.db, sql, -1, &q, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_type(q, 0) == SQLITE_TEXT
                ? (strcmp(store_column_text(q, 0), "wal") == 0 ? 1 : 0)
                : sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

bool store_durable(struct store *st)
{
    char *why = NULL;
    bool lock = !holds_writer(st);
    if (lock && !lock_writer(st, &why)) {
        free(why);
        return false;
    }
    bool ok = writer_pragma(st, "PRAGMA journal_mode") == 1 &&
              writer_pragma(st, "PRAGMA synchronous") == 2 && /* FULL */
              writer_pragma(st, "PRAGMA foreign_keys") == 1;
    if (lock)
        unlock_writer(st);
    return ok;
}

bool store_begin(struct store *st, char **why)
{
    if (holds_writer(st)) {
        *why = xasprintf("%s: a transaction is open already", st->path);
        return false;
    }
    if (st->shared_file) {
        pthread_mutex_lock(&st->readers_lock);
        bool reading = own_snapshot(st) != NULL;
        pthread_mutex_unlock(&st->readers_lock);
        if (reading) {
            *why = xasprintf("%s: cannot write while reading a snapshot", st->path);
            return false;
        }
    }
    if (!lock_writer(st, why))
        return false;
    if (!exec(st, &st->writer, "BEGIN IMMEDIATE", why)) {
        unlock_writer(st);
        return false;
    }
    st->in_transaction = true;
    st->next_registration = 0;
    return true;
}

/* The journal mode the writer has after running sql ("PRAGMA journal_mode = ..."). */
static bool set_journal(struct store *st, const char *sql, const char *want)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->writer.db, sql, -1, &q, NULL) != SQLITE_OK)
        return false;
    bool ok = sqlite3_step(q) == SQLITE_ROW && strcmp(store_column_text(q, 0), want) == 0;
    sqlite3_finalize(q);
    return ok;
}

/* Foreign keys on again after a transaction that had them off (outside it, as SQLite asks). */
static void keys_checked_again(struct store *st)
{
    if (!st->keys_unchecked)
        return;
    st->keys_unchecked = false;
    sqlite3_exec(st->writer.db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
}

/* Back to the WAL after a transaction through a rollback journal; another try if busy. */
static void wal_again(struct store *st)
{
    if (!st->rollback_journal)
        return;
    st->rollback_journal = false;
    for (int tries = 0; tries < 50; tries++) {
        if (set_journal(st, "PRAGMA journal_mode = WAL", "wal"))
            return;
        struct timespec pause = { 0, 20 * 1000 * 1000 };
        nanosleep(&pause, NULL);
    }
    /* Still a rollback journal, as durable; the next store_open sets the WAL again. */
}

void store_alone(struct store *st)
{
    st->alone = true;
}

bool store_begin_import(struct store *st, char **why)
{
    if (!st->shared_file || !st->alone || holds_writer(st))
        return store_begin(st, why);
    /*
     * The readers this store keeps for later reads are closed if idle (no
     * other thread opens one meanwhile: the store is used alone): an open
     * connection, even an idle one, keeps the journal from changing.
     */
    pthread_mutex_lock(&st->readers_lock);
    bool readers = false;
    for (size_t i = 0; i < st->nreaders; i++)
        readers = readers || st->readers[i]->busy || st->readers[i]->snapshot_holder;
    for (size_t i = 0; !readers && i < st->nreaders; i++) {
        conn_close(st->readers[i]);
        free(st->readers[i]);
    }
    if (!readers)
        st->nreaders = 0;
    pthread_mutex_unlock(&st->readers_lock);
    if (readers || !lock_writer(st, why))
        return readers ? store_begin(st, why) : false;
    sqlite3_stmt *q;
    bool empty = false;
    if (sqlite3_prepare_v2(st->writer.db, "SELECT NOT EXISTS (SELECT 1 FROM registrations)", -1, &q,
                           NULL) == SQLITE_OK) {
        empty = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) == 1;
        sqlite3_finalize(q);
    }
    /* Refused (and the WAL kept) while another connection has the store open. */
    st->rollback_journal = empty && set_journal(st, "PRAGMA journal_mode = DELETE", "delete");
    /*
     * Alone with an empty store, the import's rows are checked against
     * their persons and lists once before the commit instead of row by row
     * (a seventh of the writing); switched outside the transaction only.
     */
    st->keys_unchecked =
        st->rollback_journal &&
        sqlite3_exec(st->writer.db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL) == SQLITE_OK;
    if (!exec(st, &st->writer, "BEGIN IMMEDIATE", why)) {
        keys_checked_again(st);
        wal_again(st);
        unlock_writer(st);
        return false;
    }
    st->in_transaction = true;
    st->next_registration = 0;
    return true;
}

bool store_commit(struct store *st, char **why)
{
    if (!holds_writer(st) || !st->in_transaction) {
        *why = xasprintf("%s: commit without a transaction", st->path);
        return false;
    }
    if ((st->keys_unchecked && !foreign_keys_hold(st, "import", why)) ||
        !exec(st, &st->writer, "COMMIT", why)) {
        store_rollback(st);
        return false;
    }
    st->in_transaction = false;
    st->next_registration = 0;
    keys_checked_again(st);
    wal_again(st);
    unlock_writer(st);
    return true;
}

void store_rollback(struct store *st)
{
    if (!holds_writer(st) || !st->in_transaction)
        return;
    if (sqlite3_get_autocommit(st->writer.db) == 0)
        sqlite3_exec(st->writer.db, "ROLLBACK", NULL, NULL, NULL);
    st->in_transaction = false;
    st->next_registration = 0;
    st->person_index = false; /* made in the transaction, it is gone again */
    keys_checked_again(st);
    wal_again(st);
    unlock_writer(st);
}

void store_write_behind(struct store *st)
{
#ifdef SYNC_FILE_RANGE_WRITE
    /*
     * SQLite's own descriptors, found by the files' inodes: a descriptor
     * opened here and closed again would drop the locks SQLite holds on
     * the file (POSIX locks belong to the process, not the descriptor).
     */
    struct stat files[2];
    bool have[2] = { stat(st->path, &files[0]) == 0, false };
    char *wal = xasprintf("%s-wal", st->path);
    have[1] = stat(wal, &files[1]) == 0;
    free(wal);
    DIR *d = opendir("/proc/self/fd");
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        struct stat fs;
        int fd = atoi(e->d_name);
        if (e->d_name[0] < '0' || e->d_name[0] > '9' || fd == dirfd(d) || fstat(fd, &fs) != 0)
            continue;
        for (int i = 0; i < 2; i++)
            if (have[i] && fs.st_dev == files[i].st_dev && fs.st_ino == files[i].st_ino)
                sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    }
    closedir(d);
#else
    (void)st;
#endif
}

bool store_in_transaction(struct store *st)
{
    return holds_writer(st) && st->in_transaction;
}

bool store_snapshot_begin(struct store *st, char **why)
{
    if (holds_writer(st)) {
        st->snapshot_joins++; /* the caller's transaction is the snapshot */
        return true;
    }
    if (!st->shared_file) {
        /* A private database has only the writer: read in a transaction on it. */
        if (!lock_writer(st, why))
            return false;
        if (!exec(st, &st->writer, "BEGIN", why)) {
            unlock_writer(st);
            return false;
        }
        st->writer_snapshot = true;
        return true;
    }
    pthread_mutex_lock(&st->readers_lock);
    struct store_conn *c = own_snapshot(st);
    pthread_mutex_unlock(&st->readers_lock);
    if (c) {
        c->snapshot_depth++;
        return true;
    }
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    /* The snapshot is taken at the first read, inside this transaction. */
    if (!exec(st, u.c, "BEGIN", why)) {
        store_leave(st, &u);
        return false;
    }
    pthread_mutex_lock(&st->readers_lock);
    u.c->snapshot_holder = store_thread_id();
    u.c->snapshot_depth = 1;
    pthread_mutex_unlock(&st->readers_lock);
    return true;
}

void store_snapshot_end(struct store *st)
{
    if (holds_writer(st)) {
        if (st->snapshot_joins > 0) {
            st->snapshot_joins--;
        } else if (st->writer_snapshot) {
            sqlite3_exec(st->writer.db, "COMMIT", NULL, NULL, NULL);
            st->writer_snapshot = false;
            unlock_writer(st);
        }
        return;
    }
    if (!st->shared_file)
        return;
    pthread_mutex_lock(&st->readers_lock);
    struct store_conn *c = own_snapshot(st);
    if (c && --c->snapshot_depth == 0) {
        sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL); /* ends the read transaction */
        c->snapshot_holder = 0;
        c->busy = false;
    }
    pthread_mutex_unlock(&st->readers_lock);
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

bool store_scrub(struct store *st, char **why)
{
    if (holds_writer(st)) {
        *why = xasprintf("%s: cannot scrub inside a transaction", st->path);
        return false;
    }
    if (!lock_writer(st, why))
        return false;
    bool ok = exec(st, &st->writer, "VACUUM", why);
    /* Old pages stay in the WAL while another connection reads: then it is not scrubbed. */
    int rc = SQLITE_OK;
    if (ok)
        rc = sqlite3_wal_checkpoint_v2(st->writer.db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        *why = xasprintf("%s: another program has the database open, so old pages (with the "
                         "values just removed) stay in its files until it closes: close it and "
                         "start entrada again",
                         st->path);
        ok = false;
    } else if (rc != SQLITE_OK) {
        ok = store_fail(st, &st->writer, why, "empty the WAL");
    }
    unlock_writer(st);
    return ok;
}

bool store_ids(struct store *st, const char *sql, int64_t param, int64_t **ids, size_t *n,
               char **why)
{
    *ids = NULL;
    *n = 0;
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(st, u.c, sql, "list ids", why);
    if (q == NULL)
        goto out;
    if (sqlite3_bind_parameter_count(q) > 0)
        sqlite3_bind_int64(q, 1, param);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 1024;
            *ids = xreallocarray(*ids, cap, sizeof **ids);
        }
        (*ids)[(*n)++] = sqlite3_column_int64(q, 0);
    }
    ok = rc == SQLITE_DONE || store_fail(st, u.c, why, "list ids");
    sqlite3_finalize(q);
out:
    store_leave(st, &u);
    return ok;
}

bool store_count(struct store *st, const char *sql, const char *what, int64_t *n, char **why)
{
    *n = 0;
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(st, u.c, sql, what, why);
    if (q) {
        ok = sqlite3_step(q) == SQLITE_ROW;
        *n = ok ? sqlite3_column_int64(q, 0) : 0;
        if (!ok)
            store_fail(st, u.c, why, what);
        sqlite3_finalize(q);
    }
    store_leave(st, &u);
    return ok;
}

static void fold_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *s = sqlite3_value_text(argv[0]);
    if (s == NULL) {
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
        return;
    }
    char *f = text_fold((const char *)s);
    sqlite3_result_text(ctx, f, -1, free);
}

/* entrada_search_key(name, organisation, email): attendee_search_key. */
static void search_key_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *part[3] = { "", "", "" };
    for (int i = 0; i < argc && i < 3; i++) {
        const unsigned char *s = sqlite3_value_text(argv[i]);
        part[i] = s ? (const char *)s : "";
    }
    sqlite3_result_text(ctx, attendee_search_key(part[0], part[1], part[2]), -1, free);
}

void store_add_functions(sqlite3 *db)
{
    sqlite3_create_function(db, "entrada_fold", 1,
                            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                            fold_function, NULL, NULL);
    sqlite3_create_function(db, "entrada_search_key", 3,
                            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                            search_key_function, NULL, NULL);
}

bool store_fill_keys(struct store *st, char **why)
{
    struct store_conn *c = &st->writer;
    sqlite3_stmt *q = store_prepare(
        st, c, "SELECT id, name, email, organisation FROM registrations WHERE name_key = ''",
        "read registrations", why);
    sqlite3_stmt *u = store_prepare(
        st, c, "UPDATE registrations SET name_key = ?, email_key = ?, org_key = ? WHERE id = ?",
        "key registrations", why);
    bool ok = q && u;
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        char *n = text_name_key(store_column_text(q, 1));
        char *e = text_email_key(store_column_text(q, 2));
        char *o = text_fold(store_column_text(q, 3));
        sqlite3_bind_text(u, 1, n, -1, SQLITE_STATIC);
        sqlite3_bind_text(u, 2, e, -1, SQLITE_STATIC);
        sqlite3_bind_text(u, 3, o, -1, SQLITE_STATIC);
        sqlite3_bind_int64(u, 4, sqlite3_column_int64(q, 0));
        int done = sqlite3_step(u);
        sqlite3_reset(u);
        ok = done == SQLITE_DONE || store_fail(st, c, why, "key registrations");
        free(n);
        free(e);
        free(o);
    }
    if (ok && rc != SQLITE_DONE)
        ok = store_fail(st, c, why, "read registrations");
    sqlite3_finalize(q);
    sqlite3_finalize(u);
    return ok;
}
