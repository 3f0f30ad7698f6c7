/*
 * What is wrong with this kiosk: one check per thing it depends on, each
 * giving one line a member of staff can act on: the display, the camera,
 * the scanner, the printer, the store, the clock, the USB mount helper and
 * the configuration. `entrada doctor` prints them.
 */
#ifndef ENTRADA_DOCTOR_H
#define ENTRADA_DOCTOR_H

#include "entrada/config.h"

#include <stdbool.h>
#include <stddef.h>

enum doctor_level { DOCTOR_OK, DOCTOR_WARN, DOCTOR_FAIL };

struct doctor_line {
    const char *check; /* "display", "camera", ... */
    enum doctor_level level;
    char text[512];
};

struct doctor_options {
    const struct config *cfg;
    const char *config_path;  /* the file the configuration came from, or NULL */
    const char *config_error; /* why it could not be loaded (cfg then holds defaults), or NULL */
    const char *db_path;
    const char *camera; /* overrides [kiosk] camera, or NULL */
    bool print_test;    /* print a test page on the configured queue */
    /*
     * Lines the caller already knows: a running kiosk holds the display
     * and the camera, so it says how they are, and the checks of those
     * names report its lines instead of opening the devices again.
     */
    const struct doctor_line *known;
    size_t nknown;
};

/*
 * Run every check, calling report with each line as it is found (the
 * camera takes up to 5 seconds). Returns the number of checks that failed.
 * A store that is not there is not created.
 */
int doctor_run(const struct doctor_options *opt,
               void (*report)(void *ctx, const struct doctor_line *line), void *ctx);

/* "ok", "warn" or "FAIL". */
const char *doctor_level_name(enum doctor_level level);

#endif
