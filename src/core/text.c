/*
 * Encoding detection and conversion for imported files, and the folding
 * that makes "lopez" find "López" and "lukasz" find "Łukasz".
 */
#include "entrada/text.h"
#include "entrada/buf.h"
#include "entrada/translit.h"
#include "entrada/xmalloc.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

const char *text_encoding_name(enum text_encoding enc)
{
    switch (enc) {
    case TEXT_UTF8:
        return "UTF-8";
    case TEXT_UTF8_BOM:
        return "UTF-8 with BOM";
    case TEXT_UTF16LE:
        return "UTF-16LE";
    case TEXT_UTF16BE:
        return "UTF-16BE";
    case TEXT_CP1252:
        return "Windows-1252";
    }
    return "?";
}

/* Bytes 0x80..0x9F of Windows-1252; 0 where the code page leaves a hole. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static void add_codepoint(struct buf *b, uint32_t cp)
{
    uint8_t tmp[4];
    utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, tmp);
    buf_add(b, tmp, (size_t)n);
}

/* Length of the valid UTF-8 sequence at s (at most len bytes), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

bool text_valid_utf8(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        uint64_t x;
        if (i + 8 <= len && (memcpy(&x, p + i, 8), (x & 0x8080808080808080u) == 0)) {
            i += 8; /* eight ASCII bytes */
            continue;
        }
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_seq(p + i, len - i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

static unsigned line_of(const char *s, size_t off)
{
    unsigned line = 1;
    for (size_t i = 0; i < off; i++)
        line += s[i] == '\n';
    return line;
}

static bool decode_utf16(const unsigned char *p, size_t len, bool le, struct buf *out, char **why)
{
    unsigned line = 1;
    if (len % 2) {
        *why = xstrdup("starts with a UTF-16 byte order mark but has an odd number of bytes: "
                       "not UTF-16 text, or cut short");
        return false;
    }
    for (size_t i = 0; i < len; i += 2) {
        uint32_t u = le ? (uint32_t)(p[i] | p[i + 1] << 8) : (uint32_t)(p[i] << 8 | p[i + 1]);
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < len) {
            uint32_t lo =
                le ? (uint32_t)(p[i + 2] | p[i + 3] << 8) : (uint32_t)(p[i + 2] << 8 | p[i + 3]);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF) {
            *why = xasprintf("line %u: broken UTF-16 (unpaired surrogate)", line);
            return false;
        }
        if (u == 0) {
            *why = xasprintf("line %u: NUL character: this is not a text file", line);
            return false;
        }
        line += u == '\n';
        add_codepoint(out, u);
    }
    return true;
}

bool text_plain_utf8(const char *raw, size_t len)
{
    const unsigned char *p = (const unsigned char *)raw;
    /* FF FE and FE FF start UTF-16's marks and UTF-32LE's; UTF-32BE's has a NUL. */
    if ((len >= 2 && (memcmp(p, "\xFF\xFE", 2) == 0 || memcmp(p, "\xFE\xFF", 2) == 0)) ||
        (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0))
        return false;
    return memchr(raw, '\0', len) == NULL && text_valid_utf8(raw, len);
}

