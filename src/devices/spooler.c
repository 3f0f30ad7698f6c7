/* The print queue's thread: draw the badge to a temporary PDF, print it, report. */
#include "entrada/spooler.h"
#include "entrada/badge.h"
#include "entrada/printer.h"
#include "entrada/xmalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { QUEUE_MAX = 64 };

struct spooler {
    struct badge *badge;
    char *queue, *server;
    int timeout_ms;
    void (*done)(void *ctx, const struct spooler_result *r);
    void *ctx;
    pthread_t thread;
    bool started; /* the thread runs */
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct attendee jobs[QUEUE_MAX];
    int head, count, printing;
    bool stop;
    struct timespec stop_by; /* once stopping: queued jobs are sent until then */
};

/* The queue is done with: stopped, and nothing more to send or no time left. Lock held. */
static bool finished(const struct spooler *s)
{
    if (!s->stop)
        return false;
    if (s->count == 0)
        return true;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > s->stop_by.tv_sec ||
           (now.tv_sec == s->stop_by.tv_sec && now.tv_nsec >= s->stop_by.tv_nsec);
}

static void copy_attendee(struct attendee *to, const struct attendee *from)
{
    memset(to, 0, sizeof *to);
    to->id = from->id;
    to->code = xstrdup(from->code ? from->code : "");
    to->name = xstrdup(from->name ? from->name : "");
    to->organisation = xstrdup(from->organisation ? from->organisation : "");
    to->category = xstrdup(from->category ? from->category : "");
}

static void *handle_jobs(void *arg)
{
    struct spooler *s = arg;
    for (;;) {
        pthread_mutex_lock(&s->lock);
        while (!s->stop && s->count == 0)
            pthread_cond_wait(&s->wake, &s->lock);
        if (finished(s)) {
            pthread_mutex_unlock(&s->lock);
            break;
        }
        struct attendee a = s->jobs[s->head];
        s->head = (s->head + 1) % QUEUE_MAX;
        s->count--;
        s->printing = 1;
        pthread_mutex_unlock(&s->lock);

        struct spooler_result r = { .attendee_id = a.id };
        snprintf(r.name, sizeof r.name, "%s", a.name);
        char pdf[] = "/tmp/entrada-badge-XXXXXX.pdf";
        int fd = mkstemps(pdf, 4);
        char *why = NULL;
        if (fd < 0 || !badge_write(s->badge, &a, pdf, 300, &why)) {
            snprintf(r.message, sizeof r.message, "%s", why ? why : "cannot write the badge");
        } else {
            struct printer_result pr;
            printer_print(s->server, s->queue, pdf, a.name, s->timeout_ms, &pr);
            r.job_id = pr.job_id;
            r.ok = pr.ok;
            snprintf(r.message, sizeof r.message, "%s", pr.message);
        }
        free(why);
        if (fd >= 0) {
            close(fd);
            unlink(pdf);
        }
        attendee_clear(&a);
        pthread_mutex_lock(&s->lock);
        s->printing = 0;
        pthread_mutex_unlock(&s->lock);
        s->done(s->ctx, &r);
    }
    return NULL;
}

struct spooler *spooler_start(const struct config *cfg, struct store *st,
                              void (*done)(void *ctx, const struct spooler_result *r), void *ctx,
                              char **why)
{
    struct badge *b = badge_create(cfg, why);
    if (b && st && !badge_use_store(b, st, why)) { /* bands as the batches have them */
        badge_destroy(b);
        b = NULL;
    }
    if (b == NULL)
        return NULL;
    struct spooler *s = xcalloc(1, sizeof *s);
    s->badge = b;
    s->queue = xstrdup(config_str(cfg, CONFIG_PRINTER_QUEUE));
    s->server = xstrdup(config_str(cfg, CONFIG_PRINTER_SERVER));
    s->timeout_ms = (int)config_int(cfg, CONFIG_PRINTER_TIMEOUT_S) * 1000;
    s->done = done;
    s->ctx = ctx;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    int err = pthread_create(&s->thread, NULL, handle_jobs, s);
    if (err != 0) {
        *why = xasprintf("cannot start printing: no thread: %s", strerror(err));
        spooler_stop(s, 0);
        return NULL;
    }
    s->started = true;
    return s;
}

int spooler_stop(struct spooler *s, int drain_ms)
{
    if (s == NULL)
        return 0;
    pthread_mutex_lock(&s->lock);
    clock_gettime(CLOCK_MONOTONIC, &s->stop_by);
    s->stop_by.tv_sec += drain_ms / 1000;
    s->stop_by.tv_nsec += (long)(drain_ms % 1000) * 1000000;
    if (s->stop_by.tv_nsec >= 1000000000) {
        s->stop_by.tv_sec++;
        s->stop_by.tv_nsec -= 1000000000;
    }
    s->stop = true;
    pthread_cond_broadcast(&s->wake);
    pthread_mutex_unlock(&s->lock);
    if (s->started)
        pthread_join(s->thread, NULL);
    int left = s->count;
    for (int i = 0; i < s->count; i++) { /* each told as a job that failed: logged, findable */
        struct attendee *a = &s->jobs[(s->head + i) % QUEUE_MAX];
        struct spooler_result r = { .attendee_id = a->id };
        snprintf(r.name, sizeof r.name, "%s", a->name);
        snprintf(r.message, sizeof r.message,
                 "badge of %s not sent: the kiosk closed before the printer took it; print it "
                 "again (entrada print %s)",
                 a->code, a->code);
        s->done(s->ctx, &r);
        attendee_clear(a);
    }
    badge_destroy(s->badge);
    free(s->queue);
    free(s->server);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->wake);
    free(s);
    return left;
}

bool spooler_add(struct spooler *s, const struct attendee *a)
{
    pthread_mutex_lock(&s->lock);
    bool room = s->count < QUEUE_MAX;
    if (room) {
        copy_attendee(&s->jobs[(s->head + s->count) % QUEUE_MAX], a);
        s->count++;
        pthread_cond_signal(&s->wake);
    }
    pthread_mutex_unlock(&s->lock);
    return room;
}

int spooler_pending(struct spooler *s)
{
    pthread_mutex_lock(&s->lock);
    int n = s->count + s->printing;
    pthread_mutex_unlock(&s->lock);
    return n;
}
