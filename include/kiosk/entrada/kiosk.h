/*
 * The kiosk: the fullscreen app attendees walk up to. kiosk_run owns the
 * SDL loop: it waits for an event or the next deadline, hands the event to
 * the screen that owns it, and draws only when something changed.
 */
#ifndef ENTRADA_KIOSK_H
#define ENTRADA_KIOSK_H

#include "entrada/config.h"

#include <stdbool.h>

struct kiosk_options {
    const struct config *cfg;
    const char *config_path; /* the file cfg came from (staff mode's checks show it), or NULL */
    const char *db_path;
    bool windowed;      /* a window (default 1280x800) instead of fullscreen */
    int width, height;  /* window size, 0 for the default */
    const char *script; /* act out this script (see script.h), or NULL */
    const char *camera; /* camera spec (camera.h), overriding [kiosk] camera */
    bool latency;       /* print code-to-screen latency figures on exit */
};

/*
 * Run until staff leave the app (or the script quits): 0. Stopped by
 * SIGTERM or SIGINT instead: 128 + the signal's number (143, 130), a
 * failure for systemd to restart. -1 with *why when it cannot start.
 */
int kiosk_run(const struct kiosk_options *opt, char **why);

#endif
