/*
 * A stick's entrada/event.key is enrolled only by a sync staff opened (the
 * kiosk after the PIN, or `entrada drop`): with [usb] sync = auto, whoever
 * plugs a stick in at the door must not choose the key the kiosk trusts.
 */
#include "check.h"
#include "entrada/drop.h"
#include "entrada/key.h"

#include <sys/stat.h>

int main(void)
{
    const char *dir = check_tmpdir();
    char *why = NULL, path[512], stick[512], work[512], fp[KEY_FINGERPRINT_SIZE];
    snprintf(stick, sizeof stick, "%s/stick", dir);
    snprintf(path, sizeof path, "%s/stick/entrada", dir);
    CHECK(mkdir(stick, 0755) == 0 && mkdir(path, 0755) == 0);
    snprintf(path, sizeof path, "%s/stick/entrada/event.key", dir);
    struct key k, got;
    key_generate(&k);
    key_fingerprint(&k, fp);
    CHECK(key_write_file(&k, path, &why));
    snprintf(work, sizeof work, "%s/from-stick", dir);
    snprintf(path, sizeof path, "%s/event.db", dir);
    struct store *st = store_open(path, &why);
    struct config *cfg = config_create();
    CHECK(st != NULL);

    /* Not staff: the key stays on the stick, and the sync says why. */
    struct drop_options opt = { .cfg = cfg, .kiosk_id = "door-1", .work_dir = work };
    struct drop_report rep;
    CHECK(!drop_run(st, stick, &opt, &rep));
    CHECK(rep.problems && strstr(rep.problems, "entrada/event.key: event key ") &&
          strstr(rep.problems, "not enrolled: only a sync opened in staff mode"));
    CHECK(rep.enrolled[0] == '\0');
    drop_report_clear(&rep);
    CHECK(key_enrolled(st, &got, &why) == 0);

    /* Staff: enrolled, and said so. */
    opt.staff = true;
    CHECK(drop_run(st, stick, &opt, &rep));
    CHECK_STR(rep.enrolled, fp);
    drop_report_clear(&rep);
    CHECK(key_enrolled(st, &got, &why) == 1 && key_equal(&got, &k));

    /* Not staff again, with the same key enrolled: nothing to say. */
    opt.staff = false;
    CHECK(drop_run(st, stick, &opt, &rep) && rep.problems == NULL && !rep.enrolled[0]);
    drop_report_clear(&rep);

    config_destroy(cfg);
    store_close(st);
    check_rmtree(dir);
    return check_done("test_drop");
}
