/*
 * Deleting the event's data after the event: the database with its WAL
 * and rollback files, and the lists copied from USB sticks. Each file is
 * overwritten with zeros and flushed before it is unlinked, so that its
 * content is not left in free blocks of a plain file system (flash wear
 * levelling may still keep old copies: see README, "After the event").
 */
#ifndef ENTRADA_WIPE_H
#define ENTRADA_WIPE_H

#include <stdbool.h>

/*
 * Where the lists from sticks are copied for the database at db_path:
 * from-stick/ in the database's directory. Drop copies a list there while
 * it reads it; wipe_event deletes the folder and whatever an interrupted
 * import left in it. Returns a new string (caller frees).
 */
char *wipe_work_dir(const char *db_path);

/*
 * Overwrite the plain file at path with zeros, flush it to disk and unlink
 * it. A symbolic link is not followed. Returns 1 when deleted, 0 when there
 * was no such file, -1 on failure with errno set.
 */
int wipe_file(const char *path);

/*
 * Called for each file or directory wipe_event deleted (err 0) or failed
 * to delete (err an errno value). path is valid during the call only.
 */
typedef void wipe_report_fn(void *ctx, const char *path, int err);

/*
 * Delete the event's data for the database at db_path: the database,
 * db_path-wal, -shm and -journal, then every file in wipe_work_dir and the
 * directory itself, reporting each. Nothing outside the database's folder
 * and that directory is touched: links are not followed, and what is not a
 * plain file is left alone and reported. A db_path that is not an entrada
 * store is refused before anything is deleted. Files that do not exist are
 * skipped silently. Carries on past failures; true when nothing failed,
 * else false with *why set. report may be NULL.
 */
bool wipe_event(const char *db_path, wipe_report_fn *report, void *ctx, char **why);

#endif
