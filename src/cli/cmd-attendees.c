/*
 * The commands on attendees: import and inspect a list, search, check in
 * and undo. The dispatcher (cli.c) has parsed the command line and loaded
 * what the command's entry asks for.
 */
#include "cli.h"

#include "entrada/checkin.h"
#include "entrada/desk.h"
#include "entrada/roster.h"
#include "entrada/search.h"
#include "entrada/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

int cmd_import(struct cli *cli)
{
    char *why = NULL;
    struct roster_options opt = roster_options_from(cli->cfg);
    opt.list = cli_get(cli, "list");
    /* A list that cancels most of its attendees is asked about, not taken silently. */
    opt.max_cancel_percent = cli_has(cli, "allow-mass-cancel") ? 0 : ROSTER_ASK_PERCENT;
    char *mapping = NULL; /* when the rows fail their check: what was taken from where */
    opt.mapping = &mapping;
    struct roster *r = roster_load(cli->argv[0], &opt, &why);
    if (r == NULL) {
        if (mapping)
            fputs(mapping, stdout);
        free(mapping);
        return cli_fail(EX_DATAERR, why);
    }
    /* The mapping first, always: what was taken from where, what was dropped. */
    struct buf out = { 0 };
    render_mapping(&out, r);
    cli_print(&out);
    if (cli_has(cli, "dry-run")) {
        roster_free(r);
        return EX_OK;
    }
    struct store *st = cli_store(cli, &why);
    if (st == NULL) {
        roster_free(r);
        return cli_fail(EX_IOERR, why);
    }
    struct roster_summary sum;
    bool ok = roster_merge(st, r, NULL, NULL, &sum, &why);
    if (!ok && sum.mass_cancel && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
        /* Most likely another event's list, or a partial export: ask before it goes. */
        printf("%s would cancel %u of the %u attendees on list \"%s\".\n"
               "Type \"cancel\" to import it all the same: ",
               cli->argv[0], sum.cancelled, sum.active, roster_list(r));
        fflush(stdout);
        char answer[16] = "";
        if (fgets(answer, sizeof answer, stdin) && strcmp(answer, "cancel\n") == 0) {
            free(why);
            why = NULL;
            roster_allow_mass_cancel(r);
            ok = roster_merge(st, r, NULL, NULL, &sum, &why);
        } else {
            printf("Nothing imported.\n");
            roster_free(r);
            free(why);
            return EX_DATAERR;
        }
    }
    roster_free(r);
    if (!ok)
        return cli_fail(sum.bad_data ? EX_DATAERR : EX_IOERR, why);
    printf("%u row%s: %u added, %u updated, %u cancelled, %u unchanged\n", sum.rows,
           sum.rows == 1 ? "" : "s", sum.added, sum.updated, sum.cancelled, sum.unchanged);
    if (sum.twins) {
        char more[48] = "";
        if (sum.twins > ROSTER_TWINS_SHOWN)
            snprintf(more, sizeof more, " and %u more pairs", sum.twins - ROSTER_TWINS_SHOWN);
        printf("lines %s%s: the same name and e-mail address on tickets with codes of their own: "
               "kept apart (one person with two tickets, or a buyer's tickets for others?)\n",
               sum.twin_lines, more);
    }
    if (cli_has(cli, "server"))
        return cli_import_push(cli, cli_get(cli, "list"), cli->argv[0]);
    return EX_OK;
}

int cmd_inspect(struct cli *cli)
{
    char *why = NULL;
    struct roster_options opt = roster_options_from(cli->cfg);
    opt.any_columns = true;
    struct roster *r = roster_load(cli->argv[0], &opt, &why);
    if (r == NULL)
        return cli_fail(EX_DATAERR, why);
    struct buf out = { 0 };
    if (cli_has(cli, "json"))
        render_rows_json(&out, r);
    else
        render_mapping(&out, r);
    cli_print(&out);
    roster_free(r);
    return EX_OK;
}

int cmd_search(struct cli *cli)
{
    struct buf query = { 0 };
    for (int i = 0; i < cli->argc; i++) {
        buf_adds(&query, cli->argv[i]);
        buf_addc(&query, ' ');
    }
    char *why = NULL;
    struct search *s = search_create(cli->store, &why);
    if (s == NULL) {
        buf_free(&query);
        return cli_fail(EX_IOERR, why);
    }
    size_t limit = (size_t)cli_number(cli, "limit", 10);
    struct search_hit *hits = xcalloc(limit, sizeof *hits);
    struct attendee *found = xcalloc(limit, sizeof *found);
    size_t n = search_find(s, query.data, true, hits, limit);
    int rc = EX_OK;
    for (size_t i = 0; i < n && rc == EX_OK; i++)
        if (store_get_attendee(cli->store, hits[i].id, &found[i], &why) != 1)
            rc = cli_fail(EX_IOERR, why);
    if (rc == EX_OK) {
        struct buf out = { 0 };
        render_search(&out, found, n, cli_has(cli, "json"));
        cli_print(&out);
    }
    for (size_t i = 0; i < n; i++)
        attendee_clear(&found[i]);
    free(found);
    free(hits);
    search_destroy(s);
    buf_free(&query);
    return rc;
}

