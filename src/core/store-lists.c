/*
 * The store's lists and registrations: who is on which list with which
 * code and status, the person each registration belongs to, the rules
 * that limit a session to lists or to a kept column's value, and the log
 * of refused scans.
 *
 * A person is a row of persons pointing at the best of their
 * registrations (store_refresh_attendee), with the status, category, lists
 * and search key kept for the person; the view attendees joins the two,
 * so that searches, badges and reports read one row per person while
 * codes and statuses stay per list.
 */
#include "entrada/buf.h"
#include "entrada/json.h"
#include "entrada/text.h"
#include "entrada/xmalloc.h"
#include "store-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void store_registration_clear(struct store_registration *r)
{
    attendee_clear(&r->a);
    free(r->name_key);
    free(r->email_key);
    free(r->org_key);
    memset(r, 0, sizeof *r);
}

/* Fill the keys of r from its details where they are missing. */
static void make_keys(struct store_registration *r)
{
    if (r->name_key == NULL)
        r->name_key = text_name_key(store_or_empty(r->a.name));
    if (r->email_key == NULL)
        r->email_key = text_email_key(store_or_empty(r->a.email));
    if (r->org_key == NULL)
        r->org_key = text_fold(store_or_empty(r->a.organisation));
}

/* Bind a registration's details as ?1 (code) to ?12 (attention), its keys as ?15 to ?17, after
 * base. */
static void bind_details(sqlite3_stmt *q, int base, struct store_registration *r)
{
    const struct attendee *a = &r->a;
    store_bind_person(q, base, a);
    sqlite3_bind_text(q, base + 10, a->extra && a->extra[0] ? a->extra : "{}", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, base + 11, store_or_empty(a->comment), -1, SQLITE_STATIC);
    sqlite3_bind_int(q, base + 12, a->attention);
    if (sqlite3_bind_parameter_count(q) >= base + 17) {
        make_keys(r);
        sqlite3_bind_text(q, base + 15, r->name_key, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, base + 16, r->email_key, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, base + 17, r->org_key, -1, SQLITE_STATIC);
    }
}

/* Run q (bound) to its end; false with *why naming what. */
static bool step_done(struct store *st, struct store_conn *c, sqlite3_stmt *q, const char *what,
                      char **why)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    return rc == SQLITE_DONE || store_fail(st, c, why, what);
}

/* The id of the list named so, made if new. */
static bool ensure_list(struct store *st, struct store_conn *c, const char *name, int64_t *id,
                        char **why)
{
    sqlite3_stmt *q = store_prepare(st, c,
                                    "INSERT INTO lists (name) VALUES (?1) ON CONFLICT (name) "
                                    "DO UPDATE SET name = name RETURNING id",
                                    "add list", why);
    if (q == NULL)
        return false;
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    bool ok = sqlite3_step(q) == SQLITE_ROW;
    if (ok)
        *id = sqlite3_column_int64(q, 0);
    else
        store_fail(st, c, why, "add list");
    sqlite3_finalize(q);
    return ok;
}

bool store_ensure_list(struct store *st, const char *name, int64_t *id, char **why)
{
    struct store_use u;
    if (!store_enter(st, true, &u, why))
        return false;
    bool ok = ensure_list(st, u.c, name, id, why);
    store_leave(st, &u);
    return ok;
}

bool store_insert_registration(struct store *st, struct store_conn *c,
                               struct store_registration *reg, const char *list, char **why)
{
    if (list && !ensure_list(st, c, list, &reg->list_id, why))
        return false;
    sqlite3_stmt *q = store_stmt(st, c, STMT_REG_INSERT, why);
    if (q == NULL)
        return false;
    bind_details(q, 0, reg);
    sqlite3_bind_int64(q, 13, reg->attendee_id);
    sqlite3_bind_int64(q, 14, reg->list_id);
    if (reg->id)
        sqlite3_bind_int64(q, 18, reg->id);
    if (!step_done(st, c, q, "add registration", why))
        return false;
    reg->id = sqlite3_last_insert_rowid(c->db);
    if (store_in_transaction(st))
        st->next_registration = reg->id + 1;
    return true;
}

