/*
 * Fault injection for drop.sh, loaded with LD_PRELOAD: reading a file whose
 * name ends in $EIO_FILE fails with EIO after $EIO_AFTER bytes, as reading
 * a stick does when it is pulled out halfway through a file.
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
static size_t done;

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
    return fd;
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
