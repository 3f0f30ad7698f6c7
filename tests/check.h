/*
 * The tests' few helpers: CHECK macros that count failures and carry on,
 * and scratch directories that are removed afterwards.
 */
#ifndef ENTRADA_TEST_CHECK_H
#define ENTRADA_TEST_CHECK_H

#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int check_failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
            check_failures++;                                                                      \
        }                                                                                          \
    } while (0)

#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        if (g_ == NULL || strcmp(g_, w_) != 0) {                                                   \
            fprintf(stderr, "%s:%d: CHECK failed: %s is \"%s\", expected \"%s\"\n", __FILE__,      \
                    __LINE__, #got, g_ ? g_ : "(null)", w_);                                       \
            check_failures++;                                                                      \
        }                                                                                          \
    } while (0)

/* why must mention needle; frees and clears why. */
#define CHECK_WHY(why, needle)                                                                     \
    do {                                                                                           \
        if ((why) == NULL || strstr((why), (needle)) == NULL) {                                    \
            fprintf(stderr, "%s:%d: CHECK failed: message \"%s\" lacks \"%s\"\n", __FILE__,        \
                    __LINE__, (why) ? (why) : "(none)", (needle));                                 \
            check_failures++;                                                                      \
        }                                                                                          \
        free(why);                                                                                 \
        (why) = NULL;                                                                              \
    } while (0)

static inline int check_done(const char *name)
{
    if (check_failures) {
        fprintf(stderr, "%s: %d checks failed\n", name, check_failures);
        return 1;
    }
    printf("%s: all checks passed\n", name);
    return 0;
}

/* A new empty directory under $TMPDIR; the path is static storage. */
static inline const char *check_tmpdir(void)
{
    static char dir[256];
    const char *base = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/entrada-test-XXXXXX", base && base[0] ? base : "/tmp");
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        exit(2);
    }
    return dir;
}

static inline int check_rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static inline void check_rmtree(const char *dir)
{
    nftw(dir, check_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Write data (len bytes, or strlen if len is 0) to dir/name; returns the path (caller frees). */
static inline char *check_write(const char *dir, const char *name, const char *data, size_t len)
{
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    fwrite(data, 1, len ? len : strlen(data), f);
    fclose(f);
    return path;
}

/* True if the file at path (absent: false) holds the bytes of needle anywhere. */
static inline bool check_file_has(const char *path, const char *needle)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return false;
    size_t cap = 1 << 16, len = 0, n;
    char *data = malloc(cap);
    while ((n = fread(data + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap)
            data = realloc(data, cap *= 2);
    }
    fclose(f);
    bool found = memmem(data, len, needle, strlen(needle)) != NULL;
    free(data);
    return found;
}

#endif
