/*
 * A walk-in, added at the desk in one step: name, organisation, e-mail
 * (optional) and a category from those in use, typed on the staff
 * keyboard; "Add" gives them a code on the list walk-in, checks them in,
 * prints their badge and opens their page.
 */
#include "entrada/desk.h"
#include "keyboard.h"
#include "screen.h"
#include "state.h"
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FIELDS = 3 };

struct walkin_layout {
    struct ui_rect title, cancel, labels[FIELDS + 1], fields[FIELDS], category, add, keys;
};

static struct walkin_layout walkin_layout(struct ui *ui)
{
    int w = ui_width(ui), h = ui_height(ui), u = ui_unit(ui);
    struct walkin_layout l;
    l.title = (struct ui_rect){ 2 * u, u, w * 70 / 100, 9 * u };
    l.cancel = (struct ui_rect){ w * 74 / 100, u, w * 26 / 100 - 2 * u, 9 * u };
    int lw = w * 24 / 100, y = 11 * u;
    for (int i = 0; i <= FIELDS; i++, y += 10 * u)
        l.labels[i] = (struct ui_rect){ 2 * u, y, lw - u, 9 * u };
    for (int i = 0; i < FIELDS; i++)
        l.fields[i] = (struct ui_rect){ 2 * u + lw, l.labels[i].y, w - lw - 4 * u, 9 * u };
    int fw = w - lw - 4 * u;
    l.category = (struct ui_rect){ 2 * u + lw, l.labels[FIELDS].y, fw * 45 / 100, 9 * u };
    l.add = (struct ui_rect){ l.category.x + l.category.w + u, l.category.y, fw - l.category.w - u,
                              9 * u };
    l.keys = (struct ui_rect){ 2 * u, y + u, w - 4 * u, h - y - 2 * u };
    return l;
}

static bool handle_category(void *ctx, const char *category)
{
    struct kiosk *k = ctx;
    snprintf(k->categories[k->ncategories++], sizeof k->categories[0], "%s", category);
    return k->ncategories < sizeof k->categories / sizeof k->categories[0];
}

static void walkin_enter(struct kiosk *k)
{
    memset(k->walkin, 0, sizeof k->walkin);
    k->walkin_field = 0;
    k->ncategories = k->category = 0;
    k->staff_message[0] = '\0';
    char *why = NULL;
    if (!store_each_category(k->store, handle_category, k, &why)) {
        snprintf(k->staff_message, sizeof k->staff_message, "%s", why);
        free(why);
    }
}

static void walkin_draw(struct kiosk *k)
{
    struct ui *ui = k->ui;
    struct walkin_layout l = walkin_layout(ui);
    int u = ui_unit(ui);
    ui_clear(ui, ui_paper);
    if (k->staff_message[0])
        ui_text(ui, l.title, k->staff_message, 4, true, ui_red, UI_LEFT, 2);
    else
        ui_text(ui, l.title, kiosk_tr(k, "New walk-in"), 5, true, ui_ink, UI_LEFT, 1);
    ui_button(ui, l.cancel, kiosk_tr(k, "Cancel"), ui_muted, ui_white);
    static const char *const labels[FIELDS + 1] = { N_("Name"), N_("Organisation"),
                                                    N_("E-mail (optional)"), N_("Category") };
    for (int i = 0; i <= FIELDS; i++)
        ui_text(ui, l.labels[i], kiosk_tr(k, labels[i]), 4, true, ui_ink, UI_LEFT, 2);
    for (int i = 0; i < FIELDS; i++) {
        ui_fill(ui, l.fields[i], ui_white);
        ui_frame(ui, l.fields[i], i == k->walkin_field ? SDL_max(3, u / 2) : 1,
                 i == k->walkin_field ? ui_accent : ui_muted);
        char shown[DESK_FIELD_MAX + 4];
        snprintf(shown, sizeof shown, "%s%s", k->walkin[i], i == k->walkin_field ? "_" : "");
        ui_text(ui,
                (struct ui_rect){ l.fields[i].x + 2 * u, l.fields[i].y, l.fields[i].w - 4 * u,
                                  l.fields[i].h },
                shown, 4, false, ui_ink, UI_LEFT, 1);
    }
    char category[96];
    snprintf(category, sizeof category, "◂ %s ▸",
             k->category ? k->categories[k->category - 1] : kiosk_tr(k, "none"));
    ui_button(ui, l.category, category, ui_accent, ui_white);
    ui_button(ui, l.add, kiosk_tr(k, "Add and check in"), ui_green, ui_white);
    keyboard_draw(ui, l.keys, kiosk_tr(k, "Next field"), kiosk_tr(k, "Space"));
}

