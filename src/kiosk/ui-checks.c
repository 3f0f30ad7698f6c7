/*
 * Staff mode's checks: entrada doctor's lines (doctor.h) on the screen, so
 * that staff facing a kiosk that misbehaves can see what is wrong without a
 * terminal. The checks run on a thread of their own (the store's integrity
 * check and CUPS take a while) and hand each line to the loop as an SDL
 * event; the display and the camera, which this kiosk holds, are reported
 * from the kiosk itself instead of being opened a second time.
 */
#include "entrada/camera.h"
#include "entrada/doctor.h"
#include "entrada/xmalloc.h"
#include "screen.h"
#include "state.h"
#include "ui.h"

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

/* Start the checks unless they are running; their lines replace the last run's. */
static void start_checks(struct kiosk *k)
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
    if (k->screen == &screen_checks)
        k->dirty = true;
}

void kiosk_checks_stop(struct kiosk *k)
{
    if (k->checking) {
        pthread_join(k->checks_thread, NULL);
        k->checking = false;
    }
}

struct checks_layout {
    struct ui_rect title, rows[KIOSK_CHECKS], again, back;
};

/* The title with the outcome, one row a check (room for nine at least), the buttons. */
static struct checks_layout checks_layout(struct ui *ui, size_t nrows)
{
    int w = ui_width(ui), h = ui_height(ui), u = ui_unit(ui);
    struct checks_layout l;
    l.title = (struct ui_rect){ 2 * u, u, w - 4 * u, 8 * u };
    int bh = 11 * u, bw = (w - 4 * u) / 2, by = h - bh - u;
    l.again = (struct ui_rect){ 2 * u, by, bw - u, bh };
    l.back = (struct ui_rect){ 2 * u + bw, by, bw - u, bh };
    int top = 10 * u, rh = (by - top - u) / (int)SDL_max(nrows, 9);
    for (size_t i = 0; i < KIOSK_CHECKS; i++)
        l.rows[i] = (struct ui_rect){ 2 * u, top + (int)i * rh, w - 4 * u, rh - u / 2 };
    return l;
}

static void checks_draw(struct kiosk *k)
{
    struct ui *ui = k->ui;
    struct checks_layout l = checks_layout(ui, k->nchecks);
    int u = ui_unit(ui);
    ui_clear(ui, ui_paper);
    char line[sizeof k->staff_message + 64];
    const char *outcome = k->staff_message;
    char failed[64];
    if (!outcome[0] && k->checking)
        outcome = kiosk_tr(k, "checking…");
    else if (!outcome[0] && k->checks_failed == 0)
        outcome = kiosk_tr(k, "nothing failed");
    else if (!outcome[0]) {
        snprintf(failed, sizeof failed, kiosk_tr(k, "%d failed"), k->checks_failed);
        outcome = failed;
    }
    snprintf(line, sizeof line, "%s · %s", kiosk_tr(k, "Checks"), outcome);
    ui_text(ui, l.title, line, 5, true, k->checks_failed ? ui_red : ui_ink, UI_LEFT, 1);
    for (size_t i = 0; i < k->nchecks; i++) {
        const struct kiosk_check *c = &k->checks[i];
        struct ui_rect r = l.rows[i];
        SDL_Color tone = c->level == DOCTOR_OK     ? ui_green
                         : c->level == DOCTOR_WARN ? ui_amber
                                                   : ui_red;
        ui_fill(ui, r, ui_white);
        ui_fill(ui, (struct ui_rect){ r.x, r.y, u, r.h }, tone);
        int tag = r.w * 15 / 100, name = r.w * 12 / 100;
        ui_text(ui, (struct ui_rect){ r.x + 2 * u, r.y, tag - 2 * u, r.h },
                kiosk_tr(k, c->level == DOCTOR_OK     ? N_("ok")
                            : c->level == DOCTOR_WARN ? N_("warning")
                                                      : N_("FAILED")),
                4, true, tone, UI_LEFT, 1);
        ui_text(ui, (struct ui_rect){ r.x + tag, r.y, name - u, r.h }, c->check, 4, true, ui_ink,
                UI_LEFT, 1);
        ui_text(ui, (struct ui_rect){ r.x + tag + name, r.y, r.w - tag - name - u, r.h }, c->text,
                3, false, ui_ink, UI_LEFT, 2);
    }
    ui_button(ui, l.again, kiosk_tr(k, "Check again"), k->checking ? ui_panel : ui_accent,
              ui_white);
    ui_button(ui, l.back, kiosk_tr(k, "Back"), ui_green, ui_white);
}

static void checks_enter(struct kiosk *k)
{
    k->staff_message[0] = '\0';
    start_checks(k);
}

static void checks_tap(struct kiosk *k, int x, int y)
{
    struct checks_layout l = checks_layout(k->ui, k->nchecks);
    k->last_input = SDL_GetTicks();
    if (ui_hit(l.again, x, y)) {
        start_checks(k);
        k->dirty = true;
    } else if (ui_hit(l.back, x, y)) {
        kiosk_show(k, &screen_staff);
    }
}

static void checks_key(struct kiosk *k, SDL_Keycode key)
{
    if (key == SDLK_ESCAPE)
        kiosk_show(k, &screen_staff);
}

static Uint32 checks_timeout(struct kiosk *k, Uint32 now)
{
    if (kiosk_since(now, k->last_input) >= 120000)
        kiosk_show(k, &screen_idle);
    return 1000;
}

const struct screen screen_checks = {
    .enter = checks_enter,
    .draw = checks_draw,
    .tap = checks_tap,
    .key = checks_key,
    .timeout = checks_timeout,
    .staff = true,
};
