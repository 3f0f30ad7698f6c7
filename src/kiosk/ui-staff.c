/*
 * Staff mode, behind the PIN: counts, the latest check-ins, and what staff
 * need to sort problems out: manual check-in, admitting the person refused
 * latest anyway (an override, journalled as staff's), undoing the latest
 * check-in (recorded as an event, never a deletion), reloading the attendee
 * list or syncing the USB stick (both on a job thread, kiosk-drop.c),
 * choosing the session this kiosk admits to, and leaving the app.
 */
#include "entrada/pin.h"
#include "kiosk-drop.h"
#include "screen.h"
#include "state.h"
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { STAFF_IDLE_MS = 120000 /* staff mode closes itself after this long untouched */ };

struct pin_layout {
    struct ui_rect title, dots, message, keys[12];
};

/* Keypad: 1-9, then Cancel, 0, OK. */
static const char *const pin_keys[12] = {
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", "OK"
};

static struct pin_layout pin_layout(struct ui *ui)
{
    int w = ui_width(ui), h = ui_height(ui), u = ui_unit(ui);
    struct pin_layout l;
    l.title = (struct ui_rect){ 4 * u, 2 * u, w - 8 * u, 8 * u };
    l.dots = (struct ui_rect){ 4 * u, 10 * u, w - 8 * u, 9 * u };
    l.message = (struct ui_rect){ 4 * u, 19 * u, w - 8 * u, 6 * u };
    int top = 27 * u, kh = (h - top - 2 * u) / 4, kw = SDL_min(kh * 2, (w - 8 * u) / 3);
    int x0 = (w - 3 * kw) / 2;
    for (int i = 0; i < 12; i++)
        l.keys[i] = (struct ui_rect){ x0 + (i % 3) * kw, top + (i / 3) * kh, kw - u, kh - u };
    return l;
}

static void pin_draw(struct kiosk *k)
{
    struct ui *ui = k->ui;
    struct pin_layout l = pin_layout(ui);
    ui_clear(ui, ui_ink);
    ui_text(ui, l.title, kiosk_tr(k, "Staff PIN"), 5, true, ui_white, UI_CENTRE, 1);
    char dots[64] = "";
    for (size_t i = 0; i < strlen(k->pin) && i < 12; i++)
        strcat(dots, "● ");
    ui_text(ui, l.dots, dots[0] ? dots : "–", 6, true, ui_white, UI_CENTRE, 1);
    const char *msg = "";
    if (config_str(k->cfg, CONFIG_STAFF_PIN)[0] == '\0')
        msg = kiosk_tr(k, "No staff PIN is set: add staff_pin to the configuration (entrada pin)");
    else if (k->pin_wrong)
        msg = kiosk_tr(k, "Wrong PIN, try again");
    else if (k->stick_waiting)
        msg = kiosk_tr(k, "USB stick inserted: enter the staff PIN to sync it");
    ui_text(ui, l.message, msg, 3, false, ui_amber, UI_CENTRE, 2);
    for (int i = 0; i < 12; i++) {
        const char *label = i == 9 ? kiosk_tr(k, "Cancel") : pin_keys[i];
        ui_button(ui, l.keys[i], label,
                  i == 9    ? ui_muted
                  : i == 11 ? ui_green
                            : ui_accent,
                  ui_white);
    }
}

/* The PIN typed is complete: staff mode, or try again. */
static void pin_done(struct kiosk *k)
{
    const char *stored = config_str(k->cfg, CONFIG_STAFF_PIN);
    if (stored[0] && pin_check(k->pin, stored)) {
        SDL_Log("staff mode opened");
        k->staff_message[0] = '\0';
        kiosk_show(k, &screen_staff);
        return;
    }
    SDL_Log("staff mode: wrong PIN");
    k->pin[0] = '\0';
    k->pin_wrong = true;
    k->dirty = true;
}

static void pin_text(struct kiosk *k, const char *text)
{
    for (; *text; text++) {
        size_t len = strlen(k->pin);
        if (*text >= '0' && *text <= '9' && len + 1 < sizeof k->pin) {
            k->pin[len] = *text;
            k->pin[len + 1] = '\0';
        }
    }
    k->dirty = true;
}

static void pin_tap(struct kiosk *k, int x, int y)
{
    struct pin_layout l = pin_layout(k->ui);
    for (int i = 0; i < 12; i++) {
        if (!ui_hit(l.keys[i], x, y))
            continue;
        if (i == 9)
            kiosk_show(k, &screen_idle);
        else if (i == 11)
            pin_done(k);
        else
            pin_text(k, pin_keys[i]);
        return;
    }
}

