/*
 * What the staff desk's screens share (screen.h): closing after two minutes
 * untouched, Escape back to staff mode, and the paged list of the
 * not-arrived and admitted-at-two-doors screens.
 */
#include "screen.h"
#include "state.h"
#include "ui.h"

#include <stdio.h>

enum { DESK_IDLE_MS = 120000 /* staff screens close after two minutes untouched */ };

Uint32 kiosk_desk_timeout(struct kiosk *k, Uint32 now)
{
    if (kiosk_since(now, k->last_input) >= DESK_IDLE_MS)
        kiosk_show(k, &screen_idle);
    return 1000;
}

void kiosk_desk_key(struct kiosk *k, SDL_Keycode key)
{
    if (key == SDLK_ESCAPE)
        kiosk_show(k, &screen_staff);
}

struct desk_page kiosk_desk_page(struct ui *ui, int row_units, int px480)
{
    int w = ui_width(ui), h = ui_height(ui), u = ui_unit(ui);
    struct desk_page l;
    l.title = (struct ui_rect){ 2 * u, u, w - 4 * u, 9 * u };
    int bh = 12 * u, bw = (w - 4 * u) / 3, by = h - bh - u;
    l.previous = (struct ui_rect){ 2 * u, by, bw - u, bh };
    l.next = (struct ui_rect){ 2 * u + bw, by, bw - u, bh };
    l.back = (struct ui_rect){ 2 * u + 2 * bw, by, bw - u, bh };
    int top = 11 * u, room = by - top - u;
    int rh = SDL_max(row_units * u, px480 * SDL_min(w, h) / 480);
    l.nrows = (size_t)SDL_min(DESK_PAGE_ROWS, room / rh);
    for (size_t i = 0; i < l.nrows; i++)
        l.rows[i] = (struct ui_rect){ 2 * u, top + (int)i * rh, w - 4 * u, rh - u / 2 };
    return l;
}

void kiosk_desk_page_buttons(struct kiosk *k, const struct desk_page *l, size_t top, size_t n)
{
    char page[64];
    snprintf(page, sizeof page, "▲ %s", kiosk_tr(k, "Previous"));
    ui_button(k->ui, l->previous, page, top ? ui_accent : ui_panel, ui_white);
    snprintf(page, sizeof page, "▼ %s", kiosk_tr(k, "Next"));
    ui_button(k->ui, l->next, page, top + l->nrows < n ? ui_accent : ui_panel, ui_white);
    ui_button(k->ui, l->back, kiosk_tr(k, "Back"), ui_green, ui_white);
}

bool kiosk_desk_page_tap(struct kiosk *k, const struct desk_page *l, int x, int y, size_t *top,
                         size_t n)
{
    if (ui_hit(l->previous, x, y))
        *top = *top > l->nrows ? *top - l->nrows : 0;
    else if (ui_hit(l->next, x, y))
        *top += *top + l->nrows < n ? l->nrows : 0;
    else if (ui_hit(l->back, x, y))
        kiosk_show(k, &screen_staff);
    else
        return false;
    return true;
}
