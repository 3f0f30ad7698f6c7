/*
 * The kiosk's print queue: badges are drawn and printed on a thread of
 * their own, so that a slow or stuck printer never holds up a check-in or
 * the screen. Each job's outcome is handed back through a callback.
 */
#ifndef ENTRADA_SPOOLER_H
#define ENTRADA_SPOOLER_H

#include "entrada/attendee.h"
#include "entrada/config.h"

#include <stdbool.h>
#include <stdint.h>

struct spooler_result {
    int64_t attendee_id;
    char name[160];
    int job_id;
    bool ok;
    char message[256];
};

struct spooler;
struct store;

/*
 * Start printing to [printer] queue. done is called on the spooler's thread
 * after each job. Badges get the bands of st's categories, read here (st
 * may be NULL). NULL with *why for a bad badge size or a thread that
 * cannot start.
 */
struct spooler *spooler_start(const struct config *cfg, struct store *st,
                              void (*done)(void *ctx, const struct spooler_result *r), void *ctx,
                              char **why);
/*
 * Stop: the badges queued are still sent to the printer for at most
 * drain_ms (a printer that does not answer holds each for its timeout),
 * then the thread ends; each badge left is handed to done as a job that
 * failed. Returns how many queued badges were not sent. Accepts NULL.
 */
int spooler_stop(struct spooler *s, int drain_ms);

/* Queue a's badge (a is copied); false when the queue is full and it was not queued. */
bool spooler_add(struct spooler *s, const struct attendee *a);

/* Jobs queued or printing. */
int spooler_pending(struct spooler *s);

#endif
