/*
 * Drawing for the kiosk's screens on an SDL renderer: fonts at sizes that
 * follow the screen, text that shrinks or wraps to fit its box (never
 * overflowing it), buttons, and the verdict icons drawn as shapes. Sizes
 * are given in units of one hundredth of the screen's shorter side, so one
 * layout serves 800x480 and 1920x1080, landscape or portrait.
 */
#ifndef ENTRADA_UI_H
#define ENTRADA_UI_H

#include <SDL.h>
#include <stdbool.h>

struct ui;

struct ui_rect {
    int x, y, w, h;
};

enum ui_align { UI_LEFT, UI_CENTRE, UI_RIGHT };

enum ui_icon { UI_ICON_CHECK, UI_ICON_CLOCK, UI_ICON_CROSS, UI_ICON_BLOCKED };

/* Colours of the theme. */
extern const SDL_Color ui_ink, ui_paper, ui_muted, ui_accent, ui_green, ui_amber, ui_red, ui_white,
    ui_panel;

/*
 * Start drawing on renderer with the fonts in font_dir (DejaVuSans.ttf and
 * DejaVuSans-Bold.ttf), else the system's. Without any font, text is not
 * drawn (one log line says so) and everything else still works.
 */
struct ui *ui_create(SDL_Renderer *renderer, const char *font_dir);
void ui_destroy(struct ui *ui);

/* Call when the output size may have changed; returns true if it did. */
bool ui_resize(struct ui *ui);
int ui_width(const struct ui *ui);
int ui_height(const struct ui *ui);
/* One unit: a hundredth of the shorter side, in pixels. */
int ui_unit(const struct ui *ui);
bool ui_has_fonts(const struct ui *ui);
/*
 * The smallest text ui_text sets, in pixels (0: its own floor, two units).
 * Staff screens ask for 18: readable at arm's length on a 7" screen.
 */
void ui_set_min_px(struct ui *ui, int px);

/*
 * High contrast and larger text, for attendees who see less well: the
 * theme's colours are drawn as black, white, yellow and bright verdict
 * colours (text at least 7:1 on its ground), and text is set 1.4 times
 * larger, shrinking as usual where its box has no room.
 */
void ui_set_contrast(struct ui *ui, bool on);
bool ui_contrast(const struct ui *ui);

void ui_clear(struct ui *ui, SDL_Color c);
void ui_fill(struct ui *ui, struct ui_rect r, SDL_Color c);
void ui_frame(struct ui *ui, struct ui_rect r, int thickness, SDL_Color c);

/*
 * Draw text inside r at size units (bold or not), aligned, shrinking it
 * and breaking it over at most max_lines lines until it fits. Returns the
 * height used.
 */
int ui_text(struct ui *ui, struct ui_rect r, const char *text, int size, bool bold, SDL_Color c,
            enum ui_align align, int max_lines);

/* True if ui_text would fit text in r (at its floor, if it must); nothing is drawn. */
bool ui_fits(struct ui *ui, struct ui_rect r, const char *text, int size, bool bold, int max_lines);

/*
 * Long text (paragraphs separated by line breaks) at size units, wrapped
 * to r's width, paged: the lines from first on that fit in r are drawn.
 * *lines is the number of lines in all. Returns how many lines fit in r (at
 * least 1), the length of a page.
 */
int ui_page(struct ui *ui, struct ui_rect r, const char *text, int size, SDL_Color c, int first,
            int *lines);

/*
 * A button: a filled box with a centred label, on one line, smaller down
 * to the floor of ui_text; only a label too long even then takes two.
 */
void ui_button(struct ui *ui, struct ui_rect r, const char *label, SDL_Color fill, SDL_Color ink);

/* A verdict icon in a disc of colour bg, centred in r. */
void ui_icon(struct ui *ui, struct ui_rect r, enum ui_icon icon, SDL_Color fg, SDL_Color bg);

/* True if (x, y) is inside r. */
bool ui_hit(struct ui_rect r, int x, int y);

/*
 * Test machinery (a script's `texts` step): with on, the next frame
 * drawn and those after it keep every text and button label with its box,
 * size and whether it fitted, until ui_record(ui, false).
 */
void ui_record(struct ui *ui, bool on);

/*
 * Write the texts of the frame last drawn to path, one a line, tab-separated:
 * kind (text or button), box x y w h, px, lines, max_lines (for a button's
 * label: 1, or 2 on staff screens, whose text has a floor of its own), the
 * widest line's width, fits (0: too wide or too tall for its box even at
 * the floor), the text. Returns 1 when written; 0 if that frame was not recorded; -1 with
 * *why on failure.
 */
int ui_write_texts(struct ui *ui, const char *path, char **why);

/* Save what was last drawn as a PNG file; false with *why on failure. */
bool ui_screenshot(struct ui *ui, const char *path, char **why);

#endif
