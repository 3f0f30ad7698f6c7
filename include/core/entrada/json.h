/* Writing JSON: just enough for entrada's --json output and stored extras. */
#ifndef ENTRADA_JSON_H
#define ENTRADA_JSON_H

#include "entrada/buf.h"

/* Append s as a quoted JSON string (NULL as null). s is UTF-8. */
void json_string(struct buf *b, const char *s);
/* Append ', "key": ' and s as json_string does: a member after the first. */
void json_member(struct buf *b, const char *key, const char *s);

#endif