static void pin_enter(struct kiosk *k)
{
    k->pin[0] = '\0';
    k->pin_wrong = false;
}

static void pin_key(struct kiosk *k, SDL_Keycode key)
{
    if (key == SDLK_RETURN)
        pin_done(k);
    else if (key == SDLK_BACKSPACE && k->pin[0])
        k->pin[strlen(k->pin) - 1] = '\0';
    else if (key == SDLK_ESCAPE)
        kiosk_show(k, &screen_idle);
}

/* Left alone for [kiosk] search_timeout_ms: back to where it was opened from. */
static Uint32 pin_timeout(struct kiosk *k, Uint32 now)
{
    Uint32 limit = (Uint32)config_int(k->cfg, CONFIG_SEARCH_TIMEOUT_MS);
    if (kiosk_since(now, k->last_input) >= limit)
        kiosk_show(k, k->staff_search ? &screen_staff : &screen_idle);
    return 1000;
}

const struct screen screen_pin = {
    .enter = pin_enter,
    .draw = pin_draw,
    .tap = pin_tap,
    .key = pin_key,
    .text = pin_text,
    .timeout = pin_timeout,
};

enum staff_button {
    STAFF_MANUAL,
    STAFF_UNDO,
    STAFF_REPRINT,
    STAFF_RETRY,
    STAFF_RELOAD,
    STAFF_SESSION,
    STAFF_LANGUAGE,
    STAFF_BACK,
    STAFF_LEAVE,
    STAFF_BUTTONS
};

struct staff_layout {
    struct ui_rect title, counts, refusal, admit, recent, message, buttons[STAFF_BUTTONS];
};

/* With the latest refusal and its "admit anyway" between the counts and the list, if any. */
static struct staff_layout staff_layout(const struct kiosk *k)
{
    struct ui *ui = k->ui;
    int w = ui_width(ui), h = ui_height(ui), u = ui_unit(ui);
    struct staff_layout l = { 0 };
    int right = w * 36 / 100, left = w - right - 6 * u, room = h - 17 * u;
    bool refused = k->refused.code[0] != '\0';
    l.title = (struct ui_rect){ 2 * u, u, w - 4 * u, 7 * u };
    l.message = (struct ui_rect){ 2 * u, h - 7 * u, w - 4 * u, 6 * u };
    /* With a refusal the counts take only the room their lines need. */
    int lines = (int)SDL_max(k->stats.nsessions, k->stats.ncategories);
    l.counts = (struct ui_rect){ 2 * u, 9 * u, left,
                                 refused ? SDL_min(5 * u + 4 * u * lines, room * 45 / 100)
                                         : room * 45 / 100 };
    int y = l.counts.y + l.counts.h + u;
    if (refused) {
        l.refusal = (struct ui_rect){ 2 * u, y, left, 22 * u };
        int aw = left * 34 / 100;
        l.admit = (struct ui_rect){ l.refusal.x + left - aw - 2 * u, y + 5 * u, aw, 12 * u };
        y += l.refusal.h + u;
    }
    l.recent = (struct ui_rect){ 2 * u, y, left, 9 * u + room - y };
    int bh = (h - 17 * u) / STAFF_BUTTONS;
    for (int i = 0; i < STAFF_BUTTONS; i++)
        l.buttons[i] = (struct ui_rect){ w - right - 2 * u, 9 * u + i * bh, right, bh - u };
    return l;
}

/* The session after the current one, in the store's order. */
struct next_session {
    const char *current;
    char first[64], next[64], title_first[128], title_next[128];
    bool take;
};

static bool handle_session(void *ctx, int64_t id, const char *name, const char *title)
{
    (void)id;
    struct next_session *n = ctx;
    if (!n->first[0]) {
        snprintf(n->first, sizeof n->first, "%s", name);
        snprintf(n->title_first, sizeof n->title_first, "%s", title);
    }
    if (n->take) {
        snprintf(n->next, sizeof n->next, "%s", name);
        snprintf(n->title_next, sizeof n->title_next, "%s", title);
        return false;
    }
    n->take = strcmp(name, n->current) == 0;
    return true;
}

