/*
 * A kiosk's check-in journal as a file another kiosk can merge: how kiosks
 * without a network end up with the same counts. Every event keeps its
 * global id (kiosk id and sequence number), so merging a file twice, or
 * merging events that came round through a third kiosk, changes nothing.
 *
 * The file is CSV (comma, UTF-8, one header row), one event per row with
 * the attendee's code, name, organisation and category and the session's
 * name and title, so that a kiosk whose list lacks someone still counts
 * them (as a cancelled attendee, until a list names them). Two columns
 * close each row: override, the reason staff gave for admitting someone
 * anyway ("" for a plain check-in), and walk_in, "yes" when the attendee
 * is a walk-in, who then comes in as an active registration on the list
 * walk-in. Journals written before these columns (13 of them) still merge.
 *
 * A journal comes with its signature, journal.sig beside it: one line,
 *
 *     entrada journal signature 1 hmac-sha256 FINGERPRINT HMAC
 *
 * where HMAC (64 hex digits) is HMAC-SHA256 with the event key (key.h) of
 * the journal file's exact bytes, and FINGERPRINT the key's, to say which
 * key signed it. A file of its own keeps journal.csv a plain CSV file, as
 * before; the export folder it sits in is written whole or not at all, so
 * the two travel together.
 */
#ifndef ENTRADA_JOURNAL_H
#define ENTRADA_JOURNAL_H

#include "entrada/key.h"
#include "entrada/store.h"

#include <stdbool.h>
#include <stdio.h>

/* Write every event of st's journal, oldest first, to f. */
bool journal_write(struct store *st, FILE *f, char **why);

/* The journal's header row, and one event as a row (for a journal built from other rows). */
void journal_write_header(FILE *f);
void journal_write_row(FILE *f, const struct store_journal_row *row);

/* journal.sig is one short line: anything longer is not one. */
#define JOURNAL_SIG_MAX 256

/* journal.sig's text for the journal text[0..len): a new string. */
char *journal_sign(const struct key *k, const char *text, size_t len);

/* A journal file to merge, with its signature. */
struct journal_file {
    const char *name; /* shown in messages: the journal's path on the stick */
    const char *text; /* journal.csv's bytes */
    size_t len;
    const char *sig; /* journal.sig's bytes; NULL if there was none */
    size_t sig_len;
};

/*
 * True if file's signature is key's signature of file's text (compared in
 * constant time). False with *why: no signature, not one, another key's
 * (both fingerprints), or a text changed since it was signed.
 */
bool journal_verify(const struct key *key, const struct journal_file *file, char **why);

struct journal_summary {
    unsigned events;    /* rows in the file */
    unsigned added;     /* events this store did not have */
    unsigned attendees; /* attendees added because this store's list lacked them */
    unsigned sessions;  /* sessions added */
};

/*
 * Merge the journal file into st, in one transaction: all of it or, on any
 * error, nothing. First its signature is checked with key (journal_verify);
 * a file not signed with key is refused before any of it is read. Then a
 * file that is not a journal, a row that does not check out ("NAME:LINE:
 * what"), an event claiming to be self's (this kiosk's id) that this store
 * does not hold, an undo of another kiosk's check-in, or an event whose
 * global id this store knows with other contents (two kiosks given the
 * same kiosk_id) is refused.
 */
bool journal_merge(struct store *st, const struct key *key, const char *self,
                   const struct journal_file *file, struct journal_summary *sum, char **why);

/*
 * Merge a journal text that the event's server gave (sync.h): the server
 * is trusted as the store of record, so there is no signature, and events
 * of this kiosk's own id that this store lacks are taken back (its
 * database lost them). Otherwise as journal_merge, all or nothing; the
 * events merged are not pushed back (they leave the outbox).
 */
bool journal_merge_pulled(struct store *st, const char *name, const char *text, size_t len,
                          struct journal_summary *sum, char **why);

#endif
