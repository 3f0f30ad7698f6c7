#!/bin/sh
# USB stick benchmark: sync a stick carrying a 100,000-attendee list (import,
# then exports), write every export (CSV files, workbook, chart, journal)
# for 100,000 check-ins, and watch the kiosk keep drawing while it imports
# the same stick. Baselines in the same run: copying the list, sqlite3's
# .import of it, and sqlite3 dumping the rows of the exports (every check-in,
# every attendee with their first check-in) as CSV. Prints a Markdown table
# for README.
set -eu
. "$(dirname "$0")/setup.sh"
install_packages $BUILD_PACKAGES sqlite3 time
build build

n=${1:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
entrada="$ENTRADA_ROOT/build/entrada"
mkdir -p "$work/stick/entrada"
list="$work/stick/entrada/attendees.csv"
awk -v n="$n" -f "$ENTRADA_ROOT/bench/attendees.awk" >"$list"
size=$(du -m "$list" | cut -f1)

# best DB CMD...: "seconds peakKB" of the fastest of three runs, each on a new
# DB and with the stick's exports removed.
best() {
    db=$1
    shift
    for i in 1 2 3; do
        rm -rf "$db" "$db-wal" "$db-shm" "$work/stick/entrada-export" "$work/copy.csv"
        sync
        /usr/bin/time -f "%e %M" -a -o "$work/time.$$" "$@" >/dev/null 2>&1 || true
    done
    sort -n "$work/time.$$" | head -n 1
    rm -f "$work/time.$$"
}

set -- $(best "$work/none.db" cp "$list" "$work/copy.csv")
cp_s=$1
set -- $(best "$work/base.db" sqlite3 "$work/base.db" \
    "CREATE TABLE attendees (code TEXT UNIQUE, name TEXT, company TEXT, email TEXT, type TEXT);" \
    ".import --csv --skip 1 $list attendees")
base_s=$1
set -- $(best "$work/event.db" "$entrada" --db "$work/event.db" drop "$work/stick")
drop_s=$1 drop_kb=$2
"$entrada" --db "$work/event.db" drop "$work/stick" >/dev/null

# One check-in per attendee, spread over a morning, as a busy door records them.
sqlite3 "$work/event.db" "INSERT INTO checkins (kiosk, seq, attendee_id, session_id, direction,
    at_ms, method) SELECT 'door-1', id, id, 1, 'in', 1773302400000 + id * 97, 'camera'
    FROM attendees"
