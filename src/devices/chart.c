/*
 * The attendance chart: one panel per session, stacked, each in a colour of
 * its own whose lightness differs from its neighbours' (and hatched every
 * other one), so that a grey print tells them apart. Bars count the
 * arrivals in each quarter hour. Labels are in the configured language;
 * times are local, as on the kiosk.
 */
#include "entrada/chart.h"
#include "entrada/buf.h"
#include "entrada/datadir.h"
#include "entrada/localtime.h"
#include "entrada/report.h"
#include "entrada/xmalloc.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

enum { WIDTH = 1200, HEADER = 70, PANEL = 340, MARGIN = 70 };

/* A message for the catalogues, translated where it is used (xgettext: --keyword=N_). */
#define N_(msgid) msgid

/* A message of the chart in the catalogue's language (xgettext: --keyword=chart_tr:2). */
static const char *chart_tr(const struct i18n *tr, const char *msgid)
{
    return i18n_get(tr, msgid);
}

/* The sessions' colours: dark, light, middle, ... so that neighbours differ in grey too. */
static const double colours[][3] = {
    { 0.12, 0.31, 0.47 }, /* blue, dark */
    { 0.90, 0.62, 0.00 }, /* orange, light */
    { 0.00, 0.62, 0.45 }, /* green, middle */
    { 0.80, 0.47, 0.65 }, /* purple, light middle */
    { 0.34, 0.71, 0.91 }, /* sky, light */
    { 0.84, 0.37, 0.00 }, /* vermillion, middle */
};
#define NCOLOURS (sizeof colours / sizeof *colours)

/* Replace {name} in template by value, into out. */
static void substitute(struct buf *out, const char *template, const char *const *names,
                       const char *const *values, size_t n)
{
    for (const char *p = template; *p;) {
        size_t i = n;
        if (*p == '{')
            for (i = 0; i < n; i++)
                if (strncmp(p + 1, names[i], strlen(names[i])) == 0 &&
                    p[1 + strlen(names[i])] == '}')
                    break;
        if (i < n) {
            buf_adds(out, values[i]);
            p += strlen(names[i]) + 2;
        } else {
            buf_addc(out, *p++);
        }
    }
}

/* A local date in words: "12 March 2026", "12 de marzo de 2026". */
static void date_words(struct buf *out, const struct i18n *tr, int64_t ms)
{
    static const char *const months[] = {
        N_("January"),   N_("February"), N_("March"),    N_("April"),
        N_("May"),       N_("June"),     N_("July"),     N_("August"),
        N_("September"), N_("October"),  N_("November"), N_("December"),
    };
    struct localtime_cache c = LOCALTIME_CACHE_INIT;
    struct localtime_civil d;
    localtime_civil(localtime_secs(&c, ms), &d);
    char day[8], year[8];
    snprintf(day, sizeof day, "%d", d.day);
    snprintf(year, sizeof year, "%d", d.year % 10000);
    const char *month = i18n_get(tr, months[d.month - 1]);
    static const char *const names[] = { "day", "month", "year" };
    const char *values[] = { day, month, year };
    /* TRANSLATORS: a date; {month} is the month's name. */
    substitute(out, chart_tr(tr, "{day} {month} {year}"), names, values, 3);
}

char *chart_title(const struct i18n *tr, const char *event, bool any, int64_t first_ms,
                  int64_t last_ms)
{
    struct buf b = { 0 };
    if (event[0]) {
        buf_adds(&b, event);
        buf_adds(&b, " · ");
    }
    buf_adds(&b, chart_tr(tr, "Attendance"));
    if (any) {
        struct buf first = { 0 }, last = { 0 };
        date_words(&first, tr, first_ms);
        date_words(&last, tr, last_ms);
        buf_adds(&b, " · ");
        if (strcmp(first.data, last.data) == 0) {
            buf_adds(&b, first.data);
        } else {
            static const char *const names[] = { "first", "last" };
            const char *values[] = { first.data, last.data };
            /* TRANSLATORS: the days of an event, each a date such as "12 March 2026". */
            substitute(&b, chart_tr(tr, "{first} to {last}"), names, values, 2);
        }
        buf_free(&first);
        buf_free(&last);
    }
    return buf_steal(&b);
}

