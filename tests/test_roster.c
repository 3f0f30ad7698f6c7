/* Importing attendee lists: formats, column mapping, merging and refusals. */
#include "check.h"
#include "entrada/buf.h"
#include "entrada/checkin.h"
#include "entrada/roster.h"
#include "entrada/xmalloc.h"

#include "sql.h"

static const char *dir;
static struct store *st;
static char db_path[512]; /* st's */

/* Everything in the attendees and checkins tables, as one string. */
static char *signature(void)
{
    char *r =
        sql_text(db_path, "SELECT (SELECT group_concat(code || name || organisation || email || "
                          "category || status || extra, ';') FROM attendees) || '#' || "
                          "(SELECT count(*) FROM checkins)");
    return r ? r : strdup("");
}

static struct roster_options defaults(void)
{
    struct roster_options o = { .max_bytes = 50 * 1000 * 1000 };
    return o;
}

/* Import text (len 0: strlen) as file name; returns the summary, or fails the check. */
static bool import(const char *name, const char *text, size_t len, struct roster_summary *sum,
                   char **why)
{
    char *path = check_write(dir, name, text, len);
    struct roster_options o = defaults();
    struct roster *r = roster_load(path, &o, why);
    free(path);
    if (r == NULL)
        return false;
    bool ok = roster_merge(st, r, NULL, NULL, sum, why);
    roster_free(r);
    return ok;
}

static void expect_attendee(const char *code, const char *name, const char *org, const char *email,
                            const char *category)
{
    struct attendee a = { 0 };
    char *why = NULL;
    if (store_find_attendee(st, code, &a, &why) != 1) {
        fprintf(stderr, "no attendee with code %s\n", code);
        check_failures++;
        return;
    }
    CHECK_STR(a.name, name);
    CHECK_STR(a.organisation, org);
    CHECK_STR(a.email, email);
    CHECK_STR(a.category, category);
    attendee_clear(&a);
}

static void test_spanish_excel(void)
{
    /* Excel's plain "CSV" save in Spain: Windows-1252, semicolons, CRLF. */
    const char *text =
        "C\xF3"
        "digo;Nombre;Apellidos;Organizaci\xF3n;Correo electr\xF3nico;Tipo;Pa\xEDs\r\n"
        "RM-01;Santiago;Cuesta L\xF3pez;Cl\xFAster Minero;scl@example.es;PONENTE;Espa\xF1"
        "a\r\n"
        "RM-02;Jyrki;Katainen;Geological Survey of Finland;;ASISTENTE;Suomi\r\n";
    struct roster_summary sum;
    char *why = NULL;
    CHECK(import("excel.csv", text, 0, &sum, &why));
    CHECK(sum.rows == 2 && sum.added == 2);
    expect_attendee("RM-01", "Santiago Cuesta López", "Clúster Minero", "scl@example.es",
                    "PONENTE");
    expect_attendee("RM-02", "Jyrki Katainen", "Geological Survey of Finland", "", "ASISTENTE");
    struct attendee a = { 0 };
    store_find_attendee(st, "RM-01", &a, &why);
    CHECK_STR(a.first_name, "Santiago");
    CHECK_STR(a.last_name, "Cuesta López");
    CHECK_STR(a.extra, "{}"); /* País is dropped: [columns] keep does not name it */
    attendee_clear(&a);
}

