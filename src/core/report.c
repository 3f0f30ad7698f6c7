/*
 * Counts and exports, from the numbers the store counts straight from the
 * journal: nothing here is kept in step by hand, so they are right after
 * any import or merge. This file shapes them: tables, CSV files, small
 * counts shown as "<N".
 */
#include "entrada/report.h"
#include "entrada/csv.h"
#include "entrada/localtime.h"
#include "entrada/safefile.h"
#include "entrada/text.h"
#include "entrada/workbook.h"
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
        .by_organisation = config_bool(cfg, CONFIG_EXPORT_BY_ORGANISATION),
        .workbook = true,
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

/* The kept columns' names. */
struct names {
    char **v;
    size_t n;
};

/* A session: its name, for the columns of attendance.csv. */
struct sessions {
    char **v;
    size_t n;
};

static bool handle_session(void *ctx, int64_t id, const char *name, const char *title)
{
    (void)id, (void)title;
    struct sessions *s = ctx;
    s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
    s->v[s->n++] = xstrdup(name);
    return true;
}

/*
 * The exports being written: the CSV files and the workbook get the same
 * rows, read once. A row is built as workbook cells; its CSV form is the
 * same cells with times as "2026-03-12 09:41:07".
 */
struct export
{
    const struct report_options *opt;
    FILE *f;             /* the CSV file being written */
    struct workbook *wb; /* NULL: no workbook */
    int sheet;           /* the workbook's sheet of the same rows */
    const size_t *pick;  /* the sheet's columns among the row's; NULL: all */
    size_t npick;
    struct workbook_cell *picked;
    struct localtime_cache clock;
    struct workbook_cell *cells; /* a row */
    const char **text;           /* the row as CSV text */
    char(*times)[20];            /* the row's times as text */
    size_t ncols;
    const struct names *kept;
    const struct sessions *sessions;
    struct tallies *tallies;   /* counted from the attendance rows, for counts.csv */
    struct safefile *later[2]; /* written, committed once the workbook has all its rows */
    size_t nlater;
};

static void tally_attendee(struct tallies *t, const struct store_attendance *e);

static void export_columns(struct export *e, size_t ncols)
{
    e->ncols = ncols;
    e->cells = xreallocarray(e->cells, ncols, sizeof *e->cells);
    e->text = xreallocarray(e->text, ncols, sizeof *e->text);
    e->times = xreallocarray(e->times, ncols, sizeof *e->times);
}

/* Write the row in e->cells to the CSV file and the workbook's sheet. */
static void export_row(struct export *e)
{
    for (size_t i = 0; i < e->ncols; i++) {
        const struct workbook_cell *c = &e->cells[i];
        switch (c->kind) {
        case WORKBOOK_EMPTY:
            e->text[i] = "";
            break;
        case WORKBOOK_TEXT:
            e->text[i] = c->text;
            break;
        case WORKBOOK_NUMBER:
            snprintf(e->times[i], sizeof e->times[i], "%.0f", c->number);
            e->text[i] = e->times[i];
            break;
        case WORKBOOK_TIME:
            localtime_format(localtime_secs(&e->clock, c->ms), e->times[i]);
            e->text[i] = e->times[i];
            break;
        }
    }
    csv_write_row(e->f, e->opt->separator, true, e->text, e->ncols);
    if (e->wb && e->pick) {
        for (size_t i = 0; i < e->npick; i++)
            e->picked[i] = e->cells[e->pick[i]];
        workbook_row(e->wb, e->sheet, e->picked, e->npick);
    } else if (e->wb) {
        workbook_row(e->wb, e->sheet, e->cells, e->ncols);
    }
}

static struct workbook_cell text_cell(const char *s)
{
    return (struct workbook_cell){ .kind = WORKBOOK_TEXT, .text = s };
}

static struct workbook_cell time_cell(bool any, int64_t ms)
{
    return (struct workbook_cell){ .kind = any ? WORKBOOK_TIME : WORKBOOK_EMPTY, .ms = ms };
}

