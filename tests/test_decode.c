/*
 * QR decoding: codes the project draws itself, and frames with nothing or
 * garbage in them; the thorough mode and the camera path with its budget.
 */
#include "check.h"
#include "entrada/decode.h"
#include "entrada/filter.h"

/* img scaled into a bigger grey frame at (x, y), with some noise. */
static void frame_with(const struct image *img, int w, int h, int x, int y, struct image *out)
{
    image_alloc(out, w, h);
    srand(1);
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
        out->px[i] = (uint8_t)(110 + rand() % 30);
    for (int r = 0; r < img->h && y + r < h; r++)
        for (int c = 0; c < img->w && x + c < w; c++)
            out->px[(size_t)(y + r) * (size_t)w + (size_t)(x + c)] =
                img->px[(size_t)r * (size_t)img->w + (size_t)c] ? 215 : 40;
}

/*
 * img at (x, y) in a w x h frame: paper and ink grey levels, uniform noise
 * of +-noise on every pixel.
 */
static void frame_noisy(const struct image *img, int w, int h, int x, int y, int paper, int ink,
                        int noise, struct image *out)
{
    image_alloc(out, w, h);
    srand(1);
    for (int r = 0; r < h; r++)
        for (int c = 0; c < w; c++) {
            int v = 120;
            if (r >= y && c >= x && r - y < img->h && c - x < img->w)
                v = img->px[(size_t)(r - y) * (size_t)img->w + (size_t)(c - x)] ? paper : ink;
            v += rand() % (2 * noise + 1) - noise;
            out->px[(size_t)r * (size_t)w + (size_t)c] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
        }
}

/* img pasted into frame at (x, y): paper and ink grey levels, noise of +-noise (from rand). */
static void paste_noisy(struct image *frame, const struct image *img, int x, int y, int paper,
                        int ink, int noise)
{
    for (int r = 0; r < img->h; r++)
        for (int c = 0; c < img->w; c++) {
            int v = img->px[(size_t)r * (size_t)img->w + (size_t)c] ? paper : ink;
            v += rand() % (2 * noise + 1) - noise;
            v = v < 0 ? 0 : v > 255 ? 255 : v;
            frame->px[(size_t)(y + r) * (size_t)frame->w + (size_t)(x + c)] = (uint8_t)v;
        }
}

/*
 * A QR code whose data modules are half of them flipped (its finder
 * patterns and quiet zone kept): it looks like a code to the first look,
 * and no pass reads it.
 */
static void scrambled_qr(int module_px, struct image *out)
{
    CHECK(image_qr("SCRAMBLED-0123456789", module_px, out));
    int m = out->w / module_px;
    srand(9);
    for (int my = 4; my < m - 4; my++)
        for (int mx = 4; mx < m - 4; mx++) {
            bool finder =
                (mx < 13 && my < 13) || (mx >= m - 13 && my < 13) || (mx < 13 && my >= m - 13);
            if (finder || rand() % 2)
                continue;
            for (int y = my * module_px; y < (my + 1) * module_px; y++)
                for (int x = mx * module_px; x < (mx + 1) * module_px; x++)
                    out->px[(size_t)y * (size_t)out->w + (size_t)x] ^= 255;
        }
}

/* The camera path on the same frame over and over: the frame (1, 2 ...) that read it, or 0. */
/* Frames a badge needing an expensive pass may take: as measured, or where passes are slow. */
#ifdef SLOW_PASSES
enum { BUDGET_FRAMES = 6 };
#else
enum { BUDGET_FRAMES = 3 };
#endif

static int frames_to_read(struct decode *d, const struct image *frame, int most, const char *want,
                          const char **pass)
{
    for (int i = 1; i <= most; i++) {
        struct decode_result r;
        int n = decode_frame(d, frame, &r);
        bool ok = n == 1 && strcmp(r.code[0], want) == 0;
        *pass = r.pass;
        decode_result_clear(&r);
        if (n > 0)
            return ok ? i : -1;
    }
    return 0;
}