static void test_tool_exports(void)
{
    struct roster_summary sum;
    char *why = NULL;
    /* pretix: "Secret" is what the QR code holds, not "Order code". */
    CHECK(import("pretix.csv",
                 "Order code,Attendee name,Product,Price,Secret,E-mail,Company\n"
                 "ABC12,Zofia Kowalczyk,Speaker ticket,0.00,s3cr3tzofia,zk@example.pl,"
                 "\"Polish Geological Institute, PIB\"\n",
                 0, &sum, &why));
    expect_attendee("s3cr3tzofia", "Zofia Kowalczyk", "Polish Geological Institute, PIB",
                    "zk@example.pl", "Speaker ticket");
    /* Eventbrite: "Barcode #" beats "Attendee #". */
    CHECK(import("eventbrite.csv",
                 "Order #,First Name,Last Name,Email,Ticket Type,Attendee #,Barcode #,Company\n"
                 "1001,Jürgen,Groß,jg@example.de,General Admission,77,1234567890123,"
                 "Rohstoff GmbH\n",
                 0, &sum, &why));
    expect_attendee("1234567890123", "Jürgen Groß", "Rohstoff GmbH", "jg@example.de",
                    "General Admission");
    /* Excel "Unicode text": UTF-16LE with BOM, tab-separated. */
    const char utf16[] = "\xFF\xFE"
                         "C\0o\0d\0e\0\t\0N\0a\0m\0e\0\n\0"
                         "U\0-\0"
                         "1\0\t\0\x41\x01u\0k\0a\0s\0z\0\n\0";
    CHECK(import("unicode.txt", utf16, sizeof utf16 - 1, &sum, &why));
    expect_attendee("U-1", "Łukasz", "", "", "");
    /* Excel's sep= line. */
    CHECK(import("sep.csv", "sep=;\nCode;Full name;Organisation\nS-1;Anna Nowak;KGHM\n", 0, &sum,
                 &why));
    expect_attendee("S-1", "Anna Nowak", "KGHM", "", "");
    /* A [columns] override names a column the aliases would not find. */
    char *path = check_write(dir, "override.csv", "Localizador,Persona\nL-9,Eeva Mäkinen\n", 0);
    struct roster_options o = defaults();
    o.columns[ROSTER_CODE] = "localizador";
    o.columns[ROSTER_NAME] = "Persona";
    struct roster *r = roster_load(path, &o, &why);
    CHECK(r != NULL && roster_column(r, ROSTER_CODE) == 0 && roster_column(r, ROSTER_NAME) == 1);
    CHECK(r && roster_merge(st, r, NULL, NULL, &sum, &why));
    roster_free(r);
    expect_attendee("L-9", "Eeva Mäkinen", "", "", "");
    o.columns[ROSTER_EMAIL] = "Correo";
    CHECK(roster_load(path, &o, &why) == NULL);
    CHECK_WHY(why, "override.csv:1: no column \"Correo\" (set as [columns] email)");
    free(path);
}

static void test_generated_codes(void)
{
    const char *v1 = "Name,Organisation,Email\n"
                     "Ana Ruiz,Junta de Andalucía,ana@example.es\n"
                     "Pekka Virtanen,GTK,\n";
    struct roster_summary sum;
    char *why = NULL;
    /* A fresh store, so that the merge only sees this list. */
    store_close(st);
    snprintf(db_path, sizeof db_path, "%s/generated.db", dir);
    st = store_open(db_path, &why);
    CHECK(import("gen.csv", v1, 0, &sum, &why) && sum.added == 2);

    char codes[2][64] = { "", "" };
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM attendees WHERE code_generated") == 2);
    for (int i = 0; i < 2; i++) {
        char *code = sql_text(db_path, i == 0 ? "SELECT code FROM attendees ORDER BY name LIMIT 1"
                                              : "SELECT code FROM attendees ORDER BY name "
                                                "LIMIT 1 OFFSET 1");
        snprintf(codes[i], sizeof codes[i], "%s", code ? code : "");
        free(code);
        CHECK(strlen(codes[i]) == ROSTER_CODE_LENGTH);
        CHECK(strspn(codes[i], "23456789ABCDEFGHJKLMNPQRSTUVWXYZ") == ROSTER_CODE_LENGTH);
    }
    CHECK(strcmp(codes[0], codes[1]) != 0);

    /* Same list again: nothing changes, codes are kept. */
    CHECK(import("gen.csv", v1, 0, &sum, &why) && sum.unchanged == 2 && sum.added == 0);
    /* Ana changes organisation (matched by e-mail), Pekka's case changes (matched by name). */
    const char *v2 = "Name,Organisation,Email\n"
                     "Ana Ruiz,Consejería de Industria,ana@example.es\n"
                     "PEKKA VIRTANEN,gtk,\n";
    CHECK(import("gen.csv", v2, 0, &sum, &why));
    CHECK(sum.updated == 2 && sum.added == 0 && sum.cancelled == 0);
    expect_attendee(codes[0], "Ana Ruiz", "Consejería de Industria", "ana@example.es", "");
    expect_attendee(codes[1], "PEKKA VIRTANEN", "gtk", "", "");

    char code[ROSTER_CODE_LENGTH + 1], other[ROSTER_CODE_LENGTH + 1];
    roster_make_code(code);
    roster_make_code(other);
    CHECK(strcmp(code, other) != 0);
}

