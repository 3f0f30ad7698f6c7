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
 */
#ifndef ENTRADA_JOURNAL_H
#define ENTRADA_JOURNAL_H

#include "entrada/store.h"

#include <stdbool.h>
#include <stdio.h>

/* Write every event of st's journal, oldest first, to f. */
bool journal_write(struct store *st, FILE *f, char **why);

struct journal_summary {
    unsigned events;    /* rows in the file */
    unsigned added;     /* events this store did not have */
    unsigned attendees; /* attendees added because this store's list lacked them */
    unsigned sessions;  /* sessions added */
};

/*
 * Merge the journal text[0..len) (named name in messages) into st, in one
 * transaction: all of it or, on any error, nothing. A file that is not a
 * journal, a row that does not check out ("NAME:LINE: what"), or an event
 * whose global id this store knows with other contents (two kiosks given
 * the same kiosk_id) is refused.
 */
bool journal_merge(struct store *st, const char *text, size_t len, const char *name,
                   struct journal_summary *sum, char **why);

#endif