/* The id the next registration gets: known within a transaction after the first. */
static bool next_registration_id(struct store *st, struct store_conn *c, int64_t *id, char **why)
{
    if (store_in_transaction(st) && st->next_registration) {
        *id = st->next_registration;
        return true;
    }
    sqlite3_stmt *q = store_stmt(st, c, STMT_NEXT_REG, why);
    if (q == NULL)
        return false;
    bool ok = sqlite3_step(q) == SQLITE_ROW;
    if (ok)
        *id = sqlite3_column_int64(q, 0);
    else
        store_fail(st, c, why, "number a registration");
    sqlite3_reset(q);
    return ok;
}

bool store_defer_person_index(struct store *st, char **why)
{
    if (!store_in_transaction(st)) {
        *why = xasprintf("%s: indexes are deferred only inside a transaction", st->path);
        return false;
    }
    struct store_use u;
    if (!store_enter(st, true, &u, why))
        return false;
    bool ok = store_exec(st, u.c, "DROP INDEX IF EXISTS registrations_by_name", why);
    st->person_index = false;
    store_leave(st, &u);
    return ok;
}

int store_other_lists(struct store *st, int64_t list_id, char **why)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT EXISTS (SELECT 1 FROM registrations WHERE list_id != %lld)",
             (long long)list_id);
    int64_t n;
    return store_count(st, sql, "look for other lists", &n, why) ? n != 0 : -1;
}

bool store_count_registrations(struct store *st, int64_t list_id, int64_t *n, char **why)
{
    char sql[128];
    if (list_id)
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM registrations WHERE list_id = %lld",
                 (long long)list_id);
    else
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM registrations");
    return store_count(st, sql, "count registrations", n, why);
}

/* Read a registration row of STMT_HELD's columns 0..14 into r (a.lists: the list's name). */
static void read_held(sqlite3_stmt *q, int64_t attendee_id, struct store_registration *r)
{
    r->id = sqlite3_column_int64(q, 0);
    r->attendee_id = attendee_id;
    r->list_id = sqlite3_column_int64(q, 1);
    r->a.lists = xstrdup(store_column_text(q, 2));
    int status = attendee_status_parse(store_column_text(q, 3));
    r->a.status = status < 0 ? ATTENDEE_CANCELLED : (enum attendee_status)status;
    r->a.code = xstrdup(store_column_text(q, 4));
    r->a.code_generated = sqlite3_column_int(q, 5) != 0;
    r->a.name = xstrdup(store_column_text(q, 6));
    r->a.first_name = xstrdup(store_column_text(q, 7));
    r->a.last_name = xstrdup(store_column_text(q, 8));
    r->a.organisation = xstrdup(store_column_text(q, 9));
    r->a.email = xstrdup(store_column_text(q, 10));
    r->a.category = xstrdup(store_column_text(q, 11));
    r->a.comment = xstrdup(store_column_text(q, 12));
    r->a.attention = sqlite3_column_int(q, 13) != 0;
    r->a.extra = xstrdup(store_column_text(q, 14));
}

bool store_each_registration(struct store *st, int64_t list_id,
                             bool (*fn)(void *ctx, const struct store_registration *r), void *ctx,
                             char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(
        st, u.c,
        "SELECT id, attendee_id, code, code_generated, status, name_key, email_key, org_key "
        "FROM registrations WHERE list_id = ? AND code_generated",
        "list registrations", why);
    if (q == NULL)
        goto out;
    sqlite3_bind_int64(q, 1, list_id);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_registration r = { .id = sqlite3_column_int64(q, 0),
                                        .attendee_id = sqlite3_column_int64(q, 1),
                                        .list_id = list_id };
        r.a.code = xstrdup(store_column_text(q, 2));
        r.a.code_generated = sqlite3_column_int(q, 3) != 0;
        int status = attendee_status_parse(store_column_text(q, 4));
        r.a.status = status < 0 ? ATTENDEE_CANCELLED : (enum attendee_status)status;
        r.name_key = xstrdup(store_column_text(q, 5));
        r.email_key = xstrdup(store_column_text(q, 6));
        r.org_key = xstrdup(store_column_text(q, 7));
        bool more = fn(ctx, &r);
        store_registration_clear(&r);
        if (!more)
            break;
    }
    ok = rc == SQLITE_ROW || rc == SQLITE_DONE || store_fail(st, u.c, why, "list registrations");
    sqlite3_finalize(q);
out:
    store_leave(st, &u);
    return ok;
}

bool store_list_active_ids(struct store *st, int64_t list_id, int64_t **ids, size_t *n, char **why)
{
    return store_ids(st,
                     "SELECT id FROM registrations WHERE list_id = ? AND status != 'cancelled' "
                     "ORDER BY id",
                     list_id, ids, n, why);
}

