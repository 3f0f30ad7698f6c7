/*
 * A stick's entrada/event.key is enrolled only by a sync staff opened (the
 * kiosk after the PIN, or `entrada drop`): with [usb] sync = auto, whoever
 * plugs a stick in at the door must not choose the key the kiosk trusts.
 * Staff mode's reload of [kiosk] list follows a stick's rules for lists.
 */
#include "check.h"
#include "entrada/drop.h"
#include "entrada/key.h"
#include "entrada/roster.h"

#include <dirent.h>
#include <sys/stat.h>

/* The lists of st, one "name file active cancelled" line each, in text. */
static bool handle_list(void *ctx, const struct store_list_info *l)
{
    char line[160];
    snprintf(line, sizeof line, "%s %s %lld %lld\n", l->name, l->file, (long long)l->active,
             (long long)l->cancelled);
    strncat(ctx, line, 1023 - strlen(ctx));
    return true;
}

static void lists_of(struct store *st, char out[1024])
{
    char *why = NULL;
    out[0] = '\0';
    CHECK(store_each_list(st, handle_list, out, &why));
    free(why);
}

/* A list of n people with codes R-01..: as organisers' tools write one. */
static void write_list(const char *dir, const char *name, const char *prefix, int n)
{
    char text[4096] = "Code,Name,Email\n";
    for (int i = 1; i <= n; i++) {
        char row[128];
        snprintf(row, sizeof row, "%s-%02d,Person %s %d,p%d@%s.example\n", prefix, i, prefix, i, i,
                 prefix);
        strcat(text, row);
    }
    free(check_write(dir, name, text, 0));
}

static bool empty_dir(const char *path)
{
    DIR *d = opendir(path);
    int entries = 0;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        entries += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return d && entries == 0;
}

/*
 * Reload: the file a list came from is that list (invitados.csv was
 * imported as main), a folder is every list in it, and a file that would
 * cancel most of its list is refused, leaving it as it was.
 */
static void test_reload(const char *dir)
{
    char lists[512], path[600], work[600], got[1024], *why = NULL;
    snprintf(lists, sizeof lists, "%s/lists", dir);
    snprintf(work, sizeof work, "%s/from-stick", dir);
    CHECK(mkdir(lists, 0755) == 0);
    write_list(lists, "invitados.csv", "I", 12);
    snprintf(path, sizeof path, "%s/reload.db", dir);
    struct store *st = store_open(path, &why);
    struct config *cfg = config_create();
    snprintf(path, sizeof path, "%s/invitados.csv", lists);
    struct roster_options ro = roster_options_from(cfg);
    struct roster *r = roster_load(path, &ro, &why); /* entrada import invitados.csv */
    struct roster_summary sum;
    CHECK(st && r && roster_merge(st, r, NULL, NULL, &sum, &why) && sum.added == 12);
    roster_free(r);

    struct drop_options opt = { .cfg = cfg, .kiosk_id = "door-1", .work_dir = work };
    struct drop_report rep;
    CHECK(drop_reload(st, path, &opt, &rep) && rep.imported && rep.import.unchanged == 12);
    drop_report_clear(&rep);
    lists_of(st, got);
    CHECK_STR(got, "main invitados.csv 12 0\n");

    /* The folder: the B2B list beside it comes in as b2b; main stays. */
    write_list(lists, "b2b.csv", "B", 3);
    CHECK(drop_reload(st, lists, &opt, &rep) && rep.imported && rep.lists == 2);
    CHECK(rep.import.added == 3 && rep.import.unchanged == 12 && rep.import.cancelled == 0);
    drop_report_clear(&rep);
    lists_of(st, got);
    CHECK_STR(got, "main invitados.csv 12 0\nb2b b2b.csv 3 0\n");

    /* One row left in main's file: most of the list would go, so none does. */
    write_list(lists, "invitados.csv", "I", 1);
    CHECK(!drop_reload(st, path, &opt, &rep) && !rep.imported && rep.refused);
    CHECK(rep.problems && strstr(rep.problems, "would cancel 11 of the 12 attendees on list "
                                               "\"main\""));
    drop_report_clear(&rep);
    lists_of(st, got);
    CHECK_STR(got, "main invitados.csv 12 0\nb2b b2b.csv 3 0\n");
    CHECK(empty_dir(work)); /* the copies, with every column, are gone */

    /* A folder without lists is said so. */
    snprintf(path, sizeof path, "%s/empty", dir);
    CHECK(mkdir(path, 0755) == 0);
    CHECK(!drop_reload(st, path, &opt, &rep) && rep.problems &&
          strstr(rep.problems, "no .csv file in it"));
    drop_report_clear(&rep);
    free(why);
    config_destroy(cfg);
    store_close(st);
}

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
    test_reload(dir);
    check_rmtree(dir);
    return check_done("test_drop");
}
