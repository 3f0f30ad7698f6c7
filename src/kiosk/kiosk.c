/*
 * The kiosk's loop, and the small API its screens share (state.h). One SDL
 * loop owns the screen: wait for an event or the next deadline (scanner
 * gap, the screen's timeout, a script step), hand the event to the module
 * that owns it (the screen shown, through its entry in the screen table;
 * the scanner; kiosk-drop.c; the printer; playback.c), run the timers, then
 * draw if anything changed. The only disk write the loop waits for is a
 * check-in, which must be on disk before its verdict is shown.
 */
#include "entrada/kiosk.h"
#include "entrada/badge.h"
#include "entrada/camera.h"
#include "entrada/datadir.h"
#include "entrada/i18n.h"
#include "entrada/roster.h"
#include "entrada/scanner.h"
#include "entrada/sound.h"
#include "entrada/speech.h"
#include "entrada/spooler.h"
#include "entrada/xmalloc.h"
#include "kiosk-checks.h"
#include "kiosk-drop.h"
#include "kiosk-sync.h"
#include "playback.h"
#include "screen.h"
#include "service.h"
#include "state.h"
#include "ui.h"

#include <SDL_image.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Set to the signal's number by SIGTERM or SIGINT; the loop checks it. */
static volatile sig_atomic_t stop_requested;

static void handle_signal(int sig)
{
    stop_requested = sig;
}

enum { LONG_PRESS_MS = 2000 /* hold the top left corner this long for staff mode */ };

/*
 * Whether the event's data is past its time ([privacy] retain_days). The
 * state read at start holds until its due day comes (a check-in here only
 * moves it later); then it is read again from the store, where a stick's
 * journals or an extension may have moved it.
 */
static bool retain_expired(struct kiosk *k)
{
    if (k->retain.days <= 0 || k->retain.due_ms == 0 || checkin_now_ms() < k->retain.due_ms)
        return false;
    char *why = NULL;
    struct retain_state now;
    if (retain_check(k->store, k->cfg, checkin_now_ms(), &now, &why)) {
        if (now.expired && !k->retain.expired)
            SDL_Log("retention: the event's data is past its time: no more check-ins");
        k->retain = now;
    } else {
        SDL_Log("retention: %s", why);
        free(why);
    }
    return k->retain.expired;
}

void kiosk_show(struct kiosk *k, const struct screen *s)
{
    /* An attendee's larger text lasts for their turn: it ends at the start screen, or staff's. */
    if ((s == &screen_idle && k->screen != &screen_idle) || s->staff)
        ui_set_contrast(k->ui, false);
    if (s == &screen_idle && retain_expired(k)) /* past its time: no check-ins (retain.h) */
        s = &screen_retain;
    /* An attendee's language ends with their verdict; staff use the kiosk's own. */
    if (s->staff || s == &screen_pin || (s == &screen_idle && k->screen == &screen_verdict))
        kiosk_language_reset(k);
    k->screen = s;
    k->screen_since = k->last_input = SDL_GetTicks();
    k->dirty = true;
    k->pressing = false;
    ui_set_min_px(k->ui, s->staff ? 18 : 0);
    if (s->enter)
        s->enter(k);
}

static void read_list_status(struct kiosk *k);

/* The search keyboard's accented letters: those the names hold, else a common set. */
static void read_accents(struct kiosk *k)
{
    if (k->search == NULL ||
        search_letters(k->search, k->accents, sizeof k->accents, KIOSK_ACCENT_KEYS) == 0)
        snprintf(k->accents, sizeof k->accents, "%s", KEYBOARD_ACCENTS_DEFAULT);
}

void kiosk_reload_index(struct kiosk *k, struct search *built)
{
    char *why = NULL;
    struct search *s = built ? built : search_create(k->store, &why);
    if (s == NULL) {
        SDL_Log("search: %s", why);
        free(why);
        return;
    }
    search_destroy(k->search);
    k->search = s;
    read_accents(k);
    store_count_attendees(k->store, true, &k->attendees, &why);
    free(why);
    read_list_status(k);
}

/* The status line's list: the file last imported, and when. */
static void read_list_status(struct kiosk *k)
{
    char *why = NULL;
    if (store_last_import(k->store, &k->list_at_ms, k->list_file, sizeof k->list_file, &why) != 1)
        k->list_file[0] = '\0';
    free(why);
}

/* The event's logo, if one is configured; a logo that cannot be read is left out. */
static void load_logo(struct kiosk *k)
{
    const char *path = config_str(k->cfg, CONFIG_LOGO);
    if (!path[0])
        return;
    SDL_Surface *s = IMG_Load(path);
    if (s == NULL) {
        SDL_Log("logo: %s: %s; the start screen goes without", path, IMG_GetError());
        return;
    }
    k->logo = SDL_CreateTextureFromSurface(k->renderer, s);
    k->logo_w = s->w;
    k->logo_h = s->h;
    SDL_FreeSurface(s);
}

const char *kiosk_language_name(const char *lang)
{
    static const struct {
        const char *code, *name;
    } endonyms[] = {
        { "en", "English" },  { "es", "Español" },    { "ca", "Català" },   { "eu", "Euskara" },
        { "gl", "Galego" },   { "pt", "Português" },  { "fr", "Français" }, { "de", "Deutsch" },
        { "it", "Italiano" }, { "pl", "Polski" },     { "fi", "Suomi" },    { "sv", "Svenska" },
        { "el", "Ελληνικά" }, { "nl", "Nederlands" }, { "da", "Dansk" },    { "cs", "Čeština" },
    };
    for (size_t e = 0; e < sizeof endonyms / sizeof endonyms[0]; e++)
        if (strcmp(endonyms[e].code, lang) == 0)
            return endonyms[e].name;
    return lang;
}

