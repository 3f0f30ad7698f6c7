/*
 * The options table and the INI reader around it. Values are kept as text
 * (checked on the way in) so that printing the effective configuration
 * shows exactly what was read.
 */
#include "entrada/config.h"
#include "entrada/buf.h"
#include "entrada/file.h"
#include "entrada/pin.h"
#include "entrada/text.h"
#include "entrada/xmalloc.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* A configuration file is a page of settings: anything bigger is not one. */
#define CONFIG_MAX_BYTES (1024 * 1024)

enum config_type { TYPE_STRING, TYPE_INT, TYPE_BOOL, TYPE_SEPARATOR, TYPE_PIN, TYPE_DATE };

struct config_option {
    const char *section;
    const char *name;
    enum config_type type;
    const char *def;
    long min, max;
    const char *help;
    const char *choices; /* for a string that must be one of these, "a|b|c" */
};

static const struct config_option options[CONFIG_KEY_COUNT] = {
    [CONFIG_DB] = { "entrada", "db", TYPE_STRING, "", 0, 0,
                    "database file (empty: $XDG_DATA_HOME/entrada/event.db)", NULL },
    [CONFIG_EVENT_NAME] = { "entrada", "event_name", TYPE_STRING, "", 0, 0,
                            "event name shown on screens, badges and exports", NULL },
    [CONFIG_KIOSK_ID] = { "entrada", "kiosk_id", TYPE_STRING, "", 0, 0,
                          "this kiosk's name, shown on screen; a new store's events take it with "
                          "six random "
                          "digits as their id (empty: host name and machine id)",
                          NULL },
    [CONFIG_SESSION] = { "checkin", "session", TYPE_STRING, "main", 0, 0,
                         "session this kiosk admits to", NULL },
    [CONFIG_REENTRY] = { "checkin", "reentry", TYPE_BOOL, "no", 0, 0,
                         "record a scan after the first check-in as a re-entry", NULL },
    [CONFIG_REPEAT_WINDOW_MS] = { "checkin", "repeat_window_ms", TYPE_INT, "3000", 0, 60000,
                                  "the same code again within this time is the same scan", NULL },
    [CONFIG_IMPORT_MAX_MB] = { "import", "max_mb", TYPE_INT, "50", 1, 4096,
                               "largest attendee list accepted, in megabytes", NULL },
    [CONFIG_EXPORT_SEPARATOR] = { "export", "separator", TYPE_SEPARATOR, "comma", 0, 0,
                                  "CSV separator: comma, semicolon (Spanish Excel) or tab", NULL },
    [CONFIG_COLUMN_CODE] = { "columns", "code", TYPE_STRING, "", 0, 0,
                             "header of the badge code column (empty: found by name)", NULL },
    [CONFIG_COLUMN_NAME] = { "columns", "name", TYPE_STRING, "", 0, 0,
                             "header of the full name column", NULL },
    [CONFIG_COLUMN_FIRST_NAME] = { "columns", "first_name", TYPE_STRING, "", 0, 0,
                                   "header of the first name column", NULL },
    [CONFIG_COLUMN_LAST_NAME] = { "columns", "last_name", TYPE_STRING, "", 0, 0,
                                  "header of the last name column", NULL },
    [CONFIG_COLUMN_ORGANISATION] = { "columns", "organisation", TYPE_STRING, "", 0, 0,
                                     "header of the organisation column", NULL },
    [CONFIG_COLUMN_EMAIL] = { "columns", "email", TYPE_STRING, "", 0, 0,
                              "header of the e-mail column", NULL },
    [CONFIG_LANGUAGE] = { "kiosk", "language", TYPE_STRING, "en", 0, 0,
                          "language the kiosk starts in and returns to when idle (en, es, de, "
                          "...: any catalogue in locale/)",
                          NULL },
    [CONFIG_LANGUAGES] = { "kiosk", "languages", TYPE_STRING, "", 0, 0,
                           "languages attendees can choose on the start screen, in this order, "
                           "e.g. \"es en fr\" (empty: every catalogue there is)",
                           NULL },
    [CONFIG_VERDICT_MS] = { "kiosk", "verdict_ms", TYPE_INT, "4000", 1000, 60000,
                            "how long a verdict stays on screen", NULL },
    [CONFIG_SEARCH_TIMEOUT_MS] = { "kiosk", "search_timeout_ms", TYPE_INT, "30000", 5000, 600000,
                                   "back to the start screen after this long without input", NULL },
    [CONFIG_STAFF_PIN] = { "kiosk", "staff_pin", TYPE_PIN, "", 0, 0,
                           "hash of the staff PIN, made by `entrada pin` (empty: no staff mode)",
                           NULL },
    [CONFIG_STAFF_CODE] = { "kiosk", "staff_code", TYPE_STRING, "", 0, 0,
                            "a code that opens staff mode when scanned (it still asks the PIN)",
                            NULL },
    [CONFIG_SCANNER_GAP_MS] = { "kiosk", "scanner_gap_ms", TYPE_INT, "50", 5, 1000,
                                "longest pause between the keys of one barcode scan", NULL },
    [CONFIG_LIST] = { "kiosk", "list", TYPE_STRING, "", 0, 0,
                      "attendee list (a file, or a folder of lists) staff mode's \"reload\" "
                      "imports again",
                      NULL },
    [CONFIG_SOUND] = { "kiosk", "sound", TYPE_BOOL, "yes", 0, 0, "play a sound with each verdict",
                       NULL },
    [CONFIG_LOGO] = { "kiosk", "logo", TYPE_STRING, "", 0, 0,
                      "the event's logo for the start screen, a PNG or SVG file", NULL },
    [CONFIG_CAMERA] = { "kiosk", "camera", TYPE_STRING, "", 0, 0,
                        "camera: v4l2:/dev/video0, pipe:COMMAND@WxH:yuv420, file:PATH (empty: "
                        "none)",
                        NULL },
    [CONFIG_BADGE_SIZE] = { "badge", "size", TYPE_STRING, "brother-62x100", 0, 0,
                            "badge size: brother-62x100, brother-62x29, 4x3in, a6, cr80, or WxH "
                            "mm",
                            NULL },
    [CONFIG_SHOW_BADGE] = { "badge", "show", TYPE_BOOL, "no", 0, 0,
                            "show attendees their badge with the welcome", NULL },
    [CONFIG_BADGE_COLOURS] = { "badge", "colours", TYPE_STRING, "", 0, 0,
                               "older form of [bands]: CATEGORY:#rrggbb, ... (empty: [bands] and "
                               "the default palette)",
                               NULL },
    [CONFIG_BADGE_TITLES] = { "badge", "titles", TYPE_BOOL, "no", 0, 0,
                              "print titles (Dr., Prof., Dña.) small above the name; greetings "
                              "never use them",
                              NULL },
    [CONFIG_BADGE_LOGO] = { "badge", "logo", TYPE_STRING, "", 0, 0,
                            "logo printed on badges, a PNG or SVG file", NULL },
    [CONFIG_PRINTER_QUEUE] = { "printer", "queue", TYPE_STRING, "", 0, 0,
                               "CUPS queue badges are printed on (empty: no printing)", NULL },
    [CONFIG_PRINTER_SERVER] = { "printer", "server", TYPE_STRING, "", 0, 0,
                                "CUPS server as host:port (empty: the system's)", NULL },
    [CONFIG_PRINTER_TIMEOUT_S] = { "printer", "timeout_s", TYPE_INT, "60", 5, 3600,
                                   "how long to wait for a print job to finish", NULL },
    [CONFIG_PRINTER_WHEN] = { "printer", "when", TYPE_STRING, "first", 0, 0,
                              "when the kiosk prints a badge: first (check-in), every (scan), "
                              "never",
                              "first|every|never" },
    [CONFIG_DATA_DIR] = { "kiosk", "data_dir", TYPE_STRING, "", 0, 0,
                          "fonts and translations (empty: beside the program, then the install)",
                          NULL },
    [CONFIG_EXPORT_MIN_COUNT] = { "export", "min_count", TYPE_INT, "3", 1, 100,
                                  "counts.csv shows counts of fewer people as \"<N\" (1: all)",
                                  NULL },
    [CONFIG_EXPORT_BY_ORGANISATION] = { "export", "by_organisation", TYPE_BOOL, "no", 0, 0,
                                        "counts.csv counts per organisation too", NULL },
    [CONFIG_USB_ROOTS] = { "usb", "roots", TYPE_STRING, "/media, /run/media, /mnt", 0, 0,
                           "a file system mounted below one of these is a USB stick", NULL },
    [CONFIG_USB_DROP_DIR] = { "usb", "drop_dir", TYPE_STRING, "", 0, 0,
                              "a directory put into this one is synced like a stick (empty: none)",
                              NULL },
    [CONFIG_USB_LIST] = { "usb", "list", TYPE_STRING, "entrada/*.csv", 0, 0,
                          "the attendee lists on a stick, each file the list of its name "
                          "(attendees.csv is main; else the one .csv file at its top)",
                          NULL },
    [CONFIG_USB_SYNC] = { "usb", "sync", TYPE_STRING, "staff", 0, 0,
                          "sync a stick: staff (after the staff PIN), auto, or never",
                          "staff|auto|never" },
    [CONFIG_USB_KEY_FILE] = { "usb", "key_file", TYPE_STRING, "", 0, 0,
                              "the event's key file (entrada key new), enrolled at the next sync; "
                              "other kiosks' journals are merged only when signed with it",
                              NULL },
    [CONFIG_COLUMN_CATEGORY] = { "columns", "category", TYPE_STRING, "", 0, 0,
                                 "header of the category column (ticket type, role)", NULL },
    [CONFIG_COLUMN_STATUS] = { "columns", "status", TYPE_STRING, "", 0, 0,
                               "header of the registration status column (paid, cancelled, ...)",
                               NULL },
    [CONFIG_COLUMN_KEEP] = { "columns", "keep", TYPE_STRING, "", 0, 0,
                             "other columns to keep, by header, separated by commas (the rest "
                             "are dropped at import)",
                             NULL },
    [CONFIG_STAFF_VIP] = { "staff", "vip", TYPE_STRING, "", 0, 0,
                           "who comes first in the not-arrived list: categories or kept columns' "
                           "values, separated by commas (SPEAKER, Autoridad)",
                           NULL },
    [CONFIG_EVENT_PLACE] = { "event", "place", TYPE_STRING, "", 0, 0,
                             "where the event is held, for the signature sheet's header", NULL },
    [CONFIG_EVENT_DATE] = { "event", "date", TYPE_DATE, "", 0, 0,
                            "the event's day, YYYY-MM-DD, or its first and last days "
                            "YYYY-MM-DD/YYYY-MM-DD: the signature sheet's header, and the "
                            "event's end for [privacy] retain_days",
                            NULL },
    [CONFIG_PRIVACY_NOTICE] = { "privacy", "notice", TYPE_STRING, "", 0, 0,
                                "a sentence or two on the start screen about the data kept "
                                "(notice_es, notice_en, ...: the same in one language)",
                                NULL },
    [CONFIG_PRIVACY_NOTICE_FILE] = { "privacy", "notice_file", TYPE_STRING, "", 0, 0,
                                     "the full privacy notice, a UTF-8 text file the start "
                                     "screen's \"More\" shows (notice_file_es, ...: per language)",
                                     NULL },
    [CONFIG_PRIVACY_RETAIN_DAYS] = { "privacy", "retain_days", TYPE_INT, "0", 0, 3650,
                                     "days the data is kept after the last check-in; then the "
                                     "kiosk stops checking in until it is exported and wiped, or "
                                     "entrada retain --extend (0: no limit)",
                                     NULL },
    [CONFIG_SYNC_SERVER] = { "sync", "server", TYPE_STRING, "", 0, 0,
                             "the event's PostgreSQL server: postgresql://USER@HOST/DB, a libpq "
                             "connection string or service=NAME (empty: this kiosk alone)",
                             NULL },
    [CONFIG_SYNC_PASSWORD_FILE] = { "sync", "password_file", TYPE_STRING, "", 0, 0,
                                    "a libpq password file for the server (empty: PGPASSFILE or "
                                    "~/.pgpass)",
                                    NULL },
    [CONFIG_SYNC_TIMEOUT_MS] = { "sync", "timeout_ms", TYPE_INT, "300", 20, 10000,
                                 "a server slower than this to decide a check-in: decided here, "
                                 "marked offline",
                                 NULL },
    [CONFIG_SYNC_INTERVAL_MS] = { "sync", "interval_ms", TYPE_INT, "1000", 100, 60000,
                                  "how often the kiosk pushes and pulls events while online",
                                  NULL },
    [CONFIG_LAYOUT] = { "kiosk", "layout", TYPE_STRING, "normal", 0, 0,
                        "where the attendee's buttons, search and keyboard are: normal, or low "
                        "(the lower half of the screen, reachable seated)",
                        "normal|low" },
    [CONFIG_SEARCH] = { "kiosk", "search", TYPE_STRING, "names", 0, 0,
                        "attendees may find their name on the kiosk (names), or only scan (off)",
                        "names|off" },
    [CONFIG_SPEECH] = { "kiosk", "speech", TYPE_BOOL, "off", 0, 0,
                        "say the verdict aloud too, in the kiosk's language (espeak-ng)", NULL },
};

