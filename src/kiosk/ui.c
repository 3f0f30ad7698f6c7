/*
 * Screen drawing primitives. Text is the costly part, so rendered strings
 * are kept as textures in a small cache keyed by text, size, weight and
 * colour: a screen redrawn for its clock re-renders only the clock.
 *
 * SDL_ttf sets text in DejaVu Sans, which covers Latin, Greek and
 * Cyrillic. Text it cannot set right (Arabic and Hebrew, which need
 * shaping and right-to-left order, Indic and Thai scripts, or characters
 * DejaVu lacks, such as Chinese) goes through Pango instead, as on badges:
 * it shapes, orders and falls back to any installed font that has the
 * glyphs (Debian's fonts-droid-fallback for Chinese, Japanese and Korean).
 */
#include "ui.h"
#include "entrada/xmalloc.h"

#include <SDL_image.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

const SDL_Color ui_ink = { 0x1b, 0x24, 0x30, 0xff };
const SDL_Color ui_paper = { 0xf4, 0xf1, 0xea, 0xff };
const SDL_Color ui_muted = { 0x5d, 0x66, 0x70, 0xff };
const SDL_Color ui_accent = { 0x1f, 0x4e, 0x79, 0xff };
const SDL_Color ui_green = { 0x1e, 0x7a, 0x3c, 0xff };
const SDL_Color ui_amber = { 0xb3, 0x6b, 0x00, 0xff };
const SDL_Color ui_red = { 0xb0, 0x24, 0x1c, 0xff };
const SDL_Color ui_white = { 0xff, 0xff, 0xff, 0xff };
const SDL_Color ui_panel = { 0xe4, 0xdf, 0xd3, 0xff };

enum { FONT_SLOTS = 32, CACHE_SLOTS = 128, RECORD_SLOTS = 256 };

/* One text drawn, as ui_record keeps it: where, how big, and whether it fitted. */
struct drawn_text {
    char *text;
    struct ui_rect box;
    int px, lines, max_lines, width; /* width: the widest line's, in pixels */
    bool fits, button;
};

struct font_slot {
    int px;
    bool bold;
    TTF_Font *font;
};

struct cached_text {
    char *text;
    int px;
    bool bold;
    Uint32 colour;
    SDL_Texture *texture;
    int w, h;
    unsigned used; /* frame stamp, for evicting the least recently used */
};

struct ui {
    SDL_Renderer *renderer;
    char *font_path[2]; /* regular, bold; NULL if none was found */
    struct font_slot fonts[FONT_SLOTS];
    struct cached_text cache[CACHE_SLOTS];
    unsigned stamp;
    int w, h, unit;
    int min_px;          /* ui_set_min_px, 0 for none */
    cairo_t *measure;    /* a 1x1 surface's context, for Pango's layouts; NULL until needed */
    PangoLayout *layout; /* reused for every text that goes through Pango */
    bool contrast;       /* ui_set_contrast: the theme's colours mapped, text 1.4 times larger */
    bool record_wanted, recording; /* ui_record: asked, and on for the frame being drawn */
    struct drawn_text drawn[RECORD_SLOTS];
    int ndrawn;
};

static char *find_font(const char *dir, const char *name)
{
    const char *dirs[] = { dir, "/usr/share/fonts/truetype/dejavu" };
    for (size_t i = 0; i < 2; i++) {
        if (dirs[i] == NULL)
            continue;
        char *path = xasprintf("%s/%s", dirs[i], name);
        SDL_RWops *f = SDL_RWFromFile(path, "rb");
        if (f) {
            SDL_RWclose(f);
            return path;
        }
        free(path);
    }
    return NULL;
}

