/*
 * sd_notify and the journal for the kiosk (service.h). systemd kills a
 * kiosk whose loop has not said WATCHDOG=1 for WatchdogSec and restarts it
 * (scripts/entrada-kiosk.service.in); the loop says it every half interval,
 * after a frame was drawn and the store answered a query.
 */
#include "service.h"
#include "entrada/text.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

static uint32_t interval_ms; /* half of WatchdogSec; 0 without a watchdog */
static uint32_t next_ms;     /* when the loop is due to say it is alive */
static bool scheduled;
static char kiosk[64];
static SDL_LogOutputFunction stderr_log; /* SDL's own, put back when stopping */
static void *stderr_log_ctx;
static bool journal; /* standard error is the journal's: send it entries */

static void handle_log(void *ctx, int category, SDL_LogPriority priority, const char *message)
{
    (void)ctx;
    static const int levels[] = {
        [SDL_LOG_PRIORITY_VERBOSE] = LOG_DEBUG, [SDL_LOG_PRIORITY_DEBUG] = LOG_DEBUG,
        [SDL_LOG_PRIORITY_INFO] = LOG_INFO,     [SDL_LOG_PRIORITY_WARN] = LOG_WARNING,
        [SDL_LOG_PRIORITY_ERROR] = LOG_ERR,     [SDL_LOG_PRIORITY_CRITICAL] = LOG_CRIT,
    };
    int level = priority > 0 && priority < SDL_NUM_LOG_PRIORITIES ? levels[priority] : LOG_INFO;
    char *safe = text_escape_line(message);
    if (!journal || sd_journal_send("MESSAGE=%s", safe, "PRIORITY=%d", level, "ENTRADA_KIOSK=%s",
                                    kiosk, "SYSLOG_IDENTIFIER=entrada", NULL) < 0)
        stderr_log(stderr_log_ctx, category, priority, safe); /* where it would have gone */
    free(safe);
}

void service_log_start(void)
{
    if (stderr_log == NULL) {
        SDL_LogGetOutputFunction(&stderr_log, &stderr_log_ctx);
        SDL_LogSetOutputFunction(handle_log, NULL);
    }
}

void service_ready(const char *kiosk_id, const char *status)
{
    snprintf(kiosk, sizeof kiosk, "%s", kiosk_id);
    journal = getenv("JOURNAL_STREAM") != NULL;
    uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0 && usec >= 2000)
        interval_ms = (uint32_t)SDL_min(usec / 2000, 3600 * 1000);
    sd_notifyf(0, "READY=1\nSTATUS=%s", status);
}

bool service_due(uint32_t now)
{
    if (interval_ms == 0)
        return false;
    if (scheduled && (int32_t)(now - next_ms) < 0)
        return false;
    scheduled = true;
    next_ms = now + interval_ms;
    return true;
}

uint32_t service_wait(uint32_t now)
{
    if (interval_ms == 0)
        return UINT32_MAX;
    if (!scheduled || (int32_t)(now - next_ms) >= 0)
        return 0;
    return next_ms - now;
}

void service_alive(void)
{
    sd_notify(0, "WATCHDOG=1");
}

void service_stopping(void)
{
    sd_notify(0, "STOPPING=1");
}

void service_log_stop(void)
{
    if (stderr_log) {
        SDL_LogSetOutputFunction(stderr_log, stderr_log_ctx);
        stderr_log = NULL;
        journal = false;
    }
}
