/*
 * What organisers take away: attendance counts, and the CSV exports that
 * open in Excel and LibreOffice (UTF-8 with BOM, the separator of their
 * locale, one header row, local times with their UTC offset).
 */
#ifndef ENTRADA_REPORT_H
#define ENTRADA_REPORT_H

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
    struct report_count *by_category;
    size_t ncategories;
    struct report_count *by_session; /* registered is the active total for each */
    size_t nsessions;
};

bool report_stats(struct store *st, struct report_stats *out, char **why);
void report_stats_clear(struct report_stats *s);

/*
 * Write checkins.csv (every journal event), attendance.csv (one row per
 * attendee with first and last check-in and sessions) and counts.csv (per
 * session and category) into dir, each complete or not at all.
 */
bool report_export(struct store *st, const char *dir, char sep, char **why);

/* ms since the epoch as local ISO 8601 with offset: 2026-03-12T09:41:07.250+01:00 */
void report_format_time(int64_t ms, char out[40]);

#endif
