/*
 * The search index: every word of every attendee's folded search key, in
 * one sorted array. A query word selects the contiguous run of words it is
 * a prefix of; the rarest query word drives, the others are checked
 * against each candidate's key. A query of one word never touches the keys.
 */
#include "entrada/search.h"
#include "entrada/buf.h"
#include "entrada/text.h"
#include "entrada/xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum { FIELD_NAME, FIELD_ORGANISATION, FIELD_EMAIL };

/* The Latin letters with marks that search_letters counts: Latin-1 and Latin Extended-A. */
enum { LETTERS_START = 0xC0, LETTERS_END = 0x180 };

struct word {
    uint32_t text; /* offset of the NUL-terminated word in words */
    uint32_t who;  /* index into people */
    uint8_t field;
    uint8_t pos; /* word number within its field, capped at 255 */
};

struct person {
    int64_t id;
    uint32_t key; /* offset of the search key in keys */
};

struct search {
    struct person *people;
    size_t npeople, cap_people;
    struct word *index;
    size_t nwords, cap_words;
    struct buf words; /* word texts */
    struct buf keys;  /* whole search keys */
    int *best;        /* per person: best score in the current query, or -1 */
    /* How often each letter U+00C0..U+017F (lower case) is in the names. */
    unsigned letters[LETTERS_END - LETTERS_START];
};

/* Count the letters with marks in name. */
static void count_letters(struct search *s, const char *name)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)name;
    while (*p) {
        if (*p < 0xC3 || *p > 0xC5) { /* not U+00C0..U+017F */
            p++;
            continue;
        }
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
        if (k <= 0) {
            p++;
            continue;
        }
        p += k;
        cp = utf8proc_tolower(cp);
        if (cp >= LETTERS_START && cp < LETTERS_END)
            s->letters[cp - LETTERS_START]++;
    }
}

static bool handle_attendee(void *ctx, const struct attendee *a)
{
    struct search *s = ctx;
    count_letters(s, a->name);
    if (s->npeople == s->cap_people) {
        s->cap_people = s->cap_people ? s->cap_people * 2 : 256;
        s->people = xreallocarray(s->people, s->cap_people, sizeof *s->people);
    }
    uint32_t who = (uint32_t)s->npeople++;
    s->people[who].id = a->id;
    s->people[who].key = (uint32_t)s->keys.len;
    buf_add(&s->keys, a->search_key, strlen(a->search_key) + 1);

    uint8_t field = FIELD_NAME, pos = 0;
    for (const char *p = a->search_key; *p;) {
        if (*p == '|') {
            field++;
            pos = 0;
            p++;
            continue;
        }
        if (*p == ' ') {
            p++;
            continue;
        }
        size_t len = strcspn(p, " |");
        if (s->nwords == s->cap_words) {
            s->cap_words = s->cap_words ? s->cap_words * 2 : 1024;
            s->index = xreallocarray(s->index, s->cap_words, sizeof *s->index);
        }
        struct word *w = &s->index[s->nwords++];
        w->text = (uint32_t)s->words.len;
        w->who = who;
        w->field = field;
        w->pos = pos < 255 ? pos++ : pos;
        buf_add(&s->words, p, len);
        buf_addc(&s->words, '\0');
        p += len;
    }
    return true;
}

/* qsort_r comparison; ctx is the word texts. */
static int compare_words(const void *a, const void *b, void *ctx)
{
    const struct word *x = a, *y = b;
    const char *text = ctx;
    int c = strcmp(text + x->text, text + y->text);
    if (c)
        return c;
    return x->who < y->who ? -1 : x->who > y->who;
}

struct search *search_create(struct store *st, char **why)
{
    struct search *s = xcalloc(1, sizeof *s);
    buf_add(&s->words, "", 0);
    buf_add(&s->keys, "", 0);
    if (!store_each_attendee(st, STORE_ALL, handle_attendee, s, why)) {
        search_destroy(s);
        return NULL;
    }
    if (s->nwords)
        qsort_r(s->index, s->nwords, sizeof *s->index, compare_words, s->words.data);
    s->best = xcalloc(s->npeople ? s->npeople : 1, sizeof *s->best);
    for (size_t i = 0; i < s->npeople; i++)
        s->best[i] = -1;
    return s;
}

