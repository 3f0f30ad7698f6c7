/*
 * The store under failing disks: an SQLite VFS wrapped around the real one
 * fails the Nth read, write, sync or truncate (as an I/O error, a full disk
 * or a short write that leaves half a page), for every N that the work
 * reaches, across check-ins, a list import and a journal merge. After each
 * run the store is opened again with a sound disk and must hold every
 * check-in that was acknowledged, an import all or nothing, and must open;
 * every failure must have said why.
 */
#include "check.h"
#include "entrada/checkin.h"
#include "entrada/journal.h"
#include "entrada/roster.h"

#include <sqlite3.h>

/* What the next faulty operation does. */
enum fault { FAULT_IOERR, FAULT_FULL, FAULT_SHORT };

static struct {
    int countdown; /* operations left before the one that fails; < 0: none fails */
    enum fault kind;
    int failed;    /* operations failed so far */
} faults = { .countdown = -1 };

static sqlite3_vfs *real_vfs;
static sqlite3_vfs faulty_vfs;

struct faulty_file {
    sqlite3_file base;
    sqlite3_file *real; /* follows this struct */
};

/* True if this operation is the one to fail. */
static bool due(void)
{
    if (faults.countdown < 0)
        return false;
    if (faults.countdown-- > 0)
        return false;
    faults.failed++;
    return true;
}

static int f_close(sqlite3_file *f)
{
    struct faulty_file *ff = (struct faulty_file *)f;
    return ff->real->pMethods ? ff->real->pMethods->xClose(ff->real) : SQLITE_OK;
}

static int f_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 at)
{
    struct faulty_file *ff = (struct faulty_file *)f;
    if (due())
        return SQLITE_IOERR_READ;
    return ff->real->pMethods->xRead(ff->real, buf, n, at);
}

static int f_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 at)
{
    struct faulty_file *ff = (struct faulty_file *)f;
    if (due()) {
        if (faults.kind == FAULT_FULL)
            return SQLITE_FULL;
        if (faults.kind == FAULT_SHORT && n > 1) /* half of it reaches the disk */
            ff->real->pMethods->xWrite(ff->real, buf, n / 2, at);
        return SQLITE_IOERR_WRITE;
    }
    return ff->real->pMethods->xWrite(ff->real, buf, n, at);
}

static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    struct faulty_file *ff = (struct faulty_file *)f;
    if (due())
        return SQLITE_IOERR_TRUNCATE;
    return ff->real->pMethods->xTruncate(ff->real, size);
}

static int f_sync(sqlite3_file *f, int flags)
{
    struct faulty_file *ff = (struct faulty_file *)f;
    if (due())
        return SQLITE_IOERR_FSYNC;
    return ff->real->pMethods->xSync(ff->real, flags);
}

/* The rest pass straight through. */
#define PASS(name, args, call)                                                                     \
    static int name args                                                                           \
    {                                                                                              \
        struct faulty_file *ff = (struct faulty_file *)f;                                          \
        return ff->real->pMethods->call;                                                           \
    }
PASS(f_size, (sqlite3_file * f, sqlite3_int64 *size), xFileSize(ff->real, size))
PASS(f_lock, (sqlite3_file * f, int lock), xLock(ff->real, lock))
PASS(f_unlock, (sqlite3_file * f, int lock), xUnlock(ff->real, lock))
PASS(f_reserved, (sqlite3_file * f, int *out), xCheckReservedLock(ff->real, out))
PASS(f_control, (sqlite3_file * f, int op, void *arg), xFileControl(ff->real, op, arg))
PASS(f_sector, (sqlite3_file * f), xSectorSize(ff->real))
PASS(f_device, (sqlite3_file * f), xDeviceCharacteristics(ff->real))
PASS(f_shm_map, (sqlite3_file * f, int pg, int size, int extend, void volatile **p),
     xShmMap(ff->real, pg, size, extend, p))
PASS(f_shm_lock, (sqlite3_file * f, int offset, int n, int flags),
     xShmLock(ff->real, offset, n, flags))
PASS(f_shm_unmap, (sqlite3_file * f, int del), xShmUnmap(ff->real, del))

static void f_shm_barrier(sqlite3_file *f)
{
    struct faulty_file *ff = (struct faulty_file *)f;
    ff->real->pMethods->xShmBarrier(ff->real);
}

