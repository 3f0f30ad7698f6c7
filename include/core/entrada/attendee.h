/*
 * One attendee as the store keeps them. A plain record: every string is
 * owned by the record (never NULL once filled) and freed by attendee_clear.
 */
#ifndef ENTRADA_ATTENDEE_H
#define ENTRADA_ATTENDEE_H

#include <stdbool.h>
#include <stdint.h>

struct attendee {
    int64_t id; /* the store's row id; 0 before it is stored */
    char *code; /* what the badge's QR code carries */
    bool code_generated;
    char *name; /* full name as shown */
    char *first_name;
    char *last_name;
    char *organisation;
    char *email;
    char *category;   /* ticket type or role: SPEAKER, PRESS, ... */
    char *extra;      /* unmapped columns of the list, a JSON object */
    char *search_key; /* text_fold of name, organisation and email */
    bool cancelled;
};

/* Free every string and zero the record. Accepts a zeroed record. */
void attendee_clear(struct attendee *a);

/* The name to greet with: first_name if known, else the first word of name. Caller frees. */
char *attendee_greeting_name(const struct attendee *a);

/* Fill a->search_key from name, organisation and email (replacing any old one). */
void attendee_make_search_key(struct attendee *a);

#endif
