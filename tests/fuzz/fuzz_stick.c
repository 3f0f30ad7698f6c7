/*
 * Fuzz target for hostile USB sticks: the input describes a stick (files
 * at its top, in entrada/ and in an export folder, and symbolic links with
 * any target), which is made in a scratch directory and synced with
 * drop_run. Whatever the stick holds, the sync must not crash and must not
 * write outside the stick and the kiosk's own directory: a directory
 * beside them, which links on the stick may point to, stays empty.
 *
 * Input: entries separated by "\n--\n"; an entry is one byte saying what
 * and where (see make_entry), the name up to a NUL, then the contents (for
 * a link: its target).
 */
#include "entrada/drop.h"

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char base[64];

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void make_entry(const char *stick, const uint8_t *p, size_t n)
{
    static const char *const where[] = { "", "entrada/", "entrada-export/door9-20260312-090000/" };
    if (n < 2)
        return;
    unsigned kind = p[0] % 6; /* 0-2: a file there; 3-5: a link there */
    const uint8_t *end = memchr(p + 1, '\0', n - 1);
    size_t name_len = end ? (size_t)(end - (p + 1)) : n - 1;
    if (name_len == 0 || name_len > 200)
        return;
    char name[256];
    memcpy(name, p + 1, name_len);
    name[name_len] = '\0';
    for (char *c = name; *c; c++)
        if (*c == '/')
            *c = '_'; /* names, not paths */
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return;
    const uint8_t *body = end ? end + 1 : p + n;
    size_t body_len = (size_t)(p + n - body);
    char path[512];
    if (kind % 3 > 0) { /* the directories on the way, unless a link took their name */
        struct stat sb;
        snprintf(path, sizeof path, "%s/entrada%s", stick, kind % 3 == 2 ? "-export" : "");
        mkdir(path, 0755);
        if (lstat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
            return; /* making the stick must not follow its links either */
        if (kind % 3 == 2) {
            snprintf(path, sizeof path, "%s/%s", stick, where[2]);
            mkdir(path, 0755);
            if (lstat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
                return;
        }
    }
    snprintf(path, sizeof path, "%s/%s%s", stick, where[kind % 3], name);
    if (kind >= 3) {
        char target[256];
        size_t t = body_len < sizeof target - 1 ? body_len : sizeof target - 1;
        memcpy(target, body, t);
        target[t] = '\0';
        if (!memchr(target, '\0', t) && t > 0)
            (void)!symlink(target, path);
        return;
    }
    FILE *f = fopen(path, "wbx");
    if (f) {
        fwrite(body, 1, body_len, f);
        fclose(f);
    }
}

/* dir is empty (it is removed and made again to find out). */
static bool empty_dir(const char *dir)
{
    return rmdir(dir) == 0 && mkdir(dir, 0755) == 0;
}

static void remove_base(void)
{
    nftw(base, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!base[0]) {
        snprintf(base, sizeof base, "%s/entrada-fuzz-XXXXXX",
                 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if (mkdtemp(base) == NULL)
            abort();
        atexit(remove_base);
    }
    char stick[128], home[128], beside[128];
    snprintf(stick, sizeof stick, "%s/stick", base);
    snprintf(home, sizeof home, "%s/home", base);
    snprintf(beside, sizeof beside, "%s/beside", base);
    mkdir(stick, 0755);
    mkdir(home, 0755);
    mkdir(beside, 0755);

    for (size_t i = 0; i < size;) {
        const uint8_t *sep = NULL;
        for (size_t j = i; j + 4 <= size && !sep; j++)
            if (memcmp(data + j, "\n--\n", 4) == 0)
                sep = data + j;
        size_t n = sep ? (size_t)(sep - (data + i)) : size - i;
        make_entry(stick, data + i, n);
        i += n + 4;
    }

    char *why = NULL;
    struct store *st = store_open(":memory:", &why);
    struct config *cfg = config_create();
    if (st == NULL || cfg == NULL)
        abort();
    char work[160];
    snprintf(work, sizeof work, "%s/from-stick", home);
    struct drop_options opt = { .cfg = cfg, .kiosk_id = "fuzz", .work_dir = work };
    struct drop_report rep;
    drop_run(st, stick, &opt, &rep);
    drop_report_clear(&rep);
    config_destroy(cfg);
    store_close(st);

    if (!empty_dir(beside))
        abort(); /* the sync wrote through a link to outside the stick */
    nftw(stick, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    nftw(home, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}