static void next_session(struct kiosk *k)
{
    struct next_session n = { .current = k->session };
    char *why = NULL;
    if (!store_each_session(k->store, handle_session, &n, &why)) {
        snprintf(k->staff_message, sizeof k->staff_message, "%s", why);
        free(why);
        return;
    }
    snprintf(k->session, sizeof k->session, "%s", n.next[0] ? n.next : n.first);
    snprintf(k->session_title, sizeof k->session_title, "%s",
             n.next[0] ? n.title_next : n.title_first);
    memset(&k->refused, 0, sizeof k->refused); /* it was a refusal at the session left */
    SDL_Log("staff: this kiosk now admits to session %s", k->session);
    snprintf(k->staff_message, sizeof k->staff_message, kiosk_tr(k, "This kiosk now admits to %s"),
             k->session_title);
}

static void undo_last(struct kiosk *k)
{
    struct checkin_policy policy = { .kiosk = k->kiosk_id, .session = k->session };
    struct checkin_result r;
    char *why = NULL;
    if (!checkin_undo_last(k->store, &policy, checkin_now_ms(), &r, &why)) {
        snprintf(k->staff_message, sizeof k->staff_message, "%s", why);
        SDL_Log("staff: undo failed: %s", why);
        free(why);
        return;
    }
    if (r.recorded) {
        snprintf(k->staff_message, sizeof k->staff_message, kiosk_tr(k, "Undone: %s"),
                 r.attendee.name);
        SDL_Log("staff: undid the check-in of %s", r.attendee.code);
    } else {
        snprintf(k->staff_message, sizeof k->staff_message, "%s",
                 kiosk_tr(k, "Nothing to undo at this kiosk"));
    }
    checkin_result_clear(&r);
}

static void reprint_latest(struct kiosk *k)
{
    struct store_event last;
    struct attendee a = { 0 };
    char *why = NULL;
    if (store_last_admission(k->store, k->kiosk_id, &last, &why) != 1 ||
        store_get_attendee(k->store, last.attendee_id, &a, &why) != 1) {
        snprintf(k->staff_message, sizeof k->staff_message, "%s",
                 why ? why : kiosk_tr(k, "No check-in at this kiosk yet"));
    } else if (!kiosk_print(k, &a)) {
        snprintf(k->staff_message, sizeof k->staff_message, "%s",
                 kiosk_tr(k, "No printer: set [printer] queue in the configuration"));
    } else {
        snprintf(k->staff_message, sizeof k->staff_message, kiosk_tr(k, "Printing: %s"), a.name);
    }
    free(why);
    attendee_clear(&a);
}

/* The latest refusal: when, who, why, and the button that admits them anyway. */
static void draw_refusal(struct kiosk *k, const struct staff_layout *l)
{
    struct ui *ui = k->ui;
    const struct kiosk_refusal *r = &k->refused;
    int u = ui_unit(ui), lh = 4 * u;
    ui_fill(ui, l->refusal, ui_white);
    ui_frame(ui, l->refusal, SDL_max(2, u / 2), ui_red);
    struct ui_rect text = { l->refusal.x + 2 * u, l->refusal.y + u,
                            l->admit.x - l->refusal.x - 4 * u, 0 };
    char line[512], when[40];
    report_format_time(r->at_ms, when);
    snprintf(line, sizeof line, kiosk_tr(k, "Refused at %.5s"), when + 11);
    text.h = lh;
    ui_text(ui, text, line, 2, true, ui_muted, UI_LEFT, 1);
    text.y += text.h;
    text.h = 5 * u;
    ui_text(ui, text, r->name, 3, true, ui_ink, UI_LEFT, 1);
    text.y += text.h;
    text.h = 4 * u;
    ui_text(ui, text, r->organisation, 2, false, ui_ink, UI_LEFT, 1);
    text.y += text.h;
    const char *words = r->verdict == CHECKIN_UNPAID      ? "Registration not paid yet"
                        : r->verdict == CHECKIN_CANCELLED ? "Registration cancelled"
                                                          : "Not registered for this session";
    snprintf(line, sizeof line, "%s", kiosk_tr(k, words));
    if (r->verdict == CHECKIN_NOT_FOR_SESSION && r->only_for[0]) {
        size_t n = strlen(line);
        snprintf(line + n, sizeof line - n, ". ");
        n = strlen(line);
        snprintf(line + n, sizeof line - n, kiosk_tr(k, "%s is only for: %s"),
                 kiosk_tr(k, k->session_title), r->only_for);
    }
    text.h = l->refusal.y + l->refusal.h - u - text.y;
    ui_text(ui, text, line, 2, false, ui_red, UI_LEFT, 2);
    ui_button(ui, l->admit, kiosk_tr(k, "Admit anyway"), ui_amber, ui_white);
}

