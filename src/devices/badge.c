/*
 * The badge layout. Everything is drawn in millimetres (the cairo context
 * is scaled to the surface: points for PDF, pixels for PNG), so the same
 * code makes the printed and the on-screen badge. Pango lays out the text:
 * it shapes Arabic, and falls back to another installed font for glyphs
 * DejaVu Sans lacks (Chinese).
 */
#include "entrada/badge.h"
#include "entrada/band.h"
#include "entrada/image.h"
#include "entrada/text.h"
#include "entrada/xmalloc.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct badge {
    double w, h; /* mm */
    char *event;
    bool titles; /* [badge] titles: print a title above the name */
    const struct config *cfg;
    struct bands *bands;   /* each category's band */
    cairo_surface_t *logo; /* NULL without one */
    struct badge_fit fit;  /* of the latest badge drawn */
};

/* [badge] colours, the older form of [bands]: "" or "WORD:#rrggbb, WORD:#rrggbb". */
static bool colours_valid(const char *spec)
{
    char *copy = xstrdup(spec), *save = NULL;
    bool ok = true;
    for (char *part = strtok_r(copy, ",", &save); part && ok; part = strtok_r(NULL, ",", &save)) {
        unsigned r, g, bl;
        char word[64];
        int end = 0;
        ok = sscanf(part, " %63[^:]:#%2x%2x%2x %n", word, &r, &g, &bl, &end) == 4 &&
             part[end] == '\0';
    }
    free(copy);
    return ok;
}

/* The logo as a cairo surface (PNG, SVG and more, as image_load_argb reads them); NULL if not. */
static cairo_surface_t *load_logo(const char *path)
{
    uint32_t *px;
    int w, h;
    char *why = NULL;
    if (!image_load_argb(path, &px, &w, &h, &why)) {
        free(why);
        return NULL;
    }
    cairo_surface_t *c = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    unsigned char *data = cairo_image_surface_get_data(c);
    int stride = cairo_image_surface_get_stride(c);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t p = px[(size_t)y * (size_t)w + (size_t)x], a = p >> 24;
            /* cairo wants colour premultiplied by alpha */
            uint32_t r = (p >> 16 & 255) * a / 255, g = (p >> 8 & 255) * a / 255,
                     bl = (p & 255) * a / 255;
            ((uint32_t *)(data + y * stride))[x] = a << 24 | r << 16 | g << 8 | bl;
        }
    cairo_surface_mark_dirty(c);
    free(px);
    return c;
}

static const struct {
    const char *name;
    double w, h;
} sizes[] = {
    { "brother-62x100", 62, 100 },
    { "brother-62x29", 62, 29 },
    { "4x3in", 101.6, 76.2 },
    { "a6", 105, 148 },
    { "cr80", 54, 86 },
};

struct badge *badge_create(const struct config *cfg, char **why)
{
    const char *size = config_str(cfg, CONFIG_BADGE_SIZE);
    struct badge *b = xcalloc(1, sizeof *b);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        if (strcasecmp(size, sizes[i].name) == 0) {
            b->w = sizes[i].w;
            b->h = sizes[i].h;
        }
    if (b->w == 0 && (sscanf(size, "%lfx%lf", &b->w, &b->h) != 2 || b->w < 30 || b->h < 20 ||
                      b->w > 300 || b->h > 300)) {
        *why = xasprintf("[badge] size \"%s\": expected brother-62x100, brother-62x29, 4x3in, a6, "
                         "cr80 or WxH in millimetres (30x20 to 300x300)",
                         size);
        free(b);
        return NULL;
    }
    b->event = xstrdup(config_str(cfg, CONFIG_EVENT_NAME));
    b->titles = config_bool(cfg, CONFIG_BADGE_TITLES);
    const char *colours = config_str(cfg, CONFIG_BADGE_COLOURS);
    if (!colours_valid(colours)) {
        *why =
            xasprintf("[badge] colours \"%s\": expected WORD:#rrggbb, WORD:#rrggbb ...", colours);
        badge_destroy(b);
        return NULL;
    }
    b->bands = bands_create(cfg, NULL, 0, config_str(cfg, CONFIG_LANGUAGE));
    b->cfg = cfg;
    const char *logo = config_str(cfg, CONFIG_BADGE_LOGO);
    if (logo[0] && (b->logo = load_logo(logo)) == NULL) {
        *why = xasprintf("[badge] logo %s: not an image entrada can read", logo);
        badge_destroy(b);
        return NULL;
    }
    return b;
}

