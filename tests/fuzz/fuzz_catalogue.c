/*
 * Fuzz target for translation catalogues (.mo files, with the Plural-Forms
 * expression in their header): i18n_open takes a catalogue or refuses it
 * with a message, and every lookup after either gives a string, never a
 * read past the file.
 */
#include "entrada/i18n.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], path[96];

static void remove_files(void)
{
    unlink(path);
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "%s/entrada-fuzz-XXXXXX",
                 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if (mkdtemp(dir) == NULL)
            abort();
        snprintf(path, sizeof path, "%s/fz.mo", dir);
        atexit(remove_files);
    }
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    char *why = NULL;
    struct i18n *t = i18n_open(dir, "fz", &why);
    static const char *const ids[] = { "", "Cancel", "%u check-in from other kiosks", "zzz" };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        if (i18n_get(t, ids[i]) == NULL)
            abort();
        for (unsigned long n = 0; n < 30; n += 7)
            if (strlen(i18n_nget(t, ids[i], "plural", n)) > size + 32)
                abort(); /* a translation is inside the file, or is one of ours */
    }
    if (i18n_plural(t, 1000003) > 5)
        abort(); /* never more forms than a catalogue may have */
    free(why);
    i18n_close(t);
    return 0;
}
