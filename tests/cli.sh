#!/bin/sh
# End-to-end: the real entrada binary on a temporary database, as an
# organiser or staff member would use it. Usage: cli.sh ENTRADA DEMO_CSV
set -eu
entrada=$1
demo=$2
. "$(dirname "$0")/lib.sh"
dump() { sqlite3 "$tmp/event.db" .dump; }

cat >"$tmp/entrada.ini" <<INI
[entrada]
db = $tmp/event.db
kiosk_id = door-1
[checkin]
repeat_window_ms = 0
[export]
separator = semicolon
INI
cfg="--config $tmp/entrada.ini"

# Help and usage.
run 0 --help
out_has "usage: entrada"
for c in kiosk import inspect search checkin undo stats export drop wipe session lists config \
    badge badges print decode key pin; do
    run 0 "$c" --help
    out_has "usage: entrada $c"
    out_has "$c "
    grep -qF -- "  $c " "$tmp/out" && fail "$c --help printed the command list"
done
run 0 --help
for c in kiosk import badge print decode pin; do out_has "  $c "; done
# Each command takes only its own options, and its own number of operands.
run 64 $cfg undo --dpi 300
err_has "entrada undo: bad option --dpi"
err_has "usage: entrada undo"
run 64 $cfg stats --limit 3
err_has "usage: entrada stats"
run 64 $cfg decode --out x.pdf x.png
err_has "usage: entrada decode"
run 64 $cfg key sign x
err_has "entrada key: new FILE, enrol FILE or show"
run 65 $cfg key enrol "$demo"
err_has "not an entrada event key"
run 64 $cfg badge --dpi 10 X --out x.png
err_has "--dpi is a number from 72 to 1200"
run 64 $cfg import
err_has "usage: entrada import"
run 64 $cfg export
run 64 $cfg stats extra
run 64 $cfg pin 1234 5678
run 64 $cfg kiosk --size 10x10
err_has "--size is WxH"
# Commands that need no device do not load SDL, zbar, cairo or CUPS.
if command -v ldd >/dev/null; then
    ldd "$entrada" | grep -E 'SDL|zbar|cairo|cups' && fail "entrada loads device libraries"
fi
run 0 --version
out_has "entrada "
run 64 frobnicate
err_has 'unknown command "frobnicate"'
run 64 $cfg checkin
run 64 $cfg search --limit 0 x

# A bad config says file:line and exits 78.
printf '[checkin]\nreentry = maybe\n' >"$tmp/bad.ini"
run 78 --config "$tmp/bad.ini" stats
err_has "bad.ini:2: reentry: expected yes or no"

# A staff PIN is kept only as a hash that the configuration accepts.
run 0 pin 2468
out_has "staff_pin = pbkdf2-sha256\$"
cp "$tmp/out" "$tmp/pin.ini"
run 0 --config "$tmp/pin.ini" config
out_has "staff_pin = pbkdf2-sha256\$"
echo 1357 | "$entrada" pin | grep -q "staff_pin = pbkdf2" || fail "pin from standard input"
run 64 pin 12
printf '[kiosk]\nstaff_pin = 2468\n' >"$tmp/plain.ini"
run 78 --config "$tmp/plain.ini" stats
err_has "plain.ini:2: staff_pin: not a PIN hash"

# Import the demo list, then again: merged, nothing changes.
run 0 $cfg import "$demo"
out_has "150 rows: 150 added, 0 updated, 0 cancelled, 0 unchanged"
run 0 $cfg import "$demo"
out_has "150 rows: 0 added, 0 updated, 0 cancelled, 150 unchanged"
run 0 $cfg import --dry-run "$demo"
out_has "separator: semicolon"

# A broken list is refused with file and line, and the store is untouched.
before=$(dump)
printf 'Code,Name\nX1,Ana\nX2,Bea\nX1,Carla\n' >"$tmp/dup.csv"
run 65 $cfg import "$tmp/dup.csv"
err_has "dup.csv: lines 2 and 4 have the same code \"X1\""
printf 'Code,Name\nX1,"Ana\n' >"$tmp/quote.csv"
run 65 $cfg import "$tmp/quote.csv"
err_has "quote.csv:2: quoted field is never closed"
head -c 3000 /dev/urandom >"$tmp/binary.csv"
run 65 $cfg import "$tmp/binary.csv"
[ "$(dump)" = "$before" ] || fail "a refused import changed the database"