static void staff_draw(struct kiosk *k)
{
    struct ui *ui = k->ui;
    struct staff_layout l = staff_layout(k);
    int u = ui_unit(ui);
    ui_clear(ui, ui_paper);
    char line[512];
    char camera[64];
    kiosk_camera_status(k, camera, sizeof camera);
    snprintf(line, sizeof line, kiosk_tr(k, "Staff mode · kiosk %s · session %s"), k->kiosk_id,
             k->session);
    if (camera[0])
        snprintf(line + strlen(line), sizeof line - strlen(line), " · %s", camera);
    char printer[96];
    kiosk_printer_status(k, printer, sizeof printer);
    if (printer[0])
        snprintf(line + strlen(line), sizeof line - strlen(line), " · %s", printer);
    ui_text(ui, l.title, line, 4, true, ui_ink, UI_LEFT, 1);

    /* Counts: total, then by session and by category, one line each. */
    int lh = 4 * u, y = l.counts.y;
    snprintf(line, sizeof line, kiosk_tr(k, "Checked in: %lld of %lld registered"),
             (long long)k->stats.checked_in, (long long)k->stats.registered);
    ui_text(ui, (struct ui_rect){ l.counts.x, y, l.counts.w, lh + u }, line, 3, true, ui_ink,
            UI_LEFT, 1);
    y += lh + u;
    for (size_t i = 0; i < k->stats.nsessions && y + lh <= l.counts.y + l.counts.h; i++, y += lh) {
        snprintf(line, sizeof line, "%s: %lld", k->stats.by_session[i].label,
                 (long long)k->stats.by_session[i].checked_in);
        ui_text(ui, (struct ui_rect){ l.counts.x, y, l.counts.w / 2, lh }, line, 2, false, ui_ink,
                UI_LEFT, 1);
    }
    y = l.counts.y + lh + u;
    for (size_t i = 0; i < k->stats.ncategories && y + lh <= l.counts.y + l.counts.h;
         i++, y += lh) {
        snprintf(line, sizeof line, "%s: %lld / %lld",
                 k->stats.by_category[i].label[0] ? k->stats.by_category[i].label : "—",
                 (long long)k->stats.by_category[i].checked_in,
                 (long long)k->stats.by_category[i].registered);
        ui_text(ui, (struct ui_rect){ l.counts.x + l.counts.w / 2, y, l.counts.w / 2, lh }, line, 2,
                false, ui_ink, UI_LEFT, 1);
    }

    if (k->refused.code[0])
        draw_refusal(k, &l);

    ui_fill(ui, l.recent, ui_white);
    ui_text(ui, (struct ui_rect){ l.recent.x + u, l.recent.y, l.recent.w - 2 * u, lh },
            kiosk_tr(k, "Latest check-ins"), 2, true, ui_muted, UI_LEFT, 1);
    if (k->badge_texture) {
        /* The latest badge, as it would print, at the right of the list. */
        int bh = SDL_min(k->badge_h, l.recent.h - 2 * u), bw = bh * k->badge_w / k->badge_h;
        SDL_RenderCopy(k->renderer, k->badge_texture, NULL,
                       &(SDL_Rect){ l.recent.x + l.recent.w - bw - u, l.recent.y + u, bw, bh });
        ui_frame(ui, (struct ui_rect){ l.recent.x + l.recent.w - bw - u, l.recent.y + u, bw, bh },
                 1, ui_muted);
        l.recent.w -= bw + 2 * u;
    }
    int rh = (l.recent.h - lh) / KIOSK_RECENT;
    for (size_t i = 0; i < k->nrecent; i++)
        ui_text(ui,
                (struct ui_rect){ l.recent.x + u, l.recent.y + lh + (int)i * rh, l.recent.w - 2 * u,
                                  rh },
                k->recent[i], 2, false, ui_ink, UI_LEFT, 1);

    const char *labels[STAFF_BUTTONS] = {
        [STAFF_MANUAL] = kiosk_tr(k, "Manual check-in"),
        [STAFF_UNDO] = kiosk_tr(k, "Undo the latest check-in"),
        [STAFF_REPRINT] = kiosk_tr(k, "Print the latest badge again"),
        [STAFF_RETRY] = kiosk_tr(k, "Retry the failed print"),
        [STAFF_RELOAD] = k->stick[0] ? kiosk_tr(k, "Sync the USB stick")
                                     : kiosk_tr(k, "Reload the attendee list"),
        [STAFF_SESSION] = kiosk_tr(k, "Next session"),
        [STAFF_LANGUAGE] = kiosk_tr(k, "Language"),
        [STAFF_BACK] = kiosk_tr(k, "Back to check-in"),
        [STAFF_LEAVE] = kiosk_tr(k, "Leave the app"),
    };
    for (int i = 0; i < STAFF_BUTTONS; i++)
        ui_button(ui, l.buttons[i], labels[i],
                  i == STAFF_LEAVE  ? ui_red
                  : i == STAFF_BACK ? ui_green
                                    : ui_accent,
                  ui_white);
    if (k->staff_message[0])
        ui_text(ui, l.message, k->staff_message, 3, false, ui_accent, UI_LEFT, 2);
    else if (k->drop_status[0])
        ui_text(ui, l.message, k->drop_status, 3, false, ui_accent, UI_LEFT, 2);
    else if (k->printer_problem[0])
        ui_text(ui, l.message, k->printer_problem, 3, false, ui_red, UI_LEFT, 2);
}