static void test_merge_keeps_history(void)
{
    struct roster_summary sum;
    char *why = NULL;
    CHECK(import("v1.csv", "Code,Name,Company\nA,Ana,X\nB,Bea,Y\nC,Carlos,Z\n", 0, &sum, &why));
    struct checkin_policy p = { .kiosk = "k1", .session = "main", .repeat_ms = 3000 };
    struct checkin_result r;
    CHECK(checkin_code(st, &p, "B", STORE_SCANNER, 1000, &r, &why) && r.recorded);
    checkin_result_clear(&r);

    /* B left the list, C changed, D is new, A is as it was. */
    CHECK(import("v2.csv", "Code,Name,Company\nA,Ana,X\nC,Carlos,Z2\nD,Dora,W\n", 0, &sum, &why));
    CHECK(sum.rows == 3 && sum.added == 1 && sum.updated == 1 && sum.cancelled == 1 &&
          sum.unchanged == 1);
    /* The cancelled attendee is kept, with their check-in. */
    struct attendee a = { 0 };
    CHECK(store_find_attendee(st, "B", &a, &why) == 1 && a.status == ATTENDEE_CANCELLED);
    attendee_clear(&a);
    CHECK(checkin_code(st, &p, "B", STORE_SCANNER, 100000, &r, &why));
    CHECK(r.verdict == CHECKIN_CANCELLED);
    checkin_result_clear(&r);
    CHECK(sql_int(db_path, "SELECT count(*) FROM checkins") == 1);
    /* Back on the list: active again. */
    CHECK(import("v3.csv", "Code,Name,Company\nA,Ana,X\nB,Bea,Y\nC,Carlos,Z2\nD,Dora,W\n", 0, &sum,
                 &why));
    CHECK(sum.updated == 1 && sum.unchanged == 3 && sum.cancelled == 0);
    CHECK(store_find_attendee(st, "B", &a, &why) == 1 && a.status == ATTENDEE_ACTIVE);
    attendee_clear(&a);
}

static void expect_refused(const char *name, const char *text, size_t len, const char *message)
{
    char *before = signature(), *why = NULL;
    struct roster_summary sum;
    CHECK(!import(name, text, len, &sum, &why));
    CHECK_WHY(why, message);
    char *after = signature();
    CHECK_STR(after, before);
    free(before);
    free(after);
}

/*
 * A list of rows rows (more than a mebibyte: checked in two parts at
 * once), row i with code C<i>, an organisation of three lines if quoted,
 * and line ends eol. Row i is on line 2 + i, or 2 + 3i when quoted.
 */
static void big_list(struct buf *b, int rows, bool quoted, const char *eol)
{
    buf_reset(b);
    buf_addf(b, "Code,Name,Organisation%s", eol);
    for (int i = 0; i < rows; i++) {
        if (quoted)
            buf_addf(b, "C%05d,Person %d,\"Line one%sline two%sConsorcio Minero %d\"%s", i, i, eol,
                     eol, i, eol);
        else
            buf_addf(b, "C%05d,Person %d,Consorcio Europeo de Materias Primas %d%s", i, i, i, eol);
    }
}

