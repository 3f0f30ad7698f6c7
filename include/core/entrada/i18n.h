/*
 * Translations for the kiosk's screens, from gettext catalogues: each
 * language is a .po file in assets/locale/, compiled to LANG.mo by the
 * build. English is the language of the source strings and needs none.
 * A catalogue is read into memory whole; switching language is opening
 * another one.
 */
#ifndef ENTRADA_I18N_H
#define ENTRADA_I18N_H

#include <stddef.h>

struct i18n;

/*
 * Open the catalogue for lang ("es") in dir (DIR/LANG.mo). English, or a
 * language without a catalogue, gives the source strings (and *why says
 * why, for the latter). Never NULL.
 */
struct i18n *i18n_open(const char *dir, const char *lang, char **why);
void i18n_close(struct i18n *t);

/* The translation of msgid, or msgid itself. The string belongs to t (or is msgid). */
const char *i18n_get(const struct i18n *t, const char *msgid);

/*
 * The translation of a message with plural forms, in the form number n
 * takes in this language (the catalogue's Plural-Forms), or msgid for
 * n == 1 and plural otherwise where there is none. The string belongs to
 * t (or is msgid or plural).
 */
const char *i18n_nget(const struct i18n *t, const char *msgid, const char *plural, unsigned long n);

/* Which of its plural forms the language gives n (0 for the first). */
unsigned i18n_plural(const struct i18n *t, unsigned long n);

/* The language code this catalogue was opened for ("en", "es"). */
const char *i18n_lang(const struct i18n *t);

/*
 * The languages available in dir: "en" first, then one per LANG.mo, at
 * most max, written to langs as short codes (at most 15 bytes each).
 */
size_t i18n_languages(const char *dir, char langs[][16], size_t max);

/*
 * Marks a message that is translated where it is shown, not where it is
 * written (a table of words, one side of a ?:), so that xgettext finds it.
 */
#define N_(msgid) msgid

#endif