# Search: accents, case, word order.
run 0 $cfg search lopez
out_has "Santiago Cuesta López"
run 0 $cfg search boratynski
out_has "Łukasz Boratyński"
run 0 $cfg search lukasz
out_has "Boratyński"
run 0 $cfg search san cue
out_has "Santiago Cuesta López"
run 0 $cfg search --json katainen
code=$(jq -r '.[0].code' "$tmp/out")
[ "$(jq -r '.[0].attendee.name' "$tmp/out")" = "Jyrki Katainen" ] || fail "search --json: $(cat "$tmp/out")"
run 0 $cfg search zzzz
out_has "no match"

# Check-in verdicts and exit codes.
run 0 $cfg checkin --json "  $code  "
[ "$(jq -r .verdict "$tmp/out")" = welcome ] || fail "first check-in: $(cat "$tmp/out")"
[ "$(jq -r .attendee.name "$tmp/out")" = "Jyrki Katainen" ] || fail "check-in name"
[ "$(jq -r .recorded "$tmp/out")" = true ] || fail "check-in not recorded"
first=$(jq -r .first_checkin "$tmp/out")
run 1 $cfg checkin --json "$code"
[ "$(jq -r .verdict "$tmp/out")" = already ] || fail "second check-in: $(cat "$tmp/out")"
[ "$(jq -r .first_checkin "$tmp/out")" = "$first" ] || fail "already: first_checkin changed"
run 1 $cfg checkin --json NO-SUCH-CODE
[ "$(jq -r .verdict "$tmp/out")" = unknown ] || fail "unknown code: $(cat "$tmp/out")"
run 1 $cfg checkin "$(printf 'RMC\033[2J')"
out_has "unknown code"
run 0 $cfg undo
out_has "undone: Jyrki Katainen"
run 1 $cfg undo
out_has "nothing to undo"
run 0 $cfg checkin "$code"
out_has "welcome: Jyrki Katainen"
run 0 $cfg session add roundtable "Roundtable on critical raw materials"
run 0 $cfg session list
out_has "roundtable"
run 0 $cfg checkin --session roundtable "$code"
out_has "welcome: Jyrki Katainen"
run 64 $cfg checkin --session nosuch "$code"
err_has 'no session named "nosuch"'

# A list without one attendee cancels them; their check-ins stay.
grep -v "$code" "$demo" >"$tmp/fewer.csv"
run 0 $cfg import "$tmp/fewer.csv"
out_has "149 rows: 0 added, 0 updated, 1 cancelled, 149 unchanged"
run 1 $cfg checkin --json "$code"
[ "$(jq -r .verdict "$tmp/out")" = cancelled ] || fail "cancelled: $(cat "$tmp/out")"

# Counts and exports.
run 0 $cfg stats --json
[ "$(jq .registered "$tmp/out")" = 149 ] || fail "stats registered: $(cat "$tmp/out")"
[ "$(jq .cancelled "$tmp/out")" = 1 ] || fail "stats cancelled"
[ "$(jq .checked_in "$tmp/out")" = 1 ] || fail "stats checked_in"
[ "$(jq '.by_session[] | select(.session == "roundtable") | .checked_in' "$tmp/out")" = 1 ] ||
    fail "stats by session"
run 0 $cfg export "$tmp/stick"
for f in checkins.csv attendance.csv counts.csv; do
    [ -s "$tmp/stick/$f" ] || fail "export: no $f"
    [ "$(head -c 3 "$tmp/stick/$f" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "$f: no BOM"
done
# The kiosk's identity: its kiosk_id and random digits, made with the store.
id=$(sqlite3 "$tmp/event.db" "SELECT value FROM settings WHERE name = 'kiosk.identity'")
case "$id" in door-1-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]) ;; *) fail "identity \"$id\"" ;; esac
grep -q "^$id-2;.*;$id;main;undo;staff;$code;Jyrki Katainen;.*;$id-1" "$tmp/stick/checkins.csv" ||
    fail "checkins.csv lacks the undo: $(cat "$tmp/stick/checkins.csv")"
