/*
 * The kiosk's side of USB sticks and list reloads (kiosk-drop.c): what the
 * loop and staff mode ask of it. Its state is the USB part of struct kiosk.
 */
#ifndef ENTRADA_KIOSK_DROP_H
#define ENTRADA_KIOSK_DROP_H

#include <SDL.h>
#include <stdbool.h>

struct kiosk;
struct search;

/* What the loop does after an event of kiosk-drop's: the loop owns the screen and the index. */
struct kiosk_drop_outcome {
    bool ask_pin;         /* a stick waits for staff: show the PIN screen */
    bool reload;          /* the list or the check-ins changed: swap in index */
    struct search *index; /* the index the job built (the loop owns it now), or NULL: build one */
};

/* Start watching for sticks: false with *why only if SDL cannot register its event. */
bool kiosk_drop_start(struct kiosk *k, char **why);
/* Stop watching, and wait for a job running to finish. */
void kiosk_drop_stop(struct kiosk *k);
/* Handle an event of type k->drop_event, saying in *out what the loop is to do; free one left
 * in the queue at exit. */
void kiosk_drop_event(struct kiosk *k, const SDL_Event *ev, struct kiosk_drop_outcome *out);
void kiosk_drop_discard(const SDL_Event *ev);
/* Staff: sync the stick present; reload [kiosk] list; staff mode just opened. */
void kiosk_sync(struct kiosk *k);
void kiosk_reload(struct kiosk *k);
void kiosk_staff_opened(struct kiosk *k);

#endif
