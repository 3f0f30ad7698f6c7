/*
 * Counts and exports, from the numbers the store counts straight from the
 * journal: nothing here is kept in step by hand, so they are right after
 * any import or merge. This file shapes them: tables, CSV files, small
 * counts shown as "<N".
 */
#include "entrada/report.h"
#include "entrada/csv.h"
#include "entrada/safefile.h"
#include "entrada/text.h"
#include "entrada/xmalloc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void report_format_time(int64_t ms, char out[40])
{
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&secs, &tm);
    char date[24], zone[8];
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
    strftime(zone, sizeof zone, "%z", &tm); /* +0100 */
    snprintf(out, 40, "%s.%03d%.3s:%.2s", date, (int)(ms % 1000), zone, zone + 3);
}

struct report_options report_options_from(const struct config *cfg)
{
    return (struct report_options){
        .separator = config_separator(cfg, CONFIG_EXPORT_SEPARATOR),
        .min_count = (int)config_int(cfg, CONFIG_EXPORT_MIN_COUNT),
        .keep = config_str(cfg, CONFIG_COLUMN_KEEP),
    };
}

/* Collect count rows into a new array. */
struct counts {
    struct report_count *v;
    size_t n, cap;
};

static bool handle_count(void *ctx, const struct store_count *c)
{
    struct counts *out = ctx;
    if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 8;
        out->v = xreallocarray(out->v, out->cap, sizeof *out->v);
    }
    out->v[out->n++] = (struct report_count){
        .label = xstrdup(c->label),
        .title = xstrdup(c->group),
        .registered = c->registered,
        .checked_in = c->checked_in,
    };
    return true;
}

bool report_stats(struct store *st, struct report_stats *out, char **why)
{
    memset(out, 0, sizeof *out);
    struct store_totals t;
    struct counts categories = { 0 }, sessions = { 0 };
    bool ok = store_snapshot_begin(st, why);
    if (ok) {
        ok = store_totals(st, &t, why) &&
             store_each_count(st, STORE_BY_CATEGORY, handle_count, &categories, why) &&
             store_each_count(st, STORE_BY_SESSION, handle_count, &sessions, why);
        store_snapshot_end(st);
    }
    out->by_category = categories.v;
    out->ncategories = categories.n;
    out->by_session = sessions.v;
    out->nsessions = sessions.n;
    if (!ok) {
        report_stats_clear(out);
        return false;
    }
    out->registered = t.registered;
    out->cancelled = t.cancelled;
    out->checked_in = t.checked_in;
    out->events = t.events;
    out->printed = t.printed;
    out->printed_people = t.printed_people;
    out->handed_out = t.handed_out;
    out->print_failures = t.print_failures;
    return true;
}

static void free_counts(struct report_count *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].label);
        free(c[i].title);
    }
    free(c);
}

void report_stats_clear(struct report_stats *s)
{
    free_counts(s->by_category, s->ncategories);
    free_counts(s->by_session, s->nsessions);
    memset(s, 0, sizeof *s);
}

static void format_time(bool any, int64_t ms, char out[40])
{
    out[0] = '\0';
    if (any)
        report_format_time(ms, out);
}

/* The kept columns' names. */
struct names {
    char **v;
    size_t n;
};

/* attendance.csv's columns before the kept ones. */
#define ATTENDANCE_COLUMNS 9

/* An export file being written: its stream and separator. */
struct export
{
    FILE *f;
    char sep;
    const struct report_options *opt;
    const char *breakdown; /* counts.csv: the breakdown being written */
    char **kept;           /* attendance.csv: the kept columns */
    size_t nkept;
};