static const sqlite3_io_methods faulty_methods = {
    .iVersion = 2,
    .xClose = f_close,
    .xRead = f_read,
    .xWrite = f_write,
    .xTruncate = f_truncate,
    .xSync = f_sync,
    .xFileSize = f_size,
    .xLock = f_lock,
    .xUnlock = f_unlock,
    .xCheckReservedLock = f_reserved,
    .xFileControl = f_control,
    .xSectorSize = f_sector,
    .xDeviceCharacteristics = f_device,
    .xShmMap = f_shm_map,
    .xShmLock = f_shm_lock,
    .xShmBarrier = f_shm_barrier,
    .xShmUnmap = f_shm_unmap,
};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    (void)vfs;
    struct faulty_file *ff = (struct faulty_file *)f;
    ff->real = (sqlite3_file *)(ff + 1);
    memset(ff->real, 0, (size_t)real_vfs->szOsFile);
    int rc = real_vfs->xOpen(real_vfs, name, ff->real, flags, out_flags);
    ff->base.pMethods = rc == SQLITE_OK ? &faulty_methods : NULL;
    return rc;
}

#define VPASS(name, args, call)                                                                    \
    static int name args                                                                           \
    {                                                                                              \
        (void)vfs;                                                                                 \
        return real_vfs->call;                                                                     \
    }
VPASS(v_delete, (sqlite3_vfs * vfs, const char *name, int sync),
      xDelete(real_vfs, name, sync))
VPASS(v_access, (sqlite3_vfs * vfs, const char *name, int flags, int *out),
      xAccess(real_vfs, name, flags, out))
VPASS(v_full, (sqlite3_vfs * vfs, const char *name, int n, char *out),
      xFullPathname(real_vfs, name, n, out))
VPASS(v_random, (sqlite3_vfs * vfs, int n, char *out), xRandomness(real_vfs, n, out))
VPASS(v_sleep, (sqlite3_vfs * vfs, int us), xSleep(real_vfs, us))
VPASS(v_time, (sqlite3_vfs * vfs, double *out), xCurrentTime(real_vfs, out))
VPASS(v_error, (sqlite3_vfs * vfs, int n, char *out), xGetLastError(real_vfs, n, out))
VPASS(v_time64, (sqlite3_vfs * vfs, sqlite3_int64 *out), xCurrentTimeInt64(real_vfs, out))

/* Make the faulty VFS SQLite's default: the store opens through it without knowing. */
static void install(void)
{
    real_vfs = sqlite3_vfs_find(NULL);
    faulty_vfs = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)sizeof(struct faulty_file) + real_vfs->szOsFile,
        .mxPathname = real_vfs->mxPathname,
        .zName = "faulty",
        .xOpen = v_open,
        .xDelete = v_delete,
        .xAccess = v_access,
        .xFullPathname = v_full,
        .xRandomness = v_random,
        .xSleep = v_sleep,
        .xCurrentTime = v_time,
        .xGetLastError = v_error,
        .xCurrentTimeInt64 = v_time64,
    };
    sqlite3_vfs_register(&faulty_vfs, 1);
}

static const char *dir;
static struct key event_key;  /* the event's key, that the journal is signed with */
static char *signature;       /* journal.sig of the journal merged */

/* A new string: fmt with one string. */
static char *xasprintf_f(const char *fmt, const char *arg)
{
    char *s = malloc(strlen(fmt) + strlen(arg) + 1);
    sprintf(s, fmt, arg);
    return s;
}

/* The store at path with a sound disk; exits the test if it does not open. */
static struct store *sound_open(const char *path)
{
    faults.countdown = -1;
    char *why = NULL;
    struct store *st = store_open(path, &why);
    if (st == NULL) {
        fprintf(stderr, "FAIL: %s does not open after a fault: %s\n", path, why);
        exit(1);
    }
    return st;
}

static int64_t count(struct store *st, bool active_only)
{
    int64_t n = -1;
    char *why = NULL;
    if (!store_count_attendees(st, active_only, &n, &why))
        free(why);
    return n;
}

static char *write_list(const char *name, int n, const char *prefix)
{
    char *text = malloc((size_t)n * 48 + 32), *p = text;
    p += sprintf(p, "Code,Name\n");
    for (int i = 0; i < n; i++)
        p += sprintf(p, "%s%03d,Persona %s %d\n", prefix, i, prefix, i);
    char *path = check_write(dir, name, text, 0);
    free(text);
    return path;
}