static struct workbook_cell number_cell(int64_t v)
{
    return (struct workbook_cell){ .kind = WORKBOOK_NUMBER, .number = (double)v };
}

/* checkins.csv's columns, and the Check-ins sheet's. */
static const char *const checkins_header[] = {
    "event_id", "time",         "kiosk",    "session", "direction", "method",  "code",
    "name",     "organisation", "category", "undoes",  "override",  "walk_in",
};
#define CHECKINS_COLUMNS (sizeof checkins_header / sizeof *checkins_header)

static bool handle_checkin(void *ctx, const struct store_journal_row *row)
{
    struct export *e = ctx;
    char id[96], undoes[96] = "";
    snprintf(id, sizeof id, "%s-%" PRId64, row->kiosk, row->seq);
    if (row->undoes_kiosk)
        snprintf(undoes, sizeof undoes, "%s-%" PRId64, row->undoes_kiosk, row->undoes_seq);
    struct workbook_cell *c = e->cells;
    c[0] = text_cell(id);
    c[1] = time_cell(true, row->at_ms);
    c[2] = text_cell(row->kiosk);
    c[3] = text_cell(row->session);
    c[4] = text_cell(row->undoes_kiosk ? "undo" : row->direction);
    c[5] = text_cell(row->method);
    c[6] = text_cell(row->code);
    c[7] = text_cell(row->name);
    c[8] = text_cell(row->organisation);
    c[9] = text_cell(row->category);
    c[10] = text_cell(undoes);
    c[11] = text_cell(row->override ? (row->reason[0] ? row->reason : "no reason given") : "");
    c[12] = text_cell(row->walk_in ? "yes" : "");
    export_row(e);
    return true;
}

/* attendance.csv's columns before the kept ones and the sessions. */
static const char *const attendance_fixed[] = {
    "code",     "name",   "first_name", "last_name",     "organisation",
    "category", "status", "lists",      "first_checkin", "last_checkin",
};
#define ATTENDANCE_COLUMNS (sizeof attendance_fixed / sizeof *attendance_fixed)

static bool handle_attendance(void *ctx, const struct store_attendance *a)
{
    struct export *e = ctx;
    struct workbook_cell *c = e->cells;
    /* The list's first and last names, or the full name split when it had none. */
    struct attendee_name parts = { 0 };
    const char *first = a->first_name, *last = a->last_name;
    if (!first[0] && !last[0]) {
        attendee_name_split(a->name, false, &parts);
        first = parts.first;
        last = parts.last;
    }
    c[0] = text_cell(a->code);
    c[1] = text_cell(a->name);
    c[2] = text_cell(first);
    c[3] = text_cell(last);
    c[4] = text_cell(a->organisation);
    c[5] = text_cell(a->category);
    c[6] = text_cell(a->status);
    c[7] = text_cell(a->lists);
    c[8] = time_cell(a->any, a->first_ms);
    c[9] = time_cell(a->any, a->last_ms);
    size_t col = ATTENDANCE_COLUMNS;
    for (size_t i = 0; i < e->kept->n; i++)
        c[col++] = text_cell(a->values[i]);
    for (size_t i = 0; i < e->sessions->n; i++)
        c[col++] = time_cell(i < a->nsessions && a->session_ms[i] != 0,
                             i < a->nsessions ? a->session_ms[i] : 0);
    export_row(e);
    attendee_name_clear(&parts);
    tally_attendee(e->tallies, a);
    return true;
}

static bool handle_made_code(void *ctx, const struct store_made_code *m)
{
    struct export *e = ctx;
    const char *cells[] = { m->name, m->email, m->list, m->code };
    csv_write_row(e->f, e->opt->separator, true, cells, 4);
    return true;
}

/* Open dir/name for a CSV export: BOM, header. NULL with *why on failure. */
static struct safefile *open_csv(const char *dir, const char *name, char sep,
                                 const char *const *header, size_t ncols, char **why)
{
    struct safefile *sf = safefile_open(dir, name, why);
    if (sf == NULL)
        return NULL;
    FILE *f = safefile_stream(sf);
    fputs("\xEF\xBB\xBF", f);
    csv_write_row(f, sep, true, header, ncols);
    return sf;
}

