/*
 * Find anyone, for staff: by name, organisation, e-mail or code (from two
 * characters, accents aside), filtered by status and by session; each
 * result with organisation, category, lists, status and first check-in.
 * A person's page acts on them: check in (or admit anyway, with a reason),
 * undo their latest check-in here, print their badge, show it, and mark it
 * handed out.
 */
#include "entrada/search.h"
#include "entrada/xmalloc.h"
#include "keyboard.h"
#include "screen.h"
#include "state.h"
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FIND_CANDIDATES = 200 /* search hits weighed against the filters */ };

struct find_layout {
    struct ui_rect title, status, session, back, field, more, keys, results[KIOSK_FOUND];
    size_t rows;
};

static struct find_layout find_layout(const struct kiosk *k)
{
    struct ui *ui = k->ui;
    int w = ui_width(ui), h = ui_height(ui), u = ui_unit(ui);
    struct find_layout l = { 0 };
    int bh = 11 * u;
    l.title = (struct ui_rect){ 2 * u, u, w * 24 / 100, bh };
    l.status = (struct ui_rect){ w * 27 / 100, u, w * 20 / 100, bh };
    l.session = (struct ui_rect){ w * 48 / 100, u, w * 32 / 100, bh };
    l.back = (struct ui_rect){ w * 81 / 100, u, w * 19 / 100 - 2 * u, bh };
    l.field = (struct ui_rect){ 2 * u, 2 * u + bh, w * 78 / 100 - 2 * u, 9 * u };
    l.more = (struct ui_rect){ w * 81 / 100, l.field.y, w * 19 / 100 - 2 * u, 9 * u };
    l.keys = (struct ui_rect){ 2 * u, h * 60 / 100, w - 4 * u, h * 40 / 100 - u };
    int top = l.field.y + l.field.h + u, room = l.keys.y - top - u;
    int row = SDL_max(10 * u, 50 * SDL_min(w, h) / 480); /* two lines of 18 px at least */
    l.rows = (size_t)SDL_max(1, SDL_min(KIOSK_FOUND, room / row));
    int rh = room / (int)l.rows;
    for (size_t i = 0; i < l.rows; i++)
        l.results[i] = (struct ui_rect){ 2 * u, top + (int)i * rh, w - 4 * u, rh - u / 2 };
    return l;
}

static const char *const filter_words[KIOSK_FILTERS] = {
    [KIOSK_ANYONE] = N_("Everyone"),         [KIOSK_ARRIVED] = N_("Arrived"),
    [KIOSK_NOT_ARRIVED] = N_("Not arrived"), [KIOSK_CANCELLED] = N_("Cancelled"),
    [KIOSK_UNPAID] = N_("Unpaid"),
};

/* True if a passes the filters; *first is their first check-in (0 for none). */
static bool passes(struct kiosk *k, const struct attendee *a, int64_t *first)
{
    char *why = NULL;
    *first = 0;
    if (k->find_session_id && store_entitled(k->store, a->id, k->find_session_id, &why) == 0 &&
        a->status == ATTENDEE_ACTIVE)
        return false;
    int rc = store_first_admission(k->store, a->id, k->find_session_id, first, &why);
    free(why);
    if (rc != 1)
        *first = 0;
    switch (k->find_filter) {
    case KIOSK_ARRIVED:
        return *first != 0;
    case KIOSK_NOT_ARRIVED:
        return *first == 0 && a->status == ATTENDEE_ACTIVE;
    case KIOSK_CANCELLED:
        return a->status == ATTENDEE_CANCELLED;
    case KIOSK_UNPAID:
        return a->status == ATTENDEE_UNPAID;
    default:
        return true;
    }
}

