/*
 * A sync with a stick, step by step: find the list, copy it home, check
 * and import it; settle the event key; merge the newest journal of each
 * other kiosk, if it is signed with that key; write the exports, the
 * journal signed. Every open below the stick's top is openat(...,
 * O_NOFOLLOW).
 */
#include "entrada/drop.h"
#include "entrada/buf.h"
#include "entrada/chart.h"
#include "entrada/journal.h"
#include "entrada/key.h"
#include "entrada/report.h"
#include "entrada/safefile.h"
#include "entrada/text.h"
#include "entrada/wipe.h"
#include "entrada/xmalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EXPORT_DIR "entrada-export"

static void problem(struct drop_report *rep, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void problem(struct drop_report *rep, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *line;
    if (vasprintf(&line, fmt, ap) < 0)
        abort();
    va_end(ap);
    char *all = xasprintf("%s%s\n", rep->problems ? rep->problems : "", line);
    free(line);
    free(rep->problems);
    rep->problems = all;
}

static void progress(const struct drop_options *opt, enum drop_step step, unsigned done,
                     unsigned total)
{
    if (opt->progress)
        opt->progress(opt->ctx, step, done, total);
}

/* A name worth looking at: UTF-8, no control characters, not hidden. */
static bool plain_name(const char *name)
{
    return name[0] != '.' && text_valid_utf8(name, strlen(name)) && !text_control_char(name);
}

/* Why name below dirfd could not be opened, errno being what open said. */
static const char *open_error(int dirfd, const char *name)
{
    int err = errno;
    struct stat sb;
    if ((err == ELOOP || err == ENOTDIR) && fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISLNK(sb.st_mode))
        return "it is a symbolic link";
    return strerror(err);
}

/* Open the directory name below dirfd without following a link. -1 with errno. */
static int open_dir(int dirfd, const char *name)
{
    return openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* A stream over the directory at fd, leaving fd itself open; NULL with errno. */
static DIR *read_dir(int fd)
{
    int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    DIR *d = copy >= 0 ? fdopendir(copy) : NULL;
    if (d == NULL && copy >= 0) {
        int err = errno;
        close(copy);
        errno = err;
    }
    return d;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The entries of the directory at fd (not consumed) whose names are plain
 * and match glob (NULL for all), sorted, in a new NULL-terminated array.
 * NULL with *why when the directory cannot be read or is too full.
 */
static char **list_dir(int fd, const char *shown, const char *glob, char **why)
{
    DIR *d = read_dir(fd);
    if (d == NULL) {
        *why = xasprintf("%s: cannot read: %s", shown, strerror(errno));
        return NULL;
    }
    char **names = NULL;
    size_t n = 0, cap = 0, seen = 0;
    struct dirent *e;
    for (errno = 0; (e = readdir(d)) != NULL; errno = 0) {
        if (++seen > DROP_MAX_ENTRIES) {
            *why = xasprintf("%s: more than %d entries, not searched", shown, DROP_MAX_ENTRIES);
            break;
        }
        if (!plain_name(e->d_name) || (glob && fnmatch(glob, e->d_name, FNM_CASEFOLD) != 0))
            continue;
        if (n + 1 >= cap) {
            cap = cap ? cap * 2 : 8;
            names = xreallocarray(names, cap, sizeof *names);
        }
        names[n++] = xstrdup(e->d_name);
    }
    if (e == NULL && errno != 0)
        *why = xasprintf("%s: cannot read: %s", shown, strerror(errno));
    closedir(d);
    if (*why) {
        for (size_t i = 0; i < n; i++)
            free(names[i]);
        free(names);
        return NULL;
    }
    if (names == NULL)
        names = xcalloc(1, sizeof *names);
    names[n] = NULL;
    qsort(names, n, sizeof *names, compare_names);
    return names;
}

static void free_names(char **names)
{
    for (char **p = names; p && *p; p++)
        free(*p);
    free(names);
}

/*
 * Read the plain file name below dirfd, at most cap bytes, into out.
 * A link, a device, a file over the cap, a read error or a short read (the
 * stick pulled out) fails with *why naming shown.
 */
static bool read_capped(int dirfd, const char *name, const char *shown, size_t cap, struct buf *out,
                        char **why)
{
    int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        *why = xasprintf("%s: cannot open: %s", shown, open_error(dirfd, name));
        if (fd >= 0)
            close(fd);
        return false;
    }
    if (!S_ISREG(sb.st_mode)) {
        *why = xasprintf("%s: not a plain file", shown);
        close(fd);
        return false;
    }
    if ((unsigned long long)sb.st_size > cap) {
        *why = xasprintf("%s: %.1f MB, over the limit of %.0f MB", shown, (double)sb.st_size / 1e6,
                         (double)cap / 1e6);
        close(fd);
        return false;
    }
    buf_reset(out);
    buf_reserve(out, (size_t)sb.st_size);
    for (;;) {
        buf_reserve(out, 65536);
        ssize_t got = read(fd, out->data + out->len, 65536);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            *why = xasprintf("%s: read failed: %s (was the stick pulled out?)", shown,
                             strerror(errno));
            close(fd);
            return false;
        }
        if (got == 0)
            break;
        out->len += (size_t)got;
        out->data[out->len] = '\0';
        if (out->len > cap) {
            *why = xasprintf("%s: grew over the limit of %.0f MB while being read", shown,
                             (double)cap / 1e6);
            close(fd);
            return false;
        }
    }
    close(fd);
    if (out->len != (size_t)sb.st_size) {
        *why = xasprintf("%s: only %zu of %lld bytes could be read (was the stick pulled out?)",
                         shown, out->len, (long long)sb.st_size);
        return false;
    }
    return true;
}

/*
 * The list a file on a stick is: "attendees.csv" (and "attendees-2.csv")
 * is main, any other file the list of its name ("b2b.csv" is b2b), made a
 * valid list name. "" if nothing of the name is left.
 */
static void list_of_file(const char *file, char out[33])
{
    size_t n = strcspn(file, ".");
    if (strncasecmp(file, "attendees", 9) == 0) {
        strcpy(out, "main");
        return;
    }
    size_t k = 0;
    for (size_t i = 0; i < n && k < 32; i++) {
        char c = file[i];
        bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
        out[k++] = word ? c : '_';
    }
    out[k] = '\0';
}

/*
 * Find the lists: every file [usb] list matches ("entrada/ *.csv": one
 * directory level and a pattern), else the one .csv file at the top. A
 * NULL-terminated array of names in *names, *dirfd their directory, the
 * prefix they are shown with in *shown. 1 found, 0 none, -1 refused with a
 * problem noted.
 */
static int find_lists(int root, const struct config *cfg, struct drop_report *rep, int *dirfd,
                      char ***names, char **shown_out)
{
    char *pattern = xstrdup(config_str(cfg, CONFIG_USB_LIST));
    char *slash = strrchr(pattern, '/');
    const char *sub = slash ? pattern : NULL, *glob = slash ? slash + 1 : pattern;
    if (slash)
        *slash = '\0';
    int rc = 0;
    if ((sub && (strchr(sub, '/') || strcmp(sub, "..") == 0 || !sub[0])) || !glob[0]) {
        /* Deeper paths would be followed through the stick's own links. */
        problem(rep, "[usb] list: \"%s\" is not DIR/PATTERN or PATTERN",
                config_str(cfg, CONFIG_USB_LIST));
        free(pattern);
        return -1;
    }
    for (int pass = 0; pass < 2 && rc == 0; pass++) {
        const char *dir = pass == 0 ? sub : NULL, *g = pass == 0 ? glob : "*.csv";
        int fd = dir ? open_dir(root, dir) : fcntl(root, F_DUPFD_CLOEXEC, 0);
        if (fd < 0) {
            if (errno != ENOENT)
                problem(rep, "%s/: %s: ignored", dir, open_error(root, dir));
            continue;
        }
        char *why = NULL, *shown = dir ? xasprintf("%s/", dir) : xstrdup("the stick's top");
        char **found = list_dir(fd, shown, g, &why);
        size_t n = 0;
        while (found && found[n])
            n++;
        if (found == NULL) {
            problem(rep, "%s", why);
            rc = -1;
        } else if (n > 1 && pass == 1) {
            /* Loose files at the top: which is the list is anyone's guess. */
            problem(rep,
                    "%s: %zu attendee lists (%s, %s%s): leave only one, or put them in "
                    "entrada/",
                    shown, n, found[0], found[1], n > 2 ? ", ..." : "");
            rc = -1;
        } else if (n > 0) {
            *names = found;
            found = NULL;
            *dirfd = fd;
            *shown_out = xstrdup(dir ? shown : "");
            fd = -1;
            rc = 1;
        }
        free_names(found);
        free(shown);
        free(why);
        if (fd >= 0)
            close(fd);
    }
    free(pattern);
    return rc;
}

/* "/path/copy.csv:12: ..." says "entrada/attendees.csv:12: ..." instead. */
static void name_problem(struct drop_report *rep, const char *why, const char *local,
                         const char *shown)
{
    size_t n = strlen(local);
    if (strncmp(why, local, n) == 0)
        problem(rep, "%s%s", shown, why + n);
    else
        problem(rep, "%s", why);
}

static void handle_rows(void *ctx, unsigned done, unsigned total)
{
    progress(ctx, DROP_IMPORT, done, total);
}

/* Import the file name of dirfd (shown as shown) as list; true if it was. */
static bool import_one(struct store *st, int dirfd, const char *name, const char *shown,
                       const char *list, const struct drop_options *opt, struct drop_report *rep)
{
    char *why = NULL, *local = NULL;
    struct buf data = { 0 };
    struct roster *r = NULL;
    struct roster_summary sum;
    bool ok = false;
    struct roster_options ro = roster_options_from(opt->cfg);
    ro.list = list;
    ro.max_cancel_percent = DROP_MAX_CANCEL_PERCENT; /* a stick may carry the wrong list */
    if (!read_capped(dirfd, name, shown, ro.max_bytes, &data, &why)) {
        problem(rep, "%s", why);
        goto out;
    }
    /*
     * Read from a local copy: the stick may go while the list is checked.
     * The copy lives only until the list is read.
     */
    mkdir(opt->work_dir, 0700);
    struct safefile *sf = safefile_open(opt->work_dir, name, &why);
    if (sf == NULL) {
        problem(rep, "%s", why);
        goto out;
    }
    fwrite(data.data, 1, data.len, safefile_stream(sf));
    if (!safefile_commit(sf, &why)) {
        problem(rep, "%s", why);
        goto out;
    }
    local = xasprintf("%s/%s", opt->work_dir, name);
    r = roster_load(local, &ro, &why);
    unlink(local); /* read whole: the copy, with the columns the store drops, goes */
    if (r == NULL) {
        name_problem(rep, why, local, shown);
        goto out;
    }
    progress(opt, DROP_IMPORT, 0, roster_rows(r));
    if (!roster_merge(st, r, handle_rows, (void *)opt, &sum, &why)) {
        name_problem(rep, why, local, shown);
        goto out;
    }
    rep->import.rows += sum.rows;
    rep->import.added += sum.added;
    rep->import.updated += sum.updated;
    rep->import.cancelled += sum.cancelled;
    rep->import.unchanged += sum.unchanged;
    ok = true;
out:
    roster_free(r);
    buf_free(&data);
    free(local);
    free(why);
    return ok;
}

/* Finding the one list whose latest import came from a file of this name. */
struct known_file {
    const char *file;
    char list[33];
    int lists;
};

static bool handle_known_list(void *ctx, const struct store_list_info *l)
{
    struct known_file *k = ctx;
    if (strcmp(l->file, k->file) == 0 && k->lists++ == 0)
        snprintf(k->list, sizeof k->list, "%s", l->name);
    return true;
}

/*
 * The list the file name is: attendees.csv is main; a name one list was
 * last imported from is that list (`entrada import invitados.csv` made it
 * main, and its reload must not make a list "invitados" beside it); else
 * the list of its name.
 */
static void list_for(struct store *st, const char *name, char out[33])
{
    list_of_file(name, out);
    if (strcmp(out, "main") == 0)
        return;
    struct known_file k = { .file = name };
    char *why = NULL;
    if (store_each_list(st, handle_known_list, &k, &why) && k.lists == 1)
        snprintf(out, 33, "%s", k.list);
    free(why); /* not known then: the list of its name */
}

/*
 * Import the files names of dirfd (shown with prefix), each the list
 * list_for says and all or nothing on its own: a refused list leaves its
 * registrations as they were and the others still come in. rep->list
 * names them ("entrada/attendees.csv, entrada/b2b.csv"). found < 0: the
 * search for them had a problem (noted) besides.
 */
static void import_named(struct store *st, int dirfd, char **names, const char *prefix, int found,
                         const struct drop_options *opt, struct drop_report *rep)
{
    size_t n = 0, imported = 0;
    while (names && names[n])
        n++;
    char(*lists)[33] = xcalloc(n ? n : 1, sizeof *lists);
    for (size_t i = 0; i < n; i++)
        list_for(st, names[i], lists[i]);
    struct buf shown_all = { 0 };
    for (size_t i = 0; i < n; i++) {
        char *shown = xasprintf("%s%s", prefix, names[i]);
        buf_addf(&shown_all, "%s%s", i ? ", " : "", shown);
        /* Two files for one list: which is meant? Neither comes in. */
        const char *other = NULL;
        for (size_t j = 0; j < n; j++)
            if (j != i && strcmp(lists[i], lists[j]) == 0)
                other = names[j];
        if (!roster_list_name_valid(lists[i]))
            problem(rep,
                    "%s: cannot tell which list it is: name it LIST.csv (letters, digits, "
                    "'-' and '_')",
                    shown);
        else if (other)
            problem(rep, "%s: two files for list \"%s\" (%s and %s): leave only one", shown,
                    lists[i], names[i], other);
        else if (import_one(st, dirfd, names[i], shown, lists[i], opt, rep))
            imported++;
        free(shown);
    }
    snprintf(rep->list, sizeof rep->list, "%s", shown_all.data ? shown_all.data : "");
    rep->lists = (unsigned)n;
    rep->taken = (unsigned)imported;
    rep->imported = n > 0 && imported == n;
    rep->refused = imported < n || found < 0;
    buf_free(&shown_all);
    free(lists);
}

/* Import every list on the stick ([usb] list), as import_named does. */
static void import_lists(struct store *st, int root, const struct drop_options *opt,
                         struct drop_report *rep)
{
    int dirfd = -1;
    char **names = NULL, *prefix = NULL;
    progress(opt, DROP_FIND, 0, 0);
    int found = find_lists(root, opt->cfg, rep, &dirfd, &names, &prefix);
    import_named(st, dirfd, found == 1 ? names : NULL, prefix ? prefix : "", found, opt, rep);
    free_names(names);
    free(prefix);
    if (dirfd >= 0)
        close(dirfd);
}

bool drop_reload(struct store *st, const char *path, const struct drop_options *opt,
                 struct drop_report *rep)
{
    memset(rep, 0, sizeof *rep);
    progress(opt, DROP_FIND, 0, 0);
    struct stat sb;
    if (stat(path, &sb) != 0) {
        problem(rep, "%s: %s", path, strerror(errno));
        return false;
    }
    /* The folder the lists are in, and how their names are shown ("lists/b2b.csv"). */
    bool folder = S_ISDIR(sb.st_mode);
    const char *slash = strrchr(path, '/');
    size_t n = strlen(path);
    char *dir, *prefix, **names = NULL, *why = NULL;
    if (folder) { /* a folder of lists, as on a stick: every CSV file in it */
        dir = xstrdup(path);
        prefix = xasprintf("%s%s", path, n && path[n - 1] == '/' ? "" : "/");
    } else {
        dir = slash ? xstrndup(path, (size_t)(slash - path) + (slash == path)) : xstrdup(".");
        prefix = xstrndup(path, slash ? (size_t)(slash - path) + 1 : 0);
    }
    int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0) {
        problem(rep, "%s: %s", dir, strerror(errno));
    } else if (folder) {
        if ((names = list_dir(dirfd, path, "*.csv", &why)) == NULL)
            problem(rep, "%s", why);
        else if (names[0] == NULL)
            problem(rep, "%s: no .csv file in it", path);
    } else {
        names = xcalloc(2, sizeof *names);
        names[0] = xstrdup(slash ? slash + 1 : path);
    }
    if (names && names[0])
        import_named(st, dirfd, names, prefix, 1, opt, rep);
    free_names(names);
    free(why);
    free(prefix);
    free(dir);
    if (dirfd >= 0)
        close(dirfd);
    return rep->problems == NULL;
}

