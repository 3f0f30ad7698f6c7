/*
 * Search: folding, names in other scripts typed in Latin, word prefixes in
 * any order, ranking, staff-only e-mail; keys made anew by the migration.
 */
#include "check.h"
#include "entrada/search.h"
#include "entrada/text.h"
#include "entrada/translit.h"
#include "sql.h"

static struct store *st;
static struct search *idx;

static void add(const char *code, const char *name, const char *org, const char *email)
{
    struct attendee a = { 0 };
    a.code = strdup(code);
    a.name = strdup(name);
    a.organisation = strdup(org);
    a.email = strdup(email);
    char *why = NULL;
    CHECK(store_put_attendee(st, &a, &why));
    attendee_clear(&a);
}

/* The codes found for query, joined by spaces. */
static const char *find(const char *query, bool staff, size_t max)
{
    static char out[512];
    struct search_hit hits[16];
    size_t n = search_find(idx, query, staff, hits, max);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        struct attendee a = { 0 };
        char *why = NULL;
        store_get_attendee(st, hits[i].id, &a, &why);
        if (i)
            strcat(out, " ");
        strcat(out, a.code);
        attendee_clear(&a);
    }
    return out;
}

int main(void)
{
    const char *dir = check_tmpdir();
    char path[512], *why = NULL;
    snprintf(path, sizeof path, "%s/event.db", dir);
    st = store_open(path, &why);
    add("SCL", "Santiago Cuesta López", "Clúster Minero de Andalucía", "scuesta@example.es");
    add("LBO", "Łukasz Boratyński", "KGHM Polska Miedź", "lukasz.b@example.pl");
    add("JKA", "Jyrki Katainen", "Geological Survey of Finland", "jyrki@example.fi");
    add("MLO", "Marta López", "Junta de Andalucía", "mlopez@example.es");
    add("LOP", "Lope de Vega", "Instituto Cervantes", "lope@example.es");
    add("SAN", "Ana Santos", "Lopez & Hijos S.L.", "ana@example.pt");
    add("ONE", "Siobhán O'Neill", "Geological Survey Ireland", "sineill@example.ie");
    add("GPA", "Γεώργιος Παπαδόπουλος", "Ελληνική Αρχή Γεωλογικών Ερευνών", "gp@example.gr");
    add("BXA", "Βασίλης Χατζηδάκης", "", "vx@example.gr");
    add("IVA", "Мария Иванова", "Горный институт", "ivanova@example.bg");
    add("ZHU", "Жуков Юлий", "", "zh@example.ua");
    add("MUE", "Jürgen Müller", "Rohstoff GmbH", "jm@example.de");
    idx = search_create(st, &why);
    CHECK(idx != NULL && search_size(idx) == 12);

    /* Names in Greek and Cyrillic typed on a Latin keyboard, and in their own script. */
    CHECK_STR(find("georgios", false, 10), "GPA");
    CHECK_STR(find("georg", false, 10), "GPA");
    CHECK_STR(find("papadopoulos", false, 10), "GPA");
    CHECK_STR(find("georgios papa", false, 10), "GPA");
    CHECK_STR(find("Γεώργιος", false, 10), "GPA");
    CHECK_STR(find("γεωργ", false, 10), "GPA");
    CHECK_STR(find("vasilis", false, 10), "BXA"); /* as Greeks write it */
    CHECK_STR(find("basiles", false, 10), "BXA"); /* ICU's Any-Latin */
    CHECK_STR(find("chatzidakis", false, 10), "BXA");
    CHECK_STR(find("ivanova", false, 10), "IVA");
    CHECK_STR(find("maria iva", false, 10), "IVA");
    CHECK_STR(find("Иванова", false, 10), "IVA");
    CHECK_STR(find("gornyj", false, 10), "IVA"); /* the organisation too */
    CHECK_STR(find("zhukov", false, 10), "ZHU");
    CHECK_STR(find("zukov", false, 10), "ZHU");
    CHECK_STR(find("yuliy", false, 10), "ZHU");
    /* Polish and German: the fold, and umlauts spelt out. */
    CHECK_STR(find("lukasz boratynski", false, 10), "LBO");
    CHECK_STR(find("Łukasz", false, 10), "LBO");
    CHECK_STR(find("muller", false, 10), "MUE");
    CHECK_STR(find("mueller", false, 10), "MUE");
    CHECK_STR(find("müller", false, 10), "MUE");
    CHECK_STR(find("juergen", false, 10), "MUE");
    CHECK_STR(find("jurgen mue", false, 10), "MUE");
    /* The transliteration is for search only: other keys keep the script. */
    CHECK(translit_needed("Γεώργιος") && translit_needed("Иванова") && translit_needed("王小明"));
    CHECK(!translit_needed("Łukasz Müller") && !translit_needed("Nguyễn Thị") &&
          !translit_needed("O'Neill 42"));
    char *nk = text_name_key("Γεώργιος");
    CHECK_STR(nk, "γεωργιοσ"); /* case-folded, final sigma too */
    free(nk);
    char *sk = attendee_search_key("Γεώργιος Müller", "", "g@example.gr");
    CHECK_STR(sk, "georgios muller mueller||g example gr");
    free(sk);

    CHECK_STR(find("lopez", false, 10), "MLO SCL SAN");
    CHECK_STR(find("LÓPEZ", false, 10), "MLO SCL SAN");
    CHECK_STR(find("boratynski", false, 10), "LBO");
    CHECK_STR(find("lukasz", false, 10), "LBO");
    CHECK_STR(find("san cue", false, 10), "SCL");
    CHECK_STR(find("cuesta santiago", false, 10), "SCL");
    CHECK_STR(find("oneill", false, 10), "ONE");
    CHECK_STR(find("o'neill", false, 10), "ONE");
    CHECK_STR(find("katainen finland", false, 10), "JKA");
    CHECK_STR(find("geological survey", false, 10), "JKA ONE");
    /* Name matches come before organisation matches, whole words before prefixes. */
    CHECK_STR(find("lope", false, 10), "LOP MLO SCL SAN");
    CHECK_STR(find("santos", false, 10), "SAN");
    /* Two characters at least; one gives nothing. */
    CHECK_STR(find("l", false, 10), "");
    CHECK_STR(find("  ", false, 10), "");
    CHECK_STR(find("!!", false, 10), "");
    CHECK(strlen(find("lo", false, 10)) > 0);
    /* E-mail addresses are searched for staff only. */
    CHECK_STR(find("scuesta", false, 10), "");
    CHECK_STR(find("scuesta", true, 10), "SCL");
    /* A whole e-mail address typed finds its owner; a part of one finds nobody. */
    CHECK_STR(find("scuesta@example.es", false, 10), "SCL");
    CHECK_STR(find("SCuesta@Example.es", false, 10), "SCL");
    CHECK_STR(find("scuesta@example", false, 10), "");
    CHECK_STR(find("example.es", false, 10), "");
    CHECK_STR(find("lope@example.es", false, 10), "LOP");
    /* The letters with marks in the names, for the keyboard. */
    char letters[64];
    CHECK(search_letters(idx, letters, sizeof letters, 30) == 5);
    CHECK_STR(letters, "ÁŁŃÓÜ");
    CHECK(search_letters(idx, letters, sizeof letters, 2) == 2);
    CHECK_STR(letters, "ÓÜ"); /* twice each, the others once */
    CHECK(search_letters(idx, letters, 5, 30) == 2 && strcmp(letters, "ÁŁ") == 0);
    /* At most max results. */
    CHECK_STR(find("lope", false, 2), "LOP MLO");
    CHECK_STR(find("zzz", false, 10), "");
    CHECK_STR(find("lopez zzz", false, 10), "");

    search_destroy(idx);
    search_destroy(NULL);
    store_close(st);

    /*
     * A store of schema 7 kept keys folded without transliteration: the
     * migration to 8 makes every key anew, and the names are found.
     */
    CHECK(sql_exec(path,
                   "UPDATE persons SET search_key = 'γεωργιος παπαδοπουλος||' "
                   "WHERE registration_id = (SELECT id FROM registrations WHERE code = 'GPA');"
                   "UPDATE persons SET search_key = 'jurgen muller||' "
                   "WHERE registration_id = (SELECT id FROM registrations WHERE code = 'MUE');"
                   "ALTER TABLE checkins DROP COLUMN registration_id;" /* schema 10's */
                   "PRAGMA user_version = 7;") == SQLITE_OK);
    st = store_open(path, &why);
    CHECK(st != NULL);
    CHECK(sql_int(path, "PRAGMA user_version") == STORE_SCHEMA_VERSION);
    char *key = sql_text(path, "SELECT search_key FROM attendees WHERE code = 'GPA'");
    CHECK(key && strncmp(key, "georgios papadopoulos|", 22) == 0);
    free(key);
    idx = search_create(st, &why);
    CHECK_STR(find("georgios", false, 10), "GPA");
    CHECK_STR(find("mueller", false, 10), "MUE");
    CHECK_STR(find("lopez", false, 10), "MLO SCL SAN");
    search_destroy(idx);
    store_close(st);
    check_rmtree(dir);
    return check_done("test_search");
}
