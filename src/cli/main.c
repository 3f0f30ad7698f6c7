/*
 * entrada COMMAND: one table of commands, each a thin call into the core.
 * Global options (--config, --db) come before the command; every command
 * takes --help. Exit codes follow sysexits(3).
 */
#include "entrada/badge.h"
#include "entrada/checkin.h"
#include "entrada/config.h"
#include "entrada/decode.h"
#include "entrada/drop.h"
#include "entrada/json.h"
#include "entrada/kiosk.h"
#include "entrada/pin.h"
#include "entrada/printer.h"
#include "entrada/report.h"
#include "entrada/roster.h"
#include "entrada/search.h"
#include "entrada/session.h"
#include "entrada/store.h"
#include "entrada/wipe.h"
#include "entrada/xmalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#ifndef ENTRADA_VERSION
#define ENTRADA_VERSION "0"
#endif

/* What every command gets. */
struct cli {
    struct config *cfg;
    const char *db_override;
    struct store *store; /* opened on first use */
};

struct command {
    const char *name;
    int (*run)(struct cli *cli, int argc, char **argv);
    const char *args;
    const char *summary;
    const char *help; /* options and details, shown by COMMAND --help */
};

static int cmd_import(struct cli *, int, char **);
static int cmd_inspect(struct cli *, int, char **);
static int cmd_search(struct cli *, int, char **);
static int cmd_checkin(struct cli *, int, char **);
static int cmd_undo(struct cli *, int, char **);
static int cmd_stats(struct cli *, int, char **);
static int cmd_export(struct cli *, int, char **);
static int cmd_session(struct cli *, int, char **);
static int cmd_config(struct cli *, int, char **);
static int cmd_pin(struct cli *, int, char **);
static int cmd_decode(struct cli *, int, char **);
static int cmd_badge(struct cli *, int, char **);
static int cmd_badges(struct cli *, int, char **);
static int cmd_print(struct cli *, int, char **);
static int cmd_kiosk(struct cli *, int, char **);
static int cmd_drop(struct cli *, int, char **);
static int cmd_wipe(struct cli *, int, char **);

static const struct command commands[] = {
    { "kiosk", cmd_kiosk, "[--windowed] [--size WxH] [--camera SPEC] [--script FILE] [--latency]",
      "run the self check-in kiosk (fullscreen)",
      "  --windowed     in a window instead of fullscreen\n"
      "  --size WxH     window size (default 1280x800)\n"
      "  --camera SPEC  v4l2:/dev/video0[@WxH], pipe:COMMAND@WxH:yuv420|y800 or\n"
      "                 file:PATH[@FPS] (default: [kiosk] camera)\n"
      "  --script FILE  act out FILE: scan, type, key, tap, wait, shot, quit (see README)\n"
      "  --latency      on leaving, print code-to-screen latency figures\n"
      "Staff mode: hold the top left corner for 2 seconds, or scan [kiosk] staff_code.\n" },
    { "import", cmd_import, "[--dry-run] FILE",
      "import or update the attendee list from a CSV file",
      "  --dry-run   check the file and show what was found, change nothing\n"
      "Re-importing merges: new attendees are added, changed ones updated, those no longer\n"
      "listed cancelled. A file with any error changes nothing (exit 65).\n" },
    { "inspect", cmd_inspect, "[--json] FILE", "show how entrada reads a CSV file",
      "  --json      print the rows as a JSON array of objects keyed by header\n" },
    { "search", cmd_search, "[--json] [--limit N] TEXT...",
      "find attendees by name, organisation or e-mail",
      "  --json      print a JSON array\n"
      "  --limit N   at most N results (default 10)\n" },
    { "checkin", cmd_checkin, "[--session S] [--method M] [--json] CODE",
      "check an attendee in by code",
      "  --session S  session to admit to (default: [checkin] session)\n"
      "  --method M   camera, scanner, search or staff (default: staff)\n"
      "  --json       print the verdict as a JSON object\n"
      "Exit status 0 for welcome, 1 for already, unknown or cancelled.\n" },
    { "undo", cmd_undo, "", "take back the latest check-in made at this kiosk",
      "The check-in stays in the journal with an undo event after it.\n" },
    { "stats", cmd_stats, "[--json]",
      "attendance counts: registered, checked in, by category and session",
      "  --json      print a JSON object\n" },
    { "export", cmd_export, "DIR", "write the exports (CSV files, chart, journal) into DIR",
      "Files are UTF-8 with BOM, separated as [export] separator says.\n" },
    { "drop", cmd_drop, "DIR", "sync with the USB stick mounted at DIR, as the kiosk does",
      "Imports entrada/attendees*.csv (else the one .csv file at DIR's top),\n"
      "merges other kiosks' journals from DIR/entrada-export/ and writes this\n"
      "kiosk's exports to DIR/entrada-export/KIOSK-YYYYMMDD-HHMMSS/.\n"
      "Exit status 65 when a step failed; the others still ran.\n" },
    { "wipe", cmd_wipe, "[--yes]", "delete the event's data after the event",
      "Deletes the database (with its WAL) and the lists copied from sticks.\n"
      "Asks first, unless --yes is given. Stop the kiosk before.\n"
      "  --yes       do not ask\n" },
    { "session", cmd_session, "list | add NAME [TITLE]", "list sessions or add one",
      "Sessions are counted separately; every store has \"main\".\n" },
    { "config", cmd_config, "", "print the effective settings", "" },
    { "badge", cmd_badge, "CODE --out FILE.pdf|FILE.png [--dpi N]", "draw an attendee's badge",
      "  --out FILE  a PDF (vector, for printing) or a PNG\n"
      "  --dpi N     resolution of a PNG (default 300)\n"
      "The size is [badge] size.\n" },
    { "badges", cmd_badges, "--out FILE.pdf [--category C]",
      "every active attendee's badge in one PDF",
      "  --out FILE     the PDF, one badge a page, in code order\n"
      "  --category C   only attendees of category C\n" },
    { "print", cmd_print, "CODE [--printer QUEUE]", "print an attendee's badge through CUPS",
      "  --printer QUEUE  the CUPS queue (default: [printer] queue)\n"
      "Follows the job to its end; every print is logged. Exit status 0 when printed,\n"
      "69 when the printer did not print (the message says why and what to do).\n" },
    { "decode", cmd_decode, "[--json] IMAGE...",
      "read the QR codes in image files as the camera does",
      "  --json      print a JSON array: file, codes and the pass that found them\n"
      "Exit status 0 if every image had a code, 1 if some had none, 65 if one could not be "
      "read.\n" },
    { "pin", cmd_pin, "[PIN]", "make the staff_pin line for the configuration",
      "Reads the PIN from standard input when not given. Only its salted hash is kept.\n" },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fprintf(out, "usage: entrada [--config FILE] [--db PATH] COMMAND [ARGS]\n"
                 "\n"
                 "Self check-in for events. Commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n"
                 "Options:\n"
                 "  --config FILE  settings file (default " CONFIG_DEFAULT_PATH " if present)\n"
                 "  --db PATH      database file (default: [entrada] db, else\n"
                 "                 $XDG_DATA_HOME/entrada/event.db)\n"
                 "  -h, --help     this help; COMMAND --help for a command's own\n"
                 "  --version      print the version\n");
}

