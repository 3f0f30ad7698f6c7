/* The options table and INI reading. */
#include "check.h"
#include "entrada/config.h"

#include <ctype.h>

int main(void)
{
    const char *dir = check_tmpdir();
    char *why = NULL;
    struct config *cfg = config_create();

    CHECK_STR(config_str(cfg, CONFIG_SESSION), "main");
    CHECK(config_int(cfg, CONFIG_REPEAT_WINDOW_MS) == 3000);
    CHECK(!config_bool(cfg, CONFIG_REENTRY));
    CHECK(config_separator(cfg, CONFIG_EXPORT_SEPARATOR) == ',');
    CHECK(config_source(cfg) == NULL);

    char *good = check_write(dir, "good.ini",
                             "; a comment\n"
                             "[entrada]\n"
                             "event_name = Raw Materials Cluster Meeting; Sevilla\n"
                             "kiosk_id = door 1\n"
                             "[checkin]\n"
                             "reentry = yes\n"
                             "repeat_window_ms = 1500\n"
                             "[export]\n"
                             "separator = ;\n"
                             "[columns]\n"
                             "code = Localizador\n",
                             0);
    CHECK(config_load(cfg, good, &why));
    CHECK_STR(config_str(cfg, CONFIG_EVENT_NAME), "Raw Materials Cluster Meeting; Sevilla");
    CHECK(config_bool(cfg, CONFIG_REENTRY));
    CHECK(config_int(cfg, CONFIG_REPEAT_WINDOW_MS) == 1500);
    CHECK(config_separator(cfg, CONFIG_EXPORT_SEPARATOR) == ';');
    CHECK_STR(config_str(cfg, CONFIG_COLUMN_CODE), "Localizador");
    CHECK_STR(config_source(cfg), good);
    char *kiosk = config_kiosk_id(cfg);
    CHECK_STR(kiosk, "door-1");
    free(kiosk);
    /* Without one: the host name with anything but letters, digits and '-' made '-', then
     * '-' and four characters of the machine id where there is one. */
    struct config *plain = config_create();
    char want[300] = "", machine[8] = "";
    if (gethostname(want, 256) != 0 || !want[0])
        strcpy(want, "kiosk");
    for (char *p = want; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-')
            *p = '-';
    FILE *mf = fopen("/etc/machine-id", "r");
    if (mf && fread(machine, 1, 4, mf) == 4 && strspn(machine, "0123456789abcdef") == 4)
        snprintf(want + strlen(want), 6, "-%.4s", machine);
    if (mf)
        fclose(mf);
    kiosk = config_kiosk_id(plain);
    CHECK_STR(kiosk, want);
    free(kiosk);
    config_destroy(plain);

    /* A server's password is never shown: in a URI, as a keyword, quoted or not. */
    static const char *const conninfo[][2] = {
        { "postgresql://door:s3cret@venue:5432/event", "postgresql://door:****@venue:5432/event" },
        { "postgresql://door@venue/event", "postgresql://door@venue/event" },
        { "postgres://venue/event?user=door&password=s3cret&sslmode=require",
          "postgres://venue/event?user=door&password=****&sslmode=require" },
        { "host=venue password = 's3 cr\\'et' dbname=event",
          "host=venue password = **** dbname=event" },
        { "host=venue PASSWORD=s3cret", "host=venue PASSWORD=****" },
        { "service=entrada", "service=entrada" },
        { "host=/run/passwordless dbname=x", "host=/run/passwordless dbname=x" },
    };
    for (size_t i = 0; i < sizeof conninfo / sizeof conninfo[0]; i++) {
        char *masked = config_mask_conninfo(conninfo[i][0]);
        CHECK_STR(masked, conninfo[i][1]);
        CHECK(strstr(masked, "s3") == NULL);
        free(masked);
    }
    CHECK(config_set(cfg, CONFIG_SYNC_SERVER, "postgresql://door:s3cret@venue/event", &why));
    char *shown = NULL;
    size_t shown_len = 0;
    FILE *pf = open_memstream(&shown, &shown_len);
    config_print(cfg, pf);
    fclose(pf);
    CHECK(strstr(shown, "server = postgresql://door:****@venue/event") != NULL);
    CHECK(strstr(shown, "s3cret") == NULL);
    CHECK(config_int(cfg, CONFIG_SYNC_TIMEOUT_MS) == 300);
    free(shown);
    CHECK(config_set(cfg, CONFIG_SYNC_SERVER, "", &why));

    /* A bad file changes nothing and says where. */
    char *bad =
        check_write(dir, "bad.ini", "[checkin]\nreentry = no\nrepeat_window_ms = 99999999\n", 0);
    CHECK(!config_load(cfg, bad, &why));
    CHECK_WHY(why, "bad.ini:3: repeat_window_ms: 99999999 is out of range (0 to 60000)");
    CHECK(config_bool(cfg, CONFIG_REENTRY));
    CHECK(config_int(cfg, CONFIG_REPEAT_WINDOW_MS) == 1500);

    char *unknown = check_write(dir, "unknown.ini", "[checkin]\n\nsesion = main\n", 0);
    CHECK(!config_load(cfg, unknown, &why));
    CHECK_WHY(why, "unknown.ini:3: unknown option \"sesion\" in [checkin]");
    char *section = check_write(dir, "section.ini", "[kiosko]\nx = 1\n", 0);
    CHECK(!config_load(cfg, section, &why));
    CHECK_WHY(why, "section.ini:2: unknown section [kiosko]");
    char *syntax = check_write(dir, "syntax.ini", "[checkin]\nthis is not an option\n", 0);
    CHECK(!config_load(cfg, syntax, &why));
    CHECK_WHY(why, "syntax.ini:2:");
    /* [privacy] notice and notice_file per language; [event] date as one day or two. */
    char *privacy = check_write(dir, "privacy.ini",
                                "[privacy]\nnotice = We keep your name.\n"
                                "notice_es = Guardamos su nombre.\nnotice_file_es = /x/es.txt\n"
                                "retain_days = 30\n[event]\ndate = 2026-03-12/2026-03-13\n",
                                0);
    CHECK(config_load(cfg, privacy, &why));
    CHECK_STR(config_localized(cfg, CONFIG_PRIVACY_NOTICE, "es"), "Guardamos su nombre.");
    CHECK_STR(config_localized(cfg, CONFIG_PRIVACY_NOTICE, "en"), "We keep your name.");
    CHECK_STR(config_localized(cfg, CONFIG_PRIVACY_NOTICE_FILE, "es"), "/x/es.txt");
    CHECK_STR(config_localized(cfg, CONFIG_PRIVACY_NOTICE_FILE, "en"), "");
    CHECK(config_int(cfg, CONFIG_PRIVACY_RETAIN_DAYS) == 30);
    struct config_day first, last;
    CHECK(config_event_days(cfg, &first, &last));
    CHECK(first.day == 12 && last.day == 13 && last.month == 3 && last.year == 2026);
    char *bad_date = check_write(dir, "date.ini", "[event]\ndate = 2026-03-13/2026-03-12\n", 0);
    CHECK(!config_load(cfg, bad_date, &why));
    CHECK_WHY(why, "date.ini:2: date: expected a day YYYY-MM-DD");
    char *leap = check_write(dir, "leap.ini", "[event]\ndate = 2027-02-29\n", 0);
    CHECK(!config_load(cfg, leap, &why));
    CHECK_WHY(why, "leap.ini:2: date:");
    char *variant = check_write(dir, "variant.ini", "[privacy]\nnotice_español = x\n", 0);
    CHECK(!config_load(cfg, variant, &why));
    CHECK_WHY(why, "variant.ini:2: unknown option \"notice_español\" in [privacy]");
    CHECK(config_event_days(cfg, &first, &last) && first.day == 12); /* unchanged */

    char *boolean = check_write(dir, "bool.ini", "[checkin]\nreentry = perhaps\n", 0);
    CHECK(!config_load(cfg, boolean, &why));
    CHECK_WHY(why, "bool.ini:2: reentry: expected yes or no");
    CHECK(!config_load(cfg, "/nonexistent/entrada.ini", &why));
    CHECK_WHY(why, "cannot open");

    CHECK(!config_set(cfg, CONFIG_EXPORT_SEPARATOR, "colon", &why));
    CHECK_WHY(why, "expected comma, semicolon or tab");
    /* The languages attendees choose from: codes, by spaces or commas. */
    CHECK(config_set(cfg, CONFIG_LANGUAGES, "es en, pt_BR,el", &why));
    CHECK_STR(config_str(cfg, CONFIG_LANGUAGES), "es en, pt_BR,el");
    CHECK(!config_set(cfg, CONFIG_LANGUAGES, "es ../../etc", &why));
    CHECK_WHY(why, "expected language codes");
    CHECK(!config_set(cfg, CONFIG_LANGUAGES, "e", &why));
    CHECK_WHY(why, "languages");
    CHECK(config_set(cfg, CONFIG_LANGUAGES, "", &why));
    CHECK(config_set(cfg, CONFIG_DB, "/tmp/x.db", &why));
    char *db = config_db_path(cfg);
    CHECK_STR(db, "/tmp/x.db");
    free(db);

    /* config_print writes a file config_load reads back to the same values. */
    char *printed = malloc(strlen(dir) + 16);
    sprintf(printed, "%s/printed.ini", dir);
    FILE *f = fopen(printed, "w");
    config_print(cfg, f);
    fclose(f);
    struct config *again = config_create();
    CHECK(config_load(again, printed, &why));
    for (int k = 0; k < CONFIG_KEY_COUNT; k++)
        CHECK_STR(config_str(again, k), config_str(cfg, k));
    config_destroy(again);

    free(good);
    free(bad);
    free(unknown);
    free(section);
    free(syntax);
    free(boolean);
    free(privacy);
    free(bad_date);
    free(leap);
    free(variant);
    free(printed);
    config_destroy(cfg);
    config_destroy(NULL);
    check_rmtree(dir);
    return check_done("test_config");
}
