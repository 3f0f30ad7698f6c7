/*
 * The verdict: a whole screen in the verdict's colour, with an icon, words
 * and (from kiosk_code) a sound, so that colour is never the only cue.
 * Attendees see their name and organisation, never anything else; a
 * refusal shows the given name alone, and a refusal for this session none.
 */
#include "screen.h"
#include "state.h"
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void verdict_draw(struct kiosk *k)
{
    struct ui *ui = k->ui;
    const struct checkin_result *v = &k->verdict;
    int w = ui_width(ui), h = ui_height(ui), u = ui_unit(ui);
    static const SDL_Color *const colours[] = {
        [CHECKIN_WELCOME] = &ui_green, [CHECKIN_ALREADY] = &ui_amber,
        [CHECKIN_UNKNOWN] = &ui_red,   [CHECKIN_CANCELLED] = &ui_red,
        [CHECKIN_UNPAID] = &ui_red,    [CHECKIN_NOT_FOR_SESSION] = &ui_red,
    };
    static const enum ui_icon icons[] = {
        [CHECKIN_WELCOME] = UI_ICON_CHECK,  [CHECKIN_ALREADY] = UI_ICON_CLOCK,
        [CHECKIN_UNKNOWN] = UI_ICON_CROSS,  [CHECKIN_CANCELLED] = UI_ICON_BLOCKED,
        [CHECKIN_UNPAID] = UI_ICON_BLOCKED, [CHECKIN_NOT_FOR_SESSION] = UI_ICON_BLOCKED,
    };
    SDL_Color bg = *colours[v->verdict];
    ui_clear(ui, bg);
    if (v->verdict == CHECKIN_WELCOME && k->badge_texture) {
        /* "Your badge": on the right, the words in the room left of it. */
        int bw = k->badge_w, bh = k->badge_h, x = w - bw - 4 * u;
        ui_fill(ui, (struct ui_rect){ x - u / 2, (h - bh) / 2 - u / 2, bw + u, bh + u }, ui_white);
        SDL_RenderCopy(k->renderer, k->badge_texture, NULL, &(SDL_Rect){ x, (h - bh) / 2, bw, bh });
        w = x - 2 * u;
    }

    int icon = SDL_min(w, h) * 28 / 100;
    ui_icon(ui, (struct ui_rect){ (w - icon) / 2, 6 * u, icon, icon }, icons[v->verdict], bg,
            ui_white);
    struct ui_rect headline = { 4 * u, 8 * u + icon, w - 8 * u, 18 * u };
    struct ui_rect second = { 4 * u, headline.y + headline.h + u, w - 8 * u, 8 * u };
    struct ui_rect third = { 4 * u, second.y + second.h + u, w - 8 * u, 7 * u };

    char line[512], when[40] = "";
    if (v->first_ms)
        report_format_time(v->first_ms, when);
    const char *name = v->attendee.name ? v->attendee.name : "";
    const char *org = v->attendee.organisation ? v->attendee.organisation : "";
    switch (v->verdict) {
    case CHECKIN_WELCOME: {
        char *first = attendee_greeting_name(&v->attendee);
        snprintf(line, sizeof line, kiosk_tr(k, "Welcome, %s"), first);
        free(first);
        ui_text(ui, headline, line, 10, true, ui_white, UI_CENTRE, 2);
        ui_text(ui, second, org[0] ? org : name, 5, false, ui_white, UI_CENTRE, 2);
        /* The built-in session's title has a translation; titles staff give do not. */
        snprintf(line, sizeof line, kiosk_tr(k, "You are checked in to %s"),
                 kiosk_tr(k, k->session_title));
        ui_text(ui, third, line, 4, false, ui_white, UI_CENTRE, 1);
        break;
    }
    case CHECKIN_ALREADY:
        ui_text(ui, headline, kiosk_tr(k, "Already checked in"), 10, true, ui_white, UI_CENTRE, 2);
        ui_text(ui, second, name, 5, false, ui_white, UI_CENTRE, 2);
        snprintf(line, sizeof line, kiosk_tr(k, "First check-in at %.5s"), when + 11);
        ui_text(ui, third, line, 4, false, ui_white, UI_CENTRE, 1);
        break;
    case CHECKIN_UNKNOWN:
        ui_text(ui, headline,
                kiosk_tr(k, k->verdict_failed ? N_("Check-in not recorded")
                                              : N_("Code not recognised")),
                10, true, ui_white, UI_CENTRE, 2);
        ui_text(ui, second, kiosk_tr(k, "Please ask a member of staff"), 5, false, ui_white,
                UI_CENTRE, 2);
        break;
    case CHECKIN_CANCELLED:
    case CHECKIN_UNPAID: {
        /* Whoever stands behind them reads this too: the given name only. */
        char *first = attendee_private_name(&v->attendee);
        ui_text(ui, headline,
                kiosk_tr(k, v->verdict == CHECKIN_CANCELLED ? N_("Registration cancelled")
                                                            : N_("Registration not paid yet")),
                10, true, ui_white, UI_CENTRE, 2);
        ui_text(ui, second, first, 5, false, ui_white, UI_CENTRE, 2);
        ui_text(ui, third, kiosk_tr(k, "Please ask a member of staff"), 4, false, ui_white,
                UI_CENTRE, 1);
        free(first);
        break;
    }
    case CHECKIN_NOT_FOR_SESSION:
        ui_text(ui, headline, kiosk_tr(k, "Not registered for this session"), 10, true, ui_white,
                UI_CENTRE, 2);
        snprintf(line, sizeof line, kiosk_tr(k, "%s is only for: %s"),
                 kiosk_tr(k, k->session_title), v->only_for);
        ui_text(ui, second, line, 5, false, ui_white, UI_CENTRE, 2);
        ui_text(ui, third, kiosk_tr(k, "Please ask a member of staff"), 4, false, ui_white,
                UI_CENTRE, 1);
        break;
    }
}

/* A touch anywhere, or Escape, goes back to the start. */
static void verdict_tap(struct kiosk *k, int x, int y)
{
    (void)x;
    (void)y;
    kiosk_show(k, &screen_idle);
}

static void verdict_key(struct kiosk *k, SDL_Keycode key)
{
    if (key == SDLK_ESCAPE)
        kiosk_show(k, &screen_idle);
}

/* The badge a frame after the verdict; back to the start after [kiosk] verdict_ms. */
static Uint32 verdict_timeout(struct kiosk *k, Uint32 now)
{
    if (k->badge_pending && !k->dirty) { /* the verdict is on screen: now the badge */
        k->badge_pending = false;
        kiosk_badge_texture(k, &k->verdict.attendee, ui_height(k->ui) * 6 / 10);
        k->dirty = true;
    }
    Uint32 limit = (Uint32)config_int(k->cfg, CONFIG_VERDICT_MS);
    if (kiosk_since(now, k->screen_since) >= limit)
        kiosk_show(k, &screen_idle);
    return 1000;
}

const struct screen screen_verdict = {
    .draw = verdict_draw,
    .tap = verdict_tap,
    .key = verdict_key,
    .timeout = verdict_timeout,
    .corner = true,
};