/* Finish a CSV export: committed if ok, else removed. */
static bool close_csv(struct safefile *sf, bool ok, char **why)
{
    if (!ok) {
        safefile_abort(sf);
        return false;
    }
    return safefile_commit(sf, why);
}

/*
 * Finish a CSV export of the workbook's rows: written, and committed later
 * (commit_later) if ok; else removed. Its fsync then waits beside the
 * workbook's compression instead of holding up the rows of the next sheet.
 * A write that failed fails now, while errno still says why.
 */
static bool close_csv_later(struct export *e, struct safefile *sf, bool ok, char **why)
{
    FILE *f = safefile_stream(sf);
    if (!ok || ferror(f) || fflush(f) != 0)
        return close_csv(sf, ok, why);
    e->later[e->nlater++] = sf;
    return true;
}

/* Commit the CSV files close_csv_later kept, if ok; else remove them. */
static bool commit_later(struct export *e, bool ok, char **why)
{
    for (size_t i = 0; i < e->nlater; i++)
        ok = close_csv(e->later[i], ok, why);
    e->nlater = 0;
    return ok;
}

void report_suppress(const int64_t *v, size_t n, int min, enum report_mark *mark)
{
    size_t k = 0, h = 0;
    int64_t hidden = 0;
    for (size_t i = 0; i < n; i++) {
        mark[i] = v[i] > 0 && v[i] < min ? REPORT_SMALL : REPORT_SHOWN;
        if (mark[i] == REPORT_SMALL) {
            k++;
            hidden += v[i];
        }
    }
    if (k == 0 || n < 2)
        return;
    /*
     * Someone who knows the total, the cells shown, that a small cell is
     * 1..min-1 and a complementary one at least min, can still put each
     * small cell anywhere in 1..min-1 when the hidden cells add up to at
     * least (h + 1) * min + k - 2 (h complementary cells, k small ones).
     */
    while (h == 0 || hidden < (int64_t)(h + 1) * min + (int64_t)k - 2) {
        size_t best = n;
        for (size_t i = 0; i < n; i++)
            if (mark[i] == REPORT_SHOWN && v[i] > 0 && (best == n || v[i] < v[best]))
                best = i;
        if (best == n)
            break;
        mark[best] = REPORT_HIDDEN;
        hidden += v[best];
        h++;
    }
    if (h == 0 || hidden < (int64_t)(h + 1) * min + (int64_t)k - 2)
        for (size_t i = 0; i < n; i++) /* not enough to hide among: hide the whole line */
            mark[i] = REPORT_HIDDEN;
}

/* One row of the counts table. */
struct count_row {
    char *breakdown, *session, *group;
    bool timed; /* arrivals: the group is the slot's start, start_ms */
    int64_t start_ms;
    bool has_registered; /* kiosks and arrivals have none */
    int64_t v[2];        /* registered, checked in */
    enum report_mark mark[2];
};

struct count_table {
    struct count_row *v;
    size_t n, cap;
    const char *breakdown; /* of the rows being added */
    bool has_registered;
};

static void table_add(struct count_table *t, const char *session, const char *group,
                      int64_t registered, int64_t checked_in)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
    }
    t->v[t->n++] = (struct count_row){
        .breakdown = xstrdup(t->breakdown),
        .session = xstrdup(session),
        .group = xstrdup(group),
        .has_registered = t->has_registered,
        .v = { registered, checked_in },
    };
}

static void table_free(struct count_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].breakdown);
        free(t->v[i].session);
        free(t->v[i].group);
    }
    free(t->v);
}

/*
 * Suppress small counts in t: a line is the rows of one breakdown for one
 * session, which add up to the session's total (the total's own line is
 * one cell and has nothing to hide among).
 */
