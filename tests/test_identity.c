/*
 * A kiosk's identity in its store: made once, kept, taken over from a
 * store that recorded events before identities were kept, and made anew
 * in a copy of the store; and the outbox that holds events for the server.
 */
#include "check.h"
#include "entrada/store.h"

#include <fcntl.h>

/* Copy the file from to to (a store image copied to another kiosk). */
static bool copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    bool ok = in && out;
    char buf[8192];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = false;
    return ok;
}

static bool is_random_of(const char *id, const char *display)
{
    size_t n = strlen(display);
    if (strncmp(id, display, n) != 0 || id[n] != '-' || strlen(id + n + 1) != 6)
        return false;
    return strspn(id + n + 1, "0123456789abcdef") == 6;
}

int main(void)
{
    const char *dir = check_tmpdir();
    char a[512], b[512], c[512], *why = NULL, *id = NULL, *again = NULL;
    snprintf(a, sizeof a, "%s/a.db", dir);
    snprintf(b, sizeof b, "%s/b.db", dir);
    snprintf(c, sizeof c, "%s/c.db", dir);

    /* Not configured: the host name and six random hex digits, the same every time. */
    struct store *st = store_open(a, &why);
    CHECK(st != NULL);
    CHECK(store_identity(st, "raspberrypi", &id, &why));
    CHECK(id && is_random_of(id, "raspberrypi"));
    CHECK(store_identity(st, "raspberrypi", &again, &why));
    CHECK_STR(again, id);
    free(again);
    /* A kiosk_id configured later is a name shown: the identity stays. */
    CHECK(store_identity(st, "door-9", &again, &why));
    CHECK_STR(again, id);
    free(again);

    /* Events go to the outbox when recorded, and leave it when the server has them. */
    struct attendee p = { 0 };
    p.code = strdup("RM-1");
    p.name = strdup("Ana Pérez");
    CHECK(store_put_attendee(st, &p, &why));
    int64_t session, waiting = -1;
    CHECK(store_find_session(st, "main", &session, &why) == 1);
    struct store_event ev = { .attendee_id = p.id, .session_id = session, .at_ms = 1767000000000 };
    snprintf(ev.kiosk, sizeof ev.kiosk, "%s", id);
    CHECK(store_record(st, &ev, &why) && ev.seq == 1);
    CHECK(store_outbox_count(st, &waiting, &why) && waiting == 1);
    CHECK(store_outbox_done(st, id, 1, &why));
    CHECK(store_outbox_count(st, &waiting, &why) && waiting == 0);
    store_close(st);

    /* The store's image copied: the copy makes its own identity, the original keeps its own. */
    CHECK(copy_file(a, b));
    st = store_open(b, &why);
    CHECK(st != NULL);
    CHECK(store_identity(st, "raspberrypi", &again, &why));
    CHECK(again && is_random_of(again, "raspberrypi") && strcmp(again, id) != 0);
    /* The events recorded before keep their ids; new ones are numbered under the new identity. */
    struct store_event old;
    CHECK(store_find_event(st, id, 1, &old, &why) == 1);
    struct store_event mine = ev;
    snprintf(mine.kiosk, sizeof mine.kiosk, "%s", again);
    CHECK(store_record(st, &mine, &why) && mine.seq == 1);
    char *kept = NULL;
    CHECK(store_identity(st, "raspberrypi", &kept, &why));
    CHECK_STR(kept, again);
    free(kept);
    free(again);
    store_close(st);
    st = store_open(a, &why);
    CHECK(st != NULL);
    CHECK(store_identity(st, "raspberrypi", &again, &why));
    CHECK_STR(again, id);
    free(again);
    store_close(st);

    /*
     * Configured: the name with random digits, so that two kiosks set up from
     * one image, configuration and all, still differ; and a copy of its store
     * gets its own.
     */
    st = store_open(c, &why);
    char *first = NULL;
    CHECK(st && store_identity(st, "door-1", &first, &why));
    CHECK(first && is_random_of(first, "door-1"));
    store_close(st);
    snprintf(b, sizeof b, "%s/c-twin.db", dir);
    st = store_open(b, &why); /* a second kiosk, configured alike, with a store of its own */
    CHECK(st && store_identity(st, "door-1", &again, &why));
    CHECK(again && is_random_of(again, "door-1") && strcmp(again, first) != 0);
    free(again);
    store_close(st);
    snprintf(b, sizeof b, "%s/c-copy.db", dir);
    CHECK(copy_file(c, b));
    st = store_open(b, &why);
    CHECK(st && store_identity(st, "door-1", &again, &why));
    CHECK(again && is_random_of(again, "door-1") && strcmp(again, first) != 0);
    free(again);
    free(first);
    store_close(st);

    /* A store from before identities, with events recorded as its host's id, keeps that id. */
    snprintf(b, sizeof b, "%s/legacy.db", dir);
    st = store_open(b, &why);
    CHECK(st != NULL);
    struct attendee q = { 0 };
    q.code = strdup("RM-2");
    q.name = strdup("Luis Gil");
    CHECK(store_put_attendee(st, &q, &why));
    struct store_event lev = { .attendee_id = q.id, .session_id = session, .at_ms = 1767000000000 };
    snprintf(lev.kiosk, sizeof lev.kiosk, "pi-1a2b");
    CHECK(store_record(st, &lev, &why));
    CHECK(store_identity(st, "pi-1a2b", &again, &why));
    CHECK_STR(again, "pi-1a2b");
    free(again);
    store_close(st);

    attendee_clear(&p);
    attendee_clear(&q);
    free(id);
    free(why);
    return check_done("identity");
}
