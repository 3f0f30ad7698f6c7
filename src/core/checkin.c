/*
 * The check-in decision. The store's journal is the only state: a repeat
 * of the same code within the repeat window is recognised from the last
 * recorded event, so the decision is the same whichever process (kiosk or
 * command line) makes it.
 */
#include "entrada/checkin.h"
#include "entrada/i18n.h"
#include "entrada/text.h"
#include "entrada/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t checkin_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *const checkin_reasons[CHECKIN_REASONS] = {
    N_("paid at the door"),
    N_("organiser's decision"),
    N_("other"),
};

bool checkin_reason_valid(const char *reason)
{
    size_t n = strnlen(reason, CHECKIN_REASON_MAX + 1);
    if (n == 0 || n > CHECKIN_REASON_MAX || !text_valid_utf8(reason, n))
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)reason[i] < 0x20 || reason[i] == 0x7F)
            return false;
    return true;
}

const char *checkin_verdict_name(enum checkin_verdict v)
{
    static const char *const names[] = { "welcome",   "already", "unknown",
                                         "cancelled", "unpaid",  "not_for_session" };
    return names[v];
}

void checkin_result_clear(struct checkin_result *r)
{
    attendee_clear(&r->attendee);
    memset(r, 0, sizeof *r);
}

/*
 * Copy code to out without surrounding white space. False if it cannot be
 * a code: empty, too long, not UTF-8, or holding control characters.
 */
static bool clean_code(const char *code, char out[CHECKIN_CODE_MAX + 1])
{
    size_t len = strnlen(code, CHECKIN_CODE_MAX * 2 + 64);
    const char *s = code, *e = code + len;
    while (s < e && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        e--;
    size_t n = (size_t)(e - s);
    if (n == 0 || n > CHECKIN_CODE_MAX || !text_valid_utf8(s, n))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F)
            return false;
    }
    memcpy(out, s, n);
    out[n] = '\0';
    return true;
}

/* Where a person stands for a session, from each registration they hold. */
struct standing {
    const struct store_session *session;
    bool entitled[3]; /* by status: a registration of that status entitles them */
    bool held[3];     /* by status: a registration of that status, entitling or not */
    const char *code; /* the code shown */
    int64_t shown;    /* the registration it is, 0 if none matched it exactly */
};

/* True if the session's lists name list ("b2b" in "main,b2b"); an empty rule admits any. */
static bool list_named(const char *lists, const char *list)
{
    if (lists[0] == '\0')
        return true;
    size_t n = strlen(list);
    for (const char *p = lists; *p;) {
        size_t k = strcspn(p, ",");
        if (k == n && strncmp(p, list, n) == 0)
            return true;
        p += k + (p[k] == ',');
    }
    return false;
}

static bool handle_held(void *ctx, const struct store_held *h)
{
    struct standing *s = ctx;
    s->held[h->status] = true;
    if (strcmp(h->reg->a.code, s->code) == 0)
        s->shown = h->reg->id;
    bool ok = list_named(s->session->lists, h->list);
    if (ok && s->session->where_column[0]) {
        char *want = text_fold(s->session->where_value), *got = text_fold(h->where_value);
        ok = strcmp(want, got) == 0;
        free(want);
        free(got);
    }
    if (ok)
        s->entitled[h->status] = true;
    return true;
}

/* The verdict a person's registrations give for the session, before their check-ins count. */
static enum checkin_verdict standing_verdict(const struct standing *s)
{
    if (s->entitled[ATTENDEE_ACTIVE])
        return CHECKIN_WELCOME;
    if (s->entitled[ATTENDEE_UNPAID])
        return CHECKIN_UNPAID;
    if (s->entitled[ATTENDEE_CANCELLED])
        return CHECKIN_CANCELLED;
    if (s->held[ATTENDEE_ACTIVE])
        return CHECKIN_NOT_FOR_SESSION;
    return s->held[ATTENDEE_UNPAID] ? CHECKIN_UNPAID : CHECKIN_CANCELLED;
}

