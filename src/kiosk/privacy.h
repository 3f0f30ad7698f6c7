/*
 * The privacy notice on the start screen (ui-privacy.c): [privacy] notice
 * in the current language, small, and a "More" button that opens the full
 * text of [privacy] notice_file (screen_privacy). The start screen only
 * gives it a box.
 */
#ifndef ENTRADA_KIOSK_PRIVACY_H
#define ENTRADA_KIOSK_PRIVACY_H

#include "ui.h"

#include <stdbool.h>

struct kiosk;

/* True when there is a notice to show on the start screen. */
bool privacy_has_notice(const struct kiosk *k);

/* Draw the notice in r, with "More" at its right when there is a full text. */
void privacy_draw_notice(struct kiosk *k, struct ui_rect r);

/* A tap at (x, y): true if it was on "More" (the full text is shown now). */
bool privacy_tap_notice(struct kiosk *k, struct ui_rect r, int x, int y);

#endif
