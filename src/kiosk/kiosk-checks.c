/*
 * entrada doctor's checks for staff mode (kiosk-checks.h): run on a thread
 * of their own (the store's integrity check and CUPS take a while), each
 * line handed to the loop as an SDL event; the display and the camera,
 * which this kiosk holds, are reported from the kiosk itself instead of
 * being opened a second time. ui-checks.c shows them.
 */
#include "kiosk-checks.h"
#include "entrada/camera.h"
#include "entrada/doctor.h"
#include "entrada/xmalloc.h"
#include "state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the thread needs, owned by it: copies, since the loop goes on. */
struct checks_job {
    struct kiosk *k;
    struct doctor_options opt;
    struct doctor_line known[2];
};

static void handle_line(void *ctx, const struct doctor_line *line)
{
    struct checks_job *job = ctx;
    SDL_Event e = { .type = job->k->checks_event };
    struct doctor_line *copy = xmalloc(sizeof *copy);
    *copy = *line;
    e.user.data1 = copy;
    if (SDL_PushEvent(&e) != 1)
        free(copy);
}

static void *run_checks(void *ctx)
{
    struct checks_job *job = ctx;
    int failed = doctor_run(&job->opt, handle_line, job);
    SDL_Event e = { .type = job->k->checks_event };
    e.user.code = failed + 1; /* data1 NULL: the end, with how many failed */
    SDL_PushEvent(&e);
    free(job);
    return NULL;
}

/* The display and the camera as this kiosk has them. */
static size_t own_lines(struct kiosk *k, struct doctor_line *out)
{
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(k->renderer, &w, &h);
    out[0] = (struct doctor_line){ .check = "display", .level = DOCTOR_OK };
    snprintf(out[0].text, sizeof out[0].text, "%s, %dx%d", SDL_GetCurrentVideoDriver(), w, h);
    out[1] = (struct doctor_line){ .check = "camera", .level = DOCTOR_OK };
    if (k->camera == NULL) {
        snprintf(out[1].text, sizeof out[1].text, "none: scanner and search only");
        return 2;
    }
    switch (camera_state(k->camera)) {
    case CAMERA_LIVE:
        snprintf(out[1].text, sizeof out[1].text, "live");
        break;
    case CAMERA_OFFLINE: {
        char why[200];
        camera_problem(k->camera, why, sizeof why);
        out[1].level = DOCTOR_FAIL;
        snprintf(out[1].text, sizeof out[1].text, "offline: %s", why[0] ? why : "no frames");
        break;
    }
    default:
        out[1].level = DOCTOR_WARN;
        snprintf(out[1].text, sizeof out[1].text, "starting: no frame yet");
    }
    return 2;
}

void kiosk_checks_start(struct kiosk *k)
{
    if (k->checking)
        return;
    if (k->checks_event == 0 && (k->checks_event = SDL_RegisterEvents(1)) == (Uint32)-1) {
        k->checks_event = 0;
        snprintf(k->staff_message, sizeof k->staff_message, "%s", SDL_GetError());
        return;
    }
    struct checks_job *job = xmalloc(sizeof *job);
    *job = (struct checks_job){ .k = k };
    job->opt = (struct doctor_options){
        .cfg = k->cfg,
        .config_path = k->config_path,
        .db_path = k->db_path,
        .known = job->known,
        .nknown = own_lines(k, job->known),
    };
    int err = pthread_create(&k->checks_thread, NULL, run_checks, job);
    if (err != 0) {
        free(job);
        snprintf(k->staff_message, sizeof k->staff_message, "%s", strerror(err));
        return;
    }
    k->checking = true;
    k->nchecks = 0;
    k->checks_failed = 0;
}

void kiosk_checks_took(struct kiosk *k, const SDL_Event *ev)
{
    struct doctor_line *line = ev->user.data1;
    if (line == NULL) {
        pthread_join(k->checks_thread, NULL);
        k->checking = false;
        k->checks_failed = ev->user.code - 1;
        SDL_Log("checks: %d failed", k->checks_failed);
    } else {
        SDL_Log("checks: %s %s: %s", doctor_level_name(line->level), line->check, line->text);
        if (k->nchecks < KIOSK_CHECKS) {
            struct kiosk_check *c = &k->checks[k->nchecks++];
            snprintf(c->check, sizeof c->check, "%s", line->check);
            c->level = line->level;
            snprintf(c->text, sizeof c->text, "%s", line->text);
        }
        free(line);
    }
    k->dirty = true;
}

void kiosk_checks_stop(struct kiosk *k)
{
    if (k->checking) {
        pthread_join(k->checks_thread, NULL);
        k->checking = false;
    }
}
