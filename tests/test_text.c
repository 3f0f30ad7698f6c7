/* Encoding detection and name folding. */
#include "check.h"
#include "entrada/text.h"

static void check_fold(const char *in, const char *want)
{
    char *got = text_fold(in);
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "fold(\"%s\") = \"%s\", expected \"%s\"\n", in, got, want);
        check_failures++;
    }
    free(got);
}

static void test_fold(void)
{
    check_fold("Cuesta López", "cuesta lopez");
    check_fold("Boratyński", "boratynski");
    check_fold("Łukasz Wiśniewski", "lukasz wisniewski");
    check_fold("KATAINEN, Jyrki", "katainen jyrki");
    check_fold("Jürgen Groß", "jurgen gross");
    check_fold("Søren Æbelø", "soren aebelo");
    check_fold("Œuvre Đorđević", "oeuvre dordevic");
    check_fold("Kıvanç", "kivanc");
    check_fold("Þórunn", "thorunn");
    check_fold("O'Neill", "oneill");
    check_fold("D’Alessandro", "dalessandro");
    check_fold("Jean-Pierre  Dupont", "jean pierre dupont");
    check_fold("  ¡Hola!  ", "hola");
    check_fold("Lo\xcc\x81pez", "lopez"); /* decomposed ó */
    check_fold("Ａｎａ", "ana");          /* full-width letters */
    check_fold("Γιώργος", "γιωργοσ");     /* final sigma folds to sigma */
    check_fold("", "");
    check_fold("---", "");
    check_fold("bad \xff byte", "bad byte");
}

static void test_decode(void)
{
    char *out = NULL, *why = NULL;
    size_t len;
    enum text_encoding enc;

    CHECK(text_decode("abc", 3, &out, &len, &enc, &why) && enc == TEXT_UTF8);
    CHECK_STR(out, "abc");
    free(out);
    /* What is UTF-8 as it stands, and so read without a copy. */
    CHECK(text_plain_utf8("L\xC3\xB3pez,a\n", 8));
    CHECK(!text_plain_utf8("\xEF\xBB\xBFL\xC3\xB3pez", 9)); /* a mark to drop */
    CHECK(!text_plain_utf8("\xFF\xFEL\x00", 4));            /* UTF-16 */
    CHECK(!text_plain_utf8("L\xF3pez", 5));                 /* Windows-1252 */
    CHECK(!text_plain_utf8("a\0b", 3));

    CHECK(text_decode("\xEF\xBB\xBFL\xC3\xB3pez", 9, &out, &len, &enc, &why));
    CHECK(enc == TEXT_UTF8_BOM);
    CHECK_STR(out, "López");
    free(out);

    /* Windows-1252: ó is 0xF3, € is 0x80, ’ is 0x92. */
    CHECK(text_decode("L\xF3pez \x80 O\x92Neill", 15, &out, &len, &enc, &why));
    CHECK(enc == TEXT_CP1252);
    CHECK_STR(out, "López € O’Neill");
    free(out);

    /* UTF-16LE with BOM: "Ñ,a\n" */
    CHECK(text_decode("\xFF\xFE\xD1\x00,\x00"
                      "a\x00\n\x00",
                      10, &out, &len, &enc, &why));
    CHECK(enc == TEXT_UTF16LE);
    CHECK_STR(out, "Ñ,a\n");
    free(out);

    /* UTF-16BE with a surrogate pair (U+1F600). */
    CHECK(text_decode("\xFE\xFF\xD8\x3D\xDE\x00", 6, &out, &len, &enc, &why));
    CHECK(enc == TEXT_UTF16BE);
    CHECK_STR(out, "\xF0\x9F\x98\x80");
    free(out);

    out = NULL;
    CHECK(!text_decode("a,b\nc,d\ne\0f", 11, &out, &len, &enc, &why));
    CHECK_WHY(why, "line 3: NUL byte");
    CHECK(!text_decode("\x00\x00\xFE\xFF\x00\x00\x00"
                       "a",
                       8, &out, &len, &enc, &why));
    CHECK_WHY(why, "UTF-32");
    CHECK(!text_decode("\xFF\xFE\x00\xD8", 4, &out, &len, &enc, &why));
    CHECK_WHY(why, "surrogate");
    CHECK(!text_decode("\xFF\xFE\x41", 3, &out, &len, &enc, &why));
    CHECK_WHY(why, "odd number of bytes");
    CHECK(out == NULL);
}

