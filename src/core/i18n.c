/*
 * A reader for gettext's .mo files: a header, then two tables of (length,
 * offset) pairs for the original strings (sorted, so looked up by binary
 * search) and their translations. Every offset is checked against the
 * file's size before use.
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
        if (i > 0 && strcmp(t->orig[i - 1], t->orig[i]) >= 0)
            goto bad; /* binary search needs sorted originals */
    }
    t->n = n;
    return true;
bad:
    *why = xasprintf("%s: not a valid gettext catalogue", path);
    return false;
}

struct i18n *i18n_open(const char *dir, const char *lang, char **why)
{
    struct i18n *t = xcalloc(1, sizeof *t);
    snprintf(t->lang, sizeof t->lang, "%s", lang);
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
        t->data = NULL;
        t->orig = t->trans = NULL;
        t->n = 0;
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
    free(t->data);
    free(t);
}

const char *i18n_get(const struct i18n *t, const char *msgid)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(t->orig[mid], msgid);
        if (c == 0)
            return t->trans[mid][0] ? t->trans[mid] : msgid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return msgid;
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