bool text_decode(const char *raw, size_t len, char **out, size_t *out_len, enum text_encoding *enc,
                 char **why)
{
    const unsigned char *p = (const unsigned char *)raw;
    struct buf b = { 0 };

    if ((len >= 4 && memcmp(p, "\x00\x00\xFE\xFF", 4) == 0) ||
        (len >= 4 && memcmp(p, "\xFF\xFE\x00\x00", 4) == 0)) {
        *why = xstrdup("line 1: UTF-32 text is not supported: save the file as UTF-8 CSV");
        return false;
    }
    if (len >= 2 && (memcmp(p, "\xFF\xFE", 2) == 0 || memcmp(p, "\xFE\xFF", 2) == 0)) {
        bool le = p[0] == 0xFF;
        *enc = le ? TEXT_UTF16LE : TEXT_UTF16BE;
        if (!decode_utf16(p + 2, len - 2, le, &b, why)) {
            buf_free(&b);
            return false;
        }
        buf_add(&b, "", 0);
        *out_len = b.len;
        *out = buf_steal(&b);
        return true;
    }

    if (text_plain_utf8(raw, len)) {
        *enc = TEXT_UTF8;
        *out = xstrndup(raw, len);
        *out_len = len;
        return true;
    }
    /* A spreadsheet saved as such, not as CSV: a zip file (xlsx, ods) or an Excel 97 one. */
    if (len >= 4 && (memcmp(p, "PK\x03\x04", 4) == 0 || memcmp(p, "\xD0\xCF\x11\xE0", 4) == 0)) {
        *why = xstrdup("a spreadsheet workbook (.xlsx, .xls or .ods), not a CSV file: open it "
                       "and save it as \"CSV UTF-8\" (Excel) or \"Text CSV\" (LibreOffice)");
        return false;
    }
    const char *nul = memchr(raw, '\0', len);
    if (nul != NULL) {
        *why = xasprintf("line %u: NUL byte: this is not a text file",
                         line_of(raw, (size_t)(nul - raw)));
        return false;
    }
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        if (!text_valid_utf8(raw + 3, len - 3)) {
            *why = xstrdup("the file starts with a UTF-8 byte order mark but is not valid UTF-8");
            return false;
        }
        *enc = TEXT_UTF8_BOM;
        *out = xstrndup(raw + 3, len - 3);
        *out_len = len - 3;
        return true;
    }
    *enc = TEXT_CP1252;
    for (size_t i = 0; i < len; i++) {
        uint32_t cp = p[i];
        if (cp >= 0x80 && cp <= 0x9F)
            cp = cp1252_high[cp - 0x80] ? cp1252_high[cp - 0x80] : 0xFFFD;
        add_codepoint(&b, cp);
    }
    buf_add(&b, "", 0);
    *out_len = b.len;
    *out = buf_steal(&b);
    return true;
}

/* Letters that Unicode decomposition does not reduce to a base letter. */
static const char *fold_special(int32_t cp)
{
    switch (cp) {
    case 0x0142: /* ł */
        return "l";
    case 0x00F8: /* ø */
        return "o";
    case 0x0111: /* đ */
    case 0x00F0: /* ð */
        return "d";
    case 0x00E6: /* æ */
        return "ae";
    case 0x0153: /* œ */
        return "oe";
    case 0x00DF: /* ß */
        return "ss";
    case 0x0131: /* ı */
        return "i";
    case 0x00FE: /* þ */
        return "th";
    case 0x0127: /* ħ */
        return "h";
    case 0x0167: /* ŧ */
        return "t";
    }
    return NULL;
}

/* Characters that join the parts of one word rather than separate words. */
static bool is_joiner(int32_t cp)
{
    return cp == '\'' || cp == '`' || cp == 0x00B4 || cp == 0x2019 || cp == 0x02BC || cp == 0x00B7;
}

