/*
 * Attendee list import. roster_load reads the file, decodes it, sniffs the
 * separator, maps the columns and reads every row once to find anything
 * wrong; roster_merge reads the rows again and writes them. Keeping only
 * the decoded text in memory (not the rows) keeps a 100,000-row import
 * small.
 */
#include "entrada/roster.h"
#include "entrada/buf.h"
#include "entrada/checkin.h"
#include "entrada/json.h"
#include "entrada/text.h"
#include "entrada/xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Header names, folded (text_fold), that each field is found under, in
 * order of preference: pretix's "Secret" is the QR content while its
 * "Order code" is not, Eventbrite's "Barcode #" beats its "Attendee #".
 */
static const char *const aliases[ROSTER_FIELD_COUNT][24] = {
    [ROSTER_CODE] = { "secret",
                      "ticket secret",
                      "barcode",
                      "barcode number",
                      "qr code",
                      "qr",
                      "ticket code",
                      "public id",
                      "ticket id",
                      "ticket uuid",
                      "ticket reference",
                      "attendee number",
                      "attendee id",
                      "code",
                      "codigo",
                      "codigo qr",
                      "localizador",
                      "ticket number",
                      "badge code",
                      "ticketcode",
                      NULL },
    [ROSTER_NAME] = { "attendee name", "name", "full name", "fullname", "nombre completo",
                      "nombre y apellidos", "apellidos y nombre", "participant", "participant name",
                      "participante", "vollstandiger name", "teilnehmer", "teilnehmername",
                      "display name", "your name", NULL },
    [ROSTER_FIRST_NAME] = { "first name", "firstname", "given name", "attendee name given name",
                            "forename", "nombre", "vorname", "first", NULL },
    [ROSTER_LAST_NAME] = { "last name", "lastname", "surname", "family name",
                           "attendee name family name", "apellidos", "apellido", "nachname", "last",
                           NULL },
    [ROSTER_ORGANISATION] = { "company", "company name", "organisation", "organization",
                              "organisation name", "organization name", "affiliation",
                              "institution", "attendee company", "organizacion", "empresa",
                              "entidad", "institucion", "organismo", "unternehmen", "firma",
                              "organisation company", "employer", NULL },
    [ROSTER_EMAIL] = { "email", "e mail", "email address", "e mail address", "attendee email",
                       "attendee e mail", "correo", "correo electronico",
                       "direccion de correo electronico", "e mail adresse", "mail", NULL },
    [ROSTER_CATEGORY] = { "category", "product", "ticket type", "ticket", "ticket name", "role",
                          "attendee type", "registration type", "tipo", "tipo de entrada",
                          "tipo de inscripcion", "categoria", "rol", "kategorie", "ticketart",
                          "ticket typ", NULL },
};

static const char *const field_names[ROSTER_FIELD_COUNT] = {
    "code", "name", "first_name", "last_name", "organisation", "email", "category",
};

struct roster {
    char *path;
    char *text; /* the whole file as UTF-8 */
    size_t len;
    char sep;
    enum text_encoding enc;
    char sha256[2 * SHA256_DIGEST_SIZE + 1];
    char **header; /* cleaned header names */
    size_t ncols;
    int col[ROSTER_FIELD_COUNT];
    bool nameless;        /* no name column: can be inspected, not merged */
    unsigned header_line; /* after blank lines or a "sep=" line, not always 1 */
    unsigned rows;
    unsigned max_cancel_percent;
};

struct roster_options roster_options_from(const struct config *cfg)
{
    static const enum config_key keys[ROSTER_FIELD_COUNT] = {
        [ROSTER_CODE] = CONFIG_COLUMN_CODE,
        [ROSTER_NAME] = CONFIG_COLUMN_NAME,
        [ROSTER_FIRST_NAME] = CONFIG_COLUMN_FIRST_NAME,
        [ROSTER_LAST_NAME] = CONFIG_COLUMN_LAST_NAME,
        [ROSTER_ORGANISATION] = CONFIG_COLUMN_ORGANISATION,
        [ROSTER_EMAIL] = CONFIG_COLUMN_EMAIL,
        [ROSTER_CATEGORY] = CONFIG_COLUMN_CATEGORY,
    };
    struct roster_options o = { .max_bytes =
                                    (size_t)config_int(cfg, CONFIG_IMPORT_MAX_MB) * 1000000 };
    for (int f = 0; f < ROSTER_FIELD_COUNT; f++)
        o.columns[f] = config_str(cfg, keys[f]);
    return o;
}

