/*
 * A reader for gettext's .mo files: a header, then two tables of (length,
 * offset) pairs for the original strings (sorted, so looked up by binary
 * search) and their translations. Every offset is checked against the
 * file's size before use.
 *
 * A message with plural forms is stored as "msgid\0msgid_plural" and its
 * translation as the forms one after another, each ending in NUL. Which
 * form a number takes is the catalogue's Plural-Forms expression, a small
 * piece of C ("n != 1", Polish's three-way rule), evaluated here.
 */
#include "entrada/i18n.h"
#include "entrada/file.h"
#include "entrada/xmalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct i18n {
    char lang[16];
    char *data; /* the whole .mo file, NULL for the source language */
    size_t size;
    uint32_t n;
    const char **orig; /* NUL-terminated strings inside data */
    const char **trans;
    uint32_t *trans_len; /* each translation's length, its plural forms' NULs included */
    char plural[256];    /* the Plural-Forms expression, "" for English's n != 1 */
    unsigned nplurals;
};

static uint32_t read32(const unsigned char *p, bool swap)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return swap ? __builtin_bswap32(v) : v;
}

/* Check and index the catalogue in t->data; false with *why if malformed. */
static bool index_mo(struct i18n *t, const char *path, char **why)
{
    const unsigned char *d = (const unsigned char *)t->data;
    if (t->size < 28)
        goto bad;
    uint32_t magic = read32(d, false);
    bool swap = magic == 0xde120495u;
    if (magic != 0x950412deu && !swap)
        goto bad;
    uint32_t n = read32(d + 8, swap), orig = read32(d + 12, swap), trans = read32(d + 16, swap);
    if (n > t->size / 16 || orig > t->size - (size_t)n * 8 || trans > t->size - (size_t)n * 8)
        goto bad;
    t->orig = xcalloc(n ? n : 1, sizeof *t->orig);
    t->trans = xcalloc(n ? n : 1, sizeof *t->trans);
    t->trans_len = xcalloc(n ? n : 1, sizeof *t->trans_len);
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *o = d + orig + 8 * i, *tr = d + trans + 8 * i;
        uint32_t olen = read32(o, swap), ooff = read32(o + 4, swap);
        uint32_t tlen = read32(tr, swap), toff = read32(tr + 4, swap);
        /* Each string must lie inside the file and end with its NUL. */
        if (ooff >= t->size || olen >= t->size - ooff || d[ooff + olen] != '\0' ||
            toff >= t->size || tlen >= t->size - toff || d[toff + tlen] != '\0')
            goto bad;
        t->orig[i] = t->data + ooff;
        t->trans[i] = t->data + toff;
        t->trans_len[i] = tlen;
        if (i > 0 && strcmp(t->orig[i - 1], t->orig[i]) >= 0)
            goto bad; /* binary search needs sorted originals */
    }
    t->n = n;
    return true;
bad:
    *why = xasprintf("%s: not a valid gettext catalogue", path);
    return false;
}

/*
 * The plural expression's evaluator: recursive descent over C's operators
 * that Plural-Forms uses (?: || && == != < > <= >= + - * / % ! and
 * parentheses), on the number n. A syntax error sets ok to false.
 */
struct plural_eval {
    const char *p;
    unsigned long n;
    bool ok;
    int depth;
};

static unsigned long plural_ternary(struct plural_eval *e);

static void plural_space(struct plural_eval *e)
{
    while (*e->p == ' ' || *e->p == '\t' || *e->p == '\n')
        e->p++;
}

/* Consume op if it comes next (and, for "<" or ">", is not "<=" or ">="). */
static bool plural_take(struct plural_eval *e, const char *op)
{
    plural_space(e);
    size_t len = strlen(op);
    if (strncmp(e->p, op, len) != 0 || (len == 1 && strchr("<>=!", op[0]) && e->p[1] == '='))
        return false;
    e->p += len;
    return true;
}