/*
 * An export folder's name: KIOSK-YYYYMMDD-HHMMSS, perhaps with -N after it.
 * The length of KIOSK, or 0 for any other name.
 */
static size_t export_kiosk_length(const char *name)
{
    static const char shape[] = "-########-######";
    size_t n = strlen(name), k = sizeof shape - 1;
    for (int suffix = 0; suffix < 2; suffix++) {
        if (suffix) { /* drop a -N */
            while (n > 0 && name[n - 1] >= '0' && name[n - 1] <= '9')
                n--;
            if (n == 0 || name[n - 1] != '-')
                return 0;
            n--;
        }
        if (n <= k)
            continue;
        bool ok = true;
        for (size_t i = 0; i < k && ok; i++) {
            char c = name[n - k + i];
            ok = shape[i] == '#' ? (c >= '0' && c <= '9') : c == shape[i];
        }
        if (ok)
            return n - k;
    }
    return 0;
}

/* "b" is a newer export of the same kiosk than "a"? (-N copies sort after.) */
/*
 * The length of name without its "-N" suffix (a second export in the same
 * second), and N in *n (1 for none): "door1-20261202-065421-2" is 21 and 2.
 */
static size_t export_base(const char *name, unsigned long *n)
{
    size_t len = strlen(name);
    const char *dash = strrchr(name, '-');
    *n = 1;
    /* A suffix follows the time, HHMMSS: six digits after a dash. */
    if (dash && dash - name >= 7 && dash[1] && strspn(dash + 1, "0123456789") == strlen(dash + 1) &&
        dash[-7] == '-' && strspn(dash - 6, "0123456789") >= 6) {
        *n = strtoul(dash + 1, NULL, 10);
        return (size_t)(dash - name);
    }
    return len;
}

