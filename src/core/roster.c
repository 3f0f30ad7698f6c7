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
#include "entrada/file.h"
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
 * "Order code" is not, Eventbrite's "Barcode #" beats its "Attendee #",
 * pretix's "Attendee email" beats the buyer's "Email".
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
                      "display name", "your name", "nombre y apellido", NULL },
    [ROSTER_FIRST_NAME] = { "first name", "firstname", "given name", "attendee name given name",
                            "forename", "nombre", "vorname", "first", "prenom", NULL },
    [ROSTER_LAST_NAME] = { "last name", "lastname", "surname", "family name",
                           "attendee name family name", "apellidos", "apellido", "nachname", "last",
                           "nom", NULL },
    [ROSTER_ORGANISATION] = { "company",
                              "company name",
                              "organisation",
                              "organization",
                              "organisation name",
                              "organization name",
                              "affiliation",
                              "institution",
                              "attendee company",
                              "organizacion",
                              "empresa",
                              "entidad",
                              "institucion",
                              "organismo",
                              "unternehmen",
                              "firma",
                              "organisation company",
                              "employer",
                              "organizacion entidad",
                              "empresa entidad",
                              "entidad organizacion",
                              "empresa organizacion",
                              NULL },
    [ROSTER_EMAIL] = { "attendee email", "attendee e mail", "email", "e mail", "email address",
                       "e mail address", "correo", "correo electronico",
                       "direccion de correo electronico", "e mail adresse", "mail", NULL },
    [ROSTER_CATEGORY] = { "category", "product", "ticket type", "ticket", "ticket name", "role",
                          "attendee type", "registration type", "tipo", "tipo de entrada",
                          "tipo de inscripcion", "categoria", "rol", "kategorie", "ticketart",
                          "ticket typ", NULL },
    [ROSTER_STATUS] = { "attendee status", "status", "order status", "registration status",
                        "registration state", "ticket status", "state", "estado",
                        "estado del pedido", "estado de la inscripcion", "estado de la entrada",
                        "bestellstatus", "paid", "pagado", "bezahlt", NULL },
    [ROSTER_ATTENTION] = { "requires special attention", "special attention", "atencion especial",
                           "requiere atencion especial", NULL },
    [ROSTER_COMMENT] = { "check in text", "checkin text", "check in comment", "checkin comment",
                         "nota para la acreditacion", NULL },
    [ROSTER_BUYER_NAME] = { "buyer name", "invoice address name", "purchaser name", "order name",
                            "nombre del comprador", NULL },
    [ROSTER_BUYER_FIRST_NAME] = { "buyer first name", "purchaser first name", NULL },
    [ROSTER_BUYER_LAST_NAME] = { "buyer last name", "buyer surname", "purchaser last name", NULL },
    [ROSTER_BUYER_EMAIL] = { "buyer email", "purchaser email", "order email", "email", "e mail",
                             NULL },
};

/*
 * Words that give a column away when no header above matched: a column
 * whose header has a word starting so ("Organización / entidad") is taken
 * when it is the only one, and named in a warning when there are several.
 */
static const char *const hints[ROSTER_FIELD_COUNT][8] = {
    [ROSTER_ORGANISATION] = { "organi", "entidad", "empresa", "company", "institu", "affiliation",
                              "unternehmen", NULL },
    [ROSTER_EMAIL] = { "email", "mail", "correo", NULL },
    [ROSTER_STATUS] = { "status", "estado", NULL },
};

static const char *const field_names[ROSTER_FIELD_COUNT] = {
    "code",
    "name",
    "first_name",
    "last_name",
    "organisation",
    "email",
    "category",
    "status",
    "attention",
    "comment",
    "buyer_name",
    "buyer_first_name",
    "buyer_last_name",
    "buyer_email",
};

/*
 * Status values as pretix, Eventbrite, Indico, Hi.Events and spreadsheets
 * in English, Spanish and German write them, folded. pretix admits an order
 * marked "Pending (confirmed)" (valid if pending) as if it were paid.
 */
static const struct {
    const char *value;
    enum attendee_status status;
} status_values[] = {
    { "paid", ATTENDEE_ACTIVE },
    { "confirmed", ATTENDEE_ACTIVE },
    { "completed", ATTENDEE_ACTIVE },
    { "complete", ATTENDEE_ACTIVE },
    { "attending", ATTENDEE_ACTIVE },
    { "checked in", ATTENDEE_ACTIVE },
    { "approved", ATTENDEE_ACTIVE },
    { "active", ATTENDEE_ACTIVE },
    { "registered", ATTENDEE_ACTIVE },
    { "valid", ATTENDEE_ACTIVE },
    { "free", ATTENDEE_ACTIVE },
    { "pagado", ATTENDEE_ACTIVE },
    { "pagada", ATTENDEE_ACTIVE },
    { "confirmado", ATTENDEE_ACTIVE },
    { "confirmada", ATTENDEE_ACTIVE },
    { "completado", ATTENDEE_ACTIVE },
    { "completada", ATTENDEE_ACTIVE },
    { "aprobado", ATTENDEE_ACTIVE },
    { "aprobada", ATTENDEE_ACTIVE },
    { "inscrito", ATTENDEE_ACTIVE },
    { "inscrita", ATTENDEE_ACTIVE },
    { "activo", ATTENDEE_ACTIVE },
    { "activa", ATTENDEE_ACTIVE },
    { "asistira", ATTENDEE_ACTIVE },
    { "bezahlt", ATTENDEE_ACTIVE },
    { "bestatigt", ATTENDEE_ACTIVE },
    { "abgeschlossen", ATTENDEE_ACTIVE },
    { "angemeldet", ATTENDEE_ACTIVE },
    { "pending confirmed", ATTENDEE_ACTIVE },
    { "approval pending", ATTENDEE_UNPAID },
    { "pending", ATTENDEE_UNPAID },
    { "unpaid", ATTENDEE_UNPAID },
    { "awaiting payment", ATTENDEE_UNPAID },
    { "payment pending", ATTENDEE_UNPAID },
    { "not paid", ATTENDEE_UNPAID },
    { "pendiente", ATTENDEE_UNPAID },
    { "pendiente de pago", ATTENDEE_UNPAID },
    { "sin pagar", ATTENDEE_UNPAID },
    { "impagado", ATTENDEE_UNPAID },
    { "no pagado", ATTENDEE_UNPAID },
    { "ausstehend", ATTENDEE_UNPAID },
    { "offen", ATTENDEE_UNPAID },
    { "unbezahlt", ATTENDEE_UNPAID },
    { "canceled", ATTENDEE_CANCELLED },
    { "cancelled", ATTENDEE_CANCELLED },
    { "refunded", ATTENDEE_CANCELLED },
    { "expired", ATTENDEE_CANCELLED },
    { "not attending", ATTENDEE_CANCELLED },
    { "declined", ATTENDEE_CANCELLED },
    { "rejected", ATTENDEE_CANCELLED },
    { "withdrawn", ATTENDEE_CANCELLED },
    { "deleted", ATTENDEE_CANCELLED },
    { "void", ATTENDEE_CANCELLED },
    { "cancelado", ATTENDEE_CANCELLED },
    { "cancelada", ATTENDEE_CANCELLED },
    { "anulado", ATTENDEE_CANCELLED },
    { "anulada", ATTENDEE_CANCELLED },
    { "reembolsado", ATTENDEE_CANCELLED },
    { "reembolsada", ATTENDEE_CANCELLED },
    { "rechazado", ATTENDEE_CANCELLED },
    { "rechazada", ATTENDEE_CANCELLED },
    { "caducado", ATTENDEE_CANCELLED },
    { "caducada", ATTENDEE_CANCELLED },
    { "expirado", ATTENDEE_CANCELLED },
    { "retirado", ATTENDEE_CANCELLED },
    { "retirada", ATTENDEE_CANCELLED },
    { "baja", ATTENDEE_CANCELLED },
    { "no asistira", ATTENDEE_CANCELLED },
    { "storniert", ATTENDEE_CANCELLED },
    { "abgesagt", ATTENDEE_CANCELLED },
    { "erstattet", ATTENDEE_CANCELLED },
    { "abgelehnt", ATTENDEE_CANCELLED },
    { "zuruckgezogen", ATTENDEE_CANCELLED },
};

/* A "Paid" column says yes or no. */
static const char *const yes_words[] = { "yes", "y", "si", "ja", "true", "1", "x", NULL };
static const char *const no_words[] = { "no", "n", "nein", "false", "0", NULL };

