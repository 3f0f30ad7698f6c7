/*
 * Journal files: written from the store's journal rows and signed; merged
 * back row by row after the signature and then the whole file have been
 * checked.
 */
#include "entrada/journal.h"
#include "entrada/buf.h"
#include "entrada/checkin.h"
#include "entrada/csv.h"
#include "entrada/text.h"
#include "entrada/xmalloc.h"

#include <errno.h>
#include <inttypes.h>
#include <nettle/memops.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    J_KIOSK,
    J_SEQ,
    J_AT_MS,
    J_SESSION,
    J_TITLE,
    J_DIRECTION,
    J_METHOD,
    J_CODE,
    J_NAME,
    J_ORGANISATION,
    J_CATEGORY,
    J_UNDOES_KIOSK,
    J_UNDOES_SEQ,
    J_OLD_COLUMNS, /* journals of entrada before the staff desk end here */
    J_OVERRIDE = J_OLD_COLUMNS,
    J_WALK_IN,
    J_COLUMNS
};

static const char *const header[J_COLUMNS] = {
    "kiosk",     "seq",          "at_ms",      "session",  "session_title",
    "direction", "method",       "code",       "name",     "organisation",
    "category",  "undoes_kiosk", "undoes_seq", "override", "walk_in",
};

void journal_write_header(FILE *f)
{
    csv_write_row(f, ',', false, header, J_COLUMNS);
}

void journal_write_row(FILE *f, const struct store_journal_row *row)
{
    char seq[24], at_ms[24], undoes_seq[24] = "";
    snprintf(seq, sizeof seq, "%" PRId64, row->seq);
    snprintf(at_ms, sizeof at_ms, "%" PRId64, row->at_ms);
    if (row->undoes_kiosk)
        snprintf(undoes_seq, sizeof undoes_seq, "%" PRId64, row->undoes_seq);
    const char *cells[J_COLUMNS] = {
        [J_KIOSK] = row->kiosk,
        [J_SEQ] = seq,
        [J_AT_MS] = at_ms,
        [J_SESSION] = row->session,
        [J_TITLE] = row->session_title,
        [J_DIRECTION] = row->direction,
        [J_METHOD] = row->method,
        [J_CODE] = row->code,
        [J_NAME] = row->name,
        [J_ORGANISATION] = row->organisation,
        [J_CATEGORY] = row->category,
        [J_UNDOES_KIOSK] = row->undoes_kiosk ? row->undoes_kiosk : "",
        [J_UNDOES_SEQ] = undoes_seq,
        /* An override carries its reason; one from before reasons were asked says so. */
        [J_OVERRIDE] = row->override ? (row->reason[0] ? row->reason : "no reason given") : "",
        [J_WALK_IN] = row->walk_in ? "yes" : "",
    };
    csv_write_row(f, ',', false, cells, J_COLUMNS);
}

static bool handle_row(void *ctx, const struct store_journal_row *row)
{
    journal_write_row(ctx, row);
    return true;
}

bool journal_write(struct store *st, FILE *f, char **why)
{
    journal_write_header(f);
    return store_each_journal_row(st, STORE_BY_ID, handle_row, f, why);
}

static const char sig_prefix[] = "entrada journal signature 1 hmac-sha256 ";
static const char sig_context[] = "entrada journal signature 1";

/* The HMAC of text[0..len) with k, in hex. */
static void mac_hex(const struct key *k, const char *text, size_t len,
                    char out[2 * KEY_MAC_BYTES + 1])
{
    uint8_t mac[KEY_MAC_BYTES];
    key_mac(k, sig_context, text, len, mac);
    for (size_t i = 0; i < KEY_MAC_BYTES; i++)
        snprintf(out + 2 * i, 3, "%02x", mac[i]);
}

char *journal_sign(const struct key *k, const char *text, size_t len)
{
    char fp[KEY_FINGERPRINT_SIZE], mac[2 * KEY_MAC_BYTES + 1];
    key_fingerprint(k, fp);
    mac_hex(k, text, len, mac);
    return xasprintf("%s%s %s\n", sig_prefix, fp, mac);
}

