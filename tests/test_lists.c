/*
 * Registrations as organisers bring them: the exports of pretix (order data
 * and check-in list), Eventbrite, Google Forms, Indico and a Spanish Excel
 * list, written here as those tools write them; several lists in one
 * store; statuses; sessions limited to lists or a kept column; codes that
 * stay with their person; and only the kept columns stored.
 */
#include "check.h"
#include "entrada/checkin.h"
#include "entrada/config.h"
#include "entrada/report.h"
#include "entrada/roster.h"
#include "entrada/text.h"
#include "entrada/xmalloc.h"

#include "sql.h"

#include <fcntl.h>
#include <sys/stat.h>

static const char *dir;

/* A new string, as printf makes it. */
static char *xasprintf_test(const char *fmt, const char *arg)
{
    char *s = malloc(strlen(fmt) + strlen(arg) + 1);
    sprintf(s, fmt, arg);
    return s;
}
static struct store *st;
static char db_path[512];
static struct config *cfg;

/* Load text as file name into list (NULL: main), with cfg's options; NULL and *why on refusal. */
static struct roster *load(const char *name, const char *text, const char *list, char **why)
{
    char *path = check_write(dir, name, text, 0);
    struct roster_options o = roster_options_from(cfg);
    o.list = list;
    struct roster *r = roster_load(path, &o, why);
    free(path);
    return r;
}

static bool import(const char *name, const char *text, const char *list, struct roster_summary *sum,
                   char **why)
{
    struct roster *r = load(name, text, list, why);
    if (r == NULL)
        return false;
    bool ok = roster_merge(st, r, NULL, NULL, sum, why);
    roster_free(r);
    return ok;
}

static struct attendee find(const char *code)
{
    struct attendee a = { 0 };
    char *why = NULL;
    if (store_find_attendee(st, code, &a, &why) != 1) {
        fprintf(stderr, "no attendee with code %s\n", code);
        check_failures++;
    }
    free(why);
    return a;
}

static int64_t repeat_ms; /* the repeat window check-ins use */

static enum checkin_verdict checkin(const char *code, const char *session, bool override)
{
    struct checkin_policy p = {
        .kiosk = "k1", .session = session, .repeat_ms = repeat_ms, .override = override
    };
    struct checkin_result r;
    char *why = NULL;
    if (!checkin_code(st, &p, code, STORE_SCANNER, checkin_now_ms(), &r, &why)) {
        fprintf(stderr, "checkin %s: %s\n", code, why);
        free(why);
        check_failures++;
        return CHECKIN_UNKNOWN;
    }
    enum checkin_verdict v = r.verdict;
    checkin_result_clear(&r);
    return v;
}

static bool handle_count(void *ctx, const struct store_count *c)
{
    struct store_count *want = ctx;
    if (strcmp(c->label, want->label) == 0)
        want->registered = c->registered;
    return true;
}

/* The people registered for session, as stats and counts.csv give them. */
static int64_t registered_for(const char *session)
{
    struct store_count c = { .label = session, .registered = -1 };
    char *why = NULL;
    CHECK(store_each_count(st, STORE_BY_SESSION, handle_count, &c, &why));
    return c.registered;
}

/* The store opened anew on an empty file. */
static void fresh_store(const char *name)
{
    store_close(st);
    snprintf(db_path, sizeof db_path, "%s/%s", dir, name);
    char *why = NULL;
    st = store_open(db_path, &why);
    if (st == NULL) {
        fprintf(stderr, "%s\n", why);
        exit(1);
    }
}

static void test_pretix(void)
{
    fresh_store("pretix.db");
    /* "Order data", positions: the buyer's Email and the attendee's own. */
    const char *orders =
        "Order code,Position ID,Status,Email,Order date,Product,Price,Attendee name,"
        "Attendee email,Company,Secret,Phone number\n"
        "ABC12,1,Paid,buyer@cluster.eu,2026-10-01,Full conference,0.00,Ana Ruiz,"
        "ana@cluster.eu,Clúster Minero,s3cr3t-ana,+34 600 000 001\n"
        "ABC12,2,Paid,buyer@cluster.eu,2026-10-01,Full conference,0.00,Luis Gómez,,"
        "Clúster Minero,s3cr3t-luis,+34 600 000 002\n"
        "DEF34,1,Canceled,eva@example.eu,2026-10-02,Full conference,0.00,Eva Lind,"
        "eva@example.eu,SGU,s3cr3t-eva,\n"
        "GHI56,1,Pending,tom@example.eu,2026-10-03,Full conference,0.00,Tom Berg,"
        "tom@example.eu,,s3cr3t-tom,\n";
    struct roster_summary sum;
    char *why = NULL;
    struct roster *r = load("orders.csv", orders, NULL, &why);
    CHECK(r != NULL);
    char *d = r ? roster_describe(r) : NULL;
    CHECK(d && strstr(d, "email:        \"Attendee email\""));
    CHECK(d && strstr(d, "status:       \"Status\""));
    CHECK(d && strstr(d, "code:         \"Secret\""));
    CHECK(d && strstr(d, "dropped:      ") && strstr(d, "\"Phone number\""));
    free(d);
    CHECK(r && roster_merge(st, r, NULL, NULL, &sum, &why) && sum.added == 4);
    roster_free(r);

    struct attendee a = find("s3cr3t-ana");
    CHECK_STR(a.email, "ana@cluster.eu"); /* the attendee's, not the buyer's */
    CHECK(a.status == ATTENDEE_ACTIVE);
    attendee_clear(&a);
    a = find("s3cr3t-eva");
    CHECK(a.status == ATTENDEE_CANCELLED);
    attendee_clear(&a);
    a = find("s3cr3t-tom");
    CHECK(a.status == ATTENDEE_UNPAID);
    attendee_clear(&a);
    CHECK(checkin("s3cr3t-eva", "main", false) == CHECKIN_CANCELLED);
    CHECK(checkin("s3cr3t-tom", "main", false) == CHECKIN_UNPAID);
    CHECK(checkin("s3cr3t-ana", "main", false) == CHECKIN_WELCOME);
    /* Refusals are logged apart; only Ana is in the journal. */
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM refusals") == 2);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM checkins") == 1);
    /* Staff let Tom in (he paid at the desk): an admission marked as an override. */
    CHECK(checkin("s3cr3t-tom", "main", true) == CHECKIN_WELCOME);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM checkins WHERE override = 1 AND "
                           "method = 'staff'") == 1);
    /* No phone number anywhere in the database or its WAL. */
    CHECK(!check_file_has(db_path, "600 000 001"));
    char wal[600];
    snprintf(wal, sizeof wal, "%s-wal", db_path);
    CHECK(!check_file_has(wal, "600 000 001"));

    /* The check-in list export: a "Paid" column of Yes and No, special attention. */
    fresh_store("pretix-checkin.db");
    const char *checkin_list =
        "Order code,Attendee name,Product,Price,Checked in,Paid,Secret,Email,Company,"
        "Requires special attention,Comment\n"
        "JKL78,María José Núñez,Speaker,0.00,,Yes,q1,mj@example.es,CSIC,Yes,wheelchair\n"
        "MNO90,Pekka Virtanen,Full conference,0.00,,No,q2,pv@example.fi,GTK,No,\n";
    CHECK(import("checkin.csv", checkin_list, NULL, &sum, &why) && sum.added == 2);
    a = find("q1");
    CHECK(a.status == ATTENDEE_ACTIVE && a.attention);
    attendee_clear(&a);
    a = find("q2");
    CHECK(a.status == ATTENDEE_UNPAID && !a.attention);
    attendee_clear(&a);
    /* pretix's order "Comment" is not the door's note: dropped, not kept. */
    CHECK(!check_file_has(db_path, "wheelchair"));
}