/* Open lang's catalogue in place of the current one, unless it is that one already. */
static void use_language(struct kiosk *k, const char *lang)
{
    if (strcmp(i18n_lang(k->tr), lang) == 0)
        return;
    char *why = NULL;
    struct i18n *t = i18n_open(k->locale_dir, lang, &why);
    if (why) {
        SDL_Log("language: %s", why);
        free(why);
    }
    i18n_close(k->tr);
    k->tr = t;
    k->dirty = true;
}

void kiosk_next_language(struct kiosk *k)
{
    size_t i = 0;
    while (i < k->nlangs && strcmp(k->langs[i], k->base_lang) != 0)
        i++;
    snprintf(k->base_lang, sizeof k->base_lang, "%s", k->langs[(i + 1) % k->nlangs]);
    use_language(k, k->base_lang);
    SDL_Log("language: staff chose %s", k->base_lang);
}

void kiosk_set_language(struct kiosk *k, const char *lang)
{
    use_language(k, lang);
    SDL_Log("language: %s for this attendee", lang);
}

void kiosk_language_reset(struct kiosk *k)
{
    if (strcmp(i18n_lang(k->tr), k->base_lang) == 0)
        return;
    use_language(k, k->base_lang);
    SDL_Log("language: back to %s", k->base_lang);
}

/*
 * The languages attendees choose from: [kiosk] languages that have a
 * catalogue (English always has), else every catalogue there is; the
 * kiosk's own language among them.
 */
static void find_languages(struct kiosk *k)
{
    char have[KIOSK_LANGS][16];
    size_t nhave = i18n_languages(k->locale_dir, have, KIOSK_LANGS);
    const char *want = config_str(k->cfg, CONFIG_LANGUAGES);
    k->nlangs = 0;
    for (const char *p = want; *p;) {
        p += strspn(p, " ,");
        size_t len = strcspn(p, " ,");
        bool found = false;
        for (size_t i = 0; i < nhave && len > 0; i++)
            found |= strlen(have[i]) == len && strncmp(have[i], p, len) == 0;
        if (found && k->nlangs < KIOSK_LANGS)
            snprintf(k->langs[k->nlangs++], sizeof k->langs[0], "%.*s", (int)len, p);
        else if (len > 0)
            SDL_Log("language: no catalogue for \"%.*s\" in %s", (int)len, p, k->locale_dir);
        p += len;
    }
    if (k->nlangs == 0) {
        memcpy(k->langs, have, sizeof have[0] * nhave);
        k->nlangs = nhave;
    }
    snprintf(k->base_lang, sizeof k->base_lang, "%s", config_str(k->cfg, CONFIG_LANGUAGE));
    for (size_t i = 0; i < k->nlangs; i++)
        if (strcmp(k->langs[i], k->base_lang) == 0)
            return;
    if (k->nlangs == KIOSK_LANGS)
        k->nlangs--;
    memmove(k->langs + 1, k->langs, sizeof k->langs[0] * k->nlangs++);
    snprintf(k->langs[0], sizeof k->langs[0], "%s", k->base_lang);
}

/*
 * What needs the whole attendee list at start (at 100k attendees: the
 * search index 740 ms; the badge's category bands and the count read
 * every person, some tens of milliseconds) is made on a thread of
 * its own, so that the first frame, scans and the camera do not wait for
 * it. Meanwhile a search shows a hint and the welcome shows no badge.
 */
struct kiosk_start {
    struct search *search; /* NULL if it failed (logged) */
    struct badge *badge;   /* with its bands, or NULL */
    int64_t attendees;
    int64_t conflicts; /* people admitted at two kiosks (staff mode's count) */
};