bool journal_verify(const struct key *key, const struct journal_file *file, char **why)
{
    enum { FP = KEY_FINGERPRINT_SIZE - 1, MAC = 2 * KEY_MAC_BYTES };
    const size_t p = sizeof sig_prefix - 1;
    const char *sig = file->sig;
    size_t n = file->sig_len;
    if (sig == NULL) {
        *why = xasprintf("%s: not signed (no journal.sig beside it): refused, nothing merged. "
                         "Was its kiosk given the event key?",
                         file->name);
        return false;
    }
    /* One line: the prefix, a fingerprint, a space, the HMAC, an end of line or not. */
    if (n > 0 && sig[n - 1] == '\n')
        n--;
    if (n > 0 && sig[n - 1] == '\r')
        n--;
    if (n != p + FP + 1 + MAC || memcmp(sig, sig_prefix, p) != 0 || sig[p + FP] != ' ') {
        *why = xasprintf("%s: its journal.sig is not an entrada signature: refused, nothing merged",
                         file->name);
        return false;
    }
    char ours[KEY_FINGERPRINT_SIZE], want[MAC + 1];
    key_fingerprint(key, ours);
    if (memcmp(sig + p, ours, FP) != 0) {
        char *theirs = xstrndup(sig + p, FP);
        *why = xasprintf("%s: signed with event key %s, not this kiosk's %s (another event's "
                         "kiosk, or a forged file): refused, nothing merged",
                         file->name, theirs, ours);
        free(theirs);
        return false;
    }
    mac_hex(key, file->text, file->len, want);
    if (!memeql_sec(sig + p + FP + 1, want, MAC)) {
        *why = xasprintf("%s: the signature does not match: the file was changed or forged after "
                         "its kiosk wrote it; refused, nothing merged",
                         file->name);
        return false;
    }
    return true;
}

/* One row, its strings kept in the reader's arena by offset. */
struct row {
    unsigned line;
    size_t text[J_COLUMNS];
    int64_t seq, at_ms, undoes_seq;
    bool out;
    enum store_method method;
};

struct reader {
    const char *name;
    const char *self; /* this kiosk's id; NULL for the server's events, which may be its own */
    bool pulled;      /* from the server: merged events leave the outbox */
    size_t ncols;     /* J_COLUMNS, or J_OLD_COLUMNS for an older kiosk's journal */
    struct buf arena;
    struct row *rows;
    size_t n, cap;
};

static const char *field(const struct reader *r, const struct row *row, int i)
{
    return r->arena.data + row->text[i];
}

static bool valid_kiosk(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 63)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-'))
            return false;
    return true;
}

static bool parse_int(const char *s, int64_t min, int64_t max, int64_t *v)
{
    if (*s < '0' || *s > '9')
        return false;
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (errno || *end || x < min || x > max)
        return false;
    *v = x;
    return true;
}

/* Check one row and keep it; "what" on the first problem. */
static const char *take_row(struct reader *r, const struct csv_row *in)
{
    if (in->n != r->ncols)
        return "wrong number of values";
    struct row row = { .line = in->line };
    for (size_t i = 0; i < J_COLUMNS; i++) {
        if (i >= r->ncols) { /* an older journal: not an override, not a walk-in */
            row.text[i] = r->arena.len;
            buf_add(&r->arena, "", 1);
            continue;
        }
        if (in->len[i] > 1024 || text_control_char(in->field[i]))
            return "a value is too long or holds control characters";
        row.text[i] = r->arena.len;
        buf_add(&r->arena, in->field[i], in->len[i] + 1);
    }
    if (r->ncols == J_COLUMNS) {
        if (in->len[J_OVERRIDE] > 0 && !checkin_reason_valid(in->field[J_OVERRIDE]))
            return "bad override reason";
        if (in->field[J_WALK_IN][0] && strcmp(in->field[J_WALK_IN], "yes") != 0)
            return "walk_in is neither yes nor empty";
    }
    const char *undoes_kiosk = in->field[J_UNDOES_KIOSK];
    if (!valid_kiosk(in->field[J_KIOSK]))
        return "bad kiosk id";
    if (!parse_int(in->field[J_SEQ], 1, INT64_C(1) << 53, &row.seq))
        return "bad sequence number";
    /* From 2000 to 2200: anything else is not a clock reading. */
    if (!parse_int(in->field[J_AT_MS], INT64_C(946684800000), INT64_C(7258118400000), &row.at_ms))
        return "bad time";
    if (!in->field[J_SESSION][0] || in->len[J_SESSION] > 63)
        return "bad session name";
    if (strcmp(in->field[J_DIRECTION], "in") != 0 && strcmp(in->field[J_DIRECTION], "out") != 0)
        return "direction is neither in nor out";
    row.out = in->field[J_DIRECTION][0] == 'o';
    if (!store_method_parse(in->field[J_METHOD], &row.method))
        return "unknown method";
    if (!in->field[J_CODE][0] || !in->field[J_NAME][0])
        return "no code or no name";
    if (undoes_kiosk[0] &&
        (!valid_kiosk(undoes_kiosk) ||
         !parse_int(in->field[J_UNDOES_SEQ], 1, INT64_C(1) << 53, &row.undoes_seq)))
        return "bad id of the undone event";
    if (!undoes_kiosk[0] && in->field[J_UNDOES_SEQ][0])
        return "bad id of the undone event";
    /* A kiosk undoes only its own latest check-in (checkin_undo_last). */
    if (undoes_kiosk[0] && strcmp(undoes_kiosk, in->field[J_KIOSK]) != 0)
        return "undoes another kiosk's check-in, which no kiosk does";
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 256;
        r->rows = xreallocarray(r->rows, r->cap, sizeof *r->rows);
    }
    r->rows[r->n++] = row;
    return NULL;
}

