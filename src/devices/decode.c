/*
 * QR decoding: zbar with only QR enabled, over a list of passes, in two
 * modes.
 *
 * Thorough (image files): every pass in turn until one finds a code, so a
 * clear badge costs one zbar scan and a hard photograph a few more; the
 * passes that would be slow on a whole large picture (double size) run
 * only on the regions that finder patterns point at.
 *
 * Camera (a stream of frames): a budget per frame. Every frame gets a
 * cheap first look: half size, black and white by local thresholds, and a
 * search for finder patterns (finder.c). Only a frame where the look finds
 * some gets zbar, and only on the region around them: an ordinary scan
 * every frame, and one of the more expensive passes in turn, the next one
 * on the next frame, so a code that only the fourth pass reads is read on
 * the fourth frame, and no frame pays for them all. A region that went
 * through every pass without a code (a texture that looks like a finder)
 * rests for a while, so an empty scene costs little more than the look;
 * and a frame much like the last one looked at, which held nothing, is not
 * looked at (a still, empty scene costs a coarse comparison).
 */
#include "entrada/decode.h"
#include "entrada/filter.h"
#include "entrada/finder.h"
#include "entrada/text.h"
#include "entrada/xmalloc.h"

#include <iconv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zbar.h>

#define BUDGET_MS 10.0 /* per frame, on the 2-core development machine */

enum {
    MAX_MARKS = 64,
    MAX_REGIONS = 4,
    REST_FRAMES = 60,     /* a region that had every pass without a code rests this long */
    GRID_W = 16,          /* a frame's coarse picture, to tell a still scene: cells across */
    GRID_H = 9,           /* and down */
    STILL_LEVELS = 6,     /* no cell's mean moved more than this since the last look: still */
    LOOK_EVERY = 15,      /* frames: a still scene is looked at again this often all the same */
    MAX_CROP_PX = 160000, /* larger regions are read from the half-size copy */
    HUGE_MODULE = 24,     /* pixels: a finder pattern 170 pixels wide, a code most of the frame */
};

struct decode {
    zbar_image_scanner_t *scanner;
    struct image work, half, bin, crop; /* scratch */
    /* The camera path's memory of the frames before (in the look's pixels). */
    int next_pass;                      /* the expensive pass the next frame tries */
    int passes_here;                    /* expensive passes tried on this region so far */
    float here_x, here_y;               /* the centre of the region they were tried on */
    unsigned long frame_no, here_frame; /* frames seen; the last one that had that region */
    struct rest {                       /* regions that look like codes and are not, for a while */
        float x, y, module;
        int marks;
        bool light;
        int frames;
    } rests[MAX_REGIONS];
    struct decode_look look;       /* the latest frame's first look */
    uint8_t grid[GRID_W * GRID_H]; /* the coarse picture of the frame last looked at */
    int since_look;                /* frames since then; -1 before the first */
    bool saw_regions;              /* that look found some */
};