int store_code_taken(struct store *st, const char *code, char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return -1;
    int taken = -1;
    sqlite3_stmt *q = store_stmt(st, u.c, STMT_CODE_TAKEN, why);
    if (q) {
        sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW)
            taken = sqlite3_column_int(q, 0) != 0;
        else
            store_fail(st, u.c, why, "look up code");
        sqlite3_reset(q);
    }
    store_leave(st, &u);
    return taken;
}

int store_match_registration(struct store *st, const struct store_registration *reg,
                             struct store_registration *old, bool *same, char **why)
{
    memset(old, 0, sizeof *old);
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return -1;
    int found = -1;
    sqlite3_stmt *q = store_stmt(st, u.c, STMT_REG_MATCH, why);
    if (q == NULL)
        goto out;
    bind_details(q, 0, (struct store_registration *)reg);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        old->id = sqlite3_column_int64(q, 0);
        old->attendee_id = sqlite3_column_int64(q, 1);
        old->list_id = sqlite3_column_int64(q, 2);
        old->a.lists = xstrdup(store_column_text(q, 3));
        *same = sqlite3_column_int(q, 4) == 1;
        found = 1;
    } else if (rc == SQLITE_DONE) {
        found = 0;
    } else {
        store_fail(st, u.c, why, "look up registration");
    }
    sqlite3_reset(q);
out:
    store_leave(st, &u);
    return found;
}

int store_find_person(struct store *st, const struct store_registration *reg, int64_t *attendee_id,
                      char **why)
{
    struct store_registration *r = (struct store_registration *)reg;
    make_keys(r);
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return -1;
    int found = -1;
    /* Built again after an import into an empty store, by the first that needs it. */
    if (u.c == &st->writer && !st->person_index) {
        if (!store_exec(st, u.c, STORE_PERSON_INDEX, why))
            goto out;
        st->person_index = true;
    }
    sqlite3_stmt *q = store_stmt(st, u.c, STMT_PERSON, why);
    if (q == NULL)
        goto out;
    sqlite3_bind_text(q, 1, r->name_key, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, r->email_key, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, r->org_key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, r->list_id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *attendee_id = sqlite3_column_int64(q, 0);
        found = 1;
    } else if (rc == SQLITE_DONE) {
        found = 0;
    } else {
        store_fail(st, u.c, why, "look up person");
    }
    sqlite3_reset(q);
out:
    store_leave(st, &u);
    return found;
}

/*
 * Add a new person showing reg, on the list named list, and reg itself:
 * the person's row first, naming the id reg is then stored with. Sets
 * reg->attendee_id and reg->id.
 */
static bool add_person(struct store *st, struct store_conn *c, struct store_registration *reg,
                       const char *list, char **why)
{
    int64_t id;
    if (!next_registration_id(st, c, &id, why))
        return false;
    sqlite3_stmt *q = store_stmt(st, c, STMT_INSERT, why);
    if (q == NULL)
        return false;
    store_bind_shown(q, 0, &reg->a, id, "");
    sqlite3_bind_text(q, 4, list, -1, SQLITE_STATIC);
    if (!step_done(st, c, q, "add attendee", why))
        return false;
    reg->attendee_id = sqlite3_last_insert_rowid(c->db);
    reg->id = id;
    return store_insert_registration(st, c, reg, NULL, why);
}

/* The most rows one statement of store_add_people inserts: a statement costs less per row. */
enum { ADD_ROWS = 32 };

/* "head VALUES (?, ...), ..." for rows rows of columns columns. */
static char *values_sql(const char *head, int columns, int rows)
{
    struct buf b = { 0 };
    buf_adds(&b, head);
    buf_adds(&b, " VALUES ");
    for (int r = 0; r < rows; r++) {
        buf_adds(&b, r ? ", (?" : "(?");
        for (int c = 1; c < columns; c++)
            buf_adds(&b, ", ?");
        buf_addc(&b, ')');
    }
    return buf_steal(&b);
}

