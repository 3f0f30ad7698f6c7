/*
 * The commands on the event as a whole: its counts, its sessions, the
 * settings, the staff PIN, how long its data is kept and deleting it afterwards.
 */
#include "cli.h"

#include "entrada/band.h"
#include "entrada/pin.h"
#include "entrada/report.h"
#include "entrada/retain.h"
#include "entrada/session.h"
#include "entrada/wipe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

struct lists_out {
    struct buf out;
    bool json;
    size_t n;
};

int cmd_stats(struct cli *cli)
{
    char *why = NULL;
    struct report_stats s;
    if (!report_stats(cli->store, &s, &why))
        return cli_fail(EX_IOERR, why);
    struct buf out = { 0 };
    render_stats(&out, &s, config_str(cli->cfg, CONFIG_EVENT_NAME), cli_has(cli, "json"));
    if (cli_has(cli, "json") && out.len >= 2 && strcmp(out.data + out.len - 2, "}\n") == 0) {
        out.len -= 2; /* the object goes on with the sync state */
        cli_stats_sync_json(cli, &out);
        buf_adds(&out, "}\n");
    }
    cli_print(&out);
    if (!cli_has(cli, "json"))
        cli_stats_sync(cli);
    report_stats_clear(&s);
    /* From the event's end on: when its data is to be deleted (on stderr, JSON stays JSON). */
    struct retain_state r;
    char words[600];
    if (!retain_check(cli->store, cli->cfg, checkin_now_ms(), &r, &why))
        return cli_fail(EX_IOERR, why);
    retain_words(&r, words, sizeof words);
    if (words[0])
        fprintf(stderr, "entrada: %s: %s\n", r.expired ? "data past its time" : "warning", words);
    return EX_OK;
}

int cmd_retain(struct cli *cli)
{
    char *why = NULL;
    struct retain_state r;
    int64_t now = checkin_now_ms();
    bool ok =
        cli_has(cli, "extend")
            ? retain_extend(cli->store, cli->cfg, (int)cli_number(cli, "extend", 0), now, &r, &why)
            : retain_check(cli->store, cli->cfg, now, &r, &why);
    if (!ok)
        return cli_fail(cli_has(cli, "extend") && r.days <= 0 ? EX_CONFIG : EX_IOERR, why);
    if (r.days <= 0) {
        printf("no limit: [privacy] retain_days is 0\n");
        return EX_OK;
    }
    char day[16];
    printf("retain_days:       %d after the last check-in\n", r.days);
    if (r.last_checkin_ms)
        retain_day(r.last_checkin_ms, day);
    printf("last check-in:     %s\n", r.last_checkin_ms ? day : "none");
    if (r.event_end_ms)
        retain_day(r.event_end_ms - 1, day);
    printf("event ended:       %s%s\n", r.event_end_ms ? day : "not known (no [event] date)",
           r.event_end_ms && !r.ended ? " (not yet)" : "");
    if (r.extended_ms)
        retain_day(r.extended_ms, day);
    if (r.extended_ms)
        printf("extended to:       %s\n", day);
    if (r.due_ms)
        retain_day(r.due_ms, day);
    printf("due for deletion:  %s%s\n", r.due_ms ? day : "not known yet",
           r.expired ? ": the kiosk checks no one in until the data is exported and wiped" : "");
    if (cli_has(cli, "extend"))
        cli_sync_settings(cli); /* every kiosk keeps the data as long */
    return EX_OK;
}

static bool handle_session(void *ctx, int64_t id, const char *name, const char *title)
{
    struct store *st = ctx;
    (void)id;
    struct store_session s;
    char *why = NULL, rule[200] = "";
    if (store_get_session(st, name, &s, &why) == 1)
        checkin_session_rule(&s, rule, sizeof rule);
    free(why);
    printf("%-16s %s%s%s%s\n", name, title, rule[0] ? " (only for " : "", rule, rule[0] ? ")" : "");
    return true;
}

