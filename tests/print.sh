#!/bin/sh
# Printing for real: a private cupsd (its own configuration and spool under
# a temporary directory, on a loopback port, stopped by trap) with a queue;
# entrada prints a badge through it, and what arrived must read back: the QR
# code decodes to the attendee's code and the name is in its text. Then the
# faults: no such queue, a stopped printer.
# Usage: print.sh ENTRADA DEMO_CSV
set -eu
entrada=$1
demo=$2
if ! command -v cupsd >/dev/null || ! command -v lpadmin >/dev/null; then
    echo "skipped: no cupsd or lpadmin (Debian packages cups-daemon, cups-client)"
    exit 77 # CTest: skipped
fi
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cups.sh"

start_cupsd
lpadmin -h "$server" -p badges -E -v "file://$tmp/out/badge.pdf" || { echo "FAIL: lpadmin: $(tail -5 "$tmp/cups/log/error_log")"; exit 1; }

cat >"$tmp/entrada.ini" <<CONF
[printer]
server = $server
queue = badges
timeout_s = 5
CONF
e() { "$entrada" --config "$tmp/entrada.ini" --db "$tmp/event.db" "$@"; }
e import "$demo" >/dev/null
code=$(e search --json boratynski | jq -r '.[0].code')

# A badge printed and followed to the end.
e print "$code" >"$tmp/out.txt" 2>"$tmp/err" || fail "print: $(cat "$tmp/err")"
grep -q "Łukasz Boratyński: printed on badges (job 1)" "$tmp/out.txt" || fail "print said: $(cat "$tmp/out.txt")"
arrived=$(ls "$tmp"/cups/spool/d*-001 2>/dev/null | head -n 1)
[ -n "$arrived" ] || fail "nothing arrived at the queue"
if [ -n "$arrived" ]; then
    pdftoppm -r 300 -png -singlefile "$arrived" "$tmp/arrived"
    [ "$(e decode "$tmp/arrived.png")" = "$code" ] || fail "the printed QR code does not read back"
    pdftotext "$arrived" - | tr -d ' \n' | grep -q "ŁukaszBoratyński" || fail "the name is not on the badge"
fi

# The kiosk prints a badge on a first check-in, on its own thread.
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software \
    SDL_VIDEO_EGL_DRIVER=none
kat=$(e search --json katainen | jq -r '.[0].code')
printf 'wait 100\nscan %s\nwait 6000\nquit\n' "$kat" >"$tmp/kiosk.txt"
timeout 60 "$entrada" --config "$tmp/entrada.ini" --db "$tmp/event.db" kiosk --windowed \
    --size 800x480 --script "$tmp/kiosk.txt" >/dev/null 2>"$tmp/kiosk.err" ||
    fail "kiosk: $(tail -3 "$tmp/kiosk.err")"
grep -q "print: printed on badges" "$tmp/kiosk.err" || fail "the kiosk did not print: $(cat "$tmp/kiosk.err")"
[ "$(sqlite3 "$tmp/event.db" "SELECT count(*) FROM prints p JOIN attendees a ON a.id = p.attendee_id
    WHERE a.code = '$kat' AND p.ok")" = 1 ] || fail "the kiosk's print is not logged"

# Badges still queued when the kiosk closes are sent and logged, not dropped:
# three first check-ins, and the kiosk told to quit at once.
three="RMC-CX73Q6AH RMC-3FFLTGNC RMC-U4D7MRJA"
{ printf 'wait 1000\n'; printf 'scan %s\n' $three; printf 'wait 50\nquit\n'; } >"$tmp/close.txt"
timeout 60 "$entrada" --config "$tmp/entrada.ini" --db "$tmp/event.db" kiosk --windowed \
    --size 800x480 --script "$tmp/close.txt" >/dev/null 2>"$tmp/close.err" ||
    fail "kiosk closing: $(tail -3 "$tmp/close.err")"
