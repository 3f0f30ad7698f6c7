/*
 * Sessions: the parts of an event counted separately (a talk, a
 * workshop); every store has "main". The store keeps them; this module
 * says what a session's name may be.
 */
#ifndef ENTRADA_SESSION_H
#define ENTRADA_SESSION_H

#include <stdbool.h>

/* The longest session name, in bytes. */
#define SESSION_NAME_MAX 32

/*
 * True if name is 1 to SESSION_NAME_MAX of a-z, 0-9, '-' and '_'. Session
 * names go into file names and event ids, so they are kept plain.
 */
bool session_name_valid(const char *name);

#endif
