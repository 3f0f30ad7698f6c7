/*
 * Fuzz target for everything an attendee list passes through before the
 * store: encoding detection, separator sniffing and the CSV reader. Built
 * with libFuzzer under clang (ENTRADA_FUZZ), or with driver.c otherwise.
 */
#include "entrada/csv.h"
#include "entrada/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = NULL, *why = NULL;
    size_t len;
    enum text_encoding enc;
    if (!text_decode((const char *)data, size, &text, &len, &enc, &why)) {
        free(why);
        return 0;
    }
    char sep = csv_sniff(text, len, &why);
    if (sep == 0) {
        free(why);
        why = NULL;
        sep = ',';
    }
    struct csv_reader *r = csv_open(text, len, sep);
    struct csv_row row;
    int rc;
    while ((rc = csv_read(r, &row, &why)) == 1) {
        for (size_t i = 0; i < row.n; i++) {
            if (strlen(row.field[i]) != row.len[i] || row.len[i] > CSV_FIELD_MAX)
                abort();
            char *f = text_fold(row.field[i]);
            char *c = text_clean(row.field[i]);
            free(f);
            free(c);
        }
    }
    if (rc < 0 && why == NULL)
        abort(); /* an error must say why */
    free(why);
    csv_close(r);
    free(text);
    return 0;
}
