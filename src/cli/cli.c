/*
 * entrada COMMAND: the command table and its one dispatcher.
 *
 * Global options (--config, --db, --help, --version) come before the
 * command. The dispatcher finds the command's entry, parses its options
 * and operands against the entry (any other option is a usage error, and
 * every command takes --help), loads the configuration and opens the store
 * when the entry asks for them, and calls the command. Exit codes follow
 * sysexits(3).
 *
 * The commands of the devices and kiosk layers are defined only in the
 * entrada-devices program; here they are weak references, NULL in entrada,
 * which runs entrada-devices for them (see exec_devices).
 */
#include "cli.h"

#include "entrada/text.h"
#include "entrada/xmalloc.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#ifndef ENTRADA_VERSION
#define ENTRADA_VERSION "0"
#endif
/* The program entrada runs for CLI_DEVICES commands; "" in that program itself. */
#ifndef ENTRADA_DEVICES_PROGRAM
#define ENTRADA_DEVICES_PROGRAM ""
#endif
#ifndef ENTRADA_LIBEXECDIR
#define ENTRADA_LIBEXECDIR "/usr/local/libexec/entrada"
#endif
/* ENTRADA_LIBEXECDIR as seen from the directory of the program (for a relocated install). */
#ifndef ENTRADA_LIBEXECDIR_FROM_BIN
#define ENTRADA_LIBEXECDIR_FROM_BIN "../libexec/entrada"
#endif

extern int cmd_export(struct cli *cli) __attribute__((weak));
extern int cmd_drop(struct cli *cli) __attribute__((weak));
extern int cmd_badge(struct cli *cli) __attribute__((weak));
extern int cmd_badges(struct cli *cli) __attribute__((weak));
extern int cmd_print(struct cli *cli) __attribute__((weak));
extern int cmd_decode(struct cli *cli) __attribute__((weak));
extern int cmd_add(struct cli *cli) __attribute__((weak));
extern int cmd_kiosk(struct cli *cli) __attribute__((weak));
extern int cmd_doctor(struct cli *cli) __attribute__((weak));
extern int cmd_sheet(struct cli *cli) __attribute__((weak));

/* The options of the table below: --NAME alone, with a value, with a number from MIN to MAX. */
/* clang-format off */
#define FLAG(name)             { name, CLI_FLAG, 0, 0 }
#define STRING(name)           { name, CLI_STRING, 0, 0 }
#define NUMBER(name, min, max) { name, CLI_NUMBER, min, max }
/* clang-format on */