/* Search again with what is typed and the filters; show the page find_page. */
static void find_update(struct kiosk *k)
{
    struct find_layout l = find_layout(k);
    for (size_t i = 0; i < KIOSK_FOUND; i++)
        attendee_clear(&k->found[i]);
    k->nfound = k->found_total = 0;
    k->dirty = true;
    struct search_hit *hits = xcalloc(FIND_CANDIDATES, sizeof *hits);
    size_t n = search_find(k->search, k->find_query, true, hits, FIND_CANDIDATES);
    /* A code typed or scanned in full finds its attendee too. */
    struct attendee a = { 0 };
    char *why = NULL;
    size_t skip = k->found_page * l.rows;
    if (n == 0 && store_find_attendee(k->store, k->find_query, &a, &why) == 1) {
        hits[0].id = a.id;
        n = 1;
    }
    attendee_clear(&a);
    for (size_t i = 0; i < n; i++) {
        if (store_get_attendee(k->store, hits[i].id, &a, &why) != 1)
            break;
        int64_t first;
        if (passes(k, &a, &first)) {
            if (k->found_total >= skip && k->nfound < l.rows) {
                k->found[k->nfound] = a;
                k->found_first[k->nfound++] = first;
                memset(&a, 0, sizeof a);
            }
            k->found_total++;
        }
        attendee_clear(&a);
    }
    free(why);
    free(hits);
}

static void find_enter(struct kiosk *k)
{
    k->find_query[0] = '\0';
    k->found_page = 0;
    find_update(k);
}

/* The status of a in words and colour, with their first check-in. */
static void status_words(struct kiosk *k, const struct attendee *a, int64_t first, char *out,
                         size_t size, SDL_Color *c)
{
    if (first) {
        char when[40];
        report_format_time(first, when);
        snprintf(out, size, kiosk_tr(k, "Arrived %.5s"), when + 11);
        *c = ui_green;
    } else if (a->status == ATTENDEE_CANCELLED) {
        snprintf(out, size, "%s", kiosk_tr(k, "Cancelled"));
        *c = ui_red;
    } else if (a->status == ATTENDEE_UNPAID) {
        snprintf(out, size, "%s", kiosk_tr(k, "Unpaid"));
        *c = ui_amber;
    } else {
        snprintf(out, size, "%s", kiosk_tr(k, "Not arrived"));
        *c = ui_muted;
    }
}

/* "Organisation · CATEGORY · lists: main b2b" */
static void detail_words(struct kiosk *k, const struct attendee *a, char *out, size_t size)
{
    snprintf(out, size, "%s%s%s%s%s: %s", a->organisation, a->organisation[0] ? " · " : "",
             a->category, a->category[0] ? " · " : "", kiosk_tr(k, "Lists"), a->lists);
}

static void find_draw(struct kiosk *k)
{
    struct ui *ui = k->ui;
    struct find_layout l = find_layout(k);
    int u = ui_unit(ui);
    ui_clear(ui, ui_paper);
    ui_text(ui, l.title, kiosk_tr(k, "Find anyone"), 5, true, ui_ink, UI_LEFT, 2);
    ui_button(ui, l.status, kiosk_tr(k, filter_words[k->find_filter]), ui_accent, ui_white);
    ui_button(ui, l.session,
              k->find_session_id ? kiosk_tr(k, k->find_session) : kiosk_tr(k, "All sessions"),
              ui_accent, ui_white);
    ui_button(ui, l.back, kiosk_tr(k, "Back"), ui_green, ui_white);
    ui_fill(ui, l.field, ui_white);
    ui_frame(ui, l.field, SDL_max(2, u / 3), ui_accent);
    char shown[sizeof k->find_query + 4];
    snprintf(shown, sizeof shown, "%s_", k->find_query);
    ui_text(ui, (struct ui_rect){ l.field.x + 2 * u, l.field.y, l.field.w - 4 * u, l.field.h },
            shown, 5, true, ui_ink, UI_LEFT, 1);
    if (k->found_total > l.rows) {
        char more[64];
        size_t pages = (k->found_total + l.rows - 1) / l.rows;
        snprintf(more, sizeof more, kiosk_tr(k, "More (%zu/%zu)"), k->found_page + 1, pages);
        ui_button(ui, l.more, more, ui_accent, ui_white);
    }
    if (strlen(k->find_query) < SEARCH_MIN_QUERY)
        ui_text(ui, l.results[0],
                kiosk_tr(k, "Type two letters of a name, organisation, e-mail or code"), 4, false,
                ui_muted, UI_LEFT, 2);
    else if (k->nfound == 0)
        ui_text(ui, l.results[0], kiosk_tr(k, "Nobody found"), 4, false, ui_muted, UI_LEFT, 1);
    for (size_t i = 0; i < k->nfound; i++) {
        struct ui_rect r = l.results[i];
        const struct attendee *a = &k->found[i];
        ui_fill(ui, r, ui_white);
        int half = r.h / 2;
        struct ui_rect name = { r.x + 2 * u, r.y, r.w * 62 / 100, half };
        struct ui_rect status = { r.x + r.w * 64 / 100, r.y, r.w * 36 / 100 - 2 * u, half };
        struct ui_rect detail = { r.x + 2 * u, r.y + half, r.w - 4 * u, r.h - half };
        ui_text(ui, name, a->name, 4, true, ui_ink, UI_LEFT, 1);
        char line[600];
        SDL_Color c;
        status_words(k, a, k->found_first[i], line, sizeof line, &c);
        ui_text(ui, status, line, 4, true, c, UI_RIGHT, 1);
        detail_words(k, a, line, sizeof line);
        ui_text(ui, detail, line, 4, false, ui_muted, UI_LEFT, 1);
    }
    keyboard_draw(ui, l.keys, kiosk_tr(k, "Clear"), kiosk_tr(k, "Space"));
}