static void command_usage(const struct command *c, FILE *out)
{
    fprintf(out, "usage: entrada %s %s\n%s.\n", c->name, c->args, c->summary);
    if (c->help[0])
        fprintf(out, "\n%s", c->help);
}

/* Report a failure with its cause and return code. Frees why. */
static int fail(int code, char *why)
{
    fprintf(stderr, "entrada: %s\n", why ? why : "failed");
    free(why);
    return code;
}

/* Create the directories above path, like mkdir -p of its dirname. */
static void make_parents(const char *path)
{
    char *copy = xstrdup(path);
    char *dir = dirname(copy);
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(dir, 0755);
        *p = '/';
    }
    mkdir(dir, 0755);
    free(copy);
}

static char *db_path(struct cli *cli)
{
    return cli->db_override ? xstrdup(cli->db_override) : config_db_path(cli->cfg);
}

static struct store *open_store(struct cli *cli, char **why)
{
    if (cli->store)
        return cli->store;
    char *path = db_path(cli);
    make_parents(path);
    cli->store = store_open(path, why);
    free(path);
    return cli->store;
}

/*
 * Parse a command's options. Returns the index of the first operand, or
 * -1 after printing usage (exit status in *status).
 */
static int parse_options(const struct command *c, int argc, char **argv,
                         const struct option *longopts,
                         int (*set)(void *ctx, int opt, const char *arg), void *ctx, int *status)
{
    optind = 0;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (opt == 'h') {
            command_usage(c, stdout);
            *status = EX_OK;
            return -1;
        }
        if (opt == '?' || (set && set(ctx, opt, optarg) != 0)) {
            fprintf(stderr, "entrada %s: bad option %s\n", c->name, argv[optind - 1]);
            command_usage(c, stderr);
            *status = EX_USAGE;
            return -1;
        }
    }
    return optind;
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* Common flags of the commands below. */
struct flags {
    bool json, dry_run, windowed, latency, yes;
    long limit;
    int width, height;
    const char *session, *method, *script, *camera, *out, *category, *printer;
    int dpi;
};

enum {
    OPT_JSON = 1000,
    OPT_DRY_RUN,
    OPT_LIMIT,
    OPT_SESSION,
    OPT_METHOD,
    OPT_WINDOWED,
    OPT_SIZE,
    OPT_SCRIPT,
    OPT_LATENCY,
    OPT_CAMERA,
    OPT_OUT,
    OPT_DPI,
    OPT_CATEGORY,
    OPT_PRINTER,
    OPT_YES
};

