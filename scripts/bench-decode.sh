#!/bin/sh
# QR decoding benchmark, in one run so that the figures compare:
#  - codes read right on the shared corpus photographs (../shared/corpus/qr)
#    and on realistic kiosk frames made by make-frames.sh, and false reads on
#    its code-free scenes, for entrada, stock zbar (zbarimg, QR only) and
#    ZXing-C++ (ZXingReader, QR only); a process per image;
#  - each decoding pass alone on the frames: what it costs and what it reads;
#  - the camera path (decode_frame) on a stream of those frames: time per
#    frame with a code in view and without, and how many frames a badge held
#    still takes to be read;
#  - CPU of the kiosk watching code-free scenes through a raw-frame camera
#    at 30 frames a second (a different scene every frame, and one still
#    scene), against the kiosk without a camera;
#  - the kiosk's first frame with 100,000 attendees.
# Usage: bench-decode.sh [BADGE_FRAMES [SCENES [SEED]]]. Prints Markdown tables.
set -eu
. "$(dirname "$0")/setup.sh"
install_packages $BUILD_PACKAGES zbar-tools zxing-cpp-tools perl sqlite3 time
build build
nbadges=${1:-60} nscenes=${2:-40} seed=${3:-1}
corpus="$ENTRADA_ROOT/../shared/corpus/qr"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin="$ENTRADA_ROOT/build"
"$ENTRADA_ROOT/scripts/make-frames.sh" "$bin" "$work/frames" "$nbadges" "$nscenes" "$seed"

