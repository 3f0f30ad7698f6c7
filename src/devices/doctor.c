/*
 * entrada doctor's checks (doctor.h). Each looks at the real thing: SDL's
 * display, the camera started as the kiosk starts it, the kernel's input
 * devices, the CUPS queue, the store file and its disk, the system clock.
 * ENTRADA_DOCTOR_TIME (seconds since 1970) stands in for the clock, so that
 * a test can show a kiosk whose clock was never set.
 */
#include "entrada/doctor.h"
#include "entrada/camera.h"
#include "entrada/printer.h"
#include "entrada/report.h"
#include "entrada/store.h"
#include "entrada/sync.h"
#include "entrada/text.h"
#include "entrada/xmalloc.h"

#include <SDL.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <cups/cups.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

#ifndef ENTRADA_USB_HELPER
#define ENTRADA_USB_HELPER "/usr/libexec/entrada/entrada-usb-mount"
#endif
#ifndef ENTRADA_UDEVRULESDIR
#define ENTRADA_UDEVRULESDIR "/lib/udev/rules.d"
#endif

enum {
    DISK_FAIL_MB = 64,  /* less free space than this: check-ins may soon fail */
    DISK_WARN_MB = 512, /* less than this: say so */
    CAMERA_WAIT_MS = 5000,
    SERVER_WAIT_MS = 3000, /* as long as the kiosk gives it */
    SANE_YEAR = 2025,      /* a clock before this was never set */
};

struct doctor {
    void (*report)(void *ctx, const struct doctor_line *line);
    void *ctx;
    int failed;
};

const char *doctor_level_name(enum doctor_level level)
{
    return level == DOCTOR_OK ? "ok" : level == DOCTOR_WARN ? "warn" : "FAIL";
}

static void say(struct doctor *d, const char *check, enum doctor_level level, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void say(struct doctor *d, const char *check, enum doctor_level level, const char *fmt, ...)
{
    struct doctor_line line = { .check = check, .level = level };
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line.text, sizeof line.text, fmt, ap);
    va_end(ap);
    if (level == DOCTOR_FAIL)
        d->failed++;
    d->report(d->ctx, &line);
}

static void check_config(struct doctor *d, const struct doctor_options *opt)
{
    if (opt->config_error)
        say(d, "config", DOCTOR_FAIL, "%s (the defaults are used)", opt->config_error);
    else if (opt->config_path)
        say(d, "config", DOCTOR_OK, "%s", opt->config_path);
    else
        say(d, "config", DOCTOR_WARN, "no configuration file: the defaults are used");
}

static void check_display(struct doctor *d)
{
    SDL_DisplayMode mode;
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        say(d, "display", DOCTOR_FAIL, "no screen: %s", SDL_GetError());
        return;
    }
    if (SDL_GetDesktopDisplayMode(0, &mode) != 0)
        say(d, "display", DOCTOR_FAIL, "%s: no display mode: %s", SDL_GetCurrentVideoDriver(),
            SDL_GetError());
    else
        say(d, "display", DOCTOR_OK, "%s, %dx%d", SDL_GetCurrentVideoDriver(), mode.w, mode.h);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

struct camera_seen {
    SDL_atomic_t frames;
    SDL_SpinLock lock;
    char code[128];
};

static void handle_code(void *ctx, const char *code)
{
    struct camera_seen *s = ctx;
    SDL_AtomicLock(&s->lock);
    snprintf(s->code, sizeof s->code, "%s", code);
    SDL_AtomicUnlock(&s->lock);
}

static void handle_changed(void *ctx)
{
    struct camera_seen *s = ctx;
    SDL_AtomicIncRef(&s->frames);
}