grep -q "^$id-3;.*;$id;main;in;staff;$code;Jyrki Katainen;" "$tmp/stick/checkins.csv" ||
    fail "checkins.csv: $(cat "$tmp/stick/checkins.csv")"
[ "$(grep -c . "$tmp/stick/attendance.csv")" = 151 ] || fail "attendance.csv rows"
if ls -a "$tmp/stick" | grep -q '\.csv\.'; then fail "export left temporary files"; fi

# A second list: the B2B matchmaking's own, from another tool. The main list
# stays; Ana, on both, is one attendee; the matchmaking is for the B2B list.
b2b_code=$(sed -n 3p "$demo" | cut -d';' -f1)
b2b_name=$(sed -n 3p "$demo" | cut -d';' -f2,3 | tr ';' ' ')
b2b_mail=$(sed -n 3p "$demo" | cut -d';' -f5 | tr a-z A-Z)
printf 'Ticket code,Participant,E-mail,Status\nB2B-1,%s,%s,Paid\nB2B-2,Zofia Kowalska,,Pending\n' \
    "$b2b_name" "$b2b_mail" >"$tmp/b2b.csv"
run 0 $cfg import --list b2b "$tmp/b2b.csv"
out_has "list:         b2b"
out_has "status:       \"Status\""
out_has "2 rows: 2 added, 0 updated, 0 cancelled, 0 unchanged"
run 0 $cfg lists
out_has "b2b          b2b.csv"
run 0 $cfg lists --json
[ "$(jq -r '.[] | select(.list == "main") | .active' "$tmp/out")" = 149 ] || fail "lists: main $(cat "$tmp/out")"
[ "$(jq -r '.[] | select(.list == "b2b") | "\(.active)/\(.unpaid)"' "$tmp/out")" = 1/1 ] ||
    fail "lists: b2b $(cat "$tmp/out")"
run 0 $cfg stats --json
# People, not rows: Ana counts once; Zofia has not paid.
[ "$(jq .registered "$tmp/out")" = 149 ] || fail "people, not rows: $(cat "$tmp/out")"
run 0 $cfg session add matchmaking "B2B matchmaking" --lists b2b
# A rule no one can meet yet is taken, and said.
run 0 $cfg --db "$tmp/rules.db" session add dinner "Dinner" --lists b2b,gala --where "Dietary=vegan"
err_has 'warning: no list "b2b" has been imported yet'
err_has 'no attendee has a value in a column "Dietary" yet'
run 64 $cfg session add other --where Matchmaking
err_has "--where is COLUMN=VALUE"
run 0 $cfg session list
out_has "matchmaking      B2B matchmaking (only for b2b)"
other=$(sed -n 5p "$demo" | cut -d';' -f1)
run 1 $cfg checkin --json --session matchmaking "$other"
[ "$(jq -r .verdict "$tmp/out")" = not_for_session ] || fail "not for session: $(cat "$tmp/out")"
[ "$(jq -r .only_for "$tmp/out")" = b2b ] || fail "only_for: $(cat "$tmp/out")"
run 1 $cfg checkin --json --session matchmaking B2B-2
[ "$(jq -r .verdict "$tmp/out")" = unpaid ] || fail "unpaid: $(cat "$tmp/out")"
run 0 $cfg checkin --json --session matchmaking "$b2b_code"
[ "$(jq -r .verdict "$tmp/out")" = welcome ] || fail "her main list code: $(cat "$tmp/out")"
run 1 $cfg checkin --json --session matchmaking B2B-1
[ "$(jq -r .verdict "$tmp/out")" = already ] || fail "her B2B code: $(cat "$tmp/out")"
run 64 $cfg checkin --json --override --session matchmaking "$other"
run 64 $cfg checkin --json --override "" --session matchmaking "$other"
run 0 $cfg checkin --json --override "paid at the door" --session matchmaking "$other"
[ "$(jq -r .override "$tmp/out")" = true ] || fail "override: $(cat "$tmp/out")"
[ "$(jq -r .reason "$tmp/out")" = "paid at the door" ] || fail "override reason: $(cat "$tmp/out")"
[ "$(sqlite3 "$tmp/event.db" "SELECT reason FROM checkins WHERE override")" = "paid at the door" ] ||
    fail "the reason in the store"
