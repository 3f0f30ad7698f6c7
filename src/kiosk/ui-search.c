/*
 * Find my name: an on-screen keyboard, at most five results after two
 * letters, name and organisation only (no browsing the list, no e-mail on
 * the attendee's screen), then "is this you?" before checking in. From
 * staff mode the same screen is a manual check-in and shows e-mail too.
 */
#include "keyboard.h"
#include "screen.h"
#include "state.h"
#include "ui.h"

#include <stdio.h>
#include <string.h>

struct search_layout {
    struct ui_rect prompt, field, results[KIOSK_HITS], keys;
};

/*
 * The prompt and the field at the top, the keyboard in the lower 40% and
 * the results between them. [kiosk] layout = low puts everything one
 * touches in the lower half, for someone seated: the field at the middle,
 * below it the keyboard and beside it the results (below it, upright).
 */
static struct search_layout layout(struct kiosk *k)
{
    struct ui *ui = k->ui;
    int w = ui_width(ui), h = ui_height(ui), u = ui_unit(ui);
    struct search_layout l;
    struct ui_rect list;
    if (kiosk_low(k)) {
        l.prompt = (struct ui_rect){ 3 * u, h / 2 - 8 * u, w - 6 * u, 7 * u };
        l.field = (struct ui_rect){ 3 * u, h / 2, w - 6 * u, 9 * u };
        int below = l.field.y + l.field.h + u;
        if (w > h) {
            l.keys = (struct ui_rect){ 2 * u, below, w * 58 / 100, h - below - 2 * u };
            int x = l.keys.x + l.keys.w + u;
            list = (struct ui_rect){ x, below, w - x - 2 * u, l.keys.h };
        } else {
            l.keys = (struct ui_rect){ 2 * u, h * 75 / 100, w - 4 * u, h * 25 / 100 - 2 * u };
            list = (struct ui_rect){ 3 * u, below, w - 6 * u, l.keys.y - below - u };
        }
    } else {
        l.prompt = (struct ui_rect){ 3 * u, u, w - 6 * u, 7 * u };
        l.field = (struct ui_rect){ 3 * u, 9 * u, w - 6 * u, 10 * u };
        l.keys = (struct ui_rect){ 2 * u, h * 60 / 100, w - 4 * u, h * 40 / 100 - 2 * u };
        int top = l.field.y + l.field.h + u;
        list = (struct ui_rect){ 3 * u, top, w - 6 * u, l.keys.y - top - u };
    }
    int rh = list.h / KIOSK_HITS;
    for (int i = 0; i < KIOSK_HITS; i++)
        l.results[i] = (struct ui_rect){ list.x, list.y + i * rh, list.w, rh - u / 2 };
    return l;
}

static void update_results(struct kiosk *k)
{
    for (size_t i = 0; i < KIOSK_HITS; i++)
        attendee_clear(&k->hit[i]);
    k->nhits = 0;
    k->dirty = true;
    if (k->search == NULL) /* still being built: the loop asks again when it is there */
        return;
    k->nhits = search_find(k->search, k->query, false, k->hits, KIOSK_HITS);
    /* The code under a badge's QR code, typed: its attendee first. */
    struct attendee a = { 0 };
    char *err = NULL;
    if (k->query[0] && store_find_attendee(k->store, k->query, &a, &err) == 1) {
        size_t at = 0;
        while (at < k->nhits && k->hits[at].id != a.id)
            at++;
        if (at == k->nhits && k->nhits == KIOSK_HITS)
            at--;
        memmove(&k->hits[1], &k->hits[0], at * sizeof k->hits[0]);
        k->hits[0] = (struct search_hit){ a.id, 0 };
        if (at == k->nhits)
            k->nhits++;
    }
    attendee_clear(&a);
    free(err);
    for (size_t i = 0; i < k->nhits; i++) {
        char *why = NULL;
        if (store_get_attendee(k->store, k->hits[i].id, &k->hit[i], &why) != 1) {
            SDL_Log("search: %s", why ? why : "attendee vanished");
            free(why);
            k->nhits = i;
            break;
        }
    }
    k->dirty = true;
}

