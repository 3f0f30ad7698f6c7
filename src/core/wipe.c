/*
 * Deleting the event's data: see wipe.h. Overwriting before unlinking is
 * what a plain unlink does not do; the zeros are flushed with fsync so
 * they reach the disk before the name goes.
 *
 * Everything is reached from a descriptor of the database's directory
 * (openat, unlinkat, O_NOFOLLOW): a link put in the folder by whoever owns
 * it cannot turn a wipe, which may run as root, onto other files.
 */
#include "entrada/wipe.h"
#include "entrada/xmalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* PRAGMA application_id of entrada's stores ("entr"), from schema 4 on. */
#define WIPE_APPLICATION_ID 0x656e7472u

char *wipe_work_dir(const char *db_path)
{
    const char *slash = strrchr(db_path, '/');
    if (slash == NULL)
        return xstrdup("from-stick");
    return xasprintf("%.*s/from-stick", (int)(slash - db_path), db_path);
}

/* Open name in dirfd for writing, never through a link, never blocking. */
static int open_plain(int dirfd, const char *name, int flags, struct stat *sb)
{
    int fd = openat(dirfd, name, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, sb) != 0 || !S_ISREG(sb->st_mode)) {
        int saved = S_ISREG(sb->st_mode) ? errno : EINVAL;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

/* Overwrite, flush and unlink the plain file name of dirfd: 1 deleted, 0 absent, -1 errno. */
static int wipe_at(int dirfd, const char *name)
{
    static const char zeros[65536];
    struct stat sb;
    int fd = open_plain(dirfd, name, O_WRONLY, &sb);
    if (fd < 0)
        return errno == ENOENT ? 0 : -1;
    bool ok = true;
    for (off_t done = 0; ok && done < sb.st_size;) {
        off_t left = sb.st_size - done;
        ssize_t w = write(fd, zeros, left < (off_t)sizeof zeros ? (size_t)left : sizeof zeros);
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            ok = false;
        } else {
            done += w;
        }
    }
    ok = ok && fsync(fd) == 0;
    int saved = errno;
    close(fd);
    errno = saved;
    return ok && unlinkat(dirfd, name, 0) == 0 ? 1 : -1;
}

/* The directory of path (O_DIRECTORY) and path's last part in *base; -1 on failure. */
static int open_parent(const char *path, const char **base)
{
    const char *slash = strrchr(path, '/');
    *base = slash ? slash + 1 : path;
    char *dir = slash ? xasprintf("%.*s", (int)(slash - path), path) : xstrdup(".");
    int fd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int saved = errno;
    free(dir);
    errno = saved;
    return fd;
}

int wipe_file(const char *path)
{
    const char *base;
    int dirfd = open_parent(path, &base);
    if (dirfd < 0)
        return errno == ENOENT ? 0 : -1;
    int rc = wipe_at(dirfd, base);
    int saved = errno;
    close(dirfd);
    errno = saved;
    return rc;
}

static uint32_t big_endian(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * Whether name in dirfd may be wiped as an entrada store: absent or empty,
 * or an SQLite database marked as entrada's (application id), or one of
 * the schema versions before the mark. 1 yes, 0 no (*why set), -1 errno.
 */
static int is_store(int dirfd, const char *name, bool wal, char **why)
{
    struct stat sb;
    int fd = open_plain(dirfd, name, O_RDONLY, &sb);
    if (fd < 0) {
        if (errno == ENOENT)
            return 1;
        if (errno == ELOOP || errno == EINVAL) {
            *why = xasprintf("%s is not a plain file (a link, a directory?): not a store; nothing "
                             "deleted",
                             name);
            return 0;
        }
        return -1;
    }
    unsigned char h[100] = { 0 };
    ssize_t n = sb.st_size ? pread(fd, h, sizeof h, 0) : 0;
    close(fd);
    if (n == 0)
        return 1; /* made and never written */
    uint32_t app = n == 100 ? big_endian(h + 68) : 0, version = n == 100 ? big_endian(h + 60) : 0;
    bool sqlite = n == 100 && memcmp(h, "SQLite format 3", 16) == 0;
    if (sqlite && (app == WIPE_APPLICATION_ID || (app == 0 && ((version >= 1 && version <= 3) ||
                                                               (version == 0 && wal)))))
        return 1;
    *why = xasprintf("%s is not an entrada store%s; nothing deleted", name,
                     sqlite ? " (another program's SQLite database)" : "");
    return 0;
}

/* Wipe every plain file of the lists' directory and the directory; report each. */
static bool wipe_work(int dirfd, const char *shown, wipe_report_fn *report, void *ctx)
{
    int wfd = openat(dirfd, "from-stick", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (wfd < 0) {
        if (errno == ENOENT)
            return true;
        if (report)
            report(ctx, shown, errno == ENOTDIR || errno == ELOOP ? ENOTDIR : errno);
        return false;
    }
    DIR *d = fdopendir(wfd);
    if (d == NULL) {
        close(wfd);
        if (report)
            report(ctx, shown, errno);
        return false;
    }
    bool ok = true;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *file = xasprintf("%s/%s", shown, e->d_name);
        int rc = wipe_at(wfd, e->d_name); /* fdopendir owns wfd now, and keeps it open */
        if (rc != 0 && report)
            report(ctx, file, rc < 0 ? errno : 0);
        ok = ok && rc >= 0;
        free(file);
    }
    closedir(d);
    if (unlinkat(dirfd, "from-stick", AT_REMOVEDIR) == 0) {
        if (report)
            report(ctx, shown, 0);
    } else if (ok) { /* what failed inside was told already */
        if (report)
            report(ctx, shown, errno);
        ok = false;
    }
    return ok;
}

bool wipe_event(const char *db_path, wipe_report_fn *report, void *ctx, char **why)
{
    static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
    const char *base;
    int dirfd = open_parent(db_path, &base);
    if (dirfd < 0) {
        if (errno == ENOENT)
            return true; /* no folder, nothing in it */
        *why = xasprintf("%s: cannot open its folder: %s", db_path, strerror(errno));
        return false;
    }
    char *wal = xasprintf("%s-wal", base);
    struct stat sb;
    bool has_wal = fstatat(dirfd, wal, &sb, AT_SYMLINK_NOFOLLOW) == 0;
    free(wal);
    char *not_store = NULL;
    int store = is_store(dirfd, base, has_wal, &not_store);
    if (store <= 0) {
        *why = store < 0 ? xasprintf("%s: %s", db_path, strerror(errno))
                         : xasprintf("%.*s%s", (int)(base - db_path), db_path, not_store);
        free(not_store);
        close(dirfd);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char *name = xasprintf("%s%s", base, suffixes[i]);
        int rc = wipe_at(dirfd, name);
        if (rc != 0 && report) {
            char *shown = xasprintf("%s%s", db_path, suffixes[i]);
            report(ctx, shown, rc < 0 ? errno : 0);
            free(shown);
        }
        ok = ok && rc >= 0;
        free(name);
    }
    char *work = wipe_work_dir(db_path);
    ok = wipe_work(dirfd, work, report, ctx) && ok;
    free(work);
    close(dirfd);
    if (!ok)
        *why = xasprintf("%s: some files could not be deleted (see above)", db_path);
    return ok;
}
