/*
 * Finding QR finder patterns in black-and-white images. The idea is the
 * one every QR reader uses (the proportions 1:1:3:1:1 across a finder,
 * checked along a second direction); the tolerances are loose because
 * camera frames are tilted and blurred, and the decoder that runs after
 * this one is the judge.
 */
#include "entrada/finder.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { RAW_MAX = 256 };

/* Do the five runs look like 1:1:3:1:1? */
static bool ratio_ok(const int r[5])
{
    /* In sevenths of the total: a module is total / 7, give or take three quarters of one. */
    int total = r[0] + r[1] + r[2] + r[3] + r[4];
    if (total < 7)
        return false;
    int tol = total * 3;
    return abs(28 * r[0] - 4 * total) < tol && abs(28 * r[1] - 4 * total) < tol &&
           abs(28 * r[3] - 4 * total) < tol && abs(28 * r[4] - 4 * total) < tol &&
           abs(70 * r[2] - 30 * total) < 16 * total;
}

static bool dark_at(const struct image *bin, int x, int y)
{
    return bin->px[(size_t)y * (size_t)bin->w + (size_t)x] < 128;
}

/*
 * Down the column at cx from row y (inside the centre square): the runs
 * above and below must be 1:1:3:1:1 too, about as tall as the row's runs
 * are wide. The centre's row goes to *cy.
 */
static bool column_ok(const struct image *bin, int cx, int y, bool dark, int total, float *cy)
{
    int up[3] = { 0 }, down[3] = { 0 }, limit = total * 2;
    int yy = y, stage = 0;
    if (dark_at(bin, cx, y) != dark)
        return false;
    while (yy >= 0 && stage < 3 && up[0] + up[1] + up[2] < limit) {
        bool want = stage == 1 ? !dark : dark;
        if (dark_at(bin, cx, yy) == want) {
            up[stage]++;
            yy--;
        } else {
            stage++;
        }
    }
    if (up[2] == 0)
        return false;
    yy = y + 1, stage = 0;
    while (yy < bin->h && stage < 3 && down[0] + down[1] + down[2] < limit) {
        bool want = stage == 1 ? !dark : dark;
        if (dark_at(bin, cx, yy) == want) {
            down[stage]++;
            yy++;
        } else {
            stage++;
        }
    }
    if (down[2] == 0)
        return false;
    int r[5] = { up[2], up[1], up[0] + down[0], down[1], down[2] };
    int vt = r[0] + r[1] + r[2] + r[3] + r[4];
    if (!ratio_ok(r) || vt * 5 < total * 3 || vt * 3 > total * 5)
        return false;
    *cy = (float)(y - up[0] + 1) + (float)(up[0] + down[0]) / 2;
    return true;
}

static int add_mark(struct finder_mark *raw, int n, float x, float y, float module, bool light)
{
    for (int i = 0; i < n; i++) {
        struct finder_mark *k = &raw[i];
        if (k->light == light && fabsf(k->x - x) < k->module * 2.5f &&
            fabsf(k->y - y) < k->module * 2.5f && module < k->module * 1.7f &&
            module * 1.7f > k->module) {
            float h = (float)k->hits;
            k->x = (k->x * h + x) / (h + 1);
            k->y = (k->y * h + y) / (h + 1);
            k->module = (k->module * h + module) / (h + 1);
            k->hits++;
            return n;
        }
    }
    if (n == RAW_MAX)
        return n;
    raw[n] = (struct finder_mark){ x, y, module, light, 1 };
    return n + 1;
}