/* The next session for the filter: each in turn, then all of them. */
struct session_step {
    int64_t current, next;
    char title[128];
    bool take;
};

static bool handle_session_step(void *ctx, int64_t id, const char *name, const char *title)
{
    struct session_step *s = ctx;
    if (s->take || s->current == 0) {
        s->next = id;
        snprintf(s->title, sizeof s->title, "%s", title[0] ? title : name);
        return false;
    }
    s->take = id == s->current;
    return true;
}

static void next_session_filter(struct kiosk *k)
{
    struct session_step s = { .current = k->find_session_id };
    char *why = NULL;
    if (!store_each_session(k->store, handle_session_step, &s, &why))
        free(why);
    k->find_session_id = s.next;
    snprintf(k->find_session, sizeof k->find_session, "%s", s.title);
}

static void find_text(struct kiosk *k, const char *text)
{
    size_t len = strlen(k->find_query);
    if (len + strlen(text) < sizeof k->find_query)
        memcpy(k->find_query + len, text, strlen(text) + 1);
    k->found_page = 0;
    find_update(k);
}

static void find_tap(struct kiosk *k, int x, int y)
{
    struct find_layout l = find_layout(k);
    k->last_input = SDL_GetTicks();
    for (size_t i = 0; i < k->nfound; i++)
        if (ui_hit(l.results[i], x, y)) {
            kiosk_show_person(k, k->found[i].id, &screen_find);
            return;
        }
    char text[8];
    if (ui_hit(l.back, x, y)) {
        kiosk_show(k, &screen_staff);
        return;
    } else if (ui_hit(l.status, x, y)) {
        k->find_filter = (k->find_filter + 1) % KIOSK_FILTERS;
    } else if (ui_hit(l.session, x, y)) {
        next_session_filter(k);
    } else if (ui_hit(l.more, x, y) && k->found_total > l.rows) {
        k->found_page = (k->found_page + 1) % ((k->found_total + l.rows - 1) / l.rows);
        find_update(k);
        return;
    } else {
        switch (keyboard_hit(k->ui, l.keys, x, y, text)) {
        case KEYBOARD_TEXT:
            find_text(k, text);
            return;
        case KEYBOARD_BACKSPACE:
            keyboard_backspace(k->find_query);
            break;
        case KEYBOARD_CLOSE:
            k->find_query[0] = '\0';
            break;
        case KEYBOARD_NONE:
        case KEYBOARD_LAYER: /* the staff keyboard has one layer */
            return;
        }
    }
    k->found_page = 0;
    find_update(k);
}

static void find_key(struct kiosk *k, SDL_Keycode key)
{
    if (key == SDLK_BACKSPACE) {
        keyboard_backspace(k->find_query);
        k->found_page = 0;
        find_update(k);
    } else if (key == SDLK_RETURN && k->nfound > 0) {
        kiosk_show_person(k, k->found[0].id, &screen_find);
    } else if (key == SDLK_ESCAPE) {
        kiosk_show(k, &screen_staff);
    }
}