static void search_text(struct kiosk *k, const char *text)
{
    size_t len = strlen(k->query);
    if (len + strlen(text) < sizeof k->query)
        memcpy(k->query + len, text, strlen(text) + 1);
    k->last_input = SDL_GetTicks();
    update_results(k);
}

static void search_backspace(struct kiosk *k)
{
    size_t len = strlen(k->query);
    while (len > 0 && ((unsigned char)k->query[len - 1] & 0xC0) == 0x80)
        len--; /* a whole UTF-8 character */
    if (len > 0)
        len--;
    k->query[len] = '\0';
    update_results(k);
}

static void search_draw(struct kiosk *k)
{
    struct ui *ui = k->ui;
    struct search_layout l = layout(k);
    int u = ui_unit(ui);
    ui_clear(ui, ui_paper);
    ui_text(ui, l.prompt, kiosk_tr(k, "Type your name"), 4, true, ui_ink, UI_LEFT, 1);
    ui_fill(ui, l.field, ui_white);
    ui_frame(ui, l.field, SDL_max(2, u / 3), ui_accent);
    char shown[sizeof k->query + 4];
    snprintf(shown, sizeof shown, "%s_", k->query);
    ui_text(ui, (struct ui_rect){ l.field.x + 2 * u, l.field.y, l.field.w - 4 * u, l.field.h },
            shown, 6, true, ui_ink, UI_LEFT, 1);

    size_t typed = 0;
    for (const char *p = k->query; *p; p++)
        typed += *p != ' ';
    if (k->search == NULL && typed >= 2) {
        ui_text(ui, l.results[0], kiosk_tr(k, "Loading the list of attendees…"), 3, false, ui_muted,
                UI_LEFT, 1);
    } else if (typed < 2) {
        ui_text(ui, l.results[0], kiosk_tr(k, "Type at least two letters of your name"), 3, false,
                ui_muted, UI_LEFT, 1);
    } else if (k->nhits == 0) {
        ui_text(ui, l.results[0], kiosk_tr(k, "No match: check the spelling, or ask staff"), 3,
                false, ui_muted, UI_LEFT, 1);
    }
    for (size_t i = 0; i < k->nhits; i++) {
        struct ui_rect r = l.results[i];
        ui_fill(ui, r, ui_white);
        if (r.w >= 60 * u) { /* name and organisation side by side */
            struct ui_rect left = { r.x + 2 * u, r.y, r.w * 55 / 100, r.h };
            struct ui_rect right = { r.x + r.w * 57 / 100, r.y, r.w * 41 / 100, r.h };
            ui_text(ui, left, k->hit[i].name, 4, true, ui_ink, UI_LEFT, 1);
            ui_text(ui, right, k->hit[i].organisation, 3, false, ui_muted, UI_LEFT, 2);
        } else { /* a narrow column: one above the other */
            struct ui_rect top = { r.x + u, r.y, r.w - 2 * u, r.h * 58 / 100 };
            struct ui_rect below = { r.x + u, r.y + top.h, r.w - 2 * u, r.h - top.h };
            ui_text(ui, top, k->hit[i].name, 4, true, ui_ink, UI_LEFT, 1);
            ui_text(ui, below, k->hit[i].organisation, 3, false, ui_muted, UI_LEFT, 1);
        }
    }
    keyboard_layers_draw(ui, l.keys, k->search_layer, k->accents, kiosk_tr(k, "Cancel"),
                         kiosk_tr(k, "Space"));
}

static void search_tap(struct kiosk *k, int x, int y)
{
    struct search_layout l = layout(k);
    k->last_input = SDL_GetTicks();
    for (size_t i = 0; i < k->nhits; i++)
        if (ui_hit(l.results[i], x, y)) {
            k->chosen = i;
            kiosk_show(k, &screen_confirm);
            return;
        }
    char text[8];
    switch (keyboard_layers_hit(k->ui, l.keys, &k->search_layer, k->accents, x, y, text)) {
    case KEYBOARD_TEXT:
        search_text(k, text);
        break;
    case KEYBOARD_BACKSPACE:
        search_backspace(k);
        break;
    case KEYBOARD_CLOSE:
        kiosk_show(k, &screen_idle);
        break;
    case KEYBOARD_LAYER:
        k->dirty = true;
        break;
    case KEYBOARD_NONE:
        break;
    }
}