/* "YYYY-MM-DD HH:MM" in local time, not later than now: true with *ms (UTC). */
static bool parse_at(const char *text, int64_t now, int64_t *ms)
{
    struct tm tm = { .tm_isdst = -1 };
    int n = 0;
    if (sscanf(text, "%4d-%2d-%2d %2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &n) != 5 ||
        text[n] != '\0' || tm.tm_year < 2000 || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
        tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59)
        return false;
    int day = tm.tm_mday;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = mktime(&tm);
    *ms = (int64_t)t * 1000;
    return t != (time_t)-1 && tm.tm_mday == day && *ms <= now; /* 31 April is no day */
}

int cmd_checkin(struct cli *cli)
{
    enum store_method method = STORE_STAFF;
    int64_t now = checkin_now_ms(), at = now;
    const char *at_text = cli_get(cli, "at");
    if (at_text && !parse_at(at_text, now, &at))
        return cli_usage_error(cli,
                               "--at \"%s\": expected a local time \"YYYY-MM-DD HH:MM\", "
                               "not in the future",
                               at_text);
    const char *m = cli_get(cli, "method");
    if (m && !store_method_parse(m, &method)) {
        fprintf(stderr, "entrada checkin: --method is camera, scanner, search or staff\n");
        return EX_USAGE;
    }
    char *why = NULL;
    struct store *st = cli_store(cli, &why);
    if (st == NULL)
        return cli_fail(EX_IOERR, why);
    const char *session = cli_get(cli, "session");
    if (session == NULL)
        session = config_str(cli->cfg, CONFIG_SESSION);
    int64_t session_id;
    int found = store_find_session(st, session, &session_id, &why);
    if (found < 0)
        return cli_fail(EX_IOERR, why);
    if (found == 0) {
        fprintf(stderr, "entrada: no session named \"%s\" (see: entrada session list)\n", session);
        return EX_USAGE;
    }
    char *kiosk = cli_identity(cli, &why);
    if (kiosk == NULL)
        return cli_fail(EX_IOERR, why);
    struct checkin_policy policy = {
        .kiosk = kiosk,
        .session = session,
        .reentry = config_bool(cli->cfg, CONFIG_REENTRY),
        .repeat_ms = config_int(cli->cfg, CONFIG_REPEAT_WINDOW_MS),
        .override = cli_has(cli, "override"),
        .reason = cli_get(cli, "override"),
    };
    if (policy.override && !checkin_reason_valid(policy.reason)) {
        free(kiosk);
        return cli_usage_error(cli,
                               "--override needs a reason of 1 to %d characters, "
                               "such as \"paid at the door\"",
                               CHECKIN_REASON_MAX);
    }
    struct checkin_result r;
    bool ok = cli_sync_checkin(cli, st, &policy, cli->argv[0], method, at, &r, &why);
    free(kiosk);
    if (!ok)
        return cli_fail(EX_IOERR, why);
    struct buf out = { 0 };
    render_checkin(&out, &r, cli_has(cli, "json"));
    cli_print(&out);
    int rc = r.verdict == CHECKIN_WELCOME ? EX_OK : 1;
    checkin_result_clear(&r);
    return rc;
}

int cmd_undo(struct cli *cli)
{
    char *why = NULL;
    struct attendee a = { 0 };
    if (cli->argc == 1) {
        int found = store_find_attendee(cli->store, cli->argv[0], &a, &why);
        if (found < 0)
            return cli_fail(EX_IOERR, why);
        if (found == 0)
            return cli_fail(EX_DATAERR, xasprintf("no attendee has the code \"%s\"", cli->argv[0]));
    }
    char *kiosk = cli_identity(cli, &why);
    if (kiosk == NULL) {
        attendee_clear(&a);
        return cli_fail(EX_IOERR, why);
    }
    struct checkin_policy policy = { .kiosk = kiosk };
    struct checkin_result r;
    bool ok = a.id ? checkin_undo_attendee(cli->store, &policy, a.id, checkin_now_ms(), &r, &why)
                   : checkin_undo_last(cli->store, &policy, checkin_now_ms(), &r, &why);
    free(kiosk);
    if (!ok) {
        attendee_clear(&a);
        return cli_fail(EX_IOERR, why);
    }
    if (r.recorded)
        printf("undone: %s\n", r.attendee.name);
    else if (a.id)
        printf("nothing to undo at this kiosk for %s\n", a.name);
    else
        printf("nothing to undo at this kiosk\n");
    int rc = r.recorded ? EX_OK : 1;
    checkin_result_clear(&r);
    attendee_clear(&a);
    return rc;
}

int cmd_absent(struct cli *cli)
{
    const char *session = cli_get(cli, "session");
    if (session == NULL)
        session = config_str(cli->cfg, CONFIG_SESSION);
    char *why = NULL;
    struct store_session s;
    int found = store_get_session(cli->store, session, &s, &why);
    if (found < 0)
        return cli_fail(EX_IOERR, why);
    if (found == 0) {
        fprintf(stderr, "entrada: no session named \"%s\" (see: entrada session list)\n", session);
        return EX_USAGE;
    }
    struct desk_absent_list l;
    if (!desk_absent(cli->store, s.id, config_str(cli->cfg, CONFIG_STAFF_VIP), &l, &why))
        return cli_fail(EX_IOERR, why);
    struct buf out = { 0 };
    render_absent(&out, &l, s.title[0] ? s.title : s.name, cli_has(cli, "json"));
    cli_print(&out);
    desk_absent_free(&l);
    return EX_OK;
}
