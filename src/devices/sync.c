/*
 * The event's PostgreSQL server (sync.h): the connection, made and used
 * without blocking past a deadline (libpq's non-blocking calls and poll),
 * the server's schema and its migrations, the door's question, and the
 * exchange of events, lists and sessions.
 *
 * Pulls follow the server's transaction ids: every event row carries the
 * id of the transaction that wrote it, and a pull takes the rows of
 * transactions older than the oldest one still running, so a row that
 * commits late is never skipped. The kiosk keeps where it got to.
 */
#include "entrada/sync.h"
#include "entrada/desk.h"
#include "entrada/journal.h"
#include "entrada/json.h"
#include "entrada/key.h"
#include "entrada/retain.h"
#include "entrada/roster.h"
#include "entrada/safefile.h"
#include "entrada/xmalloc.h"
#include "sync-private.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Pushing and pulling are not the door's business: they may take longer. */
#define EXCHANGE_MS 20000

struct sync {
    PGconn *conn;
    char *name; /* the server as messages show it, password masked */
    bool read_only;
    char instance[64]; /* the server's entrada_meta instance: a new one means a new server */
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool sync_configured(const struct config *cfg)
{
    return config_str(cfg, CONFIG_SYNC_SERVER)[0] != '\0';
}

bool sync_read_only(const struct sync *s)
{
    return s->read_only;
}

/* libpq's message, one line, without its trailing newline. */
static char *pq_message(const char *msg)
{
    char *m = xstrdup(msg && msg[0] ? msg : "no answer");
    size_t n = strlen(m);
    while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
        m[--n] = '\0';
    for (char *p = m; *p; p++)
        if (*p == '\n' || *p == '\t')
            *p = ' ';
    return m;
}

/* Wait for the connection's socket (POLLIN and/or POLLOUT) until deadline: false on timeout. */
static bool wait_socket(PGconn *c, short events, int64_t deadline)
{
    int64_t left = deadline - now_ms();
    if (left <= 0)
        return false;
    struct pollfd p = { .fd = PQsocket(c), .events = events };
    int rc;
    while ((rc = poll(&p, 1, (int)left)) < 0 && errno == EINTR)
        if ((left = deadline - now_ms()) <= 0)
            return false;
    return rc > 0;
}

void sync_close(struct sync *s)
{
    if (s == NULL)
        return;
    if (s->conn)
        PQfinish(s->conn);
    free(s->name);
    free(s);
}

/*
 * Run sql with params on s and return its result (the last one), within
 * deadline. NULL with *why on a timeout, a broken connection or an error
 * (the connection is dropped then, unless the server answered with an
 * error: then it is still good).
 */
static PGresult *run(struct sync *s, const char *sql, int n, const char *const *params,
                     int64_t deadline, char **why)
{
    if (s->conn == NULL) {
        *why = xasprintf("%s: the connection was lost", s->name);
        return NULL;
    }
    /* Without parameters a string may hold several statements (a migration). */
    int sent = n == 0 ? PQsendQuery(s->conn, sql)
                      : PQsendQueryParams(s->conn, sql, n, NULL, params, NULL, NULL, 0);
    if (!sent) {
        char *m = pq_message(PQerrorMessage(s->conn));
        *why = xasprintf("%s: %s", s->name, m);
        free(m);
        goto broken;
    }
    int flushed;
    while ((flushed = PQflush(s->conn)) == 1)
        if (!wait_socket(s->conn, POLLOUT | POLLIN, deadline))
            goto timeout;
    if (flushed < 0)
        goto lost;
    PGresult *last = NULL;
    for (;;) {
        while (PQisBusy(s->conn)) {
            if (!wait_socket(s->conn, POLLIN, deadline))
                goto timeout_result;
            if (!PQconsumeInput(s->conn))
                goto lost_result;
        }
        PGresult *r = PQgetResult(s->conn);
        if (r == NULL)
            break;
        PQclear(last);
        last = r;
    }
    ExecStatusType st = last ? PQresultStatus(last) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return last;
    const char *state = last ? PQresultErrorField(last, PG_DIAG_SQLSTATE) : NULL;
    /* The server's own words without the statement quoted after them. */
    const char *primary = last ? PQresultErrorField(last, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    char *m = pq_message(primary ? primary
                         : last  ? PQresultErrorMessage(last)
                                 : PQerrorMessage(s->conn));
    if (PQstatus(s->conn) != CONNECTION_OK) {
        /* Terminated, restarted, or the network gone: what was not committed is not there. */
        *why = xasprintf("%s: the connection was lost mid-statement: %s", s->name, m);
    } else if (state && strcmp(state, "25006") == 0) {
        s->read_only = true;
        *why = xasprintf("%s is read-only (a standby, or default_transaction_read_only): "
                         "check-ins are kept here and pushed when it takes writes",
                         s->name);
    } else {
        *why = xasprintf("%s: %s", s->name, m);
    }
    free(m);
    PQclear(last);
    if (PQstatus(s->conn) != CONNECTION_OK)
        goto broken;
    return NULL;
timeout_result:
    PQclear(last);
timeout:
    *why = xasprintf("%s did not answer in time", s->name);
    goto broken;
lost_result:
    PQclear(last);
lost : {
    /* Its first line: the reason, without the statement libpq quotes after it. */
    const char *text = PQerrorMessage(s->conn);
    if (strncmp(text, "FATAL:  ", 8) == 0 || strncmp(text, "ERROR:  ", 8) == 0)
        text += 8;
    char *first = xasprintf("%.*s", (int)strcspn(text, "\n"), text);
    char *lost = pq_message(first);
    free(first);
    *why = xasprintf("%s: the connection was lost mid-statement: %s", s->name, lost);
    free(lost);
}
broken:
    /* A connection in an unknown state is not used again. */
    PQfinish(s->conn);
    s->conn = NULL;
    return NULL;
}

/* Run sql without parameters, expecting no rows. */
static bool exec(struct sync *s, const char *sql, int64_t deadline, char **why)
{
    PGresult *r = run(s, sql, 0, NULL, deadline, why);
    PQclear(r);
    return r != NULL;
}

static const char *const migrations[SYNC_SCHEMA_VERSION] = {
    /* 1: events, admissions, lists, sessions, and a notice to listeners on new events. */
    "CREATE TABLE entrada_lists ("
    "  name text PRIMARY KEY,"
    "  file text NOT NULL,"
    "  content bytea NOT NULL,"
    "  sha256 text NOT NULL,"
    "  at timestamptz NOT NULL DEFAULT now());"
    "CREATE TABLE entrada_sessions ("
    "  name text PRIMARY KEY,"
    "  title text NOT NULL DEFAULT '',"
    "  lists text NOT NULL DEFAULT '',"
    "  where_column text NOT NULL DEFAULT '',"
    "  where_value text NOT NULL DEFAULT '');"
    "CREATE TABLE entrada_events ("
    "  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),"
    "  kiosk text NOT NULL,"
    "  seq bigint NOT NULL,"
    "  at_ms bigint NOT NULL,"
    "  session text NOT NULL,"
    "  session_title text NOT NULL,"
    "  direction text NOT NULL CHECK (direction IN ('in', 'out')),"
    "  method text NOT NULL,"
    "  code text NOT NULL,"
    "  name text NOT NULL,"
    "  organisation text NOT NULL,"
    "  category text NOT NULL,"
    "  undoes_kiosk text,"
    "  undoes_seq bigint,"
    "  override text NOT NULL,"
    "  walk_in boolean NOT NULL,"
    "  offline boolean NOT NULL,"
    "  received_at timestamptz NOT NULL DEFAULT now(),"
    "  PRIMARY KEY (kiosk, seq));"
    "CREATE INDEX entrada_events_by_xid ON entrada_events (xid);"
    "CREATE TABLE entrada_admissions ("
    "  session text NOT NULL,"
    "  person text NOT NULL,"
    "  kiosk text NOT NULL,"
    "  seq bigint NOT NULL,"
    "  at_ms bigint NOT NULL,"
    "  PRIMARY KEY (session, person));"
    "CREATE INDEX entrada_admissions_by_event ON entrada_admissions (kiosk, seq);"
    "CREATE TABLE entrada_walkins ("
    "  code text PRIMARY KEY,"
    "  name text NOT NULL,"
    "  organisation text NOT NULL,"
    "  email text NOT NULL,"
    "  category text NOT NULL,"
    "  at timestamptz NOT NULL DEFAULT now());"
    "CREATE FUNCTION entrada_notify() RETURNS trigger LANGUAGE plpgsql AS"
    "  $$ BEGIN PERFORM pg_notify('entrada', ''); RETURN NULL; END $$;"
    "CREATE TRIGGER entrada_events_notify AFTER INSERT ON entrada_events"
    "  FOR EACH STATEMENT EXECUTE FUNCTION entrada_notify();",
    /* 2: the event-wide settings every kiosk shares (share_settings), and who set them last. */
    "CREATE TABLE entrada_settings ("
    "  name text PRIMARY KEY,"
    "  value text NOT NULL,"
    "  kiosk text NOT NULL,"
    "  at timestamptz NOT NULL DEFAULT now());",
};

/* The server's schema version: 0 none yet, -1 error. */
static int server_version(struct sync *s, int64_t deadline, char **why)
{
    PGresult *r = run(s,
                      "SELECT to_regclass('entrada_meta') IS NOT NULL,"
                      " current_setting('transaction_read_only')",
                      0, NULL, deadline, why);
    if (r == NULL)
        return -1;
    bool exists = PQgetvalue(r, 0, 0)[0] == 't';
    s->read_only = strcmp(PQgetvalue(r, 0, 1), "on") == 0;
    PQclear(r);
    if (!exists)
        return 0;
    r = run(s,
            "SELECT (SELECT value FROM entrada_meta WHERE name = 'schema'),"
            " (SELECT value FROM entrada_meta WHERE name = 'instance')",
            0, NULL, deadline, why);
    if (r == NULL)
        return -1;
    int v = atoi(PQgetvalue(r, 0, 0));
    snprintf(s->instance, sizeof s->instance, "%s", PQgetvalue(r, 0, 1));
    PQclear(r);
    return v;
}

/* The server's notices ("already exists, skipping") are not the user's business. */
static void handle_notice(void *ctx, const char *message)
{
    (void)ctx;
    (void)message;
}

struct sync *sync_connect(const struct config *cfg, int timeout_ms, bool init, char **why)
{
    struct sync *s = xcalloc(1, sizeof *s);
    const char *server = config_str(cfg, CONFIG_SYNC_SERVER);
    s->name = config_mask_conninfo(server);
    int64_t deadline = now_ms() + timeout_ms;
    if (!server[0]) {
        *why = xasprintf("no server configured ([sync] server)");
        goto fail;
    }
    /* The configuration's string first; ours only fill in what it leaves out. */
    char timeout[16];
    snprintf(timeout, sizeof timeout, "%d",
             (timeout_ms + 999) / 1000 < 2 ? 2 : (timeout_ms + 999) / 1000);
    const char *pass = config_str(cfg, CONFIG_SYNC_PASSWORD_FILE);
    const char *keys[] = { "application_name", "connect_timeout", "passfile", "dbname", NULL };
    const char *values[] = { "entrada", timeout, pass[0] ? pass : NULL, server, NULL };
    if (!pass[0]) {
        keys[2] = "dbname";
        values[2] = server;
        keys[3] = NULL;
    }
    s->conn = PQconnectStartParams(keys, values, 1);
    if (s->conn == NULL || PQstatus(s->conn) == CONNECTION_BAD) {
        const char *no_libpq = sync_libpq_error();
        char *m = pq_message(s->conn    ? PQerrorMessage(s->conn)
                             : no_libpq ? no_libpq
                                        : "out of memory");
        *why = xasprintf("%s: cannot connect: %s", s->name, m);
        free(m);
        goto fail;
    }
    PostgresPollingStatusType poll_status = PGRES_POLLING_WRITING;
    while (poll_status != PGRES_POLLING_OK) {
        if (poll_status == PGRES_POLLING_FAILED) {
            char *m = pq_message(PQerrorMessage(s->conn));
            *why = xasprintf("%s: cannot connect: %s", s->name, m);
            free(m);
            goto fail;
        }
        short ev = poll_status == PGRES_POLLING_READING ? POLLIN : POLLOUT;
        if (!wait_socket(s->conn, ev, deadline)) {
            *why = xasprintf("%s: cannot connect: no answer within %d ms", s->name, timeout_ms);
            goto fail;
        }
        poll_status = PQconnectPoll(s->conn);
    }
    PQsetNoticeProcessor(s->conn, handle_notice, NULL);
    if (PQsetnonblocking(s->conn, 1) != 0) {
        *why = xasprintf("%s: cannot use the connection without blocking", s->name);
        goto fail;
    }
    int v = server_version(s, deadline, why);
    if (v < 0)
        goto fail;
    if (!init && v == 0) {
        *why = xasprintf("%s has no entrada schema: run entrada server init", s->name);
        goto fail;
    }
    if (!init && v != SYNC_SCHEMA_VERSION) {
        *why = v > SYNC_SCHEMA_VERSION
                   ? xasprintf("%s has entrada schema %d, newer than this entrada's %d: update "
                               "entrada on this kiosk",
                               s->name, v, SYNC_SCHEMA_VERSION)
                   : xasprintf("%s has entrada schema %d, older than this entrada's %d: run "
                               "entrada server init",
                               s->name, v, SYNC_SCHEMA_VERSION);
        goto fail;
    }
    return s;
fail:
    sync_close(s);
    return NULL;
}

bool sync_server_init(struct sync *s, int *from, int *to, char **why)
{
    int64_t deadline = now_ms() + EXCHANGE_MS;
    /* One transaction, the version read again under a lock: two inits at once run each step once.
     */
    if (!exec(s,
              "BEGIN; CREATE TABLE IF NOT EXISTS entrada_meta (name text PRIMARY KEY,"
              " value text NOT NULL); LOCK TABLE entrada_meta IN EXCLUSIVE MODE",
              deadline, why))
        goto fail;
    int v = server_version(s, deadline, why);
    if (v < 0)
        goto fail;
    *from = v;
    if (v > SYNC_SCHEMA_VERSION) {
        *why = xasprintf("%s has entrada schema %d, newer than this entrada's %d: nothing changed",
                         s->name, v, SYNC_SCHEMA_VERSION);
        goto fail;
    }
    for (; v < SYNC_SCHEMA_VERSION; v++)
        if (!exec(s, migrations[v], deadline, why))
            goto fail;
    char version[16];
    snprintf(version, sizeof version, "%d", v);
    const char *params[] = { version };
    PGresult *r = run(s,
                      "INSERT INTO entrada_meta (name, value) VALUES ('schema', $1),"
                      " ('instance', gen_random_uuid()::text)"
                      " ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value"
                      " WHERE entrada_meta.name = 'schema'",
                      1, params, deadline, why);
    PQclear(r);
    if (r == NULL || !exec(s, "COMMIT", deadline, why))
        goto fail;
    *to = v;
    return true;
fail:
    if (s->conn)
        PQclear(PQexec(s->conn, "ROLLBACK"));
    return false;
}

/* Push one session of the store. */
static bool handle_session(void *ctx, int64_t id, const char *name, const char *title)
{
    (void)id;
    (void)title;
    void **args = ctx;
    struct sync *s = args[0];
    struct store *st = args[1];
    char **why = args[2];
    struct store_session ses;
    if (store_get_session(st, name, &ses, why) != 1)
        return false;
    const char *params[] = { ses.name, ses.title, ses.lists, ses.where_column, ses.where_value };
    PGresult *r = run(s,
                      "INSERT INTO entrada_sessions (name, title, lists, where_column, "
                      "where_value) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO UPDATE SET "
                      "title = $2, lists = $3, where_column = $4, where_value = $5",
                      5, params, now_ms() + EXCHANGE_MS, why);
    PQclear(r);
    return r != NULL;
}

bool sync_push_list(struct sync *s, struct store *st, const char *list, const char *file,
                    const char *text, size_t len, char **why)
{
    if (s->read_only) {
        *why = xasprintf("%s is read-only (a standby, or default_transaction_read_only): the list "
                         "was not published",
                         s->name);
        return false;
    }
    int64_t deadline = now_ms() + EXCHANGE_MS;
    if (!exec(s, "BEGIN", deadline, why))
        return false;
    const char *params[] = { list, file, text };
    int lengths[] = { 0, 0, (int)len };
    int formats[] = { 0, 0, 1 };
    bool ok = PQsendQueryParams(s->conn,
                                "INSERT INTO entrada_lists (name, file, content, sha256) VALUES "
                                "($1, $2, $3, encode(sha256($3), 'hex')) ON CONFLICT (name) DO "
                                "UPDATE SET file = $2, content = $3, sha256 = encode(sha256($3), "
                                "'hex'), at = now()",
                                3, NULL, params, lengths, formats, 0);
    /* The binary parameter needs its own send; its result is read as run's would be. */
    PGresult *r = NULL;
    if (ok) {
        while (PQflush(s->conn) == 1 && wait_socket(s->conn, POLLOUT | POLLIN, deadline))
            ;
        for (;;) {
            while (PQisBusy(s->conn) && wait_socket(s->conn, POLLIN, deadline))
                if (!PQconsumeInput(s->conn))
                    break;
            if (PQisBusy(s->conn))
                break;
            PGresult *next = PQgetResult(s->conn);
            if (next == NULL)
                break;
            PQclear(r);
            r = next;
        }
        ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    }
    if (!ok) {
        char *m = pq_message(r ? PQresultErrorMessage(r) : PQerrorMessage(s->conn));
        *why = xasprintf("%s: publishing list %s: %s", s->name, list, m);
        free(m);
    }
    PQclear(r);
    void *args[] = { s, st, why };
    ok =
        ok && store_each_session(st, handle_session, args, why) && exec(s, "COMMIT", deadline, why);
    if (!ok && s->conn)
        PQclear(PQexec(s->conn, "ROLLBACK"));
    return ok;
}

/* The parameters of an event row, as the push and the door's question bind them. */
struct event_params {
    char seq[24], at_ms[24], undoes_seq[24];
    const char *v[16];
};

static void event_params(const struct store_journal_row *row, struct event_params *p)
{
    snprintf(p->seq, sizeof p->seq, "%" PRId64, row->seq);
    snprintf(p->at_ms, sizeof p->at_ms, "%" PRId64, row->at_ms);
    snprintf(p->undoes_seq, sizeof p->undoes_seq, "%" PRId64, row->undoes_seq);
    const char *v[16] = {
        row->kiosk,
        p->seq,
        p->at_ms,
        row->session,
        row->session_title,
        row->direction,
        row->method,
        row->code,
        row->name,
        row->organisation,
        row->category,
        row->undoes_kiosk,
        row->undoes_kiosk ? p->undoes_seq : NULL,
        row->override ? (row->reason[0] ? row->reason : "no reason given") : "",
        row->walk_in ? "t" : "f",
        row->offline ? "t" : "f",
    };
    memcpy(p->v, v, sizeof v);
}

/* The event of event_params, inserted by a SELECT (followed by FROM, or not). */
#define EVENT_INSERT                                                                               \
    "INSERT INTO entrada_events (kiosk, seq, at_ms, session, session_title, direction, method, "   \
    "code, name, organisation, category, undoes_kiosk, undoes_seq, override, walk_in, offline) "   \
    "SELECT $1, $2::bigint, $3::bigint, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::bigint, $14, " \
    "$15::boolean, $16::boolean "

int sync_decide(void *ctx, const struct store_journal_row *row, int64_t *first_ms)
{
    struct sync_door *d = ctx;
    if (d->skip)
        return -1;
    int64_t deadline = now_ms() + d->timeout_ms;
    char *why = NULL;
    if (d->conn == NULL) {
        if ((d->conn = sync_connect(d->cfg, d->timeout_ms, false, &why)) == NULL)
            goto no_answer;
        /*
         * The server gives up on a question when the door does: none is left
         * waiting on a lock (and committing late) for a door that has decided
         * without its answer.
         */
        char sql[48];
        snprintf(sql, sizeof sql, "SET statement_timeout = %d", d->timeout_ms);
        if (!exec(d->conn, sql, deadline, &why)) {
            sync_close(d->conn); /* not used without it: made anew next time */
            d->conn = NULL;
            goto no_answer;
        }
    }
    if (d->conn->read_only) {
        why = xasprintf("%s is read-only (a standby, or default_transaction_read_only): check-ins "
                        "are decided here and kept until it takes writes",
                        d->conn->name);
        goto no_answer;
    }
    struct event_params p;
    event_params(row, &p);
    /*
     * One statement, one transaction: the admission row is the person's
     * and session's; of two doors inserting it at once one waits for the
     * other and then finds it there.
     */
    PGresult *r = run(d->conn,
                      "WITH a AS (INSERT INTO entrada_admissions (session, person, kiosk, seq, "
                      "at_ms) VALUES ($4, $8, $1, $2::bigint, $3::bigint) ON CONFLICT DO NOTHING "
                      "RETURNING 1), "
                      "e AS (" EVENT_INSERT "FROM a ON CONFLICT DO NOTHING RETURNING 1) "
                      "SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM e)",
                      16, p.v, deadline, &why);
    if (r == NULL)
        goto no_answer;
    bool first = atoi(PQgetvalue(r, 0, 0)) == 1;
    PQclear(r);
    if (first) {
        free(d->problem);
        d->problem = NULL;
        return 1;
    }
    /* Someone was first: when (a new statement sees the row the insert waited for). */
    const char *key[] = { row->session, row->code };
    r = run(d->conn, "SELECT at_ms FROM entrada_admissions WHERE session = $1 AND person = $2", 2,
            key, deadline, &why);
    if (r == NULL)
        goto no_answer;
    *first_ms = PQntuples(r) == 1 ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : row->at_ms;
    PQclear(r);
    free(d->problem);
    d->problem = NULL;
    return 0;
no_answer:
    free(d->problem);
    d->problem = why;
    if (d->conn && d->conn->conn == NULL) {
        sync_close(d->conn);
        d->conn = NULL;
    }
    return -1;
}

void sync_door_clear(struct sync_door *d)
{
    sync_close(d->conn);
    free(d->problem);
    d->conn = NULL;
    d->problem = NULL;
}

/* An exchange with the server: one round of sync_exchange or sync_push. */
struct exchange {
    struct sync *s;
    struct store *st;
    int64_t deadline;
    unsigned pushed, batch;
    char **why;
    bool failed;
    struct buf rows;    /* the batch's events as a JSON array */
    char (*ids)[2][64]; /* the events of the batch: kiosk, seq */
    int64_t *seqs;
};

/* The most events one push sends: one statement, one server transaction. */
#define PUSH_BATCH 500

/* Add an outbox event to the batch; ctx the exchange. */
static bool handle_push(void *ctx, const struct store_journal_row *row)
{
    struct exchange *x = ctx;
    if (x->batch == PUSH_BATCH) /* the outbox's page is longer: the rest next round */
        return false;
    struct buf *b = &x->rows;
    buf_adds(b, x->batch ? ",\n{\"kiosk\": " : "[{\"kiosk\": ");
    json_string(b, row->kiosk);
    buf_addf(b, ", \"seq\": %" PRId64 ", \"at_ms\": %" PRId64 ", \"session\": ", row->seq,
             row->at_ms);
    json_string(b, row->session);
    json_member(b, "session_title", row->session_title);
    json_member(b, "direction", row->direction);
    json_member(b, "method", row->method);
    json_member(b, "code", row->code);
    json_member(b, "name", row->name);
    json_member(b, "organisation", row->organisation);
    json_member(b, "category", row->category);
    json_member(b, "undoes_kiosk", row->undoes_kiosk);
    if (row->undoes_kiosk)
        buf_addf(b, ", \"undoes_seq\": %" PRId64, row->undoes_seq);
    json_member(b, "override",
                row->override ? (row->reason[0] ? row->reason : "no reason given") : "");
    buf_addf(b, ", \"walk_in\": %s, \"offline\": %s}", row->walk_in ? "true" : "false",
             row->offline ? "true" : "false");
    snprintf(x->ids[x->batch][0], sizeof x->ids[0][0], "%s", row->kiosk);
    x->seqs[x->batch] = row->seq;
    x->batch++;
    return true;
}

/*
 * The batch in one simple query, so one round trip and one implicit
 * transaction: all of it or none. Each event once (a second push of it
 * changes nothing); the events this transaction added (their xid is its
 * own) then free the admission rows their undos name, and make an
 * admission row of each admission not undone within the batch, unless
 * another kiosk's is there (that kiosk was first: a conflict, kept). In
 * the order of events, as pushing them one by one would.
 */
static const char push_sql[] =
    "INSERT INTO entrada_events (kiosk, seq, at_ms, session, session_title, direction, method, "
    "code, name, organisation, category, undoes_kiosk, undoes_seq, override, walk_in, offline) "
    "SELECT * FROM json_to_recordset(%s::json) AS t(kiosk text, seq bigint, at_ms bigint, "
    "session text, session_title text, direction text, method text, code text, name text, "
    "organisation text, category text, undoes_kiosk text, undoes_seq bigint, override text, "
    "walk_in boolean, offline boolean) ORDER BY kiosk, seq ON CONFLICT DO NOTHING;"
    "DELETE FROM entrada_admissions x USING entrada_events e "
    "WHERE e.xid = (SELECT pg_current_xact_id()) AND x.kiosk = e.undoes_kiosk "
    "AND x.seq = e.undoes_seq;"
    "INSERT INTO entrada_admissions (session, person, kiosk, seq, at_ms) "
    "SELECT e.session, e.code, e.kiosk, e.seq, e.at_ms FROM entrada_events e "
    "WHERE e.xid = (SELECT pg_current_xact_id()) AND e.direction = 'in' AND NOT EXISTS "
    "(SELECT 1 FROM entrada_events u WHERE u.xid = e.xid AND u.undoes_kiosk = e.kiosk "
    "AND u.undoes_seq = e.seq) ORDER BY e.at_ms, e.kiosk, e.seq ON CONFLICT DO NOTHING";

/* Push the outbox in batches of PUSH_BATCH, each one statement and one server transaction. */
static bool push_outbox(struct exchange *x)
{
    x->ids = xcalloc(PUSH_BATCH, sizeof *x->ids);
    x->seqs = xcalloc(PUSH_BATCH, sizeof *x->seqs);
    bool ok = true;
    for (;;) {
        x->batch = 0;
        buf_reset(&x->rows);
        if (!store_each_journal_row(x->st, STORE_OUTBOX, handle_push, x, x->why)) {
            ok = false;
            break;
        }
        if (x->batch == 0)
            break;
        buf_adds(&x->rows, "]");
        char *literal = x->s->conn ? PQescapeLiteral(x->s->conn, x->rows.data, x->rows.len) : NULL;
        if (literal == NULL) {
            *x->why = xasprintf("%s: %s", x->s->name,
                                x->s->conn ? "cannot quote the events" : "the connection was lost");
            ok = false;
            break;
        }
        char *sql = xasprintf(push_sql, literal);
        PQfreemem(literal);
        ok = exec(x->s, sql, x->deadline, x->why);
        free(sql);
        /*
         * Not taken, or the connection lost before the answer: the events
         * stay in the outbox, and a push that the server did commit is
         * taken again as nothing new.
         */
        if (!ok)
            break;
        /* The server has them: out of the outbox, in one local transaction. */
        ok = store_begin(x->st, x->why);
        for (unsigned i = 0; ok && i < x->batch; i++)
            ok = store_outbox_done(x->st, x->ids[i][0], x->seqs[i], x->why);
        if (ok)
            ok = store_commit(x->st, x->why);
        else
            store_rollback(x->st);
        if (!ok)
            break;
        x->pushed += x->batch;
        if (getenv("ENTRADA_TEST_PUSH_ONE")) /* tests: one batch a call */
            break;
    }
    buf_free(&x->rows);
    free(x->ids);
    free(x->seqs);
    return ok;
}

/* Pull the events of transactions finished since the last pull. */
static bool pull_events(struct exchange *x, struct sync_report *rep)
{
    char *cursor = NULL, *instance = NULL;
    int rc = store_get_setting(x->st, "sync.cursor", &cursor, x->why);
    if (rc >= 0)
        rc = store_get_setting(x->st, "sync.instance", &instance, x->why);
    if (rc < 0) {
        free(cursor);
        return false;
    }
    /* Another server, or this one restored from a backup: read it all again (merges are
     * idempotent). */
    if (instance == NULL || strcmp(instance, x->s->instance) != 0) {
        free(cursor);
        cursor = NULL;
    }
    free(instance);
    const char *params[] = { cursor ? cursor : "0" };
    PGresult *r = run(x->s,
                      /*
                       * A cursor past the server's newest transaction: the
                       * server went back in time (restored from a backup):
                       * read it all again.
                       */
                      "WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS upto, "
                      "CASE WHEN $1::xid8 > pg_snapshot_xmax(pg_current_snapshot()) "
                      "THEN '0'::xid8 ELSE $1::xid8 END AS since) "
                      "SELECT h.upto::text, e.kiosk, e.seq, e.at_ms, e.session, e.session_title, "
                      "e.direction, e.method, e.code, e.name, e.organisation, e.category, "
                      "e.undoes_kiosk, e.undoes_seq, e.override, e.walk_in, e.offline "
                      "FROM h LEFT JOIN entrada_events e ON e.xid >= h.since AND e.xid < h.upto "
                      "ORDER BY e.xid, e.at_ms, e.kiosk, e.seq",
                      1, params, x->deadline, x->why);
    free(cursor);
    if (r == NULL)
        return false;
    int n = PQntuples(r);
    char *upto = xstrdup(n > 0 ? PQgetvalue(r, 0, 0) : "0");
    /* The server's events as a journal, merged like a stick's (known ones change nothing). */
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    journal_write_header(f);
    unsigned rows = 0;
    for (int i = 0; i < n; i++) {
        if (PQgetisnull(r, i, 1))
            continue; /* the LEFT JOIN's row when there are none */
        struct store_journal_row row = {
            .kiosk = PQgetvalue(r, i, 1),
            .seq = strtoll(PQgetvalue(r, i, 2), NULL, 10),
            .at_ms = strtoll(PQgetvalue(r, i, 3), NULL, 10),
            .session = PQgetvalue(r, i, 4),
            .session_title = PQgetvalue(r, i, 5),
            .direction = PQgetvalue(r, i, 6),
            .method = PQgetvalue(r, i, 7),
            .code = PQgetvalue(r, i, 8),
            .name = PQgetvalue(r, i, 9),
            .organisation = PQgetvalue(r, i, 10),
            .category = PQgetvalue(r, i, 11),
            .undoes_kiosk = PQgetisnull(r, i, 12) ? NULL : PQgetvalue(r, i, 12),
            .undoes_seq = PQgetisnull(r, i, 13) ? 0 : strtoll(PQgetvalue(r, i, 13), NULL, 10),
            .override = PQgetvalue(r, i, 14)[0] != '\0',
            .reason = PQgetvalue(r, i, 14),
            .walk_in = PQgetvalue(r, i, 15)[0] == 't',
        };
        journal_write_row(f, &row);
        rows++;
    }
    fclose(f);
    PQclear(r);
    bool ok = true;
    if (rows > 0) {
        struct journal_summary sum;
        char *name = xasprintf("%s (events)", x->s->name);
        ok = journal_merge_pulled(x->st, name, text, len, &sum, x->why);
        free(name);
        rep->pulled += sum.added;
    }
    free(text);
    ok = ok && store_set_setting(x->st, "sync.cursor", upto, x->why) &&
         store_set_setting(x->st, "sync.instance", x->s->instance, x->why);
    free(upto);
    return ok;
}

/* Import the lists the server has in another version than the one imported here. */
static bool pull_lists(struct exchange *x, const struct config *cfg, struct sync_report *rep)
{
    PGresult *r = run(x->s, "SELECT name, sha256 FROM entrada_lists ORDER BY name", 0, NULL,
                      x->deadline, x->why);
    if (r == NULL)
        return false;
    bool ok = true;
    for (int i = 0; ok && i < PQntuples(r); i++) {
        const char *name = PQgetvalue(r, i, 0), *sha = PQgetvalue(r, i, 1);
        char *setting = xasprintf("sync.list.%s", name), *have = NULL;
        int rc = store_get_setting(x->st, setting, &have, x->why);
        if (rc < 0 || (rc == 1 && strcmp(have, sha) == 0)) {
            ok = rc >= 0;
            free(setting);
            free(have);
            continue;
        }
        free(have);
        const char *params[] = { name };
        PGresult *c = run(x->s, "SELECT file, content FROM entrada_lists WHERE name = $1", 1,
                          params, x->deadline, x->why);
        ok = c != NULL && PQntuples(c) == 1;
        if (ok) {
            size_t len = 0;
            unsigned char *bytes =
                PQunescapeBytea((const unsigned char *)PQgetvalue(c, 0, 1), &len);
            /*
             * The copy carries the published file's name, in a folder of its
             * own: the import log names the file as the organiser did, and a
             * staff reload of that file finds its list by it.
             */
            char *dir =
                xasprintf("%s/entrada-list-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
            if (mkdtemp(dir) == NULL) {
                free(dir);
                dir = NULL;
            }
            const char *file = PQgetvalue(c, 0, 0), *slash = strrchr(file, '/');
            file = slash ? slash + 1 : file;
            char *path = xasprintf("%s/%s", dir ? dir : "/nonexistent",
                                   file[0] && file[0] != '.' ? file : "list.csv");
            int fd = dir ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600) : -1;
            ok = bytes && fd >= 0 && write(fd, bytes, len) == (ssize_t)len;
            if (fd >= 0)
                close(fd);
            if (!ok)
                *x->why = xasprintf("%s: list %s: cannot keep a copy to import", x->s->name, name);
            struct roster_options opt = roster_options_from(cfg);
            opt.list = name;
            struct roster *ro = ok ? roster_load(path, &opt, x->why) : NULL;
            if (ro) {
                roster_allow_mass_cancel(ro); /* the organiser published it */
                struct roster_summary sum;
                ok = roster_merge(x->st, ro, NULL, NULL, &sum, x->why) &&
                     store_set_setting(x->st, setting, sha, x->why);
                rep->lists += ok;
                roster_free(ro);
            } else {
                ok = false;
            }
            if (fd >= 0)
                unlink(path);
            if (dir)
                rmdir(dir);
            free(path);
            free(dir);
            PQfreemem(bytes);
        }
        PQclear(c);
        free(setting);
    }
    PQclear(r);
    return ok;
}

/* Add or change the sessions the server has differently. */
static bool pull_sessions(struct exchange *x, struct sync_report *rep)
{
    PGresult *r = run(x->s,
                      "SELECT name, title, lists, where_column, where_value FROM entrada_sessions "
                      "ORDER BY name",
                      0, NULL, x->deadline, x->why);
    if (r == NULL)
        return false;
    bool ok = true;
    for (int i = 0; ok && i < PQntuples(r); i++) {
        const char *name = PQgetvalue(r, i, 0), *lists = PQgetvalue(r, i, 2),
                   *column = PQgetvalue(r, i, 3), *value = PQgetvalue(r, i, 4);
        struct store_session have;
        int rc = store_get_session(x->st, name, &have, x->why);
        if (rc < 0) {
            ok = false;
            break;
        }
        if (rc == 1 && strcmp(have.lists, lists) == 0 && strcmp(have.where_column, column) == 0 &&
            strcmp(have.where_value, value) == 0)
            continue;
        ok = (rc == 1 || store_add_session(x->st, name, PQgetvalue(r, i, 1), x->why)) &&
             store_set_session_rule(x->st, name, lists, column, value, x->why);
        rep->sessions += ok;
    }
    PQclear(r);
    return ok;
}

/* The walk-ins here: how many (registrations on the list walk-in, 0 without the list). */
static bool count_walkin(void *ctx, const struct store_list_info *l)
{
    if (strcmp(l->name, STORE_WALK_IN) == 0)
        *(int64_t *)ctx = l->active + l->unpaid + l->cancelled;
    return true;
}

/* Add a walk-in of this store to the JSON array of x->rows. */
static bool handle_walkin_push(void *ctx, const struct store_registration *r)
{
    struct exchange *x = ctx;
    /* The registration's code; the person's details (the same person on every list). */
    struct attendee a = { 0 };
    if (store_get_attendee(x->st, r->attendee_id, &a, x->why) != 1) {
        if (*x->why == NULL)
            *x->why = xasprintf("walk-in %s names no attendee", r->a.code);
        x->failed = true;
        return false;
    }
    struct buf *b = &x->rows;
    buf_adds(b, b->len ? ",\n{\"code\": " : "[{\"code\": ");
    json_string(b, r->a.code);
    json_member(b, "name", a.name);
    json_member(b, "organisation", a.organisation ? a.organisation : "");
    json_member(b, "email", a.email ? a.email : "");
    json_member(b, "category", a.category ? a.category : "");
    buf_adds(b, "}");
    attendee_clear(&a);
    return true;
}

/* Walk-ins added at any kiosk's desk: pushed when this store has new ones, pulled when others do.
 */
static bool sync_walkins(struct exchange *x, struct sync_report *rep)
{
    int64_t here = 0, pushed = 0;
    char *value = NULL;
    if (!store_each_list(x->st, count_walkin, &here, x->why) ||
        store_get_setting(x->st, "sync.walkins", &value, x->why) < 0)
        return false;
    pushed = value ? strtoll(value, NULL, 10) : 0;
    free(value);
    if (!x->s->read_only && here != pushed && here > 0) {
        int64_t list_id;
        x->failed = false;
        buf_reset(&x->rows);
        bool ok = store_ensure_list(x->st, STORE_WALK_IN, &list_id, x->why) &&
                  store_each_registration(x->st, list_id, handle_walkin_push, x, x->why) &&
                  !x->failed;
        /* All of them in one statement: those the server has change nothing. */
        PGresult *res = NULL;
        if (ok && x->rows.len) {
            buf_adds(&x->rows, "]");
            const char *params[] = { x->rows.data };
            res = run(x->s,
                      "INSERT INTO entrada_walkins (code, name, organisation, email, category) "
                      "SELECT * FROM json_to_recordset($1::json) AS t(code text, name text, "
                      "organisation text, email text, category text) ORDER BY code "
                      "ON CONFLICT DO NOTHING",
                      1, params, x->deadline, x->why);
            ok = res != NULL;
        }
        PQclear(res);
        buf_free(&x->rows);
        if (!ok)
            return false;
        char n[24];
        snprintf(n, sizeof n, "%" PRId64, here);
        if (!store_set_setting(x->st, "sync.walkins", n, x->why))
            return false;
    }
    /* Only when the server has another number of them than this store. */
    char count[24];
    snprintf(count, sizeof count, "%" PRId64, here);
    const char *params[] = { count };
    PGresult *r =
        run(x->s,
            "SELECT code, name, organisation, email, category FROM entrada_walkins "
            "WHERE (SELECT count(*) FROM entrada_walkins) <> $1::bigint ORDER BY at, code",
            1, params, x->deadline, x->why);
    if (r == NULL)
        return false;
    bool ok = true;
    for (int i = 0; ok && i < PQntuples(r); i++) {
        const char *code = PQgetvalue(r, i, 0);
        int taken = store_code_taken(x->st, code, x->why);
        if (taken != 0) {
            ok = taken > 0;
            continue;
        }
        struct desk_walkin w = { PQgetvalue(r, i, 1), PQgetvalue(r, i, 2), PQgetvalue(r, i, 3),
                                 PQgetvalue(r, i, 4), code };
        struct attendee a;
        ok = desk_add_walkin(x->st, &w, &a, x->why);
        if (ok) {
            attendee_clear(&a);
            rep->walkins++;
        }
    }
    PQclear(r);
    return ok;
}

/*
 * The event-wide settings, shared through the server's entrada_settings.
 * Only these travel: what belongs to one kiosk (its identity and where
 * its store lives, where it got to on the server, its staff PIN's lockout,
 * the columns it has dropped) stays where it is.
 *  - retain_until (entrada retain --extend): the latest day wins, so an
 *    extension made at any kiosk holds at every kiosk and none is undone;
 *  - the event key: the first one published stays; a kiosk without a key
 *    enrols it, a kiosk with another keeps its own (as with a stick) and
 *    is told.
 */
/* A retain_until value (a time in milliseconds), or 0 if there is none or it is no number. */
static int64_t retention_ms(const char *value)
{
    if (value == NULL || value[0] < '0' || value[0] > '9' || strlen(value) > 18)
        return 0;
    char *end = NULL;
    int64_t n = strtoll(value, &end, 10);
    return *end == '\0' ? n : 0;
}

static bool share_retention(struct sync *s, struct store *st, const char *identity,
                            const char *theirs, int64_t deadline, struct sync_report *rep,
                            char **why)
{
    char *mine = NULL;
    if (store_get_setting(st, RETAIN_SETTING, &mine, why) < 0)
        return false;
    int64_t here = retention_ms(mine), there = retention_ms(theirs);
    free(mine);
    if (there > here) {
        if (!store_set_setting(st, RETAIN_SETTING, theirs, why))
            return false;
        rep->settings++;
        return true;
    }
    if (here <= there || s->read_only)
        return true;
    char value[24];
    snprintf(value, sizeof value, "%" PRId64, here);
    const char *params[] = { RETAIN_SETTING, value, identity };
    /*
     * Later only: another kiosk's longer extension, published meanwhile,
     * stays. A value that is no number (not entrada's) is replaced, not cast.
     */
    PGresult *r = run(s,
                      "INSERT INTO entrada_settings (name, value, kiosk) VALUES ($1, $2, $3) "
                      "ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, kiosk = "
                      "EXCLUDED.kiosk, at = now() "
                      "WHERE CASE WHEN entrada_settings.value ~ '^[0-9]{1,18}$' "
                      "THEN entrada_settings.value::bigint < EXCLUDED.value::bigint ELSE true END",
                      3, params, deadline, why);
    if (r && strcmp(PQcmdTuples(r), "0") != 0)
        rep->published++;
    PQclear(r);
    return r != NULL;
}

/* What staff are told when the server's event key is not this kiosk's. */
static void say_other_key(const struct sync *s, const struct key *server, const struct key *mine,
                          char *out, size_t size)
{
    char fp_server[KEY_FINGERPRINT_SIZE], fp_mine[KEY_FINGERPRINT_SIZE];
    key_fingerprint(server, fp_server);
    key_fingerprint(mine, fp_mine);
    snprintf(out, size,
             "%s has event key %s, not this kiosk's %s: this kiosk keeps its own and merges no "
             "stick signed with the other (enrol one key everywhere, after entrada wipe)",
             s->name, fp_server, fp_mine);
}

static bool share_key(struct sync *s, struct store *st, const char *identity, const char *theirs,
                      int64_t deadline, struct sync_report *rep, char **why)
{
    struct key mine, server;
    int rc = key_enrolled(st, &mine, why);
    if (rc < 0)
        return false;
    bool ok = true;
    if (theirs) {
        char *err = NULL;
        if (!key_parse(theirs, strlen(theirs), "the server's event key", &server, &err)) {
            snprintf(rep->warning, sizeof rep->warning, "%s: %s", s->name, err);
            free(err);
        } else if (rc == 0) {
            char *whose = xasprintf("%s: the", s->name);
            ok = key_enrol(st, &server, whose, why) >= 0;
            free(whose);
            rep->settings += ok;
        } else if (!key_equal(&mine, &server)) {
            say_other_key(s, &server, &mine, rep->warning, sizeof rep->warning);
        }
        explicit_bzero(&server, sizeof server);
    } else if (rc == 1 && !s->read_only) {
        char *text = key_format(&mine);
        const char *params[] = { "event_key", text, identity };
        /* The first key published stays: of two kiosks publishing at once, one wins. */
        PGresult *r = run(s,
                          "INSERT INTO entrada_settings (name, value, kiosk) VALUES ($1, $2, $3) "
                          "ON CONFLICT (name) DO NOTHING",
                          3, params, deadline, why);
        ok = r != NULL;
        if (r && strcmp(PQcmdTuples(r), "0") != 0)
            rep->published++;
        PQclear(r);
        explicit_bzero(text, strlen(text));
        free(text);
    }
    explicit_bzero(&mine, sizeof mine);
    return ok;
}

/* The settings, within the exchange's deadline. */
static bool share_settings(struct sync *s, struct store *st, const char *identity, int64_t deadline,
                           struct sync_report *rep, char **why)
{
    PGresult *r = run(s,
                      "SELECT (SELECT value FROM entrada_settings WHERE name = 'retain_until'), "
                      "(SELECT value FROM entrada_settings WHERE name = 'event_key')",
                      0, NULL, deadline, why);
    if (r == NULL)
        return false;
    char *retain = PQgetisnull(r, 0, 0) ? NULL : xstrdup(PQgetvalue(r, 0, 0));
    char *key = PQgetisnull(r, 0, 1) ? NULL : xstrdup(PQgetvalue(r, 0, 1));
    if (key)
        explicit_bzero(PQgetvalue(r, 0, 1), strlen(key));
    PQclear(r);
    bool ok = share_retention(s, st, identity, retain, deadline, rep, why) &&
              share_key(s, st, identity, key, deadline, rep, why);
    free(retain);
    if (key)
        explicit_bzero(key, strlen(key));
    free(key);
    return ok;
}

int sync_check_key(struct sync *s, struct store *st, int timeout_ms, char *said, size_t size,
                   char **why)
{
    PGresult *r = run(s, "SELECT value FROM entrada_settings WHERE name = 'event_key'", 0, NULL,
                      now_ms() + timeout_ms, why);
    if (r == NULL)
        return -1;
    struct key mine, server;
    int here = key_enrolled(st, &mine, why), rc = 1;
    if (here < 0) {
        explicit_bzero(&mine, sizeof mine);
        PQclear(r);
        return -1;
    }
    char fp_mine[KEY_FINGERPRINT_SIZE] = "", fp_server[KEY_FINGERPRINT_SIZE];
    if (here)
        key_fingerprint(&mine, fp_mine);
    char *err = NULL;
    bool there = PQntuples(r) == 1;
    if (there && !key_parse(PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0),
                            "the server's event key", &server, &err)) {
        snprintf(said, size, "%s: %s", s->name, err);
        free(err);
        rc = 0;
    } else if (there) {
        key_fingerprint(&server, fp_server);
        if (here && !key_equal(&mine, &server)) {
            say_other_key(s, &server, &mine, said, size);
            rc = 0;
        } else if (here) {
            snprintf(said, size, "%s: event key %s, as this kiosk's", s->name, fp_server);
        } else {
            snprintf(said, size, "%s: event key %s, which this kiosk takes at its next sync",
                     s->name, fp_server);
        }
        explicit_bzero(&server, sizeof server);
    } else if (here) {
        snprintf(said, size, "%s: no event key yet; this kiosk's %s goes there at its next sync",
                 s->name, fp_mine);
    } else {
        snprintf(said, size, "%s: no event key there or here (entrada key new, to sign sticks)",
                 s->name);
    }
    if (there)
        explicit_bzero(PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0));
    PQclear(r);
    explicit_bzero(&mine, sizeof mine);
    return rc;
}

