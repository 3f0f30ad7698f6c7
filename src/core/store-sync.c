/*
 * What a store keeps for several kiosks on one server: the kiosk's
 * identity and where the store lived when it was made, the outbox of
 * events the server has not acknowledged, and the conflicts two offline
 * doors can leave behind. The server side is the sync module's.
 */
#include "entrada/xmalloc.h"
#include "store-private.h"

#include <fcntl.h>
#include <inttypes.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define IDENTITY "kiosk.identity"
#define PLACE    "kiosk.place"

/* The first line of a small file (an id, a serial number), "" if none. */
static void first_line(const char *path, char *out, size_t size)
{
    out[0] = '\0';
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return;
    struct stat sb;
    ssize_t n = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) ? read(fd, out, size - 1) : -1;
    close(fd);
    out[n > 0 ? n : 0] = '\0';
    out[strcspn(out, "\n")] = '\0';
}

/* Where the store lives now, as 32 hex digits of a SHA-256 digest. */
static void place_of(const struct store *st, char out[33])
{
    char machine[128], serial[128], text[512];
    first_line("/etc/machine-id", machine, sizeof machine);
    /* A Raspberry Pi's board serial: cards flashed from one image share the machine id. */
    first_line("/sys/firmware/devicetree/base/serial-number", serial, sizeof serial);
    struct stat sb = { 0 };
    if (!st->shared_file || stat(st->path, &sb) != 0)
        memset(&sb, 0, sizeof sb);
    snprintf(text, sizeof text, "%s\n%s\n%ju:%ju", machine, serial, (uintmax_t)sb.st_dev,
             (uintmax_t)sb.st_ino);
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, strlen(text), (const uint8_t *)text);
    sha256_digest(&ctx, sizeof digest, digest);
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

/* display with six random hex digits: a new identity. */
static char *new_identity(const char *display)
{
    uint8_t r[3] = { 0 };
    if (getrandom(r, sizeof r, 0) != sizeof r) {
        /* No entropy source at all: the time and process still tell two kiosks apart. */
        uint64_t t = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 20);
        memcpy(r, &t, sizeof r);
    }
    char d[48];
    snprintf(d, sizeof d, "%s", display[0] ? display : "kiosk");
    return xasprintf("%s-%02x%02x%02x", d, r[0], r[1], r[2]);
}

bool store_identity(struct store *st, const char *display, char **id, char **why)
{
    *id = NULL;
    char place[33];
    place_of(st, place);
    /* Read, and make if needed, in one transaction: a kiosk and a command starting together agree.
     */
    if (!store_begin(st, why))
        return false;
    char *have = NULL, *where = NULL;
    int rc = store_get_setting(st, IDENTITY, &have, why);
    if (rc >= 0)
        rc = rc == 1 ? store_get_setting(st, PLACE, &where, why) : 0;
    if (rc < 0)
        goto fail;
    if (have && where && strcmp(where, place) == 0) {
        store_rollback(st); /* nothing written */
        free(where);
        *id = have;
        return true;
    }
    char *made;
    int64_t legacy = 0;
    if (have == NULL) {
        /* A store from before identities: the events it recorded as display stay its own. */
        struct store_use u;
        if (!store_enter(st, false, &u, why))
            goto fail;
        sqlite3_stmt *q = store_prepare(st, u.c, "SELECT COUNT(*) FROM checkins WHERE kiosk = ?",
                                        "read check-ins", why);
        if (q) {
            sqlite3_bind_text(q, 1, display, -1, SQLITE_STATIC);
            if (sqlite3_step(q) == SQLITE_ROW)
                legacy = sqlite3_column_int64(q, 0);
            sqlite3_finalize(q);
        }
        store_leave(st, &u);
        if (q == NULL)
            goto fail;
    }
    /*
     * The name (configured, or the host's) with random digits: Pis flashed
     * from one image, configuration included, still number their events
     * apart. Only the id a store's events already carry is kept as it is.
     */
    made = legacy > 0 ? xstrdup(display) : new_identity(display);
    if (!store_set_setting(st, IDENTITY, made, why) || !store_set_setting(st, PLACE, place, why) ||
        !store_commit(st, why)) {
        free(made);
        goto fail_committed;
    }
    free(have);
    free(where);
    *id = made;
    return true;
fail:
    store_rollback(st);
fail_committed:
    free(have);
    free(where);
    return false;
}

