/*
 * RFC 4180 reader with the leniencies real exports need: quotes inside an
 * unquoted field are kept as text, blanks before an opening quote and after
 * a closing one are allowed, and any line-end convention is accepted.
 */
#include "entrada/csv.h"
#include "entrada/buf.h"
#include "entrada/xmalloc.h"

#include <stdlib.h>
#include <string.h>

struct csv_reader {
    const char *text;
    size_t len;
    size_t pos;
    char sep;
    bool stop[256]; /* bytes that end an unquoted field: sep, CR, LF */
    unsigned line;
    struct buf data; /* field bytes of the current row, NUL after each */
    size_t *offsets; /* start of each field in data */
    size_t *lens;
    char **fields;
    size_t cap;
};

/* Length of Excel's "sep=X" first line with its line end, or 0 if text has none. */
static size_t sep_line(const char *text, size_t len)
{
    if (len < 5 || strncmp(text, "sep=", 4) != 0 || text[4] == '\r' || text[4] == '\n' ||
        (len > 5 && text[5] != '\r' && text[5] != '\n'))
        return 0;
    size_t eol = 5;
    if (eol < len && text[eol] == '\r')
        eol++;
    if (eol < len && text[eol] == '\n')
        eol++;
    return eol;
}

struct csv_reader *csv_open(const char *text, size_t len, char sep)
{
    struct csv_reader *r = xcalloc(1, sizeof *r);
    size_t skip = sep_line(text, len);
    r->text = text;
    r->len = len;
    r->pos = skip;
    r->sep = sep;
    r->stop[(unsigned char)sep] = r->stop['\r'] = r->stop['\n'] = true;
    r->line = skip ? 2 : 1;
    return r;
}

struct csv_reader *csv_open_part(const char *text, size_t len, char sep, unsigned line)
{
    struct csv_reader *r = csv_open("", 0, sep);
    r->text = text;
    r->len = len;
    r->line = line;
    return r;
}

