#!/bin/sh
# Core benchmark: import a generated 100,000-attendee list and time lookups,
# check-ins and searches, with sqlite3's own .import of the same file in the
# same run as the baseline. Prints one table (Markdown, for README).
set -eu
. "$(dirname "$0")/setup.sh"
install_packages $BUILD_PACKAGES sqlite3 time
build build

n=${1:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
list="$work/attendees.csv"

awk -v n="$n" -f "$ENTRADA_ROOT/bench/attendees.awk" >"$list"
mixed="$work/scripts.csv" # a fifth of the names in Greek or Cyrillic
awk -v n="$n" -v scripts=1 -f "$ENTRADA_ROOT/bench/attendees.awk" >"$mixed"
size=$(du -m "$list" | cut -f1)

# timed NAME CMD...: one run of CMD, its "seconds peakKB" added to $work/NAME. The
# time is read to the millisecond (time(1) rounds to 10 ms, a tenth of the baseline).
timed() {
    name=$1
    shift
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/kb" "$@" >/dev/null 2>"$work/err" || {
        cat "$work/err" >&2
        exit 1
    }
    end=$(date +%s%N)
    echo "$(((end - start) / 1000000)) $(cat "$work/kb")" |
        awk '{ printf "%.3f %s\n", $1 / 1000, $2 }' >>"$work/$name"
}
# run NAME DB CMD...: timed, on a new DB.
run() {
    name=$1 db=$2
    shift 2
    rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
    timed "$name" "$@"
}
# best NAME: "seconds peakKB" of NAME's fastest run.
best() { sort -n "$work/$1" | head -n 1; }
unique="CREATE TABLE attendees (code TEXT UNIQUE, name TEXT, company TEXT, email TEXT, type TEXT);"

# Nine rounds, each timing the three imports one after the other, so that
# a machine busy with other work weighs on each alike.
for i in 1 2 3 4 5 6 7 8 9; do
    run base "$work/baseline.db" sqlite3 "$work/baseline.db" ".import --csv $list attendees"
    run uniq "$work/unique.db" sqlite3 "$work/unique.db" "$unique" \
        ".import --csv --skip 1 $list attendees"
    run imp "$work/event.db" "$ENTRADA_ROOT/build/entrada" --db "$work/event.db" import "$list"
done
set -- $(best base)
base_s=$1 base_kb=$2
base_mb=$(du -m "$work/baseline.db" | cut -f1)
set -- $(best uniq)
uniq_s=$1
set -- $(best imp)
imp_s=$1 imp_kb=$2
for i in 1 2 3; do # the list again into the last store: nothing changes
    timed re "$ENTRADA_ROOT/build/entrada" --db "$work/event.db" import "$list"
done
set -- $(best re)
re_s=$1
db_mb=$(du -m "$work/event.db" | cut -f1)
"$ENTRADA_ROOT/build/bench_core" "$work/event.db" >"$work/core"
v() { awk -v k="$1" '$1 == k { print $2 }' "$work/${2:-core}"; }
run mix "$work/scripts.db" "$ENTRADA_ROOT/build/entrada" --db "$work/scripts.db" import "$mixed"
set -- $(best mix)
mix_s=$1
"$ENTRADA_ROOT/build/entrada" --db "$work/scripts.db" import "$mixed" >/dev/null
"$ENTRADA_ROOT/build/bench_core" "$work/scripts.db" >"$work/scripts"
ratio=$(awk -v a="$imp_s" -v b="$base_s" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
# Each round's own ratio, entrada over sqlite3 right before it; their median
# moves less with a busy machine than the ratio of two best times does.
round_ratio=$(paste -d' ' "$work/imp" "$work/base" |
    awk '$3 > 0 { print $1 / $3 }' | sort -n | awk '{ r[NR] = $1 } END { printf "%.2f", r[int((NR + 1) / 2)] }')

cat <<TABLE
Core benchmark: $n attendees ($size MB CSV), $(nproc) cores, $(date +%Y-%m-%d); times are the best of nine rounds

| measure | entrada | baseline (sqlite3 .import) | target |
|---|---|---|---|
| import time | ${imp_s} s | ${base_s} s | within 2x of baseline (now ${ratio}x) |
| import time, the median of the nine rounds' own ratios | | | ${round_ratio}x |
| import time, baseline with a unique code index | | ${uniq_s} s | |
| re-import, nothing changed (best of three) | ${re_s} s | | |
| database size | ${db_mb} MB | ${base_mb} MB | |
| import peak RSS | $((imp_kb / 1024)) MB | $((base_kb / 1024)) MB | under 64 MB |
| code lookup p50 / p99 | $(v lookup_p50_us) / $(v lookup_p99_us) µs | | under 20 µs |
| check-in, committed to disk, p50 / p99 | $(v checkin_p50_ms) / $(v checkin_p99_ms) ms | | |
| active attendees counted, p50 | $(v count_p50_ms) ms | | |
| categories of active attendees, p50 | $(v categories_p50_ms) ms | | |
| search index build | $(v index_build_ms) ms | | |
| search, 2 characters, p50 / p99 | $(v search2_p50_ms) / $(v search2_p99_ms) ms | | p99 under 5 ms |
| search, 4 characters, p50 / p99 | $(v search4_p50_ms) / $(v search4_p99_ms) ms | | p99 under 5 ms |
| search, 8 characters, p50 / p99 | $(v search8_p50_ms) / $(v search8_p99_ms) ms | | p99 under 5 ms |
| import time, a fifth of the names in Greek or Cyrillic | ${mix_s} s | | |
| search in that list, 2 / 4 / 8 characters, p99 | $(v search2_p99_ms scripts) / $(v search4_p99_ms scripts) / $(v search8_p99_ms scripts) ms | | under 5 ms |
TABLE
