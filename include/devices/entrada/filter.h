/*
 * Greyscale image transforms the QR decoder tries before it gives up on a
 * picture: each makes a new image (out is allocated; free it with
 * image_free) and leaves in as it was. All are one or two passes over the
 * pixels, without bounds checks in the inner loops.
 */
#ifndef ENTRADA_FILTER_H
#define ENTRADA_FILTER_H

#include "entrada/image.h"

/* Half size, each pixel the mean of four: smooths noise and fine texture. */
void filter_halve(const struct image *in, struct image *out);

/* Double size, each pixel repeated: small codes get modules zbar can see. */
void filter_double(const struct image *in, struct image *out);

/* Grey levels stretched so that the darkest 1 % is black and the lightest 1 % white. */
void filter_stretch(const struct image *in, struct image *out);

/* A 3x3 box blur, rows then columns: takes the edge off sensor noise and moiré. */
void filter_blur(const struct image *in, struct image *out);

/* Light for dark: a code printed light on a dark ground becomes an ordinary one. */
void filter_invert(const struct image *in, struct image *out);

/*
 * Black and white by a threshold of its own for every block x block
 * square: the mean of the 5 x 5 blocks around it. Uneven light, glare
 * and dim prints lose their grey; squares whose neighbourhood is nearly
 * flat (less than a few grey levels from darkest to lightest) become white.
 */
void filter_binarise(const struct image *in, int block, struct image *out);

/*
 * The same, steadier: a neighbourhood is flat when the means of its blocks
 * hardly differ (however noisy its pixels), and around each threshold is a
 * dead band (a twelfth of the grey levels around it) in which a pixel keeps
 * the colour of the one before it in its row. Sensor noise on a plain
 * surface no longer flickers between black and white, and edges stay sharp
 * (unlike blurring first).
 */
void filter_binarise_steady(const struct image *in, int block, struct image *out);

#endif
