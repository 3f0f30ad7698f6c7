/* Staff PIN hashing with nettle's PBKDF2-HMAC-SHA256. */
#include "entrada/pin.h"
#include "entrada/xmalloc.h"

#include <errno.h>
#include <nettle/memops.h>
#include <nettle/pbkdf2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

enum { SALT_BYTES = 16, HASH_BYTES = 32 };

static const char prefix[] = "pbkdf2-sha256$";

static void to_hex(const uint8_t *b, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
}

/* Read exactly n bytes of hex from s; false if s is not that. */
static bool from_hex(const char *s, size_t len, uint8_t *out, size_t n)
{
    if (len != 2 * n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(s + 2 * i, "%2x", &v) != 1 || !strchr("0123456789abcdef", s[2 * i]) ||
            !strchr("0123456789abcdef", s[2 * i + 1]))
            return false;
        out[i] = (uint8_t)v;
    }
    return true;
}

static void derive(const char *pin, const uint8_t *salt, unsigned iterations,
                   uint8_t out[HASH_BYTES])
{
    pbkdf2_hmac_sha256(strlen(pin), (const uint8_t *)pin, iterations, SALT_BYTES, salt, HASH_BYTES,
                       out);
}

char *pin_hash(const char *pin)
{
    uint8_t salt[SALT_BYTES], hash[HASH_BYTES];
    size_t got = 0;
    while (got < sizeof salt) {
        ssize_t n = getrandom(salt + got, sizeof salt - got, 0);
        if (n < 0 && errno != EINTR) {
            fprintf(stderr, "entrada: no random numbers from the system\n");
            abort();
        }
        if (n > 0)
            got += (size_t)n;
    }
    derive(pin, salt, PIN_ITERATIONS, hash);
    char salt_hex[2 * SALT_BYTES + 1], hash_hex[2 * HASH_BYTES + 1];
    to_hex(salt, sizeof salt, salt_hex);
    to_hex(hash, sizeof hash, hash_hex);
    return xasprintf("%s%d$%s$%s", prefix, PIN_ITERATIONS, salt_hex, hash_hex);
}

/* Split stored into its parts; false if malformed. */
static bool parse(const char *stored, unsigned *iterations, uint8_t salt[SALT_BYTES],
                  uint8_t hash[HASH_BYTES])
{
    if (strncmp(stored, prefix, sizeof prefix - 1) != 0)
        return false;
    const char *p = stored + sizeof prefix - 1;
    char *end;
    unsigned long it = strtoul(p, &end, 10);
    if (end == p || *end != '$' || it < 1000 || it > 10000000)
        return false;
    const char *s = end + 1, *d = strchr(s, '$');
    if (d == NULL)
        return false;
    *iterations = (unsigned)it;
    return from_hex(s, (size_t)(d - s), salt, SALT_BYTES) &&
           from_hex(d + 1, strlen(d + 1), hash, HASH_BYTES);
}

bool pin_valid_hash(const char *stored)
{
    unsigned it;
    uint8_t salt[SALT_BYTES], hash[HASH_BYTES];
    return parse(stored, &it, salt, hash);
}

bool pin_check(const char *pin, const char *stored)
{
    unsigned it;
    uint8_t salt[SALT_BYTES], want[HASH_BYTES], got[HASH_BYTES];
    if (!parse(stored, &it, salt, want))
        return false;
    derive(pin, salt, it, got);
    return memeql_sec(got, want, HASH_BYTES) != 0;
}

long long pin_wait_ms(unsigned failures)
{
    if (failures < PIN_FREE_TRIES)
        return 0;
    long long wait = PIN_FIRST_WAIT_MS, hour = 3600000;
    for (unsigned i = PIN_FREE_TRIES; i < failures && wait < hour; i++)
        wait *= 2;
    return wait < hour ? wait : hour;
}

bool pin_valid(const char *pin)
{
    size_t n = strlen(pin);
    return n >= PIN_MIN_DIGITS && n <= PIN_MAX_DIGITS && strspn(pin, "0123456789") == n;
}
