/*
 * The commands on badges and codes: draw a badge or all of them, print
 * one through CUPS, read the codes in images. In entrada-devices only.
 */
#include "cli.h"

#include "entrada/badge.h"
#include "entrada/decode.h"
#include "entrada/desk.h"
#include "entrada/image.h"
#include "entrada/json.h"
#include "entrada/printer.h"
#include "entrada/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

/*
 * Look up the attendee with code for a badge command. EX_OK with *a filled,
 * or the exit status after saying what went wrong.
 */
static int attendee_for_badge(struct cli *cli, const char *code, struct attendee *a)
{
    char *why = NULL;
    struct store *st = cli_store(cli, &why);
    int found = st ? store_find_attendee(st, code, a, &why) : -1;
    if (found < 0)
        return cli_fail(EX_IOERR, why);
    if (found == 0)
        return cli_fail(EX_DATAERR, xasprintf("no attendee has the code \"%s\"", code));
    return EX_OK;
}

/* The badge layout for the store's event: its bands follow the categories present. */
static struct badge *badge_for_event(struct cli *cli, int *rc)
{
    char *why = NULL;
    struct badge *b = badge_create(cli->cfg, &why);
    if (b == NULL) {
        *rc = cli_fail(EX_CONFIG, why);
        return NULL;
    }
    struct store *st = cli_store(cli, &why);
    if (st == NULL || !badge_use_store(b, st, &why)) {
        *rc = cli_fail(EX_IOERR, why);
        badge_destroy(b);
        return NULL;
    }
    return b;
}

int cmd_badge(struct cli *cli)
{
    const char *out = cli_get(cli, "out");
    if (out == NULL)
        return cli_usage_error(cli, "--out is needed");
    char *why = NULL;
    int rc = EX_OK;
    struct badge *b = badge_for_event(cli, &rc);
    if (b == NULL)
        return rc;
    struct attendee a = { 0 };
    rc = attendee_for_badge(cli, cli->argv[0], &a);
    if (rc != EX_OK) {
        /* said already */
    } else if (!badge_write(b, &a, out, (int)cli_number(cli, "dpi", 300), &why)) {
        rc = cli_fail(EX_CANTCREAT, why);
    } else if (cli_has(cli, "fit")) {
        struct badge_fit fit = badge_last_fit(b);
        printf("name %.2f mm, organisation %.2f mm, %s\n", fit.name_mm, fit.organisation_mm,
               fit.cut ? "cut" : "fits");
    } else {
        printf("wrote %s\n", out);
    }
    attendee_clear(&a);
    badge_destroy(b);
    return rc;
}

int cmd_badges(struct cli *cli)
{
    const char *out = cli->argc ? cli->argv[0] : cli_get(cli, "out");
    if (out == NULL)
        return cli_usage_error(cli, "the PDF to write is needed (entrada badges FILE.pdf)");
    const char *dot = strrchr(out, '.');
    if (dot == NULL || strcasecmp(dot, ".pdf") != 0)
        return cli_usage_error(cli, "%s: a batch of badges is written as a .pdf", out);
    static const char *const orders[] = { [BADGE_BY_SURNAME] = "surname",
                                          [BADGE_BY_ORGANISATION] = "organisation",
                                          [BADGE_BY_CODE] = "code" };
    const char *sort = cli_get(cli, "sort");
    int order = -1;
    for (int i = 0; i < 3; i++)
        if (strcmp(sort ? sort : "surname", orders[i]) == 0)
            order = i;
    if (order < 0)
        return cli_usage_error(cli, "--sort %s: expected surname, organisation or code", sort);
    struct store_badge_filter f = {
        .list = cli_get(cli, "list"),
        .category = cli_get(cli, "category"),
        .session = cli_get(cli, "session"),
        .not_printed = cli_has(cli, "not-printed"),
    };
    char *why = NULL;
    int rc = EX_OK;
    struct badge *b = badge_for_event(cli, &rc);
    if (b == NULL)
        return rc;
    struct badge_entry *e = NULL;
    size_t n = 0;
    if (!badge_select(cli->store, &f, order, &e, &n, &why)) {
        badge_destroy(b);
        return cli_fail(EX_DATAERR, why);
    }
    /* The cover says what the batch is: "list b2b · SPEAKER · by surname". */
    struct buf title = { 0 };
    if (f.list)
        buf_addf(&title, "list %s · ", f.list);
    if (f.category)
        buf_addf(&title, "%s · ", f.category);
    if (f.session)
        buf_addf(&title, "session %s · ", f.session);
    if (f.not_printed)
        buf_adds(&title, "not printed before · ");
    buf_addf(&title, "by %s", orders[order]);
    struct attendee *a = xcalloc(n ? n : 1, sizeof *a);
    for (size_t i = 0; i < n; i++)
        a[i] = e[i].a; /* shallow: e keeps them */
    if (!badge_write_batch(b, a, n, title.data, out, &why)) {
        rc = cli_fail(EX_CANTCREAT, why);
        goto out;
    }
    /* Logged as printed: the desk hands these out, --not-printed skips them next time. */
    char *printer = xasprintf("batch %s", out);
    int64_t now = checkin_now_ms();
    bool logged = store_begin(cli->store, &why);
    for (size_t i = 0; i < n && logged; i++)
        logged =
            store_log_print(cli->store, a[i].id, now, printer, 0, true, "in a batch PDF", &why);
    if (logged)
        logged = store_commit(cli->store, &why);
    else
        store_rollback(cli->store);
    free(printer);
    if (!logged)
        rc = cli_fail(EX_IOERR, why);
    else
        printf("wrote %zu badges to %s\n", n, out);
out:
    free(a);
    buf_free(&title);
    badge_entries_free(e, n);
    badge_destroy(b);
    return rc;
}

