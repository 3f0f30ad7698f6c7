/* Reading kiosk scripts. */
#include "script.h"
#include "entrada/buf.h"
#include "entrada/xmalloc.h"

#include <errno.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct script {
    struct script_step *steps;
    size_t n, cap, next;
};

/* s with \xNN and \\ decoded. */
static char *unescape(const char *s)
{
    struct buf b = { 0 };
    buf_add(&b, "", 0);
    for (; *s; s++) {
        unsigned v;
        if (s[0] == '\\' && s[1] == 'x' && sscanf(s + 2, "%2x", &v) == 1 && v > 0) {
            buf_addc(&b, (char)v);
            s += 3;
        } else if (s[0] == '\\' && s[1] == '\\') {
            buf_addc(&b, '\\');
            s++;
        } else {
            buf_addc(&b, *s);
        }
    }
    return buf_steal(&b);
}

/* One coordinate: pixels, or a percentage of the screen ("50%"). Advances *s. */
static bool parse_coordinate(char **s, int *v, bool *percent)
{
    char *end;
    long n = strtol(*s, &end, 10);
    if (end == *s || n < 0 || n > 100000)
        return false;
    *percent = *end == '%';
    if (*percent && n > 100)
        return false;
    *v = (int)n;
    *s = end + *percent;
    while (**s == ' ')
        (*s)++;
    return true;
}

/* "X Y" of a tap or hold; leaves *arg after them. */
static bool parse_point(char **arg, struct script_step *st)
{
    return parse_coordinate(arg, &st->x, &st->x_percent) &&
           parse_coordinate(arg, &st->y, &st->y_percent);
}

static bool parse_line(char *line, struct script_step *st)
{
    static const char *const names[] = {
        [SCRIPT_SCAN] = "scan", [SCRIPT_TYPE] = "type",   [SCRIPT_KEY] = "key",
        [SCRIPT_TAP] = "tap",   [SCRIPT_HOLD] = "hold",   [SCRIPT_WAIT] = "wait",
        [SCRIPT_SHOT] = "shot", [SCRIPT_TEXTS] = "texts", [SCRIPT_STALL] = "stall",
        [SCRIPT_QUIT] = "quit",
    };
    size_t len = strcspn(line, " ");
    char *arg = line[len] ? line + len + 1 : line + len;
    for (size_t op = 0; op < sizeof names / sizeof names[0]; op++) {
        if (strlen(names[op]) != len || strncmp(line, names[op], len) != 0)
            continue;
        st->op = (enum script_op)op;
        switch (st->op) {
        case SCRIPT_SCAN:
        case SCRIPT_TYPE:
        case SCRIPT_KEY:
        case SCRIPT_SHOT:
        case SCRIPT_TEXTS:
            if (!arg[0])
                return false;
            st->text = unescape(arg);
            return true;
        case SCRIPT_TAP:
            return parse_point(&arg, st) && *arg == '\0';
        case SCRIPT_HOLD:
            return parse_point(&arg, st) && sscanf(arg, "%d", &st->ms) == 1 && st->ms >= 0;
        case SCRIPT_WAIT:
        case SCRIPT_STALL:
            return sscanf(arg, "%d", &st->ms) == 1 && st->ms >= 0;
        case SCRIPT_QUIT:
            return true;
        }
    }
    return false;
}

struct script *script_load(const char *path, char **why)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        *why = xasprintf("%s: %s", path, strerror(errno));
        return NULL;
    }
    struct script *s = xcalloc(1, sizeof *s);
    char *line = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        struct script_step st = { .line = lineno };
        if (!parse_line(line, &st)) {
            *why = xasprintf(
                "%s:%u: expected scan CODE, type TEXT, key NAME, tap X Y, hold X Y MS, wait MS, "
                "shot FILE, texts FILE, stall MS or quit",
                path, lineno);
            free(st.text);
            free(line);
            fclose(f);
            script_free(s);
            return NULL;
        }
        if ((st.op == SCRIPT_SHOT || st.op == SCRIPT_TEXTS) && st.text[0] != '/') {
            /* Screenshots go beside the script unless the path says otherwise. */
            char *copy = xstrdup(path);
            char *shot = xasprintf("%s/%s", dirname(copy), st.text);
            free(copy);
            free(st.text);
            st.text = shot;
        }
        if (s->n == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 32;
            s->steps = xreallocarray(s->steps, s->cap, sizeof *s->steps);
        }
        s->steps[s->n++] = st;
    }
    free(line);
    fclose(f);
    return s;
}

void script_free(struct script *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->steps[i].text);
    free(s->steps);
    free(s);
}

const struct script_step *script_next(struct script *s)
{
    return s->next < s->n ? &s->steps[s->next++] : NULL;
}
