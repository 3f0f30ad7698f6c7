/*
 * Fuzz target for journal files, which come from other kiosks on a stick:
 * whatever the bytes, journal_merge either merges or refuses with a
 * message, and a refused file leaves the store as it was.
 */
#include "entrada/journal.h"

#include <stdint.h>
#include <stdlib.h>

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
    char *why = NULL;
    struct store *st = store_open(":memory:", &why);
    if (st == NULL)
        abort();
    struct journal_summary sum;
    bool ok = journal_merge(st, (const char *)data, size, "fuzz.csv", &sum, &why);
    if (ok != (why == NULL) || (!ok && events(st) != 0) || (ok && events(st) != sum.added))
        abort();
    free(why);
    store_close(st);
    return 0;
}