/* A store with 40 attendees and the two lists the import runs switch between. */
static void make_store(const char *path, char **list_a, char **list_b)
{
    struct store *st = sound_open(path);
    *list_a = write_list("a.csv", 40, "A");
    *list_b = write_list("b.csv", 40, "B"); /* a whole other list: 40 added, 40 cancelled */
    struct roster_options o = { .max_bytes = 1 << 20 };
    char *why = NULL;
    struct roster *r = roster_load(*list_a, &o, &why);
    struct roster_summary sum;
    CHECK(r && roster_merge(st, r, NULL, NULL, &sum, &why));
    roster_free(r);
    store_close(st);
}

/* Check-ins with the Nth disk operation failing: what was acknowledged stays. */
static int run_checkins(const char *path, int n, enum fault kind)
{
    struct store *st = sound_open(path);
    int64_t before = 0;
    struct store_totals t;
    char *why = NULL;
    if (store_totals(st, &t, &why))
        before = t.events;
    struct checkin_policy p = { .kiosk = "k", .session = "main", .reentry = true };
    int acknowledged = 0;
    faults.countdown = n;
    faults.kind = kind;
    int failed_before = faults.failed;
    for (int i = 0; i < 10; i++) {
        char code[16];
        snprintf(code, sizeof code, "A%03d", i);
        struct checkin_result r;
        if (checkin_code(st, &p, code, STORE_SCANNER, checkin_now_ms(), &r, &why)) {
            acknowledged += r.recorded;
        } else {
            CHECK(why && why[0]); /* a failure says why */
            free(why);
            why = NULL;
        }
        checkin_result_clear(&r);
    }
    bool reached = faults.failed > failed_before;
    faults.countdown = -1;
    store_close(st);
    st = sound_open(path);
    if (store_totals(st, &t, &why)) {
        if (t.events - before < acknowledged) {
            fprintf(stderr, "FAIL: fault %d/%d: %d acknowledged, %lld on disk\n", n, kind,
                    acknowledged, (long long)(t.events - before));
            check_failures++;
        }
    } else {
        fprintf(stderr, "FAIL: fault %d: counts: %s\n", n, why);
        free(why);
        check_failures++;
    }
    store_close(st);
    return reached;
}

/* Which list is in force: 'A' or 'B' (whose first attendee is active), else '?'. */
static char in_force(struct store *st)
{
    struct attendee a = { 0 }, b = { 0 };
    char *why = NULL;
    char which = '?';
    if (store_find_attendee(st, "A000", &a, &why) == 1 && a.status == ATTENDEE_ACTIVE)
        which = 'A';
    if (store_find_attendee(st, "B000", &b, &why) == 1 && b.status == ATTENDEE_ACTIVE)
        which = which == '?' ? 'B' : '!';
    attendee_clear(&a);
    attendee_clear(&b);
    free(why);
    return which;
}

/* An import switching lists with the Nth disk operation failing: all old or all new. */
static int run_import(const char *path, const char *list, char to, int n, enum fault kind)
{
    struct store *st = sound_open(path);
    char before = in_force(st);
    struct roster_options o = { .max_bytes = 1 << 20 };
    char *why = NULL;
    struct roster *r = roster_load(list, &o, &why);
    CHECK(r != NULL);
    struct roster_summary sum;
    faults.countdown = n;
    faults.kind = kind;
    int failed_before = faults.failed;
    bool ok = r && roster_merge(st, r, NULL, NULL, &sum, &why);
    bool reached = faults.failed > failed_before;
    faults.countdown = -1;
    if (!ok) {
        CHECK(why && why[0]);
        free(why);
        why = NULL;
    }
    roster_free(r);
    store_close(st);
    st = sound_open(path);
    char after = in_force(st);
    int64_t active = count(st, true);
    /* Acknowledged: the new list whole. Refused: the old one whole (or, had the commit reached
     * the disk before the failure, the new one whole). Never a mix. */
    if (active != 40 || (ok ? after != to : after != before && after != to)) {
        fprintf(stderr, "FAIL: import fault %d/%d: %s, list %c in force with %lld active "
                        "(before %c)\n",
                n, kind, ok ? "acknowledged" : "refused", after, (long long)active, before);
        check_failures++;
    }
    store_close(st);
    return reached;
}

