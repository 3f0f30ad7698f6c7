/*
 * Script playback and latency recording (see playback.h). Each input step
 * puts its events in the queue and then lets the loop take them before the
 * next step runs, so that a screenshot shows everything the steps before
 * it did.
 */
#include "playback.h"
#include "entrada/xmalloc.h"
#include "script.h"
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    TYPE_KEY_MS = 120, /* a scripted person types a key this often */
    SCAN_KEY_MS = 2,   /* a scripted scanner sends a key this often */
};

struct playback {
    struct script *script; /* NULL with latency only */
    bool latency;
    Uint32 event; /* the requests' SDL event type */

    /* playing */
    const struct script_step *step; /* the step under way, or NULL */
    Uint32 at;                      /* when it may run */
    size_t done;                    /* characters of a type step typed; a hold pressed */
    char *shot;                     /* screenshot to take at the next frame */
    char *texts;                    /* where to write the texts of the next recorded frame */
    bool over;                      /* the script has asked to leave */

    /* latency of verdicts: from a code's arrival to its frame on screen */
    Uint64 code_arrived;
    double *latency_ms;
    size_t nlatency, cap_latency;
    /* frames drawn while a job ran: how long each took, the longest gap */
    double *sync_frame_ms;
    size_t nsync_frames, cap_sync_frames;
    double sync_gap_max_ms, frame_gap_max_ms;
    Uint64 last_frame;
};

struct playback *playback_create(const char *path, bool latency, char **why)
{
    struct script *s = NULL;
    if (path && (s = script_load(path, why)) == NULL)
        return NULL;
    if (s == NULL && !latency)
        return NULL;
    struct playback *p = xcalloc(1, sizeof *p);
    p->script = s;
    p->latency = latency;
    return p;
}

void playback_destroy(struct playback *p)
{
    if (p == NULL)
        return;
    script_free(p->script);
    free(p->shot);
    free(p->texts);
    free(p->latency_ms);
    free(p->sync_frame_ms);
    free(p);
}

bool playback_start(struct playback *p, char **why)
{
    if (p == NULL || p->script == NULL)
        return true;
    p->event = SDL_RegisterEvents(1);
    if (p->event == (Uint32)-1) {
        p->event = 0;
        *why = xasprintf("cannot register SDL events: %s", SDL_GetError());
        return false;
    }
    return true;
}

Uint32 playback_event(const struct playback *p)
{
    return p ? p->event : 0;
}

static void push_request(struct playback *p, enum playback_request r)
{
    SDL_Event e = { .type = p->event };
    e.user.code = (Sint32)r;
    SDL_PushEvent(&e);
}

static SDL_Event text_event(const char *text, Uint32 t)
{
    SDL_Event e = { .type = SDL_TEXTINPUT };
    e.text.timestamp = t;
    snprintf(e.text.text, sizeof e.text.text, "%s", text);
    return e;
}

static SDL_Event key_event(SDL_Keycode sym, Uint32 t)
{
    SDL_Event e = { .type = SDL_KEYDOWN };
    e.key.timestamp = t;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = sym;
    e.key.keysym.scancode = SDL_GetScancodeFromKey(sym);
    return e;
}

/*
 * Key events go in with the times they carry (SDL_PushEvent would stamp
 * them with the time of pushing): the scanner tells scans from typing by
 * those times, which must not depend on how busy the machine is.
 */
static void add_events(SDL_Event *e, int n)
{
    if (SDL_PeepEvents(e, n, SDL_ADDEVENT, 0, 0) != n)
        SDL_Log("script: events lost: %s", SDL_GetError());
}

static void add_text(const char *text, Uint32 t)
{
    SDL_Event e = text_event(text, t);
    add_events(&e, 1);
}

static void add_key(SDL_Keycode sym, Uint32 t)
{
    SDL_Event e = key_event(sym, t);
    add_events(&e, 1);
}

/*
 * A scripted touch goes through SDL's event queue as a real one does: a
 * finger event, and the mouse event SDL makes from it, which the kiosk
 * must not take as a second tap.
 */
