/*
 * The privacy notice: a sentence or two on the start screen ([privacy]
 * notice, or notice_LANG in the language shown) and, behind "More", the
 * full text from [privacy] notice_file (notice_file_LANG) a page at a
 * time, with a close button; left alone it goes back to the start screen
 * like the search does. Also the screen that stands for the start screen
 * once the event's data is past its time ([privacy] retain_days): it tells
 * staff to export and wipe the data, or to keep it longer, and checks no
 * one in.
 */
#include "entrada/file.h"
#include "entrada/xmalloc.h"
#include "privacy.h"
#include "screen.h"
#include "state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A notice file is a page or a few of text. */
enum { NOTICE_MAX_BYTES = 256 * 1024 };

static const char *notice(const struct kiosk *k)
{
    return config_localized(k->cfg, CONFIG_PRIVACY_NOTICE, i18n_lang(k->tr));
}

static const char *notice_file(const struct kiosk *k)
{
    return config_localized(k->cfg, CONFIG_PRIVACY_NOTICE_FILE, i18n_lang(k->tr));
}

bool privacy_has_notice(const struct kiosk *k)
{
    return notice(k)[0] || notice_file(k)[0];
}

/* The "More" button at the right of the notice's box. */
static struct ui_rect more_button(struct kiosk *k, struct ui_rect r)
{
    int w = 16 * ui_unit(k->ui);
    return (struct ui_rect){ r.x + r.w - w, r.y, w, r.h };
}

void privacy_draw_notice(struct kiosk *k, struct ui_rect r)
{
    if (!privacy_has_notice(k))
        return;
    int u = ui_unit(k->ui);
    struct ui_rect text = r;
    if (notice_file(k)[0]) {
        struct ui_rect more = more_button(k, r);
        ui_button(k->ui, more, kiosk_tr(k, "More"), ui_panel, ui_accent);
        text.w -= more.w + 2 * u;
    }
    ui_text(k->ui, text, notice(k)[0] ? notice(k) : kiosk_tr(k, "How we use your data"), 2, false,
            ui_muted, UI_LEFT, 2);
}

bool privacy_tap_notice(struct kiosk *k, struct ui_rect r, int x, int y)
{
    if (!privacy_has_notice(k) || !notice_file(k)[0] || !ui_hit(more_button(k, r), x, y))
        return false;
    kiosk_show(k, &screen_privacy);
    return true;
}

/* The full text, read anew each time it is shown (it may have been edited). */
static void privacy_enter(struct kiosk *k)
{
    free(k->privacy_text);
    k->privacy_text = NULL;
    k->privacy_line = 0;
    char *why = NULL;
    size_t len;
    if (!file_read(notice_file(k), NOTICE_MAX_BYTES, "[privacy] notice_file", &k->privacy_text,
                   &len, &why)) {
        SDL_Log("privacy: %s", why);
        free(why);
        k->privacy_text = xstrdup(notice(k));
        return;
    }
    /* Line ends of any system; other control characters are no text. */
    char *out = k->privacy_text;
    for (const char *p = k->privacy_text; *p; p++) {
        if (*p == '\r' && p[1] == '\n')
            continue;
        *out++ = *p == '\r' || *p == '\t'                 ? (*p == '\t' ? ' ' : '\n')
                 : (unsigned char)*p < 0x20 && *p != '\n' ? ' '
                                                          : *p;
    }
    *out = '\0';
}

struct privacy_layout {
    struct ui_rect bar, title, text, previous, page, next, close;
};

static struct privacy_layout privacy_layout(struct ui *ui)
{
    int w = ui_width(ui), h = ui_height(ui), u = ui_unit(ui);
    struct privacy_layout l;
    l.bar = (struct ui_rect){ 0, 0, w, 10 * u };
    l.title = (struct ui_rect){ 3 * u, 0, w - 6 * u, 10 * u };
    int bh = 11 * u, by = h - bh - 2 * u, bw = SDL_min(26 * u, w / 5);
    l.text = (struct ui_rect){ 4 * u, l.bar.h + 3 * u, w - 8 * u, by - l.bar.h - 5 * u };
    l.previous = (struct ui_rect){ 3 * u, by, bw, bh };
    l.next = (struct ui_rect){ l.previous.x + bw + 2 * u, by, bw, bh };
    l.page = (struct ui_rect){ l.next.x + bw + 2 * u, by, w - 4 * bw - 12 * u, bh };
    l.close = (struct ui_rect){ w - bw - 3 * u, by, bw, bh };
    return l;
}

