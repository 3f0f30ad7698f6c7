/*
 * The kiosk's private state: struct kiosk is what the loop (kiosk.c), the
 * screens (ui-*.c, see screen.h) and the USB side (kiosk-drop.c) share,
 * and the loop's small API they call. Nothing outside src/kiosk/ sees it.
 */
#ifndef ENTRADA_KIOSK_STATE_H
#define ENTRADA_KIOSK_STATE_H

#include "entrada/checkin.h"
#include "entrada/config.h"
#include "entrada/desk.h"
#include "entrada/i18n.h"
#include "entrada/report.h"
#include "entrada/retain.h"
#include "entrada/search.h"
#include "entrada/store.h"
#include "entrada/sync.h"
#include "keyboard.h"

#include <SDL.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>

struct screen;

enum {
    KIOSK_HITS = 5,
    KIOSK_RECENT = 10,
    KIOSK_FOUND = 4,
    KIOSK_ATTENTION = 4,
    KIOSK_CHECKS = 12,
    KIOSK_ACCENT_KEYS = 29,
    KIOSK_LANGS = 16,
    KIOSK_CONFLICTS = 64,
    KIOSK_PRINT_DRAIN_MS = 10000 /* closing, badges queued are still sent for this long */
};

/* The status filter of find anyone. */
enum kiosk_filter {
    KIOSK_ANYONE,
    KIOSK_ARRIVED,
    KIOSK_NOT_ARRIVED,
    KIOSK_CANCELLED,
    KIOSK_UNPAID,
    KIOSK_FILTERS
};

struct kiosk {
    const struct config *cfg;
    struct store *store;
    struct search *search;
    struct i18n *tr;
    struct ui *ui;
    struct sound *sound;
    struct speech *speech; /* [kiosk] speech = on, else NULL */
    struct scanner *scanner;
    struct playback *playback; /* --script and --latency (playback.h), or NULL */
    struct camera *camera;     /* NULL without one */
    struct spooler *spooler;   /* NULL without a printer */
    Uint32 print_event;        /* SDL event type: data1 a struct spooler_result (malloc) */
    char printer_problem[256]; /* the last print's failure, until one succeeds */
    struct attendee failed;    /* whose badge failed to print, for staff to retry */
    Uint32 camera_event;       /* SDL event type: data1 a code (strdup), or NULL for "changed" */
    SDL_Texture *preview;      /* the camera's image on the start screen */
    int preview_w, preview_h;
    bool preview_pending; /* a new frame came since the last preview drawn */
    Uint32 preview_at;
    SDL_Window *window;
    SDL_Renderer *renderer;

    char *kiosk_id;   /* its identity in the store: the kiosk part of its events' ids */
    char *kiosk_name; /* [entrada] kiosk_id, or the host name: what it is called */
    char *data_dir;
    char *locale_dir;
    char session[64];
    char session_title[128];
    char langs[KIOSK_LANGS][16]; /* the languages attendees choose from, in order */
    size_t nlangs;
    char base_lang[16]; /* [kiosk] language, or staff's choice: the one the kiosk returns to */
    int64_t attendees;  /* active attendees in the store */
    char list_file[64]; /* the latest import's file ("" if none) */
    int64_t list_at_ms; /* and when */
    SDL_Texture *logo;  /* NULL if none configured or it cannot be read */
    int logo_w, logo_h;

    const struct screen *screen; /* the one shown, an entry of screen.h */
    Uint32 screen_since;         /* when the screen was shown */
    Uint32 last_input;           /* the latest touch or key on it */
    bool dirty;                  /* something changed since the last frame */
    Uint32 hint_phase;           /* step of the idle screen's moving hint */
    bool quit;

    /* screen_verdict */
    struct checkin_result verdict;
    bool verdict_failed;        /* the store could not record it: nobody was checked in */
    struct badge *badge;        /* the badge layout, for showing badges */
    SDL_Texture *badge_texture; /* the verdict's attendee's badge, when shown */
    bool badge_pending;         /* draw it after the verdict's first frame */
    int badge_w, badge_h;

    /* screen_search and screen_confirm */
    char query[128];
    enum keyboard_layer search_layer;
    char accents[128]; /* the accents layer's letters: those in the names (search_letters) */
    struct search_hit hits[KIOSK_HITS];
    struct attendee hit[KIOSK_HITS];
    size_t nhits;
    size_t chosen;

    /* screen_pin and screen_staff */
    char pin[16];
    bool pin_wrong;
    bool pin_short; /* the PIN typed was not PIN_MIN_DIGITS to PIN_MAX_DIGITS long */
    char staff_message[256];
    struct report_stats stats;
    char recent[KIOSK_RECENT][160];
    size_t nrecent;