/* The statuses a [status] line may map a list's value to. */
static const char *const statuses[] = { "active", "unpaid", "cancelled" };

/* One line of the [status] section: a list's value (folded) and the status it stands for. */
struct status_map {
    char *value;
    const char *status; /* one of statuses[] */
};

/* A per-language variant of an option: [privacy] notice_es. */
struct localized {
    char *name; /* "notice_es" */
    char *value;
};

struct config {
    char *value[CONFIG_KEY_COUNT];
    struct status_map *status;
    size_t nstatus;
    struct localized *localized;
    size_t nlocalized;
    struct config_band *bands;
    size_t nbands;
    char *source;
};

struct config *config_create(void)
{
    struct config *cfg = xcalloc(1, sizeof *cfg);
    for (int i = 0; i < CONFIG_KEY_COUNT; i++)
        cfg->value[i] = xstrdup(options[i].def);
    return cfg;
}

void config_destroy(struct config *cfg)
{
    if (cfg == NULL)
        return;
    for (int i = 0; i < CONFIG_KEY_COUNT; i++)
        free(cfg->value[i]);
    for (size_t i = 0; i < cfg->nstatus; i++)
        free(cfg->status[i].value);
    free(cfg->status);
    for (size_t i = 0; i < cfg->nlocalized; i++) {
        free(cfg->localized[i].name);
        free(cfg->localized[i].value);
    }
    free(cfg->localized);
    for (size_t i = 0; i < cfg->nbands; i++)
        config_band_clear(&cfg->bands[i]);
    free(cfg->bands);
    free(cfg->source);
    free(cfg);
}

