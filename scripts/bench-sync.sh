#!/bin/bash
# Several kiosks on one PostgreSQL server, on this machine: a private server
# (tests/pg.sh, fsync on as a real one), K kiosk processes (bench_sync, the
# door's own code: checkin_code asking the server) with stores of N
# attendees made from one store image, each with its own identity.
#  1. online: every kiosk checks in C people of its own as fast as it can,
#     all at once: check-ins per second in total, verdict latency p50/p99
#     (local commit and the server's answer together);
#  2. a partition: the server stopped for P seconds while every kiosk checks
#     in O people, paced across the partition, decided offline; then the
#     server back, and the time until every kiosk holds every event;
#  3. live updates: 200 check-ins at kiosk 1, one at a time, each timed
#     until kiosk 2 (LISTEN/NOTIFY, then an exchange) holds it.
# Prints a Markdown table for README.
# Usage: bench-sync.sh [--kiosks K] [--attendees N] [--online C] [--offline O] [--partition P]
set -eu
. "$(dirname "$0")/setup.sh"
install_packages $BUILD_PACKAGES postgresql
build build

kiosks=10 attendees=100000 online=1000 offline=1000 partition=60
while [ $# -gt 0 ]; do
    case $1 in
    --kiosks) kiosks=$2 ;;
    --attendees) attendees=$2 ;;
    --online) online=$2 ;;
    --offline) offline=$2 ;;
    --partition) partition=$2 ;;
    *) echo "usage: bench-sync.sh [--kiosks K] [--attendees N] [--online C] [--offline O] [--partition P]" >&2; exit 64 ;;
    esac
    shift 2
done
[ $((kiosks * (online + offline) + 200)) -le "$attendees" ] || { echo "bench-sync.sh: not enough attendees" >&2; exit 64; }

tmp=$(mktemp -d)
failures=0
. "$ENTRADA_ROOT/tests/pg.sh"
pg_skip_unless_available
trap 'pg_cleanup; rm -rf "$tmp"' EXIT
pg_start
entrada="$ENTRADA_ROOT/build/entrada"
bench="$ENTRADA_ROOT/build/bench_sync"

awk -v n="$attendees" -f "$ENTRADA_ROOT/bench/attendees.awk" >"$tmp/list.csv"
tail -n +2 "$tmp/list.csv" | cut -d, -f1 >"$tmp/codes"
conf() {
    printf '[entrada]\ndb = %s\n[import]\nmax_mb = 200\n[sync]\nserver = host=%s user=entrada dbname=event\n' \
        "$tmp/$1/event.db" "$pgdir" >"$tmp/$1.ini"
}
mkdir -p "$tmp/image"
conf image
"$entrada" --config "$tmp/image.ini" server init >/dev/null
"$entrada" --config "$tmp/image.ini" import "$tmp/list.csv" >/dev/null
for i in $(seq 1 "$kiosks"); do
    mkdir -p "$tmp/k$i"
    cp "$tmp/image/event.db" "$tmp/k$i/event.db" # one image: each copy makes its own identity
    conf "k$i"
done

# 1. Online, all kiosks at once.
start=$(date +%s%N)
for i in $(seq 1 "$kiosks"); do
    "$bench" checkin "$tmp/k$i.ini" "$tmp/codes" $(((i - 1) * online)) "$online" 0 "$tmp/lat.online" \
        >"$tmp/k$i.online" &
done
wait
end=$(date +%s%N)
online_s=$(echo "scale=2; ($end - $start) / 1000000000" | bc)
total_online=$((kiosks * online))
rate=$(echo "$total_online / $online_s" | bc)
pct() { sort -n "$1" | awk -v p="$2" '{ v[NR] = $1 } END { i = int(p * (NR - 1) + 0.5) + 1; printf "%.1f", v[i] / 1000 }'; }
p50=$(pct "$tmp/lat.online" 0.5)
p99=$(pct "$tmp/lat.online" 0.99)
off_online=$(cat "$tmp"/k*.online | awk '{ s += $6 } END { print s }')
on_server=$(psql_q "SELECT COUNT(*) FROM entrada_events")

# 2. The partition: the server away while the kiosks go on.
pg_stop
pace=$((partition * 1000 / offline))
base=$((kiosks * online))
for i in $(seq 1 "$kiosks"); do
    "$bench" checkin "$tmp/k$i.ini" "$tmp/codes" $((base + (i - 1) * offline)) "$offline" "$pace" \
        "$tmp/lat.offline" >"$tmp/k$i.offline" &
done
wait
off_decided=$(cat "$tmp"/k*.offline | awk '{ s += $6 } END { print s }')
pg_restart_only
back=$(date +%s%N)
total=$((kiosks * (online + offline)))
for i in $(seq 1 "$kiosks"); do
    "$bench" converge "$tmp/k$i.ini" "$total" >"$tmp/k$i.converge" &
done
wait
converged=$(date +%s%N)
converge_s=$(echo "scale=3; ($converged - $back) / 1000000000" | bc | xargs printf '%.1f')
slowest=$(cat "$tmp"/k*.converge | sort -n | tail -n 1)
final=$(psql_q "SELECT COUNT(*) FROM entrada_events")
distinct=$(psql_q "SELECT COUNT(*) FROM (SELECT DISTINCT kiosk, seq FROM entrada_events) e")
for i in $(seq 1 "$kiosks"); do
    n=$(sqlite3 "$tmp/k$i/event.db" "SELECT COUNT(*) FROM checkins")
    [ "$n" = "$total" ] || { echo "bench-sync.sh: kiosk $i holds $n events, not $total" >&2; failures=1; }
done
[ "$final" = "$total" ] && [ "$distinct" = "$total" ] ||
    { echo "bench-sync.sh: the server holds $final events ($distinct distinct), not $total" >&2; failures=1; }

# 3. Live updates, with the doors quiet: kiosk 1 checks in one person at a time while
# kiosk 2 waits for the server's notice and syncs, as its thread does.
live=200
"$bench" live "$tmp/k1.ini" "$tmp/k2.ini" "$tmp/codes" "$total" "$live" "$tmp/lat.live" >"$tmp/live.out"
live_p50=$(pct "$tmp/lat.live" 0.5)
live_p99=$(pct "$tmp/lat.live" 0.99)
live_offline=$(awk '{ print $8 }' "$tmp/live.out")

echo "| measure ($kiosks kiosk processes, $attendees attendees, one local PostgreSQL $(psql_q 'SHOW server_version' | cut -d' ' -f1)) | result |"
echo "| --- | --- |"
echo "| online check-ins, all kiosks at once ($total_online) | $rate per second in total ($online_s s), $off_online decided offline |"
echo "| verdict latency online (local commit + the server's answer) | p50 $p50 ms, p99 $p99 ms |"
echo "| events on the server after the online run | $on_server |"
echo "| partition: server stopped $partition s, $offline check-ins per kiosk | $off_decided decided offline |"
echo "| convergence after the server is back (every kiosk holds all $total events) | $converge_s s (slowest kiosk's own sync: $slowest ms) |"
echo "| events on the server at the end, each exactly once | $final of $total |"
echo "| live update: a check-in at one kiosk until another's store holds it ($live, one at a time, $live_offline decided offline) | p50 $live_p50 ms, p99 $live_p99 ms |"
exit "$failures"
