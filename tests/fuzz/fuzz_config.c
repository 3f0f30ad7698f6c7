/*
 * Fuzz target for configuration files: config_load either takes the file
 * or refuses it with a message, and a refused file changes no setting.
 */
#include "entrada/config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void remove_file(void)
{
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        snprintf(path, sizeof path, "%s/entrada-fuzz-XXXXXX.ini",
                 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        int fd = mkstemps(path, 4);
        if (fd < 0)
            abort();
        close(fd);
        atexit(remove_file);
    }
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    struct config *cfg = config_create(), *defaults = config_create();
    char *why = NULL;
    bool ok = config_load(cfg, path, &why);
    if (ok != (why == NULL))
        abort(); /* refused means a message, taken means none */
    for (int k = 0; !ok && k < CONFIG_KEY_COUNT; k++)
        if (strcmp(config_str(cfg, (enum config_key)k), config_str(defaults, (enum config_key)k)))
            abort(); /* a refused file changed a setting */
    free(why);
    config_destroy(cfg);
    config_destroy(defaults);
    return 0;
}