/* Problems in big lists, found in the order of the file wherever the list was cut in two. */
static void test_big_lists(void)
{
    struct buf b = { 0 };
    enum { ROWS = 20000 };
    for (int quoted = 0; quoted < 2; quoted++) {
        for (int crlf = 0; crlf < 2; crlf++) {
            const char *eol = crlf ? "\r\n" : "\n";
            int per = quoted ? 3 : 1; /* lines a row takes */
            big_list(&b, ROWS, quoted, eol);
            CHECK(b.len > (1 << 20));
            /* Row 15000 gives row 100's code again: one from each half. */
            char *at = strstr(b.data, "C15000,");
            memcpy(at, "C00100,", 7);
            char *want = xasprintf("big.csv: lines %d and %d have the same code \"C00100\"",
                                   2 + per * 100, 2 + per * 15000);
            expect_refused("big.csv", b.data, b.len, want);
            free(want);
            /* Besides, row 50 has a value too many: that comes first. */
            big_list(&b, ROWS, quoted, eol);
            memcpy(strstr(b.data, "C15000,"), "C00100,", 7);
            memcpy(strstr(b.data, "Person 50,"), "Person,50,", 10);
            want = xasprintf("big.csv:%d: 4 values but the header (line 1) has 3 columns",
                             2 + per * 50);
            expect_refused("big.csv", b.data, b.len, want);
            free(want);
            /* Two codes given twice in the second half and a bad row after them. */
            big_list(&b, ROWS, quoted, eol);
            memcpy(strstr(b.data, "C13000,"), "C12000,", 7);
            memcpy(strstr(b.data, "C19000,"), "C11000,", 7);
            memcpy(strstr(b.data, "Person 14000,"), "Person,14000,", 13);
            want = xasprintf("big.csv: lines %d and %d have the same code \"C12000\"",
                             2 + per * 12000, 2 + per * 13000);
            expect_refused("big.csv", b.data, b.len, want);
            free(want);
            /* The bad row alone, far into the second half: its own line. */
            big_list(&b, ROWS, quoted, eol);
            memcpy(strstr(b.data, "Person 19999,"), "Person,19999,", 13);
            want = xasprintf("big.csv:%d: 4 values", 2 + per * 19999);
            expect_refused("big.csv", b.data, b.len, want);
            free(want);
        }
    }
    /*
     * A quote inside an unquoted field (kept as text) before the middle: the
     * quotes counted to find where to cut are off by one, the cut falls in a
     * quoted field, and the list is checked again whole.
     */
    big_list(&b, ROWS, true, "\n");
    memcpy(strstr(b.data, "Person 10,"), "Pers\"n 10,", 10);
    memcpy(strstr(b.data, "Person 19999,"), "Person,19999,", 13);
    char *want = xasprintf("big.csv:%d: 4 values", 2 + 3 * 19999);
    expect_refused("big.csv", b.data, b.len, want);
    free(want);
    /* Nothing but blank rows after the cut: the second half has no rows. */
    big_list(&b, ROWS, false, "\n");
    size_t rows_end = b.len;
    while (b.len < 2 * rows_end + 10)
        buf_adds(&b, ",,\n");
    char *blanks = check_write(dir, "blanks.csv", b.data, b.len);
    struct roster_options bo = defaults();
    char *bwhy = NULL;
    struct roster *br = roster_load(blanks, &bo, &bwhy);
    CHECK(br != NULL && roster_rows(br) == ROWS);
    roster_free(br);
    free(blanks);
    free(bwhy);
    /* Without codes: the same person at the start and near the end is one. */
    buf_reset(&b);
    buf_adds(&b, "Name,Email,Organisation\n");
    for (int i = 0; i < ROWS; i++)
        buf_addf(&b, "Person %d,p%d@example.org,Consorcio Europeo de Materias Primas %d\n",
                 i == 18000 ? 10 : i, i == 18000 ? 10 : i, i);
    char *path = check_write(dir, "twins.csv", b.data, b.len);
    struct roster_options o = defaults();
    char *why = NULL;
    struct roster *r = roster_load(path, &o, &why);
    CHECK(r != NULL && roster_rows(r) == ROWS);
    CHECK(r && strstr(roster_notes(r), "lines 12 and 18002: same person, merged"));
    roster_free(r);
    free(path);
    free(why);
    buf_free(&b);
}

