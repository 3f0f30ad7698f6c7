/* Attendance counts and the spreadsheet exports. */
#include "check.h"
#include "entrada/checkin.h"
#include "entrada/report.h"

static struct store *st;

static void add(const char *code, const char *name, const char *category, bool cancelled)
{
    struct attendee a = { 0 };
    a.code = strdup(code);
    a.name = strdup(name);
    a.organisation = strdup("Clúster; \"Minero\"");
    a.category = strdup(category);
    a.status = cancelled ? ATTENDEE_CANCELLED : ATTENDEE_ACTIVE;
    char *why = NULL;
    CHECK(store_put_attendee(st, &a, &why));
    attendee_clear(&a);
}

static char *slurp(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return strdup("");
    static char data[8192];
    size_t n = fread(data, 1, sizeof data - 1, f);
    data[n] = '\0';
    fclose(f);
    return strdup(data);
}

int main(void)
{
    setenv("TZ", "Europe/Madrid", 1);
    const char *dir = check_tmpdir();
    char path[512], *why = NULL;
    snprintf(path, sizeof path, "%s/event.db", dir);
    st = store_open(path, &why);
    add("A", "Ana Ruiz", "SPEAKER", false);
    add("B", "=HYPERLINK(\"http://x\")", "ATTENDEE", false);
    add("C", "Carla Pérez", "ATTENDEE", false);
    add("D", "Dora Nowak", "ATTENDEE", true);
    CHECK(store_add_session(st, "roundtable", "Roundtable", &why));

    struct checkin_policy p = { .kiosk = "door1", .session = "main", .repeat_ms = 3000 };
    struct checkin_result r;
    const int64_t t0 = 1773302400250; /* 2026-03-12 08:00:00.250 UTC = 09:00 in Madrid */
    CHECK(checkin_code(st, &p, "A", STORE_SCANNER, t0, &r, &why));
    checkin_result_clear(&r);
    CHECK(checkin_code(st, &p, "B", STORE_CAMERA, t0 + 1000, &r, &why));
    checkin_result_clear(&r);
    p.session = "roundtable";
    CHECK(checkin_code(st, &p, "A", STORE_SEARCH, t0 + 3600000, &r, &why));
    checkin_result_clear(&r);

    /* A check-in that was undone does not count, but stays in the journal. */
    p.session = "main";
    CHECK(checkin_code(st, &p, "C", STORE_SCANNER, t0 + 7200000, &r, &why));
    checkin_result_clear(&r);
    CHECK(checkin_undo_last(st, &p, t0 + 7300000, &r, &why) && r.recorded);
    checkin_result_clear(&r);

    struct report_stats s;
    CHECK(report_stats(st, &s, &why));
    CHECK(s.registered == 3 && s.cancelled == 1 && s.checked_in == 2 && s.events == 5);
    CHECK(s.ncategories == 2);
    CHECK_STR(s.by_category[0].label, "ATTENDEE");
    CHECK(s.by_category[0].registered == 2 && s.by_category[0].checked_in == 1);
    CHECK_STR(s.by_category[1].label, "SPEAKER");
    CHECK(s.by_category[1].registered == 1 && s.by_category[1].checked_in == 1);
    CHECK(s.nsessions == 2);
    CHECK_STR(s.by_session[0].label, "main");
    CHECK(s.by_session[0].checked_in == 2 && s.by_session[0].registered == 3);
    CHECK_STR(s.by_session[1].label, "roundtable");
    CHECK_STR(s.by_session[1].title, "Roundtable");
    CHECK(s.by_session[1].checked_in == 1);
    report_stats_clear(&s);

    char when[40];
    report_format_time(t0, when);
    CHECK_STR(when, "2026-03-12T09:00:00.250+01:00");

    struct report_options all = { .separator = ';', .min_count = 1, .keep = "" };
    CHECK(report_export(st, dir, &all, &why));
    char *checkins = slurp(dir, "checkins.csv");
    CHECK(strncmp(checkins,
                  "\xEF\xBB\xBF"
                  "event_id;time;kiosk;session;direction;method;code;name;",
                  56) == 0);
    CHECK(strstr(checkins, "\r\ndoor1-1;2026-03-12 09:00:00;door1;main;in;scanner;A;"
                           "Ana Ruiz;\"Clúster; \"\"Minero\"\"\";SPEAKER;;;\r\n") != NULL);
    /* A name that looks like a formula is written as text. */
    CHECK(strstr(checkins, ";B;\"'=HYPERLINK(\"\"http://x\"\")\";") != NULL);
    CHECK(strstr(checkins, "door1-3;2026-03-12 10:00:00;door1;roundtable;in;search;A") != NULL);
    char *attendance = slurp(dir, "attendance.csv");
    /* One column per session with the first check-in to it, in the event's local time. */
    CHECK(strncmp(attendance,
                  "\xEF\xBB\xBF"
                  "code;name;first_name;last_name;organisation;category;status;lists;"
                  "first_checkin;last_checkin;main;roundtable\r\n",
                  strlen("code;name;first_name;last_name;organisation;category;status;lists;"
                         "first_checkin;last_checkin;main;roundtable\r\n") +
                      3) == 0);
    CHECK(strstr(attendance, "\r\nA;Ana Ruiz;Ana;Ruiz;\"Clúster; \"\"Minero\"\"\";SPEAKER;"
                             "active;main;2026-03-12 09:00:00;2026-03-12 10:00:00;"
                             "2026-03-12 09:00:00;2026-03-12 10:00:00\r\n") != NULL);
    CHECK(strstr(attendance, "\r\nC;Carla Pérez;Carla;Pérez;\"Clúster; \"\"Minero\"\"\";"
                             "ATTENDEE;active;main;;;;\r\n") != NULL);
    CHECK(strstr(attendance, "\r\nD;Dora Nowak;") != NULL);
    char *counts = slurp(dir, "counts.csv");
    const char *want = "\xEF\xBB\xBF"
                       "breakdown;session;group;registered;checked_in\r\n"
                       "total;main;;3;2\r\ntotal;roundtable;;3;1\r\n"
                       "category;main;ATTENDEE;2;1\r\ncategory;main;SPEAKER;1;1\r\n"
                       "category;roundtable;ATTENDEE;2;0\r\ncategory;roundtable;SPEAKER;1;1\r\n"
                       "list;main;main;3;2\r\nlist;roundtable;main;3;1\r\n";
    CHECK(strncmp(counts, want, strlen(want)) == 0);
    /* The kiosk of each person's first check-in; C's was undone. */
    CHECK(strstr(counts, "\r\nkiosk;main;door1;;2\r\nkiosk;roundtable;door1;;1\r\n") != NULL);
    /* Arrivals: first check-ins per quarter hour; C's was undone. */
    CHECK(strstr(counts, "\r\narrivals;main;2026-03-12 09:00:00;;2\r\n"
                         "arrivals;roundtable;2026-03-12 10:00:00;;1\r\n") != NULL);
    /* Per organisation only when asked. */
    CHECK(strstr(counts, "organisation;") == NULL);
    free(counts);
    /* Shared counts hide groups of fewer than min_count people (but not zero). */
    struct report_options shared = { .separator = ',', .min_count = 3, .keep = "" };
    CHECK(report_export(st, dir, &shared, &why));
    counts = slurp(dir, "counts.csv");
    CHECK(strstr(counts, "\r\ntotal,main,,3,<3\r\n") != NULL);
    /* Two small counts and nothing else to hide them among: the whole line is hidden. */
    CHECK(strstr(counts, "\r\ncategory,roundtable,ATTENDEE,c,c\r\n") != NULL);
    CHECK(strstr(counts, "\r\ncategory,roundtable,SPEAKER,c,c\r\n") != NULL);
    CHECK(strstr(counts, "\r\narrivals,main,2026-03-12 09:00:00,,<3\r\n") != NULL);

    struct report_arrivals *arr;
    size_t narr;
    CHECK(report_arrivals(st, REPORT_SLOT_MS, &arr, &narr, &why) && narr == 2);
    CHECK(arr[0].nslots == 1 && arr[0].total == 2 && arr[0].slot[0].arrivals == 2);
    CHECK(arr[1].nslots == 1 && arr[1].slot[0].start_ms == t0 - 250 + 3600000);
    report_arrivals_free(arr, narr);
    free(checkins);
    free(attendance);
    free(counts);

    /* Complementary suppression, line by line. */
    enum report_mark mark[8];
    /* One small count among large ones: the next smallest is hidden with it. */
    const int64_t one[] = { 40, 2, 0, 9, 12 };
    report_suppress(one, 5, 3, mark);
    CHECK(mark[0] == REPORT_SHOWN && mark[1] == REPORT_SMALL && mark[2] == REPORT_SHOWN &&
          mark[3] == REPORT_HIDDEN && mark[4] == REPORT_SHOWN);
    /* 1 and 3 hidden: 4 = 1 + 3 would give the 1 away (3 is at least 3), so 12 goes too. */
    const int64_t close[] = { 1, 3, 12, 50 };
    report_suppress(close, 4, 3, mark);
    CHECK(mark[0] == REPORT_SMALL && mark[1] == REPORT_HIDDEN && mark[2] == REPORT_HIDDEN &&
          mark[3] == REPORT_SHOWN);
    /* Two small ones: one more. */
    const int64_t two[] = { 1, 2, 20, 30 };
    report_suppress(two, 4, 3, mark);
    CHECK(mark[0] == REPORT_SMALL && mark[1] == REPORT_SMALL && mark[2] == REPORT_HIDDEN &&
          mark[3] == REPORT_SHOWN);
    /* Nothing to hide among: all of the line, zeros too. */
    const int64_t alone[] = { 2, 0, 0 };
    report_suppress(alone, 3, 3, mark);
    CHECK(mark[0] == REPORT_HIDDEN && mark[1] == REPORT_HIDDEN && mark[2] == REPORT_HIDDEN);
    /* A total alone, and lines without small counts, are left as they are. */
    const int64_t total[] = { 2 };
    report_suppress(total, 1, 3, mark);
    CHECK(mark[0] == REPORT_SMALL);
    const int64_t big[] = { 5, 0, 7 };
    report_suppress(big, 3, 3, mark);
    CHECK(mark[0] == REPORT_SHOWN && mark[1] == REPORT_SHOWN && mark[2] == REPORT_SHOWN);
    /* With min 1 nothing is hidden. */
    report_suppress(two, 4, 1, mark);
    CHECK(mark[0] == REPORT_SHOWN && mark[1] == REPORT_SHOWN);
    /* Whatever is hidden, the hidden counts of a line add up to enough to hide the small ones. */
    for (int64_t a = 0; a < 6; a++)
        for (int64_t b = 0; b < 6; b++)
            for (int64_t c = 0; c < 6; c++) {
                const int64_t v[] = { a, b, c, 7 };
                report_suppress(v, 4, 3, mark);
                int64_t hidden = 0, small = 0, other = 0;
                bool whole = true;
                for (int i = 0; i < 4; i++) {
                    hidden += mark[i] != REPORT_SHOWN ? v[i] : 0;
                    small += mark[i] == REPORT_SMALL;
                    other += mark[i] == REPORT_HIDDEN;
                    whole = whole && mark[i] == REPORT_HIDDEN;
                    CHECK(!(v[i] > 0 && v[i] < 3) || mark[i] != REPORT_SHOWN);
                }
                CHECK(whole || small == 0 || hidden >= (other + 1) * 3 + small - 2);
            }

    /* An export into a directory that does not exist fails and says where. */
    CHECK(!report_export(st, "/nonexistent/stick", &shared, &why));
    CHECK_WHY(why, "/nonexistent/stick/attendance.csv: cannot write");

    store_close(st);
    check_rmtree(dir);
    return check_done("test_report");
}
