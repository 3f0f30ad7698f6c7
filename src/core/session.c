/* What a session's name may be: see session.h. */
#include "entrada/session.h"

#include <string.h>

bool session_name_valid(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > SESSION_NAME_MAX)
        return false;
    return strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-_") == len;
}