/* Names registration tools put where a ticket's holder was not asked for. */
static const char *const placeholders[] = {
    "info requested",
    "informacion solicitada",
    "n a",
    "na",
    "none",
    "tbd",
    "tba",
    "unknown",
    "desconocido",
    "x",
    "xx",
    "xxx",
    NULL,
};

enum column_fate { COLUMN_DROPPED, COLUMN_MAPPED, COLUMN_KEPT };

struct roster {
    char *path;
    char *list; /* the list's name */
    char *text; /* the whole file as UTF-8 */
    size_t len;
    char sep;
    enum text_encoding enc;
    char sha256[2 * SHA256_DIGEST_SIZE + 1];
    char **header; /* cleaned header names */
    size_t ncols;
    int col[ROSTER_FIELD_COUNT];
    bool by_hint[ROSTER_FIELD_COUNT]; /* found by a word of its header, not a whole name */
    enum column_fate *fate;           /* per column */
    bool keeps;                       /* some column is kept */
    bool status_paid;                 /* the status column is a yes/no "Paid" column */
    bool nameless;                    /* no name column: can be inspected, not merged */
    bool surname_first;   /* the name column is "Apellidos y nombre", "Surname, first name" */
    unsigned header_line; /* after blank lines or a "sep=" line, not always 1 */
    unsigned rows;
    unsigned max_cancel_percent;
    const struct config *status_map;
    struct buf notes;    /* what the import report tells besides the mapping, one per line */
    uint8_t *skip;       /* per data row: merged into a later row of the same person */
    char **keep_missing; /* [columns] keep names this file lacks */
    size_t nkeep_missing;
};

