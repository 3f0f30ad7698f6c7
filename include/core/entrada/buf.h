/*
 * A growable byte buffer, always NUL-terminated, for building strings whose
 * length is not known in advance (CSV fields, JSON, file contents).
 */
#ifndef ENTRADA_BUF_H
#define ENTRADA_BUF_H

#include <stddef.h>

struct buf {
    char *data; /* NUL-terminated once anything was added; NULL before */
    size_t len;
    size_t cap;
};

/* Make room for more bytes (and the NUL) so that data[len .. len + more] can be written. */
void buf_reserve(struct buf *b, size_t more);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_addc(struct buf *b, char c);
void buf_adds(struct buf *b, const char *s);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Forget the contents but keep the memory. */
void buf_reset(struct buf *b);
/* Hand the string over to the caller (never NULL) and leave b empty. */
char *buf_steal(struct buf *b);
void buf_free(struct buf *b);

#endif