const struct screen screen_find = {
    .enter = find_enter,
    .draw = find_draw,
    .tap = find_tap,
    .key = find_key,
    .text = find_text,
    .timeout = kiosk_desk_timeout,
    .refresh = find_update,
    .staff = true,
};

/* A person's page. */
enum person_button {
    PERSON_CHECKIN,
    PERSON_UNDO,
    PERSON_PRINT,
    PERSON_SHOW,
    PERSON_HAND_OUT,
    PERSON_BACK,
    PERSON_BUTTONS
};

struct person_layout {
    struct ui_rect name, org, details[4], badge, message, buttons[PERSON_BUTTONS];
};

static struct person_layout person_layout(const struct kiosk *k)
{
    struct ui *ui = k->ui;
    int w = ui_width(ui), h = ui_height(ui), u = ui_unit(ui);
    struct person_layout l;
    int bh = 12 * u, bw = (w - 4 * u) / 3;
    for (int i = 0; i < PERSON_BUTTONS; i++)
        l.buttons[i] =
            (struct ui_rect){ 2 * u + (i % 3) * bw, h - 2 * bh - u + (i / 3) * bh, bw - u, bh - u };
    l.message = (struct ui_rect){ 2 * u, l.buttons[0].y - 8 * u, w - 4 * u, 7 * u };
    int text_w = k->person_badge && k->badge_texture ? w - k->badge_w - 6 * u : w - 4 * u;
    l.badge = (struct ui_rect){ w - k->badge_w - 2 * u, 2 * u, k->badge_w, k->badge_h };
    l.name = (struct ui_rect){ 2 * u, u, text_w, 14 * u };
    l.org = (struct ui_rect){ 2 * u, 15 * u, text_w, 6 * u };
    int y = 22 * u, dh = (l.message.y - y) / 4;
    for (int i = 0; i < 4; i++)
        l.details[i] = (struct ui_rect){ 2 * u, y + i * dh, text_w, dh };
    return l;
}

/* Read the person k->person.id again, with where they stand. */
static void person_refresh(struct kiosk *k)
{
    int64_t id = k->person.id;
    attendee_clear(&k->person);
    char *why = NULL;
    if (store_get_attendee(k->store, id, &k->person, &why) != 1) {
        snprintf(k->staff_message, sizeof k->staff_message, "%s", why ? why : "");
        free(why);
        return;
    }
    int64_t session_id = 0;
    store_find_session(k->store, k->session, &session_id, &why);
    k->person_entitled = store_entitled(k->store, id, session_id, &why) == 1;
    if (store_first_admission(k->store, id, session_id, &k->person_first_ms, &why) != 1)
        k->person_first_ms = 0;
    if (store_handed_out(k->store, id, &k->person_handed_ms, &why) != 1)
        k->person_handed_ms = 0;
    free(why);
    if (k->person_badge)
        kiosk_badge_texture(k, &k->person, ui_height(k->ui) * 45 / 100);
    k->dirty = true;
}

void kiosk_show_person(struct kiosk *k, int64_t id, const struct screen *back)
{
    k->staff_message[0] = '\0';
    k->person.id = id;
    k->person_badge = false;
    k->person_back = back;
    kiosk_show(k, &screen_person);
}

static void person_enter(struct kiosk *k)
{
    person_refresh(k);
}

