/*
 * The start screen: what to do (scan, or find my name), the event, the
 * time, the language switch and a status line. A frame around the badge
 * picture breathes slowly to draw the eye to where a badge goes.
 */
#include "entrada/camera.h"
#include "entrada/i18n.h"
#include "privacy.h"
#include "screen.h"
#include "state.h"
#include "ui.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

enum {
    HINT_MS = 700,   /* the hint moves at this pace */
    PREVIEW_MS = 100 /* the camera's image is drawn at most this often */
};

struct idle_layout {
    struct ui_rect bar, event, clock, hint, title, subtitle, find, language, status, privacy,
        contrast;
};

static struct idle_layout layout(struct kiosk *k)
{
    struct ui *ui = k->ui;
    int w = ui_width(ui), h = ui_height(ui), u = ui_unit(ui);
    struct idle_layout l;
    l.bar = (struct ui_rect){ 0, 0, w, 10 * u };
    l.language = (struct ui_rect){ w - 30 * u, 3 * u / 2, 28 * u, 7 * u };
    l.clock = (struct ui_rect){ w - 50 * u, 0, 18 * u, 10 * u };
    l.event = (struct ui_rect){ 3 * u, 0, w - 56 * u, 10 * u };
    l.status = (struct ui_rect){ 2 * u, h - 5 * u, w - 4 * u, 5 * u };
    /* The privacy notice, when there is one, above the status line. */
    int notice = privacy_has_notice(k) ? 6 * u : 0;
    l.privacy = (struct ui_rect){ 3 * u, l.status.y - notice, w - 6 * u, notice - u };
    int bw = SDL_min(w * 6 / 10, 80 * u);
    l.find = (struct ui_rect){ (w - bw) / 2, l.status.y - notice - 16 * u, bw, 13 * u };
    /* Larger text and high contrast: left of the button, low like it; above it if narrow. */
    int cw = SDL_min(l.find.x - 4 * u, 36 * u);
    l.contrast = (struct ui_rect){ 2 * u, l.find.y, cw, l.find.h };
    if (cw < 30 * u)
        l.contrast = (struct ui_rect){ l.find.x, l.find.y - 11 * u, bw, 9 * u };
    int room = SDL_min(l.find.y, l.contrast.y);
    /* The hint, title and subtitle, centred in the room between bar and buttons. */
    int s = SDL_min(w * 3 / 10, h * 32 / 100), block = s + 18 * u;
    int top = l.bar.h + SDL_max(2 * u, (room - l.bar.h - block) / 2);
    l.hint = (struct ui_rect){ (w - s) / 2, top, s, s };
    l.title = (struct ui_rect){ 4 * u, l.hint.y + s + 2 * u, w - 8 * u, 10 * u };
    l.subtitle = (struct ui_rect){ 4 * u, l.title.y + l.title.h, w - 8 * u, 6 * u };
    return l;
}

/* A badge with a QR code, drawn from squares, in a frame that breathes. */
static void draw_hint(struct kiosk *k, struct ui_rect r)
{
    struct ui *ui = k->ui;
    int phase = (int)(k->hint_phase % 4), u = ui_unit(ui);
    int inset = (phase == 0 || phase == 2 ? 2 : phase == 1 ? 0 : 4) * u / 2;
    ui_frame(ui, (struct ui_rect){ r.x + inset, r.y + inset, r.w - 2 * inset, r.h - 2 * inset },
             SDL_max(2, u / 2), ui_accent);
    int q = r.w * 6 / 10, x0 = r.x + (r.w - q) / 2, y0 = r.y + (r.h - q) / 2, m = q / 7;
    ui_fill(ui, (struct ui_rect){ x0 - m / 2, y0 - m / 2, q + m, q + m }, ui_white);
    const struct ui_rect finders[] = { { 0, 0, 0, 0 },
                                       { q - 2 * m, 0, 0, 0 },
                                       { 0, q - 2 * m, 0, 0 } };
    for (int i = 0; i < 3; i++) {
        struct ui_rect f = { x0 + finders[i].x, y0 + finders[i].y, 2 * m, 2 * m };
        ui_fill(ui, f, ui_ink);
        ui_fill(ui,
                (struct ui_rect){ f.x + m / 3, f.y + m / 3, f.w - 2 * (m / 3), f.h - 2 * (m / 3) },
                ui_white);
        ui_fill(ui,
                (struct ui_rect){ f.x + 2 * m / 3, f.y + 2 * m / 3, f.w - 4 * (m / 3),
                                  f.h - 4 * (m / 3) },
                ui_ink);
    }
    /* A fixed scatter of modules in the middle. */
    static const unsigned char bits[] = { 0x2d, 0x36, 0x4b, 0x5c, 0x35, 0x4e, 0x53 };
    int cell = m * 3 / 4;
    for (int row = 0; row < 7; row++)
        for (int col = 0; col < 7; col++)
            if (bits[row] >> col & 1 && !(row < 3 && (col < 3 || col > 4)) && !(row > 4 && col < 3))
                ui_fill(ui,
                        (struct ui_rect){ x0 + m / 2 + col * cell + m, y0 + m / 2 + row * cell,
                                          cell, cell },
                        ui_ink);
}

