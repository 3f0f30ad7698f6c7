/*
 * Test and benchmark machinery for the kiosk: `entrada kiosk --script FILE`
 * and `--latency`.
 *
 * Playback acts a script (script.h) out as a person and a scanner would: it
 * puts touches, key presses and text into SDL's event queue, where the loop
 * takes them like any others. What only the loop can do (take what the
 * scanner holds, draw a frame for a screenshot, leave) it asks for with
 * events of its own type, carrying an enum playback_request.
 *
 * Latency recording times each verdict from its code's arrival to its frame
 * on screen, and the frames drawn while a USB stick or list job runs, and
 * prints the figures at the end, one "name value" a line.
 */
#ifndef ENTRADA_PLAYBACK_H
#define ENTRADA_PLAYBACK_H

#include <SDL.h>
#include <stdbool.h>

struct ui;

enum playback_request {
    PLAYBACK_FLUSH, /* take what the scanner holds as if its gap had passed */
    PLAYBACK_FRAME, /* draw a frame: a screenshot waits for it */
    PLAYBACK_TEXTS, /* draw a frame recording its texts (ui_record): a texts step waits for it */
    PLAYBACK_QUIT,  /* the script is over: leave the kiosk */
};

struct playback;

/*
 * Act out the script at path (NULL for none) and/or record latency. NULL
 * with *why if the script has a line entrada does not know; NULL without
 * *why when there is neither. Every function below accepts NULL.
 */
struct playback *playback_create(const char *path, bool latency, char **why);
void playback_destroy(struct playback *p);

/* Once SDL is up: register the requests' event type. False with *why. */
bool playback_start(struct playback *p, char **why);

/* The SDL event type of requests (user.code is an enum playback_request), 0 before start. */
Uint32 playback_event(const struct playback *p);

/*
 * Queue the script's steps that are due at now, on a screen of w x h
 * pixels. Returns the milliseconds until the next one is due.
 */
Uint32 playback_run(struct playback *p, Uint32 now, int w, int h);

/* A frame was drawn on ui and is about to be shown: take the screenshot or texts waiting for it. */
void playback_drawn(struct playback *p, struct ui *ui);

/* A code arrived: its verdict is timed until it is on screen. */
void playback_code(struct playback *p);

/*
 * A frame is on screen; drawing it began at start (SDL performance counter).
 * syncing: a USB stick or list job was running.
 */
void playback_shown(struct playback *p, Uint64 start, bool syncing);

/* With latency: print the figures on standard output; sync_ms, how long the latest job took. */
void playback_report(struct playback *p, double sync_ms);

#endif