static bool read_rows(struct reader *r, const char *text, size_t len, char **why)
{
    if (!text_valid_utf8(text, len)) {
        *why = xasprintf("%s: not UTF-8 text, so not an entrada journal", r->name);
        return false;
    }
    struct csv_reader *rd = csv_open(text, len, ',');
    struct csv_row in;
    char *err = NULL;
    int rc = csv_read(rd, &in, &err);
    bool ok = rc == 1 && (in.n == J_COLUMNS || in.n == J_OLD_COLUMNS);
    for (size_t i = 0; ok && i < in.n; i++)
        ok = strcmp(in.field[i], header[i]) == 0;
    r->ncols = ok ? in.n : 0;
    if (!ok) {
        *why = xasprintf("%s: not an entrada journal (its first line is not the journal's header)",
                         r->name);
        goto out;
    }
    while ((rc = csv_read(rd, &in, &err)) == 1) {
        const char *what = take_row(r, &in);
        if (what) {
            *why = xasprintf("%s:%u: %s", r->name, in.line, what);
            ok = false;
            goto out;
        }
    }
    if (rc < 0) {
        *why = xasprintf("%s: %s", r->name, err);
        ok = false;
    }
out:
    free(err);
    csv_close(rd);
    return ok;
}

/* The session named by row: 1 (*id set), 0 none (added when add is set), -1 error. */
static int row_session(struct store *st, const struct reader *r, const struct row *row, bool add,
                       int64_t *id, struct journal_summary *sum, char **why)
{
    const char *name = field(r, row, J_SESSION);
    int rc = store_find_session(st, name, id, why);
    if (rc != 0 || !add)
        return rc;
    if (!store_add_session(st, name, field(r, row, J_TITLE), why))
        return -1;
    sum->sessions++;
    return store_find_session(st, name, id, why);
}

/*
 * A walk-in another kiosk added: an active registration on the list
 * walk-in, joined to the same person if this store knows them by name and
 * organisation. 1 (*id), -1 error.
 */
static int add_walk_in(struct store *st, const struct reader *r, const struct row *row, int64_t *id,
                       char **why)
{
    struct store_registration reg = { 0 };
    struct attendee *a = &reg.a;
    a->code = xstrdup(field(r, row, J_CODE));
    a->code_generated = true;
    a->name = xstrdup(field(r, row, J_NAME));
    a->first_name = xstrdup("");
    a->last_name = xstrdup("");
    a->organisation = xstrdup(field(r, row, J_ORGANISATION));
    a->email = xstrdup("");
    a->category = xstrdup(field(r, row, J_CATEGORY));
    a->comment = xstrdup("");
    a->extra = xstrdup("{}");
    a->status = ATTENDEE_ACTIVE;
    attendee_make_keys(a, &reg.name_key, &reg.email_key, &reg.org_key);
    bool ok = store_ensure_list(st, STORE_WALK_IN, &reg.list_id, why) &&
              store_find_person(st, &reg, &reg.attendee_id, why) >= 0 &&
              store_put_registration(st, &reg, why);
    *id = reg.attendee_id;
    store_registration_clear(&reg);
    return ok ? 1 : -1;
}

/*
 * The attendee of row's code: as row_session; added as cancelled, this
 * list lacking them, or as a walk-in when the row says they are one.
 */
static int row_attendee(struct store *st, const struct reader *r, const struct row *row, bool add,
                        int64_t *id, struct journal_summary *sum, char **why)
{
    struct attendee a = { 0 };
    int rc = store_find_attendee(st, field(r, row, J_CODE), &a, why);
    *id = a.id;
    attendee_clear(&a);
    if (rc != 0 || !add)
        return rc;
    if (field(r, row, J_WALK_IN)[0]) {
        rc = add_walk_in(st, r, row, id, why);
        sum->attendees += rc == 1;
        return rc;
    }
    a = (struct attendee){
        .code = (char *)field(r, row, J_CODE),
        .name = (char *)field(r, row, J_NAME),
        .organisation = (char *)field(r, row, J_ORGANISATION),
        .category = (char *)field(r, row, J_CATEGORY),
        .status = ATTENDEE_CANCELLED,
    };
    bool ok = store_put_attendee(st, &a, why);
    free(a.search_key);
    if (!ok)
        return -1;
    *id = a.id;
    sum->attendees++;
    return 1;
}