static void person_draw(struct kiosk *k)
{
    struct ui *ui = k->ui;
    struct person_layout l = person_layout(k);
    const struct attendee *a = &k->person;
    ui_clear(ui, ui_paper);
    if (a->name == NULL)
        return;
    ui_text(ui, l.name, a->name, 7, true, ui_ink, UI_LEFT, 2);
    ui_text(ui, l.org, a->organisation, 4, false, ui_ink, UI_LEFT, 1);
    char line[700], when[40];
    SDL_Color c;
    status_words(k, a, k->person_first_ms, line, sizeof line, &c);
    size_t n = strlen(line);
    snprintf(line + n, sizeof line - n, " · %s", kiosk_tr(k, k->session_title));
    ui_text(ui, l.details[0], line, 4, true, c, UI_LEFT, 1);
    detail_words(k, a, line, sizeof line);
    ui_text(ui, l.details[1], line, 4, false, ui_ink, UI_LEFT, 1);
    snprintf(line, sizeof line, "%s%s%s", a->email, a->email[0] ? " · " : "", a->code);
    if (k->person_handed_ms) {
        report_format_time(k->person_handed_ms, when);
        n = strlen(line);
        snprintf(line + n, sizeof line - n, " · ");
        n = strlen(line);
        snprintf(line + n, sizeof line - n, kiosk_tr(k, "badge handed out at %.5s"), when + 11);
    }
    ui_text(ui, l.details[2], line, 4, false, ui_muted, UI_LEFT, 2);
    if (a->attention || a->comment[0]) {
        snprintf(line, sizeof line, "%s%s%s", a->attention ? kiosk_tr(k, "Special attention") : "",
                 a->attention && a->comment[0] ? ": " : "", a->comment);
        ui_text(ui, l.details[3], line, 4, true, ui_amber, UI_LEFT, 2);
    }
    if (k->person_badge && k->badge_texture) {
        SDL_RenderCopy(k->renderer, k->badge_texture, NULL,
                       &(SDL_Rect){ l.badge.x, l.badge.y, l.badge.w, l.badge.h });
        ui_frame(ui, l.badge, 1, ui_muted);
    }
    bool admit = !k->person_entitled && k->person_first_ms == 0;
    const char *labels[PERSON_BUTTONS] = {
        [PERSON_CHECKIN] = admit ? kiosk_tr(k, "Admit anyway…") : kiosk_tr(k, "Check in"),
        [PERSON_UNDO] = kiosk_tr(k, "Undo their check-in"),
        [PERSON_PRINT] = kiosk_tr(k, "Print their badge"),
        [PERSON_SHOW] =
            k->person_badge ? kiosk_tr(k, "Hide the badge") : kiosk_tr(k, "Show their badge"),
        [PERSON_HAND_OUT] = kiosk_tr(k, "Badge handed out"),
        [PERSON_BACK] = kiosk_tr(k, "Back"),
    };
    for (int i = 0; i < PERSON_BUTTONS; i++)
        ui_button(ui, l.buttons[i], labels[i],
                  i == PERSON_CHECKIN ? (admit ? ui_amber : ui_green)
                  : i == PERSON_BACK  ? ui_muted
                                      : ui_accent,
                  ui_white);
    if (k->staff_message[0])
        ui_text(ui, l.message, k->staff_message, 4, false, ui_accent, UI_LEFT, 2);
}

static void undo_person(struct kiosk *k)
{
    struct checkin_policy policy = { .kiosk = k->kiosk_id, .session = k->session };
    struct checkin_result r;
    char *why = NULL;
    bool ok = checkin_undo_attendee(k->store, &policy, k->person.id, checkin_now_ms(), &r, &why);
    kiosk_staff_undone(k, ok, &r, why, kiosk_tr(k, "No check-in of theirs at this kiosk to undo"));
}

static void person_tap(struct kiosk *k, int x, int y)
{
    struct person_layout l = person_layout(k);
    k->last_input = SDL_GetTicks();
    int b = 0;
    while (b < PERSON_BUTTONS && !ui_hit(l.buttons[b], x, y))
        b++;
    char *why = NULL;
    switch (b) {
    case PERSON_CHECKIN:
        if (!k->person_entitled && k->person_first_ms == 0) {
            kiosk_ask_reason(k, k->person.code, k->person.name, &screen_person);
            return;
        }
        kiosk_staff_checkin(k, k->person.code, NULL); /* answers in the message line */
        return;
    case PERSON_UNDO:
        undo_person(k);
        break;
    case PERSON_PRINT:
        if (kiosk_print(k, &k->person)) {
            snprintf(k->staff_message, sizeof k->staff_message, kiosk_tr(k, "Printing: %s"),
                     k->person.name);
            SDL_Log("staff: printing the badge of %s", k->person.code);
        } else {
            snprintf(k->staff_message, sizeof k->staff_message, "%s",
                     kiosk_tr(k, "No printer: set [printer] queue in the configuration"));
        }
        break;
    case PERSON_SHOW:
        k->person_badge = !k->person_badge;
        break;
    case PERSON_HAND_OUT: {
        int rc = store_hand_out(k->store, k->person.id, checkin_now_ms(), k->kiosk_id, &why);
        snprintf(k->staff_message, sizeof k->staff_message, "%s",
                 rc < 0    ? why
                 : rc == 1 ? kiosk_tr(k, "Badge handed out")
                           : kiosk_tr(k, "The badge was handed out already"));
        free(why);
        break;
    }
    case PERSON_BACK:
        kiosk_show(k, k->person_back ? k->person_back : &screen_staff);
        return;
    default:
        return;
    }
    person_refresh(k);
}