/* True if export folder b is newer than a (of one kiosk): by time, then by suffix. */
static bool newer_export(const char *a, const char *b)
{
    unsigned long na, nb;
    size_t la = export_base(a, &na), lb = export_base(b, &nb);
    int c = strncmp(b, a, la < lb ? la : lb);
    if (c == 0)
        c = la == lb ? 0 : la < lb ? 1 : -1;
    return c > 0 || (c == 0 && nb > na);
}

/*
 * The event key this sync works with, in *key: [usb] key_file's and the
 * stick's entrada/event.key are enrolled first if the store has none (the
 * stick's only when staff opened the sync). False if the store has none.
 */
static bool event_key(struct store *st, int root, const struct drop_options *opt,
                      struct drop_report *rep, struct key *key)
{
    char *why = NULL, *notice = NULL;
    int before = key_enrolled(st, key, &why);
    if (before >= 0)
        key_enrol_configured(st, opt->cfg, &notice, &why); /* refused: the old key holds */
    if (why) {
        problem(rep, "%s", why);
        free(why);
        why = NULL;
    }
    free(notice);
    int dir = open_dir(root, "entrada");
    struct stat sb;
    if (dir >= 0 && fstatat(dir, "event.key", &sb, AT_SYMLINK_NOFOLLOW) == 0) {
        static const char shown[] = "entrada/event.key";
        struct buf data = { 0 };
        struct key offered;
        if (!read_capped(dir, "event.key", shown, KEY_FILE_MAX, &data, &why) ||
            !key_parse(data.data, data.len, shown, &offered, &why)) {
            problem(rep, "%s", why);
        } else if (opt->staff) {
            if (key_enrol(st, &offered, "this stick's", &why) < 0)
                problem(rep, "%s: %s", shown, why);
        } else if (key_enrolled(st, key, &why) != 1 || !key_equal(key, &offered)) {
            /* Whoever plugs a stick in at the door must not choose the key. */
            char fp[KEY_FINGERPRINT_SIZE];
            key_fingerprint(&offered, fp);
            problem(rep,
                    "%s: event key %s not enrolled: only a sync opened in staff mode (with "
                    "the PIN) enrols a stick's key; or use `entrada key enrol`",
                    shown, fp);
        }
        explicit_bzero(&offered, sizeof offered);
        if (data.data)
            explicit_bzero(data.data, data.len);
        buf_free(&data);
        free(why);
        why = NULL;
    }
    if (dir >= 0)
        close(dir);
    int after = key_enrolled(st, key, &why);
    if (after < 0) {
        problem(rep, "%s", why);
        free(why);
    }
    if (after == 1 && before == 0)
        key_fingerprint(key, rep->enrolled);
    return after == 1;
}

