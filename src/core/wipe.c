/*
 * Deleting the event's data: see wipe.h. Overwriting before unlinking is
 * what a plain unlink does not do; the zeros are flushed with fsync so
 * they reach the disk before the name goes.
 */
#include "entrada/wipe.h"
#include "entrada/xmalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *wipe_work_dir(const char *db_path)
{
    const char *slash = strrchr(db_path, '/');
    if (slash == NULL)
        return xstrdup("from-stick");
    return xasprintf("%.*s/from-stick", (int)(slash - db_path), db_path);
}

int wipe_file(const char *path)
{
    static const char zeros[65536];
    /* O_NONBLOCK: a FIFO put in the way must not hang the wipe; it is refused below. */
    int fd = open(path, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? 0 : -1;
    struct stat sb;
    bool ok = fstat(fd, &sb) == 0;
    if (ok && !S_ISREG(sb.st_mode)) {
        errno = EINVAL;
        ok = false;
    }
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
    return ok && unlink(path) == 0 ? 1 : -1;
}

/* Wipe one file and say how it went; false if it failed. */
static bool wipe_one(const char *path, wipe_report_fn *report, void *ctx)
{
    int rc = wipe_file(path);
    if (rc != 0 && report)
        report(ctx, path, rc < 0 ? errno : 0);
    return rc >= 0;
}

bool wipe_event(const char *db_path, wipe_report_fn *report, void *ctx)
{
    static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
    bool ok = true;
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char *file = xasprintf("%s%s", db_path, suffixes[i]);
        ok = wipe_one(file, report, ctx) && ok;
        free(file);
    }
    char *work = wipe_work_dir(db_path);
    DIR *d = opendir(work);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *file = xasprintf("%s/%s", work, e->d_name);
            /* Only failures are told: the lists are not named one by one. */
            if (wipe_file(file) < 0) {
                if (report)
                    report(ctx, file, errno);
                ok = false;
            }
            free(file);
        }
        closedir(d);
        if (rmdir(work) == 0 && report)
            report(ctx, work, 0);
    }
    free(work);
    return ok;
}
