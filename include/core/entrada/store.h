/*
 * The attendee store: one SQLite database holding the attendee list, the
 * sessions, the append-only check-in journal and the log of imports.
 *
 * Durability is the point of this module. The database runs in WAL mode
 * with synchronous=FULL through one writer connection; store_record
 * returns only after its transaction is committed and fsynced, so a
 * check-in that was shown is never lost. The schema is versioned with
 * PRAGMA user_version and migrated forward on open. All of entrada's SQL
 * is in the store: other modules ask for rows and counts by the functions
 * below.
 *
 * Threads. One struct store serves every thread of a process (the kiosk's
 * loop and its sync job share one), through one writer connection:
 *  - A transaction belongs to the thread that began it, from store_begin
 *    to its commit or rollback. Every store call that thread makes in
 *    between joins it and sees its writes.
 *  - A write from another thread (a transaction, or a single write such as
 *    store_log_print) waits for it to end, at most 5 seconds, like a
 *    second process would; then it fails with "database is locked".
 *  - A read from another thread does not wait: it runs on a read-only
 *    connection of its own and sees the last commit, never a transaction
 *    half done. Every call is its own snapshot, unless the thread holds
 *    one (store_snapshot_begin).
 * So a decision that must not race a writer (a check-in: look up, decide,
 * record) reads inside its transaction. Records and rows passed to
 * callbacks are valid during the call only; a callback may call the store
 * (reads; writes only inside the caller's own transaction).
 */
#ifndef ENTRADA_STORE_H
#define ENTRADA_STORE_H

#include "entrada/attendee.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

/* The schema version this build writes. */
#define STORE_SCHEMA_VERSION 10

/* The list the staff desk adds walk-ins to; no import ever names it. */
#define STORE_WALK_IN "walk-in"

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
    int64_t undoes;   /* for an undo: the id of the check-in it takes back; else 0 */
    bool override;    /* staff admitted someone their registration did not entitle */
    char reason[128]; /* why, for an override ("paid at the door"); else "" */
    bool offline;     /* decided without the server's answer (written, not read back) */
    /* The registration whose code was shown; 0 if not known (merged, or older). Local only. */
    int64_t registration_id;
};

