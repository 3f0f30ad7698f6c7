/*
 * Names written in other scripts made Latin, so that "georgios" typed on a
 * Latin keyboard finds "Γεώργιος" and "ivanova" finds "Иванова": ICU's
 * transliterators. Slow next to folding (tens of microseconds a name), so
 * search keys are made with it once, when a name is stored, and only for
 * text that translit_needed says has letters of another script.
 */
#ifndef ENTRADA_TRANSLIT_H
#define ENTRADA_TRANSLIT_H

#include <stdbool.h>

enum translit_scheme {
    /* ICU's "Any-Latin; Latin-ASCII": every script to Latin, then plain
       ASCII (Βασίλης → Basiles, Жуков → Zukov). */
    TRANSLIT_ASCII,
    /* The romanisations people write their own names in: BGN/PCGN for
       Cyrillic, UNGEGN (ELOT 743) for Greek, the above for the rest
       (Βασίλης → Vasilis, Жуков → Zhukov). */
    TRANSLIT_EVERYDAY,
};

/* True if s (UTF-8) holds a letter of a script other than Latin. Fast. */
bool translit_needed(const char *s);

/*
 * s transliterated to Latin ASCII letters (punctuation and digits kept): a
 * new string owned by the caller, or NULL if s is not UTF-8 or ICU fails.
 * Safe to call from any thread (one transliterator per scheme, locked).
 */
char *translit_latin(const char *s, enum translit_scheme scheme);

#endif
