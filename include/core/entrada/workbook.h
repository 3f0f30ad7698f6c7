/*
 * Excel workbooks (.xlsx) for organisers, written with libxlsxwriter: sheets
 * of rows, each with a bold header row that stays in view, an autofilter
 * over the rows and columns as wide as their widest cell. Rows are written
 * in order and go to disk as they come (libxlsxwriter's constant-memory
 * mode), so 100,000 of them need little memory.
 *
 * What Excel and LibreOffice would repair or misread cannot be written:
 * text is cut to Excel's 32,767 characters (at a character's boundary),
 * text that would start a formula gets the apostrophe the CSV files give
 * it, and times are date-time cells in local time.
 */
#ifndef ENTRADA_WORKBOOK_H
#define ENTRADA_WORKBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct workbook;

/* Excel's longest text in a cell, in bytes here (it counts characters: this is stricter). */
#define WORKBOOK_MAX_TEXT 32767

/*
 * Start writing dir/name, complete or not at all like safefile (0600).
 * NULL with *why set if the directory is not writable.
 */
struct workbook *workbook_create(const char *dir, const char *name, char **why);

/*
 * Add a sheet titled title (unique in the workbook, at most 31 characters,
 * none of []:*?/\) whose first row is header (ncols names, copied). Returns
 * the sheet's number for the functions below.
 */
int workbook_sheet(struct workbook *wb, const char *title, const char *const *header, size_t ncols);

/* One cell of a row. */
enum workbook_kind {
    WORKBOOK_EMPTY,
    WORKBOOK_TEXT,   /* text (UTF-8) */
    WORKBOOK_NUMBER, /* number */
    WORKBOOK_TIME,   /* ms since the epoch, shown as a local date-time */
};

struct workbook_cell {
    enum workbook_kind kind;
    const char *text;
    double number;
    int64_t ms;
};

/* Append a row of n cells to sheet (n at most the header's columns). */
void workbook_row(struct workbook *wb, int sheet, const struct workbook_cell *cells, size_t n);

/*
 * Put a PNG image (len bytes, copied) below the rows written so far on
 * sheet, at its own size.
 */
void workbook_image(struct workbook *wb, int sheet, const unsigned char *png, size_t len);

/*
 * No more rows, sheets or images: the workbook's thread goes on to write
 * the file while the caller does other work; then commit (or abort).
 */
void workbook_end(struct workbook *wb);

/*
 * Finish: set the widths and filters, write the file, flush it to disk and
 * rename it into place. On failure nothing is left and *why says what
 * failed. Frees wb.
 */
bool workbook_commit(struct workbook *wb, char **why);

/* Give up: no file is left. Frees wb; accepts NULL. */
void workbook_abort(struct workbook *wb);

#endif