# The event's key, so that the second kiosk below merges this one's journal.
"$entrada" key new "$work/event.key" >/dev/null
"$entrada" --db "$work/event.db" key enrol "$work/event.key" >/dev/null
# The exports, best of three, against sqlite3 dumping the same rows: the
# check-ins with their attendees, and the attendees with their first check-in.
set -- $(best "$work/none.db" "$entrada" --db "$work/event.db" export "$work/out")
export_s=$1 export_kb=$2
rm -rf "$work/out"
"$entrada" --db "$work/event.db" export "$work/out" >/dev/null
out_mb=$(du -sm "$work/out" | cut -f1)
xlsx_mb=$(du -m "$work/out/attendance.xlsx" | cut -f1)
set -- $(best "$work/none.db" sh -c 'sqlite3 -csv -header "$1" "$2" "$3" >"$4"' sh "$work/event.db" \
    "SELECT c.kiosk || '-' || c.seq, c.at_ms, c.kiosk, s.name, c.direction, c.method, a.code,
     a.name, a.organisation, a.category FROM checkins c JOIN attendees a ON a.id = c.attendee_id
     JOIN sessions s ON s.id = c.session_id" \
    "SELECT a.code, a.name, a.first_name, a.last_name, a.organisation, a.category, a.status,
     a.lists, MIN(c.at_ms), MAX(c.at_ms) FROM attendees a LEFT JOIN checkins c
     ON c.attendee_id = a.id GROUP BY a.id ORDER BY a.name, a.code" "$work/dump.csv")
dump_s=$1
rm -rf "$work/stick/entrada-export"
/usr/bin/time -f "%e %M" -o "$work/time" "$entrada" --db "$work/event.db" drop "$work/stick" \
    >/dev/null
set -- $(cat "$work/time")
again_s=$1 again_kb=$2

# A second kiosk with the same list syncs the stick: it merges the first
# kiosk's journal of all those check-ins, then writes its own exports. It is
# named apart: on one machine both would take the host's name, and a kiosk
# skips its own folders.
printf '[entrada]\nkiosk_id = door-2\n' >"$work/two.ini"
"$entrada" --config "$work/two.ini" --db "$work/two.db" import "$list" >/dev/null
"$entrada" --config "$work/two.ini" --db "$work/two.db" key enrol "$work/event.key" >/dev/null
/usr/bin/time -f "%e %M" -o "$work/time" "$entrada" --config "$work/two.ini" --db "$work/two.db" \
    drop "$work/stick" >"$work/two.out"
set -- $(cat "$work/time")
merge_s=$1 merge_kb=$2
grep -q "journals: 1 merged, $n new check-ins" "$work/two.out" ||
    { echo "the second kiosk did not merge: $(cat "$work/two.out")" >&2; exit 1; }

# The kiosk, idle on the demo list, while the stick is moved into its drop
# directory: someone types on the search screen all the while.
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software \
    SDL_VIDEO_EGL_DRIVER=none
rm -rf "$work/stick/entrada-export"
mkdir -p "$work/drop"
printf '[usb]\nroots =\ndrop_dir = %s\nsync = auto\n' "$work/drop" >"$work/kiosk.ini"
"$entrada" --db "$work/kiosk.db" import "$ENTRADA_ROOT/assets/demo/attendees.csv" >/dev/null
{
    echo "wait 200"
    for i in $(seq 1 12); do
        printf 'tap 50%% 85%%\ntype garcia lopez\nkey Escape\n'
    done
    echo "quit"
} >"$work/typing.txt"
# Baseline: the same typing, no stick.
"$entrada" --config "$work/kiosk.ini" --db "$work/kiosk.db" kiosk --windowed --size 1280x800 \
    --script "$work/typing.txt" --latency >"$work/kiosk-alone" 2>/dev/null
"$entrada" --config "$work/kiosk.ini" --db "$work/kiosk.db" kiosk --windowed --size 1280x800 \
    --script "$work/typing.txt" --latency >"$work/kiosk" 2>"$work/kiosk.log" &
kiosk=$!
sleep 0.5
mv "$work/stick" "$work/drop/stick"
wait "$kiosk"
v() { awk -v k="$1" '$1 == k { print $2 }' "$work/kiosk"; }
alone_gap=$(awk '$1 == "frame_gap_max_ms" { print $2 }' "$work/kiosk-alone")
[ -n "$(v sync_ms)" ] || { echo "the kiosk did not finish the sync:" >&2; tail "$work/kiosk.log" >&2; exit 1; }
r() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }'; }

cat <<TABLE
USB stick benchmark: $n attendees ($size MB CSV), $(nproc) cores, $(date +%Y-%m-%d); import times are the best of three

| measure | entrada | baseline | target |
|---|---|---|---|
| sync a stick with a new list: copy, check, import, exports | ${drop_s} s | sqlite3 .import ${base_s} s ($(r "$drop_s" "$base_s")x); cp ${cp_s} s | |
| peak memory (RSS) of that sync | $((drop_kb / 1024)) MB | | |
| all exports for $n attendees and check-ins: CSV, xlsx ($xlsx_mb MB), chart, journal ($out_mb MB) | ${export_s} s, $((export_kb / 1024)) MB RSS | sqlite3 -csv dump of the same rows ${dump_s} s ($(r "$export_s" "$dump_s")x) | under 3 s and under 4x |
| sync again, list unchanged, $n check-ins to export | ${again_s} s, $((again_kb / 1024)) MB RSS | | |
| a second kiosk syncs: merges those $n check-ins, then exports | ${merge_s} s, $((merge_kb / 1024)) MB RSS | the sync above, without the merge: ${again_s} s | |
| kiosk: the same sync while someone types | $(v sync_ms) ms | | UI keeps drawing |
| kiosk: frames drawn during it; longest gap between frames | $(v sync_frames); $(v sync_gap_max_ms) ms | the same typing without a stick: ${alone_gap} ms | no longer than the baseline |
| kiosk: frame time during it, p99 / worst | $(v sync_frame_p99_ms) / $(v sync_frame_max_ms) ms | | under 50 ms |
TABLE
