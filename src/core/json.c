/* JSON string escaping. */
#include "entrada/json.h"

#include <stdio.h>

void json_string(struct buf *b, const char *s)
{
    if (s == NULL) {
        buf_adds(b, "null");
        return;
    }
    buf_addc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            buf_adds(b, "\\\"");
            break;
        case '\\':
            buf_adds(b, "\\\\");
            break;
        case '\n':
            buf_adds(b, "\\n");
            break;
        case '\r':
            buf_adds(b, "\\r");
            break;
        case '\t':
            buf_adds(b, "\\t");
            break;
        default:
            if (*p < 0x20 || *p == 0x7F)
                buf_addf(b, "\\u%04x", *p);
            else
                buf_addc(b, (char)*p);
        }
    }
    buf_addc(b, '"');
}

void json_member(struct buf *b, const char *key, const char *s)
{
    buf_adds(b, ", \"");
    buf_adds(b, key);
    buf_adds(b, "\": ");
    json_string(b, s);
}