static void test_camera(void)
{
    struct image qr, frame;
    struct decode_result r;
    const char *pass = NULL;
    CHECK(image_qr("RMC-UZWH279L", 4, &qr));

    /* A clear badge: read on its first frame, by the ordinary scan of its region. */
    struct decode *d = decode_create();
    frame_noisy(&qr, 1280, 720, 600, 250, 215, 40, 10, &frame);
    CHECK(frames_to_read(d, &frame, 1, "RMC-UZWH279L", &pass) == 1);
    CHECK_STR(pass, "region plain");
    CHECK(decode_last_look(d)->marks >= 3 && decode_last_look(d)->regions >= 1);
    image_free(&frame);
    decode_destroy(d);

    /*
     * So noisy that zbar alone cannot read it, nor the region's ordinary
     * scan: one of the expensive passes can, on one of the next frames.
     */
    d = decode_create();
    frame_noisy(&qr, 1280, 720, 600, 250, 200, 60, 50, &frame);
    CHECK(decode_scan(d, &frame, &r) == 0);
    decode_result_clear(&r);
    int took = frames_to_read(d, &frame, 5, "RMC-UZWH279L", &pass);
    CHECK(took >= 1 && took <= 5);
    CHECK(pass && strcmp(pass, "region plain") != 0);
    image_free(&frame);
    decode_destroy(d);

    /*
     * The budget's spreading: a noisy badge that only an expensive pass
     * reads comes into view together with something that looks like a code
     * and is not (smaller, so scanned first). The unreadable region must not
     * take every frame's expensive passes while the badge waits: each
     * region resumes its own passes, the one that waited longest first, so
     * the badge is read within three frames all the same (BUDGET_FRAMES).
     */
    d = decode_create();
    struct image decoy;
    scrambled_qr(3, &decoy);
    image_alloc(&frame, 1280, 720);
    srand(2);
    for (size_t i = 0; i < (size_t)1280 * 720; i++)
        frame.px[i] = (uint8_t)(115 + rand() % 11);
    paste_noisy(&frame, &decoy, 100, 200, 200, 60, 10);
    paste_noisy(&frame, &qr, 700, 250, 200, 60, 55);
    CHECK(decode_scan(d, &frame, &r) == 0);
    decode_result_clear(&r);
    took = frames_to_read(d, &frame, BUDGET_FRAMES, "RMC-UZWH279L", &pass);
    CHECK(took >= 1 && took <= BUDGET_FRAMES);
    CHECK(pass && strcmp(pass, "region plain") != 0);
    CHECK(decode_last_look(d)->regions == 2);
    /* And the decoy alone, held for 60 frames, is never read. */
    for (size_t i = 0; i < (size_t)1280 * 720; i++)
        frame.px[i] = (uint8_t)(115 + rand() % 11);
    paste_noisy(&frame, &decoy, 700, 250, 200, 60, 10);
    for (int i = 0; i < 60; i++) {
        CHECK(decode_frame(d, &frame, &r) == 0);
        decode_result_clear(&r);
    }
    image_free(&decoy);
    image_free(&frame);
    decode_destroy(d);

    /* Light on dark: found inverted, by the camera and in a file. */
    d = decode_create();
    frame_noisy(&qr, 1280, 720, 300, 200, 40, 210, 8, &frame);
    CHECK(frames_to_read(d, &frame, 3, "RMC-UZWH279L", &pass) >= 1);
    CHECK_STR(pass, "region inverted");
    CHECK(decode_image(d, &frame, &r) == 1);
    CHECK_STR(r.code[0], "RMC-UZWH279L");
    decode_result_clear(&r);
    image_free(&frame);
    decode_destroy(d);

    /*
     * Nothing in view: a noisy wall and a checkerboard, 60 frames each, read
     * nothing; a checkerboard's false finder patterns rest after their passes.
     */
    d = decode_create();
    image_alloc(&frame, 1280, 720);
    for (int scene = 0; scene < 2; scene++) {
        srand(7);
        for (int y = 0; y < 720; y++)
            for (int x = 0; x < 1280; x++)
                frame.px[(size_t)y * 1280 + (size_t)x] =
                    (uint8_t)(scene == 0 ? 100 + rand() % 40
                                         : ((x / 12 + y / 12) % 2 ? 200 : 50) + rand() % 10);
        for (int i = 0; i < 60; i++) {
            CHECK(decode_frame(d, &frame, &r) == 0);
            decode_result_clear(&r);
        }
    }
    image_free(&frame);
    decode_destroy(d);
    image_free(&qr);
}

