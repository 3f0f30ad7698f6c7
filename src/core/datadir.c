/* Finding the data files: configured, beside a program in its build directory, or installed. */
#include "entrada/datadir.h"
#include "entrada/xmalloc.h"

#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* True when this program is the one in the build directory, not an installed copy. */
static bool run_from_build(void)
{
    char exe[PATH_MAX], build[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0 || realpath(ENTRADA_BUILD_DIR, build) == NULL)
        return false;
    exe[n] = '\0';
    return strcmp(dirname(exe), build) == 0;
}

void datadir_find(const char *configured, struct datadir *out)
{
    if (configured[0]) {
        out->assets = xstrdup(configured);
        out->locale = xasprintf("%s/locale", configured);
    } else if (run_from_build() && access(ENTRADA_SOURCE_ASSETS, R_OK) == 0) {
        out->assets = xstrdup(ENTRADA_SOURCE_ASSETS);
        out->locale = xstrdup(ENTRADA_BUILD_LOCALE);
    } else {
        out->assets = xstrdup(ENTRADA_DATADIR);
        out->locale = xasprintf("%s/locale", ENTRADA_DATADIR);
    }
}

void datadir_clear(struct datadir *d)
{
    free(d->assets);
    free(d->locale);
    d->assets = d->locale = NULL;
}