static bool is_word_char(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

/* Append one folded word character, with a single space before a new word. */
static void fold_emit(struct buf *b, bool *gap, const char *s, size_t n)
{
    if (*gap && b->len > 0)
        buf_addc(b, ' ');
    *gap = false;
    buf_add(b, s, n);
}

/* Fold with utf8proc: decompose, case-fold, strip marks, then keep words. */
static char *fold_slow(const char *s)
{
    struct buf b = { 0 };
    bool gap = false;
    const unsigned char *p = (const unsigned char *)s;
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n =
        utf8proc_map(p, 0, &mapped,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                         UTF8PROC_STRIPMARK | UTF8PROC_DECOMPOSE);
    if (n < 0) {
        /* Invalid UTF-8: fold what can be read, the rest is space. */
        struct buf clean = { 0 };
        size_t len = strlen(s);
        for (size_t i = 0; i < len;) {
            size_t k = utf8_seq(p + i, len - i);
            if (k == 0) {
                buf_addc(&clean, ' ');
                i++;
            } else {
                buf_add(&clean, p + i, k);
                i += k;
            }
        }
        char *r = fold_slow(clean.data ? clean.data : "");
        buf_free(&clean);
        return r;
    }
    for (utf8proc_ssize_t i = 0; i < n;) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(mapped + i, n - i, &cp);
        if (k <= 0)
            break;
        const char *special = fold_special(cp);
        if (special)
            fold_emit(&b, &gap, special, strlen(special));
        else if (is_joiner(cp))
            ; /* joins the parts of one word */
        else if (is_word_char(cp))
            fold_emit(&b, &gap, (const char *)mapped + i, (size_t)k);
        else
            gap = true;
        i += k;
    }
    free(mapped);
    return buf_steal(&b);
}

/*
 * Names in European languages are made of code points below U+0300 (Latin
 * letters with precomposed accents), which fold one by one. Their folds are
 * worked out once with fold_slow and kept here; other text takes the slow
 * path. This makes importing 100,000 names several times faster.
 */
enum { FAST_LIMIT = 0x300 };
enum fold_kind { FOLD_GAP, FOLD_JOINER, FOLD_WORD };

static struct {
    uint8_t kind;
    uint8_t len; /* at most 4: fold_fast copies 4 bytes and advances by len */
    char text[4];
} fold_table[FAST_LIMIT];
static pthread_once_t fold_table_once = PTHREAD_ONCE_INIT;

static void fold_table_init(void)
{
    for (int32_t cp = 1; cp < FAST_LIMIT; cp++) {
        uint8_t utf8[5] = { 0 };
        utf8proc_encode_char(cp, utf8);
        char *f = fold_slow((const char *)utf8);
        if (f[0] && strlen(f) <= sizeof fold_table[cp].text) {
            fold_table[cp].kind = FOLD_WORD;
            fold_table[cp].len = (uint8_t)strlen(f);
            memcpy(fold_table[cp].text, f, fold_table[cp].len);
        } else {
            fold_table[cp].kind = is_joiner(cp) ? FOLD_JOINER : FOLD_GAP;
        }
        free(f);
    }
}

/* Append the fold of s to b, or return false (b unchanged) if s needs fold_slow. */
static bool fold_fast(struct buf *b, const char *s)
{
    pthread_once(&fold_table_once, fold_table_init);
    /* A code point of 1 or 2 bytes folds to at most 5 bytes, a space included. */
    size_t len = strlen(s);
    buf_reserve(b, 5 * len);
    char *start = b->data + b->len, *o = start;
    bool gap = false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int32_t cp = *p;
        if (cp >= 0x80) {
            if (cp < 0xC2 || cp >= 0xCC || (p[1] & 0xC0) != 0x80)
                return false; /* not below U+0300, or not UTF-8: nothing was added */
            cp = (cp & 0x1F) << 6 | (p[1] & 0x3F);
            p++;
        }
        switch (fold_table[cp].kind) {
        case FOLD_WORD:
            if (gap && o > start)
                *o++ = ' ';
            gap = false;
            memcpy(o, fold_table[cp].text, 4);
            o += fold_table[cp].len;
            break;
        case FOLD_GAP:
            gap = true;
            break;
        case FOLD_JOINER:
            break;
        }
    }
    b->len += (size_t)(o - start);
    b->data[b->len] = '\0';
    return true;
}

void text_fold_append(struct buf *b, const char *s)
{
    if (fold_fast(b, s))
        return;
    char *slow = fold_slow(s);
    buf_adds(b, slow);
    free(slow);
}

char *text_fold(const char *s)
{
    struct buf b = { 0 };
    text_fold_append(&b, s);
    return buf_steal(&b);
}

