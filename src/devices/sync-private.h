/* What sync.c's files share. */
#ifndef ENTRADA_SYNC_PRIVATE_H
#define ENTRADA_SYNC_PRIVATE_H

/* Why libpq, loaded at its first use, cannot be used; NULL if it can (sync-libpq.c). */
const char *sync_libpq_error(void);

#endif