/* The statements adding rows people, and their registrations. */
static bool prepare_adds(struct store *st, struct store_conn *c, int rows, sqlite3_stmt **people,
                         sqlite3_stmt **regs, char **why)
{
    char *p = values_sql(
        "INSERT INTO persons (registration_id, status, category, lists, search_key)", 5, rows);
    char *r = values_sql("INSERT INTO registrations (code, code_generated, name, first_name, "
                         "last_name, organisation, email, category, status, extra, comment, "
                         "attention, attendee_id, list_id, name_key, email_key, org_key)",
                         17, rows);
    *people = store_prepare(st, c, p, "add attendees", why);
    *regs = *people ? store_prepare(st, c, r, "add registrations", why) : NULL;
    free(p);
    free(r);
    return *regs != NULL;
}

/*
 * True if the rows just added were numbered up to last. Rows added without
 * an id get one more than the table's largest (SQLite's rule, while ids
 * are below its largest integer), so the ids store_add_people gives its
 * people are theirs; adding them this way spares SQLite a look for each id.
 */
static bool numbered(struct store *st, struct store_conn *c, int64_t last, const char *what,
                     char **why)
{
    if (sqlite3_last_insert_rowid(c->db) == last)
        return true;
    *why = xasprintf("%s: %s numbered %lld, not %lld as counted", st->path, what,
                     (long long)sqlite3_last_insert_rowid(c->db), (long long)last);
    return false;
}

bool store_add_people(struct store *st, struct store_registration *regs, size_t n,
                      const char *lists, char **why)
{
    if (!store_in_transaction(st)) {
        *why = xasprintf("%s: people are added in batches only inside a transaction", st->path);
        return false;
    }
    struct store_conn *c = &st->writer;
    sqlite3_stmt *people = NULL, *reg = NULL, *q = NULL;
    bool ok = false;
    int64_t person_id = 0, reg_id = 0;
    q = store_prepare(st, c,
                      "SELECT (SELECT COALESCE(MAX(id), 0) FROM persons), "
                      "(SELECT COALESCE(MAX(id), 0) FROM registrations)",
                      "number attendees", why);
    if (q == NULL)
        goto out;
    if (sqlite3_step(q) != SQLITE_ROW) {
        store_fail(st, c, why, "number attendees");
        goto out;
    }
    person_id = sqlite3_column_int64(q, 0);
    reg_id = sqlite3_column_int64(q, 1);
    for (size_t i = 0; i < n; i += ADD_ROWS) {
        int k = n - i < ADD_ROWS ? (int)(n - i) : ADD_ROWS;
        /* Statements for a full batch are kept (made once an import); the last, shorter, not. */
        if (k == ADD_ROWS && c->add_regs == NULL &&
            !prepare_adds(st, c, k, &c->add_people, &c->add_regs, why))
            goto out;
        if (k < ADD_ROWS && !prepare_adds(st, c, k, &people, &reg, why))
            goto out;
        sqlite3_stmt *people_q = k == ADD_ROWS ? c->add_people : people;
        sqlite3_stmt *reg_q = k == ADD_ROWS ? c->add_regs : reg;
        for (int j = 0; j < k; j++) {
            struct store_registration *r = &regs[i + (size_t)j];
            r->attendee_id = ++person_id;
            r->id = ++reg_id;
            store_bind_shown(people_q, 5 * j, &r->a, r->id, lists);
            bind_details(reg_q, 17 * j, r);
            sqlite3_bind_int64(reg_q, 17 * j + 13, r->attendee_id);
            sqlite3_bind_int64(reg_q, 17 * j + 14, r->list_id);
        }
        if (!step_done(st, c, people_q, "add attendees", why) ||
            !numbered(st, c, person_id, "attendees", why) ||
            !step_done(st, c, reg_q, "add registrations", why) ||
            !numbered(st, c, reg_id, "registrations", why))
            goto out;
    }
    st->next_registration = reg_id + 1;
    ok = true;
out:
    sqlite3_finalize(q);
    sqlite3_finalize(people);
    sqlite3_finalize(reg);
    return ok;
}

/* The name of list id. */
static bool list_name(struct store *st, struct store_conn *c, int64_t id, char **name, char **why)
{
    sqlite3_stmt *q = store_stmt(st, c, STMT_LIST_NAME, why);
    if (q == NULL)
        return false;
    sqlite3_bind_int64(q, 1, id);
    bool ok = sqlite3_step(q) == SQLITE_ROW;
    if (ok)
        *name = xstrdup(store_column_text(q, 0));
    else
        *why = xasprintf("%s: no list with id %lld", st->path, (long long)id);
    sqlite3_reset(q);
    return ok;
}