void search_destroy(struct search *s)
{
    if (s == NULL)
        return;
    free(s->people);
    free(s->index);
    buf_free(&s->words);
    buf_free(&s->keys);
    free(s->best);
    free(s);
}

size_t search_size(const struct search *s)
{
    return s->npeople;
}

/* A letter search_letters offers: one with a mark, whose capital is not plain ASCII (ı). */
static bool offered(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return (c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LU) && utf8proc_toupper(cp) >= 0x80;
}

/* qsort comparison of letters: by the plain letter they fold to, then by code point. */
static int compare_letters(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    uint8_t ux[5] = { 0 }, uy[5] = { 0 };
    utf8proc_encode_char(x, ux);
    utf8proc_encode_char(y, uy);
    char *fx = text_fold((const char *)ux), *fy = text_fold((const char *)uy);
    int c = strcmp(fx, fy);
    free(fx);
    free(fy);
    return c ? c : (x > y) - (x < y);
}

size_t search_letters(const struct search *s, char *out, size_t size, size_t max)
{
    int32_t chosen[LETTERS_END - LETTERS_START];
    size_t n = 0;
    /* The most frequent first, max of them. */
    bool taken[LETTERS_END - LETTERS_START] = { false };
    while (n < max) {
        int best = -1;
        for (int i = 0; i < LETTERS_END - LETTERS_START; i++)
            if (!taken[i] && s->letters[i] > 0 && offered(LETTERS_START + i) &&
                (best < 0 || s->letters[i] > s->letters[best]))
                best = i;
        if (best < 0)
            break;
        taken[best] = true;
        chosen[n++] = LETTERS_START + best;
    }
    qsort(chosen, n, sizeof chosen[0], compare_letters);
    size_t len = 0, written = 0;
    if (size > 0)
        out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        uint8_t u[5] = { 0 };
        utf8proc_ssize_t k = utf8proc_encode_char(utf8proc_toupper(chosen[i]), u);
        if (len + (size_t)k + 1 > size)
            break;
        memcpy(out + len, u, (size_t)k);
        len += (size_t)k;
        out[len] = '\0';
        written++;
    }
    return written;
}