static void test_eventbrite(void)
{
    fresh_store("eventbrite.db");
    const char *text =
        "Order #,Order Date,First Name,Last Name,Email,Quantity,Ticket Type,Attendee #,"
        "Barcode #,Buyer Last Name,Buyer First Name,Buyer Email,Attendee Status,Company\n"
        "1001,2026-10-01,Info Requested,Info Requested,Info Requested,1,General Admission,"
        "5001,111222333,Schmidt,Anna,anna@firma.de,Attending,Info Requested\n"
        "1002,2026-10-02,Jean-Luc,Martin,jl@example.fr,1,VIP,5002,111222444,Martin,Jean-Luc,"
        "jl@example.fr,Not Attending,BRGM\n"
        "1003,2026-10-02,Zofia,Kowalska,zk@example.pl,1,General Admission,5003,111222555,"
        "Kowalska,Zofia,zk@example.pl,Checked In,PIG\n"
        /* Anna's second ticket, for someone she did not name: hers too, apart. */
        "1001,2026-10-01,Info Requested,Info Requested,Info Requested,1,General Admission,"
        "5004,111222336,Schmidt,Anna,anna@firma.de,Attending,Info Requested\n";
    struct roster_summary sum;
    char *why = NULL;
    struct roster *r = load("eventbrite.csv", text, NULL, &why);
    CHECK(r != NULL);
    CHECK(r && strstr(roster_notes(r), "2 rows named by the buyer"));
    CHECK(r && roster_merge(st, r, NULL, NULL, &sum, &why) && sum.added == 4);
    roster_free(r);
    /* Tickets are never merged, but the likely twins are named. */
    CHECK(sum.twins == 1);
    CHECK_STR(sum.twin_lines, "2 and 5");
    CHECK(checkin("111222336", "main", false) == CHECKIN_WELCOME);
    struct attendee a = find("111222333");
    CHECK_STR(a.name, "Anna Schmidt"); /* never "Info Requested Info Requested" */
    CHECK_STR(a.first_name, "Anna");
    CHECK_STR(a.email, "anna@firma.de");
    CHECK_STR(a.organisation, "");
    attendee_clear(&a);
    CHECK(checkin("111222444", "main", false) == CHECKIN_CANCELLED);
    CHECK(checkin("111222555", "main", false) == CHECKIN_WELCOME);

    /* A placeholder with no buyer to fall back on is refused, naming the line. */
    r = load("nobody.csv", "Barcode #,First Name,Last Name\n1,Info Requested,Info Requested\n",
             NULL, &why);
    CHECK(r == NULL);
    CHECK_WHY(why, "nobody.csv:2: no name: \"Info Requested\" stands for none");
}