bool sync_share_settings(struct sync *s, struct store *st, const char *identity,
                         struct sync_report *rep, char **why)
{
    return share_settings(s, st, identity, now_ms() + EXCHANGE_MS, rep, why);
}

bool sync_push(struct sync *s, struct store *st, unsigned *pushed, char **why)
{
    struct exchange x = { .s = s, .st = st, .deadline = now_ms() + EXCHANGE_MS, .why = why };
    bool ok = !s->read_only && push_outbox(&x);
    *pushed = x.pushed;
    if (s->read_only)
        *why = xasprintf("%s is read-only (a standby, or default_transaction_read_only): events "
                         "wait here until it takes writes",
                         s->name);
    return ok;
}

bool sync_exchange(struct sync *s, struct store *st, const struct config *cfg, const char *identity,
                   struct sync_report *rep, char **why)
{
    memset(rep, 0, sizeof *rep);
    struct exchange x = { .s = s, .st = st, .deadline = now_ms() + EXCHANGE_MS, .why = why };
    bool ok = true;
    if (!s->read_only) {
        /* A server restored from a backup lacks events it had acknowledged: queue them again. */
        const char *params[] = { identity };
        PGresult *r = run(s, "SELECT COALESCE(max(seq), 0) FROM entrada_events WHERE kiosk = $1", 1,
                          params, x.deadline, why);
        ok = r != NULL;
        if (ok) {
            int64_t n = 0;
            ok =
                store_outbox_requeue(st, identity, strtoll(PQgetvalue(r, 0, 0), NULL, 10), &n, why);
            rep->requeued = (unsigned)n;
        }
        PQclear(r);
        ok = ok && push_outbox(&x);
        rep->pushed = x.pushed;
    }
    ok = ok && pull_sessions(&x, rep) && pull_lists(&x, cfg, rep) && pull_events(&x, rep) &&
         sync_walkins(&x, rep) && share_settings(s, st, identity, x.deadline, rep, why);
    char *ignored = NULL;
    if (!store_outbox_count(st, &rep->waiting, &ignored))
        free(ignored);
    if (ok && s->read_only) {
        *why = xasprintf("%s is read-only (a standby, or default_transaction_read_only): %" PRId64
                         " events wait here until it takes writes",
                         s->name, rep->waiting);
        return false;
    }
    return ok;
}