static bool handle_checkin(void *ctx, const struct store_journal_row *row)
{
    struct export *e = ctx;
    char id[96], time[40], undoes[96] = "";
    snprintf(id, sizeof id, "%s-%" PRId64, row->kiosk, row->seq);
    report_format_time(row->at_ms, time);
    if (row->undoes_kiosk)
        snprintf(undoes, sizeof undoes, "%s-%" PRId64, row->undoes_kiosk, row->undoes_seq);
    const char *cells[] = {
        id,
        time,
        row->kiosk,
        row->session,
        row->undoes_kiosk ? "undo" : row->direction,
        row->method,
        row->code,
        row->name,
        row->organisation,
        row->category,
        undoes,
        row->override ? (row->reason[0] ? row->reason : "no reason given") : "",
        row->walk_in ? "yes" : "",
    };
    csv_write_row(e->f, e->sep, true, cells, 13);
    return true;
}

static bool handle_attendance(void *ctx, const struct store_attendance *a)
{
    struct export *e = ctx;
    char first[40], last[40];
    format_time(a->any, a->first_ms, first);
    format_time(a->any, a->last_ms, last);
    const char **cells = xcalloc(ATTENDANCE_COLUMNS + e->nkept, sizeof *cells);
    const char *fixed[ATTENDANCE_COLUMNS] = {
        a->code, a->name, a->organisation, a->category, a->status,
        first,   last,    a->sessions,     a->lists,
    };
    memcpy(cells, fixed, sizeof fixed);
    for (size_t i = 0; i < e->nkept; i++)
        cells[ATTENDANCE_COLUMNS + i] = a->values[i];
    csv_write_row(e->f, e->sep, true, cells, ATTENDANCE_COLUMNS + e->nkept);
    free(cells);
    return true;
}

/* Write one export file: the header, then the rows each(st, fn, e) gives. */
static bool export_file(struct store *st, const char *dir, const char *name, char sep,
                        const char *const *header, size_t ncols, const struct names *kept,
                        bool (*each)(struct store *st, struct export *e, char **why), char **why)
{
    struct safefile *sf = safefile_open(dir, name, why);
    if (sf == NULL)
        return false;
    struct export e = { .f = safefile_stream(sf),
                        .sep = sep,
                        .kept = kept ? kept->v : NULL,
                        .nkept = kept ? kept->n : 0 };
    fputs("\xEF\xBB\xBF", e.f);
    csv_write_row(e.f, sep, true, header, ncols);
    if (!each(st, &e, why)) {
        safefile_abort(sf);
        return false;
    }
    return safefile_commit(sf, why);
}

static bool each_checkin(struct store *st, struct export *e, char **why)
{
    return store_each_journal_row(st, STORE_BY_TIME, handle_checkin, e, why);
}

static bool handle_conflict(void *ctx, const struct store_conflict *c)
{
    struct export *e = ctx;
    char first[40], last[40], n[24];
    report_format_time(c->first_ms, first);
    report_format_time(c->last_ms, last);
    snprintf(n, sizeof n, "%lld", (long long)c->admissions);
    const char *cells[] = { c->code, c->name, c->session, c->kiosks, n, first, last };
    csv_write_row(e->f, e->sep, true, cells, 7);
    return true;
}

static bool each_conflict(struct store *st, struct export *e, char **why)
{
    return store_each_conflict(st, handle_conflict, e, why);
}

static bool each_attendance(struct store *st, struct export *e, char **why)
{
    return store_each_attendance(st, (const char *const *)e->kept, e->nkept, handle_attendance, e,
                                 why);
}

/* A count as shared: under min people (but not none) it shows as "<min". */
static void put_count(char *out, size_t size, int64_t v, int min)
{
    if (v > 0 && v < min)
        snprintf(out, size, "<%d", min);
    else
        snprintf(out, size, "%lld", (long long)v);
}

/* A breakdown row of counts.csv (for kiosks, registered is left empty). */
static bool handle_group(void *ctx, const struct store_count *c)
{
    struct export *e = ctx;
    bool kiosk = strcmp(e->breakdown, "kiosk") == 0;
    char registered[24] = "", checked_in[24];
    if (!kiosk)
        put_count(registered, sizeof registered, c->registered, e->opt->min_count);
    put_count(checked_in, sizeof checked_in, c->checked_in, e->opt->min_count);
    const char *cells[] = { e->breakdown, c->label, c->group, registered, checked_in };
    csv_write_row(e->f, e->sep, true, cells, 5);
    return true;
}

