/*
 * Fuzz target for journal files, which come from other kiosks on a stick:
 * whatever the bytes, journal_merge either merges or refuses with a
 * message, and a refused file leaves the store as it was.
 */
#include "entrada/journal.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t events(struct store *st)
{
    sqlite3_stmt *q;
    sqlite3_prepare_v2(store_db(st), "SELECT COUNT(*) FROM checkins", -1, &q, NULL);
    int64_t n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
    sqlite3_finalize(q);
    return n;
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