/* Print a's badge on queue through CUPS and log it; EX_OK, or said why. */
static int print_badge(struct cli *cli, struct badge *b, const char *queue,
                       const struct attendee *a)
{
    char *why = NULL;
    char pdf[] = "/tmp/entrada-badge-XXXXXX.pdf";
    int fd = -1, rc = EX_OK;
    if ((fd = mkstemps(pdf, 4)) < 0 || !badge_write(b, a, pdf, 300, &why)) {
        rc = cli_fail(EX_CANTCREAT, why ? why : xstrdup("cannot write a temporary file"));
    } else {
        struct printer_result r;
        printer_print(config_str(cli->cfg, CONFIG_PRINTER_SERVER), queue, pdf, a->name,
                      (int)config_int(cli->cfg, CONFIG_PRINTER_TIMEOUT_S) * 1000, &r);
        if (!store_log_print(cli->store, a->id, checkin_now_ms(), queue, r.job_id, r.ok, r.message,
                             &why))
            rc = cli_fail(EX_IOERR, why);
        if (r.ok) {
            fprintf(cli->cmd->run == cmd_add ? stderr : stdout,
                    "%s: %s\n", /* add prints the code */
                    a->name, r.message);
        } else {
            fprintf(stderr, "entrada: %s\n", r.message);
            rc = EX_UNAVAILABLE;
        }
    }
    if (fd >= 0) {
        close(fd);
        unlink(pdf);
    }
    return rc;
}

/* The printer queue: --printer, else [printer] queue; NULL (said why) for none. */
static const char *printer_queue(struct cli *cli)
{
    const char *queue = cli->cmd->run == cmd_print ? cli_get(cli, "printer") : NULL;
    if (queue == NULL)
        queue = config_str(cli->cfg, CONFIG_PRINTER_QUEUE);
    if (!queue[0]) {
        fprintf(stderr, "entrada %s: no printer: set [printer] queue%s\n", cli->cmd->name,
                cli->cmd->run == cmd_print ? " or give --printer" : "");
        return NULL;
    }
    return queue;
}

int cmd_print(struct cli *cli)
{
    const char *queue = printer_queue(cli);
    if (queue == NULL)
        return EX_USAGE;
    int rc = EX_OK;
    struct badge *b = badge_for_event(cli, &rc); /* with the event's bands */
    if (b == NULL)
        return rc;
    struct attendee a = { 0 };
    rc = attendee_for_badge(cli, cli->argv[0], &a);
    if (rc == EX_OK)
        rc = print_badge(cli, b, queue, &a);
    attendee_clear(&a);
    badge_destroy(b);
    return rc;
}