static unsigned long plural_primary(struct plural_eval *e)
{
    plural_space(e);
    if (++e->depth > 64) { /* nested too deep to be a real rule */
        e->ok = false;
        return 0;
    }
    unsigned long v = 0;
    if (*e->p == '!') {
        e->p++;
        v = !plural_primary(e);
    } else if (*e->p == '(') {
        e->p++;
        v = plural_ternary(e);
        if (!plural_take(e, ")"))
            e->ok = false;
    } else if (*e->p == 'n') {
        e->p++;
        v = e->n;
    } else if (*e->p >= '0' && *e->p <= '9') {
        while (*e->p >= '0' && *e->p <= '9' && v < 100000000)
            v = v * 10 + (unsigned long)(*e->p++ - '0');
    } else {
        e->ok = false;
    }
    e->depth--;
    return v;
}

static unsigned long plural_product(struct plural_eval *e)
{
    unsigned long v = plural_primary(e);
    for (;;) {
        if (plural_take(e, "*")) {
            v *= plural_primary(e);
        } else if (plural_take(e, "/") || plural_take(e, "%")) {
            char op = e->p[-1];
            unsigned long d = plural_primary(e);
            v = d == 0 ? 0 : op == '/' ? v / d : v % d;
        } else {
            return v;
        }
    }
}

static unsigned long plural_sum(struct plural_eval *e)
{
    unsigned long v = plural_product(e);
    for (;;) {
        if (plural_take(e, "+"))
            v += plural_product(e);
        else if (plural_take(e, "-"))
            v -= plural_product(e);
        else
            return v;
    }
}

static unsigned long plural_compare(struct plural_eval *e)
{
    unsigned long v = plural_sum(e);
    for (;;) {
        if (plural_take(e, "<="))
            v = v <= plural_sum(e);
        else if (plural_take(e, ">="))
            v = v >= plural_sum(e);
        else if (plural_take(e, "<"))
            v = v < plural_sum(e);
        else if (plural_take(e, ">"))
            v = v > plural_sum(e);
        else
            return v;
    }
}

static unsigned long plural_equal(struct plural_eval *e)
{
    unsigned long v = plural_compare(e);
    for (;;) {
        if (plural_take(e, "=="))
            v = v == plural_compare(e);
        else if (plural_take(e, "!="))
            v = v != plural_compare(e);
        else
            return v;
    }
}

static unsigned long plural_and(struct plural_eval *e)
{
    unsigned long v = plural_equal(e);
    while (plural_take(e, "&&")) {
        unsigned long w = plural_equal(e);
        v = v && w;
    }
    return v;
}

static unsigned long plural_or(struct plural_eval *e)
{
    unsigned long v = plural_and(e);
    while (plural_take(e, "||")) {
        unsigned long w = plural_and(e);
        v = v || w;
    }
    return v;
}

static unsigned long plural_ternary(struct plural_eval *e)
{
    unsigned long c = plural_or(e);
    if (!plural_take(e, "?"))
        return c;
    unsigned long a = plural_ternary(e);
    if (!plural_take(e, ":"))
        e->ok = false;
    unsigned long b = plural_ternary(e);
    return c ? a : b;
}

/* The form expr gives n; false if expr is not a whole, well-formed expression. */
static bool plural_form(const char *expr, unsigned long n, unsigned long *form)
{
    struct plural_eval e = { expr, n, true, 0 };
    *form = plural_ternary(&e);
    plural_space(&e);
    if (*e.p == ';')
        e.p++;
    plural_space(&e);
    return e.ok && *e.p == '\0';
}

/*
 * Read "Plural-Forms: nplurals=N; plural=EXPR;" from the catalogue's header
 * (the translation of ""). False with *why if it is there but malformed.
 */
