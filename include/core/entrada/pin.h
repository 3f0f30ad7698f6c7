/*
 * The staff PIN, kept in the configuration only as a salted PBKDF2-SHA256
 * hash: "pbkdf2-sha256$ITERATIONS$SALT$HASH" (hex). `entrada pin` makes one.
 */
#ifndef ENTRADA_PIN_H
#define ENTRADA_PIN_H

#include <stdbool.h>

/* Iterations for new hashes: about 50 ms on a Raspberry Pi 4. */
#define PIN_ITERATIONS 20000

/* A PIN is this many digits: what `entrada pin` takes is what the kiosk's keypad can type. */
#define PIN_MIN_DIGITS 4
#define PIN_MAX_DIGITS 12

/*
 * Wrong PINs in a row cost time: the first PIN_FREE_TRIES are free, then
 * each makes staff wait PIN_FIRST_WAIT_MS, doubling, at most an hour.
 */
#define PIN_FREE_TRIES    3
#define PIN_FIRST_WAIT_MS 30000

/* How long to wait before the next try after failures wrong PINs in a row. */
long long pin_wait_ms(unsigned failures);

/* True if pin is PIN_MIN_DIGITS to PIN_MAX_DIGITS decimal digits. */
bool pin_valid(const char *pin);

/* Hash pin with a fresh random salt. Returns a new string (caller frees). */
char *pin_hash(const char *pin);

/* True if pin matches stored (in constant time); false for any malformed stored value. */
bool pin_check(const char *pin, const char *stored);

/* True if stored has the form pin_hash writes. */
bool pin_valid_hash(const char *stored);

#endif