    /*
     * The latest refusal of someone known at this kiosk's session (unpaid,
     * cancelled, not for the session), for staff to admit anyway; code ""
     * for none. Kept until they are admitted, someone else is refused or the
     * session changes. Name and organisation only: never an e-mail address.
     */
    struct kiosk_refusal {
        char code[CHECKIN_CODE_MAX + 1];
        enum checkin_verdict verdict;
        int64_t attendee_id, at_ms;
        char name[160], organisation[160];
        char only_for[200]; /* the session's rule in words, for not_for_session */
    } refused;

    /* The staff PIN's wrong tries in a row and the latest (UTC ms), kept in the store. */
    unsigned pin_failures;
    int64_t pin_failed_at;

    /* screen_find: what is typed, the filters, the page of people found */
    char find_query[128];
    enum kiosk_filter find_filter;
    int64_t find_session_id; /* 0: any session */
    char find_session[128];  /* its title, "" for any */
    struct attendee found[KIOSK_FOUND];
    int64_t found_first[KIOSK_FOUND]; /* first check-in (to find_session_id), 0 for none */
    size_t nfound, found_total, found_page;

    /* screen_person: one attendee, from find anyone or the not-arrived list */
    struct attendee person;
    int64_t person_first_ms, person_handed_ms;
    bool person_entitled;             /* an active registration admits them to this session */
    bool person_badge;                /* their badge is shown */
    const struct screen *person_back; /* where "Back" goes */

    /* screen_reason: whom staff admit anyway, and where they came from */
    char reason_code[CHECKIN_CODE_MAX + 1];
    char reason_name[160];
    const struct screen *reason_back;

    /* screen_walkin: name, organisation, e-mail; the category chosen of those in use */
    char walkin[3][DESK_FIELD_MAX + 1];
    int walkin_field;
    char categories[12][64];
    size_t ncategories, category; /* category: 0 for none, else categories[category - 1] */

    /* screen_absent */
    struct desk_absent_list absent;
    size_t absent_top;
    int64_t absent_registered;

    /* screen_conflicts: the latest KIOSK_CONFLICTS of conflicts_total */
    struct kiosk_conflict {
        char name[128], session[64], doors[256];
    } conflict[KIOSK_CONFLICTS];
    size_t nconflicts, conflicts_top, conflicts_total;

    /*
     * Attendees the list marks for special attention ("requires special
     * attention", or a comment) who checked in: staff mode shows each until
     * dismissed. Name and comment only.
     */
    struct kiosk_attention {
        char name[160], comment[256];
    } attention[KIOSK_ATTENTION];
    size_t nattention;

    /* What needs the whole list at start, made on a thread of its own (kiosk.c) */
    Uint32 index_event; /* SDL event type: data1 a struct kiosk_start (malloc) */
    pthread_t index_thread;
    bool indexing; /* until it comes, search and badge are NULL */

    /* screen_checks: entrada doctor's lines, found on a thread of their own (kiosk-checks.c) */
    Uint32 checks_event; /* SDL event type: data1 a struct doctor_line (malloc), NULL at the end */
    pthread_t checks_thread;
    bool checking;
    struct kiosk_check {
        char check[16];
        int level; /* an enum doctor_level */
        char text[512];
    } checks[KIOSK_CHECKS];
    size_t nchecks;
    int checks_failed;
    int checks_open;         /* the row shown whole (tapped), or -1 */
    const char *config_path; /* the configuration file, or NULL for the defaults */

    /* USB sticks and list reloads (kiosk-drop.c) */
    const char *db_path;
    struct drop_watch *drop_watch; /* NULL with [usb] sync = never */
    Uint32 drop_event;             /* SDL event type, see kiosk-drop.c */
    char stick[512];               /* the stick present, "" for none */
    bool stick_waiting;            /* present and not synced: waiting for staff */
    struct kiosk_job *job;         /* the sync or reload running, or NULL */
    char drop_status[256];         /* what it is doing or did, for the status line */
    atomic_int job_step, job_done, job_total, job_progress_posted; /* set on the job's thread */
    Uint64 job_started; /* when the job running began (SDL performance counter) */
    double sync_ms;     /* how long the latest job took */

    /* screen_privacy: the full notice ([privacy] notice_file), the first line shown */
    char *privacy_text;
    int privacy_line, privacy_lines, privacy_per_page;

    /* [privacy] retain_days, as it stood at start: past due, screen_retain stands for idle */
    struct retain_state retain;

