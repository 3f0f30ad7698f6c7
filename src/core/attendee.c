/* The attendee record and the few things derived from it. */
#include "entrada/attendee.h"
#include "entrada/buf.h"
#include "entrada/text.h"
#include "entrada/xmalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = { "active", "unpaid", "cancelled" };

const char *attendee_status_name(enum attendee_status s)
{
    return status_names[s];
}

int attendee_status_parse(const char *name)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(name, status_names[i]) == 0)
            return i;
    return -1;
}

void attendee_clear(struct attendee *a)
{
    free(a->code);
    free(a->name);
    free(a->first_name);
    free(a->last_name);
    free(a->organisation);
    free(a->email);
    free(a->category);
    free(a->comment);
    free(a->extra);
    free(a->lists);
    free(a->search_key);
    memset(a, 0, sizeof *a);
}

/*
 * Titles and honorifics written before a name, folded with the spaces
 * taken out ("Dott.ssa" is "dottssa", "Dipl.-Ing." is "dipling"): English,
 * Spanish, German, French, Italian, Polish and Greek.
 */
static const char *const titles[] = {
    "dr",    "dra",  "drin",    "prof",  "profa", "profssa", "mr",    "mrs",  "ms",   "miss",
    "mx",    "sir",  "dame",    "rev",   "revd",  "hon",     "dna",   "sr",   "sra",  "srta",
    "ing",   "inga", "lic",     "lcdo",  "lcda",  "excmo",   "excma", "ilmo", "ilma", "herr",
    "frau",  "dipl", "dipling", "dring", "mag",   "maga",    "mme",   "mlle", "pr",   "sig",
    "sigra", "dott", "dottssa", "avv",   "arch",  "pan",     "pani",  "mgr",  "inz",  "hab",
    "κ",     "κα",   "κοσ",     "δρ",    "καθ",
};

/* Titles that are also a letter or a particle: a title only with a dot or "ª" ("D.", "M."). */
static const char *const dotted_titles[] = { "d", "da", "m" };

/* Degrees and suffixes after a comma: "Hans Becker, PhD" is not "PhD Becker". */
static const char *const suffixes[] = { "phd", "dphil", "md",    "msc",  "mba", "ma",  "ba",
                                        "bsc", "jr",    "jnr",   "sr",   "ii",  "iii", "iv",
                                        "esq", "meng",  "mphil", "dipl", "ing" };

/* Words that start a surname and belong to the word after them ("de la Fuente", "van Dijk"). */
static const char *const particles[] = { "de",  "del", "la",  "las", "los", "da",  "das", "do",
                                         "dos", "du",  "van", "von", "der", "den", "ter", "ten",
                                         "di",  "le",  "zu",  "bin", "ibn", "y" };

static bool folded_in(const char *folded, const char *const *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(folded, set[i]) == 0)
            return true;
    return false;
}

#define IN(folded, set) folded_in(folded, set, sizeof set / sizeof set[0])

/* word folded with its spaces taken out: "Dott.ssa" is "dottssa". Caller frees. */
static char *fold_word(const char *word, size_t len)
{
    char *w = xstrndup(word, len), *f = text_fold(w), *o = f;
    for (const char *p = f; *p; p++)
        if (*p != ' ')
            *o++ = *p;
    *o = '\0';
    free(w);
    return f;
}

static bool is_title(const char *word, size_t len)
{
    char *f = fold_word(word, len);
    bool dotted = (len > 0 && word[len - 1] == '.') || memmem(word, len, "ª", strlen("ª"));
    bool t = f[0] && (IN(f, titles) || (dotted && IN(f, dotted_titles)));
    free(f);
    return t;
}

static bool is_particle(const char *word, size_t len)
{
    char *f = fold_word(word, len);
    bool p = IN(f, particles);
    free(f);
    return p;
}

/* The words of a name, as offsets into it. */
struct words {
    const char *s;
    size_t n;
    size_t at[64], len[64];
};