int finder_find(const struct image *bin, struct finder_mark *out, int max)
{
    struct finder_mark raw[RAW_MAX];
    int n = 0;
    for (int y = 0; y < bin->h; y++) {
        const uint8_t *p = bin->px + (size_t)y * (size_t)bin->w;
        int run[5] = { 0 }, runs = 0, start = 0;
        for (int x = 1; x <= bin->w; x++) {
            if (x + 8 <= bin->w) { /* eight pixels at a time through plain stretches */
                uint64_t a, b;
                memcpy(&a, p + x, 8);
                memcpy(&b, p + x - 1, 8);
                if (a == b) {
                    x += 7;
                    continue;
                }
            }
            if (x < bin->w && p[x] == p[x - 1])
                continue;
            /* The run from start to x ended: the five runs end with one of its colour. */
            bool dark = p[x - 1] < 128;
            run[0] = run[1], run[1] = run[2], run[2] = run[3], run[3] = run[4];
            run[4] = x - start;
            start = x;
            if (++runs >= 5 && run[2] >= run[1] && run[2] >= run[3] && ratio_ok(run)) {
                int total = run[0] + run[1] + run[2] + run[3] + run[4];
                int cx = x - run[4] - run[3] - run[2] / 2 - 1;
                float cy;
                if (column_ok(bin, cx, y, dark, total, &cy))
                    n = add_mark(raw, n, (float)(x - run[4] - run[3]) - (float)run[2] / 2, cy,
                                 (float)total / 7, !dark);
            }
        }
    }
    /* A finder's centre square is three modules tall: rows across it are as many. */
    int kept = 0;
    for (int i = 0; i < n && kept < max; i++)
        if (raw[i].hits >= 3 && (float)raw[i].hits >= raw[i].module * 1.5f)
            out[kept++] = raw[i];
    return kept;
}

/* More marks first; of as many, the smaller region (cheaper, and less likely a texture). */
static int compare_regions(const void *a, const void *b)
{
    const struct finder_region *x = a, *y = b;
    if (x->marks != y->marks)
        return y->marks - x->marks;
    return (x->w * x->h > y->w * y->h) - (x->w * x->h < y->w * y->h);
}

int finder_regions(const struct finder_mark *m, int n, int w, int h, struct finder_region *out,
                   int max)
{
    int group[RAW_MAX];
    n = n > RAW_MAX ? RAW_MAX : n;
    for (int i = 0; i < n; i++)
        group[i] = i;
    /* Marks of one polarity and size, no further apart than a large code is wide. */
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            float mod = (m[i].module + m[j].module) / 2;
            float dx = m[i].x - m[j].x, dy = m[i].y - m[j].y;
            if (m[i].light != m[j].light || m[i].module > m[j].module * 2 ||
                m[j].module > m[i].module * 2 || dx * dx + dy * dy > 50 * 50 * mod * mod)
                continue;
            int gi = group[i], gj = group[j];
            for (int k = 0; k < n; k++)
                if (group[k] == gj)
                    group[k] = gi;
        }
    int count = 0;
    for (int g = 0; g < n; g++) {
        float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f, mod = 0;
        int marks = 0;
        for (int i = 0; i < n; i++)
            if (group[i] == g) {
                x0 = fminf(x0, m[i].x), x1 = fmaxf(x1, m[i].x);
                y0 = fminf(y0, m[i].y), y1 = fmaxf(y1, m[i].y);
                mod += m[i].module;
                marks++;
            }
        if (marks == 0)
            continue;
        mod /= (float)marks;
        /* Three corners seen: the code is between them; fewer: it may lie on any side. */
        float margin = mod * (marks >= 3 ? 9 : 28);
        int rx0 = (int)fmaxf(x0 - margin, 0), ry0 = (int)fmaxf(y0 - margin, 0);
        int rx1 = (int)fminf(x1 + margin, (float)w), ry1 = (int)fminf(y1 + margin, (float)h);
        struct finder_region r = { rx0, ry0, rx1 - rx0, ry1 - ry0, mod, marks, m[g].light };
        if (count < max) {
            out[count++] = r;
        } else {
            qsort(out, (size_t)count, sizeof *out, compare_regions);
            if (compare_regions(&r, &out[count - 1]) < 0)
                out[count - 1] = r;
        }
    }
    qsort(out, (size_t)count, sizeof *out, compare_regions);
    return count;
}