static void test_refusals(void)
{
    expect_refused("dup.csv", "Code,Name\nX1,Ana\nX2,Bea\nX1,Carla\n", 0,
                   "dup.csv: lines 2 and 4 have the same code \"X1\"");
    expect_refused("extra.csv", "Code,Name\nX1,Ana\nX2,Bea,surprise\n", 0,
                   "extra.csv:3: 3 values but the header (line 1) has 2 columns; extra value "
                   "\"surprise\"");
    expect_refused("quote.csv", "Code,Name\nX1,\"Ana\nX2,Bea\n", 0,
                   "quote.csv:2: quoted field is never closed");
    expect_refused("after.csv", "Code,Name\nX1,\"Ana\"x\n", 0,
                   "after.csv:2: unexpected text after a closing quote");
    expect_refused("nul.csv", "Code,Name\nX1,Ana\0\n", 17, "line 2: NUL byte");
    expect_refused("noname.csv", "Id,Value\n1,2\n", 0, "noname.csv:1: no name column");
    expect_refused("empty.csv", "", 0, "the file is empty");
    expect_refused("blank.csv", "\n\n  \n", 0, "the file is empty");
    expect_refused("header.csv", "Code,Name\n", 0, "header.csv: no attendees in the list");
    expect_refused("blankrows.csv", "Code,Name\n,\n  ,  \n", 0, "no attendees in the list");
    expect_refused("ctrl.csv",
                   "Code,Name\nX1,An\x01"
                   "a\n",
                   0, "ctrl.csv:2: control character 0x01 in column \"Name\"");
    expect_refused("nameless.csv", "Code,Name,Org\nX1,,Acme\n", 0, "nameless.csv:2: no name");
    /* A code given again thousands of rows later, and a control character past them. */
    struct buf many = { 0 };
    buf_adds(&many, "Code,Name\n");
    for (int i = 0; i < 5000; i++)
        buf_addf(&many, "C%05d,Person %d\n", i, i);
    size_t clean = many.len;
    buf_adds(&many, "C00005,Again\n");
    expect_refused("bigdup.csv", many.data, many.len,
                   "bigdup.csv: lines 7 and 5002 have the same code \"C00005\"");
    many.len = clean;
    buf_adds(&many, "C99999,Del\x7f\n");
    expect_refused("bigdel.csv", many.data, many.len,
                   "bigdel.csv:5002: control character 0x7F in column \"Name\"");
    buf_free(&many);
    expect_refused("twice.csv", "Code,Name,Name\nX1,Ana,Bea\n", 0,
                   "twice.csv:1: column \"Name\" appears twice (columns 2 and 3)");
    expect_refused("tie.csv", "Name,Org;Code\nAna,X;1\n", 0, "cannot tell whether");

    char *big = malloc(70000);
    memset(big, 'a', 70000);
    memcpy(big, "Code,Name\nX1,", 13);
    expect_refused("field.csv", big, 70000, "field.csv:2: field longer than 64 KiB");
    free(big);

    char *path = check_write(dir, "cap.csv", "Code,Name\nX1,Ana Ruiz\n", 0);
    struct roster_options o = { .max_bytes = 10 };
    char *why = NULL;
    CHECK(roster_load(path, &o, &why) == NULL);
    CHECK_WHY(why, "is over the limit of 0.0 MB");
    free(path);
    o.max_bytes = 0;
    CHECK(roster_load(dir, &o, &why) == NULL);
    CHECK_WHY(why, "not a regular file");
    CHECK(roster_load("/nonexistent/list.csv", &o, &why) == NULL);
    CHECK_WHY(why, "cannot open");
}

static unsigned progress_calls, progress_last;

static void handle_progress(void *ctx, unsigned done, unsigned total)
{
    (void)ctx;
    CHECK(done <= total);
    progress_calls++;
    progress_last = done;
}