void badge_destroy(struct badge *b)
{
    if (b == NULL)
        return;
    free(b->event);
    bands_destroy(b->bands);
    if (b->logo)
        cairo_surface_destroy(b->logo);
    free(b);
}

void badge_size(const struct badge *b, double *w_mm, double *h_mm)
{
    *w_mm = b->w;
    *h_mm = b->h;
}

bool badge_use_store(struct badge *b, struct store *st, char **why)
{
    struct bands *bands = bands_from_store(b->cfg, st, why);
    if (bands == NULL)
        return false;
    bands_destroy(b->bands);
    b->bands = bands;
    return true;
}

struct badge_fit badge_last_fit(const struct badge *b)
{
    return b->fit;
}

/* The logo, as large as fits in the box, kept in proportion; returns its width. */
static double logo_box(cairo_t *cr, const struct badge *b, double x, double y, double w, double h)
{
    if (b->logo == NULL)
        return 0;
    double lw = cairo_image_surface_get_width(b->logo),
           lh = cairo_image_surface_get_height(b->logo);
    double scale = fmin(w / lw, h / lh);
    cairo_save(cr);
    cairo_translate(cr, x, y + (h - lh * scale) / 2);
    cairo_scale(cr, scale, scale);
    cairo_set_source_surface(cr, b->logo, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    return lw * scale;
}

/* Text laid out to fit a box: its layout, font size and size in mm. */
struct fitted {
    PangoLayout *layout; /* NULL for no text */
    double size, w, h;
    bool cut; /* even the smallest size did not fit: the text is cut at the box */
};

/* The smallest font size (em, mm) text is shrunk to before it is cut. */
static const double MIN_SIZE_MM = 1.2;

/*
 * Lay text out for a box w x h mm, as large as size_mm allows, shrinking
 * until it fits in max_lines.
 */
static void text_fit(PangoContext *pango, const char *text, double w, double h, double size_mm,
                     bool bold, int max_lines, bool centre, struct fitted *f)
{
    memset(f, 0, sizeof *f);
    if (text == NULL || text[0] == '\0' || w <= 0 || h <= 0)
        return;
    f->layout = pango_layout_new(pango);
    PangoFontDescription *font = pango_font_description_from_string("DejaVu Sans");
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_text(f->layout, text, -1);
    pango_layout_set_width(f->layout, (int)(w * PANGO_SCALE));
    pango_layout_set_wrap(f->layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(f->layout, centre ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
    double s = fmax(size_mm, MIN_SIZE_MM);
    int tw, th;
    for (;; s *= 0.92) {
        pango_font_description_set_absolute_size(font, s * PANGO_SCALE);
        pango_layout_set_font_description(f->layout, font);
        pango_layout_get_size(f->layout, &tw, &th);
        PangoRectangle ink;
        pango_layout_get_extents(f->layout, &ink, NULL);
        bool fits = pango_layout_get_line_count(f->layout) <= max_lines && th <= h * PANGO_SCALE &&
                    ink.x >= -PANGO_SCALE / 4 && ink.x + ink.width <= (w + 0.25) * PANGO_SCALE;
        if (fits || s * 0.92 < MIN_SIZE_MM) {
            f->cut = !fits;
            break;
        }
    }
    f->size = s;
    f->w = w;
    f->h = fmin((double)th / PANGO_SCALE, h);
    pango_font_description_free(font);
}

/* Draw fitted text at x, y, never outside the box w x h; frees its layout. */
static void text_show(cairo_t *cr, struct fitted *f, double x, double y, double h)
{
    if (f->layout == NULL)
        return;
    cairo_save(cr);
    cairo_rectangle(cr, x, y, f->w, h);
    cairo_clip(cr);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, f->layout);
    cairo_restore(cr);
    g_object_unref(f->layout);
    f->layout = NULL;
}

/* Text in the box, as large as size_mm allows, centred on the box's height; the size used. */
static double text_box(cairo_t *cr, PangoContext *pango, const char *text, double x, double y,
                       double w, double h, double size_mm, bool bold, int max_lines, bool centre)
{
    struct fitted f;
    text_fit(pango, text, w, h, size_mm, bold, max_lines, centre, &f);
    double size = f.size;
    text_show(cr, &f, x, y + (h - f.h) / 2, h - (h - f.h) / 2);
    return size;
}

/* The QR code of text, side mm square at x, y, quiet zone included. */
static bool qr_box(cairo_t *cr, const char *text, double x, double y, double side)
{
    QRcode *qr = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (qr == NULL)
        return false;
    int quiet = 4, n = qr->width + 2 * quiet;
    double m = side / n;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, side, side);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int row = 0; row < qr->width; row++)
        for (int col = 0; col < qr->width; col++)
            if (qr->data[row * qr->width + col] & 1)
                cairo_rectangle(cr, x + (col + quiet) * m, y + (row + quiet) * m, m, m);
    cairo_fill(cr);
    QRcode_free(qr);
    return true;
}

