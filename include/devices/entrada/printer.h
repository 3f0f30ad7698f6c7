/*
 * Printing badges through CUPS (libcups): a PDF goes to a queue and the job
 * is followed to its end, so that staff learn when a printer is out of
 * labels or stopped. Blocking: the kiosk calls it from a job thread.
 */
#ifndef ENTRADA_PRINTER_H
#define ENTRADA_PRINTER_H

#include <stdbool.h>

struct printer_result {
    int job_id;        /* 0 if no job was created */
    bool ok;           /* the job completed */
    char message[256]; /* what happened, for the log and for staff */
};

/*
 * Print the PDF at path as title on queue at server ("host:port", or NULL
 * for CUPS's default), waiting at most timeout_ms for the job to finish.
 * Returns r->ok; r->message says what went wrong and what to do.
 */
bool printer_print(const char *server, const char *queue, const char *path, const char *title,
                   int timeout_ms, struct printer_result *r);

#endif