struct ui *ui_create(SDL_Renderer *renderer, const char *font_dir)
{
    struct ui *ui = xcalloc(1, sizeof *ui);
    ui->renderer = renderer;
    if (TTF_Init() != 0) {
        SDL_Log("fonts: cannot start SDL_ttf: %s; no text will be shown", TTF_GetError());
    } else {
        ui->font_path[0] = find_font(font_dir, "DejaVuSans.ttf");
        ui->font_path[1] = find_font(font_dir, "DejaVuSans-Bold.ttf");
        if (ui->font_path[1] == NULL && ui->font_path[0])
            ui->font_path[1] = xstrdup(ui->font_path[0]);
        if (ui->font_path[0] == NULL)
            SDL_Log("fonts: DejaVuSans.ttf is neither in %s nor installed; no text will be shown",
                    font_dir ? font_dir : "(no data directory)");
    }
    ui_resize(ui);
    return ui;
}

static void drop_record(struct ui *ui)
{
    for (int i = 0; i < ui->ndrawn; i++)
        free(ui->drawn[i].text);
    ui->ndrawn = 0;
}

static void drop_cache(struct ui *ui)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        free(ui->cache[i].text);
        if (ui->cache[i].texture)
            SDL_DestroyTexture(ui->cache[i].texture);
        memset(&ui->cache[i], 0, sizeof ui->cache[i]);
    }
}

void ui_destroy(struct ui *ui)
{
    if (ui == NULL)
        return;
    drop_cache(ui);
    drop_record(ui);
    if (ui->layout)
        g_object_unref(ui->layout);
    if (ui->measure)
        cairo_destroy(ui->measure);
    for (int i = 0; i < FONT_SLOTS; i++)
        if (ui->fonts[i].font)
            TTF_CloseFont(ui->fonts[i].font);
    free(ui->font_path[0]);
    free(ui->font_path[1]);
    if (TTF_WasInit())
        TTF_Quit();
    free(ui);
}

bool ui_resize(struct ui *ui)
{
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(ui->renderer, &w, &h);
    if (w == ui->w && h == ui->h)
        return false;
    ui->w = w;
    ui->h = h;
    ui->unit = ((w < h ? w : h) + 50) / 100;
    if (ui->unit < 1)
        ui->unit = 1;
    drop_cache(ui); /* text sizes follow the screen */
    return true;
}

int ui_width(const struct ui *ui)
{
    return ui->w;
}

int ui_height(const struct ui *ui)
{
    return ui->h;
}

int ui_unit(const struct ui *ui)
{
    return ui->unit;
}

void ui_set_min_px(struct ui *ui, int px)
{
    ui->min_px = px;
}

bool ui_has_fonts(const struct ui *ui)
{
    return ui->font_path[0] != NULL;
}

static TTF_Font *font_at(struct ui *ui, int px, bool bold)
{
    int free_slot = -1;
    for (int i = 0; i < FONT_SLOTS; i++) {
        if (ui->fonts[i].font && ui->fonts[i].px == px && ui->fonts[i].bold == bold)
            return ui->fonts[i].font;
        if (ui->fonts[i].font == NULL && free_slot < 0)
            free_slot = i;
    }
    if (free_slot < 0) { /* all taken: reuse one at random, fonts are cheap to reopen */
        free_slot = rand() % FONT_SLOTS;
        TTF_CloseFont(ui->fonts[free_slot].font);
    }
    TTF_Font *f = TTF_OpenFont(ui->font_path[bold], px);
    if (f == NULL) {
        SDL_Log("fonts: %s: %s", ui->font_path[bold], TTF_GetError());
        ui->fonts[free_slot].font = NULL;
        return NULL;
    }
    ui->fonts[free_slot] = (struct font_slot){ px, bold, f };
    return f;
}

void ui_set_contrast(struct ui *ui, bool on)
{
    ui->contrast = on;
}

bool ui_contrast(const struct ui *ui)
{
    return ui->contrast;
}