unsigned csv_line_at(const char *text, size_t len)
{
    /* As the reader counts: LF, CR LF and a lone CR each end a line. */
    unsigned line = 1;
    for (size_t i = 0; i < len; i++)
        line += text[i] == '\n' || (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n'));
    return line;
}

void csv_close(struct csv_reader *r)
{
    if (r == NULL)
        return;
    buf_free(&r->data);
    free(r->offsets);
    free(r->lens);
    free(r->fields);
    free(r);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Consume a line end at pos if there is one. */
static bool eat_eol(struct csv_reader *r)
{
    if (r->pos >= r->len)
        return false;
    if (r->text[r->pos] == '\r') {
        r->pos++;
        if (r->pos < r->len && r->text[r->pos] == '\n')
            r->pos++;
    } else if (r->text[r->pos] == '\n') {
        r->pos++;
    } else {
        return false;
    }
    r->line++;
    return true;
}

static void start_field(struct csv_reader *r, size_t n)
{
    if (n >= r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->offsets = xreallocarray(r->offsets, r->cap, sizeof *r->offsets);
        r->lens = xreallocarray(r->lens, r->cap, sizeof *r->lens);
        r->fields = xreallocarray(r->fields, r->cap, sizeof *r->fields);
    }
    r->offsets[n] = r->data.len;
}

static int too_long(unsigned line, char **why)
{
    *why = xasprintf("line %u: field longer than %d KiB", line, CSV_FIELD_MAX / 1024);
    return -1;
}

/* Parse one field at pos into data. Returns 0, or -1 with *why set. */
static int read_field(struct csv_reader *r, char **why)
{
    const char *t = r->text;
    size_t start = r->data.len;
    size_t p = r->pos;
    while (p < r->len && is_blank(t[p]) && t[p] != r->sep)
        p++;
    if (p < r->len && t[p] == '"') {
        unsigned open_line = r->line;
        r->pos = p + 1;
        for (;;) {
            if (r->pos >= r->len) {
                *why =
                    xasprintf("line %u: quoted field is never closed (no matching \")", open_line);
                return -1;
            }
            const char *q = memchr(t + r->pos, '"', r->len - r->pos);
            size_t end = q ? (size_t)(q - t) : r->len;
            for (size_t i = r->pos; i < end; i++)
                r->line += t[i] == '\n' || (t[i] == '\r' && (i + 1 >= r->len || t[i + 1] != '\n'));
            buf_add(&r->data, t + r->pos, end - r->pos);
            r->pos = end;
            if (r->data.len - start > CSV_FIELD_MAX)
                return too_long(open_line, why);
            if (q == NULL)
                continue;
            if (end + 1 < r->len && t[end + 1] == '"') {
                buf_addc(&r->data, '"');
                r->pos = end + 2;
                continue;
            }
            r->pos = end + 1;
            break;
        }
        while (r->pos < r->len && is_blank(t[r->pos]) && t[r->pos] != r->sep)
            r->pos++;
        if (r->pos < r->len && t[r->pos] != r->sep && t[r->pos] != '\r' && t[r->pos] != '\n') {
            *why = xasprintf("line %u: unexpected text after a closing quote (a quote inside a "
                             "quoted field must be doubled: \"\")",
                             r->line);
            return -1;
        }
    } else {
        size_t end = r->pos;
        while (end < r->len && !r->stop[(unsigned char)t[end]])
            end++;
        if (end - r->pos > CSV_FIELD_MAX)
            return too_long(r->line, why);
        buf_add(&r->data, t + r->pos, end - r->pos);
        r->pos = end;
    }
    buf_addc(&r->data, '\0');
    return 0;
}

static bool row_is_blank(const struct csv_reader *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (const char *s = r->data.data + r->offsets[i]; *s; s++)
            if (!is_blank(*s) && *s != '\r' && *s != '\n')
                return false;
    return true;
}

int csv_read(struct csv_reader *r, struct csv_row *row, char **why)
{
    while (r->pos < r->len) {
        unsigned line = r->line;
        size_t n = 0;
        buf_reset(&r->data);
        for (;;) {
            start_field(r, n);
            if (read_field(r, why) < 0)
                return -1;
            n++;
            if (r->pos < r->len && r->text[r->pos] == r->sep) {
                r->pos++;
                continue;
            }
            eat_eol(r);
            break;
        }
        if (row_is_blank(r, n))
            continue;
        for (size_t i = 0; i < n; i++) {
            r->fields[i] = r->data.data + r->offsets[i];
            size_t next = i + 1 < n ? r->offsets[i + 1] : r->data.len;
            r->lens[i] = next - r->offsets[i] - 1;
        }
        row->n = n;
        row->field = r->fields;
        row->len = r->lens;
        row->line = line;
        return 1;
    }
    return 0;
}

const char *csv_separator_name(char sep)
{
    switch (sep) {
    case ',':
        return "comma";
    case ';':
        return "semicolon";
    case '\t':
        return "tab";
    case '|':
        return "pipe";
    case '^':
        return "caret";
    default:
        return "other";
    }
}

/* Rows sampled to sniff the separator. */
enum { SNIFF_ROWS = 20 };

char csv_sniff(const char *text, size_t len, char **why)
{
    static const char candidates[] = { ',', ';', '\t', '|', '^' };
    if (sep_line(text, len))
        return text[4];

    char best = 0;
    size_t best_header = 1, best_fit = 0;
    bool tie = false;
    char tied = 0;
    for (size_t c = 0; c < sizeof candidates; c++) {
        struct csv_reader *r = csv_open(text, len, candidates[c]);
        struct csv_row row;
        char *ignored = NULL;
        size_t header = 0, fit = 0;
        for (int i = 0; i < SNIFF_ROWS; i++) {
            if (csv_read(r, &row, &ignored) != 1)
                break;
            if (i == 0)
                header = row.n;
            else if (row.n == header)
                fit++;
        }
        free(ignored);
        csv_close(r);
        if (header < 2)
            continue;
        if (best == 0 || fit > best_fit || (fit == best_fit && header > best_header)) {
            best = candidates[c];
            best_header = header;
            best_fit = fit;
            tie = false;
        } else if (fit == best_fit && header == best_header) {
            tie = true;
            tied = candidates[c];
        }
    }
    if (tie) {
        *why = xasprintf("cannot tell whether the separator is %s or %s: both split the first "
                         "rows alike; add a first line \"sep=;\" (or whichever it is) to the file",
                         csv_separator_name(best), csv_separator_name(tied));
        return 0;
    }
    return best ? best : ',';
}

bool csv_formula_like(const char *s)
{
    return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
}

static void write_cell(FILE *f, const char *s, char sep, bool guard)
{
    if (s == NULL)
        return;
    bool formula = guard && csv_formula_like(s);
    if (!formula && !strchr(s, sep) && !strpbrk(s, "\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputs(formula ? "\"'" : "\"", f);
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) { /* each quote doubled */
        fwrite(s, 1, (size_t)(q - s) + 1, f);
        fputc('"', f);
    }
    fputs(s, f);
    fputc('"', f);
}

void csv_write_row(FILE *f, char sep, bool guard, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            fputc(sep, f);
        write_cell(f, cells[i], sep, guard);
    }
    fputs("\r\n", f);
}
