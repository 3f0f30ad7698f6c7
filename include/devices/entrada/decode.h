/*
 * Reading QR codes from greyscale images with zbar, the way the kiosk's
 * camera and `entrada decode` do. A frame goes through a short list of
 * passes, cheapest first, until one finds a code: a quick look at half
 * size (every other line) for camera-sized frames, then as it is, with its
 * contrast stretched, blurred, and at double size for small images
 * (README: what each pass buys). Bytes that are not UTF-8 are read as
 * Shift-JIS when they are valid Shift-JIS, else as ISO-8859-1.
 */
#ifndef ENTRADA_DECODE_H
#define ENTRADA_DECODE_H

#include "entrada/image.h"

#include <stddef.h>

enum { DECODE_MAX_CODES = 4 };

struct decode_result {
    int n;                        /* codes found */
    char *code[DECODE_MAX_CODES]; /* as zbar gives them (UTF-8 text); owned */
    size_t len[DECODE_MAX_CODES]; /* bytes, as codes may hold NUL */
    const char *pass;             /* the pass that found them, or NULL */
};

struct decode;

struct decode *decode_create(void);
void decode_destroy(struct decode *d);

/*
 * Find the QR codes in img. Fills *out (free it with decode_result_clear)
 * and returns the number found. img is not changed.
 */
int decode_image(struct decode *d, const struct image *img, struct decode_result *out);

/* One zbar scan of img as it is, no other pass: the baseline the passes improve on. */
int decode_scan(struct decode *d, const struct image *img, struct decode_result *out);

void decode_result_clear(struct decode_result *r);

#endif