[ "$(sqlite3 "$tmp/event.db" "SELECT count(*) FROM prints p JOIN attendees a ON a.id = p.attendee_id
    WHERE a.code IN ('RMC-CX73Q6AH', 'RMC-3FFLTGNC', 'RMC-U4D7MRJA') AND p.ok")" = 3 ] ||
    fail "badges queued at closing: $(sqlite3 "$tmp/event.db" "SELECT * FROM prints") $(cat "$tmp/close.err")"

# Staff print an earlier attendee's badge again from their page (find anyone,
# by organisation), and a walk-in's badge comes out in the same step as
# their check-in, from `entrada add --checkin --print`.
printf '[kiosk]\n%s\n' "$("$entrada" pin 2468 | tail -n 1)" >>"$tmp/entrada.ini"
cat >"$tmp/reprint.txt" <<SCRIPT
wait 100
hold 10 10 2200
type 2468
key Return
wait 300
tap 514 82
wait 100
type pa\xc5\x84stwowy
wait 300
tap 400 143
wait 200
tap 665 382
wait 6000
quit
SCRIPT
bor=$(e search --json boratynski | jq -r '.[0].code')
timeout 60 "$entrada" --config "$tmp/entrada.ini" --db "$tmp/event.db" kiosk --windowed \
    --size 800x480 --script "$tmp/reprint.txt" >/dev/null 2>"$tmp/kiosk.err" ||
    fail "reprint: $(tail -3 "$tmp/kiosk.err")"
grep -q "staff: printing the badge of" "$tmp/kiosk.err" || fail "no reprint: $(cat "$tmp/kiosk.err")"
[ "$(sqlite3 "$tmp/event.db" "SELECT count(*) FROM prints p JOIN attendees a ON a.id = p.attendee_id
    WHERE p.ok AND a.organisation LIKE 'Pa%stwowy%'")" = 1 ] ||
    fail "the reprint is not logged: $(sqlite3 "$tmp/event.db" "SELECT * FROM prints")"
e add --name "Walk-in Person" --org "Door Sales" --checkin --print >"$tmp/out.txt" 2>"$tmp/err" ||
    fail "add --print: $(cat "$tmp/err")"
grep -q "printed on badges" "$tmp/err" || fail "the walk-in's badge: $(cat "$tmp/err")"
[ "$(sqlite3 "$tmp/event.db" "SELECT count(*) FROM prints p JOIN attendees a ON a.id = p.attendee_id
    WHERE a.code = '$(cat "$tmp/out.txt")' AND p.ok")" = 1 ] || fail "the walk-in's print is not logged"
sqlite3 "$tmp/event.db" "DELETE FROM prints WHERE attendee_id != (SELECT id FROM attendees
    WHERE code = '$bor')"

# No such queue: a clear refusal, logged.
e print "$code" --printer nosuch >/dev/null 2>"$tmp/err" && fail "printing to no queue succeeded"
grep -q 'no printer "nosuch" in CUPS' "$tmp/err" || fail "message: $(cat "$tmp/err")"

# entrada doctor: the queue ready, a test page through it; then the queue paused.
e doctor --print-test >"$tmp/doctor" 2>&1 || true # other checks (the display) may fail here
grep -q '^ok    printer  queue badges: idle, accepting jobs; test page: ' "$tmp/doctor" ||
    fail "doctor, queue ready: $(grep printer "$tmp/doctor")"

# A stopped printer: the job waits; entrada says so and what to do.
cupsdisable -h "$server" badges
e doctor >"$tmp/doctor" 2>&1 && fail "doctor exit 0 with the queue paused"
grep -q '^FAIL  printer  queue badges: stopped, .*cupsenable' "$tmp/doctor" ||
    fail "doctor, queue paused: $(grep printer "$tmp/doctor")"
status=0
e print "$code" >/dev/null 2>"$tmp/err" || status=$?
[ "$status" = 69 ] || fail "a stopped printer: exit $status"
grep -q "still waiting: printer stopped" "$tmp/err" || fail "stopped message: $(cat "$tmp/err")"

