/*
 * Translation catalogues: every shipped one from the build (plural forms
 * included), and broken ones.
 */
#include "check.h"
#include "entrada/i18n.h"

#include <stdbool.h>
#include <stdint.h>

/* A .mo file of n (original, translation) pairs, sorted by original; returns its size. */
static size_t make_mo(char *out, const char *const pairs[][2], uint32_t n)
{
    uint32_t head[7] = { 0x950412de, 0, n, 28, 28 + 8 * n, 0, 28 + 16 * n };
    memcpy(out, head, sizeof head);
    size_t at = 28 + 16 * n;
    for (int side = 0; side < 2; side++)
        for (uint32_t i = 0; i < n; i++) {
            uint32_t len = (uint32_t)strlen(pairs[i][side]), off = (uint32_t)at;
            memcpy(out + 28 + 8 * n * side + 8 * i, &len, 4);
            memcpy(out + 28 + 8 * n * side + 8 * i + 4, &off, 4);
            memcpy(out + at, pairs[i][side], len + 1);
            at += len + 1;
        }
    return at;
}

static void check_plural(const char *lang, unsigned long n, const char *want)
{
    char *why = NULL;
    struct i18n *t = i18n_open(LOCALE_DIR, lang, &why);
    CHECK(why == NULL);
    free(why);
    const char *got =
        i18n_nget(t, "%u check-in from other kiosks", "%u check-ins from other kiosks", n);
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "%s, n = %lu: \"%s\", expected \"%s\"\n", lang, n, got, want);
        check_failures++;
    }
    i18n_close(t);
}

