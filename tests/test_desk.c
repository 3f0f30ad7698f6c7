/*
 * The staff desk: walk-ins added, checked in and merged into another
 * kiosk through its journal (both ways, twice); overrides with their
 * reason; undoing one person's check-in; who has not arrived, VIPs first;
 * badges handed out; the PIN's waits and the settings that keep them.
 */
#include "check.h"
#include "entrada/checkin.h"
#include "entrada/desk.h"
#include "entrada/journal.h"
#include "entrada/pin.h"

#include "sql.h"

static const char *dir;

static struct store *open_store(const char *name)
{
    char path[512], *why = NULL;
    snprintf(path, sizeof path, "%s/%s.db", dir, name);
    struct store *st = store_open(path, &why);
    CHECK(st != NULL);
    return st;
}

static int64_t count(const char *name, const char *sql)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.db", dir, name);
    return sql_int(path, sql);
}

static void put(struct store *st, const char *code, const char *name, const char *last,
                const char *category, enum attendee_status status)
{
    char *why = NULL;
    struct attendee a = { .code = (char *)code,
                          .name = (char *)name,
                          .last_name = (char *)last,
                          .category = (char *)category,
                          .status = status };
    CHECK(store_put_attendee(st, &a, &why));
    free(a.search_key);
}

static enum checkin_verdict checkin(struct store *st, const char *kiosk, const char *code,
                                    const char *reason, int64_t at)
{
    struct checkin_policy p = {
        .kiosk = kiosk, .session = "main", .override = reason != NULL, .reason = reason
    };
    struct checkin_result r;
    char *why = NULL;
    CHECK(checkin_code(st, &p, code, STORE_STAFF, at, &r, &why));
    enum checkin_verdict v = r.verdict;
    checkin_result_clear(&r);
    return v;
}

static char *journal_of(struct store *st, size_t *len)
{
    char *text = NULL, *why = NULL;
    FILE *f = open_memstream(&text, len);
    CHECK(journal_write(st, f, &why));
    fclose(f);
    return text;
}

static void walk_ins(void)
{
    const int64_t t0 = 1773302400000;
    char *why = NULL;
    struct store *a = open_store("a"), *b = open_store("b");
    struct attendee w;
    struct desk_walkin bad = { .name = "  " };
    CHECK(!desk_add_walkin(a, &bad, &w, &why));
    CHECK_WHY(why, "needs a name");
    bad = (struct desk_walkin){ .name = "Ana", .email = "ana at example" };
    CHECK(!desk_add_walkin(a, &bad, &w, &why));
    CHECK_WHY(why, "not an e-mail address");
    bad = (struct desk_walkin){ .name = "Ana\x1b[2J" };
    CHECK(!desk_add_walkin(a, &bad, &w, &why));
    CHECK_WHY(why, "cannot be printed");

    struct desk_walkin ana = { "Ana Belén Ruiz", "Junta de Andalucía", "ana@example.org", "SPEAKER",
                               NULL };
    CHECK(desk_add_walkin(a, &ana, &w, &why));
    CHECK(strlen(w.code) == 12 && w.code_generated);
    CHECK_STR(w.lists, "walk-in");
    CHECK(w.status == ATTENDEE_ACTIVE);
    char ana_code[16];
    snprintf(ana_code, sizeof ana_code, "%s", w.code);
    attendee_clear(&w);
    CHECK(checkin(a, "door1", ana_code, NULL, t0) == CHECKIN_WELCOME);

    struct desk_walkin bo = { "Bo Lindqvist", "", "", "", NULL };
    CHECK(desk_add_walkin(b, &bo, &w, &why));
    char bo_code[16];
    snprintf(bo_code, sizeof bo_code, "%s", w.code);
    attendee_clear(&w);
    CHECK(checkin(b, "door2", bo_code, NULL, t0 + 1000) == CHECKIN_WELCOME);

    /* A cancelled attendee admitted by staff: the override keeps its reason. */
    put(a, "C-1", "Carla Pérez", "Pérez", "", ATTENDEE_CANCELLED);
    CHECK(checkin(a, "door1", "C-1", NULL, t0 + 2000) == CHECKIN_CANCELLED);
    CHECK(checkin(a, "door1", "C-1", "paid at the door", t0 + 3000) == CHECKIN_WELCOME);
    CHECK(count("a", "SELECT COUNT(*) FROM checkins WHERE override AND "
                     "reason = 'paid at the door'") == 1);

    /* Each kiosk merges the other's journal, twice: both walk-ins on both, once. */
    size_t la, lb;
    char *ja = journal_of(a, &la), *jb = journal_of(b, &lb);
    CHECK(strstr(ja, ",override,walk_in\r\n") != NULL);
    CHECK(strstr(ja, ",paid at the door,\r\n") != NULL);
    struct journal_summary sum;
    struct key k;
    key_generate(&k); /* the event's key, both kiosks' */
    char *sa = journal_sign(&k, ja, la), *sb = journal_sign(&k, jb, lb);
    struct journal_file fa = { "a.csv", ja, la, sa, strlen(sa) },
                        fb = { "b.csv", jb, lb, sb, strlen(sb) };
    for (int i = 0; i < 2; i++) {
        CHECK(journal_merge(a, &k, "door1", &fb, &sum, &why));
        CHECK(journal_merge(b, &k, "door2", &fa, &sum, &why));
    }
    free(sa);
    free(sb);
    free(ja);
    free(jb);
    for (const char *s = "a"; s; s = s[0] == 'a' ? "b" : NULL) {
        CHECK(count(s, "SELECT COUNT(*) FROM registrations r JOIN lists l ON l.id = r.list_id "
                       "WHERE l.name = 'walk-in' AND r.status = 'active'") == 2);
        CHECK(count(s, "SELECT COUNT(*) FROM attendees WHERE status = 'active' AND "
                       "name IN ('Ana Belén Ruiz', 'Bo Lindqvist')") == 2);
        CHECK(count(s, "SELECT COUNT(DISTINCT attendee_id) FROM admissions") == 3);
    }
    CHECK(count("b", "SELECT COUNT(*) FROM checkins WHERE override AND "
                     "reason = 'paid at the door'") == 1);
    /* A walk-in scanned at the other kiosk is already in. */
    CHECK(checkin(b, "door2", ana_code, NULL, t0 + 60000) == CHECKIN_ALREADY);

    /* Undo one person's latest check-in at this kiosk, not the latest of all. */
    struct checkin_policy p = { .kiosk = "door1", .session = "main" };
    struct checkin_result r;
    struct attendee found = { 0 };
    CHECK(store_find_attendee(a, ana_code, &found, &why) == 1);
    CHECK(checkin_undo_attendee(a, &p, found.id, t0 + 70000, &r, &why) && r.recorded);
    CHECK_STR(r.attendee.name, "Ana Belén Ruiz");
    checkin_result_clear(&r);
    CHECK(checkin_undo_attendee(a, &p, found.id, t0 + 71000, &r, &why) && !r.recorded);
    checkin_result_clear(&r);
    int64_t at;
    CHECK(store_first_admission(a, found.id, 0, &at, &why) == 0);

    /* Badges handed out: once. */
    CHECK(store_hand_out(a, found.id, t0, "door1", &why) == 1);
    CHECK(store_hand_out(a, found.id, t0 + 5, "door1", &why) == 0);
    CHECK(store_handed_out(a, found.id, &at, &why) == 1 && at == t0);
    attendee_clear(&found);
    store_close(a);
    store_close(b);
}

