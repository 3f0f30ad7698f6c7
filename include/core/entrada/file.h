/*
 * Reading a whole file that comes from outside (an attendee list, the
 * configuration, a catalogue): only a regular file, opened without
 * blocking (a FIFO or a device is refused at once, not waited on), and no
 * larger than a limit, so that /dev/zero or a named pipe can never hang
 * or exhaust the program.
 */
#ifndef ENTRADA_FILE_H
#define ENTRADA_FILE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Read the regular file at path, at most max bytes (what names the limit
 * in messages, e.g. "[import] max_mb"). On success *data is a new
 * NUL-terminated buffer (caller frees) of *len bytes. False with *why set
 * ("PATH: what") if it is not a regular file, is too big, or cannot be
 * read whole.
 */
bool file_read(const char *path, size_t max, const char *what, char **data, size_t *len,
               char **why);

#endif