static void push_touch(Uint32 type, int x, int y, int w, int h)
{
    SDL_Event f = { .type = type };
    f.tfinger.touchId = 1;
    f.tfinger.x = (float)x / (float)w;
    f.tfinger.y = (float)y / (float)h;
    f.tfinger.pressure = 1.0f;
    SDL_PushEvent(&f);
    SDL_Event m = { .type = type == SDL_FINGERDOWN ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP };
    m.button.which = SDL_TOUCH_MOUSEID;
    m.button.button = SDL_BUTTON_LEFT;
    m.button.state = type == SDL_FINGERDOWN ? SDL_PRESSED : SDL_RELEASED;
    m.button.clicks = 1;
    m.button.x = x;
    m.button.y = y;
    SDL_PushEvent(&m);
}

/* A scanner's burst from time t: one key per UTF-8 character, then Enter. */
static void push_scan(const char *code, Uint32 t)
{
    size_t len = strlen(code);
    SDL_Event *e = xreallocarray(NULL, len + 1, sizeof *e);
    int n = 0;
    for (size_t i = 0; i < len;) {
        size_t bytes = 1;
        while (i + bytes < len && ((unsigned char)code[i + bytes] & 0xC0) == 0x80)
            bytes++;
        char c[8] = { 0 };
        memcpy(c, code + i, bytes < sizeof c ? bytes : sizeof c - 1);
        e[n++] = text_event(c, t);
        t += SCAN_KEY_MS;
        i += bytes;
    }
    e[n++] = key_event(SDLK_RETURN, t);
    add_events(e, n);
    free(e);
}

Uint32 playback_run(struct playback *p, Uint32 now, int w, int h)
{
    if (p == NULL || p->script == NULL || p->over)
        return 1000;
    for (;;) {
        if (p->step == NULL) {
            p->step = script_next(p->script);
            p->done = 0;
            if (p->step == NULL) { /* a script that ends leaves the kiosk */
                p->over = true;
                push_request(p, PLAYBACK_QUIT);
                return 0;
            }
        }
        if ((Sint32)(now - p->at) < 0)
            return p->at - now;
        if (p->shot || p->texts) /* wait for the frame the screenshot needs */
            return 1;
        const struct script_step *st = p->step;
        int x = st->x_percent ? st->x * w / 100 : st->x;
        int y = st->y_percent ? st->y * h / 100 : st->y;
        switch (st->op) {
        case SCRIPT_SCAN:
            push_scan(st->text, now);
            break;
        case SCRIPT_TYPE:
            if (st->text[p->done]) {
                char c[2] = { st->text[p->done++], 0 };
                add_text(c, now);
                p->at = now + TYPE_KEY_MS;
                continue; /* the same step, later */
            }
            push_request(p, PLAYBACK_FLUSH);
            break;
        case SCRIPT_KEY:
            add_key(SDL_GetKeyFromName(st->text), now);
            break;
        case SCRIPT_TAP:
            push_touch(SDL_FINGERDOWN, x, y, w, h);
            push_touch(SDL_FINGERUP, x, y, w, h);
            break;
        case SCRIPT_HOLD:
            if (p->done == 0) { /* press now, release after the time given */
                push_touch(SDL_FINGERDOWN, x, y, w, h);
                p->done = 1;
                p->at = now + (Uint32)st->ms;
                continue;
            }
            push_touch(SDL_FINGERUP, x, y, w, h);
            break;
        case SCRIPT_WAIT:
            p->at = now + (Uint32)st->ms;
            p->step = NULL;
            return (Uint32)st->ms;
        case SCRIPT_SHOT:
            p->shot = xstrdup(st->text);
            push_request(p, PLAYBACK_FRAME);
            p->step = NULL;
            return 1;
        case SCRIPT_TEXTS:
            p->texts = xstrdup(st->text);
            push_request(p, PLAYBACK_TEXTS);
            p->step = NULL;
            return 1;
        case SCRIPT_STALL: /* the loop hangs, as a bug or a blocked call would hang it */
            SDL_Delay((Uint32)st->ms);
            p->at = now + (Uint32)st->ms; /* the next step counts from the stall's end */
            break;
        case SCRIPT_QUIT:
            p->over = true;
            push_request(p, PLAYBACK_QUIT);
            return 0;
        }
        p->step = NULL;
        return 0; /* let the loop take the events before the next step */
    }
}

