/*
 * Reading QR codes from greyscale images with zbar, in two modes.
 * Thorough, for image files (`entrada decode`): a list of passes, cheapest
 * first, until one finds a code: a quick look at half size for large
 * pictures, then as it is, contrast stretched, blurred, half or double size
 * for small pictures, black and white by local thresholds, inverted, and
 * the same again on the regions that finder patterns point at. Camera, for
 * a stream of frames (the kiosk, `entrada decode --camera`): a time budget
 * per frame, with the expensive passes spread over the frames that follow
 * (decode.c says how). Bytes that are not UTF-8 are read as Shift-JIS when
 * they are valid Shift-JIS, else as ISO-8859-1.
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
 * Thorough: find the QR codes in img. Fills *out (free it with decode_result_clear)
 * and returns the number found. img is not changed.
 */
int decode_image(struct decode *d, const struct image *img, struct decode_result *out);

/*
 * The camera path: find the QR codes in img, the next frame of a stream,
 * within a small budget; the struct decode remembers the regions of the
 * frames before and the passes each has had, so use one per camera. A code
 * that only an expensive pass reads is read on one of the next few frames
 * that show it (the budget is the decoding thread's CPU time, so a busy
 * machine does not change which).
 * Results as decode_image's (pass: "region plain", "region inverted",
 * "region binarised", "region blurred", "region resized", "region stretched").
 */
int decode_frame(struct decode *d, const struct image *img, struct decode_result *out);

/* What the camera path's first look at the latest frame found, and what it cost. */
struct decode_look {
    int marks;   /* finder patterns */
    int regions; /* regions that may hold a code */
    double ms;
    bool still; /* no look: the frame was much as the last one, which held nothing */
};
const struct decode_look *decode_last_look(const struct decode *d);

/*
 * The thorough mode's passes one at a time, for benchmarks: how many, the
 * name of the i-th, and pass i alone on img: codes found, or -1 if the pass
 * does not apply to img (its size, or no regions).
 */
int decode_pass_count(void);
const char *decode_pass_name(int i);
int decode_pass(struct decode *d, int i, const struct image *img, struct decode_result *out);

/* One zbar scan of img as it is, no other pass: the baseline the passes improve on. */
int decode_scan(struct decode *d, const struct image *img, struct decode_result *out);

void decode_result_clear(struct decode_result *r);

#endif