/*
 * Merge the newest journal of every other kiosk that left its exports on
 * the stick, each only if signed with key (NULL: the store has none, and
 * nothing is merged).
 */
static void merge_journals(struct store *st, int root, const struct drop_options *opt,
                           const struct key *key, struct drop_report *rep)
{
    int exp = open_dir(root, EXPORT_DIR);
    if (exp < 0) {
        if (errno != ENOENT)
            problem(rep, EXPORT_DIR "/: %s: ignored", open_error(root, EXPORT_DIR));
        return;
    }
    char *why = NULL;
    char **names = list_dir(exp, EXPORT_DIR "/", NULL, &why);
    if (names == NULL) {
        problem(rep, "%s", why);
        free(why);
        close(exp);
        return;
    }
    /*
     * Keep only the newest folder of each other kiosk: it holds all that
     * kiosk knew. This kiosk's own hold nothing it lacks.
     */
    size_t n = 0, self = strlen(opt->kiosk_id);
    for (size_t i = 0; names[i]; i++) {
        size_t k = export_kiosk_length(names[i]);
        if (k == 0 || (k == self && strncmp(names[i], opt->kiosk_id, k) == 0))
            continue;
        size_t j = 0;
        while (j < n &&
               !(export_kiosk_length(names[j]) == k && strncmp(names[j], names[i], k) == 0))
            j++;
        if (j == n) {
            char *t = names[n];
            names[n++] = names[i];
            names[i] = t;
        } else if (newer_export(names[j], names[i])) {
            char *t = names[j];
            names[j] = names[i];
            names[i] = t;
        }
    }
    if (n > 0 && key == NULL)
        problem(rep,
                EXPORT_DIR
                "/: %zu other kiosk%s journal%s not merged: this kiosk has no "
                "event key to check them with. Enrol the event's key: `entrada key enrol "
                "FILE`, [usb] key_file, or entrada/event.key on a stick synced in staff mode",
                n, n == 1 ? "'s" : "s'", n == 1 ? "" : "s");
    struct roster_options ro = roster_options_from(opt->cfg);
    struct buf data = { 0 }, sig = { 0 };
    for (size_t i = 0; key && i < n; i++) {
        progress(opt, DROP_MERGE, (unsigned)i, (unsigned)n);
        char *shown = xasprintf(EXPORT_DIR "/%s/journal.csv", names[i]);
        char *sig_shown = xasprintf(EXPORT_DIR "/%s/journal.sig", names[i]);
        int dir = open_dir(exp, names[i]);
        struct journal_summary sum;
        struct journal_file file = { .name = shown };
        struct stat sb;
        if (dir < 0) {
            problem(rep, EXPORT_DIR "/%s: not a plain directory: ignored", names[i]);
            goto next;
        }
        /* No journal.sig: refused as unsigned by journal_merge, which says so. */
        bool has_sig =
            fstatat(dir, "journal.sig", &sb, AT_SYMLINK_NOFOLLOW) == 0 || errno != ENOENT;
        if (!read_capped(dir, "journal.csv", shown, ro.max_bytes * 4, &data, &why) ||
            (has_sig && !read_capped(dir, "journal.sig", sig_shown, JOURNAL_SIG_MAX, &sig, &why))) {
            problem(rep, "%s", why);
            goto next;
        }
        file.text = data.data ? data.data : "";
        file.len = data.len;
        file.sig = has_sig ? (sig.data ? sig.data : "") : NULL;
        file.sig_len = has_sig ? sig.len : 0;
        if (!journal_merge(st, key, opt->kiosk_id, &file, &sum, &why)) {
            problem(rep, "%s", why);
            goto next;
        }
        rep->journals++;
        rep->events += sum.added;
    next:
        free(why);
        why = NULL;
        free(shown);
        free(sig_shown);
        if (dir >= 0)
            close(dir);
    }
    buf_free(&data);
    buf_free(&sig);
    free_names(names);
    close(exp);
}