static const struct cli_command commands[] = {
    {
        .name = "kiosk",
        .usage = "[--windowed] [--size WxH] [--camera SPEC] [--script FILE] [--latency]",
        .summary = "run the self check-in kiosk (fullscreen)",
        .help = "  --windowed     in a window instead of fullscreen\n"
                "  --size WxH     window size (default 1280x800)\n"
                "  --camera SPEC  v4l2:/dev/video0[@WxH], pipe:COMMAND@WxH:yuv420|y800 or\n"
                "                 file:PATH[@FPS] (default: [kiosk] camera)\n"
                "  --script FILE  act out FILE: scan, type, key, tap, wait, shot, quit (see "
                "README)\n"
                "  --latency      on leaving, print code-to-screen latency figures\n"
                "Staff mode: hold the top left corner for 2 seconds, or scan [kiosk] "
                "staff_code.\n",
        .options = { FLAG("windowed"), STRING("size"), STRING("camera"), STRING("script"),
                     FLAG("latency") },
        .min_operands = 0,
        .max_operands = 0,
        .flags = CLI_CONFIG | CLI_DEVICES,
        .run = cmd_kiosk,
    },
    {
        .name = "doctor",
        .usage = "[--camera SPEC] [--print-test]",
        .summary = "check the display, camera, scanner, printer, store, clock and USB helper",
        .help = "  --camera SPEC  check this camera instead of [kiosk] camera\n"
                "  --print-test   also print a test page on [printer] queue\n"
                "One line per check: ok, warn or FAIL, and what to do. Exit status 0 when no\n"
                "check failed, 1 when one did. A configuration that cannot be read is one of\n"
                "the checks: the others run with the defaults.\n",
        .options = { STRING("camera"), FLAG("print-test") },
        .min_operands = 0,
        .max_operands = 0,
        .flags = CLI_DEVICES, /* loads the configuration itself: its errors are a check */
        .run = cmd_doctor,
    },
    {
        .name = "import",
        .usage = "[--list NAME] [--dry-run] [--allow-mass-cancel] [--server] FILE",
        .summary = "import or update an attendee list from a CSV file",
        .help = "  --list NAME  the list the file is (default: main); a B2B event's own list,\n"
                "               say, is imported with --list b2b\n"
                "  --dry-run    check the file and show what was found, change nothing\n"
                "  --allow-mass-cancel  take a file that cancels more than half of the list's\n"
                "               attendees (else asked on a terminal, refused elsewhere)\n"
                "Prints which column gives each field, the columns kept and those dropped\n"
                "(only [columns] keep is stored besides the kiosk's fields).\n"
                "Re-importing a list merges: new registrations are added, changed ones updated,\n"
                "those no longer listed cancelled; other lists are not touched. Someone on two\n"
                "lists is one attendee. A file with any error changes nothing (exit 65).\n"
                "  --server     then publish it on [sync] server for every kiosk (as entrada\n"
                "               server push-list)\n",
        .options = { STRING("list"), FLAG("dry-run"), FLAG("allow-mass-cancel"), FLAG("server") },
        .min_operands = 1,
        .max_operands = 1,
        .flags = CLI_CONFIG, /* the store only once the file is good, and not for --dry-run */
        .run = cmd_import,
    },
    {
        .name = "inspect",
        .usage = "[--json] FILE",
        .summary = "show how entrada reads a CSV file",
        .help = "  --json      print the rows as a JSON array of objects keyed by header\n",
        .options = { FLAG("json") },
        .min_operands = 1,
        .max_operands = 1,
        .flags = CLI_CONFIG,
        .run = cmd_inspect,
    },
    {
        .name = "search",
        .usage = "[--json] [--limit N] TEXT...",
        .summary = "find attendees by name, organisation or e-mail",
        .help = "  --json      print a JSON array\n"
                "  --limit N   at most N results (default 10)\n",
        .options = { FLAG("json"), NUMBER("limit", 1, 1000) },
        .min_operands = 1,
        .max_operands = -1,
        .flags = CLI_CONFIG | CLI_STORE,
        .run = cmd_search,
    },
    {
        .name = "checkin",
        .usage = "[--session S] [--method M] [--override REASON] [--at TIME] [--json] CODE",
        .summary = "check an attendee in by code",
        .help = "  --session S  session to admit to (default: [checkin] session)\n"
                "  --method M   camera, scanner, search or staff (default: staff)\n"
                "  --override REASON  staff admit them although their registration is\n"
                "               unpaid, cancelled or not for this session, for REASON (\"paid at\n"
                "               the door\", \"organiser's decision\", or any words): journalled\n"
                "               as an override with its reason\n"
                "  --at TIME    record a check-in made earlier (a signature on a paper sheet) at\n"
                "               this local time, \"YYYY-MM-DD HH:MM\"; not in the future\n"
                "  --json       print the verdict as a JSON object\n"
                "Verdicts: welcome, already, unknown, cancelled, unpaid, not_for_session.\n"
                "Exit status 0 for welcome, 1 for any other verdict.\n",
        .options = { STRING("session"), STRING("method"), STRING("override"), FLAG("json"),
                     STRING("at") },
        .min_operands = 1,
        .max_operands = 1,
        .flags = CLI_CONFIG, /* the store once --method is known good */
        .run = cmd_checkin,
    },
    {
        .name = "undo",
        .usage = "[CODE]",
        .summary = "take back the latest check-in made at this kiosk (or CODE's)",
        .help = "With CODE, the latest check-in of that attendee made at this kiosk.\n"
                "The check-in stays in the journal with an undo event after it.\n",
        .min_operands = 0,
        .max_operands = 1,
        .flags = CLI_CONFIG | CLI_STORE,
        .run = cmd_undo,
    },
    {
        .name = "add",
        .usage = "--name NAME [--org ORG] [--email E] [--category C] [--checkin] [--print] "
                 "[--json]",
        .summary = "add a walk-in (list walk-in) and print their new code",
        .help = "  --name NAME      the walk-in's full name\n"
                "  --org ORG        organisation\n"
                "  --email E        e-mail address\n"
                "  --category C     category (SPEAKER, PRESS, ...)\n"
                "  --checkin        check them in to [checkin] session at once\n"
                "  --print          print their badge ([printer] queue)\n"
                "  --json           print the record as a JSON object\n"
                "Walk-ins are on the list walk-in, which no import touches; with --checkin\n"
                "they travel to other kiosks in the journal like any check-in.\n",
        .options = { STRING("name"), STRING("org"), STRING("email"), STRING("category"),
                     FLAG("checkin"), FLAG("print"), FLAG("json") },
        .min_operands = 0,
        .max_operands = 0,
        .flags = CLI_CONFIG | CLI_STORE | CLI_DEVICES,
        .run = cmd_add,
    },
    {
        .name = "absent",
        .usage = "[--session S] [--json]",
        .summary = "who has not arrived yet: the session's registered people not checked in",
        .help = "  --session S  the session (default: [checkin] session)\n"
                "  --json       print a JSON array\n"
                "Sorted by surname, those [staff] vip names first (marked *).\n",
        .options = { STRING("session"), FLAG("json") },
        .min_operands = 0,
        .max_operands = 0,
        .flags = CLI_CONFIG | CLI_STORE,
        .run = cmd_absent,
    },
    {
        .name = "server",
        .usage = "init | push-list [--list NAME] FILE",
        .summary = "set up the event's PostgreSQL server ([sync] server), publish a list there",
        .help = "  init            create or migrate entrada's tables on the server\n"
                "  push-list FILE  publish FILE as a list (and this store's sessions): every\n"
                "                  kiosk imports it at its next sync\n"
                "  --list NAME     the list FILE is (default: main)\n"
                "Exit status 69 when the server cannot be reached or refuses.\n",
        .options = { STRING("list") },
        .min_operands = 1,
        .max_operands = 2,
        .flags = CLI_CONFIG,
        .run = cmd_server,
    },
    {
        .name = "sync",
        .usage = "",
        .summary = "push this kiosk's waiting events to [sync] server and pull the others' once",
        .help = "Pushes the outbox (idempotently, by the events' global ids), then pulls the\n"
                "sessions, the lists published and the other kiosks' events. The kiosk does\n"
                "this all the time by itself. Exit status 69 when the server cannot be reached\n"
                "(nothing is lost: the events wait).\n",
        .min_operands = 0,
        .max_operands = 0,
        .flags = CLI_CONFIG | CLI_STORE,
        .run = cmd_sync,
    },
    {
        .name = "stats",
        .usage = "[--json]",
        .summary = "attendance counts: registered, checked in, by category and session",
        .help = "  --json      print a JSON object\n",
        .options = { FLAG("json") },
        .min_operands = 0,
        .max_operands = 0,
        .flags = CLI_CONFIG | CLI_STORE,
        .run = cmd_stats,
    },
    {
        .name = "export",
        .usage = "DIR",
        .summary = "write the exports (workbook, CSV files, chart, journal) into DIR",
        .help = "attendance.xlsx holds the sheets Attendees, Check-ins, Counts and Chart.\n"
                "CSV files are UTF-8 with BOM, separated as [export] separator says, with\n"
                "local times (2026-03-12 09:41:07). counts.csv hides counts under\n"
                "[export] min_count and one beside each; by organisation only with\n"
                "[export] by_organisation = yes. codes.csv lists the codes made here.\n"
                "journal.sig, the journal's signature, is written when there is an event key.\n",
        .min_operands = 1,
        .max_operands = 1,
        .flags = CLI_CONFIG | CLI_DEVICES, /* the store once DIR is there */
        .run = cmd_export,
    },
    {
        .name = "drop",
        .usage = "DIR",
        .summary = "sync with the USB stick mounted at DIR, as the kiosk does",
        .help = "Imports every list in DIR/entrada/ (attendees.csv is the list main, b2b.csv\n"
                "the list b2b; else the one .csv file at DIR's top), each on its own,\n"
                "merges other kiosks' journals from DIR/entrada-export/ if signed with this\n"
                "kiosk's event key (see entrada key; DIR/entrada/event.key is enrolled if it\n"
                "has none) and writes this kiosk's exports, its journal signed, to\n"
                "DIR/entrada-export/KIOSK-YYYYMMDD-HHMMSS/.\n"
                "Exit status 65 when a step failed; the others still ran.\n",
        .min_operands = 1,
        .max_operands = 1,
        .flags = CLI_CONFIG | CLI_STORE | CLI_DEVICES,
        .run = cmd_drop,
    },
    {
        .name = "wipe",
        .usage = "[--yes]",
        .summary = "delete the event's data after the event",
        .help = "Deletes the database (with its WAL) and the lists copied from sticks.\n"
                "Asks first, unless --yes is given. Stop the kiosk before.\n"
                "  --yes       do not ask\n",
        .options = { FLAG("yes") },
        .min_operands = 0,
        .max_operands = 0,
        .flags = CLI_CONFIG, /* never the store: it deletes it */
        .run = cmd_wipe,
    },
    {
        .name = "retain",
        .usage = "[--extend DAYS]",
        .summary = "how long the event's data is kept, and keeping it longer",
        .help = "  --extend DAYS  keep the data DAYS days more, from the day it is due for\n"
                "                 deletion (or from today, if that has passed)\n"
                "Says when the event ended ([event] date, else the day of the last check-in)\n"
                "and when its data is due for deletion ([privacy] retain_days after the last\n"
                "check-in). From then on the kiosk checks no one in until the data is\n"
                "exported (entrada export) and deleted (entrada wipe), or kept longer.\n",
        .options = { NUMBER("extend", 1, 3650) },
        .min_operands = 0,
        .max_operands = 0,
        .flags = CLI_CONFIG | CLI_STORE,
        .run = cmd_retain,
    },
    {
        .name = "session",
        .usage = "list | add NAME [TITLE] [--lists L,...] [--where COLUMN=VALUE]",
        .summary = "list sessions or add one",
        .help = "  --lists L,...          only for attendees on these lists (e.g. b2b)\n"
                "  --where COLUMN=VALUE   only for attendees whose kept column has this value\n"
                "Sessions are counted separately; every store has \"main\". Someone without\n"
                "the registration a session asks for gets the verdict not_for_session.\n",
        .options = { STRING("lists"), STRING("where") },
        .min_operands = 1,
        .max_operands = 3,
        .flags = CLI_CONFIG | CLI_STORE,
        .run = cmd_session,
    },
    {
        .name = "lists",
        .usage = "[--json]",
        .summary = "the attendee lists: file, when, rows, active, unpaid, cancelled",
        .help = "  --json      print a JSON array\n",
        .options = { FLAG("json") },
        .min_operands = 0,
        .max_operands = 0,
        .flags = CLI_CONFIG | CLI_STORE,
        .run = cmd_lists,
    },
    {
        .name = "config",
        .usage = "",
        .summary = "print the effective settings",
        .help = "",
        .min_operands = 0,
        .max_operands = 0,
        .flags = CLI_CONFIG,
        .run = cmd_config,
    },
    {
        .name = "badge",
        .usage = "CODE --out FILE.pdf|FILE.png [--dpi N] [--fit]",
        .summary = "draw an attendee's badge",
        .help = "  --out FILE  a PDF (vector, for printing) or a PNG\n"
                "  --dpi N     resolution of a PNG (default 300)\n"
                "  --fit       say how the text fitted: the font sizes of the name and the\n"
                "              organisation (mm), and whether any text had to be cut\n"
                "The size is [badge] size; the bands follow [bands].\n",
        .options = { STRING("out"), NUMBER("dpi", 72, 1200), FLAG("fit") },
        .min_operands = 1,
        .max_operands = 1,
        .flags = CLI_CONFIG | CLI_DEVICES, /* the store once the badge design is good */
        .run = cmd_badge,
    },
    {
        .name = "badges",
        .usage = "[--list L] [--category C] [--session S] [--not-printed] "
                 "[--sort surname|organisation|code] FILE.pdf",
        .summary = "the badges of active attendees in one PDF, for the pick-up desk",
        .help = "  --list L        only those registered in list L\n"
                "  --category C    only those of category C\n"
                "  --session S     only those entitled to session S\n"
                "  --not-printed   only those without a printed badge in the print log\n"
                "  --sort KEY      surname (default; accents and case aside), organisation or "
                "code\n"
                "A cover page counts the badges per category; then one badge a page. The "
                "batch is\n"
                "logged as printed, so --not-printed leaves it out next time.\n",
        .options = { STRING("out"), STRING("category"), STRING("list"), STRING("session"),
                     FLAG("not-printed"), STRING("sort") },
        .min_operands = 0,
        .max_operands = 1,
        .flags = CLI_CONFIG | CLI_DEVICES, /* the store once the badge design is good */
        .run = cmd_badges,
    },
    {
        .name = "sheet",
        .usage = "[--session S] [--blank [--pages N]] FILE.pdf",
        .summary = "the signature sheet of a session, A4, for people to sign on arrival",
        .help = "  --session S  the session (default: [checkin] session)\n"
                "  --blank      empty rows, for walk-ins to write their names in\n"
                "  --pages N    pages of empty rows with --blank (default 1)\n"
                "One row per person registered for the session (entitled to it by an active\n"
                "registration), by surname as [kiosk] language sorts names: surname, first\n"
                "name, organisation and a box to sign in; 22 rows a page, the event, session,\n"
                "[event] date and place at the top of every page, page numbers, and the\n"
                "total at the end. In [kiosk] language.\n",
        .options = { STRING("session"), FLAG("blank"), NUMBER("pages", 1, 100) },
        .min_operands = 1,
        .max_operands = 1,
        .flags = CLI_CONFIG | CLI_DEVICES, /* the store once the file name is good */
        .run = cmd_sheet,
    },
    {
        .name = "print",
        .usage = "CODE [--printer QUEUE]",
        .summary = "print an attendee's badge through CUPS",
        .help = "  --printer QUEUE  the CUPS queue (default: [printer] queue)\n"
                "Follows the job to its end; every print is logged. Exit status 0 when "
                "printed,\n"
                "69 when the printer did not print (the message says why and what to do).\n",
        .options = { STRING("printer") },
        .min_operands = 1,
        .max_operands = 1,
        .flags = CLI_CONFIG | CLI_DEVICES, /* the store once there is a printer */
        .run = cmd_print,
    },
    {
        .name = "decode",
        .usage = "[--thorough | --camera [--frames N]] [--json] IMAGE...",
        .summary = "read the QR codes in image files",
        .help = "  --thorough  every pass on every image until one finds a code (the default)\n"
                "  --camera    as the kiosk's camera reads: the images are the frames of one\n"
                "              stream, each held still for N frames (--frames, default 3),\n"
                "              within the camera's budget per frame\n"
                "  --json      print a JSON array: file, codes, the pass that found them and\n"
                "              (--camera) the frame that did\n"
                "Exit status 0 if every image had a code, 1 if some had none, 65 if one could "
                "not be read.\n",
        .options = { FLAG("json"), FLAG("thorough"), FLAG("camera"), NUMBER("frames", 1, 1000) },
        .min_operands = 1,
        .max_operands = -1,
        .flags = CLI_DEVICES,
        .run = cmd_decode,
    },
    {
        .name = "key",
        .usage = "new FILE | enrol FILE | show",
        .summary = "the event key that signs the journals kiosks exchange",
        .help = "  new FILE    make a new event key in FILE (0600; never overwrites), once per\n"
                "              event, on the organiser's computer\n"
                "  enrol FILE  make FILE's key this kiosk's; a different one is refused later\n"
                "  show        the fingerprint of the key this kiosk holds (3F2A-91C0)\n"
                "A kiosk signs the journal of its exports with its key and merges another\n"
                "kiosk's journal only if signed with the same key. Kiosks also enrol it from\n"
                "[usb] key_file, or from entrada/event.key on a stick synced in staff mode.\n",
        .min_operands = 1,
        .max_operands = 2,
        .flags = CLI_CONFIG, /* the store for enrol and show only */
        .run = cmd_key,
    },
    {
        .name = "pin",
        .usage = "[PIN]",
        .summary = "make the staff_pin line for the configuration",
        .help = "Reads the PIN from standard input when not given. Only its salted hash is "
                "kept.\n",
        .min_operands = 0,
        .max_operands = 1,
        .flags = 0,
        .run = cmd_pin,
    },
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

static void command_usage(const struct cli_command *c, FILE *out)
{
    fprintf(out, "usage: entrada %s %s\n%s.\n", c->name, c->usage, c->summary);
    if (c->help[0])
        fprintf(out, "\n%s", c->help);
}

static const struct cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* The index of option name in the command's entry; a name not there is a bug. */
static int option_index(const struct cli_command *c, const char *name)
{
    for (int i = 0; i < CLI_MAX_OPTIONS && c->options[i].name; i++)
        if (strcmp(c->options[i].name, name) == 0)
            return i;
    fprintf(stderr, "entrada %s: no option --%s in the command table\n", c->name, name);
    abort();
}

bool cli_has(const struct cli *cli, const char *name)
{
    return cli->value[option_index(cli->cmd, name)] != NULL;
}

const char *cli_get(const struct cli *cli, const char *name)
{
    return cli->value[option_index(cli->cmd, name)];
}

long cli_number(const struct cli *cli, const char *name, long otherwise)
{
    int i = option_index(cli->cmd, name);
    return cli->value[i] ? cli->number[i] : otherwise;
}

int cli_usage_error(const struct cli *cli, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "entrada %s: ", cli->cmd->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    command_usage(cli->cmd, stderr);
    return EX_USAGE;
}

int cli_fail(int code, char *why)
{
    /* Messages quote files, headers and codes: never a raw escape sequence on the terminal. */
    char *safe = text_escape(why ? why : "failed");
    fprintf(stderr, "entrada: %s\n", safe);
    free(safe);
    free(why);
    return code;
}

void cli_print_data(struct buf *out)
{
    /* Piped or redirected, the bytes are the data (a code as the badge holds it); on a
       terminal they are shown escaped like everything else. */
    if (!isatty(STDOUT_FILENO)) {
        if (out->data)
            fwrite(out->data, 1, out->len, stdout);
        buf_free(out);
        return;
    }
    cli_print(out);
}

void cli_print(struct buf *out)
{
    if (out->data) {
        char *safe = text_escape(out->data);
        fputs(safe, stdout);
        free(safe);
    }
    buf_free(out);
}

char *cli_db_path(const struct cli *cli)
{
    return cli->db_override ? xstrdup(cli->db_override) : config_db_path(cli->cfg);
}

void cli_make_parents(const char *path)
{
    char *copy = xstrdup(path);
    char *dir = dirname(copy);
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(dir, 0700);
        *p = '/';
    }
    mkdir(dir, 0700);
    free(copy);
}