static void test_google_forms(void)
{
    fresh_store("forms.db");
    const char *header = "Marca temporal,Dirección de correo electrónico,Nombre,Apellidos,"
                         "Entidad u organización a la que representa,Tipo de entidad,Teléfono,"
                         "Necesidades dietéticas o de accesibilidad\n";
    char text[2048];
    snprintf(text, sizeof text,
             "%s"
             "2026/10/01 10:00:00,ana@cluster.eu,Ana,Ruiz,Clúster Minero,Clúster,600111222,"
             "celiaquía\n"
             "2026/10/01 11:00:00,jj@ec.europa.eu,Jan,Jansen,European Commission,"
             "Public authority,,\n"
             "2026/10/02 09:30:00,ANA@cluster.eu,Ana,Ruiz,Clúster Minero Andaluz,Clúster,"
             "600111222,celiaquía\n",
             header);
    struct roster_summary sum;
    char *why = NULL;
    struct roster *r = load("forms.csv", text, NULL, &why);
    CHECK(r != NULL);
    char *d = r ? roster_describe(r) : NULL;
    /* Found by a word of its header, beside "Tipo de entidad". */
    CHECK(d && strstr(d, "organisation: \"Entidad u organización a la que representa\" (by a "
                         "word of its header"));
    CHECK(d && strstr(d, "\"Teléfono\"") && strstr(d, "dropped:"));
    CHECK(d && strstr(d, "lines 2 and 4: same person, merged"));
    free(d);
    CHECK(r && roster_merge(st, r, NULL, NULL, &sum, &why) && sum.added == 2);
    roster_free(r);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM attendees") == 2);
    char *ana = sql_text(db_path, "SELECT code FROM attendees WHERE email = 'ANA@cluster.eu'");
    CHECK(ana && strlen(ana) == ROSTER_CODE_LENGTH);
    struct attendee a = ana ? find(ana) : (struct attendee){ 0 };
    CHECK_STR(a.organisation, "Clúster Minero Andaluz"); /* the later row's details */
    attendee_clear(&a);
    CHECK(!check_file_has(db_path, "celiaqu"));
    CHECK(!check_file_has(db_path, "600111222"));

    /* Ana corrects her address and sends the form once: her badge's code stays. */
    snprintf(text, sizeof text,
             "%s"
             "2026/10/01 10:00:00,ana.ruiz@cluster.eu,Ana,Ruiz,Clúster Minero Andaluz,Clúster,,\n"
             "2026/10/01 11:00:00,jj@ec.europa.eu,Jan,Jansen,European Commission,"
             "Public authority,,\n",
             header);
    CHECK(import("forms2.csv", text, NULL, &sum, &why));
    CHECK(sum.updated == 1 && sum.cancelled == 0 && sum.added == 0);
    char *again =
        sql_text(db_path, "SELECT code FROM attendees WHERE email = 'ana.ruiz@cluster.eu'");
    CHECK(ana && again && strcmp(ana, again) == 0);
    CHECK(ana && checkin(ana, "main", false) == CHECKIN_WELCOME);
    free(ana);
    free(again);
}

static void test_indico(void)
{
    fresh_store("indico.db");
    /*
     * Indico's registrants export: its own ID, Name and the form's fields,
     * then "Registration state" (Completed, Pending for moderation, Awaiting
     * payment, Withdrawn, Rejected) and a "Checked in" that is no status.
     */
    const char *text = "ID,Name,First Name,Last Name,Email,Affiliation,Phone,Registration date,"
                       "Registration state,Price,Checked in,Check-in date\n"
                       "17,Georgios Papadopoulos,Georgios,Papadopoulos,gp@example.gr,IGME,"
                       "+30 210 000,30/09/2026 10:12,Completed,0.00,No,\n"
                       "18,Inès Moreau,Inès,Moreau,im@example.fr,BRGM,,01/10/2026 09:00,"
                       "Withdrawn,0.00,No,\n"
                       "19,Lena Berg,Lena,Berg,lb@example.se,SGU,,01/10/2026 11:30,Pending,0.00,"
                       "No,\n"
                       "20,Piotr Nowak,Piotr,Nowak,pn@example.pl,PGI,,02/10/2026 08:00,"
                       "Awaiting payment,120.00,No,\n"
                       "21,Ana Costa,Ana,Costa,ac@example.pt,LNEG,,02/10/2026 08:05,Rejected,"
                       "0.00,No,\n";
    struct roster_summary sum;
    char *why = NULL;
    CHECK(import("indico.csv", text, "indico", &sum, &why) && sum.added == 5);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM attendees WHERE status = 'active' AND "
                           "organisation = 'IGME'") == 1);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM attendees WHERE status = 'active'") == 1);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM attendees WHERE status = 'cancelled'") == 2);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM attendees WHERE status = 'unpaid'") == 2);
    /* The phone number was dropped; "Checked in" was not taken for a status. */
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM attendees WHERE extra LIKE '%210%'") == 0);
    free(why);
}

/*
 * Status values are known whole, or by the words before a parenthesis
 * (pretix's "Canceled (paid fee)"); other words around a known one make
 * the value unknown rather than guessed.
 */
static enum attendee_status status_of(const char *code)
{
    struct attendee a = find(code);
    enum attendee_status status = a.status;
    attendee_clear(&a);
    return status;
}

static void test_status_words(void)
{
    fresh_store("words.db");
    const char *text = "Secret,Attendee name,Order status\n"
                       "w1,Ana Ruiz,Canceled (paid fee)\n"
                       "w2,Luis Gómez,Pending (confirmed)\n"
                       "w3,Eva Lind,Approval pending\n"
                       "w4,Jan Novák,Paid\n";
    struct roster_summary sum;
    char *why = NULL;
    CHECK(import("words.csv", text, NULL, &sum, &why) && sum.added == 4);
    CHECK(status_of("w1") == ATTENDEE_CANCELLED);
    CHECK(status_of("w2") == ATTENDEE_ACTIVE); /* pretix admits "valid if pending" orders */
    CHECK(status_of("w3") == ATTENDEE_UNPAID);
    CHECK(status_of("w4") == ATTENDEE_ACTIVE);
    const char *mixed = "Secret,Attendee name,Order status\n"
                        "w1,Ana Ruiz,Paid - refunded\n";
    CHECK(!import("mixed.csv", mixed, NULL, &sum, &why));
    CHECK_WHY(why, "mixed.csv:2: status \"Paid - refunded\"");
    free(why);
    CHECK(status_of("w1") == ATTENDEE_CANCELLED); /* the store as it was */
}

