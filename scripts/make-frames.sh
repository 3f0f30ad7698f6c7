#!/bin/sh
# Realistic 1280x720 kiosk camera frames: badges drawn by `entrada badge
# --png` for the demo event's attendees, held at angles, tilted, blurred,
# noisy, dim or under glare over photograph-like backgrounds, and scenes with
# no code (bench/make_frames.c says how). Frames go to OUTDIR as PGM files
# (badge-NNN.pgm with its code in badge-NNN.txt, scene-NNN.pgm) and as raw
# greyscale streams (badges.raw, scenes.raw) for file:PATH@1280x720 cameras.
# Usage: make-frames.sh BUILD_DIR OUTDIR [BADGES [SCENES [SEED]]]
set -eu
build=$1 out=$2 nbadges=${3:-42} nscenes=${4:-40} seed=${5:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out/png"
e() { "$build/entrada" --db "$out/png/event.db" "$@"; }
[ -f "$out/png/event.db" ] || e import "$root/assets/demo/attendees.csv" >/dev/null
codes=$(sqlite3 "$out/png/event.db" "SELECT code FROM attendees ORDER BY code LIMIT 12")
for code in $codes; do
    [ -f "$out/png/$code.png" ] || e badge "$code" --out "$out/png/$code.png" --dpi 150 >/dev/null
done
rm -f "$out"/badge-* "$out"/scene-*
"$build/make_frames" "$out" "$seed" "$nbadges" "$nscenes" "$out"/png/*.png
