/*
 * Scripts that act out a session at the kiosk without a person, for tests,
 * demonstrations and benchmarks (`entrada kiosk --script FILE`). One
 * command a line; blank lines and lines starting with # are skipped:
 *
 *   scan CODE      a USB scanner burst of CODE, ending in Enter
 *   type TEXT      typed slowly, key by key, as a person would
 *   key NAME       one key press, by SDL key name (Return, Escape, Backspace)
 *   tap X Y        a touch at pixel X, Y (or at X%, Y% of the screen)
 *   hold X Y MS    a touch held for MS milliseconds
 *   wait MS        let MS milliseconds pass
 *   shot FILE.png  save the screen as it is now (beside the script if relative)
 *   texts FILE     save the texts on the screen as it is now, each with its box and
 *                  whether it fitted (ui_write_texts; beside the script if relative)
 *   stall MS       hang the kiosk's loop for MS milliseconds (tests of the watchdog)
 *   quit           leave the kiosk
 *
 * In CODE and TEXT, \xNN stands for the byte NN and \\ for a backslash.
 */
#ifndef ENTRADA_SCRIPT_H
#define ENTRADA_SCRIPT_H

#include <stdbool.h>

enum script_op {
    SCRIPT_SCAN,
    SCRIPT_TYPE,
    SCRIPT_KEY,
    SCRIPT_TAP,
    SCRIPT_HOLD,
    SCRIPT_WAIT,
    SCRIPT_SHOT,
    SCRIPT_TEXTS,
    SCRIPT_STALL,
    SCRIPT_QUIT
};

struct script_step {
    enum script_op op;
    char *text; /* scan, type, key, shot, texts */
    int x, y;   /* tap, hold: pixels, or percent of the screen's width and height */
    bool x_percent, y_percent;
    int ms; /* hold, wait, stall */
    unsigned line;
};

struct script;

/* Read a script; NULL with *why ("FILE:LINE: what") if it has a line entrada does not know. */
struct script *script_load(const char *path, char **why);
void script_free(struct script *s);

/* The next step, or NULL at the end. */
const struct script_step *script_next(struct script *s);

#endif
