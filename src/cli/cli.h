/*
 * The command line's private interface: the command table, what the
 * dispatcher hands a command, the helpers the commands share and the text
 * and JSON renderers.
 *
 * One table (cli.c) says for each command its name, usage, help, the
 * options it takes, how many operands and what it needs (the configuration,
 * the store); one dispatcher (cli_main) parses the command line against
 * it, sets up what the entry asks for and calls the command. A command
 * function only does its own work.
 *
 * Commands that use the devices or kiosk layer (CLI_DEVICES) are linked
 * into a second program, entrada-devices, so that the others start without
 * loading SDL, zbar, cairo or CUPS. entrada answers --help and usage errors
 * for them itself and then runs entrada-devices with the same arguments.
 */
#ifndef ENTRADA_CLI_H
#define ENTRADA_CLI_H

#include "entrada/attendee.h"
#include "entrada/buf.h"
#include "entrada/checkin.h"
#include "entrada/config.h"
#include "entrada/desk.h"
#include "entrada/report.h"
#include "entrada/roster.h"
#include "entrada/store.h"

#include <stdbool.h>

/* The most options one command takes, besides --help. */
#define CLI_MAX_OPTIONS 8

/* What follows an option. */
enum cli_arg {
    CLI_FLAG,   /* nothing */
    CLI_STRING, /* a value, any text */
    CLI_NUMBER, /* a whole number from min to max */
};

struct cli_option {
    const char *name; /* --name */
    enum cli_arg arg;
    long min, max; /* range of a CLI_NUMBER */
};

/* What a command needs before it runs (struct cli_command's flags). */
enum {
    CLI_CONFIG = 1 << 0,  /* the configuration is loaded: --config, else the default file */
    CLI_STORE = 1 << 1,   /* the store is opened (exit 74 if it cannot be) */
    CLI_DEVICES = 1 << 2, /* uses the devices or kiosk layer: runs in entrada-devices */
};

struct cli;

struct cli_command {
    const char *name;
    const char *usage;   /* after "entrada NAME" */
    const char *summary; /* one line, for entrada --help */
    const char *help;    /* options and details, for entrada NAME --help; may be "" */
    struct cli_option options[CLI_MAX_OPTIONS];
    int min_operands, max_operands; /* max_operands -1: no limit */
    int flags;
    int (*run)(struct cli *cli); /* NULL in entrada for CLI_DEVICES commands */
};

/* What the dispatcher hands a command. */
struct cli {
    const struct cli_command *cmd;
    struct config *cfg;      /* loaded if CLI_CONFIG, else the defaults */
    const char *db_override; /* --db, or NULL */
    const char *config_path; /* --config, else the default file if present, else NULL */
    struct store *store;     /* open if CLI_STORE, else opened by cli_store */
    int argc;                /* the operands, options taken out */
    char **argv;
    const char *value[CLI_MAX_OPTIONS]; /* per option: its value, "" for a flag; NULL if absent */
    long number[CLI_MAX_OPTIONS];       /* per CLI_NUMBER option: the value */
};

/* Parse argv as entrada's command line and run the command. Returns the exit status. */
int cli_main(int argc, char **argv);

/* True if the command line gave the option name (which must be one of the command's). */
bool cli_has(const struct cli *cli, const char *name);

/* The value given to option name, or NULL if not given. */
const char *cli_get(const struct cli *cli, const char *name);

/* The number given to CLI_NUMBER option name, or otherwise if not given. */
long cli_number(const struct cli *cli, const char *name, long otherwise);

/*
 * Say "entrada NAME: " and the formatted message, then the command's usage,
 * on stderr. Returns EX_USAGE.
 */
