/*
 * Allocation wrappers. Out of memory is not something entrada can recover
 * from on a kiosk, so these print one line and abort; call sites never check
 * for NULL.
 */
#ifndef ENTRADA_XMALLOC_H
#define ENTRADA_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
/* Resize an array of n elements of size bytes, checking n * size for overflow. */
void *xreallocarray(void *ptr, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a freshly allocated string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