static bool handle_recent(void *ctx, const struct store_event *ev, const char *name,
                          const char *session)
{
    struct kiosk *k = ctx;
    char when[40];
    report_format_time(ev->at_ms, when);
    snprintf(k->recent[k->nrecent++], sizeof k->recent[0], "%.5s  %s  (%s, %s)", when + 11, name,
             session, ev->kiosk);
    return k->nrecent < KIOSK_RECENT;
}

/* Read the counts, the latest check-ins and the latest badge. */
static void staff_refresh(struct kiosk *k)
{
    /* A preview of the latest badge here, as it would print. */
    struct store_event last;
    struct attendee a = { 0 };
    char *err = NULL;
    if (store_last_admission(k->store, k->kiosk_id, &last, &err) == 1 &&
        store_get_attendee(k->store, last.attendee_id, &a, &err) == 1)
        kiosk_badge_texture(k, &a, ui_height(k->ui) * 35 / 100);
    attendee_clear(&a);
    free(err);
    char *why = NULL;
    report_stats_clear(&k->stats);
    k->nrecent = 0;
    if (!report_stats(k->store, &k->stats, &why) ||
        !store_recent_admissions(k->store, KIOSK_RECENT, handle_recent, k, &why)) {
        SDL_Log("staff: %s", why);
        snprintf(k->staff_message, sizeof k->staff_message, "%s", why);
        free(why);
    }
    k->attendees = k->stats.registered;
}

static void staff_tap(struct kiosk *k, int x, int y)
{
    struct staff_layout l = staff_layout(k);
    k->last_input = SDL_GetTicks();
    if (k->refused.code[0] && ui_hit(l.admit, x, y)) {
        kiosk_admit_anyway(k); /* shows the verdict */
        return;
    }
    int b = 0;
    while (b < STAFF_BUTTONS && !ui_hit(l.buttons[b], x, y))
        b++;
    switch (b) {
    case STAFF_MANUAL:
        kiosk_show(k, &screen_search);
        k->staff_search = true;
        return;
    case STAFF_UNDO:
        undo_last(k);
        break;
    case STAFF_REPRINT:
        reprint_latest(k);
        break;
    case STAFF_RETRY:
        if (k->failed.id && kiosk_print(k, &k->failed))
            snprintf(k->staff_message, sizeof k->staff_message, kiosk_tr(k, "Printing: %s"),
                     k->failed.name);
        else
            snprintf(k->staff_message, sizeof k->staff_message, "%s",
                     kiosk_tr(k, "No failed print to retry"));
        break;
    case STAFF_RELOAD:
        if (k->stick[0])
            kiosk_sync(k);
        else
            kiosk_reload(k);
        break;
    case STAFF_SESSION:
        next_session(k);
        break;
    case STAFF_LANGUAGE:
        kiosk_next_language(k);
        break;
    case STAFF_BACK:
        kiosk_show(k, &screen_idle);
        return;
    case STAFF_LEAVE:
        SDL_Log("staff: leaving the app");
        k->quit = true;
        return;
    default:
        return;
    }
    staff_refresh(k);
    k->dirty = true;
}

/* Open: read what it shows; a stick waiting for staff starts syncing now. */
static void staff_enter(struct kiosk *k)
{
    staff_refresh(k);
    kiosk_staff_opened(k);
    k->staff_search = false;
}

/* Untouched for two minutes: closed, back to the start. */
static Uint32 staff_timeout(struct kiosk *k, Uint32 now)
{
    if (kiosk_since(now, k->last_input) >= STAFF_IDLE_MS)
        kiosk_show(k, &screen_idle);
    return 1000;
}

const struct screen screen_staff = {
    .enter = staff_enter,
    .draw = staff_draw,
    .tap = staff_tap,
    .timeout = staff_timeout,
    .refresh = staff_refresh,
};
