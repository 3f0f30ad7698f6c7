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

struct report_options {
    char separator;   /* of the CSV files: ',' or ';' for European Excel */
    int min_count;    /* counts.csv shows counts under this many people as "<N"; 1 shows all */
    const char *keep; /* the kept columns ([columns] keep), separated by commas */
};

/* The options as [export] separator and min_count give them. */
struct report_options report_options_from(const struct config *cfg);

/*
 * Write checkins.csv (every journal event), attendance.csv (one row per
 * attendee: first and last check-in, sessions, lists, kept columns) and
 * counts.csv (per session: the total, by category, by organisation, by
 * each kept column, and arrivals per 15 minutes; "registered" counts the
 * people entitled to the session) and conflicts.csv (people admitted to
 * one session at more than one kiosk: code, name, session, the kiosks, how
 * many admissions, the first and the last)
 * into dir, each complete or not at all, read in one snapshot (the
 * caller's, when it has a transaction open).
 */
bool report_export(struct store *st, const char *dir, const struct report_options *opt, char **why);

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