int cmd_add(struct cli *cli)
{
    if (!cli_has(cli, "name"))
        return cli_usage_error(cli, "--name is needed");
    const char *queue = NULL;
    if (cli_has(cli, "print") && (queue = printer_queue(cli)) == NULL)
        return EX_USAGE;
    char *why = NULL;
    struct desk_walkin w = { cli_get(cli, "name"), cli_get(cli, "org"), cli_get(cli, "email"),
                             cli_get(cli, "category"), NULL };
    struct attendee a;
    if (!desk_walkin_check(&w, &why))
        return cli_fail(EX_DATAERR, why);
    if (!desk_add_walkin(cli->store, &w, &a, &why))
        return cli_fail(EX_IOERR, why);
    int rc = EX_OK;
    struct checkin_result r = { 0 };
    const char *verdict = NULL;
    if (cli_has(cli, "checkin")) {
        char *kiosk = cli_identity(cli, &why);
        struct checkin_policy policy = {
            .kiosk = kiosk,
            .session = config_str(cli->cfg, CONFIG_SESSION),
            .repeat_ms = config_int(cli->cfg, CONFIG_REPEAT_WINDOW_MS),
        };
        if (kiosk == NULL ||
            !checkin_code(cli->store, &policy, a.code, STORE_STAFF, checkin_now_ms(), &r, &why))
            rc = cli_fail(EX_IOERR, why);
        else
            verdict = checkin_verdict_name(r.verdict);
        free(kiosk);
    }
    struct buf out = { 0 };
    render_walkin(&out, &a, verdict, cli_has(cli, "json"));
    cli_print(&out);
    if (rc == EX_OK && queue) {
        struct badge *b = badge_for_event(cli, &rc);
        if (b)
            rc = print_badge(cli, b, queue, &a);
        badge_destroy(b);
    }
    checkin_result_clear(&r);
    attendee_clear(&a);
    return rc;
}

/* One image's codes: "FILE: CODE" lines (just CODE for a single image), or a JSON object. */
static void render_decoded(struct buf *out, const char *file, const struct decode_result *r,
                           int frame, bool json, bool first, bool many)
{
    if (json) {
        buf_adds(out, first ? "\n {\"file\": " : ",\n {\"file\": ");
        json_string(out, file);
        buf_adds(out, ", \"codes\": [");
        for (int c = 0; c < r->n; c++) {
            if (c)
                buf_adds(out, ", ");
            json_string(out, r->code[c]);
        }
        buf_adds(out, "], \"pass\": ");
        json_string(out, r->pass);
        if (frame > 0)
            buf_addf(out, ", \"frame\": %d", frame);
        buf_addc(out, '}');
        return;
    }
    for (int c = 0; c < r->n; c++)
        buf_addf(out, "%s%s%s\n", many ? file : "", many ? ": " : "", r->code[c]);
    if (r->n == 0)
        buf_addf(out, "%s%sno code\n", many ? file : "", many ? ": " : "");
}

int cmd_decode(struct cli *cli)
{
    bool json = cli_has(cli, "json"), camera = cli_has(cli, "camera");
    if (camera && cli_has(cli, "thorough")) {
        fprintf(stderr, "entrada: decode: --camera or --thorough, not both\n");
        return EX_USAGE;
    }
    int frames = (int)cli_number(cli, "frames", 3);
    struct decode *d = decode_create();
    struct buf out = { 0 };
    int rc = EX_OK, shown = 0;
    if (json)
        buf_addc(&out, '[');
    for (int i = 0; i < cli->argc; i++) {
        struct image img = { 0 };
        char *why = NULL;
        if (!image_load(cli->argv[i], &img, &why)) {
            fprintf(stderr, "entrada: %s\n", why);
            free(why);
            rc = EX_DATAERR;
            continue;
        }
        struct decode_result r;
        int frame = 0;
        if (camera) { /* the image held still in front of the camera */
            while (frame < frames && decode_frame(d, &img, &r) == 0)
                frame++;
            frame = frame < frames ? frame + 1 : 0;
        } else {
            decode_image(d, &img, &r);
        }
        if (r.n == 0 && rc == EX_OK)
            rc = 1;
        render_decoded(&out, cli->argv[i], &r, frame, json, shown++ == 0, cli->argc > 1);
        decode_result_clear(&r);
        image_free(&img);
    }
    if (json)
        buf_adds(&out, "\n]\n");
    cli_print_data(&out);
    decode_destroy(d);
    return rc;
}
