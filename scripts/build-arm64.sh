#!/bin/sh
# entrada for a Raspberry Pi 4/5 (Raspberry Pi OS bookworm, 64-bit), built on
# any Debian machine: Debian's cross compiler, the arm64 libraries through
# multiarch, and qemu-aarch64-static to run what was built.
#
#   scripts/build-arm64.sh          the package build/entrada_VERSION_arm64.deb
#                                   (lintian-checked), and a smoke run of its
#                                   programs under qemu: about 2 minutes
#   scripts/build-arm64.sh --full   also every unit test and end-to-end test,
#                                   built into build-arm64/ and run under qemu
#                                   (scripts/test.sh with ENTRADA_ARM64=1)
set -eu
. "$(dirname "$0")/setup.sh"
install_packages $BUILD_PACKAGES $PACKAGE_PACKAGES
install_cross arm64

echo "== the arm64 package"
"$ENTRADA_ROOT/scripts/package.sh" arm64 | grep -v '^running with root'
deb=$(ls "$ENTRADA_ROOT"/build/entrada_*_arm64.deb)

echo "== a smoke run of the arm64 programs under qemu"
smoke=$(mktemp -d)
trap 'rm -rf "$smoke"' EXIT
dpkg-deb -x "$deb" "$smoke/root"
file -b "$smoke/root/usr/bin/entrada" | grep -q aarch64 || {
    echo "build-arm64.sh: $smoke/root/usr/bin/entrada is not an arm64 program" >&2
    exit 1
}
arm() { qemu-aarch64-static "$@"; }
bin=$smoke/root/usr/bin/entrada
devices=$smoke/root/usr/libexec/entrada/entrada-devices
: >"$smoke/entrada.ini"
db="--config $smoke/entrada.ini --db $smoke/event.db"
arm "$bin" --version
arm "$bin" $db import "$ENTRADA_ROOT/assets/demo/attendees.csv" | tail -1
arm "$bin" $db checkin RMC-UZWH279L
# The devices program: a badge drawn with cairo and libqrencode, read back by zbar.
arm "$devices" $db badge RMC-UZWH279L --out "$smoke/badge.png" --dpi 200
arm "$devices" decode "$smoke/badge.png" | grep -qx RMC-UZWH279L || {
    echo "build-arm64.sh: the arm64 decoder did not read the arm64 badge back" >&2
    exit 1
}
echo "badge drawn and read back by the arm64 programs"

[ "${1:-}" = --full ] || exit 0
echo "== every test, built for arm64 and run under qemu"
build build-arm64 -DCMAKE_TOOLCHAIN_FILE="$ENTRADA_ROOT/scripts/aarch64.cmake"
# Not kiosk.sh: it times the camera's report of unreadable frames (4 s), which
# emulation outruns; nor frames.sh, a kiosk watching a raw-frame camera for a
# badge within a time; the kiosk itself runs under qemu in watchdog.sh.
(cd "$ENTRADA_ROOT/build-arm64" && ctest --output-on-failure -j2 --timeout 900 -E '^(kiosk|frames)$')
