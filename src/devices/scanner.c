/*
 * Telling scans from typing by timing. Keys are held in a pending buffer
 * while they keep coming faster than the gap; what happens when they stop
 * decides what they were: two keys or more are a burst (a scan if long
 * enough), a single key is typing.
 */
#include "entrada/scanner.h"
#include "entrada/xmalloc.h"

#include <stdlib.h>
#include <string.h>

struct scanner {
    uint32_t gap_ms;
    char pending[SCANNER_MAX + 1];
    size_t len;
    unsigned keys; /* key presses held, not bytes */
    uint32_t last; /* time of the latest held key */
};

struct scanner *scanner_create(uint32_t gap_ms)
{
    struct scanner *s = xcalloc(1, sizeof *s);
    s->gap_ms = gap_ms;
    return s;
}

void scanner_destroy(struct scanner *s)
{
    free(s);
}

/* Decide what the held keys were: a scan or typing. Appends to out. */
static size_t release(struct scanner *s, bool scan, struct scanner_event *out)
{
    if (s->keys == 0)
        return 0;
    out->kind = scan && s->keys >= SCANNER_MIN_CODE ? SCANNER_CODE : SCANNER_TEXT;
    memcpy(out->text, s->pending, s->len);
    out->text[s->len] = '\0';
    s->len = 0;
    s->keys = 0;
    return 1;
}

size_t scanner_key(struct scanner *s, const char *text, uint32_t t, struct scanner_event out[3])
{
    size_t n = 0;
    bool fast = s->keys > 0 && t - s->last <= s->gap_ms;
    if (s->keys > 0 && !fast)
        n += release(s, s->keys > 1, &out[n]); /* the pause ended what came before */

    if (text == NULL) { /* Enter */
        if (fast && s->keys > 1) {
            n += release(s, true, &out[n]);
        } else {
            n += release(s, false, &out[n]);
            out[n].kind = SCANNER_ENTER;
            out[n++].text[0] = '\0';
        }
        return n;
    }
    size_t len = strlen(text);
    if (s->len + len <= SCANNER_MAX) { /* past the cap, a burst is cut short */
        memcpy(s->pending + s->len, text, len);
        s->len += len;
    }
    s->keys++;
    s->last = t;
    return n;
}

size_t scanner_tick(struct scanner *s, uint32_t now, struct scanner_event out[3])
{
    if (s->keys == 0 || now - s->last <= s->gap_ms)
        return 0;
    return release(s, s->keys > 1, out);
}

uint32_t scanner_deadline(const struct scanner *s)
{
    return s->keys ? s->last + s->gap_ms + 1 : 0;
}