static void check_camera(struct doctor *d, const struct doctor_options *opt)
{
    const char *spec = opt->camera ? opt->camera : config_str(opt->cfg, CONFIG_CAMERA);
    if (!spec[0]) {
        say(d, "camera", DOCTOR_OK, "none configured ([kiosk] camera): scanner and search only");
        return;
    }
    struct camera_seen seen = { 0 };
    struct camera_events ev = { handle_code, handle_changed, &seen };
    char *why = NULL;
    struct camera *cam = camera_start(spec, &ev, &why);
    if (cam == NULL) {
        say(d, "camera", DOCTOR_FAIL, "%s: %s", spec, why);
        free(why);
        return;
    }
    /* Live with a frame, and a little longer for a code held up to it to be read. */
    struct image frame = { 0 };
    bool live = false;
    for (int ms = 0; ms < CAMERA_WAIT_MS; ms += 50) {
        SDL_Delay(50);
        image_free(&frame); /* the frame of the round before */
        live = camera_state(cam) == CAMERA_LIVE && camera_preview(cam, 4096, &frame);
        if (live && (seen.code[0] || ms >= 1000))
            break;
    }
    char problem[256];
    camera_problem(cam, problem, sizeof problem);
    camera_stop(cam);
    if (!live)
        say(d, "camera", DOCTOR_FAIL, "%s: no picture%s%s", spec, problem[0] ? ": " : "", problem);
    else if (seen.code[0])
        say(d, "camera", DOCTOR_OK, "%s: live, %dx%d; read the code \"%s\"", spec, frame.w, frame.h,
            seen.code);
    else
        say(d, "camera", DOCTOR_OK, "%s: live, %dx%d; no code in view", spec, frame.w, frame.h);
    image_free(&frame);
}

/* Keyboards in /proc/bus/input/devices: USB barcode scanners are keyboards. */
static void check_scanner(struct doctor *d)
{
    FILE *f = fopen("/proc/bus/input/devices", "r");
    if (f == NULL) {
        say(d, "scanner", DOCTOR_WARN, "cannot list input devices");
        return;
    }
    char line[512], name[512] = "", names[400] = "";
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "N: Name=", 8) == 0) {
            snprintf(name, sizeof name, "%s", line + 8);
            name[strcspn(name, "\n")] = '\0';
        } else if (strncmp(line, "H: Handlers=", 12) == 0 && strstr(line, "kbd") &&
                   strstr(line, "event")) {
            size_t len = strlen(names);
            if (n++ < 3)
                text_mark_cut(
                    names + len, sizeof names - len,
                    snprintf(names + len, sizeof names - len, "%s%s", n > 1 ? ", " : "", name));
        }
    }
    fclose(f);
    if (n == 0)
        say(d, "scanner", DOCTOR_WARN, "no keyboard or USB barcode scanner plugged in");
    else
        say(d, "scanner", DOCTOR_OK, "%d keyboard-like device%s: %s", n, n > 1 ? "s" : "", names);
}

/* A one-page PDF saying what it is, for --print-test. */
static bool test_page(const char *path)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, 175.7, 283.5); /* 62 x 100 mm */
    cairo_t *cr = cairo_create(s);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, 16);
    cairo_move_to(cr, 12, 40);
    cairo_show_text(cr, "entrada");
    cairo_set_font_size(cr, 10);
    cairo_move_to(cr, 12, 60);
    cairo_show_text(cr, "test page");
    cairo_rectangle(cr, 6, 6, 163.7, 271.5);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    bool ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    return ok;
}