static bool parse_bool(const char *v, bool *out)
{
    static const char *yes[] = { "yes", "true", "on", "1" };
    static const char *no[] = { "no", "false", "off", "0" };
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcasecmp(v, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

static char separator_char(const char *v)
{
    if (strcasecmp(v, "comma") == 0 || strcmp(v, ",") == 0)
        return ',';
    if (strcasecmp(v, "semicolon") == 0 || strcmp(v, ";") == 0)
        return ';';
    if (strcasecmp(v, "tab") == 0 || strcmp(v, "\t") == 0)
        return '\t';
    return 0;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* "YYYY-MM-DD" at s, a real day: true with *d; *end after it. */
static bool parse_day(const char *s, struct config_day *d, const char **end)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &d->year, &d->month, &d->day, &n) != 3 || n != 10 ||
        s[4] != '-' || s[7] != '-' || strspn(s, "0123456789-") < 10)
        return false;
    *end = s + n;
    return d->year >= 2000 && d->year <= 9999 && d->month >= 1 && d->month <= 12 && d->day >= 1 &&
           d->day <= days[d->month - 1] + (d->month == 2 && leap(d->year));
}

static int day_cmp(const struct config_day *a, const struct config_day *b)
{
    return a->year != b->year     ? a->year - b->year
           : a->month != b->month ? a->month - b->month
                                  : a->day - b->day;
}