ms() { date +%s%N; }
# tool NAME IMAGE...: decode each image with a process of its own;
# "right false median p99" (false: a code read in an image without a .txt; ms, process included)
tool() {
    name=$1
    shift
    right=0 false=0
    : >"$work/times"
    for img in "$@"; do
        t0=$(ms)
        case $name in
        entrada) "$bin/entrada" decode "$img" 2>/dev/null |
            perl -0777 -pe 's/\n\z//; $_ = "" if $_ eq "no code"' >"$work/got" ;;
        entrada-camera) "$bin/entrada" decode --camera "$img" 2>/dev/null |
            perl -0777 -pe 's/\n\z//; $_ = "" if $_ eq "no code"' >"$work/got" ;;
        zbarimg) zbarimg -q --raw -Sdisable -Sqrcode.enable "$img" 2>/dev/null |
            perl -0777 -pe 's/\n\z//' >"$work/got" ;;
        ZXingReader) ZXingReader -format QRCode "$img" 2>/dev/null |
            perl -0777 -ne 'print $1 if /^Text:\s+"(.*?)"\nBytes:/ms' >"$work/got" ;;
        esac
        echo $((($(ms) - t0) / 1000)) >>"$work/times"
        if [ -f "${img%.*}.txt" ]; then
            cmp -s "$work/got" "${img%.*}.txt" && right=$((right + 1))
        else
            [ -s "$work/got" ] && false=$((false + 1))
        fi
    done
    n=$(wc -l <"$work/times")
    sort -n "$work/times" | awk -v right="$right" -v false="$false" -v n="$n" \
        '{ t[NR] = $1 } END { printf "%d %d %.1f %.1f\n", right, false, t[int(n / 2) + 1] / 1000, t[int(n * 0.99)] / 1000 }'
}
have_corpus=no
[ -d "$corpus" ] && have_corpus=yes
row() { # NAME LABEL: one decoder's row of hits
    c="skipped (no corpus)" cm="" cp=""
    if [ $have_corpus = yes ]; then
        set -- "$1" "$2" $(tool "$1" "$corpus"/*/*.png)
        c="$3 / $ncorpus" cm="$5 ms" cp="$6 ms"
        set -- "$1" "$2"
    fi
    set -- "$1" "$2" $(tool "$1" "$work"/frames/badge-*.pgm) $(tool "$1" "$work"/frames/scene-*.pgm)
    echo "| $2 | $c | $3 / $nbadges | $8 / $nscenes | $cm | $cp | $5 ms | $6 ms |"
}
ncorpus=$(ls "$corpus"/*/*.png 2>/dev/null | wc -l)
{
    row entrada "entrada decode (thorough)"
    row entrada-camera "entrada decode --camera (3 frames)"
    row zbarimg "zbarimg (zbar $(pkg-config --modversion zbar 2>/dev/null || echo 0.23), QR only)"
    row ZXingReader "ZXingReader (zxing-cpp $(dpkg-query -W -f='${Version}' zxing-cpp-tools 2>/dev/null | cut -d- -f1), QR only)"
} >"$work/hits"

"$bin/bench_decode" frames "$work/frames" >"$work/inproc" 2>/dev/null
[ $have_corpus = yes ] && "$bin/bench_decode" corpus "$corpus"/*/*.png >"$work/corpus" 2>/dev/null
v() { awk -v k="$1" '$1 == k { print $2 }' "$work/inproc"; }

# The kiosk watching code-free scenes, 20 s: CPU share of one core, with
# the raw-frame camera at 30 frames a second and without a camera.
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software \
    SDL_VIDEO_EGL_DRIVER=none
"$bin/entrada" --db "$work/event.db" import "$ENTRADA_ROOT/assets/demo/attendees.csv" >/dev/null
printf 'wait 20000\nquit\n' >"$work/idle.txt"
cpu() { # [KIOSK ARGS...]: share of one core, in %
    /usr/bin/time -f "%e %U %S" -o "$work/time" "$bin/entrada" --db "$work/event.db" kiosk \
        --windowed --size 800x480 --script "$work/idle.txt" "$@" >/dev/null 2>&1
    awk '{ printf "%.1f", ($2 + $3) / $1 * 100 }' "$work/time"
}
cpu_camera=$(cpu --camera "file:$work/frames/scenes.raw@1280x720@30")
cpu_still=$(cpu --camera "file:$work/frames/still.raw@1280x720@30")
cpu_none=$(cpu)

# The first frame with 100,000 attendees (and with the demo's 150), best of three.
awk -v n=100000 -f "$ENTRADA_ROOT/bench/attendees.awk" >"$work/big.csv"
"$bin/entrada" --db "$work/big.db" import "$work/big.csv" >/dev/null
printf 'wait 2000\nquit\n' >"$work/start.txt"
first() { # DB: "first-frame-ms index-ms"
    for i in 1 2 3; do
        "$bin/entrada" --db "$1" kiosk --windowed --size 1280x800 --script "$work/start.txt" 2>&1 |
            perl -ne 'print "$1 " if /first frame (\d+) ms/; print "$1\n" if /search index in (\d+) ms/'
    done | sort -n | head -1
}
set -- $(first "$work/big.db")
big_first=$1 big_index=$2
set -- $(first "$work/event.db")
small_first=$1

cat <<TABLE
QR decoding: $(nproc) cores (shared), $(date +%Y-%m-%d); frames: make-frames.sh $nbadges $nscenes $seed (1280x720)

| decoder | corpus photos read right | badge frames read right | false reads on code-free scenes | corpus median | corpus p99 | frame median | frame p99 |
|---|---|---|---|---|---|---|---|
$(cat "$work/hits")

(Times are per process, start-up and image loading included.)

The camera path (decoding alone, in one process): each scene held for 5 frames, each badge
held still until read (at most 10 frames), each frame after the first with fresh sensor noise;
one decoder for the whole stream, as in the kiosk:

| measure | value | target |
|---|---|---|
| badges read | $(v camera_right) / $(v badge_frames) | at least ZXing's |
| badges read on their first frame | $(v camera_first_frame) / $(v badge_frames) | |
| most frames a badge took | $(v camera_worst_frames) | 3 |
| badges that took more than 3 frames | $(v camera_after_3_frames) | 0 |
| false reads | $(v camera_false) | 0 |
| per frame with a code, median / p99 | $(v camera_code_median_ms) / $(v camera_code_p99_ms) ms | p99 under 20 ms |
| per frame without a code, median / p99 | $(v camera_nocode_median_ms) / $(v camera_nocode_p99_ms) ms | p99 under 20 ms |
| the first look alone, mean | $(v camera_look_ms) ms | |
| frames not looked at (a still scene that held nothing) | $(v camera_still_frames) / $(v camera_frames) | |
| kiosk CPU, camera at 30 fps on a different code-free scene every frame, 20 s | $cpu_camera % | under 15 % |
| kiosk CPU, camera at 30 fps on one still code-free scene (sensor noise only), 20 s | $cpu_still % | under 15 % |
| kiosk CPU without a camera, 20 s | $cpu_none % | |
| kiosk's first frame, 100,000 attendees / 150 | $big_first / $small_first ms | under 150 ms |
| search index ready after (100,000, off the loop) | $big_index ms | |

Each pass alone on every frame ($(v badge_frames) badge frames, $(v scene_frames) scenes): the
"region" passes run on the regions the first look finds, the others on the whole frame:

| pass | badges read | cost with a code, median / p99 | scenes it ran on | cost on a scene, median | false reads |
|---|---|---|---|---|---|
$(awk -F'|' '$1 ~ /^pass / { printf "| %s | %s | %s / %s ms | %s | %s ms | %s |\n", $2, $3, $4, $5, $6, $7, $8 }' "$work/inproc")
TABLE
if [ $have_corpus = yes ]; then
    c() { awk -v k="$1" '$1 == k { print $2 }' "$work/corpus"; }
    echo
    echo "Corpus, decoding alone: $(c right) / $(c images) right, median $(c corpus_median_ms) ms," \
        "p99 $(c corpus_p99_ms) ms; by pass:" \
        "$(awk '$1 == "corpus_pass" { $1 = ""; n[substr($0, 2)]++ } END { for (p in n) printf "%s %d, ", p, n[p] }' "$work/corpus" | sed 's/, $//')."
fi