bool store_outbox_count(struct store *st, int64_t *waiting, char **why)
{
    return store_count(st, "SELECT COUNT(*) FROM outbox", "read the outbox", waiting, why);
}

/* One write to the outbox naming an event by its global id (?1 kiosk, ?2 seq); *n rows changed. */
static bool outbox_write(struct store *st, const char *sql, const char *kiosk, int64_t seq,
                         int64_t *n, char **why)
{
    struct store_use u;
    if (!store_enter(st, true, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(st, u.c, sql, "write the outbox", why);
    if (q) {
        sqlite3_bind_text(q, 1, kiosk, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, seq);
        ok = sqlite3_step(q) == SQLITE_DONE || store_fail(st, u.c, why, "write the outbox");
        if (n)
            *n = ok ? sqlite3_changes(u.c->db) : 0;
        sqlite3_finalize(q);
    }
    store_leave(st, &u);
    return ok;
}

bool store_outbox_done(struct store *st, const char *kiosk, int64_t seq, char **why)
{
    return outbox_write(st,
                        "DELETE FROM outbox WHERE checkin_id = "
                        "(SELECT id FROM checkins WHERE kiosk = ?1 AND seq = ?2)",
                        kiosk, seq, NULL, why);
}

bool store_outbox_requeue(struct store *st, const char *kiosk, int64_t seq, int64_t *n, char **why)
{
    return outbox_write(st,
                        "INSERT OR IGNORE INTO outbox SELECT id FROM checkins "
                        "WHERE kiosk = ?1 AND seq > ?2",
                        kiosk, seq, n, why);
}

bool store_count_conflicts(struct store *st, int64_t *n, char **why)
{
    /*
     * The people with more than one check-in to a session first, from the
     * index alone; only theirs are looked at whole (a quarter of the time
     * of grouping every admission, at 100,000).
     */
    return store_count(
        st,
        "SELECT COUNT(*) FROM (SELECT attendee_id, session_id FROM checkins "
        "WHERE direction = 'in' GROUP BY attendee_id, session_id "
        "HAVING COUNT(*) > 1) p WHERE (SELECT COUNT(DISTINCT kiosk) FROM admissions a "
        "WHERE a.attendee_id = p.attendee_id AND a.session_id = p.session_id) > 1",
        "count conflicts", n, why);
}

bool store_each_conflict(struct store *st, bool (*fn)(void *ctx, const struct store_conflict *c),
                         void *ctx, char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(
        st, u.c,
        "SELECT a.code, a.name, s.name, group_concat(DISTINCT c.kiosk), COUNT(*), MIN(c.at_ms), "
        "MAX(c.at_ms), group_concat(c.kiosk || char(31) || c.at_ms, char(30)) "
        "FROM admissions c JOIN attendees a ON a.id = c.attendee_id "
        "JOIN sessions s ON s.id = c.session_id GROUP BY c.attendee_id, c.session_id "
        "HAVING COUNT(DISTINCT c.kiosk) > 1 ORDER BY MAX(c.at_ms) DESC, a.code",
        "read conflicts", why);
    if (q == NULL)
        goto out;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        char *kiosks = xstrdup(store_column_text(q, 3));
        for (char *p = kiosks; *p; p++)
            if (*p == ',')
                *p = ' ';
        struct store_conflict c = {
            .code = store_column_text(q, 0),
            .name = store_column_text(q, 1),
            .session = store_column_text(q, 2),
            .kiosks = kiosks,
            .admissions = sqlite3_column_int64(q, 4),
            .first_ms = sqlite3_column_int64(q, 5),
            .last_ms = sqlite3_column_int64(q, 6),
            .each = store_column_text(q, 7),
        };
        bool more = fn(ctx, &c);
        free(kiosks);
        if (!more)
            break;
    }
    ok = rc == SQLITE_ROW || rc == SQLITE_DONE || store_fail(st, u.c, why, "read conflicts");
    sqlite3_finalize(q);
out:
    store_leave(st, &u);
    return ok;
}
