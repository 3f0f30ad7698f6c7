#!/bin/sh
# Kiosk benchmark: time from a scanned code's arrival to its verdict's frame
# on screen over 1,000 scripted scans at 1920x1080 with SDL's software
# renderer, and CPU use while the kiosk sits idle. Prints a Markdown table.
set -eu
. "$(dirname "$0")/setup.sh"
install_packages $BUILD_PACKAGES time
build build
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software \
    SDL_VIDEO_EGL_DRIVER=none
e() { "$ENTRADA_ROOT/build/entrada" --db "$work/event.db" "$@"; }
e import "$ENTRADA_ROOT/assets/demo/attendees.csv" >/dev/null

# 1,000 scans, 40 ms apart: every code of the list, then again (already),
# and codes nobody has (unknown).
sqlite3 "$work/event.db" "SELECT code FROM attendees" >"$work/codes"
awk 'NR == FNR { code[n++] = $1; next } END {
    for (i = 0; i < 1000; i++) {
        if (i % 5 == 4) print "scan NOBODY-" i; else print "scan " code[i % n]
        print "wait 40"
    }
    print "quit"
}' "$work/codes" /dev/null >"$work/scans.txt"

run() { # SIZE SCRIPT: the kiosk's latency figures, and "seconds cpu peakKB"
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" \
        "$ENTRADA_ROOT/build/entrada" --db "$work/event.db" kiosk --windowed --size "$1" \
        --script "$2" --latency 2>/dev/null
}
run 1920x1080 "$work/scans.txt" >"$work/latency"
big_kb=$(awk '{ print $4 }' "$work/time")
run 800x480 "$work/scans.txt" >"$work/latency-small"
v() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }

printf 'wait 10000\nquit\n' >"$work/idle.txt"
run 1920x1080 "$work/idle.txt" >/dev/null
idle=$(awk '{ printf "%.1f", ($2 + $3) / $1 * 100 }' "$work/time")
idle_kb=$(awk '{ print $4 }' "$work/time")

cat <<TABLE
Kiosk benchmark: $(v "$work/latency" latency_n) verdicts, $(nproc) cores, SDL software renderer, $(date +%Y-%m-%d)

| measure | 1920x1080 | 800x480 | target |
|---|---|---|---|
| code to verdict on screen, p50 | $(v "$work/latency" latency_p50_ms) ms | $(v "$work/latency-small" latency_p50_ms) ms | |
| code to verdict on screen, p99 | $(v "$work/latency" latency_p99_ms) ms | $(v "$work/latency-small" latency_p99_ms) ms | under 100 ms |
| code to verdict on screen, worst | $(v "$work/latency" latency_max_ms) ms | $(v "$work/latency-small" latency_max_ms) ms | |
| CPU while idle (10 s, share of one core) | ${idle} % | | under 5 % |
| peak memory (RSS), scanning / idle | $((big_kb / 1024)) / $((idle_kb / 1024)) MB | | |
TABLE
