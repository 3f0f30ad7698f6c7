/*
 * Finding an attendee by name: accent-, case- and punctuation-insensitive
 * word prefixes in any order ("san cue" finds "Santiago Cuesta López"), over
 * name and organisation, and e-mail for staff. The index lives in memory,
 * built from the store's folded search keys; rebuild it after an import.
 */
#ifndef ENTRADA_SEARCH_H
#define ENTRADA_SEARCH_H

#include "entrada/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Queries shorter than this (in folded characters) find nothing. */
#define SEARCH_MIN_QUERY 2

struct search;

struct search_hit {
    int64_t id; /* attendee row id: store_get_attendee gives the record */
    int score;  /* higher is better */
};

/* Index every attendee in st. NULL with *why set if the store fails. */
struct search *search_create(struct store *st, char **why);
void search_destroy(struct search *s);

/*
 * Fill hits[0..max) with the best matches for query, best first, and
 * return how many. staff also matches e-mail addresses; others only a
 * whole address (a query with '@' that is all of someone's), first.
 */
size_t search_find(struct search *s, const char *query, bool staff, struct search_hit *hits,
                   size_t max);

/* Number of attendees indexed. */
size_t search_size(const struct search *s);

/*
 * The letters with marks (Ñ, Ç, Ä, Ł, ß, É ...) the names hold, at most max
 * of the most frequent, as capitals in alphabetical order, written into out
 * (size bytes, NUL-terminated) as one UTF-8 string. Returns how many.
 */
size_t search_letters(const struct search *s, char *out, size_t size, size_t max);

#endif
