#!/bin/sh
# End-to-end: the real kiosk on SDL's offscreen video driver, acted out by
# scripts. Checks the colours of the screens it shows and what it recorded.
# Usage: kiosk.sh ENTRADA PNG_PIXEL DEMO_CSV QR_IMAGE
set -eu
entrada=$1
png_pixel=$2
demo=$3
qr_image=$4
. "$(dirname "$0")/lib.sh"
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
# SDL's software renderer, as on a display without GPU. Without an EGL library
# to load, the offscreen driver leaves Mesa alone: Mesa's allocations, made
# in a library unloaded before exit, would show as leaks under the sanitizers.
export SDL_RENDER_DRIVER=software SDL_VIDEO_EGL_DRIVER=none
code_of() { "$entrada" --db "$tmp/event.db" search --json "$@" | jq -r '.[0].code'; }
# colour FILE X Y: the pixel's colour as RRGGBB
colour() { "$png_pixel" "$1" "$2" "$3" | sed -n 2p; }
expect_colour() {
    [ -f "$tmp/$1" ] || { fail "$1 was not taken"; return; }
    got=$(colour "$tmp/$1" "$2" "$3")
    # The top left pixel tells the screen: 1f4e79 start, 1b2430 PIN, f4f1ea search or staff.
    [ "$got" = "$4" ] || fail "$1 at $2,$3 is $got, expected $4 (top left: $(colour "$tmp/$1" 2 2))"
}
sql() { sqlite3 "$tmp/event.db" "$1"; }

green=1e7a3c amber=b36b00 red=b0241c paper=f4f1ea pinbg=1b2430
pin_line=$("$entrada" pin 2468 | tail -n 1)
cat >"$tmp/entrada.ini" <<INI
[entrada]
event_name = European Raw Materials Clusters Meeting, Sevilla
kiosk_id = door-1
[checkin]
repeat_window_ms = 0
[kiosk]
$pin_line
list = $tmp/list.csv
sound = yes
INI
cfg="--config $tmp/entrada.ini --db $tmp/event.db"

# The demo list, one attendee short: they are cancelled.
"$entrada" $cfg import "$demo" >/dev/null
"$entrada" $cfg session add roundtable "Roundtable" >/dev/null
# The matchmaking has its own list: those on the main list only are refused there.
printf 'Ticket code,Participant,E-mail,Company,Status\nMM-1,Ingrid Solberg,ingrid@nordic.example,Nordic Lithium AS,Confirmed\n' \
    >"$tmp/b2b.csv"
"$entrada" $cfg import --list b2b "$tmp/b2b.csv" >/dev/null
"$entrada" $cfg session add matchmaking "Business matchmaking" --lists b2b >/dev/null
katainen=$(code_of katainen)
santiago=$(code_of cuesta lopez)
gone=$(code_of boratynski)
grep -v "$gone" "$demo" >"$tmp/list.csv"
"$entrada" $cfg import "$tmp/list.csv" >/dev/null
long=$(head -c 10000 /dev/zero | tr '\0' 'Z')

