/*
 * The kiosk's side of the event's server (kiosk-sync.c): a thread that
 * pushes the outbox and pulls the other kiosks' events, lists and sessions
 * as they come (LISTEN/NOTIFY, and at least every [sync] interval_ms), and
 * hands what happened to the loop as an event; and the door's question to
 * the server for each first admission, asked on the loop's own connection
 * within [sync] timeout_ms, and not asked while the thread finds the
 * server away.
 */
#ifndef ENTRADA_KIOSK_SYNC_H
#define ENTRADA_KIOSK_SYNC_H

#include <SDL.h>
#include <stdbool.h>

struct kiosk;
struct checkin_policy;

/* Start the thread if [sync] server is set: false with *why if it cannot start. */
bool kiosk_sync_start(struct kiosk *k, char **why);
/* Stop it and wait for it (at most one exchange). */
void kiosk_sync_stop(struct kiosk *k);
/*
 * Handle an event of type k->sync_event: the status line, and a redraw of
 * counts that changed. True when a list was published and the loop must
 * make the search index again (kiosk_reload_index).
 */
bool kiosk_sync_event(struct kiosk *k, const SDL_Event *ev);
void kiosk_sync_discard(const SDL_Event *ev);
/* Let policy ask the server, when there is one. */
void kiosk_sync_policy(struct kiosk *k, struct checkin_policy *policy);
/* After a check-in: whether the server answered. */
void kiosk_sync_checked(struct kiosk *k);

#endif