struct roster_options roster_options_from(const struct config *cfg)
{
    static const enum config_key keys[ROSTER_CONFIG_FIELDS] = {
        [ROSTER_CODE] = CONFIG_COLUMN_CODE,
        [ROSTER_NAME] = CONFIG_COLUMN_NAME,
        [ROSTER_FIRST_NAME] = CONFIG_COLUMN_FIRST_NAME,
        [ROSTER_LAST_NAME] = CONFIG_COLUMN_LAST_NAME,
        [ROSTER_ORGANISATION] = CONFIG_COLUMN_ORGANISATION,
        [ROSTER_EMAIL] = CONFIG_COLUMN_EMAIL,
        [ROSTER_CATEGORY] = CONFIG_COLUMN_CATEGORY,
        [ROSTER_STATUS] = CONFIG_COLUMN_STATUS,
    };
    struct roster_options o = {
        .max_bytes = (size_t)config_int(cfg, CONFIG_IMPORT_MAX_MB) * 1000000,
        .keep = config_str(cfg, CONFIG_COLUMN_KEEP),
        .status_map = cfg,
    };
    for (int f = 0; f < ROSTER_CONFIG_FIELDS; f++)
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
    for (size_t i = 0; i < r->nkeep_missing; i++)
        free(r->keep_missing[i]);
    free(r->keep_missing);
    free(r->fate);
    free(r->skip);
    buf_free(&r->notes);
    free(r->text);
    free(r->list);
    free(r->path);
    free(r);
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

/* A file's bytes and their hash, made on a thread while the file is read as a list. */
struct file_hash {
    const char *data;
    size_t len;
    char *out; /* 2 * SHA256_DIGEST_SIZE + 1 */
};

static void *handle_hash(void *arg)
{
    struct file_hash *h = arg;
    hex_sha256(h->data, h->len, h->out);
    return NULL;
}

/* How telling a header is for a field: 2 for each word starting with a hint, +1 for the first. */
static int hint_score(const char *folded, const char *const *words)
{
    int score = 0;
    bool first = true;
    for (const char *w = folded; *w;) {
        for (size_t i = 0; words[i]; i++)
            if (strncmp(w, words[i], strlen(words[i])) == 0) {
                score += first ? 3 : 2;
                break;
            }
        first = false;
        const char *sp = strchr(w, ' ');
        if (sp == NULL)
            break;
        w = sp + 1;
    }
    return score;
}

/* Take [columns] keep: every named column is kept; names the file lacks are noted. */
static void map_kept(struct roster *r, char **folded, const char *keep)
{
    for (const char *k = keep ? keep : ""; *k;) {
        size_t n = strcspn(k, ",");
        char *name = xstrndup(k, n);
        char *fk = text_fold(name);
        bool found = false;
        for (size_t c = 0; c < r->ncols; c++)
            if (fk[0] && strcmp(folded[c], fk) == 0 && r->fate[c] == COLUMN_DROPPED) {
                r->fate[c] = COLUMN_KEPT;
                r->keeps = found = true;
            }
        char *clean = text_clean(name);
        if (!found && clean[0]) {
            r->keep_missing =
                xreallocarray(r->keep_missing, r->nkeep_missing + 1, sizeof *r->keep_missing);
            r->keep_missing[r->nkeep_missing++] = clean;
        } else {
            free(clean);
        }
        free(fk);
        free(name);
        k += n + (k[n] == ',');
    }
}

/* Map header columns to fields. False with *why if no name can be found. */
static bool map_columns(struct roster *r, const struct roster_options *opt, char **why)
{
    char **folded = xcalloc(r->ncols, sizeof *folded);
    for (size_t c = 0; c < r->ncols; c++)
        folded[c] = text_fold(r->header[c]);
    r->fate = xcalloc(r->ncols, sizeof *r->fate);
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
    for (int f = 0; f < ROSTER_FIELD_COUNT; f++)
        if (r->col[f] >= 0)
            r->fate[r->col[f]] = COLUMN_MAPPED;
    map_kept(r, folded, opt->keep);

    /*
     * Fields still without a column: the header most telling of one
     * ("Entidad u organización a la que representa" over "Tipo de
     * entidad") is taken; candidates that tell as much are named in a
     * warning instead.
     */
    for (int f = 0; f < ROSTER_FIELD_COUNT; f++) {
        if (r->col[f] >= 0 || hints[f][0] == NULL)
            continue;
        int best = 0, best_col = -1, ties = 0;
        struct buf names = { 0 };
        for (size_t c = 0; c < r->ncols; c++) {
            int score = r->fate[c] == COLUMN_DROPPED ? hint_score(folded[c], hints[f]) : 0;
            if (score == 0)
                continue;
            buf_addf(&names, "%s\"%s\"", names.data ? ", " : "", r->header[c]);
            if (score > best) {
                best = score;
                best_col = (int)c;
                ties = 0;
            } else if (score == best) {
                ties++;
            }
        }
        if (best_col >= 0 && ties == 0) {
            r->col[f] = best_col;
            r->by_hint[f] = true;
            r->fate[best_col] = COLUMN_MAPPED;
        } else if (best_col >= 0) {
            buf_addf(&r->notes,
                     "warning: no column for %s; likely ones: %s (name one with [columns] %s)\n",
                     field_names[f], names.data, field_names[f]);
        }
        buf_free(&names);
    }
    if (r->col[ROSTER_STATUS] >= 0) {
        const char *h = folded[r->col[ROSTER_STATUS]];
        r->status_paid =
            strcmp(h, "paid") == 0 || strcmp(h, "pagado") == 0 || strcmp(h, "bezahlt") == 0;
    }

    static const char *const surname_first[] = {
        "apellidos y nombre", "apellidos nombre", "apellido y nombre",    "apellidos y nombres",
        "surname first name", "surname name",     "last name first name", "family name given name",
        "nachname vorname",   "nom prenom",       "cognome nome",         "nazwisko imie",
    };
    for (size_t i = 0; i < sizeof surname_first / sizeof surname_first[0]; i++)
        if (r->col[ROSTER_NAME] >= 0 && strcmp(folded[r->col[ROSTER_NAME]], surname_first[i]) == 0)
            r->surname_first = true;
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

static bool in_words(const char *folded, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (strcmp(folded, words[i]) == 0)
            return true;
    return false;
}

/* Empty, punctuation only, or what a tool writes for a name it did not ask ("Info Requested"). */
static bool placeholder(const char *value)
{
    /* Most values are plainly not placeholders: longer than any, or holding a digit or '@'. */
    size_t n = 0;
    for (const char *p = value; *p; p++, n++)
        if (n > 24 || (*p >= '0' && *p <= '9') || *p == '@')
            return false;
    /* Nor those whose first letter, an ASCII one, starts none of them once lowercased. */
    const unsigned char *c = (const unsigned char *)value;
    while (*c && *c < 0x80 && !((*c | 0x20) >= 'a' && (*c | 0x20) <= 'z'))
        c++;
    if (*c && *c < 0x80) {
        bool starts = false;
        for (size_t i = 0; placeholders[i] && !starts; i++)
            starts = placeholders[i][0] == (*c | 0x20);
        if (!starts)
            return false;
    }
    char *f = text_fold(value);
    bool p = f[0] == '\0' || in_words(f, placeholders);
    free(f);
    return p;
}

/* True if the row plainly has a name of its own, without cleaning every field. */
static bool plainly_named(const struct roster *r, const struct csv_row *row)
{
    const char *name = field_of(r, row, ROSTER_NAME);
    if (!blank(name))
        return !placeholder(name);
    const char *first = field_of(r, row, ROSTER_FIRST_NAME),
               *last = field_of(r, row, ROSTER_LAST_NAME);
    return (!blank(first) && !placeholder(first)) || (!blank(last) && !placeholder(last));
}

/* The built-in status of a folded value, whole; -1 if none. */
static int status_value(const char *folded)
{
    for (size_t i = 0; i < sizeof status_values / sizeof status_values[0]; i++)
        if (strcmp(folded, status_values[i].value) == 0)
            return (int)status_values[i].status;
    return -1;
}

/*
 * The status a list's value stands for: the [status] section first, then
 * the built-in values, whole or before a parenthesis ("Canceled (paid
 * fee)"). Other words around a known one make it unknown: "Paid - refunded"
 * is for the organiser to map, not for the door to guess. -1 if unknown.
 */
static int status_of(const struct roster *r, const char *value)
{
    if (r->col[ROSTER_STATUS] < 0 || blank(value))
        return ATTENDEE_ACTIVE;
    if (r->status_map) {
        const char *m = config_status_map(r->status_map, value);
        if (m)
            return attendee_status_parse(m);
    }
    char *f = text_fold(value);
    int status = -1;
    if (r->status_paid) {
        status = in_words(f, yes_words)  ? ATTENDEE_ACTIVE
                 : in_words(f, no_words) ? ATTENDEE_UNPAID
                                         : -1;
        free(f);
        return status;
    }
    status = status_value(f);
    free(f);
    /* "Canceled (paid fee)": the words before a parenthesis, if the whole is not known. */
    const char *paren = strchr(value, '(');
    if (status < 0 && paren && paren > value) {
        char *before = xstrndup(value, (size_t)(paren - value));
        f = text_fold(before);
        if (f[0])
            status = status_value(f);
        free(f);
        free(before);
    }
    return status;
}

/* One row's fields, cleaned; every string owned. */
struct row_values {
    char *v[ROSTER_FIELD_COUNT];
    int status;     /* enum attendee_status, or -1 for a value nothing maps */
    bool attention; /* "requires special attention" */
    bool buyer;     /* the name is the buyer's: the ticket's own was a placeholder */
};

/*
 * The value of a field the list has no column for, or that held a
 * placeholder: one empty string for all, never freed (most lists lack most
 * fields, and a copy each was a tenth of an import's reading).
 */
static char none[] = "";

/* value, unless it is none: freed. */
static void drop_value(char *value)
{
    if (value != none)
        free(value);
}

/* value as an attendee's field: NULL for none. */
static char *own_value(char *value)
{
    return value == none ? NULL : value;
}

static void row_values_clear(struct row_values *rv)
{
    for (int f = 0; f < ROSTER_FIELD_COUNT; f++)
        drop_value(rv->v[f]);
}

/* Replace *field with value (owned, or none). */
static void take(char **field, char *value)
{
    drop_value(*field);
    *field = value;
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
            rv->v[f] = r->col[f] < 0 ? none : text_clean(field_of(r, row, f));
        }
    }
    /* Placeholders are no values: "Info Requested" is nobody's name or address. */
    static const enum roster_field personal[] = {
        ROSTER_NAME,        ROSTER_FIRST_NAME, ROSTER_LAST_NAME,        ROSTER_ORGANISATION,
        ROSTER_EMAIL,       ROSTER_BUYER_NAME, ROSTER_BUYER_FIRST_NAME, ROSTER_BUYER_LAST_NAME,
        ROSTER_BUYER_EMAIL,
    };
    for (size_t i = 0; i < sizeof personal / sizeof personal[0]; i++)
        if (rv->v[personal[i]][0] && placeholder(rv->v[personal[i]]))
            take(&rv->v[personal[i]], none);
    if (rv->v[ROSTER_NAME][0] == '\0') {
        char *name = xasprintf("%s %s", rv->v[ROSTER_FIRST_NAME], rv->v[ROSTER_LAST_NAME]);
        take(&rv->v[ROSTER_NAME], text_clean(name));
        free(name);
    }
    rv->buyer = false;
    if (rv->v[ROSTER_NAME][0] == '\0') {
        /* A ticket whose holder was not asked for: the buyer's name, as the tool would print. */
        char *name =
            rv->v[ROSTER_BUYER_NAME][0]
                ? xstrdup(rv->v[ROSTER_BUYER_NAME])
                : xasprintf("%s %s", rv->v[ROSTER_BUYER_FIRST_NAME], rv->v[ROSTER_BUYER_LAST_NAME]);
        take(&rv->v[ROSTER_NAME], text_clean(name));
        free(name);
        take(&rv->v[ROSTER_FIRST_NAME], xstrdup(rv->v[ROSTER_BUYER_FIRST_NAME]));
        take(&rv->v[ROSTER_LAST_NAME], xstrdup(rv->v[ROSTER_BUYER_LAST_NAME]));
        rv->buyer = rv->v[ROSTER_NAME][0] != '\0';
    }
    char *shown, *first, *last;
    if (!rv->buyer && rv->v[ROSTER_FIRST_NAME][0] == '\0' && rv->v[ROSTER_LAST_NAME][0] == '\0' &&
        attendee_name_given_first(rv->v[ROSTER_NAME], r->surname_first, &shown, &first, &last)) {
        /* "Núñez Peña, José Antonio" is shown and greeted as José Antonio Núñez Peña. */
        take(&rv->v[ROSTER_NAME], shown);
        take(&rv->v[ROSTER_FIRST_NAME], first);
        take(&rv->v[ROSTER_LAST_NAME], last);
    }
    if (rv->v[ROSTER_EMAIL][0] == '\0' && rv->buyer)
        take(&rv->v[ROSTER_EMAIL], xstrdup(rv->v[ROSTER_BUYER_EMAIL]));
    rv->status = status_of(r, rv->v[ROSTER_STATUS]);
    rv->attention = false;
    if (rv->v[ROSTER_ATTENTION][0]) {
        char *att = text_fold(rv->v[ROSTER_ATTENTION]);
        rv->attention = in_words(att, yes_words);
        free(att);
    }
}

/* A row without a code, by what identifies its person, for finding one person twice in a list. */
struct person_row {
    char *key; /* "name key\1e-mail" or "name key\1organisation" */
    unsigned index, line;
    bool email; /* keyed by e-mail (else by organisation) */
    bool has_email;
};