static void search_enter(struct kiosk *k)
{
    k->query[0] = '\0';
    k->nhits = 0;
    k->search_layer = KEYBOARD_LETTERS;
}

/* Enter takes the first result; Escape goes back to the start. */
static void search_key(struct kiosk *k, SDL_Keycode key)
{
    if (key == SDLK_RETURN && k->nhits > 0) {
        k->chosen = 0;
        kiosk_show(k, &screen_confirm);
    } else if (key == SDLK_BACKSPACE) {
        search_backspace(k);
    } else if (key == SDLK_ESCAPE) {
        kiosk_show(k, &screen_idle);
    }
}

/* Left alone for [kiosk] search_timeout_ms: back to where the search began. */
static Uint32 search_timeout(struct kiosk *k, Uint32 now)
{
    Uint32 limit = (Uint32)config_int(k->cfg, CONFIG_SEARCH_TIMEOUT_MS);
    if (kiosk_since(now, k->last_input) >= limit) {
        kiosk_language_reset(k); /* whoever began the search has gone */
        kiosk_show(k, &screen_idle);
    }
    return 1000;
}

const struct screen screen_search = {
    .enter = search_enter,
    .draw = search_draw,
    .tap = search_tap,
    .key = search_key,
    .text = search_text,
    .timeout = search_timeout,
    .corner = true,
};

struct confirm_layout {
    struct ui_rect question, name, org, yes, no;
};

static struct confirm_layout confirm_layout(struct ui *ui)
{
    int w = ui_width(ui), h = ui_height(ui), u = ui_unit(ui);
    int bw = SDL_min(w * 45 / 100, 70 * u), bh = 14 * u, gap = 4 * u;
    struct confirm_layout l;
    l.question = (struct ui_rect){ 4 * u, 8 * u, w - 8 * u, 9 * u };
    l.name = (struct ui_rect){ 4 * u, 20 * u, w - 8 * u, 16 * u };
    l.org = (struct ui_rect){ 4 * u, 37 * u, w - 8 * u, 8 * u };
    l.yes = (struct ui_rect){ w / 2 - bw - gap / 2, h - bh - 8 * u, bw, bh };
    l.no = (struct ui_rect){ w / 2 + gap / 2, h - bh - 8 * u, bw, bh };
    return l;
}

static void confirm_draw(struct kiosk *k)
{
    struct ui *ui = k->ui;
    struct confirm_layout l = confirm_layout(ui);
    const struct attendee *a = &k->hit[k->chosen];
    ui_clear(ui, ui_paper);
    ui_text(ui, l.question, kiosk_tr(k, "Is this you?"), 5, true, ui_muted, UI_CENTRE, 1);
    ui_text(ui, l.name, a->name, 9, true, ui_ink, UI_CENTRE, 2);
    ui_text(ui, l.org, a->organisation, 5, false, ui_ink, UI_CENTRE, 2);
    ui_button(ui, l.yes, kiosk_tr(k, "Yes, check me in"), ui_green, ui_white);
    ui_button(ui, l.no, kiosk_tr(k, "No, go back"), ui_muted, ui_white);
}

/* Back to the results, with what was typed. */
static void back_to_search(struct kiosk *k)
{
    char query[sizeof k->query];
    memcpy(query, k->query, sizeof query);
    kiosk_show(k, &screen_search);
    memcpy(k->query, query, sizeof query);
    update_results(k);
}

static void confirm_tap(struct kiosk *k, int x, int y)
{
    struct confirm_layout l = confirm_layout(k->ui);
    k->last_input = SDL_GetTicks();
    if (ui_hit(l.yes, x, y)) {
        char code[CHECKIN_CODE_MAX + 1];
        snprintf(code, sizeof code, "%s", k->hit[k->chosen].code);
        kiosk_code(k, code, STORE_SEARCH);
    } else if (ui_hit(l.no, x, y)) {
        back_to_search(k);
    }
}

static void confirm_key(struct kiosk *k, SDL_Keycode key)
{
    if (key == SDLK_ESCAPE)
        kiosk_show(k, &screen_idle);
}

const struct screen screen_confirm = {
    .draw = confirm_draw,
    .tap = confirm_tap,
    .key = confirm_key,
    .timeout = search_timeout,
    .corner = true,
};
