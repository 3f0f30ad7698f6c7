#!/bin/sh
# Badge benchmark: one badge (Brother 62x100 mm) to a PDF and to a 300 dpi
# PNG, and the demo event's 150 badges into one PDF. Prints a Markdown table.
set -eu
. "$(dirname "$0")/setup.sh"
install_packages $BUILD_PACKAGES
build build
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$ENTRADA_ROOT/build/entrada" --db "$work/event.db" import "$ENTRADA_ROOT/assets/demo/attendees.csv" >/dev/null
"$ENTRADA_ROOT/build/bench_badge" "$work/event.db" "$work" >"$work/out"
v() { awk -v k="$1" '$1 == k { print $2 }' "$work/out"; }
cat <<TABLE
Badge benchmark: Brother 62x100 mm, $(nproc) cores, $(date +%Y-%m-%d); 40 runs each

| measure | median | p99 | target |
|---|---|---|---|
| one badge to PDF | $(v pdf_median_ms) ms | $(v pdf_p99_ms) ms | under 50 ms |
| one badge to PNG, 300 dpi | $(v png300_median_ms) ms | $(v png300_p99_ms) ms | under 100 ms |
| $(v all_pages) badges into one PDF | $(v all_ms) ms | | |
TABLE