/* Check --lists (names separated by commas) and --where (COLUMN=VALUE); 0 or EX_USAGE. */
static int session_rule(const char *lists, const char *where, char *column, size_t size,
                        const char **value)
{
    for (const char *p = lists ? lists : ""; *p;) {
        size_t n = strcspn(p, ",");
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(n < 63 ? n : 63), p);
        if (!roster_list_name_valid(name) || n > 32) {
            fprintf(stderr,
                    "entrada session: --lists: \"%s\" is not a list's name (letters, "
                    "digits, '-' and '_')\n",
                    name);
            return EX_USAGE;
        }
        p += n + (p[n] == ',');
    }
    *value = "";
    column[0] = '\0';
    if (where) {
        const char *eq = strchr(where, '=');
        if (eq == NULL || eq == where || strchr(where, '"') || (size_t)(eq - where) >= size) {
            fprintf(stderr, "entrada session: --where is COLUMN=VALUE, a kept column "
                            "([columns] keep) and the value it must have\n");
            return EX_USAGE;
        }
        snprintf(column, size, "%.*s", (int)(eq - where), where);
        *value = eq + 1;
    }
    return 0;
}

static bool handle_known_list(void *ctx, const struct store_list_info *l)
{
    struct buf *names = ctx;
    buf_addf(names, ",%s,", l->name);
    return true;
}

/*
 * A rule no one can meet yet is allowed (the lists may come later) but
 * said: a list not imported, a column no registration has a value in. A
 * column named in other case or accents is taken as the list spells it.
 * False on a store error.
 */
static bool check_rule(struct store *st, const char *lists, char *column, size_t size, char **why)
{
    struct buf known = { 0 };
    if (lists && lists[0] && !store_each_list(st, handle_known_list, &known, why)) {
        buf_free(&known);
        return false;
    }
    for (const char *p = lists ? lists : ""; *p;) {
        size_t n = strcspn(p, ",");
        char name[40];
        snprintf(name, sizeof name, ",%.*s,", (int)n, p);
        bool walk_in = n == strlen(STORE_WALK_IN) && strncmp(p, STORE_WALK_IN, n) == 0;
        if (!walk_in && (known.data == NULL || strstr(known.data, name) == NULL))
            fprintf(stderr,
                    "warning: no list \"%.*s\" has been imported yet (entrada import --list %.*s "
                    "FILE)\n",
                    (int)n, p, (int)n, p);
        p += n + (p[n] == ',');
    }
    buf_free(&known);
    if (column[0] == '\0')
        return true;
    char key[128];
    int found = store_kept_key(st, column, key, sizeof key, why);
    if (found < 0)
        return false;
    if (found)
        snprintf(column, size, "%s", key);
    else
        fprintf(stderr,
                "warning: no attendee has a value in a column \"%s\" yet: the session admits "
                "no one until a list with it is imported and the column kept ([columns] keep = "
                "%s)\n",
                column, column);
    return true;
}

int cmd_session(struct cli *cli)
{
    char *why = NULL;
    const char *verb = cli->argv[0];
    if (strcmp(verb, "list") == 0 && cli->argc == 1)
        return store_each_session(cli->store, handle_session, cli->store, &why)
                   ? EX_OK
                   : cli_fail(EX_IOERR, why);
    if (strcmp(verb, "add") == 0 && cli->argc >= 2) {
        const char *name = cli->argv[1];
        if (!session_name_valid(name)) {
            fprintf(stderr, "entrada session: a session name is 1 to %d of a-z 0-9 - _\n",
                    SESSION_NAME_MAX);
            return EX_USAGE;
        }
        const char *lists = cli_get(cli, "lists"), *value;
        char column[128];
        int bad = session_rule(lists, cli_get(cli, "where"), column, sizeof column, &value);
        if (bad)
            return bad;
        if (!check_rule(cli->store, lists, column, sizeof column, &why))
            return cli_fail(EX_IOERR, why);
        /* The session and its rule together, or neither. */
        if (!store_begin(cli->store, &why))
            return cli_fail(EX_IOERR, why);
        if (!store_add_session(cli->store, name, cli->argc == 3 ? cli->argv[2] : "", &why) ||
            ((lists || column[0]) &&
             !store_set_session_rule(cli->store, name, lists, column, value, &why))) {
            store_rollback(cli->store);
            return cli_fail(EX_DATAERR, why);
        }
        if (!store_commit(cli->store, &why))
            return cli_fail(EX_IOERR, why);
        printf("added session %s\n", name);
        return EX_OK;
    }
    return cli_usage_error(cli, "list, or add NAME [TITLE]");
}

