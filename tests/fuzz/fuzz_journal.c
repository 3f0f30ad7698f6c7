/*
 * Fuzz target for journal files, which come from other kiosks on a stick:
 * whatever the bytes (signed here with the event key, so that the reader
 * behind the signature check is reached), journal_merge either merges or
 * refuses with a message, and a refused file leaves the store as it was.
 * fuzz_signed.c fuzzes the signature check itself.
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct key key = { { 7, 7, 7, 7 } };
    char *why = NULL;
    struct store *st = store_open(":memory:", &why);
    if (st == NULL)
        abort();
    char *sig = journal_sign(&key, (const char *)data, size);
    struct journal_file file = {
        .name = "fuzz.csv",
        .text = (const char *)data,
        .len = size,
        .sig = sig,
        .sig_len = strlen(sig),
    };
    struct journal_summary sum;
    bool ok = journal_merge(st, &key, "fuzz-self", &file, &sum, &why);
    if (ok != (why == NULL) || (!ok && events(st) != 0) || (ok && events(st) != sum.added))
        abort();
    free(why);
    free(sig);
    store_close(st);
    return 0;
}
