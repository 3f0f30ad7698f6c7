/*
 * Several kiosks on one PostgreSQL server, the event's store of record
 * ([sync] server), through libpq.
 *
 * The local store stays the truth the door reads from. The server holds
 * every kiosk's events, keyed by their global ids (kiosk-seq, see
 * store_identity), one row per person and session admitted, the lists the
 * organiser published and the sessions. A kiosk:
 *  - asks the server before it admits someone for the first time
 *    (sync_decide, through checkin_policy's decide): one statement inserts
 *    the admission and the event, so of two doors scanning one badge at the
 *    same moment exactly one is first; a server slower than [sync]
 *    timeout_ms leaves the decision to the kiosk, marked offline;
 *  - pushes the events of its outbox (idempotent by global id) and pulls
 *    the other kiosks' events, the lists, the sessions, the walk-ins and
 *    the event-wide settings (sync_exchange);
 *  - notes in its store whether the server answered, since when it has
 *    not, and what went wrong, for the status line and `entrada stats`.
 *
 * A struct sync is one connection, used by one thread at a time. Messages
 * never hold the server's password (config_mask_conninfo).
 */
#ifndef ENTRADA_SYNC_H
#define ENTRADA_SYNC_H

#include "entrada/checkin.h"
#include "entrada/config.h"
#include "entrada/store.h"

#include <stdbool.h>
#include <stdint.h>

/* The server schema this build writes (entrada server init). */
#define SYNC_SCHEMA_VERSION 2

struct sync;

/* True if [sync] server names a server. */
bool sync_configured(const struct config *cfg);

/*
 * A connection to [sync] server, made within timeout_ms. The server's
 * entrada schema must be SYNC_SCHEMA_VERSION unless init is set (for
 * entrada server init). NULL with *why: unreachable, refused, no schema
 * or another version, naming the server (password masked).
 */
struct sync *sync_connect(const struct config *cfg, int timeout_ms, bool init, char **why);
void sync_close(struct sync *s);

/* True if the server takes no writes (a standby, or default_transaction_read_only). */
bool sync_read_only(const struct sync *s);

/* Create or migrate the server's schema: *from and *to the versions before and after. */
bool sync_server_init(struct sync *s, int *from, int *to, char **why);

/*
 * Publish the list named list, text[0..len) read from file (its name, for
 * kiosks' messages), and the sessions of st, on the server. Kiosks import
 * it at their next exchange.
 */
bool sync_push_list(struct sync *s, struct store *st, const char *list, const char *file,
                    const char *text, size_t len, char **why);

struct sync_report {
    unsigned pushed;    /* events of the outbox the server took */
    unsigned pulled;    /* events of other kiosks merged here */
    unsigned lists;     /* lists imported from the server */
    unsigned sessions;  /* sessions added or changed */
    unsigned walkins;   /* walk-ins other kiosks' desks added */
    unsigned requeued;  /* own events the server had lost (restored from a backup), pushed again */
    unsigned settings;  /* event-wide settings taken from the server (sync_share_settings) */
    unsigned published; /* this store's settings the server took (sync_share_settings) */
    int64_t waiting;    /* events still in the outbox */
    char warning[400];  /* "" or what staff should know that stopped nothing (another event key) */
};

/*
 * Push the outbox and pull once: events, lists and sessions. cfg gives the
 * import options; identity is this kiosk's. On failure *why says what; the
 * store keeps everything it had, and what was done stays done.
 */
bool sync_exchange(struct sync *s, struct store *st, const struct config *cfg, const char *identity,
                   struct sync_report *rep, char **why);

/*
 * Share the event-wide settings of st with the server: the retention's
 * extension (the latest wins) and the event key (the first published
 * stays; a kiosk without one enrols it, one with another keeps its own and
 * rep->warning says so). What is one kiosk's own never travels. Adds to
 * rep->settings what was taken here. sync_exchange does it every time.
 */
bool sync_share_settings(struct sync *s, struct store *st, const char *identity,
                         struct sync_report *rep, char **why);

/*
 * For entrada doctor: whether the server's event key is st's, said in
 * said. 1 if nothing is wrong (the same key, or one of the two has none
 * yet: the next exchange shares it), 0 if the server has another key (or
 * one that cannot be read), -1 with *why if the server did not answer
 * within timeout_ms.
 */
int sync_check_key(struct sync *s, struct store *st, int timeout_ms, char *said, size_t size,
                   char **why);

/* Push the outbox only (after a check-in on the command line): *pushed events taken. */
bool sync_push(struct sync *s, struct store *st, unsigned *pushed, char **why);

/*
 * checkin_policy's decide, with a struct sync_door as ctx: ask the server
 * whether row (an "in" event not yet recorded) is the person's first
 * admission to the session. 1 first (the server holds the event now), 0
 * admitted before (*first_ms), -1 no answer within the door's timeout.
 */
struct sync_door {
    const struct config *cfg;
    struct sync *conn; /* connected on first use, dropped after a failure */
    int timeout_ms;
    bool skip;     /* decide without asking (the kiosk knows the server is away) */
    char *problem; /* the last failure, for the status line; owned */
};
int sync_decide(void *door, const struct store_journal_row *row, int64_t *first_ms);
void sync_door_clear(struct sync_door *d);

/* Ask for a notice of every new event (then sync_wait). */
bool sync_listen(struct sync *s, char **why);

/*
 * Wait up to timeout_ms for another kiosk's events (LISTEN/NOTIFY). True
 * if some came, false on timeout or a broken connection.
 */
bool sync_wait(struct sync *s, int timeout_ms);

/* What the store says of the server, for the status line and entrada stats. */
struct sync_state {
    bool configured;
    bool online;
    int64_t since_ms;        /* offline since, or online since */
    int64_t last_contact_ms; /* 0: never */
    int64_t waiting;         /* events in the outbox */
    char problem[256];       /* why offline, "" if online */
};

/* Note in st that the server answered (problem NULL) or not. */
void sync_note(struct store *st, const char *problem);
bool sync_state_read(struct store *st, const struct config *cfg, struct sync_state *out,
                     char **why);
/* "online, 3 waiting", "offline since 10:42, 17 waiting" (local time). */
void sync_state_line(const struct sync_state *s, char *out, size_t size);

#endif