static void absent(void)
{
    char *why = NULL;
    struct store *st = open_store("absent");
    put(st, "A", "Zoe Adams", "", "", ATTENDEE_ACTIVE);
    put(st, "B", "Santiago Cuesta López", "Cuesta López", "Autoridad", ATTENDEE_ACTIVE);
    put(st, "C", "Ana Zapata", "Zapata", "SPEAKER", ATTENDEE_ACTIVE);
    put(st, "D", "Bea Blanco", "", "", ATTENDEE_ACTIVE);
    put(st, "E", "Gone Person", "", "", ATTENDEE_CANCELLED);
    CHECK(checkin(st, "door1", "D", NULL, 1773302400000) == CHECKIN_WELCOME);
    int64_t main_id;
    CHECK(store_find_session(st, "main", &main_id, &why) == 1);
    struct desk_absent_list l;
    CHECK(desk_absent(st, main_id, "speaker, AUTORIDAD", &l, &why));
    CHECK(l.n == 3 && l.vips == 2);
    if (l.n == 3) {
        CHECK_STR(l.v[0].a.code, "B"); /* Cuesta before Zapata */
        CHECK_STR(l.v[1].a.code, "C");
        CHECK_STR(l.v[2].a.code, "A");
        CHECK(l.v[0].vip && !l.v[2].vip);
    }
    desk_absent_free(&l);
    CHECK(desk_absent(st, main_id, "", &l, &why));
    CHECK(l.n == 3 && l.vips == 0 && strcmp(l.v[0].a.code, "A") == 0); /* Adams */
    desk_absent_free(&l);
    CHECK(desk_is_vip("Autoridad", "",
                      "pais\x1f"
                      "autoridad"));
    CHECK(!desk_is_vip("Autoridad", "", "autoridades"));
    store_close(st);
}

static void pin_waits(void)
{
    CHECK(pin_wait_ms(0) == 0 && pin_wait_ms(2) == 0);
    CHECK(pin_wait_ms(3) == 30000 && pin_wait_ms(4) == 60000 && pin_wait_ms(5) == 120000);
    CHECK(pin_wait_ms(40) == 3600000);
    char *why = NULL, *v = NULL;
    struct store *st = open_store("settings");
    CHECK(store_get_setting(st, "staff_pin_tries", &v, &why) == 0 && v == NULL);
    CHECK(store_set_setting(st, "staff_pin_tries", "3 1773302400000", &why));
    CHECK(store_set_setting(st, "staff_pin_tries", "4 1773302400001", &why));
    CHECK(store_get_setting(st, "staff_pin_tries", &v, &why) == 1);
    CHECK_STR(v, "4 1773302400001");
    free(v);
    store_close(st);
}

int main(void)
{
    dir = check_tmpdir();
    walk_ins();
    absent();
    pin_waits();
    check_rmtree(dir);
    return check_done("test_desk");
}