const char *roster_field_name(enum roster_field field)
{
    return field_names[field];
}

unsigned roster_rows(const struct roster *r)
{
    return r->rows;
}

const char *roster_encoding(const struct roster *r)
{
    return text_encoding_name(r->enc);
}

char roster_separator(const struct roster *r)
{
    return r->sep;
}

const char *roster_sha256(const struct roster *r)
{
    return r->sha256;
}

size_t roster_columns(const struct roster *r)
{
    return r->ncols;
}

const char *roster_header(const struct roster *r, size_t column)
{
    return column < r->ncols ? r->header[column] : "";
}

int roster_column(const struct roster *r, enum roster_field field)
{
    return r->col[field];
}

void roster_free(struct roster *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->ncols; i++)
        free(r->header[i]);
    free(r->header);
    free(r->text);
    free(r->path);
    free(r);
}

/* Read the whole file, refusing anything over max bytes (0: no limit). */
static bool read_file(const char *path, size_t max, char **data, size_t *len, char **why)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *why = xasprintf("%s: cannot open: %s", path, strerror(errno));
        return false;
    }
    struct stat sb;
    char *buf = NULL;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        *why = xasprintf("%s: not a regular file", path);
        goto fail;
    }
    if (max && (uint64_t)sb.st_size > max) {
        *why = xasprintf("%s: %.1f MB is over the limit of %.1f MB ([import] max_mb)", path,
                         sb.st_size / 1e6, max / 1e6);
        goto fail;
    }
    size_t size = (size_t)sb.st_size, got = 0;
    buf = xmalloc(size + 1);
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *why = xasprintf("%s: read error after %zu bytes: %s", path, got, strerror(errno));
            goto fail;
        }
        if (n == 0) {
            *why = xasprintf("%s: file ended after %zu of %zu bytes (removed while reading?)", path,
                             got, size);
            goto fail;
        }
        got += (size_t)n;
    }
    close(fd);
    buf[size] = '\0';
    *data = buf;
    *len = size;
    return true;
fail:
    free(buf);
    close(fd);
    return false;
}

static void hex_sha256(const char *data, size_t len, char out[2 * SHA256_DIGEST_SIZE + 1])
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, (const uint8_t *)data);
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

/* Map header columns to fields. False with *why if no name can be found. */
static bool map_columns(struct roster *r, const struct roster_options *opt, char **why)
{
    char **folded = xcalloc(r->ncols, sizeof *folded);
    for (size_t c = 0; c < r->ncols; c++)
        folded[c] = text_fold(r->header[c]);
    bool ok = true;

    for (int f = 0; f < ROSTER_FIELD_COUNT; f++) {
        r->col[f] = -1;
        const char *want = opt->columns[f];
        if (want && want[0]) {
            char *fw = text_fold(want);
            for (size_t c = 0; c < r->ncols && r->col[f] < 0; c++)
                if (strcmp(folded[c], fw) == 0)
                    r->col[f] = (int)c;
            free(fw);
            if (r->col[f] < 0) {
                *why = xasprintf("%s:%u: no column \"%s\" (set as [columns] %s)", r->path,
                                 r->header_line, want, field_names[f]);
                ok = false;
                goto out;
            }
            continue;
        }
        for (size_t a = 0; aliases[f][a] && r->col[f] < 0; a++)
            for (size_t c = 0; c < r->ncols && r->col[f] < 0; c++)
                if (strcmp(folded[c], aliases[f][a]) == 0)
                    r->col[f] = (int)c;
    }
    /* A column claimed by two fields belongs to the first (e.g. a lone "Nombre"). */
    for (int f = 0; f < ROSTER_FIELD_COUNT; f++)
        for (int g = f + 1; g < ROSTER_FIELD_COUNT; g++)
            if (r->col[g] >= 0 && r->col[g] == r->col[f])
                r->col[g] = -1;

    r->nameless =
        r->col[ROSTER_NAME] < 0 && r->col[ROSTER_FIRST_NAME] < 0 && r->col[ROSTER_LAST_NAME] < 0;
    if (r->nameless && !opt->any_columns) {
        struct buf found = { 0 };
        for (size_t c = 0; c < r->ncols && c < 12; c++)
            buf_addf(&found, "%s\"%s\"", c ? ", " : "", r->header[c]);
        *why = xasprintf("%s:%u: no name column (found %s); name one \"Name\", \"Full "
                         "name\", \"Nombre completo\", or \"First name\" and \"Last name\", or "
                         "set [columns] name",
                         r->path, r->header_line, found.data ? found.data : "nothing");
        buf_free(&found);
        ok = false;
    }
out:
    for (size_t c = 0; c < r->ncols; c++)
        free(folded[c]);
    free(folded);
    return ok;
}

