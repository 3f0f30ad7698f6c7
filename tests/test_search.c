/* Search: folding, word prefixes in any order, ranking, staff-only e-mail. */
#include "check.h"
#include "entrada/search.h"

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
    idx = search_create(st, &why);
    CHECK(idx != NULL && search_size(idx) == 7);

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
    /* At most max results. */
    CHECK_STR(find("lope", false, 2), "LOP MLO");
    CHECK_STR(find("zzz", false, 10), "");
    CHECK_STR(find("lopez zzz", false, 10), "");

    search_destroy(idx);
    search_destroy(NULL);
    store_close(st);
    check_rmtree(dir);
    return check_done("test_search");
}