/* First index in [0, nwords) whose word compared with prefix p is >= 0 (or > 0 if after). */
static size_t bound(const struct search *s, const char *p, size_t len, bool after)
{
    size_t lo = 0, hi = s->nwords;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strncmp(s->words.data + s->index[mid].text, p, len);
        if (c < 0 || (after && c == 0))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Score of one query word matching one word of a key. */
static int word_score(bool exact, int field, int pos)
{
    int score = exact ? 3 : 2;
    if (field == FIELD_NAME)
        score += 2;
    if (field == FIELD_NAME && pos == 0)
        score += 1;
    return score;
}

/* Best score of query word t against the key, or -1 if no word of it starts with t. */
static int key_score(const char *key, const char *t, size_t tlen, bool staff)
{
    int best = -1, field = FIELD_NAME, pos = 0;
    for (const char *p = key; *p;) {
        if (*p == '|') {
            field++;
            pos = 0;
            p++;
            continue;
        }
        if (*p == ' ') {
            p++;
            continue;
        }
        size_t len = strcspn(p, " |");
        if ((staff || field != FIELD_EMAIL) && len >= tlen && strncmp(p, t, tlen) == 0) {
            int sc = word_score(len == tlen, field, pos);
            if (sc > best)
                best = sc;
        }
        pos++;
        p += len;
    }
    return best;
}

/* A candidate while a query runs. */
struct cand {
    uint32_t who;
    int score;
};

/* Better score first; equal scores in name order (the key starts with the name). */
static bool ranks_before(const struct search *s, struct cand a, struct cand b)
{
    if (a.score != b.score)
        return a.score > b.score;
    return strcmp(s->keys.data + s->people[a.who].key, s->keys.data + s->people[b.who].key) < 0;
}

/* Insert c into top[0..*n), kept in rank order and at most max long. */
static void keep(const struct search *s, struct cand *top, size_t *n, size_t max, struct cand c)
{
    size_t i = *n;
    while (i > 0 && ranks_before(s, c, top[i - 1]))
        i--;
    if (i >= max)
        return;
    size_t moved = (*n < max ? *n : max - 1) - i;
    memmove(&top[i + 1], &top[i], moved * sizeof *top);
    top[i] = c;
    if (*n < max)
        (*n)++;
}

enum { MAX_TERMS = 8, WHOLE_EMAIL_SCORE = 1000 };

/* True if the e-mail field of key (after its second '|') is folded. */
static bool email_is(const char *key, const char *folded)
{
    const char *email = strchr(key, '|');
    email = email ? strchr(email + 1, '|') : NULL;
    return email && strcmp(email + 1, folded) == 0;
}

size_t search_find(struct search *s, const char *query, bool staff, struct search_hit *hits,
                   size_t max)
{
    if (max == 0 || s->nwords == 0)
        return 0;
    char *folded = text_search_fold(query);
    /* An attendee who types their whole e-mail address is found by it; a part finds nobody. */
    char *whole = !staff && strchr(query, '@') ? xstrdup(folded) : NULL;
    const char *term[MAX_TERMS];
    size_t tlen[MAX_TERMS], nterms = 0, total = 0;
    for (char *p = strtok(folded, " "); p && nterms < MAX_TERMS; p = strtok(NULL, " ")) {
        term[nterms] = p;
        tlen[nterms] = strlen(p);
        total += tlen[nterms++];
    }
    size_t n = 0;
    struct cand *top = xcalloc(max, sizeof *top);
    if (nterms == 0 || total < SEARCH_MIN_QUERY)
        goto out;

    /* The term with the fewest matching words drives. */
    size_t drive = 0, lo = 0, hi = 0;
    for (size_t t = 0; t < nterms; t++) {
        size_t l = bound(s, term[t], tlen[t], false), h = bound(s, term[t], tlen[t], true);
        if (t == 0 || h - l < hi - lo) {
            drive = t;
            lo = l;
            hi = h;
        }
    }

    for (size_t i = lo; i < hi; i++) {
        const struct word *w = &s->index[i];
        if (!staff && w->field == FIELD_EMAIL) {
            if (whole && s->best[w->who] < 0)
                s->best[w->who] = 0; /* a candidate, if the address is all of theirs */
            continue;
        }
        bool exact = s->words.data[w->text + tlen[drive]] == '\0';
        int sc = word_score(exact, w->field, w->pos);
        if (sc > s->best[w->who])
            s->best[w->who] = sc;
    }
    for (size_t i = lo; i < hi; i++) {
        uint32_t who = s->index[i].who;
        int score = s->best[who];
        if (score < 0)
            continue;
        s->best[who] = -1; /* visit each person once, and leave the array clean */
        const char *key = s->keys.data + s->people[who].key;
        bool owner = whole && email_is(key, whole);
        if (owner)
            score = WHOLE_EMAIL_SCORE;
        else if (whole && score == 0) /* only their e-mail address matched, and a part of it */
            continue;
        for (size_t t = 0; t < nterms && score >= 0 && !owner; t++) {
            if (t == drive)
                continue;
            int sc = key_score(key, term[t], tlen[t], staff);
            score = sc < 0 ? -1 : score + sc;
        }
        if (score >= 0)
            keep(s, top, &n, max, (struct cand){ who, score });
    }
    for (size_t i = 0; i < n; i++)
        hits[i] = (struct search_hit){ s->people[top[i].who].id, top[i].score };
out:
    free(top);
    free(folded);
    free(whole);
    return n;
}