/* One row's fields, cleaned; every string owned. */
struct row_values {
    char *v[ROSTER_FIELD_COUNT];
};

/* The raw value of field in row, "" if the list has no such column. */
static const char *field_of(const struct roster *r, const struct csv_row *row, enum roster_field f)
{
    int c = r->col[f];
    return c >= 0 && (size_t)c < row->n ? row->field[c] : "";
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool blank(const char *s)
{
    while (is_space(*s))
        s++;
    return *s == '\0';
}

/* s without surrounding white space: its start, and its length in *len. */
static const char *trimmed(const char *s, size_t *len)
{
    while (is_space(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && is_space(s[n - 1]))
        n--;
    *len = n;
    return s;
}

static void row_values_read(const struct roster *r, const struct csv_row *row,
                            struct row_values *rv)
{
    for (int f = 0; f < ROSTER_FIELD_COUNT; f++) {
        if (f == ROSTER_CODE) {
            /* A code is kept exactly, only trimmed: it must match what a badge carries. */
            size_t len;
            const char *code = trimmed(field_of(r, row, f), &len);
            rv->v[f] = xstrndup(code, len);
        } else {
            rv->v[f] = text_clean(field_of(r, row, f));
        }
    }
    if (rv->v[ROSTER_NAME][0] == '\0') {
        char *name = xasprintf("%s %s", rv->v[ROSTER_FIRST_NAME], rv->v[ROSTER_LAST_NAME]);
        free(rv->v[ROSTER_NAME]);
        rv->v[ROSTER_NAME] = text_clean(name);
        free(name);
    }
}

/* A code and the line it is on, for finding duplicates. */
struct code_line {
    const char *code;
    unsigned line;
};

static int compare_code_lines(const void *a, const void *b)
{
    const struct code_line *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Read every row once and stop at the first thing that would make the import fail. */
static bool check_rows(struct roster *r, char **why)
{
    struct csv_reader *rd = csv_open(r->text, r->len, r->sep);
    struct csv_row row;
    struct buf codes = { 0 };
    struct code_line *lines = NULL;
    size_t nlines = 0, cap = 0;
    bool ok = false;
    char *err = NULL;
    int rc;

    if (csv_read(rd, &row, &err) != 1) /* the header, read before */
        goto out;
    unsigned header_line = r->header_line;
    while ((rc = csv_read(rd, &row, &err)) == 1) {
        for (size_t c = r->ncols; c < row.n; c++) {
            if (!blank(row.field[c])) {
                char *extra = text_clean(row.field[c]);
                *why = xasprintf("%s:%u: %zu values but the header (line %u) has %zu columns; "
                                 "extra value \"%.40s\"",
                                 r->path, row.line, row.n, header_line, r->ncols, extra);
                free(extra);
                goto out;
            }
        }
        for (size_t c = 0; c < row.n; c++) {
            int cc = text_control_char(row.field[c]);
            if (cc) {
                *why = xasprintf("%s:%u: control character 0x%02X in column \"%s\": is this "
                                 "really a CSV file?",
                                 r->path, row.line, cc, roster_header(r, c));
                goto out;
            }
        }
        if (!r->nameless && blank(field_of(r, &row, ROSTER_NAME)) &&
            blank(field_of(r, &row, ROSTER_FIRST_NAME)) &&
            blank(field_of(r, &row, ROSTER_LAST_NAME))) {
            *why = xasprintf("%s:%u: no name", r->path, row.line);
            goto out;
        }
        size_t code_len;
        const char *code = trimmed(field_of(r, &row, ROSTER_CODE), &code_len);
        if (code_len > CHECKIN_CODE_MAX) {
            *why =
                xasprintf("%s:%u: code longer than %d bytes", r->path, row.line, CHECKIN_CODE_MAX);
            goto out;
        }
        if (code_len > 0) {
            if (nlines == cap) {
                cap = cap ? cap * 2 : 1024;
                lines = xreallocarray(lines, cap, sizeof *lines);
            }
            /* Offsets for now: codes.data moves as it grows. */
            lines[nlines].code = (const char *)(uintptr_t)codes.len;
            lines[nlines++].line = row.line;
            buf_add(&codes, code, code_len);
            buf_addc(&codes, '\0');
        }
        r->rows++;
    }
    if (rc < 0) {
        *why = xasprintf("%s:%s", r->path, err + strlen("line "));
        goto out;
    }
    for (size_t i = 0; i < nlines; i++)
        lines[i].code = codes.data + (uintptr_t)lines[i].code;
    if (nlines)
        qsort(lines, nlines, sizeof *lines, compare_code_lines);
    for (size_t i = 1; i < nlines; i++) {
        if (strcmp(lines[i].code, lines[i - 1].code) == 0) {
            *why = xasprintf("%s: lines %u and %u have the same code \"%s\"", r->path,
                             lines[i - 1].line, lines[i].line, lines[i].code);
            goto out;
        }
    }
    ok = true;
out:
    free(err);
    free(lines);
    buf_free(&codes);
    csv_close(rd);
    return ok;
}

struct roster *roster_load(const char *path, const struct roster_options *opt, char **why)
{
    struct roster *r = xcalloc(1, sizeof *r);
    r->path = xstrdup(path);
    r->max_cancel_percent = opt->max_cancel_percent;
    char *raw = NULL, *err = NULL;
    size_t rawlen;
    struct csv_reader *rd = NULL;

    if (!read_file(path, opt->max_bytes, &raw, &rawlen, why))
        goto fail;
    hex_sha256(raw, rawlen, r->sha256);
    if (!text_decode(raw, rawlen, &r->text, &r->len, &r->enc, &err)) {
        *why = xasprintf("%s: %s", path, err);
        goto fail;
    }
    free(raw);
    raw = NULL;

    r->sep = csv_sniff(r->text, r->len, &err);
    if (r->sep == 0) {
        *why = xasprintf("%s: %s", path, err);
        goto fail;
    }
    rd = csv_open(r->text, r->len, r->sep);
    struct csv_row row;
    int rc = csv_read(rd, &row, &err);
    if (rc < 0) {
        *why = xasprintf("%s:%s", path, err + strlen("line "));
        goto fail;
    }
    if (rc == 0) {
        *why = xasprintf("%s: the file is empty (no header row)", path);
        goto fail;
    }
    r->header_line = row.line;
    r->ncols = row.n;
    r->header = xcalloc(row.n, sizeof *r->header);
    for (size_t c = 0; c < row.n; c++)
        r->header[c] = text_clean(row.field[c]);
    for (size_t c = 0; c < r->ncols; c++)
        for (size_t d = c + 1; d < r->ncols; d++)
            if (r->header[c][0] && strcmp(r->header[c], r->header[d]) == 0) {
                *why = xasprintf("%s:%u: column \"%s\" appears twice (columns %zu and %zu)", path,
                                 row.line, r->header[c], c + 1, d + 1);
                goto fail;
            }
    csv_close(rd);
    rd = NULL;
    if (!map_columns(r, opt, why) || !check_rows(r, why))
        goto fail;
    if (r->rows == 0 && !opt->any_columns) {
        /* Merging it would cancel everyone: a wrong export, not an empty event. */
        *why = xasprintf("%s: no attendees in the list, only its header", path);
        goto fail;
    }
    return r;
fail:
    free(err);
    free(raw);
    csv_close(rd);
    roster_free(r);
    return NULL;
}

void roster_each_row(const struct roster *r, bool (*fn)(void *ctx, const struct csv_row *row),
                     void *ctx)
{
    struct csv_reader *rd = csv_open(r->text, r->len, r->sep);
    struct csv_row row;
    char *err = NULL;
    if (csv_read(rd, &row, &err) == 1)
        while (csv_read(rd, &row, &err) == 1 && fn(ctx, &row))
            ;
    free(err);
    csv_close(rd);
}

void roster_make_code(char out[ROSTER_CODE_LENGTH + 1])
{
    /* 32 symbols that read aloud without 0/O or 1/I confusion: 5 bits each. */
    static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    uint64_t bits = 0;
    size_t got = 0;
    while (got < sizeof bits) {
        ssize_t n = getrandom((char *)&bits + got, sizeof bits - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fprintf(stderr, "entrada: no random numbers from the system: %s\n", strerror(errno));
            abort();
        }
        got += (size_t)n;
    }
    for (int i = 0; i < ROSTER_CODE_LENGTH; i++) {
        out[i] = alphabet[bits & 31];
        bits >>= 5;
    }
    out[ROSTER_CODE_LENGTH] = '\0';
}

/* An attendee whose code entrada made up, found again by e-mail or by name + organisation. */
struct made_code {
    char *key;
    char *code;
    bool taken;
};

struct made_codes {
    struct made_code *v;
    size_t n, cap;
};

/* The key a row without a code is matched on: its e-mail, else its name and organisation. */
static char *match_key(const char *name, const char *organisation, const char *email)
{
    if (email[0]) {
        char *f = text_fold(email);
        char *k = xasprintf("e:%s", f);
        free(f);
        return k;
    }
    char *fn = text_fold(name), *fo = text_fold(organisation);
    char *k = xasprintf("n:%s|%s", fn, fo);
    free(fn);
    free(fo);
    return k;
}

static bool handle_made_code(void *ctx, const struct attendee *a)
{
    struct made_codes *m = ctx;
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 64;
        m->v = xreallocarray(m->v, m->cap, sizeof *m->v);
    }
    m->v[m->n++] = (struct made_code){ match_key(a->name, a->organisation, a->email),
                                       xstrdup(a->code), false };
    return true;
}

static int compare_made_codes(const void *a, const void *b)
{
    return strcmp(((const struct made_code *)a)->key, ((const struct made_code *)b)->key);
}

/* The untaken made-up code for key, or NULL. Takes it. */
static const char *take_made_code(struct made_codes *m, const char *key)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(m->v[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < m->n && strcmp(m->v[lo].key, key) == 0; lo++)
        if (!m->v[lo].taken) {
            m->v[lo].taken = true;
            return m->v[lo].code;
        }
    return NULL;
}

static void made_codes_free(struct made_codes *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->v[i].key);
        free(m->v[i].code);
    }
    free(m->v);
}