/* One line of the import log. */
struct store_import {
    int64_t list_id;
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

/* True if the writer runs as promised above: WAL, synchronous=FULL, foreign keys on. */
bool store_durable(struct store *st);

/*
 * Transactions. begin takes the write lock at once (BEGIN IMMEDIATE),
 * waiting for another thread's transaction; one at a time per thread.
 * commit returns once the transaction is on disk; a failed commit rolls
 * back. rollback does nothing outside a transaction.
 */
bool store_begin(struct store *st, char **why);
/*
 * The process uses st from one thread at a time (a command, not the
 * kiosk, whose screen reads while a stick imports): an import into an
 * empty store may then have the file to itself (store_begin_import).
 */
void store_alone(struct store *st);
/*
 * store_begin for an import. Into a store with no registrations, used
 * alone (store_alone) and open in no other process, the transaction writes
 * through a rollback journal instead of the WAL: each page is then written
 * once, not to the WAL and again to the file, and as durably
 * (synchronous=FULL; nothing to lose, the store being empty), with foreign
 * keys checked once before the commit. Its commit or rollback puts the WAL
 * back. A process opening the store meanwhile waits for it, as for any
 * writer.
 */
bool store_begin_import(struct store *st, char **why);
bool store_commit(struct store *st, char **why);
void store_rollback(struct store *st);

/*
 * Read in one snapshot: the calling thread's reads until the matching
 * store_snapshot_end see the store as it was at the first of them, though
 * others write meanwhile (a check-in during an export). Nests; inside the
 * thread's transaction it is that transaction. No writes until the end.
 */
bool store_snapshot_begin(struct store *st, char **why);
void store_snapshot_end(struct store *st);

/* Look an attendee up by code. 1 found (*out filled), 0 not found, -1 error. */
int store_find_attendee(struct store *st, const char *code, struct attendee *out, char **why);
/* The same by row id. */
int store_get_attendee(struct store *st, int64_t id, struct attendee *out, char **why);

/*
 * Insert a (sets a->id), a new person with one registration on "main"; or
 * update attendee a->id: every field of a goes to the registration they show.
 */
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

/* Which attendees a batch of badges is for; "" (or false) leaves a part out. */
struct store_badge_filter {
    const char *list;     /* holding an active registration in this list */
    const char *category; /* of this category (compared folded) */
    const char *session;  /* entitled to this session */
    bool not_printed;     /* without a badge printed (logged as such) */
};

/*
 * The row ids of the active attendees f picks, in code order, in a new
 * array *ids (caller frees). False with *why for a list or session that
 * does not exist, naming it.
 */
bool store_badge_ids(struct store *st, const struct store_badge_filter *f, int64_t **ids, size_t *n,
                     char **why);

/*
 * Number of attendees, active or all. All are counted from the table's
 * pages; the active ones by reading every person (7 to 12 ms at 100,000).
 */
bool store_count_attendees(struct store *st, bool active_only, int64_t *n, char **why);
/* True if the store answers a read (a small one: for the kiosk's watchdog). */
bool store_answers(struct store *st, char **why);

/*
 * Registrations. A person (an attendee) holds one registration per
 * list: its code, status, and the details that list gives. The attendee
 * shows the best of them (active, then unpaid, then cancelled; then
 * the oldest list), with the lists that hold them in a.lists.
 */
struct store_registration {
    int64_t id;          /* 0 before it is stored */
    int64_t attendee_id; /* the person; 0 for a new one, made by store_put_registration */
    int64_t list_id;
    struct attendee a; /* the list's details; when read, a.lists is the list's name */
    /* text_name_key(a.name), text_email_key(a.email), text_fold(a.organisation) */
    char *name_key, *email_key, *org_key;
};

void store_registration_clear(struct store_registration *r);

/* The list named so, made if new: its id in *id. */
bool store_ensure_list(struct store *st, const char *name, int64_t *id, char **why);
/* Registrations of the list list_id, or of every list for 0. */
bool store_count_registrations(struct store *st, int64_t list_id, int64_t *n, char **why);
/*
 * For an import into a store with no registrations, inside its
 * transaction: drop the index of person keys, which such an import never
 * reads, instead of updating it row by row; the first store_find_person
 * after it makes it again. A rollback brings it back.
 */
bool store_defer_person_index(struct store *st, char **why);
/*
 * Have the kernel start writing out, without waiting, what SQLite has
 * written to the file and its WAL so far: the commit of a big transaction
 * then waits for less. Linux; elsewhere it does nothing.
 */
void store_write_behind(struct store *st);
/* 1 if a list other than list_id holds a registration, 0 if none does, -1 on error. */
int store_other_lists(struct store *st, int64_t list_id, char **why);
/* Call fn for each registration of list_id whose code entrada made up (a.lists unset). */
bool store_each_registration(struct store *st, int64_t list_id,
                             bool (*fn)(void *ctx, const struct store_registration *r), void *ctx,
                             char **why);
/* The ids of list_id's registrations not cancelled, ascending (caller frees *ids). */
bool store_list_active_ids(struct store *st, int64_t list_id, int64_t **ids, size_t *n, char **why);
/* 1 if a registration or attendee has code, 0 if not, -1 on error. */
int store_code_taken(struct store *st, const char *code, char **why);
/*
 * The registration with reg's code: 1 (old's id, attendee_id, list_id and
 * a.lists, the list's name, set; *same true if every detail equals
 * reg's), 0 none, -1 error. Free old with store_registration_clear.
 */
int store_match_registration(struct store *st, const struct store_registration *reg,
                             struct store_registration *old, bool *same, char **why);
/*
 * The person reg is, among those with no registration on reg's list yet:
 * the same name (text_name_key) and e-mail address, or, when one of the
 * two has no address, the same organisation. 1 (*attendee_id), 0, -1.
 */
int store_find_person(struct store *st, const struct store_registration *reg, int64_t *attendee_id,
                      char **why);
/*
 * Insert reg (id 0; a new person too if attendee_id is 0) or update it,
 * and make its person's row show the best of their registrations.
 */
bool store_put_registration(struct store *st, struct store_registration *reg, char **why);
/*
 * Add n new people, each showing its registration of regs (list_id set),
 * in few statements: an import into an empty store, inside its
 * transaction. A person is on the lists of its a.lists, or on lists if
 * that is NULL. Sets each one's attendee_id and id.
 */
bool store_add_people(struct store *st, struct store_registration *regs, size_t n,
                      const char *lists, char **why);
/* Cancel registration id (a list no longer has it). */
bool store_cancel_registration(struct store *st, int64_t id, char **why);

/*
 * Keep only the columns keep names (separated by commas, compared folded)
 * in every registration's and attendee's kept columns, and scrub what was
 * dropped from the file and its WAL. *dropped is NULL if nothing was, else
 * the dropped columns' names ("Teléfono, Dietary"), a new string.
 */
bool store_keep_only(struct store *st, const char *keep, char **dropped, char **why);
/* The keep store_keep_only applied last: 1 (*keep, a new string), 0 never, -1 error. */
int store_kept_columns(struct store *st, char **keep, char **why);
/*
 * The kept column a registration has a value in whose name is column's
 * (compared folded: "pais" finds "País"), as the list's header spells it:
 * 1 (out set), 0 no registration has one, -1 error.
 */
int store_kept_key(struct store *st, const char *column, char *out, size_t size, char **why);

/*
 * Per-store settings (the settings table), for what belongs to this
 * database rather than to the configuration file: the event key a kiosk
 * enrolled, say. store_setting: 1 (*value, a new string), 0 not set, -1
 * error. store_setting_once sets name to value unless it has a value
 * already, in one step even against another process: 1 set now, 0 it had
 * one (*had, a new string: that value), -1 error.
 */
int store_setting(struct store *st, const char *name, char **value, char **why);
int store_setting_once(struct store *st, const char *name, const char *value, char **had,
                       char **why);

/* A list and where it stands, for `entrada lists`. */
struct store_list_info {
    const char *name;
    const char *file;                  /* the file of its latest import, "" if none */
    int64_t at_ms;                     /* when, 0 if never */
    int64_t rows;                      /* rows of that file */
    int64_t active, unpaid, cancelled; /* registrations */
};

bool store_each_list(struct store *st, bool (*fn)(void *ctx, const struct store_list_info *l),
                     void *ctx, char **why);

/* A session and who it is for. */
struct store_session {
    int64_t id;
    char name[64];
    char title[128];
    char lists[256];        /* names separated by ',' ("main,b2b"); "" for every list */
    char where_column[128]; /* a kept column; "" for no rule */
    char where_value[128];  /* the value it must have (compared folded) */
};

/* The session named so: 1 (*out filled), 0 none, -1 error. */
int store_get_session(struct store *st, const char *name, struct store_session *out, char **why);
/* Limit session name to lists ("" for any) and to where_column = where_value ("" for none). */
bool store_set_session_rule(struct store *st, const char *name, const char *lists,
                            const char *where_column, const char *where_value, char **why);

/* One registration a person holds, as a check-in weighs it. */
struct store_held {
    const char *list;
    enum attendee_status status;
    const char *where_value; /* the value of the asked-for kept column, "" if none */
    const struct store_registration *reg;
};

/* Call fn for each registration of attendee_id, the best first; where_column may be "". */
bool store_each_held(struct store *st, int64_t attendee_id, const char *where_column,
                     bool (*fn)(void *ctx, const struct store_held *h), void *ctx, char **why);

/* A scan that was refused although the person is known (unpaid, cancelled, not for the session). */
struct store_refusal {
    char kiosk[64];
    int64_t at_ms;
    int64_t attendee_id, session_id;
    const char *verdict;
    enum store_method method;
};

bool store_log_refusal(struct store *st, const struct store_refusal *r, char **why);

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

/*
 * SQLite's integrity check of the whole file (for entrada doctor; seconds on
 * a large store). True when it ran: problem is then "" or SQLite's first
 * complaint. False with *why when it could not run.
 */
bool store_check_integrity(struct store *st, char *problem, size_t size, char **why);

/* When the latest check-in ("in" event) was, in UTC ms; 0 if none. */
bool store_last_checkin_ms(struct store *st, int64_t *at_ms, char **why);

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

/* The sequence number kiosk's next event gets (inside a transaction, the one store_record gives).
 */
bool store_next_seq(struct store *st, const char *kiosk, int64_t *seq, char **why);

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

/* The event rows of journal files and exports, as SQLite gives them. */
enum store_order {
    STORE_BY_ID,   /* as recorded */
    STORE_BY_TIME, /* by time, kiosk and sequence number */
    STORE_OUTBOX,  /* the oldest 500 events the server has not acknowledged, as recorded */
};

struct store_journal_row {
    const char *kiosk;
    int64_t seq;
    int64_t at_ms;
    const char *session, *session_title;
    const char *direction; /* "in" or "out" */
    const char *method;    /* store_method_name */
    const char *code, *name, *organisation, *category;
    const char *undoes_kiosk; /* with undoes_seq, the event an undo takes back; NULL if none */
    int64_t undoes_seq;
    bool override;      /* staff admitted them anyway */
    const char *reason; /* the override's reason, "" for none */
    bool walk_in;       /* the attendee holds a registration on the list walk-in */
    bool offline;       /* decided without the server's answer */
};

/* Call fn for every journal event in order; fn returns false to stop. */
bool store_each_journal_row(struct store *st, enum store_order order,
                            bool (*fn)(void *ctx, const struct store_journal_row *row), void *ctx,
                            char **why);

/* Counts for reports. */
struct store_totals {
    int64_t registered; /* active attendees */
    int64_t cancelled;
    int64_t checked_in; /* attendees admitted to at least one session */
    int64_t events;     /* journal entries */
    int64_t printed;    /* badges printed */
    int64_t print_failures;
    int64_t printed_people; /* attendees with a badge printed */
    int64_t handed_out;     /* badges handed out at the desk */
};

bool store_totals(struct store *st, struct store_totals *out, char **why);

/* One count row: what it counts (label, group) and how many were registered and came. */
struct store_count {
    const char *label; /* category, or session name */
    const char *group; /* session title (by session), group value (by group), kiosk; else "" */
    int64_t registered;
    int64_t checked_in;
};

enum store_breakdown {
    STORE_BY_CATEGORY, /* label: category (all attendees; registered counts active ones) */
    STORE_BY_SESSION,  /* label: session, group: its title; registered: those entitled to it */
};

/* Call fn for each count of the breakdown, in label (category) or session order. */
bool store_each_count(struct store *st, enum store_breakdown by,
                      bool (*fn)(void *ctx, const struct store_count *c), void *ctx, char **why);

/* A session and one attendee's first admission to it. */
struct store_arrival {
    int64_t session_id;
    const char *session, *title;
    bool any; /* false: a session nobody came to (one row, first_ms 0, kiosk "") */
    int64_t first_ms;
    const char *kiosk; /* where they were admitted first */
};

/* Call fn for each session and first arrival, by session id, then time. */
bool store_each_first_arrival(struct store *st,
                              bool (*fn)(void *ctx, const struct store_arrival *a), void *ctx,
                              char **why);

/* One attendee's attendance. */
struct store_attendance {
    const char *code, *name, *first_name, *last_name, *organisation, *category;
    const char *status; /* "active", "unpaid" or "cancelled" */
    bool any;           /* admitted at least once: first_ms and last_ms are set */
    int64_t first_ms, last_ms;
    const char *lists;         /* the lists holding a registration of theirs, space-separated */
    const char *const *values; /* the values of the kept columns asked for, "" for none */
    const int64_t *session_ms; /* per session, in session order: the first admission, 0 none */
    const bool *entitled;      /* per session: registered for it by an active registration */
    const bool *admitted;      /* per session: admitted to it */
    size_t nsessions;
};

/*
 * Call fn for every attendee, by name and code, with the values of the kept
 * columns named, the sessions they are registered for and their first
 * admission to each: what attendance.csv shows and counts.csv counts by
 * category, list, organisation or kept column.
 */
bool store_each_attendance(struct store *st, const char *const *columns, size_t ncolumns,
                           bool (*fn)(void *ctx, const struct store_attendance *a), void *ctx,
                           char **why);

/* A registration whose code entrada made up (its list had none). */
struct store_made_code {
    const char *name, *email, *list, *code;
};

/* Call fn for each made-up code of a registration not cancelled, by list and name. */
bool store_each_made_code(struct store *st, bool (*fn)(void *ctx, const struct store_made_code *c),
                          void *ctx, char **why);

/*
 * The staff desk (store-desk.c).
 */

/* The latest check-in of attendee_id at kiosk that was not undone: 1 (*ev), 0 none, -1 error. */
int store_last_admission_of(struct store *st, const char *kiosk, int64_t attendee_id,
                            struct store_event *ev, char **why);

/* An attendee's first admission to session_id (0: to any session): 1 (*at_ms), 0 none, -1. */
int store_first_admission(struct store *st, int64_t attendee_id, int64_t session_id, int64_t *at_ms,
                          char **why);

/* 1 if attendee_id is entitled to session_id by an active registration, 0 if not, -1 error. */
int store_entitled(struct store *st, int64_t attendee_id, int64_t session_id, char **why);

/*
 * Call fn for each active attendee entitled to session_id who has not been
 * admitted to it, in name order, with the values of their kept columns
 * folded (text_fold) and joined by '\x1f' ("" for none). The record
 * belongs to the store.
 */
bool store_each_absent(struct store *st, int64_t session_id,
                       bool (*fn)(void *ctx, const struct attendee *a, const char *kept), void *ctx,
                       char **why);

/* Call fn for each category of the active attendees ("" not among them), the commonest first. */
bool store_each_category(struct store *st, bool (*fn)(void *ctx, const char *category), void *ctx,
                         char **why);

/* Mark attendee_id's badge handed out: 1 marked now, 0 it was already (*at_ms: when), -1. */
int store_hand_out(struct store *st, int64_t attendee_id, int64_t at_ms, const char *kiosk,
                   char **why);
/* When attendee_id's badge was handed out: 1 (*at_ms), 0 not yet, -1 error. */
int store_handed_out(struct store *st, int64_t attendee_id, int64_t *at_ms, char **why);

/*
 * Settings the kiosk keeps across restarts (the staff PIN's lockout):
 * get gives 1 (*value, a new string), 0 none, -1 error.
 */
int store_get_setting(struct store *st, const char *name, char **value, char **why);
bool store_set_setting(struct store *st, const char *name, const char *value, char **why);

/*
 * Several kiosks on one server (store-sync.c).
 *
 * This kiosk's identity: the kiosk part of the global ids ("kiosk-seq") of
 * the events it records. It is made once per store: display (a configured
 * kiosk_id, else the host name) and six random hex digits,
 * "door-1-3fa9c2", so that kiosks set up from one image, configuration
 * included, never share one; a store that already recorded events as
 * display (made before identities were kept) keeps display. Changing
 * kiosk_id later changes only the name the kiosk shows. It is kept with where the
 * store lives: a digest of the machine's id (/etc/machine-id, and the
 * board's serial number where the firmware tells it) and the database
 * file's device and inode. A store found somewhere else (the file copied
 * to another kiosk, restored from a backup, or an image flashed onto
 * several cards) gets a new identity there, so that two copies never
 * number events under one id; the events recorded before keep theirs.
 * *id is a new string.
 */
bool store_identity(struct store *st, const char *display, char **id, char **why);

/* Events waiting in the outbox. */
bool store_outbox_count(struct store *st, int64_t *waiting, char **why);

/* The server has event kiosk-seq: out of the outbox. Joins the caller's transaction. */
bool store_outbox_done(struct store *st, const char *kiosk, int64_t seq, char **why);

/*
 * Put kiosk's events numbered after seq back in the outbox (a server that
 * lost them: restored from a backup). *n: how many went back.
 */
bool store_outbox_requeue(struct store *st, const char *kiosk, int64_t seq, int64_t *n, char **why);

/* A person admitted to one session at more than one kiosk (both admissions are kept). */
struct store_conflict {
    const char *code, *name, *session;
    const char *kiosks; /* the kiosks, space-separated */
    int64_t admissions;
    int64_t first_ms, last_ms;
    /* each admission, in no order: kiosk, 0x1f, at_ms, entries separated by 0x1e */
    const char *each;
};

/*
 * How many people were admitted to a session at more than one kiosk (the
 * conflicts store_each_conflict reads), counted without reading them.
 */
bool store_count_conflicts(struct store *st, int64_t *n, char **why);
/* Call fn for each conflict, the latest first. */
bool store_each_conflict(struct store *st, bool (*fn)(void *ctx, const struct store_conflict *c),
                         void *ctx, char **why);

const char *store_method_name(enum store_method m);
/* Parse "camera", "scanner", "search" or "staff". */
bool store_method_parse(const char *s, enum store_method *m);

#endif
