/*
 * What the commands print, as text for people and as JSON for scripts.
 * Each renderer appends to a buffer, so a command prints all or nothing.
 * Scripts read the JSON forms: keys may be added, never renamed.
 */
#include "cli.h"

#include "entrada/csv.h"
#include "entrada/json.h"

#include <stdlib.h>

void render_mapping(struct buf *out, const struct roster *r)
{
    buf_addf(out, "encoding:  %s\nseparator: %s\nrows:      %u\nsha256:    %s\n",
             roster_encoding(r), csv_separator_name(roster_separator(r)), roster_rows(r),
             roster_sha256(r));
    char *d = roster_describe(r);
    buf_adds(out, d);
    free(d);
}

void render_list(struct buf *out, const struct store_list_info *l, bool json, bool first)
{
    char when[40] = "";
    if (l->at_ms)
        report_format_time(l->at_ms, when);
    if (json) {
        buf_adds(out, first ? "[\n {\"list\": " : ",\n {\"list\": ");
        json_string(out, l->name);
        json_member(out, "file", l->file[0] ? l->file : NULL);
        json_member(out, "imported", when[0] ? when : NULL);
        buf_addf(out, ", \"rows\": %lld, \"active\": %lld, \"unpaid\": %lld, \"cancelled\": %lld}",
                 (long long)l->rows, (long long)l->active, (long long)l->unpaid,
                 (long long)l->cancelled);
        return;
    }
    if (first)
        buf_addf(out, "%-12s %-24s %-20s %6s %6s %6s %9s\n", "list", "file", "imported", "rows",
                 "active", "unpaid", "cancelled");
    buf_addf(out, "%-12s %-24s %-20.16s %6lld %6lld %6lld %9lld\n", l->name,
             l->file[0] ? l->file : "-", when[0] ? when : "-", (long long)l->rows,
             (long long)l->active, (long long)l->unpaid, (long long)l->cancelled);
}

struct rows_json {
    const struct roster *r;
    struct buf *out;
    bool first;
};

static bool handle_row(void *ctx, const struct csv_row *row)
{
    struct rows_json *j = ctx;
    buf_adds(j->out, j->first ? "\n  {" : ",\n  {");
    j->first = false;
    for (size_t c = 0; c < roster_columns(j->r); c++) {
        if (c)
            buf_adds(j->out, ", ");
        json_string(j->out, roster_header(j->r, c));
        buf_adds(j->out, ": ");
        json_string(j->out, c < row->n ? row->field[c] : "");
    }
    buf_addc(j->out, '}');
    return true;
}

void render_rows_json(struct buf *out, const struct roster *r)
{
    struct rows_json j = { r, out, true };
    buf_addc(out, '[');
    roster_each_row(r, handle_row, &j);
    buf_adds(out, "\n]\n");
}

/* An attendee as a JSON object; e-mail and status only where staff see them. */
static void attendee_json(struct buf *b, const struct attendee *a, bool email)
{
    buf_adds(b, "{\"name\": ");
    json_string(b, a->name);
    char *greeting = attendee_greeting_name(a);
    json_member(b, "greeting", greeting);
    free(greeting);
    json_member(b, "organisation", a->organisation);
    json_member(b, "category", a->category);
    if (email) {
        json_member(b, "email", a->email);
        json_member(b, "status", attendee_status_name(a->status));
        json_member(b, "lists", a->lists ? a->lists : "");
    }
    buf_addc(b, '}');
}

void render_absent(struct buf *out, const struct desk_absent_list *l, const char *session,
                   bool json)
{
    if (json) {
        buf_addc(out, '[');
        for (size_t i = 0; i < l->n; i++) {
            buf_adds(out, i ? ",\n {\"code\": " : "\n {\"code\": ");
            json_string(out, l->v[i].a.code);
            buf_adds(out, ", \"vip\": ");
            buf_adds(out, l->v[i].vip ? "true" : "false");
            buf_adds(out, ", \"attendee\": ");
            attendee_json(out, &l->v[i].a, true);
            buf_addc(out, '}');
        }
        buf_adds(out, l->n ? "\n]\n" : "]\n");
        return;
    }
    buf_addf(out, "%zu not arrived at %s\n", l->n, session);
    for (size_t i = 0; i < l->n; i++) {
        buf_addf(out, "%-14s %s%s", l->v[i].a.code, l->v[i].vip ? "* " : "", l->v[i].a.name);
        if (l->v[i].a.organisation[0])
            buf_addf(out, " — %s", l->v[i].a.organisation);
        if (l->v[i].a.category[0])
            buf_addf(out, " (%s)", l->v[i].a.category);
        buf_addc(out, '\n');
    }
}

void render_walkin(struct buf *out, const struct attendee *a, const char *verdict, bool json)
{
    if (!json) {
        buf_addf(out, "%s\n", a->code);
        return;
    }
    buf_adds(out, "{\"code\": ");
    json_string(out, a->code);
    buf_adds(out, ", \"attendee\": ");
    attendee_json(out, a, true);
    json_member(out, "checkin", verdict);
    buf_adds(out, "}\n");
}