static void *handle_start(void *arg)
{
    struct kiosk *k = arg;
    struct kiosk_start *r = xcalloc(1, sizeof *r);
    char *why = NULL;
    Uint64 t0 = SDL_GetPerformanceCounter();
    r->search = search_create(k->store, &why);
    if (r->search == NULL) {
        SDL_Log("search: %s", why);
        free(why);
        why = NULL;
    }
    double ms =
        (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / (double)SDL_GetPerformanceFrequency();
    r->badge = badge_create(k->cfg, &why);
    if (r->badge && !badge_use_store(r->badge, k->store, &why)) {
        badge_destroy(r->badge);
        r->badge = NULL;
    }
    if (why)
        SDL_Log("badge: %s", why);
    free(why);
    why = NULL;
    store_count_attendees(k->store, true, &r->attendees, &why);
    free(why);
    why = NULL;
    if (!store_count_conflicts(k->store, &r->conflicts, &why))
        SDL_Log("conflicts: %s", why);
    free(why);
    SDL_Log("list ready: %lld attendees, search index in %.0f ms", (long long)r->attendees, ms);
    SDL_Event e = { .type = k->index_event };
    e.user.data1 = r;
    if (SDL_PushEvent(&e) != 1) {
        search_destroy(r->search);
        badge_destroy(r->badge);
        free(r);
    }
    return NULL;
}

static void took_start(struct kiosk *k, struct kiosk_start *r)
{
    pthread_join(k->index_thread, NULL); /* it ends after pushing the event */
    k->indexing = false;
    k->badge = r->badge;
    if (k->search) { /* a stick's list came first: its index is newer */
        search_destroy(r->search);
    } else if (r->search) {
        k->search = r->search;
        read_accents(k);
        k->attendees = r->attendees;
        read_list_status(k);
    } else {
        kiosk_reload_index(k, NULL); /* once more, here */
    }
    /* A sync or a stick may have counted since (conflicts come, they do not go by themselves). */
    if (r->conflicts > k->conflicts)
        k->conflicts = r->conflicts;
    free(r);
    k->dirty = true;
    if (k->screen == &screen_search) /* the results of what was typed meanwhile */
        k->screen->text(k, "");
}

/* Camera callbacks, on the camera's threads: hand over to the loop as SDL events. */
static void handle_camera_code(void *ctx, const char *code)
{
    struct kiosk *k = ctx;
    SDL_Event e = { .type = k->camera_event };
    e.user.data1 = xstrdup(code);
    if (SDL_PushEvent(&e) <= 0)
        free(e.user.data1);
}

static void handle_camera_changed(void *ctx)
{
    struct kiosk *k = ctx;
    SDL_Event e = { .type = k->camera_event };
    SDL_PushEvent(&e);
}

void kiosk_format_when(int64_t ms, char out[24])
{
    time_t at = (time_t)(ms / 1000), now = time(NULL);
    struct tm a, n;
    localtime_r(&at, &a);
    localtime_r(&now, &n);
    bool today = a.tm_year == n.tm_year && a.tm_yday == n.tm_yday;
    strftime(out, 24, today ? "%H:%M" : "%Y-%m-%d %H:%M", &a);
}

void kiosk_camera_status(struct kiosk *k, char *buf, size_t size)
{
    buf[0] = '\0';
    if (k->camera == NULL)
        return;
    enum camera_state s = camera_state(k->camera);
    snprintf(buf, size, "%s: %s", kiosk_tr(k, "Camera"),
             kiosk_tr(k, s == CAMERA_LIVE      ? N_("live")
                         : s == CAMERA_OFFLINE ? N_("offline")
                                               : N_("starting")));
}

/* The spooler's callback, on its thread: hand the outcome to the loop. */
static void handle_printed(void *ctx, const struct spooler_result *r)
{
    struct kiosk *k = ctx;
    SDL_Event e = { .type = k->print_event };
    e.user.data1 = xmalloc(sizeof *r);
    memcpy(e.user.data1, r, sizeof *r);
    if (SDL_PushEvent(&e) <= 0)
        free(e.user.data1);
}

void kiosk_badge_texture(struct kiosk *k, const struct attendee *a, int height_px)
{
    if (k->badge_texture)
        SDL_DestroyTexture(k->badge_texture);
    k->badge_texture = NULL;
    uint32_t *px;
    if (k->badge == NULL || a->id == 0 ||
        !badge_pixels(k->badge, a, height_px, &px, &k->badge_w, &k->badge_h))
        return;
    k->badge_texture = SDL_CreateTexture(k->renderer, SDL_PIXELFORMAT_ARGB8888,
                                         SDL_TEXTUREACCESS_STATIC, k->badge_w, k->badge_h);
    if (k->badge_texture)
        SDL_UpdateTexture(k->badge_texture, NULL, px, k->badge_w * 4);
    free(px);
}

bool kiosk_print(struct kiosk *k, const struct attendee *a)
{
    if (k->spooler == NULL)
        return false;
    k->dirty = true;
    if (spooler_add(k->spooler, a))
        return true;
    /* Badges come far slower than a printer prints them: it is stuck. Staff can retry this one. */
    snprintf(k->printer_problem, sizeof k->printer_problem,
             "the print queue is full, the printer is not keeping up: badge of %s not printed",
             a->code);
    SDL_Log("print: %s", k->printer_problem);
    char *why = NULL;
    attendee_clear(&k->failed);
    store_get_attendee(k->store, a->id, &k->failed, &why);
    free(why);
    return false;
}

void kiosk_printer_status(struct kiosk *k, char *buf, size_t size)
{
    buf[0] = '\0';
    if (k->spooler == NULL)
        return;
    snprintf(buf, size, "%s: %s", kiosk_tr(k, "Printer"),
             spooler_pending(k->spooler) > 0 ? kiosk_tr(k, "printing")
             : k->printer_problem[0]         ? kiosk_tr(k, "problem, see staff mode")
                                             : kiosk_tr(k, "ready"));
}

static void took_print(struct kiosk *k, struct spooler_result *r)
{
    char *why = NULL;
    if (!store_log_print(k->store, r->attendee_id, checkin_now_ms(),
                         config_str(k->cfg, CONFIG_PRINTER_QUEUE), r->job_id, r->ok, r->message,
                         &why)) {
        SDL_Log("print log: %s", why);
        free(why);
    }
    SDL_Log("print: %s", r->message);
    if (r->ok) {
        k->printer_problem[0] = '\0';
    } else {
        snprintf(k->printer_problem, sizeof k->printer_problem, "%s", r->message);
        attendee_clear(&k->failed);
        store_get_attendee(k->store, r->attendee_id, &k->failed, &why);
        free(why);
    }
    if (k->screen == &screen_staff)
        snprintf(k->staff_message, sizeof k->staff_message, "%s", r->message);
    k->dirty = true;
}

static const enum sound_cue cues[] = {
    [CHECKIN_WELCOME] = SOUND_WELCOME,  [CHECKIN_ALREADY] = SOUND_ALREADY,
    [CHECKIN_UNKNOWN] = SOUND_UNKNOWN,  [CHECKIN_CANCELLED] = SOUND_CANCELLED,
    [CHECKIN_UNPAID] = SOUND_CANCELLED, [CHECKIN_NOT_FOR_SESSION] = SOUND_CANCELLED,
};

/* Keep a's name and comment for staff mode's banner, the oldest making room. */
static void keep_attention(struct kiosk *k, const struct attendee *a)
{
    if (k->nattention == KIOSK_ATTENTION) {
        memmove(&k->attention[0], &k->attention[1], (KIOSK_ATTENTION - 1) * sizeof k->attention[0]);
        k->nattention--;
    }
    struct kiosk_attention *n = &k->attention[k->nattention++];
    snprintf(n->name, sizeof n->name, "%s", a->name);
    snprintf(n->comment, sizeof n->comment, "%s", a->comment ? a->comment : "");
    SDL_Log("special attention: %s checked in", a->code);
}

/* Keep a refusal of someone known for staff mode; a later admission of them clears it. */
static void keep_refusal(struct kiosk *k)
{
    const struct checkin_result *v = &k->verdict;
    struct kiosk_refusal *r = &k->refused;
    if (v->verdict == CHECKIN_WELCOME || v->verdict == CHECKIN_ALREADY) {
        if (r->attendee_id == v->attendee.id)
            memset(r, 0, sizeof *r);
        return;
    }
    if (v->verdict == CHECKIN_UNKNOWN || v->attendee.id == 0)
        return;
    memset(r, 0, sizeof *r);
    snprintf(r->code, sizeof r->code, "%s", v->code);
    r->verdict = v->verdict;
    r->attendee_id = v->attendee.id;
    r->at_ms = checkin_now_ms();
    snprintf(r->name, sizeof r->name, "%s", v->attendee.name ? v->attendee.name : "");
    snprintf(r->organisation, sizeof r->organisation, "%s",
             v->attendee.organisation ? v->attendee.organisation : "");
    snprintf(r->only_for, sizeof r->only_for, "%s", v->only_for);
}

/*
 * The verdict in words, aloud ([kiosk] speech): the screen's headline in
 * the kiosk's language, with the first name on a welcome only (a refusal
 * is not told to the whole queue), and for a refusal what to do.
 */
static void say_verdict(struct kiosk *k)
{
    static const char *const headline[] = {
        [CHECKIN_WELCOME] = "Welcome, %s",
        [CHECKIN_ALREADY] = "Already checked in",
        [CHECKIN_UNKNOWN] = "Code not recognised",
        [CHECKIN_CANCELLED] = "Registration cancelled",
        [CHECKIN_UNPAID] = "Registration not paid yet",
        [CHECKIN_NOT_FOR_SESSION] = "Not registered for this session",
    };
    if (k->speech == NULL)
        return;
    const struct checkin_result *v = &k->verdict;
    char words[512];
    if (k->verdict_failed) {
        snprintf(words, sizeof words, "%s. %s", kiosk_tr(k, "Check-in not recorded"),
                 kiosk_tr(k, "Please ask a member of staff"));
    } else if (v->verdict == CHECKIN_WELCOME) {
        char *first = attendee_greeting_name(&v->attendee);
        snprintf(words, sizeof words, kiosk_tr(k, headline[CHECKIN_WELCOME]), first);
        free(first);
    } else if (v->verdict == CHECKIN_ALREADY) {
        snprintf(words, sizeof words, "%s", kiosk_tr(k, headline[CHECKIN_ALREADY]));
    } else {
        snprintf(words, sizeof words, "%s. %s", kiosk_tr(k, headline[v->verdict]),
                 kiosk_tr(k, "Please ask a member of staff"));
    }
    speech_say(k->speech, i18n_lang(k->tr), words);
}

/*
 * Decide on code, record it, and answer: the verdict screen, or staff
 * mode's message line when the code came there. override: staff admit
 * anyway, shown as a verdict wherever it came from.
 */
static void check_in(struct kiosk *k, const char *code, enum store_method method,
                     const char *reason)
{
    playback_code(k->playback);
    if (retain_expired(k)) {
        SDL_Log("a check-in refused: the event's data is past its time ([privacy] retain_days)");
        if (k->screen->staff) {
            snprintf(k->staff_message, sizeof k->staff_message, "%s",
                     kiosk_tr(k, "Check-in is closed: the data is past its time"));
            k->dirty = true;
        } else {
            kiosk_show(k, &screen_idle);
        }
        return;
    }
    bool override = reason != NULL;
    struct checkin_policy policy = {
        .kiosk = k->kiosk_id,
        .session = k->session,
        .reentry = config_bool(k->cfg, CONFIG_REENTRY),
        .repeat_ms = config_int(k->cfg, CONFIG_REPEAT_WINDOW_MS),
        .override = override,
        .reason = reason,
    };
    kiosk_sync_policy(k, &policy);
    char *why = NULL;
    checkin_result_clear(&k->verdict);
    k->verdict_failed = false;
    bool ok = checkin_code(k->store, &policy, code, method, checkin_now_ms(), &k->verdict, &why);
    kiosk_sync_checked(k);
    if (!ok) {
        /* Not recorded: the attendee must not be told they are in. */
        SDL_Log("check-in failed: %s", why);
        snprintf(k->staff_message, sizeof k->staff_message, "%s", why);
        free(why);
        checkin_result_clear(&k->verdict);
        k->verdict.verdict = CHECKIN_UNKNOWN;
        k->verdict_failed = true;
    }
    keep_refusal(k);
    if (k->verdict.recorded && k->retain.days > 0) /* kept retain_days from this check-in on */
        k->retain.due_ms =
            SDL_max(k->retain.due_ms, checkin_now_ms() + (int64_t)k->retain.days * 86400000);
    const struct attendee *a = &k->verdict.attendee;
    bool cue = config_bool(k->cfg, CONFIG_SOUND);
    if (!cue)
        sound_stop(k->sound); /* the words said of the verdict before, if any */
    if (k->verdict.verdict == CHECKIN_WELCOME && k->verdict.recorded &&
        (a->attention || (a->comment && a->comment[0]))) {
        keep_attention(k, a);
        if (cue)
            sound_play(k->sound, SOUND_ATTENTION);
    } else if (cue) {
        sound_play(k->sound, cues[k->verdict.verdict]);
    }
    /* "Your badge" comes a frame after the verdict, which must not wait for it. */
    if (k->badge_texture)
        SDL_DestroyTexture(k->badge_texture);
    k->badge_texture = NULL;
    k->badge_pending =
        config_bool(k->cfg, CONFIG_SHOW_BADGE) && k->verdict.verdict == CHECKIN_WELCOME;
    /* The badge, if this kiosk prints them: never before the verdict, never blocking it. */
    const char *when = config_str(k->cfg, CONFIG_PRINTER_WHEN);
    if (k->verdict.attendee.id &&
        ((strcmp(when, "first") == 0 && k->verdict.verdict == CHECKIN_WELCOME &&
          k->verdict.recorded) ||
         (strcmp(when, "every") == 0 &&
          (k->verdict.verdict == CHECKIN_WELCOME || k->verdict.verdict == CHECKIN_ALREADY))))
        kiosk_print(k, &k->verdict.attendee);
    if (k->screen->staff && !override) { /* staff screens say it in their message line */
        kiosk_verdict_words(k, &k->verdict, k->staff_message, sizeof k->staff_message);
        if (k->screen->refresh)
            k->screen->refresh(k);
        k->dirty = true;
        return;
    }
    say_verdict(k);
    kiosk_show(k, &screen_verdict);
}

void kiosk_code(struct kiosk *k, const char *code, enum store_method method)
{
    const char *staff_code = config_str(k->cfg, CONFIG_STAFF_CODE);
    if (staff_code[0] && strcmp(code, staff_code) == 0) {
        playback_code(k->playback);
        kiosk_show(k, &screen_pin);
        return;
    }
    check_in(k, code, method, NULL);
}

void kiosk_staff_undone(struct kiosk *k, bool ok, struct checkin_result *r, char *why,
                        const char *none)
{
    if (!ok) {
        snprintf(k->staff_message, sizeof k->staff_message, "%s", why);
        SDL_Log("staff: undo failed: %s", why);
        free(why);
        return;
    }
    if (r->recorded) {
        snprintf(k->staff_message, sizeof k->staff_message, kiosk_tr(k, "Undone: %s"),
                 r->attendee.name);
        SDL_Log("staff: undid the check-in of %s", r->attendee.code);
        /* An undo may end a conflict (never makes one): counted again only if there are some. */
        char *count_why = NULL;
        if (k->conflicts > 0 && !store_count_conflicts(k->store, &k->conflicts, &count_why)) {
            SDL_Log("staff: %s", count_why);
            free(count_why);
        }
    } else {
        snprintf(k->staff_message, sizeof k->staff_message, "%s", none);
    }
    checkin_result_clear(r);
}

void kiosk_staff_checkin(struct kiosk *k, const char *code, const char *reason)
{
    if (reason)
        SDL_Log("staff: admitting %s anyway (%s)", code, reason);
    check_in(k, code, STORE_STAFF, reason);
}

void kiosk_verdict_words(struct kiosk *k, const struct checkin_result *r, char *out, size_t size)
{
    static const char *const words[] = {
        [CHECKIN_WELCOME] = N_("Checked in: %s"),
        [CHECKIN_ALREADY] = N_("Already checked in: %s"),
        [CHECKIN_UNKNOWN] = N_("Code not recognised%s"),
        [CHECKIN_CANCELLED] = N_("Registration cancelled: %s"),
        [CHECKIN_UNPAID] = N_("Registration not paid yet: %s"),
        [CHECKIN_NOT_FOR_SESSION] = N_("Not registered for this session: %s"),
    };
    if (k->verdict_failed && r == &k->verdict) {
        snprintf(out, size, "%s", kiosk_tr(k, "Check-in not recorded"));
        return;
    }
    snprintf(out, size, kiosk_tr(k, words[r->verdict]),
             r->verdict == CHECKIN_UNKNOWN ? ""
             : r->attendee.name            ? r->attendee.name
                                           : "");
}

/* Act on what the scanner decided. */
static void take_scanner_events(struct kiosk *k, const struct scanner_event *ev, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (ev[i].kind) {
        case SCANNER_CODE:
            kiosk_code(k, ev[i].text, STORE_SCANNER);
            break;
        case SCANNER_TEXT:
            if (k->screen->text)
                k->screen->text(k, ev[i].text);
            break;
        case SCANNER_ENTER:
            if (k->screen->key)
                k->screen->key(k, SDLK_RETURN);
            break;
        }
    }
}