/* Ids of attendees, to find who is no longer listed. */
struct ids {
    int64_t *v;
    size_t n, cap;
};

static void ids_add(struct ids *ids, int64_t id)
{
    if (ids->n == ids->cap) {
        ids->cap = ids->cap ? ids->cap * 2 : 1024;
        ids->v = xreallocarray(ids->v, ids->cap, sizeof *ids->v);
    }
    ids->v[ids->n++] = id;
}

static int compare_ids(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The unmapped columns of a row that have a value, as a JSON object. */
static char *row_extra(const struct roster *r, const struct csv_row *row)
{
    struct buf b = { 0 };
    buf_addc(&b, '{');
    bool any = false;
    for (size_t c = 0; c < r->ncols && c < row->n; c++) {
        bool mapped = false;
        for (int f = 0; f < ROSTER_FIELD_COUNT; f++)
            mapped |= r->col[f] == (int)c;
        if (mapped)
            continue;
        char *v = text_clean(row->field[c]);
        if (v[0]) {
            if (any)
                buf_addc(&b, ',');
            json_string(&b, r->header[c][0] ? r->header[c] : "?");
            buf_addc(&b, ':');
            json_string(&b, v);
            any = true;
        }
        free(v);
    }
    buf_addc(&b, '}');
    return buf_steal(&b);
}

/* A fresh code that no attendee has yet. */
static bool fresh_code(struct store *st, char **code, char **why)
{
    char c[ROSTER_CODE_LENGTH + 1];
    for (;;) {
        roster_make_code(c);
        struct attendee other = { 0 };
        int found = store_find_attendee(st, c, &other, why);
        attendee_clear(&other);
        if (found < 0)
            return false;
        if (found == 0) {
            *code = xstrdup(c);
            return true;
        }
    }
}

/* Turn one row into an attendee record; code is NULL if a new one must be made. */
static void read_attendee(const struct roster *r, const struct csv_row *row,
                          struct made_codes *made, struct attendee *a)
{
    struct row_values rv;
    row_values_read(r, row, &rv);
    memset(a, 0, sizeof *a);
    a->name = rv.v[ROSTER_NAME];
    a->first_name = rv.v[ROSTER_FIRST_NAME];
    a->last_name = rv.v[ROSTER_LAST_NAME];
    a->organisation = rv.v[ROSTER_ORGANISATION];
    a->email = rv.v[ROSTER_EMAIL];
    a->category = rv.v[ROSTER_CATEGORY];
    a->code = rv.v[ROSTER_CODE];
    a->extra = row_extra(r, row);
    if (a->code[0] == '\0') {
        char *key = match_key(a->name, a->organisation, a->email);
        const char *made_code = take_made_code(made, key);
        free(key);
        free(a->code);
        a->code = made_code ? xstrdup(made_code) : NULL;
        a->code_generated = true;
    }
    attendee_make_search_key(a);
}

/* Write one attendee: add, update or leave it. */
static bool merge_attendee(struct store *st, struct attendee *a, struct ids *seen, bool was_empty,
                           struct roster_summary *sum, char **why)
{
    if (a->code == NULL && !fresh_code(st, &a->code, why))
        return false;
    /* Into an empty store every row is new: codes in a list are unique. */
    int64_t id = 0;
    bool same = false;
    int found = was_empty ? 0 : store_match_attendee(st, a, &id, &same, why);
    if (found < 0)
        return false;
    if (found && same) {
        sum->unchanged++;
        ids_add(seen, id);
        return true;
    }
    a->id = id;
    if (!store_put_attendee(st, a, why))
        return false;
    if (found)
        sum->updated++;
    else
        sum->added++;
    ids_add(seen, a->id);
    return true;
}

/*
 * A merge runs as two threads: a reader turns rows into attendee records
 * (cleaning, folding, matching made-up codes) while the calling thread
 * writes them to the store, which stays on the caller's thread. On a
 * machine with more than one core the two overlap.
 */
enum { BATCH_ROWS = 512, PIPE_BATCHES = 4 };

struct batch {
    struct attendee a[BATCH_ROWS];
    size_t n;
};

struct pipe {
    const struct roster *r;
    struct made_codes *made;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct batch *ring[PIPE_BATCHES];
    size_t head, count;
    bool done; /* the reader has handed over its last batch */
    bool stop; /* the writer failed: the reader should give up */
    char *error;
};

static void batch_free(struct batch *b)
{
    if (b == NULL)
        return;
    for (size_t i = 0; i < b->n; i++)
        attendee_clear(&b->a[i]);
    free(b);
}

/* Hand b to the writer; false if the writer has stopped (b is then freed). */
static bool pipe_push(struct pipe *p, struct batch *b)
{
    pthread_mutex_lock(&p->lock);
    while (p->count == PIPE_BATCHES && !p->stop)
        pthread_cond_wait(&p->changed, &p->lock);
    bool stop = p->stop;
    if (!stop) {
        p->ring[(p->head + p->count++) % PIPE_BATCHES] = b;
        pthread_cond_broadcast(&p->changed);
    }
    pthread_mutex_unlock(&p->lock);
    if (stop)
        batch_free(b);
    return !stop;
}

/* The next batch, or NULL when the reader is done. */
static struct batch *pipe_pop(struct pipe *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->count == 0 && !p->done)
        pthread_cond_wait(&p->changed, &p->lock);
    struct batch *b = NULL;
    if (p->count) {
        b = p->ring[p->head];
        p->head = (p->head + 1) % PIPE_BATCHES;
        p->count--;
        pthread_cond_broadcast(&p->changed);
    }
    pthread_mutex_unlock(&p->lock);
    return b;
}

