/* Telling USB scanner bursts from typing. */
#include "check.h"
#include "entrada/scanner.h"

static struct scanner *sc;
static struct scanner_event ev[3];

/* Feed every character of s, step ms apart from t; returns the time after. */
static uint32_t feed(const char *s, uint32_t t, uint32_t step, size_t *events)
{
    *events = 0;
    for (; *s; s++, t += step) {
        char c[2] = { *s, 0 };
        size_t n = scanner_key(sc, c, t, ev);
        *events += n;
    }
    return t;
}

int main(void)
{
    size_t n;
    sc = scanner_create(50);

    /* A scan ending in Enter, keys 4 ms apart: one code, nothing typed. */
    uint32_t t = feed("RMC-UZWH279L", 1000, 4, &n);
    CHECK(n == 0);
    CHECK(scanner_deadline(sc) > t - 4);
    n = scanner_key(sc, NULL, t, ev);
    CHECK(n == 1 && ev[0].kind == SCANNER_CODE);
    CHECK_STR(ev[0].text, "RMC-UZWH279L");
    CHECK(scanner_deadline(sc) == 0);

    /* A scanner that sends no Enter: the gap ends the scan. */
    t = feed("RMC-KWJBKGPB", 5000, 3, &n);
    CHECK(n == 0);
    CHECK(scanner_tick(sc, t + 10, ev) == 0);
    n = scanner_tick(sc, t + 60, ev);
    CHECK(n == 1 && ev[0].kind == SCANNER_CODE);
    CHECK_STR(ev[0].text, "RMC-KWJBKGPB");

    /* A person typing "lop", 150 ms a key: each key is text, after the gap. */
    n = scanner_key(sc, "l", 10000, ev);
    CHECK(n == 0);
    n = scanner_key(sc, "o", 10150, ev);
    CHECK(n == 1 && ev[0].kind == SCANNER_TEXT);
    CHECK_STR(ev[0].text, "l");
    n = scanner_key(sc, "p", 10300, ev);
    CHECK(n == 1 && ev[0].kind == SCANNER_TEXT);
    CHECK_STR(ev[0].text, "o");
    n = scanner_tick(sc, 10400, ev);
    CHECK(n == 1 && ev[0].kind == SCANNER_TEXT);
    CHECK_STR(ev[0].text, "p");
    /* ... then Enter, slowly: a person's Enter. */
    n = scanner_key(sc, NULL, 11000, ev);
    CHECK(n == 1 && ev[0].kind == SCANNER_ENTER);

    /* Typing, then a scan right after: the typed key stays typing. */
    scanner_key(sc, "x", 20000, ev);
    t = feed("ABC123", 20200, 2, &n);
    CHECK(n == 1 && ev[0].kind == SCANNER_TEXT);
    CHECK_STR(ev[0].text, "x");
    n = scanner_key(sc, NULL, t, ev);
    CHECK(n == 1 && ev[0].kind == SCANNER_CODE);
    CHECK_STR(ev[0].text, "ABC123");

    /* Two keys pressed together by a person are too short for a scan. */
    scanner_key(sc, "a", 30000, ev);
    scanner_key(sc, "s", 30010, ev);
    n = scanner_tick(sc, 30100, ev);
    CHECK(n == 1 && ev[0].kind == SCANNER_TEXT);
    CHECK_STR(ev[0].text, "as");

    /* UTF-8 text and a 10,000-key burst: cut at SCANNER_MAX, no overflow. */
    t = feed("Łódź-1", 40000, 2, &n);
    n = scanner_key(sc, NULL, t, ev);
    CHECK(n == 1 && ev[0].kind == SCANNER_CODE);
    CHECK_STR(ev[0].text, "Łódź-1");
    t = 50000;
    for (int i = 0; i < 10000; i++, t += 1)
        scanner_key(sc, "Z", t, ev);
    n = scanner_key(sc, NULL, t, ev);
    CHECK(n == 1 && ev[0].kind == SCANNER_CODE && strlen(ev[0].text) == SCANNER_MAX);

    /* 50 scans a second, back to back: 50 codes. */
    size_t codes = 0;
    t = 100000;
    for (int i = 0; i < 50; i++) {
        t = feed("RMC-CX73Q6AH", t, 1, &n);
        n = scanner_key(sc, NULL, t, ev);
        codes += n == 1 && ev[0].kind == SCANNER_CODE;
        t += 8;
    }
    CHECK(codes == 50);

    /* Time wrapping around 2^32 ms is still a short gap. */
    t = feed("WRAP01", UINT32_MAX - 6, 2, &n);
    n = scanner_key(sc, NULL, t, ev);
    CHECK(n == 1 && ev[0].kind == SCANNER_CODE);

    scanner_destroy(sc);
    scanner_destroy(NULL);
    return check_done("test_scanner");
}
