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
    ROSTER_STATUS,    /* the registration's status: paid, pending, cancelled, ... */
    ROSTER_ATTENTION, /* "requires special attention": yes or no */
    ROSTER_COMMENT,   /* a note for the door (pretix's check-in text) */
    /* The buyer's name and e-mail, used where a ticket's own are placeholders. */
    ROSTER_BUYER_NAME,
    ROSTER_BUYER_FIRST_NAME,
    ROSTER_BUYER_LAST_NAME,
    ROSTER_BUYER_EMAIL,
    ROSTER_FIELD_COUNT
};

/* Fields that [columns] can name (the others are found by their headers only). */
#define ROSTER_CONFIG_FIELDS (ROSTER_STATUS + 1)

/* The most columns a list may have: registration exports have a few dozen. */
#define ROSTER_MAX_COLUMNS 1000

/* Length of a code entrada makes up for a list without codes (5 bits each). */
#define ROSTER_CODE_LENGTH 12

struct roster_options {
    /* Header naming each field, overriding the built-in names; NULL or "" for none. */
    const char *columns[ROSTER_FIELD_COUNT];
    /* The list the file is ("main" when NULL or ""): a merge touches only its registrations. */
    const char *list;
    /* Other columns to keep, by header, separated by commas; the rest are dropped. */
    const char *keep;
    /* The [status] section mapping further status values; NULL for the built-in ones only. */
    const struct config *status_map;
    size_t max_bytes; /* largest file accepted; 0 for no limit */
    bool any_columns; /* read a file without a name column too (to inspect it, not to merge) */
    /*
     * Refuse a merge that would cancel more than this share (percent) of
     * the list's active registrations, when there are ROSTER_CANCEL_FLOOR
     * or more: most likely the wrong list. 0 for no limit.
     */
    unsigned max_cancel_percent;
    /*
     * Where a load that fails once its columns are mapped (a status no one
     * maps, a row without a name...) puts the mapping it used, as
     * roster_describe writes it; NULL for nowhere.
     */
    char **mapping;
};

#define ROSTER_CANCEL_FLOOR 10

/* The share (percent) of a list's attendees over which `entrada import` asks before cancelling. */
#define ROSTER_ASK_PERCENT 50

/* The options as the configuration gives them: [columns] and [import] max_mb. */
struct roster_options roster_options_from(const struct config *cfg);

struct roster_summary {
    unsigned rows, added, updated, cancelled, unchanged;
    /* The merge was refused by max_cancel_percent: cancelled of active would have gone. */
    bool mass_cancel;
    unsigned active;
    /* The merge failed on the list's content (as above, or a code on another list), not the store.
     */
    bool bad_data;
    /*
     * Pairs of rows with codes of their own and the same name and e-mail
     * address (likely one person with two tickets, or a buyer's name on
     * tickets for others): both kept. The first ROSTER_TWINS_SHOWN pairs'
     * lines in twin_lines ("4 and 9, 4 and 12").
     */
    unsigned twins;
    char twin_lines[128];
};
enum { ROSTER_TWINS_SHOWN = 5 };

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

/* Merge r even if it cancels more than max_cancel_percent (someone said so). */
void roster_allow_mass_cancel(struct roster *r);

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

/* The list this file is, as roster_options named it ("main" by default). */
const char *roster_list(const struct roster *r);
/* True for a name a list may have: letters, digits, '-' and '_', 1 to 32 of them. */
bool roster_list_name_valid(const char *name);

/*
 * What the import found, one line per field: the column each field was
 * taken from, the columns kept and dropped, warnings for likely columns
 * left unmapped, rows of one person merged. A new string.
 */
char *roster_describe(const struct roster *r);
/* The notes alone (rows merged, warnings), "" for none. Belongs to r. */
const char *roster_notes(const struct roster *r);
/* True if column is one [columns] keep keeps. */
bool roster_column_kept(const struct roster *r, size_t column);

/*
 * Write the list as the store takes it to f: the columns mapped to a field
 * or kept, under their headers, every row, UTF-8 and comma-separated; the
 * dropped columns are left out. Imported with the same configuration it
 * gives the same registrations. For copies that outlive the import (a
 * list published on the server). False if f failed.
 */
bool roster_write_stored(const struct roster *r, FILE *f);

/*
 * Hold the store to [columns] keep: when the setting differs from the one
 * applied last (or never was, as in a store from before lists), columns no
 * longer kept leave the store and its files. *notice is then a one-line
 * message naming them (a new string), else NULL.
 */
bool roster_keep_only(struct store *st, const struct config *cfg, char **notice, char **why);

/* Make a new random code of ROSTER_CODE_LENGTH characters into out (NUL-terminated). */
void roster_make_code(char out[ROSTER_CODE_LENGTH + 1]);

#endif
