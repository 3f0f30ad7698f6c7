/*
 * The kiosk's side of USB sticks and list reloads. The watcher's thread
 * reports sticks as SDL events; a sync (or a staff "reload") runs on a job
 * thread sharing the loop's store (its one writer connection: see the
 * threading contract in store.h), builds the new search index there too,
 * and hands the result back as an event. The loop only swaps the index in
 * and says what happened, so the screen keeps drawing while a long list
 * imports: its reads meanwhile see the store as it was before the merge,
 * and a check-in waits for the merge's transaction. One job runs at a time.
 *
 * With [usb] sync = staff a stick waits until staff mode is open (the
 * kiosk asks for the PIN when it is idle): a stick at the door must not be
 * able to replace the list or carry the attendance away.
 */
#include "kiosk-drop.h"
#include "entrada/drop.h"
#include "entrada/text.h"
#include "entrada/xmalloc.h"
#include "screen.h"
#include "state.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { EVENT_STICK, EVENT_PROGRESS, EVENT_DONE };

struct kiosk_job {
    struct kiosk *k; /* only its cfg, ids, store and progress atomics are touched off the loop */
    char *dir;       /* the stick, or NULL for a reload of list */
    bool staff;      /* started in staff mode, after the PIN: the stick may enrol a key */
    char *list;
    struct drop_report rep;
    struct search *search; /* the new index, when the list changed */
    int64_t conflicts;     /* counted after other kiosks' check-ins were merged, else -1 */
    pthread_t thread;
};

static void push(struct kiosk *k, int code, void *data1, void *data2)
{
    SDL_Event ev = { .type = k->drop_event };
    ev.user.code = code;
    ev.user.data1 = data1;
    ev.user.data2 = data2;
    if (SDL_PushEvent(&ev) != 1 && code != EVENT_PROGRESS)
        SDL_Log("usb: event lost: %s", SDL_GetError()); /* only if the queue is full */
}

static void handle_stick(void *ctx, const char *dir, bool present)
{
    push(ctx, EVENT_STICK, xstrdup(dir), (void *)(intptr_t)present);
}

static void handle_progress(void *ctx, enum drop_step step, unsigned done, unsigned total)
{
    struct kiosk *k = ctx;
    atomic_store(&k->job_step, (int)step);
    atomic_store(&k->job_done, (int)done);
    atomic_store(&k->job_total, (int)total);
    int idle = 0;
    if (atomic_compare_exchange_strong(&k->job_progress_posted, &idle, 1)) /* one queued at most */
        push(k, EVENT_PROGRESS, NULL, NULL);
}

static void *handle_job(void *arg)
{
    struct kiosk_job *job = arg;
    struct kiosk *k = job->k;
    struct store *st = k->store; /* the loop's: it outlives the job (kiosk_drop_stop waits) */
    char *work = drop_work_dir(k->db_path);
    struct drop_options opt = { .cfg = k->cfg,
                                .kiosk_id = k->kiosk_id,
                                .staff = job->staff,
                                .work_dir = work,
                                .progress = handle_progress,
                                .ctx = k };
    if (job->dir) /* a stick */
        drop_run(st, job->dir, &opt, &job->rep);
    else /* staff mode's reload of the configured list (a file, or a folder of lists) */
        drop_reload(st, job->list, &opt, &job->rep);
    free(work);
    char *why = NULL;
    if (job->rep.taken || job->rep.events > 0) { /* some list came in, if not all */
        job->search = search_create(st, &why);   /* NULL: the loop keeps the old index */
        free(why);
        why = NULL;
    }
    job->conflicts = -1; /* merged journals may hold conflicts: counted here, not on the loop */
    if (job->rep.events > 0 && !store_count_conflicts(st, &job->conflicts, &why))
        job->conflicts = -1;
    free(why);
    push(k, EVENT_DONE, job, NULL);
    return NULL;
}

static void start_job(struct kiosk *k, const char *dir, const char *list)
{
    struct kiosk_job *job = xcalloc(1, sizeof *job);
    job->k = k;
    /* Staff mode is open only after the PIN: the sync was authorised by staff. */
    job->staff = k->screen == &screen_staff;
    job->dir = dir ? xstrdup(dir) : NULL;
    job->list = list ? xstrdup(list) : NULL;
    atomic_store(&k->job_progress_posted, 0);
    handle_progress(k, DROP_FIND, 0, 0);
    int err = pthread_create(&job->thread, NULL, handle_job, job);
    if (err != 0) {
        snprintf(k->drop_status, sizeof k->drop_status, "%s: %s", kiosk_tr(k, "USB stick"),
                 strerror(err));
        free(job->dir);
        free(job->list);
        free(job);
        return;
    }
    k->job = job;
    k->job_started = SDL_GetPerformanceCounter();
    if (dir)
        k->stick_waiting = false;
    SDL_Log("%s %s", dir ? "usb: syncing" : "staff: reloading", dir ? dir : list);
}