static int set_flag(void *ctx, int opt, const char *arg)
{
    struct flags *f = ctx;
    char *end;
    switch (opt) {
    case OPT_JSON:
        f->json = true;
        return 0;
    case OPT_DRY_RUN:
        f->dry_run = true;
        return 0;
    case OPT_LIMIT:
        f->limit = strtol(arg, &end, 10);
        return *end || f->limit < 1 || f->limit > 1000 ? -1 : 0;
    case OPT_SESSION:
        f->session = arg;
        return 0;
    case OPT_METHOD:
        f->method = arg;
        return 0;
    case OPT_WINDOWED:
        f->windowed = true;
        return 0;
    case OPT_SIZE:
        return sscanf(arg, "%dx%d", &f->width, &f->height) == 2 && f->width >= 320 &&
                       f->height >= 240 && f->width <= 7680 && f->height <= 4320
                   ? 0
                   : -1;
    case OPT_SCRIPT:
        f->script = arg;
        return 0;
    case OPT_LATENCY:
        f->latency = true;
        return 0;
    case OPT_CAMERA:
        f->camera = arg;
        return 0;
    case OPT_OUT:
        f->out = arg;
        return 0;
    case OPT_DPI:
        f->dpi = (int)strtol(arg, &end, 10);
        return *end || f->dpi < 72 || f->dpi > 1200 ? -1 : 0;
    case OPT_CATEGORY:
        f->category = arg;
        return 0;
    case OPT_PRINTER:
        f->printer = arg;
        return 0;
    case OPT_YES:
        f->yes = true;
        return 0;
    }
    return -1;
}

static const struct option flag_options[] = {
    { "help", no_argument, NULL, 'h' },
    { "json", no_argument, NULL, OPT_JSON },
    { "dry-run", no_argument, NULL, OPT_DRY_RUN },
    { "limit", required_argument, NULL, OPT_LIMIT },
    { "session", required_argument, NULL, OPT_SESSION },
    { "method", required_argument, NULL, OPT_METHOD },
    { "windowed", no_argument, NULL, OPT_WINDOWED },
    { "size", required_argument, NULL, OPT_SIZE },
    { "script", required_argument, NULL, OPT_SCRIPT },
    { "latency", no_argument, NULL, OPT_LATENCY },
    { "camera", required_argument, NULL, OPT_CAMERA },
    { "out", required_argument, NULL, OPT_OUT },
    { "dpi", required_argument, NULL, OPT_DPI },
    { "category", required_argument, NULL, OPT_CATEGORY },
    { "printer", required_argument, NULL, OPT_PRINTER },
    { "yes", no_argument, NULL, OPT_YES },
    { NULL, 0, NULL, 0 },
};

/* Parse flags and check the operand count; -1 means return *status. */
static int command_args(const char *name, int argc, char **argv, struct flags *f, int min, int max,
                        int *status)
{
    const struct command *c = find_command(name);
    int first = parse_options(c, argc, argv, flag_options, set_flag, f, status);
    if (first < 0)
        return -1;
    int n = argc - first;
    if (n < min || (max >= 0 && n > max)) {
        command_usage(c, stderr);
        *status = EX_USAGE;
        return -1;
    }
    return first;
}

static void print_mapping(const struct roster *r)
{
    printf("encoding:  %s\nseparator: %s\nrows:      %u\nsha256:    %s\ncolumns:\n",
           roster_encoding(r), csv_separator_name(roster_separator(r)), roster_rows(r),
           roster_sha256(r));
    for (size_t c = 0; c < roster_columns(r); c++) {
        const char *field = NULL;
        for (int f = 0; f < ROSTER_FIELD_COUNT; f++)
            if (roster_column(r, f) == (int)c)
                field = roster_field_name(f);
        /* Pad by characters, not bytes: headers are often accented. */
        const char *h = roster_header(r, c);
        int chars = 0;
        for (const char *p = h; *p; p++)
            chars += ((unsigned char)*p & 0xC0) != 0x80;
        printf("  %s%*s -> %s\n", h, chars < 28 ? 28 - chars : 0, "",
               field ? field : "(kept as extra)");
    }
    if (roster_column(r, ROSTER_CODE) < 0)
        printf("no code column: entrada makes up a %d-character code for each attendee\n",
               ROSTER_CODE_LENGTH);
}

static int cmd_import(struct cli *cli, int argc, char **argv)
{
    struct flags f = { 0 };
    int status, first = command_args("import", argc, argv, &f, 1, 1, &status);
    if (first < 0)
        return status;
    char *why = NULL;
    struct roster_options opt = roster_options_from(cli->cfg);
    struct roster *r = roster_load(argv[first], &opt, &why);
    if (r == NULL)
        return fail(EX_DATAERR, why);
    if (f.dry_run) {
        print_mapping(r);
        roster_free(r);
        return EX_OK;
    }
    struct store *st = open_store(cli, &why);
    if (st == NULL) {
        roster_free(r);
        return fail(EX_IOERR, why);
    }
    struct roster_summary sum;
    bool ok = roster_merge(st, r, NULL, NULL, &sum, &why);
    roster_free(r);
    if (!ok)
        return fail(EX_IOERR, why);
    printf("%u rows: %u added, %u updated, %u cancelled, %u unchanged\n", sum.rows, sum.added,
           sum.updated, sum.cancelled, sum.unchanged);
    return EX_OK;
}

struct inspect_json {
    const struct roster *r;
    struct buf out;
    bool first;
};

