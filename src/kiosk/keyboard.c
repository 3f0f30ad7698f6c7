/*
 * The staff keyboard: five rows in the box it is given. The first four are
 * ten keys each; the last holds close (three keys wide), the apostrophe,
 * the space bar (four) and backspace (two).
 *
 * The attendee's keyboard: four rows. Three of keys (ten, ten and nine,
 * centred) that change with the layer; the last holds cancel (two keys
 * wide), a layer key, the space bar (four), the other layer key and
 * backspace (two).
 */
#include "keyboard.h"

#include <stdio.h>
#include <string.h>

static const char *const rows[4] = { "1234567890", "QWERTYUIOP", "ASDFGHJKLÑ", "ZXCVBNM-.@" };

/* Bytes in the UTF-8 character that starts with c. */
static int utf8_len(unsigned char c)
{
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* The i-th UTF-8 character of row into out; false past its end. */
static bool key_label(const char *row, int i, char out[8])
{
    for (int c = 0; *row; c++) {
        int n = utf8_len((unsigned char)*row);
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

/* The attendee's keyboard's three rows of keys in each layer (accents: given). */
static const char *const layer_rows[2][3] = {
    [KEYBOARD_LETTERS] = { "QWERTYUIOP", "ASDFGHJKLÑ", "ZXCVBNM-'" },
    [KEYBOARD_SYMBOLS] = { "1234567890", "@.-_'+&/()", ",:;!?#*=\"" },
};

enum { ROW_KEYS_0 = 10, ROW_KEYS_1 = 10, ROW_KEYS_2 = 9 };

/* The rows of layer; accents are cut into rows of ten, ten and nine. */
static void layer_row(enum keyboard_layer layer, const char *accents, int r, char out[64])
{
    if (layer != KEYBOARD_ACCENTS) {
        snprintf(out, 64, "%s", layer_rows[layer][r]);
        return;
    }
    static const int counts[3] = { ROW_KEYS_0, ROW_KEYS_1, ROW_KEYS_2 };
    const char *p = accents;
    for (int skip = 0; skip < r; skip++)
        for (int i = 0; i < counts[skip] && *p; i++)
            p += utf8_len((unsigned char)*p);
    size_t len = 0;
    for (int i = 0; i < counts[r] && p[len]; i++)
        len += (size_t)utf8_len((unsigned char)p[len]);
    snprintf(out, 64, "%.*s", (int)SDL_min(len, 63), p);
}

/* Characters in s. */
static int count_chars(const char *s)
{
    int n = 0;
    for (; *s; s += utf8_len((unsigned char)*s))
        n++;
    return n;
}

/* The box of key c in row r of the attendee's keyboard (a row of n keys is centred). */
static struct ui_rect layer_key(const struct ui *ui, struct ui_rect area, int r, int c, int n)
{
    int u = ui_unit(ui), kw = area.w / 10, kh = area.h / 4;
    int indent = r == 2 ? kw / 2 : (10 - n) * kw / 2;
    return (struct ui_rect){ area.x + indent + c * kw, area.y + r * kh, kw - u, kh - u };
}

/* The bottom row: cancel, layer key A, space, layer key B, backspace. */
enum {
    CANCEL_COL = 0,
    CANCEL_W = 2,
    LAYER_A_COL = 2,
    SPACE_COL = 3,
    SPACE_W = 4,
    LAYER_B_COL = 7,
    BACKSPACE_COL = 8,
    BACKSPACE_W = 2
};

static struct ui_rect bottom_key(const struct ui *ui, struct ui_rect area, int c, int w)
{
    int u = ui_unit(ui), kw = area.w / 10, kh = area.h / 4;
    return (struct ui_rect){ area.x + c * kw, area.y + 3 * kh, w * kw - u, kh - u };
}

/* The layers the two layer keys lead to from layer, and their labels. */
static void layer_keys(enum keyboard_layer layer, enum keyboard_layer to[2], const char *label[2])
{
    static const char *const names[] = {
        [KEYBOARD_LETTERS] = "ABC", [KEYBOARD_SYMBOLS] = "123", [KEYBOARD_ACCENTS] = "ÄÉ"
    };
    to[0] = layer == KEYBOARD_SYMBOLS ? KEYBOARD_LETTERS : KEYBOARD_SYMBOLS;
    to[1] = layer == KEYBOARD_ACCENTS ? KEYBOARD_LETTERS : KEYBOARD_ACCENTS;
    label[0] = names[to[0]];
    label[1] = names[to[1]];
}

void keyboard_layers_draw(struct ui *ui, struct ui_rect area, enum keyboard_layer layer,
                          const char *accents, const char *cancel, const char *space)
{
    for (int r = 0; r < 3; r++) {
        char row[64];
        layer_row(layer, accents, r, row);
        int n = count_chars(row);
        for (int c = 0; c < n; c++) {
            char label[8];
            if (key_label(row, c, label))
                ui_button(ui, layer_key(ui, area, r, c, n), label, ui_panel, ui_ink);
        }
    }
    enum keyboard_layer to[2];
    const char *label[2];
    layer_keys(layer, to, label);
    ui_button(ui, bottom_key(ui, area, CANCEL_COL, CANCEL_W), cancel, ui_muted, ui_white);
    ui_button(ui, bottom_key(ui, area, LAYER_A_COL, 1), label[0], ui_accent, ui_white);
    ui_button(ui, bottom_key(ui, area, SPACE_COL, SPACE_W), space, ui_panel, ui_ink);
    ui_button(ui, bottom_key(ui, area, LAYER_B_COL, 1), label[1], ui_accent, ui_white);
    ui_button(ui, bottom_key(ui, area, BACKSPACE_COL, BACKSPACE_W), "⌫", ui_panel, ui_ink);
}

enum keyboard_key keyboard_layers_hit(const struct ui *ui, struct ui_rect area,
                                      enum keyboard_layer *layer, const char *accents, int x, int y,
                                      char text[8])
{
    for (int r = 0; r < 3; r++) {
        char row[64];
        layer_row(*layer, accents, r, row);
        int n = count_chars(row);
        for (int c = 0; c < n; c++)
            if (ui_hit(layer_key(ui, area, r, c, n), x, y) && key_label(row, c, text)) {
                if (*layer == KEYBOARD_ACCENTS) /* one letter, as a long press would give */
                    *layer = KEYBOARD_LETTERS;
                return KEYBOARD_TEXT;
            }
    }
    enum keyboard_layer to[2];
    const char *label[2];
    layer_keys(*layer, to, label);
    if (ui_hit(bottom_key(ui, area, CANCEL_COL, CANCEL_W), x, y))
        return KEYBOARD_CLOSE;
    if (ui_hit(bottom_key(ui, area, BACKSPACE_COL, BACKSPACE_W), x, y))
        return KEYBOARD_BACKSPACE;
    if (ui_hit(bottom_key(ui, area, SPACE_COL, SPACE_W), x, y)) {
        strcpy(text, " ");
        return KEYBOARD_TEXT;
    }
    for (int i = 0; i < 2; i++)
        if (ui_hit(bottom_key(ui, area, i ? LAYER_B_COL : LAYER_A_COL, 1), x, y)) {
            *layer = to[i];
            return KEYBOARD_LAYER;
        }
    return KEYBOARD_NONE;
}