[ "$(sqlite3 "$tmp/event.db" "SELECT group_concat(verdict, ' ') FROM refusals")" = \
    "cancelled not_for_session unpaid" ] || fail "refusals: $(sqlite3 "$tmp/event.db" "SELECT * FROM refusals")"
run 0 $cfg stats --json
[ "$(jq '.by_session[] | select(.session == "matchmaking") | .registered' "$tmp/out")" = 1 ] ||
    fail "registered for matchmaking: $(cat "$tmp/out")"
# A status nothing maps: refused, naming it and how to map it; nothing changes.
before=$(dump | md5sum)
printf 'Ticket code,Participant,E-mail,Status\nB2B-1,%s,%s,Warteliste\n' "$b2b_name" "$b2b_mail" \
    >"$tmp/b2b.csv"
run 65 $cfg import --list b2b "$tmp/b2b.csv"
err_has "b2b.csv:2: status \"Warteliste\""
err_has "[status] section: Warteliste = active"
out_has 'status:       "Status"' # the mapping it used, still printed
[ "$(dump | md5sum)" = "$before" ] || fail "a refused list changed the store"

# A two-row file would cancel most of the list: refused without a terminal to ask on.
run 0 --db "$tmp/mass.db" import "$demo"
head -3 "$demo" >"$tmp/two.csv"
run 65 --db "$tmp/mass.db" import "$tmp/two.csv" </dev/null
err_has "would cancel 148 of the 150 attendees on list \"main\""
err_has "--allow-mass-cancel"
[ "$(sqlite3 "$tmp/mass.db" "SELECT COUNT(*) FROM attendees WHERE status = 'active'")" = 150 ] ||
    fail "a refused import cancelled attendees"
run 0 --db "$tmp/mass.db" import --allow-mass-cancel "$tmp/two.csv"
out_has "2 rows: 0 added, 0 updated, 148 cancelled, 2 unchanged"

# A PIN is what the kiosk's keypad can type: 4 to 12 digits.
run 64 pin 1234567890123
err_has "a PIN is 4 to 12 digits"
run 0 pin 123456789012
out_has "staff_pin = pbkdf2-sha256"

# A header with a terminal escape is shown escaped, not acted on.
printf 'Name,\033[2J\033[31mRed\nAna,x\n' >"$tmp/escape.csv"
run 0 inspect "$tmp/escape.csv"
out_has '"\x1B[2J\x1B[31mRed"'
grep -q "$(printf '\033')" "$tmp/out" && fail "an escape sequence reached the terminal"

