/*
 * Transliteration through ICU's C API (utrans). A transliterator takes
 * some 50 ms to open the first time (ICU loads its rules), so each scheme
 * is opened once, on first use, and kept for the life of the process; a
 * mutex serialises its use, since a UTransliterator is not thread-safe and
 * a name takes 20 to 35 microseconds.
 */
#include "entrada/translit.h"
#include "entrada/xmalloc.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <utf8proc.h>

static const char *const scheme_id[] = {
    [TRANSLIT_ASCII] = "Any-Latin; Latin-ASCII",
    [TRANSLIT_EVERYDAY] = "Russian-Latin/BGN; Greek-Latin/UNGEGN; Any-Latin; Latin-ASCII",
};

#define NSCHEMES (sizeof scheme_id / sizeof scheme_id[0])

/*
 * The latest texts made Latin, and what they gave: an import makes a
 * person's search key more than once (the row, then the person it joins),
 * and a name costs tens of microseconds in ICU.
 */
enum { RECENT = 4 };

static struct {
    pthread_mutex_t lock;
    UTransliterator *t;
    bool tried; /* opened, or failed to: not tried again */
    char *from[RECENT], *to[RECENT];
    unsigned next; /* the entry to replace */
} schemes[NSCHEMES] = {
    { .lock = PTHREAD_MUTEX_INITIALIZER },
    { .lock = PTHREAD_MUTEX_INITIALIZER },
};

/* A copy of what s gave lately, or NULL. Lock held. */
static char *recent_get(enum translit_scheme scheme, const char *s)
{
    for (int i = 0; i < RECENT; i++)
        if (schemes[scheme].from[i] && strcmp(schemes[scheme].from[i], s) == 0)
            return xstrdup(schemes[scheme].to[i]);
    return NULL;
}

/* Remember that s gave latin. Lock held. */
static void recent_put(enum translit_scheme scheme, const char *s, const char *latin)
{
    unsigned i = schemes[scheme].next++ % RECENT;
    free(schemes[scheme].from[i]);
    free(schemes[scheme].to[i]);
    schemes[scheme].from[i] = xstrdup(s);
    schemes[scheme].to[i] = xstrdup(latin);
}

/* Letters of the Latin script above U+036F: Latin Extended Additional
   (Vietnamese), Extended-C/D/E, the ligatures ﬀ..ﬆ and fullwidth forms. */
static bool latin_letter(int32_t cp)
{
    return (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2C60 && cp <= 0x2C7F) ||
           (cp >= 0xA720 && cp <= 0xA7FF) || (cp >= 0xAB30 && cp <= 0xAB6F) ||
           (cp >= 0xFB00 && cp <= 0xFB06) || (cp >= 0xFF21 && cp <= 0xFF5A);
}

bool translit_needed(const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        if (*p < 0xCD) { /* below U+0340: ASCII, Latin-1, Latin Extended, IPA */
            p++;
            continue;
        }
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
        if (k <= 0) {
            p++;
            continue;
        }
        p += k;
        if (cp < 0x370 || latin_letter(cp))
            continue;
        switch (utf8proc_category(cp)) {
        case UTF8PROC_CATEGORY_LU:
        case UTF8PROC_CATEGORY_LL:
        case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM:
        case UTF8PROC_CATEGORY_LO:
            return true;
        default:
            break;
        }
    }
    return false;
}

/* The scheme's transliterator, opened on first use; NULL if ICU cannot. Lock held. */
static UTransliterator *scheme_open(enum translit_scheme scheme)
{
    if (!schemes[scheme].tried) {
        schemes[scheme].tried = true;
        UChar id[128];
        UErrorCode err = U_ZERO_ERROR;
        u_strFromUTF8(id, (int32_t)(sizeof id / sizeof id[0]), NULL, scheme_id[scheme], -1, &err);
        if (U_SUCCESS(err))
            schemes[scheme].t = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
        if (U_FAILURE(err))
            schemes[scheme].t = NULL;
    }
    return schemes[scheme].t;
}

char *translit_latin(const char *s, enum translit_scheme scheme)
{
    pthread_mutex_lock(&schemes[scheme].lock);
    char *seen = recent_get(scheme, s);
    pthread_mutex_unlock(&schemes[scheme].lock);
    if (seen)
        return seen;
    UErrorCode err = U_ZERO_ERROR;
    int32_t len = 0;
    u_strFromUTF8(NULL, 0, &len, s, -1, &err); /* measures; says the buffer overflowed */
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
        return NULL;
    /* A transliteration grows a text (Щ → Shch): room for four times as long, and more on
       demand. */
    int32_t cap = 4 * len + 16;
    UChar *u = xreallocarray(NULL, (size_t)cap, sizeof *u);
    err = U_ZERO_ERROR;
    u_strFromUTF8(u, cap, &len, s, -1, &err);
    char *out = NULL;
    if (U_FAILURE(err))
        goto out;

    pthread_mutex_lock(&schemes[scheme].lock);
    UTransliterator *t = scheme_open(scheme);
    int32_t limit = len, n = len;
    if (t)
        utrans_transUChars(t, u, &n, cap, 0, &limit, &err);
    if (t && err == U_BUFFER_OVERFLOW_ERROR) {
        /* Start again from the original text with the room ICU asked for. */
        cap = (n > cap ? n : cap) * 2;
        u = xreallocarray(u, (size_t)cap, sizeof *u);
        err = U_ZERO_ERROR;
        u_strFromUTF8(u, cap, &len, s, -1, &err);
        limit = n = len;
        if (U_SUCCESS(err))
            utrans_transUChars(t, u, &n, cap, 0, &limit, &err);
    }
    pthread_mutex_unlock(&schemes[scheme].lock);
    if (t == NULL || U_FAILURE(err))
        goto out;

    int32_t bytes = 0;
    err = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &bytes, u, n, &err);
    out = xmalloc((size_t)bytes + 1);
    err = U_ZERO_ERROR;
    u_strToUTF8(out, bytes + 1, NULL, u, n, &err);
    if (U_FAILURE(err)) {
        free(out);
        out = NULL;
    } else {
        pthread_mutex_lock(&schemes[scheme].lock);
        recent_put(scheme, s, out);
        pthread_mutex_unlock(&schemes[scheme].lock);
    }
out:
    free(u);
    return out;
}
