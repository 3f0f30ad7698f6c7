/*
 * Staff mode's checks: entrada doctor's lines (doctor.h) on the screen, so
 * that staff facing a kiosk that misbehaves can see what is wrong without a
 * terminal. They are made on a thread (kiosk-checks.c).
 */
#include "entrada/doctor.h"
#include "kiosk-checks.h"
#include "screen.h"
#include "state.h"
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct checks_layout {
    struct ui_rect title, rows[KIOSK_CHECKS], whole, again, back;
};

/* The title with the outcome, one row a check (room for nine at least), the buttons. */
static struct checks_layout checks_layout(struct ui *ui, size_t nrows)
{
    int w = ui_width(ui), h = ui_height(ui), u = ui_unit(ui);
    struct checks_layout l;
    l.title = (struct ui_rect){ 2 * u, u, w - 4 * u, 8 * u };
    int bh = 11 * u, bw = (w - 4 * u) / 2, by = h - bh - u;
    l.again = (struct ui_rect){ 2 * u, by, bw - u, bh };
    l.back = (struct ui_rect){ 2 * u + bw, by, bw - u, bh };
    int top = 10 * u, rh = (by - top - u) / (int)SDL_max(nrows, 9);
    for (size_t i = 0; i < KIOSK_CHECKS; i++)
        l.rows[i] = (struct ui_rect){ 2 * u, top + (int)i * rh, w - 4 * u, rh - u / 2 };
    l.whole = (struct ui_rect){ 2 * u, top, w - 4 * u, by - top - u };
    return l;
}

static SDL_Color tone_of(const struct kiosk_check *c)
{
    return c->level == DOCTOR_OK ? ui_green : c->level == DOCTOR_WARN ? ui_amber : ui_red;
}

static const char *level_word(struct kiosk *k, const struct kiosk_check *c)
{
    return kiosk_tr(k, c->level == DOCTOR_OK     ? N_("ok")
                       : c->level == DOCTOR_WARN ? N_("warning")
                                                 : N_("FAILED"));
}

/* A row tapped: its whole text where the rows were (a long one is cut on its row). */
static void draw_whole(struct kiosk *k, const struct checks_layout *l, const struct kiosk_check *c)
{
    struct ui *ui = k->ui;
    int u = ui_unit(ui);
    struct ui_rect r = l->whole;
    ui_fill(ui, r, ui_white);
    ui_fill(ui, (struct ui_rect){ r.x, r.y, u, r.h }, tone_of(c));
    char head[64];
    snprintf(head, sizeof head, "%s · %s", level_word(k, c), c->check);
    ui_text(ui, (struct ui_rect){ r.x + 2 * u, r.y + u, r.w - 3 * u, 7 * u }, head, 4, true,
            tone_of(c), UI_LEFT, 1);
    int lines;
    ui_page(ui, (struct ui_rect){ r.x + 2 * u, r.y + 9 * u, r.w - 3 * u, r.h - 10 * u }, c->text, 4,
            ui_ink, 0, &lines);
}

static void checks_draw(struct kiosk *k)
{
    struct ui *ui = k->ui;
    struct checks_layout l = checks_layout(ui, k->nchecks);
    int u = ui_unit(ui);
    ui_clear(ui, ui_paper);
    char line[sizeof k->staff_message + 64];
    const char *outcome = k->staff_message;
    char failed[64];
    if (!outcome[0] && k->checking)
        outcome = kiosk_tr(k, "checking…");
    else if (!outcome[0] && k->checks_failed == 0)
        outcome = kiosk_tr(k, "nothing failed");
    else if (!outcome[0]) {
        snprintf(failed, sizeof failed, kiosk_tr(k, "%d failed"), k->checks_failed);
        outcome = failed;
    }
    snprintf(line, sizeof line, "%s · %s", kiosk_tr(k, "Checks"), outcome);
    ui_text(ui, l.title, line, 5, true, k->checks_failed ? ui_red : ui_ink, UI_LEFT, 1);
    for (size_t i = 0; i < k->nchecks && k->checks_open < 0; i++) {
        const struct kiosk_check *c = &k->checks[i];
        struct ui_rect r = l.rows[i];
        SDL_Color tone = tone_of(c);
        ui_fill(ui, r, ui_white);
        ui_fill(ui, (struct ui_rect){ r.x, r.y, u, r.h }, tone);
        int tag = r.w * 15 / 100, name = r.w * 12 / 100;
        ui_text(ui, (struct ui_rect){ r.x + 2 * u, r.y, tag - 2 * u, r.h }, level_word(k, c), 4,
                true, tone, UI_LEFT, 1);
        ui_text(ui, (struct ui_rect){ r.x + tag, r.y, name - u, r.h }, c->check, 4, true, ui_ink,
                UI_LEFT, 1);
        ui_text(ui, (struct ui_rect){ r.x + tag + name, r.y, r.w - tag - name - u, r.h }, c->text,
                3, false, ui_ink, UI_LEFT, 2);
    }
    if (k->checks_open >= 0 && (size_t)k->checks_open < k->nchecks)
        draw_whole(k, &l, &k->checks[k->checks_open]);
    ui_button(ui, l.again, kiosk_tr(k, "Check again"), k->checking ? ui_panel : ui_accent,
              ui_white);
    ui_button(ui, l.back, kiosk_tr(k, "Back"), ui_green, ui_white);
}

static void checks_enter(struct kiosk *k)
{
    k->staff_message[0] = '\0';
    k->checks_open = -1;
    kiosk_checks_start(k);
}

static void checks_tap(struct kiosk *k, int x, int y)
{
    struct checks_layout l = checks_layout(k->ui, k->nchecks);
    k->last_input = SDL_GetTicks();
    if (ui_hit(l.again, x, y)) {
        k->checks_open = -1;
        kiosk_checks_start(k);
    } else if (k->checks_open >= 0) { /* a row shown whole: any other tap closes it */
        k->checks_open = -1;
    } else if (ui_hit(l.back, x, y)) {
        kiosk_show(k, &screen_staff);
        return;
    } else {
        for (size_t i = 0; i < k->nchecks; i++)
            if (ui_hit(l.rows[i], x, y))
                k->checks_open = (int)i;
    }
    k->dirty = true;
}

const struct screen screen_checks = {
    .enter = checks_enter,
    .draw = checks_draw,
    .tap = checks_tap,
    .key = kiosk_desk_key,
    .timeout = kiosk_desk_timeout,
    .staff = true,
};