/*
 * The language button's label: with two languages, the other one, which a
 * tap switches to; with more, the current one and a mark that a list opens.
 */
static void language_label(const struct kiosk *k, char *out, size_t size)
{
    const char *now = i18n_lang(k->tr);
    if (k->nlangs == 2)
        snprintf(out, size, "%s",
                 kiosk_language_name(k->langs[strcmp(k->langs[0], now) == 0 ? 1 : 0]));
    else
        snprintf(out, size, "%s ▾", kiosk_language_name(now));
}

/* The camera's image with the aiming frame the decoder reads inside. */
static void draw_preview(struct kiosk *k, struct ui_rect r)
{
    struct ui *ui = k->ui;
    int u = ui_unit(ui);
    /* As large as the hint's room allows, in the frame's proportions. */
    int h = r.h, w = h * k->preview_w / k->preview_h;
    int x = r.x + (r.w - w) / 2;
    SDL_RenderCopy(k->renderer, k->preview, NULL, &(SDL_Rect){ x, r.y, w, h });
    ui_frame(ui, (struct ui_rect){ x + w / 4, r.y + h / 10, w / 2, h * 8 / 10 }, SDL_max(2, u / 2),
             ui_green);
}

/* The status line at the bottom. */
static void draw_status(struct kiosk *k)
{
    struct idle_layout l = layout(k);
    if (k->drop_status[0]) { /* a stick or a reload at work says so first */
        ui_text(k->ui, l.status, k->drop_status, 3, true, ui_accent, UI_LEFT, 1);
        return;
    }
    char line[512];
    /*
     * What staff must act on takes the line: the data due for deletion
     * ([privacy] retain_days), the server's state ("offline since 10:42, 17
     * waiting"); then only the attendees and the kiosk, so that it fits.
     */
    char due[96] = "";
    if (k->retain.ended) {
        char day[16];
        retain_day(k->retain.due_ms, day);
        snprintf(due, sizeof due, kiosk_tr(k, "Data due for deletion on %s"), day);
    }
    if (due[0] || k->sync_status[0]) {
        snprintf(line, sizeof line, "%s%s%.255s  ·  %s: %lld  ·  %s", due,
                 due[0] && k->sync_status[0] ? "  ·  " : "", k->sync_status,
                 kiosk_tr(k, "Attendees"), (long long)k->attendees, k->kiosk_id);
    } else if (k->attendees == 0) {
        snprintf(line, sizeof line, "%s  ·  %s", kiosk_tr(k, "No attendee list loaded: ask staff"),
                 k->kiosk_id);
    } else {
        char camera[64], printer[96], list[160] = "";
        kiosk_camera_status(k, camera, sizeof camera);
        kiosk_printer_status(k, printer, sizeof printer);
        if (k->list_file[0]) { /* the file, and when */
            char when[24];
            kiosk_format_when(k->list_at_ms, when);
            snprintf(list, sizeof list, "  ·  %s: %s, %s", kiosk_tr(k, "List"), k->list_file, when);
        }
        for (int with_list = 1; with_list >= 0; with_list--) {
            snprintf(line, sizeof line, "%s%s%s%s%s  ·  %s: %lld%s  ·  %s: %s  ·  %s",
                     kiosk_tr(k, "Scanner ready"), camera[0] ? "  ·  " : "", camera,
                     printer[0] ? "  ·  " : "", printer, kiosk_tr(k, "Attendees"),
                     (long long)k->attendees, with_list ? list : "", kiosk_tr(k, "Session"),
                     k->session, k->kiosk_id);
            if (!with_list || ui_fits(k->ui, l.status, line, 3, false, 1))
                break; /* else too long in this language: without the list */
        }
    }
    ui_text(k->ui, l.status, line, 3, false, ui_muted, UI_LEFT, 1);
}

