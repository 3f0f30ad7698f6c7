/*
 * The kiosk and the event's server: the sync thread and the door's
 * question (kiosk-sync.h). The thread has a connection of its own and the
 * loop another, since a libpq connection serves one thread at a time; both
 * share the store, whose contract allows that.
 */
#include "kiosk-sync.h"
#include "screen.h"
#include "state.h"

#include "entrada/sync.h"
#include "entrada/xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What an exchange tells the loop (data1 of a k->sync_event, malloc'd). */
struct sync_news {
    bool online;
    unsigned pulled, pushed, lists, sessions;
    int64_t waiting;
    int64_t conflicts; /* counted after a pull brought events, else -1 */
    char problem[256];
};

/* Sleep ms, waking early when the kiosk stops. */
static void pause_ms(struct kiosk *k, int ms)
{
    for (int slept = 0; slept < ms && !atomic_load(&k->sync_stop); slept += 50)
        SDL_Delay(50);
}

static int handle_thread(void *arg)
{
    struct kiosk *k = arg;
    struct sync *s = NULL;
    int interval = config_int(k->cfg, CONFIG_SYNC_INTERVAL_MS);
    bool was_online = false, first = true;
    char last_problem[256] = "", last_warning[400] = "";
    while (!atomic_load(&k->sync_stop)) {
        struct sync_news *news = xcalloc(1, sizeof *news);
        char *why = NULL;
        if (s == NULL && (s = sync_connect(k->cfg, 3000, false, &why)) != NULL &&
            !sync_listen(s, &why)) {
            sync_close(s);
            s = NULL;
        }
        struct sync_report rep = { 0 };
        bool ok = s && sync_exchange(s, k->store, k->cfg, k->kiosk_id, &rep, &why);
        news->online = ok;
        news->pulled = rep.pulled;
        news->pushed = rep.pushed;
        news->lists = rep.lists;
        news->sessions = rep.sessions + rep.walkins + rep.settings;
        news->waiting = rep.waiting;
        /* Other doors' events may make conflicts: counted here, not on the loop. */
        news->conflicts = -1;
        char *conflicts_why = NULL;
        if (rep.pulled && !store_count_conflicts(k->store, &news->conflicts, &conflicts_why)) {
            SDL_Log("sync: %s", conflicts_why);
            free(conflicts_why);
            news->conflicts = -1;
        }
        char *count_why = NULL;
        if (!ok && !store_outbox_count(k->store, &news->waiting, &count_why))
            free(count_why);
        if (!ok) {
            snprintf(news->problem, sizeof news->problem, "%s", why ? why : "no server");
            if (s && !sync_read_only(s)) { /* broken: connect again next time */
                sync_close(s);
                s = NULL;
            }
        }
        if (ok != was_online || first || !ok)
            sync_note(k->store, ok ? NULL : news->problem);
        else if (rep.pushed || rep.pulled)
            sync_note(k->store, NULL);
        if (ok && rep.warning[0] && strcmp(rep.warning, last_warning) != 0)
            SDL_Log("sync: %s", rep.warning);
        if (ok) /* an outage between says nothing about the warning: not logged again after it */
            snprintf(last_warning, sizeof last_warning, "%s", rep.warning);
        /* Said once, not every second while it lasts. */
        if (why && strcmp(why, last_problem) != 0)
            SDL_Log("sync: %s", why);
        snprintf(last_problem, sizeof last_problem, "%s", why ? why : "");
        free(why);
        was_online = ok;
        first = false;
        SDL_Event e = { .type = k->sync_event };
        e.user.data1 = news;
        if (SDL_PushEvent(&e) != 1)
            free(news);
        /* Until the next exchange: another kiosk's events wake us, else the interval. */
        if (ok) {
            int64_t left = interval;
            while (left > 0 && !atomic_load(&k->sync_stop)) {
                if (sync_wait(s, left < 200 ? (int)left : 200))
                    break;
                left -= 200;
            }
        } else {
            pause_ms(k, interval);
        }
    }
    sync_close(s);
    return 0;
}

bool kiosk_sync_start(struct kiosk *k, char **why)
{
    if (!sync_configured(k->cfg))
        return true;
    k->door = (struct sync_door){ .cfg = k->cfg,
                                  .timeout_ms = config_int(k->cfg, CONFIG_SYNC_TIMEOUT_MS) };
    snprintf(k->sync_status, sizeof k->sync_status, "%s", kiosk_tr(k, "Server: connecting"));
    k->sync_event = SDL_RegisterEvents(1);
    if (k->sync_event == (Uint32)-1) {
        k->sync_event = 0;
        *why = xstrdup("cannot register the sync event");
        return false;
    }
    atomic_store(&k->sync_stop, false);
    k->sync_thread = SDL_CreateThread(handle_thread, "sync", k);
    if (k->sync_thread == NULL) {
        *why = xasprintf("cannot start the sync thread: %s", SDL_GetError());
        return false;
    }
    return true;
}

void kiosk_sync_stop(struct kiosk *k)
{
    if (k->sync_thread) {
        atomic_store(&k->sync_stop, true);
        SDL_WaitThread(k->sync_thread, NULL);
        k->sync_thread = NULL;
    }
    sync_door_clear(&k->door);
}

bool kiosk_sync_event(struct kiosk *k, const SDL_Event *ev)
{
    struct sync_news *news = ev->user.data1;
    k->sync_online = news->online;
    /* The door asks the server again once the thread has found it. */
    k->door.skip = !news->online;
    char *why = NULL;
    struct sync_state kept;
    if (!sync_state_read(k->store, k->cfg, &kept, &why)) {
        SDL_Log("sync: %s", why);
        free(why);
        kept.since_ms = 0;
    }
    if (news->online) {
        snprintf(k->sync_status, sizeof k->sync_status, kiosk_tr(k, "Server: online, %lld waiting"),
                 (long long)news->waiting);
    } else {
        char since[16] = "?";
        if (kept.since_ms) {
            time_t t = (time_t)(kept.since_ms / 1000);
            struct tm tm;
            localtime_r(&t, &tm);
            strftime(since, sizeof since, "%H:%M", &tm);
        }
        snprintf(k->sync_status, sizeof k->sync_status,
                 kiosk_tr(k, "Server: offline since %s, %lld waiting"), since,
                 (long long)news->waiting);
    }
    snprintf(k->sync_problem, sizeof k->sync_problem, "%s", news->problem);
    /* A list published: the search and the count follow it (rare: made on the loop). */
    bool reload = news->lists && !k->indexing;
    if (news->conflicts >= 0)
        k->conflicts = news->conflicts;
    if (news->pulled || news->lists || news->sessions) {
        k->sync_pulled += news->pulled;
        /* Counts, the not-arrived list and "already" come from the store: staff screens look again.
         */
        if (k->screen->staff && k->screen->refresh)
            k->screen->refresh(k);
    }
    k->dirty = true;
    free(news);
    return reload;
}

void kiosk_sync_discard(const SDL_Event *ev)
{
    free(ev->user.data1);
}

void kiosk_sync_policy(struct kiosk *k, struct checkin_policy *policy)
{
    if (k->sync_thread == NULL)
        return;
    policy->decide = sync_decide;
    policy->decide_ctx = &k->door;
}

void kiosk_sync_checked(struct kiosk *k)
{
    if (k->sync_thread == NULL || k->door.skip)
        return;
    if (k->door.problem) {
        /* No answer in time: the next doors decide here until the thread finds the server. */
        SDL_Log("decided offline: %s", k->door.problem);
        k->door.skip = true;
        sync_close(k->door.conn);
        k->door.conn = NULL;
    }
}
