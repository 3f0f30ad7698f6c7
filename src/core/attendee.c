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

char *attendee_greeting_name(const struct attendee *a)
{
    if (a->first_name && a->first_name[0])
        return xstrdup(a->first_name);
    const char *n = a->name ? a->name : "";
    size_t len = strcspn(n, " ");
    return xstrndup(n, len);
}

void attendee_make_search_key(struct attendee *a)
{
    /* Fields are kept apart by '|' so that search can tell a name match
       from an organisation or e-mail match. */
    struct buf b = { 0 };
    const char *parts[] = { a->name, a->organisation, a->email };
    for (size_t i = 0; i < 3; i++) {
        if (i)
            buf_addc(&b, '|');
        text_fold_append(&b, parts[i] ? parts[i] : "");
    }
    free(a->search_key);
    a->search_key = buf_steal(&b);
}