static bool handle_inspect_row(void *ctx, const struct csv_row *row)
{
    struct inspect_json *j = ctx;
    buf_adds(&j->out, j->first ? "\n  {" : ",\n  {");
    j->first = false;
    for (size_t c = 0; c < roster_columns(j->r); c++) {
        if (c)
            buf_adds(&j->out, ", ");
        json_string(&j->out, roster_header(j->r, c));
        buf_adds(&j->out, ": ");
        json_string(&j->out, c < row->n ? row->field[c] : "");
    }
    buf_addc(&j->out, '}');
    return true;
}

static int cmd_inspect(struct cli *cli, int argc, char **argv)
{
    struct flags f = { 0 };
    int status, first = command_args("inspect", argc, argv, &f, 1, 1, &status);
    if (first < 0)
        return status;
    char *why = NULL;
    struct roster_options opt = roster_options_from(cli->cfg);
    opt.any_columns = true;
    struct roster *r = roster_load(argv[first], &opt, &why);
    if (r == NULL)
        return fail(EX_DATAERR, why);
    if (f.json) {
        struct inspect_json j = { r, { 0 }, true };
        buf_addc(&j.out, '[');
        roster_each_row(r, handle_inspect_row, &j);
        buf_adds(&j.out, "\n]\n");
        fputs(j.out.data, stdout);
        buf_free(&j.out);
    } else {
        print_mapping(r);
    }
    roster_free(r);
    return EX_OK;
}

static void json_attendee(struct buf *b, const struct attendee *a, bool email)
{
    buf_adds(b, "{\"name\": ");
    json_string(b, a->name);
    buf_adds(b, ", \"organisation\": ");
    json_string(b, a->organisation);
    buf_adds(b, ", \"category\": ");
    json_string(b, a->category);
    if (email) {
        buf_adds(b, ", \"email\": ");
        json_string(b, a->email);
        buf_adds(b, ", \"status\": ");
        json_string(b, a->cancelled ? "cancelled" : "active");
    }
    buf_addc(b, '}');
}

static int cmd_search(struct cli *cli, int argc, char **argv)
{
    struct flags f = { .limit = 10 };
    int status, first = command_args("search", argc, argv, &f, 1, -1, &status);
    if (first < 0)
        return status;
    struct buf query = { 0 };
    for (int i = first; i < argc; i++) {
        buf_adds(&query, argv[i]);
        buf_addc(&query, ' ');
    }
    char *why = NULL;
    struct store *st = open_store(cli, &why);
    struct search *s = st ? search_create(st, &why) : NULL;
    if (s == NULL) {
        buf_free(&query);
        return fail(EX_IOERR, why);
    }
    struct search_hit *hits = xcalloc((size_t)f.limit, sizeof *hits);
    size_t n = search_find(s, query.data, true, hits, (size_t)f.limit);
    struct buf out = { 0 };
    if (f.json)
        buf_addc(&out, '[');
    int rc = EX_OK;
    for (size_t i = 0; i < n; i++) {
        struct attendee a = { 0 };
        if (store_get_attendee(st, hits[i].id, &a, &why) != 1) {
            rc = fail(EX_IOERR, why);
            break;
        }
        if (f.json) {
            buf_adds(&out, i ? ",\n {\"code\": " : "\n {\"code\": ");
            json_string(&out, a.code);
            buf_adds(&out, ", \"attendee\": ");
            json_attendee(&out, &a, true);
            buf_addc(&out, '}');
        } else {
            buf_addf(&out, "%-14s %s", a.code, a.name);
            if (a.organisation[0])
                buf_addf(&out, " — %s", a.organisation);
            if (a.email[0])
                buf_addf(&out, " <%s>", a.email);
            if (a.cancelled)
                buf_adds(&out, " [cancelled]");
            buf_addc(&out, '\n');
        }
        attendee_clear(&a);
    }
    if (f.json)
        buf_adds(&out, "\n]\n");
    else if (n == 0)
        buf_adds(&out, "no match\n");
    if (rc == EX_OK)
        fputs(out.data, stdout);
    buf_free(&out);
    free(hits);
    search_destroy(s);
    buf_free(&query);
    return rc;
}

