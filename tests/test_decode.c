/* QR decoding: codes the project draws itself, and frames with nothing or garbage in them. */
#include "check.h"
#include "entrada/decode.h"

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
    return check_done("test_decode");
}