static void set_rgb(cairo_t *cr, uint32_t rgb)
{
    cairo_set_source_rgb(cr, (rgb >> 16 & 255) / 255.0, (rgb >> 8 & 255) / 255.0,
                         (rgb & 255) / 255.0);
}

/*
 * The name and organisation in the box x, y, w x h. With room (a box 25 mm
 * high or more) the given names are the large line and the surnames a
 * smaller one below, as badge designers set them; otherwise the whole name
 * is one block. The organisation is never set larger than any line of the
 * name. Records how they fitted in b->fit.
 */
static void name_block(struct badge *b, cairo_t *cr, PangoContext *pango, const struct attendee *a,
                       double x, double y, double w, double h, double size, bool centre)
{
    struct attendee_name n;
    attendee_name_parts(a, &n);
    const char *org = a->organisation ? a->organisation : "";
    const char *title = b->titles ? n.title : "";
    bool room = h >= 25 && n.first[0] && n.last[0];
    char *whole = NULL;
    const char *big = n.first[0] ? n.first : n.last, *small = n.first[0] ? n.last : "";
    if (!room) {
        whole = xasprintf("%s%s%s", n.first, n.first[0] && n.last[0] ? " " : "", n.last);
        big = whole;
        small = "";
    }
    bool has_org = org[0] != '\0';
    double gap = h * 0.03;
    double title_h = title[0] ? h * 0.09 : 0;
    double org_h = has_org ? h * 0.26 : 0;
    double big_h = small[0] ? (h - title_h - org_h) * 0.58 : h - title_h - org_h;
    double small_h = small[0] ? h - title_h - org_h - big_h : 0;

    struct fitted ft, fb, fs, fo;
    text_fit(pango, big, w, big_h, size, true, small[0] ? 2 : 3, centre, &fb);
    text_fit(pango, small, w, small_h, fmin(size * 0.62, fb.size), true, 2, centre, &fs);
    double name_min = fs.layout ? fmin(fb.size, fs.size) : fb.size;
    text_fit(pango, org, w, org_h, fmin(size * 0.45, name_min), false, 2, centre, &fo);
    text_fit(pango, title, w, title_h, fmin(size * 0.3, fo.layout ? fo.size : name_min), false, 1,
             centre, &ft);
    b->fit.name_mm = name_min;
    b->fit.organisation_mm = fo.layout ? fo.size : 0;
    b->fit.cut = fb.cut || fs.cut || fo.cut;

    /* The lines stacked and centred together in the box. */
    double total = ft.h + fb.h + fs.h + fo.h + (fo.layout ? gap : 0);
    double at = y + fmax(0, (h - total) / 2);
    cairo_set_source_rgb(cr, 0.2, 0.23, 0.27);
    text_show(cr, &ft, x, at, title_h);
    at += ft.h;
    cairo_set_source_rgb(cr, 0.05, 0.07, 0.1);
    text_show(cr, &fb, x, at, big_h);
    at += fb.h;
    text_show(cr, &fs, x, at, small_h);
    at += fs.h + (fo.layout ? gap : 0);
    cairo_set_source_rgb(cr, 0.2, 0.23, 0.27);
    text_show(cr, &fo, x, at, org_h);
    free(whole);
    attendee_name_clear(&n);
}

