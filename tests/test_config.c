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
    free(printed);
    config_destroy(cfg);
    config_destroy(NULL);
    check_rmtree(dir);
    return check_done("test_config");
}