bool sync_wait(struct sync *s, int timeout_ms)
{
    if (s->conn == NULL)
        return false;
    int64_t deadline = now_ms() + timeout_ms;
    for (;;) {
        PGnotify *n = PQnotifies(s->conn);
        if (n) {
            /* All that came: one wake-up for a burst. */
            do
                PQfreemem(n);
            while ((n = PQnotifies(s->conn)) != NULL);
            return true;
        }
        if (!wait_socket(s->conn, POLLIN, deadline))
            return false;
        if (!PQconsumeInput(s->conn)) {
            PQfinish(s->conn);
            s->conn = NULL;
            return false;
        }
    }
}

bool sync_listen(struct sync *s, char **why)
{
    return exec(s, "LISTEN entrada", now_ms() + EXCHANGE_MS, why);
}

void sync_note(struct store *st, const char *problem)
{
    char *why = NULL, *was = NULL, now[24];
    snprintf(now, sizeof now, "%" PRId64, checkin_now_ms());
    int rc = store_get_setting(st, "sync.problem", &was, &why);
    bool online_before = rc == 1 && was[0] == '\0';
    bool offline_before = rc == 1 && was[0] != '\0';
    bool ok = true;
    char *contact = NULL;
    /* Each write is a commit to disk: none when nothing changed, the last contact twice a minute.
     */
    if (problem == NULL && online_before &&
        store_get_setting(st, "sync.last_contact", &contact, &why) == 1 &&
        checkin_now_ms() - strtoll(contact, NULL, 10) < 30000) {
        free(contact);
        free(was);
        return;
    }
    free(contact);
    if (problem && offline_before && strcmp(was, problem) == 0) {
        free(was);
        return;
    }
    if (problem == NULL) {
        ok = store_set_setting(st, "sync.last_contact", now, &why) &&
             (online_before || store_set_setting(st, "sync.since", now, &why)) &&
             store_set_setting(st, "sync.problem", "", &why);
    } else {
        ok = (offline_before || store_set_setting(st, "sync.since", now, &why)) &&
             store_set_setting(st, "sync.problem", problem, &why);
    }
    if (!ok)
        free(why);
    free(was);
}