/*
 * Draw s at (x, y), its middle at y; within max_width pixels (0: any), the
 * size brought down to two thirds at most, then the end left out ("…").
 */
static void text_within(cairo_t *cr, const char *s, double x, double y, double size, bool bold,
                        double align /* 0 left, 0.5 centre, 1 right */, double max_width)
{
    PangoLayout *layout = pango_cairo_create_layout(cr);
    PangoFontDescription *font = pango_font_description_from_string("DejaVu Sans");
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_text(layout, s, -1);
    int w, h;
    pango_layout_get_pixel_size(layout, &w, &h);
    if (max_width > 0 && w > max_width) {
        double smaller = size * max_width / w;
        pango_font_description_set_absolute_size(
            font, (smaller > size * 2 / 3 ? smaller : size * 2 / 3) * PANGO_SCALE);
        pango_layout_set_font_description(layout, font);
        pango_layout_set_width(layout, (int)(max_width * PANGO_SCALE));
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
        pango_layout_get_pixel_size(layout, &w, &h);
    }
    cairo_move_to(cr, x - align * w, y - h / 2.0);
    pango_cairo_show_layout(cr, layout);
    pango_font_description_free(font);
    g_object_unref(layout);
}

static void text(cairo_t *cr, const char *s, double x, double y, double size, bool bold,
                 double align)
{
    text_within(cr, s, x, y, size, bold, align, 0);
}

/* A round step for a scale up to max with about five marks. */
static int64_t scale_step(int64_t max)
{
    for (int64_t p = 1;; p *= 10)
        for (int m = 1; m <= 5; m += m == 1 ? 1 : 3) /* 1, 2, 5 */
            if (max / (p * m) <= 5)
                return p * m;
}

/* Fill the rectangle in the session's colour; every other session hatched in white. */
static void bar(cairo_t *cr, size_t session, double x, double y, double w, double h)
{
    const double *c = colours[session % NCOLOURS];
    cairo_set_source_rgb(cr, c[0], c[1], c[2]);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
    if (session % 2 == 0 || h < 1)
        return;
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_clip(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 2);
    for (double d = -h; d < w; d += 9) {
        cairo_move_to(cr, x + d, y + h);
        cairo_line_to(cr, x + d + h, y);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void panel(cairo_t *cr, const struct i18n *tr, const struct report_arrivals *a,
                  size_t session, double top)
{
    double left = MARGIN, right = WIDTH - MARGIN, y0 = top + PANEL - 50, y1 = top + 60;
    char line[256];
    snprintf(line, sizeof line, "%s%s%s — %lld %s", a->title[0] ? a->title : a->session,
             a->title[0] ? " · " : "", a->title[0] ? a->session : "", (long long)a->total,
             a->total == 1 ? chart_tr(tr, "person") : chart_tr(tr, "people"));
    bar(cr, session, left, top + 15, 20, 20); /* the session's key */
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.12);
    text(cr, line, left + 30, top + 25, 20, true, 0);
    cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, left, y0 + 0.5);
    cairo_line_to(cr, right, y0 + 0.5);
    cairo_stroke(cr);
    if (a->nslots == 0) {
        cairo_set_source_rgb(cr, 0.4, 0.4, 0.45);
        text(cr, chart_tr(tr, "No check-ins yet"), (left + right) / 2, (y0 + y1) / 2, 16, false,
             0.5);
        return;
    }
    int64_t most = 1;
    for (size_t i = 0; i < a->nslots; i++)
        if (a->slot[i].arrivals > most)
            most = a->slot[i].arrivals;
    int64_t step = scale_step(most), top_bar = (most + step - 1) / step * step;
    /* A few slots are not stretched across the panel: bars stay bar-shaped. */
    size_t width_slots = a->nslots < 16 ? 16 : a->nslots;
    double slot_w = (right - left) / (double)width_slots, h = y0 - y1;

    for (int64_t v = 0; v <= top_bar; v += step) {
        double y = y0 - h * (double)v / (double)top_bar;
        cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
        cairo_move_to(cr, left, y + 0.5);
        cairo_line_to(cr, right, y + 0.5);
        cairo_stroke(cr);
        snprintf(line, sizeof line, "%lld", (long long)v);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.35);
        text(cr, line, left - 8, y, 12, false, 1);
    }
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.35);
    text(cr, chart_tr(tr, "arrivals per 15 minutes"), right, y1 - 18, 12, false, 1);

    struct localtime_cache clock = LOCALTIME_CACHE_INIT;
    struct localtime_civil first;
    localtime_civil(localtime_secs(&clock, a->slot[0].start_ms), &first);
    size_t every = a->nslots / 12 + 1; /* time labels: a dozen at most */
    for (size_t i = 0; i < a->nslots; i++) {
        double x = left + slot_w * (double)i,
               bh = h * (double)a->slot[i].arrivals / (double)top_bar;
        bar(cr, session, x + slot_w * 0.1, y0 - bh, slot_w * 0.8, bh);
        bool gap = i > 0 && a->slot[i].start_ms - a->slot[i - 1].start_ms > REPORT_SLOT_MS;
        if (i % every == 0 || gap) {
            struct localtime_civil when;
            localtime_civil(localtime_secs(&clock, a->slot[i].start_ms), &when);
            if (when.year == first.year && when.month == first.month && when.day == first.day)
                snprintf(line, sizeof line, "%02d:%02d", when.hour, when.minute);
            else /* another day: its date too */
                snprintf(line, sizeof line, "%02d-%02d %02d:%02d", when.month, when.day, when.hour,
                         when.minute);
            cairo_set_source_rgb(cr, 0.3, 0.3, 0.35);
            text(cr, line, x, y0 + 16, 12, false, 0);
        }
    }
}