bool store_put_registration(struct store *st, struct store_registration *reg, char **why)
{
    struct store_use u;
    if (!store_enter(st, true, &u, why))
        return false;
    bool ok = false;
    char *list = NULL;
    if (reg->id) {
        sqlite3_stmt *q = store_stmt(st, u.c, STMT_REG_UPDATE, why);
        if (q == NULL)
            goto out;
        bind_details(q, 0, reg);
        sqlite3_bind_int64(q, 18, reg->id);
        if (!step_done(st, u.c, q, "update registration", why))
            goto out;
    } else if (reg->attendee_id == 0) {
        /* A new person shows this registration as it is: nothing to work out. */
        if (reg->a.lists && reg->a.lists[0]) {
            ok = add_person(st, u.c, reg, reg->a.lists, why);
        } else {
            ok =
                list_name(st, u.c, reg->list_id, &list, why) && add_person(st, u.c, reg, list, why);
        }
        goto out;
    } else if (!store_insert_registration(st, u.c, reg, NULL, why)) {
        goto out;
    }
    ok = store_refresh_attendee(st, u.c, reg->attendee_id, why);
out:
    free(list);
    store_leave(st, &u);
    return ok;
}

bool store_cancel_registration(struct store *st, int64_t id, char **why)
{
    struct store_use u;
    if (!store_enter(st, true, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(st, u.c,
                                    "UPDATE registrations SET status = 'cancelled' WHERE id = ? "
                                    "RETURNING attendee_id",
                                    "cancel registration", why);
    if (q == NULL)
        goto out;
    sqlite3_bind_int64(q, 1, id);
    int64_t person = 0;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        person = sqlite3_column_int64(q, 0);
        rc = sqlite3_step(q);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        store_fail(st, u.c, why, "cancel registration");
        goto out;
    }
    ok = person == 0 || store_refresh_attendee(st, u.c, person, why);
out:
    store_leave(st, &u);
    return ok;
}

/* True if words (separated by spaces, may be NULL) has word. */
static bool has_word(const char *words, const char *word)
{
    size_t n = strlen(word);
    for (const char *w = words; w && *w;) {
        size_t k = strcspn(w, " ");
        if (k == n && strncmp(w, word, n) == 0)
            return true;
        w += k + (w[k] == ' ');
    }
    return false;
}

bool store_refresh_attendee(struct store *st, struct store_conn *c, int64_t id, char **why)
{
    sqlite3_stmt *q = store_stmt(st, c, STMT_HELD, why);
    if (q == NULL)
        return false;
    sqlite3_bind_int64(q, 1, id);
    struct store_registration best = { 0 };
    struct buf lists = { 0 };
    bool any = false;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!any)
            read_held(q, id, &best); /* ordered best first */
        const char *name = store_column_text(q, 2);
        if (!has_word(lists.data, name))
            buf_addf(&lists, "%s%s", any ? " " : "", name);
        any = true;
    }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) {
        store_registration_clear(&best);
        buf_free(&lists);
        return store_fail(st, c, why, "read registrations");
    }
    bool ok = true;
    if (any) {
        free(best.a.lists);
        best.a.lists = buf_steal(&lists);
        best.a.id = id;
        attendee_make_search_key(&best.a);
        sqlite3_stmt *u = store_stmt(st, c, STMT_UPDATE, why);
        ok = u != NULL;
        if (ok) {
            store_bind_shown(u, 0, &best.a, best.id, "");
            sqlite3_bind_int64(u, 6, id);
            ok = step_done(st, c, u, "update attendee", why);
        }
    }
    buf_free(&lists);
    store_registration_clear(&best);
    return ok;
}

bool store_each_list(struct store *st, bool (*fn)(void *ctx, const struct store_list_info *l),
                     void *ctx, char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(
        st, u.c,
        "WITH n AS (SELECT list_id, SUM(status = 'active') AS active, "
        "SUM(status = 'unpaid') AS unpaid, SUM(status = 'cancelled') AS cancelled "
        "FROM registrations GROUP BY list_id) "
        "SELECT l.name, COALESCE(i.file, ''), COALESCE(i.at_ms, 0), COALESCE(i.rows, 0), "
        "COALESCE(n.active, 0), COALESCE(n.unpaid, 0), COALESCE(n.cancelled, 0) "
        "FROM lists l LEFT JOIN n ON n.list_id = l.id "
        "LEFT JOIN imports i ON i.id = (SELECT MAX(id) FROM imports "
        "WHERE list_id = l.id) ORDER BY l.id",
        "list lists", why);
    if (q == NULL)
        goto out;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_list_info l = {
            .name = store_column_text(q, 0),
            .file = store_column_text(q, 1),
            .at_ms = sqlite3_column_int64(q, 2),
            .rows = sqlite3_column_int64(q, 3),
            .active = sqlite3_column_int64(q, 4),
            .unpaid = sqlite3_column_int64(q, 5),
            .cancelled = sqlite3_column_int64(q, 6),
        };
        if (!fn(ctx, &l))
            break;
    }
    ok = rc == SQLITE_ROW || rc == SQLITE_DONE || store_fail(st, u.c, why, "list lists");
    sqlite3_finalize(q);
