#!/bin/sh
# A real file system mounted while the kiosk runs, as a USB stick is: an
# ext4 image on a loop device, mounted below [usb] roots by the mount helper
# the udev rule runs (scripts/entrada-usb-mount). The kiosk must notice it
# through the mount table, sync it (sync = auto), say "safe to remove", and
# notice it going. Needs root and loop devices; skipped without them.
# Usage: stick.sh ENTRADA DEMO_CSV
set -eu
entrada=$1
demo=$2
if [ "$(id -u)" != 0 ] || ! command -v mkfs.ext4 >/dev/null || ! command -v losetup >/dev/null; then
    echo "skipped: mounting a file system needs root, mkfs.ext4 and losetup"
    exit 77 # CTest: skipped
fi
. "$(dirname "$0")/lib.sh"
helper="$(dirname "$0")/../scripts/entrada-usb-mount"
mounted="" loop=""
cleanup() {
    [ -z "$mounted" ] || umount "$mounted" 2>/dev/null || true
    [ -z "$loop" ] || losetup -d "$loop" 2>/dev/null || true
    [ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software \
    SDL_VIDEO_EGL_DRIVER=none

# The stick: an ext4 file system holding the list and the event key, as a file.
mkdir -p "$tmp/content/entrada" "$tmp/media/stick"
cp "$demo" "$tmp/content/entrada/attendees.csv"
run 0 key new "$tmp/content/entrada/event.key"
fp=$(sed -n 's/^wrote .*: event key //p' "$tmp/out")
truncate -s 8M "$tmp/stick.img"
mkfs.ext4 -q -F -d "$tmp/content" "$tmp/stick.img"
if ! mount -o loop,nosuid,nodev,noexec "$tmp/stick.img" "$tmp/media/stick" 2>"$tmp/err"; then
    echo "skipped: cannot mount a loop device here: $(cat "$tmp/err")"
    exit 77 # CTest: skipped
fi
umount "$tmp/media/stick"

printf '[entrada]\nkiosk_id = door-1\n[usb]\nroots = %s\nsync = auto\n' "$tmp/media" >"$tmp/entrada.ini"
printf 'wait 8000\nquit\n' >"$tmp/wait.txt"
"$entrada" --config "$tmp/entrada.ini" --db "$tmp/event.db" kiosk --windowed --size 800x480 \
    --script "$tmp/wait.txt" >/dev/null 2>"$tmp/log" &
kiosk=$!
# waitfor TEXT: up to 5 seconds for the kiosk's log to say TEXT.
waitfor() {
    for i in $(seq 50); do
        grep -qF -- "$1" "$tmp/log" && return 0
        sleep 0.1
    done
    fail "the kiosk's log never said \"$1\": $(tail -5 "$tmp/log")"
}
sleep 1
# What udev and systemd do when the stick goes in: a block device appears,
# and the helper mounts it below /media/entrada (here: $tmp/media).
loop=$(losetup --find --show "$tmp/stick.img")
dev=$(basename "$loop")
ENTRADA_MEDIA=$tmp/media "$helper" add "$dev" >"$tmp/helper" 2>&1 || fail "helper: $(cat "$tmp/helper")"
mounted=$tmp/media/$dev
grep -q " $mounted ext4 rw,nosuid,nodev,noexec" /proc/self/mounts || fail "mounted as: $(grep "$mounted" /proc/self/mounts)"
waitfor "usb: stick at $mounted"
waitfor "safe to remove"
grep -q "done: list entrada/attendees.csv, 150 added, 0 updated, 0 cancelled" "$tmp/log" || fail "sync: $(grep usb: "$tmp/log")"
ls "$mounted"/entrada-export/door-1-*/counts.csv >/dev/null 2>&1 || fail "no exports on the stick"
# sync = auto: no staff opened this sync, so the stick's key is not enrolled.
grep -q "usb: entrada/event.key: event key $fp not enrolled: only a sync opened in staff mode" "$tmp/log" ||
    fail "a stick synced without staff enrolled its key: $(grep usb: "$tmp/log")"
ls "$mounted"/entrada-export/door-1-*/journal.sig >/dev/null 2>&1 && fail "signed without a key"
# Pulled out: systemd stops the helper's service, which unmounts.
ENTRADA_MEDIA=$tmp/media "$helper" remove "$dev"
waitfor "usb: $mounted removed"
[ ! -e "$mounted" ] || fail "the helper left $mounted"
mounted=""
losetup -d "$loop"
loop=""
wait "$kiosk" || fail "the kiosk exited with status $?"
[ "$(sqlite3 "$tmp/event.db" "SELECT COUNT(*) FROM attendees")" = 150 ] || fail "the list was not imported"
# A read-only stick: the list still comes in, and the message says why nothing went out.
cp "$demo" "$tmp/content/entrada/attendees.csv"
sed -i 's/Cuesta López/Cuesta-López/' "$tmp/content/entrada/attendees.csv"
mkfs.ext4 -q -F -d "$tmp/content" "$tmp/stick.img"
mount -o loop,ro "$tmp/stick.img" "$tmp/media/stick"
mounted=$tmp/media/stick
run 65 --config "$tmp/entrada.ini" --db "$tmp/event.db" drop "$tmp/media/stick"
out_has "list: entrada/attendees.csv: 150 rows, 0 added, 1 updated, 0 cancelled"
out_has "event key $fp enrolled" # `entrada drop` is staff
err_has "cannot write to the stick: Read-only file system"
out_has "safe to remove"
umount "$tmp/media/stick"
mounted=""
finish stick
