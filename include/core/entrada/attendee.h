/*
 * One attendee as the store keeps them. A plain record: every string is
 * owned by the record (never NULL once filled) and freed by attendee_clear.
 */
#ifndef ENTRADA_ATTENDEE_H
#define ENTRADA_ATTENDEE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Where a registration stands. An attendee holding several (one per list)
 * stands as their best: active before unpaid before cancelled.
 */
enum attendee_status {
    ATTENDEE_ACTIVE,
    ATTENDEE_UNPAID, /* pending payment or approval */
    ATTENDEE_CANCELLED,
};

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
    char *comment;    /* a note for the door, "" for none */
    char *extra;      /* the list's kept columns ([columns] keep), a JSON object */
    char *search_key; /* text_fold of name, organisation and email */
    char *lists;      /* the lists holding a registration of theirs, "main b2b" */
    enum attendee_status status;
    bool attention; /* requires special attention at the door */
};

/* "active", "unpaid", "cancelled". */
const char *attendee_status_name(enum attendee_status s);
/* The status named so, or -1. */
int attendee_status_parse(const char *name);

/* Free every string and zero the record. Accepts a zeroed record. */
void attendee_clear(struct attendee *a);

/* The name to greet with: first_name if known, else the first word of name. Caller frees. */
char *attendee_greeting_name(const struct attendee *a);

/* Fill a->search_key from name, organisation and email (replacing any old one). */
void attendee_make_search_key(struct attendee *a);

#endif