static int compare_person_rows(const void *a, const void *b)
{
    const struct person_row *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Union-find over rows: the group a row belongs to is named by its last row. */
static unsigned group_of(unsigned *parent, unsigned i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

static void group_join(unsigned *parent, unsigned a, unsigned b)
{
    a = group_of(parent, a);
    b = group_of(parent, b);
    if (a < b)
        parent[a] = b;
    else if (b < a)
        parent[b] = a;
}

/* A row in a group of two or more: (group, row), sorted to list each group's lines. */
struct grouped {
    unsigned group, row;
};

static int compare_grouped(const void *a, const void *b)
{
    const struct grouped *x = a, *y = b;
    if (x->group != y->group)
        return (x->group > y->group) - (x->group < y->group);
    return (x->row > y->row) - (x->row < y->row);
}

/*
 * Rows of one person without codes of their own (a form sent twice) become
 * one registration, the latest row's; the report names the lines. Two
 * rows are one person when their names agree (word order, case and
 * accents aside) and so do their e-mail addresses, or, where one of them
 * has no address, their organisations. Rows with codes are tickets a tool
 * issued: each stays a registration of its own.
 */
static void find_twins(struct roster *r, struct person_row *p, size_t n, unsigned nrows,
                       const unsigned *lines)
{
    r->skip = xcalloc(nrows ? nrows : 1, 1);
    if (n == 0)
        return;
    unsigned *parent = xcalloc(nrows, sizeof *parent);
    for (unsigned i = 0; i < nrows; i++)
        parent[i] = i;
    qsort(p, n, sizeof *p, compare_person_rows);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && strcmp(p[i].key, p[j].key) == 0; j++)
            ;
        /* Rows sharing an organisation join only when an address does not tell them apart. */
        for (size_t k = i + 1; k < j; k++)
            if (p[k].email || !p[k].has_email || !p[i].has_email)
                group_join(parent, p[i].index, p[k].index);
    }
    /* Each group of two or more rows, in line order: report it, keep only its last row. */
    unsigned *count = xcalloc(nrows, sizeof *count);
    for (unsigned i = 0; i < nrows; i++)
        count[group_of(parent, i)]++;
    struct grouped *g = xcalloc(nrows, sizeof *g);
    size_t ng = 0;
    for (unsigned i = 0; i < nrows; i++)
        if (count[group_of(parent, i)] > 1)
            g[ng++] = (struct grouped){ group_of(parent, i), i };
    qsort(g, ng, sizeof *g, compare_grouped);
    for (size_t i = 0, j; i < ng; i = j) {
        struct buf which = { 0 };
        for (j = i; j < ng && g[j].group == g[i].group; j++) {
            buf_addf(&which, "%s%u",
                     j == i                                        ? ""
                     : j + 1 == ng || g[j + 1].group != g[i].group ? " and "
                                                                   : ", ",
                     lines[g[j].row]);
            if (g[j].row != g[i].group)
                r->skip[g[j].row] = 1;
        }
        buf_addf(&r->notes, "lines %s: same person, merged (the last line's details kept)\n",
                 which.data);
        buf_free(&which);
    }
    free(g);
    free(count);
    free(parent);
}

/*
 * The codes of a list's rows so far, for finding one given twice: open
 * addressing (linear probing) over the codes, kept one after the other
 * in text.
 */
struct code_set {
    struct buf text; /* the codes, each ending in '\0' */
    struct code_slot {
        size_t at;     /* offset of the code in text, plus one; 0 for an empty slot */
        unsigned line; /* the line it is on */
        uint32_t hash;
    } * slot;
    size_t n, cap; /* cap: a power of two, at least twice n */
};

static uint32_t code_hash(const char *code, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)code[i]) * 16777619u;
    /* Its low bits, which pick the slot, mixed with the high ones (MurmurHash3's finish). */
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    return h ^ (h >> 16);
}

/* Where code (hash h) is in set, or the empty slot where it would go. */
static struct code_slot *code_slot(const struct code_set *set, const char *code, size_t len,
                                   uint32_t h)
{
    for (size_t i = h & (set->cap - 1);; i = (i + 1) & (set->cap - 1)) {
        struct code_slot *sl = &set->slot[i];
        if (sl->at == 0 || (sl->hash == h && strncmp(set->text.data + sl->at - 1, code, len) == 0 &&
                            set->text.data[sl->at - 1 + len] == '\0'))
            return sl;
    }
}

/* The line of code in set, 0 if it is not there. */
static unsigned code_set_find(const struct code_set *set, const char *code, size_t len)
{
    if (set->n == 0)
        return 0;
    const struct code_slot *sl = code_slot(set, code, len, code_hash(code, len));
    return sl->at ? sl->line : 0;
}

/* Add code, on line; 0 if it is new, else the line that has it already. */
static unsigned code_set_add(struct code_set *set, const char *code, size_t len, unsigned line)
{
    if (2 * (set->n + 1) > set->cap) {
        struct code_set bigger = { .text = set->text, .cap = set->cap ? 2 * set->cap : 1024 };
        /*
         * Written, not calloc'd: a page of calloc's is the shared zero page
         * until first written, and that write, after the look-ups' reads,
         * makes the kernel flush the other threads' TLBs each time.
         */
        bigger.slot = xreallocarray(NULL, bigger.cap, sizeof *bigger.slot);
        memset(bigger.slot, 0, bigger.cap * sizeof *bigger.slot);
        for (size_t i = 0; i < set->cap; i++) {
            const struct code_slot *sl = &set->slot[i];
            if (sl->at) {
                const char *c = set->text.data + sl->at - 1;
                *code_slot(&bigger, c, strlen(c), sl->hash) = *sl;
            }
        }
        free(set->slot);
        set->slot = bigger.slot;
        set->cap = bigger.cap;
    }
    uint32_t h = code_hash(code, len);
    struct code_slot *sl = code_slot(set, code, len, h);
    if (sl->at)
        return sl->line;
    *sl = (struct code_slot){ .at = set->text.len + 1, .line = line, .hash = h };
    buf_add(&set->text, code, len);
    buf_addc(&set->text, '\0');
    set->n++;
    return 0;
}

/*
 * What checking a part of a list finds. A big list is checked in two parts
 * at once, the first with the header; each stops at its first problem.
 */
struct check_part {
    const struct roster *r;
    size_t from, to; /* r->text[from, to): whole rows */
    char *why;       /* the first problem, NULL if none */
    bool csv_failed; /* the CSV reader's own error: in the first part, the cut may be in quotes */
    unsigned rows;   /* rows checked, before the problem if any */
    unsigned *lines; /* the line of each */
    struct code_set codes;     /* their codes (codes.text has them in order) */
    unsigned *code_lines;      /* the line of each code, in order */
    struct person_row *people; /* rows without a code, by what tells their person */
    size_t npeople;
    unsigned buyers; /* rows named by their buyer */
};

/* A list of at least this many bytes is checked in two parts on two threads. */
enum { CHECK_SPLIT_BYTES = 1 << 20 };

static void check_part_free(struct check_part *p)
{
    for (size_t i = 0; i < p->npeople; i++)
        free(p->people[i].key);
    free(p->people);
    free(p->lines);
    free(p->code_lines);
    free(p->codes.slot);
    buf_free(&p->codes.text);
    free(p->why);
}

