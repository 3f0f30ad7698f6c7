/*
 * Realistic kiosk camera frames for the decoding benchmark and tests:
 * badges (PNG files from `entrada badge --png`, named CODE.png) held at an
 * angle, tilted in perspective, blurred, noisy, dim or under a glare, over
 * photograph-like backgrounds; and scenes with no code at all (walls,
 * textures, text, faces-like shapes, a badge without its code).
 *
 * Usage: make_frames OUTDIR SEED BADGES SCENES BADGE.png...
 * Writes OUTDIR/badge-NNN.pgm with badge-NNN.txt (the code), OUTDIR/scene-NNN.pgm,
 * and the same frames back to back as raw 1280x720 greyscale in
 * OUTDIR/badges.raw and OUTDIR/scenes.raw (what a camera delivers); and
 * OUTDIR/still.raw, the last scene 30 times with fresh sensor noise each
 * time (a camera watching an empty room).
 */
#include "entrada/image.h"
#include "entrada/xmalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { W = 1280, H = 720 };

static unsigned long long rng_state;

static double rnd(void) /* uniform in [0, 1) */
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

static double uniform(double lo, double hi)
{
    return lo + (hi - lo) * rnd();
}

static double gauss(void)
{
    double u = rnd() + 1e-12, v = rnd();
    return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

/* Frames are built in floats (0..255) and quantised at the end. */
static float *px;

static void fill_ellipse(double cx, double cy, double rx, double ry, double v)
{
    for (int y = (int)(cy - ry); y <= (int)(cy + ry); y++)
        for (int x = (int)(cx - rx); x <= (int)(cx + rx); x++) {
            double dx = (x - cx) / rx, dy = (y - cy) / ry;
            if (x >= 0 && y >= 0 && x < W && y < H && dx * dx + dy * dy <= 1)
                px[y * W + x] = (float)v;
        }
}

static void fill_rect(double x0, double y0, double w, double h, double v)
{
    for (int y = (int)y0; y < (int)(y0 + h); y++)
        for (int x = (int)x0; x < (int)(x0 + w); x++)
            if (x >= 0 && y >= 0 && x < W && y < H)
                px[y * W + x] = (float)v;
}

/* Lines of word-like dark blocks on a light sheet: text seen from afar. */
static void text_block(double x0, double y0, double w, double h, double size)
{
    fill_rect(x0, y0, w, h, uniform(190, 240));
    for (double y = y0 + size; y + size < y0 + h; y += size * 1.8)
        for (double x = x0 + size; x < x0 + w - size;) {
            double word = size * uniform(1.5, 6);
            if (x + word > x0 + w - size)
                break;
            for (double c = x; c < x + word; c += size * 0.6)
                fill_rect(c, y + size * uniform(0, 0.3), size * 0.35, size * uniform(0.5, 1),
                          uniform(20, 70));
            x += word + size * 0.7;
        }
}

static void face(double cx, double cy, double r)
{
    fill_ellipse(cx, cy + r * 1.9, r * 1.6, r * 1.1, uniform(30, 90)); /* shoulders */
    fill_ellipse(cx, cy, r * 0.8, r, uniform(120, 190));
    fill_ellipse(cx, cy - r * 0.75, r * 0.85, r * 0.45, uniform(20, 70)); /* hair */
    for (int s = -1; s <= 1; s += 2)
        fill_ellipse(cx + s * r * 0.32, cy - r * 0.1, r * 0.13, r * 0.07, 40);
    fill_ellipse(cx, cy + r * 0.5, r * 0.28, r * 0.06, 70);
}

/* A photograph-like background: lighting gradient, furniture, a poster, people, texture. */
static void background(int kind)
{
    double a = uniform(60, 200), gx = uniform(-0.08, 0.08), gy = uniform(-0.08, 0.08);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            px[y * W + x] = (float)(a + gx * (x - W / 2) + gy * (y - H / 2));
    if (kind == 0) /* a plain wall */
        return;
    if (kind == 1) { /* textures: stripes, bricks, checks, fabric */
        int t = (int)uniform(0, 4);
        double p = uniform(6, 40), lo = uniform(30, 110), hi = uniform(140, 230);
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                int on = t == 0   ? (int)(x / p) % 2
                         : t == 1 ? ((int)(y / p) % 3 == 0 ||
                                     (int)((x + ((int)(y / p) % 2) * p) / (p * 2)) % 5 == 0)
                         : t == 2 ? ((int)(x / p) + (int)(y / p)) % 2
                                  : rnd() < 0.5;
                px[y * W + x] = (float)(on ? hi : lo);
            }
        return;
    }
    for (int i = 0, n = (int)uniform(3, 9); i < n; i++)
        fill_rect(uniform(-200, W), uniform(-200, H), uniform(80, 500), uniform(80, 400),
                  uniform(20, 235));
    if (kind == 2 || rnd() < 0.5)
        text_block(uniform(0, W - 400), uniform(0, H - 300), uniform(200, 500), uniform(120, 300),
                   uniform(5, 16));
    if (kind == 3 || rnd() < 0.5)
        face(uniform(200, W - 200), uniform(150, H - 250), uniform(60, 160));
}