static void check_printer(struct doctor *d, const struct doctor_options *opt)
{
    const char *queue = config_str(opt->cfg, CONFIG_PRINTER_QUEUE);
    const char *server = config_str(opt->cfg, CONFIG_PRINTER_SERVER);
    if (!queue[0]) {
        say(d, "printer", DOCTOR_OK, "none configured ([printer] queue): no badges printed");
        return;
    }
    cupsSetServer(server[0] ? server : NULL);
    cups_dest_t *dest = cupsGetNamedDest(CUPS_HTTP_DEFAULT, queue, NULL);
    if (dest == NULL) {
        say(d, "printer", DOCTOR_FAIL, "no CUPS queue \"%s\" (lpstat -p lists them): %s", queue,
            cupsLastErrorString());
        return;
    }
    const char *state = cupsGetOption("printer-state", dest->num_options, dest->options);
    const char *accepting =
        cupsGetOption("printer-is-accepting-jobs", dest->num_options, dest->options);
    const char *reasons = cupsGetOption("printer-state-reasons", dest->num_options, dest->options);
    bool stopped = state && strcmp(state, "5") == 0;
    bool refusing = accepting && strcmp(accepting, "false") == 0;
    bool media = reasons && (strstr(reasons, "media-empty") || strstr(reasons, "media-needed") ||
                             strstr(reasons, "media-jam"));
    char summary[300];
    snprintf(summary, sizeof summary, "queue %s: %s, %s jobs%s%s", queue,
             stopped                            ? "stopped"
             : state && strcmp(state, "4") == 0 ? "printing"
                                                : "idle",
             refusing ? "refusing" : "accepting",
             reasons && strcmp(reasons, "none") != 0 ? "; " : "",
             reasons && strcmp(reasons, "none") != 0 ? reasons : "");
    cupsFreeDests(1, dest);
    if (stopped || refusing || media) {
        say(d, "printer", DOCTOR_FAIL, "%s (%s)", summary,
            media ? "load labels, then: cupsenable" : "start it: cupsenable and cupsaccept");
        return;
    }
    if (!opt->print_test) {
        say(d, "printer", DOCTOR_OK, "%s", summary);
        return;
    }
    char path[] = "/tmp/entrada-test-page-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || (close(fd), !test_page(path))) {
        say(d, "printer", DOCTOR_FAIL, "%s; cannot make a test page", summary);
        if (fd >= 0)
            unlink(path);
        return;
    }
    struct printer_result r;
    printer_print(server[0] ? server : NULL, queue, path, "entrada test page",
                  config_int(opt->cfg, CONFIG_PRINTER_TIMEOUT_S) * 1000, &r);
    unlink(path);
    say(d, "printer", r.ok ? DOCTOR_OK : DOCTOR_FAIL, "%s; test page: %s", summary, r.message);
}

static void check_disk(struct doctor *d, const char *db_path)
{
    char *copy = xstrdup(db_path);
    struct statvfs fs;
    if (statvfs(dirname(copy), &fs) != 0) {
        say(d, "disk", DOCTOR_WARN, "cannot tell the free space beside %s", db_path);
        free(copy);
        return;
    }
    free(copy);
    unsigned long long free_mb = (unsigned long long)fs.f_bavail * fs.f_frsize / (1024 * 1024);
    unsigned long long total_mb = (unsigned long long)fs.f_blocks * fs.f_frsize / (1024 * 1024);
    enum doctor_level level = free_mb < DISK_FAIL_MB   ? DOCTOR_FAIL
                              : free_mb < DISK_WARN_MB ? DOCTOR_WARN
                                                       : DOCTOR_OK;
    say(d, "disk", level, "%llu MB free of %llu MB%s", free_mb, total_mb,
        level == DOCTOR_FAIL ? ": nearly full, check-ins may soon fail; make room" : "");
}

static void check_store(struct doctor *d, const struct doctor_options *opt)
{
    const char *path = opt->db_path;
    struct stat st;
    if (stat(path, &st) != 0) {
        say(d, "store", DOCTOR_FAIL, "no database at %s: import a list first (entrada import)",
            path);
        return;
    }
    char *why = NULL;
    struct store *s = store_open(path, &why);
    if (s == NULL) {
        say(d, "store", DOCTOR_FAIL, "%s", why);
        free(why);
        check_disk(d, path);
        return;
    }
    char problem[256];
    int64_t attendees = 0, last_ms = 0;
    if (!store_check_integrity(s, problem, sizeof problem, &why) ||
        !store_count_attendees(s, false, &attendees, &why) ||
        !store_last_checkin_ms(s, &last_ms, &why)) {
        say(d, "store", DOCTOR_FAIL, "%s: %s", path, why);
        free(why);
    } else if (problem[0]) {
        say(d, "store", DOCTOR_FAIL, "%s is damaged: %s", path, problem);
    } else {
        char *wal = xasprintf("%s-wal", path);
        struct stat ws;
        long long wal_kb = stat(wal, &ws) == 0 ? (long long)ws.st_size / 1024 : 0;
        free(wal);
        char last[40] = "none yet";
        if (last_ms > 0)
            report_format_time(last_ms, last);
        say(d, "store", DOCTOR_OK, "%s: intact, %lld attendees, last check-in %s, WAL %lld KB",
            path, (long long)attendees, last, wal_kb);
    }
    store_close(s);
    check_disk(d, path);
}