/* The band: the category's colour across x, y, w x h, its word in it. */
static void band_box(struct badge *b, cairo_t *cr, PangoContext *pango, const char *category,
                     double x, double y, double w, double h, double m, bool centre)
{
    struct band band = bands_for(b->bands, category);
    set_rgb(cr, band.rgb);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
    if (band.dark_text)
        cairo_set_source_rgb(cr, 0.05, 0.07, 0.1);
    else
        cairo_set_source_rgb(cr, 1, 1, 1);
    text_box(cr, pango, band.label, x + m, y, w - 2 * m, h, h * 0.6, true, 1, centre);
}

/* Draw a's badge on cr, scaled to millimetres, its text laid out in pango. */
static bool draw_with(struct badge *b, cairo_t *cr, PangoContext *pango, const struct attendee *a)
{
    double w = b->w, h = b->h, m = 3;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    const char *category = a->category ? a->category : "";

    if (h >= w) {
        /* Tall: event, name, organisation, QR code, band. */
        double band_h = h * 0.1, qr = fmax(20, fmin(w - 2 * m, h * 0.34));
        double qr_y = h - band_h - qr - m / 2;
        double lw = logo_box(cr, b, m, m, w * 0.3, h * 0.08);
        cairo_set_source_rgb(cr, 0.2, 0.23, 0.27);
        text_box(cr, pango, b->event, m + lw + (lw > 0 ? m : 0), m,
                 w - 2 * m - lw - (lw > 0 ? m : 0), h * 0.08, h * 0.035, false, 2, lw == 0);
        name_block(b, cr, pango, a, m, h * 0.115, w - 2 * m, qr_y - m / 2 - h * 0.115, h * 0.09,
                   true);
        if (!qr_box(cr, a->code, (w - qr) / 2, qr_y, qr))
            return false;
        band_box(b, cr, pango, category, 0, h - band_h, w, band_h, m, true);
    } else {
        /* Wide: name and organisation left, QR code right, band along the bottom. */
        double band_h = fmin(h * 0.14, 8), qr = fmax(20, fmin(h - band_h - m, w * 0.4));
        double text_w = w - qr - 3 * m;
        double lw = logo_box(cr, b, m, m * 0.6, text_w * 0.3, h * 0.12);
        cairo_set_source_rgb(cr, 0.2, 0.23, 0.27);
        text_box(cr, pango, b->event, m + lw + (lw > 0 ? m : 0), m * 0.6,
                 text_w - lw - (lw > 0 ? m : 0), h * 0.12, h * 0.06, false, 1, false);
        name_block(b, cr, pango, a, m, h * 0.17, text_w, h - band_h - h * 0.17 - m / 2, h * 0.17,
                   false);
        if (!qr_box(cr, a->code, w - qr - m / 2, m / 2, qr))
            return false;
        band_box(b, cr, pango, category, 0, h - band_h, w - qr - m, band_h, m, false);
    }
    return true;
}

/*
 * The Pango context for cr, set for paper: glyph positions and metrics as
 * the font designs them, not hinted or rounded for a screen. By default
 * Pango rounds every glyph position to a whole unit, which suits pixels;
 * on the PDF surface it moved letters far enough that small text ran
 * together once rasterised ("Asociación" read "Asodadón" by poppler and
 * Ghostscript) while the 300 dpi PNG looked right. With rounding and
 * metric hinting off the layout is the same on every surface, so the PDF
 * and the PNG break lines alike and differ only in how they are rasterised.
 */