static int cmd_checkin(struct cli *cli, int argc, char **argv)
{
    struct flags f = { 0 };
    int status, first = command_args("checkin", argc, argv, &f, 1, 1, &status);
    if (first < 0)
        return status;
    enum store_method method = STORE_STAFF;
    if (f.method && !store_method_parse(f.method, &method)) {
        fprintf(stderr, "entrada checkin: --method is camera, scanner, search or staff\n");
        return EX_USAGE;
    }
    char *why = NULL;
    struct store *st = open_store(cli, &why);
    if (st == NULL)
        return fail(EX_IOERR, why);
    const char *session = f.session ? f.session : config_str(cli->cfg, CONFIG_SESSION);
    int64_t session_id;
    int found = store_find_session(st, session, &session_id, &why);
    if (found < 0)
        return fail(EX_IOERR, why);
    if (found == 0) {
        fprintf(stderr, "entrada: no session named \"%s\" (see: entrada session list)\n", session);
        return EX_USAGE;
    }
    char *kiosk = config_kiosk_id(cli->cfg);
    struct checkin_policy policy = {
        .kiosk = kiosk,
        .session = session,
        .reentry = config_bool(cli->cfg, CONFIG_REENTRY),
        .repeat_ms = config_int(cli->cfg, CONFIG_REPEAT_WINDOW_MS),
    };
    struct checkin_result r;
    bool ok = checkin_code(st, &policy, argv[first], method, checkin_now_ms(), &r, &why);
    free(kiosk);
    if (!ok)
        return fail(EX_IOERR, why);

    char when[40] = "";
    if (r.first_ms)
        report_format_time(r.first_ms, when);
    struct buf out = { 0 };
    if (f.json) {
        buf_adds(&out, "{\"verdict\": ");
        json_string(&out, checkin_verdict_name(r.verdict));
        buf_adds(&out, ", \"code\": ");
        json_string(&out, r.code);
        buf_adds(&out, ", \"attendee\": ");
        if (r.attendee.id)
            json_attendee(&out, &r.attendee, false);
        else
            buf_adds(&out, "null");
        buf_adds(&out, ", \"first_checkin\": ");
        json_string(&out, when[0] ? when : NULL);
        buf_adds(&out, ", \"recorded\": ");
        buf_adds(&out, r.recorded ? "true" : "false");
        buf_adds(&out, "}\n");
    } else {
        switch (r.verdict) {
        case CHECKIN_WELCOME:
            buf_addf(&out, "welcome: %s", r.attendee.name);
            break;
        case CHECKIN_ALREADY:
            buf_addf(&out, "already checked in: %s (first at %s)%s", r.attendee.name, when,
                     r.recorded ? ", re-entry recorded" : "");
            break;
        case CHECKIN_UNKNOWN:
            buf_adds(&out, "unknown code");
            break;
        case CHECKIN_CANCELLED:
            buf_addf(&out, "cancelled registration: %s", r.attendee.name);
            break;
        }
        if (r.attendee.id && r.attendee.organisation[0])
            buf_addf(&out, " — %s", r.attendee.organisation);
        buf_addc(&out, '\n');
    }
    fputs(out.data, stdout);
    buf_free(&out);
    int rc = r.verdict == CHECKIN_WELCOME ? EX_OK : 1;
    checkin_result_clear(&r);
    return rc;
}

static int cmd_undo(struct cli *cli, int argc, char **argv)
{
    struct flags f = { 0 };
    int status, first = command_args("undo", argc, argv, &f, 0, 0, &status);
    if (first < 0)
        return status;
    char *why = NULL;
    struct store *st = open_store(cli, &why);
    if (st == NULL)
        return fail(EX_IOERR, why);
    char *kiosk = config_kiosk_id(cli->cfg);
    struct checkin_policy policy = { .kiosk = kiosk };
    struct checkin_result r;
    bool ok = checkin_undo_last(st, &policy, checkin_now_ms(), &r, &why);
    free(kiosk);
    if (!ok)
        return fail(EX_IOERR, why);
    if (r.recorded)
        printf("undone: %s\n", r.attendee.name);
    else
        printf("nothing to undo at this kiosk\n");
    int rc = r.recorded ? EX_OK : 1;
    checkin_result_clear(&r);
    return rc;
}

static void json_counts(struct buf *b, const char *key, const char *label_key,
                        const struct report_count *c, size_t n)
{
    buf_addf(b, ", \"%s\": [", key);
    for (size_t i = 0; i < n; i++) {
        buf_addf(b, "%s{\"%s\": ", i ? ", " : "", label_key);
        json_string(b, c[i].label);
        buf_addf(b, ", \"registered\": %lld, \"checked_in\": %lld}", (long long)c[i].registered,
                 (long long)c[i].checked_in);
    }
    buf_addc(b, ']');
}

static int cmd_stats(struct cli *cli, int argc, char **argv)
{
    struct flags f = { 0 };
    int status, first = command_args("stats", argc, argv, &f, 0, 0, &status);
    if (first < 0)
        return status;
    char *why = NULL;
    struct store *st = open_store(cli, &why);
    struct report_stats s;
    if (st == NULL || !report_stats(st, &s, &why))
        return fail(EX_IOERR, why);
    struct buf out = { 0 };
    if (f.json) {
        buf_addf(&out,
                 "{\"registered\": %lld, \"cancelled\": %lld, \"checked_in\": %lld, "
                 "\"events\": %lld, \"badges_printed\": %lld, \"print_failures\": %lld",
                 (long long)s.registered, (long long)s.cancelled, (long long)s.checked_in,
                 (long long)s.events, (long long)s.printed, (long long)s.print_failures);
        json_counts(&out, "by_category", "category", s.by_category, s.ncategories);
        json_counts(&out, "by_session", "session", s.by_session, s.nsessions);
        buf_adds(&out, "}\n");
    } else {
        const char *event = config_str(cli->cfg, CONFIG_EVENT_NAME);
        if (event[0])
            buf_addf(&out, "%s\n\n", event);
        buf_addf(&out,
                 "registered  %lld (%lld cancelled)\nchecked in  %lld\nbadges      %lld printed, "
                 "%lld failed\n\nby category:\n",
                 (long long)s.registered, (long long)s.cancelled, (long long)s.checked_in,
                 (long long)s.printed, (long long)s.print_failures);
        for (size_t i = 0; i < s.ncategories; i++)
            buf_addf(&out, "  %-24s %5lld of %lld\n",
                     s.by_category[i].label[0] ? s.by_category[i].label : "(none)",
                     (long long)s.by_category[i].checked_in,
                     (long long)s.by_category[i].registered);
        buf_adds(&out, "\nby session:\n");
        for (size_t i = 0; i < s.nsessions; i++)
            buf_addf(&out, "  %-24s %5lld of %lld\n", s.by_session[i].label,
                     (long long)s.by_session[i].checked_in, (long long)s.by_session[i].registered);
    }
    fputs(out.data, stdout);
    buf_free(&out);
    report_stats_clear(&s);
    return EX_OK;
}