    /* The event's server (kiosk-sync.c) */
    Uint32 sync_event; /* SDL event type: data1 a struct sync_news (malloc) */
    SDL_Thread *sync_thread;
    atomic_bool sync_stop;
    struct sync_door door; /* the loop's question to the server */
    bool sync_online;
    char sync_status[256];  /* "Server: offline since 10:42, 17 waiting" */
    char sync_problem[256]; /* why it is offline, for staff mode */
    unsigned sync_pulled;   /* other kiosks' events pulled since start */
    int64_t conflicts;      /* people admitted to a session at two kiosks (staff mode) */

    /* a long press in the top left corner opens staff mode */
    bool pressing;
    Uint32 press_since;
};

/* The translation of msgid in the kiosk's current language. */
static inline const char *kiosk_tr(const struct kiosk *k, const char *msgid)
{
    return i18n_get(k->tr, msgid);
}

/* [kiosk] layout = low: what attendees touch in the lower half of the screen. */
static inline bool kiosk_low(const struct kiosk *k)
{
    return strcmp(config_str(k->cfg, CONFIG_LAYOUT), "low") == 0;
}

/* [kiosk] search = names: attendees may look for their name (off: they scan). */
static inline bool kiosk_search_on(const struct kiosk *k)
{
    return strcmp(config_str(k->cfg, CONFIG_SEARCH), "off") != 0;
}

/* Show screen s: reset its timers, call its enter, and redraw. */
void kiosk_show(struct kiosk *k, const struct screen *s);

/* Check code in by method and show the verdict: the one entry point for every source of codes. */
void kiosk_code(struct kiosk *k, const char *code, enum store_method method);

/*
 * Check code in from a staff screen (method staff): the answer goes to
 * k->staff_message in words of the current language. With reason, staff
 * admit them anyway (an override, journalled with the reason) and the
 * attendee sees the verdict.
 */
void kiosk_staff_checkin(struct kiosk *k, const char *code, const char *reason);

/*
 * An undo's outcome in k->staff_message and the log: why it failed (ok
 * false; why is freed), whose check-in was undone, or none when there was
 * nothing to undo. r is cleared.
 */
void kiosk_staff_undone(struct kiosk *k, bool ok, struct checkin_result *r, char *why,
                        const char *none);

/* The verdict in staff's words, with the name: "Checked in: Ana Ruiz" (translated). */
void kiosk_verdict_words(struct kiosk *k, const struct checkin_result *r, char *out, size_t size);

/* Show attendee id's page (screen_person); back is where its "Back" leads. */
void kiosk_show_person(struct kiosk *k, int64_t id, const struct screen *back);

/* Ask why staff admit code's person anyway (screen_reason); back is where Cancel leads. */
void kiosk_ask_reason(struct kiosk *k, const char *code, const char *name,
                      const struct screen *back);

/* The translation of a message with plural forms, for the number n. */
static inline const char *kiosk_ntr(const struct kiosk *k, const char *msgid, const char *plural,
                                    unsigned long n)
{
    return i18n_nget(k->tr, msgid, plural, n);
}

/*
 * Staff's language switch: the kiosk's own language becomes the next of
 * k->langs, the one it returns to when idle.
 */
void kiosk_next_language(struct kiosk *k);

/*
 * An attendee's choice of language (one of k->langs): it holds while they
 * use the kiosk, until kiosk_language_reset.
 */
void kiosk_set_language(struct kiosk *k, const char *lang);

/* Back to the kiosk's own language, when the attendee is done or gone. */
void kiosk_language_reset(struct kiosk *k);

/* A language's name in its own language ("Deutsch" for "de"); the code if unknown. */
const char *kiosk_language_name(const char *lang);

/*
 * After the attendee list changed: take the search index built (or build
 * one when built is NULL) and read the counts again.
 */
void kiosk_reload_index(struct kiosk *k, struct search *built);

/* A time for staff to read: "10:42" if today, else "2026-03-11 10:42" (local time). */
void kiosk_format_when(int64_t ms, char out[24]);

/* The camera's state for the status line, e.g. "Camera: live" (translated); "" without one. */
void kiosk_camera_status(struct kiosk *k, char *buf, size_t size);

/* The printer's state for the status line, e.g. "Printer: ready"; "" without one. */
void kiosk_printer_status(struct kiosk *k, char *buf, size_t size);

/* Draw a's badge into k->badge_texture at height_px. */
void kiosk_badge_texture(struct kiosk *k, const struct attendee *a, int height_px);

/* Print a's badge (on the spooler's thread). False without a printer. */
bool kiosk_print(struct kiosk *k, const struct attendee *a);

/*
 * Milliseconds from then to now; 0 if then is later, as it is when an event
 * handled during this pass of the loop stamped the time after now was read.
 */
static inline Uint32 kiosk_since(Uint32 now, Uint32 then)
{
    return (Sint32)(now - then) > 0 ? now - then : 0;
}

#endif
