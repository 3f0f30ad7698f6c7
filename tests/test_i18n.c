/* Translation catalogues: the real Spanish one from the build, and broken ones. */
#include "check.h"
#include "entrada/i18n.h"

#include <stdbool.h>

int main(void)
{
    char *why = NULL;
    struct i18n *es = i18n_open(LOCALE_DIR, "es", &why);
    CHECK(why == NULL);
    CHECK_STR(i18n_lang(es), "es");
    CHECK_STR(i18n_get(es, "Scan your badge"), "Escanee su acreditación");
    CHECK_STR(i18n_get(es, "Welcome, %s"), "Bienvenida/o, %s");
    CHECK_STR(i18n_get(es, "not a message"), "not a message");
    i18n_close(es);

    struct i18n *en = i18n_open(LOCALE_DIR, "en", &why);
    CHECK(why == NULL);
    CHECK_STR(i18n_get(en, "Scan your badge"), "Scan your badge");
    i18n_close(en);

    struct i18n *xx = i18n_open(LOCALE_DIR, "xx", &why);
    CHECK_WHY(why, "xx.mo");
    CHECK_STR(i18n_get(xx, "Scan your badge"), "Scan your badge");
    i18n_close(xx);

    char langs[8][16];
    size_t n = i18n_languages(LOCALE_DIR, langs, 8);
    CHECK(n >= 2);
    CHECK_STR(langs[0], "en");
    bool has_es = false;
    for (size_t i = 1; i < n; i++)
        has_es |= strcmp(langs[i], "es") == 0;
    CHECK(has_es);

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
    i18n_close(NULL);
    check_rmtree(dir);
    return check_done("test_i18n");
}