static cairo_status_t handle_write(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
                                                      : CAIRO_STATUS_WRITE_ERROR;
}

bool chart_write_png(const struct report_arrivals *a, size_t n, const struct config *cfg, FILE *f,
                     char **why)
{
    struct datadir dirs;
    datadir_find(config_str(cfg, CONFIG_DATA_DIR), &dirs);
    char *lang_why = NULL; /* a language without a catalogue: the English labels will do */
    struct i18n *tr = i18n_open(dirs.locale, config_str(cfg, CONFIG_LANGUAGE), &lang_why);
    free(lang_why);
    datadir_clear(&dirs);
    /* The event's days: from the first arrival to the last. */
    bool any = false;
    int64_t first = 0, last = 0;
    for (size_t i = 0; i < n; i++)
        if (a[i].nslots > 0) {
            int64_t from = a[i].slot[0].start_ms, to = a[i].slot[a[i].nslots - 1].start_ms;
            first = !any || from < first ? from : first;
            last = !any || to > last ? to : last;
            any = true;
        }
    size_t shown = n < CHART_MAX_SESSIONS ? n : CHART_MAX_SESSIONS;
    int height = HEADER + PANEL * (int)(shown ? shown : 1);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, WIDTH, height);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.12);
    char *title = chart_title(tr, config_str(cfg, CONFIG_EVENT_NAME), any, first, last);
    text_within(cr, title, MARGIN, 35, 26, true, 0, WIDTH - 2 * MARGIN);
    free(title);
    if (n > shown) {
        char more[200];
        snprintf(more, sizeof more, chart_tr(tr, "(%zu more sessions in counts.csv)"), n - shown);
        text(cr, more, WIDTH - MARGIN, 60, 12, false, 1); /* under the title */
    }
    for (size_t i = 0; i < shown; i++)
        panel(cr, tr, &a[i], i, HEADER + PANEL * (double)i);
    cairo_destroy(cr);
    cairo_status_t rc = cairo_surface_write_to_png_stream(s, handle_write, f);
    cairo_surface_destroy(s);
    i18n_close(tr);
    if (rc != CAIRO_STATUS_SUCCESS) {
        *why = xasprintf("attendance chart: %s", cairo_status_to_string(rc));
        return false;
    }
    return true;
}