/* The breakdown rows of counts.csv for one grouping of attendees. */
static bool count_rows(struct store *st, struct export *e, const char *breakdown,
                       enum store_group group, char **why)
{
    e->breakdown = breakdown;
    return store_each_group_count(st, group, breakdown, handle_group, e, why);
}

/* People by the kiosk where they first checked in to each session: how the doors were used. */
static bool kiosk_rows(struct store *st, struct export *e, char **why)
{
    e->breakdown = "kiosk";
    return store_each_kiosk_count(st, handle_group, e, why);
}

/*
 * counts.csv, for sharing: per session the total, then by category, by
 * organisation, by kiosk and the arrivals in each 15-minute slot, in one long table
 * (breakdown, session, group, registered, checked_in) that pivots easily.
 */
static bool export_counts(struct store *st, const char *dir, const struct report_options *opt,
                          const struct names *kept, char **why)
{
    struct report_arrivals *arr = NULL;
    size_t narr = 0;
    if (!report_arrivals(st, REPORT_SLOT_MS, &arr, &narr, why))
        return false;
    struct safefile *sf = safefile_open(dir, "counts.csv", why);
    if (sf == NULL) {
        report_arrivals_free(arr, narr);
        return false;
    }
    FILE *f = safefile_stream(sf);
    static const char *const header[] = { "breakdown", "session", "group", "registered",
                                          "checked_in" };
    fputs("\xEF\xBB\xBF", f);
    csv_write_row(f, opt->separator, true, header, 5);
    struct export e = { .f = f, .sep = opt->separator, .opt = opt };
    bool ok = count_rows(st, &e, "total", STORE_GROUP_NONE, why) &&
              count_rows(st, &e, "category", STORE_GROUP_CATEGORY, why) &&
              count_rows(st, &e, "organisation", STORE_GROUP_ORGANISATION, why);
    /* One breakdown per kept column, named after it ("País"). */
    for (size_t i = 0; ok && i < kept->n; i++)
        ok = count_rows(st, &e, kept->v[i], STORE_GROUP_COLUMN, why);
    ok = ok && kiosk_rows(st, &e, why);
    for (size_t i = 0; ok && i < narr; i++)
        for (size_t j = 0; j < arr[i].nslots; j++) {
            char start[40], arrivals[24];
            report_format_time(arr[i].slot[j].start_ms, start);
            memcpy(start + 16, start + 23, 7); /* minutes are enough: 2026-03-12T09:15+01:00 */
            put_count(arrivals, sizeof arrivals, arr[i].slot[j].arrivals, opt->min_count);
            const char *cells[] = { "arrivals", arr[i].session, start, "", arrivals };
            csv_write_row(f, opt->separator, true, cells, 5);
        }
    report_arrivals_free(arr, narr);
    if (!ok) {
        safefile_abort(sf);
        return false;
    }
    return safefile_commit(sf, why);
}

/* The names in a comma-separated list, cleaned; empty ones left out. */
static void names_split(const char *list, struct names *out)
{
    memset(out, 0, sizeof *out);
    for (const char *k = list ? list : ""; *k;) {
        size_t n = strcspn(k, ",");
        char *name = xstrndup(k, n), *clean = text_clean(name);
        free(name);
        if (clean[0]) {
            out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
            out->v[out->n++] = clean;
        } else {
            free(clean);
        }
        k += n + (k[n] == ',');
    }
}

static void names_free(struct names *n)
{
    for (size_t i = 0; i < n->n; i++)
        free(n->v[i]);
    free(n->v);
}

