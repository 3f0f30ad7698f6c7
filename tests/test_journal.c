/*
 * Journals: written by one kiosk, signed, merged by another, twice, and
 * refused when wrong: unsigned, signed with another key, changed after
 * signing, claiming this kiosk's events.
 */
#include "check.h"
#include "entrada/checkin.h"
#include "entrada/journal.h"
#include "entrada/xmalloc.h"

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

/* The event key of these tests, and another event's. */
static const struct key event_key = { { 1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                        12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                        23, 24, 25, 26, 27, 28, 29, 30, 31, 32 } };
static const struct key other_key = { { 99 } };

/* Merge text into st (the kiosk self), signed with signer. */
static bool merge_signed(struct store *st, const char *self, const struct key *signer,
                         const char *text, size_t len, const char *name,
                         struct journal_summary *sum, char **why)
{
    char *sig = journal_sign(signer, text, len);
    struct journal_file f = {
        .name = name, .text = text, .len = len, .sig = sig, .sig_len = strlen(sig)
    };
    bool ok = journal_merge(st, &event_key, self, &f, sum, why);
    free(sig);
    return ok;
}

static bool merge(struct store *st, const char *self, const char *text, size_t len,
                  const char *name, struct journal_summary *sum, char **why)
{
    return merge_signed(st, self, &event_key, text, len, name, sum, why);
}

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
    CHECK(merge(b, "door2", text, len, "journal.csv", &sum, &why));
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
    /* So X is one conflict (two doors, one session); Y's undone admission and X's one at
     * the roundtable are none. */
    int64_t conflicts = -1;
    CHECK(store_count_conflicts(b, &conflicts, &why) && conflicts == 1);

    /* Merging again, or merging back what came round through door2, changes nothing. */
    CHECK(merge(b, "door2", text, len, "journal.csv", &sum, &why));
    CHECK(sum.events == 4 && sum.added == 0 && sum.attendees == 0);
    size_t blen;
    char *btext = journal_of(b, &blen);
    CHECK(merge(a, "door1", btext, blen, "journal.csv", &sum, &why));
    CHECK(sum.events == 5 && sum.added == 1);
    CHECK(count("a", "SELECT COUNT(*) FROM checkins") == 5);
    /* The next check-in at door1 still numbers on from door1's own events. */
    checkin(a, "door1", "roundtable", "Y", t0 + 3700000);
    CHECK(count("a", "SELECT MAX(seq) FROM checkins WHERE kiosk = 'door1'") == 5);
    free(btext);

    /* Another kiosk also calling itself door1: refused, and nothing merged. */
    struct store *c = open_with(dir, "c", (const char *const[]){ "X", "Y", NULL });
    checkin(c, "door1", "main", "Y", t0 + 5000);
    CHECK(!merge(c, "door1", text, len, "stick/journal.csv", &sum, &why));
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
        /* An "out" row of another kiosk naming one of door1's check-ins. */
        { "kiosk,seq,at_ms,session,session_title,direction,method,code,name,organisation,"
          "category,undoes_kiosk,undoes_seq\r\n"
          "door9,1,1773302400000,main,,out,staff,Y,Ana,,,door1,1\r\n",
          "j.csv:2: undoes another kiosk's check-in" },
        /* A check-in claiming to be this kiosk's (door3), which it never made. */
        { "kiosk,seq,at_ms,session,session_title,direction,method,code,name,organisation,"
          "category,undoes_kiosk,undoes_seq\r\n"
          "door9,1,1773302400000,main,,in,camera,X,Ana,,,,\r\n"
          "door3,1,1773302400000,main,,in,camera,Y,Ana,,,,\r\n",
          "j.csv:3: event door3-1 claims to be this kiosk's" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(!merge(c, "door3", bad[i][0], strlen(bad[i][0]), "j.csv", &sum, &why));
        CHECK_WHY(why, bad[i][1]);
    }
    CHECK(count("c", "SELECT COUNT(*) FROM checkins") == 1);

    /* Signatures: door1's journal, as it is on a stick, offered to a new kiosk d. */
    struct store *d = open_with(dir, "d", (const char *const[]){ "X", NULL });
    char *sig = journal_sign(&event_key, text, len);
    char fp[KEY_FINGERPRINT_SIZE];
    key_fingerprint(&event_key, fp);
    CHECK(strncmp(sig, "entrada journal signature 1 hmac-sha256 ", 40) == 0);
    CHECK(strncmp(sig + 40, fp, 9) == 0 && strlen(sig) == 40 + 9 + 1 + 64 + 1);
    struct journal_file f = {
        .name = "e/journal.csv", .text = text, .len = len, .sig = sig, .sig_len = strlen(sig)
    };
    CHECK(journal_verify(&event_key, &f, &why));
    /* Not signed; not a signature; another event's key; one byte changed; sig cut short. */
    f.sig = NULL;
    CHECK(!journal_merge(d, &event_key, "door4", &f, &sum, &why));
    CHECK_WHY(why, "e/journal.csv: not signed");
    f.sig = "kiosk,seq\n";
    f.sig_len = strlen(f.sig);
    CHECK(!journal_merge(d, &event_key, "door4", &f, &sum, &why));
    CHECK_WHY(why, "not an entrada signature");
    CHECK(!merge_signed(d, "door4", &other_key, text, len, "e/journal.csv", &sum, &why));
    CHECK_WHY(why, "not this kiosk's");
    char *changed = xstrdup(text);
    char *at = strstr(changed, "\r\ndoor1,1,") + 2;
    at[6] = '7'; /* door1-7 */
    f = (struct journal_file){
        .name = "e/journal.csv", .text = changed, .len = len, .sig = sig, .sig_len = strlen(sig)
    };
    CHECK(!journal_merge(d, &event_key, "door4", &f, &sum, &why));
    CHECK_WHY(why, "the signature does not match");
    f = (struct journal_file){
        .name = "e/journal.csv", .text = text, .len = len - 1, .sig = sig, .sig_len = strlen(sig)
    };
    CHECK(!journal_merge(d, &event_key, "door4", &f, &sum, &why));
    CHECK_WHY(why, "the signature does not match");
    f.len = len;
    f.sig_len = strlen(sig) - 2;
    CHECK(!journal_merge(d, &event_key, "door4", &f, &sum, &why));
    CHECK_WHY(why, "not an entrada signature");
    CHECK(count("d", "SELECT COUNT(*) FROM checkins") == 0);
    CHECK(count("d", "SELECT COUNT(*) FROM attendees") == 1);
    /* The real thing, with or without the end of line, goes in. */
    f.sig_len = strlen(sig) - 1;
    CHECK(journal_merge(d, &event_key, "door4", &f, &sum, &why) && sum.added == 4);
    free(changed);
    free(sig);
    store_close(d);

    free(text);
    store_close(a);
    store_close(b);
    store_close(c);
    check_rmtree(dir);
    return check_done("test_journal");
}
