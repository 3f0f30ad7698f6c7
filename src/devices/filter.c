/* Greyscale image transforms for the QR decoder's passes. */
#include "entrada/filter.h"
#include "entrada/xmalloc.h"

#include <stdlib.h>
#include <string.h>

void filter_halve(const struct image *in, struct image *out)
{
    image_alloc(out, in->w / 2, in->h / 2);
    for (int y = 0; y < out->h; y++) {
        const uint8_t *a = in->px + (size_t)(2 * y) * (size_t)in->w, *b = a + in->w;
        uint8_t *o = out->px + (size_t)y * (size_t)out->w;
        for (int x = 0; x < out->w; x++)
            o[x] = (uint8_t)((a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1] + 2) >> 2);
    }
}

void filter_double(const struct image *in, struct image *out)
{
    image_alloc(out, in->w * 2, in->h * 2);
    for (int y = 0; y < in->h; y++) {
        const uint8_t *i = in->px + (size_t)y * (size_t)in->w;
        uint8_t *o = out->px + (size_t)(2 * y) * (size_t)out->w;
        for (int x = 0; x < in->w; x++)
            o[2 * x] = o[2 * x + 1] = i[x];
        memcpy(o + out->w, o, (size_t)out->w);
    }
}

void filter_stretch(const struct image *in, struct image *out)
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

void filter_blur(const struct image *in, struct image *out)
{
    int w = in->w, h = in->h;
    image_alloc(out, w, h);
    if (w < 3 || h < 3) {
        memcpy(out->px, in->px, (size_t)w * (size_t)h);
        return;
    }
    /* Sums of three along each row (edges: the two there are, counted as 1.5 each) ... */
    uint16_t *rows = xmalloc(sizeof *rows * (size_t)w * (size_t)h);
    for (int y = 0; y < h; y++) {
        const uint8_t *i = in->px + (size_t)y * (size_t)w;
        uint16_t *r = rows + (size_t)y * (size_t)w;
        r[0] = (uint16_t)((3 * (i[0] + i[1]) + 1) / 2);
        for (int x = 1; x < w - 1; x++)
            r[x] = (uint16_t)(i[x - 1] + i[x] + i[x + 1]);
        r[w - 1] = (uint16_t)((3 * (i[w - 2] + i[w - 1]) + 1) / 2);
    }
    /* ... then down the columns, three rows at a time. */
    for (int y = 0; y < h; y++) {
        const uint16_t *a = rows + (size_t)(y > 0 ? y - 1 : y) * (size_t)w;
        const uint16_t *b = rows + (size_t)y * (size_t)w;
        const uint16_t *c = rows + (size_t)(y < h - 1 ? y + 1 : y) * (size_t)w;
        uint8_t *o = out->px + (size_t)y * (size_t)w;
        for (int x = 0; x < w; x++)
            o[x] = (uint8_t)((a[x] + b[x] + c[x] + 4) / 9);
    }
    free(rows);
}

void filter_invert(const struct image *in, struct image *out)
{
    size_t n = (size_t)in->w * (size_t)in->h;
    image_alloc(out, in->w, in->h);
    for (size_t i = 0; i < n; i++)
        out->px[i] = (uint8_t)(255 - in->px[i]);
}

enum { FLAT_RANGE = 12, FLAT_MEANS = 6 };

/* Local thresholds; with steady, a dead band around each that keeps the colour before it. */
static void binarise(const struct image *in, int block, bool steady, struct image *out)
{
    int w = in->w, h = in->h;
    block = block < 2 ? 2 : block;
    int bw = (w + block - 1) / block, bh = (h + block - 1) / block;
    int *mean = xmalloc(sizeof *mean * (size_t)bw * (size_t)bh);
    uint8_t *lo = xmalloc((size_t)bw * (size_t)bh), *hi = xmalloc((size_t)bw * (size_t)bh);
    for (int by = 0; by < bh; by++)
        for (int bx = 0; bx < bw; bx++) {
            int x1 = (bx + 1) * block > w ? w : (bx + 1) * block;
            int y1 = (by + 1) * block > h ? h : (by + 1) * block;
            int sum = 0, mn = 255, mx = 0;
            for (int y = by * block; y < y1; y++) {
                const uint8_t *p = in->px + (size_t)y * (size_t)w;
                for (int x = bx * block; x < x1; x++) {
                    sum += p[x];
                    mn = p[x] < mn ? p[x] : mn;
                    mx = p[x] > mx ? p[x] : mx;
                }
            }
            size_t b = (size_t)by * (size_t)bw + (size_t)bx;
            mean[b] = sum / ((x1 - bx * block) * (y1 - by * block));
            lo[b] = (uint8_t)mn;
            hi[b] = (uint8_t)mx;
        }
    image_alloc(out, w, h);
    for (int by = 0; by < bh; by++)
        for (int bx = 0; bx < bw; bx++) {
            int sum = 0, n = 0, mn = 255, mx = 0, mean_lo = 255, mean_hi = 0;
            for (int y = by - 2; y <= by + 2; y++)
                for (int x = bx - 2; x <= bx + 2; x++) {
                    if (x < 0 || y < 0 || x >= bw || y >= bh)
                        continue;
                    size_t b = (size_t)y * (size_t)bw + (size_t)x;
                    sum += mean[b];
                    n++;
                    mean_lo = mean[b] < mean_lo ? mean[b] : mean_lo;
                    mean_hi = mean[b] > mean_hi ? mean[b] : mean_hi;
                    mn = lo[b] < mn ? lo[b] : mn;
                    mx = hi[b] > mx ? hi[b] : mx;
                }
            /*
             * Flat: all white. Steady, a neighbourhood is flat when its
             * blocks' means hardly differ, however noisy its pixels.
             */
            bool flat = mx - mn < FLAT_RANGE || (steady && mean_hi - mean_lo < FLAT_MEANS);
            int t = flat ? -1 : sum / n;
            int band = steady && t >= 0 ? (mx - mn) / 12 : 0;
            int x1 = (bx + 1) * block > w ? w : (bx + 1) * block;
            int y1 = (by + 1) * block > h ? h : (by + 1) * block;
            for (int y = by * block; y < y1; y++) {
                const uint8_t *p = in->px + (size_t)y * (size_t)w;
                uint8_t *o = out->px + (size_t)y * (size_t)w;
                int x = bx * block;
                if (band == 0) {
                    for (; x < x1; x++)
                        o[x] = p[x] <= t ? 0 : 255;
                    continue;
                }
                if (x == 0)
                    o[x] = p[x] <= t ? 0 : 255, x++;
                /* Without branches: noise makes them unpredictable. */
                for (int prev = o[x - 1]; x < x1; x++) {
                    int light = p[x] > t + band, keep = p[x] > t - band && !light;
                    prev = (-light & 255) | (-keep & prev);
                    o[x] = (uint8_t)prev;
                }
            }
        }
    free(mean);
    free(lo);
    free(hi);
}

void filter_binarise(const struct image *in, int block, struct image *out)
{
    binarise(in, block, false, out);
}

void filter_binarise_steady(const struct image *in, int block, struct image *out)
{
    binarise(in, block, true, out);
}