static void feed_key(struct kiosk *k, const char *text, Uint32 t)
{
    struct scanner_event ev[3];
    size_t n = scanner_key(k->scanner, text, t, ev);
    take_scanner_events(k, ev, n);
}

/* Flush what the scanner holds, as if its gap had passed. */
static void flush_scanner(struct kiosk *k)
{
    uint32_t due = scanner_deadline(k->scanner);
    if (due) {
        struct scanner_event ev[3];
        take_scanner_events(k, ev, scanner_tick(k->scanner, due, ev));
    }
}

static void tap(struct kiosk *k, int x, int y)
{
    k->last_input = SDL_GetTicks();
    int corner = ui_unit(k->ui) * 12;
    bool in_corner = x < corner && y < corner;
    k->screen->tap(k, x, y);
    /* After the screen's own handling, which may have changed screens. */
    if (in_corner && k->screen->corner) {
        k->pressing = true;
        k->press_since = k->last_input;
    }
}

static void key(struct kiosk *k, SDL_Keycode sym, Uint32 t)
{
    k->last_input = SDL_GetTicks();
    switch (sym) {
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        feed_key(k, NULL, t);
        break;
    case SDLK_BACKSPACE:
        flush_scanner(k); /* what was typed before it first */
        if (k->screen->key)
            k->screen->key(k, sym);
        k->dirty = true;
        break;
    case SDLK_ESCAPE: /* backs out of a screen, never out of the app */
        if (k->screen->key)
            k->screen->key(k, sym);
        break;
    default:
        break;
    }
}