char *cli_identity(struct cli *cli, char **why)
{
    struct store *st = cli_store(cli, why);
    if (st == NULL)
        return NULL;
    char *display = config_kiosk_id(cli->cfg), *id;
    bool ok = store_identity(st, display, &id, why);
    free(display);
    return ok ? id : NULL;
}

struct store *cli_store(struct cli *cli, char **why)
{
    if (cli->store)
        return cli->store;
    char *path = cli_db_path(cli);
    cli_make_parents(path);
    cli->store = store_open(path, why);
    free(path);
    if (cli->store)
        store_alone(cli->store); /* a command: one thread at a time */
    char *notice = NULL;
    if (cli->store && !roster_keep_only(cli->store, cli->cfg, &notice, why)) {
        store_close(cli->store);
        cli->store = NULL;
    }
    if (notice)
        fprintf(stderr, "entrada: %s\n", notice);
    free(notice);
    return cli->store;
}

/*
 * Parse the command's options and operands (argv[0] is the command's name)
 * against its entry into cli. Returns -1 when the command may run, else
 * the exit status, after printing the usage.
 */
static int parse_command(struct cli *cli, int argc, char **argv)
{
    const struct cli_command *c = cli->cmd;
    struct option longopts[CLI_MAX_OPTIONS + 2] = { { "help", no_argument, NULL, 'h' } };
    int n = 0;
    for (; n < CLI_MAX_OPTIONS && c->options[n].name; n++)
        longopts[n + 1] =
            (struct option){ c->options[n].name,
                             c->options[n].arg == CLI_FLAG ? no_argument : required_argument, NULL,
                             256 + n };
    optind = 0; /* start over: the global options were parsed with the same getopt */
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (opt == 'h') {
            command_usage(c, stdout);
            return EX_OK;
        }
        if (opt < 256 || opt >= 256 + n) {
            fprintf(stderr, "entrada %s: bad option %s\n", c->name, argv[optind - 1]);
            command_usage(c, stderr);
            return EX_USAGE;
        }
        const struct cli_option *o = &c->options[opt - 256];
        cli->value[opt - 256] = optarg ? optarg : "";
        if (o->arg == CLI_NUMBER) {
            char *end;
            errno = 0;
            long v = strtol(optarg, &end, 10);
            if (end == optarg || *end || errno || v < o->min || v > o->max)
                return cli_usage_error(cli, "--%s is a number from %ld to %ld", o->name, o->min,
                                       o->max);
            cli->number[opt - 256] = v;
        }
    }
    cli->argc = argc - optind;
    cli->argv = argv + optind;
    if (cli->argc < c->min_operands || (c->max_operands >= 0 && cli->argc > c->max_operands)) {
        command_usage(c, stderr);
        return EX_USAGE;
    }
    return -1;
}