static int cmd_export(struct cli *cli, int argc, char **argv)
{
    struct flags f = { 0 };
    int status, first = command_args("export", argc, argv, &f, 1, 1, &status);
    if (first < 0)
        return status;
    const char *dir = argv[first];
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "entrada: %s: %s\n", dir, strerror(errno));
        return EX_CANTCREAT;
    }
    char *why = NULL;
    struct store *st = open_store(cli, &why);
    if (st == NULL)
        return fail(EX_IOERR, why);
    if (!drop_export(st, cli->cfg, dir, &why))
        return fail(EX_IOERR, why);
    printf("wrote %s/checkins.csv, attendance.csv, counts.csv, attendance.png, journal.csv\n", dir);
    return EX_OK;
}

static int cmd_drop(struct cli *cli, int argc, char **argv)
{
    struct flags f = { 0 };
    int status, first = command_args("drop", argc, argv, &f, 1, 1, &status);
    if (first < 0)
        return status;
    char *why = NULL;
    struct store *st = open_store(cli, &why);
    if (st == NULL)
        return fail(EX_IOERR, why);
    char *path = db_path(cli), *id = config_kiosk_id(cli->cfg), *work = drop_work_dir(path);
    struct drop_options opt = { .cfg = cli->cfg, .kiosk_id = id, .work_dir = work };
    struct drop_report rep;
    bool ok = drop_run(st, argv[first], &opt, &rep);
    if (rep.imported)
        printf("list: %s: %u rows, %u added, %u updated, %u cancelled\n", rep.list, rep.import.rows,
               rep.import.added, rep.import.updated, rep.import.cancelled);
    else if (rep.refused)
        printf("list: not imported\n");
    else
        printf("list: none on the stick\n");
    printf("journals: %u merged, %u new check-ins\n", rep.journals, rep.events);
    if (rep.exported[0])
        printf("exports: %s\n", rep.exported);
    if (rep.problems)
        fprintf(stderr, "%s", rep.problems);
    printf("safe to remove\n");
    drop_report_clear(&rep);
    free(path);
    free(id);
    free(work);
    return ok ? EX_OK : EX_DATAERR;
}

static void handle_wiped(void *ctx, const char *path, int err)
{
    (void)ctx;
    if (err)
        fprintf(stderr, "entrada: %s: %s\n", path, strerror(err));
    else
        printf("deleted %s\n", path);
}

static int cmd_wipe(struct cli *cli, int argc, char **argv)
{
    struct flags f = { 0 };
    int status, first = command_args("wipe", argc, argv, &f, 0, 0, &status);
    if (first < 0)
        return status;
    char *path = db_path(cli);
    int rc = EX_OK;
    if (!f.yes) {
        if (!isatty(STDIN_FILENO)) {
            fprintf(stderr, "entrada: wipe deletes %s: add --yes to confirm\n", path);
            free(path);
            return EX_USAGE;
        }
        char *work = wipe_work_dir(path);
        printf("This deletes every attendee, check-in and print of %s,\n"
               "and the lists copied from USB sticks to %s.\nType \"wipe\" to go on: ",
               path, work);
        free(work);
        fflush(stdout);
        char answer[16] = "";
        if (fgets(answer, sizeof answer, stdin) == NULL || strcmp(answer, "wipe\n") != 0) {
            printf("Nothing deleted.\n");
            free(path);
            return EX_OK;
        }
    }
    if (!wipe_event(path, handle_wiped, NULL))
        rc = EX_IOERR;
    printf("The kiosk's messages in the system log are not touched: see README, \"After the "
           "event\".\n");
    free(path);
    return rc;
}

static bool handle_session(void *ctx, int64_t id, const char *name, const char *title)
{
    (void)ctx;
    (void)id;
    printf("%-16s %s\n", name, title);
    return true;
}

static int cmd_session(struct cli *cli, int argc, char **argv)
{
    struct flags f = { 0 };
    int status, first = command_args("session", argc, argv, &f, 1, 3, &status);
    if (first < 0)
        return status;
    char *why = NULL;
    struct store *st = open_store(cli, &why);
    if (st == NULL)
        return fail(EX_IOERR, why);
    const char *verb = argv[first];
    if (strcmp(verb, "list") == 0 && argc - first == 1)
        return store_each_session(st, handle_session, NULL, &why) ? EX_OK : fail(EX_IOERR, why);
    if (strcmp(verb, "add") == 0 && argc - first >= 2) {
        const char *name = argv[first + 1];
        if (!session_name_valid(name)) {
            fprintf(stderr, "entrada session: a session name is 1 to 32 of a-z 0-9 - _\n");
            return EX_USAGE;
        }
        if (!store_add_session(st, name, argc - first == 3 ? argv[first + 2] : "", &why))
            return fail(EX_DATAERR, why);
        printf("added session %s\n", name);
        return EX_OK;
    }
    command_usage(find_command("session"), stderr);
    return EX_USAGE;
}