int cmd_config(struct cli *cli)
{
    config_print(cli->cfg, stdout);
    /* The bands for the event's categories, if there is an event yet. */
    char *path = cli_db_path(cli), *why = NULL;
    struct bands *b = NULL;
    if (access(path, F_OK) == 0 && cli_store(cli, &why))
        b = bands_from_store(cli->cfg, cli->store, &why);
    if (b == NULL && why) {
        fprintf(stderr, "entrada: %s\n", why);
        free(why);
    }
    if (b == NULL)
        b = bands_create(cli->cfg, NULL, 0, config_str(cli->cfg, CONFIG_LANGUAGE));
    bands_print(b, stdout);
    bands_destroy(b);
    free(path);
    return EX_OK;
}

int cmd_pin(struct cli *cli)
{
    char line[256] = "";
    const char *pin = cli->argc ? cli->argv[0] : NULL;
    if (pin == NULL) {
        if (fgets(line, sizeof line, stdin) == NULL)
            line[0] = '\0';
        line[strcspn(line, "\r\n")] = '\0';
        pin = line;
    }
    if (!pin_valid(pin)) {
        fprintf(stderr, "entrada pin: a PIN is %d to %d digits\n", PIN_MIN_DIGITS, PIN_MAX_DIGITS);
        return EX_USAGE;
    }
    char *hash = pin_hash(pin);
    printf("[kiosk]\nstaff_pin = %s\n", hash);
    free(hash);
    return EX_OK;
}

static void handle_wiped(void *ctx, const char *path, int err)
{
    (void)ctx;
    if (err)
        fprintf(stderr, "entrada: %s: %s\n", path, strerror(err));
    else
        printf("deleted %s\n", path);
}

/* Ask on the terminal before deleting; true to go on. */
static bool confirm_wipe(const char *path)
{
    char *work = wipe_work_dir(path);
    printf("This deletes every attendee, check-in and print of %s,\n"
           "and the lists copied from USB sticks to %s.\nType \"wipe\" to go on: ",
           path, work);
    free(work);
    fflush(stdout);
    char answer[16] = "";
    return fgets(answer, sizeof answer, stdin) != NULL && strcmp(answer, "wipe\n") == 0;
}

int cmd_wipe(struct cli *cli)
{
    char *path = cli_db_path(cli);
    int rc = EX_OK;
    if (!cli_has(cli, "yes") && !isatty(STDIN_FILENO)) {
        fprintf(stderr, "entrada: wipe deletes %s: add --yes to confirm\n", path);
        rc = EX_USAGE;
    } else if (!cli_has(cli, "yes") && !confirm_wipe(path)) {
        printf("Nothing deleted.\n");
    } else {
        char *why = NULL;
        if (!wipe_event(path, handle_wiped, NULL, &why)) {
            fprintf(stderr, "entrada: %s\n", why);
            free(why);
            rc = EX_IOERR;
        }
        printf("The kiosk's messages in the system log are not touched: see README, \"After the "
               "event\".\n");
    }
    free(path);
    return rc;
}

static bool handle_list(void *ctx, const struct store_list_info *l)
{
    struct lists_out *o = ctx;
    render_list(&o->out, l, o->json, o->n++ == 0);
    return true;
}

int cmd_lists(struct cli *cli)
{
    char *why = NULL;
    struct lists_out o = { .json = cli_has(cli, "json") };
    if (!store_each_list(cli->store, handle_list, &o, &why)) {
        buf_free(&o.out);
        return cli_fail(EX_IOERR, why);
    }
    if (o.json)
        buf_adds(&o.out, o.n ? "\n]\n" : "[]\n");
    cli_print(&o.out);
    return EX_OK;
}
