/*
 * The badge layout. Everything is drawn in millimetres (the cairo context
 * is scaled to the surface: points for PDF, pixels for PNG), so the same
 * code makes the printed and the on-screen badge. Pango lays out the text:
 * it shapes Arabic, and falls back to another installed font for glyphs
 * DejaVu Sans lacks (Chinese).
 */
#include "entrada/badge.h"
#include "entrada/xmalloc.h"

#include <SDL.h>
#include <SDL_image.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct colour {
    double r, g, b;
};

enum { BANDS = 16 };

struct badge {
    double w, h; /* mm */
    char *event;
    struct {
        char word[32];
        struct colour c;
    } band[BANDS];
    int nbands;
    cairo_surface_t *logo; /* NULL without one */
};

/* "WORD:#rrggbb, WORD:#rrggbb": false if any part is not that. */
static bool parse_colours(struct badge *b, const char *spec)
{
    char *copy = xstrdup(spec), *save = NULL;
    bool ok = true;
    for (char *part = strtok_r(copy, ",", &save); part && ok; part = strtok_r(NULL, ",", &save)) {
        unsigned r, g, bl;
        char word[32];
        ok = b->nbands < BANDS && sscanf(part, " %31[^:]:#%2x%2x%2x", word, &r, &g, &bl) == 4;
        if (ok) {
            snprintf(b->band[b->nbands].word, sizeof b->band[0].word, "%s", word);
            b->band[b->nbands++].c = (struct colour){ r / 255.0, g / 255.0, bl / 255.0 };
        }
    }
    free(copy);
    return ok && b->nbands > 0;
}

/* The logo as a cairo surface (SDL_image reads PNG, SVG and more); NULL if unreadable. */
static cairo_surface_t *load_logo(const char *path)
{
    SDL_Surface *loaded = IMG_Load(path);
    SDL_Surface *s = loaded ? SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
    SDL_FreeSurface(loaded);
    if (s == NULL)
        return NULL;
    cairo_surface_t *c = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, s->w, s->h);
    unsigned char *data = cairo_image_surface_get_data(c);
    int stride = cairo_image_surface_get_stride(c);
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++) {
            Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
            Uint32 a = p >> 24;
            /* cairo wants colour premultiplied by alpha */
            Uint32 r = (p >> 16 & 255) * a / 255, g = (p >> 8 & 255) * a / 255,
                   bl = (p & 255) * a / 255;
            ((uint32_t *)(data + y * stride))[x] = a << 24 | r << 16 | g << 8 | bl;
        }
    cairo_surface_mark_dirty(c);
    SDL_FreeSurface(s);
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
    const char *colours = config_str(cfg, CONFIG_BADGE_COLOURS);
    if (!parse_colours(b, colours)) {
        *why =
            xasprintf("[badge] colours \"%s\": expected WORD:#rrggbb, WORD:#rrggbb ...", colours);
        badge_destroy(b);
        return NULL;
    }
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
    if (b->logo)
        cairo_surface_destroy(b->logo);
    free(b);
}

void badge_size(const struct badge *b, double *w_mm, double *h_mm)
{
    *w_mm = b->w;
    *h_mm = b->h;
}