static void privacy_draw(struct kiosk *k)
{
    struct ui *ui = k->ui;
    struct privacy_layout l = privacy_layout(ui);
    ui_clear(ui, ui_paper);
    ui_fill(ui, l.bar, ui_accent);
    ui_text(ui, l.title, kiosk_tr(k, "Privacy notice"), 4, true, ui_white, UI_LEFT, 1);
    k->privacy_per_page =
        ui_page(ui, l.text, k->privacy_text, 3, ui_ink, k->privacy_line, &k->privacy_lines);
    int pages = SDL_max(1, (k->privacy_lines + k->privacy_per_page - 1) / k->privacy_per_page);
    int page = k->privacy_line / k->privacy_per_page + 1;
    if (page > 1)
        ui_button(ui, l.previous, kiosk_tr(k, "Previous"), ui_panel, ui_accent);
    if (page < pages)
        ui_button(ui, l.next, kiosk_tr(k, "Next"), ui_panel, ui_accent);
    char words[64];
    snprintf(words, sizeof words, kiosk_tr(k, "Page %d of %d"), page, pages);
    ui_text(ui, l.page, words, 3, false, ui_muted, UI_CENTRE, 1);
    ui_button(ui, l.close, kiosk_tr(k, "Close"), ui_accent, ui_white);
}

static void privacy_tap(struct kiosk *k, int x, int y)
{
    struct privacy_layout l = privacy_layout(k->ui);
    int per_page = SDL_max(1, k->privacy_per_page);
    if (ui_hit(l.close, x, y)) {
        kiosk_show(k, &screen_idle);
        return;
    }
    if (ui_hit(l.next, x, y) && k->privacy_line + per_page < k->privacy_lines)
        k->privacy_line += per_page;
    else if (ui_hit(l.previous, x, y) && k->privacy_line > 0)
        k->privacy_line = SDL_max(0, k->privacy_line - per_page);
    k->dirty = true;
}

static void privacy_key(struct kiosk *k, SDL_Keycode key)
{
    if (key == SDLK_ESCAPE)
        kiosk_show(k, &screen_idle);
}

/* Left alone for [kiosk] search_timeout_ms: back to the start. */
static Uint32 privacy_timeout(struct kiosk *k, Uint32 now)
{
    Uint32 limit = (Uint32)config_int(k->cfg, CONFIG_SEARCH_TIMEOUT_MS);
    if (kiosk_since(now, k->last_input) >= limit)
        kiosk_show(k, &screen_idle);
    return 1000;
}

const struct screen screen_privacy = {
    .enter = privacy_enter,
    .draw = privacy_draw,
    .tap = privacy_tap,
    .key = privacy_key,
    .timeout = privacy_timeout,
};

/* Past its time: what staff are to do, on a dark screen that no attendee takes for the start. */
static void retain_draw(struct kiosk *k)
{
    struct ui *ui = k->ui;
    int w = ui_width(ui), h = ui_height(ui), u = ui_unit(ui);
    ui_clear(ui, ui_ink);
    ui_fill(ui, (struct ui_rect){ 0, 0, w, 2 * u }, ui_amber);
    ui_text(ui, (struct ui_rect){ 5 * u, 8 * u, w - 10 * u, 14 * u },
            kiosk_tr(k, "Check-in is closed"), 8, true, ui_white, UI_LEFT, 1);
    char due[16], from[16], words[600];
    retain_day(k->retain.due_ms, due);
    if (k->retain.last_checkin_ms) {
        retain_day(k->retain.last_checkin_ms, from);
        snprintf(words, sizeof words,
                 kiosk_tr(k, "This event's data was due for deletion on %s, %d days after the "
                             "last check-in (%s), as [privacy] retain_days says."),
                 due, k->retain.days, from);
    } else {
        retain_day(k->retain.event_end_ms - 1, from);
        snprintf(words, sizeof words,
                 kiosk_tr(k, "This event's data was due for deletion on %s, %d days after the "
                             "event's end (%s), as [privacy] retain_days says."),
                 due, k->retain.days, from);
    }
    ui_text(ui, (struct ui_rect){ 5 * u, 24 * u, w - 10 * u, 16 * u }, words, 4, false, ui_white,
            UI_LEFT, 3);
    ui_text(ui, (struct ui_rect){ 5 * u, 42 * u, w - 10 * u, 26 * u },
            kiosk_tr(k, "Staff: export the data (a USB stick in staff mode, or: entrada export "
                        "DIR), then delete it: entrada wipe. To keep it longer: entrada retain "
                        "--extend DAYS, and start the kiosk again."),
            4, false, ui_white, UI_LEFT, 4);
    ui_text(ui, (struct ui_rect){ 5 * u, h - 7 * u, w - 10 * u, 5 * u }, k->kiosk_id, 3, false,
            ui_panel, UI_LEFT, 1);
}

static void retain_tap(struct kiosk *k, int x, int y)
{
    (void)k;
    (void)x;
    (void)y;
}

static Uint32 retain_timeout(struct kiosk *k, Uint32 now)
{
    (void)k;
    (void)now;
    return 60000;
}

const struct screen screen_retain = {
    .draw = retain_draw,
    .tap = retain_tap,
    .timeout = retain_timeout,
    .corner = true, /* staff mode: a USB stick's export, leaving the app */
};