static bool merge_row(struct store *st, const struct reader *r, const struct row *row,
                      struct journal_summary *sum, char **why)
{
    const char *kiosk = field(r, row, J_KIOSK);
    struct store_event have, target = { 0 };
    int known = store_find_event(st, kiosk, row->seq, &have, why);
    if (known < 0)
        return false;
    if (!known && r->self && strcmp(kiosk, r->self) == 0) {
        *why = xasprintf("%s:%u: event %s-%" PRId64 " claims to be this kiosk's, which never "
                         "recorded it: refused, nothing merged (if this kiosk's database was "
                         "replaced during the event, give it a new kiosk_id)",
                         r->name, row->line, kiosk, row->seq);
        return false;
    }
    struct store_event ev = {
        .seq = row->seq,
        .out = row->out,
        .at_ms = row->at_ms,
        .method = row->method,
        .override = field(r, row, J_OVERRIDE)[0] != '\0',
    };
    snprintf(ev.kiosk, sizeof ev.kiosk, "%s", kiosk);
    snprintf(ev.reason, sizeof ev.reason, "%s", field(r, row, J_OVERRIDE));
    int rc_session = row_session(st, r, row, !known, &ev.session_id, sum, why);
    int rc_attendee = row_attendee(st, r, row, !known, &ev.attendee_id, sum, why);
    if (rc_session < 0 || rc_attendee < 0)
        return false;
    if (field(r, row, J_UNDOES_KIOSK)[0]) {
        int rc = store_find_event(st, field(r, row, J_UNDOES_KIOSK), row->undoes_seq, &target, why);
        if (rc < 0)
            return false;
        if (rc == 0) {
            *why = xasprintf("%s:%u: undoes event %s-%" PRId64 ", which is in no journal here",
                             r->name, row->line, field(r, row, J_UNDOES_KIOSK), row->undoes_seq);
            return false;
        }
        ev.undoes = target.id;
    }
    if (!known) {
        if (!store_add_event(st, &ev, why))
            return false;
        sum->added++;
        return !r->pulled || store_outbox_done(st, ev.kiosk, ev.seq, why);
    }
    if (rc_session == 1 && rc_attendee == 1 && have.session_id == ev.session_id &&
        have.attendee_id == ev.attendee_id && have.out == ev.out && have.at_ms == ev.at_ms &&
        have.method == ev.method && have.undoes == ev.undoes)
        return true;
    *why = xasprintf("%s:%u: event %s-%" PRId64 " differs from this kiosk's event of that id: "
                     "do two kiosks have kiosk_id %s? Give each its own.",
                     r->name, row->line, kiosk, row->seq, kiosk);
    return false;
}

/* Merge the rows of text in one transaction; r says whose they are. */
static bool merge_text(struct store *st, struct reader *r, const char *text, size_t len,
                       struct journal_summary *sum, char **why)
{
    bool ok = read_rows(r, text, len, why) && store_begin(st, why);
    if (ok) {
        /* Check-ins first, then the undos that name them. */
        for (int pass = 0; ok && pass < 2; pass++)
            for (size_t i = 0; ok && i < r->n; i++)
                if ((field(r, &r->rows[i], J_UNDOES_KIOSK)[0] != '\0') == (pass == 1))
                    ok = merge_row(st, r, &r->rows[i], sum, why);
        if (ok)
            ok = store_commit(st, why);
        else
            store_rollback(st);
    }
    if (ok)
        sum->events = (unsigned)r->n;
    else
        memset(sum, 0, sizeof *sum);
    buf_free(&r->arena);
    free(r->rows);
    return ok;
}

bool journal_merge(struct store *st, const struct key *key, const char *self,
                   const struct journal_file *file, struct journal_summary *sum, char **why)
{
    struct reader r = { .name = file->name, .self = self };
    memset(sum, 0, sizeof *sum);
    /* Nothing of a file is read before its signature is known to be good. */
    return journal_verify(key, file, why) && merge_text(st, &r, file->text, file->len, sum, why);
}

bool journal_merge_pulled(struct store *st, const char *name, const char *text, size_t len,
                          struct journal_summary *sum, char **why)
{
    struct reader r = { .name = name, .pulled = true };
    memset(sum, 0, sizeof *sum);
    return merge_text(st, &r, text, len, sum, why);
}
