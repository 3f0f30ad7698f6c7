#!/bin/sh
# The camera path on realistic frames (a small set from scripts/make-frames.sh):
# badges held still are read within three frames, as many as the thorough
# mode reads less a few; nothing is read in scenes without a code; and a
# kiosk watching a raw-frame camera checks in a badge that comes into view
# after a while of empty scenes.
# Usage: frames.sh BUILD_DIR MAKE_FRAMES DEMO_CSV
set -eu
build=$1
make_frames=$2
demo=$3
entrada=$build/entrada
. "$(dirname "$0")/lib.sh"

"$make_frames" "$build" "$tmp/f" 12 8 2 >/dev/null
# right FILE.json: images whose first code is their .txt
right() {
    jq -r '.[] | [.file, (.codes[0] // "")] | @tsv' "$1" | while IFS="$(printf '\t')" read -r f code; do
        [ "$code" = "$(cat "${f%.*}.txt")" ] && echo "$f"
    done | wc -l
}
"$entrada" decode --camera --frames 3 --json "$tmp"/f/badge-*.pgm >"$tmp/camera.json" || true
"$entrada" decode --json "$tmp"/f/badge-*.pgm >"$tmp/thorough.json" || true
camera=$(right "$tmp/camera.json")
thorough=$(right "$tmp/thorough.json")
[ "$camera" -ge 7 ] || fail "camera path: $camera of 12 badge frames read within 3 frames"
[ "$camera" -ge $((thorough - 3)) ] || fail "camera path: $camera read, thorough $thorough"
# The passes after the ordinary scan are there and read some.
jq -e '[.[] | select(.pass != null and .pass != "region plain")] | length >= 1' \
    "$tmp/camera.json" >/dev/null || fail "no badge needed more than the ordinary scan"
echo "frames: camera path $camera, thorough $thorough of 12 badge frames"

# Scenes without a code: nothing read, in either mode, even held for 30 frames.
for mode in --camera --thorough; do
    status=0
    "$entrada" decode $mode --frames 30 "$tmp"/f/scene-*.pgm >"$tmp/scenes" || status=$?
    [ "$status" = 1 ] && ! grep -qv ': no code$' "$tmp/scenes" ||
        fail "decode $mode read a code in a scene: $(grep -v ': no code$' "$tmp/scenes")"
done

# The kiosk: a raw camera showing the scenes, then a badge held still.
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software \
    SDL_VIDEO_EGL_DRIVER=none
"$entrada" --db "$tmp/event.db" import "$demo" >/dev/null
badge=$(jq -r '[.[] | select(.frame == 1)][0].file' "$tmp/camera.json")
code=$(cat "${badge%.*}.txt")
cp "$tmp/f/scenes.raw" "$tmp/stream.raw"
for i in 1 2 3 4 5 6 7 8 9 10; do
    tail -c $((1280 * 720)) "$badge" >>"$tmp/stream.raw"
done
printf 'wait 3000\nquit\n' >"$tmp/watch.txt"
timeout 60 "$entrada" --db "$tmp/event.db" kiosk --windowed --size 800x480 \
    --camera "file:$tmp/stream.raw@1280x720@10" --script "$tmp/watch.txt" >/dev/null 2>"$tmp/err" ||
    fail "raw camera: $(tail -3 "$tmp/err")"
[ "$(sqlite3 "$tmp/event.db" "SELECT count(*) FROM checkins c JOIN attendees a ON a.id = c.attendee_id
    WHERE a.code = '$code' AND c.method = 'camera'")" -ge 1 ] || fail "no check-in by the raw camera"
finish frames