/* "YYYY-MM-DD" or "YYYY-MM-DD/YYYY-MM-DD", the second not before the first. */
static bool parse_days(const char *v, struct config_day *first, struct config_day *last)
{
    const char *end;
    if (!parse_day(v, first, &end))
        return false;
    *last = *first;
    if (*end == '\0')
        return true;
    return *end == '/' && parse_day(end + 1, last, &end) && *end == '\0' &&
           day_cmp(first, last) <= 0;
}

/* A list of language codes ("es en pt_BR"): NULL if fine, else a new message. */
static char *check_languages(const struct config_option *o, const char *value)
{
    for (const char *p = value; *p;) {
        p += strspn(p, " ,");
        size_t len = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_");
        if (*p && (len < 2 || len > 15 || (p[len] && !strchr(" ,", p[len]))))
            return xasprintf("%s: expected language codes such as \"es en de\", got \"%s\"",
                             o->name, value);
        p += len;
    }
    return NULL;
}

/* Check value for option o; NULL if fine, else a new message. */
static char *check_value(const struct config_option *o, const char *value)
{
    if (o == &options[CONFIG_LANGUAGES])
        return check_languages(o, value);
    switch (o->type) {
    case TYPE_STRING:
        if (o->choices) {
            size_t len = strlen(value);
            for (const char *c = o->choices; *c;) {
                size_t n = strcspn(c, "|");
                if (n == len && strncmp(c, value, n) == 0)
                    return NULL;
                c += n + (c[n] == '|');
            }
            return xasprintf("%s: expected one of %s, got \"%s\"", o->name, o->choices, value);
        }
        return NULL;
    case TYPE_INT: {
        char *end;
        errno = 0;
        long n = strtol(value, &end, 10);
        if (errno || end == value || *end != '\0')
            return xasprintf("%s: expected a whole number, got \"%s\"", o->name, value);
        if (n < o->min || n > o->max)
            return xasprintf("%s: %ld is out of range (%ld to %ld)", o->name, n, o->min, o->max);
        return NULL;
    }
    case TYPE_BOOL: {
        bool b;
        if (!parse_bool(value, &b))
            return xasprintf("%s: expected yes or no, got \"%s\"", o->name, value);
        return NULL;
    }
    case TYPE_PIN:
        if (value[0] && !pin_valid_hash(value))
            return xasprintf("%s: not a PIN hash; make one with: entrada pin", o->name);
        return NULL;
    case TYPE_SEPARATOR:
        if (!separator_char(value))
            return xasprintf("%s: expected comma, semicolon or tab, got \"%s\"", o->name, value);
        return NULL;
    case TYPE_DATE: {
        struct config_day a, b;
        if (value[0] && !parse_days(value, &a, &b))
            return xasprintf("%s: expected a day YYYY-MM-DD, or the first and last days "
                             "YYYY-MM-DD/YYYY-MM-DD, got \"%s\"",
                             o->name, value);
        return NULL;
    }
    }
    return NULL;
}