static void *handle_reader(void *arg)
{
    struct pipe *p = arg;
    const struct roster *r = p->r;
    struct csv_reader *rd = csv_open(r->text, r->len, r->sep);
    struct csv_row row;
    char *err = NULL;
    struct batch *b = NULL;
    int rc = csv_read(rd, &row, &err); /* the header */
    while (rc == 1 && (rc = csv_read(rd, &row, &err)) == 1) {
        if (b == NULL)
            b = xcalloc(1, sizeof *b);
        read_attendee(r, &row, p->made, &b->a[b->n++]);
        if (b->n == BATCH_ROWS) {
            bool more = pipe_push(p, b);
            b = NULL;
            if (!more)
                break;
        }
    }
    if (b)
        pipe_push(p, b);
    pthread_mutex_lock(&p->lock);
    if (rc < 0) /* roster_load read the same text without error: this cannot happen */
        p->error = xasprintf("%s: %s", r->path, err);
    p->done = true;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    free(err);
    csv_close(rd);
    return NULL;
}

bool roster_merge(struct store *st, const struct roster *r, roster_progress_fn *progress, void *ctx,
                  struct roster_summary *sum, char **why)
{
    struct made_codes made = { 0 };
    struct ids seen = { 0 }, active = { 0 };
    struct pipe p = { .r = r, .made = &made };
    struct batch *b;
    pthread_t reader;
    bool started = false, ok = false;
    memset(sum, 0, sizeof *sum);
    sum->rows = r->rows;
    if (r->nameless) {
        *why = xasprintf("%s: no name column", r->path);
        return false;
    }