/* What a script being played asks of the loop. */
static void take_request(struct kiosk *k, enum playback_request r)
{
    switch (r) {
    case PLAYBACK_FLUSH:
        flush_scanner(k);
        break;
    case PLAYBACK_FRAME:
        k->dirty = true;
        break;
    case PLAYBACK_TEXTS:
        ui_record(k->ui, true);
        k->dirty = true;
        break;
    case PLAYBACK_QUIT:
        k->quit = true;
        break;
    }
}

static void handle_event(struct kiosk *k, const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_QUIT:
        /* Alt+F4 or closing the window: only staff mode leaves the app. */
        SDL_Log("request to quit ignored: leave from staff mode");
        break;
    case SDL_WINDOWEVENT:
        k->dirty = true;
        break;
    case SDL_TEXTINPUT:
        k->last_input = SDL_GetTicks();
        feed_key(k, ev->text.text, ev->text.timestamp);
        break;
    case SDL_KEYDOWN:
        key(k, ev->key.keysym.sym, ev->key.timestamp);
        break;
    case SDL_FINGERDOWN:
        tap(k, (int)(ev->tfinger.x * ui_width(k->ui)), (int)(ev->tfinger.y * ui_height(k->ui)));
        break;
    case SDL_FINGERUP:
        k->pressing = false;
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (ev->button.which != SDL_TOUCH_MOUSEID) /* touches come as finger events */
            tap(k, ev->button.x, ev->button.y);
        break;
    case SDL_MOUSEBUTTONUP:
        if (ev->button.which != SDL_TOUCH_MOUSEID)
            k->pressing = false;
        break;
    default:
        if (ev->type == k->print_event && k->print_event != 0) {
            took_print(k, ev->user.data1);
            free(ev->user.data1);
        } else if (ev->type == k->drop_event && k->drop_event != 0) {
            struct kiosk_drop_outcome out;
            kiosk_drop_event(k, ev, &out);
            if (out.reload)
                kiosk_reload_index(k, out.index);
            if (out.ask_pin)
                kiosk_show(k, &screen_pin);
        } else if (ev->type == k->checks_event && k->checks_event != 0) {
            kiosk_checks_took(k, ev);
        } else if (ev->type == k->index_event && k->index_event != 0) {
            took_start(k, ev->user.data1);
        } else if (ev->type == k->sync_event && k->sync_event != 0) {
            if (kiosk_sync_event(k, ev))
                kiosk_reload_index(k, NULL);
        } else if (ev->type == k->camera_event && k->camera_event != 0) {
            if (ev->user.data1) {
                kiosk_code(k, ev->user.data1, STORE_CAMERA);
                free(ev->user.data1);
            } else {
                k->preview_pending = true; /* drawn at most ten times a second */
            }
        } else if (ev->type == playback_event(k->playback) && ev->type != 0) {
            take_request(k, (enum playback_request)ev->user.code);
        }
        break;
    }
}

