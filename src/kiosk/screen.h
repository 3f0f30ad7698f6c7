/*
 * The kiosk's screens as a table. Each screen is one entry of functions,
 * defined in its own ui-*.c file; the loop (kiosk.c) knows a screen only
 * through its entry and calls it for what happens while it is shown. A
 * screen changes to another with kiosk_show (state.h), which calls the new
 * one's enter.
 */
#ifndef ENTRADA_SCREEN_H
#define ENTRADA_SCREEN_H

#include "ui.h"

#include <SDL.h>
#include <stdbool.h>

struct kiosk;

struct screen {
    /* Shown anew: reset what the screen keeps (NULL: nothing to reset). */
    void (*enter)(struct kiosk *k);
    /* Draw the whole screen as the state is now. */
    void (*draw)(struct kiosk *k);
    /* A touch or a click at pixel (x, y). */
    void (*tap)(struct kiosk *k, int x, int y);
    /* A key a person pressed: SDLK_RETURN, SDLK_BACKSPACE or SDLK_ESCAPE (NULL: none). */
    void (*key)(struct kiosk *k, SDL_Keycode key);
    /* Text a person typed, UTF-8; scans never come here (NULL: ignored). */
    void (*text)(struct kiosk *k, const char *text);
    /*
     * The time is now: time-driven work (going back after a while, moving
     * the hint). Returns the milliseconds until it has more to do.
     */
    Uint32 (*timeout)(struct kiosk *k, Uint32 now);
    /* The store changed: read what the screen shows again (NULL: nothing read). */
    void (*refresh)(struct kiosk *k);
    /* A long press in the top left corner opens staff mode from this screen. */
    bool corner;
    /* A staff screen: text no smaller than 18 px, check-ins answered in its message line. */
    bool staff;
};

/*
 * The start screen and its list of languages (ui-idle.c), the verdict,
 * find my name and "is this you?", the staff PIN, staff mode.
 */
extern const struct screen screen_idle, screen_language, screen_verdict, screen_search,
    screen_confirm, screen_pin, screen_staff;

/*
 * The staff desk: find anyone (ui-find.c) and one person's page, the
 * reason for admitting someone anyway, the walk-in form (ui-walkin.c) and
 * who has not arrived (ui-absent.c); who was admitted at two doors
 * (ui-conflicts.c).
 */
extern const struct screen screen_find, screen_person, screen_reason, screen_walkin, screen_absent,
    screen_conflicts;

/*
 * The full privacy notice (ui-privacy.c), and the staff-facing screen
 * that stands for the start screen once the event's data is past its time
 * ([privacy] retain_days): no check-ins until it is exported and wiped.
 */
extern const struct screen screen_privacy, screen_retain;

/* What is wrong with this kiosk: entrada doctor's checks (ui-checks.c). */
extern const struct screen screen_checks;

/*
 * What the staff desk's screens share (ui-desk.c): they go back to the
 * start screen after two minutes untouched (as .timeout), and Escape goes
 * back to staff mode (as .key, for a screen with no other key).
 */
Uint32 kiosk_desk_timeout(struct kiosk *k, Uint32 now);
void kiosk_desk_key(struct kiosk *k, SDL_Keycode key);

/*
 * A desk's list a page at a time (not arrived, admitted at two doors): the
 * title, rows row_units tall (or px480 pixels on a 480-pixel screen, if
 * more), and Previous, Next and Back under them.
 */
enum { DESK_PAGE_ROWS = 32 };
struct desk_page {
    struct ui_rect title, rows[DESK_PAGE_ROWS], previous, next, back;
    size_t nrows;
};
struct desk_page kiosk_desk_page(struct ui *ui, int row_units, int px480);
/* Its buttons, for the page of n items that starts at item top. */
void kiosk_desk_page_buttons(struct kiosk *k, const struct desk_page *l, size_t top, size_t n);
/* A tap on a button: a page back or on (*top), or staff mode. False if on none of them. */
bool kiosk_desk_page_tap(struct kiosk *k, const struct desk_page *l, int x, int y, size_t *top,
                         size_t n);

#endif
