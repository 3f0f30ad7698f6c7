/*
 * The check-in decision. The store's journal is the only state: a repeat
 * of the same code within the repeat window is recognised from the last
 * recorded event, so the decision is the same whichever process (kiosk or
 * command line) makes it.
 */
#include "entrada/checkin.h"
#include "entrada/text.h"
#include "entrada/xmalloc.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t checkin_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *checkin_verdict_name(enum checkin_verdict v)
{
    static const char *const names[] = { "welcome", "already", "unknown", "cancelled" };
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
    if (found == 0 || out->attendee.cancelled) {
        if (found)
            out->verdict = CHECKIN_CANCELLED;
        store_rollback(st); /* nothing was written */
        return true;
    }

    int64_t session_id;
    int rc = store_find_session(st, policy->session, &session_id, why);
    if (rc < 0)
        goto fail;
    if (rc == 0) {
        *why = xasprintf("no session named \"%s\" (add it with: entrada session add %s)",
                         policy->session, policy->session);
        goto fail;
    }

    struct store_event first, last;
    rc = store_first_last_in(st, out->attendee.id, session_id, &first, &last, why);
    if (rc < 0)
        goto fail;

    bool record;
    if (rc == 0) {
        out->verdict = CHECKIN_WELCOME;
        out->first_ms = now_ms;
        record = true;
    } else if (now_ms - last.at_ms >= 0 && now_ms - last.at_ms < policy->repeat_ms) {
        /* The same badge seen twice: answer as the first time, record nothing. */
        out->verdict = last.id == first.id ? CHECKIN_WELCOME : CHECKIN_ALREADY;
        out->first_ms = first.at_ms;
        record = false;
    } else {
        out->verdict = CHECKIN_ALREADY;
        out->first_ms = first.at_ms;
        record = policy->reentry;
    }

    if (record) {
        struct store_event *ev = &out->event;
        snprintf(ev->kiosk, sizeof ev->kiosk, "%s", policy->kiosk);
        ev->attendee_id = out->attendee.id;
        ev->session_id = session_id;
        ev->at_ms = now_ms;
        ev->method = method;
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

bool checkin_undo_last(struct store *st, const struct checkin_policy *policy, int64_t now_ms,
                       struct checkin_result *out, char **why)
{
    memset(out, 0, sizeof *out);
    if (!store_begin(st, why))
        return false;
    struct store_event last;
    int rc = store_last_admission(st, policy->kiosk, &last, why);
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