static bool same(SDL_Color a, SDL_Color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

/*
 * A theme colour as high contrast shows it: black ground, white text,
 * yellow for what is accent (with black on it), bright verdict colours with
 * black text. Every pair the screens draw (text on its ground) is then at
 * least 7:1, WCAG's AAA for text; the theme's own pairs are AA. Colours
 * that are not the theme's (pictures) stay as they are.
 */
static SDL_Color themed(const struct ui *ui, SDL_Color c)
{
    static const struct {
        const SDL_Color *from;
        SDL_Color to;
    } map[] = {
        { &ui_paper, { 0x00, 0x00, 0x00, 0xff } },  { &ui_ink, { 0xff, 0xff, 0xff, 0xff } },
        { &ui_white, { 0x00, 0x00, 0x00, 0xff } },  { &ui_muted, { 0xd0, 0xd0, 0xd0, 0xff } },
        { &ui_accent, { 0xff, 0xd7, 0x00, 0xff } }, { &ui_panel, { 0x33, 0x33, 0x33, 0xff } },
        { &ui_green, { 0x4c, 0xdb, 0x6e, 0xff } },  { &ui_amber, { 0xff, 0xb3, 0x00, 0xff } },
        { &ui_red, { 0xff, 0x8a, 0x80, 0xff } },
    };
    if (!ui->contrast)
        return c;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (same(c, *map[i].from)) {
            SDL_Color t = map[i].to;
            t.a = c.a;
            return t;
        }
    return c;
}

static void set_colour(struct ui *ui, SDL_Color c)
{
    c = themed(ui, c);
    SDL_SetRenderDrawColor(ui->renderer, c.r, c.g, c.b, c.a);
}

void ui_clear(struct ui *ui, SDL_Color c)
{
    set_colour(ui, c);
    SDL_RenderClear(ui->renderer);
    ui->stamp++;
    drop_record(ui);
    ui->recording = ui->record_wanted; /* from the start of a frame only */
}

void ui_fill(struct ui *ui, struct ui_rect r, SDL_Color c)
{
    set_colour(ui, c);
    SDL_RenderFillRect(ui->renderer, &(SDL_Rect){ r.x, r.y, r.w, r.h });
}

void ui_frame(struct ui *ui, struct ui_rect r, int t, SDL_Color c)
{
    ui_fill(ui, (struct ui_rect){ r.x, r.y, r.w, t }, c);
    ui_fill(ui, (struct ui_rect){ r.x, r.y + r.h - t, r.w, t }, c);
    ui_fill(ui, (struct ui_rect){ r.x, r.y, t, r.h }, c);
    ui_fill(ui, (struct ui_rect){ r.x + r.w - t, r.y, t, r.h }, c);
}

bool ui_hit(struct ui_rect r, int x, int y)
{
    return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

/* Text that SDL_ttf cannot set right in font (see the top of this file). */
static bool needs_pango(TTF_Font *font, const char *text)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    for (;;) {
        if (*p < 0x80) { /* ASCII: DejaVu has it all */
            if (*p == '\0')
                return false;
            p++;
            continue;
        }
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &c);
        if (n <= 0)
            return false; /* not UTF-8: neither can do better */
        p += n;
        if ((c >= 0x0590 && c <= 0x08ff) || (c >= 0x0900 && c <= 0x0eff) ||
            (c >= 0xfb1d && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff) ||
            !TTF_GlyphIsProvided32(font, (Uint32)c))
            return true;
    }
}

