/* Reading whole files from outside, with limits: see file.h. */
#include "entrada/file.h"
#include "entrada/xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool file_read(const char *path, size_t max, const char *what, char **data, size_t *len, char **why)
{
    /* O_NONBLOCK: opening a FIFO with no writer must not wait; it is refused below. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        *why = xasprintf("%s: cannot open: %s", path, strerror(errno));
        return false;
    }
    struct stat sb;
    char *buf = NULL;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        *why = xasprintf("%s: not a regular file%s", path,
                         S_ISDIR(sb.st_mode) ? " (a directory)" : "");
        goto fail;
    }
    if ((uint64_t)sb.st_size > max) {
        *why = xasprintf("%s: %.1f MB is over the limit of %.1f MB (%s)", path, sb.st_size / 1e6,
                         max / 1e6, what);
        goto fail;
    }
    size_t size = (size_t)sb.st_size, got = 0;
    buf = xmalloc(size + 1);
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *why = xasprintf("%s: read error after %zu bytes: %s", path, got, strerror(errno));
            goto fail;
        }
        if (n == 0) {
            *why = xasprintf("%s: file ended after %zu of %zu bytes (removed while reading?)", path,
                             got, size);
            goto fail;
        }
        got += (size_t)n;
    }
    close(fd);
    buf[size] = '\0';
    *data = buf;
    *len = size;
    return true;
fail:
    free(buf);
    close(fd);
    return false;
}
