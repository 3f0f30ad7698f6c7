/*
 * The commands on the event's server: entrada server init and push-list,
 * entrada sync, and what checkin, import and stats do when [sync] server
 * is set.
 */
#include "cli.h"

#include "entrada/json.h"
#include "entrada/roster.h"
#include "entrada/sync.h"
#include "entrada/xmalloc.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

/* The server takes longer than a door to set up or fill: seconds, not the door's budget. */
#define SERVER_CONNECT_MS 10000

/*
 * Share the store's event-wide settings on s (after init or a list
 * published): false with *why if the server could not be asked. Adds to
 * *published those the server took from here.
 */
static bool share_settings(struct cli *cli, struct store *st, struct sync *s, unsigned *published,
                           char **why)
{
    char *id = cli_identity(cli, why);
    struct sync_report rep = { 0 };
    bool ok = id && sync_share_settings(s, st, id, &rep, why);
    *published += rep.published;
    if (ok && rep.warning[0])
        fprintf(stderr, "entrada: %s\n", rep.warning);
    if (ok && rep.settings)
        printf("the server's settings taken here: %u (a later day for deletion, the event key)\n",
               rep.settings);
    free(id);
    return ok;
}

void cli_sync_settings(struct cli *cli)
{
    if (!sync_configured(cli->cfg))
        return;
    char *why = NULL;
    struct store *st = cli_store(cli, &why);
    struct sync *s = st ? sync_connect(cli->cfg, SERVER_CONNECT_MS, false, &why) : NULL;
    unsigned published = 0;
    if (s && share_settings(cli, st, s, &published, &why)) {
        if (published)
            printf("shared with the other kiosks through the server\n");
        else
            printf("not shared: the server keeps what it has (see above)\n");
    } else {
        fprintf(stderr, "entrada: %s\n  (the other kiosks get it at this kiosk's next sync)\n",
                why);
        free(why);
    }
    sync_close(s);
}

/*
 * Publish FILE as list on the server: as the store takes it (the columns
 * this configuration maps or keeps), so that the columns dropped here
 * never reach the server or the other kiosks.
 */
static int push_list(struct cli *cli, const char *list, const char *file)
{
    char *why = NULL, *text = NULL;
    size_t len = 0;
    struct roster_options opt = roster_options_from(cli->cfg);
    opt.list = list;
    struct roster *r = roster_load(file, &opt, &why);
    if (r == NULL)
        return cli_fail(EX_DATAERR, why);
    FILE *f = open_memstream(&text, &len);
    bool written = f && roster_write_stored(r, f);
    if (f == NULL || fclose(f) != 0 || !written) {
        roster_free(r);
        free(text);
        return cli_fail(EX_OSERR, xasprintf("%s: cannot copy the list: out of memory", file));
    }
    unsigned rows = roster_rows(r);
    roster_free(r);
    struct store *st = cli_store(cli, &why);
    struct sync *s = st ? sync_connect(cli->cfg, SERVER_CONNECT_MS, false, &why) : NULL;
    unsigned published = 0;
    bool ok = s && sync_push_list(s, st, list, file, text, len, &why) &&
              share_settings(cli, st, s, &published, &why);
    int rc = EX_OK;
    if (ok)
        printf("published list %s (%s: %u rows, %zu bytes without the dropped columns) and the "
               "sessions on the server\n",
               list, file, rows, len);
    else
        rc = cli_fail(st ? EX_UNAVAILABLE : EX_IOERR, why);
    sync_close(s);
    free(text);
    return rc;
}

int cmd_server(struct cli *cli)
{
    const char *what = cli->argv[0];
    char *why = NULL;
    if (!sync_configured(cli->cfg))
        return cli_usage_error(cli, "no server configured: set [sync] server first");
    if (strcmp(what, "init") == 0) {
        if (cli->argc != 1)
            return cli_usage_error(cli, "init takes no file");
        struct sync *s = sync_connect(cli->cfg, SERVER_CONNECT_MS, true, &why);
        int from = 0, to = 0;
        /* The settings of this machine's store, if it has one (none is made for this). */
        char *path = cli_db_path(cli);
        bool has_store = access(path, F_OK) == 0;
        free(path);
        struct store *st = NULL;
        unsigned published = 0;
        if (s == NULL || !sync_server_init(s, &from, &to, &why) ||
            (has_store && ((st = cli_store(cli, &why)) == NULL ||
                           !share_settings(cli, st, s, &published, &why)))) {
            sync_close(s);
            return cli_fail(EX_UNAVAILABLE, why);
        }
        sync_close(s);
        if (from == to)
            printf("the server's entrada schema is %d already: nothing to do\n", to);
        else
            printf("the server's entrada schema is %d now (was %d)\n", to, from);
        return EX_OK;
    }
    if (strcmp(what, "push-list") == 0) {
        if (cli->argc != 2)
            return cli_usage_error(cli, "push-list needs the list's FILE");
        const char *list = cli_get(cli, "list");
        return push_list(cli, list ? list : "main", cli->argv[1]);
    }
    return cli_usage_error(cli, "unknown server command \"%s\" (init or push-list)", what);
}

int cli_import_push(struct cli *cli, const char *list, const char *file)
{
    return push_list(cli, list ? list : "main", file);
}