static struct colour band_colour(const struct badge *b, const char *category)
{
    for (int i = 0; i < b->nbands; i++)
        if (strcasecmp(category, b->band[i].word) == 0)
            return b->band[i].c;
    return b->band[0].c;
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

/*
 * Text in the box (mm), as large as size_mm allows, shrinking until it fits
 * in max_lines; if even the smallest size does not fit, it is cut at the box.
 */
static void text_box(cairo_t *cr, PangoContext *pango, const char *text, double x, double y,
                     double w, double h, double size_mm, bool bold, int max_lines, bool centre)
{
    if (text == NULL || text[0] == '\0' || w <= 0 || h <= 0)
        return;
    PangoLayout *layout = pango_layout_new(pango);
    PangoFontDescription *font = pango_font_description_from_string("DejaVu Sans");
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_text(layout, text, -1);
    pango_layout_set_width(layout, (int)(w * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout, centre ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
    double s = size_mm;
    int tw, th;
    for (;; s *= 0.9) {
        pango_font_description_set_absolute_size(font, s * PANGO_SCALE);
        pango_layout_set_font_description(layout, font);
        pango_layout_get_size(layout, &tw, &th);
        if ((pango_layout_get_line_count(layout) <= max_lines && th <= h * PANGO_SCALE) || s < 1.2)
            break;
    }
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_clip(cr); /* never outside the box */
    double top = y + (h - (double)th / PANGO_SCALE) / 2;
    cairo_move_to(cr, x, top > y ? top : y);
    pango_cairo_show_layout(cr, layout);
    cairo_restore(cr);
    pango_font_description_free(font);
    g_object_unref(layout);
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

/* Draw a's badge on cr, scaled to millimetres, its text laid out in pango. */
static bool draw_with(const struct badge *b, cairo_t *cr, PangoContext *pango,
                      const struct attendee *a)
{
    double w = b->w, h = b->h, m = 3;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    const char *category = a->category && a->category[0] ? a->category : "ATTENDEE";
    struct colour band = band_colour(b, category);
    const char *org = a->organisation ? a->organisation : "";

    if (h >= w) {
        /* Tall: event, name, organisation, QR code, band. */
        double band_h = h * 0.1, qr = fmax(20, fmin(w - 2 * m, h * 0.34));
        double lw = logo_box(cr, b, m, m, w * 0.3, h * 0.08);
        cairo_set_source_rgb(cr, 0.2, 0.23, 0.27);
        text_box(cr, pango, b->event, m + lw + (lw > 0 ? m : 0), m,
                 w - 2 * m - lw - (lw > 0 ? m : 0), h * 0.08, h * 0.035, false, 2, lw == 0);
        cairo_set_source_rgb(cr, 0.05, 0.07, 0.1);
        text_box(cr, pango, a->name, m, h * 0.12, w - 2 * m, h * 0.22, h * 0.09, true, 2, true);
        cairo_set_source_rgb(cr, 0.2, 0.23, 0.27);
        text_box(cr, pango, org, m, h * 0.35, w - 2 * m, h * 0.1, h * 0.045, false, 2, true);
        if (!qr_box(cr, a->code, (w - qr) / 2, h - band_h - qr - m / 2, qr))
            return false;
        cairo_set_source_rgb(cr, band.r, band.g, band.b);
        cairo_rectangle(cr, 0, h - band_h, w, band_h);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        text_box(cr, pango, category, m, h - band_h, w - 2 * m, band_h, band_h * 0.6, true, 1,
                 true);
    } else {
        /* Wide: name and organisation left, QR code right, band along the bottom. */
        double band_h = fmin(h * 0.14, 8), qr = fmax(20, fmin(h - band_h - m, w * 0.4));
        double text_w = w - qr - 3 * m;
        double lw = logo_box(cr, b, m, m * 0.6, text_w * 0.3, h * 0.12);
        cairo_set_source_rgb(cr, 0.2, 0.23, 0.27);
        text_box(cr, pango, b->event, m + lw + (lw > 0 ? m : 0), m * 0.6,
                 text_w - lw - (lw > 0 ? m : 0), h * 0.12, h * 0.06, false, 1, false);
        cairo_set_source_rgb(cr, 0.05, 0.07, 0.1);
        text_box(cr, pango, a->name, m, h * 0.17, text_w, h * 0.42, h * 0.17, true, 2, false);
        cairo_set_source_rgb(cr, 0.2, 0.23, 0.27);
        text_box(cr, pango, org, m, h * 0.6, text_w, h - band_h - h * 0.6, h * 0.08, false, 2,
                 false);
        if (!qr_box(cr, a->code, w - qr - m / 2, m / 2, qr))
            return false;
        cairo_set_source_rgb(cr, band.r, band.g, band.b);
        cairo_rectangle(cr, 0, h - band_h, w - qr - m, band_h);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        text_box(cr, pango, category, m, h - band_h, text_w, band_h, band_h * 0.65, true, 1, false);
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
static bool draw(const struct badge *b, cairo_t *cr, const struct attendee *a)
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

struct all_badges {
    const struct badge *b;
    cairo_t *cr;
    const char *category;
    unsigned pages;
    bool ok;
};

static bool handle_badge(void *ctx, const struct attendee *a)
{
    struct all_badges *all = ctx;
    if (a->status != ATTENDEE_ACTIVE ||
        (all->category && strcasecmp(a->category, all->category) != 0))
        return true;
    cairo_save(all->cr);
    all->ok = draw(all->b, all->cr, a);
    cairo_restore(all->cr);
    cairo_show_page(all->cr);
    all->pages++;
    return all->ok;
}

bool badge_write_all(struct badge *b, struct store *st, const char *category, const char *path,
                     unsigned *pages, char **why)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, b->w * PT_PER_MM, b->h * PT_PER_MM);
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, PT_PER_MM, PT_PER_MM);
    struct all_badges all = { b, cr, category, 0, true };
    bool ok = store_each_attendee(st, STORE_ALL, handle_badge, &all, why);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (ok && (!all.ok || cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)) {
        *why = xasprintf("%s: cannot write the badges", path);
        ok = false;
    }
    cairo_surface_destroy(s);
    *pages = all.pages;
    return ok;
}