static void test_spanish_excel_status(void)
{
    fresh_store("excel.db");
    /* Windows-1252, semicolons, an "Estado" and a column kept for the report. */
    const char *text = "C\xF3"
                       "digo;Nombre;Apellidos;Organizaci\xF3n;Estado;Pa\xEDs;Matchmaking\r\n"
                       "RM-01;Santiago;Cuesta L\xF3pez;Cl\xFAster Minero;Pagado;Espa\xF1"
                       "a;S\xED\r\n"
                       "RM-02;Jyrki;Katainen;GTK;Pendiente de pago;Suomi;No\r\n"
                       "RM-03;Ana;Sousa;LNEG;Anulada;Portugal;No\r\n"
                       "RM-04;Karl;Huber;GBA;Warteliste;\xD6sterreich;No\r\n";
    CHECK(config_set(cfg, CONFIG_COLUMN_KEEP, "País, Matchmaking, Región", NULL));
    struct roster_summary sum;
    char *why = NULL;
    /* "Warteliste" is no status entrada knows: the import fails, saying how to map it. */
    CHECK(!import("excel.csv", text, NULL, &sum, &why));
    CHECK_WHY(why, "excel.csv:5: status \"Warteliste\" (column \"Estado\")");
    CHECK(why == NULL); /* CHECK_WHY freed it */
    CHECK(!import("excel.csv", text, NULL, &sum, &why));
    CHECK_WHY(why, "[status] section: Warteliste = active");
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM attendees") == 0);

    char *ini = check_write(dir, "status.ini", "[status]\nWarteliste = unpaid\n", 0);
    CHECK(config_load(cfg, ini, &why));
    free(ini);
    struct roster *r = load("excel.csv", text, NULL, &why);
    CHECK(r != NULL);
    char *d = r ? roster_describe(r) : NULL;
    CHECK(d && strstr(d, "kept:         \"País\", \"Matchmaking\""));
    CHECK(d && strstr(d, "[columns] keep names \"Región\", which this list does not have"));
    free(d);
    CHECK(r && roster_merge(st, r, NULL, NULL, &sum, &why) && sum.added == 4);
    roster_free(r);
    struct attendee a = find("RM-01");
    CHECK_STR(a.extra, "{\"País\":\"España\",\"Matchmaking\":\"Sí\"}");
    attendee_clear(&a);
    a = find("RM-04");
    CHECK(a.status == ATTENDEE_UNPAID);
    attendee_clear(&a);
    a = find("RM-03");
    CHECK(a.status == ATTENDEE_CANCELLED);
    attendee_clear(&a);

    /*
     * A session for those who asked for matchmaking: "Si" matches "Sí", and
     * the column's name too is compared folded (as a session added before
     * the list came would have it).
     */
    CHECK(store_add_session(st, "b2b", "Matchmaking", &why));
    CHECK(store_set_session_rule(st, "b2b", "", "MATCHMAKING", "Si", &why));
    CHECK(checkin("RM-01", "b2b", false) == CHECKIN_WELCOME);
    CHECK(checkin("RM-02", "b2b", false) == CHECKIN_UNPAID);
    CHECK(registered_for("b2b") == 1); /* Santiago: the only active one who said yes */

    /* The exports: kept columns in attendance.csv, a breakdown of counts by each. */
    struct report_options ro = report_options_from(cfg);
    ro.min_count = 1;
    CHECK(report_export(st, dir, &ro, &why));
    char *path = xasprintf_test("%s/attendance.csv", dir);
    CHECK(check_file_has(path, "last_checkin,País,Matchmaking,Región,main,b2b\r\n"));
    CHECK(check_file_has(
        path, "RM-01,Santiago Cuesta López,Santiago,Cuesta López,Clúster Minero,,active,"));
    CHECK(check_file_has(path, ",España,Sí,,,2")); /* kept, then the sessions */
    free(path);
    path = xasprintf_test("%s/counts.csv", dir);
    CHECK(check_file_has(path, "País,main,España,1,0\r\n"));
    CHECK(check_file_has(path, "Matchmaking,b2b,Sí,1,1\r\n"));
    free(path);
    CHECK(config_set(cfg, CONFIG_COLUMN_KEEP, "", NULL));
}

static void test_two_lists(void)
{
    fresh_store("lists.db");
    const char *main_list = "Code,Name,Email,Organisation\n"
                            "M1,Ana Ruiz,ana@cluster.eu,Clúster Minero\n"
                            "M2,Jan Jansen,jj@ec.europa.eu,European Commission\n"
                            "M3,Eva Lind,eva@sgu.se,SGU\n";
    /* The B2B tool writes names surname first: still Ana, by name and address. */
    const char *b2b = "Code,Participant,E-mail,Company\n"
                      "B1,\"Ruiz, Ana\",ANA@cluster.eu,Clúster Minero\n"
                      "B2,Piotr Nowak,pn@pig.pl,PIG\n";
    struct roster_summary sum;
    char *why = NULL;
    CHECK(import("main.csv", main_list, NULL, &sum, &why) && sum.added == 3);
    CHECK(import("b2b.csv", b2b, "b2b", &sum, &why) && sum.added == 2 && sum.cancelled == 0);
    /* People, not rows: Ana is one attendee holding two registrations. */
    int64_t people = 0;
    CHECK(store_count_attendees(st, true, &people, &why) && people == 4);
    struct attendee a = find("B1");
    CHECK_STR(a.code, "M1"); /* her first list's details show */
    CHECK_STR(a.lists, "main b2b");
    attendee_clear(&a);

    /*
     * Any of her codes admits her; the second is "already", also at once:
     * within the repeat window only the same code is the same scan.
     */
    repeat_ms = 3000;
    CHECK(checkin("B1", "main", false) == CHECKIN_WELCOME);
    CHECK(checkin("B1", "main", false) == CHECKIN_WELCOME); /* one badge seen twice */
    CHECK(checkin("M1", "main", false) == CHECKIN_ALREADY);
    repeat_ms = 0;
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM checkins") == 1);

    /* The matchmaking session is for the B2B list. */
    CHECK(store_add_session(st, "matchmaking", "B2B matchmaking", &why));
    CHECK(store_set_session_rule(st, "matchmaking", "b2b", "", "", &why));
    CHECK(checkin("M2", "matchmaking", false) == CHECKIN_NOT_FOR_SESSION);
    CHECK(checkin("M1", "matchmaking", false) == CHECKIN_WELCOME);
    CHECK(checkin("B2", "matchmaking", false) == CHECKIN_WELCOME);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM refusals WHERE verdict = 'not_for_session'") == 1);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM checkins c JOIN sessions s ON "
                           "s.id = c.session_id WHERE s.name = 'matchmaking'") == 2);
    /* Registered for matchmaking: the people the B2B list holds, not the whole roster. */
    CHECK(registered_for("matchmaking") == 2 && registered_for("main") == 4);
    /* Staff admit Jan anyway. */
    CHECK(checkin("M2", "matchmaking", true) == CHECKIN_WELCOME);

    /* Re-importing the B2B list without Piotr cancels only him; the main list stays. */
    CHECK(import("b2b.csv",
                 "Code,Participant,E-mail,Company\n"
                 "B1,\"Ruiz, Ana\",ANA@cluster.eu,Clúster Minero\n",
                 "b2b", &sum, &why));
    CHECK(sum.cancelled == 1 && sum.unchanged == 1);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM registrations r JOIN lists l ON "
                           "l.id = r.list_id WHERE l.name = 'main' AND status = 'active'") == 3);
    CHECK(checkin("B2", "matchmaking", false) == CHECKIN_CANCELLED);

    /* A code belongs to one list. */
    CHECK(!import("b2b.csv", "Code,Participant\nM3,Eva Lind\n", "b2b", &sum, &why));
    CHECK_WHY(why, "b2b.csv:2: code \"M3\" is already on list \"main\"");
    /* A list's name is a word. */
    CHECK(load("x.csv", main_list, "b2b list", &why) == NULL);
    CHECK_WHY(why, "a list's name is letters, digits");

    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM lists") == 2);
}