static void table_suppress(struct count_table *t, int min)
{
    int64_t *v = xcalloc(t->n + 1, sizeof *v);
    enum report_mark *mark = xcalloc(t->n + 1, sizeof *mark);
    for (size_t from = 0, to; from < t->n; from = to) {
        const struct count_row *r = &t->v[from];
        for (to = from + 1; to < t->n && strcmp(t->v[to].breakdown, r->breakdown) == 0 &&
                            strcmp(t->v[to].session, r->session) == 0;
             to++)
            ;
        for (int m = 0; m < 2; m++) {
            for (size_t i = from; i < to; i++)
                v[i - from] = t->v[i].v[m];
            report_suppress(v, to - from, min, mark);
            for (size_t i = from; i < to; i++)
                t->v[i].mark[m] = mark[i - from];
        }
    }
    free(v);
    free(mark);
}

/* The counts of one breakdown: per value of its column, per session. */
struct tally_group {
    char *value;
    int64_t *n; /* per session: registered, checked in */
};

struct tally {
    const char *name;
    struct tally_group *v;
    size_t n, cap;
    size_t *slot; /* a hash table of indexes into v, plus 1; 0 is free */
    size_t nslot;
    size_t nsessions;
};

static uint64_t hash(const char *s)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The group of value len bytes long in t, added if new. */
static struct tally_group *tally_find(struct tally *t, const char *value, size_t len)
{
    if (2 * (t->n + 1) > t->nslot) { /* grow: at most half full */
        size_t nslot = t->nslot ? t->nslot * 2 : 64;
        size_t *slot = xcalloc(nslot, sizeof *slot);
        for (size_t i = 0; i < t->n; i++) {
            size_t h = (size_t)hash(t->v[i].value) & (nslot - 1);
            while (slot[h])
                h = (h + 1) & (nslot - 1);
            slot[h] = i + 1;
        }
        free(t->slot);
        t->slot = slot;
        t->nslot = nslot;
    }
    char key[256], *owned = NULL;
    const char *k = value;
    if (value[len] != '\0') { /* a word of a list: a string of its own */
        char *copy = len < sizeof key ? key : (owned = xmalloc(len + 1));
        memcpy(copy, value, len);
        copy[len] = '\0';
        k = copy;
    }
    size_t h = (size_t)hash(k) & (t->nslot - 1);
    for (; t->slot[h]; h = (h + 1) & (t->nslot - 1))
        if (strcmp(t->v[t->slot[h] - 1].value, k) == 0) {
            free(owned);
            return &t->v[t->slot[h] - 1];
        }
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
    }
    t->v[t->n] = (struct tally_group){
        .value = owned ? owned : xstrdup(k),
        .n = xcalloc(2 * t->nsessions + 1, sizeof(int64_t)),
    };
    t->slot[h] = ++t->n;
    return &t->v[t->n - 1];
}

/* Count an attendee in the group of value (len bytes) for every session. */
static void tally_add(struct tally *t, const char *value, size_t len,
                      const struct store_attendance *a)
{
    if (t->nsessions == 0)
        return; /* nothing to count in: no group either */
    struct tally_group *g = tally_find(t, value, len);
    for (size_t s = 0; s < t->nsessions && s < a->nsessions; s++) {
        g->n[2 * s] += a->entitled[s];
        g->n[2 * s + 1] += a->admitted[s];
    }
}

static int compare_groups(const void *a, const void *b)
{
    return strcmp(((const struct tally_group *)a)->value, ((const struct tally_group *)b)->value);
}

static void tally_free(struct tally *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].value);
        free(t->v[i].n);
    }
    free(t->v);
    free(t->slot);
}

/* The breakdowns counted in one pass: total, category, list, organisation, kept columns. */
enum { TALLY_TOTAL, TALLY_CATEGORY, TALLY_LIST, TALLY_ORGANISATION, TALLY_KEPT };

struct tallies {
    struct tally *v;
    size_t n;
    bool by_organisation;
};

