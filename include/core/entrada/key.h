/*
 * The event key: 32 random bytes that every kiosk of one event holds, with
 * which a kiosk signs the journals it writes (HMAC-SHA256) and checks those
 * of the others before merging them. The organiser makes it once (`entrada
 * key new`); each kiosk enrols it once, into its store, and refuses a
 * different one afterwards, so that a stick cannot swap in a key of its own.
 *
 * The key file is text: a version line, comments, and the key in hex.
 *
 *     entrada event key 1
 *     # fingerprint 3F2A-91C0 ...
 *     5c0f...e1 (64 hex digits)
 *
 * The fingerprint ("3F2A-91C0") is what staff compare: the first four bytes
 * of a SHA-256 of the key, so it tells keys apart without revealing them.
 */
#ifndef ENTRADA_KEY_H
#define ENTRADA_KEY_H

#include "entrada/config.h"
#include "entrada/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEY_BYTES            32
#define KEY_MAC_BYTES        32
#define KEY_FINGERPRINT_SIZE 10            /* "3F2A-91C0" and its NUL */
#define KEY_FILE_MAX         (1024 * 1024) /* a key file is a few lines: a bigger file is not read */

struct key {
    uint8_t bytes[KEY_BYTES];
};

/* A new key from the system's random numbers (getrandom); aborts if there are none. */
void key_generate(struct key *k);

/* The key file's text for k, a new string (caller frees, after wiping it). */
char *key_format(const struct key *k);

/* Read a key file's text[0..len) (named name in messages). False with *why. */
bool key_parse(const char *text, size_t len, const char *name, struct key *k, char **why);

/* Write k to the new file path, 0600; an existing file is never replaced. */
bool key_write_file(const struct key *k, const char *path, char **why);

/* Read the key file at path (a regular file, at most KEY_FILE_MAX bytes). */
bool key_read_file(const char *path, struct key *k, char **why);

void key_fingerprint(const struct key *k, char out[KEY_FINGERPRINT_SIZE]);

/* True if a and b are the same key; in constant time. */
bool key_equal(const struct key *a, const struct key *b);

/* HMAC-SHA256 with k of context (a NUL-terminated label that keeps uses apart) then data. */
void key_mac(const struct key *k, const char *context, const void *data, size_t len,
             uint8_t out[KEY_MAC_BYTES]);

/* The key enrolled in st: 1 (*k set), 0 none yet, -1 error (*why). */
int key_enrolled(struct store *st, struct key *k, char **why);

/*
 * Enrol k in st, unless st has a key: 1 enrolled now, 0 it was enrolled
 * already, -1 refused because st has another key ("WHOSE event key
 * 3F2A-91C0 is not this kiosk's 77B1-0D4E: ...") or error, with *why.
 * whose says where k came from ("this stick's", "keys/event.key: the").
 */
int key_enrol(struct store *st, const struct key *k, const char *whose, char **why);

/*
 * Enrol the key of [usb] key_file, if the configuration names one, as
 * key_enrol does. *notice, when set, says a key was enrolled now (a new
 * string). True if there is none, or it is (now) this store's.
 */
bool key_enrol_configured(struct store *st, const struct config *cfg, char **notice, char **why);

#endif