/*
 * A store made by schema 3 migrates: each attendee a registration on
 * "main", check-ins kept; columns no longer kept leave the file.
 */
static void test_migration(void)
{
    store_close(st);
    st = NULL;
    snprintf(db_path, sizeof db_path, "%s/old.db", dir);
    int fd = open(db_path, O_CREAT | O_WRONLY, 0600); /* sql_exec opens, never creates */
    CHECK(fd >= 0);
    close(fd);
    CHECK(sql_exec(db_path,
                   "CREATE TABLE imports (id INTEGER PRIMARY KEY, file TEXT NOT NULL, sha256 TEXT "
                   "NOT NULL, at_ms INTEGER NOT NULL, encoding TEXT NOT NULL, separator TEXT NOT "
                   "NULL, rows INTEGER NOT NULL, added INTEGER NOT NULL, updated INTEGER NOT "
                   "NULL, cancelled INTEGER NOT NULL, unchanged INTEGER NOT NULL);"
                   "CREATE TABLE attendees (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, "
                   "code_generated INTEGER NOT NULL DEFAULT 0, name TEXT NOT NULL, first_name "
                   "TEXT NOT NULL DEFAULT '', last_name TEXT NOT NULL DEFAULT '', organisation "
                   "TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '', category TEXT NOT "
                   "NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'active' CHECK (status IN "
                   "('active', 'cancelled')), search_key TEXT NOT NULL, extra TEXT NOT NULL "
                   "DEFAULT '{}');"
                   "CREATE TABLE sessions (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                   "title TEXT NOT NULL DEFAULT '');"
                   "INSERT INTO sessions (name, title) VALUES ('main', 'Main session');"
                   "CREATE TABLE checkins (id INTEGER PRIMARY KEY, kiosk TEXT NOT NULL, seq "
                   "INTEGER NOT NULL, attendee_id INTEGER NOT NULL REFERENCES attendees (id), "
                   "session_id INTEGER NOT NULL REFERENCES sessions (id), direction TEXT NOT "
                   "NULL CHECK (direction IN ('in', 'out')), at_ms INTEGER NOT NULL, method "
                   "TEXT NOT NULL CHECK (method IN ('camera', 'scanner', 'search', 'staff')), "
                   "UNIQUE (kiosk, seq));"
                   "ALTER TABLE checkins ADD COLUMN undoes INTEGER REFERENCES checkins (id);"
                   "CREATE VIEW admissions AS SELECT * FROM checkins c WHERE c.direction = 'in' "
                   "AND NOT EXISTS (SELECT 1 FROM checkins u WHERE u.undoes = c.id);"
                   "CREATE TABLE prints (id INTEGER PRIMARY KEY, attendee_id INTEGER NOT NULL "
                   "REFERENCES attendees (id), at_ms INTEGER NOT NULL, printer TEXT NOT NULL, "
                   "job_id INTEGER NOT NULL, ok INTEGER NOT NULL, result TEXT NOT NULL);"
                   "INSERT INTO attendees (code, name, organisation, search_key, extra) VALUES "
                   "('OLD-1', 'Ana Ruiz', 'Clúster', 'ana ruiz|cluster|', "
                   "'{\"País\":\"España\",\"Teléfono\":\"600777888\"}'),"
                   "('OLD-2', 'Jan Jansen', 'EC', 'jan jansen|ec|', '{}');"
                   "INSERT INTO checkins (kiosk, seq, attendee_id, session_id, direction, at_ms, "
                   "method) VALUES ('k0', 1, 1, 1, 'in', 1000, 'camera');"
                   "PRAGMA user_version = 3;") == SQLITE_OK);
    char *why = NULL;
    st = store_open(db_path, &why);
    CHECK(st != NULL);
    if (st == NULL) {
        fprintf(stderr, "%s\n", why);
        exit(1);
    }
    CHECK(sql_int(db_path, "PRAGMA user_version") == STORE_SCHEMA_VERSION);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM registrations r JOIN lists l ON "
                           "l.id = r.list_id WHERE l.name = 'main'") == 2);
    CHECK(checkin("OLD-1", "main", false) == CHECKIN_ALREADY); /* her check-in stands */
    CHECK(checkin("OLD-2", "main", false) == CHECKIN_WELCOME);
    /* Only País is kept: the telephone number leaves the file, and the notice names it. */
    char *dropped = NULL;
    CHECK(store_keep_only(st, "País", &dropped, &why));
    CHECK_STR(dropped, "Teléfono");
    free(dropped);
    struct attendee a = find("OLD-1");
    CHECK_STR(a.extra, "{\"País\":\"España\"}");
    attendee_clear(&a);
    CHECK(!check_file_has(db_path, "600777888"));
    char wal[600];
    snprintf(wal, sizeof wal, "%s-wal", db_path);
    CHECK(!check_file_has(wal, "600777888"));
    CHECK(store_keep_only(st, "País", &dropped, &why) && dropped == NULL); /* nothing left */

    /*
     * Another program reading the file (a sqlite3 shell left open) keeps
     * the old pages from going: said, and done at the next open after it
     * closes, although nothing is left to drop by then.
     */
    sqlite3 *reader = NULL;
    CHECK(sqlite3_open_v2(db_path, &reader, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    CHECK(sqlite3_exec(reader, "BEGIN; SELECT COUNT(*) FROM registrations;", NULL, NULL, NULL) ==
          SQLITE_OK);
    CHECK(!store_keep_only(st, "", &dropped, &why) && dropped == NULL);
    CHECK_WHY(why, "another program has the database open");
    sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(reader);
    CHECK(store_keep_only(st, "", &dropped, &why) && dropped == NULL);
    CHECK(!check_file_has(db_path, "España") && !check_file_has(wal, "España"));
    char *applied = NULL;
    CHECK(store_kept_columns(st, &applied, &why) == 1 && applied && applied[0] == '\0');
    free(applied);
    struct roster_summary sum;
    CHECK(import("again.csv",
                 "Code,Name,Organisation\nOLD-1,Ana Ruiz,Clúster\n"
                 "OLD-2,Jan Jansen,EC\n",
                 NULL, &sum, &why));
    CHECK(sum.updated == 0 && sum.unchanged == 2 && sum.added == 0 && sum.cancelled == 0);
}

/*
 * A store of schema 5, as entrada wrote it before persons: two lists with
 * one person on both, a code made up, a cancelled registration, a walk-in,
 * a session limited to a list, check-ins (one an override), refusals, a
 * print, a badge handed out, special attention and a kept column.
 */
static const char store_v5[] =
    "CREATE TABLE imports ( id INTEGER PRIMARY KEY, file TEXT NOT NULL, sha256 TEXT NOT "
    "NULL, at_ms INTEGER NOT NULL, encoding TEXT NOT NULL, separator TEXT NOT NULL, rows "
    "INTEGER NOT NULL, added INTEGER NOT NULL, updated INTEGER NOT NULL, cancelled INTEGER "
    "NOT NULL, unchanged INTEGER NOT NULL, list_id INTEGER REFERENCES lists (id));\n"
    "CREATE TABLE sessions ( id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, title TEXT "
    "NOT NULL DEFAULT '', lists TEXT NOT NULL DEFAULT '', where_column TEXT NOT NULL DEFAULT "
    "'', where_value TEXT NOT NULL DEFAULT '');\n"
    "INSERT INTO sessions VALUES(1,'main','Main session','','','');\n"
    "INSERT INTO sessions VALUES(2,'match','B2B matchmaking','b2b','','');\n"
    "CREATE TABLE checkins ( id INTEGER PRIMARY KEY, kiosk TEXT NOT NULL, seq INTEGER NOT "
    "NULL, attendee_id INTEGER NOT NULL REFERENCES attendees (id), session_id INTEGER NOT "
    "NULL REFERENCES sessions (id), direction TEXT NOT NULL CHECK (direction IN ('in', "
    "'out')), at_ms INTEGER NOT NULL, method TEXT NOT NULL CHECK (method IN ('camera', "
    "'scanner', 'search', 'staff')), undoes INTEGER REFERENCES checkins (id), override "
    "INTEGER NOT NULL DEFAULT 0, reason TEXT NOT NULL DEFAULT '', UNIQUE (kiosk, seq));\n"
    "INSERT INTO checkins VALUES(1,'vm-3d12',1,1,1,'in',1796200724399,'staff',NULL,0,'');\n"
    "INSERT INTO checkins VALUES(2,'vm-3d12',2,2,2,'in',1796200724426,'staff',NULL,1,'paid "
    "at the door');\n"
    "CREATE TABLE prints ( id INTEGER PRIMARY KEY, attendee_id INTEGER NOT NULL REFERENCES "
    "attendees (id), at_ms INTEGER NOT NULL, printer TEXT NOT NULL, job_id INTEGER NOT NULL, "
    "ok INTEGER NOT NULL, result TEXT NOT NULL);\n"
    "INSERT INTO prints VALUES(1,1,1796200725000,'PDF',7,1,'printed');\n"
    "CREATE TABLE lists ( id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
    "INSERT INTO lists VALUES(1,'main');\n"
    "INSERT INTO lists VALUES(2,'b2b');\n"
    "INSERT INTO lists VALUES(3,'walk-in');\n"
    "CREATE TABLE IF NOT EXISTS \"attendees\" ( id INTEGER PRIMARY KEY, code TEXT NOT NULL "
    "UNIQUE, code_generated INTEGER NOT NULL DEFAULT 0, name TEXT NOT NULL, first_name TEXT "
    "NOT NULL DEFAULT '', last_name TEXT NOT NULL DEFAULT '', organisation TEXT NOT NULL "
    "DEFAULT '', email TEXT NOT NULL DEFAULT '', category TEXT NOT NULL DEFAULT '', status "
    "TEXT NOT NULL DEFAULT 'active' CHECK (status = 'active' OR status = 'unpaid' OR status "
    "= 'cancelled'), search_key TEXT NOT NULL, extra TEXT NOT NULL DEFAULT '{}', comment "
    "TEXT NOT NULL DEFAULT '', attention INTEGER NOT NULL DEFAULT 0, lists TEXT NOT NULL "
    "DEFAULT '');\n"
    "INSERT INTO attendees VALUES(1,'V5-A',0,'Ana Ruiz','','','Clúster "
    "Minero','ana@example.org','SPEAKER','active','ana ruiz|cluster minero|ana example "
    "org','{\"País\":\"España\"}','',0,'main b2b');\n"
    "INSERT INTO attendees VALUES(2,'V5-B',0,'Jan "
    "Jansen','','','EC','jan@example.org','ATTENDEE','active','jan jansen|ec|jan example "
    "org','{}','Wheelchair',1,'main');\n"
    "INSERT INTO attendees VALUES(3,'66S9ENWK5JHZ',1,'Eeva "
    "Mäkinen','','','Boliden','eeva@example.org','ATTENDEE','cancelled','eeva "
    "makinen|boliden|eeva example org','{}','',0,'main');\n"
    "INSERT INTO attendees VALUES(4,'B2B-2',0,'Piet "
    "Smit','','','Tecnalia','piet@example.org','','active','piet smit|tecnalia|piet example "
    "org','{}','',0,'b2b');\n"
    "INSERT INTO attendees VALUES(5,'7FZW6JCKVA8R',1,'Walk In','','','Door "
    "Co','','PRESS','active','walk in|door co|','{}','',0,'walk-in');\n"
    "CREATE TABLE registrations ( id INTEGER PRIMARY KEY, attendee_id INTEGER NOT NULL "
    "REFERENCES attendees (id), list_id INTEGER NOT NULL REFERENCES lists (id), code TEXT "
    "NOT NULL UNIQUE, code_generated INTEGER NOT NULL DEFAULT 0, name TEXT NOT NULL, "
    "first_name TEXT NOT NULL DEFAULT '', last_name TEXT NOT NULL DEFAULT '', organisation "
    "TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '', category TEXT NOT NULL "
    "DEFAULT '', comment TEXT NOT NULL DEFAULT '', attention INTEGER NOT NULL DEFAULT 0, "
    "status TEXT NOT NULL DEFAULT 'active' CHECK (status = 'active' OR status = 'unpaid' OR "
    "status = 'cancelled'), extra TEXT NOT NULL DEFAULT '{}', name_key TEXT NOT NULL DEFAULT "
    "'', email_key TEXT NOT NULL DEFAULT '', org_key TEXT NOT NULL DEFAULT '');\n"
    "INSERT INTO registrations VALUES(1,1,1,'V5-A',0,'Ana Ruiz','','','Clúster "
    "Minero','ana@example.org','SPEAKER','',0,'active','{\"País\":\"España\"}','ana "
    "ruiz','ana example org','cluster minero');\n"
    "INSERT INTO registrations VALUES(2,2,1,'V5-B',0,'Jan "
    "Jansen','','','EC','jan@example.org','ATTENDEE','Wheelchair',1,'active','{}','jan "
    "jansen','jan example org','ec');\n"
    "INSERT INTO registrations VALUES(3,3,1,'66S9ENWK5JHZ',1,'Eeva "
    "Mäkinen','','','Boliden','eeva@example.org','ATTENDEE','',0,'cancelled','{}','eeva "
    "makinen','eeva example org','boliden');\n"
    "INSERT INTO registrations VALUES(4,1,2,'B2B-1',0,'Ana Ruiz','','','Clúster "
    "Minero','ana@example.org','','',0,'active','{}','ana ruiz','ana example org','cluster "
    "minero');\n"
    "INSERT INTO registrations VALUES(5,4,2,'B2B-2',0,'Piet "
    "Smit','','','Tecnalia','piet@example.org','','',0,'active','{}','piet smit','piet "
    "example org','tecnalia');\n"
    "INSERT INTO registrations VALUES(6,5,3,'7FZW6JCKVA8R',1,'Walk In','','','Door "
    "Co','','PRESS','',0,'active','{}','in walk','','door co');\n"
    "CREATE TABLE settings ( name TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
    "INSERT INTO settings VALUES('keep','País');\n"
    "CREATE TABLE refusals ( id INTEGER PRIMARY KEY, kiosk TEXT NOT NULL, at_ms INTEGER NOT "
    "NULL, attendee_id INTEGER NOT NULL REFERENCES attendees (id), session_id INTEGER NOT "
    "NULL REFERENCES sessions (id), verdict TEXT NOT NULL, method TEXT NOT NULL);\n"
    "INSERT INTO refusals VALUES(1,'vm-3d12',1796200724416,2,2,'not_for_session','staff');\n"
    "INSERT INTO refusals VALUES(2,'vm-3d12',1796200730613,3,1,'cancelled','staff');\n"
    "CREATE TABLE handouts ( attendee_id INTEGER PRIMARY KEY REFERENCES attendees (id), "
    "at_ms INTEGER NOT NULL, kiosk TEXT NOT NULL);\n"
    "INSERT INTO handouts VALUES(1,1796200726000,'vm-3d12');\n"
    "CREATE INDEX checkins_by_attendee ON checkins (attendee_id, session_id, direction, "
    "at_ms);\n"
    "CREATE TRIGGER checkins_no_update BEFORE UPDATE ON checkins BEGIN SELECT RAISE(ABORT, "
    "'the check-in journal is append-only'); END;\n"
    "CREATE TRIGGER checkins_no_delete BEFORE DELETE ON checkins BEGIN SELECT RAISE(ABORT, "
    "'the check-in journal is append-only'); END;\n"
    "CREATE UNIQUE INDEX checkins_undone ON checkins (undoes) WHERE undoes IS NOT NULL;\n"
    "CREATE VIEW admissions AS SELECT * FROM checkins c WHERE c.direction = 'in' AND NOT "
    "EXISTS (SELECT 1 FROM checkins u WHERE u.undoes = c.id);\n"
    "CREATE INDEX registrations_by_list ON registrations (list_id);\n"
    "CREATE INDEX registrations_by_attendee ON registrations (attendee_id);\n"
    "CREATE INDEX registrations_by_name ON registrations (name_key);\n"
    "PRAGMA user_version = 5;"
    "PRAGMA application_id = 1701737586;";

/* Every attendee as the store shows them, one string. */
#define SHOWN                                                                                      \
    "SELECT group_concat(id || '|' || code || '|' || code_generated || '|' || name || '|' || "     \
    "organisation || '|' || email || '|' || category || '|' || status || '|' || search_key || "    \
    "'|' || extra || '|' || comment || '|' || attention || '|' || lists, ';') "                    \
    "FROM (SELECT * FROM attendees ORDER BY id)"

/* Schema 5 to 6: every attendee shows what they showed, and their history stays theirs. */
static void test_migration_v5(void)
{
    store_close(st);
    st = NULL;
    snprintf(db_path, sizeof db_path, "%s/v5.db", dir);
    int fd = open(db_path, O_CREAT | O_WRONLY, 0600);
    CHECK(fd >= 0);
    close(fd);
    CHECK(sql_exec(db_path, store_v5) == SQLITE_OK);
    char *before = sql_text(db_path, SHOWN);
    CHECK(before && strstr(before, "1|V5-A|0|Ana Ruiz|Clúster Minero|") != NULL);
    char *why = NULL;
    st = store_open(db_path, &why);
    CHECK(st != NULL);
    if (st == NULL) {
        fprintf(stderr, "%s\n", why);
        exit(1);
    }
    CHECK(sql_int(db_path, "PRAGMA user_version") == STORE_SCHEMA_VERSION);
    /* Schema 6 made an index of persons by status, schema 9 took it away again. */
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM sqlite_schema WHERE name = "
                           "'persons_by_status'") == 0);
    /* The same, but for the key of a name with an umlaut, spelt out too since schema 8. */
    char *after = sql_text(db_path, SHOWN);
    char *spelt = strstr(before, "|eeva makinen|");
    CHECK(spelt != NULL);
    char *expect = spelt ? xasprintf("%.*s|eeva makinen maekinen|%s", (int)(spelt - before), before,
                                     spelt + strlen("|eeva makinen|"))
                         : NULL;
    CHECK_STR(after, expect);
    free(expect);
    free(before);
    free(after);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM persons") == 5);
    CHECK(sql_int(db_path, "SELECT type = 'view' FROM sqlite_schema WHERE name = 'attendees'"));
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM sqlite_schema WHERE name = "
                           "'registrations_by_list'") == 0);
    /* Every foreign key that named attendees names persons now, and holds. */
    CHECK(sql_int(db_path,
                  "SELECT COUNT(*) FROM sqlite_schema WHERE sql LIKE "
                  "'%REFERENCES attendees%' OR sql LIKE '%REFERENCES \"attendees\"%'") == 0);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM pragma_foreign_key_check") == 0);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM checkins c JOIN attendees a ON "
                           "a.id = c.attendee_id WHERE a.code IN ('V5-A', 'V5-B')") == 2);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM refusals r JOIN persons p ON "
                           "p.id = r.attendee_id") == 2);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM prints JOIN persons p ON "
                           "p.id = prints.attendee_id") == 1);
    CHECK(sql_int(db_path, "SELECT COUNT(*) FROM handouts JOIN persons p ON "
                           "p.id = handouts.attendee_id") == 1);

    /* Either of Ana's codes is her; her check-in stands, the made-up code still admits. */
    struct attendee a = find("B2B-1"), b = find("V5-A");
    CHECK(a.id == 1 && b.id == 1);
    CHECK_STR(a.lists, "main b2b");
    CHECK_STR(b.extra, "{\"País\":\"España\"}");
    attendee_clear(&a);
    attendee_clear(&b);
    a = find("V5-B");
    CHECK(a.attention && strcmp(a.comment, "Wheelchair") == 0);
    attendee_clear(&a);
    CHECK(checkin("V5-A", "main", false) == CHECKIN_ALREADY);
    CHECK(checkin("B2B-1", "match", false) == CHECKIN_WELCOME);
    CHECK(checkin("V5-B", "main", false) == CHECKIN_WELCOME);
    CHECK(checkin("66S9ENWK5JHZ", "main", false) == CHECKIN_CANCELLED);
    CHECK(checkin("B2B-2", "main", false) == CHECKIN_WELCOME);
    int64_t n = 0;
    CHECK(store_count_attendees(st, true, &n, &why) && n == 4);
    CHECK(store_count_attendees(st, false, &n, &why) && n == 5);

    /* The lists go on: main again, Eeva back, and a new person on b2b who is Jan. */
    struct roster_summary sum;
    CHECK(import("main3.csv",
                 "Code,Name,Organisation,Email,Category\n"
                 "V5-A,Ana Ruiz,Clúster Minero,ana@example.org,SPEAKER\n"
                 "V5-B,Jan Jansen,EC,jan@example.org,ATTENDEE\n"
                 ",Eeva Mäkinen,Boliden,eeva@example.org,ATTENDEE\n",
                 NULL, &sum, &why));
    CHECK(sum.added == 0 && sum.cancelled == 0);
    a = find("66S9ENWK5JHZ");
    CHECK(a.id == 3 && a.status == ATTENDEE_ACTIVE);
    attendee_clear(&a);
    CHECK(import("b2b2.csv",
                 "Code,Name,Organisation,Email\nB2B-1,Ana Ruiz,Clúster Minero,ana@example.org\n"
                 "B2B-2,Piet Smit,Tecnalia,piet@example.org\nB2B-3,Jan Jansen,EC,jan@example.org\n",
                 "b2b", &sum, &why));
    CHECK(sum.added == 1 && sum.unchanged == 2);
    a = find("B2B-3");
    CHECK(a.id == 2);
    CHECK_STR(a.lists, "main b2b");
    attendee_clear(&a);
    CHECK(checkin("B2B-3", "main", false) == CHECKIN_ALREADY);  /* in with V5-B above */
    CHECK(checkin("B2B-3", "match", false) == CHECKIN_ALREADY); /* staff let him in, in v5 */
}

int main(void)
{
    dir = check_tmpdir();
    cfg = config_create();
    test_pretix();
    test_eventbrite();
    test_google_forms();
    test_indico();
    test_status_words();
    test_spanish_excel_status();
    test_two_lists();
    test_migration();
    test_migration_v5();
    store_close(st);
    config_destroy(cfg);
    if (!getenv("KEEP"))
        check_rmtree(dir);
    return check_done("test_lists");
}