struct decode *decode_create(void)
{
    struct decode *d = xcalloc(1, sizeof *d);
    d->since_look = -1;
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
    image_free(&d->half);
    image_free(&d->bin);
    image_free(&d->crop);
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

/* The camera path's passes after the ordinary scan of a region, cheapest first. */
enum crop_pass { CROP_BINARISED, CROP_BLURRED, CROP_SIZED, CROP_STRETCHED, CROP_PASSES };
static const char *const crop_names[CROP_PASSES] = { "region binarised", "region blurred",
                                                     "region resized", "region stretched" };

/* The transformed crop for pass p of a region whose modules are module pixels wide. */
static const struct image *crop_pass(struct decode *d, enum crop_pass p, float module,
                                     const struct image *crop)
{
    image_free(&d->work);
    switch (p) {
    case CROP_BINARISED: {
        int block = (int)(module * 1.5f);
        filter_binarise(crop, block < 4 ? 4 : block > 32 ? 32 : block, &d->work);
        break;
    }
    case CROP_BLURRED:
        filter_blur(crop, &d->work);
        break;
    case CROP_SIZED: /* small modules doubled, big noisy ones halved */
        if (module < 3.5f && crop->w <= 640 && crop->h <= 640)
            filter_double(crop, &d->work);
        else if (module > 7)
            filter_halve(crop, &d->work);
        else
            return NULL;
        break;
    case CROP_STRETCHED:
        filter_stretch(crop, &d->work);
        break;
    default:
        return NULL;
    }
    return &d->work;
}

/*
 * Region r of the look cut out of img into d->crop (inverted if light):
 * from the half-size copy when its modules are big enough there, or the
 * region is large, which costs a quarter. Returns the module size in the
 * crop's pixels.
 */
static float cut(struct decode *d, const struct image *img, const struct finder_region *r,
                 int scale)
{
    image_free(&d->crop);
    if (scale == 1 || r->module >= 3 || (r->module >= 1.5f && r->w * r->h > MAX_CROP_PX / 4)) {
        image_crop(scale == 1 ? img : &d->half, r->x, r->y, r->w, r->h, &d->crop);
        scale = 1;
    } else {
        image_crop(img, r->x * scale, r->y * scale, r->w * scale, r->h * scale, &d->crop);
    }
    if (r->light) {
        struct image inv;
        filter_invert(&d->crop, &inv);
        image_free(&d->crop);
        d->crop = inv;
    }
    return r->module * (float)scale;
}

static double clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The first look: finder patterns in a half-size (large frames), black-and-white copy of img. */
static int look(struct decode *d, const struct image *img, struct finder_region *regions,
                int *scale)
{
    double t0 = clock_ms();
    const struct image *small = img;
    *scale = 1;
    if (img->w >= 640 && img->h >= 360) {
        image_free(&d->half);
        filter_halve(img, &d->half);
        small = &d->half;
        *scale = 2;
    }
    image_free(&d->bin);
    filter_binarise_steady(small, 8, &d->bin);
    struct finder_mark marks[MAX_MARKS];
    int n = finder_find(&d->bin, marks, MAX_MARKS);
    int nr = finder_regions(marks, n, small->w, small->h, regions, MAX_REGIONS);
    d->look = (struct decode_look){ n, nr, clock_ms() - t0, false };
    return nr;
}

/* Is region r (in the look's pixels) one that rests? */
static bool resting(const struct decode *d, const struct finder_region *r)
{
    float x = (float)r->x + (float)r->w / 2, y = (float)r->y + (float)r->h / 2;
    for (int i = 0; i < MAX_REGIONS; i++) {
        const struct rest *k = &d->rests[i];
        if (k->frames > 0 && k->marks == r->marks && r->light == k->light &&
            fabsf(x - k->x) < 4 * k->module && fabsf(y - k->y) < 4 * k->module &&
            r->module < k->module * 1.4f && r->module * 1.4f > k->module)
            return true;
    }
    return false;
}

/* Region r had every pass without a code: let it rest for REST_FRAMES. */
static void rest_region(struct decode *d, const struct finder_region *r)
{
    struct rest *k = &d->rests[0];
    for (int i = 1; i < MAX_REGIONS; i++)
        if (d->rests[i].frames < k->frames)
            k = &d->rests[i];
    *k = (struct rest){ (float)r->x + (float)r->w / 2,
                        (float)r->y + (float)r->h / 2,
                        r->module,
                        r->marks,
                        r->light,
                        REST_FRAMES };
}

/*
 * Is img much as the frame last looked at, which held nothing like a code?
 * A coarse picture (the mean of every fourth pixel of every fourth row in
 * each of 16 x 9 cells: sensor noise averages out, a badge coming into view
 * does not) is compared with that frame's. Every LOOK_EVERY frames the
 * answer is no all the same. When no, img's picture is kept for next time.
 */
static bool still(struct decode *d, const struct image *img)
{
    uint8_t grid[GRID_W * GRID_H];
    int cw = img->w / GRID_W, ch = img->h / GRID_H;
    for (int gy = 0; gy < GRID_H; gy++)
        for (int gx = 0; gx < GRID_W; gx++) {
            unsigned sum = 0, n = 0;
            for (int y = gy * ch; y < (gy + 1) * ch; y += 4) {
                const uint8_t *p = img->px + (size_t)y * (size_t)img->w + (size_t)(gx * cw);
                for (int x = 0; x < cw; x += 4, n++)
                    sum += p[x];
            }
            grid[gy * GRID_W + gx] = (uint8_t)(n ? sum / n : 0);
        }
    bool same = d->since_look >= 0 && d->since_look < LOOK_EVERY && !d->saw_regions;
    for (int i = 0; i < GRID_W * GRID_H && same; i++)
        same = abs(grid[i] - d->grid[i]) <= STILL_LEVELS;
    if (same) {
        d->since_look++;
        return true;
    }
    memcpy(d->grid, grid, sizeof grid);
    d->since_look = 0;
    return false;
}

/* Is region a scanned before b: strong evidence first, then the smaller? */
static bool before(const struct finder_region *a, const struct finder_region *b)
{
    bool strong_a = a->marks >= 3, strong_b = b->marks >= 3;
    if (strong_a != strong_b)
        return strong_a;
    return a->w * a->h < b->w * b->h;
}

int decode_frame(struct decode *d, const struct image *img, struct decode_result *out)
{
    memset(out, 0, sizeof *out);
    if (img->w < 8 || img->h < 8)
        return 0;
    double t0 = clock_ms();
    d->frame_no++;
    for (int i = 0; i < MAX_REGIONS; i++)
        if (d->rests[i].frames > 0)
            d->rests[i].frames--;
    if (img->w >= GRID_W * 4 && img->h >= GRID_H * 4 && still(d, img)) {
        d->look = (struct decode_look){ 0, 0, 0, true };
        return 0; /* nothing there before, and nothing changed */
    }
    struct finder_region all[MAX_REGIONS], regions[MAX_REGIONS];
    int scale, n = look(d, img, all, &scale), nr = 0;
    for (int i = 0; i < n; i++) {
        /* Weak evidence of a code that would fill the frame: a texture, or a face. */
        bool huge = all[i].marks < 3 && all[i].module * (float)scale > HUGE_MODULE;
        if (!huge && !resting(d, &all[i]))
            regions[nr++] = all[i];
    }
    d->saw_regions = nr > 0;
    if (nr == 0) {
        d->passes_here = 0;
        return 0;
    }
    /*
     * An ordinary scan of the regions within budget: those with three finder
     * patterns (a code, most likely) first, then the smallest (cheapest) first.
     */
    int order[MAX_REGIONS];
    for (int i = 0; i < nr; i++) {
        int j = i;
        for (; j > 0 && before(&regions[i], &regions[order[j - 1]]); j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    for (int k = 0; k < nr && (k == 0 || clock_ms() - t0 < BUDGET_MS / 2); k++) {
        int i = order[k];
        cut(d, img, &regions[i], scale);
        if (d->crop.w >= 8 && d->crop.h >= 8 && scan_once(d, &d->crop, 1, out) > 0) {
            out->pass = regions[i].light ? "region inverted" : "region plain";
            d->passes_here = 0;
            return out->n;
        }
    }
    /* One expensive pass on the best region, the next one on the next frame. */
    const struct finder_region *r = &regions[0];
    float x = (float)r->x + (float)r->w / 2, y = (float)r->y + (float)r->h / 2;
    bool near = fabsf(x - d->here_x) <= 10 * r->module && fabsf(y - d->here_y) <= 10 * r->module;
    bool stayed = near && d->here_frame + 1 == d->frame_no;
    if (!near)
        d->passes_here = 0; /* somewhere else: a new region */
    d->here_x = x, d->here_y = y, d->here_frame = d->frame_no;
    /*
     * Fewer than three finder patterns is weak evidence (text and textures
     * make some): such a region waits for a second frame that still shows it.
     */
    if (r->marks < 3 && !stayed)
        return 0;
    float module = cut(d, img, r, scale);
    for (int tries = 0; tries < CROP_PASSES; tries++) {
        enum crop_pass p = (enum crop_pass)d->next_pass;
        d->next_pass = (d->next_pass + 1) % CROP_PASSES;
        const struct image *in = crop_pass(d, p, module, &d->crop);
        if (in == NULL)
            continue; /* not for this size: the next pass now */
        d->passes_here++;
        if (in->w >= 8 && in->h >= 8 && scan_once(d, in, 1, out) > 0) {
            out->pass = crop_names[p];
            d->passes_here = 0;
            return out->n;
        }
        break;
    }
    if (d->passes_here >= CROP_PASSES) {
        rest_region(d, r);
        d->passes_here = 0;
    }
    return 0;
}

const struct decode_look *decode_last_look(const struct decode *d)
{
    return &d->look;
}

/* Thorough passes over a whole image (files). */
static void pass_halve(struct decode *d, const struct image *in, struct image *out)
{
    (void)d;
    filter_halve(in, out);
}

static void pass_stretch(struct decode *d, const struct image *in, struct image *out)
{
    (void)d;
    filter_stretch(in, out);
}

static void pass_blur(struct decode *d, const struct image *in, struct image *out)
{
    (void)d;
    filter_blur(in, out);
}

static void pass_double(struct decode *d, const struct image *in, struct image *out)
{
    (void)d;
    filter_double(in, out);
}

static void pass_binarise(struct decode *d, const struct image *in, struct image *out)
{
    (void)d;
    int side = in->w < in->h ? in->w : in->h;
    filter_binarise(in, side / 40 < 4 ? 4 : side / 40, out);
}

static void pass_invert(struct decode *d, const struct image *in, struct image *out)
{
    (void)d;
    filter_invert(in, out);
}

struct pass {
    const char *name;
    void (*transform)(struct decode *d, const struct image *in,
                      struct image *out); /* NULL: as it is */
    int min_side;                         /* skip smaller images */
    int max_side;                         /* skip larger images */
    int density;                          /* zbar scans every density-th line */
};

static const struct pass passes[] = {
    /* A camera-sized picture: a quick look at a quarter of the pixels, every other line. */
    { "half", pass_halve, 400, 1 << 30, 2 },
    { "plain", NULL, 0, 1 << 30, 1 },
    { "stretched", pass_stretch, 0, 1 << 30, 1 },
    { "blurred", pass_blur, 0, 1 << 30, 1 },
    { "half", pass_halve, 200, 399, 1 },
    { "double", pass_double, 0, 480, 1 },
    { "binarised", pass_binarise, 0, 1 << 30, 1 },
    { "inverted", pass_invert, 0, 480, 1 }, /* larger: the light finder patterns' regions */
};
enum { PASSES = sizeof passes / sizeof passes[0] };

int decode_pass_count(void)
{
    return PASSES + CROP_PASSES + 1;
}

const char *decode_pass_name(int i)
{
    static const char *const region[] = { "region plain", "region binarised", "region blurred",
                                          "region resized", "region stretched" };
    return i < PASSES ? passes[i].name : region[i - PASSES];
}

int decode_pass(struct decode *d, int i, const struct image *img, struct decode_result *out)
{
    memset(out, 0, sizeof *out);
    int side = img->w < img->h ? img->w : img->h;
    if (img->w < 8 || img->h < 8)
        return 0;
    if (i < PASSES) {
        const struct pass *p = &passes[i];
        if (side < p->min_side || side > p->max_side)
            return -1;
        const struct image *in = img;
        if (p->transform) {
            image_free(&d->work);
            p->transform(d, img, &d->work);
            in = &d->work;
        }
        if (in->w >= 8 && in->h >= 8 && scan_once(d, in, p->density, out) > 0)
            out->pass = p->name;
        return out->n;
    }
    /* The region passes: on each region the first look finds. */
    struct finder_region regions[MAX_REGIONS];
    int scale, nr = look(d, img, regions, &scale), ran = 0;
    for (int k = 0; k < nr; k++) {
        float module = cut(d, img, &regions[k], scale);
        const struct image *in = &d->crop;
        if (i > PASSES)
            in = crop_pass(d, (enum crop_pass)(i - PASSES - 1), module, &d->crop);
        if (in == NULL)
            continue;
        ran++;
        if (in->w >= 8 && in->h >= 8 && scan_once(d, in, 1, out) > 0) {
            out->pass = decode_pass_name(i);
            return out->n;
        }
    }
    return ran ? 0 : -1;
}

int decode_image(struct decode *d, const struct image *img, struct decode_result *out)
{
    for (int i = 0; i < decode_pass_count(); i++)
        if (decode_pass(d, i, img, out) > 0)
            return out->n;
    memset(out, 0, sizeof *out);
    return 0;
}