/* Read the rows of part p once; stop at the first thing that would make the import fail. */
static void check_part(struct check_part *p)
{
    const struct roster *r = p->r;
    struct csv_reader *rd = p->from == 0 ? csv_open(r->text, p->to, r->sep)
                                         : csv_open_part(r->text + p->from, p->to - p->from, r->sep,
                                                         csv_line_at(r->text, p->from));
    struct csv_row row;
    size_t pcap = 0, rcap = 0;
    char *err = NULL;
    int rc;
    /* Most lists have no control character anywhere: their fields need no look. */
    bool controls = text_has_control(r->text + p->from, p->to - p->from);

    if (p->from == 0 && csv_read(rd, &row, &err) != 1) { /* the header, read before */
        p->why = xasprintf("%s: the header cannot be read again", r->path);
        goto out;
    }
    while ((rc = csv_read(rd, &row, &err)) == 1) {
        for (size_t c = r->ncols; c < row.n; c++) {
            if (!blank(row.field[c])) {
                char *extra = text_clean(row.field[c]);
                p->why = xasprintf("%s:%u: %zu values but the header (line %u) has %zu columns; "
                                   "extra value \"%.40s\"",
                                   r->path, row.line, row.n, r->header_line, r->ncols, extra);
                free(extra);
                goto out;
            }
        }
        for (size_t c = 0; controls && c < row.n; c++) {
            int cc = text_control_char(row.field[c]);
            if (cc) {
                p->why = xasprintf("%s:%u: control character 0x%02X in column \"%s\": is this "
                                   "really a CSV file?",
                                   r->path, row.line, cc, roster_header(r, c));
                goto out;
            }
        }
        size_t code_len;
        const char *code = trimmed(field_of(r, &row, ROSTER_CODE), &code_len);
        if (code_len > CHECKIN_CODE_MAX) {
            p->why =
                xasprintf("%s:%u: code longer than %d bytes", r->path, row.line, CHECKIN_CODE_MAX);
            goto out;
        }
        /*
         * A row with a code of its own and a plain name needs no more checking here; the
         * others are read whole: a placeholder for a name, a status to map, and rows
         * without codes, which may be one person twice.
         */
        bool plain = code_len > 0 && plainly_named(r, &row);
        if (plain && r->col[ROSTER_STATUS] >= 0 &&
            status_of(r, field_of(r, &row, ROSTER_STATUS)) < 0)
            plain = false; /* said below, with the value cleaned */
        if (!r->nameless && !plain) {
            struct row_values rv;
            row_values_read(r, &row, &rv);
            bool fine = false;
            if (rv.v[ROSTER_NAME][0] == '\0') {
                const char *raw = field_of(r, &row, ROSTER_NAME);
                if (blank(raw))
                    raw = field_of(r, &row, ROSTER_FIRST_NAME);
                if (blank(raw))
                    p->why = xasprintf("%s:%u: no name", r->path, row.line);
                else
                    p->why = xasprintf("%s:%u: no name: \"%s\" stands for none, and the list "
                                       "has no buyer's name to use instead",
                                       r->path, row.line, raw);
            } else if (rv.status < 0) {
                p->why = xasprintf(
                    "%s:%u: status \"%s\" (column \"%s\") is not one entrada knows; say what it "
                    "means with a line in the configuration's [status] section: %s = active "
                    "(or unpaid, or cancelled)",
                    r->path, row.line, rv.v[ROSTER_STATUS], r->header[r->col[ROSTER_STATUS]],
                    rv.v[ROSTER_STATUS]);
            } else {
                fine = true;
            }
            if (fine && code_len == 0) {
                char *name = text_name_key(rv.v[ROSTER_NAME]);
                char *email = text_email_key(rv.v[ROSTER_EMAIL]);
                char *org = text_fold(rv.v[ROSTER_ORGANISATION]);
                if (p->npeople + 2 > pcap) {
                    pcap = pcap ? pcap * 2 : 1024;
                    p->people = xreallocarray(p->people, pcap, sizeof *p->people);
                }
                struct person_row base = { .index = p->rows,
                                           .line = row.line,
                                           .has_email = email[0] != '\0' };
                if (email[0]) {
                    p->people[p->npeople] = base;
                    p->people[p->npeople].key = xasprintf("%s\1e:%s", name, email);
                    p->people[p->npeople++].email = true;
                }
                if (org[0]) {
                    p->people[p->npeople] = base;
                    p->people[p->npeople++].key = xasprintf("%s\1o:%s", name, org);
                }
                free(name);
                free(email);
                free(org);
            }
            p->buyers += fine && rv.buyer;
            row_values_clear(&rv);
            if (!fine)
                goto out;
        }
        if (p->rows == rcap) {
            rcap = rcap ? rcap * 2 : 1024;
            p->lines = xreallocarray(p->lines, rcap, sizeof *p->lines);
            p->code_lines = xreallocarray(p->code_lines, rcap, sizeof *p->code_lines);
        }
        unsigned before = code_len ? code_set_add(&p->codes, code, code_len, row.line) : 0;
        if (before) {
            p->why = xasprintf("%s: lines %u and %u have the same code \"%.*s\"", r->path, before,
                               row.line, (int)code_len, code);
            goto out;
        }
        if (code_len)
            p->code_lines[p->codes.n - 1] = row.line;
        p->lines[p->rows++] = row.line;
    }
    if (rc < 0) {
        p->why = xasprintf("%s:%s", r->path, err + strlen("line "));
        p->csv_failed = true;
    }
out:
    free(err);
    csv_close(rd);
}

static void *handle_check_part(void *arg)
{
    check_part(arg);
    return NULL;
}

/*
 * Where a big text may be cut in two for checking: after the first line
 * end past its middle that follows an even number of quotes, so outside a
 * quoted field. A quote inside an unquoted field (kept as text) can make
 * that wrong; the first part then ends inside a quote, which its reader
 * says, and the text is checked again whole. 0 for no cut.
 */
static size_t check_split(const struct roster *r)
{
    if (r->len < CHECK_SPLIT_BYTES)
        return 0;
    const char *t = r->text, *mid = t + r->len / 2, *q = t;
    size_t quotes = 0;
    while ((q = memchr(q, '"', (size_t)(mid - q))) != NULL) {
        quotes++;
        q++;
    }
    for (size_t i = r->len / 2; i + 1 < r->len; i++) {
        if (t[i] == '"')
            quotes++;
        else if (t[i] == '\n' && quotes % 2 == 0)
            return i + 1;
    }
    return 0;
}

/* Read every row once and stop at the first thing that would make the import fail. */
static bool check_rows(struct roster *r, char **why)
{
    struct check_part part[2] = { { .r = r, .to = r->len }, { .r = r, .to = r->len } };
    size_t split = check_split(r);
    part[0].to = part[1].from = split ? split : r->len;
    pthread_t first;
    if (split && pthread_create(&first, NULL, handle_check_part, &part[0]) == 0) {
        check_part(&part[1]);
        pthread_join(first, NULL);
        if (part[0].csv_failed) { /* cut inside a quote, or a file the reader refuses: whole */
            check_part_free(&part[0]);
            check_part_free(&part[1]);
            part[0] = (struct check_part){ .r = r, .to = r->len };
            part[1] = (struct check_part){ 0 };
            split = 0;
        }
    } else {
        part[0].to = r->len;
        split = 0;
    }
    if (split == 0)
        check_part(&part[0]);
    struct check_part *a = &part[0], *b = &part[1];

    /*
     * Each part stopped at its first problem, a code given twice within it
     * among them. The second's codes before its problem may repeat the
     * first's: that comes first in the file. Else the first part's problem,
     * then the second's.
     */
    char *problem = a->why ? a->why : b->why;
    if (split && a->why == NULL) {
        const char *c = b->codes.text.data;
        for (size_t k = 0; k < b->codes.n; k++, c += strlen(c) + 1) {
            unsigned before = code_set_find(&a->codes, c, strlen(c));
            if (before) {
                problem = xasprintf("%s: lines %u and %u have the same code \"%s\"", r->path,
                                    before, b->code_lines[k], c);
                free(b->why);
                b->why = problem;
                break;
            }
        }
    }
    bool ok = problem == NULL;
    if (problem) {
        *why = xstrdup(problem);
    } else {
        /* One list of rows again: the second part's rows come after the first's. */
        if (split) {
            a->lines = xreallocarray(a->lines, (size_t)a->rows + b->rows + 1, sizeof *a->lines);
            if (b->rows) /* none if all after the cut is blank rows */
                memcpy(a->lines + a->rows, b->lines, b->rows * sizeof *b->lines);
            a->people = xreallocarray(a->people, a->npeople + b->npeople + 1, sizeof *a->people);
            for (size_t i = 0; i < b->npeople; i++) {
                a->people[a->npeople] = b->people[i];
                a->people[a->npeople++].index += a->rows;
            }
            b->npeople = 0; /* their keys are a's now */
            a->rows += b->rows;
            a->buyers += b->buyers;
        }
        r->rows = a->rows;
        find_twins(r, a->people, a->npeople, a->rows, a->lines);
        if (a->buyers)
            buf_addf(&r->notes,
                     "%u row%s named by the buyer: the ticket's own name was a "
                     "placeholder (\"Info Requested\", \"-\", ...)\n",
                     a->buyers, a->buyers == 1 ? "" : "s");
    }
    check_part_free(&part[0]);
    check_part_free(&part[1]);
    return ok;
}

static int compare_header_columns(const void *a, const void *b, void *headers)
{
    const char *const *h = headers;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(h[x], h[y]);
    return c ? c : (x > y) - (x < y);
}

/* No header named twice: sorted, so that a wide file costs n log n, not n². */
static bool unique_headers(struct roster *r, char **why)
{
    size_t *order = xcalloc(r->ncols ? r->ncols : 1, sizeof *order);
    for (size_t c = 0; c < r->ncols; c++)
        order[c] = c;
    qsort_r(order, r->ncols, sizeof *order, compare_header_columns, r->header);
    bool ok = true;
    for (size_t i = 1; ok && i < r->ncols; i++) {
        size_t c = order[i - 1], d = order[i];
        if (r->header[c][0] && strcmp(r->header[c], r->header[d]) == 0) {
            *why = xasprintf("%s:%u: column \"%s\" appears twice (columns %zu and %zu)", r->path,
                             r->header_line, r->header[c], c + 1, d + 1);
            ok = false;
        }
    }
    free(order);
    return ok;
}

struct roster *roster_load(const char *path, const struct roster_options *opt, char **why)
{
    struct roster *r = xcalloc(1, sizeof *r);
    r->path = xstrdup(path);
    r->list = xstrdup(opt->list && opt->list[0] ? opt->list : "main");
    r->max_cancel_percent = opt->max_cancel_percent;
    r->status_map = opt->status_map;
    char *raw = NULL, *err = NULL;
    size_t rawlen;
    struct csv_reader *rd = NULL;
    struct file_hash hash = { .out = r->sha256 };
    pthread_t hasher;
    bool hashing = false;