# Personal data is its owner's alone: the store, its WAL, the exports.
[ "$(stat -c %a "$tmp/event.db")" = 600 ] || fail "the store is $(stat -c %a "$tmp/event.db")"
for f in "$tmp/stick"/*.csv; do
    [ "$(stat -c %a "$f")" = 600 ] || fail "$f is $(stat -c %a "$f")"
done

# wipe stays in its folder: a link named from-stick is not followed, and a
# file that is not an entrada store is not touched.
mkdir -p "$tmp/w1" "$tmp/victim"
echo x >"$tmp/victim/a.txt"
ln -s "$tmp/victim" "$tmp/w1/from-stick"
run 0 --db "$tmp/w1/event.db" stats
run 74 --db "$tmp/w1/event.db" wipe --yes
[ -s "$tmp/victim/a.txt" ] || fail "wipe followed a link out of its folder"
[ -e "$tmp/w1/event.db" ] && fail "wipe left the store"
echo "my notes" >"$tmp/notes.txt"
run 74 --db "$tmp/notes.txt" wipe --yes
err_has "notes.txt is not an entrada store; nothing deleted"
[ "$(cat "$tmp/notes.txt")" = "my notes" ] || fail "wipe destroyed a file that is not a store"

# Inputs that never end or block are refused at once; a directory is no file.
run 78 --config /dev/zero stats
err_has "/dev/zero: not a regular file"
mkfifo "$tmp/fifo"
timeout 10 "$entrada" --config "$tmp/fifo" stats >"$tmp/out" 2>"$tmp/err" && fail "a FIFO as --config"
err_has "fifo: not a regular file"
timeout 10 "$entrada" import "$tmp/fifo" >"$tmp/out" 2>"$tmp/err" && fail "a FIFO as a list"
err_has "fifo: not a regular file"
run 78 --config "$tmp" stats
err_has "not a regular file (a directory)"
# A file of 80,000 columns is refused at once, not checked column against column.
awk 'BEGIN { for (r = 0; r < 2; r++) { for (c = 0; c < 80000; c++) printf "%sc%d", c ? "," : "", c; print "" } }' \
    >"$tmp/wide.csv"
start=$(date +%s)
run 65 $cfg import "$tmp/wide.csv"
err_has "80000 columns; a list has at most 1000"
[ $(($(date +%s) - start)) -le 2 ] || fail "a wide file took $(($(date +%s) - start)) s"
# Processes opening a new store at once each run every migration once.
for i in $(seq 1 8); do
    "$entrada" --db "$tmp/par.db" stats >/dev/null 2>"$tmp/par$i.err" || echo "$i" >>"$tmp/par.failed" &
done
wait
[ -e "$tmp/par.failed" ] && fail "parallel first opens failed: $(cat "$tmp"/par*.err | sort | uniq -c)"

# The default database lives under XDG_DATA_HOME.
XDG_DATA_HOME="$tmp/xdg" run 0 import "$demo"
[ -s "$tmp/xdg/entrada/event.db" ] || fail "no database under XDG_DATA_HOME"
run 0 $cfg config
out_has "repeat_window_ms = 0"

# The staff desk: a walk-in with a code of their own, checked in; who has not
# arrived (VIPs first); undoing one person's check-in; walk-ins survive
# re-imports of the other lists, and no list may be imported as walk-in.
run 64 $cfg add --org Nowhere
run 65 $cfg add --name "Ana" --email "not-an-address"
run 0 $cfg add --name "Lucía Ortega Ruiz" --org "Minas de Riotinto" --category PRESS --checkin --json
walkin=$(jq -r .code "$tmp/out")
[ "$(jq -r .checkin "$tmp/out")" = welcome ] || fail "add --checkin: $(cat "$tmp/out")"
[ "$(jq -r .attendee.lists "$tmp/out")" = walk-in ] || fail "add: list $(cat "$tmp/out")"
run 0 $cfg add --name "Tomás Vidal"
[ "$(wc -c <"$tmp/out")" = 13 ] || fail "add prints the code: $(cat "$tmp/out")"
run 0 $cfg search --json lucia ortega
[ "$(jq -r '.[0].code' "$tmp/out")" = "$walkin" ] || fail "a walk-in is found: $(cat "$tmp/out")"
run 0 $cfg import "$demo"
run 1 $cfg checkin --json "$walkin"
[ "$(jq -r .verdict "$tmp/out")" = already ] || fail "walk-in after a re-import: $(cat "$tmp/out")"
printf 'Code,Name
W-1,Somebody
' >"$tmp/walk.csv"
run 65 $cfg import --list walk-in "$tmp/walk.csv"
err_has "walk-in"
run 0 $cfg absent --json
jq -r '.[].attendee.name' "$tmp/out" | grep -qx "Tomás Vidal" || fail "absent lacks the walk-in not checked in"
jq -r '.[].attendee.name' "$tmp/out" | grep -qx "Lucía Ortega Ruiz" && fail "absent has one who came"
printf '[staff]\nvip = PRESS, SPEAKER\n' >>"$tmp/entrada.ini"
run 0 $cfg absent
out_has "not arrived at"
[ "$(sed -n 2p "$tmp/out" | cut -c16)" = "*" ] || fail "VIPs first: $(head -3 "$tmp/out")"
run 0 $cfg undo "$walkin"
out_has "undone: Lucía Ortega Ruiz"
run 1 $cfg undo "$walkin"
out_has "nothing to undo at this kiosk for Lucía Ortega Ruiz"
run 65 $cfg undo NO-SUCH-CODE

finish cli