/* A journal merge with the Nth disk operation failing: all of it or none. */
static int run_merge(const char *path, const char *list, const char *journal, size_t len, int n,
                     enum fault kind)
{
    /* A store that has not seen the journal yet. */
    char *wal = xasprintf_f("%s-wal", path), *shm = xasprintf_f("%s-shm", path);
    unlink(path);
    unlink(wal);
    unlink(shm);
    free(wal);
    free(shm);
    struct store *st = sound_open(path);
    struct roster_options o = { .max_bytes = 1 << 20 };
    char *err = NULL;
    struct roster *r = roster_load(list, &o, &err);
    struct roster_summary rs;
    CHECK(r && roster_merge(st, r, NULL, NULL, &rs, &err));
    roster_free(r);
    struct store_totals t;
    char *why = NULL;
    int64_t before = store_totals(st, &t, &why) ? t.events : -1;
    struct journal_summary sum;
    faults.countdown = n;
    faults.kind = kind;
    int failed_before = faults.failed;
    struct journal_file file = { "journal.csv", journal, len, signature, strlen(signature) };
    bool ok = journal_merge(st, &event_key, "k", &file, &sum, &why);
    bool reached = faults.failed > failed_before;
    faults.countdown = -1;
    if (!ok) {
        CHECK(why && why[0]);
        free(why);
        why = NULL;
    }
    store_close(st);
    st = sound_open(path);
    int64_t after = store_totals(st, &t, &why) ? t.events : -1;
    if (ok ? after != before + 5 : (after != before && after != before + 5)) {
        fprintf(stderr, "FAIL: merge fault %d/%d: %lld events before, %lld after (%s)\n", n, kind,
                (long long)before, (long long)after, ok ? "acknowledged" : "refused");
        check_failures++;
    }
    store_close(st);
    return reached;
}

int main(void)
{
    dir = check_tmpdir();
    install();
    char path[512], merge_path[512], *list_a, *list_b;
    snprintf(path, sizeof path, "%s/event.db", dir);
    snprintf(merge_path, sizeof merge_path, "%s/merge.db", dir);
    make_store(path, &list_a, &list_b);

    /* A journal of five events from another kiosk, for the merges. */
    char other[512];
    snprintf(other, sizeof other, "%s/other.db", dir);
    struct store *o = sound_open(other);
    struct roster_options ro = { .max_bytes = 1 << 20 };
    char *why = NULL;
    struct roster *r = roster_load(list_a, &ro, &why);
    struct roster_summary sum;
    CHECK(r && roster_merge(o, r, NULL, NULL, &sum, &why));
    roster_free(r);
    struct checkin_policy p = { .kiosk = "other", .session = "main" };
    for (int i = 20; i < 25; i++) {
        char code[16];
        snprintf(code, sizeof code, "A%03d", i);
        struct checkin_result res;
        CHECK(checkin_code(o, &p, code, STORE_CAMERA, checkin_now_ms(), &res, &why));
        checkin_result_clear(&res);
    }
    char *journal = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&journal, &len);
    CHECK(journal_write(o, f, &why));
    fclose(f);
    key_generate(&event_key);
    signature = journal_sign(&event_key, journal, len);
    store_close(o);

    /* Every operation the work reaches fails once, in each way. */
    int runs = 0, per[3] = { 0 };
    for (int kind = FAULT_IOERR; kind <= FAULT_SHORT; kind++) {
        for (int n = 0; n < 400 && run_checkins(path, n, kind); n++)
            runs++, per[0]++;
        for (int n = 0; n < 400; n++) {
            struct store *st = sound_open(path);
            char now = in_force(st);
            store_close(st);
            if (!run_import(path, now == 'A' ? list_b : list_a, now == 'A' ? 'B' : 'A', n, kind))
                break;
            runs++, per[1]++;
        }
        for (int n = 0; n < 400 && run_merge(merge_path, list_a, journal, len, n, kind); n++)
            runs++, per[2]++;
    }
    printf("test_faults: %d runs with a failing disk operation (check-ins %d, imports %d, "
           "merges %d)\n",
           runs, per[0], per[1], per[2]);
    CHECK(per[0] > 30 && per[1] > 30 && per[2] > 10); /* the faults did reach the work */

    free(journal);
    free(signature);
    free(list_a);
    free(list_b);
    check_rmtree(dir);
    return check_done("test_faults");
}
