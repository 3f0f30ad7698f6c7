/*
 * The staff desk's core: adding walk-ins and listing who has not arrived.
 * The SQL is the store's (store-desk.c); here are the rules.
 */
#include "entrada/desk.h"
#include "entrada/roster.h"
#include "entrada/text.h"
#include "entrada/xmalloc.h"

#include <stdlib.h>
#include <string.h>

/* s, trimmed and checked: NULL with *why when it cannot be a walk-in's field. */
static char *field(const char *s, const char *what, bool required, char **why)
{
    if (s == NULL)
        s = "";
    size_t n = strnlen(s, DESK_FIELD_MAX + 1);
    if (n > DESK_FIELD_MAX || !text_valid_utf8(s, n) || text_control_char(s)) {
        *why = xasprintf("the %s is too long or holds characters that cannot be printed", what);
        return NULL;
    }
    char *clean = text_clean(s);
    if (required && clean[0] == '\0') {
        *why = xasprintf("a walk-in needs a %s", what);
        free(clean);
        return NULL;
    }
    return clean;
}

bool desk_walkin_check(const struct desk_walkin *w, char **why)
{
    char *f[4] = { field(w->name, "name", true, why), NULL, NULL, NULL };
    bool ok = f[0] && (f[1] = field(w->organisation, "organisation", false, why)) &&
              (f[2] = field(w->email, "e-mail address", false, why)) &&
              (f[3] = field(w->category, "category", false, why));
    if (ok && f[2][0] && (strchr(f[2], '@') == NULL || strchr(f[2], ' '))) {
        *why = xasprintf("\"%s\" is not an e-mail address", f[2]);
        ok = false;
    }
    for (int i = 0; i < 4; i++)
        free(f[i]);
    return ok;
}

bool desk_add_walkin(struct store *st, const struct desk_walkin *w, struct attendee *out,
                     char **why)
{
    memset(out, 0, sizeof *out);
    struct store_registration reg = { 0 };
    struct attendee *a = &reg.a;
    bool ok = false, began = false;
    if ((a->name = field(w->name, "name", true, why)) == NULL ||
        (a->organisation = field(w->organisation, "organisation", false, why)) == NULL ||
        (a->email = field(w->email, "e-mail address", false, why)) == NULL ||
        (a->category = field(w->category, "category", false, why)) == NULL)
        goto out;
    if (a->email[0] && (strchr(a->email, '@') == NULL || strchr(a->email, ' '))) {
        *why = xasprintf("\"%s\" is not an e-mail address", a->email);
        goto out;
    }
    a->first_name = xstrdup("");
    a->last_name = xstrdup("");
    a->comment = xstrdup("");
    a->extra = xstrdup("{}");
    a->status = ATTENDEE_ACTIVE;
    a->code_generated = true;
    attendee_make_keys(a, &reg.name_key, &reg.email_key, &reg.org_key);
    if (!store_begin(st, why))
        goto out;
    began = true;
    if (!store_ensure_list(st, STORE_WALK_IN, &reg.list_id, why))
        goto out;
    if (w->code && w->code[0]) {
        /* Another kiosk's walk-in keeps the code it was given there. */
        int taken = store_code_taken(st, w->code, why);
        if (taken != 0) {
            if (taken > 0)
                *why = xasprintf("the code %s of walk-in %s is taken", w->code, a->name);
            goto out;
        }
        a->code = xstrdup(w->code);
    }
    /* A new code, like those an import makes for a list without codes. */
    if (a->code == NULL)
        a->code = xcalloc(1, ROSTER_CODE_LENGTH + 1);
    while (!(w->code && w->code[0])) {
        roster_make_code(a->code);
        int taken = store_code_taken(st, a->code, why);
        if (taken < 0)
            goto out;
        if (taken == 0)
            break;
    }
    if (store_find_person(st, &reg, &reg.attendee_id, why) < 0 ||
        !store_put_registration(st, &reg, why))
        goto out;
    if (store_get_attendee(st, reg.attendee_id, out, why) != 1) {
        if (*why == NULL)
            *why = xstrdup("the walk-in just added is not in the store");
        goto out;
    }
    /* The code to show and print is the walk-in's, whichever the person's row shows. */
    free(out->code);
    out->code = xstrdup(a->code);
    ok = store_commit(st, why);
    began = false;
out:
    if (began)
        store_rollback(st);
    if (!ok)
        attendee_clear(out);
    store_registration_clear(&reg);
    return ok;
}