/* Add the walk-in, check them in, print their badge, show their page. */
static void walkin_add(struct kiosk *k)
{
    struct desk_walkin w = { k->walkin[0], k->walkin[1], k->walkin[2],
                             k->category ? k->categories[k->category - 1] : "", NULL };
    struct attendee a;
    char *why = NULL;
    if (!desk_walkin_check(&w, &why) || !desk_add_walkin(k->store, &w, &a, &why)) {
        (void)N_("a walk-in needs a name"); /* desk_walkin_check's message a tap can cause */
        snprintf(k->staff_message, sizeof k->staff_message, "%s", kiosk_tr(k, why));
        SDL_Log("staff: walk-in not added: %s", why);
        free(why);
        k->dirty = true;
        return;
    }
    SDL_Log("staff: walk-in %s added", a.code);
    kiosk_reload_index(k, NULL); /* find anyone finds them from now on */
    kiosk_show_person(k, a.id, &screen_staff);
    kiosk_staff_checkin(k, a.code, NULL); /* says so in the message line */
    /* The badge in the same step, unless the check-in printed it already. */
    if (strcmp(config_str(k->cfg, CONFIG_PRINTER_WHEN), "first") != 0 || !k->verdict.recorded)
        kiosk_print(k, &a);
    char line[sizeof k->staff_message + 64];
    snprintf(line, sizeof line, "%s · %s", a.code, k->staff_message);
    snprintf(k->staff_message, sizeof k->staff_message, "%.*s", (int)sizeof k->staff_message - 1,
             line);
    attendee_clear(&a);
}

/* Typed on the staff keyboard: names get capitals at the start of words, e-mail none. */
static void walkin_type(struct kiosk *k, const char *text, bool keyboard)
{
    char *f = k->walkin[k->walkin_field];
    size_t len = strlen(f);
    char add[8];
    snprintf(add, sizeof add, "%s", text);
    if (keyboard) {
        char prev = len ? f[len - 1] : ' ';
        bool capital = k->walkin_field != 2 && (prev == ' ' || prev == '-' || prev == '\'');
        if (!capital && add[0] >= 'A' && add[0] <= 'Z')
            add[0] = (char)(add[0] - 'A' + 'a');
        else if (!capital && strcmp(add, "Ñ") == 0)
            snprintf(add, sizeof add, "ñ");
    }
    if (len + strlen(add) < sizeof k->walkin[0])
        memcpy(f + len, add, strlen(add) + 1);
    k->staff_message[0] = '\0';
    k->dirty = true;
}

static void walkin_text(struct kiosk *k, const char *text)
{
    walkin_type(k, text, false);
}

static void walkin_tap(struct kiosk *k, int x, int y)
{
    struct walkin_layout l = walkin_layout(k->ui);
    k->last_input = SDL_GetTicks();
    k->dirty = true;
    for (int i = 0; i < FIELDS; i++)
        if (ui_hit(l.fields[i], x, y) || ui_hit(l.labels[i], x, y)) {
            k->walkin_field = i;
            return;
        }
    char text[8];
    if (ui_hit(l.cancel, x, y)) {
        k->staff_message[0] = '\0';
        kiosk_show(k, &screen_staff);
    } else if (ui_hit(l.category, x, y)) {
        k->category = (k->category + 1) % (k->ncategories + 1);
    } else if (ui_hit(l.add, x, y)) {
        walkin_add(k);
    } else {
        switch (keyboard_hit(k->ui, l.keys, x, y, text)) {
        case KEYBOARD_TEXT:
            walkin_type(k, text, true);
            break;
        case KEYBOARD_BACKSPACE:
            keyboard_backspace(k->walkin[k->walkin_field]);
            break;
        case KEYBOARD_CLOSE:
            k->walkin_field = (k->walkin_field + 1) % FIELDS;
            break;
        case KEYBOARD_NONE:
        case KEYBOARD_LAYER: /* the staff keyboard has one layer */
            break;
        }
    }
}

static void walkin_key(struct kiosk *k, SDL_Keycode key)
{
    if (key == SDLK_BACKSPACE)
        keyboard_backspace(k->walkin[k->walkin_field]);
    else if (key == SDLK_RETURN)
        k->walkin_field = (k->walkin_field + 1) % FIELDS;
    else if (key == SDLK_ESCAPE)
        kiosk_show(k, &screen_staff);
    k->dirty = true;
}

const struct screen screen_walkin = {
    .enter = walkin_enter,
    .draw = walkin_draw,
    .tap = walkin_tap,
    .key = walkin_key,
    .text = walkin_text,
    .timeout = kiosk_desk_timeout,
    .staff = true,
};
