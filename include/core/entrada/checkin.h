/*
 * The check-in decision: given a scanned or chosen code, say welcome,
 * already, unknown or cancelled, and record the check-in in the store
 * before saying so. Every source of codes (USB scanner, camera, search,
 * staff, the command line) goes through checkin_code.
 */
#ifndef ENTRADA_CHECKIN_H
#define ENTRADA_CHECKIN_H

#include "entrada/attendee.h"
#include "entrada/store.h"

#include <stdbool.h>
#include <stdint.h>

/* Longest code accepted; longer ones are unknown without asking the store. */
#define CHECKIN_CODE_MAX 512

enum checkin_verdict {
    CHECKIN_WELCOME,         /* first check-in to this session, recorded */
    CHECKIN_ALREADY,         /* checked in before: first_ms says when */
    CHECKIN_UNKNOWN,         /* no attendee has this code (or it is not a code at all) */
    CHECKIN_CANCELLED,       /* the attendee's registration was cancelled */
    CHECKIN_UNPAID,          /* registered, but not paid (or not approved) yet */
    CHECKIN_NOT_FOR_SESSION, /* registered, but the session is for other lists or others */
};

/* What the kiosk admits and how. */
struct checkin_policy {
    const char *kiosk;   /* this kiosk's id */
    const char *session; /* session name, e.g. "main" */
    bool reentry;        /* record later scans as re-entries */
    int64_t repeat_ms;   /* the same code within this time is the same scan */
    bool override;       /* staff admit anyway: unpaid, cancelled, not for the session */
    const char *reason;  /* with override: why (checkin_reason_valid), journalled with it */
    /*
     * Asked before a first admission is recorded, inside the check-in's
     * transaction (the event's server, sync.h): row is the event as it
     * will be recorded. 1: first, record it (the server holds it); 0:
     * admitted before elsewhere, *first_ms says when; -1: no answer, the
     * kiosk decides alone and the event is marked offline. NULL: decide
     * here alone, as without a server.
     */
    int (*decide)(void *ctx, const struct store_journal_row *row, int64_t *first_ms);
    void *decide_ctx;
};

/* The reasons staff choose from at the kiosk (the command line takes any text). */
enum { CHECKIN_REASONS = 3 };
extern const char *const checkin_reasons[CHECKIN_REASONS];

/* Longest reason kept, in bytes. */
#define CHECKIN_REASON_MAX 120

/* True if reason can be an override's: 1 to CHECKIN_REASON_MAX bytes of UTF-8, no controls. */
bool checkin_reason_valid(const char *reason);

struct checkin_result {
    enum checkin_verdict verdict;
    char code[CHECKIN_CODE_MAX + 1]; /* the code as looked up (trimmed); empty if rejected */
    struct attendee attendee;        /* filled unless unknown; free with checkin_result_clear */
    int64_t first_ms;                /* first check-in to the session (0 if none) */
    bool recorded;                   /* an event was written by this call */
    bool overridden;                 /* admitted by staff against the registration */
    bool offline;                    /* decided here without the server's answer */
    bool elsewhere;                  /* the server said already: admitted at another kiosk */
    char only_for[200];              /* the session's rule, "b2b" or "Matchmaking = Yes", or "" */
    struct store_event event;        /* the event written, if recorded */
};

/*
 * Decide on code and record the outcome. now_ms is the UTC time of the
 * scan. Returns false only when the store fails or the session does not
 * exist (*why says which); a refusal is a verdict, not a failure. When
 * true is returned with recorded set, the event is on disk.
 *
 * An attendee may hold several registrations (one per list), each with a
 * code: any of them identifies the person, and the person is admitted when
 * one of their registrations is active and entitled to the session (the
 * session's lists and --where rule). Otherwise the verdict says why: unpaid
 * or cancelled (their entitled registrations are), or not for this session
 * (they are registered, but not for it). A refusal of someone known is
 * recorded as a refused scan, never as an admission.
 */
bool checkin_code(struct store *st, const struct checkin_policy *policy, const char *code,
                  enum store_method method, int64_t now_ms, struct checkin_result *out, char **why);

/*
 * Take back the latest check-in at this kiosk that still stands, by
 * appending an undo event: the journal keeps both. Returns true with
 * out->recorded set and out->attendee filled (out->event is the undo), or
 * with recorded false if there was nothing to undo; false if the store fails.
 */
bool checkin_undo_last(struct store *st, const struct checkin_policy *policy, int64_t now_ms,
                       struct checkin_result *out, char **why);

/*
 * The same for attendee_id's latest check-in at this kiosk that still
 * stands ("undo" from a person, in staff mode or `entrada undo CODE`).
 */
bool checkin_undo_attendee(struct store *st, const struct checkin_policy *policy,
                           int64_t attendee_id, int64_t now_ms, struct checkin_result *out,
                           char **why);

void checkin_result_clear(struct checkin_result *r);

/* A session's rule in words, for a refusal: "b2b", "main/b2b, Matchmaking = Yes", or "". */
void checkin_session_rule(const struct store_session *s, char *out, size_t size);

/* "welcome", "already", "unknown", "cancelled", "unpaid", "not_for_session" */
const char *checkin_verdict_name(enum checkin_verdict v);

/* The current UTC time in milliseconds. */
int64_t checkin_now_ms(void);

#endif