/* Pango's layout of text at px, in DejaVu Sans or whichever font has the glyphs. */
static PangoLayout *layout_of(struct ui *ui, const char *text, int px, bool bold)
{
    if (ui->layout == NULL) {
        cairo_surface_t *one = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
        ui->measure = cairo_create(one);
        cairo_surface_destroy(one);
        ui->layout = pango_cairo_create_layout(ui->measure);
    }
    PangoFontDescription *font = pango_font_description_from_string("DejaVu Sans");
    pango_font_description_set_absolute_size(font, px * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(ui->layout, font);
    pango_font_description_free(font);
    pango_layout_set_text(ui->layout, text, -1);
    return ui->layout;
}

static int text_width(struct ui *ui, TTF_Font *font, const char *text, int px, bool bold)
{
    int w = 0;
    if (needs_pango(font, text))
        pango_layout_get_pixel_size(layout_of(ui, text, px, bold), &w, NULL);
    else
        TTF_SizeUTF8(font, text, &w, NULL);
    return w;
}

/* text drawn by Pango into a new surface, its alpha straight as SDL blends it. */
static SDL_Surface *render_pango(struct ui *ui, const char *text, int px, bool bold, SDL_Color c)
{
    PangoLayout *layout = layout_of(ui, text, px, bold);
    int w, h;
    pango_layout_get_pixel_size(layout, &w, &h);
    if (pango_layout_get_unknown_glyphs_count(layout) > 0)
        SDL_Log("fonts: no font here has every character of \"%s\" (for Chinese, Japanese and "
                "Korean: Debian's fonts-droid-fallback)",
                text);
    SDL_Surface *s = w > 0 && h > 0
                         ? SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888)
                         : NULL;
    if (s == NULL)
        return NULL;
    cairo_surface_t *cs = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    cairo_t *cr = cairo_create(cs);
    cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0);
    pango_cairo_update_layout(cr, layout);
    pango_cairo_show_layout(cr, layout);
    cairo_destroy(cr);
    cairo_surface_flush(cs);
    /* Both are 0xAARRGGBB words; cairo's colour is multiplied by alpha, SDL's is not. */
    const unsigned char *from = cairo_image_surface_get_data(cs);
    int stride = cairo_image_surface_get_stride(cs);
    for (int y = 0; y < h; y++) {
        const Uint32 *in = (const Uint32 *)(from + (size_t)y * (size_t)stride);
        Uint32 *out = (Uint32 *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch);
        for (int x = 0; x < w; x++) {
            Uint32 p = in[x], a = p >> 24;
            out[x] = a == 0 ? 0
                            : a << 24 | (((p >> 16) & 0xff) * 255 / a) << 16 |
                                  (((p >> 8) & 0xff) * 255 / a) << 8 | ((p & 0xff) * 255 / a);
        }
    }
    cairo_surface_destroy(cs);
    return s;
}

/* The texture of text at px/bold/c, from the cache or rendered now. */
static struct cached_text *rendered(struct ui *ui, const char *text, int px, bool bold, SDL_Color c)
{
    Uint32 colour = (Uint32)c.r << 24 | (Uint32)c.g << 16 | (Uint32)c.b << 8 | c.a;
    int oldest = -1; /* an empty slot, else the least recently used */
    for (int i = 0; i < CACHE_SLOTS; i++) {
        struct cached_text *e = &ui->cache[i];
        if (e->text && e->px == px && e->bold == bold && e->colour == colour &&
            strcmp(e->text, text) == 0) {
            e->used = ui->stamp;
            return e;
        }
        if (oldest < 0 ||
            (ui->cache[oldest].text && (!e->text || e->used < ui->cache[oldest].used)))
            oldest = i;
    }
    TTF_Font *font = font_at(ui, px, bold);
    if (font == NULL)
        return NULL;
    SDL_Surface *s = needs_pango(font, text) ? render_pango(ui, text, px, bold, c)
                                             : TTF_RenderUTF8_Blended(font, text, c);
    if (s == NULL)
        return NULL;
    struct cached_text *e = &ui->cache[oldest];
    free(e->text);
    if (e->texture)
        SDL_DestroyTexture(e->texture);
    e->text = xstrdup(text);
    e->px = px;
    e->bold = bold;
    e->colour = colour;
    e->texture = SDL_CreateTextureFromSurface(ui->renderer, s);
    e->w = s->w;
    e->h = s->h;
    e->used = ui->stamp;
    SDL_FreeSurface(s);
    return e->texture ? e : NULL;
}

enum { MAX_LINES = 4 };

/*
 * Break text into at most max lines no wider than w in font; each line is
 * written into lines[i] (NUL-terminated copies). Returns the number of
 * lines, or 0 if it does not fit.
 */
