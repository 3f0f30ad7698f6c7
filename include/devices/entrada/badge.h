/*
 * Badges: one layout drawn with cairo and Pango, for paper (vector PDF)
 * and for screens and previews (PNG, or pixels for the kiosk); the text is
 * laid out alike for both. A badge carries the event's name and logo, the
 * attendee's name (the given names large and the surnames below when there
 * is room, an optional title small above; shrunk to fit, never smaller
 * than the organisation), organisation, a band in the category's colour
 * with its word (band.h), and the QR code of the attendee's code (error
 * correction M, a 4-module quiet zone, at least 20 mm wide).
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

/*
 * The bands for st's categories, coloured in order of their size (see
 * band.h). Without it, categories that are no role and have no [bands]
 * line take the palette in the order they are drawn.
 */
bool badge_use_store(struct badge *b, struct store *st, char **why);

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

/* How the text of the latest badge drawn fitted: the name's smallest line, the organisation's. */
struct badge_fit {
    double name_mm;         /* font size (em), mm */
    double organisation_mm; /* 0 without one */
    bool cut;               /* some text did not fit even at the smallest size */
};

struct badge_fit badge_last_fit(const struct badge *b);

/*
 * A batch: a cover page (the event, title, the number of badges and per
 * category its band and count), then a's n badges one a page, in order,
 * into one PDF at path.
 */
bool badge_write_batch(struct badge *b, const struct attendee *a, size_t n, const char *title,
                       const char *path, char **why);

enum badge_order {
    BADGE_BY_SURNAME,      /* surname, then given names, folded */
    BADGE_BY_ORGANISATION, /* organisation, then as by surname */
    BADGE_BY_CODE,
};

/* An attendee picked for a batch, with the key they are sorted by. */
struct badge_entry {
    struct attendee a;
    char *key;
};

/*
 * The attendees f picks, sorted, in a new array (free with
 * badge_entries_free). False with *why for a list or session that does
 * not exist.
 */
bool badge_select(struct store *st, const struct store_badge_filter *f, enum badge_order order,
                  struct badge_entry **out, size_t *n, char **why);
void badge_entries_free(struct badge_entry *e, size_t n);

/*
 * Every active attendee's badge (of category, if not NULL), by surname,
 * after a cover page, into one PDF at path. *pages is the number of badges.
 */
bool badge_write_all(struct badge *b, struct store *st, const char *category, const char *path,
                     unsigned *pages, char **why);

#endif