int cmd_sync(struct cli *cli)
{
    char *why = NULL;
    if (!sync_configured(cli->cfg))
        return cli_usage_error(cli, "no server configured ([sync] server)");
    char *id = cli_identity(cli, &why);
    if (id == NULL)
        return cli_fail(EX_IOERR, why);
    struct sync *s = sync_connect(cli->cfg, SERVER_CONNECT_MS, false, &why);
    struct sync_report rep = { 0 };
    bool ok = s && sync_exchange(s, cli->store, cli->cfg, id, &rep, &why);
    sync_note(cli->store, ok ? NULL : why);
    sync_close(s);
    free(id);
    if (!ok) {
        int64_t waiting = 0;
        char *ignored = NULL;
        if (!store_outbox_count(cli->store, &waiting, &ignored))
            free(ignored);
        fprintf(stderr, "entrada: %s\n  (%" PRId64 " events wait here; nothing is lost)\n", why,
                waiting);
        free(why);
        return EX_UNAVAILABLE;
    }
    printf("pushed %u, pulled %u events; %u lists, %u sessions, %u settings, %u walk-ins from "
           "the server; %" PRId64 " waiting\n",
           rep.pushed, rep.pulled, rep.lists, rep.sessions, rep.settings, rep.walkins, rep.waiting);
    if (rep.warning[0])
        fprintf(stderr, "entrada: %s\n", rep.warning);
    if (rep.requeued)
        printf("the server lacked %u of this kiosk's events (restored from a backup?): "
               "pushed again\n",
               rep.requeued);
    return EX_OK;
}

bool cli_sync_checkin(struct cli *cli, struct store *st, struct checkin_policy *policy,
                      const char *code, enum store_method method, int64_t at_ms,
                      struct checkin_result *r, char **why)
{
    if (!sync_configured(cli->cfg))
        return checkin_code(st, policy, code, method, at_ms, r, why);
    struct sync_door door = { .cfg = cli->cfg,
                              .timeout_ms = config_int(cli->cfg, CONFIG_SYNC_TIMEOUT_MS) };
    policy->decide = sync_decide;
    policy->decide_ctx = &door;
    bool ok = checkin_code(st, policy, code, method, at_ms, r, why);
    if (ok && getenv("ENTRADA_TEST_KILL_AFTER_COMMIT")) /* tests: a crash before the push */
        raise(SIGKILL);
    if (ok && door.conn) {
        /* Online: what waits (earlier offline check-ins) goes now. */
        unsigned pushed = 0;
        char *push_why = NULL;
        if (!sync_push(door.conn, st, &pushed, &push_why)) {
            free(door.problem);
            door.problem = push_why;
        }
    }
    if (ok && (door.conn || door.problem))
        sync_note(st, door.problem);
    if (ok && r->offline && door.problem)
        fprintf(stderr, "entrada: decided offline: %s\n", door.problem);
    sync_door_clear(&door);
    return ok;
}

/* The sync lines of entrada stats. */
static bool handle_conflict(void *ctx, const struct store_conflict *c)
{
    (void)ctx;
    char first[40], last[40];
    report_format_time(c->first_ms, first);
    report_format_time(c->last_ms, last);
    printf("  conflict: %s (%s), session %s: admitted %" PRId64 " times at %s (%s to %s)\n",
           c->name, c->code, c->session, c->admissions, c->kiosks, first, last);
    return true;
}

void cli_stats_sync(struct cli *cli)
{
    struct sync_state s;
    char *why = NULL, line[300];
    if (!sync_state_read(cli->store, cli->cfg, &s, &why)) {
        fprintf(stderr, "entrada: %s\n", why);
        free(why);
        return;
    }
    sync_state_line(&s, line, sizeof line);
    printf("sync: %s", line);
    if (s.configured && s.last_contact_ms) {
        char when[40];
        report_format_time(s.last_contact_ms, when);
        printf("; last contact %s", when);
    }
    if (s.configured && !s.online)
        printf("; %s", s.problem);
    printf("\n");
    if (!store_each_conflict(cli->store, handle_conflict, NULL, &why)) {
        fprintf(stderr, "entrada: %s\n", why);
        free(why);
    }
}

static bool handle_conflict_json(void *ctx, const struct store_conflict *c)
{
    struct buf *out = ctx;
    char first[40], last[40];
    report_format_time(c->first_ms, first);
    report_format_time(c->last_ms, last);
    buf_adds(out, out->data[out->len - 1] == '[' ? "{\"code\": " : ", {\"code\": ");
    json_string(out, c->code);
    json_member(out, "name", c->name);
    json_member(out, "session", c->session);
    json_member(out, "kiosks", c->kiosks);
    buf_addf(out, ", \"admissions\": %" PRId64, c->admissions);
    json_member(out, "first", first);
    json_member(out, "last", last);
    buf_adds(out, "}");
    return true;
}

void cli_stats_sync_json(struct cli *cli, struct buf *out)
{
    struct sync_state s;
    char *why = NULL;
    if (!sync_state_read(cli->store, cli->cfg, &s, &why)) {
        fprintf(stderr, "entrada: %s\n", why);
        free(why);
        return;
    }
    char when[40] = "";
    if (s.last_contact_ms)
        report_format_time(s.last_contact_ms, when);
    buf_addf(out, ", \"sync\": {\"configured\": %s, \"online\": %s, \"waiting\": %" PRId64,
             s.configured ? "true" : "false", s.configured && s.online ? "true" : "false",
             s.waiting);
    json_member(out, "last_contact", when[0] ? when : NULL);
    json_member(out, "problem", s.configured && !s.online ? s.problem : NULL);
    buf_adds(out, "}, \"conflicts\": [");
    if (!store_each_conflict(cli->store, handle_conflict_json, out, &why)) {
        fprintf(stderr, "entrada: %s\n", why);
        free(why);
    }
    buf_adds(out, "]");
}