static int find_option(const char *section, const char *name)
{
    for (int i = 0; i < CONFIG_KEY_COUNT; i++)
        if (strcmp(options[i].section, section) == 0 && strcmp(options[i].name, name) == 0)
            return i;
    return -1;
}

static bool known_section(const char *section)
{
    for (int i = 0; i < CONFIG_KEY_COUNT; i++)
        if (strcmp(options[i].section, section) == 0)
            return true;
    return false;
}

struct load_state {
    char *value[CONFIG_KEY_COUNT];
    struct status_map *status;
    size_t nstatus;
    struct localized *localized;
    size_t nlocalized;
    struct config_band *bands;
    size_t nbands;
    char *error; /* the first error; inih goes on parsing after it */
};

/* The colours a [bands] line may name: band.c's palette. */
static const struct {
    const char *name;
    uint32_t rgb;
} colour_names[] = {
    { "black", 0x1b1b1b },  { "blue", 0x1f4e79 },   { "vermillion", 0xd55e00 },
    { "sky", 0x56b4e9 },    { "grey", 0xe3e5e8 },   { "green", 0x009e73 },
    { "purple", 0xcc79a7 }, { "yellow", 0xf0e442 }, { "orange", 0xe69f00 },
};

static const char *const band_languages[CONFIG_BAND_LANGS] = { "en", "es", "de" };

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

void config_band_clear(struct config_band *r)
{
    free(r->pattern);
    free(r->value);
    free(r->label);
    for (int l = 0; l < CONFIG_BAND_LANGS; l++)
        free(r->lang_label[l]);
    memset(r, 0, sizeof *r);
}

char *config_band_parse(const char *pattern, const char *value, struct config_band *r)
{
    memset(r, 0, sizeof *r);
    r->pattern = xstrdup(pattern);
    r->value = xstrdup(value);
    r->label = xstrdup("");
    char *msg = NULL, *copy = xstrdup(value), *save = NULL;
    int item = 0;
    char *folded = text_fold(pattern);
    bool letters = folded[0] != '\0';
    free(folded);
    if (!letters && strchr(pattern, '*') == NULL)
        msg = xasprintf("[bands] \"%s\": a category needs letters or digits", pattern);
    for (char *part = strtok_r(copy, ",", &save); part && !msg;
         part = strtok_r(NULL, ",", &save), item++) {
        char *p = trim(part);
        size_t lang_len = strspn(p, "abcdefghijklmnopqrstuvwxyz");
        unsigned rgb;
        int used = 0;
        if (item == 0 && p[0] == '#') {
            if (sscanf(p, "#%6x%n", &rgb, &used) != 1 || used != 7 || p[used])
                msg = xasprintf("[bands] %s: colour \"%s\": expected #rrggbb", pattern, p);
            r->has_colour = true;
            r->rgb = rgb;
            continue;
        }
        bool named = false;
        for (size_t i = 0; item == 0 && i < sizeof colour_names / sizeof colour_names[0]; i++)
            if (strcasecmp(p, colour_names[i].name) == 0) {
                r->has_colour = named = true;
                r->rgb = colour_names[i].rgb;
            }
        if (named)
            continue;
        if ((lang_len == 2 || lang_len == 3) && trim(p + lang_len)[0] == ':') {
            char *label = trim(strchr(p, ':') + 1);
            for (int l = 0; l < CONFIG_BAND_LANGS; l++)
                if (strncmp(p, band_languages[l], lang_len) == 0 &&
                    band_languages[l][lang_len] == '\0') {
                    free(r->lang_label[l]);
                    r->lang_label[l] = xstrdup(label);
                }
            if (!label[0])
                msg = xasprintf("[bands] %s: \"%.*s:\" needs a label after it", pattern,
                                (int)lang_len, p);
            continue;
        }
        if (!p[0] || r->label[0])
            msg = xasprintf("[bands] %s = %s: expected COLOUR, LABEL, LANG: LABEL ... (a "
                            "colour #rrggbb or one of black, blue, vermillion, sky, grey, "
                            "green, purple, yellow, orange first)",
                            pattern, value);
        else {
            free(r->label);
            r->label = xstrdup(p);
        }
    }
    if (!msg && item == 0)
        msg = xasprintf("[bands] %s: expected a colour, a label or both", pattern);
    free(copy);
    if (msg)
        config_band_clear(r);
    return msg;
}

