/*
 * The signature sheet (sheet.h). Drawn in millimetres on an A4 PDF
 * surface, like badges: Pango sets every text, shaping scripts that need
 * it and taking glyphs DejaVu Sans lacks from other installed fonts; names
 * too long for their cell shrink, then wrap onto a second line, then end
 * in an ellipsis, never leaving the cell. Names are sorted with ICU's
 * collation for the sheet's language.
 */
#include "entrada/sheet.h"
#include "entrada/i18n.h"
#include "entrada/safefile.h"
#include "entrada/xmalloc.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <libgen.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>

/* The page and its table, in millimetres. */
static const double PAGE_W = 210, PAGE_H = 297, MARGIN = 14;
static const double HEAD_H = 27;  /* event, sheet and session, date and place */
static const double TITLE_H = 7;  /* the table's column titles */
static const double ROW_H = 10.5; /* room to sign */
static const double PT_PER_MM = 72.0 / 25.4;

enum { COL_NUMBER, COL_SURNAME, COL_FIRST, COL_ORGANISATION, COL_SIGNATURE, NCOLS };
static const double col_w[NCOLS] = { 10, 42, 36, 46, 48 }; /* 182 mm: the page less margins */

/* The translation of msgid (locale.sh finds the messages by this name). */
static const char *sheet_tr(const struct i18n *tr, const char *msgid)
{
    return tr ? i18n_get(tr, msgid) : msgid;
}

void sheet_day(const struct i18n *tr, const struct config_day *d, char *out, size_t size)
{
    static const char *const months[] = { "January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December" };
    const char *month = d->month >= 1 && d->month <= 12 ? months[d->month - 1] : "?";
    /* The translation's own order of day, month and year: "%d de %s de %d". */
    snprintf(out, size, sheet_tr(tr, "%d %s %d"), d->day, sheet_tr(tr, month), d->year);
}

/* text as ICU's sort key under coll, a new NUL-terminated byte string. */
static char *sort_key(UCollator *coll, const char *text, UErrorCode *status)
{
    int32_t len = 0; /* bytes that are not UTF-8 sort as U+FFFD */
    u_strFromUTF8WithSub(NULL, 0, &len, text, -1, 0xfffd, NULL, status);
    if (*status == U_BUFFER_OVERFLOW_ERROR)
        *status = U_ZERO_ERROR;
    UChar *u = xcalloc((size_t)len + 1, sizeof *u);
    u_strFromUTF8WithSub(u, len + 1, NULL, text, -1, 0xfffd, NULL, status);
    char *key = NULL;
    if (U_SUCCESS(*status)) {
        int32_t need = ucol_getSortKey(coll, u, len, NULL, 0);
        key = xmalloc((size_t)need + 1);
        ucol_getSortKey(coll, u, len, (uint8_t *)key, need + 1);
    }
    free(u);
    return key;
}

struct keyed_row {
    struct sheet_row row;
    char *key[3]; /* surname, first name, organisation */
};

static int compare_rows(const void *x, const void *y)
{
    const struct keyed_row *a = x, *b = y;
    for (int i = 0; i < 3; i++) {
        int c = strcmp(a->key[i], b->key[i]);
        if (c)
            return c;
    }
    return 0;
}

bool sheet_sort(struct sheet_row *rows, size_t n, const char *lang, char **why)
{
    UErrorCode status = U_ZERO_ERROR;
    UCollator *coll = ucol_open(lang && lang[0] ? lang : "", &status);
    if (U_FAILURE(status)) {
        *why = xasprintf("cannot sort names for the language \"%s\": ICU says %s", lang,
                         u_errorName(status));
        return false;
    }
    struct keyed_row *k = xcalloc(n ? n : 1, sizeof *k);
    for (size_t i = 0; i < n && U_SUCCESS(status); i++) {
        k[i].row = rows[i];
        const char *part[3] = { rows[i].surname, rows[i].first, rows[i].organisation };
        for (int p = 0; p < 3 && U_SUCCESS(status); p++)
            k[i].key[p] = sort_key(coll, part[p] ? part[p] : "", &status);
    }
    bool ok = U_SUCCESS(status);
    if (ok) {
        qsort(k, n, sizeof *k, compare_rows); /* not stable: equal rows are alike anyway */
        for (size_t i = 0; i < n; i++)
            rows[i] = k[i].row;
    } else {
        *why = xasprintf("cannot sort names: ICU says %s", u_errorName(status));
    }
    for (size_t i = 0; i < n; i++)
        for (int p = 0; p < 3; p++)
            free(k[i].key[p]);
    free(k);
    ucol_close(coll);
    return ok;
}

/*
 * Pango for paper: glyphs where the font designs them, unhinted and
 * unrounded (as badge.c explains), so that the PDF rasterises cleanly.
 */