static void words_of(const char *s, size_t len, struct words *w)
{
    w->s = s;
    w->n = 0;
    for (size_t i = 0; i < len && w->n < 64;) {
        while (i < len && s[i] == ' ')
            i++;
        size_t start = i;
        while (i < len && s[i] != ' ')
            i++;
        if (i > start) {
            w->at[w->n] = start;
            w->len[w->n++] = i - start;
        }
    }
}

/* Words from to to-1 as one string, one space between them. */
static char *words_join(const struct words *w, size_t from, size_t to)
{
    if (from >= to)
        return xstrdup("");
    return xstrndup(w->s + w->at[from], w->at[to - 1] + w->len[to - 1] - w->at[from]);
}

/* How many words at the front of w are titles; at least one word is left for the name. */
static size_t titles_in_front(const struct words *w)
{
    size_t t = 0;
    while (t + 1 < w->n && is_title(w->s + w->at[t], w->len[t]))
        t++;
    return t;
}

/* Append the words from to to-1 of w to a title string. */
static void title_add(char **title, const struct words *w, size_t from, size_t to)
{
    if (from >= to)
        return;
    char *more = words_join(w, from, to);
    char *both = (*title)[0] ? xasprintf("%s %s", *title, more) : xstrdup(more);
    free(more);
    free(*title);
    *title = both;
}

/* All the words suffixes ("PhD", "Jr.")? */
static bool only_suffixes(const char *s)
{
    struct words w;
    words_of(s, strlen(s), &w);
    bool all = w.n > 0;
    for (size_t i = 0; i < w.n && all; i++) {
        char *f = fold_word(w.s + w.at[i], w.len[i]);
        all = IN(f, suffixes);
        free(f);
    }
    return all;
}

void attendee_name_split(const char *name, bool surname_first, struct attendee_name *out)
{
    name = name ? name : "";
    out->title = xstrdup("");
    const char *comma = strchr(name, ',');
    size_t len = strlen(name);
    if (comma && only_suffixes(comma + 1))
        len = (size_t)(comma - name); /* "Hans Becker, PhD": a name without its degree */
    else if (comma) {
        struct words last, first;
        words_of(name, (size_t)(comma - name), &last);
        const char *rest = comma + 1;
        const char *end = strchr(rest, ',');
        words_of(rest, end ? (size_t)(end - rest) : strlen(rest), &first);
        size_t lt = titles_in_front(&last), ft = titles_in_front(&first);
        title_add(&out->title, &last, 0, lt);
        title_add(&out->title, &first, 0, ft);
        out->last = words_join(&last, lt, last.n);
        out->first = words_join(&first, ft, first.n);
        return;
    }
    struct words w;
    words_of(name, len, &w);
    size_t t = titles_in_front(&w);
    title_add(&out->title, &w, 0, t);
    size_t n = w.n - t, split; /* the surname's first word (or the given names' first) */
    if (n <= 1) {
        out->first = words_join(&w, t, w.n);
        out->last = xstrdup("");
        return;
    }
    if (surname_first) {
        /* Units of words: a particle goes with the word after it. */
        size_t unit_start[64], units = 0;
        for (size_t i = t; i < w.n; i++) {
            bool joins = i > t && is_particle(w.s + w.at[i - 1], w.len[i - 1]);
            if (!joins)
                unit_start[units++] = i;
        }
        size_t given = units >= 4 ? 2 : units > 1 ? 1 : 0;
        split = given ? unit_start[units - given] : w.n;
        out->last = words_join(&w, t, split);
        out->first = words_join(&w, split, w.n);
        return;
    }
    split = t + 1;
    for (size_t i = t + 1; i + 1 < w.n; i++)
        if (is_particle(w.s + w.at[i], w.len[i])) {
            split = i;
            break;
        }
    out->first = words_join(&w, t, split);
    out->last = words_join(&w, split, w.n);
}