out:
    store_leave(st, &u);
    return ok;
}

int store_get_session(struct store *st, const char *name, struct store_session *out, char **why)
{
    memset(out, 0, sizeof *out);
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return -1;
    int found = -1;
    sqlite3_stmt *q = store_prepare(
        st, u.c,
        "SELECT id, name, title, lists, where_column, where_value FROM sessions WHERE name = ?",
        "look up session", why);
    if (q == NULL)
        goto out;
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(q, 0);
        snprintf(out->name, sizeof out->name, "%s", store_column_text(q, 1));
        snprintf(out->title, sizeof out->title, "%s", store_column_text(q, 2));
        snprintf(out->lists, sizeof out->lists, "%s", store_column_text(q, 3));
        snprintf(out->where_column, sizeof out->where_column, "%s", store_column_text(q, 4));
        snprintf(out->where_value, sizeof out->where_value, "%s", store_column_text(q, 5));
        found = 1;
    } else if (rc == SQLITE_DONE) {
        found = 0;
    } else {
        store_fail(st, u.c, why, "look up session");
    }
    sqlite3_finalize(q);
out:
    store_leave(st, &u);
    return found;
}

bool store_set_session_rule(struct store *st, const char *name, const char *lists,
                            const char *where_column, const char *where_value, char **why)
{
    struct store_use u;
    if (!store_enter(st, true, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(st, u.c,
                                    "UPDATE sessions SET lists = ?2, where_column = ?3, "
                                    "where_value = ?4 WHERE name = ?1",
                                    "limit session", why);
    if (q == NULL)
        goto out;
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, store_or_empty(lists), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, store_or_empty(where_column), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, store_or_empty(where_value), -1, SQLITE_STATIC);
    ok = step_done(st, u.c, q, "limit session", why);
    if (ok && sqlite3_changes(u.c->db) == 0) {
        *why = xasprintf("no session named \"%s\"", name);
        ok = false;
    }
    sqlite3_finalize(q);
out:
    store_leave(st, &u);
    return ok;
}

bool store_each_held(struct store *st, int64_t attendee_id, const char *where_column,
                     bool (*fn)(void *ctx, const struct store_held *h), void *ctx, char **why)
{
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_stmt(st, u.c, STMT_HELD, why);
    if (q == NULL)
        goto out;
    /* The kept column, found as STORE_KEPT_VALUE finds it. */
    sqlite3_bind_int64(q, 1, attendee_id);
    if (where_column && where_column[0])
        sqlite3_bind_text(q, 2, where_column, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_registration r = { 0 };
        read_held(q, attendee_id, &r);
        struct store_held h = { .list = r.a.lists,
                                .status = r.a.status,
                                .where_value = store_column_text(q, 15),
                                .reg = &r };
        bool more = fn(ctx, &h);
        store_registration_clear(&r);
        if (!more)
            break;
    }
    ok = rc == SQLITE_ROW || rc == SQLITE_DONE || store_fail(st, u.c, why, "read registrations");
    sqlite3_reset(q);
out:
    store_leave(st, &u);
    return ok;
}

bool store_log_refusal(struct store *st, const struct store_refusal *r, char **why)
{
    struct store_use u;
    if (!store_enter(st, true, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(st, u.c,
                                    "INSERT INTO refusals (kiosk, at_ms, attendee_id, session_id, "
                                    "verdict, method) VALUES (?, ?, ?, ?, ?, ?)",
                                    "log refusal", why);
    if (q == NULL)
        goto out;
    sqlite3_bind_text(q, 1, r->kiosk, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, r->at_ms);
    sqlite3_bind_int64(q, 3, r->attendee_id);
    sqlite3_bind_int64(q, 4, r->session_id);
    sqlite3_bind_text(q, 5, r->verdict, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, store_method_name(r->method), -1, SQLITE_STATIC);
    ok = step_done(st, u.c, q, "log refusal", why);
    sqlite3_finalize(q);
out:
    store_leave(st, &u);
    return ok;
}

/* Kept columns not named by ?1 (a JSON array of names), as SQL's json_each rows j. */
#define NOT_KEPT "entrada_fold(j.key) NOT IN (SELECT entrada_fold(value) FROM json_each(?1))"

/*
 * The keep setting while a scrub is owed: no configuration value is a
 * newline, so the next open finds it differs and comes back to scrub.
 */
#define KEEP_UNSCRUBBED "\n"

bool store_keep_only(struct store *st, const char *keep, char **dropped, char **why)
{
    *dropped = NULL;
    char *applied = NULL;
    int had = store_get_setting(st, "keep", &applied, why);
    if (had < 0)
        return false;
    bool owed = had == 1 && strcmp(applied, KEEP_UNSCRUBBED) == 0;
    free(applied);
    struct buf names = { 0 };
    buf_addc(&names, '[');
    bool any = false;
    for (const char *k = keep ? keep : ""; *k;) {
        size_t n = strcspn(k, ",");
        char *name = xstrndup(k, n), *clean = text_clean(name);
        if (clean[0]) {
            if (any)
                buf_addc(&names, ',');
            json_string(&names, clean);
            any = true;
        }
        free(clean);
        free(name);
        k += n + (k[n] == ',');
    }
    buf_addc(&names, ']');

    static const char *const find_sql =
        "SELECT group_concat(key, ', ') FROM (SELECT DISTINCT j.key AS key FROM registrations r, "
        "json_each(r.extra) j WHERE " NOT_KEPT ")";
    static const char *const drop_sql =
        "UPDATE registrations SET extra = (SELECT COALESCE(json_group_object(j.key, j.value), "
        "'{}') FROM json_each(registrations.extra) j WHERE NOT (" NOT_KEPT ")) "
        "WHERE extra != '{}'";
    bool ok = false;
    if (!store_begin(st, why))
        goto out;
    struct store_use u;
    if (!store_enter(st, true, &u, why)) {
        store_rollback(st);
        goto out;
    }
    sqlite3_stmt *q = store_prepare(st, u.c, find_sql, "find dropped columns", why);
    if (q) {
        sqlite3_bind_text(q, 1, names.data, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW) {
            if (sqlite3_column_type(q, 0) != SQLITE_NULL)
                *dropped = xstrdup(store_column_text(q, 0));
            ok = true;
        } else {
            store_fail(st, u.c, why, "find dropped columns");
        }
        sqlite3_finalize(q);
    }
    if (ok && *dropped) {
        q = store_prepare(st, u.c, drop_sql, "drop columns", why);
        ok = q != NULL;
        if (ok) {
            sqlite3_bind_text(q, 1, names.data, -1, SQLITE_STATIC);
            ok = step_done(st, u.c, q, "drop columns", why);
            sqlite3_finalize(q);
        }
    }
    if (ok) {
        /* What was applied, so that the next open with the same setting skips all this. */
        q = store_prepare(st, u.c,
                          "INSERT INTO settings (name, value) VALUES ('keep', ?1) "
                          "ON CONFLICT (name) DO UPDATE SET value = ?1",
                          "remember kept columns", why);
        ok = q != NULL;
        if (ok) {
            sqlite3_bind_text(q, 1,
                              *dropped || owed ? KEEP_UNSCRUBBED
                              : keep           ? keep
                                               : "",
                              -1, SQLITE_STATIC);
            ok = step_done(st, u.c, q, "remember kept columns", why);
            sqlite3_finalize(q);
        }
    }
    store_leave(st, &u);
    if (!ok) {
        store_rollback(st);
        goto out;
    }
    if (!store_commit(st, why)) {
        ok = false;
        goto out;
    }
    if (*dropped == NULL && !owed)
        goto out;
    /*
     * Rewrite the file whole and empty the WAL: no old page keeps a
     * dropped value. Only then is the keep applied; until then the next
     * open tries again.
     */
    ok = store_scrub(st, why) && store_set_setting(st, "keep", keep ? keep : "", why);
out:
    if (!ok) {
        free(*dropped);
        *dropped = NULL;
    }
    buf_free(&names);
    return ok;
}

int store_kept_columns(struct store *st, char **keep, char **why)
{
    *keep = NULL;
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return -1;
    int found = -1;
    sqlite3_stmt *q = store_prepare(st, u.c, "SELECT value FROM settings WHERE name = 'keep'",
                                    "read kept columns", why);
    if (q) {
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            *keep = xstrdup(store_column_text(q, 0));
            found = 1;
        } else if (rc == SQLITE_DONE) {
            found = 0;
        } else {
            store_fail(st, u.c, why, "read kept columns");
        }
        sqlite3_finalize(q);
    }
    store_leave(st, &u);
    return found;
}

int store_kept_key(struct store *st, const char *column, char *out, size_t size, char **why)
{
    out[0] = '\0';
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return -1;
    int found = -1;
    sqlite3_stmt *q = store_prepare(st, u.c,
                                    "SELECT j.key FROM registrations r, json_each(r.extra) j "
                                    "WHERE entrada_fold(j.key) = entrada_fold(?1) LIMIT 1",
                                    "look up a kept column", why);
    if (q) {
        sqlite3_bind_text(q, 1, column, -1, SQLITE_STATIC);
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            snprintf(out, size, "%s", store_column_text(q, 0));
            found = 1;
        } else if (rc == SQLITE_DONE) {
            found = 0;
        } else {
            store_fail(st, u.c, why, "look up a kept column");
        }
        sqlite3_finalize(q);
    }
    store_leave(st, &u);
    return found;
}

bool store_put_attendee(struct store *st, struct attendee *a, char **why)
{
    struct store_use u;
    if (!store_enter(st, true, &u, why))
        return false;
    bool ok = false;
    /* a's strings are lent to reg: only the keys made here are reg's own. */
    struct store_registration reg = { .a = *a };
    if (a->id) {
        /* Every detail goes to the registration the person shows. */
        sqlite3_stmt *q = store_stmt(st, u.c, STMT_FIND_ID, why);
        if (q == NULL)
            goto out;
        sqlite3_bind_int64(q, 1, a->id);
        int rc = sqlite3_step(q);
        sqlite3_reset(q);
        if (rc != SQLITE_ROW) {
            if (rc == SQLITE_DONE)
                *why = xasprintf("%s: no attendee with id %lld", st->path, (long long)a->id);
            else
                store_fail(st, u.c, why, "update attendee");
            goto out;
        }
        q = store_prepare(st, u.c, "SELECT registration_id FROM persons WHERE id = ?",
                          "update attendee", why);
        if (q == NULL)
            goto out;
        sqlite3_bind_int64(q, 1, a->id);
        rc = sqlite3_step(q);
        reg.id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
        sqlite3_finalize(q);
        if (rc != SQLITE_ROW) {
            store_fail(st, u.c, why, "update attendee");
            goto out;
        }
        reg.attendee_id = a->id;
        q = store_stmt(st, u.c, STMT_REG_UPDATE, why);
        if (q == NULL)
            goto out;
        bind_details(q, 0, &reg);
        sqlite3_bind_int64(q, 18, reg.id);
        ok = step_done(st, u.c, q, "update registration", why) &&
             store_refresh_attendee(st, u.c, a->id, why);
        goto out;
    }
    /* Someone added by hand or by another kiosk's journal: one registration, on "main". */
    reg.a.id = 0;
    if (!ensure_list(st, u.c, "main", &reg.list_id, why) || !add_person(st, u.c, &reg, "main", why))
        goto out;
    a->id = reg.attendee_id;
    if (a->search_key == NULL)
        a->search_key = reg.a.search_key; /* made by add_person for a */
    ok = true;
out:
    free(reg.name_key);
    free(reg.email_key);
    free(reg.org_key);
    store_leave(st, &u);
    return ok;
}

bool store_set_cancelled(struct store *st, int64_t id, bool cancelled, char **why)
{
    struct store_use u;
    if (!store_enter(st, true, &u, why))
        return false;
    bool ok = false;
    sqlite3_stmt *q = store_prepare(
        st, u.c, "UPDATE registrations SET status = ?2 WHERE attendee_id = ?1", "cancel", why);
    if (q == NULL)
        goto out;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_text(q, 2, cancelled ? "cancelled" : "active", -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        store_fail(st, u.c, why, "cancel attendee");
        goto out;
    }
    ok = store_refresh_attendee(st, u.c, id, why);
out:
    store_leave(st, &u);
    return ok;
}
