/*
 * The event key: made from getrandom, kept in a small text file and, once
 * enrolled, in the store's settings; HMAC-SHA256 and SHA-256 from nettle.
 */
#include "entrada/key.h"
#include "entrada/file.h"
#include "entrada/xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

static const char version_line[] = "entrada event key 1";
static const char setting[] = "event_key"; /* in the store: the key in hex */

void key_generate(struct key *k)
{
    size_t got = 0;
    while (got < sizeof k->bytes) {
        ssize_t n = getrandom(k->bytes + got, sizeof k->bytes - got, 0);
        if (n < 0 && errno != EINTR) {
            fprintf(stderr, "entrada: no random numbers from the system\n");
            abort();
        }
        if (n > 0)
            got += (size_t)n;
    }
}

static void to_hex(const struct key *k, char out[2 * KEY_BYTES + 1])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < KEY_BYTES; i++) {
        out[2 * i] = digits[k->bytes[i] >> 4];
        out[2 * i + 1] = digits[k->bytes[i] & 15];
    }
    out[2 * KEY_BYTES] = '\0';
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* s[0..len) as exactly KEY_BYTES bytes of hex into k. */
static bool from_hex(const char *s, size_t len, struct key *k)
{
    if (len != 2 * KEY_BYTES)
        return false;
    for (size_t i = 0; i < KEY_BYTES; i++) {
        int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        k->bytes[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

void key_fingerprint(const struct key *k, char out[KEY_FINGERPRINT_SIZE])
{
    static const char context[] = "entrada event key fingerprint";
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, sizeof context, (const uint8_t *)context);
    sha256_update(&ctx, KEY_BYTES, k->bytes);
    sha256_digest(&ctx, sizeof digest, digest);
    snprintf(out, KEY_FINGERPRINT_SIZE, "%02X%02X-%02X%02X", digest[0], digest[1], digest[2],
             digest[3]);
}

bool key_equal(const struct key *a, const struct key *b)
{
    return memeql_sec(a->bytes, b->bytes, KEY_BYTES) != 0;
}

void key_mac(const struct key *k, const char *context, const void *data, size_t len,
             uint8_t out[KEY_MAC_BYTES])
{
    struct hmac_sha256_ctx ctx;
    hmac_sha256_set_key(&ctx, KEY_BYTES, k->bytes);
    hmac_sha256_update(&ctx, strlen(context) + 1, (const uint8_t *)context); /* with its NUL */
    hmac_sha256_update(&ctx, len, data);
    hmac_sha256_digest(&ctx, KEY_MAC_BYTES, out);
    explicit_bzero(&ctx, sizeof ctx);
}

char *key_format(const struct key *k)
{
    char hex[2 * KEY_BYTES + 1], fp[KEY_FINGERPRINT_SIZE];
    to_hex(k, hex);
    key_fingerprint(k, fp);
    char *text = xasprintf("%s\n"
                           "# fingerprint %s. Keep this file secret: whoever holds it can sign\n"
                           "# check-in journals that every kiosk of the event will merge.\n"
                           "%s\n",
                           version_line, fp, hex);
    explicit_bzero(hex, sizeof hex);
    return text;
}

bool key_parse(const char *text, size_t len, const char *name, struct key *k, char **why)
{
    bool version = false, found = false;
    unsigned line = 0;
    for (size_t i = 0; i < len;) {
        const char *s = text + i, *nl = memchr(s, '\n', len - i);
        size_t n = nl ? (size_t)(nl - s) : len - i;
        i += n + (nl != NULL);
        line++;
        if (n > 0 && s[n - 1] == '\r')
            n--;
        if (n == 0 || s[0] == '#')
            continue;
        const char *what = NULL;
        if (!version) {
            if (n == sizeof version_line - 1 && memcmp(s, version_line, n) == 0)
                version = true;
            else if (n > 18 && memcmp(s, version_line, 18) == 0)
                what = "a key file of another version (made by a newer entrada?)";
            else
                what = "not an entrada event key (its first line is not \"entrada event key 1\")";
        } else if (found) {
            what = "more than one key";
        } else if (!from_hex(s, n, k)) {
            what = "the key is not 64 hex digits";
        } else {
            found = true;
        }
        if (what) {
            *why = xasprintf("%s:%u: %s", name, line, what);
            explicit_bzero(k, sizeof *k);
            return false;
        }
    }
    if (!found) {
        *why =
            xasprintf("%s: %s", name, version ? "no key in it" : "empty, not an entrada event key");
        return false;
    }
    return true;
}

bool key_write_file(const struct key *k, const char *path, char **why)
{
    /* O_EXCL: a second `key new` must never overwrite the key an event runs on. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        *why = xasprintf("%s: %s%s", path, strerror(errno),
                         errno == EEXIST ? " (a key file is never overwritten)" : "");
        return false;
    }
    char *text = key_format(k);
    size_t len = strlen(text), done = 0;
    bool ok = true;
    while (ok && done < len) {
        ssize_t n = write(fd, text + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        if (ok)
            done += (size_t)n;
    }
    ok = ok && fsync(fd) == 0;
    int err = errno;
    ok = close(fd) == 0 && ok;
    explicit_bzero(text, len);
    free(text);
    if (!ok) {
        *why = xasprintf("%s: cannot write: %s", path, strerror(err));
        unlink(path);
    }
    return ok;
}

bool key_read_file(const char *path, struct key *k, char **why)
{
    char *text = NULL;
    size_t len = 0;
    if (!file_read(path, KEY_FILE_MAX, "the most a key file is read", &text, &len, why))
        return false;
    bool ok = key_parse(text, len, path, k, why);
    explicit_bzero(text, len);
    free(text);
    return ok;
}

int key_enrolled(struct store *st, struct key *k, char **why)
{
    char *hex = NULL;
    int rc = store_setting(st, setting, &hex, why);
    if (rc == 1 && !from_hex(hex, strlen(hex), k)) {
        *why = xstrdup("the store's event key is damaged: wipe the store, or enrol the key again "
                       "after `entrada wipe`");
        rc = -1;
    }
    if (hex)
        explicit_bzero(hex, strlen(hex));
    free(hex);
    return rc;
}

int key_enrol(struct store *st, const struct key *k, const char *whose, char **why)
{
    char hex[2 * KEY_BYTES + 1], *had = NULL;
    to_hex(k, hex);
    int rc = store_setting_once(st, setting, hex, &had, why);
    explicit_bzero(hex, sizeof hex);
    if (rc == 0) {
        struct key have;
        if (!from_hex(had, strlen(had), &have)) {
            *why = xstrdup("the store's event key is damaged: wipe the store, or enrol the key "
                           "again after `entrada wipe`");
            rc = -1;
        } else if (!key_equal(&have, k)) {
            char theirs[KEY_FINGERPRINT_SIZE], ours[KEY_FINGERPRINT_SIZE];
            key_fingerprint(k, theirs);
            key_fingerprint(&have, ours);
            *why = xasprintf("%s event key %s is not this kiosk's %s: refused (a kiosk keeps the "
                             "key it enrolled until `entrada wipe`)",
                             whose, theirs, ours);
            rc = -1;
        }
        explicit_bzero(&have, sizeof have);
    }
    if (had)
        explicit_bzero(had, strlen(had));
    free(had);
    return rc;
}

bool key_enrol_configured(struct store *st, const struct config *cfg, char **notice, char **why)
{
    *notice = NULL;
    const char *path = config_str(cfg, CONFIG_USB_KEY_FILE);
    if (!path[0])
        return true;
    struct key k;
    char *err = NULL;
    if (!key_read_file(path, &k, &err)) {
        *why = xasprintf("[usb] key_file: %s", err);
        free(err);
        return false;
    }
    char *whose = xasprintf("[usb] key_file %s: the", path);
    int rc = key_enrol(st, &k, whose, why);
    free(whose);
    if (rc == 1) {
        char fp[KEY_FINGERPRINT_SIZE];
        key_fingerprint(&k, fp);
        *notice = xasprintf("event key %s enrolled from %s", fp, path);
    }
    explicit_bzero(&k, sizeof k);
    return rc >= 0;
}