/* The event's server, if there is one: reachable, taking writes, with this kiosk's event key. */
static void check_server(struct doctor *d, const struct doctor_options *opt)
{
    if (!sync_configured(opt->cfg))
        return;
    char *why = NULL;
    struct sync *s = sync_connect(opt->cfg, SERVER_WAIT_MS, false, &why);
    if (s == NULL) {
        say(d, "server", DOCTOR_WARN, "%s; the kiosk admits on its own until it can", why);
        free(why);
        return;
    }
    char said[512];
    int rc = 1;
    struct stat st;
    if (stat(opt->db_path, &st) != 0) {
        snprintf(said, sizeof said, "reachable; no store here yet to compare event keys with");
    } else {
        struct store *store = store_open(opt->db_path, &why);
        rc = store ? sync_check_key(s, store, SERVER_WAIT_MS, said, sizeof said, &why) : -1;
        store_close(store);
    }
    if (rc < 0)
        say(d, "server", DOCTOR_WARN, "%s", why);
    else if (sync_read_only(s))
        say(d, "server", DOCTOR_WARN, "%s; but it takes no writes (a standby?): events wait here",
            said);
    else
        say(d, "server", rc == 1 ? DOCTOR_OK : DOCTOR_WARN, "%s", said);
    free(why);
    sync_close(s);
}

static void check_clock(struct doctor *d)
{
    const char *fake = getenv("ENTRADA_DOCTOR_TIME");
    time_t now = fake ? (time_t)atoll(fake) : time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
    if (tm.tm_year + 1900 < SANE_YEAR) {
        say(d, "clock", DOCTOR_FAIL,
            "%s: never set; exports and check-ins carry times "
            "(timedatectl set-time, or a network for NTP)",
            when);
        return;
    }
    struct timex tx = { .modes = 0 };
    bool synced = adjtimex(&tx) >= 0 && !(tx.status & STA_UNSYNC);
    if (synced)
        say(d, "clock", DOCTOR_OK, "%s, synchronised", when);
    else
        say(d, "clock", DOCTOR_WARN, "%s, not synchronised with NTP: check it against a watch",
            when);
}

static void check_usb(struct doctor *d)
{
    bool helper = access(ENTRADA_USB_HELPER, X_OK) == 0;
    bool rule = access(ENTRADA_UDEVRULESDIR "/99-entrada-usb.rules", R_OK) == 0 ||
                access("/etc/udev/rules.d/99-entrada-usb.rules", R_OK) == 0;
    if (helper && rule)
        say(d, "usb", DOCTOR_OK, "mount helper and udev rule installed");
    else
        say(d, "usb", DOCTOR_WARN,
            "%s not installed: only a desktop mounts USB sticks (install the package)",
            helper ? "udev rule 99-entrada-usb.rules" : ENTRADA_USB_HELPER);
}

/* Report the caller's own line for check, if it gave one: true when it did. */
static bool known(struct doctor *d, const struct doctor_options *opt, const char *check)
{
    for (size_t i = 0; i < opt->nknown; i++) {
        if (strcmp(opt->known[i].check, check) == 0) {
            say(d, check, opt->known[i].level, "%s", opt->known[i].text);
            return true;
        }
    }
    return false;
}

int doctor_run(const struct doctor_options *opt,
               void (*report)(void *ctx, const struct doctor_line *line), void *ctx)
{
    struct doctor d = { report, ctx, 0 };
    check_config(&d, opt);
    if (!known(&d, opt, "display"))
        check_display(&d);
    if (!known(&d, opt, "camera"))
        check_camera(&d, opt);
    check_scanner(&d);
    check_printer(&d, opt);
    check_store(&d, opt);
    check_server(&d, opt);
    check_clock(&d);
    check_usb(&d);
    return d.failed;
}
