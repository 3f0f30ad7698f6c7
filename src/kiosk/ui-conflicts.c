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
    struct desk_page l = kiosk_desk_page(ui, 12, 52); /* two lines a person */
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
    kiosk_desk_page_buttons(k, &l, k->conflicts_top, k->nconflicts);
}

static void conflicts_tap(struct kiosk *k, int x, int y)
{
    struct desk_page l = kiosk_desk_page(k->ui, 12, 52);
    k->last_input = SDL_GetTicks();
    k->dirty = true;
    kiosk_desk_page_tap(k, &l, x, y, &k->conflicts_top, k->nconflicts);
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