bool attendee_name_given_first(const char *name, bool surname_first, char **shown, char **first,
                               char **last)
{
    const char *comma = strchr(name, ',');
    if (!surname_first && (comma == NULL || only_suffixes(comma + 1)))
        return false;
    struct attendee_name n;
    attendee_name_split(name, surname_first, &n);
    bool split = n.first[0] && n.last[0];
    if (split) {
        *shown = xasprintf("%s%s%s %s", n.title, n.title[0] ? " " : "", n.first, n.last);
        *first = xstrdup(n.first);
        *last = xstrdup(n.last);
    }
    attendee_name_clear(&n);
    return split;
}

void attendee_name_parts(const struct attendee *a, struct attendee_name *out)
{
    bool first = a->first_name && a->first_name[0], last = a->last_name && a->last_name[0];
    if (!first && !last) {
        attendee_name_split(a->name, false, out);
        return;
    }
    struct words w;
    const char *f = first ? a->first_name : "";
    words_of(f, strlen(f), &w);
    size_t t = titles_in_front(&w);
    out->title = words_join(&w, 0, t);
    out->first = words_join(&w, t, w.n);
    out->last = xstrdup(last ? a->last_name : "");
    if (!out->title[0] && a->name) {
        /* The title may be in the full name only: "Dr. Hans Becker" beside "Hans", "Becker". */
        words_of(a->name, strlen(a->name), &w);
        free(out->title);
        out->title = words_join(&w, 0, titles_in_front(&w));
    }
}

void attendee_name_clear(struct attendee_name *n)
{
    free(n->title);
    free(n->first);
    free(n->last);
    memset(n, 0, sizeof *n);
}

char *attendee_greeting_name(const struct attendee *a)
{
    struct attendee_name n;
    attendee_name_parts(a, &n);
    char *greet = n.first[0] ? n.first : n.last[0] ? n.last : n.title;
    greet = xstrdup(greet);
    attendee_name_clear(&n);
    return greet;
}

char *attendee_private_name(const struct attendee *a)
{
    struct attendee_name n;
    attendee_name_parts(a, &n);
    char *shown = xstrdup(n.first[0] && n.last[0] ? n.first : "");
    attendee_name_clear(&n);
    return shown;
}

char *attendee_sort_key(const struct attendee *a)
{
    struct attendee_name n;
    attendee_name_parts(a, &n);
    char *both = xasprintf("%s %s", n.last[0] ? n.last : n.first, n.last[0] ? n.first : "");
    char *key = text_fold(both);
    free(both);
    attendee_name_clear(&n);
    return key;
}

char *attendee_search_key(const char *name, const char *organisation, const char *email)
{
    /* Fields are kept apart by '|' so that search can tell a name match
       from an organisation or e-mail match. */
    struct buf b = { 0 };
    const char *parts[] = { name, organisation, email };
    for (size_t i = 0; i < 3; i++) {
        if (i)
            buf_addc(&b, '|');
        text_search_fold_append(&b, parts[i] ? parts[i] : "", i < 2);
    }
    return buf_steal(&b);
}

void attendee_make_search_key(struct attendee *a)
{
    free(a->search_key);
    a->search_key = attendee_search_key(a->name, a->organisation, a->email);
}

void attendee_make_keys(struct attendee *a, char **name_key, char **email_key, char **org_key)
{
    const char *parts[] = { a->name ? a->name : "", a->organisation ? a->organisation : "",
                            a->email ? a->email : "" };
    char *folded[3];
    struct buf b = { 0 };
    for (size_t i = 0; i < 3; i++) {
        folded[i] = text_fold(parts[i]);
        if (i)
            buf_addc(&b, '|');
        text_search_fold_append_folded(&b, parts[i], folded[i], i < 2);
    }
    free(a->search_key);
    a->search_key = buf_steal(&b);
    *name_key = text_name_key_folded(folded[0]);
    free(folded[0]);
    *org_key = folded[1];
    *email_key = folded[2]; /* text_email_key is the e-mail's fold */
}
