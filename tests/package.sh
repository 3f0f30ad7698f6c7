#!/bin/sh
# The Debian package on this machine: install it, run what was installed
# (the command line, a command of entrada-devices, the kiosk acting out a
# script offscreen, the unit through systemd-analyze), then purge it and
# check that nothing is left. Changes the machine, so: only as root, only
# where entrada is not installed already, and undone at exit whatever happens.
# Usage: package.sh DEB
set -eu
deb=$(realpath "$1")
if [ "$(id -u)" != 0 ]; then
    echo "skipped: installing a package needs root"
    exit 77
fi
if dpkg-query -W -f='${Status}' entrada 2>/dev/null | grep -q "ok installed"; then
    echo "skipped: entrada is installed on this machine already; this test would remove it"
    exit 77
fi
entrada=/usr/bin/entrada
. "$(dirname "$0")/lib.sh"
had_user=$(getent passwd entrada >/dev/null && echo yes || echo no)
installed=no
cleanup() {
    if [ "$installed" = yes ]; then
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq entrada >/dev/null 2>&1 || true
    fi
    if [ "$had_user" = no ] && getent passwd entrada >/dev/null; then
        userdel entrada 2>/dev/null || true
        groupdel entrada 2>/dev/null || true
    fi
    [ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software \
    SDL_VIDEO_EGL_DRIVER=none

installed=yes
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" \
    >"$tmp/install" 2>&1 || { cat "$tmp/install"; fail "apt-get install $deb"; finish package; }

# What the package put where.
for f in /usr/bin/entrada /usr/libexec/entrada/entrada-devices /usr/libexec/entrada/entrada-usb-mount \
    /usr/share/entrada/locale/es.mo /usr/share/entrada/fonts/DejaVuSans.ttf \
    /usr/share/entrada/demo/attendees.csv /lib/systemd/system/entrada-kiosk.service \
    /lib/systemd/system/entrada-usb@.service /lib/udev/rules.d/99-entrada-usb.rules \
    /etc/entrada/entrada.ini; do
    [ -e "$f" ] || fail "the package did not install $f"
done
grep -qx /etc/entrada/entrada.ini /var/lib/dpkg/info/entrada.conffiles ||
    fail "/etc/entrada/entrada.ini is not a conffile"
man -w entrada >/dev/null 2>&1 || fail "man entrada finds no page"
id -nG entrada >"$tmp/groups" 2>&1 || fail "no user entrada"
for g in video render input audio; do
    ! getent group "$g" >/dev/null || grep -qw "$g" "$tmp/groups" || fail "user entrada is not in group $g: $(cat "$tmp/groups")"
done
[ "$(stat -c '%U:%G %a' /etc/entrada/entrada.ini)" = "root:entrada 640" ] ||
    fail "entrada.ini is $(stat -c '%U:%G %a' /etc/entrada/entrada.ini), not root:entrada 640"
[ "$(stat -c '%U %a' /var/lib/entrada)" = "entrada 700" ] ||
    fail "/var/lib/entrada is $(stat -c '%U %a' /var/lib/entrada)"
if command -v systemd-analyze >/dev/null; then
    systemd-analyze verify /lib/systemd/system/entrada-kiosk.service \
        /lib/systemd/system/entrada-usb@.service >"$tmp/verify" 2>&1 ||
        fail "systemd-analyze verify: $(cat "$tmp/verify")"
fi

# The installed programs, as the kiosk's user, on its configuration and database.
as_kiosk() { runuser -u entrada -- "$@"; }
as_kiosk $entrada --version >"$tmp/out" 2>&1 || fail "entrada --version: $(cat "$tmp/out")"
out_has "entrada 0."
as_kiosk $entrada import /usr/share/entrada/demo/attendees.csv >"$tmp/out" 2>&1 ||
    fail "import: $(cat "$tmp/out")"
out_has "150 rows: 150 added"
[ -f /var/lib/entrada/event.db ] || fail "the import did not write /var/lib/entrada/event.db"
as_kiosk $entrada checkin RMC-UZWH279L >"$tmp/out" 2>&1 || fail "checkin: $(cat "$tmp/out")"
out_has "welcome: Santiago"
# A command of entrada-devices, run from libexec.
as_kiosk $entrada badge RMC-UZWH279L --out /var/lib/entrada/badge.png >"$tmp/out" 2>&1 ||
    fail "badge: $(cat "$tmp/out")"
[ -s /var/lib/entrada/badge.png ] || fail "no badge drawn"
# The kiosk, with the installed fonts and translations, acting out a script.
chmod o+x "$tmp" && mkdir -p "$tmp/kiosk" && chown entrada "$tmp/kiosk"
printf 'scan RMC-UZWH279L\nwait 300\nshot already.png\nquit\n' >"$tmp/kiosk/script.txt"
as_kiosk $entrada kiosk --windowed --size 800x480 --script "$tmp/kiosk/script.txt" \
    >"$tmp/out" 2>&1 || fail "kiosk: $(tail -5 "$tmp/out")"
[ -s "$tmp/kiosk/already.png" ] || fail "the kiosk left no screenshot: $(tail -5 "$tmp/out")"
as_kiosk $entrada stats >"$tmp/out" 2>&1 || fail "stats: $(cat "$tmp/out")"

# Purged: nothing of it is left.
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq entrada >"$tmp/purge" 2>&1 ||
    fail "apt-get purge: $(cat "$tmp/purge")"
installed=no
for f in /usr/bin/entrada /usr/libexec/entrada /usr/share/entrada /etc/entrada /var/lib/entrada \
    /lib/systemd/system/entrada-kiosk.service /lib/udev/rules.d/99-entrada-usb.rules; do
    [ ! -e "$f" ] || fail "$f is still there after purge"
done
dpkg-statoverride --list /etc/entrada/entrada.ini >/dev/null && fail "a statoverride is left"
finish package
