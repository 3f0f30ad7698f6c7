/*
 * entrada sheet: a session's signature sheet, A4 (sheet.h). In
 * entrada-devices only: it draws with cairo and Pango and sorts with ICU.
 */
#include "cli.h"

#include "entrada/badge.h"
#include "entrada/datadir.h"
#include "entrada/i18n.h"
#include "entrada/sheet.h"
#include "entrada/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

/* [event] date in tr's words: "12 March 2026", or "12 March 2026 – 13 March 2026". */
static void event_date(const struct config *cfg, const struct i18n *tr, char *out, size_t size)
{
    struct config_day first, last;
    out[0] = '\0';
    if (!config_event_days(cfg, &first, &last))
        return;
    char a[64], b[64];
    sheet_day(tr, &first, a, sizeof a);
    sheet_day(tr, &last, b, sizeof b);
    if (strcmp(a, b) == 0)
        snprintf(out, size, "%s", a);
    else
        snprintf(out, size, "%s – %s", a, b);
}

int cmd_sheet(struct cli *cli)
{
    const char *out = cli->argv[0];
    const char *dot = strrchr(out, '.');
    if (dot == NULL || strcasecmp(dot, ".pdf") != 0)
        return cli_usage_error(cli, "%s: a signature sheet is written as a .pdf", out);
    if (cli_has(cli, "pages") && !cli_has(cli, "blank"))
        return cli_usage_error(cli, "--pages is for a --blank sheet");
    const char *session = cli_get(cli, "session");
    if (session == NULL)
        session = config_str(cli->cfg, CONFIG_SESSION);
    char *why = NULL;
    struct store *st = cli_store(cli, &why);
    if (st == NULL)
        return cli_fail(EX_IOERR, why);
    struct store_session s;
    int found = store_get_session(st, session, &s, &why);
    if (found < 0)
        return cli_fail(EX_IOERR, why);
    if (found == 0)
        return cli_fail(EX_DATAERR,
                        xasprintf("no session \"%s\" (see: entrada session list)", session));

    /* The kiosk's language: its words and its order of names. */
    const char *lang = config_str(cli->cfg, CONFIG_LANGUAGE);
    struct datadir dirs;
    datadir_find(config_str(cli->cfg, CONFIG_DATA_DIR), &dirs);
    struct i18n *tr = i18n_open(dirs.locale, lang, &why);
    if (why) {
        fprintf(stderr, "entrada: %s; the sheet is in English\n", why);
        free(why);
        why = NULL;
    }
    char date[160];
    event_date(cli->cfg, tr, date, sizeof date);
    struct sheet_head head = {
        .event = config_str(cli->cfg, CONFIG_EVENT_NAME),
        .session = s.title[0] ? s.title : s.name,
        .date = date,
        .place = config_str(cli->cfg, CONFIG_EVENT_PLACE),
    };

    int rc = EX_OK;
    struct badge_entry *e = NULL;
    size_t n = 0;
    struct attendee_name *names = NULL;
    struct sheet_row *rows = NULL;
    if (cli_has(cli, "blank")) {
        if (!sheet_write(out, &head, NULL, 0, (int)cli_number(cli, "pages", 1), tr, &why))
            rc = cli_fail(EX_CANTCREAT, why);
        else
            printf("wrote %s: %ld page%s of empty rows\n", out, cli_number(cli, "pages", 1),
                   cli_number(cli, "pages", 1) == 1 ? "" : "s");
        goto out;
    }
    /* Everyone the session admits by an active registration, as the kiosk does. */
    struct store_badge_filter f = { .session = session };
    if (!badge_select(st, &f, BADGE_BY_SURNAME, &e, &n, &why)) {
        rc = cli_fail(EX_DATAERR, why);
        goto out;
    }
    names = xcalloc(n ? n : 1, sizeof *names);
    rows = xcalloc(n ? n : 1, sizeof *rows);
    for (size_t i = 0; i < n; i++) {
        attendee_name_parts(&e[i].a, &names[i]);
        rows[i] = (struct sheet_row){ names[i].last[0] ? names[i].last : e[i].a.name,
                                      names[i].first, e[i].a.organisation };
    }
    if (!sheet_sort(rows, n, lang, &why) || !sheet_write(out, &head, rows, n, 0, tr, &why)) {
        rc = cli_fail(EX_CANTCREAT, why);
        goto out;
    }
    size_t pages = n ? (n + SHEET_ROWS_PER_PAGE - 1) / SHEET_ROWS_PER_PAGE : 1;
    printf("wrote %s: %zu people, %zu page%s\n", out, n, pages, pages == 1 ? "" : "s");
out:
    for (size_t i = 0; names && i < n; i++)
        attendee_name_clear(&names[i]);
    free(names);
    free(rows);
    badge_entries_free(e, n);
    i18n_close(tr);
    datadir_clear(&dirs);
    return rc;
}
