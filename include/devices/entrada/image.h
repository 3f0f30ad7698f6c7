/*
 * Greyscale images: what the QR decoder reads. Camera frames arrive as
 * greyscale (the Y plane of YUV); image files are loaded and converted.
 */
#ifndef ENTRADA_IMAGE_H
#define ENTRADA_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

struct image {
    uint8_t *px; /* w * h bytes, row after row; owned by the image */
    int w, h;
};

/*
 * Load a PNG, JPEG, GIF, BMP or PNM file as greyscale (transparent parts
 * white). False with *why for a missing, unreadable or corrupt file.
 */
bool image_load(const char *path, struct image *out, char **why);

/*
 * Load any image file the loader reads (PNG, JPEG, SVG, …) as w x h pixels
 * of 32-bit ARGB, not premultiplied, row after row, in a new array *px
 * (caller frees). False with *why for a missing, unreadable or corrupt file.
 */
bool image_load_argb(const char *path, uint32_t **px, int *w, int *h, char **why);

/* Allocate a w x h image (contents undefined). */
void image_alloc(struct image *img, int w, int h);

/* Copy the part of in at x, y of size w x h (clipped to in) into out. */
void image_crop(const struct image *in, int x, int y, int w, int h, struct image *out);
void image_free(struct image *img);

/*
 * Call at the end of a thread that loaded images: the image loader keeps
 * per-thread error text that only this frees.
 */
void image_thread_done(void);

/*
 * Draw text as a QR code (error correction M, a 4-module quiet zone),
 * module_px pixels a module, black on white. False if text cannot be encoded.
 */
bool image_qr(const char *text, int module_px, struct image *out);

#endif