/* The 3x3 homography taking the unit square's corners to q[4][2]. */
static void square_to_quad(const double q[4][2], double m[9])
{
    double x0 = q[0][0], y0 = q[0][1], x1 = q[1][0], y1 = q[1][1];
    double x2 = q[2][0], y2 = q[2][1], x3 = q[3][0], y3 = q[3][1];
    double dx1 = x1 - x2, dx2 = x3 - x2, dy1 = y1 - y2, dy2 = y3 - y2;
    double sx = x0 - x1 + x2 - x3, sy = y0 - y1 + y2 - y3;
    double den = dx1 * dy2 - dx2 * dy1;
    double g = (sx * dy2 - dx2 * sy) / den, h = (dx1 * sy - sx * dy1) / den;
    m[0] = x1 - x0 + g * x1, m[1] = x3 - x0 + h * x3, m[2] = x0;
    m[3] = y1 - y0 + g * y1, m[4] = y3 - y0 + h * y3, m[5] = y0;
    m[6] = g, m[7] = h, m[8] = 1;
}

static void invert3(const double m[9], double r[9])
{
    double d = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
               m[2] * (m[3] * m[7] - m[4] * m[6]);
    r[0] = (m[4] * m[8] - m[5] * m[7]) / d, r[1] = (m[2] * m[7] - m[1] * m[8]) / d;
    r[2] = (m[1] * m[5] - m[2] * m[4]) / d, r[3] = (m[5] * m[6] - m[3] * m[8]) / d;
    r[4] = (m[0] * m[8] - m[2] * m[6]) / d, r[5] = (m[2] * m[3] - m[0] * m[5]) / d;
    r[6] = (m[3] * m[7] - m[4] * m[6]) / d, r[7] = (m[1] * m[6] - m[0] * m[7]) / d;
    r[8] = (m[0] * m[4] - m[1] * m[3]) / d;
}

/*
 * The badge (rows from top to bottom_frac of its height) on the frame:
 * scaled, turned, tilted; paper and ink levels make the contrast. Pixels
 * are averaged over 2x2 samples, as a lens would.
 */
