/*
 * Staff mode, behind the PIN (wrong PINs cost time, kept in the store
 * across restarts): counts, the latest check-ins beside the latest badge,
 * the special-attention banner, and the desk's ways in: find anyone, a
 * walk-in, who has not arrived; admitting the person refused latest anyway
 * (with a reason, journalled as an override); undoing or reprinting the
 * latest check-in; reloading the list or syncing the USB stick (on a job
 * thread, kiosk-drop.c); the session this kiosk admits to; leaving the app.
 */
#include "entrada/pin.h"
#include "kiosk-drop.h"
#include "screen.h"
#include "state.h"
#include "ui.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { STAFF_IDLE_MS = 120000 /* staff mode closes itself after this long untouched */ };

/* The setting holding the PIN's wrong tries in a row and the time of the latest. */
#define PIN_TRIES_SETTING "staff_pin_tries"

/* Read the wrong tries from the store: they outlast a restart. */
static void load_tries(struct kiosk *k)
{
    char *value = NULL, *why = NULL;
    unsigned failures = 0;
    int64_t at = 0;
    if (store_get_setting(k->store, PIN_TRIES_SETTING, &value, &why) == 1 &&
        sscanf(value, "%u %" SCNd64, &failures, &at) == 2) {
        k->pin_failures = failures;
        k->pin_failed_at = at;
    } else {
        k->pin_failures = 0;
        k->pin_failed_at = 0;
    }
    if (why)
        SDL_Log("staff PIN: %s", why);
    free(value);
    free(why);
}

static void save_tries(struct kiosk *k)
{
    char value[64], *why = NULL;
    snprintf(value, sizeof value, "%u %" PRId64, k->pin_failures, k->pin_failed_at);
    if (!store_set_setting(k->store, PIN_TRIES_SETTING, value, &why)) {
        SDL_Log("staff PIN: %s", why);
        free(why);
    }
}

/* Milliseconds until the next try is taken; 0 now. */
static int64_t pin_locked_ms(const struct kiosk *k)
{
    int64_t until = k->pin_failed_at + pin_wait_ms(k->pin_failures);
    int64_t now = checkin_now_ms();
    return k->pin_failures >= PIN_FREE_TRIES && until > now ? until - now : 0;
}

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
    for (size_t i = 0; i < strlen(k->pin) && i < PIN_MAX_DIGITS; i++)
        strcat(dots, "● ");
    ui_text(ui, l.dots, dots[0] ? dots : "–", 6, true, ui_white, UI_CENTRE, 1);
    const char *msg = "";
    char wait[160];
    int64_t locked = pin_locked_ms(k);
    if (config_str(k->cfg, CONFIG_STAFF_PIN)[0] == '\0') {
        msg = kiosk_tr(k, "No staff PIN is set: add staff_pin to the configuration (entrada pin)");
    } else if (locked) {
        snprintf(wait, sizeof wait, kiosk_tr(k, "Too many wrong PINs: try again in %lld s"),
                 (long long)((locked + 999) / 1000));
        msg = wait;
    } else if (k->pin_short) {
        snprintf(wait, sizeof wait, kiosk_tr(k, "A PIN is %d to %d digits"), PIN_MIN_DIGITS,
                 PIN_MAX_DIGITS);
        msg = wait;
    } else if (k->pin_wrong)
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

/*
 * The PIN typed is complete: staff mode, or try again. A PIN of the wrong
 * length is no try; after PIN_FREE_TRIES wrong ones, tries wait (pin.h).
 */
static void pin_done(struct kiosk *k)
{
    const char *stored = config_str(k->cfg, CONFIG_STAFF_PIN);
    k->dirty = true;
    if (pin_locked_ms(k)) {
        SDL_Log("staff mode: PIN refused untried, %lld s to wait",
                (long long)(pin_locked_ms(k) / 1000));
        k->pin[0] = '\0';
        return;
    }
    if (!pin_valid(k->pin)) {
        k->pin[0] = '\0';
        k->pin_short = true;
        k->pin_wrong = false;
        return;
    }
    k->pin_short = false;
    if (stored[0] && pin_check(k->pin, stored)) {
        SDL_Log("staff mode opened");
        if (k->pin_failures) {
            k->pin_failures = 0;
            k->pin_failed_at = 0;
            save_tries(k);
        }
        k->staff_message[0] = '\0';
        kiosk_show(k, &screen_staff);
        return;
    }
    k->pin_failures++;
    k->pin_failed_at = checkin_now_ms();
    save_tries(k);
    SDL_Log("staff mode: wrong PIN (%u in a row; next try in %lld s)", k->pin_failures,
            (long long)(pin_wait_ms(k->pin_failures) / 1000));
    k->pin[0] = '\0';
    k->pin_wrong = true;
}