/* "Speaker* = vermillion, Speaker, es: Ponente" in [bands]. */
static int handle_band(struct load_state *st, const char *name, const char *value)
{
    struct config_band b;
    if ((st->error = config_band_parse(name, value, &b)) != NULL)
        return 0;
    st->bands = xreallocarray(st->bands, st->nbands + 1, sizeof *st->bands);
    st->bands[st->nbands++] = b;
    return 1;
}

/* "Pendiente de aprobación = unpaid" in [status]. */
static int handle_status(struct load_state *st, const char *name, const char *value)
{
    const char *status = NULL;
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        if (strcasecmp(value, statuses[i]) == 0)
            status = statuses[i];
    if (status == NULL) {
        st->error =
            xasprintf("[status] %s: expected active, unpaid or cancelled, got \"%s\"", name, value);
        return 0;
    }
    char *folded = text_fold(name);
    if (folded[0] == '\0') {
        free(folded);
        st->error = xasprintf("[status]: a value to map needs letters or digits, got \"%s\"", name);
        return 0;
    }
    st->status = xreallocarray(st->status, st->nstatus + 1, sizeof *st->status);
    st->status[st->nstatus++] = (struct status_map){ folded, status };
    return 1;
}

/* The option a per-language name stands for ("notice_es": notice), or -1. */
static int localized_option(const char *section, const char *name)
{
    static const enum config_key variants[] = { CONFIG_PRIVACY_NOTICE, CONFIG_PRIVACY_NOTICE_FILE };
    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
        const struct config_option *o = &options[variants[i]];
        size_t n = strlen(o->name), lang = strlen(name) - n - 1;
        if (strcmp(section, o->section) == 0 && strncmp(name, o->name, n) == 0 && name[n] == '_' &&
            (lang == 2 || lang == 3) && strspn(name + n + 1, "abcdefghijklmnopqrstuvwxyz") == lang)
            return (int)variants[i];
    }
    return -1;
}

static int handle_localized(struct load_state *st, const char *name, const char *value)
{
    for (size_t i = 0; i < st->nlocalized; i++)
        if (strcmp(st->localized[i].name, name) == 0) {
            free(st->localized[i].value);
            st->localized[i].value = xstrdup(value);
            return 1;
        }
    st->localized = xreallocarray(st->localized, st->nlocalized + 1, sizeof *st->localized);
    st->localized[st->nlocalized++] = (struct localized){ xstrdup(name), xstrdup(value) };
    return 1;
}

static int handle_option(void *user, const char *section, const char *name, const char *value)
{
    struct load_state *st = user;
    if (st->error)
        return 0;
    if (strcmp(section, "status") == 0)
        return handle_status(st, name, value);
    if (strcmp(section, "bands") == 0)
        return handle_band(st, name, value);
    if (!known_section(section)) {
        st->error = xasprintf("unknown section [%s]", section);
        return 0;
    }
    int i = find_option(section, name);
    if (i < 0 && localized_option(section, name) >= 0)
        return handle_localized(st, name, value);
    if (i < 0) {
        st->error = xasprintf("unknown option \"%s\" in [%s]", name, section);
        return 0;
    }
    if ((st->error = check_value(&options[i], value)) != NULL)
        return 0;
    free(st->value[i]);
    st->value[i] = xstrdup(value);
    return 1;
}