static void put_badge(const struct image *b, double bottom_frac, double paper, double ink)
{
    double bw = b->w, bh = b->h * bottom_frac;
    double scale = uniform(0.45, 1.15), angle = uniform(-0.6, 0.6);
    double cx = uniform(W * 0.3, W * 0.7), cy = uniform(H * 0.35, H * 0.65);
    double q[4][2], corner[4][2] = { { 0, 0 }, { bw, 0 }, { bw, bh }, { 0, bh } };
    double tilt_x = uniform(-0.25, 0.25), tilt_y = uniform(-0.25, 0.25);
    for (int i = 0; i < 4; i++) {
        double x = (corner[i][0] - bw / 2) * scale, y = (corner[i][1] - bh / 2) * scale;
        double k = 1 + tilt_x * x / (bw * scale) + tilt_y * y / (bh * scale); /* nearer: bigger */
        x *= k, y *= k;
        q[i][0] = cx + x * cos(angle) - y * sin(angle);
        q[i][1] = cy + x * sin(angle) + y * cos(angle);
    }
    double m[9], inv[9];
    square_to_quad(q, m);
    invert3(m, inv);
    double minx = W, miny = H, maxx = 0, maxy = 0;
    for (int i = 0; i < 4; i++) {
        minx = fmin(minx, q[i][0]), maxx = fmax(maxx, q[i][0]);
        miny = fmin(miny, q[i][1]), maxy = fmax(maxy, q[i][1]);
    }
    for (int y = (int)fmax(miny, 0); y < (int)fmin(maxy + 1, H); y++)
        for (int x = (int)fmax(minx, 0); x < (int)fmin(maxx + 1, W); x++) {
            double sum = 0;
            int n = 0;
            for (int s = 0; s < 4; s++) {
                double fx = x + 0.25 + 0.5 * (s & 1), fy = y + 0.25 + 0.5 * (s >> 1);
                double w = inv[6] * fx + inv[7] * fy + inv[8];
                double u = (inv[0] * fx + inv[1] * fy + inv[2]) / w * bw;
                double v = (inv[3] * fx + inv[4] * fy + inv[5]) / w * bh;
                if (u < 0 || v < 0 || u >= bw - 1 || v >= bh - 1)
                    continue;
                int iu = (int)u, iv = (int)v;
                double du = u - iu, dv = v - iv;
                const uint8_t *p = b->px + (size_t)iv * (size_t)b->w + (size_t)iu;
                double g = (p[0] * (1 - du) + p[1] * du) * (1 - dv) +
                           (p[b->w] * (1 - du) + p[b->w + 1] * du) * dv;
                sum += ink + (paper - ink) * g / 255;
                n++;
            }
            if (n)
                px[y * W + x] = (float)((px[y * W + x] * (4 - n) + sum) / 4);
        }
}

/* Box blur of radius r, rows then columns (a defocused lens or a moving hand). */
static void blur(int r)
{
    if (r <= 0)
        return;
    float *t = xmalloc(sizeof *t * (W > H ? W : H));
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            double s = 0;
            for (int k = -r; k <= r; k++)
                s += px[y * W + (x + k < 0 ? 0 : x + k >= W ? W - 1 : x + k)];
            t[x] = (float)(s / (2 * r + 1));
        }
        memcpy(px + y * W, t, sizeof *t * W);
    }
    for (int x = 0; x < W; x++) {
        for (int y = 0; y < H; y++) {
            double s = 0;
            for (int k = -r; k <= r; k++)
                s += px[(y + k < 0 ? 0 : y + k >= H ? H - 1 : y + k) * W + x];
            t[y] = (float)(s / (2 * r + 1));
        }
        for (int y = 0; y < H; y++)
            px[y * W + x] = t[y];
    }
    free(t);
}

/* Lighting over the whole frame, a glare spot, sensor noise; then to bytes. */
static void finish(uint8_t *out, double glare)
{
    double gx = uniform(0, W), gy = uniform(0, H), gr = uniform(60, 220);
    double gain = uniform(0.55, 1.1), offset = uniform(-10, 30), noise = uniform(1, 12);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            double d2 = ((x - gx) * (x - gx) + (y - gy) * (y - gy)) / (gr * gr);
            double v = px[y * W + x] * gain + offset + glare * exp(-d2) + noise * gauss();
            out[y * W + x] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v + 0.5);
        }
}

