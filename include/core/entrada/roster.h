/*
 * Importing the attendee list. A file is loaded and checked whole first
 * (encoding, separator, columns, every row); only a file without a single
 * error is merged into the store, in one transaction: new attendees added,
 * changed ones updated, those no longer listed cancelled (never deleted),
 * and the check-in journal untouched.
 *
 * Columns are found by their headers as pretix, Eventbrite, Indico,
 * Hi.Events, Attendize, Google Forms and spreadsheets in English, Spanish
 * and German name them; the options override any of them.
 */
#ifndef ENTRADA_ROSTER_H
#define ENTRADA_ROSTER_H

#include "entrada/config.h"
#include "entrada/csv.h"
#include "entrada/store.h"

#include <stdbool.h>
#include <stddef.h>

enum roster_field {
    ROSTER_CODE,
    ROSTER_NAME,
    ROSTER_FIRST_NAME,
    ROSTER_LAST_NAME,
    ROSTER_ORGANISATION,
    ROSTER_EMAIL,
    ROSTER_CATEGORY,
    ROSTER_FIELD_COUNT
};

/* Length of a code entrada makes up for a list without codes (5 bits each). */
#define ROSTER_CODE_LENGTH 12

struct roster_options {
    /* Header naming each field, overriding the built-in names; NULL or "" for none. */
    const char *columns[ROSTER_FIELD_COUNT];
    size_t max_bytes; /* largest file accepted; 0 for no limit */
    bool any_columns; /* read a file without a name column too (to inspect it, not to merge) */
    /*
     * Refuse a merge that would cancel more than this share (percent) of
     * the active attendees, when there are ROSTER_CANCEL_FLOOR or more:
     * most likely the wrong list. 0 for no limit.
     */
    unsigned max_cancel_percent;
};

#define ROSTER_CANCEL_FLOOR 10

/* The options as the configuration gives them: [columns] and [import] max_mb. */
struct roster_options roster_options_from(const struct config *cfg);

struct roster_summary {
    unsigned rows, added, updated, cancelled, unchanged;
};

/* Called now and then during a merge; done counts rows merged so far. */
typedef void roster_progress_fn(void *ctx, unsigned done, unsigned total);

struct roster;

/*
 * Read and check the list at path. NULL with *why set ("FILE:LINE: what")
 * for anything that would stop it importing: too big, not text, broken
 * quoting, no name column, duplicate codes (naming both lines), a row with
 * more values than the header, a row without a name, control characters,
 * no rows at all (merging that would cancel everyone).
 */
struct roster *roster_load(const char *path, const struct roster_options *opt, char **why);
void roster_free(struct roster *r);

/*
 * Merge the list into st in one transaction, logging the import. On
 * failure the store is as it was. progress may be NULL.
 */
bool roster_merge(struct store *st, const struct roster *r, roster_progress_fn *progress, void *ctx,
                  struct roster_summary *sum, char **why);

/* What was found, for `entrada inspect` and messages. */
unsigned roster_rows(const struct roster *r);
const char *roster_encoding(const struct roster *r);
char roster_separator(const struct roster *r);
const char *roster_sha256(const struct roster *r);
size_t roster_columns(const struct roster *r);
const char *roster_header(const struct roster *r, size_t column);
/* The column holding field, or -1. */
int roster_column(const struct roster *r, enum roster_field field);
/* "code", "name", "first_name", ... as in the [columns] section. */
const char *roster_field_name(enum roster_field field);

/* Call fn for each data row as read from the file; fn returns false to stop. */
void roster_each_row(const struct roster *r, bool (*fn)(void *ctx, const struct csv_row *row),
                     void *ctx);

/* Make a new random code of ROSTER_CODE_LENGTH characters into out (NUL-terminated). */
void roster_make_code(char out[ROSTER_CODE_LENGTH + 1]);

#endif