bool config_load(struct config *cfg, const char *path, char **why)
{
    struct load_state st = { 0 };
    /* Values may contain ';' (a separator, a PIN): comments only start lines. */
    ini_allow_inline_comments = false;
    char *text = NULL;
    size_t len;
    if (!file_read(path, CONFIG_MAX_BYTES, "a configuration file", &text, &len, why))
        return false;
    int rc = strlen(text) == len ? ini_parse_string(text, handle_option, &st) : -3;
    free(text);
    bool ok = rc == 0;
    if (rc == -3)
        *why = xasprintf("%s: a NUL byte: not a configuration file", path);
    else if (rc == -2)
        *why = xasprintf("%s: out of memory", path);
    else if (rc > 0)
        *why = xasprintf("%s:%d: %s", path, rc,
                         st.error ? st.error : "expected [section] or name = value");
    for (int i = 0; i < CONFIG_KEY_COUNT; i++) {
        if (ok && st.value[i]) {
            free(cfg->value[i]);
            cfg->value[i] = st.value[i];
        } else {
            free(st.value[i]);
        }
    }
    if (ok && st.nstatus) {
        /* Later files add to the map; a value mapped again takes the new status. */
        cfg->status = xreallocarray(cfg->status, cfg->nstatus + st.nstatus, sizeof *cfg->status);
        memcpy(cfg->status + cfg->nstatus, st.status, st.nstatus * sizeof *st.status);
        cfg->nstatus += st.nstatus;
    } else {
        for (size_t i = 0; i < st.nstatus; i++)
            free(st.status[i].value);
    }
    free(st.status);
    for (size_t i = 0; i < st.nlocalized; i++) {
        if (ok) { /* a later file's variant replaces the same name's */
            struct localized *l = &st.localized[i];
            size_t j = 0;
            while (j < cfg->nlocalized && strcmp(cfg->localized[j].name, l->name) != 0)
                j++;
            if (j == cfg->nlocalized) {
                cfg->localized =
                    xreallocarray(cfg->localized, cfg->nlocalized + 1, sizeof *cfg->localized);
                cfg->localized[cfg->nlocalized++] = *l;
                continue;
            }
            free(cfg->localized[j].value);
            cfg->localized[j].value = l->value;
            free(l->name);
        } else {
            free(st.localized[i].name);
            free(st.localized[i].value);
        }
    }
    free(st.localized);
    if (ok && st.nbands) {
        /* Later files add lines; the first line that matches a category decides it. */
        cfg->bands = xreallocarray(cfg->bands, cfg->nbands + st.nbands, sizeof *cfg->bands);
        memmove(cfg->bands + st.nbands, cfg->bands, cfg->nbands * sizeof *cfg->bands);
        memcpy(cfg->bands, st.bands, st.nbands * sizeof *st.bands);
        cfg->nbands += st.nbands;
    } else {
        for (size_t i = 0; i < st.nbands; i++)
            config_band_clear(&st.bands[i]);
    }
    free(st.bands);
    free(st.error);
    if (ok) {
        free(cfg->source);
        cfg->source = xstrdup(path);
    }
    return ok;
}

bool config_set(struct config *cfg, enum config_key key, const char *value, char **why)
{
    char *err = check_value(&options[key], value);
    if (err) {
        *why = err;
        return false;
    }
    free(cfg->value[key]);
    cfg->value[key] = xstrdup(value);
    return true;
}

const char *config_str(const struct config *cfg, enum config_key key)
{
    return cfg->value[key];
}

long config_int(const struct config *cfg, enum config_key key)
{
    return strtol(cfg->value[key], NULL, 10);
}

bool config_bool(const struct config *cfg, enum config_key key)
{
    bool b = false;
    parse_bool(cfg->value[key], &b);
    return b;
}

const char *config_localized(const struct config *cfg, enum config_key key, const char *lang)
{
    const char *name = options[key].name;
    size_t n = strlen(name);
    for (size_t i = 0; lang && i < cfg->nlocalized; i++) {
        const char *l = cfg->localized[i].name;
        if (strncmp(l, name, n) == 0 && l[n] == '_' && strcmp(l + n + 1, lang) == 0)
            return cfg->localized[i].value;
    }
    return cfg->value[key];
}

bool config_event_days(const struct config *cfg, struct config_day *first, struct config_day *last)
{
    return cfg->value[CONFIG_EVENT_DATE][0] &&
           parse_days(cfg->value[CONFIG_EVENT_DATE], first, last);
}

char config_separator(const struct config *cfg, enum config_key key)
{
    return separator_char(cfg->value[key]);
}

const char *config_status_map(const struct config *cfg, const char *value)
{
    char *folded = text_fold(value);
    const char *status = NULL;
    for (size_t i = cfg->nstatus; i-- > 0 && status == NULL;)
        if (strcmp(cfg->status[i].value, folded) == 0)
            status = cfg->status[i].status;
    free(folded);
    return status;
}

const struct config_band *config_band(const struct config *cfg, size_t i)
{
    return i < cfg->nbands ? &cfg->bands[i] : NULL;
}

const char *config_source(const struct config *cfg)
{
    return cfg->source;
}

