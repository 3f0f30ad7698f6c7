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

/*
 * A name in its parts, each a new string ("" when there is none): the
 * titles and honorifics before it ("Dr.", "Prof. Dr.", "Dña."), the given
 * names and the surnames.
 */
struct attendee_name {
    char *title;
    char *first;
    char *last;
};

/*
 * Split a full name. A comma shows the surname first ("Núñez Peña, José
 * Antonio"; "Becker, PhD" is a degree, not a given name); so does
 * surname_first (a list's "Apellidos y nombre" column), where the given
 * names are the last word, or the last two of four or more, particles
 * ("de la Fuente") kept with the word they lead. Otherwise the first word
 * is the given name and the rest the surname, unless a particle starts the
 * surname earlier ("Ludwig van Beethoven"). Titles in English, Spanish,
 * German, French, Italian, Polish and Greek are taken from the front of the
 * name (and of the given names after a comma) into title; a name that is
 * only a title keeps it as its name.
 */
void attendee_name_split(const char *name, bool surname_first, struct attendee_name *out);

/*
 * A name written surname first (a comma, or surname_first) in the order it
 * is shown and greeted in: true with new strings *shown ("Dr. José Antonio
 * Núñez Peña"), *first and *last; false (nothing set) for a name written
 * given name first, or one that does not split.
 */
bool attendee_name_given_first(const char *name, bool surname_first, char **shown, char **first,
                               char **last);

/*
 * a's name in parts: the list's first and last names when it had them
 * (a title in front of the first name taken out), else split from name.
 */
void attendee_name_parts(const struct attendee *a, struct attendee_name *out);

/* Free the parts and zero them. Accepts a zeroed record. */
void attendee_name_clear(struct attendee_name *n);

/*
 * The name to greet with: the given names without any title ("José
 * Antonio" for "Núñez Peña, José Antonio", "Hans" for "Dr. Hans Becker").
 * Caller frees.
 */
char *attendee_greeting_name(const struct attendee *a);

/*
 * The name a refusal shows to whoever stands behind the person: the given
 * names alone ("Ana" for "Ana Ruiz"), and nothing ("") for a name of one
 * word, which alone could say who it is. Caller frees.
 */
char *attendee_private_name(const struct attendee *a);

/*
 * The key attendees are sorted by surname with: surname, then given names,
 * folded ("Álvarez" sorts with "Alvarez"). Caller frees.
 */
char *attendee_sort_key(const struct attendee *a);

/*
 * The search key of a name, organisation and e-mail: each folded for search
 * (text_search_fold_append; name and organisation with their alternative
 * spellings), joined by '|'. A new string.
 */
char *attendee_search_key(const char *name, const char *organisation, const char *email);

/* Fill a->search_key from name, organisation and email (replacing any old one). */
void attendee_make_search_key(struct attendee *a);

/*
 * The same, and the keys that tell a's person on another row or list (new
 * strings): text_name_key of the name, text_email_key of the e-mail and
 * text_fold of the organisation. Each field is folded once for all of them.
 */
void attendee_make_keys(struct attendee *a, char **name_key, char **email_key, char **org_key);

#endif