/* Count an attendee in every breakdown. */
static void tally_attendee(struct tallies *t, const struct store_attendance *e)
{
    tally_add(&t->v[TALLY_TOTAL], "", 0, e);
    tally_add(&t->v[TALLY_CATEGORY], e->category, strlen(e->category), e);
    /* A person on two lists counts in each. */
    for (const char *l = e->lists; *l;) {
        size_t n = strcspn(l, " ");
        if (n > 0)
            tally_add(&t->v[TALLY_LIST], l, n, e);
        l += n + (l[n] == ' ');
    }
    if (t->by_organisation)
        tally_add(&t->v[TALLY_ORGANISATION], e->organisation, strlen(e->organisation), e);
    for (size_t i = TALLY_KEPT; i < t->n; i++)
        tally_add(&t->v[i], e->values[i - TALLY_KEPT], strlen(e->values[i - TALLY_KEPT]), e);
}

static const char *const counts_header[] = { "breakdown", "session", "group", "registered",
                                             "checked_in" };

/* A count as shared: a number, "<min" for a small one, "c" for a complementary one. */
static struct workbook_cell count_cell(const struct count_row *r, int m, int min, char *buf,
                                       size_t size)
{
    if (m == 0 && !r->has_registered)
        return (struct workbook_cell){ .kind = WORKBOOK_EMPTY };
    switch (r->mark[m]) {
    case REPORT_SMALL:
        snprintf(buf, size, "<%d", min);
        return text_cell(buf);
    case REPORT_HIDDEN:
        return text_cell("c");
    case REPORT_SHOWN:
        break;
    }
    return number_cell(r->v[m]);
}

static bool read_arrivals(struct store *st, int64_t slot_ms, struct report_arrivals **out,
                          size_t *n, struct count_table *kiosks, char **why);

/*
 * counts.csv and the Counts sheet, for sharing: per session the total, then
 * by category, list, organisation (if asked), each kept column and kiosk,
 * and the arrivals in each 15-minute slot, in one long table (breakdown,
 * session, group, registered, checked_in) that pivots easily.
 */
