/*
 * Fuzz target for hostile codes: the bytes as a barcode scanner types
 * them, and as the payload of a QR code drawn with libqrencode and read
 * back by zbar (with decode's Shift-JIS and Latin-1 reading). Either way
 * checkin_code gives a verdict, never an error, and admits only codes
 * that are on the list.
 */
#include "entrada/checkin.h"
#include "entrada/decode.h"
#include "entrada/image.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const codes[] = { "RMC-UZWH279L", "Łukasz Boratyński", "A", "" };

static struct store *st;
static struct decode *dec;
static int64_t now = 1773302400000;

static void setup(void)
{
    char *why = NULL;
    st = store_open(":memory:", &why);
    dec = decode_create();
    if (st == NULL || dec == NULL)
        abort();
    for (int i = 0; codes[i][0]; i++) {
        struct attendee a = { .code = (char *)codes[i], .name = (char *)"Ana" };
        if (!store_put_attendee(st, &a, &why))
            abort();
        free(a.search_key);
    }
}

static void check(const char *code)
{
    struct checkin_policy p = { .kiosk = "fuzz", .session = "main", .repeat_ms = 3000 };
    struct checkin_result r;
    char *why = NULL;
    now += 5000;
    if (!checkin_code(st, &p, code, STORE_CAMERA, now, &r, &why))
        abort(); /* a code, however odd, is an answer for the attendee, not a failure */
    if (r.verdict == CHECKIN_WELCOME || r.verdict == CHECKIN_ALREADY) {
        bool listed = false;
        for (int i = 0; codes[i][0]; i++)
            listed = listed || strcmp(r.attendee.code, codes[i]) == 0;
        if (!listed)
            abort();
    }
    checkin_result_clear(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (st == NULL)
        setup();
    char *code = strndup((const char *)data, size);
    check(code);
    struct image img = { 0 };
    if (strlen(code) <= 300 && image_qr(code, 2, &img)) {
        struct decode_result res;
        decode_image(dec, &img, &res);
        for (int i = 0; i < res.n; i++)
            check(res.code[i]);
        decode_result_clear(&res);
        image_free(&img);
    }
    free(code);
    return 0;
}
