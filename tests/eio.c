/*
 * Fault injection for drop.sh, loaded with LD_PRELOAD: reading a file whose
 * name ends in $EIO_FILE fails with EIO after $EIO_AFTER bytes, as reading
 * a stick does when it is pulled out halfway through a file; writing to a
 * file whose name ends in $ENOSPC_FILE fails with ENOSPC, as on a full disk.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

int openat(int dirfd, const char *path, int flags, ...);
ssize_t read(int fd, void *buf, size_t n);

static int target = -1;
static unsigned char full[4096]; /* per descriptor: writes fail with ENOSPC */
static size_t done;

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t at);
ssize_t write(int fd, const void *buf, size_t n);

int openat(int dirfd, const char *path, int flags, ...)
{
    static int (*real)(int, const char *, int, ...);
    if (real == NULL)
        real = (int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, "openat");
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    int fd = real(dirfd, path, flags, mode);
    const char *file = getenv("EIO_FILE");
    size_t n = strlen(path), m = file ? strlen(file) : 0;
    if (fd >= 0 && m > 0 && n >= m && strcmp(path + n - m, file) == 0 && !(flags & O_WRONLY)) {
        target = fd;
        done = 0;
    }
    const char *nospace = getenv("ENOSPC_FILE");
    m = nospace ? strlen(nospace) : 0;
    if (fd >= 0 && fd < (int)sizeof full)
        full[fd] = m > 0 && n >= m && strcmp(path + n - m, nospace) == 0;
    return fd;
}

/* SQLite opens with open(), not openat(): the same watch. */
static int open_watched(const char *path, int flags, va_list ap)
{
    mode_t mode = flags & (O_CREAT | O_TMPFILE) ? va_arg(ap, mode_t) : 0;
    return openat(AT_FDCWD, path, flags, mode);
}

int open(const char *path, int flags, ...);
int open(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    int fd = open_watched(path, flags, ap);
    va_end(ap);
    return fd;
}

int open64(const char *path, int flags, ...);
int open64(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    int fd = open_watched(path, flags, ap);
    va_end(ap);
    return fd;
}

static ssize_t failing_pwrite(const char *name, int fd, const void *buf, size_t n, off_t at)
{
    ssize_t (*real)(int, const void *, size_t, off_t) =
        (ssize_t(*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, name);
    if (fd >= 0 && fd < (int)sizeof full && full[fd]) {
        errno = ENOSPC;
        return -1;
    }
    return real(fd, buf, n, at);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t at)
{
    return failing_pwrite("pwrite64", fd, buf, n, at);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t at);
ssize_t pwrite(int fd, const void *buf, size_t n, off_t at)
{
    return failing_pwrite("pwrite", fd, buf, n, at);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    if (real == NULL)
        real = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (fd >= 0 && fd < (int)sizeof full && full[fd]) {
        errno = ENOSPC;
        return -1;
    }
    return real(fd, buf, n);
}

ssize_t read(int fd, void *buf, size_t n)
{
    static ssize_t (*real)(int, void *, size_t);
    if (real == NULL)
        real = (ssize_t(*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
    if (fd == target) {
        size_t after = (size_t)strtoul(getenv("EIO_AFTER") ? getenv("EIO_AFTER") : "0", NULL, 10);
        if (done >= after) {
            target = -1;
            errno = EIO;
            return -1;
        }
        if (n > after - done)
            n = after - done;
    }
    ssize_t got = real(fd, buf, n);
    if (fd == target && got > 0)
        done += (size_t)got;
    return got;
}
