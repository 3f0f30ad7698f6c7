/*
 * QR decoding: zbar with only QR enabled, over a list of passes. Each pass
 * is tried only when those before it found nothing, so a clear badge costs
 * one zbar scan and a hard photograph a few more.
 */
#include "entrada/decode.h"
#include "entrada/text.h"
#include "entrada/xmalloc.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <zbar.h>

struct decode {
    zbar_image_scanner_t *scanner;
    struct image work; /* scratch for the transformed passes */
};

struct decode *decode_create(void)
{
    struct decode *d = xcalloc(1, sizeof *d);
    d->scanner = zbar_image_scanner_create();
    zbar_image_scanner_set_config(d->scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(d->scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_scanner_set_config(d->scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
    return d;
}

void decode_destroy(struct decode *d)
{
    if (d == NULL)
        return;
    zbar_image_scanner_destroy(d->scanner);
    image_free(&d->work);
    free(d);
}

void decode_result_clear(struct decode_result *r)
{
    for (int i = 0; i < r->n; i++)
        free(r->code[i]);
    memset(r, 0, sizeof *r);
}

/*
 * Bytes of a code that are not UTF-8, as UTF-8 text: QR codes without an
 * encoding marker carry Shift-JIS (Japanese) or ISO-8859-1. Shift-JIS is
 * taken when the bytes are valid Shift-JIS, as ZXing does.
 */
static char *to_utf8(const char *data, size_t len, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", "SHIFT_JIS");
    if (cd != (iconv_t)-1) {
        size_t cap = len * 4 + 1, left = cap - 1, in_left = len;
        char *out = xmalloc(cap), *o = out, *in = (char *)data;
        bool ok = iconv(cd, &in, &in_left, &o, &left) != (size_t)-1 && in_left == 0;
        iconv_close(cd);
        if (ok) {
            *o = '\0';
            *out_len = (size_t)(o - out);
            return out;
        }
        free(out);
    }
    char *out = xmalloc(len * 2 + 1), *o = out; /* ISO-8859-1 */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c < 0x80) {
            *o++ = (char)c;
        } else {
            *o++ = (char)(0xC0 | c >> 6);
            *o++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *o = '\0';
    *out_len = (size_t)(o - out);
    return out;
}

/*
 * One zbar scan. Codes come as raw bytes: zbar's own guess of the text
 * encoding takes UTF-8 for Shift-JIS, so bytes that are not UTF-8 go
 * through to_utf8 instead.
 */
static int scan_once(struct decode *d, const struct image *img, int density,
                     struct decode_result *out)
{
    zbar_image_scanner_set_config(d->scanner, ZBAR_NONE, ZBAR_CFG_X_DENSITY, density);
    zbar_image_scanner_set_config(d->scanner, ZBAR_NONE, ZBAR_CFG_Y_DENSITY, density);
    zbar_image_t *z = zbar_image_create();
    zbar_image_set_format(z, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(z, (unsigned)img->w, (unsigned)img->h);
    zbar_image_set_data(z, img->px, (unsigned long)img->w * (unsigned long)img->h, NULL);
    int n = zbar_scan_image(d->scanner, z);
    out->n = 0;
    for (const zbar_symbol_t *s = n > 0 ? zbar_image_first_symbol(z) : NULL;
         s && out->n < DECODE_MAX_CODES; s = zbar_symbol_next(s)) {
        size_t len = zbar_symbol_get_data_length(s);
        const char *data = zbar_symbol_get_data(s);
        if (!text_valid_utf8(data, len)) {
            out->code[out->n] = to_utf8(data, len, &out->len[out->n]);
            out->n++;
            continue;
        }
        out->code[out->n] = xmalloc(len + 1); /* codes may hold NUL bytes */
        memcpy(out->code[out->n], data, len);
        out->code[out->n][len] = '\0';
        out->len[out->n++] = len;
    }
    zbar_image_destroy(z);
    return out->n;
}

int decode_scan(struct decode *d, const struct image *img, struct decode_result *out)
{
    memset(out, 0, sizeof *out);
    if (img->w < 8 || img->h < 8) /* nothing to find; zbar wants some pixels */
        return 0;
    return scan_once(d, img, 1, out);
}

/* Stretch the grey levels so that the darkest 1 % is black and the lightest 1 % white. */
static void stretch(const struct image *in, struct image *out)
{
    size_t n = (size_t)in->w * (size_t)in->h, hist[256] = { 0 };
    for (size_t i = 0; i < n; i++)
        hist[in->px[i]]++;
    int lo = 0, hi = 255;
    size_t sum = 0;
    while (lo < 255 && (sum += hist[lo]) < n / 100)
        lo++;
    sum = 0;
    while (hi > 0 && (sum += hist[hi]) < n / 100)
        hi--;
    if (hi <= lo)
        hi = lo + 1;
    uint8_t map[256];
    for (int v = 0; v < 256; v++) {
        int m = (v - lo) * 255 / (hi - lo);
        map[v] = (uint8_t)(m < 0 ? 0 : m > 255 ? 255 : m);
    }
    image_alloc(out, in->w, in->h);
    for (size_t i = 0; i < n; i++)
        out->px[i] = map[in->px[i]];
}

/* Half size, each pixel the mean of four: smooths noise and fine texture. */
static void halve(const struct image *in, struct image *out)
{
    image_alloc(out, in->w / 2, in->h / 2);
    for (int y = 0; y < out->h; y++)
        for (int x = 0; x < out->w; x++) {
            const uint8_t *p = in->px + (size_t)(2 * y) * (size_t)in->w + 2 * x;
            out->px[(size_t)y * (size_t)out->w + x] =
                (uint8_t)((p[0] + p[1] + p[in->w] + p[in->w + 1] + 2) / 4);
        }
}

/* A 3x3 box blur: takes the edge off moiré and sensor noise in photographs of screens. */
static void blur(const struct image *in, struct image *out)
{
    image_alloc(out, in->w, in->h);
    for (int y = 0; y < in->h; y++)
        for (int x = 0; x < in->w; x++) {
            int sum = 0, n = 0;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) {
                    int xx = x + dx, yy = y + dy;
                    if (xx >= 0 && yy >= 0 && xx < in->w && yy < in->h) {
                        sum += in->px[(size_t)yy * (size_t)in->w + (size_t)xx];
                        n++;
                    }
                }
            out->px[(size_t)y * (size_t)in->w + (size_t)x] = (uint8_t)(sum / n);
        }
}

/* Double size, each pixel repeated: small codes get modules zbar can see. */
static void twice(const struct image *in, struct image *out)
{
    image_alloc(out, in->w * 2, in->h * 2);
    for (int y = 0; y < out->h; y++)
        for (int x = 0; x < out->w; x++)
            out->px[(size_t)y * (size_t)out->w + x] =
                in->px[(size_t)(y / 2) * (size_t)in->w + x / 2];
}

struct pass {
    const char *name;
    void (*transform)(const struct image *in, struct image *out); /* NULL: as it is */
    int min_side;                                                 /* skip smaller images */
    int max_side;                                                 /* skip larger images */
    int density; /* zbar scans every density-th line */
};

static const struct pass passes[] = {
    /* A camera frame: a quick look at a quarter of the pixels, every other line. */
    { "half", halve, 400, 1 << 30, 2 },      { "plain", NULL, 0, 1 << 30, 1 },
    { "stretched", stretch, 0, 1 << 30, 1 }, { "blurred", blur, 0, 1 << 30, 1 },
    { "half", halve, 200, 399, 1 },          { "double", twice, 0, 800, 1 },
};

int decode_image(struct decode *d, const struct image *img, struct decode_result *out)
{
    memset(out, 0, sizeof *out);
    int side = img->w < img->h ? img->w : img->h;
    for (size_t i = 0; i < sizeof passes / sizeof passes[0]; i++) {
        const struct pass *p = &passes[i];
        if (side < p->min_side || side > p->max_side)
            continue;
        const struct image *in = img;
        if (p->transform) {
            image_free(&d->work);
            p->transform(img, &d->work);
            in = &d->work;
        }
        if (in->w >= 8 && in->h >= 8 && scan_once(d, in, p->density, out) > 0) {
            out->pass = p->name;
            return out->n;
        }
    }
    return 0;
}