static PangoContext *paper_context(cairo_t *cr)
{
    PangoContext *pango = pango_cairo_create_context(cr);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(pango, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(pango, FALSE);
    return pango;
}

/*
 * text in the box x, y, w x h, at size mm (its em) or smaller down to
 * three quarters of it, on at most two lines, centred on the box's height;
 * what still does not fit ends in an ellipsis.
 */
static void cell(cairo_t *cr, PangoContext *pango, const char *text, double x, double y, double w,
                 double h, double size, bool bold, PangoAlignment align)
{
    if (text == NULL || text[0] == '\0')
        return;
    PangoLayout *l = pango_layout_new(pango);
    PangoFontDescription *font = pango_font_description_from_string("DejaVu Sans");
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_text(l, text, -1);
    pango_layout_set_width(l, (int)(w * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, align);
    int tw, th;
    for (double s = size;; s *= 0.92) {
        pango_font_description_set_absolute_size(font, s * PANGO_SCALE);
        pango_layout_set_font_description(l, font);
        pango_layout_get_size(l, &tw, &th);
        bool fits =
            th <= h * PANGO_SCALE && pango_layout_get_line_count(l) <= (h >= 2.2 * size ? 2 : 1);
        if (fits)
            break;
        if (s * 0.92 < size * 0.75) {
            pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
            pango_layout_set_height(l, h >= 2.2 * s ? -2 : -1);
            pango_layout_get_size(l, &tw, &th);
            break;
        }
    }
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_clip(cr);
    cairo_move_to(cr, x, y + fmax(0, (h - (double)th / PANGO_SCALE) / 2));
    pango_cairo_show_layout(cr, l);
    cairo_restore(cr);
    pango_font_description_free(font);
    g_object_unref(l);
}

struct page {
    const struct sheet_head *head;
    const struct i18n *tr;
    bool blank;
    int number, pages;
    const struct sheet_row *rows; /* this page's, NULL for empty rows */
    size_t nrows, first;          /* first: the number before its first row */
    const char *total;            /* the last page's closing line, else NULL */
};

static void ink(cairo_t *cr)
{
    cairo_set_source_rgb(cr, 0.05, 0.07, 0.1);
}

static void draw_page(cairo_t *cr, PangoContext *pango, const struct page *p)
{
    const struct sheet_head *h = p->head;
    double x = MARGIN, w = PAGE_W - 2 * MARGIN, y = MARGIN;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);

    /* The top: the event; the sheet and the session; the date and the place. */
    ink(cr);
    cell(cr, pango, h->event, x, y, w, 11, 5, true, PANGO_ALIGN_LEFT);
    char *line = xasprintf(
        "%s%s%s",
        sheet_tr(p->tr, p->blank ? N_("Attendance sheet: walk-ins") : N_("Attendance sheet")),
        h->session[0] ? " · " : "", h->session);
    cell(cr, pango, line, x, y + 11, w, 8, 4, true, PANGO_ALIGN_LEFT);
    free(line);
    line = xasprintf("%s%s%s", h->date, h->date[0] && h->place[0] ? " · " : "", h->place);
    cairo_set_source_rgb(cr, 0.2, 0.23, 0.27);
    cell(cr, pango, line, x, y + 19, w, 6, 3.4, false, PANGO_ALIGN_LEFT);
    free(line);

    /* The column titles on a grey band. */
    y = MARGIN + HEAD_H;
    static const char *const titles[NCOLS] = { N_("No."), N_("Surname"), N_("First name"),
                                               N_("Organisation"), N_("Signature") };
    cairo_set_source_rgb(cr, 0.86, 0.87, 0.89);
    cairo_rectangle(cr, x, y, w, TITLE_H);
    cairo_fill(cr);
    ink(cr);
    double cx = x;
    for (int c = 0; c < NCOLS; c++) {
        cell(cr, pango, sheet_tr(p->tr, titles[c]), cx + 1.2, y, col_w[c] - 2.4, TITLE_H, 3, true,
             PANGO_ALIGN_LEFT);
        cx += col_w[c];
    }

    /* The rows, every other one shaded, each with its number. */
    y += TITLE_H;
    for (size_t i = 0; i < SHEET_ROWS_PER_PAGE; i++) {
        double ry = y + (double)i * ROW_H;
        if (i % 2) {
            cairo_set_source_rgb(cr, 0.95, 0.95, 0.96);
            cairo_rectangle(cr, x, ry, w - col_w[COL_SIGNATURE], ROW_H);
            cairo_fill(cr);
        }
        if (!p->blank && i >= p->nrows)
            continue;
        char number[24];
        snprintf(number, sizeof number, "%zu", p->first + i + 1);
        cairo_set_source_rgb(cr, 0.35, 0.38, 0.42);
        cell(cr, pango, number, x + 1, ry, col_w[0] - 2, ROW_H, 2.8, false, PANGO_ALIGN_RIGHT);
        if (p->rows == NULL)
            continue;
        const struct sheet_row *r = &p->rows[i];
        const char *text[NCOLS] = { NULL, r->surname, r->first, r->organisation, NULL };
        cx = x + col_w[0];
        for (int c = COL_SURNAME; c < COL_SIGNATURE; c++) {
            ink(cr);
            cell(cr, pango, text[c], cx + 1.2, ry + 0.4, col_w[c] - 2.4, ROW_H - 0.8,
                 c == COL_SURNAME ? 3.3
                 : c == COL_FIRST ? 3.1
                                  : 2.8,
                 c == COL_SURNAME, PANGO_ALIGN_LEFT);
            cx += col_w[c];
        }
    }
    size_t drawn = p->blank ? SHEET_ROWS_PER_PAGE : p->nrows;

    /* The lines: under each row, between the columns, and the signature boxes' frame. */
    cairo_set_source_rgb(cr, 0.45, 0.47, 0.5);
    cairo_set_line_width(cr, 0.2);
    for (size_t i = 0; i <= drawn; i++) {
        cairo_move_to(cr, x, y + (double)i * ROW_H);
        cairo_line_to(cr, x + w, y + (double)i * ROW_H);
    }
    cx = x;
    for (int c = 0; c <= NCOLS; c++) {
        cairo_move_to(cr, cx, y - TITLE_H);
        cairo_line_to(cr, cx, y + (double)drawn * ROW_H);
        if (c < NCOLS)
            cx += col_w[c];
    }
    cairo_move_to(cr, x, y - TITLE_H);
    cairo_line_to(cr, x + w, y - TITLE_H);
    cairo_stroke(cr);

    /* The foot: the total on the last page, and the page's number. */
    double fy = PAGE_H - MARGIN - 5;
    ink(cr);
    if (p->total)
        cell(cr, pango, p->total, x, fy, w * 0.7, 5, 3.2, true, PANGO_ALIGN_LEFT);
    char *page = xasprintf(sheet_tr(p->tr, "page %d of %d"), p->number, p->pages);
    cairo_set_source_rgb(cr, 0.2, 0.23, 0.27);
    cell(cr, pango, page, x + w * 0.7, fy, w * 0.3, 5, 3, false, PANGO_ALIGN_RIGHT);
    free(page);
}

/* cairo's writer: the PDF's bytes into the safe file's stream. */
static cairo_status_t handle_write(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
                                                      : CAIRO_STATUS_WRITE_ERROR;
}

bool sheet_write(const char *path, const struct sheet_head *head, const struct sheet_row *rows,
                 size_t n, int blank_pages, const struct i18n *tr, char **why)
{
    /* Names are personal data: 0600, and complete or not there at all (safefile.h). */
    char *dir_copy = xstrdup(path), *name_copy = xstrdup(path);
    struct safefile *sf = safefile_open(dirname(dir_copy), basename(name_copy), why);
    free(dir_copy);
    free(name_copy);
    if (sf == NULL)
        return false;
    bool blank = blank_pages > 0;
    size_t pages = blank    ? (size_t)blank_pages
                   : n == 0 ? 1
                            : (n + SHEET_ROWS_PER_PAGE - 1) / SHEET_ROWS_PER_PAGE;
    char *total = blank ? xasprintf("%s ________", sheet_tr(tr, "Signatures:"))
                        : xasprintf(sheet_tr(tr, "Registered: %zu · signatures: ________"), n);
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(
        handle_write, safefile_stream(sf), PAGE_W * PT_PER_MM, PAGE_H * PT_PER_MM);
    cairo_pdf_surface_set_metadata(
        s, CAIRO_PDF_METADATA_TITLE,
        sheet_tr(tr, blank ? N_("Attendance sheet: walk-ins") : N_("Attendance sheet")));
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, PT_PER_MM, PT_PER_MM);
    PangoContext *pango = paper_context(cr);
    for (size_t i = 0; i < pages; i++) {
        size_t first = i * SHEET_ROWS_PER_PAGE;
        struct page p = {
            .head = head,
            .tr = tr,
            .blank = blank,
            .number = (int)i + 1,
            .pages = (int)pages,
            .rows = blank || n == 0 ? NULL : rows + first,
            .nrows = blank                             ? 0
                     : n - first < SHEET_ROWS_PER_PAGE ? n - first
                                                       : SHEET_ROWS_PER_PAGE,
            .first = first,
            .total = i + 1 == pages ? total : NULL,
        };
        draw_page(cr, pango, &p);
        cairo_show_page(cr);
    }
    g_object_unref(pango);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    bool ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
    if (!ok) {
        *why = xasprintf("%s: cannot write the sheet: %s", path,
                         cairo_status_to_string(cairo_surface_status(s)));
        safefile_abort(sf);
    } else {
        ok = safefile_commit(sf, why);
    }
    cairo_surface_destroy(s);
    free(total);
    return ok;
}
