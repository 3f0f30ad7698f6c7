#!/bin/sh
# entrada doctor, on a kiosk that works and with each fault present: a
# configuration it cannot read, no camera, a store corrupted, a disk nearly
# full (a small file system on a loop device, filled: root only), a clock in
# 1970 (ENTRADA_DOCTOR_TIME). The paused print queue is in print.sh, which
# runs a cupsd. Then the same checks in a running kiosk's staff mode.
# Usage: doctor.sh ENTRADA DEMO_CSV PNG_PIXEL
set -eu
entrada=$1
demo=$2
png_pixel=$3
. "$(dirname "$0")/lib.sh"
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software \
    SDL_VIDEO_EGL_DRIVER=none
loop_mount=""
cleanup() {
    [ -z "$loop_mount" ] || umount "$loop_mount" 2>/dev/null || true
    [ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
printf '[entrada]\nkiosk_id = door-1\n' >"$tmp/entrada.ini"
e() { "$entrada" --config "$tmp/entrada.ini" --db "$tmp/event.db" "$@"; }
run 0 --config "$tmp/entrada.ini" --db "$tmp/event.db" import "$demo"
run 0 --config "$tmp/entrada.ini" --db "$tmp/event.db" checkin RMC-UZWH279L
run 0 --config "$tmp/entrada.ini" --db "$tmp/event.db" badge RMC-UZWH279L --out "$tmp/badge.png"
# line CHECK LEVEL TEXT: the doctor's output has that check at that level, saying TEXT.
line() {
    grep "^$2 *$1 " "$tmp/out" | grep -qF -- "$3" || fail "no \"$2 $1 ... $3\": $(grep " $1 " "$tmp/out")"
}

# Everything that is there works: exit 0; the camera (a file source showing a
# badge) is live and reads the code.
run 0 --config "$tmp/entrada.ini" --db "$tmp/event.db" doctor --camera "file:$tmp/badge.png"
line config ok "$tmp/entrada.ini"
line display ok "offscreen, "
line camera ok 'read the code "RMC-UZWH279L"'
line store ok "intact, 150 attendees, last check-in 20"
line disk ok "MB free"
line printer ok "none configured"
grep -q '^\(ok\|warn\) *clock ' "$tmp/out" || fail "clock: $(grep clock "$tmp/out")"
[ "$(wc -l <"$tmp/out")" = 9 ] || fail "not one line per check: $(cat "$tmp/out")"

# No camera.
run 1 --config "$tmp/entrada.ini" --db "$tmp/event.db" doctor --camera v4l2:/dev/entrada-no-camera
line camera FAIL "v4l2:/dev/entrada-no-camera: no picture"

# A configuration that cannot be read: said, and the other checks still run.
printf '[kiosk]\nverdict_ms = soon\n' >"$tmp/bad.ini"
run 1 --config "$tmp/bad.ini" --db "$tmp/event.db" doctor
line config FAIL "bad.ini:2"
line store ok "intact"

# The clock never set.
ENTRADA_DOCTOR_TIME=0 run 1 --config "$tmp/entrada.ini" --db "$tmp/event.db" doctor
line clock FAIL "1970-01-01 00:00 UTC: never set"

# No store, and a corrupted one.
run 1 --config "$tmp/entrada.ini" --db "$tmp/none.db" doctor
line store FAIL "no database at $tmp/none.db"
[ ! -e "$tmp/none.db" ] || fail "the doctor created a store"
cp "$tmp/event.db" "$tmp/broken.db"
sqlite3 "$tmp/broken.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
dd if=/dev/urandom of="$tmp/broken.db" bs=4096 seek=3 count=4 conv=notrunc 2>/dev/null
run 1 --config "$tmp/entrada.ini" --db "$tmp/broken.db" doctor
grep -q '^FAIL *store ' "$tmp/out" || fail "a corrupted store passed: $(grep store "$tmp/out")"

# A disk nearly full: a small file system, filled up.
if [ "$(id -u)" = 0 ] && command -v mkfs.ext4 >/dev/null; then
    truncate -s 16M "$tmp/disk.img"
    mkfs.ext4 -q -F "$tmp/disk.img"
    mkdir -p "$tmp/disk"
    if mount -o loop "$tmp/disk.img" "$tmp/disk" 2>/dev/null; then
        loop_mount=$tmp/disk
        cp "$tmp/event.db" "$tmp/disk/event.db"
        dd if=/dev/zero of="$tmp/disk/fill" bs=1M 2>/dev/null || true
        run 1 --config "$tmp/entrada.ini" --db "$tmp/disk/event.db" doctor
        line disk FAIL "nearly full"
        umount "$tmp/disk" && loop_mount=""
    else
        echo "skipped the full disk: cannot mount a loop device here"
    fi
else
    echo "skipped the full disk: mounting a file system needs root"
fi
# Staff mode's checks in a running kiosk whose camera is offline (its frames
# cannot be read): the kiosk's own display and camera, the rest as above; the
# camera's row is red (tapped, it is shown whole), and every line goes to the log.
mkdir -p "$tmp/bad-frames"
printf '\211PNG\r\n\032\nnot really' >"$tmp/bad-frames/corrupt.png"
{
    cat "$tmp/entrada.ini"
    printf '[kiosk]\n'
    "$entrada" pin 2468 | tail -n 1
} >"$tmp/kiosk.ini"
# The camera needs a moment to find its frames unreadable (4 s, as in kiosk.sh;
# longer under an emulator).
settle=4000
[ -z "${ENTRADA_EMULATED:-}" ] || settle=10000
cat >"$tmp/checks.txt" <<SCRIPT
wait $settle
hold 10 10 2200
type 2468
key Return
wait 300
tap 695 399
wait 4000
shot checks.png
tap 400 150
wait 200
shot whole.png
tap 400 300
wait 200
tap 600 450
wait 200
shot staff.png
tap 514 402
SCRIPT
status=0
timeout 60 "$entrada" --config "$tmp/kiosk.ini" --db "$tmp/event.db" kiosk --windowed \
    --size 800x480 --camera "file:$tmp/bad-frames@20" --script "$tmp/checks.txt" \
    >/dev/null 2>"$tmp/err" || status=$?
[ "$status" = 0 ] || fail "staff checks: exit $status: $(tail -3 "$tmp/err")"
grep -q "checks: FAIL camera: offline: .*corrupt.png" "$tmp/err" ||
    fail "the camera's check in staff mode: $(grep checks: "$tmp/err")"
grep -q "checks: ok display: offscreen, 800x480" "$tmp/err" || fail "the kiosk's display"
grep -q "checks: ok store: .*intact, 150 attendees" "$tmp/err" || fail "the store in staff mode"
grep -q "checks: 1 failed" "$tmp/err" || fail "the count of failed checks: $(grep checks: "$tmp/err")"
pixel() { "$png_pixel" "$tmp/$1" "$2" "$3" | sed -n 2p; }
[ "$(pixel checks.png 12 150)" = b0241c ] || fail "the camera's row is not red"
[ "$(pixel checks.png 12 70)" = 1e7a3c ] || fail "the configuration's row is not green"
# The camera's row tapped: its whole text where the rows were, the stripe red all the way down.
[ "$(pixel whole.png 12 300)" = b0241c ] || fail "the camera's row tapped is not shown whole"
[ "$(pixel staff.png 2 2)" = f4f1ea ] || fail "Back did not lead to staff mode"
grep -q "staff: leaving the app" "$tmp/err" || fail "the kiosk was not left from staff mode"

finish doctor