void kiosk_sync(struct kiosk *k)
{
    if (k->job) {
        snprintf(k->staff_message, sizeof k->staff_message, "%s",
                 kiosk_tr(k, "Busy: wait for the USB stick or list to finish"));
        return;
    }
    if (k->stick[0])
        start_job(k, k->stick, NULL);
}

void kiosk_reload(struct kiosk *k)
{
    const char *list = config_str(k->cfg, CONFIG_LIST);
    if (!list[0]) {
        snprintf(k->staff_message, sizeof k->staff_message, "%s",
                 kiosk_tr(k, "No list to reload: set [kiosk] list in the configuration"));
        return;
    }
    if (k->job) {
        snprintf(k->staff_message, sizeof k->staff_message, "%s",
                 kiosk_tr(k, "Busy: wait for the USB stick or list to finish"));
        return;
    }
    start_job(k, NULL, list);
    snprintf(k->staff_message, sizeof k->staff_message, "%s",
             kiosk_tr(k, "Reloading the attendee list…"));
}

void kiosk_staff_opened(struct kiosk *k)
{
    if (k->stick_waiting && !k->job)
        start_job(k, k->stick, NULL);
}

/* What the job is doing, for the status line. */
static void show_progress(struct kiosk *k)
{
    atomic_store(&k->job_progress_posted, 0);
    unsigned done = (unsigned)atomic_load(&k->job_done),
             total = (unsigned)atomic_load(&k->job_total);
    const char *what = kiosk_tr(k, "reading the attendee list");
    switch ((enum drop_step)atomic_load(&k->job_step)) {
    case DROP_FIND:
        break;
    case DROP_IMPORT:
        what = kiosk_tr(k, "importing attendees");
        break;
    case DROP_MERGE:
        what = kiosk_tr(k, "merging other kiosks' check-ins");
        break;
    case DROP_EXPORT:
        what = kiosk_tr(k, "writing the exports");
        break;
    }
    const char *who = k->job && k->job->dir ? kiosk_tr(k, "USB stick") : kiosk_tr(k, "List");
    if (total > 0)
        snprintf(k->drop_status, sizeof k->drop_status, "%s: %s, %u / %u", who, what, done, total);
    else
        snprintf(k->drop_status, sizeof k->drop_status, "%s: %s…", who, what);
    k->dirty = true;
}

static void finish_job(struct kiosk *k, struct kiosk_job *job, struct kiosk_drop_outcome *out)
{
    pthread_join(job->thread, NULL);
    k->job = NULL;
    k->sync_ms = (double)(SDL_GetPerformanceCounter() - k->job_started) * 1000.0 /
                 (double)SDL_GetPerformanceFrequency();
    const struct drop_report *rep = &job->rep;
    if (job->conflicts >= 0)
        k->conflicts = job->conflicts;
    if (job->search || rep->taken || rep->events > 0) { /* built by the loop if the job could not */
        out->reload = true;
        out->index = job->search;
        job->search = NULL;
    }
    char summary[200] = "";
    if (rep->taken) /* the lists refused, if any, are among the problems */
        snprintf(summary, sizeof summary, kiosk_tr(k, "%u added, %u updated, %u cancelled"),
                 rep->import.added, rep->import.updated, rep->import.cancelled);
    else if (job->dir && !rep->refused)
        snprintf(summary, sizeof summary, "%s", kiosk_tr(k, "no attendee list on it"));
    if (job->dir && rep->enrolled[0]) {
        char part[96];
        snprintf(part, sizeof part, kiosk_tr(k, "event key %s enrolled"), rep->enrolled);
        size_t n = strlen(summary);
        snprintf(summary + n, sizeof summary - n, "%s%s", n ? ", " : "", part);
        SDL_Log("usb: event key %s enrolled from %s", rep->enrolled, job->dir);
    }
    if (job->dir && rep->events > 0) {
        char part[96];
        snprintf(part, sizeof part,
                 kiosk_ntr(k, "%u check-in from other kiosks", "%u check-ins from other kiosks",
                           rep->events),
                 rep->events);
        size_t n = strlen(summary);
        snprintf(summary + n, sizeof summary - n, "%s%s", n ? ", " : "", part);
    }
    char first[160] = "";
    if (rep->problems)
        snprintf(first, sizeof first, "%.*s", (int)strcspn(rep->problems, "\n"), rep->problems);
    if (job->dir) {
        /* Whatever happened, nothing is left open on the stick. */
        text_mark_cut(k->drop_status, sizeof k->drop_status,
                      snprintf(k->drop_status, sizeof k->drop_status, "%s: %s%s%s. %s",
                               kiosk_tr(k, "USB stick"), first[0] ? first : kiosk_tr(k, "synced"),
                               summary[0] ? ", " : "", summary, kiosk_tr(k, "Safe to remove.")));
        SDL_Log("usb: %s done: list %s, %u added, %u updated, %u cancelled; %u check-ins "
                "merged; exports %s; safe to remove",
                job->dir,
                rep->imported  ? rep->list
                : rep->taken   ? "partly imported"
                : rep->refused ? "refused"
                               : "none",
                rep->import.added, rep->import.updated, rep->import.cancelled, rep->events,
                rep->exported[0] ? rep->exported : "not written");
    } else {
        k->drop_status[0] = '\0';
        if (first[0]) /* with what came in, when some list did */
            text_mark_cut(k->staff_message, sizeof k->staff_message,
                          snprintf(k->staff_message, sizeof k->staff_message, "%s%s%s", first,
                                   summary[0] ? "; " : "", summary));
        else
            snprintf(k->staff_message, sizeof k->staff_message,
                     kiosk_tr(k, "List reloaded: %u added, %u updated, %u cancelled"),
                     rep->import.added, rep->import.updated, rep->import.cancelled);
        if (rep->taken || !first[0])
            SDL_Log("staff: reloaded %s: %u added, %u updated, %u cancelled", job->list,
                    rep->import.added, rep->import.updated, rep->import.cancelled);
    }
    if (job->dir)
        k->staff_message[0] = '\0'; /* the stick's outcome shows instead */
    for (const char *p = rep->problems; p && *p; p += strcspn(p, "\n") + 1)
        SDL_Log("%s: %.*s", job->dir ? "usb" : "staff", (int)strcspn(p, "\n"), p);
    if (k->screen->refresh)
        k->screen->refresh(k);
    drop_report_clear(&job->rep);
    free(job->dir);
    free(job->list);
    free(job);
    k->dirty = true;
}

