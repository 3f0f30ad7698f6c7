/*
 * What the store's files (store.c, store-attendees.c, store-journal.c,
 * store-report.c) share: the struct, the kept statements, and the way a
 * call picks its connection. Nothing outside src/core/store*.c includes
 * this header or <sqlite3.h>.
 */
#ifndef ENTRADA_STORE_PRIVATE_H
#define ENTRADA_STORE_PRIVATE_H

#include "entrada/store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* Statements used on hot paths, prepared once per connection and kept. */
enum stmt {
    STMT_FIND_CODE,
    STMT_FIND_ID,
    STMT_INSERT,
    STMT_UPDATE,
    STMT_NEXT_REG,
    STMT_FIND_SESSION,
    STMT_FIRST_IN,
    STMT_LAST_IN,
    STMT_LAST_HERE,
    STMT_NEXT_SEQ,
    STMT_RECORD,
    STMT_FIND_EVENT,
    STMT_REG_MATCH,
    STMT_REG_INSERT,
    STMT_REG_UPDATE,
    STMT_PERSON,
    STMT_CODE_TAKEN,
    STMT_HELD,
    STMT_LIST_NAME,
    STMT_COUNT
};

#define STORE_ATTENDEE_COLUMNS                                                                     \
    "id, code, code_generated, name, first_name, last_name, organisation, email, category, "       \
    "status, search_key, extra, comment, attention, lists"

#define STORE_EVENT_COLUMNS                                                                        \
    "id, kiosk, seq, attendee_id, session_id, direction, at_ms, method, undoes, override, "        \
    "reason, registration_id"

/* One connection and its kept statements. */
struct store_conn {
    sqlite3 *db;
    sqlite3_stmt *stmt[STMT_COUNT];
    sqlite3_stmt *add_people, *add_regs; /* store_add_people's, for a full batch of rows */
    /* Readers only, under readers_lock: lent out for one call or a snapshot. */
    bool busy;
    uintptr_t snapshot_holder; /* the thread holding a snapshot on it (store_thread_id), or 0 */
    int snapshot_depth;        /* touched by the holder only */
};

struct store {
    char *path;
    /* The one writer connection, and the lock its user holds (for a whole transaction). */
    struct store_conn writer;
    pthread_mutex_t writer_lock;
    _Atomic uintptr_t writer_holder; /* store_thread_id of the thread holding writer_lock, or 0 */
    /* Touched by the holder of writer_lock only: */
    bool in_transaction;       /* between store_begin and its commit or rollback */
    bool writer_snapshot;      /* a snapshot on the writer (a private database has no readers) */
    int snapshot_joins;        /* snapshots taken inside the holder's transaction or snapshot */
    int64_t next_registration; /* in a transaction: the id the next registration gets, or 0 */
    bool person_index;         /* registrations_by_name is known to be there */
    bool rollback_journal;     /* this transaction writes through a rollback journal */
    bool keys_unchecked;       /* foreign keys off for this transaction, checked at its commit */
    /* Read-only connections lent to reads made outside the caller's transaction. */
    bool shared_file; /* false for ":memory:" and "": readers could not see the writer's data */
    bool alone;       /* used from one thread at a time (store_alone) */
    pthread_mutex_t readers_lock;
    struct store_conn **readers;
    size_t nreaders;
};

/* A connection taken for one call; store_leave gives it back. */
struct store_use {
    struct store_conn *c;
    enum { STORE_KEEP, STORE_UNLOCK_WRITER, STORE_RETURN_READER } release;
};

/* An id of the calling thread, never 0, unique among running threads. */
uintptr_t store_thread_id(void);

/*
 * The connection for a call: the caller's own transaction or snapshot if
 * it holds one on st; else for a read a free read-only connection (the
 * writer where there are none), for a write the writer, waiting for
 * another thread's transaction to end. False with *why set on failure.
 */
bool store_enter(struct store *st, bool write, struct store_use *u, char **why);
void store_leave(struct store *st, struct store_use *u);

/* Run sql (statements without results) on c; false with *why set. */
bool store_exec(struct store *st, struct store_conn *c, const char *sql, char **why);

/*
 * The index store_find_person looks people up by (schema 4). An import
 * into an empty store drops it; the first look-up builds it again.
 */
#define STORE_PERSON_INDEX                                                                         \
    "CREATE INDEX IF NOT EXISTS registrations_by_name ON registrations (name_key)"

