/*
 * The attendance chart: one panel per session, stacked. Bars count
 * arrivals in each slot against the left scale; the line is the running
 * total against the right one. Times are local, as on the kiosk.
 */
#include "entrada/chart.h"
#include "entrada/report.h"
#include "entrada/xmalloc.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

enum { WIDTH = 1200, HEADER = 70, PANEL = 340, MARGIN = 70 };

static void text(cairo_t *cr, const char *s, double x, double y, double size, bool bold,
                 double align /* 0 left, 0.5 centre, 1 right */)
{
    PangoLayout *layout = pango_cairo_create_layout(cr);
    PangoFontDescription *font = pango_font_description_from_string("DejaVu Sans");
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_text(layout, s, -1);
    int w, h;
    pango_layout_get_pixel_size(layout, &w, &h);
    cairo_move_to(cr, x - align * w, y - h / 2.0);
    pango_cairo_show_layout(cr, layout);
    pango_font_description_free(font);
    g_object_unref(layout);
}

/* A round step for a scale up to max with about five marks. */
static int64_t scale_step(int64_t max)
{
    for (int64_t p = 1;; p *= 10)
        for (int m = 1; m <= 5; m += m == 1 ? 1 : 3) /* 1, 2, 5 */
            if (max / (p * m) <= 5)
                return p * m;
}

static void panel(cairo_t *cr, const struct report_arrivals *a, double top)
{
    double left = MARGIN, right = WIDTH - MARGIN, y0 = top + PANEL - 50, y1 = top + 60;
    char line[256];
    snprintf(line, sizeof line, "%s%s%s — %lld %s", a->title[0] ? a->title : a->session,
             a->title[0] ? " · " : "", a->title[0] ? a->session : "", (long long)a->total,
             a->total == 1 ? "person" : "people");
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.12);
    text(cr, line, left, top + 25, 20, true, 0);
    cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, left, y0 + 0.5);
    cairo_line_to(cr, right, y0 + 0.5);
    cairo_stroke(cr);
    if (a->nslots == 0) {
        cairo_set_source_rgb(cr, 0.4, 0.4, 0.45);
        text(cr, "No check-ins yet", (left + right) / 2, (y0 + y1) / 2, 16, false, 0.5);
        return;
    }
    int64_t most = 1;
    for (size_t i = 0; i < a->nslots; i++)
        if (a->slot[i].arrivals > most)
            most = a->slot[i].arrivals;
    int64_t step = scale_step(most), top_bar = (most + step - 1) / step * step;
    int64_t tstep = scale_step(a->total > 0 ? a->total : 1),
            top_total = (a->total + tstep - 1) / tstep * tstep;
    double slot_w = (right - left) / (double)a->nslots, h = y0 - y1;

    /* Scales: arrivals on the left, the running total on the right. */
    for (int64_t v = 0; v <= top_bar; v += step) {
        double y = y0 - h * (double)v / (double)top_bar;
        cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
        cairo_move_to(cr, left, y + 0.5);
        cairo_line_to(cr, right, y + 0.5);
        cairo_stroke(cr);
        snprintf(line, sizeof line, "%lld", (long long)v);
        cairo_set_source_rgb(cr, 0.16, 0.37, 0.6);
        text(cr, line, left - 8, y, 12, false, 1);
    }
    for (int64_t v = 0; v <= top_total; v += tstep) {
        snprintf(line, sizeof line, "%lld", (long long)v);
        cairo_set_source_rgb(cr, 0.7, 0.3, 0.1);
        text(cr, line, right + 8, y0 - h * (double)v / (double)top_total, 12, false, 0);
    }
    cairo_set_source_rgb(cr, 0.16, 0.37, 0.6);
    text(cr, "arrivals per 15 min", left, y1 - 18, 12, false, 0);
    cairo_set_source_rgb(cr, 0.7, 0.3, 0.1);
    text(cr, "running total", right, y1 - 18, 12, false, 1);

    size_t every = a->nslots / 12 + 1; /* time labels: a dozen at most */
    for (size_t i = 0; i < a->nslots; i++) {
        double x = left + slot_w * (double)i,
               bh = h * (double)a->slot[i].arrivals / (double)top_bar;
        cairo_set_source_rgb(cr, 0.16, 0.37, 0.6);
        cairo_rectangle(cr, x + slot_w * 0.1, y0 - bh, slot_w * 0.8, bh);
        cairo_fill(cr);
        bool gap = i > 0 && a->slot[i].start_ms - a->slot[i - 1].start_ms > REPORT_SLOT_MS;
        if (i % every == 0 || gap) {
            char when[40], first[40];
            report_format_time(a->slot[i].start_ms, when);
            report_format_time(a->slot[0].start_ms, first);
            if (strncmp(when, first, 10) == 0) /* the first day: the time is enough */
                snprintf(line, sizeof line, "%.5s", when + 11);
            else
                snprintf(line, sizeof line, "%.5s %.5s", when + 5, when + 11);
            cairo_set_source_rgb(cr, 0.3, 0.3, 0.35);
            text(cr, line, x, y0 + 16, 12, false, 0);
        }
    }
    cairo_set_source_rgb(cr, 0.7, 0.3, 0.1);
    cairo_set_line_width(cr, 3);
    for (size_t i = 0; i < a->nslots; i++) {
        double x = left + slot_w * ((double)i + 1),
               y = y0 - h * (double)a->slot[i].total / (double)top_total;
        if (i == 0)
            cairo_move_to(cr, left,
                          y0 - h * (double)(a->slot[0].total - a->slot[0].arrivals) /
                                   (double)top_total);
        cairo_line_to(cr, x, y);
    }
    cairo_stroke(cr);
}

static cairo_status_t handle_write(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
                                                      : CAIRO_STATUS_WRITE_ERROR;
}

bool chart_write_png(struct store *st, const char *event, FILE *f, char **why)
{
    struct report_arrivals *a;
    size_t n;
    if (!report_arrivals(st, REPORT_SLOT_MS, &a, &n, why))
        return false;
    size_t shown = n < CHART_MAX_SESSIONS ? n : CHART_MAX_SESSIONS;
    int height = HEADER + PANEL * (int)(shown ? shown : 1);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, WIDTH, height);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.12);
    char title[300];
    snprintf(title, sizeof title, "%s%sAttendance", event, event[0] ? " · " : "");
    text(cr, title, MARGIN, 35, 26, true, 0);
    if (n > shown) {
        snprintf(title, sizeof title, "(%zu more sessions in counts.csv)", n - shown);
        text(cr, title, WIDTH - MARGIN, 35, 14, false, 1);
    }
    for (size_t i = 0; i < shown; i++)
        panel(cr, &a[i], HEADER + PANEL * (double)i);
    cairo_destroy(cr);
    cairo_status_t rc = cairo_surface_write_to_png_stream(s, handle_write, f);
    cairo_surface_destroy(s);
    report_arrivals_free(a, n);
    if (rc != CAIRO_STATUS_SUCCESS) {
        *why = xasprintf("attendance chart: %s", cairo_status_to_string(rc));
        return false;
    }
    return true;
}
