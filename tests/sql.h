/*
 * Raw SQL on a test's database file, through a connection of the test's
 * own: to look at what the store wrote, or to break it on purpose. The
 * program has no SQL outside the store; only tests reach past it.
 */
#ifndef ENTRADA_TEST_SQL_H
#define ENTRADA_TEST_SQL_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Run sql on the database at path; SQLite's result code. */
static inline int sql_exec(const char *path, const char *sql)
{
    sqlite3 *db;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    }
    sqlite3_close(db);
    return rc;
}

/* The first column of sql's first row as text (new string; "" for none, NULL on error). */
static inline char *sql_text(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *q = NULL;
    char *r = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
        int rc = sqlite3_step(q);
        const unsigned char *s = rc == SQLITE_ROW ? sqlite3_column_text(q, 0) : NULL;
        if (rc == SQLITE_ROW || rc == SQLITE_DONE)
            r = strdup(s ? (const char *)s : "");
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    return r;
}

/* The first column of sql's first row as a number; -1 on error or no row. */
static inline int64_t sql_int(const char *path, const char *sql)
{
    char *s = sql_text(path, sql);
    int64_t v = s && *s ? strtoll(s, NULL, 10) : -1;
    free(s);
    return v;
}

#endif