/* s with ä, ö and ü written ae, oe and ue, as German does without them; NULL if s has none. */
static char *umlauts_spelt_out(const char *s)
{
    static const char *const spelt[256] = {
        [0x84] = "Ae", [0x96] = "Oe", [0x9C] = "Ue", [0xA4] = "ae", [0xB6] = "oe", [0xBC] = "ue"
    };
    const unsigned char *first = (const unsigned char *)s;
    while (*first && !(*first == 0xC3 && spelt[first[1]]))
        first++;
    if (*first == '\0')
        return NULL; /* most names: nothing to copy */
    struct buf b = { 0 };
    buf_add(&b, s, (size_t)(first - (const unsigned char *)s));
    for (const unsigned char *p = first; *p; p++) {
        if (*p == 0xC3 && spelt[p[1]]) {
            buf_adds(&b, spelt[p[1]]);
            p++;
        } else {
            buf_addc(&b, (char)*p);
        }
    }
    return buf_steal(&b);
}

/* Append to b the words of fold(alt) not among the words b holds from start on. */
static void add_new_words(struct buf *b, size_t start, const char *alt)
{
    char *f = text_fold(alt);
    for (char *w = f; *w;) {
        size_t len = strcspn(w, " ");
        bool seen = false;
        for (const char *p = b->data ? b->data + start : ""; *p && !seen;) {
            size_t n = strcspn(p, " ");
            seen = n == len && memcmp(p, w, len) == 0;
            p += n + (p[n] == ' ');
        }
        if (!seen) {
            if (b->len > start)
                buf_addc(b, ' ');
            buf_add(b, w, len);
        }
        w += len + (w[len] == ' ');
    }
    free(f);
}

void text_search_fold_append(struct buf *b, const char *s, bool alternatives)
{
    text_search_fold_append_folded(b, s, NULL, alternatives);
}

void text_search_fold_append_folded(struct buf *b, const char *s, const char *folded,
                                    bool alternatives)
{
    size_t start = b->len;
    bool other_script = translit_needed(s);
    char *latin = other_script ? translit_latin(s, TRANSLIT_ASCII) : NULL;
    if (latin || folded == NULL)
        text_fold_append(b, latin ? latin : s);
    else
        buf_adds(b, folded);
    if (!alternatives)
        goto out;
    if (other_script) {
        char *everyday = translit_latin(s, TRANSLIT_EVERYDAY);
        if (everyday)
            add_new_words(b, start, everyday);
        free(everyday);
    }
    char *spelt = umlauts_spelt_out(s);
    if (spelt && other_script) {
        char *t = translit_latin(spelt, TRANSLIT_ASCII);
        free(spelt);
        spelt = t;
    }
    if (spelt)
        add_new_words(b, start, spelt);
    free(spelt);
out:
    free(latin);
}

char *text_search_fold(const char *s)
{
    struct buf b = { 0 };
    text_search_fold_append(&b, s, false);
    return b.data ? buf_steal(&b) : xstrdup("");
}

/* s with runs of white space made one space and none at either end. */
static char *collapse_space(const char *s)
{
    char *out = xmalloc(strlen(s) + 1), *o = out;
    bool space = false;
    for (const char *p = s; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            space = o != out;
            continue;
        }
        if (space)
            *o++ = ' ';
        space = false;
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

char *text_clean(const char *s)
{
    /* Below U+0300 (no byte from 0xCC up) text is NFC already. */
    const unsigned char *p = (const unsigned char *)s;
    while (*p && *p < 0xCC)
        p++;
    if (*p == '\0')
        return collapse_space(s);
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
    char *out = collapse_space(nfc ? nfc : s); /* not UTF-8: keep it as it is */
    free(nfc);
    return out;
}

static bool is_control(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7F;
}

int text_control_char(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (is_control(*p))
            return *p;
    return 0;
}

bool text_has_control(const char *s, size_t len)
{
    /*
     * Eight bytes at a time: a word with no byte below 0x20 and none equal
     * to 0x7F has no control character (the borrow trick finds such bytes,
     * now and then one too many, never one too few). The words that might
     * (every line's end among them) are looked at byte by byte.
     */
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x, del;
        memcpy(&x, s + i, 8);
        del = x ^ (0x7F * ones);
        if ((((x - 0x20 * ones) & ~x) | ((del - ones) & ~del)) & highs)
            for (size_t j = i; j < i + 8; j++)
                if (is_control((unsigned char)s[j]))
                    return true;
    }
    for (; i < len; i++)
        if (is_control((unsigned char)s[i]))
            return true;
    return false;
}

