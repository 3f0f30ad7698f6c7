/* The SQLite store: schema, durability settings, records and the journal. */
#include "check.h"
#include "entrada/store.h"
#include "entrada/xmalloc.h"

#include "sql.h"

static struct attendee person(const char *code, const char *name)
{
    struct attendee a = { 0 };
    a.code = strdup(code);
    a.name = strdup(name);
    a.organisation = strdup("Clúster Minero de Andalucía");
    a.category = strdup("SPEAKER");
    return a;
}

/*
 * An import into an empty store has the kernel write its rows out before
 * the commit (store_write_behind): that must not lose SQLite's lock on the
 * file, or another process could write into the import's transaction.
 */
static void test_write_behind(const char *dir)
{
    char path[512], *why = NULL;
    snprintf(path, sizeof path, "%s/behind.db", dir);
    struct store *st = store_open(path, &why);
    CHECK(st != NULL);
    store_alone(st);
    CHECK(store_begin_import(st, &why));
    char *mode = sql_text(path, "PRAGMA journal_mode");
    CHECK_STR(mode, "delete"); /* the import's own journal: the file's locks guard it */
    free(mode);
    CHECK(store_defer_person_index(st, &why));
    store_write_behind(st);
    /* Another process: within one, SQLite keeps its locks' state itself. */
    char *writer = xasprintf("sqlite3 '%s' 'BEGIN IMMEDIATE; COMMIT' 2>/dev/null", path);
    if (system("sqlite3 -version >/dev/null 2>&1") == 0) {
        CHECK(system(writer) != 0);
        CHECK(store_commit(st, &why));
        CHECK(system(writer) == 0);
    } else {
        CHECK(store_commit(st, &why));
        fprintf(stderr, "no sqlite3 shell: the lock is not looked at from another process\n");
    }
    free(writer);
    store_close(st);
    free(why);
}

int main(void)
{
    const char *dir = check_tmpdir();
    char path[512], *why = NULL;
    snprintf(path, sizeof path, "%s/event.db", dir);
    test_write_behind(dir);

    struct store *st = store_open(path, &why);
    CHECK(st != NULL);
    CHECK(sql_int(path, "PRAGMA user_version") == STORE_SCHEMA_VERSION);
    char *mode = sql_text(path, "PRAGMA journal_mode");
    CHECK_STR(mode, "wal");
    free(mode);
    CHECK(store_durable(st));

    struct attendee a = person("RM-001", "Santiago Cuesta López");
    CHECK(store_put_attendee(st, &a, &why) && a.id > 0);
    CHECK_STR(a.search_key, "santiago cuesta lopez|cluster minero de andalucia|");
    struct attendee got = { 0 };
    CHECK(store_find_attendee(st, "RM-001", &got, &why) == 1);
    CHECK_STR(got.name, "Santiago Cuesta López");
    CHECK(got.id == a.id && got.status == ATTENDEE_ACTIVE);
    attendee_clear(&got);
    CHECK(store_find_attendee(st, "nope", &got, &why) == 0);

    int64_t main_id, other;
    CHECK(store_find_session(st, "main", &main_id, &why) == 1);
    CHECK(store_find_session(st, "roundtable", &other, &why) == 0);
    CHECK(store_add_session(st, "roundtable", "Roundtable", &why));
    CHECK(!store_add_session(st, "roundtable", "", &why));
    CHECK_WHY(why, "exists already");
    CHECK(store_find_session(st, "roundtable", &other, &why) == 1 && other != main_id);

    struct store_event ev = { .attendee_id = a.id, .session_id = main_id, .at_ms = 1000 };
    strcpy(ev.kiosk, "door1");
    CHECK(store_record(st, &ev, &why) && ev.seq == 1);
    ev.at_ms = 2000;
    CHECK(store_record(st, &ev, &why) && ev.seq == 2);
    strcpy(ev.kiosk, "door2");
    CHECK(store_record(st, &ev, &why) && ev.seq == 1);

    struct store_event first, last;
    CHECK(store_first_last_in(st, a.id, main_id, &first, &last, &why) == 1);
    CHECK(first.at_ms == 1000 && last.at_ms == 2000 && strcmp(last.kiosk, "door2") == 0);
    CHECK(store_first_last_in(st, a.id, other, &first, &last, &why) == 0);

    /* The journal is append-only. */
    CHECK(sql_exec(path, "DELETE FROM checkins") != SQLITE_OK);
    CHECK(sql_exec(path, "UPDATE checkins SET at_ms = 0") != SQLITE_OK);
    /* An event for no attendee is refused. */
    ev.attendee_id = 999;
    CHECK(!store_record(st, &ev, &why));
    CHECK_WHY(why, "FOREIGN KEY");

    /* A rolled-back transaction leaves nothing behind. */
    CHECK(store_begin(st, &why));
    struct attendee b = person("RM-002", "Łukasz Boratyński");
    CHECK(store_put_attendee(st, &b, &why));
    store_rollback(st);
    CHECK(store_find_attendee(st, "RM-002", &got, &why) == 0);
    attendee_clear(&b);

    CHECK(store_set_cancelled(st, a.id, true, &why));
    int64_t n;
    CHECK(store_count_attendees(st, true, &n, &why) && n == 0);
    CHECK(store_count_attendees(st, false, &n, &why) && n == 1);
    attendee_clear(&a);
    store_close(st);

    /* Reopening keeps everything; a newer schema is refused. */
    st = store_open(path, &why);
    CHECK(st != NULL);
    CHECK(store_find_attendee(st, "RM-001", &got, &why) == 1 && got.status == ATTENDEE_CANCELLED);
    attendee_clear(&got);
    CHECK(sql_exec(path, "PRAGMA user_version = 99") == SQLITE_OK);
    store_close(st);
    CHECK(store_open(path, &why) == NULL);
    CHECK_WHY(why, "newer entrada");

    /* Not a database at all. */
    char *junk = check_write(dir, "junk.db", "this is not a database, just some text.........", 0);
    CHECK(store_open(junk, &why) == NULL);
    CHECK_WHY(why, "junk.db");
    free(junk);

    enum store_method m;
    CHECK(store_method_parse("scanner", &m) && m == STORE_SCANNER);
    CHECK(!store_method_parse("telepathy", &m));
    store_close(NULL);
    check_rmtree(dir);
    return check_done("test_store");
}
