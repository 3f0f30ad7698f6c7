#!/bin/sh
# End-to-end: the privacy notice and the retention of the event's data.
# The kiosk on SDL's offscreen driver, acted out by scripts: the notice on
# the start screen in the language shown, "More" with the full text a page
# at a time, Close, and back to the start when left alone. Then retain_days:
# stats warns, a kiosk past the time shows the staff screen and checks no
# one in, and entrada retain --extend opens it again.
# Usage: privacy.sh ENTRADA PNG_PIXEL DEMO_CSV
set -eu
entrada=$1
png_pixel=$2
demo=$3
. "$(dirname "$0")/lib.sh"
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
export SDL_RENDER_DRIVER=software SDL_VIDEO_EGL_DRIVER=none
colour() { "$png_pixel" "$1" "$2" "$3" | sed -n 2p; }
expect_colour() { # FILE X Y RRGGBB WHAT
    [ -f "$tmp/$1" ] || { fail "$1 was not taken"; return; }
    got=$(colour "$tmp/$1" "$2" "$3")
    [ "$got" = "$4" ] || fail "$1 at $2,$3 is $got, expected $4: $5"
}
# read_text FILE: the screenshot's words (tesseract), or nothing without it.
read_text() { command -v tesseract >/dev/null && tesseract "$tmp/$1" - 2>/dev/null | tr '\n' ' '; }
accent=1f4e79 panel=e4dfd3 paper=f4f1ea amber=b36b00 green=1e7a3c

# A full notice of 60 numbered lines: three pages or more at 800x480.
for i in $(seq 1 60); do echo "Line $i of the full notice."; done >"$tmp/notice.txt"
cat >"$tmp/entrada.ini" <<INI
[entrada]
event_name = Privacy test
kiosk_id = door-1
[kiosk]
language = en
search_timeout_ms = 5000
[privacy]
notice = We keep your name and the time you arrive, for the attendance report.
notice_es = Guardamos su nombre y la hora de llegada, para el informe de asistencia.
notice_file = $tmp/notice.txt
INI
cfg="--config $tmp/entrada.ini --db $tmp/event.db"
"$entrada" $cfg import "$demo" >/dev/null

# At 800x480 a unit is 5 px: "More" at the notice's right (705-785, 425-450);
# on the full text Previous (15-145), Next (155-285) and Close (655-785), 415-470.
cat >"$tmp/more.txt" <<'SCRIPT'
wait 300
shot idle.png
tap 745 437
wait 200
shot page1.png
tap 220 442
wait 200
shot page2.png
tap 80 442
wait 200
shot back1.png
tap 720 442
wait 200
shot closed.png
tap 745 437
wait 5800
shot alone.png
quit
SCRIPT
status=0
timeout 60 "$entrada" $cfg kiosk --windowed --size 800x480 --script "$tmp/more.txt" \
    >/dev/null 2>"$tmp/err" || status=$?
[ "$status" = 0 ] || fail "the kiosk exited $status: $(tail -3 "$tmp/err")"
expect_colour idle.png 745 428 $panel "no More button on the start screen"
expect_colour page1.png 700 420 $accent "no Close button on the full notice"
expect_colour page1.png 30 420 $paper "a Previous button on the first page"
expect_colour page1.png 170 420 $panel "no Next button on the first page"
expect_colour page2.png 30 420 $panel "no Previous button on the second page"
expect_colour back1.png 30 420 $paper "Previous did not go back to the first page"
expect_colour closed.png 745 428 $panel "Close did not go back to the start screen"
expect_colour alone.png 745 428 $panel "the full notice did not time out to the start screen"
if command -v tesseract >/dev/null; then
    read_text idle.png | grep -q "We keep your name" || fail "idle.png: no notice: $(read_text idle.png)"
    read_text page1.png | grep -q "Line 1 of" || fail "page1.png: no first line: $(read_text page1.png)"
    read_text page2.png | grep -q "Line 1 of" && fail "page2.png still shows line 1"
    read_text page2.png | grep -q "Page 2 of" || fail "page2.png: no \"Page 2 of\": $(read_text page2.png)"