/* A stick waits for staff mode: [usb] sync = staff, and there is a staff PIN to ask for. */
static bool waits_for_staff(const struct kiosk *k)
{
    return strcmp(config_str(k->cfg, CONFIG_USB_SYNC), "staff") == 0 &&
           config_str(k->cfg, CONFIG_STAFF_PIN)[0];
}

static void stick_changed(struct kiosk *k, const char *dir, bool present,
                          struct kiosk_drop_outcome *out)
{
    if (!present) {
        if (strcmp(dir, k->stick) == 0) {
            SDL_Log("usb: %s removed", dir);
            k->stick[0] = '\0';
            k->stick_waiting = false;
            if (!k->job)
                k->drop_status[0] = '\0';
            k->dirty = true;
        }
        return;
    }
    SDL_Log("usb: stick at %s", dir);
    snprintf(k->stick, sizeof k->stick, "%s", dir);
    if (!waits_for_staff(k) || k->screen == &screen_staff) {
        if (k->job)
            k->stick_waiting = true; /* started when the running job is done */
        else
            start_job(k, dir, NULL);
        return;
    }
    k->stick_waiting = true;
    snprintf(k->drop_status, sizeof k->drop_status, "%s",
             kiosk_tr(k, "USB stick inserted: staff, open staff mode to sync it"));
    out->ask_pin = k->screen == &screen_idle || k->screen == &screen_retain;
    k->dirty = true;
}

void kiosk_drop_event(struct kiosk *k, const SDL_Event *ev, struct kiosk_drop_outcome *out)
{
    *out = (struct kiosk_drop_outcome){ 0 };
    switch (ev->user.code) {
    case EVENT_STICK:
        stick_changed(k, ev->user.data1, (intptr_t)ev->user.data2 != 0, out);
        free(ev->user.data1);
        break;
    case EVENT_PROGRESS:
        if (k->job)
            show_progress(k);
        break;
    case EVENT_DONE:
        finish_job(k, ev->user.data1, out);
        if (k->stick_waiting && k->stick[0] && (!waits_for_staff(k) || k->screen == &screen_staff))
            start_job(k, k->stick, NULL);
        break;
    }
}

bool kiosk_drop_start(struct kiosk *k, char **why)
{
    k->drop_event = SDL_RegisterEvents(1);
    if (k->drop_event == (Uint32)-1) {
        *why = xstrdup("cannot register SDL events");
        return false;
    }
    if (strcmp(config_str(k->cfg, CONFIG_USB_SYNC), "never") == 0)
        return true;
    k->drop_watch = drop_watch_start(k->cfg, handle_stick, k, why);
    if (k->drop_watch == NULL) {
        /* The kiosk runs on without sticks; staff see why in the log. */
        SDL_Log("usb: %s", *why);
        free(*why);
        *why = NULL;
    }
    return true;
}

void kiosk_drop_stop(struct kiosk *k)
{
    drop_watch_stop(k->drop_watch);
    k->drop_watch = NULL;
    if (k->job) {
        pthread_join(k->job->thread, NULL); /* a merge in progress finishes or rolls back */
    }
}

void kiosk_drop_discard(const SDL_Event *ev)
{
    if (ev->user.code == EVENT_STICK) {
        free(ev->user.data1);
    } else if (ev->user.code == EVENT_DONE) {
        struct kiosk_job *job = ev->user.data1;
        search_destroy(job->search);
        drop_report_clear(&job->rep);
        free(job->dir);
        free(job->list);
        free(job);
    }
}
