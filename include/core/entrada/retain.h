/*
 * How long the event's data is kept ([privacy] retain_days), and whether
 * that time is up.
 *
 * The event's end is the end of the last day of [event] date (midnight
 * after it, local time); without a date, the end of the day of the last
 * check-in. From the event's end on, the kiosk and `entrada stats` warn
 * that the data is to be deleted. It is due for deletion retain_days after
 * the last check-in (after the event's end when nobody checked in), or on
 * the day staff extended it to with `entrada retain --extend`, whichever
 * is later; from then on the kiosk does not check anyone in until the data
 * is exported and wiped (`entrada wipe`), or the time is extended again.
 * Sessions carry no times, so they do not move the event's end.
 */
#ifndef ENTRADA_RETAIN_H
#define ENTRADA_RETAIN_H

#include "entrada/config.h"
#include "entrada/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The store setting that holds an extension: UTC ms, as decimal text. */
#define RETAIN_SETTING "retain_until"

struct retain_state {
    int days;                /* [privacy] retain_days; 0: no limit, nothing below is set */
    int64_t last_checkin_ms; /* 0 for none */
    int64_t event_end_ms;    /* 0 when neither a date nor a check-in gives it */
    int64_t extended_ms;     /* the day staff extended to, 0 for none */
    int64_t due_ms;          /* when the data is due for deletion, 0 for not yet known */
    bool ended;              /* now is past the event's end: warn */
    bool expired;            /* now is past due: no check-ins until export and wipe */
};

/* Where the store's data stands at now_ms (UTC). False with *why on a store failure. */
bool retain_check(struct store *st, const struct config *cfg, int64_t now_ms,
                  struct retain_state *out, char **why);

/*
 * Keep the data days more: from the later of now and the day it is due,
 * recorded in the store (RETAIN_SETTING). *out is the state after it.
 * False with *why when retain_days is 0 (nothing to extend) or the store
 * fails.
 */
bool retain_extend(struct store *st, const struct config *cfg, int days, int64_t now_ms,
                   struct retain_state *out, char **why);

/*
 * The state in words for staff, in English (the command line's): "the
 * event ended on 2026-03-12; its data is due for deletion on 2026-04-11
 * ...". "" when there is nothing to say (no limit, or the event has not
 * ended).
 */
void retain_words(const struct retain_state *r, char *buf, size_t size);

/* ms as the local day "YYYY-MM-DD". */
void retain_day(int64_t ms, char out[16]);

#endif