static int wrap(struct ui *ui, TTF_Font *font, int px, bool bold, const char *text, int w, int max,
                char lines[MAX_LINES][512])
{
    int n = 0;
    const char *p = text;
    while (*p) {
        if (n == max)
            return 0;
        /* Take words while the line fits. */
        size_t best = 0, len = 0;
        for (;;) {
            size_t word = strcspn(p + len, " ");
            size_t end = len + word;
            if (end >= sizeof lines[0])
                break;
            memcpy(lines[n], p, end);
            lines[n][end] = '\0';
            if (text_width(ui, font, lines[n], px, bold) > w)
                break;
            best = end;
            if (p[end] == '\0')
                break;
            len = end + 1;
        }
        if (best == 0)
            return 0; /* a single word too wide */
        memcpy(lines[n], p, best);
        lines[n][best] = '\0';
        n++;
        p += best;
        while (*p == ' ')
            p++;
    }
    return n;
}

/* The smallest text: readable on a 7" screen, or the screen's own floor. */
static int floor_px(const struct ui *ui)
{
    return SDL_max(SDL_max(12, ui->unit * 2), ui->min_px);
}

/* The size text of size units starts from before it shrinks to fit. */
static int start_px(const struct ui *ui, int size)
{
    int px = size * ui->unit;
    if (ui->contrast) /* larger text: 1.4 times, as far as its box allows */
        px = px * 14 / 10;
    return SDL_max(px, floor_px(ui));
}

/*
 * Find the size and lines text takes in r: from size units down to the
 * floor, on at most max_lines lines. Returns the number of lines (0 if a
 * word is wider than r even at the floor; -1 without fonts); *fits is
 * false if the text is too wide or too tall for r at the floor.
 */
static int fit(struct ui *ui, struct ui_rect r, const char *text, int size, bool bold,
               int max_lines, int *px_out, int *skip_out, bool *fits, char lines[MAX_LINES][512])
{
    int px = start_px(ui, size), min_px = floor_px(ui);
    int n = 0, skip = 0;
    /* Shrink until it fits in width (wrapped) and height. */
    for (;; px = px * 9 / 10) {
        if (px < min_px)
            px = min_px;
        TTF_Font *font = font_at(ui, px, bold);
        if (font == NULL)
            return -1;
        skip = TTF_FontLineSkip(font);
        n = wrap(ui, font, px, bold, text, r.w, max_lines, lines);
        if ((n > 0 && n * skip <= r.h) || px == min_px)
            break;
    }
    *px_out = px;
    *skip_out = skip;
    *fits = n > 0 && n * skip <= r.h;
    return n;
}

/* Keep what was drawn, for ui_write_texts. */
static void record(struct ui *ui, struct ui_rect r, const char *text, int px, bool bold, int n,
                   int max_lines, bool fits, const char lines[MAX_LINES][512], bool button)
{
    if (!ui->recording || ui->ndrawn == RECORD_SLOTS)
        return;
    TTF_Font *font = font_at(ui, px, bold);
    int width = 0;
    for (int i = 0; font && i < (n > 0 ? n : 1); i++)
        width = SDL_max(width, text_width(ui, font, n > 0 ? lines[i] : text, px, bold));
    ui->drawn[ui->ndrawn++] =
        (struct drawn_text){ xstrdup(text), r, px, n > 0 ? n : 1, max_lines, width, fits, button };
}

/* Draw text in r as fit found it; n == 0: one line cut at the box. */
static int draw_lines(struct ui *ui, struct ui_rect r, const char *text, int px, bool bold,
                      SDL_Color c, enum ui_align align, int n, int skip, char lines[MAX_LINES][512])
{
    bool clip = n == 0; /* even the smallest size does not fit: cut at the box */
    if (clip) {
        snprintf(lines[0], sizeof lines[0], "%s", text);
        n = 1;
        SDL_RenderSetClipRect(ui->renderer, &(SDL_Rect){ r.x, r.y, r.w, r.h });
    }
    int total = n * skip, y = r.y + (r.h - total) / 2;
    if (y < r.y)
        y = r.y;
    for (int i = 0; i < n; i++, y += skip) {
        struct cached_text *t = rendered(ui, lines[i], px, bold, c);
        if (t == NULL)
            continue;
        int x = align == UI_LEFT    ? r.x
                : align == UI_RIGHT ? r.x + r.w - t->w
                                    : r.x + (r.w - t->w) / 2;
        SDL_RenderCopy(ui->renderer, t->texture, NULL, &(SDL_Rect){ x, y, t->w, t->h });
    }
    if (clip)
        SDL_RenderSetClipRect(ui->renderer, NULL);
    return total < r.h ? total : r.h;
}