static void test_progress(void)
{
    char *text = malloc(3000 * 40), *p = text;
    p += sprintf(p, "Code,Name\n");
    for (int i = 0; i < 2500; i++)
        p += sprintf(p, "P%04d,Person %d\n", i, i);
    char *path = check_write(dir, "many.csv", text, 0);
    struct roster_options o = defaults();
    char *why = NULL;
    struct roster *r = roster_load(path, &o, &why);
    CHECK(r && roster_rows(r) == 2500);
    struct roster_summary sum;
    CHECK(r && roster_merge(st, r, handle_progress, NULL, &sum, &why));
    CHECK(progress_calls == 3 && progress_last == 2500);

    /* The store failing halfway through a long list: nothing of it is kept, nothing hangs. */
    char *before = signature();
    sql_exec(db_path, "CREATE TRIGGER fail BEFORE UPDATE ON registrations WHEN NEW.code = 'P1500' "
                      "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
    for (char *q = text; (q = strstr(q, "Person ")) != NULL; q++)
        q[0] = 'p'; /* every row changes */
    free(path);
    path = check_write(dir, "many.csv", text, 0);
    roster_free(r);
    r = roster_load(path, &o, &why);
    CHECK(r && !roster_merge(st, r, NULL, NULL, &sum, &why));
    CHECK_WHY(why, "disk on fire");
    char *after = signature();
    CHECK_STR(after, before);
    free(before);
    free(after);
    sql_exec(db_path, "DROP TRIGGER fail");
    roster_free(r);
    free(path);
    free(text);
}

/* A list that would cancel most of the attendees is refused when asked to be careful. */
static void test_cancel_limit(void)
{
    char *text = malloc(40 * 40), *p = text;
    p += sprintf(p, "Code,Name\n");
    for (int i = 0; i < 20; i++)
        p += sprintf(p, "K%02d,Person %d\n", i, i);
    struct roster_summary sum;
    char *why = NULL;
    CHECK(import("twenty.csv", text, 0, &sum, &why) && sum.added == 20);
    char *before = signature();
    /* Another event's list: all twenty would go. */
    char *path = check_write(dir, "other.csv", "Code,Name\nM1,Ana Matchmaking\n", 0);
    struct roster_options o = defaults();
    o.max_cancel_percent = 50;
    struct roster *r = roster_load(path, &o, &why);
    CHECK(r && !roster_merge(st, r, NULL, NULL, &sum, &why));
    CHECK_WHY(why, "other.csv: would cancel 20 of the 20 attendees");
    char *after = signature();
    CHECK_STR(after, before);
    roster_free(r);
    free(after);
    free(path);
    /* Ten of twenty gone is within half: merged. */
    p = text + sprintf(text, "Code,Name\n");
    for (int i = 0; i < 10; i++)
        p += sprintf(p, "K%02d,Person %d\n", i, i);
    path = check_write(dir, "half.csv", text, 0);
    r = roster_load(path, &o, &why);
    CHECK(r && roster_merge(st, r, NULL, NULL, &sum, &why) && sum.cancelled == 10);
    roster_free(r);
    free(path);
    free(before);
    free(text);
}

/*
 * An import into an empty store writes through a rollback journal and
 * puts the WAL back; so does one that fails, leaving the store as it was;
 * with another connection open the WAL stays all along. Either way the
 * indexes it made at its end are there.
 */
static void test_empty_store(void)
{
    const char *list = "Code,Name\nE-1,Ana Ruiz\nE-2,Jan Jansen\nE-3,Eeva Mäkinen\n";
    struct roster_summary sum;
    char *why = NULL;
    store_close(st);
    snprintf(db_path, sizeof db_path, "%s/empty.db", dir);
    st = store_open(db_path, &why);
    CHECK(st != NULL);
    store_alone(st);
    sql_exec(db_path, "CREATE TRIGGER fail BEFORE INSERT ON registrations WHEN NEW.code = 'E-3' "
                      "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
    CHECK(!import("empty.csv", list, 0, &sum, &why));
    CHECK_WHY(why, "disk on fire");
    free(why);
    why = NULL;
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM persons") == 0);
    char *mode = sql_text(db_path, "PRAGMA journal_mode");
    CHECK_STR(mode, "wal");
    free(mode);
    CHECK(store_durable(st));
    sql_exec(db_path, "DROP TRIGGER fail");

    /*
     * Used alone, an empty store's import (its own idle readers closed)
     * checks foreign keys once before the commit: a row pointing nowhere
     * is found there, nothing is kept and the checks are on again.
     */
    int64_t n = -1;
    CHECK(store_count_registrations(st, 0, &n, &why) && n == 0); /* opens a reader */
    sql_exec(db_path, "CREATE TRIGGER astray AFTER INSERT ON registrations WHEN NEW.code = 'E-2' "
                      "BEGIN INSERT INTO handouts VALUES (999, 0, 'A1'); END");
    CHECK(!import("empty.csv", list, 0, &sum, &why));
    CHECK_WHY(why, "import left a row of handouts pointing nowhere");
    free(why);
    why = NULL;
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM persons") == 0);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM handouts") == 0);
    CHECK(store_durable(st));
    sql_exec(db_path, "DROP TRIGGER astray");

    CHECK(import("empty.csv", list, 0, &sum, &why) && sum.added == 3);
    mode = sql_text(db_path, "PRAGMA journal_mode");
    CHECK_STR(mode, "wal");
    free(mode);
    CHECK(store_durable(st));
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM sqlite_schema WHERE name = "
                           "'registrations_by_attendee'") == 1);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM attendees") == 3);

    /* Another connection open on a new store: the WAL stays, the import comes in. */
    store_close(st);
    snprintf(db_path, sizeof db_path, "%s/shared.db", dir);
    st = store_open(db_path, &why);
    CHECK(st != NULL);
    store_alone(st);
    sqlite3 *other = NULL;
    CHECK(sqlite3_open_v2(db_path, &other, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    CHECK(sqlite3_exec(other, "SELECT COUNT(*) FROM lists", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(import("empty.csv", list, 0, &sum, &why) && sum.added == 3);
    CHECK(store_durable(st));
    CHECK(sqlite3_exec(other, "SELECT COUNT(*) FROM persons", NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(other);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM attendees") == 3);
}

int main(void)
{
    dir = check_tmpdir();
    char *why = NULL;
    snprintf(db_path, sizeof db_path, "%s/event.db", dir);
    st = store_open(db_path, &why);
    CHECK(st != NULL);
    test_spanish_excel();
    test_tool_exports();
    test_generated_codes();
    test_merge_keeps_history();
    test_refusals();
    test_big_lists();
    test_progress();
    test_cancel_limit();
    test_empty_store();
    store_close(st);
    check_rmtree(dir);
    return check_done("test_roster");
}