void render_search(struct buf *out, const struct attendee *a, size_t n, bool json)
{
    if (json) {
        buf_addc(out, '[');
        for (size_t i = 0; i < n; i++) {
            buf_adds(out, i ? ",\n {\"code\": " : "\n {\"code\": ");
            json_string(out, a[i].code);
            buf_adds(out, ", \"attendee\": ");
            attendee_json(out, &a[i], true);
            buf_addc(out, '}');
        }
        buf_adds(out, "\n]\n");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        buf_addf(out, "%-14s %s", a[i].code, a[i].name);
        if (a[i].organisation[0])
            buf_addf(out, " — %s", a[i].organisation);
        if (a[i].email[0])
            buf_addf(out, " <%s>", a[i].email);
        if (a[i].status != ATTENDEE_ACTIVE)
            buf_addf(out, " [%s]", attendee_status_name(a[i].status));
        buf_addc(out, '\n');
    }
    if (n == 0)
        buf_adds(out, "no match\n");
}

void render_checkin(struct buf *out, const struct checkin_result *r, bool json)
{
    char when[40] = "";
    if (r->first_ms)
        report_format_time(r->first_ms, when);
    if (json) {
        buf_adds(out, "{\"verdict\": ");
        json_string(out, checkin_verdict_name(r->verdict));
        json_member(out, "code", r->code);
        buf_adds(out, ", \"attendee\": ");
        if (r->attendee.id)
            attendee_json(out, &r->attendee, false);
        else
            buf_adds(out, "null");
        json_member(out, "first_checkin", when[0] ? when : NULL);
        buf_adds(out, ", \"recorded\": ");
        buf_adds(out, r->recorded ? "true" : "false");
        if (r->verdict == CHECKIN_NOT_FOR_SESSION) {
            json_member(out, "only_for", r->only_for);
        }
        if (r->overridden) {
            buf_adds(out, ", \"override\": true, \"reason\": ");
            json_string(out, r->event.reason);
        }
        if (r->offline)
            buf_adds(out, ", \"decided_offline\": true");
        if (r->elsewhere)
            buf_adds(out, ", \"elsewhere\": true");
        buf_adds(out, "}\n");
        return;
    }
    switch (r->verdict) {
    case CHECKIN_WELCOME:
        buf_addf(out, "welcome: %s", r->attendee.name);
        break;
    case CHECKIN_ALREADY:
        buf_addf(out, "already checked in: %s (first at %s)%s", r->attendee.name, when,
                 r->recorded ? ", re-entry recorded" : "");
        break;
    case CHECKIN_UNKNOWN:
        buf_adds(out, "unknown code");
        break;
    case CHECKIN_CANCELLED:
        buf_addf(out, "cancelled registration: %s", r->attendee.name);
        break;
    case CHECKIN_UNPAID:
        buf_addf(out, "registration not paid: %s", r->attendee.name);
        break;
    case CHECKIN_NOT_FOR_SESSION:
        buf_addf(out, "not registered for this session (it is for %s): %s", r->only_for,
                 r->attendee.name);
        break;
    }
    if (r->overridden)
        buf_adds(out, " (admitted by staff against the registration)");
    if (r->attendee.id && r->attendee.organisation[0])
        buf_addf(out, " — %s", r->attendee.organisation);
    if (r->elsewhere)
        buf_adds(out, " (at another kiosk)");
    if (r->offline)
        buf_adds(out, " (decided offline)");
    buf_addc(out, '\n');
}

static void counts_json(struct buf *b, const char *key, const char *label_key,
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

void render_stats(struct buf *out, const struct report_stats *s, const char *event, bool json)
{
    if (json) {
        buf_addf(out,
                 "{\"registered\": %lld, \"cancelled\": %lld, \"checked_in\": %lld, "
                 "\"events\": %lld, \"badges_printed\": %lld, \"print_failures\": %lld, "
                 "\"badges_handed_out\": %lld",
                 (long long)s->registered, (long long)s->cancelled, (long long)s->checked_in,
                 (long long)s->events, (long long)s->printed, (long long)s->print_failures,
                 (long long)s->handed_out);
        counts_json(out, "by_category", "category", s->by_category, s->ncategories);
        counts_json(out, "by_session", "session", s->by_session, s->nsessions);
        buf_adds(out, "}\n");
        return;
    }
    if (event[0])
        buf_addf(out, "%s\n\n", event);
    buf_addf(out,
             "registered  %lld (%lld cancelled)\nchecked in  %lld\nbadges      %lld printed, "
             "%lld failed, %lld handed out\n\nby category:\n",
             (long long)s->registered, (long long)s->cancelled, (long long)s->checked_in,
             (long long)s->printed, (long long)s->print_failures, (long long)s->handed_out);
    for (size_t i = 0; i < s->ncategories; i++)
        buf_addf(out, "  %-24s %5lld of %lld\n",
                 s->by_category[i].label[0] ? s->by_category[i].label : "(none)",
                 (long long)s->by_category[i].checked_in, (long long)s->by_category[i].registered);
    buf_adds(out, "\nby session:\n");
    for (size_t i = 0; i < s->nsessions; i++)
        buf_addf(out, "  %-24s %5lld of %lld\n", s->by_session[i].label,
                 (long long)s->by_session[i].checked_in, (long long)s->by_session[i].registered);
}