/*
 * Run entrada-devices with the same command line, in this process: from
 * beside this program (a build tree), else from the libexec directory
 * (relative to this program, then as installed). Returns only on failure.
 */
static int exec_devices(char **argv)
{
    char self[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    self[len > 0 ? len : 0] = '\0';
    char *dir = len > 0 ? dirname(self) : ".";
    char *paths[] = {
        xasprintf("%s/%s", dir, ENTRADA_DEVICES_PROGRAM),
        xasprintf("%s/" ENTRADA_LIBEXECDIR_FROM_BIN "/%s", dir, ENTRADA_DEVICES_PROGRAM),
        xasprintf(ENTRADA_LIBEXECDIR "/%s", ENTRADA_DEVICES_PROGRAM),
    };
    int err = ENOENT;
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        execv(paths[i], argv);
        if (errno != ENOENT)
            err = errno;
    }
    fprintf(stderr, "entrada: cannot run %s: %s\n", paths[2], strerror(err));
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        free(paths[i]);
    return EX_UNAVAILABLE;
}

int cli_main(int argc, char **argv)
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
    struct cli cli = { .cmd = find_command(argv[optind]), .db_override = db };
    if (cli.cmd == NULL) {
        fprintf(stderr, "entrada: unknown command \"%s\"\n", argv[optind]);
        usage(stderr);
        return EX_USAGE;
    }
    int rc = parse_command(&cli, argc - optind, argv + optind);
    if (rc >= 0)
        return rc;
    if (cli.cmd->run == NULL) {
        if (ENTRADA_DEVICES_PROGRAM[0] == '\0') {
            fprintf(stderr, "entrada: %s is not built into this program\n", cli.cmd->name);
            return EX_SOFTWARE;
        }
        return exec_devices(argv);
    }

    char *why = NULL;
    cli.cfg = config_create();
    if (config_path == NULL && access(CONFIG_DEFAULT_PATH, F_OK) == 0)
        config_path = CONFIG_DEFAULT_PATH;
    cli.config_path = config_path;
    if ((cli.cmd->flags & CLI_CONFIG) && config_path && !config_load(cli.cfg, config_path, &why))
        rc = cli_fail(EX_CONFIG, why);
    else if (db && !config_set(cli.cfg, CONFIG_DB, db, &why))
        rc = cli_fail(EX_USAGE, why);
    else if ((cli.cmd->flags & CLI_STORE) && cli_store(&cli, &why) == NULL)
        rc = cli_fail(EX_IOERR, why);
    else
        rc = cli.cmd->run(&cli);
    store_close(cli.store);
    config_destroy(cli.cfg);
    return rc;
}