/* The kept statement s of c, reset and unbound; NULL with *why set. */
sqlite3_stmt *store_stmt(struct store *st, struct store_conn *c, enum stmt s, char **why);
/* A new statement for sql on c (caller finalizes); NULL with *why set ("PATH: what: error"). */
sqlite3_stmt *store_prepare(struct store *st, struct store_conn *c, const char *sql,
                            const char *what, char **why);

/* True if the calling thread is between store_begin and commit or rollback on st. */
bool store_in_transaction(struct store *st);

/* The ids sql selects (its one parameter, if any, bound to param), in a new array *ids. */
bool store_ids(struct store *st, const char *sql, int64_t param, int64_t **ids, size_t *n,
               char **why);

/* Run sql, a query of one integer, into *n; what names it in messages. */
bool store_count(struct store *st, const char *sql, const char *what, int64_t *n, char **why);

/* Set *why to "PATH: what: SQLite's message" and return false. */
bool store_fail(struct store *st, struct store_conn *c, char **why, const char *what);

/* Column i as text, "" for NULL; valid until the next step. */
const char *store_column_text(sqlite3_stmt *q, int i);

/*
 * SQL: the value registration R (an alias of registrations) has in the
 * kept column named by the SQL text COL, NULL if none: the column as
 * named, else the one whose name folded is COL's ("pais" is "País").
 */
#define STORE_KEPT_VALUE(R, COL)                                                                   \
    "COALESCE(json_extract(" R ".extra, '$.\"' || " COL " || '\"'), (SELECT j.value FROM "         \
    "json_each(" R ".extra) j WHERE entrada_fold(j.key) = entrada_fold(" COL ") LIMIT 1))"

/*
 * SQL true when attendee A (an alias of attendees) is entitled to session
 * S (an alias of sessions) by an active registration: on one of the
 * session's lists (any, if it names none) and with the kept column's value
 * the session asks for (compared folded), if it asks for one.
 */
#define STORE_ENTITLED(A, S)                                                                       \
    "EXISTS (SELECT 1 FROM registrations r JOIN lists l ON l.id = r.list_id"                       \
    " WHERE r.attendee_id = " A ".id AND r.status = 'active'"                                      \
    " AND (" S ".lists = '' OR instr(',' || " S ".lists || ',', ',' || l.name || ',') > 0)"        \
    " AND (" S ".where_column = '' OR entrada_fold(" STORE_KEPT_VALUE(                             \
        "r", S ".where_column") ") = entrada_fold(" S ".where_value)))"

/*
 * Bind what a person's row keeps of a, as STMT_INSERT and STMT_UPDATE take
 * it, after the first base parameters: ?1 the registration shown, ?2
 * status, ?3 category, ?4 lists (a's, or lists if it has none), ?5 the
 * search key (made if a has none).
 */
void store_bind_shown(sqlite3_stmt *q, int base, struct attendee *a, int64_t registration_id,
                      const char *lists);

/* Bind what attendee and registration rows share, after base: ?1 (code) to ?9 (status). */
void store_bind_person(sqlite3_stmt *q, int base, const struct attendee *a);

/* s, or "" for NULL: the store's columns are NOT NULL. */
static inline const char *store_or_empty(const char *s)
{
    return s ? s : "";
}

/* SQL functions entrada's views and queries use: entrada_fold(text) is text_fold. */
void store_add_functions(sqlite3 *db);

/* Fill the person keys of registrations that have none (a store migrated to version 4). */
bool store_fill_keys(struct store *st, char **why);

/* Make the attendee row of person id show the best of their registrations. */
bool store_refresh_attendee(struct store *st, struct store_conn *c, int64_t id, char **why);

/* VACUUM and empty the WAL (outside a transaction): deleted data leaves the files. */
bool store_scrub(struct store *st, char **why);

/* Insert reg for its person reg->attendee_id on the list named list (made if new). */
bool store_insert_registration(struct store *st, struct store_conn *c,
                               struct store_registration *reg, const char *list, char **why);

/* Read the STORE_ATTENDEE_COLUMNS of a row, from column 0, into a (zeroed). */
void store_read_attendee(sqlite3_stmt *q, struct attendee *a);

/* Read the STORE_EVENT_COLUMNS of a row, from column 0. */
void store_read_event(sqlite3_stmt *q, struct store_event *ev);

#endif