/* Write len bytes of data to dir/name, complete or not at all. */
static bool write_bytes(const char *dir, const char *name, const char *data, size_t len, char **why)
{
    struct safefile *sf = safefile_open(dir, name, why);
    if (sf == NULL)
        return false;
    fwrite(data, 1, len, safefile_stream(sf));
    return safefile_commit(sf, why);
}

/*
 * journal.csv, and journal.sig over its exact bytes when the store has an
 * event key; without one, no journal.sig (an old one in dir is removed: it
 * would not match).
 */
static bool write_journal(struct store *st, const char *dir, char **why)
{
    struct key key;
    int have = key_enrolled(st, &key, why);
    if (have < 0)
        return false;
    char *text = NULL, *sig = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL)
        abort(); /* out of memory, as in xmalloc */
    bool ok = journal_write(st, f, why);
    if (fclose(f) != 0)
        abort();
    if (ok && have)
        sig = journal_sign(&key, text, len);
    ok = ok && write_bytes(dir, "journal.csv", text, len, why);
    if (ok && sig) {
        ok = write_bytes(dir, "journal.sig", sig, strlen(sig), why);
    } else if (ok) {
        char *old = xasprintf("%s/journal.sig", dir);
        if (unlink(old) != 0 && errno != ENOENT) {
            *why = xasprintf("%s: cannot remove: %s", old, strerror(errno));
            ok = false;
        }
        free(old);
    }
    explicit_bzero(&key, sizeof key);
    free(text);
    free(sig);
    return ok;
}