static void person_key(struct kiosk *k, SDL_Keycode key)
{
    if (key == SDLK_ESCAPE)
        kiosk_show(k, k->person_back ? k->person_back : &screen_staff);
}

const struct screen screen_person = {
    .enter = person_enter,
    .draw = person_draw,
    .tap = person_tap,
    .key = person_key,
    .timeout = kiosk_desk_timeout,
    .refresh = person_refresh,
    .staff = true,
};

/* Why staff admit someone anyway: one of checkin_reasons, or Cancel. */
struct reason_layout {
    struct ui_rect question, reasons[CHECKIN_REASONS], cancel;
};

static struct reason_layout reason_layout(struct ui *ui)
{
    int w = ui_width(ui), h = ui_height(ui), u = ui_unit(ui);
    struct reason_layout l;
    l.question = (struct ui_rect){ 4 * u, 2 * u, w - 8 * u, 18 * u };
    int top = 22 * u, bh = (h - top - 2 * u) / (CHECKIN_REASONS + 1),
        bw = SDL_min(w - 8 * u, 120 * u);
    for (int i = 0; i < CHECKIN_REASONS; i++)
        l.reasons[i] = (struct ui_rect){ (w - bw) / 2, top + i * bh, bw, bh - 2 * u };
    l.cancel = (struct ui_rect){ (w - bw) / 2, top + CHECKIN_REASONS * bh, bw, bh - 2 * u };
    return l;
}

void kiosk_ask_reason(struct kiosk *k, const char *code, const char *name,
                      const struct screen *back)
{
    snprintf(k->reason_code, sizeof k->reason_code, "%s", code);
    snprintf(k->reason_name, sizeof k->reason_name, "%s", name);
    k->reason_back = back;
    kiosk_show(k, &screen_reason);
}

static void reason_draw(struct kiosk *k)
{
    struct ui *ui = k->ui;
    struct reason_layout l = reason_layout(ui);
    ui_clear(ui, ui_paper);
    char line[400];
    snprintf(line, sizeof line, kiosk_tr(k, "Admit %s anyway? Why:"), k->reason_name);
    ui_text(ui, l.question, line, 6, true, ui_ink, UI_CENTRE, 2);
    for (int i = 0; i < CHECKIN_REASONS; i++)
        ui_button(ui, l.reasons[i], kiosk_tr(k, checkin_reasons[i]), ui_amber, ui_white);
    ui_button(ui, l.cancel, kiosk_tr(k, "Cancel"), ui_muted, ui_white);
}

static void reason_tap(struct kiosk *k, int x, int y)
{
    struct reason_layout l = reason_layout(k->ui);
    k->last_input = SDL_GetTicks();
    for (int i = 0; i < CHECKIN_REASONS; i++)
        if (ui_hit(l.reasons[i], x, y)) {
            char code[sizeof k->reason_code];
            snprintf(code, sizeof code, "%s", k->reason_code);
            kiosk_staff_checkin(k, code, checkin_reasons[i]); /* shows the verdict */
            return;
        }
    if (ui_hit(l.cancel, x, y))
        kiosk_show(k, k->reason_back ? k->reason_back : &screen_staff);
}

static void reason_key(struct kiosk *k, SDL_Keycode key)
{
    if (key == SDLK_ESCAPE)
        kiosk_show(k, k->reason_back ? k->reason_back : &screen_staff);
}

const struct screen screen_reason = {
    .draw = reason_draw,
    .tap = reason_tap,
    .key = reason_key,
    .timeout = kiosk_desk_timeout,
    .staff = true,
};
