/*
 * Staff mode's checks, made on a thread of their own: entrada doctor's
 * lines land in k->checks as they come (state.h), for ui-checks.c to show.
 */
#ifndef ENTRADA_KIOSK_CHECKS_H
#define ENTRADA_KIOSK_CHECKS_H

#include <SDL.h>

struct kiosk;

/* Run the checks unless they are running; their lines replace the last run's. */
void kiosk_checks_start(struct kiosk *k);

/* An event of type k->checks_event: a line of the checks, or their end. */
void kiosk_checks_took(struct kiosk *k, const SDL_Event *ev);

/* Wait for checks still running, before the kiosk closes. */
void kiosk_checks_stop(struct kiosk *k);

#endif