/* What drop_export's callbacks share: the chart drawn, and where it and the journal go. */
struct export_job {
    struct store *st;
    const struct config *cfg;
    const char *dir;
    char *png;
    size_t len;
};

/* The chart, for attendance.png and the workbook's Chart sheet. */
static bool handle_chart(void *ctx, const struct report_arrivals *a, size_t n,
                         const unsigned char **png, size_t *len, char **why)
{
    struct export_job *job = ctx;
    FILE *f = open_memstream(&job->png, &job->len);
    if (f == NULL)
        abort(); /* out of memory, as in xmalloc */
    bool ok = chart_write_png(a, n, job->cfg, f, why);
    if (fclose(f) != 0)
        abort();
    *png = (const unsigned char *)job->png;
    *len = job->len;
    return ok;
}

/* attendance.png and the journal, while the workbook is compressed. */
static bool handle_meanwhile(void *ctx, char **why)
{
    struct export_job *job = ctx;
    return write_bytes(job->dir, "attendance.png", job->png, job->len, why) &&
           write_journal(job->st, job->dir, why);
}

bool drop_export(struct store *st, const struct config *cfg, const char *dir, char **why)
{
    struct report_options ro = report_options_from(cfg);
    struct export_job job = { .st = st, .cfg = cfg, .dir = dir };
    ro.chart = handle_chart;
    ro.chart_ctx = &job;
    ro.meanwhile = handle_meanwhile;
    ro.meanwhile_ctx = &job;
    /* One snapshot for all the files, though the kiosk may record check-ins meanwhile. */
    bool ok = store_snapshot_begin(st, why);
    if (ok) {
        ok = report_export(st, dir, &ro, why);
        store_snapshot_end(st);
    }
    free(job.png);
    return ok;
}