    if (!store_begin(st, why))
        return false;
    int64_t existing;
    if (!store_count_attendees(st, false, &existing, why) ||
        !store_each_attendee(st, STORE_MADE_CODES, handle_made_code, &made, why) ||
        !store_active_ids(st, &active.v, &active.n, why))
        goto out;
    bool was_empty = existing == 0;
    if (made.n)
        qsort(made.v, made.n, sizeof *made.v, compare_made_codes);

    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.changed, NULL);
    if (pthread_create(&reader, NULL, handle_reader, &p) != 0) {
        *why = xasprintf("%s: cannot start the import thread", r->path);
        goto out;
    }
    started = true;
    unsigned done = 0;
    while ((b = pipe_pop(&p)) != NULL) {
        for (size_t i = 0; i < b->n; i++) {
            if (!merge_attendee(st, &b->a[i], &seen, was_empty, sum, why)) {
                batch_free(b);
                goto out;
            }
            if (progress && ++done % 1000 == 0)
                progress(ctx, done, r->rows);
        }
        batch_free(b);
    }
    if (p.error) {
        *why = p.error;
        p.error = NULL;
        goto out;
    }

    if (seen.n)
        qsort(seen.v, seen.n, sizeof *seen.v, compare_ids);
    for (size_t i = 0; i < active.n; i++) {
        if (seen.n && bsearch(&active.v[i], seen.v, seen.n, sizeof *seen.v, compare_ids))
            continue;
        if (!store_set_cancelled(st, active.v[i], true, why))
            goto out;
        sum->cancelled++;
    }
    if (r->max_cancel_percent && active.n >= ROSTER_CANCEL_FLOOR &&
        (uint64_t)sum->cancelled * 100 > (uint64_t)active.n * r->max_cancel_percent) {
        *why = xasprintf("%s: would cancel %u of the %zu attendees: is it this event's list? "
                         "(entrada import takes it if it is)",
                         r->path, sum->cancelled, active.n);
        goto out;
    }

    char *base = xstrdup(r->path);
    struct store_import log = {
        .file = basename(base),
        .sha256 = r->sha256,
        .encoding = text_encoding_name(r->enc),
        .separator = r->sep,
        .rows = r->rows,
        .added = sum->added,
        .updated = sum->updated,
        .cancelled = sum->cancelled,
        .unchanged = sum->unchanged,
        .at_ms = checkin_now_ms(),
    };
    ok = store_log_import(st, &log, why);
    free(base);
    if (ok)
        ok = store_commit(st, why);
    if (ok && progress)
        progress(ctx, r->rows, r->rows);
out:
    if (started) {
        pthread_mutex_lock(&p.lock);
        p.stop = true;
        pthread_cond_broadcast(&p.changed);
        pthread_mutex_unlock(&p.lock);
        while ((b = pipe_pop(&p)) != NULL)
            batch_free(b);
        pthread_join(reader, NULL);
        pthread_mutex_destroy(&p.lock);
        pthread_cond_destroy(&p.changed);
        free(p.error);
    }
    if (!ok)
        store_rollback(st);
    made_codes_free(&made);
    free(seen.v);
    free(active.v);
    return ok;
}
