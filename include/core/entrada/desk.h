/*
 * The staff desk beside the kiosk: walk-ins (people the lists lack, added
 * on the spot to the list walk-in with a code of their own) and the people
 * of a session who have not arrived yet, those who matter most (VIPs, by
 * [staff] vip) first.
 */
#ifndef ENTRADA_DESK_H
#define ENTRADA_DESK_H

#include "entrada/attendee.h"
#include "entrada/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest name, organisation, e-mail address or category a walk-in may have, in bytes. */
#define DESK_FIELD_MAX 200

/* A walk-in as staff typed them; organisation, email and category may be NULL or "". */
struct desk_walkin {
    const char *name, *organisation, *email, *category;
    const char *code; /* NULL or "": a new one; else this one (a walk-in from another kiosk) */
};

/* True if w can be added (as desk_add_walkin checks it); false with *why. */
bool desk_walkin_check(const struct desk_walkin *w, char **why);

/*
 * Add w as an active registration on the list walk-in with a new code
 * (the same person on another list, by name and e-mail address or
 * organisation, gets it as their second registration), in one transaction.
 * *out is the attendee as stored (free with attendee_clear). False with
 * *why on a field that cannot be (no name, control characters, too long,
 * an e-mail address without '@') or a store failure.
 */
bool desk_add_walkin(struct store *st, const struct desk_walkin *w, struct attendee *out,
                     char **why);

/* One person not arrived yet. */
struct desk_absent {
    struct attendee a; /* owned by the list */
    bool vip;
    char *sort_key; /* surname first, folded */
};

struct desk_absent_list {
    struct desk_absent *v;
    size_t n;
    size_t vips;
};

/*
 * The active attendees entitled to session_id who have not been admitted
 * to it: VIPs first (vip is [staff] vip, words separated by commas, matched
 * folded against the category and the kept columns' values), each group by
 * surname (last_name, else the name after its first word). Free with
 * desk_absent_free.
 */
bool desk_absent(struct store *st, int64_t session_id, const char *vip,
                 struct desk_absent_list *out, char **why);
void desk_absent_free(struct desk_absent_list *l);

/* True if vip (as above) marks someone with this category and these kept values. */
bool desk_is_vip(const char *vip, const char *category, const char *kept);

#endif
