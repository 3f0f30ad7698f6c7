/* Journals: written by one kiosk, merged by another, twice, and refused when wrong. */
#include "check.h"
#include "entrada/checkin.h"
#include "entrada/journal.h"

#include "sql.h"

static const int64_t t0 = 1773302400000; /* 2026-03-12 08:00 UTC */

static struct store *open_with(const char *dir, const char *name, const char *const *codes)
{
    char path[512], *why = NULL;
    snprintf(path, sizeof path, "%s/%s.db", dir, name);
    struct store *st = store_open(path, &why);
    CHECK(st != NULL);
    for (; *codes; codes++) {
        struct attendee a = { .code = (char *)*codes,
                              .name = (char *)"Łukasz Boratyński",
                              .organisation = (char *)"Clúster, \"Minero\"" };
        CHECK(store_put_attendee(st, &a, &why));
        free(a.search_key);
    }
    return st;
}

static void checkin(struct store *st, const char *kiosk, const char *session, const char *code,
                    int64_t at)
{
    struct checkin_policy p = { .kiosk = kiosk, .session = session, .repeat_ms = 3000 };
    struct checkin_result r;
    char *why = NULL;
    CHECK(checkin_code(st, &p, code, STORE_SCANNER, at, &r, &why) && r.recorded);
    checkin_result_clear(&r);
}

static char *journal_of(struct store *st, size_t *len)
{
    char *text = NULL, *why = NULL;
    FILE *f = open_memstream(&text, len);
    CHECK(journal_write(st, f, &why));
    fclose(f);
    return text;
}

static const char *dir;

/* sql's number in the database of the store named name. */
static int64_t count(const char *name, const char *sql)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.db", dir, name);
    return sql_int(path, sql);
}

int main(void)
{
    dir = check_tmpdir();
    char *why = NULL;
    struct journal_summary sum;

    /* door1 knows X and Y; Y's check-in is undone; X also went to the roundtable. */
    struct store *a = open_with(dir, "a", (const char *const[]){ "X", "Y", NULL });
    CHECK(store_add_session(a, "roundtable", "Mesa redonda", &why));
    checkin(a, "door1", "main", "X", t0 + 60000);
    checkin(a, "door1", "main", "Y", t0 + 120000);
    struct checkin_policy p = { .kiosk = "door1", .session = "main" };
    struct checkin_result r;
    CHECK(checkin_undo_last(a, &p, t0 + 130000, &r, &why) && r.recorded);
    checkin_result_clear(&r);
    checkin(a, "door1", "roundtable", "X", t0 + 3600000);
    size_t len;
    char *text = journal_of(a, &len);
    CHECK(strncmp(text, "kiosk,seq,at_ms,session,session_title,direction,method,code,name,", 64) ==
          0);
    CHECK(strstr(text, "\r\ndoor1,3,1773302530000,main,Main session,out,staff,Y,"
                       "Łukasz Boratyński,\"Clúster, \"\"Minero\"\"\",,door1,2,,\r\n") != NULL);

    /* door2 knows only X, and checked X in earlier than door1 did. */
    struct store *b = open_with(dir, "b", (const char *const[]){ "X", NULL });
    checkin(b, "door2", "main", "X", t0);
    CHECK(journal_merge(b, text, len, "journal.csv", &sum, &why));
    CHECK(sum.events == 4 && sum.added == 4 && sum.attendees == 1 && sum.sessions == 1);
    CHECK(count("b", "SELECT COUNT(*) FROM checkins") == 5);
    /* Y came with the journal, cancelled until a list names them; their undo holds. */
    CHECK(count("b", "SELECT COUNT(*) FROM attendees WHERE code = 'Y' AND status = 'cancelled'") ==
          1);
    CHECK(count("b", "SELECT COUNT(*) FROM admissions WHERE attendee_id = "
                     "(SELECT id FROM attendees WHERE code = 'Y')") == 0);
    CHECK(count("b", "SELECT title = 'Mesa redonda' FROM sessions WHERE name = 'roundtable'") == 1);
    /* X keeps both check-ins; the earlier one is the first. */
    CHECK(count("b", "SELECT MIN(at_ms) FROM admissions WHERE kiosk IN ('door1', 'door2') AND "
                     "session_id = 1") == t0);
    CHECK(count("b", "SELECT COUNT(*) FROM admissions WHERE session_id = 1") == 2);

    /* Merging again, or merging back what came round through door2, changes nothing. */
    CHECK(journal_merge(b, text, len, "journal.csv", &sum, &why));
    CHECK(sum.events == 4 && sum.added == 0 && sum.attendees == 0);
    size_t blen;
    char *btext = journal_of(b, &blen);
    CHECK(journal_merge(a, btext, blen, "journal.csv", &sum, &why));
    CHECK(sum.events == 5 && sum.added == 1);
    CHECK(count("a", "SELECT COUNT(*) FROM checkins") == 5);
    /* The next check-in at door1 still numbers on from door1's own events. */
    checkin(a, "door1", "roundtable", "Y", t0 + 3700000);
    CHECK(count("a", "SELECT MAX(seq) FROM checkins WHERE kiosk = 'door1'") == 5);
    free(btext);

    /* Another kiosk also calling itself door1: refused, and nothing merged. */
    struct store *c = open_with(dir, "c", (const char *const[]){ "X", "Y", NULL });
    checkin(c, "door1", "main", "Y", t0 + 5000);
    CHECK(!journal_merge(c, text, len, "stick/journal.csv", &sum, &why));
    CHECK_WHY(why, "kiosk_id door1");
    CHECK(count("c", "SELECT COUNT(*) FROM checkins") == 1);
    CHECK(count("c", "SELECT COUNT(*) FROM sessions") == 1);

    /* Files that are not journals, or rows that do not check out, change nothing. */
    const char *bad[][2] = {
        { "name,code\r\nAna,1\r\n", "not an entrada journal" },
        { "\xff\xfe\x00\x01", "not UTF-8" },
        { "", "not an entrada journal" },
        { "kiosk,seq,at_ms,session,session_title,direction,method,code,name,organisation,"
          "category,undoes_kiosk,undoes_seq\r\n"
          "door9,1,1773302400000,main,,in,camera,X,Ana,,,,\r\n"
          "door9,2,17,main,,in,camera,X,Ana,,,,\r\n",
          "j.csv:3: bad time" },
        { "kiosk,seq,at_ms,session,session_title,direction,method,code,name,organisation,"
          "category,undoes_kiosk,undoes_seq\r\n"
          "../x,1,1773302400000,main,,in,camera,X,Ana,,,,\r\n",
          "j.csv:2: bad kiosk id" },
        { "kiosk,seq,at_ms,session,session_title,direction,method,code,name,organisation,"
          "category,undoes_kiosk,undoes_seq\r\n"
          "door9,1,1773302400000,main,,in,camera,X,Ana,,,door9,7\r\n",
          "undoes event door9-7" },
        { "kiosk,seq,at_ms,session,session_title,direction,method,code,name,organisation,"
          "category,undoes_kiosk,undoes_seq\r\n"
          "door9,1,1773302400000,main,,sideways,camera,X,Ana,,,,\r\n",
          "neither in nor out" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(!journal_merge(c, bad[i][0], strlen(bad[i][0]), "j.csv", &sum, &why));
        CHECK_WHY(why, bad[i][1]);
    }
    CHECK(count("c", "SELECT COUNT(*) FROM checkins") == 1);

    free(text);
    store_close(a);
    store_close(b);
    store_close(c);
    check_rmtree(dir);
    return check_done("test_journal");
}
