#!/bin/sh
# The kiosk under systemd's watchdog, as scripts/entrada-kiosk.service starts
# it (Type=notify, WatchdogSec): NOTIFY_SOCKET points at a socket this test
# reads (notify_listen) and WATCHDOG_USEC asks for a ping every half second.
# The kiosk must say READY=1, then WATCHDOG=1 while its loop runs, go quiet
# while a script stalls the loop (stall 2500), ping again after it, and say
# STOPPING=1. A kiosk that cannot start exits non-zero without READY=1.
# Usage: watchdog.sh ENTRADA NOTIFY_LISTEN DEMO_CSV
set -eu
entrada=$1
listen=$2
demo=$3
. "$(dirname "$0")/lib.sh"
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software \
    SDL_VIDEO_EGL_DRIVER=none
printf '[entrada]\nkiosk_id = door-1\n' >"$tmp/entrada.ini"
run 0 --config "$tmp/entrada.ini" --db "$tmp/event.db" import "$demo"

# kiosk SCRIPT: run the kiosk the unit's way, listening to it until it ends.
kiosk() {
    rm -f "$tmp/notify.sock"
    "$listen" "$tmp/notify.sock" 600 >"$tmp/notify" &
    listener=$!
    for i in $(seq 50); do [ -S "$tmp/notify.sock" ] && break; sleep 0.1; done
    status=0
    NOTIFY_SOCKET=$tmp/notify.sock WATCHDOG_USEC=1000000 \
        "$entrada" --config "$tmp/entrada.ini" --db "$tmp/event.db" kiosk --windowed \
        --size 800x480 --script "$1" >"$tmp/log" 2>&1 || status=$?
    sleep 0.2
    kill "$listener"
    wait "$listener" 2>/dev/null || true
}

printf 'wait 2500\nstall 2500\nwait 2000\nquit\n' >"$tmp/stall.txt"
kiosk "$tmp/stall.txt"
[ "$status" = 0 ] || fail "kiosk exit $status: $(tail -3 "$tmp/log")"
grep -q ' READY=1 STATUS=kiosk door-1: session main' "$tmp/notify" ||
    fail "no READY=1 with the kiosk's status: $(head -3 "$tmp/notify")"
grep -q ' STOPPING=1' "$tmp/notify" || fail "no STOPPING=1"
# The pings' times, and the gaps between them: short while the loop runs,
# one of at least two seconds while it is stalled, pings again afterwards.
awk '$2 == "WATCHDOG=1" { if (n++) print $1 - last; last = $1 }' "$tmp/notify" >"$tmp/gaps"
pings=$(grep -c ' WATCHDOG=1' "$tmp/notify" || true)
long=$(awk '$1 >= 2000' "$tmp/gaps" | wc -l)
[ "$pings" -ge 6 ] || fail "only $pings WATCHDOG=1 pings: $(cat "$tmp/notify")"
[ "$long" = 1 ] || fail "$long gaps of 2 s or more between pings, not 1 (the stall): $(tr '\n' ' ' <"$tmp/gaps")"
before=$(awk '$1 >= 2000 { print NR; exit }' "$tmp/gaps")
[ "${before:-0}" -ge 3 ] || fail "fewer than 3 pings before the stall: $(tr '\n' ' ' <"$tmp/gaps")"
after=$(awk '$1 >= 2000 { found = 1; next } found' "$tmp/gaps" | wc -l)
[ "$after" -ge 2 ] || fail "the pings did not come back after the stall: $(tr '\n' ' ' <"$tmp/gaps")"
awk '$1 >= 2000 { next } $1 > 1500 { bad = 1 } END { exit bad }' "$tmp/gaps" ||
    fail "a gap over 1.5 s while the loop ran: $(tr '\n' ' ' <"$tmp/gaps")"

# A fatal error (a session the store lacks): non-zero exit, never READY=1.
printf '[entrada]\nkiosk_id = door-1\n[checkin]\nsession = nosuch\n' >"$tmp/entrada.ini"
printf 'quit\n' >"$tmp/quit.txt"
kiosk "$tmp/quit.txt"
[ "$status" != 0 ] || fail "the kiosk exited 0 after a fatal error"
grep -q 'no session named' "$tmp/log" || fail "no reason given: $(cat "$tmp/log")"
! grep -q 'READY=1' "$tmp/notify" || fail "READY=1 from a kiosk that did not start"
finish watchdog