int main(void)
{
    char *why = NULL;
    struct i18n *es = i18n_open(LOCALE_DIR, "es", &why);
    CHECK(why == NULL);
    CHECK_STR(i18n_lang(es), "es");
    CHECK_STR(i18n_get(es, "Scan your badge"), "Escanea tu acreditación");
    CHECK_STR(i18n_get(es, "Welcome, %s"), "¡Hola, %s!");
    CHECK_STR(i18n_get(es, "not a message"), "not a message");
    /* Arrivals agree with their number. */
    CHECK_STR(i18n_nget(es, "Checked in: %lld of %lld", "Checked in: %lld of %lld", 1),
              "Ha llegado %lld de %lld");
    CHECK_STR(i18n_nget(es, "Checked in: %lld of %lld", "Checked in: %lld of %lld", 0),
              "Han llegado %lld de %lld");
    CHECK_STR(i18n_nget(es, "no such", "no such plural", 7), "no such plural");
    CHECK_STR(i18n_nget(es, "no such", "no such plural", 1), "no such");
    /* A message with plural forms asked for without a number: its first form. */
    CHECK_STR(i18n_get(es, "%u check-in from other kiosks"), "%u registro de otros quioscos");
    i18n_close(es);

    struct i18n *en = i18n_open(LOCALE_DIR, "en", &why);
    CHECK(why == NULL);
    CHECK_STR(i18n_get(en, "Scan your badge"), "Scan your badge");
    CHECK_STR(i18n_nget(en, "%u check-in", "%u check-ins", 1), "%u check-in");
    CHECK_STR(i18n_nget(en, "%u check-in", "%u check-ins", 0), "%u check-ins");
    CHECK(i18n_plural(en, 1) == 0 && i18n_plural(en, 2) == 1);
    i18n_close(en);

    /* Every shipped language loads, with its Plural-Forms, and translates the start screen. */
    static const char *const shipped[] = { "de", "el", "es", "fi", "fr", "it", "pl", "pt", "sv" };
    char langs[16][16];
    size_t n = i18n_languages(LOCALE_DIR, langs, 16);
    CHECK(n == 1 + sizeof shipped / sizeof shipped[0]);
    CHECK_STR(langs[0], "en");
    for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
        CHECK(i + 1 < n && strcmp(langs[i + 1], shipped[i]) == 0);
        struct i18n *t = i18n_open(LOCALE_DIR, shipped[i], &why);
        CHECK(why == NULL);
        free(why);
        why = NULL;
        CHECK(strcmp(i18n_get(t, "Scan your badge"), "Scan your badge") != 0);
        CHECK(strcmp(i18n_get(t, "Main session"), "Main session") != 0);
        i18n_close(t);
    }

    /* Polish: one, few (2-4, 22-24, but not 12-14), many. */
    const char *one = "%u wejście z innych kiosków", *few = "%u wejścia z innych kiosków",
               *many = "%u wejść z innych kiosków";
    check_plural("pl", 1, one);
    check_plural("pl", 2, few);
    check_plural("pl", 4, few);
    check_plural("pl", 5, many);
    check_plural("pl", 12, many);
    check_plural("pl", 14, many);
    check_plural("pl", 22, few);
    check_plural("pl", 0, many);
    check_plural("pl", 112, many);
    check_plural("pl", 1000001, many);
    /* French: zero is singular. */
    check_plural("fr", 0, "%u enregistrement d’autres bornes");
    check_plural("fr", 2, "%u enregistrements d’autres bornes");
    check_plural("fi", 1, "%u saapuminen muista kioskeista");
    check_plural("fi", 3, "%u saapumista muista kioskeista");
    check_plural("el", 7, "%u είσοδοι από άλλα κιόσκια");

    struct i18n *xx = i18n_open(LOCALE_DIR, "xx", &why);
    CHECK_WHY(why, "xx.mo");
    CHECK_STR(i18n_get(xx, "Scan your badge"), "Scan your badge");
    i18n_close(xx);

    /* Broken catalogues are refused, never read past their end. */
    const char *dir = check_tmpdir();
    char *junk = check_write(dir, "zz.mo", "this is not a catalogue at all, not even close", 0);
    struct i18n *zz = i18n_open(dir, "zz", &why);
    CHECK_WHY(why, "not a valid gettext catalogue");
    CHECK_STR(i18n_get(zz, "Cancel"), "Cancel");
    i18n_close(zz);
    /* A header claiming strings far past the end. */
    const char lying[28] = "\xde\x12\x04\x95\0\0\0\0\0\0\0\x10\0\0\0\x1c\0\0\0\x5c";
    free(junk);
    junk = check_write(dir, "zz.mo", lying, sizeof lying);
    zz = i18n_open(dir, "zz", &why);
    CHECK_WHY(why, "not a valid gettext catalogue");
    i18n_close(zz);
    free(junk);

    /* A rule of our own: three forms by n % 3, operators and parentheses. */
    char mo[1024];
    const char *const rule[][2] = {
        { "", "Plural-Forms: nplurals=3;\n plural=((n % 3 == 0) ? 0 : !(n % 3 != 1) ? 1 : 2);\n" },
    };
    junk = check_write(dir, "r3.mo", mo, make_mo(mo, rule, 1));
    struct i18n *r3 = i18n_open(dir, "r3", &why);
    CHECK(why == NULL);
    CHECK(i18n_plural(r3, 3) == 0 && i18n_plural(r3, 4) == 1 && i18n_plural(r3, 5) == 2);
    i18n_close(r3);
    free(junk);
    /* A Plural-Forms gettext could not read: said, and English's rule used. */
    const char *const bad[][2] = { { "", "Plural-Forms: nplurals=2; plural=(n != 1;\n" } };
    junk = check_write(dir, "bad.mo", mo, make_mo(mo, bad, 1));
    struct i18n *b = i18n_open(dir, "bad", &why);
    CHECK_WHY(why, "Plural-Forms");
    CHECK(i18n_plural(b, 1) == 0 && i18n_plural(b, 5) == 1);
    i18n_close(b);
    free(junk);
    const char *const many_forms[][2] = { { "", "Plural-Forms: nplurals=99; plural=n;\n" } };
    junk = check_write(dir, "many.mo", mo, make_mo(mo, many_forms, 1));
    b = i18n_open(dir, "many", &why);
    CHECK_WHY(why, "Plural-Forms");
    i18n_close(b);
    free(junk);
    i18n_close(NULL);
    check_rmtree(dir);
    return check_done("test_i18n");
}