/* Remove the files in the directory name below dirfd, then the directory. */
static void remove_folder(int dirfd, const char *name)
{
    int fd = open_dir(dirfd, name);
    if (fd >= 0) {
        DIR *d = read_dir(fd);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL)
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                unlinkat(fd, e->d_name, 0);
        if (d)
            closedir(d);
        close(fd);
    }
    unlinkat(dirfd, name, AT_REMOVEDIR);
}

/* Remove this kiosk's half-written folders (.KIOSK-*.part) of syncs cut short. */
static void remove_leftovers(int exp, const char *kiosk_id)
{
    DIR *d = read_dir(exp);
    if (d == NULL)
        return;
    size_t k = strlen(kiosk_id), seen = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && ++seen <= DROP_MAX_ENTRIES) {
        size_t n = strlen(e->d_name);
        if (n > k + 7 && e->d_name[0] == '.' && strncmp(e->d_name + 1, kiosk_id, k) == 0 &&
            e->d_name[k + 1] == '-' && strcmp(e->d_name + n - 5, ".part") == 0)
            remove_folder(exp, e->d_name);
    }
    closedir(d);
}

static bool sync_fd(int fd, const char *shown, char **why)
{
    if (fsync(fd) == 0)
        return true;
    *why = xasprintf("%s: cannot flush: %s", shown, strerror(errno));
    return false;
}

