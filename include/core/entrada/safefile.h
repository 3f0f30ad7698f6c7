/*
 * Writing a file so that it is either complete or absent: it is written
 * under a temporary name in the same directory, flushed to disk, renamed
 * into place, and the directory flushed too. A stick pulled halfway leaves
 * no half-written file looking complete.
 */
#ifndef ENTRADA_SAFEFILE_H
#define ENTRADA_SAFEFILE_H

#include <stdbool.h>
#include <stdio.h>

struct safefile;

/*
 * Start writing dir/name, readable and writable by its owner only (0600).
 * NULL with *why set if the directory is not writable.
 */
struct safefile *safefile_open(const char *dir, const char *name, char **why);

/* The stream to write to. */
FILE *safefile_stream(struct safefile *sf);

/*
 * The temporary file's path, for a library that writes a file by its name
 * (libxlsxwriter): write through the path or through the stream, not both.
 */
const char *safefile_path(struct safefile *sf);

/* The path the file will have once committed (dir/name). */
const char *safefile_target(struct safefile *sf);

/*
 * Finish: flush, fsync, rename into place, fsync the directory. On any
 * error (a full or vanished disk) the temporary file is removed, the old
 * file (if any) is left as it was and *why says what failed. Frees sf.
 */
bool safefile_commit(struct safefile *sf, char **why);

/* Give up: remove the temporary file. Frees sf; accepts NULL. */
void safefile_abort(struct safefile *sf);

#endif