bool sync_state_read(struct store *st, const struct config *cfg, struct sync_state *out, char **why)
{
    memset(out, 0, sizeof *out);
    out->configured = sync_configured(cfg);
    char *problem = NULL, *since = NULL, *contact = NULL;
    bool ok = store_outbox_count(st, &out->waiting, why) &&
              store_get_setting(st, "sync.problem", &problem, why) >= 0 &&
              store_get_setting(st, "sync.since", &since, why) >= 0 &&
              store_get_setting(st, "sync.last_contact", &contact, why) >= 0;
    if (ok) {
        out->online = problem && problem[0] == '\0';
        snprintf(out->problem, sizeof out->problem, "%s",
                 problem ? problem : "never reached the server");
        out->since_ms = since ? strtoll(since, NULL, 10) : 0;
        out->last_contact_ms = contact ? strtoll(contact, NULL, 10) : 0;
    }
    free(problem);
    free(since);
    free(contact);
    return ok;
}

/* "10:42" in local time. */
static void clock_of(int64_t ms, char *out, size_t size)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, size, "%H:%M", &tm);
}

void sync_state_line(const struct sync_state *s, char *out, size_t size)
{
    char at[16] = "";
    if (!s->configured) {
        snprintf(out, size, "this kiosk alone (no [sync] server)");
        return;
    }
    if (s->online) {
        snprintf(out, size, "online, %" PRId64 " waiting", s->waiting);
        return;
    }
    if (s->since_ms) {
        clock_of(s->since_ms, at, sizeof at);
        snprintf(out, size, "offline since %s, %" PRId64 " waiting", at, s->waiting);
    } else {
        snprintf(out, size, "offline, %" PRId64 " waiting", s->waiting);
    }
}
