/*
 * The attendee store: one SQLite database holding the attendee list, the
 * sessions, the append-only check-in journal and the log of imports.
 *
 * Durability is the point of this module. The database runs in WAL mode
 * with synchronous=FULL through one connection; store_record_checkin
 * returns only after its transaction is committed and fsynced, so a
 * check-in that was shown is never lost. The schema is versioned with
 * PRAGMA user_version and migrated forward on open.
 */
#ifndef ENTRADA_STORE_H
#define ENTRADA_STORE_H

#include "entrada/attendee.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sqlite3;
struct store;

/* The schema version this build writes. */
#define STORE_SCHEMA_VERSION 3

/* How a check-in reached the store. */
enum store_method { STORE_CAMERA, STORE_SCANNER, STORE_SEARCH, STORE_STAFF };

/* One journal entry. */
struct store_event {
    int64_t id;
    char kiosk[64];
    int64_t seq; /* with kiosk, the event's global id: "kiosk-seq" */
    int64_t attendee_id;
    int64_t session_id;
    bool out;      /* direction: false for "in" */
    int64_t at_ms; /* UTC, milliseconds since the epoch */
    enum store_method method;
    int64_t undoes; /* for an undo: the id of the check-in it takes back; else 0 */
};

/* One line of the import log. */
struct store_import {
    const char *file;
    const char *sha256;
    const char *encoding;
    char separator;
    unsigned rows, added, updated, cancelled, unchanged;
    int64_t at_ms;
};

/*
 * Open (creating if needed) the database at path and migrate it to
 * STORE_SCHEMA_VERSION. A database from a newer entrada is refused.
 * Returns NULL with *why set on failure.
 */
struct store *store_open(const char *path, char **why);
void store_close(struct store *st);

/* The connection, for read-only reporting queries (report.c). */
struct sqlite3 *store_db(struct store *st);

/* Transactions. begin takes the write lock at once (BEGIN IMMEDIATE). */
bool store_begin(struct store *st, char **why);
bool store_commit(struct store *st, char **why);
void store_rollback(struct store *st);

/* Look an attendee up by code. 1 found (*out filled), 0 not found, -1 error. */
int store_find_attendee(struct store *st, const char *code, struct attendee *out, char **why);
/* The same by row id. */
int store_get_attendee(struct store *st, int64_t id, struct attendee *out, char **why);

/*
 * Find the attendee with a's code without reading it: 1 found (*id set,
 * *same true if every field equals a's), 0 not found, -1 error.
 */
int store_match_attendee(struct store *st, struct attendee *a, int64_t *id, bool *same, char **why);

/* Insert a (sets a->id) or update the row a->id with every field of a. */
bool store_put_attendee(struct store *st, struct attendee *a, char **why);
bool store_set_cancelled(struct store *st, int64_t id, bool cancelled, char **why);

enum store_which {
    STORE_ALL,        /* every attendee, cancelled ones too */
    STORE_MADE_CODES, /* those whose code entrada made up */
};

/*
 * Call fn for each attendee of the kind which, in code order; fn returns
 * false to stop. The record passed belongs to the store.
 */
bool store_each_attendee(struct store *st, enum store_which which,
                         bool (*fn)(void *ctx, const struct attendee *a), void *ctx, char **why);

/* The row ids of all active attendees, ascending, in a new array *ids (caller frees). */
bool store_active_ids(struct store *st, int64_t **ids, size_t *n, char **why);

/* Number of attendees, active or all. */
bool store_count_attendees(struct store *st, bool active_only, int64_t *n, char **why);

/* Sessions. find: 1 found (*id set), 0 not found, -1 error. */
int store_find_session(struct store *st, const char *name, int64_t *id, char **why);
bool store_add_session(struct store *st, const char *name, const char *title, char **why);
bool store_each_session(struct store *st,
                        bool (*fn)(void *ctx, int64_t id, const char *name, const char *title),
                        void *ctx, char **why);

/*
 * The first and the last "in" events of an attendee for a session.
 * Returns 1 (both filled), 0 (none yet) or -1.
 */
int store_first_last_in(struct store *st, int64_t attendee_id, int64_t session_id,
                        struct store_event *first, struct store_event *last, char **why);

/* The latest check-in at kiosk that was not undone: 1 (*ev filled), 0 none, -1 error. */
int store_last_admission(struct store *st, const char *kiosk, struct store_event *ev, char **why);

/* Call fn for the n latest check-ins that stand (not undone), newest first. */
bool store_recent_admissions(struct store *st, int n,
                             bool (*fn)(void *ctx, const struct store_event *ev, const char *name,
                                        const char *session),
                             void *ctx, char **why);

/*
 * Append ev to the journal, giving it the kiosk's next sequence number
 * (ev->seq, ev->id). Inside a transaction it joins it; otherwise it is
 * committed and on disk when this returns.
 */
bool store_record(struct store *st, struct store_event *ev, char **why);

/* The event with global id kiosk-seq: 1 (*ev filled), 0 none, -1 error. */
int store_find_event(struct store *st, const char *kiosk, int64_t seq, struct store_event *ev,
                     char **why);

/*
 * Append ev as it is, keeping its kiosk and seq (an event merged from
 * another kiosk's journal); sets ev->id. Call inside a transaction.
 */
bool store_add_event(struct store *st, struct store_event *ev, char **why);

/* Append to the import log. */
bool store_log_import(struct store *st, const struct store_import *imp, char **why);

/* Log a badge print (or a try): the printer, CUPS's job id, and what happened. */
bool store_log_print(struct store *st, int64_t attendee_id, int64_t at_ms, const char *printer,
                     int job_id, bool ok, const char *result, char **why);

/* The latest import: 1 (*at_ms and file, at most size bytes, filled), 0 none yet, -1 error. */
int store_last_import(struct store *st, int64_t *at_ms, char *file, size_t size, char **why);

const char *store_method_name(enum store_method m);
/* Parse "camera", "scanner", "search" or "staff". */
bool store_method_parse(const char *s, enum store_method *m);

#endif
