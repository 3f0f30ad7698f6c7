#!/bin/sh
# A soak: SCANS scans through the kiosk by script, over a list of PEOPLE
# attendees (each person's first scan a welcome and a badge printed, the
# rest "already"), with the camera thread decoding frames of sensor noise
# at 30 a second and the printer thread sending badges to a private cupsd.
# The kiosk's resident memory and open files are sampled every second;
# those at the end must be those at a fifth of the run (flat), and its
# verdicts as fast in the last tenth as in the first (no drift).
# Usage: soak.sh ENTRADA [SCANS [PEOPLE]]; scripts/soak.sh runs 100,000.
set -eu
entrada=$1
scans=${2:-3000}
people=${3:-100}
if ! command -v cupsd >/dev/null || ! command -v lpadmin >/dev/null; then
    echo "skipped: no cupsd or lpadmin (Debian packages cups-daemon, cups-client)"
    exit 77
fi
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cups.sh"
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software \
    SDL_VIDEO_EGL_DRIVER=none

CUPS_KEEP_JOBS=No start_cupsd
lpadmin -h "$server" -p badges -E -v "file:///dev/null" ||
    { echo "FAIL: lpadmin: $(tail -5 "$tmp/cups/log/error_log")"; exit 1; }
cat >"$tmp/entrada.ini" <<CONF
[entrada]
kiosk_id = soak
[checkin]
repeat_window_ms = 0
[kiosk]
verdict_ms = 1500
[printer]
server = $server
queue = badges
when = first
timeout_s = 10
CONF
awk -v n="$people" 'BEGIN {
    print "Code,First name,Last name,Organisation"
    for (i = 1; i <= n; i++) printf "SOAK-%06d,Persona%d,Apellido%d,Entidad %d\n", i, i, i, i % 97
}' >"$tmp/list.csv"
"$entrada" --config "$tmp/entrada.ini" --db "$tmp/event.db" import "$tmp/list.csv" >/dev/null
# Eight frames of sensor noise, over and over: every frame differs, none holds a code.
head -c $((640 * 480 * 8)) /dev/urandom >"$tmp/noise.y800"
# Newcomers spread over the run, everyone else scanning again in between;
# at the end, time for the last badges to print.
awk -v n="$scans" -v p="$people" 'BEGIN {
    srand(1)
    print "wait 500"
    every = int(n / p); seen = 0
    for (i = 0; i < n; i++) {
        who = (i % every == 0 && seen < p) ? ++seen : int(rand() * (seen ? seen : 1)) + 1
        printf "scan SOAK-%06d\nwait 6\n", who
    }
    print "wait 4000"
}' >"$tmp/soak.txt"

start=$(date +%s)
"$entrada" --config "$tmp/entrada.ini" --db "$tmp/event.db" kiosk --windowed --size 800x480 \
    --camera "file:$tmp/noise.y800@640x480@30" --script "$tmp/soak.txt" --latency \
    >"$tmp/latency" 2>"$tmp/err" &
pid=$!
: >"$tmp/samples"
while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
    fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
    [ -n "$rss" ] && echo "$rss $fds" >>"$tmp/samples"
    sleep 1
done
status=0
wait "$pid" || status=$?
seconds=$(($(date +%s) - start))
[ "$status" = 0 ] || fail "kiosk exit $status: $(tail -5 "$tmp/err")"

n=$(wc -l <"$tmp/samples")
[ "$n" -ge 10 ] || fail "only $n samples: the run was too short to judge"
sample() { sed -n "$1p" "$tmp/samples"; } # RSS_KB FDS at sample $1
early=$(sample $((n / 5 + 1))) middle=$(sample $((n / 2))) late=$(sample $((n - 1)))
figure() { awk -v k="$1" '$1 == k { print $2 }' "$tmp/latency"; }
admitted=$(sqlite3 "$tmp/event.db" "SELECT count(*) FROM admissions")
printed=$(sqlite3 "$tmp/event.db" "SELECT count(*) FROM prints")
echo "soak: $scans scans over $people people in $seconds s; $admitted admitted, $printed badges printed"
echo "soak: RSS KB and open files at a fifth, the middle, the end: $early | $middle | $late"
echo "soak: verdicts $(figure latency_n); p50 first tenth $(figure latency_first_tenth_p50_ms) ms," \
    "last tenth $(figure latency_last_tenth_p50_ms) ms; p99 first $(figure latency_first_tenth_p99_ms)," \
    "last $(figure latency_last_tenth_p99_ms) ms"

[ "$(figure latency_n)" = "$scans" ] || fail "$(figure latency_n) verdicts shown for $scans scans"
[ "$admitted" = "$people" ] || fail "$admitted admitted of $people"
[ "$printed" -ge "$people" ] || fail "$printed badges printed for $people people"
grep -q "camera live" "$tmp/err" || fail "the camera never went live"
set -- $early
rss0=$1 fds0=$2
set -- $late
# Flat: a few MB for caches that settle (fonts, SQLite's page cache), no growth with the scans.
[ "$1" -le $((rss0 + 8192)) ] || fail "resident memory grew from $rss0 KB to $1 KB"
[ "$2" -le $((fds0 + 2)) ] || fail "open files grew from $fds0 to $2"
awk -v a="$(figure latency_first_tenth_p50_ms)" -v b="$(figure latency_last_tenth_p50_ms)" \
    'BEGIN { exit !(b <= 2 * a + 2) }' || fail "the verdicts slowed down over the run"
finish soak