cat >"$tmp/walk.txt" <<SCRIPT
wait 200
shot idle.png
scan $katainen
wait 100
shot welcome.png
scan $katainen
wait 100
shot already.png
scan NO-SUCH-CODE
wait 100
shot unknown.png
scan $gone
wait 100
shot cancelled.png
scan RMC\\x01-\\x1b[2J
wait 100
shot control.png
scan $long
wait 100
shot long.png
key Escape
tap 640 684
wait 100
type lopez
wait 300
shot search.png
tap 640 251
wait 100
shot confirm.png
tap 364 680
wait 100
shot search-welcome.png
hold 10 10 2200
wait 100
shot pin.png
type 1111
key Return
wait 100
shot pin-wrong.png
type 2468
key Return
wait 200
shot staff.png
tap 1117 242
wait 100
shot undo.png
tap 1117 458
wait 100
tap 1117 566
wait 100
scan $katainen
wait 100
shot roundtable.png
key Escape
wait 100
key Escape
wait 100
shot still-running.png
hold 10 10 2200
type 2468
key Return
wait 200
tap 823 674
wait 500
shot never.png
SCRIPT

status=0
timeout 120 "$entrada" $cfg kiosk --windowed --size 1280x800 --script "$tmp/walk.txt" \
    >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" = 0 ] || fail "kiosk exit status $status: $(tail -5 "$tmp/err")"
[ "$("$png_pixel" "$tmp/idle.png" | head -n 1)" = 1280x800 ] || fail "idle.png is not 1280x800"
expect_colour idle.png 20 400 $paper
expect_colour welcome.png 20 780 $green
expect_colour already.png 20 780 $amber
expect_colour unknown.png 20 780 $red
expect_colour cancelled.png 20 780 $red
expect_colour control.png 20 780 $red
expect_colour long.png 20 780 $red
expect_colour search.png 20 400 $paper
expect_colour search-welcome.png 20 780 $green
expect_colour pin.png 20 400 $pinbg
expect_colour pin-wrong.png 20 400 $pinbg
expect_colour staff.png 20 780 $paper
expect_colour roundtable.png 20 780 $green
expect_colour still-running.png 20 400 $paper
[ -f "$tmp/never.png" ] && fail "the kiosk went on after staff left it"
grep -q "staff mode opened" "$tmp/err" || fail "staff mode was not opened"
grep -q "wrong PIN" "$tmp/err" || fail "a wrong PIN was not refused"
grep -q "staff: leaving the app" "$tmp/err" || fail "leaving from staff mode"
cmp -s "$tmp/already.png" "$tmp/welcome.png" && fail "already looks like welcome"

# What was recorded: Katainen by scanner (main, then roundtable), Santiago by
# search, undone by staff; nothing for the refusals.
kat_id=$(sql "SELECT id FROM attendees WHERE code = '$katainen'")
san_id=$(sql "SELECT id FROM attendees WHERE code = '$santiago'")
[ "$(sql "SELECT count(*) FROM checkins")" = 4 ] || fail "journal: $(sql 'SELECT * FROM checkins')"
[ "$(sql "SELECT count(*) FROM checkins WHERE attendee_id = $kat_id AND method = 'scanner'")" = 2 ] ||
    fail "Katainen's scans"
[ "$(sql "SELECT s.name FROM checkins c JOIN sessions s ON s.id = c.session_id ORDER BY c.id DESC LIMIT 1")" = roundtable ] ||
    fail "the session chosen in staff mode"
[ "$(sql "SELECT count(*) FROM checkins WHERE attendee_id = $san_id AND method = 'search'")" = 1 ] ||
    fail "Santiago's check-in by search"
[ "$(sql "SELECT count(*) FROM checkins WHERE undoes IS NOT NULL AND attendee_id = $san_id")" = 1 ] ||
    fail "the undo"
[ "$(sql "SELECT count(*) FROM admissions")" = 2 ] || fail "admissions after the undo"

# A session for another list: Katainen (main list only) is refused at the
# matchmaking, logged as a refusal and not checked in; staff mode shows him
# with "admit anyway", which checks him in as an override by staff.
cat >"$tmp/refusal.txt" <<SCRIPT
wait 100
hold 10 10 2200
type 2468
key Return
wait 200
tap 1117 458
tap 1117 458
wait 100
tap 1117 566
wait 100
scan $katainen
wait 100
shot not-for-session.png
key Escape
hold 10 10 2200
type 2468
key Return
wait 200
shot staff-refused.png
tap 340 484
wait 200
shot reason.png
tap 640 244
wait 200
shot admitted.png
quit
SCRIPT
before=$(sql "SELECT count(*) FROM checkins")
timeout 60 "$entrada" $cfg kiosk --windowed --size 1280x800 --script "$tmp/refusal.txt" \
    >/dev/null 2>"$tmp/err" || fail "refusal run: $(tail -3 "$tmp/err")"
expect_colour not-for-session.png 20 780 $red
expect_colour staff-refused.png 20 780 $paper
expect_colour staff-refused.png 17 300 $red   # the refusal's frame
expect_colour staff-refused.png 30 470 $amber # "admit anyway…"
expect_colour reason.png 200 244 $amber # "paid at the door"
expect_colour admitted.png 20 780 $green
grep -q "staff: admitting $katainen anyway (paid at the door)" "$tmp/err" || fail "no override logged"
[ "$(sql "SELECT r.verdict || ' ' || r.method || ' ' || s.name FROM refusals r
    JOIN sessions s ON s.id = r.session_id WHERE r.attendee_id = $kat_id")" = \
    "not_for_session scanner matchmaking" ] || fail "refusals: $(sql 'SELECT * FROM refusals')"
# One check-in more, the override: the refused scan itself recorded none.
[ "$(sql "SELECT count(*) FROM checkins")" = $((before + 1)) ] || fail "check-ins after the refusal"
[ "$(sql "SELECT c.attendee_id || ' ' || c.method || ' ' || c.override || ' ' || c.reason
    FROM checkins c JOIN sessions s ON s.id = c.session_id WHERE s.name = 'matchmaking'")" = \
    "$kat_id staff 1 paid at the door" ] || fail "the override: $(sql 'SELECT * FROM checkins')"

# The staff desk at 800x480. A special-attention attendee gets the welcome and
# a distinct sound, and staff mode a banner until dismissed; a walk-in typed
# on the staff keyboard is added to the list walk-in, checked in and opened;
# find anyone by organisation and act on that person (check in, undo theirs,
# badge handed out, show their badge); the cancelled attendee admitted with a
# reason; the not-arrived list, VIPs first.
staff_key() { # the centre of staff button N at 800x480, with or without the banner
    top=$((${2:-0} ? 120 : 50)) bh=$((${2:-0} ? 52 : 64))
    echo "$((422 + ($1 % 2) * 184 + 92)) $((top + ($1 / 2) * bh + bh / 2))"
}
walk_key() { # the centre of the key typing letter $1 on the walk-in form at 800x480
    rows="1234567890 QWERTYUIOP ASDFGHJKL_ ZXCVBNM-.@" r=0
    for row in $rows; do
        c=$(expr index "$row" "$1" || true)
        [ "$c" -gt 0 ] && { echo "$((10 + 79 * (c - 1) + 39)) $((260 + 43 * r + 21))"; return; }
        r=$((r + 1))
    done
    echo "484 453" # space
}
walk_type() { # tap lines typing $1 (capitals, spaces) on the walk-in keyboard
    printf '%s\n' "$1" | fold -w1 | while read -r ch; do echo "tap $(walk_key "${ch:- }")"; done
}
attn=$(code_of dominguez vazquez)
sql "UPDATE registrations SET attention = 1, comment = 'Wheelchair: seat near the door'
     WHERE code = '$attn'"
org_pick=$(code_of boliden)
{
    cat "$tmp/entrada.ini"
    printf '[staff]\nvip = SPEAKER\n'
} >"$tmp/desk.ini"
{
    cat <<SCRIPT
wait 100
scan $attn
wait 100
shot desk-attention.png
hold 10 10 2200
type 2468
key Return
wait 300
shot desk-staff.png
tap 700 82
wait 100
shot desk-dismissed.png
tap $(staff_key 1)
wait 100
SCRIPT
    walk_type "LUCIA ORTEGA"
    echo "tap 496 127"
    walk_type "MINAS"
    cat <<SCRIPT
tap 334 227
wait 100
shot desk-walkin-form.png
tap 630 227
wait 300
shot desk-walkin.png
tap 665 442
wait 100
tap $(staff_key 0)
wait 100
type boliden
wait 300
shot desk-find.png
tap 400 143
wait 200
shot desk-person.png
tap 139 382
wait 100
tap 402 382
wait 100
tap 402 442
wait 100
tap 139 442
wait 300
shot desk-badge.png
tap 665 442
wait 100
key Backspace
key Backspace
key Backspace
key Backspace
key Backspace
key Backspace
key Backspace
type boratynski
wait 300
tap 400 143
wait 200
shot desk-cancelled.png
tap 139 382
wait 200
shot desk-reason.png
tap 400 150
wait 200
shot desk-admitted.png
hold 10 10 2200
type 2468
key Return
wait 300
tap $(staff_key 2)
wait 300
shot desk-absent.png
tap 665 445
wait 100
tap $(staff_key 10)
SCRIPT
} >"$tmp/desk.txt"
status=0
timeout 90 "$entrada" --config "$tmp/desk.ini" --db "$tmp/event.db" kiosk --windowed \
    --size 800x480 --script "$tmp/desk.txt" >/dev/null 2>"$tmp/err" || status=$?
[ "$status" = 0 ] || fail "desk run: exit $status: $(tail -3 "$tmp/err")"
expect_colour desk-attention.png 5 475 $green
grep -q "special attention: $attn checked in" "$tmp/err" || fail "special attention not noticed"
expect_colour desk-staff.png 612 60 $amber # the banner
expect_colour desk-dismissed.png 612 60 $pinbg # dismissed: a button there
walkin=$(sql "SELECT r.code FROM registrations r JOIN lists l ON l.id = r.list_id
    WHERE l.name = 'walk-in' AND r.name = 'Lucia Ortega' AND r.organisation = 'Minas'")
[ -n "$walkin" ] || fail "walk-in: $(sql "SELECT * FROM registrations WHERE list_id = (SELECT id FROM lists WHERE name = 'walk-in')")"
[ "$(sql "SELECT r.category != '' FROM registrations r WHERE r.code = '$walkin'")" = 1 ] ||
    fail "the walk-in's category"
[ "$(sql "SELECT count(*) FROM admissions c JOIN attendees a ON a.id = c.attendee_id
    WHERE a.name = 'Lucia Ortega' AND c.method = 'staff'")" = 1 ] || fail "the walk-in was not checked in"
grep -q "staff: walk-in $walkin added" "$tmp/err" || fail "walk-in not logged"
expect_colour desk-find.png 400 143 ffffff # a result
pick_id=$(sql "SELECT id FROM attendees WHERE code = '$org_pick'")
[ "$(sql "SELECT count(*) FROM checkins WHERE attendee_id = $pick_id AND method = 'staff'")" = 2 ] ||
    fail "check in and undo from their page: $(sql "SELECT * FROM checkins WHERE attendee_id = $pick_id")"
[ "$(sql "SELECT count(*) FROM checkins WHERE attendee_id = $pick_id AND undoes IS NOT NULL")" = 1 ] ||
    fail "their undo"
[ "$(sql "SELECT count(*) FROM handouts WHERE attendee_id = $pick_id")" = 1 ] || fail "badge handed out"
expect_colour desk-badge.png 700 60 ffffff # the badge's white card
expect_colour desk-cancelled.png 15 362 $amber # "admit anyway…"
expect_colour desk-admitted.png 5 475 $green
[ "$(sql "SELECT c.override || ' ' || c.reason FROM checkins c JOIN attendees a ON a.id = c.attendee_id
    WHERE a.code = '$gone'")" = "1 paid at the door" ] || fail "override from their page"
expect_colour desk-absent.png 15 72 fbeed5 # a VIP first
grep -q "staff: leaving the app" "$tmp/err" || fail "desk run did not leave"

# The staff PIN: 4 to 12 digits, as entrada pin takes; three wrong PINs are
# free, then tries wait 30 s, doubling, across a restart too.
cat >"$tmp/lock.txt" <<SCRIPT
wait 100
hold 10 10 2200
type 12
key Return
type 1111
key Return
type 1111
key Return
type 1111
key Return
type 2468
key Return
wait 200
shot pin-locked.png
quit
SCRIPT
timeout 60 "$entrada" $cfg kiosk --windowed --size 800x480 --script "$tmp/lock.txt" \
    >/dev/null 2>"$tmp/err" || fail "lockout: $(tail -3 "$tmp/err")"
[ "$(grep -c "wrong PIN" "$tmp/err")" = 3 ] || fail "a short PIN counted: $(grep PIN "$tmp/err")"
grep -q "PIN refused untried" "$tmp/err" || fail "no wait after three wrong PINs"
grep -q "staff mode opened" "$tmp/err" && fail "the right PIN got in while locked"
expect_colour pin-locked.png 2 2 $pinbg
printf 'wait 100\nhold 10 10 2200\ntype 2468\nkey Return\nwait 200\nquit\n' >"$tmp/relock.txt"
timeout 60 "$entrada" $cfg kiosk --windowed --size 800x480 --script "$tmp/relock.txt" \
    >/dev/null 2>"$tmp/err" || fail "lockout restart: $(tail -3 "$tmp/err")"
grep -q "PIN refused untried" "$tmp/err" || fail "a restart ended the wait"
sql "UPDATE settings SET value = '3 1000' WHERE name = 'staff_pin_tries'" # the wait is over
timeout 60 "$entrada" $cfg kiosk --windowed --size 800x480 --script "$tmp/relock.txt" \
    >/dev/null 2>"$tmp/err" || fail "after the wait: $(tail -3 "$tmp/err")"
grep -q "staff mode opened" "$tmp/err" || fail "the PIN after the wait"
[ "$(sql "SELECT value FROM settings WHERE name = 'staff_pin_tries'")" = "0 0" ] || fail "tries not reset"

# Stopped from outside (systemd, Ctrl-C): exit 128 + the signal, a failure
# that Restart=on-failure restarts; leaving from staff mode exited 0 above.
for sig in 15 2; do
    printf 'wait 20000\nquit\n' >"$tmp/long.txt"
    "$entrada" $cfg kiosk --windowed --size 800x480 --script "$tmp/long.txt" >/dev/null 2>"$tmp/err" &
    pid=$!
    sleep 2
    kill -s $([ $sig = 15 ] && echo TERM || echo INT) $pid
    status=0
    wait $pid || status=$?
    want=$((128 + sig))
    [ "$status" = "$want" ] || fail "SIG$sig: exit $status, expected $want"
done

# Touch: each tap on the on-screen keyboard types one letter (the mouse event
# SDL makes from a touch is not a second tap), and a tap checks in.
key() { # the centre of key COL in ROW at 1280x800
    echo "$((16 + ($1 == 2 ? 62 : 0) + $2 * 124 + 58)) $((480 + $1 * 76 + 34))"
}
cat >"$tmp/touch.txt" <<SCRIPT
wait 100
tap 640 684
wait 100
tap $(key 1 8)
tap $(key 0 8)
tap $(key 0 9)
tap $(key 0 2)
tap $(key 2 0)
wait 300
shot touch-search.png
tap 640 251
wait 100
tap 364 680
wait 200
shot touch-welcome.png
quit
SCRIPT
timeout 60 "$entrada" $cfg kiosk --windowed --size 1280x800 --script "$tmp/touch.txt" \
    >/dev/null 2>"$tmp/err" || fail "touch run: $(tail -3 "$tmp/err")"
expect_colour touch-welcome.png 20 780 $green
[ "$(sql "SELECT count(*) FROM admissions WHERE attendee_id = $san_id AND method = 'search'")" = 1 ] ||
    fail "a check-in by touch"

# 50 scans a second: every one recorded, the kiosk still answering.
sql "SELECT code FROM attendees a WHERE status = 'active' AND NOT EXISTS
    (SELECT 1 FROM admissions c WHERE c.attendee_id = a.id) LIMIT 50" |
    awk '{ print "scan " $1; print "wait 20" } END { print "wait 200"; print "shot burst.png"; print "quit" }' \
        >"$tmp/burst.txt"
before=$(sql "SELECT count(*) FROM admissions")
timeout 60 "$entrada" $cfg kiosk --windowed --size 800x480 --script "$tmp/burst.txt" \
    >/dev/null 2>"$tmp/err" || fail "burst run: $(tail -3 "$tmp/err")"
after=$(sql "SELECT count(*) FROM admissions")
[ $((after - before)) -ge 49 ] || fail "50 fast scans recorded $((after - before))"

# Other screen sizes and orientations; Spanish.
for size in 800x480 1920x1080 480x800; do
    w=${size%x*} h=${size#*x} u=$((((w < h ? w : h) + 50) / 100)) # the kiosk's unit
    kh=$(((h * 40 / 100 - 2 * u) / 4)) kw=$(((w - 4 * u) / 10))
    cat >"$tmp/sizes.txt" <<SCRIPT
wait 100
shot idle-$size.png
scan $santiago
wait 100
shot verdict-$size.png
key Escape
tap $((w / 2)) $((h - 15 * u))
wait 200
type cuesta
wait 500
shot search-$size.png
quit
SCRIPT
    timeout 60 "$entrada" $cfg kiosk --windowed --size "$size" --script "$tmp/sizes.txt" \
        >/dev/null 2>"$tmp/err" || fail "$size: $(tail -3 "$tmp/err")"
    [ "$("$png_pixel" "$tmp/idle-$size.png" | head -n 1)" = "$size" ] || fail "idle-$size.png size"
    expect_colour "verdict-$size.png" 5 $((h - 5)) $amber
    # The space bar, left of its label.
    expect_colour "search-$size.png" $((2 * u + kw * 10 / 3)) $((h * 60 / 100 + 3 * kh + kh / 2 - u)) e4dfd3
done
cat >"$tmp/es.txt" <<SCRIPT
wait 100
shot idle-en.png
tap 1192 40
wait 100
shot idle-es.png
quit
SCRIPT
timeout 60 "$entrada" $cfg kiosk --windowed --size 1280x800 --script "$tmp/es.txt" \
    >/dev/null 2>"$tmp/err" || fail "language: $(tail -3 "$tmp/err")"
cmp -s "$tmp/idle-en.png" "$tmp/idle-es.png" && fail "the language switch changed nothing"

# An attendee's language: [kiosk] languages lists three, so the start
# screen's button opens a list of them, each in its own words. Greek is
# chosen and holds for the verdict; when it ends the kiosk's own language
# (Spanish) returns; English chosen and left alone goes back too.
{
    cat "$tmp/entrada.ini"
    printf 'language = es\nlanguages = es en el\nverdict_ms = 1000\nsearch_timeout_ms = 5000\n'
} >"$tmp/lang.ini"
cat >"$tmp/lang.txt" <<SCRIPT
wait 100
texts lang-start.tsv
tap 1152 40
wait 100
texts lang-list.tsv
tap 392 440
wait 100
texts lang-chosen.tsv
scan NO-SUCH-CODE
wait 100
texts lang-verdict.tsv
wait 1400
texts lang-back.tsv
tap 1152 40
wait 100
tap 872 312
wait 100
texts lang-en.tsv
wait 5800
texts lang-left.tsv
quit
SCRIPT
timeout 60 "$entrada" --config "$tmp/lang.ini" --db "$tmp/event.db" kiosk --windowed \
    --size 1280x800 --script "$tmp/lang.txt" >/dev/null 2>"$tmp/err" ||
    fail "attendee language: $(tail -3 "$tmp/err")"
has_text() { # FILE TEXT: the screen recorded in FILE shows TEXT
    cut -f 11 "$tmp/$1" 2>/dev/null | grep -qxF "$2" || fail "$1 lacks \"$2\": $(cut -f 11 "$tmp/$1" | tr '\n' '|')"
}
has_text lang-start.tsv "Escanea tu acreditación"
has_text lang-start.tsv "Español ▾"
has_text lang-list.tsv "Elige tu idioma"
[ "$(awk -F'\t' '$1 == "button" { print $11 }' "$tmp/lang-list.tsv" | head -3 | tr '\n' ' ')" = \
    "Español English Ελληνικά " ] || fail "the list of languages: $(cut -f 11 "$tmp/lang-list.tsv" | tr '\n' '|')"
has_text lang-chosen.tsv "Σαρώστε την κονκάρδα σας"
has_text lang-verdict.tsv "Άγνωστος κωδικός"
has_text lang-back.tsv "Escanea tu acreditación"
has_text lang-en.tsv "Scan your badge"
has_text lang-left.tsv "Escanea tu acreditación"
grep -q "language: el for this attendee" "$tmp/err" || fail "the choice of Greek was not logged"
[ "$(grep -c "language: back to es" "$tmp/err")" = 2 ] || fail "back to Spanish: $(grep language: "$tmp/err")"
# Two languages: the button names the other one and switches at once.
printf 'language = es\nlanguages = es, en\n' >>"$tmp/lang.ini"
printf 'wait 100\ntap 1152 40\nwait 100\ntexts lang-two.tsv\nquit\n' >"$tmp/lang2.txt"
timeout 60 "$entrada" --config "$tmp/lang.ini" --db "$tmp/event.db" kiosk --windowed \
    --size 1280x800 --script "$tmp/lang2.txt" >/dev/null 2>"$tmp/err" ||
    fail "two languages: $(tail -3 "$tmp/err")"
has_text lang-two.tsv "Scan your badge"
has_text lang-two.tsv "Español"
# A language without a catalogue is left out, and said.
printf 'languages = es xx\n' >>"$tmp/lang.ini"
printf 'wait 100\nquit\n' >"$tmp/lang3.txt"
timeout 60 "$entrada" --config "$tmp/lang.ini" --db "$tmp/event.db" kiosk --windowed \
    --size 1280x800 --script "$tmp/lang3.txt" >/dev/null 2>"$tmp/err" || fail "languages xx"
grep -q 'no catalogue for "xx"' "$tmp/err" || fail "an unknown language was not reported"

# Long and non-Latin names (Greek; Chinese and Arabic, set by Pango) shrink or
# wrap and never leave their box: the side margins of the verdict stay the
# verdict's colour from top to bottom.
long_name=$(printf 'Maximiliana%.0s ' $(seq 1 17))
{
    echo "Code,Name,Organisation"
    echo "L-1,$long_name,$long_name"
    echo "L-2,Γεώργιος Παπαδόπουλος-Κωνσταντινίδης,Ελληνική Αρχή Γεωλογικών και Μεταλλευτικών Ερευνών"
    echo "L-3,Wolfgang Amadeus Theophilus Mozart-Schwanthaler von Hohenzollern-Sigmaringen,"
    echo "L-4,张伟,中国地质调查局"
    echo "L-5,محمد بن سلمان العتيبي,وزارة الصناعة والثروة المعدنية"
} >"$tmp/long.csv"
"$entrada" --db "$tmp/long.db" import "$tmp/long.csv" >/dev/null
for n in 1 2 3 4 5; do
    printf 'scan L-%s\nwait 100\nshot long-%s.png\n' $n $n
done >"$tmp/long.txt"
echo quit >>"$tmp/long.txt"
timeout 60 "$entrada" --db "$tmp/long.db" kiosk --windowed --size 800x480 --script "$tmp/long.txt" \
    >/dev/null 2>"$tmp/err" || fail "long names: $(tail -3 "$tmp/err")"
# Chinese and Arabic go through Pango, which finds fonts with their glyphs.
if grep -q "fonts: no font here" "$tmp/err"; then fail "names without glyphs: $(grep fonts: "$tmp/err")"; fi
for n in 1 2 3 4 5; do
    for y in 10 100 200 250 300 350 400 470; do
        for x in 3 12 787 796; do
            expect_colour "long-$n.png" $x $y $green
        done
    done
done

# Back to the start by itself: after a verdict (verdict_ms) and after a
# search left alone (search_timeout_ms).
{
    cat "$tmp/entrada.ini"
    printf '[kiosk]\nverdict_ms = 1000\nsearch_timeout_ms = 5000\n'
} >"$tmp/quick.ini"
cat >"$tmp/timeouts.txt" <<SCRIPT
wait 100
scan NO-SUCH-CODE
wait 1300
shot after-verdict.png
tap 640 684
wait 100
type cue
wait 5500
shot after-search.png
quit
SCRIPT
timeout 60 "$entrada" --config "$tmp/quick.ini" --db "$tmp/event.db" kiosk --windowed \
    --size 1280x800 --script "$tmp/timeouts.txt" >/dev/null 2>"$tmp/err" ||
    fail "timeouts: $(tail -3 "$tmp/err")"
expect_colour after-verdict.png 2 2 1f4e79 # the start screen's bar
expect_colour after-search.png 2 2 1f4e79

# The camera. A directory of images replayed as frames: the badge in view is
# checked in by camera, once while it stays in view.
fresh() { sql "SELECT code FROM attendees a WHERE status = 'active' AND NOT EXISTS
    (SELECT 1 FROM checkins c WHERE c.attendee_id = a.id) ORDER BY code LIMIT 1 OFFSET $1"; }
seen=$(fresh 0)
mkdir -p "$tmp/frames"
"$qr_image" "$seen" "$tmp/frames/badge.png" 640 480 || fail "qr_image"
printf 'wait 2500\nshot camera.png\nquit\n' >"$tmp/camera.txt"
timeout 60 "$entrada" $cfg kiosk --windowed --size 1280x800 --camera "file:$tmp/frames@10" \
    --script "$tmp/camera.txt" >/dev/null 2>"$tmp/err" || fail "file camera: $(tail -3 "$tmp/err")"
expect_colour camera.png 20 780 $green
[ "$(sql "SELECT count(*) FROM checkins c JOIN attendees a ON a.id = c.attendee_id
    WHERE a.code = '$seen' AND c.method = 'camera'")" = 1 ] || fail "a check-in by camera"

# A camera command that dies after one frame: offline, started again, live again.
seen2=$(fresh 0)
"$qr_image" "$seen2" "$tmp/frame.y800" 640 480 || fail "qr_image y800"
printf 'wait 4000\nshot camera-pipe.png\nquit\n' >"$tmp/pipe.txt"
timeout 60 "$entrada" $cfg kiosk --windowed --size 1280x800 \
    --camera "pipe:cat $tmp/frame.y800; sleep 0.3; exit 3@640x480:y800" \
    --script "$tmp/pipe.txt" >/dev/null 2>"$tmp/err" || fail "pipe camera: $(tail -3 "$tmp/err")"
[ "$(grep -c "camera live" "$tmp/err")" -ge 2 ] || fail "the camera did not come back: $(cat "$tmp/err")"
grep -q "camera offline: the command's frames stopped" "$tmp/err" || fail "no offline state logged"
[ "$(sql "SELECT count(*) FROM admissions c JOIN attendees a ON a.id = c.attendee_id
    WHERE a.code = '$seen2' AND c.method = 'camera'")" = 1 ] || fail "a check-in by the pipe camera"

# Frames that cannot be read (a corrupt image, an empty one): offline, no crash.
mkdir -p "$tmp/bad-frames"
printf '\211PNG\r\n\032\nnot really' >"$tmp/bad-frames/corrupt.png"
: >"$tmp/bad-frames/empty.png"
printf 'wait 4000\nshot bad-frames.png\nquit\n' >"$tmp/bad.txt2"
timeout 60 "$entrada" $cfg kiosk --windowed --size 800x480 --camera "file:$tmp/bad-frames@20" \
    --script "$tmp/bad.txt2" >/dev/null 2>"$tmp/err" || fail "bad frames: $(tail -3 "$tmp/err")"
grep -q "camera offline: .*corrupt.png" "$tmp/err" || fail "bad frames not reported: $(cat "$tmp/err")"
expect_colour bad-frames.png 2 2 1f4e79
: >"$tmp/empty.y800"
timeout 60 "$entrada" $cfg kiosk --windowed --size 800x480 --camera "file:$tmp/empty.y800@64x48" \
    --script "$tmp/bad.txt2" >/dev/null 2>"$tmp/err" || fail "empty raw frames: $(tail -3 "$tmp/err")"
grep -q "camera offline" "$tmp/err" || fail "an empty raw file was not reported"

# No camera where one is configured: the kiosk runs on, scans still work.
printf 'wait 300\nscan %s\nwait 100\nshot no-camera.png\nquit\n' "$(fresh 0)" >"$tmp/nocam.txt"
timeout 60 "$entrada" $cfg kiosk --windowed --size 1280x800 --camera "v4l2:/dev/entrada-no-camera" \
    --script "$tmp/nocam.txt" >/dev/null 2>"$tmp/err" || fail "missing camera: $(tail -3 "$tmp/err")"
expect_colour no-camera.png 20 780 $green
grep -q "camera offline" "$tmp/err" || fail "a missing camera was not reported"
if "$entrada" $cfg kiosk --windowed --camera "bogus:thing" --script "$tmp/nocam.txt" \
    >/dev/null 2>"$tmp/err"; then
    fail "a malformed camera was accepted"
fi
grep -q 'camera "bogus:thing": expected' "$tmp/err" || fail "camera message: $(cat "$tmp/err")"

# The store refusing to record (here a trigger, dropped afterwards): the
# verdict is red, nobody is told they are in, nothing is recorded.
sql "CREATE TRIGGER broken BEFORE INSERT ON checkins BEGIN SELECT RAISE(ABORT, 'disk full'); END"
cp "$tmp/entrada.ini" "$tmp/broken.ini"
before=$(sql "SELECT count(*) FROM checkins")
printf 'wait 100\nscan %s\nwait 100\nshot not-recorded.png\nquit\n' "$(fresh 0)" >"$tmp/broken.txt"
timeout 60 "$entrada" --config "$tmp/broken.ini" --db "$tmp/event.db" kiosk --windowed \
    --size 800x480 --script "$tmp/broken.txt" >/dev/null 2>"$tmp/err" ||
    fail "broken store: $(tail -3 "$tmp/err")"
expect_colour not-recorded.png 5 475 $red
grep -q "check-in failed: .*disk full" "$tmp/err" || fail "the failure was not logged: $(cat "$tmp/err")"
[ "$(sql "SELECT count(*) FROM checkins")" = "$before" ] || fail "a failed check-in left a record"
sql "DROP TRIGGER broken"

# "Your badge": with [badge] show, the welcome shows the badge on the right.
{
    cat "$tmp/entrada.ini"
    printf '[badge]\nshow = yes\n'
} >"$tmp/show.ini"
printf 'wait 100\nscan %s\nwait 200\nshot your-badge.png\nquit\n' "$(fresh 0)" >"$tmp/show.txt"
timeout 60 "$entrada" --config "$tmp/show.ini" --db "$tmp/event.db" kiosk --windowed \
    --size 1280x800 --script "$tmp/show.txt" >/dev/null 2>"$tmp/err" ||
    fail "show badge: $(tail -3 "$tmp/err")"
expect_colour your-badge.png 20 780 $green
expect_colour your-badge.png 1100 200 ffffff # the badge's white card

# An empty store: the kiosk runs and says unknown.
printf 'wait 100\nscan RMC-ANY\nwait 100\nshot empty.png\nquit\n' >"$tmp/empty.txt"
timeout 60 "$entrada" --db "$tmp/empty.db" kiosk --windowed --size 800x480 --script "$tmp/empty.txt" \
    >/dev/null 2>"$tmp/err" || fail "empty store: $(tail -3 "$tmp/err")"
expect_colour empty.png 5 475 $red

# A USB stick in [usb] drop_dir: the idle kiosk asks for the staff PIN, then
# syncs while it keeps running: the stick's list (the whole demo) brings the
# cancelled attendee back, and the exports land on the stick.
mkdir -p "$tmp/drop/stick/entrada"
cp "$demo" "$tmp/drop/stick/entrada/attendees.csv"
{
    cat "$tmp/entrada.ini"
    printf '[usb]\nroots =\ndrop_dir = %s\nsync = staff\n' "$tmp/drop"
} >"$tmp/usb.ini"
cat >"$tmp/usb.txt" <<SCRIPT
wait 2000
shot usb-pin.png
type 2468
key Return
wait 2000
shot usb-staff.png
quit
SCRIPT
[ "$(sql "SELECT status FROM attendees WHERE code = '$gone'")" = cancelled ] || fail "usb: setup"
timeout 60 "$entrada" --config "$tmp/usb.ini" --db "$tmp/event.db" kiosk --windowed \
    --size 1280x800 --script "$tmp/usb.txt" >/dev/null 2>"$tmp/err" || fail "usb: $(tail -3 "$tmp/err")"
expect_colour usb-pin.png 2 2 $pinbg
expect_colour usb-staff.png 2 2 $paper
# Two updated: the cancelled attendee, and the one whose special attention was set by hand above.
grep -q "usb: .*stick done: .*2 updated.*safe to remove" "$tmp/err" || fail "usb log: $(grep usb: "$tmp/err")"
[ "$(sql "SELECT status FROM attendees WHERE code = '$gone'")" = active ] || fail "usb: list not imported"
ls "$tmp"/drop/stick/entrada-export/door-1-*/journal.csv >/dev/null 2>&1 || fail "usb: no exports"

# A stick whose folder name carries terminal escapes: logged escaped, one line.
rm -rf "$tmp/drop/stick"
evil=$(printf 'stick\033]0;owned\007\nkiosk stopped')
mkdir -p "$tmp/drop/$evil/entrada"
printf 'wait 1500\nquit\n' >"$tmp/evil.txt"
timeout 60 "$entrada" --config "$tmp/usb.ini" --db "$tmp/event.db" kiosk --windowed \
    --size 800x480 --script "$tmp/evil.txt" >/dev/null 2>"$tmp/err" || fail "usb escapes: $(tail -3 "$tmp/err")"
grep -qF 'stick\x1B]0;owned\x07\x0Akiosk stopped' "$tmp/err" || fail "the stick's name not escaped: $(grep usb: "$tmp/err")"
if LC_ALL=C grep -q "$(printf '\033')" "$tmp/err"; then fail "an escape character reached the log"; fi

# A script with a mistake is refused with its line.
printf 'wait 100\nfly away\n' >"$tmp/bad.txt"
if "$entrada" $cfg kiosk --windowed --script "$tmp/bad.txt" >/dev/null 2>"$tmp/err"; then
    fail "a bad script was accepted"
fi
grep -q "bad.txt:2:" "$tmp/err" || fail "bad script message: $(cat "$tmp/err")"

# Accessibility at 1280x800 (unit 8): the keyboard's layers, [kiosk] layout = low, larger text
# with high contrast, [kiosk] search = off and speech.
# kb_taps TEXT: the taps typing TEXT on the attendee's keyboard (normal layout), changing layers.
kb_taps() {
    printf '%s\n' "$1" | tr '[:lower:]' '[:upper:]' | fold -w1 | awk '
        BEGIN { rows["L", 0] = "QWERTYUIOP"; rows["L", 1] = "ASDFGHJKL"; rows["L", 2] = "ZXCVBNM"
                rows["S", 0] = "1234567890"; rows["S", 1] = "@.-_'"'"'+&/()"; layer = "L" }
        function at(r, c) { printf "tap %d %d\n", 16 + (r == 2 ? 62 : 0) + c * 124 + 58, 480 + r * 76 + 34 }
        {
            for (want = "L"; ; want = "S") {
                for (r = 0; r < 3; r++) if ((want SUBSEP r) in rows && (c = index(rows[want, r], $0)) > 0) break
                if (r < 3 || want == "S") break
            }
            if (r == 3) { print "# no key for " $0; next }
            if (want != layer) { printf "tap 322 742\n"; layer = want } # 123 / ABC
            at(r, c - 1)
        }'
}
row=$(sql "SELECT code || ' ' || email FROM attendees a WHERE status = 'active' AND email LIKE '%@%'
    AND NOT EXISTS (SELECT 1 FROM admissions c WHERE c.attendee_id = a.id) LIMIT 1")
mail_code=${row%% *} mail=${row#* }
{
    echo "wait 100"
    echo "tap 640 684"
    echo "wait 100"
    kb_taps "$mail"
    echo "wait 300"
    echo "shot kb-mail.png"
    echo "tap 640 170"
    echo "wait 100"
    echo "tap 364 680"
    echo "wait 200"
    echo "shot kb-welcome.png"
    echo "quit"
} >"$tmp/mail.txt"
grep -q "no key" "$tmp/mail.txt" && fail "kb_taps cannot type $mail"
timeout 60 "$entrada" $cfg kiosk --windowed --size 1280x800 --script "$tmp/mail.txt" \
    >/dev/null 2>"$tmp/err" || fail "e-mail run: $(tail -3 "$tmp/err")"
expect_colour kb-mail.png 40 170 ffffff        # one result, for the whole address
expect_colour kb-welcome.png 20 780 $green
[ "$(sql "SELECT count(*) FROM admissions c JOIN attendees a ON a.id = c.attendee_id
    WHERE a.code = '$mail_code' AND c.method = 'search'")" = 1 ] || fail "check-in by e-mail address"

# The accents layer holds the letters with marks of the names on the list, in alphabetical
# order (here Ł Ñ Ú, a short row, centred): a name that starts with one is typed through it,
# and the letters come back.
printf 'Code,Name,Company\nAC-1,Łucja Núñez,Minas\nAC-2,Lucia Vidal,Minas\n' >"$tmp/accents.csv"
"$entrada" --db "$tmp/accents.db" import "$tmp/accents.csv" >/dev/null
cat >"$tmp/accents.txt" <<SCRIPT
wait 300
tap 640 684
wait 100
tap 942 742
tap 508 514
$(kb_taps ucja)
wait 300
shot accents.png
tap 640 170
wait 100
tap 364 680
wait 200
quit
SCRIPT
timeout 60 "$entrada" --config "$tmp/entrada.ini" --db "$tmp/accents.db" kiosk --windowed \
    --size 1280x800 --script "$tmp/accents.txt" >/dev/null 2>"$tmp/err" ||
    fail "accents run: $(tail -3 "$tmp/err")"
expect_colour accents.png 40 170 ffffff
[ "$(sqlite3 "$tmp/accents.db" "SELECT a.code FROM admissions c JOIN attendees a ON a.id = c.attendee_id
    WHERE c.method = 'search'")" = AC-1 ] || fail "Łucja typed through the accents layer"

# Low: the field at the middle, keyboard and results below it; a tap there checks in.
{ cat "$tmp/entrada.ini"; printf 'layout = low\n'; } >"$tmp/low.ini"
low_name=$(sql "SELECT name FROM attendees a WHERE status = 'active' AND NOT EXISTS
    (SELECT 1 FROM admissions c WHERE c.attendee_id = a.id) AND name NOT LIKE '% % %'
    AND name NOT LIKE '%''%' LIMIT 1")
cat >"$tmp/low.txt" <<SCRIPT
wait 100
shot low-idle.png
tap 640 684
wait 100
type $low_name
wait 300
shot low-search.png
tap 900 500
wait 100
shot low-confirm.png
tap 364 680
wait 200
shot low-welcome.png
quit
SCRIPT
timeout 60 "$entrada" --config "$tmp/low.ini" --db "$tmp/event.db" kiosk --windowed --size 1280x800 \
    --script "$tmp/low.txt" >/dev/null 2>"$tmp/err" || fail "low run: $(tail -3 "$tmp/err")"
expect_colour low-idle.png 325 637 1f4e79   # find my name, low already
expect_colour low-search.png 30 401 1f4e79  # the field's frame, at the middle
expect_colour low-search.png 30 15 $paper   # nothing to touch at the top
expect_colour low-search.png 20 485 e4dfd3  # Q, below the field
expect_colour low-search.png 800 485 ffffff # the first result, right of the keyboard
expect_colour low-welcome.png 20 780 $green
[ "$(sql "SELECT count(*) FROM admissions c JOIN attendees a ON a.id = c.attendee_id
    WHERE a.name = '$low_name' AND c.method = 'search'")" = 1 ] || fail "low: check-in by search"

# Larger text, in high contrast: for one attendee's turn, then back to normal.
hc_code=$(sql "SELECT code FROM attendees a WHERE status = 'active' AND NOT EXISTS
    (SELECT 1 FROM admissions c WHERE c.attendee_id = a.id) LIMIT 1")
cat >"$tmp/hc.txt" <<SCRIPT
wait 100
tap 640 684
wait 100
type cue
wait 300
shot plain-search.png
key Escape
wait 100
tap 160 684
wait 100
shot hc-idle.png
tap 640 684
wait 100
type cue
wait 300
shot hc-search.png
key Escape
wait 100
shot hc-back.png
tap 160 684
wait 100
scan $hc_code
wait 100
shot hc-welcome.png
key Escape
wait 100
shot hc-after.png
quit
SCRIPT
timeout 60 "$entrada" $cfg kiosk --windowed --size 1280x800 --script "$tmp/hc.txt" \
    >/dev/null 2>"$tmp/err" || fail "contrast run: $(tail -3 "$tmp/err")"
expect_colour hc-idle.png 2 2 ffd700       # the bar: yellow, black text on it
expect_colour hc-idle.png 20 300 000000    # the ground: black
expect_colour hc-search.png 2 2 000000
expect_colour hc-search.png 16 490 d0d0d0  # Q's outline
expect_colour hc-search.png 30 500 333333  # Q: white on dark grey
expect_colour hc-back.png 2 2 1f4e79       # cancelled: the turn is over
expect_colour hc-welcome.png 20 780 4cdb6e # bright green, black text on it
expect_colour hc-after.png 2 2 1f4e79
# Every pair high contrast draws is AA (4.5:1) at least.
ratio() { # contrast ratio of two RRGGBB colours, WCAG 2
    awk -v a="$1" -v b="$2" 'function lin(h,  v) {
            v = (index("0123456789abcdef", substr(h, 1, 1)) - 1) * 16
            v = (v + index("0123456789abcdef", substr(h, 2, 1)) - 1) / 255
            if (v <= 0.03928)
                return v / 12.92
            return ((v + 0.055) / 1.055) ^ 2.4
        }
        function lum(c) {
            return 0.2126 * lin(substr(c, 1, 2)) + 0.7152 * lin(substr(c, 3, 2)) + 0.0722 * lin(substr(c, 5, 2))
        }
        BEGIN { x = lum(a) + 0.05; y = lum(b) + 0.05; printf "%.1f", (x > y) ? x / y : y / x }'
}
for pair in ffffff:000000 000000:ffd700 ffffff:333333 d0d0d0:000000 000000:d0d0d0 \
    000000:4cdb6e 000000:ffb300 000000:ff8a80; do
    r=$(ratio "${pair%:*}" "${pair#*:}")
    awk -v r="$r" 'BEGIN { exit !(r >= 4.5) }' || fail "contrast $pair is only $r:1"
done
# The text larger: the rows of the prompt ("Type your name") holding ink, plain and high contrast.
ink_rows() { # FILE: rows 8..70 with a pixel unlike the ground in x 24..80
    pts=$(awk 'BEGIN { for (y = 8; y <= 70; y++) for (x = 24; x <= 80; x += 2) printf "%d %d ", x, y }')
    "$png_pixel" "$tmp/$1" 2 2 $pts | awk 'NR == 2 { ground = $1; next }
        NR > 2 { y = 8 + int((NR - 3) / 29); if ($1 != ground) ink[y] = 1 }
        END { n = 0; for (y in ink) n++; print n }'
}
plain=$(ink_rows plain-search.png) large=$(ink_rows hc-search.png)
awk -v p="$plain" -v l="$large" 'BEGIN { exit !(p > 10 && l >= p * 1.3) }' ||
    fail "high contrast text is not larger: $large rows of ink, plain $plain"

# search = off: no button to find a name; a tap there does nothing.
{ cat "$tmp/entrada.ini"; printf 'search = off\n'; } >"$tmp/off.ini"
printf 'wait 100\nshot off-idle.png\ntap 640 684\nwait 100\nshot off-tap.png\nquit\n' >"$tmp/off.txt"
timeout 60 "$entrada" --config "$tmp/off.ini" --db "$tmp/event.db" kiosk --windowed --size 1280x800 \
    --script "$tmp/off.txt" >/dev/null 2>"$tmp/err" || fail "search off run: $(tail -3 "$tmp/err")"
expect_colour off-idle.png 640 684 $paper
expect_colour off-tap.png 2 2 1f4e79

# Speech: the verdict said through SDL's disk audio driver, made off the loop (the verdict is
# on screen before the words are made).
{ sed 's/^sound = yes$/sound = no/' "$tmp/entrada.ini"; printf 'speech = on\n'; } >"$tmp/speech.ini"
sp_code=$(sql "SELECT code FROM attendees a WHERE status = 'active' AND NOT EXISTS
    (SELECT 1 FROM admissions c WHERE c.attendee_id = a.id) LIMIT 1")
printf 'wait 1000\nscan %s\nwait 2500\nquit\n' "$sp_code" >"$tmp/speech.txt"
if [ -d /usr/lib/x86_64-linux-gnu/espeak-ng-data ] || [ -d /usr/share/espeak-ng-data ] ||
    ls -d /usr/lib/*/espeak-ng-data >/dev/null 2>&1; then
    SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$tmp/speech.raw" timeout 60 "$entrada" \
        --config "$tmp/speech.ini" --db "$tmp/event.db" kiosk --windowed --size 800x480 \
        --script "$tmp/speech.txt" --latency >"$tmp/speech.out" 2>"$tmp/err" ||
        fail "speech run: $(tail -3 "$tmp/err")"
    made=$(sed -n 's/.*speech: \([0-9]*\) ms of words made in \([0-9]*\) ms.*/\1 \2/p' "$tmp/err")
    words_ms=${made% *} synth_ms=${made#* }
    [ "${words_ms:-0}" -gt 300 ] || fail "speech: no words made ($(grep speech "$tmp/err"))"
    loud=$(od -An -td2 -w2 -v "$tmp/speech.raw" | awk '$1 > 1000 || $1 < -1000' | wc -l)
    [ "$loud" -gt 1000 ] || fail "speech: the audio output holds no words ($loud loud samples)"
    shown=$(awk '$1 == "latency_max_ms" { print $2 }' "$tmp/speech.out")
    awk -v s="$shown" -v m="$synth_ms" 'BEGIN { exit !(s < 250 && (s < m || m < 50)) }' ||
        fail "speech: the verdict took $shown ms to show, the words $synth_ms ms to make"
fi

# Staff mode's reload, of a folder, by a stick's rules: attendees.csv (main,
# last imported from the stick above) with one row left would cancel most of
# main and is refused, saying so; b2b.csv beside it comes in as b2b.
mkdir "$tmp/lists"
head -n 2 "$tmp/list.csv" >"$tmp/lists/attendees.csv"
{ cat "$tmp/b2b.csv"; printf 'MM-2,Aino Heikkila,aino@gtk.example,GTK,Confirmed\n'; } >"$tmp/lists/b2b.csv"
sed "s|^list = .*|list = $tmp/lists|" "$tmp/entrada.ini" >"$tmp/reload.ini"
on_list() { sql "SELECT COUNT(*) FROM registrations r JOIN lists l ON l.id = r.list_id
    WHERE l.name = '$1' AND r.status = 'active'"; }
main_before=$(on_list main)
printf 'wait 200\nhold 10 10 2200\ntype 2468\nkey Return\nwait 200\ntap 819 454\nwait 3000\nquit\n' \
    >"$tmp/reload.txt"
timeout 60 "$entrada" --config "$tmp/reload.ini" --db "$tmp/event.db" kiosk --windowed \
    --size 1280x800 --script "$tmp/reload.txt" >/dev/null 2>"$tmp/err" ||
    fail "reload run: $(tail -3 "$tmp/err")"
grep -q "staff: reloading $tmp/lists" "$tmp/err" || fail "reload was not started: $(tail -3 "$tmp/err")"
grep -q "attendees.csv: would cancel $((main_before - 1)) of the $main_before attendees on list \"main\"" \
    "$tmp/err" || fail "reload of a short main list not refused: $(grep staff: "$tmp/err")"
[ "$(on_list main)" = "$main_before" ] || fail "the refused reload changed main: $(on_list main)"
[ "$(on_list b2b)" = 2 ] || fail "the reload did not bring b2b.csv in as b2b: $(on_list b2b)"
grep -q "staff: reloaded $tmp/lists: 1 added" "$tmp/err" || fail "the part reloaded is not told: $(grep staff: "$tmp/err")"
[ "$(on_list attendees)" = 0 ] || fail "the reload made a list \"attendees\" beside main"

finish kiosk