static void pin_text(struct kiosk *k, const char *text)
{
    for (; *text; text++) {
        size_t len = strlen(k->pin);
        if (*text >= '0' && *text <= '9' && len < PIN_MAX_DIGITS) {
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
    k->pin_wrong = k->pin_short = false;
    load_tries(k);
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

/* Left alone for [kiosk] search_timeout_ms: back to the start. The wait counts down. */
static Uint32 pin_timeout(struct kiosk *k, Uint32 now)
{
    Uint32 limit = (Uint32)config_int(k->cfg, CONFIG_SEARCH_TIMEOUT_MS);
    if (kiosk_since(now, k->last_input) >= limit)
        kiosk_show(k, &screen_idle);
    if (pin_locked_ms(k))
        k->dirty = true;
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
    STAFF_FIND,
    STAFF_WALKIN,
    STAFF_ABSENT,
    STAFF_UNDO,
    STAFF_REPRINT,
    STAFF_RETRY,
    STAFF_RELOAD,
    STAFF_SESSION,
    STAFF_LANGUAGE,
    STAFF_BACK,
    STAFF_LEAVE,
    STAFF_CHECKS,
    STAFF_BUTTONS
};

enum { STAFF_COLUMNS = 2 };

struct staff_layout {
    struct ui_rect title, banner, dismiss, counts[4], refusal, admit, recent, message,
        buttons[STAFF_BUTTONS];
};

/*
 * The title; the special-attention banner, if any; on the left the counts,
 * the latest refusal with "admit anyway", the latest check-ins; on the
 * right the buttons, two columns; the message line at the bottom.
 */
static struct staff_layout staff_layout(const struct kiosk *k)
{
    struct ui *ui = k->ui;
    int w = ui_width(ui), h = ui_height(ui), u = ui_unit(ui);
    struct staff_layout l = { 0 };
    int right = w * 46 / 100, left = w - right - 5 * u;
    l.title = (struct ui_rect){ 2 * u, u, w - 4 * u, 8 * u };
    int top = 10 * u;
    if (k->nattention) {
        l.banner = (struct ui_rect){ 2 * u, top, w - 4 * u, 13 * u };
        l.dismiss =
            (struct ui_rect){ w - 2 * u - w * 22 / 100 + u, top + u, w * 22 / 100 - 2 * u, 11 * u };
        top += 14 * u;
    }
    l.message = (struct ui_rect){ 2 * u, h - 8 * u, w - 4 * u, 7 * u };
    int bottom = l.message.y - u;
    int rows = (STAFF_BUTTONS + STAFF_COLUMNS - 1) / STAFF_COLUMNS;
    int bh = (bottom - top) / rows, bw = right / STAFF_COLUMNS;
    for (int i = 0; i < STAFF_BUTTONS; i++)
        l.buttons[i] = (struct ui_rect){ w - right - 2 * u + (i % STAFF_COLUMNS) * bw,
                                         top + (i / STAFF_COLUMNS) * bh, bw - u, bh - u };
    int y = top;
    l.counts[0] = (struct ui_rect){ 2 * u, y, left, 8 * u };
    y += 8 * u;
    for (int i = 1; i < 3; i++, y += 6 * u)
        l.counts[i] = (struct ui_rect){ 2 * u, y, left, 6 * u };
    /* The server's line (two, if it must), if there is a server or people admitted at two doors. */
    if (k->sync_status[0] || k->conflicts) {
        l.counts[3] = (struct ui_rect){ 2 * u, y, left, 9 * u };
        y += 9 * u;
    }
    y += u;
    if (k->refused.code[0]) {
        /* Who and why over the whole width, "admit anyway" under them. */
        l.refusal = (struct ui_rect){ 2 * u, y, left, 35 * u };
        l.admit =
            (struct ui_rect){ l.refusal.x + u, y + l.refusal.h - 10 * u, left - 2 * u, 9 * u };
        y += l.refusal.h + u;
    }
    l.recent = (struct ui_rect){ 2 * u, y, left, SDL_max(0, bottom - y) };
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
        snprintf(n->title_first, sizeof n->title_first, "%s", title[0] ? title : name);
    }
    if (n->take) {
        snprintf(n->next, sizeof n->next, "%s", name);
        snprintf(n->title_next, sizeof n->title_next, "%s", title[0] ? title : name);
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
             kiosk_tr(k, k->session_title));
}

static void undo_last(struct kiosk *k)
{
    struct checkin_policy policy = { .kiosk = k->kiosk_id, .session = k->session };
    struct checkin_result r;
    char *why = NULL;
    bool ok = checkin_undo_last(k->store, &policy, checkin_now_ms(), &r, &why);
    kiosk_staff_undone(k, ok, &r, why, kiosk_tr(k, "Nothing to undo at this kiosk"));
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
    int u = ui_unit(ui);
    ui_fill(ui, l->refusal, ui_white);
    ui_frame(ui, l->refusal, SDL_max(2, u / 2), ui_red);
    struct ui_rect text = { l->refusal.x + 2 * u, l->refusal.y + u, l->refusal.w - 4 * u, 5 * u };
    char line[512], when[40];
    ui_text(ui, text, r->name, 4, true, ui_ink, UI_LEFT, 1);
    text.y += text.h;
    ui_text(ui, text, r->organisation, 4, false, ui_ink, UI_LEFT, 1);
    text.y += text.h;
    const char *words = r->verdict == CHECKIN_UNPAID      ? N_("Registration not paid yet")
                        : r->verdict == CHECKIN_CANCELLED ? N_("Registration cancelled")
                                                          : N_("Not registered for this session");
    report_format_time(r->at_ms, when);
    snprintf(line, sizeof line, kiosk_tr(k, "Refused at %.5s"), when + 11);
    size_t n = strlen(line);
    snprintf(line + n, sizeof line - n, ": %s", kiosk_tr(k, words));
    if (r->verdict == CHECKIN_NOT_FOR_SESSION && r->only_for[0]) {
        n = strlen(line);
        snprintf(line + n, sizeof line - n, ". ");
        n = strlen(line);
        snprintf(line + n, sizeof line - n, kiosk_tr(k, "%s is only for: %s"),
                 kiosk_tr(k, k->session_title), r->only_for);
    }
    text.h = l->admit.y - text.y;
    ui_text(ui, text, line, 4, false, ui_red, UI_LEFT, 3);
    ui_button(ui, l->admit, kiosk_tr(k, "Admit anyway…"), ui_amber, ui_white);
}

/* The oldest special-attention notice not dismissed yet: who, and what the list says. */
static void draw_banner(struct kiosk *k, const struct staff_layout *l)
{
    struct ui *ui = k->ui;
    int u = ui_unit(ui);
    const struct kiosk_attention *a = &k->attention[0];
    ui_fill(ui, l->banner, ui_amber);
    char line[600];
    snprintf(line, sizeof line, kiosk_tr(k, "Special attention: %s"), a->name);
    if (a->comment[0]) {
        size_t n = strlen(line);
        snprintf(line + n, sizeof line - n, " — %s", a->comment);
    }
    if (k->nattention > 1) {
        size_t n = strlen(line);
        snprintf(line + n, sizeof line - n, " (+%zu)", k->nattention - 1);
    }
    ui_text(ui,
            (struct ui_rect){ l->banner.x + 2 * u, l->banner.y, l->dismiss.x - l->banner.x - 3 * u,
                              l->banner.h },
            line, 4, true, ui_white, UI_LEFT, 2);
    ui_button(ui, l->dismiss, kiosk_tr(k, "Dismiss"), ui_white, ui_amber);
}

/* The current session's count: "a of b". */
static const struct report_count *session_count(const struct kiosk *k)
{
    for (size_t i = 0; i < k->stats.nsessions; i++)
        if (strcmp(k->stats.by_session[i].label, k->session) == 0)
            return &k->stats.by_session[i];
    return NULL;
}

/* The latest check-ins, and the latest badge beside them. */
static void draw_recent(struct kiosk *k, const struct staff_layout *l, int rh)
{
    struct ui *ui = k->ui;
    int u = ui_unit(ui);
    ui_fill(ui, l->recent, ui_white);
    struct ui_rect list = { l->recent.x + u, l->recent.y, l->recent.w - 2 * u, l->recent.h };
    if (k->badge_texture) {
        /* The latest badge, as it would print, at the right of the list: the list beside it. */
        int bh = SDL_min(k->badge_h, l->recent.h - 2 * u), bw = bh * k->badge_w / k->badge_h;
        struct ui_rect b = { l->recent.x + l->recent.w - bw - u, l->recent.y + u, bw, bh };
        SDL_RenderCopy(k->renderer, k->badge_texture, NULL, &(SDL_Rect){ b.x, b.y, b.w, b.h });
        ui_frame(ui, b, 1, ui_muted);
        list.w = b.x - list.x - u;
    }
    ui_text(ui, (struct ui_rect){ list.x, list.y, list.w, rh }, kiosk_tr(k, "Latest check-ins"), 4,
            true, ui_muted, UI_LEFT, 1);
    for (size_t i = 0; i < k->nrecent && (int)(i + 2) * rh <= list.h; i++)
        ui_text(ui, (struct ui_rect){ list.x, list.y + (int)(i + 1) * rh, list.w, rh },
                k->recent[i], 4, false, ui_ink, UI_LEFT, 1);
}

static void staff_draw(struct kiosk *k)
{
    struct ui *ui = k->ui;
    struct staff_layout l = staff_layout(k);
    int u = ui_unit(ui);
    ui_clear(ui, ui_paper);
    char line[512];
    snprintf(line, sizeof line, kiosk_tr(k, "Staff mode · %s · %s"), k->kiosk_id,
             kiosk_tr(k, k->session_title));
    ui_text(ui, l.title, line, 5, true, ui_ink, UI_LEFT, 1);
    if (k->nattention)
        draw_banner(k, &l);

    const struct report_count *c = session_count(k);
    long long in = c ? c->checked_in : k->stats.checked_in;
    snprintf(
        line, sizeof line,
        kiosk_ntr(k, "Checked in: %lld of %lld", "Checked in: %lld of %lld", (unsigned long)in), in,
        (long long)(c ? c->registered : k->stats.registered));
    ui_text(ui, l.counts[0], line, 6, true, ui_ink, UI_LEFT, 1);
    snprintf(line, sizeof line, kiosk_tr(k, "Everyone, any session: %lld of %lld"),
             (long long)k->stats.checked_in, (long long)k->stats.registered);
    ui_text(ui, l.counts[1], line, 4, false, ui_ink, UI_LEFT, 1);
    snprintf(line, sizeof line, kiosk_tr(k, "Badges: %lld printed · %lld handed out"),
             (long long)k->stats.printed_people, (long long)k->stats.handed_out);
    ui_text(ui, l.counts[2], line, 4, false, ui_ink, UI_LEFT, 1);
    if (l.counts[3].h) { /* the server; people admitted at two doors, whose list it opens */
        snprintf(line, sizeof line, "%s", k->sync_status);
        if (k->conflicts) {
            size_t n = strlen(line);
            snprintf(line + n, sizeof line - n, "%s", n ? " · " : "");
            n = strlen(line);
            snprintf(line + n, sizeof line - n, kiosk_tr(k, "%lld admitted at two doors"),
                     (long long)k->conflicts);
            n = strlen(line);
            snprintf(line + n, sizeof line - n, " ›");
        }
        ui_text(ui, l.counts[3], line, 4, false, k->conflicts ? ui_red : ui_ink, UI_LEFT, 2);
    }

    if (k->refused.code[0])
        draw_refusal(k, &l);

    int rh = SDL_max(5 * u, 24 * SDL_min(ui_width(ui), ui_height(ui)) / 480);
    if (l.recent.h >= 2 * rh) /* else a banner, a refusal and the server's line took the room */
        draw_recent(k, &l, rh);

    const char *labels[STAFF_BUTTONS] = {
        [STAFF_FIND] = kiosk_tr(k, "Find anyone"),
        [STAFF_WALKIN] = kiosk_tr(k, "Walk-in"),
        [STAFF_ABSENT] = kiosk_tr(k, "Not arrived"),
        [STAFF_UNDO] = kiosk_tr(k, "Undo the latest check-in"),
        [STAFF_REPRINT] = kiosk_tr(k, "Print the latest badge again"),
        [STAFF_RETRY] = kiosk_tr(k, "Retry the failed print"),
        [STAFF_RELOAD] = k->stick[0] ? kiosk_tr(k, "Sync the USB stick")
                                     : kiosk_tr(k, "Reload the attendee list"),
        [STAFF_SESSION] = kiosk_tr(k, "Next session"),
        [STAFF_LANGUAGE] = kiosk_tr(k, "Language"),
        [STAFF_CHECKS] = kiosk_tr(k, "Checks"),
        [STAFF_LEAVE] = kiosk_tr(k, "Leave the app"),
        [STAFF_BACK] = kiosk_tr(k, "Back to check-in"),
    };
    for (int i = 0; i < STAFF_BUTTONS; i++)
        ui_button(ui, l.buttons[i], labels[i],
                  i == STAFF_LEAVE    ? ui_red
                  : i == STAFF_BACK   ? ui_green
                  : i <= STAFF_ABSENT ? ui_ink
                                      : ui_accent,
                  ui_white);
    if (k->staff_message[0])
        ui_text(ui, l.message, k->staff_message, 4, false, ui_accent, UI_LEFT, 2);
    else if (k->drop_status[0])
        ui_text(ui, l.message, k->drop_status, 4, false, ui_accent, UI_LEFT, 2);
    else if (k->printer_problem[0])
        ui_text(ui, l.message, k->printer_problem, 4, false, ui_red, UI_LEFT, 2);
    else {
        char camera[64], printer[96];
        kiosk_camera_status(k, camera, sizeof camera);
        kiosk_printer_status(k, printer, sizeof printer);
        snprintf(line, sizeof line, "%s%s%s", camera, camera[0] && printer[0] ? " · " : "",
                 printer);
        ui_text(ui, l.message, line, 4, false, ui_muted, UI_LEFT, 1);
    }
}

static bool handle_recent(void *ctx, const struct store_event *ev, const char *name,
                          const char *session)
{
    struct kiosk *k = ctx;
    char when[40];
    report_format_time(ev->at_ms, when);
    (void)session; /* the title says which session this kiosk admits to */
    snprintf(k->recent[k->nrecent++], sizeof k->recent[0], "%.5s  %s", when + 11, name);
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
        kiosk_badge_texture(k, &a, ui_height(k->ui) * 30 / 100);
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
    /*
     * k->conflicts (two offline doors on a server, or two kiosks' journals
     * merged from sticks) is counted where they come from, off the loop: the
     * sync's and the stick's threads, and at start.
     */
}

static void staff_tap(struct kiosk *k, int x, int y)
{
    struct staff_layout l = staff_layout(k);
    k->last_input = SDL_GetTicks();
    if (k->refused.code[0] && ui_hit(l.admit, x, y)) {
        kiosk_ask_reason(k, k->refused.code, k->refused.name, &screen_staff);
        return;
    }
    if (k->nattention && ui_hit(l.dismiss, x, y)) {
        SDL_Log("staff: special attention dismissed");
        memmove(&k->attention[0], &k->attention[1], (KIOSK_ATTENTION - 1) * sizeof k->attention[0]);
        k->nattention--;
        k->dirty = true;
        return;
    }
    /* The line that says who was admitted at two doors opens their list (with none: the counts). */
    if (ui_hit(l.counts[l.counts[3].h ? 3 : 2], x, y)) {
        kiosk_show(k, &screen_conflicts);
        return;
    }
    int b = 0;
    while (b < STAFF_BUTTONS && !ui_hit(l.buttons[b], x, y))
        b++;
    switch (b) {
    case STAFF_FIND:
        k->staff_message[0] = '\0';
        kiosk_show(k, &screen_find);
        return;
    case STAFF_WALKIN:
        kiosk_show(k, &screen_walkin);
        return;
    case STAFF_ABSENT:
        kiosk_show(k, &screen_absent);
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
    case STAFF_CHECKS:
        kiosk_show(k, &screen_checks);
        return;
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
    .staff = true,
};