int cli_usage_error(const struct cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Say "entrada: " and why (or "failed") on stderr, free why. Returns code. */
int cli_fail(int code, char *why);

/* Write out to stdout, escaped for a terminal (text_escape), and free it. */
void cli_print(struct buf *out);
/* The same for data (decoded codes): raw bytes unless standard output is a terminal. */
void cli_print_data(struct buf *out);

/* The database path: --db, else the configuration's. Returns a new string. */
char *cli_db_path(const struct cli *cli);

/* The directories above path, created like mkdir -p of its dirname. */
void cli_make_parents(const char *path);

/* The store, opened on first use (creating the directories above it). NULL with *why. */
struct store *cli_store(struct cli *cli, char **why);

/*
 * This kiosk's identity in its store (store_identity), the kiosk part of
 * the events' global ids: a new string, NULL with *why.
 */
char *cli_identity(struct cli *cli, char **why);

/*
 * The event's server (cmd-sync.c). cli_sync_checkin is checkin_code, asking
 * [sync] server first when one is set and pushing what waits afterwards;
 * cli_import_push publishes file as list (and the settings); cli_stats_sync prints the sync
 * state and the conflicts for entrada stats.
 */
bool cli_sync_checkin(struct cli *cli, struct store *st, struct checkin_policy *policy,
                      const char *code, enum store_method method, int64_t at_ms,
                      struct checkin_result *r, char **why);
int cli_import_push(struct cli *cli, const char *list, const char *file);
/*
 * After an event-wide setting changed here (retain --extend, key enrol):
 * share it through [sync] server at once, if one is set, saying so; a
 * server away only delays it to the next sync.
 */
void cli_sync_settings(struct cli *cli);
void cli_stats_sync(struct cli *cli);
/* The same as members of a JSON object: , "sync": {...}, "conflicts": [...] */
void cli_stats_sync_json(struct cli *cli, struct buf *out);

/* The commands, one function each, in the file of their group. */
int cmd_import(struct cli *cli); /* cmd-attendees.c */
int cmd_inspect(struct cli *cli);
int cmd_search(struct cli *cli);
int cmd_checkin(struct cli *cli);
int cmd_undo(struct cli *cli);
int cmd_absent(struct cli *cli);
int cmd_stats(struct cli *cli); /* cmd-event.c */
int cmd_session(struct cli *cli);
int cmd_lists(struct cli *cli);
int cmd_config(struct cli *cli);
int cmd_pin(struct cli *cli);
int cmd_wipe(struct cli *cli);
int cmd_retain(struct cli *cli);
int cmd_key(struct cli *cli);    /* cmd-key.c */
int cmd_export(struct cli *cli); /* devices/cmd-stick.c */
int cmd_drop(struct cli *cli);
int cmd_badge(struct cli *cli); /* devices/cmd-devices.c */
int cmd_badges(struct cli *cli);
int cmd_print(struct cli *cli);
int cmd_decode(struct cli *cli);
int cmd_add(struct cli *cli);
int cmd_sheet(struct cli *cli);  /* devices/cmd-sheet.c */
int cmd_server(struct cli *cli); /* cmd-sync.c */
int cmd_sync(struct cli *cli);
int cmd_kiosk(struct cli *cli);  /* devices/cmd-kiosk.c */
int cmd_doctor(struct cli *cli); /* devices/cmd-doctor.c */

/*
 * Renderers (render.c): each appends what a command prints to out, as
 * text for people or, where json is true, as JSON for scripts.
 */
void render_mapping(struct buf *out, const struct roster *r);
void render_list(struct buf *out, const struct store_list_info *l, bool json, bool first);
void render_rows_json(struct buf *out, const struct roster *r);
void render_search(struct buf *out, const struct attendee *a, size_t n, bool json);
void render_checkin(struct buf *out, const struct checkin_result *r, bool json);
void render_absent(struct buf *out, const struct desk_absent_list *l, const char *session,
                   bool json);
/* A walk-in just added: its code, or with json the record and the check-in's verdict (or null). */
void render_walkin(struct buf *out, const struct attendee *a, const char *verdict, bool json);
/* event: the event's name, shown above the text form ("" for none). */
void render_stats(struct buf *out, const struct report_stats *s, const char *event, bool json);

#endif
