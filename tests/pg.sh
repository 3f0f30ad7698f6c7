# A private PostgreSQL server for tests and benchmarks, sourced after
# lib.sh: pg_start makes a cluster in a directory of its own under /tmp (a
# Unix socket path must be short) and starts it on a socket there, as the
# postgres user when run as root (the server refuses root); pg_stop and
# pg_restart; psql_q runs SQL on the database event. The directory goes at
# exit with the scratch directory. pg_skip_unless_available exits 77 when
# the server's programs are not installed.
pgbin=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
pgdir=""

pg_skip_unless_available() {
    if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ] || [ ! -x "$pgbin/pg_ctl" ]; then
        echo "skipped: no PostgreSQL server programs (Debian package postgresql)"
        exit 77
    fi
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        echo "skipped: running as root and there is no postgres user to run the server"
        exit 77
    fi
}

as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# pg_start [SETTINGS...]: settings given to the server as -c NAME=VALUE.
pg_start() {
    pgdir=$(mktemp -d /tmp/entrada-pg.XXXXXX)
    chmod 700 "$pgdir"
    [ "$(id -u)" != 0 ] || chown postgres "$pgdir"
    as_pg "$pgbin/initdb" -D "$pgdir/data" -A trust -U entrada --no-sync >"$pgdir/initdb.log" 2>&1 ||
        { cat "$pgdir/initdb.log"; return 1; }
    pg_opts="-k $pgdir -c listen_addresses=''"
    for s in "$@"; do pg_opts="$pg_opts -c $s"; done
    pg_restart_only
    as_pg "$pgbin/createdb" -h "$pgdir" -U entrada event
    # The tests' clients run as root: the socket's directory must let them in.
    chmod 711 "$pgdir"
}

pg_restart_only() {
    as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -o "$pg_opts" -w start >/dev/null
}

pg_stop() {
    as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m fast -w stop >/dev/null
}

pg_cleanup() {
    if [ -n "$pgdir" ] && [ -d "$pgdir/data" ]; then
        as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    [ -z "$pgdir" ] || [ -n "${KEEP:-}" ] || rm -rf "$pgdir"
}

# psql_q SQL: one value per line, no headers.
psql_q() {
    "$pgbin/psql" -X -q -A -t -h "$pgdir" -U entrada -d event -c "$1"
}