/*
 * Let whoever reads the stick read the files of the folder dir: exports are
 * written 0600, as on the kiosk; on a stick, which carries them to the
 * organisers, they are 0644 (where the stick's file system keeps modes).
 */
static void open_up(int dir)
{
    int fd = fcntl(dir, F_DUPFD_CLOEXEC, 0);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (d == NULL) {
        if (fd >= 0)
            close(fd);
        return;
    }
    struct dirent *e;
    /* Our own new folder: no links in it. A stick without modes (FAT) refuses: that is fine. */
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.' && fchmodat(dir, e->d_name, 0644, 0) != 0)
            continue;
    closedir(d);
}

/* Write the exports to entrada-export/KIOSK-YYYYMMDD-HHMMSS/, complete or not at all. */
static void write_exports(struct store *st, int root, const struct drop_options *opt,
                          struct drop_report *rep)
{
    progress(opt, DROP_EXPORT, 0, 0);
    if (mkdirat(root, EXPORT_DIR, 0755) == 0) {
        fsync(root); /* the new folder's name, on the stick too */
    } else if (errno != EEXIST) {
        problem(rep, "cannot write to the stick: %s", strerror(errno));
        return;
    }
    int exp = open_dir(root, EXPORT_DIR);
    if (exp < 0) {
        problem(rep, EXPORT_DIR "/: %s: nothing written", open_error(root, EXPORT_DIR));
        return;
    }
    char name[128], tmp[160], stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(tmp, sizeof tmp, ".%s-%s.part", opt->kiosk_id, stamp);
    remove_leftovers(exp, opt->kiosk_id);
    char *why = NULL;
    int dir = -1;
    if (mkdirat(exp, tmp, 0755) != 0 || (dir = open_dir(exp, tmp)) < 0) {
        problem(rep, "cannot write to the stick: %s", strerror(errno));
        goto out;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", dir); /* the folder itself, whatever its path */
    if (drop_export(st, opt->cfg, path, &why))
        open_up(dir);
    if (why || !sync_fd(dir, tmp, &why)) {
        problem(rep, "%s", why);
        remove_folder(exp, tmp);
        goto out;
    }
    int rc = -1;
    errno = EEXIST;
    for (int copy = 1; copy < 100 && rc != 0; copy++) {
        if (copy == 1)
            snprintf(name, sizeof name, "%s-%s", opt->kiosk_id, stamp);
        else
            snprintf(name, sizeof name, "%s-%s-%d", opt->kiosk_id, stamp, copy);
        if (faccessat(exp, name, F_OK, AT_SYMLINK_NOFOLLOW) != 0) /* never onto an older one */
            rc = renameat(exp, tmp, exp, name);
    }
    if (rc != 0)
        why = xasprintf(EXPORT_DIR "/%s: cannot name the export folder: %s", name, strerror(errno));
    if (rc != 0 || !sync_fd(exp, EXPORT_DIR, &why)) {
        problem(rep, "%s", why);
        remove_folder(exp, tmp);
        goto out;
    }
    snprintf(rep->exported, sizeof rep->exported, EXPORT_DIR "/%s", name);
out:
    free(why);
    if (dir >= 0)
        close(dir);
    close(exp);
}

bool drop_run(struct store *st, const char *dir, const struct drop_options *opt,
              struct drop_report *rep)
{
    memset(rep, 0, sizeof *rep);
    int root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root < 0) {
        problem(rep, "%s: %s", dir, strerror(errno));
        return false;
    }
    import_lists(st, root, opt, rep);
    struct key key;
    bool have_key = event_key(st, root, opt, rep, &key);
    merge_journals(st, root, opt, have_key ? &key : NULL, rep);
    explicit_bzero(&key, sizeof key);
    write_exports(st, root, opt, rep);
    close(root);
    return rep->problems == NULL;
}

char *drop_work_dir(const char *db_path)
{
    return wipe_work_dir(db_path); /* one name for what drop fills and wipe empties */
}

void drop_report_clear(struct drop_report *rep)
{
    free(rep->problems);
    memset(rep, 0, sizeof *rep);
}