static int cmd_config(struct cli *cli, int argc, char **argv)
{
    struct flags f = { 0 };
    int status, first = command_args("config", argc, argv, &f, 0, 0, &status);
    if (first < 0)
        return status;
    config_print(cli->cfg, stdout);
    return EX_OK;
}

static int cmd_kiosk(struct cli *cli, int argc, char **argv)
{
    struct flags f = { 0 };
    int status, first = command_args("kiosk", argc, argv, &f, 0, 0, &status);
    if (first < 0)
        return status;
    char *db = cli->db_override ? xstrdup(cli->db_override) : config_db_path(cli->cfg);
    make_parents(db);
    struct kiosk_options opt = {
        .cfg = cli->cfg,
        .db_path = db,
        .windowed = f.windowed,
        .width = f.width,
        .height = f.height,
        .script = f.script,
        .latency = f.latency,
        .camera = f.camera,
    };
    char *why = NULL;
    int rc = kiosk_run(&opt, &why);
    free(db);
    return rc == 0 ? EX_OK : fail(EX_UNAVAILABLE, why);
}

/*
 * Look up the attendee with code for a badge command. EX_OK with *a filled,
 * or the exit status after saying what went wrong.
 */
static int attendee_for_badge(struct cli *cli, const char *code, struct store **st,
                              struct attendee *a)
{
    char *why = NULL;
    *st = open_store(cli, &why);
    int found = *st ? store_find_attendee(*st, code, a, &why) : -1;
    if (found < 0)
        return fail(EX_IOERR, why);
    if (found == 0)
        return fail(EX_DATAERR, xasprintf("no attendee has the code \"%s\"", code));
    return EX_OK;
}

static int cmd_badge(struct cli *cli, int argc, char **argv)
{
    struct flags f = { .dpi = 300 };
    int status, first = command_args("badge", argc, argv, &f, 1, 1, &status);
    if (first < 0)
        return status;
    if (f.out == NULL) {
        command_usage(find_command("badge"), stderr);
        return EX_USAGE;
    }
    char *why = NULL;
    struct badge *b = badge_create(cli->cfg, &why);
    if (b == NULL)
        return fail(EX_CONFIG, why);
    struct store *st;
    struct attendee a = { 0 };
    int rc = attendee_for_badge(cli, argv[first], &st, &a);
    if (rc != EX_OK)
        ; /* said already */
    else if (!badge_write(b, &a, f.out, f.dpi, &why))
        rc = fail(EX_CANTCREAT, why);
    else
        printf("wrote %s\n", f.out);
    attendee_clear(&a);
    badge_destroy(b);
    return rc;
}

static int cmd_print(struct cli *cli, int argc, char **argv)
{
    struct flags f = { 0 };
    int status, first = command_args("print", argc, argv, &f, 1, 1, &status);
    if (first < 0)
        return status;
    const char *queue = f.printer ? f.printer : config_str(cli->cfg, CONFIG_PRINTER_QUEUE);
    if (!queue[0]) {
        fprintf(stderr, "entrada print: no printer: set [printer] queue or give --printer\n");
        return EX_USAGE;
    }
    char *why = NULL;
    struct badge *b = badge_create(cli->cfg, &why);
    if (b == NULL)
        return fail(EX_CONFIG, why);
    struct store *st;
    struct attendee a = { 0 };
    int rc = attendee_for_badge(cli, argv[first], &st, &a);
    char pdf[] = "/tmp/entrada-badge-XXXXXX.pdf";
    int fd = -1;
    if (rc != EX_OK) {
        /* said already */
    } else if ((fd = mkstemps(pdf, 4)) < 0 || !badge_write(b, &a, pdf, 300, &why)) {
        rc = fail(EX_CANTCREAT, why ? why : xstrdup("cannot write a temporary file"));
    } else {
        struct printer_result r;
        printer_print(config_str(cli->cfg, CONFIG_PRINTER_SERVER), queue, pdf, a.name,
                      (int)config_int(cli->cfg, CONFIG_PRINTER_TIMEOUT_S) * 1000, &r);
        if (!store_log_print(st, a.id, checkin_now_ms(), queue, r.job_id, r.ok, r.message, &why))
            rc = fail(EX_IOERR, why);
        if (r.ok) {
            printf("%s: %s\n", a.name, r.message);
        } else {
            fprintf(stderr, "entrada: %s\n", r.message);
            rc = EX_UNAVAILABLE;
        }
    }
    if (fd >= 0) {
        close(fd);
        unlink(pdf);
    }
    attendee_clear(&a);
    badge_destroy(b);
    return rc;
}

