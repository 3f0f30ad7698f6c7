/*
 * Who was admitted to one session at two doors (two kiosks deciding
 * offline, or merged from sticks): each person with the session, and each
 * door with the time it admitted them, the latest first. A page at a
 * time; the same list as entrada stats and conflicts.csv.
 */
#include "screen.h"
#include "state.h"
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct conflicts_layout {
    struct ui_rect title, rows[16], previous, next, back;
    size_t nrows;
};

static struct conflicts_layout conflicts_layout(struct ui *ui)
{
    int w = ui_width(ui), h = ui_height(ui), u = ui_unit(ui);
    struct conflicts_layout l;
    l.title = (struct ui_rect){ 2 * u, u, w - 4 * u, 9 * u };
    int bh = 12 * u, bw = (w - 4 * u) / 3, by = h - bh - u;
    l.previous = (struct ui_rect){ 2 * u, by, bw - u, bh };
    l.next = (struct ui_rect){ 2 * u + bw, by, bw - u, bh };
    l.back = (struct ui_rect){ 2 * u + 2 * bw, by, bw - u, bh };
    /* Two lines a person: the name and session, then the doors and times. */
    int top = 11 * u, room = by - top - u, rh = SDL_max(12 * u, 52 * SDL_min(w, h) / 480);
    l.nrows = (size_t)SDL_min(16, room / rh);
    for (size_t i = 0; i < l.nrows; i++)
        l.rows[i] = (struct ui_rect){ 2 * u, top + (int)i * rh, w - 4 * u, rh - u / 2 };
    return l;
}

struct admitted {
    char kiosk[64];
    int64_t at_ms;
};

static int by_time(const void *a, const void *b)
{
    const struct admitted *x = a, *y = b;
    return (x->at_ms > y->at_ms) - (x->at_ms < y->at_ms);
}

/*
 * "door-1-5be3c0 10:42 · door-2-a41f07 10:44", the earliest first, from the
 * store's pairs, which come in no order (up to 64 are sorted: more than
 * anyone is admitted to one session).
 */
static void doors_and_times(const char *each, char *out, size_t size)
{
    struct admitted v[64];
    size_t n = 0;
    for (const char *p = each; *p && n < sizeof v / sizeof v[0];) {
        const char *unit = strchr(p, '\x1f'), *end = strchr(p, '\x1e');
        if (end == NULL)
            end = p + strlen(p);
        if (unit && unit < end) {
            snprintf(v[n].kiosk, sizeof v[n].kiosk, "%.*s", (int)(unit - p), p);
            v[n].at_ms = strtoll(unit + 1, NULL, 10);
            n++;
        }
        p = *end ? end + 1 : end;
    }
    qsort(v, n, sizeof v[0], by_time);
    out[0] = '\0';
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        char when[24];
        kiosk_format_when(v[i].at_ms, when);
        int w = snprintf(out + len, size - len, "%s%s %s", i ? " · " : "", v[i].kiosk, when);
        if (w < 0 || (size_t)w >= size - len) {
            out[len] = '\0'; /* full: the line shows the entries that fit whole */
            break;
        }
        len += (size_t)w;
    }
}

static bool handle_conflict(void *ctx, const struct store_conflict *c)
{
    struct kiosk *k = ctx;
    k->conflicts_total++;
    if (k->nconflicts == KIOSK_CONFLICTS)
        return true; /* counted, not listed: the first ones are the latest */
    struct kiosk_conflict *e = &k->conflict[k->nconflicts++];
    snprintf(e->name, sizeof e->name, "%s", c->name);
    snprintf(e->session, sizeof e->session, "%s", c->session);
    doors_and_times(c->each ? c->each : "", e->doors, sizeof e->doors);
    return true;
}

static void conflicts_refresh(struct kiosk *k)
{
    char *why = NULL;
    k->nconflicts = 0;
    k->conflicts_total = 0;
    if (!store_each_conflict(k->store, handle_conflict, k, &why)) {
        SDL_Log("staff: %s", why);
        free(why);
    }
    if (k->conflicts_top >= k->nconflicts)
        k->conflicts_top = 0;
    k->dirty = true;
}

static void conflicts_enter(struct kiosk *k)
{
    k->conflicts_top = 0;
    conflicts_refresh(k);
}

/*
 * Events pulled while the list is open: read again only if their count,
 * kept off the loop, says there are more (conflicts do not go by
 * themselves; reading them all takes a while at a large event).
 */
static void conflicts_pulled(struct kiosk *k)
{
    if (k->conflicts != (int64_t)k->conflicts_total)
        conflicts_refresh(k);
}

static void conflicts_draw(struct kiosk *k)
{
    struct ui *ui = k->ui;
    struct conflicts_layout l = conflicts_layout(ui);
    int u = ui_unit(ui);
    ui_clear(ui, ui_paper);
    char line[512];
    snprintf(line, sizeof line, kiosk_tr(k, "Admitted at two doors: %zu"), k->conflicts_total);
    ui_text(ui, l.title, line, 5, true, ui_ink, UI_LEFT, 1);
    if (k->nconflicts == 0)
        ui_text(ui, l.rows[0], kiosk_tr(k, "No one was admitted at two doors"), 4, false, ui_green,
                UI_LEFT, 1);
    for (size_t i = 0; i < l.nrows && k->conflicts_top + i < k->nconflicts; i++) {
        const struct kiosk_conflict *c = &k->conflict[k->conflicts_top + i];
        struct ui_rect r = l.rows[i];
        ui_fill(ui, r, ui_white);
        ui_text(ui, (struct ui_rect){ r.x + u, r.y, r.w * 60 / 100, r.h / 2 }, c->name, 4, true,
                ui_ink, UI_LEFT, 1);
        ui_text(ui, (struct ui_rect){ r.x + r.w * 61 / 100, r.y, r.w * 39 / 100 - u, r.h / 2 },
                c->session, 4, false, ui_muted, UI_LEFT, 1);
        ui_text(ui, (struct ui_rect){ r.x + u, r.y + r.h / 2, r.w - 2 * u, r.h / 2 }, c->doors, 4,
                false, ui_ink, UI_LEFT, 1);
    }
    char page[64];
    snprintf(page, sizeof page, "▲ %s", kiosk_tr(k, "Previous"));
    ui_button(ui, l.previous, page, k->conflicts_top ? ui_accent : ui_panel, ui_white);
    snprintf(page, sizeof page, "▼ %s", kiosk_tr(k, "Next"));
    ui_button(ui, l.next, page, k->conflicts_top + l.nrows < k->nconflicts ? ui_accent : ui_panel,
              ui_white);
    ui_button(ui, l.back, kiosk_tr(k, "Back"), ui_green, ui_white);
}

static void conflicts_tap(struct kiosk *k, int x, int y)
{
    struct conflicts_layout l = conflicts_layout(k->ui);
    k->last_input = SDL_GetTicks();
    k->dirty = true;
    if (ui_hit(l.previous, x, y))
        k->conflicts_top = k->conflicts_top > l.nrows ? k->conflicts_top - l.nrows : 0;
    else if (ui_hit(l.next, x, y) && k->conflicts_top + l.nrows < k->nconflicts)
        k->conflicts_top += l.nrows;
    else if (ui_hit(l.back, x, y))
        kiosk_show(k, &screen_staff);
}

const struct screen screen_conflicts = {
    .enter = conflicts_enter,
    .draw = conflicts_draw,
    .tap = conflicts_tap,
    .key = kiosk_desk_key,
    .timeout = kiosk_desk_timeout,
    .refresh = conflicts_pulled,
    .staff = true,
};
