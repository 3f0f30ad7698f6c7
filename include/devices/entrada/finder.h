/*
 * QR finder patterns (the three nested squares in a code's corners) in a
 * black-and-white image: a cheap test of whether a camera frame may hold a
 * code, and where. Rows are read for runs of dark, light, dark, light,
 * dark in the proportions 1:1:3:1:1, and each hit is checked down its
 * column; light-on-dark patterns (inverted codes) are found too. Regions
 * group the patterns that may belong to one code, with room around them
 * for the rest of it.
 */
#ifndef ENTRADA_FINDER_H
#define ENTRADA_FINDER_H

#include "entrada/image.h"

#include <stdbool.h>

struct finder_mark {
    float x, y;   /* the centre, in pixels */
    float module; /* the pattern's width / 7 */
    bool light;   /* light on dark */
    int hits;     /* rows that crossed it */
};

struct finder_region {
    int x, y, w, h; /* within the image */
    float module;   /* the marks' mean module size, in pixels */
    int marks;      /* finder patterns in it: 3 for a whole code in view */
    bool light;     /* light on dark */
};

/*
 * The finder patterns in bin (pixels 0 or 255), each crossed by at least
 * two rows; at most max. Returns how many.
 */
int finder_find(const struct image *bin, struct finder_mark *out, int max);

/*
 * Regions of a w x h image that may hold a code, from the marks: those with
 * the most marks first, then the smaller; at most max. Returns how many.
 */
int finder_regions(const struct finder_mark *m, int n, int w, int h, struct finder_region *out,
                   int max);

#endif
