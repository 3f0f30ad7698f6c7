/*
 * The staff keyboard: five rows in the box it is given. The first four are
 * ten keys each; the last holds close (three keys wide), the apostrophe,
 * the space bar (four) and backspace (two).
 */
#include "keyboard.h"

#include <string.h>

static const char *const rows[4] = { "1234567890", "QWERTYUIOP", "ASDFGHJKLÑ", "ZXCVBNM-.@" };

/* The i-th UTF-8 character of row into out; false past its end. */
static bool key_label(const char *row, int i, char out[8])
{
    for (int c = 0; *row; c++) {
        int n = ((unsigned char)*row & 0xE0) == 0xC0 ? 2 : 1;
        if (c == i) {
            memcpy(out, row, (size_t)n);
            out[n] = '\0';
            return true;
        }
        row += n;
    }
    return false;
}

/* The box of the key at row r, from column c, w columns wide. */
static struct ui_rect key_rect(const struct ui *ui, struct ui_rect area, int r, int c, int w)
{
    int u = ui_unit(ui), kw = area.w / 10, kh = area.h / 5;
    return (struct ui_rect){ area.x + c * kw, area.y + r * kh, w * kw - u, kh - u };
}

enum { CLOSE_AT = 0, QUOTE_AT = 3, SPACE_AT = 4, BACK_AT = 8 };

void keyboard_draw(struct ui *ui, struct ui_rect area, const char *close, const char *space)
{
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 10; c++) {
            char label[8];
            if (key_label(rows[r], c, label))
                ui_button(ui, key_rect(ui, area, r, c, 1), label, ui_panel, ui_ink);
        }
    ui_button(ui, key_rect(ui, area, 4, CLOSE_AT, 3), close, ui_muted, ui_white);
    ui_button(ui, key_rect(ui, area, 4, QUOTE_AT, 1), "'", ui_panel, ui_ink);
    ui_button(ui, key_rect(ui, area, 4, SPACE_AT, 4), space, ui_panel, ui_ink);
    ui_button(ui, key_rect(ui, area, 4, BACK_AT, 2), "⌫", ui_panel, ui_ink);
}

enum keyboard_key keyboard_hit(const struct ui *ui, struct ui_rect area, int x, int y, char text[8])
{
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 10; c++)
            if (ui_hit(key_rect(ui, area, r, c, 1), x, y) && key_label(rows[r], c, text))
                return KEYBOARD_TEXT;
    if (ui_hit(key_rect(ui, area, 4, CLOSE_AT, 3), x, y))
        return KEYBOARD_CLOSE;
    if (ui_hit(key_rect(ui, area, 4, BACK_AT, 2), x, y))
        return KEYBOARD_BACKSPACE;
    if (ui_hit(key_rect(ui, area, 4, QUOTE_AT, 1), x, y)) {
        strcpy(text, "'");
        return KEYBOARD_TEXT;
    }
    if (ui_hit(key_rect(ui, area, 4, SPACE_AT, 4), x, y)) {
        strcpy(text, " ");
        return KEYBOARD_TEXT;
    }
    return KEYBOARD_NONE;
}

void keyboard_backspace(char *s)
{
    size_t len = strlen(s);
    while (len > 0 && ((unsigned char)s[len - 1] & 0xC0) == 0x80)
        len--; /* a whole UTF-8 character */
    if (len > 0)
        len--;
    s[len] = '\0';
}
