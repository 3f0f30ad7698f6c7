/*
 * CUPS printing. The job is sent with cupsPrintFile2 and then watched with
 * cupsGetJobs2 until it completes, fails or the time runs out; a job that
 * does not finish is reported with the printer's own state (stopped, out of
 * media) so that staff know what to do.
 */
#include "entrada/printer.h"

#include <cups/cups.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The printer's state in words, from CUPS: "stopped", "media-empty" ... */
static void printer_state(http_t *http, const char *queue, char *buf, size_t size)
{
    cups_dest_t *dest = cupsGetNamedDest(http, queue, NULL);
    buf[0] = '\0';
    if (dest == NULL)
        return;
    const char *state = cupsGetOption("printer-state", dest->num_options, dest->options);
    const char *reasons = cupsGetOption("printer-state-reasons", dest->num_options, dest->options);
    snprintf(buf, size, "%s%s%s", state && strcmp(state, "5") == 0 ? "printer stopped" : "",
             reasons && strcmp(reasons, "none") != 0 ? "; " : "",
             reasons && strcmp(reasons, "none") != 0 ? reasons : "");
    cupsFreeDests(1, dest);
}

bool printer_print(const char *server, const char *queue, const char *path, const char *title,
                   int timeout_ms, struct printer_result *r)
{
    memset(r, 0, sizeof *r);
    /* CUPS keeps its server per thread: this thread's jobs go to server. */
    cupsSetServer(server && server[0] ? server : NULL);
    http_t *http = CUPS_HTTP_DEFAULT;
    cups_dest_t *dest = cupsGetNamedDest(http, queue, NULL);
    if (dest == NULL) {
        if (cupsLastError() == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE)
            snprintf(r->message, sizeof r->message, "cannot reach CUPS at %s: is it running?",
                     cupsServer());
        else
            snprintf(r->message, sizeof r->message,
                     "no printer \"%s\" in CUPS (lpstat -p lists them): check [printer] queue",
                     queue);
        goto out;
    }
    cupsFreeDests(1, dest);
    r->job_id = cupsPrintFile2(http, queue, path, title, 0, NULL);
    if (r->job_id == 0) {
        snprintf(r->message, sizeof r->message, "%s refused the job: %s", queue,
                 cupsLastErrorString());
        goto out;
    }
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        cups_job_t *jobs;
        int n = cupsGetJobs2(http, &jobs, queue, 0, CUPS_WHICHJOBS_ALL);
        ipp_jstate_t state = IPP_JSTATE_PENDING;
        for (int i = 0; i < n; i++)
            if (jobs[i].id == r->job_id)
                state = jobs[i].state;
        cupsFreeJobs(n, jobs);
        if (state == IPP_JSTATE_COMPLETED) {
            r->ok = true;
            snprintf(r->message, sizeof r->message, "printed on %s (job %d)", queue, r->job_id);
            break;
        }
        if (state == IPP_JSTATE_ABORTED || state == IPP_JSTATE_CANCELED) {
            char why[160];
            printer_state(http, queue, why, sizeof why);
            snprintf(r->message, sizeof r->message, "job %d on %s %s%s%s", r->job_id, queue,
                     state == IPP_JSTATE_ABORTED ? "failed" : "was cancelled", why[0] ? ": " : "",
                     why);
            break;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        long ms = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        if (ms >= timeout_ms) {
            char why[160];
            printer_state(http, queue, why, sizeof why);
            snprintf(r->message, sizeof r->message,
                     "job %d on %s is still waiting%s%s: check the printer (labels, paper, "
                     "power), then retry",
                     r->job_id, queue, why[0] ? ": " : "", why);
            break;
        }
        struct timespec pause = { 0, 200 * 1000000L };
        nanosleep(&pause, NULL);
    }
out:
    return r->ok;
}