static void test_utf8(void)
{
    CHECK(text_valid_utf8("Łódź", strlen("Łódź")));
    CHECK(!text_valid_utf8("\xC0\xAF", 2));         /* overlong '/' */
    CHECK(!text_valid_utf8("\xED\xA0\x80", 3));     /* surrogate */
    CHECK(!text_valid_utf8("\xF4\x90\x80\x80", 4)); /* above U+10FFFF */
    CHECK(!text_valid_utf8("\xE2\x82", 2));         /* cut short */
    /* The same after and between runs of ASCII, which are taken eight bytes at a time. */
    const char *mixed = "0123456789abcdefŁódź0123456789abcdef漢字0123456";
    CHECK(text_valid_utf8(mixed, strlen(mixed)));
    CHECK(!text_valid_utf8(mixed, strlen("0123456789abcdef\xC5"))); /* Ł cut in half */
    CHECK(!text_valid_utf8("0123456789abcdef\xC0\xAF", 18));
    CHECK(!text_valid_utf8("0123456789abcdef01234\xE2\x82", 23));
}

static void test_clean(void)
{
    char *a = text_clean("  Lo\xcc\x81pez\t\r\n  Ruiz ");
    CHECK_STR(a, "López Ruiz");
    free(a);
    CHECK(text_control_char("ok\tfine\r\n") == 0);
    CHECK(text_control_char("bell\x07") == 7);
    /* The same over a whole text, eight bytes at a time and the rest. */
    const char *fine = "Núñez,\"Peña, J.\"\tx\r\n漢字 Ωμέγα 0123456789 ~}|{ end";
    CHECK(!text_has_control(fine, strlen(fine)));
    char t[64];
    for (size_t at = 0; at < strlen(fine); at++) {
        memcpy(t, fine, strlen(fine));
        t[at] = 0x7F;
        CHECK(text_has_control(t, strlen(fine)));
        t[at] = 0x1B;
        CHECK(text_has_control(t, strlen(fine)));
        CHECK(!text_has_control(t, at)); /* before it */
    }
}

/* A fixed buffer's text cut at a whole character, marked with an ellipsis. */
static void check_cut(const char *in, const char *want)
{
    char out[12];
    const char *volatile text = in; /* not known when compiled: no warning of a sure cut */
    text_mark_cut(out, sizeof out, snprintf(out, sizeof out, "%s", text));
    CHECK_STR(out, want);
}

static void test_mark_cut(void)
{
    check_cut("short", "short");
    check_cut("abcdefghijk", "abcdefghijk"); /* exactly fits */
    check_cut("abcdefghijklmnop", "abcdefgh\u2026");
    check_cut("abcdefgñopqrst", "abcdefg\u2026"); /* ñ would be cut in half: it goes whole */
    check_cut("漢字漢字漢字", "漢字\u2026");
    /* Too little room for the ellipsis: whole characters only. */
    char tiny[3];
    const char *volatile han = "漢";
    text_mark_cut(tiny, sizeof tiny, snprintf(tiny, sizeof tiny, "%s", han));
    CHECK_STR(tiny, "");
    const char *volatile an = "añ";
    text_mark_cut(tiny, sizeof tiny, snprintf(tiny, sizeof tiny, "%s", an));
    CHECK_STR(tiny, "a");
    const char *volatile ascii = "abc";
    text_mark_cut(tiny, sizeof tiny, snprintf(tiny, sizeof tiny, "%s", ascii));
    CHECK_STR(tiny, "ab");
}

/* What reaches a terminal: escapes and C1 controls shown, text and line breaks kept. */
static void test_escape(void)
{
    char *e = text_escape("a\x1b[31mb\tc\nd\x7f\xc2\x9b"
                          "2J \xff é ñ Ω 漢");
    CHECK_STR(e, "a\\x1B[31mb\tc\nd\\x7F\\xC2\\x9B2J \\xFF é ñ Ω 漢");
    free(e);
    e = text_escape("");
    CHECK_STR(e, "");
    free(e);
    /* A log line: a code cannot start a second line that looks like the kiosk's own. */
    e = text_escape_line("RMC-1\nkiosk stopped\t\x1b]0;x\x07 Ω");
    CHECK_STR(e, "RMC-1\\x0Akiosk stopped\\x09\\x1B]0;x\\x07 Ω");
    free(e);
}

int main(void)
{
    test_escape();
    test_mark_cut();
    test_fold();
    test_decode();
    test_utf8();
    test_clean();
    return check_done("test_text");
}
