#!/bin/sh
# Build entrada and start the kiosk on the demo event: the 150 participants
# of a raw-materials cluster meeting, with its roundtable, and the business
# matchmaking beside it, which has its own list of 12 (one of them also on
# the meeting's list). The demo's database is made anew in build/demo/ on
# every run.
# Staff mode: hold the top left corner for two seconds; the demo PIN is 1234.
#
# With a display (X11, Wayland, or a Raspberry Pi's screen) the kiosk opens
# on it; arguments are passed on (scripts/run.sh --windowed --size 800x480).
# Without one, it acts out assets/demo/tour.txt offscreen and leaves the
# screenshots in build/demo/tour/. Either way the exports go to
# build/demo/export/ and the roundtable's signature sheet to
# build/demo/signatures.pdf.
set -eu
. "$(dirname "$0")/setup.sh"
install_packages $BUILD_PACKAGES
build build

demo="$ENTRADA_ROOT/build/demo"
mkdir -p "$demo/tour"
rm -f "$demo/event.db" "$demo/event.db-wal" "$demo/event.db-shm"
# The demo settings, with the lists that staff mode's "reload" imports again
# (the folder: attendees.csv is main, b2b.csv is b2b) and a directory that
# plays the USB port.
{
    cat "$ENTRADA_ROOT/assets/demo/entrada.ini"
    printf '\nlist = %s\nlogo = %s\n[badge]\nlogo = %s\n[usb]\ndrop_dir = %s\n' \
        "$ENTRADA_ROOT/assets/demo" "$ENTRADA_ROOT/assets/demo/logo.svg" \
        "$ENTRADA_ROOT/assets/demo/logo.svg" "$demo/drop"
    # The event is today; its full privacy notice in English and Spanish.
    printf '[event]\ndate = %s\n[privacy]\nnotice_file = %s\nnotice_file_es = %s\n' \
        "$(date +%Y-%m-%d)" "$ENTRADA_ROOT/assets/demo/privacy.txt" \
        "$ENTRADA_ROOT/assets/demo/privacy.es.txt"
} >"$demo/entrada.ini"
rm -rf "$demo/drop" && mkdir -p "$demo/drop" # anew, like the database
entrada() {
    "$ENTRADA_ROOT/build/entrada" --config "$demo/entrada.ini" --db "$demo/event.db" "$@"
}
demo_event entrada
# What the organisers take home: the exports (workbook, CSV files, chart) and the
# roundtable's signature sheet.
papers() {
    entrada export "$demo/export" >/dev/null
    entrada sheet --session roundtable "$demo/signatures.pdf" >/dev/null
    echo "Exports: $demo/export/; signature sheet: $demo/signatures.pdf"
}
papers

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec "$ENTRADA_ROOT/build/entrada" --config "$demo/entrada.ini" --db "$demo/event.db" \
        kiosk --windowed "$@"
elif [ -n "${SDL_VIDEODRIVER:-}" ] || [ -e /dev/dri/card0 ] || [ -e /dev/dri/card1 ]; then
    exec "$ENTRADA_ROOT/build/entrada" --config "$demo/entrada.ini" --db "$demo/event.db" \
        kiosk "$@"
fi
echo "No display here: acting out the demo tour offscreen."
cp "$ENTRADA_ROOT/assets/demo/tour.txt" "$demo/tour/tour.txt"
SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software \
    SDL_VIDEO_EGL_DRIVER=none entrada kiosk --windowed --size 1280x800 \
    --script "$demo/tour/tour.txt" "$@"
entrada stats
papers # again, with the tour's check-ins
echo
echo "Screenshots of the tour: $demo/tour/*.png"
echo "The exports of the demo (workbook, CSV files, chart): $demo/export/"
