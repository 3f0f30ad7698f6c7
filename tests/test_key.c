/*
 * The event key: made, written and read back, told apart by fingerprint,
 * enrolled once per store; its HMAC pinned to a value computed elsewhere.
 */
#include "check.h"
#include "entrada/config.h"
#include "entrada/key.h"

#include <sys/stat.h>

int main(void)
{
    const char *dir = check_tmpdir();
    char *why = NULL, path[512], fp[KEY_FINGERPRINT_SIZE], fp2[KEY_FINGERPRINT_SIZE];

    /* A known key: its fingerprint and HMAC as Python's hashlib and hmac give them. */
    struct key k0;
    for (int i = 0; i < KEY_BYTES; i++)
        k0.bytes[i] = (uint8_t)i;
    key_fingerprint(&k0, fp);
    CHECK_STR(fp, "FED4-4FD6");
    uint8_t mac[KEY_MAC_BYTES];
    key_mac(&k0, "entrada journal signature 1", "kiosk\r\n", 7, mac);
    static const uint8_t want[KEY_MAC_BYTES] = {
        0x5d, 0x21, 0x82, 0x43, 0x5a, 0x76, 0x55, 0xad, 0x57, 0xca, 0x50,
        0xd7, 0x03, 0x6c, 0xd1, 0x46, 0xf2, 0xfa, 0xf7, 0x2b, 0x3c, 0xf8,
        0x4b, 0xdc, 0x91, 0xb0, 0xbc, 0x93, 0x89, 0x58, 0x88, 0x1b,
    };
    CHECK(memcmp(mac, want, sizeof mac) == 0);

    /* New keys differ; one written to a file (0600, never overwritten) reads back the same. */
    struct key a, b, back;
    key_generate(&a);
    key_generate(&b);
    CHECK(!key_equal(&a, &b) && key_equal(&a, &a));
    key_fingerprint(&a, fp);
    key_fingerprint(&b, fp2);
    CHECK(strlen(fp) == 9 && fp[4] == '-' && strcmp(fp, fp2) != 0);
    snprintf(path, sizeof path, "%s/event.key", dir);
    CHECK(key_write_file(&a, path, &why));
    struct stat sb;
    CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
    CHECK(!key_write_file(&b, path, &why));
    CHECK_WHY(why, "never overwritten");
    CHECK(key_read_file(path, &back, &why) && key_equal(&a, &back));
    char *text = key_format(&a);
    CHECK(strncmp(text, "entrada event key 1\n# fingerprint ", 34) == 0);
    CHECK(strstr(text, fp) != NULL);
    free(text);

    /* Files that are not keys. */
    const char *bad[][2] = {
        { "", "empty" },
        { "entrada event key 1\n", "no key in it" },
        { "entrada event key 2\n00\n", "another version" },
        { "[entrada]\nkiosk_id = x\n", "k:1: not an entrada event key" },
        { "entrada event key 1\n0001\n", "k:2: the key is not 64 hex digits" },
        { "entrada event key 1\n"
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1g\n",
          "not 64 hex digits" },
        { "entrada event key 1\n"
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n"
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n",
          "k:3: more than one key" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(!key_parse(bad[i][0], strlen(bad[i][0]), "k", &back, &why));
        CHECK_WHY(why, bad[i][1]);
    }
    const char *crlf = "entrada event key 1\r\n# a comment\r\n"
                       "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";
    CHECK(key_parse(crlf, strlen(crlf), "k", &back, &why) && key_equal(&back, &k0));

    /* Enrolment: once; the same key again is fine, another refused with both fingerprints. */
    snprintf(path, sizeof path, "%s/event.db", dir);
    struct store *st = store_open(path, &why);
    CHECK(st != NULL);
    CHECK(key_enrolled(st, &back, &why) == 0);
    CHECK(key_enrol(st, &a, "this stick's", &why) == 1);
    CHECK(key_enrol(st, &a, "this stick's", &why) == 0);
    CHECK(key_enrol(st, &b, "this stick's", &why) == -1);
    char msg[160];
    snprintf(msg, sizeof msg, "this stick's event key %s is not this kiosk's %s", fp2, fp);
    CHECK_WHY(why, msg);
    CHECK(key_enrolled(st, &back, &why) == 1 && key_equal(&back, &a));

    /* [usb] key_file: enrolled if none, refused if another. */
    struct config *cfg = config_create();
    snprintf(path, sizeof path, "%s/other.key", dir);
    CHECK(key_write_file(&b, path, &why));
    CHECK(config_set(cfg, CONFIG_USB_KEY_FILE, path, &why));
    char *notice = NULL;
    CHECK(!key_enrol_configured(st, cfg, &notice, &why) && notice == NULL);
    CHECK_WHY(why, "is not this kiosk's");
    snprintf(path, sizeof path, "%s/fresh.db", dir);
    struct store *fresh = store_open(path, &why);
    CHECK(key_enrol_configured(fresh, cfg, &notice, &why) && notice != NULL);
    CHECK(notice && strstr(notice, fp2) != NULL);
    free(notice);
    CHECK(key_enrolled(fresh, &back, &why) == 1 && key_equal(&back, &b));
    snprintf(path, sizeof path, "%s/missing.key", dir);
    CHECK(config_set(cfg, CONFIG_USB_KEY_FILE, path, &why));
    CHECK(!key_enrol_configured(fresh, cfg, &notice, &why));
    CHECK_WHY(why, "[usb] key_file: ");

    config_destroy(cfg);
    store_close(st);
    store_close(fresh);
    check_rmtree(dir);
    return check_done("test_key");
}