    if (!roster_list_name_valid(r->list)) {
        *why =
            xasprintf("\"%s\": a list's name is letters, digits, '-' and '_', at most 32", r->list);
        goto fail;
    }
    if (strcmp(r->list, STORE_WALK_IN) == 0) {
        *why = xasprintf("%s: \"" STORE_WALK_IN "\" is the list of people added at the desk "
                         "(entrada add); it is never imported",
                         path);
        goto fail;
    }
    if (!file_read(path, opt->max_bytes ? opt->max_bytes : SIZE_MAX, "[import] max_mb", &raw,
                   &rawlen, why))
        goto fail;
    /* The file's hash (for the import log) beside the work below; hashed here if no thread. */
    hash.data = raw;
    hash.len = rawlen;
    hashing = pthread_create(&hasher, NULL, handle_hash, &hash) == 0;
    if (!hashing)
        hex_sha256(raw, rawlen, r->sha256);
    if (text_plain_utf8(raw, rawlen)) { /* most lists: the file is the text, not copied */
        r->text = raw;
        r->len = rawlen;
        r->enc = TEXT_UTF8;
        raw = NULL; /* the hashing thread reads it on, as r->text */
    } else if (!text_decode(raw, rawlen, &r->text, &r->len, &r->enc, &err)) {
        *why = xasprintf("%s: %s", path, err);
        goto fail;
    }

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
    if (row.n > ROSTER_MAX_COLUMNS) {
        *why = xasprintf("%s:%u: %zu columns; a list has at most %d", path, row.line, row.n,
                         ROSTER_MAX_COLUMNS);
        goto fail;
    }
    r->ncols = row.n;
    r->header = xcalloc(row.n, sizeof *r->header);
    for (size_t c = 0; c < row.n; c++)
        r->header[c] = text_clean(row.field[c]);
    if (!unique_headers(r, why))
        goto fail;
    csv_close(rd);
    rd = NULL;
    if (!map_columns(r, opt, why))
        goto fail;
    if (!check_rows(r, why)) {
        if (opt->mapping)
            *opt->mapping = roster_describe(r);
        goto fail;
    }
    if (r->rows == 0 && !opt->any_columns) {
        /* Merging it would cancel everyone: a wrong export, not an empty event. */
        *why = xasprintf("%s: no attendees in the list, only its header", path);
        goto fail;
    }
    if (hashing)
        pthread_join(hasher, NULL);
    free(raw);
    return r;
fail:
    if (hashing)
        pthread_join(hasher, NULL);
    free(err);
    free(raw);
    csv_close(rd);
    roster_free(r);
    return NULL;
}

bool roster_list_name_valid(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 32)
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return false;
    return true;
}

void roster_allow_mass_cancel(struct roster *r)
{
    r->max_cancel_percent = 0;
}

const char *roster_list(const struct roster *r)
{
    return r->list;
}

const char *roster_notes(const struct roster *r)
{
    return r->notes.data ? r->notes.data : "";
}

/* Append "\"A\", \"B\"" for the columns of fate (the first 20, then how many more). */
static void add_columns(const struct roster *r, enum column_fate fate, struct buf *b)
{
    size_t shown = 0, more = 0;
    for (size_t c = 0; c < r->ncols; c++) {
        if (r->fate[c] != fate)
            continue;
        if (shown == 20) {
            more++;
            continue;
        }
        buf_addf(b, "%s\"%s\"", shown ? ", " : "", r->header[c][0] ? r->header[c] : "?");
        shown++;
    }
    if (more)
        buf_addf(b, " and %zu more", more);
}

char *roster_describe(const struct roster *r)
{
    struct buf b = { 0 };
    buf_addf(&b, "list:         %s\n", r->list);
    for (int f = 0; f < ROSTER_FIELD_COUNT; f++) {
        if (f >= ROSTER_BUYER_NAME && r->col[f] < 0)
            continue; /* the buyer's columns only matter where a list has them */
        buf_addf(&b, "%s:%*s", field_names[f], (int)(13 - strlen(field_names[f])), "");
        if (r->col[f] >= 0)
            buf_addf(&b, "\"%s\"%s\n", r->header[r->col[f]],
                     r->by_hint[f] ? " (by a word of its header: check it)" : "");
        else if (f == ROSTER_CODE)
            buf_addf(&b, "none: entrada makes up a %d-character code for each attendee\n",
                     ROSTER_CODE_LENGTH);
        else if (f == ROSTER_STATUS)
            buf_adds(&b, "none: every row is an active registration\n");
        else
            buf_adds(&b, "none\n");
    }
    struct buf kept = { 0 }, dropped = { 0 };
    add_columns(r, COLUMN_KEPT, &kept);
    add_columns(r, COLUMN_DROPPED, &dropped);
    buf_addf(&b, "kept:         %s\n", kept.data ? kept.data : "none");
    if (dropped.data)
        buf_addf(&b, "dropped:      %s (not stored; keep one with [columns] keep = ...)\n",
                 dropped.data);
    else
        buf_adds(&b, "dropped:      none\n");
    for (size_t i = 0; i < r->nkeep_missing; i++)
        buf_addf(&b, "warning: [columns] keep names \"%s\", which this list does not have\n",
                 r->keep_missing[i]);
    buf_free(&kept);
    buf_free(&dropped);
    buf_adds(&b, roster_notes(r));
    return buf_steal(&b);
}

/* The columns the store takes: mapped to a field or kept. */
static size_t stored_columns(const struct roster *r, const char **cells)
{
    size_t n = 0;
    for (size_t c = 0; c < r->ncols; c++)
        if (r->fate[c] != COLUMN_DROPPED)
            cells[n++] = r->header[c];
    return n;
}

struct stored_rows {
    const struct roster *r;
    FILE *f;
    const char **cells;
};

static bool handle_stored_row(void *ctx, const struct csv_row *row)
{
    struct stored_rows *w = ctx;
    size_t n = 0;
    for (size_t c = 0; c < w->r->ncols; c++)
        if (w->r->fate[c] != COLUMN_DROPPED)
            w->cells[n++] = c < row->n ? row->field[c] : "";
    csv_write_row(w->f, ',', false, w->cells, n);
    return true;
}

bool roster_write_stored(const struct roster *r, FILE *f)
{
    const char **cells = xcalloc(r->ncols ? r->ncols : 1, sizeof *cells);
    csv_write_row(f, ',', false, cells, stored_columns(r, cells));
    struct stored_rows w = { r, f, cells };
    roster_each_row(r, handle_stored_row, &w);
    free(cells);
    return !ferror(f);
}