/* The next word of a comma-separated list, folded, into *word; false at the end. */
static bool next_word(const char **p, char **word)
{
    while (**p == ',' || **p == ' ')
        (*p)++;
    if (**p == '\0')
        return false;
    size_t n = strcspn(*p, ",");
    char *raw = xstrndup(*p, n);
    *word = text_fold(raw);
    free(raw);
    *p += n;
    return true;
}

bool desk_is_vip(const char *vip, const char *category, const char *kept)
{
    if (vip == NULL || vip[0] == '\0')
        return false;
    char *cat = text_fold(category ? category : "");
    bool found = false;
    const char *p = vip;
    char *word;
    while (!found && next_word(&p, &word)) {
        if (word[0]) {
            found = strcmp(word, cat) == 0;
            size_t n = strlen(word);
            for (const char *k = kept ? kept : ""; !found && *k;) {
                size_t len = strcspn(k, "\x1f");
                found = len == n && memcmp(k, word, n) == 0;
                k += len + (k[len] != '\0');
            }
        }
        free(word);
    }
    free(cat);
    return found;
}

/* Surname first: last_name, else what follows the first word of the name. */
static char *sort_key(const struct attendee *a)
{
    const char *surname = a->last_name && a->last_name[0] ? a->last_name : NULL;
    if (surname == NULL) {
        const char *space = strchr(a->name, ' ');
        surname = space ? space + 1 : a->name;
    }
    char *key = xasprintf("%s %s", surname, a->name);
    char *folded = text_fold(key);
    free(key);
    return folded;
}

struct absent_ctx {
    struct desk_absent_list *out;
    size_t cap;
    const char *vip;
};

static bool handle_absent(void *ctx, const struct attendee *a, const char *kept)
{
    struct absent_ctx *c = ctx;
    struct desk_absent_list *l = c->out;
    if (l->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        l->v = xreallocarray(l->v, c->cap, sizeof *l->v);
    }
    struct desk_absent *d = &l->v[l->n++];
    memset(d, 0, sizeof *d);
    d->a = (struct attendee){
        .id = a->id,
        .code = xstrdup(a->code),
        .code_generated = a->code_generated,
        .name = xstrdup(a->name),
        .first_name = xstrdup(a->first_name),
        .last_name = xstrdup(a->last_name),
        .organisation = xstrdup(a->organisation),
        .email = xstrdup(a->email),
        .category = xstrdup(a->category),
        .comment = xstrdup(a->comment),
        .extra = xstrdup(a->extra),
        .search_key = xstrdup(a->search_key),
        .lists = xstrdup(a->lists),
        .status = a->status,
        .attention = a->attention,
    };
    d->vip = desk_is_vip(c->vip, a->category, kept);
    d->sort_key = sort_key(a);
    l->vips += d->vip;
    return true;
}

static int compare_absent(const void *x, const void *y)
{
    const struct desk_absent *a = x, *b = y;
    if (a->vip != b->vip)
        return a->vip ? -1 : 1;
    int c = strcmp(a->sort_key, b->sort_key);
    return c ? c : (a->a.id > b->a.id) - (a->a.id < b->a.id);
}

bool desk_absent(struct store *st, int64_t session_id, const char *vip,
                 struct desk_absent_list *out, char **why)
{
    memset(out, 0, sizeof *out);
    struct absent_ctx c = { .out = out, .vip = vip };
    if (!store_each_absent(st, session_id, handle_absent, &c, why)) {
        desk_absent_free(out);
        return false;
    }
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, compare_absent);
    return true;
}

void desk_absent_free(struct desk_absent_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        attendee_clear(&l->v[i].a);
        free(l->v[i].sort_key);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}
