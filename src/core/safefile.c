/* Complete-or-absent file writes: temporary name, fsync, rename, fsync dir. */
#include "entrada/safefile.h"
#include "entrada/xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct safefile {
    FILE *f;
    char *dir;
    char *tmp;
    char *path;
};

struct safefile *safefile_open(const char *dir, const char *name, char **why)
{
    struct safefile *sf = xcalloc(1, sizeof *sf);
    sf->dir = xstrdup(dir);
    sf->path = xasprintf("%s/%s", dir, name);
    sf->tmp = xasprintf("%s/.%s.XXXXXX", dir, name);
    int fd = mkostemp(sf->tmp, O_CLOEXEC);
    if (fd < 0) {
        *why = xasprintf("%s: cannot write: %s", sf->path, strerror(errno));
        free(sf->tmp);
        sf->tmp = NULL;
        safefile_abort(sf);
        return NULL;
    }
    /* mkostemp makes it 0600: personal data stays the owner's (a stick's exports are opened up
       by drop.c, for the organiser's computer). */
    sf->f = fdopen(fd, "w");
    if (sf->f == NULL) {
        *why = xasprintf("%s: %s", sf->path, strerror(errno));
        close(fd);
        safefile_abort(sf);
        return NULL;
    }
    return sf;
}

FILE *safefile_stream(struct safefile *sf)
{
    return sf->f;
}

const char *safefile_path(struct safefile *sf)
{
    return sf->tmp;
}

const char *safefile_target(struct safefile *sf)
{
    return sf->path;
}

/* fsync a directory; false with *why on failure. */
static bool sync_dir(const char *dir, char **why)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
        *why = xasprintf("%s: cannot flush directory: %s", dir, strerror(errno));
        if (fd >= 0)
            close(fd);
        return false;
    }
    close(fd);
    return true;
}

bool safefile_commit(struct safefile *sf, char **why)
{
    const char *step = "write";
    bool ok = !ferror(sf->f) && fflush(sf->f) == 0;
    if (ok) {
        step = "flush";
        ok = fsync(fileno(sf->f)) == 0;
    }
    int err = errno;
    if (fclose(sf->f) != 0 && ok) {
        ok = false;
        err = errno;
        step = "close";
    }
    sf->f = NULL;
    if (ok && rename(sf->tmp, sf->path) != 0) {
        ok = false;
        err = errno;
        step = "rename";
    }
    if (!ok) {
        *why = xasprintf("%s: %s failed: %s", sf->path, step, strerror(err));
        safefile_abort(sf);
        return false;
    }
    free(sf->tmp);
    sf->tmp = NULL;
    ok = sync_dir(sf->dir, why);
    safefile_abort(sf);
    return ok;
}

void safefile_abort(struct safefile *sf)
{
    if (sf == NULL)
        return;
    if (sf->f)
        fclose(sf->f);
    if (sf->tmp)
        unlink(sf->tmp);
    free(sf->tmp);
    free(sf->dir);
    free(sf->path);
    free(sf);
}