bool roster_column_kept(const struct roster *r, size_t column)
{
    return column < r->ncols && r->fate[column] == COLUMN_KEPT;
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

bool roster_keep_only(struct store *st, const struct config *cfg, char **notice, char **why)
{
    *notice = NULL;
    const char *keep = config_str(cfg, CONFIG_COLUMN_KEEP);
    char *applied = NULL, *dropped = NULL;
    int rc = store_kept_columns(st, &applied, why);
    if (rc < 0)
        return false;
    bool same = rc == 1 && strcmp(applied, keep) == 0;
    free(applied);
    if (same)
        return true;
    if (!store_keep_only(st, keep, &dropped, why))
        return false;
    if (dropped)
        *notice = xasprintf("columns no longer kept were removed from the store: %s (keep one "
                            "with [columns] keep = ...)",
                            dropped);
    free(dropped);
    return true;
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

/*
 * Codes entrada made up for a list's earlier import, to give each back to
 * its person: looked up by e-mail and name, then by e-mail alone (a name
 * corrected), then by name and organisation (an address corrected). Each
 * code goes to one row at most.
 */
struct made_entry {
    char *code;
    bool taken;
};

struct made_key {
    char *key;
    struct made_entry *entry;
};

struct made_codes {
    struct made_entry **entries;
    size_t nentries;
    struct made_key *v;
    size_t n, cap;
};

static void made_add_key(struct made_codes *m, char *key, struct made_entry *e)
{
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 64;
        m->v = xreallocarray(m->v, m->cap, sizeof *m->v);
    }
    m->v[m->n++] = (struct made_key){ key, e };
}

/* The three keys of a person, as "1:...", "2:...", "3:..."; NULL where a part is missing. */
static void made_keys(const char *name_key, const char *email_key, const char *org_key,
                      char *keys[3])
{
    keys[0] = email_key[0] ? xasprintf("1:%s\1%s", email_key, name_key) : NULL;
    keys[1] = email_key[0] ? xasprintf("2:%s", email_key) : NULL;
    keys[2] = org_key[0] && name_key[0] ? xasprintf("3:%s\1%s", name_key, org_key) : NULL;
}

static bool handle_made_code(void *ctx, const struct store_registration *reg)
{
    struct made_codes *m = ctx;
    if (!reg->a.code_generated)
        return true;
    struct made_entry *e = xcalloc(1, sizeof *e);
    e->code = xstrdup(reg->a.code);
    m->entries = xreallocarray(m->entries, m->nentries + 1, sizeof *m->entries);
    m->entries[m->nentries++] = e;
    char *keys[3];
    made_keys(reg->name_key, reg->email_key, reg->org_key, keys);
    for (int i = 0; i < 3; i++)
        if (keys[i])
            made_add_key(m, keys[i], e);
    return true;
}

static int compare_made_keys(const void *a, const void *b)
{
    return strcmp(((const struct made_key *)a)->key, ((const struct made_key *)b)->key);
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
        if (!m->v[lo].entry->taken) {
            m->v[lo].entry->taken = true;
            return m->v[lo].entry->code;
        }
    return NULL;
}

static void made_codes_free(struct made_codes *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->v[i].key);
    for (size_t i = 0; i < m->nentries; i++) {
        free(m->entries[i]->code);
        free(m->entries[i]);
    }
    free(m->entries);
    free(m->v);
}

/* Ids of registrations, to find who is no longer listed. */
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