# A stopped printer never holds up a check-in at the kiosk: the verdict is on
# screen at once, the failure comes later on the status line and in the log.
ana=$(e search --json fernandez ruiz | jq -r '.[0].code')
printf 'wait 100\nscan %s\nwait 150\nshot verdict.png\nwait 9000\nquit\n' "$ana" >"$tmp/stuck.txt"
timeout 60 "$entrada" --config "$tmp/entrada.ini" --db "$tmp/event.db" kiosk --windowed \
    --size 800x480 --script "$tmp/stuck.txt" >/dev/null 2>"$tmp/kiosk.err" ||
    fail "kiosk, stopped printer: $(tail -3 "$tmp/kiosk.err")"
[ "$(sqlite3 "$tmp/event.db" "SELECT count(*) FROM admissions c JOIN attendees a
    ON a.id = c.attendee_id WHERE a.code = '$ana'")" = 1 ] || fail "the check-in waited for the printer"
grep -q "print: job .* still waiting" "$tmp/kiosk.err" || fail "no print failure: $(cat "$tmp/kiosk.err")"
sqlite3 "$tmp/event.db" "DELETE FROM prints WHERE attendee_id = (SELECT id FROM attendees
    WHERE code = '$ana')"

# Closing with badges queued for a stopped printer: it gets 10 s, each job at
# least 5 s (timeout_s); of four, the last is not sent, and the print log
# names it with what to do.
four="RMC-NJ7XXQ8K RMC-YAXT4A8T RMC-P3CE7VVE RMC-J3469PBM"
{ printf 'wait 1000\n'; printf 'scan %s\n' $four; printf 'wait 50\nquit\n'; } >"$tmp/unsent.txt"
timeout 60 "$entrada" --config "$tmp/entrada.ini" --db "$tmp/event.db" kiosk --windowed \
    --size 800x480 --script "$tmp/unsent.txt" >/dev/null 2>"$tmp/unsent.err" ||
    fail "kiosk closing, stopped printer: $(tail -3 "$tmp/unsent.err")"
q="FROM prints p JOIN attendees a ON a.id = p.attendee_id WHERE a.code IN ('RMC-NJ7XXQ8K',
    'RMC-YAXT4A8T', 'RMC-P3CE7VVE', 'RMC-J3469PBM')"
[ "$(sqlite3 "$tmp/event.db" "SELECT count(*) $q AND NOT p.ok AND (p.result LIKE '%still waiting%'
    OR p.result LIKE '%not sent%')")" = 4 ] ||
    fail "four badges at closing: $(sqlite3 "$tmp/event.db" "SELECT * FROM prints")"
[ "$(sqlite3 "$tmp/event.db" "SELECT p.result $q AND a.code = 'RMC-J3469PBM'")" = \
    "badge of RMC-J3469PBM not sent: the kiosk closed before the printer took it; print it again (entrada print RMC-J3469PBM)" ] ||
    fail "the badge not sent: $(sqlite3 "$tmp/event.db" "SELECT p.result $q")"
grep -q "print: [1-3] badges queued were not sent before the kiosk closed" "$tmp/unsent.err" ||
    fail "closing log: $(cat "$tmp/unsent.err")"
sqlite3 "$tmp/event.db" "DELETE FROM prints WHERE id IN (SELECT p.id $q)"

# Every try is in the print log and counted.
sqlite3 "$tmp/event.db" "SELECT ok, printer, job_id > 0 FROM prints ORDER BY id" >"$tmp/log"
[ "$(cat "$tmp/log" | tr '\n' ' ')" = "1|badges|1 0|nosuch|0 0|badges|1 " ] || fail "print log: $(cat "$tmp/log")"
[ "$(e stats --json | jq '.badges_printed, .print_failures' | tr '\n' ' ')" = "1 2 " ] ||
    fail "stats: $(e stats --json)"

finish print