static void idle_draw(struct kiosk *k)
{
    struct ui *ui = k->ui;
    struct idle_layout l = layout(k);
    ui_clear(ui, ui_paper);
    ui_fill(ui, l.bar, ui_accent);
    const char *event = config_str(k->cfg, CONFIG_EVENT_NAME);
    struct ui_rect name = l.event;
    if (k->logo && k->logo_h > 0) {
        /* The logo fits the bar's height, on a white tile so any colours show. */
        int u = ui_unit(ui), lh = l.bar.h - 2 * u, lw = lh * k->logo_w / k->logo_h;
        lw = SDL_min(lw, l.event.w / 3);
        ui_fill(ui, (struct ui_rect){ l.event.x - u / 2, u / 2, lw + u, l.bar.h - u }, ui_white);
        SDL_RenderCopy(k->renderer, k->logo, NULL, &(SDL_Rect){ l.event.x, u, lw, lh });
        name.x += lw + 2 * u;
        name.w -= lw + 2 * u;
    }
    ui_text(ui, name, event[0] ? event : "entrada", 4, true, ui_white, UI_LEFT, 1);
    char clock[16];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(clock, sizeof clock, "%H:%M", &tm);
    ui_text(ui, l.clock, clock, 4, true, ui_white, UI_RIGHT, 1);
    if (k->nlangs > 1) {
        char label[64];
        language_label(k, label, sizeof label);
        ui_button(ui, l.language, label, ui_white, ui_accent);
    }
    if (k->preview && k->camera && camera_state(k->camera) == CAMERA_LIVE)
        draw_preview(k, l.hint);
    else
        draw_hint(k, l.hint);
    ui_text(ui, l.title, kiosk_tr(k, "Scan your badge"), 8, true, ui_ink, UI_CENTRE, 1);
    ui_text(ui, l.subtitle,
            kiosk_tr(k, k->camera ? N_("Hold the QR code of your badge in the green frame")
                                  : N_("Hold the QR code of your badge to the scanner")),
            3, false, ui_muted, UI_CENTRE, 1);
    if (kiosk_search_on(k))
        ui_button(ui, l.find, kiosk_tr(k, "No badge? Find my name"), ui_accent, ui_white);
    ui_button(ui, l.contrast,
              ui_contrast(ui) ? kiosk_tr(k, "Normal text") : kiosk_tr(k, "Larger text"), ui_white,
              ui_accent);
    ui_frame(ui, l.contrast, SDL_max(2, ui_unit(ui) / 3), ui_accent);
    privacy_draw_notice(k, l.privacy);
    draw_status(k);
}

static void idle_tap(struct kiosk *k, int x, int y)
{
    struct idle_layout l = layout(k);
    if (ui_hit(l.find, x, y) && kiosk_search_on(k)) {
        kiosk_show(k, &screen_search);
    } else if (privacy_tap_notice(k, l.privacy, x, y)) {
        return;
    } else if (ui_hit(l.contrast, x, y)) {
        /* For this attendee: back to normal at the end of their turn (kiosk_show). */
        ui_set_contrast(k->ui, !ui_contrast(k->ui));
        k->last_input = SDL_GetTicks();
        k->dirty = true;
    } else if (ui_hit(l.language, x, y) && k->nlangs == 2) {
        kiosk_set_language(k, k->langs[strcmp(k->langs[0], i18n_lang(k->tr)) == 0 ? 1 : 0]);
    } else if (ui_hit(l.language, x, y) && k->nlangs > 2) {
        kiosk_show(k, &screen_language);
    }
}

/* The newest camera frame as the preview texture. */
static void update_preview(struct kiosk *k)
{
    struct image img = { 0 };
    if (k->camera == NULL || !camera_preview(k->camera, 480, &img))
        return;
    if (k->preview == NULL || k->preview_w != img.w || k->preview_h != img.h) {
        if (k->preview)
            SDL_DestroyTexture(k->preview);
        k->preview = SDL_CreateTexture(k->renderer, SDL_PIXELFORMAT_RGB888,
                                       SDL_TEXTUREACCESS_STREAMING, img.w, img.h);
        k->preview_w = img.w;
        k->preview_h = img.h;
    }
    void *pixels;
    int pitch;
    if (k->preview && SDL_LockTexture(k->preview, NULL, &pixels, &pitch) == 0) {
        for (int y = 0; y < img.h; y++) {
            Uint32 *row = (Uint32 *)((Uint8 *)pixels + y * pitch);
            for (int x = 0; x < img.w; x++) {
                Uint32 v = img.px[(size_t)y * (size_t)img.w + (size_t)x];
                row[x] = v << 16 | v << 8 | v;
            }
        }
        SDL_UnlockTexture(k->preview);
    }
    image_free(&img);
}

/*
 * A new camera frame (k->preview_pending), the moving hint and the clock;
 * an attendee's language given up on after [kiosk] search_timeout_ms.
 */
