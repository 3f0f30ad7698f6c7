#!/bin/sh
# QR decoding benchmark over ../shared/corpus/qr (179 photographs with their
# expected text): codes read right and milliseconds per image for entrada,
# stock zbar (zbarimg, QR only) and ZXing (ZXingReader, QR only), in one run;
# then a 1280x720 camera frame with one badge. Prints Markdown tables.
set -eu
. "$(dirname "$0")/setup.sh"
install_packages $BUILD_PACKAGES zbar-tools zxing-cpp-tools perl
build build
corpus="$ENTRADA_ROOT/../shared/corpus/qr"
[ -d "$corpus" ] || { echo "skipped: no corpus at $corpus"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ms() { date +%s%N; }
# tool NAME: decode every image with one process each; "right median p99" (ms, process included)
tool() {
    right=0
    : >"$work/times"
    for img in "$corpus"/*/*.png; do
        t0=$(ms)
        case $1 in
        entrada) "$ENTRADA_ROOT/build/entrada" decode "$img" 2>/dev/null |
            perl -0777 -pe 's/\n\z//; $_ = "" if $_ eq "no code"' >"$work/got" ;;
        zbarimg) zbarimg -q --raw -Sdisable -Sqrcode.enable "$img" 2>/dev/null |
            perl -0777 -pe 's/\n\z//' >"$work/got" ;;
        ZXingReader) ZXingReader -format QRCode "$img" 2>/dev/null |
            perl -0777 -ne 'print $1 if /^Text:\s+"(.*?)"\nBytes:/ms' >"$work/got" ;;
        esac
        echo $((($(ms) - t0) / 1000)) >>"$work/times"
        cmp -s "$work/got" "${img%.*}.txt" && right=$((right + 1))
    done
    n=$(wc -l <"$work/times")
    sort -n "$work/times" | awk -v right="$right" -v n="$n" \
        '{ t[NR] = $1 } END { printf "%d %.1f %.1f\n", right, t[int(n / 2) + 1] / 1000, t[int(n * 0.99)] / 1000 }'
}
set -- $(tool entrada)
e_right=$1 e_med=$2 e_p99=$3
set -- $(tool zbarimg)
z_right=$1 z_med=$2 z_p99=$3
set -- $(tool ZXingReader)
x_right=$1 x_med=$2 x_p99=$3
"$ENTRADA_ROOT/build/bench_decode" "$corpus"/*/*.png >"$work/inproc" 2>/dev/null
v() { awk -v k="$1" '$1 == k { print $2 }' "$work/inproc"; }
n=$(v images)

cat <<TABLE
QR decoding: $n corpus images, $(nproc) cores, $(date +%Y-%m-%d); a process per image

| decoder | read right | median | p99 |
|---|---|---|---|
| entrada decode | $e_right / $n | $e_med ms | $e_p99 ms |
| zbarimg (zbar $(pkg-config --modversion zbar), QR only) | $z_right / $n | $z_med ms | $z_p99 ms |
| ZXingReader (zxing-cpp, QR only) | $x_right / $n | $x_med ms | $x_p99 ms |
| entrada, decoding alone (in one process) | $(v right) / $n | $(v median_ms) ms | $(v p99_ms) ms |

Where entrada's right answers came from: plain $(v pass_plain), contrast stretched
$(v pass_stretched), blurred $(v pass_blurred), half size $(v pass_half), double size
$(v pass_double).

A 1280x720 camera frame with one badge (decoding alone, 50 runs):

| step | found | median | p99 |
|---|---|---|---|
| zbar, QR only, whole frame | $(v frame_zbar_found)/50 | $(v frame_zbar_median_ms) ms | $(v frame_zbar_p99_ms) ms |
| + a quick first look: half size, every other line | $(v frame_passes_found)/50 | $(v frame_passes_median_ms) ms | $(v frame_passes_p99_ms) ms |
| + cropped to the aiming frame | $(v frame_aimed_found)/50 | $(v frame_aimed_median_ms) ms | $(v frame_aimed_p99_ms) ms |
TABLE
