/*
 * The staff screens' on-screen keyboard: digits, letters (with Ñ), the
 * marks names and e-mail addresses need, space, backspace and a key that
 * closes the screen. Drawn into a box; a tap is read back as the key's text.
 */
#ifndef ENTRADA_KEYBOARD_H
#define ENTRADA_KEYBOARD_H

#include "ui.h"

/* What a tap on the keyboard was. */
enum keyboard_key { KEYBOARD_NONE, KEYBOARD_TEXT, KEYBOARD_BACKSPACE, KEYBOARD_CLOSE };

/* Draw the keyboard in r; close is the close key's label ("Cancel"), space the space bar's. */
void keyboard_draw(struct ui *ui, struct ui_rect r, const char *close, const char *space);

/* The key at (x, y) in r; for KEYBOARD_TEXT its text (one UTF-8 character, or " ") in text. */
enum keyboard_key keyboard_hit(const struct ui *ui, struct ui_rect r, int x, int y, char text[8]);

/* Remove the last UTF-8 character of s. */
void keyboard_backspace(char *s);

#endif
