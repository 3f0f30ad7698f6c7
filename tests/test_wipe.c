/* Deleting the event's data: the database files and the lists from sticks. */
#include "check.h"
#include "entrada/wipe.h"
#include "entrada/xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

static void write_file(const char *path, size_t size)
{
    FILE *f = fopen(path, "w");
    for (size_t i = 0; i < size; i++)
        fputc('x', f);
    fclose(f);
}

/* A file that looks like an entrada store: SQLite's header with entrada's application id. */
static void write_store(const char *path, size_t size)
{
    unsigned char page[4096] = "SQLite format 3";
    page[68] = 'e', page[69] = 'n', page[70] = 't', page[71] = 'r';
    FILE *f = fopen(path, "w");
    fwrite(page, 1, size < sizeof page ? size : sizeof page, f);
    fclose(f);
}

struct seen {
    int deleted, failed;
    char last[512];
};

static void handle_report(void *ctx, const char *path, int err)
{
    struct seen *s = ctx;
    if (err)
        s->failed++;
    else
        s->deleted++;
    snprintf(s->last, sizeof s->last, "%s", path);
}

int main(void)
{
    const char *dir = check_tmpdir();
    char *db = xasprintf("%s/event.db", dir);

    char *work = wipe_work_dir(db);
    char *want = xasprintf("%s/from-stick", dir);
    CHECK_STR(work, want);
    free(want);
    char *bare = wipe_work_dir("event.db");
    CHECK_STR(bare, "from-stick");
    free(bare);

    /* One file: gone, overwritten first (a hard link still sees the zeros). */
    char *one = xasprintf("%s/one", dir), *hard = xasprintf("%s/one-link", dir);
    write_file(one, 70000);
    CHECK(link(one, hard) == 0);
    CHECK(wipe_file(one) == 1);
    CHECK(access(one, F_OK) != 0);
    FILE *f = fopen(hard, "r");
    size_t size = 0, nonzero = 0;
    for (int c; f && (c = fgetc(f)) != EOF; size++)
        nonzero += c != 0;
    if (f)
        fclose(f);
    CHECK(size == 70000 && nonzero == 0);
    CHECK(wipe_file(one) == 0); /* absent */

    /* A symbolic link is neither followed nor deleted; a directory is refused. */
    char *sym = xasprintf("%s/sym", dir);
    CHECK(symlink(hard, sym) == 0);
    CHECK(wipe_file(sym) == -1);
    CHECK(access(hard, F_OK) == 0);
    CHECK(wipe_file(dir) == -1);

    /* The event: database files, the lists from sticks and their directory. */
    struct seen seen = { 0 };
    char *why = NULL;
    CHECK(wipe_event(db, handle_report, &seen, &why)); /* nothing there yet */
    CHECK(seen.deleted == 0 && seen.failed == 0);
    write_store(db, 4096);
    char *wal = xasprintf("%s-wal", db);
    write_file(wal, 100);
    CHECK(mkdir(work, 0755) == 0);
    char *list = xasprintf("%s/attendees.csv", work);
    write_file(list, 1000);
    CHECK(wipe_event(db, handle_report, &seen, &why));
    CHECK(seen.deleted == 4 && seen.failed == 0); /* db, wal, the list, the directory */
    CHECK_STR(seen.last, work);
    CHECK(access(db, F_OK) != 0 && access(wal, F_OK) != 0 && access(work, F_OK) != 0);
    CHECK(access(hard, F_OK) == 0); /* nothing else touched */

    /* A failure is told and the rest still goes. */
    write_store(db, 100);
    CHECK(mkdir(work, 0755) == 0);
    char *sub = xasprintf("%s/sub", work);
    CHECK(mkdir(sub, 0755) == 0);
    memset(&seen, 0, sizeof seen);
    CHECK(!wipe_event(db, handle_report, &seen, &why));
    CHECK_WHY(why, "some files could not be deleted");
    CHECK(seen.failed == 1 && seen.deleted == 1);
    CHECK(access(db, F_OK) != 0);
    CHECK(wipe_event(db, NULL, NULL, &why) == false); /* no report needed */
    CHECK_WHY(why, "could not be deleted");
    CHECK(rmdir(sub) == 0 && rmdir(work) == 0);

    /* from-stick as a link to another folder: the folder is left alone. */
    char *victim = xasprintf("%s/victim", dir), *kept = xasprintf("%s/victim/a.txt", dir);
    CHECK(mkdir(victim, 0755) == 0);
    write_file(kept, 10);
    CHECK(symlink(victim, work) == 0);
    write_store(db, 4096);
    memset(&seen, 0, sizeof seen);
    CHECK(!wipe_event(db, handle_report, &seen, &why));
    free(why);
    why = NULL;
    CHECK(access(kept, F_OK) == 0 && access(db, F_OK) != 0);
    CHECK(seen.failed == 1);
    CHECK(unlink(work) == 0);
    /* A link inside from-stick: neither followed nor deleted. */
    CHECK(mkdir(work, 0700) == 0);
    char *inner = xasprintf("%s/attendees.csv", work);
    CHECK(symlink(kept, inner) == 0);
    CHECK(!wipe_event(db, handle_report, &seen, &why));
    free(why);
    why = NULL;
    CHECK(access(kept, F_OK) == 0);
    CHECK(unlink(inner) == 0 && rmdir(work) == 0);

    /* A file that is not an entrada store is refused whole: nothing deleted. */
    char *notes = xasprintf("%s/notes.txt", dir), *notes_wal = xasprintf("%s/notes.txt-wal", dir);
    write_file(notes, 100);
    write_file(notes_wal, 100);
    CHECK(!wipe_event(notes, handle_report, &seen, &why));
    CHECK_WHY(why, "notes.txt is not an entrada store; nothing deleted");
    CHECK(access(notes, F_OK) == 0 && access(notes_wal, F_OK) == 0);
    FILE *other = fopen(db, "w");
    fwrite("SQLite format 3\0", 1, 16, other);
    for (int i = 16; i < 4096; i++)
        fputc(0, other);
    fclose(other);
    CHECK(!wipe_event(db, handle_report, &seen, &why)); /* someone else's SQLite database */
    CHECK_WHY(why, "another program's SQLite database");
    CHECK(access(db, F_OK) == 0);
    free(inner);
    free(notes);
    free(notes_wal);
    free(victim);
    free(kept);

    free(sub);
    free(list);
    free(wal);
    free(sym);
    free(hard);
    free(one);
    free(work);
    free(db);
    check_rmtree(dir);
    return check_done("test_wipe");
}
