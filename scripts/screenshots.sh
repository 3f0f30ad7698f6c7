#!/bin/sh
# Take the README's screenshots: the demo tour (assets/demo/tour.txt) at the
# Raspberry Pi touch display's 800x480 and at 1920x1080, into
# docs/screenshots/SIZE/; and the attendee's screens (start, welcome, find
# my name, a refusal) in Spanish, English, German, Polish and Greek, into
# docs/screenshots/languages/SIZE/. Runs offscreen; needs no display.
set -eu
. "$(dirname "$0")/setup.sh"
install_packages $BUILD_PACKAGES
build build
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for size in 800x480 1920x1080; do
    out="$ENTRADA_ROOT/docs/screenshots/$size"
    mkdir -p "$out"
    rm -f "$work/event.db"*
    {
        cat "$ENTRADA_ROOT/assets/demo/entrada.ini"
        printf '\nlogo = %s\n' "$ENTRADA_ROOT/assets/demo/logo.svg"
        printf '[privacy]\nnotice_file = %s\nnotice_file_es = %s\n' \
            "$ENTRADA_ROOT/assets/demo/privacy.txt" "$ENTRADA_ROOT/assets/demo/privacy.es.txt"
    } >"$work/entrada.ini"
    e() { "$ENTRADA_ROOT/build/entrada" --config "$work/entrada.ini" --db "$work/event.db" "$@"; }
    demo_event e >/dev/null
    cp "$ENTRADA_ROOT/assets/demo/tour.txt" "$out/tour.txt"
    SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software \
        SDL_VIDEO_EGL_DRIVER=none e kiosk --windowed --size "$size" --script "$out/tour.txt"
    rm "$out/tour.txt"

    # A USB stick with the list updated by the organisers (one registration
    # more), put into the kiosk: the PIN, then the sync's outcome.
    rm -rf "$work/drop" && mkdir -p "$work/drop/stick/entrada"
    {
        cat "$ENTRADA_ROOT/assets/demo/attendees.csv"
        printf 'RMC-ZN4Q7TWP;Aino;Heikkilä;Geological Survey of Finland;'
        printf 'aino.heikkila@gtk.example;ATTENDEE;Public authority;FI;Yes\r\n'
    } >"$work/drop/stick/entrada/attendees.csv"
    printf '[usb]\nroots =\ndrop_dir = %s\n' "$work/drop" >>"$work/entrada.ini"
    printf 'wait 1600\nshot 23-usb-pin.png\ntype 1234\nkey Return\nwait 1500\nshot 24-usb-synced.png\nquit\n' \
        >"$out/usb.txt"
    SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software \
        SDL_VIDEO_EGL_DRIVER=none e kiosk --windowed --size "$size" --script "$out/usb.txt"
    rm "$out/usb.txt"

    # Past [privacy] retain_days (30 days in the demo): a store whose only
    # check-in is 40 days old. The kiosk tells staff to export and wipe.
    rm -f "$work/event.db"*
    rm -rf "$work/drop" && mkdir -p "$work/drop" # no stick this time
    demo_event e >/dev/null
    e checkin --at "$(date -d '40 days ago' '+%Y-%m-%d %H:%M')" RMC-UZWH279L >/dev/null
    printf 'wait 300\nshot 26-closed.png\nquit\n' >"$out/closed.txt"
    SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software \
        SDL_VIDEO_EGL_DRIVER=none e kiosk --windowed --size "$size" --script "$out/closed.txt"
    rm "$out/closed.txt"
    echo "screenshots in $out"
done

# The attendee's screens in five languages, at the matchmaking (its own list):
# a welcome, a search, and someone who has not paid yet (a refusal: the
# given name alone).
for size in 800x480 1920x1080; do
    out="$ENTRADA_ROOT/docs/screenshots/languages/$size"
    rm -rf "$out" && mkdir -p "$out"
    for lang in es en de pl el; do
        rm -f "$work/event.db"*
        {
            cat "$ENTRADA_ROOT/assets/demo/entrada.ini"
            printf '\nlogo = %s\nlanguage = %s\n' "$ENTRADA_ROOT/assets/demo/logo.svg" "$lang"
            printf '[checkin]\nsession = matchmaking\n'
        } >"$work/entrada.ini"
        demo_event e >/dev/null
        cat >"$out/languages.txt" <<SCRIPT
wait 300
shot $lang-1-idle.png
scan MM-4K7Q2P
wait 300
shot $lang-2-welcome.png
key Escape
tap 50% 85%
wait 100
type boraty
wait 300
shot $lang-3-search.png
key Escape
scan MM-7P4Z5A
wait 300
shot $lang-4-refusal.png
quit
SCRIPT
        SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software \
            SDL_VIDEO_EGL_DRIVER=none e kiosk --windowed --size "$size" --script "$out/languages.txt"
        rm "$out/languages.txt"
    done
    echo "screenshots in $out"
done