void playback_drawn(struct playback *p, struct ui *ui)
{
    if (p == NULL)
        return;
    char *why = NULL;
    if (p->shot && !ui_screenshot(ui, p->shot, &why)) {
        SDL_Log("screenshot: %s", why);
        free(why);
        why = NULL;
    }
    free(p->shot);
    p->shot = NULL;
    int written = p->texts ? ui_write_texts(ui, p->texts, &why) : 0;
    if (written < 0) {
        SDL_Log("texts: %s", why);
        free(why);
    }
    if (written != 0) { /* else the frame began before the request: the next one */
        ui_record(ui, false);
        free(p->texts);
        p->texts = NULL;
    }
}

static double ms_since(Uint64 then)
{
    return (double)(SDL_GetPerformanceCounter() - then) * 1000.0 /
           (double)SDL_GetPerformanceFrequency();
}

static void append(double **v, size_t *n, size_t *cap, double x)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        *v = xreallocarray(*v, *cap, sizeof **v);
    }
    (*v)[(*n)++] = x;
}

void playback_code(struct playback *p)
{
    if (p)
        p->code_arrived = SDL_GetPerformanceCounter();
}

void playback_shown(struct playback *p, Uint64 start, bool syncing)
{
    if (p == NULL)
        return;
    if (p->code_arrived) {
        append(&p->latency_ms, &p->nlatency, &p->cap_latency, ms_since(p->code_arrived));
        p->code_arrived = 0;
    }
    if (!p->latency)
        return;
    /* The longest gap between frames; while a job runs, also how long each frame took. */
    Uint64 now = SDL_GetPerformanceCounter();
    double gap = p->last_frame ? ms_since(p->last_frame) : 0;
    p->last_frame = now;
    p->frame_gap_max_ms = SDL_max(p->frame_gap_max_ms, gap);
    if (!syncing)
        return;
    p->sync_gap_max_ms = SDL_max(p->sync_gap_max_ms, gap);
    append(&p->sync_frame_ms, &p->nsync_frames, &p->cap_sync_frames, ms_since(start));
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The p-th percentile of n sorted values. */
static double percentile(const double *v, size_t n, size_t p)
{
    return v[(n * p) / 100 < n ? (n * p) / 100 : n - 1];
}

void playback_report(struct playback *p, double sync_ms)
{
    if (p == NULL || !p->latency)
        return;
    printf("frame_gap_max_ms %.1f\n", p->frame_gap_max_ms);
    if (p->nsync_frames > 0) {
        size_t n = p->nsync_frames;
        qsort(p->sync_frame_ms, n, sizeof *p->sync_frame_ms, compare_double);
        printf("sync_ms %.0f\nsync_frames %zu\nsync_frame_p99_ms %.2f\nsync_frame_max_ms "
               "%.2f\nsync_gap_max_ms %.1f\n",
               sync_ms, n, percentile(p->sync_frame_ms, n, 99), p->sync_frame_ms[n - 1],
               p->sync_gap_max_ms);
    }
    if (p->nlatency == 0) {
        printf("latency: no verdicts shown\n");
        return;
    }
    size_t n = p->nlatency;
    if (n >= 20) { /* drift: the first tenth of the verdicts against the last */
        size_t tenth = n / 10;
        double *part = xreallocarray(NULL, tenth, sizeof *part);
        memcpy(part, p->latency_ms, tenth * sizeof *part);
        qsort(part, tenth, sizeof *part, compare_double);
        printf("latency_first_tenth_p50_ms %.2f\nlatency_first_tenth_p99_ms %.2f\n",
               part[tenth / 2], percentile(part, tenth, 99));
        memcpy(part, p->latency_ms + n - tenth, tenth * sizeof *part);
        qsort(part, tenth, sizeof *part, compare_double);
        printf("latency_last_tenth_p50_ms %.2f\nlatency_last_tenth_p99_ms %.2f\n", part[tenth / 2],
               percentile(part, tenth, 99));
        free(part);
    }
    qsort(p->latency_ms, n, sizeof *p->latency_ms, compare_double);
    printf("latency_n %zu\nlatency_p50_ms %.2f\nlatency_p99_ms %.2f\nlatency_max_ms %.2f\n", n,
           p->latency_ms[n / 2], percentile(p->latency_ms, n, 99), p->latency_ms[n - 1]);
}
