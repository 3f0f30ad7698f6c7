/*
 * entrada key: make the event key on the organiser's computer, enrol it on
 * a kiosk, show which one a kiosk holds (key.c).
 */
#include "cli.h"

#include "entrada/key.h"
#include "entrada/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static int key_new(const char *path)
{
    struct key k;
    char *why = NULL, fp[KEY_FINGERPRINT_SIZE];
    key_generate(&k);
    key_fingerprint(&k, fp);
    bool ok = key_write_file(&k, path, &why);
    explicit_bzero(&k, sizeof k);
    if (!ok)
        return cli_fail(EX_CANTCREAT, why);
    printf("wrote %s: event key %s\n"
           "Enrol it on every kiosk of the event: `entrada key enrol %s`, [usb] key_file, or\n"
           "entrada/event.key on a stick synced in staff mode. Keep it secret: whoever holds\n"
           "it can sign journals the kiosks will merge.\n",
           path, fp, path);
    return EX_OK;
}

static int key_enrol_file(struct cli *cli, const char *path)
{
    char *why = NULL, fp[KEY_FINGERPRINT_SIZE];
    struct key k;
    if (!key_read_file(path, &k, &why))
        return cli_fail(EX_DATAERR, why);
    key_fingerprint(&k, fp);
    struct store *st = cli_store(cli, &why);
    char *whose = xasprintf("%s: the", path);
    int rc = st ? key_enrol(st, &k, whose, &why) : -1;
    free(whose);
    explicit_bzero(&k, sizeof k);
    if (rc < 0)
        return cli_fail(st ? EX_DATAERR : EX_IOERR, why);
    printf(rc ? "enrolled event key %s\n" : "event key %s was enrolled already\n", fp);
    if (rc)
        cli_sync_settings(cli); /* the kiosks without a key enrol it from the server */
    return EX_OK;
}

static int key_show(struct cli *cli)
{
    char *why = NULL, fp[KEY_FINGERPRINT_SIZE];
    struct key k, file;
    struct store *st = cli_store(cli, &why);
    int rc = st ? key_enrolled(st, &k, &why) : -1;
    if (rc < 0)
        return cli_fail(EX_IOERR, why);
    if (rc) {
        key_fingerprint(&k, fp);
        printf("event key %s\n", fp);
    } else {
        printf("no event key: this kiosk's journals are not signed and it merges no other\n"
               "kiosk's (enrol one: entrada key enrol FILE)\n");
    }
    const char *path = config_str(cli->cfg, CONFIG_USB_KEY_FILE);
    if (path[0] && key_read_file(path, &file, &why)) {
        key_fingerprint(&file, fp);
        printf("[usb] key_file %s: event key %s%s\n", path, fp,
               !rc                    ? " (enrolled at the next sync)"
               : key_equal(&k, &file) ? ""
                                      : ", not this kiosk's: refused");
    } else if (path[0]) {
        printf("[usb] key_file: %s\n", why);
        free(why);
    }
    explicit_bzero(&k, sizeof k);
    explicit_bzero(&file, sizeof file);
    return EX_OK;
}

int cmd_key(struct cli *cli)
{
    const char *verb = cli->argv[0];
    if (strcmp(verb, "new") == 0 && cli->argc == 2)
        return key_new(cli->argv[1]);
    if (strcmp(verb, "enrol") == 0 && cli->argc == 2)
        return key_enrol_file(cli, cli->argv[1]);
    if (strcmp(verb, "show") == 0 && cli->argc == 1)
        return key_show(cli);
    return cli_usage_error(cli, "new FILE, enrol FILE or show");
}
