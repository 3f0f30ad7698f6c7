/*
 * Text handling shared by every module: turning the bytes of a file from an
 * organiser's tool into UTF-8, and folding names for search and matching.
 */
#ifndef ENTRADA_TEXT_H
#define ENTRADA_TEXT_H

#include "entrada/buf.h"

#include <stdbool.h>
#include <stddef.h>

enum text_encoding {
    TEXT_UTF8,
    TEXT_UTF8_BOM,
    TEXT_UTF16LE,
    TEXT_UTF16BE,
    TEXT_CP1252,
};

/* "UTF-8", "UTF-16LE", "Windows-1252", ... */
const char *text_encoding_name(enum text_encoding enc);

/*
 * Decode a whole file to UTF-8: a UTF-8 or UTF-16 byte order mark decides;
 * without one, valid UTF-8 is taken as it is and anything else as
 * Windows-1252 (what Excel's plain "CSV" save writes in western Europe).
 * The BOM is dropped. On success *out is a new NUL-terminated string owned by
 * the caller, *out_len its length. Fails, saying why and on which line, for
 * UTF-32, broken UTF-16 and NUL bytes (a binary file, not text).
 */
bool text_decode(const char *raw, size_t len, char **out, size_t *out_len, enum text_encoding *enc,
                 char **why);

/* True if raw is UTF-8 as it is: no byte order mark, no NUL (text_decode would copy it). */
bool text_plain_utf8(const char *raw, size_t len);

/* True if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
bool text_valid_utf8(const char *s, size_t len);

/*
 * The search and matching form of a name: Unicode-decomposed, case-folded,
 * accents stripped, the letters decomposition leaves alone mapped by hand
 * (ł→l, ø→o, đ→d, æ→ae, œ→oe, ß→ss, ı→i, þ→th), apostrophes dropped
 * (O'Neill → oneill) and every other run of punctuation or space turned into
 * one space. "Cuesta López, Łukasz" → "cuesta lopez lukasz". Returns a new
 * string owned by the caller; invalid UTF-8 bytes are treated as spaces.
 */
char *text_fold(const char *s);

/*
 * The keys a person is recognised by across rows and lists (new strings):
 * a name's folded words in order, so that "Núñez Peña, José" and "José
 * Núñez Peña" agree; an e-mail address folded (case and accents aside).
 */
char *text_name_key(const char *name);
char *text_name_key_folded(const char *folded); /* of a name already text_fold-ed */
char *text_email_key(const char *email);

/* The same, appended to b (nothing added between what b held and the fold). */
void text_fold_append(struct buf *b, const char *s);

/*
 * The search form of s: text_fold of s made Latin first if it holds letters
 * of another script (translit.h), so that "georgios" finds "Γεώργιος". With
 * alternatives, the words of other ways of writing it follow those: the
 * everyday romanisation ("vasilis" beside "basiles" for "Βασίλης") and
 * German umlauts spelt out ("mueller" beside "muller" for "Müller"). Search
 * keys are made with alternatives, queries without.
 */
void text_search_fold_append(struct buf *b, const char *s, bool alternatives);
char *text_search_fold(const char *s); /* without alternatives; a new string */
/* The same, given text_fold(s) as folded: s is folded again only if in another script. */
void text_search_fold_append_folded(struct buf *b, const char *s, const char *folded,
                                    bool alternatives);

/*
 * A field as entrada keeps it: Unicode NFC (so that "López" typed on a Mac
 * equals "López" typed on Windows), runs of white space (line breaks, tabs)
 * made one space, no leading or trailing space. Returns a new string.
 */
char *text_clean(const char *s);

/*
 * s made safe for a terminal or a log: control characters (but line feed
 * and tab), DEL, the C1 controls and bytes that are not UTF-8 become \xNN,
 * so that text from a file or a stick cannot move a terminal's cursor or
 * change its colours. A new string.
 */
char *text_escape(const char *s);

/* The same for one line of a log: line feed and tab become \x0A and \x09 too. */
char *text_escape_line(const char *s);

/* The first control character (other than TAB, CR, LF) in s, or 0. */
int text_control_char(const char *s);

/* True if s[0..len) holds such a control character (NULs included). */
bool text_has_control(const char *s, size_t len);

/*
 * For text written into a fixed buffer to be shown: n is what snprintf
 * into out[size] returned. If the text did not fit, it ends at a whole
 * UTF-8 character with "…" instead of in the middle of one.
 */
void text_mark_cut(char *out, size_t size, int n);

#endif
