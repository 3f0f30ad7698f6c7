/*
 * entrada's settings: one INI file, every option in one table (config.c)
 * with its section, type, default, range and help. The table drives
 * parsing, checking, `entrada config` and the help text, so an option is
 * added in exactly one place.
 */
#ifndef ENTRADA_CONFIG_H
#define ENTRADA_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* The file read when no --config is given, if it exists. */
#define CONFIG_DEFAULT_PATH "/etc/entrada/entrada.ini"

enum config_key {
    CONFIG_DB,
    CONFIG_EVENT_NAME,
    CONFIG_KIOSK_ID,
    CONFIG_SESSION,
    CONFIG_REENTRY,
    CONFIG_REPEAT_WINDOW_MS,
    CONFIG_IMPORT_MAX_MB,
    CONFIG_EXPORT_SEPARATOR,
    CONFIG_EXPORT_MIN_COUNT,
    CONFIG_COLUMN_CODE,
    CONFIG_COLUMN_NAME,
    CONFIG_COLUMN_FIRST_NAME,
    CONFIG_COLUMN_LAST_NAME,
    CONFIG_COLUMN_ORGANISATION,
    CONFIG_COLUMN_EMAIL,
    CONFIG_COLUMN_CATEGORY,
    CONFIG_LANGUAGE,
    CONFIG_LANGUAGES,
    CONFIG_VERDICT_MS,
    CONFIG_SEARCH_TIMEOUT_MS,
    CONFIG_STAFF_PIN,
    CONFIG_STAFF_CODE,
    CONFIG_SCANNER_GAP_MS,
    CONFIG_LIST,
    CONFIG_SOUND,
    CONFIG_DATA_DIR,
    CONFIG_LOGO,
    CONFIG_CAMERA,
    CONFIG_BADGE_SIZE,
    CONFIG_SHOW_BADGE,
    CONFIG_BADGE_COLOURS,
    CONFIG_BADGE_LOGO,
    CONFIG_BADGE_TITLES,
    CONFIG_PRINTER_QUEUE,
    CONFIG_PRINTER_SERVER,
    CONFIG_PRINTER_TIMEOUT_S,
    CONFIG_PRINTER_WHEN,
    CONFIG_USB_ROOTS,
    CONFIG_USB_DROP_DIR,
    CONFIG_USB_LIST,
    CONFIG_USB_SYNC,
    CONFIG_USB_KEY_FILE,
    CONFIG_COLUMN_STATUS,
    CONFIG_COLUMN_KEEP,
    CONFIG_STAFF_VIP,
    CONFIG_EVENT_PLACE,
    CONFIG_EVENT_DATE,
    CONFIG_PRIVACY_NOTICE,
    CONFIG_PRIVACY_NOTICE_FILE,
    CONFIG_PRIVACY_RETAIN_DAYS,
    CONFIG_SYNC_SERVER,
    CONFIG_SYNC_PASSWORD_FILE,
    CONFIG_SYNC_TIMEOUT_MS,
    CONFIG_SYNC_INTERVAL_MS,
    CONFIG_EXPORT_BY_ORGANISATION,
    CONFIG_LAYOUT,
    CONFIG_SEARCH,
    CONFIG_SPEECH,
    CONFIG_KEY_COUNT
};

struct config;

/* Every option at its default. */
struct config *config_create(void);
void config_destroy(struct config *cfg);

/*
 * Read an INI file over the current values. All or nothing: on a missing
 * file, an unknown section or option, or a value of the wrong type or out
 * of range, cfg is unchanged and *why says "FILE:LINE: what".
 */
bool config_load(struct config *cfg, const char *path, char **why);

/* Set one option from text, checked as in a file; *why on a bad value. */
bool config_set(struct config *cfg, enum config_key key, const char *value, char **why);

/* Typed reads. The string belongs to cfg. */
const char *config_str(const struct config *cfg, enum config_key key);
long config_int(const struct config *cfg, enum config_key key);
bool config_bool(const struct config *cfg, enum config_key key);

/*
 * An option's value in language lang: the value of NAME_LANG in the same
 * section if the file set one ([privacy] notice_es), else the option's own.
 * Only [privacy] notice and notice_file take such variants. The string
 * belongs to cfg.
 */
const char *config_localized(const struct config *cfg, enum config_key key, const char *lang);

/* A day of the calendar, as [event] date gives it. */
struct config_day {
    int year, month, day;
};

/*
 * [event] date: its first and last days (the same day for a one-day
 * event). False when it is not set.
 */
bool config_event_days(const struct config *cfg, struct config_day *first, struct config_day *last);

/* The character an export separator option stands for (',' ';' or TAB). */
char config_separator(const struct config *cfg, enum config_key key);

/*
 * The [status] section: registration status values of the lists, each
 * mapped to active, unpaid or cancelled ("En espera = unpaid"). Names are
 * matched folded (case, accents and punctuation aside). The status a value
 * maps to, or NULL if the section does not name it.
 */
const char *config_status_map(const struct config *cfg, const char *value);

/*
 * One line of the [bands] section: PATTERN = [COLOUR] [, LABEL] [, LANG:
 * LABEL ...] (band.h says what it means). Strings owned by the record.
 */
enum { CONFIG_BAND_LANGS = 3 }; /* labels in en, es, de */
struct config_band {
    char *pattern; /* a category, or a pattern with '*', as written */
    char *value;   /* the line's value as written */
    bool has_colour;
    uint32_t rgb;                        /* 0xRRGGBB */
    char *label;                         /* "" for none */
    char *lang_label[CONFIG_BAND_LANGS]; /* NULL for none */
};

/* Parse a [bands] line: NULL, or a new message (and b cleared). */
char *config_band_parse(const char *pattern, const char *value, struct config_band *b);
void config_band_clear(struct config_band *b);

/* The i-th [bands] line, or NULL past the last; lines of a later file come first. */
const struct config_band *config_band(const struct config *cfg, size_t i);

/* The file the settings came from, or NULL for built-in defaults. */
const char *config_source(const struct config *cfg);

/* Print the effective settings as an INI file, each option with its help. */
void config_print(const struct config *cfg, FILE *out);

/* The database path: db if set, else $XDG_DATA_HOME/entrada/event.db. Caller frees. */
char *config_db_path(const struct config *cfg);

/* This kiosk's id: kiosk_id if set, else the host name (letters, digits, '-'). Caller frees. */
char *config_kiosk_id(const struct config *cfg);

/*
 * A PostgreSQL connection string or URI with its password, if any, shown
 * as "****" ("postgresql://door:****@venue/event", "host=venue
 * password=****"): what messages and `entrada config` print. A new string.
 */
char *config_mask_conninfo(const char *conninfo);

#endif