void config_print(const struct config *cfg, FILE *out)
{
    const char *section = NULL;
    fprintf(out, "# entrada settings (from %s)\n", cfg->source ? cfg->source : "built-in defaults");
    for (int i = 0; i < CONFIG_KEY_COUNT; i++) {
        const struct config_option *o = &options[i];
        if (section == NULL || strcmp(section, o->section) != 0) {
            section = o->section;
            fprintf(out, "\n[%s]\n", section);
        }
        fprintf(out, "# %s", o->help);
        if (o->type == TYPE_INT)
            fprintf(out, " (%ld to %ld)", o->min, o->max);
        fprintf(out, "; default: %s\n", o->def[0] ? o->def : "empty");
        char *masked = i == CONFIG_SYNC_SERVER ? config_mask_conninfo(cfg->value[i]) : NULL;
        fprintf(out, "%s =%s%s\n", o->name, cfg->value[i][0] ? " " : "",
                masked ? masked : cfg->value[i]);
        free(masked);
    }
    if (cfg->nlocalized)
        fprintf(out, "\n[privacy]\n# in one language: the option's name, '_' and the language\n");
    for (size_t i = 0; i < cfg->nlocalized; i++)
        fprintf(out, "%s = %s\n", cfg->localized[i].name, cfg->localized[i].value);
    fprintf(out, "\n[status]\n# a list's status values beyond the built-in ones (paid, pending, "
                 "cancelled, ...), as VALUE = active, unpaid or cancelled\n");
    for (size_t i = 0; i < cfg->nstatus; i++)
        fprintf(out, "%s = %s\n", cfg->status[i].value, cfg->status[i].status);
}

char *config_db_path(const struct config *cfg)
{
    const char *db = cfg->value[CONFIG_DB];
    if (db[0])
        return xstrdup(db);
    const char *data = getenv("XDG_DATA_HOME");
    if (data && data[0] == '/')
        return xasprintf("%s/entrada/event.db", data);
    const char *home = getenv("HOME");
    return xasprintf("%s/.local/share/entrada/event.db", home && home[0] ? home : ".");
}

char *config_kiosk_id(const struct config *cfg)
{
    const char *id = cfg->value[CONFIG_KIOSK_ID];
    char host[HOST_NAME_MAX + 8] = "kiosk";
    if (!id[0]) {
        if (gethostname(host, HOST_NAME_MAX + 1) != 0 || !host[0])
            strcpy(host, "kiosk");
        host[HOST_NAME_MAX] = '\0';
        /*
         * Every Raspberry Pi is called raspberrypi: four characters of the
         * installation's machine id keep two kiosks' event ids apart.
         */
        char machine[8] = "";
        FILE *f = fopen("/etc/machine-id", "re");
        if (f && fread(machine, 1, 4, f) == 4 && strspn(machine, "0123456789abcdef") == 4)
            snprintf(host + strlen(host), 6, "-%.4s", machine);
        if (f)
            fclose(f);
        id = host;
    }
    char *out = xstrdup(id);
    for (char *p = out; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-'))
            *p = '-';
    return out;
}

/* Mask the value of a password=VALUE found at p (after "password"): VALUE ends at a blank or &. */
static const char *mask_value(const char *p, struct buf *out)
{
    while (*p == ' ' || *p == '\t')
        buf_add(out, p++, 1);
    if (*p != '=')
        return p;
    buf_add(out, p++, 1);
    while (*p == ' ' || *p == '\t')
        buf_add(out, p++, 1);
    buf_adds(out, "****");
    if (*p == '\'') {
        for (p++; *p && *p != '\''; p++)
            if (*p == '\\' && p[1])
                p++;
        return *p ? p + 1 : p;
    }
    while (*p && *p != ' ' && *p != '\t' && *p != '&')
        p++;
    return p;
}

char *config_mask_conninfo(const char *s)
{
    struct buf out = { 0 };
    const char *p = s;
    const char *scheme = strstr(s, "://");
    if (scheme && (strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0)) {
        /* postgresql://user:secret@host/db: the secret between the first ':' and the '@'. */
        const char *auth = scheme + 3, *end = auth + strcspn(auth, "/?");
        const char *at = memchr(auth, '@', (size_t)(end - auth));
        const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
        if (colon) {
            buf_add(&out, s, (size_t)(colon + 1 - s));
            buf_adds(&out, "****");
            p = at;
        }
    }
    while (*p) {
        bool boundary = p == s || strchr(" \t?&", p[-1]) != NULL;
        if (boundary && strncasecmp(p, "password", 8) == 0) {
            buf_add(&out, p, 8);
            p = mask_value(p + 8, &out);
            continue;
        }
        buf_add(&out, p++, 1);
    }
    buf_add(&out, "", 1);
    return out.data;
}