static bool export_counts(struct store *st, const char *dir, struct export *e,
                          struct report_arrivals **arrivals, size_t *narrivals, char **why)
{
    const struct report_options *opt = e->opt;
    struct count_table t = { 0 };
    struct report_arrivals *arr = NULL;
    size_t narr = 0;
    /* Every breakdown by people, counted while attendance.csv was written. */
    struct tallies *tallies = e->tallies;
    bool ok = true;
    t.has_registered = true;
    for (size_t i = 0; i < tallies->n; i++) {
        struct tally *y = &tallies->v[i];
        if (i == TALLY_ORGANISATION && !opt->by_organisation)
            continue;
        if (i == TALLY_TOTAL && y->n == 0)
            tally_find(y, "", 0); /* no attendees: the totals are 0, not absent */
        if (y->n > 1)             /* (no groups: no array to sort) */
            qsort(y->v, y->n, sizeof *y->v, compare_groups);
        t.breakdown = y->name;
        for (size_t s = 0; ok && s < e->sessions->n; s++)
            for (size_t g = 0; g < y->n; g++)
                table_add(&t, e->sessions->v[s], y->v[g].value, y->v[g].n[2 * s],
                          y->v[g].n[2 * s + 1]);
    }
    t.breakdown = "kiosk";
    t.has_registered = false;
    ok = ok && read_arrivals(st, REPORT_SLOT_MS, &arr, &narr, &t, why);
    t.breakdown = "arrivals";
    for (size_t i = 0; ok && i < narr; i++)
        for (size_t j = 0; j < arr[i].nslots; j++) {
            char start[20];
            localtime_format(localtime_secs(&e->clock, arr[i].slot[j].start_ms), start);
            table_add(&t, arr[i].session, start, 0, arr[i].slot[j].arrivals);
            t.v[t.n - 1].timed = true; /* a date-time on the Counts sheet */
            t.v[t.n - 1].start_ms = arr[i].slot[j].start_ms;
        }
    *arrivals = arr; /* for the chart */
    *narrivals = narr;
    struct safefile *sf = NULL;
    if (ok)
        sf = open_csv(dir, "counts.csv", opt->separator, counts_header, 5, why);
    ok = sf != NULL;
    if (ok) {
        table_suppress(&t, opt->min_count);
        e->f = safefile_stream(sf);
        export_columns(e, 5);
        for (size_t i = 0; i < t.n; i++) {
            char small[2][16];
            e->cells[0] = text_cell(t.v[i].breakdown);
            e->cells[1] = text_cell(t.v[i].session);
            e->cells[2] = t.v[i].timed ? time_cell(true, t.v[i].start_ms) : text_cell(t.v[i].group);
            e->cells[3] = count_cell(&t.v[i], 0, opt->min_count, small[0], sizeof small[0]);
            e->cells[4] = count_cell(&t.v[i], 1, opt->min_count, small[1], sizeof small[1]);
            export_row(e);
        }
        ok = close_csv(sf, true, why);
    }
    table_free(&t);
    return ok;
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

static void names_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* checkins.csv and the Check-ins sheet. */
static bool export_checkins(struct store *st, const char *dir, struct export *e, char **why)
{
    struct safefile *sf =
        open_csv(dir, "checkins.csv", e->opt->separator, checkins_header, CHECKINS_COLUMNS, why);
    if (sf == NULL)
        return false;
    e->f = safefile_stream(sf);
    /*
     * The sheet: what happened, and to whom (the rest of the person is on
     * the Attendees sheet). Half the workbook's size is this sheet, and so
     * half the time it takes.
     */
    static const size_t pick[] = { 1, 3, 4, 2, 5, 11, 6, 7 };
    enum { NPICK = sizeof pick / sizeof *pick };
    const char *header[NPICK];
    struct workbook_cell picked[NPICK];
    for (size_t i = 0; i < NPICK; i++)
        header[i] = checkins_header[pick[i]];
    if (e->wb)
        e->sheet = workbook_sheet(e->wb, "Check-ins", header, NPICK);
    export_columns(e, CHECKINS_COLUMNS);
    e->pick = pick;
    e->npick = NPICK;
    e->picked = picked;
    bool ok = store_each_journal_row(st, STORE_BY_TIME, handle_checkin, e, why);
    e->pick = NULL;
    return close_csv_later(e, sf, ok, why);
}

/* attendance.csv and the Attendees sheet: fixed columns, kept ones, one per session. */
static bool export_attendance(struct store *st, const char *dir, struct export *e, char **why)
{
    size_t ncols = ATTENDANCE_COLUMNS + e->kept->n + e->sessions->n;
    const char **header = xcalloc(ncols, sizeof *header);
    memcpy(header, attendance_fixed, sizeof attendance_fixed);
    for (size_t i = 0; i < e->kept->n; i++)
        header[ATTENDANCE_COLUMNS + i] = e->kept->v[i];
    for (size_t i = 0; i < e->sessions->n; i++)
        header[ATTENDANCE_COLUMNS + e->kept->n + i] = e->sessions->v[i];
    struct safefile *sf = open_csv(dir, "attendance.csv", e->opt->separator, header, ncols, why);
    bool ok = sf != NULL;
    if (ok) {
        e->f = safefile_stream(sf);
        if (e->wb)
            e->sheet = workbook_sheet(e->wb, "Attendees", header, ncols);
        export_columns(e, ncols);
        ok = store_each_attendance(st, (const char *const *)e->kept->v, e->kept->n,
                                   handle_attendance, e, why);
        ok = close_csv_later(e, sf, ok, why);
    }
    free(header);
    return ok;
}

/* codes.csv: the codes made here, with what it takes to mail them. */
static bool export_codes(struct store *st, const char *dir, struct export *e, char **why)
{
    static const char *const header[] = { "name", "email", "list", "code" };
    struct safefile *sf = open_csv(dir, "codes.csv", e->opt->separator, header, 4, why);
    if (sf == NULL)
        return false;
    e->f = safefile_stream(sf);
    bool ok = store_each_made_code(st, handle_made_code, e, why);
    return close_csv(sf, ok, why);
}

/* A person admitted to one session at two kiosks while they could not ask the server. */
static bool handle_conflict(void *ctx, const struct store_conflict *c)
{
    struct export *e = ctx;
    char first[20], last[20], n[24];
    localtime_format(localtime_secs(&e->clock, c->first_ms), first);
    localtime_format(localtime_secs(&e->clock, c->last_ms), last);
    snprintf(n, sizeof n, "%lld", (long long)c->admissions);
    const char *cells[] = { c->code, c->name, c->session, c->kiosks, n, first, last };
    csv_write_row(e->f, e->opt->separator, true, cells, 7);
    return true;
}

static bool export_conflicts(struct store *st, const char *dir, struct export *e, char **why)
{
    static const char *const header[] = {
        "code", "name", "session", "kiosks", "admissions", "first", "last",
    };
    struct safefile *sf = open_csv(dir, "conflicts.csv", e->opt->separator, header, 7, why);
    if (sf == NULL)
        return false;
    e->f = safefile_stream(sf);
    bool ok = store_each_conflict(st, handle_conflict, e, why);
    return close_csv(sf, ok, why);
}

bool report_export(struct store *st, const char *dir, const struct report_options *opt, char **why)
{
    struct names kept;
    names_split(opt->keep, &kept);
    struct sessions sessions = { 0 };
    struct tallies tallies = { .n = TALLY_KEPT + kept.n, .by_organisation = opt->by_organisation };
    tallies.v = xcalloc(tallies.n, sizeof *tallies.v);
    struct export e = {
        .opt = opt,
        .clock = LOCALTIME_CACHE_INIT,
        .kept = &kept,
        .sessions = &sessions,
        .tallies = &tallies,
    };
    /* Read everything in one snapshot so the files agree (or in the caller's, if it has one). */
    bool ok = store_snapshot_begin(st, why);
    if (ok) {
        ok = store_each_session(st, handle_session, &sessions, why);
        static const char *const names[] = { "total", "category", "list", "organisation" };
        for (size_t i = 0; i < tallies.n; i++) {
            tallies.v[i].name = i < TALLY_KEPT ? names[i] : kept.v[i - TALLY_KEPT];
            tallies.v[i].nsessions = sessions.n;
        }
        if (ok && opt->workbook) {
            e.wb = workbook_create(dir, "attendance.xlsx", why);
            ok = e.wb != NULL;
        }
        /* The workbook's sheets in this order: people first, as organisers look for them. */
        ok = ok && export_attendance(st, dir, &e, why) && export_checkins(st, dir, &e, why);
        if (ok && e.wb)
            e.sheet = workbook_sheet(e.wb, "Counts", counts_header, 5);
        struct report_arrivals *arr = NULL;
        size_t narr = 0;
        ok = ok && export_counts(st, dir, &e, &arr, &narr, why);
        /* The chart while the workbook's thread writes the rows still queued for it. */
        const unsigned char *png = NULL;
        size_t len = 0;
        if (ok && opt->chart)
            ok = opt->chart(opt->chart_ctx, arr, narr, &png, &len, why);
        report_arrivals_free(arr, narr);
        if (ok && e.wb) {
            int chart = workbook_sheet(e.wb, "Chart", NULL, 0);
            if (png)
                workbook_image(e.wb, chart, png, len);
            workbook_end(e.wb);
        }
        /*
         * The rest is in no sheet: written while the workbook is compressed,
         * which takes its thread longer than all of it.
         */
        ok = commit_later(&e, ok, why);
        ok = ok && export_codes(st, dir, &e, why) && export_conflicts(st, dir, &e, why);
        if (ok && opt->meanwhile)
            ok = opt->meanwhile(opt->meanwhile_ctx, why);
        if (ok && e.wb) {
            ok = workbook_commit(e.wb, why);
            e.wb = NULL;
        }
        workbook_abort(e.wb);
        store_snapshot_end(st);
    }
    for (size_t i = 0; i < tallies.n; i++)
        tally_free(&tallies.v[i]);
    free(tallies.v);
    free(e.cells);
    free(e.text);
    free(e.times);
    names_free(kept.v, kept.n);
    names_free(sessions.v, sessions.n);
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

/* The people admitted first at one kiosk, to the session being read. */
struct kiosk_count {
    char *kiosk;
    int64_t n;
};

struct arrivals {
    int64_t slot_ms;
    struct report_arrivals *v;
    size_t n, cap, cap_slots;
    int64_t session;            /* the id of v[n - 1] */
    struct count_table *kiosks; /* rows by session and kiosk; NULL: not counted */
    struct kiosk_count *k;      /* of session v[n - 1] */
    size_t nk, cap_k, last_k;   /* last_k: the kiosk of the row before */
};

static int compare_kiosks(const void *a, const void *b)
{
    return strcmp(((const struct kiosk_count *)a)->kiosk, ((const struct kiosk_count *)b)->kiosk);
}

/* Add the kiosks of session v[n - 1] to the rows, by kiosk, and forget them. */
static void flush_kiosks(struct arrivals *s)
{
    if (s->nk > 1)
        qsort(s->k, s->nk, sizeof *s->k, compare_kiosks);
    for (size_t i = 0; i < s->nk; i++) {
        table_add(s->kiosks, s->v[s->n - 1].session, s->k[i].kiosk, 0, s->k[i].n);
        free(s->k[i].kiosk);
    }
    s->nk = 0;
}

/* Count a first admission at kiosk (a few kiosks: a list will do). */
static void count_kiosk(struct arrivals *s, const char *kiosk)
{
    if (s->last_k >= s->nk || strcmp(s->k[s->last_k].kiosk, kiosk) != 0) {
        for (s->last_k = 0; s->last_k < s->nk && strcmp(s->k[s->last_k].kiosk, kiosk) != 0;
             s->last_k++)
            ;
        if (s->last_k == s->nk) {
            if (s->nk == s->cap_k) {
                s->cap_k = s->cap_k ? s->cap_k * 2 : 8;
                s->k = xreallocarray(s->k, s->cap_k, sizeof *s->k);
            }
            s->k[s->nk++] = (struct kiosk_count){ .kiosk = xstrdup(kiosk) };
        }
    }
    s->k[s->last_k].n++;
}

static bool handle_arrival(void *ctx, const struct store_arrival *row)
{
    struct arrivals *s = ctx;
    if (s->n == 0 || row->session_id != s->session) {
        if (s->kiosks && s->n > 0)
            flush_kiosks(s);
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
    if (s->kiosks)
        count_kiosk(s, row->kiosk);
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

/*
 * report_arrivals, and with kiosks not NULL the rows of the counts by
 * kiosk (breakdown and has_registered as kiosks has them) from the same
 * first admissions: per session, by kiosk.
 */
static bool read_arrivals(struct store *st, int64_t slot_ms, struct report_arrivals **out,
                          size_t *n, struct count_table *kiosks, char **why)
{
    struct arrivals s = { .slot_ms = slot_ms, .kiosks = kiosks };
    bool ok = store_each_first_arrival(st, handle_arrival, &s, why);
    if (ok && kiosks && s.n > 0)
        flush_kiosks(&s);
    for (size_t i = 0; i < s.nk; i++) /* of a read given up */
        free(s.k[i].kiosk);
    free(s.k);
    if (!ok) {
        report_arrivals_free(s.v, s.n);
        s.v = NULL;
        s.n = 0;
    }
    *out = s.v;
    *n = s.n;
    return ok;
}

bool report_arrivals(struct store *st, int64_t slot_ms, struct report_arrivals **out, size_t *n,
                     char **why)
{
    return read_arrivals(st, slot_ms, out, n, NULL, why);
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