/* The kept columns of a row that have a value, as a JSON object. */
static char *row_extra(const struct roster *r, const struct csv_row *row)
{
    struct buf b = { 0 };
    buf_addc(&b, '{');
    bool any = false;
    for (size_t c = 0; c < r->ncols && c < row->n; c++) {
        if (r->fate[c] != COLUMN_KEPT)
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

/* A fresh code that no registration has yet. */
static bool fresh_code(struct store *st, char **code, char **why)
{
    char c[ROSTER_CODE_LENGTH + 1];
    for (;;) {
        roster_make_code(c);
        int found = store_code_taken(st, c, why);
        if (found < 0)
            return false;
        if (found == 0) {
            *code = xstrdup(c);
            return true;
        }
    }
}

/* One row as a registration; its code is NULL if a new one must be made. */
static void read_registration(const struct roster *r, const struct csv_row *row,
                              struct made_codes *made, struct store_registration *reg)
{
    struct row_values rv;
    row_values_read(r, row, &rv);
    memset(reg, 0, sizeof *reg);
    struct attendee *a = &reg->a;
    a->name = own_value(rv.v[ROSTER_NAME]);
    a->first_name = own_value(rv.v[ROSTER_FIRST_NAME]);
    a->last_name = own_value(rv.v[ROSTER_LAST_NAME]);
    a->organisation = own_value(rv.v[ROSTER_ORGANISATION]);
    a->email = own_value(rv.v[ROSTER_EMAIL]);
    a->category = own_value(rv.v[ROSTER_CATEGORY]);
    a->comment = own_value(rv.v[ROSTER_COMMENT]);
    a->code = rv.v[ROSTER_CODE];
    a->status = rv.status < 0 ? ATTENDEE_ACTIVE : (enum attendee_status)rv.status;
    a->attention = rv.attention;
    a->extra = r->keeps ? row_extra(r, row) : NULL; /* NULL: stored as {} */
    static const enum roster_field unused[] = {
        ROSTER_STATUS,           ROSTER_ATTENTION,       ROSTER_BUYER_NAME,
        ROSTER_BUYER_FIRST_NAME, ROSTER_BUYER_LAST_NAME, ROSTER_BUYER_EMAIL,
    };
    for (size_t i = 0; i < sizeof unused / sizeof unused[0]; i++)
        drop_value(rv.v[unused[i]]);
    attendee_make_keys(a, &reg->name_key, &reg->email_key, &reg->org_key);
    if (a->code[0] == '\0') {
        char *keys[3];
        made_keys(reg->name_key, reg->email_key, reg->org_key, keys);
        const char *made_code = NULL;
        for (int i = 0; i < 3; i++) {
            if (keys[i] && made_code == NULL)
                made_code = take_made_code(made, keys[i]);
            free(keys[i]);
        }
        free(a->code);
        a->code = made_code ? xstrdup(made_code) : NULL;
        a->code_generated = true;
    }
}

/* What a merge keeps while it writes. */
struct merge {
    struct store *st;
    const struct roster *r;
    int64_t list_id;
    bool store_was_empty; /* no registration anywhere: every row is new */
    bool others;          /* another list holds registrations: a new one may be a known person */
    struct ids seen;      /* registrations of the list the file still has */
    struct roster_summary *sum;
};

/* Write one registration: add, update or leave it. */
static bool merge_registration(struct merge *m, struct store_registration *reg, unsigned line,
                               char **why)
{
    struct store *st = m->st;
    if (reg->a.code == NULL && !fresh_code(st, &reg->a.code, why))
        return false;
    reg->list_id = m->list_id;
    int found = 0;
    bool same = false;
    if (!m->store_was_empty) {
        struct store_registration old = { 0 };
        found = store_match_registration(st, reg, &old, &same, why);
        if (found < 0)
            return false;
        if (found && old.list_id != m->list_id) {
            m->sum->bad_data = true;
            *why = xasprintf("%s:%u: code \"%s\" is already on list \"%s\": a code belongs to "
                             "one list",
                             m->r->path, line, reg->a.code, old.a.lists ? old.a.lists : "?");
            store_registration_clear(&old);
            return false;
        }
        reg->id = old.id;
        reg->attendee_id = old.attendee_id;
        store_registration_clear(&old);
    }
    if (found && same) {
        m->sum->unchanged++;
        ids_add(&m->seen, reg->id);
        return true;
    }
    if (!found && m->others) {
        /* Someone new to this list: the same person on another list, or a new attendee. */
        int person = store_find_person(st, reg, &reg->attendee_id, why);
        if (person < 0)
            return false;
        if (person == 0)
            reg->attendee_id = 0;
    }
    if (!found && reg->a.lists == NULL)
        reg->a.lists = xstrdup(m->r->list); /* a new person's lists */
    if (!store_put_registration(st, reg, why))
        return false;
    if (found)
        m->sum->updated++;
    else
        m->sum->added++;
    ids_add(&m->seen, reg->id);
    return true;
}

/*
 * A merge runs as two threads: a reader turns rows into registrations
 * (cleaning, folding, matching made-up codes) while the calling thread
 * writes them to the store, which stays on the caller's thread. On a
 * machine with more than one core the two overlap. The writer hands each
 * batch it has written back (spent), and the reader frees it: the writer's
 * thread is the import's longer one.
 */
enum { BATCH_ROWS = 512, PIPE_BATCHES = 4 };

struct batch {
    struct store_registration reg[BATCH_ROWS];
    unsigned line[BATCH_ROWS];
    size_t n;
    struct batch *next; /* in the pipe's list of spent batches */
};

struct pipe {
    const struct roster *r;
    struct made_codes *made;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct batch *ring[PIPE_BATCHES];
    size_t head, count;
    bool done;           /* the reader has handed over its last batch */
    bool stop;           /* the writer failed: the reader should give up */
    struct batch *spent; /* written, for the reader to free */
    char *error;
    struct ticket *tickets; /* rows with codes, by name and e-mail: likely twins */
    size_t ntickets, tickets_cap;
    struct roster_summary *sum; /* twins, written by the reader */
};

/* Free b and the batches after it. */
static void batch_free(struct batch *b)
{
    while (b) {
        struct batch *next = b->next;
        for (size_t i = 0; i < b->n; i++)
            store_registration_clear(&b->reg[i]);
        free(b);
        b = next;
    }
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
    struct batch *spent = p->spent;
    p->spent = NULL;
    pthread_mutex_unlock(&p->lock);
    batch_free(spent);
    if (stop)
        batch_free(b);
    return !stop;
}

/* Give back the batch written (if any) and take the next, or NULL when the reader is done. */
static struct batch *pipe_pop(struct pipe *p, struct batch *spent)
{
    pthread_mutex_lock(&p->lock);
    if (spent) {
        spent->next = p->spent;
        p->spent = spent;
    }
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

/*
 * Write a batch into an empty store: every row is a new person (the list
 * was checked for twins), added a few dozen rows to a statement.
 */
static bool add_batch(struct merge *m, struct batch *b, char **why)
{
    for (size_t i = 0; i < b->n; i++) {
        struct store_registration *reg = &b->reg[i];
        if (reg->a.code == NULL && !fresh_code(m->st, &reg->a.code, why))
            return false;
        reg->list_id = m->list_id;
    }
    /* No one to cancel in an empty store: the rows written need not be remembered. */
    if (!store_add_people(m->st, b->reg, b->n, m->r->list, why))
        return false;
    m->sum->added += (unsigned)b->n;
    return true;
}

/*
 * Rows with codes of their own are tickets a tool issued and stay apart,
 * even when they name one person: a buyer's tickets may all carry the
 * buyer's name and address. Two such tickets with the same name and
 * address are still worth a look; the summary names their lines. The
 * reader keeps a 64-bit hash of each ticket's name and address key (two
 * different ones agree once in 10^19 pairs or so) and sorts them at the end.
 */
struct ticket {
    uint64_t hash;
    unsigned line;
};

static void note_ticket(struct pipe *p, const struct store_registration *reg, unsigned line)
{
    if (reg->a.code_generated || reg->name_key[0] == '\0' || reg->email_key[0] == '\0')
        return;
    uint64_t h = 14695981039346656037u; /* FNV-1a, 64 bits */
    for (const char *c = reg->name_key; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211u;
    h = (h ^ 0x1f) * 1099511628211u; /* between the two keys */
    for (const char *c = reg->email_key; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211u;
    if (p->ntickets == p->tickets_cap) {
        p->tickets_cap = p->tickets_cap ? 2 * p->tickets_cap : 1024;
        p->tickets = xreallocarray(p->tickets, p->tickets_cap, sizeof *p->tickets);
    }
    p->tickets[p->ntickets++] = (struct ticket){ h, line };
}

static int compare_tickets(const void *a, const void *b)
{
    const struct ticket *x = a, *y = b;
    if (x->hash != y->hash)
        return (x->hash > y->hash) - (x->hash < y->hash);
    return (x->line > y->line) - (x->line < y->line);
}

/* Each ticket with the hash of an earlier one: a pair of the earliest's line and its. */
static void find_ticket_twins(struct pipe *p)
{
    struct roster_summary *sum = p->sum;
    if (p->ntickets < 2)
        return; /* no pair (and no array at all for a list without codes) */
    qsort(p->tickets, p->ntickets, sizeof *p->tickets, compare_tickets);
    for (size_t i = 0, j; i < p->ntickets; i = j) {
        for (j = i + 1; j < p->ntickets && p->tickets[j].hash == p->tickets[i].hash; j++) {
            size_t at = strlen(sum->twin_lines);
            if (sum->twins++ < ROSTER_TWINS_SHOWN)
                snprintf(sum->twin_lines + at, sizeof sum->twin_lines - at, "%s%u and %u",
                         at ? ", " : "", p->tickets[i].line, p->tickets[j].line);
        }
    }
}

static void *handle_reader(void *arg)
{
    struct pipe *p = arg;
    const struct roster *r = p->r;
    struct csv_reader *rd = csv_open(r->text, r->len, r->sep);
    struct csv_row row;
    char *err = NULL;
    struct batch *b = NULL;
    unsigned index = 0;
    int rc = csv_read(rd, &row, &err); /* the header */
    while (rc == 1 && (rc = csv_read(rd, &row, &err)) == 1) {
        if (r->skip[index++])
            continue; /* an earlier row of a person whose later row stands */
        if (b == NULL)
            b = xcalloc(1, sizeof *b);
        b->line[b->n] = row.line;
        read_registration(r, &row, p->made, &b->reg[b->n]);
        note_ticket(p, &b->reg[b->n++], row.line);
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
    /* The whole list read: while the writer makes its indexes and commits (it joins us after). */
    if (rc == 0)
        find_ticket_twins(p);
    free(err);
    csv_close(rd);
    return NULL;
}

bool roster_merge(struct store *st, const struct roster *r, roster_progress_fn *progress, void *ctx,
                  struct roster_summary *sum, char **why)
{
    struct made_codes made = { 0 };
    struct ids active = { 0 };
    struct merge m = { .st = st, .r = r, .sum = sum };
    struct pipe p = { .r = r, .made = &made, .sum = sum };
    struct batch *b;
    pthread_t reader;
    bool started = false, ok = false;
    memset(sum, 0, sizeof *sum);
    sum->rows = r->rows;
    if (r->nameless) {
        *why = xasprintf("%s: no name column", r->path);
        return false;
    }

    if (!store_begin_import(st, why))
        return false;
    int64_t existing = 0;
    if (!store_ensure_list(st, r->list, &m.list_id, why) ||
        !store_count_registrations(st, 0, &existing, why) ||
        !store_each_registration(st, m.list_id, handle_made_code, &made, why) ||
        !store_list_active_ids(st, m.list_id, &active.v, &active.n, why))
        goto out;
    m.store_was_empty = existing == 0;
    if (!m.store_was_empty) {
        int others = store_other_lists(st, m.list_id, why);
        if (others < 0)
            goto out;
        m.others = others == 1;
    }
    if (m.store_was_empty && !store_defer_person_index(st, why))
        goto out;
    if (made.n)
        qsort(made.v, made.n, sizeof *made.v, compare_made_keys);

    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.changed, NULL);
    if (pthread_create(&reader, NULL, handle_reader, &p) != 0) {
        *why = xasprintf("%s: cannot start the import thread", r->path);
        pthread_mutex_destroy(&p.lock);
        pthread_cond_destroy(&p.changed);
        goto out;
    }
    started = true;
    unsigned done = 0;
    b = NULL;
    while ((b = pipe_pop(&p, b)) != NULL) {
        if (m.store_was_empty) {
            if (!add_batch(&m, b, why)) {
                batch_free(b);
                goto out;
            }
            if (progress && (done + b->n) / 1000 != done / 1000)
                progress(ctx, (unsigned)(done + b->n), r->rows);
            done += (unsigned)b->n;
            continue;
        }
        for (size_t i = 0; i < b->n; i++) {
            if (!merge_registration(&m, &b->reg[i], b->line[i], why)) {
                batch_free(b);
                goto out;
            }
            if (progress && ++done % 1000 == 0)
                progress(ctx, done, r->rows);
        }
    }
    if (p.error) {
        *why = p.error;
        p.error = NULL;
        goto out;
    }

    if (m.seen.n && active.n) /* else there is no one to look for */
        qsort(m.seen.v, m.seen.n, sizeof *m.seen.v, compare_ids);
    for (size_t i = 0; i < active.n; i++) {
        if (m.seen.n && bsearch(&active.v[i], m.seen.v, m.seen.n, sizeof *m.seen.v, compare_ids))
            continue;
        if (!store_cancel_registration(st, active.v[i], why))
            goto out;
        sum->cancelled++;
    }
    if (r->max_cancel_percent && active.n >= ROSTER_CANCEL_FLOOR &&
        (uint64_t)sum->cancelled * 100 > (uint64_t)active.n * r->max_cancel_percent) {
        sum->mass_cancel = sum->bad_data = true;
        sum->active = (unsigned)active.n;
        *why = xasprintf("%s: would cancel %u of the %zu attendees on list \"%s\": is it "
                         "this list? (entrada import --list %s --allow-mass-cancel takes it if "
                         "it is)",
                         r->path, sum->cancelled, active.n, r->list, r->list);
        goto out;
    }

    if (m.store_was_empty)
        store_write_behind(st); /* a new store's rows go to disk while the import ends */
    char *base = xstrdup(r->path);
    struct store_import log = {
        .list_id = m.list_id,
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
        while ((b = pipe_pop(&p, NULL)) != NULL)
            batch_free(b);
        pthread_join(reader, NULL);
        batch_free(p.spent); /* the last, given back after the reader's last push */
        pthread_mutex_destroy(&p.lock);
        pthread_cond_destroy(&p.changed);
        free(p.error);
        free(p.tickets);
    }
    if (!ok)
        store_rollback(st);
    made_codes_free(&made);
    free(m.seen.v);
    free(active.v);
    return ok;
}