/* Time-driven work: scanner gaps, the long press, then the screen's own. */
static Uint32 run_timers(struct kiosk *k, Uint32 now)
{
    uint32_t due = scanner_deadline(k->scanner);
    if (due && (Sint32)(now - due) >= 0) {
        struct scanner_event ev[3];
        take_scanner_events(k, ev, scanner_tick(k->scanner, now, ev));
    }
    if (k->pressing && kiosk_since(now, k->press_since) >= LONG_PRESS_MS)
        kiosk_show(k, &screen_pin);
    /* Sleep until the next thing can happen. */
    Uint32 wait = k->screen->timeout(k, now);
    if (due)
        wait = SDL_min(wait, (Sint32)(due - now) > 0 ? due - now : 1);
    if (k->pressing)
        wait = SDL_min(wait, 100);
    return wait;
}

static bool handle_session_title(void *ctx, int64_t id, const char *name, const char *title)
{
    (void)id;
    struct kiosk *k = ctx;
    if (strcmp(name, k->session) != 0)
        return true;
    snprintf(k->session_title, sizeof k->session_title, "%s", title[0] ? title : name);
    return false;
}

static void load_session_title(struct kiosk *k)
{
    (void)N_("Main session"); /* the title of every store's first session, shown translated */
    char *why = NULL;
    snprintf(k->session_title, sizeof k->session_title, "%s", k->session);
    if (!store_each_session(k->store, handle_session_title, k, &why)) {
        SDL_Log("sessions: %s", why);
        free(why);
    }
}

