/*
 * Badges: one layout drawn with cairo and Pango, for paper (vector PDF)
 * and for screens and previews (PNG, or pixels for the kiosk). A badge
 * carries the event's name and logo, the attendee's name (large, shrunk to
 * fit, at most two lines), organisation, a band in the category's colour
 * with its word, and the QR code of the attendee's code (error correction
 * M, a 4-module quiet zone, at least 20 mm wide).
 *
 * Sizes ([badge] size): brother-62x100, brother-62x29, 4x3in, a6, cr80, or
 * a custom WxH in millimetres.
 */
#ifndef ENTRADA_BADGE_H
#define ENTRADA_BADGE_H

#include "entrada/attendee.h"
#include "entrada/config.h"
#include "entrada/store.h"

#include <stdbool.h>
#include <stdint.h>

struct badge;

/* The badge layout from the configuration; NULL with *why for a bad size or colour. */
struct badge *badge_create(const struct config *cfg, char **why);
void badge_destroy(struct badge *b);

/* Page size in millimetres. */
void badge_size(const struct badge *b, double *w_mm, double *h_mm);

/* Draw a's badge into path: a PDF, or a PNG at dpi dots per inch, by the file's ending. */
bool badge_write(struct badge *b, const struct attendee *a, const char *path, int dpi, char **why);

/*
 * a's badge as pixels for a screen, height_px high: *argb (caller frees) holds
 * *w x *h pixels, 0xAARRGGBB, row after row. False if it cannot be drawn.
 */
bool badge_pixels(struct badge *b, const struct attendee *a, int height_px, uint32_t **argb, int *w,
                  int *h);

/*
 * Every active attendee's badge (of category, if not NULL), one a page,
 * into one PDF at path. *pages is the number written.
 */
bool badge_write_all(struct badge *b, struct store *st, const char *category, const char *path,
                     unsigned *pages, char **why);

#endif