int ui_text(struct ui *ui, struct ui_rect r, const char *text, int size, bool bold, SDL_Color c,
            enum ui_align align, int max_lines)
{
    if (ui->font_path[0] == NULL || text == NULL || text[0] == '\0' || r.w <= 0 || r.h <= 0)
        return 0;
    max_lines = SDL_clamp(max_lines, 1, MAX_LINES);
    char lines[MAX_LINES][512];
    int px, skip;
    bool fits;
    int n = fit(ui, r, text, size, bold, max_lines, &px, &skip, &fits, lines);
    if (n < 0)
        return 0;
    record(ui, r, text, px, bold, n, max_lines, fits, lines, false);
    return draw_lines(ui, r, text, px, bold, themed(ui, c), align, n, skip, lines);
}

bool ui_fits(struct ui *ui, struct ui_rect r, const char *text, int size, bool bold, int max_lines)
{
    if (ui->font_path[0] == NULL || text == NULL || text[0] == '\0')
        return true;
    max_lines = SDL_clamp(max_lines, 1, MAX_LINES);
    char lines[MAX_LINES][512];
    int px, skip;
    bool fits;
    return fit(ui, r, text, size, bold, max_lines, &px, &skip, &fits, lines) >= 0 && fits;
}

/* One more line of a page: a new copy of text's first n bytes. */
static void add_line(char ***v, int *n, const char *text, size_t len)
{
    *v = xreallocarray(*v, (size_t)*n + 1, sizeof **v);
    (*v)[(*n)++] = xstrndup(text, len);
}

int ui_page(struct ui *ui, struct ui_rect r, const char *text, int size, SDL_Color c, int first,
            int *lines)
{
    *lines = 0;
    int px = SDL_max(size * ui->unit, floor_px(ui));
    TTF_Font *font = ui->font_path[0] ? font_at(ui, px, false) : NULL;
    if (font == NULL || text == NULL || r.w <= 0 || r.h <= 0)
        return 1;
    int skip = TTF_FontLineSkip(font), per_page = SDL_max(1, r.h / skip);
    /* Greedy wrapping, paragraph by paragraph; an empty line between paragraphs stays. */
    char **v = NULL;
    int n = 0;
    for (const char *p = text; *p;) {
        size_t para = strcspn(p, "\n");
        char *line = xstrndup(p, para);
        size_t start = 0, fit = 0; /* the line being built: line[start..fit) */
        for (size_t at = 0; at <= para;) {
            size_t word = strcspn(line + at, " ");
            size_t end = at + word;
            char keep = line[end];
            line[end] = '\0';
            bool wide = text_width(ui, font, line + start, px, false) > r.w;
            line[end] = keep;
            if (wide && fit > start) { /* the word goes to the next line */
                add_line(&v, &n, line + start, fit - start);
                start = at;
                continue;
            }
            fit = end;
            at = end + 1;
        }
        add_line(&v, &n, line + start, fit > start ? fit - start : 0);
        free(line);
        p += para + (p[para] == '\n');
    }
    *lines = n;
    SDL_RenderSetClipRect(ui->renderer, &(SDL_Rect){ r.x, r.y, r.w, r.h });
    for (int i = first; i < n && i < first + per_page; i++) {
        struct cached_text *t = v[i][0] ? rendered(ui, v[i], px, false, themed(ui, c)) : NULL;
        if (t)
            SDL_RenderCopy(ui->renderer, t->texture, NULL,
                           &(SDL_Rect){ r.x, r.y + (i - first) * skip, t->w, t->h });
    }
    SDL_RenderSetClipRect(ui->renderer, NULL);
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
    return per_page;
}

