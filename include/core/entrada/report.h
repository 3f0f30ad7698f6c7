/*
 * What organisers take away: attendance counts, and the CSV exports that
 * open in Excel and LibreOffice (UTF-8 with BOM, the separator of their
 * locale, one header row, local times with their UTC offset).
 */
#ifndef ENTRADA_REPORT_H
#define ENTRADA_REPORT_H

#include "entrada/config.h"
#include "entrada/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct report_count {
    char *label; /* category or session name; "" for attendees without a category */
    char *title; /* session title; "" otherwise */
    int64_t registered;
    int64_t checked_in;
};

struct report_stats {
    int64_t registered; /* active attendees */
    int64_t cancelled;
    int64_t checked_in; /* attendees checked in to at least one session */
    int64_t events;     /* journal entries */
    int64_t printed;    /* badges printed */
    int64_t print_failures;
    int64_t printed_people; /* attendees with a badge printed */
    int64_t handed_out;     /* badges handed out at the desk */
    struct report_count *by_category;
    size_t ncategories;
    struct report_count *by_session; /* registered is the active total for each */
    size_t nsessions;
};

bool report_stats(struct store *st, struct report_stats *out, char **why);
void report_stats_clear(struct report_stats *s);

struct report_arrivals;

struct report_options {
    char separator;       /* of the CSV files: ',' or ';' for European Excel */
    int min_count;        /* counts under this many people are hidden ("<N"); 1 shows all */
    const char *keep;     /* the kept columns ([columns] keep), separated by commas */
    bool by_organisation; /* counts per organisation too ([export] by_organisation) */
    bool workbook;        /* write attendance.xlsx too */
    /*
     * The chart for the workbook's Chart sheet, drawn from the arrivals the
     * counts read (n sessions) once the rows are written, while the
     * workbook's thread catches up with them: a PNG in *png, *len bytes,
     * which stays the callback's (valid until report_export returns).
     * NULL: an empty Chart sheet.
     */
    bool (*chart)(void *ctx, const struct report_arrivals *a, size_t n, const unsigned char **png,
                  size_t *len, char **why);
    void *chart_ctx;
    /* Work to do in the same snapshot while the workbook is compressed; NULL for none. */
    bool (*meanwhile)(void *ctx, char **why);
    void *meanwhile_ctx;
};

/* The options as [export] and [columns] give them; a workbook, no chart. */
struct report_options report_options_from(const struct config *cfg);

/*
 * Write into dir, each file complete or not at all, read in one snapshot
 * (the caller's, when it has a transaction open):
 *  - attendance.csv: one row per attendee: names, organisation, category,
 *    status, lists, first and last check-in, the kept columns, and for each
 *    session the first check-in to it;
 *  - checkins.csv: every journal event;
 *  - counts.csv: per session the registered (entitled to it) and checked-in
 *    people: the total, by category, list, organisation (if asked), each
 *    kept column, kiosk, and the arrivals per 15 minutes, with small counts
 *    hidden (report_suppress);
 *  - codes.csv: name, e-mail, list and code of each registration whose code
 *    was made here (not cancelled), for mailing them;
 *  - attendance.xlsx (opt->workbook): sheets Attendees, Check-ins and Counts
 *    holding the rows of the CSV files (times as date-time cells), and
 *    Chart with the chart opt->chart draws;
 *  - conflicts.csv: people admitted to one session at more than one kiosk
 *    (code, name, session, the kiosks, how many admissions, the first and
 *    the last).
 * Times are local: "2026-03-12 09:41:07".
 */
bool report_export(struct store *st, const char *dir, const struct report_options *opt, char **why);

/* How a count is shared. */
enum report_mark {
    REPORT_SHOWN,
    REPORT_SMALL,  /* under min: shown as "<min" */
    REPORT_HIDDEN, /* hidden so that the small ones cannot be worked out: shown as "c" */
};

/*
 * Mark the n counts v of one line (cells adding up to a total that is
 * shared) for sharing with min as the smallest count shown. Counts from 1
 * to min - 1 are small. When a line has k small counts, the smallest other
 * non-zero counts are hidden too until the hidden ones add up to at least
 * (h + 1) * min + k - 2 (h of them hidden besides the small ones): then each
 * small count could still be anything from 1 to min - 1 to someone who
 * knows the total and that a hidden count is at least min. When that
 * cannot be reached, every count of the line is hidden, zeros too. A line
 * of one count (a total) hides only a small count.
 */
void report_suppress(const int64_t *v, size_t n, int min, enum report_mark *mark);

/* Arrivals are counted in slots of this length, on the quarter hours. */
#define REPORT_SLOT_MS (15 * 60 * 1000)
/* Empty slots are listed between arrivals, unless the gap is longer than this. */
#define REPORT_MAX_GAP_MS (24 * 60 * 60 * 1000)

struct report_slot {
    int64_t start_ms;
    int64_t arrivals; /* people whose first check-in to the session fell in the slot */
    int64_t total;    /* arrivals up to the end of the slot */
};

/* The arrivals at one session, slot by slot from the first to the last. */
struct report_arrivals {
    char *session;
    char *title;
    struct report_slot *slot;
    size_t nslots; /* 0 for a session nobody came to yet */
    int64_t total;
};

/* The arrivals at every session, in slots of slot_ms (new array *out, *n sessions). */
bool report_arrivals(struct store *st, int64_t slot_ms, struct report_arrivals **out, size_t *n,
                     char **why);
void report_arrivals_free(struct report_arrivals *a, size_t n);

/* ms since the epoch as local ISO 8601 with offset: 2026-03-12T09:41:07.250+01:00 */
void report_format_time(int64_t ms, char out[40]);

#endif
