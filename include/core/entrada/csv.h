/*
 * A CSV reader for the files organisers bring: RFC 4180 quoting (separators,
 * doubled quotes and line breaks inside quotes), CRLF, LF or CR line ends in
 * any mix, and the separator sniffed from the first rows or given by Excel's
 * "sep=;" first line. It reads UTF-8 text already in memory (see
 * text_decode) and never allocates per field.
 */
#ifndef ENTRADA_CSV_H
#define ENTRADA_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Longest field accepted; a longer one is an error naming its line. */
#define CSV_FIELD_MAX (64 * 1024)

struct csv_reader;

/* One row. Fields are NUL-terminated and valid until the next csv_read. */
struct csv_row {
    size_t n;
    char **field;
    size_t *len;
    unsigned line; /* the line the row starts on, counting from 1 */
};

/*
 * Work out the separator of text[0..len): a "sep=X" first line wins; otherwise
 * the one of , ; TAB | ^ that splits the header into most columns and the
 * first rows into as many. Returns the separator, or 0 with *why set when
 * two separators fit equally well. A file of one column gives ','.
 */
char csv_sniff(const char *text, size_t len, char **why);

/* "comma", "semicolon", "tab", "pipe", "caret" or "other", for messages. */
const char *csv_separator_name(char sep);

/*
 * Read text[0..len) with separator sep, skipping a "sep=X" first line (line
 * numbers still count it). text is not copied: keep it alive.
 */
struct csv_reader *csv_open(const char *text, size_t len, char sep);
/*
 * Read text[0..len), a part of a file that starts at a row's start on line
 * line (no "sep=" line looked for), to read a big file in parts at once.
 */
struct csv_reader *csv_open_part(const char *text, size_t len, char sep, unsigned line);
/* The line number where a row starting at text[0..len) would be: 1 + the line ends in it. */
unsigned csv_line_at(const char *text, size_t len);
void csv_close(struct csv_reader *r);

/*
 * Read the next row that has anything in it (rows of only blanks are
 * skipped). Returns 1 with *row filled, 0 at the end, -1 with *why set
 * ("line N: ...") for an unterminated quote, text after a closing quote or
 * a field over CSV_FIELD_MAX.
 */
int csv_read(struct csv_reader *r, struct csv_row *row, char **why);

/*
 * Writing: one row of n cells to f, separated by sep and ended by CRLF.
 * A cell is quoted when it holds the separator, a quote or a line break.
 * With guard, a cell starting with = + - or @ is written as text ('=...)
 * so that a spreadsheet does not run it as a formula; files meant for
 * entrada itself leave guard off and keep every value as it is.
 */
void csv_write_row(FILE *f, char sep, bool guard, const char *const *cells, size_t n);

/* True if a spreadsheet would take the text s for a formula (it starts with = + - or @). */
bool csv_formula_like(const char *s);

#endif