static void write_pgm(const char *dir, const char *kind, int i, const uint8_t *frame, FILE *raw)
{
    char *path = xasprintf("%s/%s-%03d.pgm", dir, kind, i);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fprintf(f, "P5\n%d %d\n255\n", W, H) < 0 || fwrite(frame, W, H, f) != H ||
        fclose(f) != 0 || fwrite(frame, W, H, raw) != H) {
        perror(path);
        exit(1);
    }
    free(path);
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: make_frames OUTDIR SEED BADGES SCENES BADGE.png...\n");
        return 64;
    }
    const char *dir = argv[1];
    rng_state = strtoull(argv[2], NULL, 10) * 2654435761ULL + 88172645463325252ULL;
    int nbadges = atoi(argv[3]), nscenes = atoi(argv[4]), nfiles = argc - 5;
    struct image *badge = xcalloc((size_t)nfiles, sizeof *badge);
    for (int i = 0; i < nfiles; i++) {
        char *why = NULL;
        if (!image_load(argv[5 + i], &badge[i], &why)) {
            fprintf(stderr, "make_frames: %s\n", why);
            return 1;
        }
    }
    px = xmalloc(sizeof *px * W * H);
    uint8_t *frame = xmalloc(W * H);
    char *path = xasprintf("%s/badges.raw", dir);
    FILE *raw = fopen(path, "wb");
    free(path);
    for (int i = 0; i < nbadges && raw; i++) {
        int which = i % nfiles;
        background((int)uniform(0, 4));
        double paper = uniform(150, 255), ink = uniform(0, 80);
        if (rnd() < 0.25) /* low contrast: grey ink on grey paper */
            paper = uniform(130, 180), ink = paper - uniform(35, 70);
        put_badge(&badge[which], 1, paper, ink);
        blur(rnd() < 0.5 ? 0 : (int)uniform(1, 2.99));
        finish(frame, rnd() < 0.3 ? uniform(60, 160) : 0);
        write_pgm(dir, "badge", i, frame, raw);
        /* The code is the file's name (CODE.png). */
        const char *name = strrchr(argv[5 + which], '/');
        name = name ? name + 1 : argv[5 + which];
        char *txt = xasprintf("%s/badge-%03d.txt", dir, i);
        FILE *t = fopen(txt, "wb");
        if (t == NULL || fprintf(t, "%.*s", (int)(strlen(name) - 4), name) < 0 || fclose(t)) {
            perror(txt);
            return 1;
        }
        free(txt);
    }
    if (raw == NULL || fclose(raw) != 0) {
        perror("badges.raw");
        return 1;
    }
    path = xasprintf("%s/scenes.raw", dir);
    raw = fopen(path, "wb");
    free(path);
    for (int i = 0; i < nscenes && raw; i++) {
        background(i % 4);
        if (i % 5 == 4) /* a badge turned so that its code is out of view */
            put_badge(&badge[i % nfiles], 0.55, uniform(180, 255), uniform(0, 60));
        blur(i % 3 == 0 ? 1 : 0);
        finish(frame, i % 4 == 1 ? uniform(60, 160) : 0);
        write_pgm(dir, "scene", i, frame, raw);
    }
    if (raw == NULL || fclose(raw) != 0) {
        perror("scenes.raw");
        return 1;
    }
    path = xasprintf("%s/still.raw", dir);
    raw = fopen(path, "wb");
    free(path);
    for (int i = 0; i < 30 && raw; i++) {
        for (size_t p = 0; p < (size_t)W * H; p++) {
            double v = px[p] + 4 * gauss();
            frame[p] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v + 0.5);
        }
        if (fwrite(frame, W, H, raw) != H)
            break;
    }
    if (raw == NULL || fclose(raw) != 0) {
        perror("still.raw");
        return 1;
    }
    for (int i = 0; i < nfiles; i++)
        image_free(&badge[i]);
    free(badge);
    free(frame);
    free(px);
    return 0;
}
