/*
 * The signature sheet: an A4 portrait PDF (cairo and Pango) that a
 * session's registered people sign on arrival, as many funding programmes
 * ask of an event. Every page has the event, the session, the date and
 * the place at the top, a table of rows (number, surname, first name,
 * organisation, a box to sign in) and "page 2 of 7" at the foot; the last
 * page ends with the total. A blank sheet has empty rows for walk-ins to
 * write their names in. Names in any script are set by Pango, with the
 * fonts the system has for them, as on badges.
 */
#ifndef ENTRADA_SHEET_H
#define ENTRADA_SHEET_H

#include "entrada/config.h"
#include "entrada/i18n.h"

#include <stdbool.h>
#include <stddef.h>

/* Rows a page: room for a signature in each. */
#define SHEET_ROWS_PER_PAGE 22

/* What the top of every page says; "" leaves a part out. */
struct sheet_head {
    const char *event;   /* [entrada] event_name */
    const char *session; /* the session's title */
    const char *date;    /* as shown: "12 March 2026" (sheet_day) */
    const char *place;   /* [event] place */
};

/* One person's row. The strings are the caller's. */
struct sheet_row {
    const char *surname, *first, *organisation;
};

/*
 * Sort rows by surname, then first name, then organisation, as the
 * language lang ("es", "en") orders names: ICU's collation for it
 * (Spanish puts ñ after n, and every language puts "Álvarez" beside
 * "Alvarez"), else the common root order. False with *why if ICU fails.
 */
bool sheet_sort(struct sheet_row *rows, size_t n, const char *lang, char **why);

/*
 * Write the sheet to path: the n rows in their order, or, with blank_pages
 * above 0, that many pages of empty rows (rows is then unused). Its words
 * come from tr (NULL: English). False with *why if it cannot be written.
 */
bool sheet_write(const char *path, const struct sheet_head *head, const struct sheet_row *rows,
                 size_t n, int blank_pages, const struct i18n *tr, char **why);

/* The day d in tr's words: "12 March 2026", "12 de marzo de 2026". */
void sheet_day(const struct i18n *tr, const struct config_day *d, char *out, size_t size);

#endif
