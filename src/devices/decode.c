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
 * every frame, then the more expensive passes, most likely first. Each
 * region is remembered from frame to frame with the passes it has had, so
 * a region that stays in view resumes its own list where it left it
 * (whatever other regions came and went meanwhile): one pass on the frame
 * that first shows it, as many as the budget holds on the frames after,
 * and no frame pays for them all. A region that went through every pass
 * without a code (a texture that looks like a finder) rests for a while,
 * so an empty scene costs little more than the look; and a frame much like
 * the last one looked at, which held nothing, is not looked at (a still,
 * empty scene costs a coarse comparison).
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

/*
 * Per frame, on the 2-core development machine, in the decoding thread's
 * own CPU time: what other programs take of the machine does not change
 * which passes a frame gets.
 */
#define BUDGET_MS 10.0

enum {
    MAX_MARKS = 64,
    MAX_REGIONS = 4,
    MAX_TRACKS = 8,       /* regions remembered from frame to frame */
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
    unsigned long frame_no; /* frames seen */
    struct track {          /* regions of the latest frames, each with its passes so far */
        float x, y, module; /* the centre */
        bool light;
        int next_pass;       /* the expensive pass it tries next */
        int frames_tried;    /* frames on which it had some */
        unsigned long seen;  /* the latest frame that showed it; 0: a free slot */
        unsigned long tried; /* the latest frame on which it had an expensive pass */
    } tracks[MAX_TRACKS];
    struct rest { /* regions that look like codes and are not, for a while */
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

/*
 * The camera path's passes after the ordinary scan of a region, most likely
 * first (the benchmark's table: binarised reads the most on regions, blurred
 * most of what it misses), then the two that read few (resized, stretched).
 */
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

static double cpu_ms(void) /* the calling thread's CPU time */
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
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

/*
 * The track of region r (in the look's pixels): the one remembered near
 * it, of its polarity, or a new one in the slot seen longest ago. *stayed:
 * the frame before showed it too.
 */
static struct track *track(struct decode *d, const struct finder_region *r, bool *stayed)
{
    float x = (float)r->x + (float)r->w / 2, y = (float)r->y + (float)r->h / 2;
    struct track *t = NULL, *oldest = &d->tracks[0];
    for (int i = 0; i < MAX_TRACKS; i++) {
        struct track *k = &d->tracks[i];
        if (k->seen > 0 && k->seen < d->frame_no && k->light == r->light &&
            fabsf(x - k->x) <= 10 * r->module && fabsf(y - k->y) <= 10 * r->module &&
            (t == NULL || fabsf(x - k->x) + fabsf(y - k->y) < fabsf(x - t->x) + fabsf(y - t->y)))
            t = k;
        if (k->seen < oldest->seen)
            oldest = k;
    }
    *stayed = t && t->seen + 1 == d->frame_no;
    if (t == NULL) {
        t = oldest;
        *t = (struct track){ .light = r->light };
    }
    t->x = x, t->y = y, t->module = r->module, t->seen = d->frame_no;
    return t;
}

/*
 * Is region a scanned before b: strong evidence first (three finder
 * patterns, or a region the frame before showed too), then the smaller?
 */
static bool before(const struct finder_region *a, bool stayed_a, const struct finder_region *b,
                   bool stayed_b)
{
    int strong_a = (a->marks >= 3) * 2 + stayed_a, strong_b = (b->marks >= 3) * 2 + stayed_b;
    if (strong_a != strong_b)
        return strong_a > strong_b;
    return a->w * a->h < b->w * b->h;
}

/*
 * Does region a (with track ta) get its expensive passes before b: the one
 * that had its last pass longer ago, then the one with more finder
 * patterns, then the smaller?
 */
static bool sooner(const struct track *ta, const struct finder_region *a, const struct track *tb,
                   const struct finder_region *b)
{
    if (ta->tried != tb->tried)
        return ta->tried < tb->tried;
    if (a->marks != b->marks)
        return a->marks > b->marks;
    return a->w * a->h < b->w * b->h;
}

int decode_frame(struct decode *d, const struct image *img, struct decode_result *out)
{
    memset(out, 0, sizeof *out);
    if (img->w < 8 || img->h < 8)
        return 0;
    double t0 = cpu_ms();
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
    if (nr == 0)
        return 0;
    /*
     * An ordinary scan of the regions within budget: those with three finder
     * patterns (a code, most likely) first, then those that stayed from the
     * frame before, then the smallest (cheapest) first.
     */
    struct track *tr[MAX_REGIONS];
    bool stayed[MAX_REGIONS];
    int order[MAX_REGIONS];
    for (int i = 0; i < nr; i++) {
        tr[i] = track(d, &regions[i], &stayed[i]);
        int j = i;
        for (;
             j > 0 && before(&regions[i], stayed[i], &regions[order[j - 1]], stayed[order[j - 1]]);
             j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    for (int k = 0; k < nr && (k == 0 || cpu_ms() - t0 < BUDGET_MS / 2); k++) {
        int i = order[k];
        cut(d, img, &regions[i], scale);
        if (d->crop.w >= 8 && d->crop.h >= 8 && scan_once(d, &d->crop, 1, out) > 0) {
            out->pass = regions[i].light ? "region inverted" : "region plain";
            tr[i]->seen = 0;
            return out->n;
        }
    }
    /*
     * The expensive passes, each region resuming its own list where the
     * frames before left it. Fewer than three finder patterns is weak
     * evidence (text and textures make some): such a region waits for a
     * second frame in a row that still shows it. Of the others, the one
     * that waited longest for a pass goes first (so that a region no pass
     * can read does not keep the passes from the rest: sooner()). The
     * frame's first pass always runs, and more while the budget holds
     * them, but only on regions that the frame before showed too (a scene
     * that changes every frame gets one pass a frame).
     */
    int cand[MAX_REGIONS], nc = 0;
    for (int i = 0; i < nr; i++) {
        if (regions[i].marks < 3 && !stayed[i])
            continue;
        int j = nc++;
        for (; j > 0 && sooner(tr[i], &regions[i], tr[cand[j - 1]], &regions[cand[j - 1]]); j--)
            cand[j] = cand[j - 1];
        cand[j] = i;
    }
    double last = 0; /* what the last pass cost: the next one will cost about as much */
    bool first = true;
    for (int c = 0; c < nc; c++) {
        int i = cand[c];
        struct track *t = tr[i];
        float module = 0;
        bool cut_yet = false;
        while (t->next_pass < CROP_PASSES) {
            double t1 = cpu_ms();
            if (!first && (!stayed[i] || t1 - t0 + last > BUDGET_MS))
                break;
            if (!cut_yet) {
                module = cut(d, img, &regions[i], scale);
                cut_yet = true;
            }
            enum crop_pass p = (enum crop_pass)t->next_pass++;
            const struct image *in = crop_pass(d, p, module, &d->crop);
            if (in == NULL)
                continue; /* not for this size: the next pass now */
            if (t->tried != d->frame_no)
                t->frames_tried++;
            t->tried = d->frame_no;
            first = false;
            if (in->w >= 8 && in->h >= 8 && scan_once(d, in, 1, out) > 0) {
                out->pass = crop_names[p];
                t->seen = 0;
                return out->n;
            }
            last = cpu_ms() - t1;
        }
        /*
         * Every pass tried: again from the first on a later frame (fresh
         * sensor noise may let one read it), unless the region has had
         * passes on as many frames as there are passes: then it rests.
         */
        if (t->next_pass == CROP_PASSES) {
            t->next_pass = 0;
            if (t->frames_tried >= CROP_PASSES) {
                rest_region(d, &regions[i]);
                t->seen = 0;
            }
        }
        if (cpu_ms() - t0 + last > BUDGET_MS)
            break;
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
