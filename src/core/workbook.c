/*
 * Workbooks through libxlsxwriter in constant-memory mode: each sheet's
 * rows go to a temporary file as they are written and the workbook is
 * zipped together at the end, into a temporary name beside the target
 * that is renamed into place once it is on disk.
 */
#include "entrada/workbook.h"
#include "entrada/csv.h"
#include "entrada/localtime.h"
#include "entrada/safefile.h"
#include "entrada/xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/* Widths, in characters, a fitted column keeps within. */
enum { MIN_WIDTH = 6, MAX_WIDTH = 60, MAX_SHEETS = 8 };

struct sheet {
    lxw_worksheet *ws;
    size_t ncols;
    lxw_row_t rows; /* written so far, the header's included */
    double *widths; /* the widest cell of each column, in characters */
};

struct workbook {
    struct safefile *sf; /* holds the temporary name libxlsxwriter writes to */
    lxw_workbook *wb;
    lxw_format *bold, *time;
    struct sheet sheet[MAX_SHEETS];
    int nsheets;
    struct localtime_cache clock;
};

struct workbook *workbook_create(const char *dir, const char *name, char **why)
{
    struct safefile *sf = safefile_open(dir, name, why);
    if (sf == NULL)
        return NULL;
    lxw_workbook_options options = { .constant_memory = LXW_TRUE };
    lxw_workbook *xw = workbook_new_opt(safefile_path(sf), &options);
    if (xw == NULL) {
        *why = xasprintf("%s/%s: cannot start the workbook", dir, name);
        safefile_abort(sf);
        return NULL;
    }
    struct workbook *wb = xcalloc(1, sizeof *wb);
    wb->sf = sf;
    wb->wb = xw;
    wb->clock = (struct localtime_cache)LOCALTIME_CACHE_INIT;
    wb->bold = workbook_add_format(xw);
    format_set_bold(wb->bold);
    wb->time = workbook_add_format(xw);
    format_set_num_format(wb->time, "yyyy-mm-dd hh:mm:ss");
    return wb;
}

/* Characters in the UTF-8 text s, up to MAX_WIDTH. */
static double text_width(const char *s)
{
    double n = 0;
    for (; *s && n < MAX_WIDTH; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void widen(struct sheet *s, size_t col, double w)
{
    if (w > s->widths[col])
        s->widths[col] = w;
}

/* Write text as a cell: cut to Excel's limit, defused as the CSV files defuse it. */
static void put_text(struct workbook *wb, struct sheet *s, size_t col, const char *text,
                     lxw_format *format)
{
    size_t len = strlen(text);
    char *copy = NULL;
    bool formula = csv_formula_like(text);
    if (len > (size_t)WORKBOOK_MAX_TEXT - formula || formula) {
        size_t keep = len < WORKBOOK_MAX_TEXT - 1 ? len : WORKBOOK_MAX_TEXT - 1;
        while (keep > 0 && ((unsigned char)text[keep] & 0xC0) == 0x80)
            keep--; /* not in the middle of a character */
        copy = xasprintf("%s%.*s", formula ? "'" : "", (int)keep, text);
        text = copy;
    }
    (void)wb;
    worksheet_write_string(s->ws, s->rows, (lxw_col_t)col, text, format);
    widen(s, col, text_width(text));
    free(copy);
}

int workbook_sheet(struct workbook *wb, const char *title, const char *const *header, size_t ncols)
{
    if (wb->nsheets == MAX_SHEETS)
        abort(); /* a programming error: the sheets are fixed */
    struct sheet *s = &wb->sheet[wb->nsheets];
    s->ws = workbook_add_worksheet(wb->wb, title);
    if (s->ws == NULL)
        abort(); /* a duplicate or invalid title: a programming error too */
    s->ncols = ncols;
    s->widths = xcalloc(ncols ? ncols : 1, sizeof *s->widths);
    for (size_t i = 0; i < ncols; i++)
        put_text(wb, s, i, header[i], wb->bold);
    if (ncols > 0) {
        s->rows = 1;
        worksheet_freeze_panes(s->ws, 1, 0);
    }
    return wb->nsheets++;
}

void workbook_row(struct workbook *wb, int sheet, const struct workbook_cell *cells, size_t n)
{
    struct sheet *s = &wb->sheet[sheet];
    if (s->rows >= LXW_ROW_MAX)
        return; /* Excel's last row: the CSV files hold the rest */
    for (size_t i = 0; i < n && i < s->ncols; i++) {
        const struct workbook_cell *c = &cells[i];
        switch (c->kind) {
        case WORKBOOK_EMPTY:
            break;
        case WORKBOOK_TEXT:
            if (c->text && c->text[0])
                put_text(wb, s, i, c->text, NULL);
            break;
        case WORKBOOK_NUMBER:
            worksheet_write_number(s->ws, s->rows, (lxw_col_t)i, c->number, NULL);
            widen(s, i, 8);
            break;
        case WORKBOOK_TIME: {
            int64_t secs = localtime_secs(&wb->clock, c->ms);
            double serial = (double)secs / 86400.0 + 25569.0;
            worksheet_write_number(s->ws, s->rows, (lxw_col_t)i, serial, wb->time);
            widen(s, i, 19);
            break;
        }
        }
    }
    s->rows++;
}

void workbook_image(struct workbook *wb, int sheet, const unsigned char *png, size_t len)
{
    struct sheet *s = &wb->sheet[sheet];
    worksheet_insert_image_buffer(s->ws, s->rows, 0, png, len);
}

bool workbook_commit(struct workbook *wb, char **why)
{
    for (int i = 0; i < wb->nsheets; i++) {
        struct sheet *s = &wb->sheet[i];
        for (size_t c = 0; c < s->ncols; c++) {
            double w = s->widths[c] + 2;
            worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w < MIN_WIDTH ? MIN_WIDTH : w,
                                 NULL);
        }
        if (s->ncols > 0)
            worksheet_autofilter(s->ws, 0, 0, s->rows - 1, (lxw_col_t)(s->ncols - 1));
        free(s->widths);
    }
    lxw_error rc = workbook_close(wb->wb);
    struct safefile *sf = wb->sf;
    free(wb);
    if (rc != LXW_NO_ERROR) {
        *why = xasprintf("%s: %s", safefile_target(sf), lxw_strerror(rc));
        safefile_abort(sf);
        return false;
    }
    return safefile_commit(sf, why);
}

void workbook_abort(struct workbook *wb)
{
    if (wb == NULL)
        return;
    for (int i = 0; i < wb->nsheets; i++)
        free(wb->sheet[i].widths);
    /* libxlsxwriter frees a workbook only by writing it: write it, then remove it. */
    workbook_close(wb->wb);
    safefile_abort(wb->sf);
    free(wb);
}
