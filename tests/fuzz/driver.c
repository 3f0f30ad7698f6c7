/*
 * Runs a libFuzzer-style target without libFuzzer: every file named on the
 * command line, then mutations of them (and of a few built-in seeds) for
 * the given number of seconds. Deterministic for a given seed, so a
 * failure can be replayed. Usage: driver SECONDS [FILE...]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SEED(s)                                                                                    \
    {                                                                                              \
        s, sizeof s - 1                                                                            \
    }

static const struct {
    const char *data;
    size_t len;
} seeds[] = {
    SEED("Code,Name\nA1,\"Ana \"\"la\"\" Ruiz\"\nA2,\"two\nlines\"\n"),
    SEED("sep=;\r\nC\xF3"
         "digo;Nombre\r\nX;L\xF3pez\r\n"),
    SEED("\xEF\xBB\xBF"
         "a\tb\tc\n1\t2\t3\n"),
    SEED("\xFF\xFE"
         "a\0,\0b\0\n\0"),
    SEED("h1,h2;h3\n1,2;3\n"),
    SEED("\"unterminated,\n"),
};

static uint64_t state = 0x9E3779B97F4A7C15u;

static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static size_t mutate(uint8_t *buf, size_t len, size_t cap)
{
    static const char interesting[] = "\",;\t|\r\n\0\xC3\xA9\xFF\xFE=";
    int rounds = 1 + (int)(next() % 8);
    for (int i = 0; i < rounds; i++) {
        size_t pos = len ? next() % len : 0;
        switch (next() % 5) {
        case 0: /* overwrite a byte */
            if (len)
                buf[pos] = (uint8_t)next();
            break;
        case 1: /* insert a byte that matters to CSV */
            if (len < cap) {
                memmove(buf + pos + 1, buf + pos, len - pos);
                buf[pos] = (uint8_t)interesting[next() % (sizeof interesting - 1)];
                len++;
            }
            break;
        case 2: /* delete a byte */
            if (len) {
                memmove(buf + pos, buf + pos + 1, len - pos - 1);
                len--;
            }
            break;
        case 3: /* duplicate a chunk */
            if (len) {
                size_t n = 1 + next() % (len - pos);
                if (len + n <= cap) {
                    memmove(buf + pos + n, buf + pos, len - pos);
                    len += n;
                }
            }
            break;
        case 4: /* cut short */
            len = pos;
            break;
        }
    }
    return len;
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    enum { CAP = 1 << 16 };
    uint8_t *pool[64];
    size_t pool_len[64], npool = 0;
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        pool_len[npool] = seeds[i].len;
        pool[npool] = malloc(CAP);
        memcpy(pool[npool], seeds[i].data, seeds[i].len);
        npool++;
    }
    for (int i = 2; i < argc && npool < 64; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (f == NULL)
            continue;
        pool[npool] = malloc(CAP);
        pool_len[npool] = fread(pool[npool], 1, CAP, f);
        fclose(f);
        LLVMFuzzerTestOneInput(pool[npool], pool_len[npool]);
        npool++;
    }
    uint8_t *buf = malloc(CAP);
    clock_t end = clock() + (clock_t)(seconds * CLOCKS_PER_SEC);
    unsigned long runs = 0;
    while (clock() < end) {
        size_t k = next() % npool;
        memcpy(buf, pool[k], pool_len[k]);
        size_t len = mutate(buf, pool_len[k], CAP);
        /* Give the input its exact size on the heap so overreads are caught. */
        uint8_t *exact = malloc(len ? len : 1);
        memcpy(exact, buf, len);
        LLVMFuzzerTestOneInput(exact, len);
        free(exact);
        runs++;
    }
    printf("fuzz driver: %lu inputs in %.1f s, no crash\n", runs, seconds);
    for (size_t i = 0; i < npool; i++)
        free(pool[i]);
    free(buf);
    return 0;
}