void ui_button(struct ui *ui, struct ui_rect r, const char *label, SDL_Color fill, SDL_Color ink)
{
    ui_fill(ui, r, fill);
    if (ui->contrast) /* an outline: a key's edge at 3:1 or more on the black ground */
        ui_frame(ui, r, SDL_max(2, ui->unit / 3), ui_muted);
    /* A margin at the sides, a thinner one above and below: room for two lines. */
    int pad = ui->unit * 3 / 2, vpad = SDL_max(ui->unit / 2, 1);
    struct ui_rect in = { r.x + pad, r.y + vpad, r.w - 2 * pad, r.h - 2 * vpad };
    if (ui->font_path[0] == NULL || label == NULL || label[0] == '\0' || in.w <= 0 || in.h <= 0)
        return;
    /* One size for a row of keys: from the box, not from the label's width. */
    int size = SDL_max(SDL_min(r.h * 4 / 10, r.w / 2) / ui->unit, 2);
    /*
     * A label stays on one line, smaller down to the floor; only then it
     * wraps. On staff screens, whose keys stand in a grid of two-line labels,
     * a label that had to shrink takes two lines when they make it a quarter
     * larger or more: a label in small type among large ones reads as less
     * important, and a nearly equal size is not worth a broken line.
     */
    char lines[MAX_LINES][512], two[MAX_LINES][512];
    int px = 0, skip = 0, px2 = 0, skip2 = 0; /* fit() may leave them when it fails */
    bool fits = false, fits2 = false;
    int n = fit(ui, in, label, size, true, 1, &px, &skip, &fits, lines);
    bool shrunk = n >= 0 && fits && ui->min_px && px < start_px(ui, size);
    if (n >= 0 && (!fits || shrunk)) {
        int n2 = fit(ui, in, label, size, true, 2, &px2, &skip2, &fits2, two);
        if (!fits || (fits2 && px2 * 4 >= px * 5)) {
            n = n2, px = px2, skip = skip2, fits = fits2;
            memcpy(lines, two, sizeof lines);
        }
    }
    if (n < 0)
        return;
    /* Staff screens (a floor of their own) may break a label in two; the attendee's never. */
    record(ui, in, label, px, true, n, ui->min_px ? 2 : 1, fits, lines, true);
    draw_lines(ui, in, label, px, true, themed(ui, ink), UI_CENTRE, n, skip, lines);
}

void ui_record(struct ui *ui, bool on)
{
    ui->record_wanted = on;
    if (!on)
        ui->recording = false;
}

int ui_write_texts(struct ui *ui, const char *path, char **why)
{
    if (!ui->recording)
        return 0;
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        *why = xasprintf("%s: %s", path, strerror(errno));
        return -1;
    }
    fprintf(f, "kind\tx\ty\tw\th\tpx\tlines\tmax_lines\twidth\tfits\ttext\n");
    for (int i = 0; i < ui->ndrawn; i++) {
        const struct drawn_text *d = &ui->drawn[i];
        fprintf(f, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t", d->button ? "button" : "text",
                d->box.x, d->box.y, d->box.w, d->box.h, d->px, d->lines, d->max_lines, d->width,
                d->fits);
        for (const char *p = d->text; *p; p++) /* one line each: tabs and breaks as spaces */
            fputc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p, f);
        fputc('\n', f);
    }
    if (fclose(f) != 0) {
        *why = xasprintf("%s: %s", path, strerror(errno));
        return -1;
    }
    return 1;
}