static bool open_kiosk(struct kiosk *k, const struct kiosk_options *opt, char **why)
{
    k->cfg = opt->cfg;
    k->db_path = opt->db_path;
    k->config_path = opt->config_path;
    k->kiosk_name = config_kiosk_id(k->cfg);
    struct datadir dirs;
    datadir_find(config_str(k->cfg, CONFIG_DATA_DIR), &dirs);
    k->data_dir = dirs.assets;
    k->locale_dir = dirs.locale;
    k->store = store_open(opt->db_path, why);
    if (k->store == NULL || !store_identity(k->store, k->kiosk_name, &k->kiosk_id, why))
        return false;
    char *notice = NULL;
    if (!roster_keep_only(k->store, k->cfg, &notice, why))
        return false;
    if (notice)
        SDL_Log("%s", notice);
    free(notice);
    snprintf(k->session, sizeof k->session, "%s", config_str(k->cfg, CONFIG_SESSION));
    int64_t session_id;
    if (store_find_session(k->store, k->session, &session_id, why) != 1) {
        if (*why == NULL)
            *why = xasprintf("no session named \"%s\" (see: entrada session list)", k->session);
        return false;
    }
    load_session_title(k);
    if (!retain_check(k->store, k->cfg, checkin_now_ms(), &k->retain, why))
        return false;
    char words[600];
    retain_words(&k->retain, words, sizeof words);
    if (words[0])
        SDL_Log("retention: %s", words);
    k->playback = playback_create(opt->script, opt->latency, why);
    if (k->playback == NULL && opt->script)
        return false;

    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER) != 0) {
        *why = xasprintf("cannot start SDL: %s", SDL_GetError());
        return false;
    }
    IMG_Init(IMG_INIT_PNG);
    if (!playback_start(k->playback, why))
        return false;
    int w = opt->width > 0 ? opt->width : 1280, h = opt->height > 0 ? opt->height : 800;
    Uint32 flags = opt->windowed ? SDL_WINDOW_RESIZABLE : SDL_WINDOW_FULLSCREEN_DESKTOP;
    k->window =
        SDL_CreateWindow("entrada", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (k->window == NULL || (k->renderer = SDL_CreateRenderer(k->window, -1, 0)) == NULL) {
        *why = xasprintf("cannot open the screen: %s", SDL_GetError());
        return false;
    }
    if (!opt->windowed)
        SDL_ShowCursor(SDL_DISABLE);
    char *fonts = xasprintf("%s/fonts", k->data_dir);
    k->ui = ui_create(k->renderer, fonts);
    free(fonts);
    load_logo(k);
    struct badge *probe = badge_create(k->cfg, why); /* its design is right: the real one later */
    if (probe == NULL)
        return false;
    badge_destroy(probe);
    /* Speech plays through the sound device, open for it even without the cues. */
    k->sound = sound_open(config_bool(k->cfg, CONFIG_SOUND) || config_bool(k->cfg, CONFIG_SPEECH));
    if (config_bool(k->cfg, CONFIG_SPEECH))
        k->speech = speech_open(k->sound);
    k->scanner = scanner_create((uint32_t)config_int(k->cfg, CONFIG_SCANNER_GAP_MS));
    const char *spec = opt->camera ? opt->camera : config_str(k->cfg, CONFIG_CAMERA);
    if (spec[0]) {
        k->camera_event = SDL_RegisterEvents(1);
        struct camera_events events = { handle_camera_code, handle_camera_changed, k };
        if (k->camera_event == (Uint32)-1 ||
            (k->camera = camera_start(spec, &events, why)) == NULL) {
            if (*why == NULL)
                *why = xstrdup("cannot start the camera");
            return false;
        }
    }
    if (config_str(k->cfg, CONFIG_PRINTER_QUEUE)[0] &&
        strcmp(config_str(k->cfg, CONFIG_PRINTER_WHEN), "never") != 0) {
        k->print_event = SDL_RegisterEvents(1);
        if (k->print_event == (Uint32)-1 ||
            (k->spooler = spooler_start(k->cfg, k->store, handle_printed, k, why)) == NULL) {
            if (*why == NULL)
                *why = xstrdup("cannot start printing");
            return false;
        }
    }
    find_languages(k);
    char *lang_why = NULL;
    k->tr = i18n_open(k->locale_dir, k->base_lang, &lang_why);
    if (lang_why) {
        SDL_Log("language: %s", lang_why);
        free(lang_why);
    }
    k->index_event = SDL_RegisterEvents(1);
    int err = k->index_event == (Uint32)-1
                  ? EAGAIN
                  : pthread_create(&k->index_thread, NULL, handle_start, k);
    if (err != 0) {
        *why = xasprintf("cannot build the search index: %s", strerror(err));
        return false;
    }
    k->indexing = true;
    read_accents(k); /* a common set until the index comes */
    if (!kiosk_drop_start(k, why) || !kiosk_sync_start(k, why))
        return false;
    SDL_StartTextInput();
    kiosk_show(k, &screen_idle);
    return true;
}