static PangoContext *text_context(cairo_t *cr)
{
    PangoContext *pango = pango_cairo_create_context(cr);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(pango, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(pango, FALSE);
    return pango;
}

/* Draw a's badge on cr, scaled to millimetres. */
static bool draw(struct badge *b, cairo_t *cr, const struct attendee *a)
{
    PangoContext *pango = text_context(cr);
    bool ok = draw_with(b, cr, pango, a);
    g_object_unref(pango);
    return ok;
}

static const double PT_PER_MM = 72.0 / 25.4;

bool badge_write(struct badge *b, const struct attendee *a, const char *path, int dpi, char **why)
{
    const char *dot = strrchr(path, '.');
    bool pdf = dot && strcasecmp(dot, ".pdf") == 0, png = dot && strcasecmp(dot, ".png") == 0;
    if (!pdf && !png) {
        *why = xasprintf("%s: a badge is written as .pdf or .png", path);
        return false;
    }
    double scale = pdf ? PT_PER_MM : dpi / 25.4;
    cairo_surface_t *s =
        pdf ? cairo_pdf_surface_create(path, b->w * scale, b->h * scale)
            : cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(b->w * scale),
                                         (int)ceil(b->h * scale));
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, scale, scale);
    bool ok = draw(b, cr, a);
    cairo_destroy(cr);
    if (ok && png)
        ok = cairo_surface_write_to_png(s, path) == CAIRO_STATUS_SUCCESS;
    cairo_surface_finish(s);
    ok = ok && cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    if (!ok)
        *why = xasprintf("%s: cannot write the badge (a code too long for a QR code, or the "
                         "disk?)",
                         path);
    return ok;
}

bool badge_pixels(struct badge *b, const struct attendee *a, int height_px, uint32_t **argb, int *w,
                  int *h)
{
    double scale = (double)height_px / b->h;
    *w = (int)ceil(b->w * scale);
    *h = height_px;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, *w, *h);
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, scale, scale);
    bool ok = draw(b, cr, a);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    ok = ok && cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
    if (ok) {
        *argb = xmalloc((size_t)*w * (size_t)*h * sizeof **argb);
        int stride = cairo_image_surface_get_stride(s);
        const unsigned char *data = cairo_image_surface_get_data(s);
        for (int y = 0; y < *h; y++)
            memcpy(*argb + (size_t)y * (size_t)*w, data + (size_t)y * (size_t)stride,
                   (size_t)*w * sizeof **argb);
    }
    cairo_surface_destroy(s);
    return ok;
}

/* One category on the cover: its band and how many badges follow. */
struct cover_row {
    const char *category;
    unsigned count;
};

/* The cover of a batch: the event, the title, the count, and per category its band and count. */
static void draw_cover(struct badge *b, cairo_t *cr, const char *title, size_t total,
                       const struct cover_row *rows, size_t nrows)
{
    PangoContext *pango = text_context(cr);
    double w = b->w, h = b->h, m = 3;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.05, 0.07, 0.1);
    double top = h < w ? h * 0.12 : h * 0.08, line = fmin(h * 0.06, 6);
    text_box(cr, pango, b->event, m, m / 2, w - 2 * m, top, top * 0.45, false, 1, false);
    char *head =
        xasprintf("%zu badge%s%s%s", total, total == 1 ? "" : "s", title[0] ? " · " : "", title);
    text_box(cr, pango, head, m, m / 2 + top, w - 2 * m, top, top * 0.5, true, 2, false);
    free(head);
    double y = m + 2 * top, row_h = fmin(line, (h - y - m) / (double)(nrows ? nrows : 1));
    for (size_t i = 0; i < nrows; i++, y += row_h) {
        struct band band = bands_for(b->bands, rows[i].category);
        set_rgb(cr, band.rgb);
        cairo_rectangle(cr, m, y + row_h * 0.1, w * 0.45, row_h * 0.8);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
        cairo_set_line_width(cr, 0.15);
        cairo_rectangle(cr, m, y + row_h * 0.1, w * 0.45, row_h * 0.8);
        cairo_stroke(cr);
        if (band.dark_text)
            cairo_set_source_rgb(cr, 0.05, 0.07, 0.1);
        else
            cairo_set_source_rgb(cr, 1, 1, 1);
        text_box(cr, pango, band.label, m + 1, y, w * 0.45 - 2, row_h, row_h * 0.5, true, 1, false);
        char count[32];
        snprintf(count, sizeof count, "%u", rows[i].count);
        cairo_set_source_rgb(cr, 0.05, 0.07, 0.1);
        text_box(cr, pango, count, w * 0.45 + 2 * m, y, w * 0.55 - 3 * m, row_h, row_h * 0.55,
                 false, 1, false);
    }
    g_object_unref(pango);
}