static Uint32 idle_timeout(struct kiosk *k, Uint32 now)
{
    if (kiosk_since(now, k->last_input) >= (Uint32)config_int(k->cfg, CONFIG_SEARCH_TIMEOUT_MS))
        kiosk_language_reset(k);
    if (k->preview_pending && kiosk_since(now, k->preview_at) >= PREVIEW_MS) {
        k->preview_pending = false;
        k->preview_at = now;
        update_preview(k);
        k->dirty = true;
    }
    /* Larger text left on by someone who went away without a turn. */
    if (ui_contrast(k->ui) &&
        kiosk_since(now, k->last_input) >= (Uint32)config_int(k->cfg, CONFIG_SEARCH_TIMEOUT_MS)) {
        ui_set_contrast(k->ui, false);
        k->dirty = true;
    }
    if (now / HINT_MS != k->hint_phase) { /* the hint moves and the clock turns */
        k->hint_phase = now / HINT_MS;
        k->dirty = true;
    }
    Uint32 wait = HINT_MS - now % HINT_MS;
    return k->preview_pending ? SDL_min(wait, PREVIEW_MS) : wait;
}

const struct screen screen_idle = {
    .draw = idle_draw,
    .tap = idle_tap,
    .timeout = idle_timeout,
    .corner = true,
};

/*
 * The languages to choose from, each in its own words, the current one
 * marked; a tap on one shows the start screen in it.
 */
struct language_layout {
    struct ui_rect title, langs[KIOSK_LANGS], back;
};

static struct language_layout language_layout(const struct kiosk *k)
{
    struct ui *ui = k->ui;
    int w = ui_width(ui), h = ui_height(ui), u = ui_unit(ui);
    struct language_layout l;
    l.title = (struct ui_rect){ 4 * u, 2 * u, w - 8 * u, 10 * u };
    l.back = (struct ui_rect){ (w - 40 * u) / 2, h - 15 * u, 40 * u, 12 * u };
    int cols = k->nlangs <= 4 ? 2 : k->nlangs <= 12 ? 3 : 4;
    int rows = (int)(k->nlangs + (size_t)cols - 1) / cols;
    int top = l.title.y + l.title.h + 2 * u, room = l.back.y - 3 * u - top;
    int bw = SDL_min((w - 8 * u) / cols, 60 * u), bh = SDL_min(room / SDL_max(rows, 1), 16 * u);
    int left = (w - cols * bw + 2 * u) / 2; /* each button is 2u narrower than its cell */
    top += (room - rows * bh) / 2;
    for (size_t i = 0; i < k->nlangs; i++)
        l.langs[i] = (struct ui_rect){ left + (int)(i % (size_t)cols) * bw,
                                       top + (int)(i / (size_t)cols) * bh, bw - 2 * u, bh - 2 * u };
    return l;
}

static void language_draw(struct kiosk *k)
{
    struct ui *ui = k->ui;
    struct language_layout l = language_layout(k);
    ui_clear(ui, ui_paper);
    ui_text(ui, l.title, kiosk_tr(k, "Choose your language"), 6, true, ui_ink, UI_CENTRE, 1);
    for (size_t i = 0; i < k->nlangs; i++) {
        bool now = strcmp(k->langs[i], i18n_lang(k->tr)) == 0;
        ui_button(ui, l.langs[i], kiosk_language_name(k->langs[i]), now ? ui_green : ui_accent,
                  ui_white);
    }
    ui_button(ui, l.back, kiosk_tr(k, "Back"), ui_muted, ui_white);
}

static void language_tap(struct kiosk *k, int x, int y)
{
    struct language_layout l = language_layout(k);
    for (size_t i = 0; i < k->nlangs; i++)
        if (ui_hit(l.langs[i], x, y)) {
            kiosk_set_language(k, k->langs[i]);
            kiosk_show(k, &screen_idle);
            return;
        }
    if (ui_hit(l.back, x, y))
        kiosk_show(k, &screen_idle);
}

static void language_key(struct kiosk *k, SDL_Keycode key)
{
    if (key == SDLK_ESCAPE)
        kiosk_show(k, &screen_idle);
}

/* Left alone: back to the start, in the kiosk's own language. */
static Uint32 language_timeout(struct kiosk *k, Uint32 now)
{
    if (kiosk_since(now, k->last_input) >= (Uint32)config_int(k->cfg, CONFIG_SEARCH_TIMEOUT_MS)) {
        kiosk_language_reset(k);
        kiosk_show(k, &screen_idle);
    }
    return 1000;
}

const struct screen screen_language = {
    .draw = language_draw,
    .tap = language_tap,
    .key = language_key,
    .timeout = language_timeout,
    .corner = true,
};