void text_mark_cut(char *out, size_t size, int n)
{
    static const char ellipsis[] = "\u2026";
    if (n < 0 || (size_t)n < size || size == 0)
        return;
    if (size < sizeof ellipsis) {
        /* No room for the ellipsis: drop the last character if it was cut. */
        size_t end = size - 1, start = end;
        while (start > 0 && ((unsigned char)out[start - 1] & 0xC0) == 0x80)
            start--;
        if (start > 0) {
            unsigned char lead = (unsigned char)out[start - 1];
            size_t len = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
            if (start - 1 + len > end)
                out[start - 1] = '\0';
        }
        return;
    }
    size_t end = size - sizeof ellipsis; /* room for the ellipsis and the NUL */
    while (end > 0 && ((unsigned char)out[end] & 0xC0) == 0x80)
        end--; /* out[end] would be the middle of a character: cut before it */
    memcpy(out + end, ellipsis, sizeof ellipsis);
}

char *text_name_key(const char *name)
{
    char *f = text_fold(name), *key = text_name_key_folded(f);
    free(f);
    return key;
}

char *text_name_key_folded(const char *folded)
{
    char *f = xstrdup(folded);
    size_t n = 0;
    char *words[64];
    char *save = NULL;
    for (char *w = strtok_r(f, " ", &save); w && n < 64; w = strtok_r(NULL, " ", &save))
        words[n++] = w;
    for (size_t i = 1; i < n; i++) /* a handful of words: insertion sort */
        for (size_t j = i; j > 0 && strcmp(words[j - 1], words[j]) > 0; j--) {
            char *t = words[j];
            words[j] = words[j - 1];
            words[j - 1] = t;
        }
    struct buf b = { 0 };
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_addc(&b, ' ');
        buf_adds(&b, words[i]);
    }
    free(f);
    return b.data ? buf_steal(&b) : xstrdup("");
}

char *text_email_key(const char *email)
{
    /* Folded like a name: case and accents aside, punctuation one space. */
    return text_fold(email);
}

static char *escape(const char *s, bool lines)
{
    struct buf b = { 0 };
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80 ? 1 : 0;
        if (c >= 0x80) /* a whole, valid UTF-8 character, or one byte escaped */
            for (size_t k = 2; k <= 4 && len == 0 && i + k <= n; k++)
                if (text_valid_utf8(s + i, k))
                    len = k;
        bool c1 = len == 2 && c == 0xC2 && (unsigned char)s[i + 1] < 0xA0; /* U+0080..U+009F */
        bool kept = lines && (c == '\n' || c == '\t');
        if (len == 0 || c1 || (len == 1 && ((c < 0x20 && !kept) || c == 0x7F))) {
            size_t k = len ? len : 1;
            for (size_t j = 0; j < k; j++)
                buf_addf(&b, "\\x%02X", (unsigned char)s[i + j]);
            i += k;
            continue;
        }
        buf_add(&b, s + i, len);
        i += len;
    }
    return b.data ? buf_steal(&b) : xstrdup("");
}

char *text_escape(const char *s)
{
    return escape(s, true);
}

char *text_escape_line(const char *s)
{
    return escape(s, false);
}
