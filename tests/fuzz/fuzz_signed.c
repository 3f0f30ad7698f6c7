/*
 * Fuzz target for signed journals: the journal text and its journal.sig
 * both come from the fuzzer. Whatever they are, a journal is merged only
 * if journal.sig is exactly the event key's signature of the text (with or
 * without its end of line); anything else is refused with a message and
 * leaves the store empty.
 *
 * Input: a mode byte, then the signature part, "\n--\n", then the journal.
 * Mode bit 0 clear: the signature part is journal.sig as it is. Bit 0 set:
 * journal.sig is the real signature of the journal (by the event key, or
 * with bit 1 by another event's), with the signature part XORed over it
 * byte by byte, so that the fuzzer can get near a valid one.
 */
#include "entrada/journal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t events(struct store *st)
{
    struct store_totals t;
    char *why = NULL;
    if (!store_totals(st, &t, &why))
        abort();
    return t.events;
}

/* s[0..n) without one "\n" or "\r\n" at its end. */
static size_t line_length(const char *s, size_t n)
{
    if (n > 0 && s[n - 1] == '\n')
        n--;
    if (n > 0 && s[n - 1] == '\r')
        n--;
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct key key = { { 0x5e, 0xc2, 0xe7 } }, other = { { 0x07, 0x4e, 0x42 } };
    if (size < 1)
        return 0;
    unsigned mode = data[0];
    const uint8_t *part = data + 1, *sep = NULL;
    for (size_t i = 1; i + 4 <= size && !sep; i++)
        if (memcmp(data + i, "\n--\n", 4) == 0)
            sep = data + i;
    size_t part_len = sep ? (size_t)(sep - part) : size - 1;
    const char *text = sep ? (const char *)sep + 4 : "";
    size_t len = sep ? size - (size_t)(sep + 4 - data) : 0;

    char *sig;
    size_t sig_len;
    if (mode & 1) {
        sig = journal_sign(mode & 2 ? &other : &key, text, len);
        sig_len = strlen(sig);
        for (size_t i = 0; i < part_len && i < sig_len; i++)
            sig[i] = (char)(sig[i] ^ part[i]);
    } else {
        sig = malloc(part_len + 1);
        if (sig == NULL)
            abort();
        memcpy(sig, part, part_len);
        sig_len = part_len;
    }

    char *why = NULL;
    struct store *st = store_open(":memory:", &why);
    if (st == NULL)
        abort();
    struct journal_file file = {
        .name = "stick/journal.csv",
        .text = text,
        .len = len,
        .sig = sig,
        .sig_len = sig_len,
    };
    struct journal_summary sum;
    bool ok = journal_merge(st, &key, "fuzz-self", &file, &sum, &why);
    if (ok != (why == NULL) || (!ok && events(st) != 0) || (ok && events(st) != sum.added))
        abort();
    if (ok) {
        /* Merged: the signature must be the real one. */
        char *real = journal_sign(&key, text, len);
        size_t n = line_length(real, strlen(real));
        if (line_length(sig, sig_len) != n || memcmp(sig, real, n) != 0)
            abort();
        free(real);
    }
    free(why);
    free(sig);
    store_close(st);
    return 0;
}