/* The transforms keep what they should: a flat picture stays flat, sizes are right. */
static void test_filters(void)
{
    struct image in, out;
    image_alloc(&in, 33, 17);
    memset(in.px, 90, 33 * 17);
    filter_blur(&in, &out);
    bool flat = true;
    for (int i = 0; i < 33 * 17; i++)
        flat = flat && out.px[i] == 90;
    CHECK(flat && out.w == 33 && out.h == 17);
    image_free(&out);
    filter_binarise(&in, 8, &out); /* flat: white */
    CHECK(out.px[0] == 255 && out.px[33 * 17 - 1] == 255);
    image_free(&out);
    filter_halve(&in, &out);
    CHECK(out.w == 16 && out.h == 8 && out.px[0] == 90);
    image_free(&out);
    filter_double(&in, &out);
    CHECK(out.w == 66 && out.h == 34 && out.px[66 * 34 - 1] == 90);
    image_free(&out);
    in.px[0] = 10;
    filter_invert(&in, &out);
    CHECK(out.px[0] == 245 && out.px[1] == 165);
    image_free(&out);
    image_free(&in);
}

int main(void)
{
    struct decode *d = decode_create();
    struct decode_result r;
    struct image qr, frame;

    CHECK(image_qr("RMC-UZWH279L", 4, &qr));
    CHECK(decode_image(d, &qr, &r) == 1);
    CHECK_STR(r.code[0], "RMC-UZWH279L");
    CHECK(r.len[0] == 12 && r.pass != NULL);
    decode_result_clear(&r);

    /* In a 1280x720 camera-like frame, off centre, low contrast. */
    frame_with(&qr, 1280, 720, 700, 300, &frame);
    CHECK(decode_image(d, &frame, &r) == 1);
    CHECK_STR(r.code[0], "RMC-UZWH279L");
    decode_result_clear(&r);
    image_free(&frame);
    image_free(&qr);

    /* UTF-8 text and a long code survive. */
    CHECK(image_qr("Łukasz Boratyński · Cuesta López", 3, &qr));
    CHECK(decode_image(d, &qr, &r) == 1);
    CHECK_STR(r.code[0], "Łukasz Boratyński · Cuesta López");
    decode_result_clear(&r);
    image_free(&qr);

    /* Tiny modules: found at double size. */
    CHECK(image_qr("SMALL-1", 1, &qr));
    CHECK(decode_image(d, &qr, &r) == 1);
    CHECK_STR(r.code[0], "SMALL-1");
    decode_result_clear(&r);
    image_free(&qr);

    /* Nothing, garbage, and frames too small to hold anything: no code, no crash. */
    int sizes[][2] = { { 0, 0 }, { 1, 1 }, { 7, 3 }, { 640, 480 } };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        image_alloc(&frame, sizes[i][0], sizes[i][1]);
        for (size_t p = 0; p < (size_t)sizes[i][0] * (size_t)sizes[i][1]; p++)
            frame.px[p] = (uint8_t)rand();
        CHECK(decode_image(d, &frame, &r) == 0 && r.n == 0);
        decode_result_clear(&r);
        image_free(&frame);
    }

    /* Image files: a missing one and one that is not an image. */
    char *why = NULL;
    CHECK(!image_load("/nonexistent/badge.png", &frame, &why));
    CHECK_WHY(why, "/nonexistent/badge.png");
    const char *dir = check_tmpdir();
    char *junk = check_write(dir, "junk.png", "\x89PNG\r\n\x1a\nthis is no png at all", 0);
    CHECK(!image_load(junk, &frame, &why));
    CHECK_WHY(why, "junk.png");
    free(junk);
    check_rmtree(dir);

    decode_destroy(d);
    decode_destroy(NULL);
    test_camera();
    test_filters();
    return check_done("test_decode");
}
