/*
 * The on-screen keyboards, drawn into a box; a tap is read back as the
 * key's text. The staff screens' has digits, letters (with Ñ), the marks
 * names and e-mail addresses need, space, backspace and a key that closes
 * the screen. The attendee's has layers: letters; digits and the symbols
 * of e-mail addresses and codes (@ . - _ ' and more); and the letters with
 * marks the names on the list hold (Ñ, Ç, Ä, Ł, ß ...).
 */
#ifndef ENTRADA_KEYBOARD_H
#define ENTRADA_KEYBOARD_H

#include "ui.h"

/* What a tap on the keyboard was. */
enum keyboard_key {
    KEYBOARD_NONE,
    KEYBOARD_TEXT,
    KEYBOARD_BACKSPACE,
    KEYBOARD_CLOSE,
    KEYBOARD_LAYER /* the attendee's keyboard changed layers */
};

/* Draw the keyboard in r; close is the close key's label ("Cancel"), space the space bar's. */
void keyboard_draw(struct ui *ui, struct ui_rect r, const char *close, const char *space);

/* The key at (x, y) in r; for KEYBOARD_TEXT its text (one UTF-8 character, or " ") in text. */
enum keyboard_key keyboard_hit(const struct ui *ui, struct ui_rect r, int x, int y, char text[8]);

enum keyboard_layer { KEYBOARD_LETTERS, KEYBOARD_SYMBOLS, KEYBOARD_ACCENTS };

/* The accented letters offered when the list has none: western and central Europe's. */
#define KEYBOARD_ACCENTS_DEFAULT "ÁÀÂÄÃÅÇÉÈÊËÍÎÏÑÓÒÔÖÕØÚÙÛÜŁŚŻß"

/*
 * The attendee's keyboard in r: four rows of ten columns, the last cancel,
 * the symbols layer's key, space, the accents layer's key and backspace.
 * accents: the accents layer's letters, one UTF-8 string, at most 29.
 */
void keyboard_layers_draw(struct ui *ui, struct ui_rect r, enum keyboard_layer layer,
                          const char *accents, const char *cancel, const char *space);

/*
 * The key of the attendee's keyboard at (x, y): KEYBOARD_LAYER if it
 * changed *layer; a letter with a mark typed takes it back to letters.
 */
enum keyboard_key keyboard_layers_hit(const struct ui *ui, struct ui_rect r,
                                      enum keyboard_layer *layer, const char *accents, int x, int y,
                                      char text[8]);

/* Remove the last UTF-8 character of s. */
void keyboard_backspace(char *s);

#endif