fi

# In Spanish: notice_es, and "Más".
sed 's/^language = en/language = es/' "$tmp/entrada.ini" >"$tmp/es.ini"
printf 'wait 300\nshot idle-es.png\nquit\n' >"$tmp/es.txt"
timeout 60 "$entrada" --config "$tmp/es.ini" --db "$tmp/event.db" kiosk --windowed --size 800x480 \
    --script "$tmp/es.txt" >/dev/null 2>"$tmp/err" || fail "the Spanish kiosk failed"
if command -v tesseract >/dev/null; then
    read_text idle-es.png | grep -q "Guardamos su nombre" ||
        fail "idle-es.png: no Spanish notice: $(read_text idle-es.png)"
fi

# Without a notice the start screen has no notice row: the find button sits lower.
grep -v '^notice' "$tmp/entrada.ini" >"$tmp/plain.ini"
printf 'wait 300\nshot plain.png\nquit\n' >"$tmp/plain.txt"
timeout 60 "$entrada" --config "$tmp/plain.ini" --db "$tmp/event.db" kiosk --windowed --size 800x480 \
    --script "$tmp/plain.txt" >/dev/null 2>"$tmp/err" || fail "the kiosk without a notice failed"
expect_colour plain.png 745 437 $paper "a notice row without a notice"

# Retention: a check-in 40 days ago, kept 30 days.
code=$("$entrada" $cfg search --json cuesta | jq -r '.[0].code')
other=$("$entrada" $cfg search --json katainen | jq -r '.[0].code')
run 0 $cfg checkin --at "$(date -d '40 days ago' '+%Y-%m-%d %H:%M')" "$code"
printf 'retain_days = 30\n' >>"$tmp/entrada.ini"
run 0 $cfg stats
err_has "data past its time"
err_has "entrada wipe"
run 0 $cfg retain
out_has "the kiosk checks no one in"
before=$(sqlite3 "$tmp/event.db" "SELECT COUNT(*) FROM checkins")
cat >"$tmp/closed.txt" <<SCRIPT
wait 300
shot retain.png
scan $other
wait 300
shot retain-scan.png
quit
SCRIPT
timeout 60 "$entrada" $cfg kiosk --windowed --size 800x480 --script "$tmp/closed.txt" \
    >/dev/null 2>"$tmp/err" || fail "the closed kiosk failed: $(tail -3 "$tmp/err")"
expect_colour retain.png 10 3 $amber "no staff screen for data past its time"
expect_colour retain-scan.png 10 3 $amber "a scan left the staff screen"
grep -q "a check-in refused" "$tmp/err" || fail "the scan was not refused: $(tail -3 "$tmp/err")"
[ "$(sqlite3 "$tmp/event.db" "SELECT COUNT(*) FROM checkins")" = "$before" ] ||
    fail "a check-in was recorded past the data's time"

# Kept 10 days more: the kiosk checks in again, and stats only warns.
run 0 $cfg retain --extend 10
out_has "due for deletion:  $(date -d '10 days' '+%Y-%m-%d')"
run 0 $cfg stats
err_has "warning: the event ended on"
cat >"$tmp/open.txt" <<SCRIPT
wait 300
scan $other
wait 300
shot welcome.png
quit
SCRIPT
timeout 60 "$entrada" $cfg kiosk --windowed --size 800x480 --script "$tmp/open.txt" \
    >/dev/null 2>"$tmp/err" || fail "the extended kiosk failed: $(tail -3 "$tmp/err")"
expect_colour welcome.png 400 240 $green "no welcome after the extension"
[ "$(sqlite3 "$tmp/event.db" "SELECT COUNT(*) FROM checkins")" = "$((before + 1))" ] ||
    fail "the check-in after the extension was not recorded"

# retain_days 0: no limit, nothing to extend.
grep -v '^retain_days' "$tmp/entrada.ini" >"$tmp/nolimit.ini"
run 78 --config "$tmp/nolimit.ini" --db "$tmp/event.db" retain --extend 5
err_has "without a limit"
finish privacy.sh