static bool read_plural_forms(struct i18n *t, const char *path, char **why)
{
    t->nplurals = 2;
    t->plural[0] = '\0';
    if (t->n == 0 || t->orig[0][0] != '\0')
        return true;
    const char *h = strstr(t->trans[0], "Plural-Forms:");
    if (h == NULL)
        return true;
    const char *np = strstr(h, "nplurals="), *pl = strstr(h, "plural=");
    size_t len = pl ? strcspn(pl + 7, "\n") : 0;
    unsigned long form;
    if (np == NULL || pl == NULL || len >= sizeof t->plural)
        goto bad;
    t->nplurals = (unsigned)strtoul(np + 9, NULL, 10);
    memcpy(t->plural, pl + 7, len);
    t->plural[len] = '\0';
    if (t->nplurals < 1 || t->nplurals > 6 || !plural_form(t->plural, 1, &form))
        goto bad;
    return true;
bad:
    t->nplurals = 2;
    t->plural[0] = '\0';
    *why = xasprintf("%s: the Plural-Forms header is not one gettext reads", path);
    return false;
}

struct i18n *i18n_open(const char *dir, const char *lang, char **why)
{
    struct i18n *t = xcalloc(1, sizeof *t);
    snprintf(t->lang, sizeof t->lang, "%s", lang);
    t->nplurals = 2; /* English's, until the catalogue says otherwise */
    if (strcmp(lang, "en") == 0)
        return t;
    char *path = xasprintf("%s/%s.mo", dir, lang);
    if (!file_read(path, 16 * 1024 * 1024, "a catalogue", &t->data, &t->size, why)) {
        free(path);
        return t;
    }
    if (t->data == NULL || t->size == 0 || !index_mo(t, path, why)) {
        if (*why == NULL)
            *why = xasprintf("%s: cannot read", path);
        free(t->data);
        free(t->orig);
        free(t->trans);
        free(t->trans_len);
        t->data = NULL;
        t->orig = t->trans = NULL;
        t->trans_len = NULL;
        t->n = 0;
    } else {
        read_plural_forms(t, path, why);
    }
    free(path);
    return t;
}

void i18n_close(struct i18n *t)
{
    if (t == NULL)
        return;
    free(t->orig);
    free(t->trans);
    free(t->trans_len);
    free(t->data);
    free(t);
}

/* The index of msgid in the catalogue, or -1. */
static long find(const struct i18n *t, const char *msgid)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(t->orig[mid], msgid);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

const char *i18n_get(const struct i18n *t, const char *msgid)
{
    long i = find(t, msgid);
    return i >= 0 && t->trans[i][0] ? t->trans[i] : msgid;
}

unsigned i18n_plural(const struct i18n *t, unsigned long n)
{
    unsigned long form = n != 1;
    if (t->plural[0] && !plural_form(t->plural, n, &form))
        form = 0;
    return form < t->nplurals ? (unsigned)form : 0;
}

const char *i18n_nget(const struct i18n *t, const char *msgid, const char *plural, unsigned long n)
{
    long i = find(t, msgid);
    if (i < 0 || t->trans[i][0] == '\0')
        return n == 1 ? msgid : plural;
    /* Step over the forms before the one n takes; a catalogue short of forms gives its last. */
    const char *form = t->trans[i], *end = form + t->trans_len[i];
    for (unsigned k = i18n_plural(t, n); k > 0; k--) {
        const char *next = form + strlen(form) + 1;
        if (next >= end)
            break;
        form = next;
    }
    return form;
}

const char *i18n_lang(const struct i18n *t)
{
    return t->lang;
}

static int compare_langs(const void *a, const void *b)
{
    return strcmp(a, b);
}

size_t i18n_languages(const char *dir, char langs[][16], size_t max)
{
    size_t n = 0;
    if (max == 0)
        return 0;
    snprintf(langs[n++], 16, "en");
    DIR *d = opendir(dir);
    if (d == NULL)
        return n;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < max) {
        size_t len = strlen(e->d_name);
        if (len > 3 && len < 16 + 3 && strcmp(e->d_name + len - 3, ".mo") == 0 &&
            e->d_name[0] != '.')
            snprintf(langs[n++], 16, "%.*s", (int)(len - 3), e->d_name);
    }
    closedir(d);
    qsort(langs + 1, n - 1, sizeof langs[0], compare_langs);
    return n;
}