bool report_export(struct store *st, const char *dir, const struct report_options *opt, char **why)
{
    char sep = opt->separator;
    static const char *const checkins_header[] = {
        "event_id", "time",         "kiosk",    "session", "direction", "method",  "code",
        "name",     "organisation", "category", "undoes",  "override",  "walk_in",
    };
    /* A person admitted to one session at two kiosks while they could not ask the server. */
    static const char *const conflicts_header[] = {
        "code", "name", "session", "kiosks", "admissions", "first", "last",
    };
    static const char *const attendance_fixed[ATTENDANCE_COLUMNS] = {
        "code",          "name",         "organisation", "category", "status",
        "first_checkin", "last_checkin", "sessions",     "lists",
    };
    struct names kept;
    names_split(opt->keep, &kept);
    const char **attendance_header = xcalloc(ATTENDANCE_COLUMNS + kept.n, sizeof(char *));
    memcpy(attendance_header, attendance_fixed, sizeof attendance_fixed);
    for (size_t i = 0; i < kept.n; i++)
        attendance_header[ATTENDANCE_COLUMNS + i] = kept.v[i];
    /* Read everything in one snapshot so the files agree (or in the caller's, if it has one). */
    bool ok = store_snapshot_begin(st, why);
    if (ok) {
        ok = export_file(st, dir, "checkins.csv", sep, checkins_header, 13, NULL, each_checkin,
                         why) &&
             export_file(st, dir, "attendance.csv", sep, attendance_header,
                         ATTENDANCE_COLUMNS + kept.n, &kept, each_attendance, why) &&
             export_counts(st, dir, opt, &kept, why) &&
             export_file(st, dir, "conflicts.csv", sep, conflicts_header, 7, NULL, each_conflict,
                         why);
        store_snapshot_end(st);
    }
    free(attendance_header);
    names_free(&kept);
    return ok;
}

static void add_slot(struct report_arrivals *a, int64_t start_ms, size_t *cap)
{
    if (a->nslots == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        a->slot = xreallocarray(a->slot, *cap, sizeof *a->slot);
    }
    a->slot[a->nslots++] = (struct report_slot){ start_ms, 0, a->total };
}

struct arrivals {
    int64_t slot_ms;
    struct report_arrivals *v;
    size_t n, cap, cap_slots;
    int64_t session; /* the id of v[n - 1] */
};

static bool handle_arrival(void *ctx, const struct store_arrival *row)
{
    struct arrivals *s = ctx;
    if (s->n == 0 || row->session_id != s->session) {
        s->session = row->session_id;
        if (s->n == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 8;
            s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
        }
        s->v[s->n++] = (struct report_arrivals){
            .session = xstrdup(row->session),
            .title = xstrdup(row->title),
        };
        s->cap_slots = 0;
    }
    if (!row->any)
        return true; /* a session nobody came to */
    struct report_arrivals *a = &s->v[s->n - 1];
    int64_t slot_ms = s->slot_ms, t = row->first_ms;
    int64_t start = t - ((t % slot_ms) + slot_ms) % slot_ms;
    /* Slots run on without gaps, unless the gap is days long. */
    if (a->nslots > 0 && start - a->slot[a->nslots - 1].start_ms <= REPORT_MAX_GAP_MS)
        while (a->slot[a->nslots - 1].start_ms < start)
            add_slot(a, a->slot[a->nslots - 1].start_ms + slot_ms, &s->cap_slots);
    else if (a->nslots == 0 || a->slot[a->nslots - 1].start_ms < start)
        add_slot(a, start, &s->cap_slots);
    a->total++;
    a->slot[a->nslots - 1].arrivals++;
    a->slot[a->nslots - 1].total = a->total;
    return true;
}

bool report_arrivals(struct store *st, int64_t slot_ms, struct report_arrivals **out, size_t *n,
                     char **why)
{
    struct arrivals s = { .slot_ms = slot_ms };
    bool ok = store_each_first_arrival(st, handle_arrival, &s, why);
    if (!ok) {
        report_arrivals_free(s.v, s.n);
        s.v = NULL;
        s.n = 0;
    }
    *out = s.v;
    *n = s.n;
    return ok;
}

void report_arrivals_free(struct report_arrivals *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(a[i].session);
        free(a[i].title);
        free(a[i].slot);
    }
    free(a);
}