/* True if a's lists name the walk-in list. */
static bool walk_in(const struct attendee *a)
{
    const char *l = a->lists ? a->lists : "";
    size_t n = strlen(STORE_WALK_IN);
    for (const char *p = l; (p = strstr(p, STORE_WALK_IN)) != NULL; p += n)
        if ((p == l || p[-1] == ',' || p[-1] == ' ') &&
            (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
            return true;
    return false;
}

void checkin_session_rule(const struct store_session *s, char *out, size_t size)
{
    text_mark_cut(out, size,
                  snprintf(out, size, "%s%s%s%s%s", s->lists,
                           s->lists[0] && s->where_column[0] ? ", " : "", s->where_column,
                           s->where_column[0] ? " = " : "", s->where_value));
    for (char *p = out; *p; p++)
        if (*p == ',' && p[1] != ' ' && p[1])
            *p = '/'; /* "main,b2b" reads "main/b2b" */
}

bool checkin_code(struct store *st, const struct checkin_policy *policy, const char *code,
                  enum store_method method, int64_t now_ms, struct checkin_result *out, char **why)
{
    memset(out, 0, sizeof *out);
    out->verdict = CHECKIN_UNKNOWN;
    if (!clean_code(code, out->code)) {
        out->code[0] = '\0';
        return true;
    }

    /* Look up, decide and record in one transaction: a merge cannot cancel in between. */
    if (!store_begin(st, why))
        return false;
    int found = store_find_attendee(st, out->code, &out->attendee, why);
    if (found < 0)
        goto fail;
    if (found == 0) {
        store_rollback(st); /* nothing was written */
        return true;
    }

    struct store_session session;
    int rc = store_get_session(st, policy->session, &session, why);
    if (rc < 0)
        goto fail;
    if (rc == 0) {
        *why = xasprintf("no session named \"%s\" (add it with: entrada session add %s)",
                         policy->session, policy->session);
        goto fail;
    }
    checkin_session_rule(&session, out->only_for, sizeof out->only_for);

    /* Any registration of the person that entitles them admits them, whichever code was shown. */
    struct standing standing = { .session = &session, .code = out->code };
    if (!store_each_held(st, out->attendee.id, session.where_column, handle_held, &standing, why))
        goto fail;
    enum checkin_verdict refusal = standing_verdict(&standing);
    if (refusal != CHECKIN_WELCOME && !policy->override) {
        out->verdict = refusal;
        struct store_refusal log = { .at_ms = now_ms,
                                     .attendee_id = out->attendee.id,
                                     .session_id = session.id,
                                     .verdict = checkin_verdict_name(refusal),
                                     .method = method };
        snprintf(log.kiosk, sizeof log.kiosk, "%s", policy->kiosk);
        if (!store_log_refusal(st, &log, why))
            goto fail;
        return store_commit(st, why);
    }
    out->overridden = refusal != CHECKIN_WELCOME;

    struct store_event first, last;
    rc = store_first_last_in(st, out->attendee.id, session.id, &first, &last, why);
    if (rc < 0)
        goto fail;

    bool record;
    if (rc == 0) {
        out->verdict = CHECKIN_WELCOME;
        out->first_ms = now_ms;
        record = true;
    } else if (now_ms - last.at_ms >= 0 && now_ms - last.at_ms < policy->repeat_ms &&
               (last.registration_id == 0 || standing.shown == 0 ||
                last.registration_id == standing.shown)) {
        /*
         * The same badge seen twice: answer as the first time, record
         * nothing. The person's other code is a second scan, below.
         */
        out->verdict = last.id == first.id ? CHECKIN_WELCOME : CHECKIN_ALREADY;
        out->first_ms = first.at_ms;
        record = false;
    } else {
        out->verdict = CHECKIN_ALREADY;
        out->first_ms = first.at_ms;
        record = policy->reentry;
    }

    if (record && out->verdict == CHECKIN_WELCOME && policy->decide) {
        /* A first admission here: the server says whether it is the first anywhere. */
        struct store_event *ev = &out->event;
        if (!store_next_seq(st, policy->kiosk, &ev->seq, why))
            goto fail;
        char seq_kiosk[64];
        snprintf(seq_kiosk, sizeof seq_kiosk, "%s", policy->kiosk);
        const char *reason = out->overridden && policy->reason ? policy->reason : "";
        struct store_journal_row row = {
            .kiosk = seq_kiosk,
            .seq = ev->seq,
            .at_ms = now_ms,
            .session = session.name,
            .session_title = session.title,
            .direction = "in",
            .method = store_method_name(out->overridden ? STORE_STAFF : method),
            .code = out->attendee.code,
            .name = out->attendee.name,
            .organisation = out->attendee.organisation ? out->attendee.organisation : "",
            .category = out->attendee.category ? out->attendee.category : "",
            .override = out->overridden,
            .reason = reason,
            .walk_in = walk_in(&out->attendee),
        };
        int64_t first_ms = 0;
        int answer = policy->decide(policy->decide_ctx, &row, &first_ms);
        if (answer == 0) {
            out->verdict = CHECKIN_ALREADY;
            out->elsewhere = true;
            out->first_ms = first_ms;
            record = policy->reentry;
        } else if (answer < 0) {
            out->offline = true;
        }
        if (record) {
            ev->offline = out->offline;
            snprintf(ev->kiosk, sizeof ev->kiosk, "%s", policy->kiosk);
            ev->attendee_id = out->attendee.id;
            ev->session_id = session.id;
            ev->at_ms = now_ms;
            ev->method = out->overridden ? STORE_STAFF : method;
            ev->override = out->overridden;
            ev->registration_id = standing.shown;
            snprintf(ev->reason, sizeof ev->reason, "%s", reason);
            if (!store_add_event(st, ev, why))
                goto fail;
            /* The server took it in the same breath: nothing waits in the outbox. */
            if (answer == 1 && !store_outbox_done(st, ev->kiosk, ev->seq, why))
                goto fail;
            out->recorded = true;
            record = false;
        }
    }

    if (record) {
        struct store_event *ev = &out->event;
        snprintf(ev->kiosk, sizeof ev->kiosk, "%s", policy->kiosk);
        ev->attendee_id = out->attendee.id;
        ev->session_id = session.id;
        ev->at_ms = now_ms;
        ev->method = out->overridden ? STORE_STAFF : method;
        ev->override = out->overridden;
        ev->registration_id = standing.shown;
        if (out->overridden && policy->reason)
            snprintf(ev->reason, sizeof ev->reason, "%s", policy->reason);
        if (!store_record(st, ev, why))
            goto fail;
        out->recorded = true;
    }
    if (!store_commit(st, why)) {
        out->recorded = false;
        return false;
    }
    return true;
fail:
    store_rollback(st);
    return false;
}

/* Undo the latest standing check-in at this kiosk, of attendee_id (0: of anyone). */
static bool undo_latest(struct store *st, const struct checkin_policy *policy, int64_t attendee_id,
                        int64_t now_ms, struct checkin_result *out, char **why)
{
    memset(out, 0, sizeof *out);
    if (!store_begin(st, why))
        return false;
    struct store_event last;
    int rc = attendee_id ? store_last_admission_of(st, policy->kiosk, attendee_id, &last, why)
                         : store_last_admission(st, policy->kiosk, &last, why);
    if (rc < 0)
        goto fail;
    if (rc == 1) {
        rc = store_get_attendee(st, last.attendee_id, &out->attendee, why);
        if (rc == 0)
            *why = xasprintf("the check-in to undo names attendee %lld, who is not in the list",
                             (long long)last.attendee_id);
        if (rc != 1)
            goto fail;
        snprintf(out->code, sizeof out->code, "%s", out->attendee.code);
        struct store_event *ev = &out->event;
        snprintf(ev->kiosk, sizeof ev->kiosk, "%s", policy->kiosk);
        ev->attendee_id = last.attendee_id;
        ev->session_id = last.session_id;
        ev->out = true;
        ev->at_ms = now_ms;
        ev->method = STORE_STAFF;
        ev->undoes = last.id;
        if (!store_record(st, ev, why))
            goto fail;
        out->recorded = true;
        out->first_ms = last.at_ms;
    }
    if (!store_commit(st, why)) {
        out->recorded = false;
        return false;
    }
    return true;
fail:
    store_rollback(st);
    return false;
}

bool checkin_undo_last(struct store *st, const struct checkin_policy *policy, int64_t now_ms,
                       struct checkin_result *out, char **why)
{
    return undo_latest(st, policy, 0, now_ms, out, why);
}

bool checkin_undo_attendee(struct store *st, const struct checkin_policy *policy,
                           int64_t attendee_id, int64_t now_ms, struct checkin_result *out,
                           char **why)
{
    return undo_latest(st, policy, attendee_id, now_ms, out, why);
}