/* A filled disc of radius rad around (cx, cy). */
static void disc(struct ui *ui, float cx, float cy, float rad, SDL_Color c)
{
    enum { SEGMENTS = 72 };
    SDL_Vertex v[SEGMENTS + 1];
    int idx[SEGMENTS * 3];
    v[0] = (SDL_Vertex){ { cx, cy }, c, { 0, 0 } };
    for (int i = 0; i < SEGMENTS; i++) {
        float a = (float)i * 2.0f * (float)M_PI / SEGMENTS;
        v[i + 1] = (SDL_Vertex){ { cx + rad * cosf(a), cy + rad * sinf(a) }, c, { 0, 0 } };
        idx[3 * i] = 0;
        idx[3 * i + 1] = i + 1;
        idx[3 * i + 2] = (i + 1) % SEGMENTS + 1;
    }
    SDL_RenderGeometry(ui->renderer, NULL, v, SEGMENTS + 1, idx, SEGMENTS * 3);
}

/* A line of width t from (x1, y1) to (x2, y2), with round ends. */
static void stroke(struct ui *ui, float x1, float y1, float x2, float y2, float t, SDL_Color c)
{
    float dx = x2 - x1, dy = y2 - y1, len = sqrtf(dx * dx + dy * dy);
    if (len <= 0)
        return;
    float nx = -dy / len * t / 2, ny = dx / len * t / 2;
    SDL_Vertex v[4] = {
        { { x1 + nx, y1 + ny }, c, { 0, 0 } },
        { { x2 + nx, y2 + ny }, c, { 0, 0 } },
        { { x2 - nx, y2 - ny }, c, { 0, 0 } },
        { { x1 - nx, y1 - ny }, c, { 0, 0 } },
    };
    int idx[6] = { 0, 1, 2, 0, 2, 3 };
    SDL_RenderGeometry(ui->renderer, NULL, v, 4, idx, 6);
    disc(ui, x1, y1, t / 2, c);
    disc(ui, x2, y2, t / 2, c);
}

void ui_icon(struct ui *ui, struct ui_rect r, enum ui_icon icon, SDL_Color fg, SDL_Color bg)
{
    fg = themed(ui, fg);
    bg = themed(ui, bg);
    float rad = (float)(r.w < r.h ? r.w : r.h) / 2, cx = r.x + r.w / 2.0f, cy = r.y + r.h / 2.0f;
    float t = rad / 5, s = rad * 0.5f;
    disc(ui, cx, cy, rad, bg);
    switch (icon) {
    case UI_ICON_CHECK:
        stroke(ui, cx - s, cy + s * 0.05f, cx - s * 0.25f, cy + s * 0.75f, t, fg);
        stroke(ui, cx - s * 0.25f, cy + s * 0.75f, cx + s, cy - s * 0.7f, t, fg);
        break;
    case UI_ICON_CROSS:
        stroke(ui, cx - s * 0.8f, cy - s * 0.8f, cx + s * 0.8f, cy + s * 0.8f, t, fg);
        stroke(ui, cx - s * 0.8f, cy + s * 0.8f, cx + s * 0.8f, cy - s * 0.8f, t, fg);
        break;
    case UI_ICON_CLOCK:
        disc(ui, cx, cy, s * 1.35f, fg);
        disc(ui, cx, cy, s * 1.35f - t * 0.7f, bg);
        stroke(ui, cx, cy, cx, cy - s * 0.95f, t * 0.7f, fg);
        stroke(ui, cx, cy, cx + s * 0.7f, cy + s * 0.2f, t * 0.7f, fg);
        break;
    case UI_ICON_BLOCKED:
        disc(ui, cx, cy, s * 1.35f, fg);
        disc(ui, cx, cy, s * 1.35f - t * 0.8f, bg);
        stroke(ui, cx - s * 0.85f, cy + s * 0.85f, cx + s * 0.85f, cy - s * 0.85f, t * 0.8f, fg);
        break;
    }
}

bool ui_screenshot(struct ui *ui, const char *path, char **why)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, ui->w, ui->h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (s == NULL) {
        *why = xasprintf("%s: %s", path, SDL_GetError());
        return false;
    }
    bool ok = SDL_RenderReadPixels(ui->renderer, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels,
                                   s->pitch) == 0 &&
              IMG_SavePNG(s, path) == 0;
    if (!ok)
        *why = xasprintf("%s: %s", path, SDL_GetError());
    SDL_FreeSurface(s);
    return ok;
}
