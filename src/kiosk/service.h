/*
 * The kiosk as a systemd service (sd_notify(3)): READY=1 once the screen is
 * up, WATCHDOG=1 from the loop while it draws frames and the store answers,
 * STOPPING=1 on the way out. When its output goes to the journal, the log's
 * lines become journal entries that carry the kiosk's id in ENTRADA_KIOSK
 * (journalctl ENTRADA_KIOSK=door-1). Run other than by systemd (no
 * NOTIFY_SOCKET, WATCHDOG_USEC or JOURNAL_STREAM), every call does nothing.
 * One service per process: the state is this file's.
 */
#ifndef ENTRADA_SERVICE_H
#define ENTRADA_SERVICE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * From now on every line of the log is escaped for control characters
 * (text_escape_line): codes, names and file names come from outside, and a
 * log is read on terminals. First thing in the kiosk; service_log_stop ends it.
 */
void service_log_start(void);

/* Say the kiosk is ready, with a status line; send the log to the journal. kiosk_id is copied. */
void service_ready(const char *kiosk_id, const char *status);

/*
 * True once per half watchdog interval, at now (SDL ticks) or later: the
 * loop should draw a frame, ask the store, and call service_alive if both
 * worked. Without a watchdog, never.
 */
bool service_due(uint32_t now);

/* Milliseconds from now until service_due turns true (UINT32_MAX without a watchdog). */
uint32_t service_wait(uint32_t now);

/* Tell the watchdog the loop is alive. */
void service_alive(void);

/* Say the kiosk is stopping. */
void service_stopping(void);

/* The log goes back to SDL's own output, unescaped. */
void service_log_stop(void);

#endif