static void close_kiosk(struct kiosk *k)
{
    camera_stop(k->camera); /* before SDL goes: their callbacks push SDL events */
    /* Badges queued are still sent (and logged below): the attendee is at the printer. */
    int unsent = spooler_stop(k->spooler, KIOSK_PRINT_DRAIN_MS);
    if (unsent > 0) /* each is in the print log too, with its code */
        SDL_Log("print: %d badges queued were not sent before the kiosk closed", unsent);
    kiosk_drop_stop(k);
    kiosk_checks_stop(k);
    kiosk_sync_stop(k);
    if (k->indexing)
        pthread_join(k->index_thread, NULL);
    /*
     * What the threads handed over and the loop did not take. Not through
     * SDL_PollEvent: it stops at the marker its last poll left in the queue,
     * before the events pushed after it (a badge printed while closing).
     */
    SDL_Event ev;
    while (SDL_WasInit(SDL_INIT_EVENTS) &&
           SDL_PeepEvents(&ev, 1, SDL_GETEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) == 1)
        if (ev.type == k->print_event && k->print_event != 0) {
            took_print(k, ev.user.data1);
            free(ev.user.data1);
        } else if ((ev.type == k->camera_event && k->camera_event != 0) ||
                   (ev.type == k->checks_event && k->checks_event != 0))
            free(ev.user.data1);
        else if (ev.type == k->drop_event && k->drop_event != 0)
            kiosk_drop_discard(&ev);
        else if (ev.type == k->sync_event && k->sync_event != 0)
            kiosk_sync_discard(&ev);
        else if (ev.type == k->index_event && k->index_event != 0) {
            struct kiosk_start *r = ev.user.data1;
            search_destroy(r->search);
            badge_destroy(r->badge);
            free(r);
        }
    attendee_clear(&k->failed);
    free(k->privacy_text);
    if (k->preview)
        SDL_DestroyTexture(k->preview);
    if (k->badge_texture)
        SDL_DestroyTexture(k->badge_texture);
    badge_destroy(k->badge);
    checkin_result_clear(&k->verdict);
    for (size_t i = 0; i < KIOSK_HITS; i++)
        attendee_clear(&k->hit[i]);
    for (size_t i = 0; i < KIOSK_FOUND; i++)
        attendee_clear(&k->found[i]);
    attendee_clear(&k->person);
    desk_absent_free(&k->absent);
    report_stats_clear(&k->stats);
    playback_destroy(k->playback);
    scanner_destroy(k->scanner);
    speech_close(k->speech); /* before the sound device it plays through */
    sound_close(k->sound);
    ui_destroy(k->ui);
    i18n_close(k->tr);
    if (k->logo)
        SDL_DestroyTexture(k->logo);
    if (k->renderer)
        SDL_DestroyRenderer(k->renderer);
    if (k->window)
        SDL_DestroyWindow(k->window);
    if (SDL_WasInit(0)) {
        IMG_Quit();
        SDL_Quit();
    }
    search_destroy(k->search);
    store_close(k->store);
    free(k->kiosk_id);
    free(k->kiosk_name);
    free(k->data_dir);
    free(k->locale_dir);
}

/* Draw the screen as it is now and show it. */
static void draw(struct kiosk *k)
{
    Uint64 start = SDL_GetPerformanceCounter();
    ui_resize(k->ui);
    k->screen->draw(k);
    playback_drawn(k->playback, k->ui);
    SDL_RenderPresent(k->renderer);
    playback_shown(k->playback, start, k->job != NULL);
}

/*
 * Tell systemd's watchdog the loop is alive, once per half interval: after
 * the frame just drawn, and only if the store answers. A loop that hangs, or
 * a store that stops answering, goes quiet and systemd restarts the kiosk.
 */
static void tell_watchdog(struct kiosk *k)
{
    char *why = NULL;
    if (store_answers(k->store, &why)) {
        service_alive();
        return;
    }
    SDL_Log("watchdog: the store does not answer: %s", why);
    free(why);
}

int kiosk_run(const struct kiosk_options *opt, char **why)
{
    struct kiosk k = { 0 };
    Uint64 started = SDL_GetPerformanceCounter();
    bool drawn = false;
    struct sigaction sa = { .sa_handler = handle_signal };
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    service_log_start();
    if (!open_kiosk(&k, opt, why)) {
        close_kiosk(&k);
        service_log_stop();
        return -1;
    }
    SDL_Log("kiosk %s ready: session %s", k.kiosk_id, k.session); /* the list: handle_start */
    char *status = xasprintf("kiosk %s: session %s", k.kiosk_name, k.session);
    service_ready(k.kiosk_name, status);
    free(status);
    while (!k.quit && !stop_requested) {
        SDL_Event ev;
        while (SDL_PollEvent(&ev))
            handle_event(&k, &ev);
        Uint32 now = SDL_GetTicks();
        Uint32 wait = run_timers(&k, now);
        if (!k.quit)
            wait = SDL_min(wait, playback_run(k.playback, now, ui_width(k.ui), ui_height(k.ui)));
        bool alive = service_due(now);
        if (k.dirty || alive) {
            k.dirty = false;
            draw(&k);
            if (alive)
                tell_watchdog(&k);
            if (!drawn) {
                drawn = true;
                SDL_Log("first frame %.0f ms after start",
                        (double)(SDL_GetPerformanceCounter() - started) * 1000.0 /
                            (double)SDL_GetPerformanceFrequency());
            }
            continue; /* a frame may make more work due (a badge, a script step) */
        }
        wait = SDL_min(wait, service_wait(now));
        if (SDL_WaitEventTimeout(&ev, (int)SDL_min(wait, 250)))
            handle_event(&k, &ev);
    }
    service_stopping();
    playback_report(k.playback, k.sync_ms);
    int sig = stop_requested;
    if (sig)
        SDL_Log("kiosk stopped by signal %d: not left from staff mode", sig);
    else
        SDL_Log("kiosk stopped");
    close_kiosk(&k);
    service_log_stop();
    /* Stopped from outside: a failure, which systemd's Restart=on-failure answers. */
    return sig ? 128 + sig : 0;
}