bool badge_write_batch(struct badge *b, const struct attendee *a, size_t n, const char *title,
                       const char *path, char **why)
{
    /* The cover's rows: each category (as its band shows it) and its count, largest first. */
    struct cover_row *rows = xcalloc(n ? n : 1, sizeof *rows);
    size_t nrows = 0;
    for (size_t i = 0; i < n; i++) {
        const char *label = bands_for(b->bands, a[i].category).label;
        size_t r = 0;
        while (r < nrows && strcmp(bands_for(b->bands, rows[r].category).label, label) != 0)
            r++;
        if (r == nrows)
            rows[nrows++].category = a[i].category;
        rows[r].count++;
    }
    for (size_t i = 1; i < nrows; i++) /* few rows: insertion sort */
        for (size_t j = i; j > 0 && rows[j].count > rows[j - 1].count; j--) {
            struct cover_row t = rows[j];
            rows[j] = rows[j - 1];
            rows[j - 1] = t;
        }
    cairo_surface_t *s = cairo_pdf_surface_create(path, b->w * PT_PER_MM, b->h * PT_PER_MM);
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, PT_PER_MM, PT_PER_MM);
    draw_cover(b, cr, title ? title : "", n, rows, nrows);
    cairo_show_page(cr);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        cairo_save(cr);
        ok = draw(b, cr, &a[i]);
        cairo_restore(cr);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (!ok || cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        *why = xasprintf("%s: cannot write the badges", path);
        ok = false;
    }
    cairo_surface_destroy(s);
    free(rows);
    return ok;
}

static int by_key(const void *x, const void *y)
{
    const struct badge_entry *a = x, *b = y;
    int c = strcmp(a->key, b->key);
    return c ? c : strcmp(a->a.code, b->a.code);
}

bool badge_select(struct store *st, const struct store_badge_filter *f, enum badge_order order,
                  struct badge_entry **out, size_t *n, char **why)
{
    int64_t *ids = NULL;
    *out = NULL;
    *n = 0;
    if (!store_badge_ids(st, f, &ids, n, why))
        return false;
    struct badge_entry *e = xcalloc(*n ? *n : 1, sizeof *e);
    bool ok = true;
    for (size_t i = 0; i < *n && ok; i++) {
        ok = store_get_attendee(st, ids[i], &e[i].a, why) == 1;
        if (!ok)
            break;
        if (order == BADGE_BY_SURNAME) {
            e[i].key = attendee_sort_key(&e[i].a);
        } else if (order == BADGE_BY_ORGANISATION) {
            char *sur = attendee_sort_key(&e[i].a), *org = text_fold(e[i].a.organisation);
            e[i].key = xasprintf("%s\x01%s", org, sur);
            free(sur);
            free(org);
        } else {
            e[i].key = xstrdup(e[i].a.code);
        }
    }
    free(ids);
    if (!ok) {
        if (*why == NULL)
            *why = xstrdup("an attendee went missing while the badges were drawn");
        badge_entries_free(e, *n);
        *n = 0;
        return false;
    }
    qsort(e, *n, sizeof *e, by_key);
    *out = e;
    return true;
}

void badge_entries_free(struct badge_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        attendee_clear(&e[i].a);
        free(e[i].key);
    }
    free(e);
}

bool badge_write_all(struct badge *b, struct store *st, const char *category, const char *path,
                     unsigned *pages, char **why)
{
    struct store_badge_filter f = { .category = category };
    struct badge_entry *e = NULL;
    size_t n = 0;
    *pages = 0;
    if (!badge_select(st, &f, BADGE_BY_SURNAME, &e, &n, why))
        return false;
    struct attendee *a = xcalloc(n ? n : 1, sizeof *a);
    for (size_t i = 0; i < n; i++)
        a[i] = e[i].a; /* shallow: e keeps them */
    bool ok = badge_use_store(b, st, why) && badge_write_batch(b, a, n, "", path, why);
    if (ok)
        *pages = (unsigned)n;
    free(a);
    badge_entries_free(e, n);
    return ok;
}
