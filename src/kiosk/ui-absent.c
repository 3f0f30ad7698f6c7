/*
 * Who has not arrived: the registered people of this kiosk's session not
 * checked in to it, with their number; VIPs ([staff] vip) first, then by
 * surname. A page at a time; tapping one opens their page.
 */
#include "screen.h"
#include "state.h"
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void absent_refresh(struct kiosk *k)
{
    desk_absent_free(&k->absent);
    char *why = NULL;
    int64_t session_id = 0;
    if (store_find_session(k->store, k->session, &session_id, &why) != 1 ||
        !desk_absent(k->store, session_id, config_str(k->cfg, CONFIG_STAFF_VIP), &k->absent,
                     &why)) {
        snprintf(k->staff_message, sizeof k->staff_message, "%s", why ? why : "");
        free(why);
    }
    if (k->absent_top >= k->absent.n)
        k->absent_top = 0;
    k->dirty = true;
}

static void absent_enter(struct kiosk *k)
{
    k->absent_top = 0;
    k->staff_message[0] = '\0';
    absent_refresh(k);
}

static void absent_draw(struct kiosk *k)
{
    struct ui *ui = k->ui;
    struct desk_page l = kiosk_desk_page(ui, 7, 30);
    int u = ui_unit(ui);
    ui_clear(ui, ui_paper);
    char line[512];
    snprintf(line, sizeof line, kiosk_tr(k, "Not arrived: %zu · %s"), k->absent.n,
             kiosk_tr(k, k->session_title));
    if (k->absent.vips) {
        size_t n = strlen(line);
        snprintf(line + n, sizeof line - n, " · ");
        n = strlen(line);
        snprintf(line + n, sizeof line - n, kiosk_tr(k, "%zu VIP first"), k->absent.vips);
    }
    ui_text(ui, l.title, line, 5, true, ui_ink, UI_LEFT, 1);
    if (k->absent.n == 0)
        ui_text(ui, l.rows[0], kiosk_tr(k, "Everyone registered has arrived"), 4, false, ui_green,
                UI_LEFT, 1);
    for (size_t i = 0; i < l.nrows && k->absent_top + i < k->absent.n; i++) {
        const struct desk_absent *d = &k->absent.v[k->absent_top + i];
        struct ui_rect r = l.rows[i];
        ui_fill(ui, r, d->vip ? (SDL_Color){ 0xfb, 0xee, 0xd5, 0xff } : ui_white);
        snprintf(line, sizeof line, "%s%s", d->vip ? "★ " : "", d->a.name);
        ui_text(ui, (struct ui_rect){ r.x + u, r.y, r.w * 45 / 100, r.h }, line, 4, true, ui_ink,
                UI_LEFT, 1);
        ui_text(ui, (struct ui_rect){ r.x + r.w * 46 / 100, r.y, r.w * 54 / 100 - u, r.h },
                d->a.organisation[0] ? d->a.organisation : d->a.category, 4, false, ui_muted,
                UI_LEFT, 1);
    }
    kiosk_desk_page_buttons(k, &l, k->absent_top, k->absent.n);
}

static void absent_tap(struct kiosk *k, int x, int y)
{
    struct desk_page l = kiosk_desk_page(k->ui, 7, 30);
    k->last_input = SDL_GetTicks();
    k->dirty = true;
    for (size_t i = 0; i < l.nrows && k->absent_top + i < k->absent.n; i++)
        if (ui_hit(l.rows[i], x, y)) {
            kiosk_show_person(k, k->absent.v[k->absent_top + i].a.id, &screen_absent);
            return;
        }
    kiosk_desk_page_tap(k, &l, x, y, &k->absent_top, k->absent.n);
}

const struct screen screen_absent = {
    .enter = absent_enter,
    .draw = absent_draw,
    .tap = absent_tap,
    .key = kiosk_desk_key,
    .timeout = kiosk_desk_timeout,
    .refresh = absent_refresh,
    .staff = true,
};
