/*
 * libpq, loaded the first time a program talks to the event's server
 * rather than when it starts: libpq brings Kerberos, LDAP and GnuTLS with
 * it, and their start-up was paid by every run of every command (4 ms a
 * run on a 2-core x86 machine, more on a Pi), though most never sync. The functions below
 * are the libpq functions sync.c calls, each passing on to libpq's own;
 * the program links no libpq, only its header.
 */
#include "sync-private.h"

#include <dlfcn.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>

#define LIBPQ "libpq.so.5"

/* X(return type, name, parameters, arguments) for those returning a value, V(...) for void. */
#define LIBPQ_FUNCTIONS(X, V)                                                                      \
    X(PGconn *, PQconnectStartParams, (const char *const *k, const char *const *v, int e),         \
      (k, v, e))                                                                                   \
    X(PostgresPollingStatusType, PQconnectPoll, (PGconn * c), (c))                                 \
    X(ConnStatusType, PQstatus, (const PGconn *c), (c))                                            \
    X(char *, PQerrorMessage, (const PGconn *c), (c))                                              \
    X(int, PQsocket, (const PGconn *c), (c))                                                       \
    X(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn * c, PQnoticeProcessor p, void *a),         \
      (c, p, a))                                                                                   \
    X(int, PQsetnonblocking, (PGconn * c, int a), (c, a))                                          \
    X(int, PQflush, (PGconn * c), (c))                                                             \
    X(PGresult *, PQexec, (PGconn * c, const char *q), (c, q))                                     \
    X(int, PQsendQuery, (PGconn * c, const char *q), (c, q))                                       \
    X(int, PQsendQueryParams,                                                                      \
      (PGconn * c, const char *q, int n, const Oid *t, const char *const *v, const int *l,         \
       const int *f, int r),                                                                       \
      (c, q, n, t, v, l, f, r))                                                                    \
    X(PGresult *, PQgetResult, (PGconn * c), (c))                                                  \
    X(int, PQisBusy, (PGconn * c), (c))                                                            \
    X(int, PQconsumeInput, (PGconn * c), (c))                                                      \
    X(PGnotify *, PQnotifies, (PGconn * c), (c))                                                   \
    X(ExecStatusType, PQresultStatus, (const PGresult *r), (r))                                    \
    X(char *, PQresultErrorMessage, (const PGresult *r), (r))                                      \
    X(char *, PQresultErrorField, (const PGresult *r, int f), (r, f))                              \
    X(int, PQntuples, (const PGresult *r), (r))                                                    \
    X(char *, PQcmdTuples, (PGresult * r), (r))                                                    \
    X(char *, PQgetvalue, (const PGresult *r, int t, int f), (r, t, f))                            \
    X(int, PQgetlength, (const PGresult *r, int t, int f), (r, t, f))                              \
    X(int, PQgetisnull, (const PGresult *r, int t, int f), (r, t, f))                              \
    X(char *, PQescapeLiteral, (PGconn * c, const char *s, size_t n), (c, s, n))                   \
    X(unsigned char *, PQunescapeBytea, (const unsigned char *s, size_t *n), (s, n))               \
    V(PQfinish, (PGconn * c), (c))                                                                 \
    V(PQclear, (PGresult * r), (r))                                                                \
    V(PQfreemem, (void *p), (p))

#define POINTER(type, name, params, args) type(*name) params;
#define VOID_POINTER(name, params, args)  void(*name) params;
static struct {
    LIBPQ_FUNCTIONS(POINTER, VOID_POINTER)
} pq;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char error[512]; /* why libpq could not be loaded; "" if it was */

#define LOOK_UP(type, name, params, args) *(void **)&pq.name = dlsym(lib, #name);
#define VOID_LOOK_UP(name, params, args)  LOOK_UP(void, name, params, args)

static void load(void)
{
    void *lib = dlopen(LIBPQ, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        snprintf(error, sizeof error, "cannot load %s (Debian package libpq5): %s", LIBPQ,
                 dlerror());
        return;
    }
    LIBPQ_FUNCTIONS(LOOK_UP, VOID_LOOK_UP)
#define MISSING(type, name, params, args) || pq.name == NULL
#define VOID_MISSING(name, params, args)  || pq.name == NULL
    if (0 LIBPQ_FUNCTIONS(MISSING, VOID_MISSING)) {
        snprintf(error, sizeof error, "%s lacks a function entrada calls: too old a libpq", LIBPQ);
        pq.PQconnectStartParams = NULL; /* so nothing starts */
    }
}

const char *sync_libpq_error(void)
{
    pthread_once(&once, load);
    return error[0] ? error : NULL;
}

/*
 * Until libpq is loaded, no connection or result exists to pass to the
 * others: PQconnectStartParams gives none (NULL) if it cannot be loaded,
 * and the rest see only what it gave.
 */
#define FORWARD(type, name, params, args)                                                          \
    type name params                                                                               \
    {                                                                                              \
        pthread_once(&once, load);                                                                 \
        return pq.name ? pq.name args : (type)0;                                                   \
    }
#define VOID_FORWARD(name, params, args)                                                           \
    void name params                                                                               \
    {                                                                                              \
        pthread_once(&once, load);                                                                 \
        if (pq.name)                                                                               \
            pq.name args;                                                                          \
    }
LIBPQ_FUNCTIONS(FORWARD, VOID_FORWARD)