static int cmd_badges(struct cli *cli, int argc, char **argv)
{
    struct flags f = { 0 };
    int status, first = command_args("badges", argc, argv, &f, 0, 0, &status);
    if (first < 0)
        return status;
    if (f.out == NULL) {
        command_usage(find_command("badges"), stderr);
        return EX_USAGE;
    }
    char *why = NULL;
    struct badge *b = badge_create(cli->cfg, &why);
    if (b == NULL)
        return fail(EX_CONFIG, why);
    struct store *st = open_store(cli, &why);
    unsigned pages = 0;
    int rc = EX_OK;
    if (st == NULL || !badge_write_all(b, st, f.category, f.out, &pages, &why))
        rc = fail(EX_CANTCREAT, why);
    else
        printf("wrote %u badges to %s\n", pages, f.out);
    badge_destroy(b);
    return rc;
}

static int cmd_decode(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    struct flags f = { 0 };
    int status, first = command_args("decode", argc, argv, &f, 1, -1, &status);
    if (first < 0)
        return status;
    struct decode *d = decode_create();
    struct buf out = { 0 };
    int rc = EX_OK;
    if (f.json)
        buf_addc(&out, '[');
    for (int i = first; i < argc; i++) {
        struct image img = { 0 };
        char *why = NULL;
        if (!image_load(argv[i], &img, &why)) {
            fprintf(stderr, "entrada: %s\n", why);
            free(why);
            rc = EX_DATAERR;
            continue;
        }
        struct decode_result r;
        if (decode_image(d, &img, &r) == 0 && rc == EX_OK)
            rc = 1;
        if (f.json) {
            buf_adds(&out, i > first ? ",\n {\"file\": " : "\n {\"file\": ");
            json_string(&out, argv[i]);
            buf_adds(&out, ", \"codes\": [");
            for (int c = 0; c < r.n; c++) {
                if (c)
                    buf_adds(&out, ", ");
                json_string(&out, r.code[c]);
            }
            buf_adds(&out, "], \"pass\": ");
            json_string(&out, r.pass);
            buf_addc(&out, '}');
        } else {
            for (int c = 0; c < r.n; c++)
                buf_addf(&out, "%s%s%s\n", argc - first > 1 ? argv[i] : "",
                         argc - first > 1 ? ": " : "", r.code[c]);
            if (r.n == 0)
                buf_addf(&out, "%s%sno code\n", argc - first > 1 ? argv[i] : "",
                         argc - first > 1 ? ": " : "");
        }
        decode_result_clear(&r);
        image_free(&img);
    }
    if (f.json)
        buf_adds(&out, "\n]\n");
    if (out.data)
        fputs(out.data, stdout);
    buf_free(&out);
    decode_destroy(d);
    return rc;
}

static int cmd_pin(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    struct flags f = { 0 };
    int status, first = command_args("pin", argc, argv, &f, 0, 1, &status);
    if (first < 0)
        return status;
    char line[256] = "";
    const char *pin = first < argc ? argv[first] : NULL;
    if (pin == NULL) {
        if (fgets(line, sizeof line, stdin) == NULL)
            line[0] = '\0';
        line[strcspn(line, "\r\n")] = '\0';
        pin = line;
    }
    if (strlen(pin) < 4 || strspn(pin, "0123456789") != strlen(pin)) {
        fprintf(stderr, "entrada pin: a PIN is 4 or more digits\n");
        return EX_USAGE;
    }
    char *hash = pin_hash(pin);
    printf("[kiosk]\nstaff_pin = %s\n", hash);
    free(hash);
    return EX_OK;
}

int main(int argc, char **argv)
{
    static const struct option global[] = {
        { "config", required_argument, NULL, 'c' },
        { "db", required_argument, NULL, 'd' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    const char *config_path = NULL, *db = NULL;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "+h", global, NULL)) != -1) {
        switch (opt) {
        case 'c':
            config_path = optarg;
            break;
        case 'd':
            db = optarg;
            break;
        case 'h':
            usage(stdout);
            return EX_OK;
        case 'V':
            printf("entrada %s\n", ENTRADA_VERSION);
            return EX_OK;
        default:
            fprintf(stderr, "entrada: bad option %s\n", argv[optind - 1]);
            usage(stderr);
            return EX_USAGE;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return EX_USAGE;
    }
    const struct command *c = find_command(argv[optind]);
    if (c == NULL) {
        fprintf(stderr, "entrada: unknown command \"%s\"\n", argv[optind]);
        usage(stderr);
        return EX_USAGE;
    }

    struct cli cli = { .cfg = config_create(), .db_override = db };
    char *why = NULL;
    if (config_path == NULL && access(CONFIG_DEFAULT_PATH, F_OK) == 0)
        config_path = CONFIG_DEFAULT_PATH;
    int rc;
    if (config_path && !config_load(cli.cfg, config_path, &why)) {
        rc = fail(EX_CONFIG, why);
    } else {
        if (db)
            config_set(cli.cfg, CONFIG_DB, db, &why);
        rc = c->run(&cli, argc - optind, argv + optind);
    }
    store_close(cli.store);
    config_destroy(cli.cfg);
    return rc;
}
