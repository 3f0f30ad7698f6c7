/*
 * The settings table: a name and a value per row, for what a store keeps
 * about itself (see store_setting in store.h).
 */
#include "entrada/xmalloc.h"
#include "store-private.h"

#include <stdlib.h>

/* The value of name on c: as store_setting. */
static int read_setting(struct store *st, struct store_conn *c, const char *name, char **value,
                        char **why)
{
    sqlite3_stmt *q =
        store_prepare(st, c, "SELECT value FROM settings WHERE name = ?1", "read a setting", why);
    if (q == NULL)
        return -1;
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    int found = -1, rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *value = xstrdup(store_column_text(q, 0));
        found = 1;
    } else if (rc == SQLITE_DONE) {
        found = 0;
    } else {
        store_fail(st, c, why, "read a setting");
    }
    sqlite3_finalize(q);
    return found;
}

int store_setting(struct store *st, const char *name, char **value, char **why)
{
    *value = NULL;
    struct store_use u;
    if (!store_enter(st, false, &u, why))
        return -1;
    int found = read_setting(st, u.c, name, value, why);
    store_leave(st, &u);
    return found;
}

int store_setting_once(struct store *st, const char *name, const char *value, char **had,
                       char **why)
{
    *had = NULL;
    struct store_use u;
    if (!store_enter(st, true, &u, why))
        return -1;
    int rc = -1;
    sqlite3_stmt *q = store_prepare(st, u.c,
                                    "INSERT INTO settings (name, value) VALUES (?1, ?2) "
                                    "ON CONFLICT (name) DO NOTHING",
                                    "write a setting", why);
    if (q == NULL)
        goto out;
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
    int step = sqlite3_step(q);
    sqlite3_finalize(q);
    if (step != SQLITE_DONE) {
        store_fail(st, u.c, why, "write a setting");
        goto out;
    }
    if (sqlite3_changes(u.c->db) == 1) {
        rc = 1;
        goto out;
    }
    /* Another value was there first (perhaps from another process): say which. */
    rc = read_setting(st, u.c, name, had, why) == 1 ? 0 : -1;
    if (rc < 0 && *why == NULL)
        *why = xasprintf("%s: setting %s vanished while being written", st->path, name);
out:
    store_leave(st, &u);
    return rc;
}
