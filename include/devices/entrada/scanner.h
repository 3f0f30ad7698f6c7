/*
 * USB barcode scanners are keyboards: a code arrives as a burst of key
 * presses a few milliseconds apart, usually ending in Enter. People type
 * much slower. The scanner sorts key presses into scans and typing, so
 * that a scan works on any screen and never lands in a text field: every
 * key is held back until it is known which of the two it belongs to.
 *
 * Times are milliseconds from any fixed start (SDL event timestamps).
 */
#ifndef ENTRADA_SCANNER_H
#define ENTRADA_SCANNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest scan kept; a longer burst is cut here (and is no valid code). */
#define SCANNER_MAX 1024
/* A burst shorter than this is typing, not a scan. */
#define SCANNER_MIN_CODE 3

enum scanner_kind {
    SCANNER_CODE,  /* a complete scan: text is the code */
    SCANNER_TEXT,  /* typed by a person: text is what to insert */
    SCANNER_ENTER, /* Enter pressed by a person */
};

struct scanner_event {
    enum scanner_kind kind;
    char text[SCANNER_MAX + 1];
};

struct scanner;

/*
 * gap_ms: the longest pause between two keys of one scan; a burst followed
 * by a longer pause is complete even without Enter.
 */
struct scanner *scanner_create(uint32_t gap_ms);
void scanner_destroy(struct scanner *s);

/*
 * Feed one key: text (UTF-8, from a text input event), or Enter when text
 * is NULL, pressed at time t. Fills out[0..] with what is now decided and
 * returns how many (at most 3).
 */
size_t scanner_key(struct scanner *s, const char *text, uint32_t t, struct scanner_event out[3]);

/* Call when time now has come (see scanner_deadline): decides a burst that stopped. */
size_t scanner_tick(struct scanner *s, uint32_t now, struct scanner_event out[3]);

/* When scanner_tick must next be called, or 0 if nothing is held back. */
uint32_t scanner_deadline(const struct scanner *s);

#endif
