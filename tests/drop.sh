#!/bin/bash
# End-to-end: USB sticks, played by temporary directories, synced with
# `entrada drop` by two kiosks; then broken, hostile and full sticks.
# Usage: drop.sh ENTRADA DEMO_CSV [EIO_SHIM]
set -eu
entrada=$1
demo=$2
eio=${3:-}
. "$(dirname "$0")/lib.sh"
count() { sqlite3 "$1" "$2"; }

for k in door1 door2 door3; do
    cat >"$tmp/$k.ini" <<INI
[entrada]
db = $tmp/$k/event.db
kiosk_id = $k
[checkin]
repeat_window_ms = 0
[export]
separator = semicolon
INI
done
one="--config $tmp/door1.ini"
two="--config $tmp/door2.ini"
code() { sed -n "$(($1 + 1))p" "$demo" | cut -d';' -f1 | tr -d '\357\273\277'; }
# A kiosk's identity: its kiosk_id and random digits, made with its store (door1-3fa9c2).
identity() { count "$tmp/$1/event.db" "SELECT value FROM settings WHERE name = 'kiosk.identity'"; }

# The event's key, made once by the organiser; door2 enrols it from the file.
run 0 key new "$tmp/event.key"
out_has "wrote $tmp/event.key: event key "
[ "$(stat -c %a "$tmp/event.key")" = 600 ] || fail "the key file is $(stat -c %a "$tmp/event.key")"
fp=$(sed -n 's/^wrote .*: event key \([0-9A-F]\{4\}-[0-9A-F]\{4\}\)$/\1/p' "$tmp/out")
[ -n "$fp" ] || fail "no fingerprint in: $(cat "$tmp/out")"
run 73 key new "$tmp/event.key"
err_has "never overwritten"
run 0 $two key show
out_has "no event key"
run 0 $two key enrol "$tmp/event.key"
out_has "enrolled event key $fp"
run 0 $two key show
out_has "event key $fp"

# A stick with the list and the key: imported, key enrolled, exports written, folder complete.
stick=$tmp/stick
mkdir -p "$stick/entrada"
cp "$demo" "$stick/entrada/attendees.csv"
cp "$tmp/event.key" "$stick/entrada/event.key"
run 0 $one drop "$stick"
out_has "list: entrada/attendees.csv: 150 rows, 150 added, 0 updated, 0 cancelled"
out_has "event key $fp enrolled"
out_has "safe to remove"
first=$(sed -n 's/^exports: //p' "$tmp/out")
id1=$(identity door1)
case "$id1" in door1-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]) ;;
*) fail "kiosk identity \"$id1\"" ;;
esac
case "$first" in entrada-export/$id1-2[0-9][0-9][0-9][01][0-9][0-3][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]) ;;
*) fail "export folder named \"$first\"" ;;
esac
for f in checkins.csv attendance.csv counts.csv codes.csv attendance.xlsx attendance.png journal.csv journal.sig; do
    [ -s "$stick/$first/$f" ] || fail "no $f in $first"
    # On the stick, for the organiser's computer; on the kiosk, the kiosk's alone.
    [ "$(stat -c %a "$stick/$first/$f")" = 644 ] || fail "$f on the stick is $(stat -c %a "$stick/$first/$f")"
done
[ "$(stat -c %a "$tmp/door1/event.db")" = 600 ] || fail "the store is $(stat -c %a "$tmp/door1/event.db")"
head -c 3 "$stick/$first/counts.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "counts.csv has no BOM"
grep -q "^total;main;;150;0" "$stick/$first/counts.csv" || fail "counts.csv: $(head -3 "$stick/$first/counts.csv")"
[ "$(ls -A "$stick/entrada-export" | grep -c '^\.')" = 0 ] || fail "hidden leftovers on the stick"
# The list's copy, made while the stick may be pulled out, is gone once read:
# it held the columns the store drops.
[ -d "$tmp/door1/from-stick" ] || fail "no from-stick folder: where was the list read from?"
[ -z "$(ls -A "$tmp/door1/from-stick")" ] || fail "copies left after the import: $(ls -A "$tmp/door1/from-stick")"
[ ! -e "$stick/$first/event.key" ] || fail "the key went out with the exports"
# journal.sig is HMAC-SHA256 of the journal's bytes, as another implementation computes it.
keyhex=$(grep -E '^[0-9a-f]{64}$' "$tmp/event.key")
# sign DIR HEXKEY FINGERPRINT: write DIR/journal.sig for DIR/journal.csv by hand.
sign() {
    mac=$({ printf 'entrada journal signature 1\0'; cat "$1/journal.csv"; } |
        openssl dgst -sha256 -mac HMAC -macopt "hexkey:$2" -r | cut -d' ' -f1)
    printf 'entrada journal signature 1 hmac-sha256 %s %s\n' "$3" "$mac" >"$1/journal.sig"
}
if command -v openssl >/dev/null; then
    mkdir -p "$tmp/resign"
    cp "$stick/$first/journal.csv" "$tmp/resign/"
    sign "$tmp/resign" "$keyhex" "$fp"
    cmp -s "$tmp/resign/journal.sig" "$stick/$first/journal.sig" ||
        fail "journal.sig is not HMAC-SHA256: $(cat "$stick/$first/journal.sig") vs $(cat "$tmp/resign/journal.sig")"
fi

# Each kiosk checks people in; door2 checks in person 1 before door1 does.
run 0 $two import "$demo"
run 0 $two checkin "$(code 1)"
id2=$(identity door2)
case "$id2" in door2-??????) ;; *) fail "kiosk identity \"$id2\"" ;; esac
sleep 1.1
run 0 $one checkin "$(code 1)"
run 0 $one checkin "$(code 2)"
run 0 $one drop "$stick"
out_has "journals: 0 merged, 0 new check-ins" # its own folders are not merged back
# door2 takes door1's journal in and leaves its own.
run 0 $two drop "$stick"
out_has "journals: 1 merged, 2 new check-ins"
[ "$(count "$tmp/door2/event.db" "SELECT COUNT(*) FROM checkins")" = 3 ] || fail "door2 did not merge"
# door1 merges door2's events: both events of person 1 kept, the earlier is first.
run 0 $one drop "$stick"
out_has "journals: 1 merged, 1 new check-ins"
[ "$(count "$tmp/door1/event.db" "SELECT COUNT(*) FROM checkins")" = 3 ] || fail "door1 did not merge"
latest=$(sed -n 's/^exports: //p' "$tmp/out")
first_in=$(grep "^$(code 1);" "$stick/$latest/attendance.csv" | cut -d';' -f9)
door2_at=$(grep ";$id2;main;in;" "$stick/$latest/checkins.csv" | cut -d';' -f2)
[ -n "$first_in" ] && [ "$first_in" = "$door2_at" ] || fail "first check-in $first_in is not door2's $door2_at"
grep -q "^total;main;;150;<3" "$stick/$latest/counts.csv" || fail "counts under 3 not hidden"
# Both doors let in fewer than 3: neither count can hide the other, so both are hidden.
grep -q "^kiosk;main;$id2;;c" "$stick/$latest/counts.csv" || fail "counts.csv lacks door2's row"
# Merging again changes nothing.
run 0 $one drop "$stick"
out_has "journals: 1 merged, 0 new check-ins"
[ "$(count "$tmp/door1/event.db" "SELECT COUNT(*) FROM checkins")" = 3 ] || fail "merge not idempotent"

# Forged journals. The issue's stick: a folder of a kiosk "evil" whose journal
# checks 100 attendees in and undoes door1's real check-in of person 2 with an
# "out" row naming it. Unsigned, signed with another key, carrying a real
# signature of another file: each refused, nothing merged, the door as it was.
forged=$stick/entrada-export/evil-20260312-090000
mkdir -p "$forged"
{
    echo "kiosk,seq,at_ms,session,session_title,direction,method,code,name,organisation,category,undoes_kiosk,undoes_seq"
    for i in $(seq 3 102); do echo "evil,$i,1773302400000,main,,in,camera,$(code $((i % 148 + 3))),X,,,,"; done
    echo "evil,103,1773302500000,main,,out,staff,$(code 2),X,,,$id1,2"
} >"$forged/journal.csv"
events() { count "$tmp/door1/event.db" "SELECT COUNT(*) FROM checkins"; }
before=$(events)
run 65 $one drop "$stick"
err_has "entrada-export/evil-20260312-090000/journal.csv: not signed"
out_has "journals: 1 merged, 0 new check-ins" # door2's, as before
run 0 key new "$tmp/evil.key"
evil_fp=$(sed -n 's/^wrote .*: event key //p' "$tmp/out")
if command -v openssl >/dev/null; then
    sign "$forged" "$(grep -E '^[0-9a-f]{64}$' "$tmp/evil.key")" "$evil_fp"
    run 65 $one drop "$stick"
    err_has "evil-20260312-090000/journal.csv: signed with event key $evil_fp, not this kiosk's $fp"
    # Claiming the real key's fingerprint changes nothing: the HMAC is checked.
    sign "$forged" "$(grep -E '^[0-9a-f]{64}$' "$tmp/evil.key")" "$fp"
    run 65 $one drop "$stick"
    err_has "evil-20260312-090000/journal.csv: the signature does not match"
fi
cp "$stick/$first/journal.sig" "$forged/journal.sig"
run 65 $one drop "$stick"
err_has "evil-20260312-090000/journal.csv: the signature does not match"
# A real journal changed by one byte after signing: refused.
cp "$stick/$latest/journal.csv" "$stick/$latest/journal.sig" "$forged/"
sed -i '2s/,in,/,out,/' "$forged/journal.csv"
cmp -s "$stick/$latest/journal.csv" "$forged/journal.csv" && fail "the journal was not changed"
run 65 $one drop "$stick"
err_has "evil-20260312-090000/journal.csv: the signature does not match"
[ "$(events)" = "$before" ] || fail "a forged journal changed the check-ins: $(events), was $before"
run 1 $one checkin "$(code 2)" # still checked in: "already"
out_has "already"
run 0 $two checkin "$(code 50)" # door2 never saw the forged check-ins
# With the real key, a kiosk (or whoever holds the key) still cannot speak
# for door1: events in door1's name that door1 never recorded are refused.
if command -v openssl >/dev/null; then
    {
        echo "kiosk,seq,at_ms,session,session_title,direction,method,code,name,organisation,category,undoes_kiosk,undoes_seq"
        echo "$id1,77,1773302400000,main,,in,camera,$(code 60),X,,,,"
    } >"$forged/journal.csv"
    sign "$forged" "$keyhex" "$fp"
    run 65 $one drop "$stick"
    err_has "evil-20260312-090000/journal.csv:2: event $id1-77 claims to be this kiosk's"
    # Nor undo door1's check-in in another kiosk's name.
    {
        echo "kiosk,seq,at_ms,session,session_title,direction,method,code,name,organisation,category,undoes_kiosk,undoes_seq"
        echo "evil,1,1773302500000,main,,out,staff,$(code 2),X,,,$id1,2"
    } >"$forged/journal.csv"
    sign "$forged" "$keyhex" "$fp"
    run 65 $one drop "$stick"
    err_has "evil-20260312-090000/journal.csv:2: undoes another kiosk's check-in"
    [ "$(events)" = "$before" ] || fail "a signed forged journal changed the check-ins"
fi
rm -rf "$forged"
# A stick carrying another event's key: refused, door1 keeps its own.
cp "$tmp/evil.key" "$stick/entrada/event.key"
run 65 $one drop "$stick"
err_has "entrada/event.key: this stick's event key $evil_fp is not this kiosk's $fp"
out_has "journals: 1 merged"
run 65 $one key enrol "$tmp/evil.key"
err_has "$tmp/evil.key: the event key $evil_fp is not this kiosk's $fp"
run 0 $one key show
out_has "event key $fp"
cp "$tmp/event.key" "$stick/entrada/event.key"
# A kiosk without the key writes unsigned journals, works alone, and merges
# nothing of the others, saying how to enrol.
four="--config $tmp/door4.ini"
printf '[entrada]\ndb = %s\nkiosk_id = door4\n' "$tmp/door4/event.db" >"$tmp/door4.ini"
mkdir -p "$tmp/lone/entrada"
cp "$demo" "$tmp/lone/entrada/attendees.csv"
cp -r "$stick/entrada-export" "$tmp/lone/"
run 0 $four checkin --help
run 65 $four drop "$tmp/lone"
err_has "other kiosks' journals not merged: this kiosk has no event key"
err_has "entrada key enrol"
lone=$(sed -n 's/^exports: //p' "$tmp/out")
[ -s "$tmp/lone/$lone/journal.csv" ] && [ ! -e "$tmp/lone/$lone/journal.sig" ] ||
    fail "a kiosk without a key: $(ls "$tmp/lone/$lone")"
run 0 $four checkin "$(code 5)"
run 0 $four key enrol "$tmp/event.key"
run 0 $four drop "$tmp/lone"
out_has "journals: 2 merged, 3 new check-ins"

# Walk-ins added at each kiosk (one admitted anyway, with its reason) reach
# the other through the stick as active registrations on the list walk-in:
# each kiosk ends with both, once, however often it syncs; exports show them
# and the override's reason.
run 0 $one add --name "Ana Walk" --org "Door One Ltd" --checkin
walk1=$(cat "$tmp/out")
run 0 $two add --name "Bo Walk" --org "Door Two AB" --category PRESS --checkin
walk2=$(cat "$tmp/out")
run 0 $two add --name "Cy Nocheckin"
sqlite3 "$tmp/door1/event.db" "UPDATE registrations SET status = 'cancelled' WHERE code = '$(code 3)';
    UPDATE persons SET status = 'cancelled'
    WHERE registration_id = (SELECT id FROM registrations WHERE code = '$(code 3)')"
run 1 $one checkin "$(code 3)"
run 0 $one checkin --override "paid at the door" "$(code 3)"
for i in 1 2; do # a second apart: a kiosk's export folders are named by the second
    sleep 1.1
    run 0 $one drop "$stick"
    run 0 $two drop "$stick"
done
sleep 1.1
run 0 $one drop "$stick"
latest=$(sed -n 's/^exports: //p' "$tmp/out")
for db in "$tmp/door1/event.db" "$tmp/door2/event.db"; do
    [ "$(count "$db" "SELECT group_concat(w, ' ') FROM (SELECT r.name || '/' || r.status AS w
        FROM registrations r JOIN lists l ON l.id = r.list_id WHERE l.name = 'walk-in' AND
        r.name LIKE '%Walk' ORDER BY r.name)")" = "Ana Walk/active Bo Walk/active" ] ||
        fail "$db walk-ins: $(count "$db" "SELECT * FROM registrations WHERE name LIKE '%Walk%'")"
    [ "$(count "$db" "SELECT COUNT(*) FROM admissions c JOIN attendees a ON a.id = c.attendee_id
        WHERE a.name LIKE '% Walk'")" = 2 ] || fail "$db: the walk-ins' check-ins"
    [ "$(count "$db" "SELECT reason FROM checkins WHERE override")" = "paid at the door" ] ||
        fail "$db: the override's reason"
done
run 1 $two checkin "$walk1"
grep -q "^already" "$tmp/out" || fail "door1's walk-in at door2: $(cat "$tmp/out")"
grep -q ";main;in;staff;$walk2;Bo Walk;Door Two AB;PRESS;;;yes" "$stick/$latest/checkins.csv" ||
    fail "checkins.csv lacks the walk-in: $(grep Walk "$stick/$latest/checkins.csv")"
grep -q ";$(code 3);.*;paid at the door;" "$stick/$latest/checkins.csv" ||
    fail "checkins.csv lacks the override: $(tail -3 "$stick/$latest/checkins.csv")"
grep -q "^$walk1;Ana Walk;Ana;Walk;Door One Ltd;;active;walk-in;" "$stick/$latest/attendance.csv" ||
    fail "attendance.csv lacks the walk-in: $(grep Walk "$stick/$latest/attendance.csv")"
door2_latest=$(ls "$stick/entrada-export" | grep "^$id2-" | sort | tail -n 1)
grep -q "Cy Nocheckin" "$stick/entrada-export/$door2_latest/attendance.csv" ||
    fail "door2's attendance.csv lacks its walk-in not checked in"
# A list imported again leaves the walk-ins as they are.
run 0 $one import "$demo"
[ "$(count "$tmp/door1/event.db" "SELECT COUNT(*) FROM attendees WHERE name LIKE '% Walk' AND
    status = 'active'")" = 2 ] || fail "a re-import touched the walk-ins"

# A broken list: refused with file and line; the store and its list stay; exports still go out.
before=$(count "$tmp/door1/event.db" "SELECT COUNT(*) || '/' || SUM(status = 'active') FROM attendees")
{ head -5 "$demo"; printf 'X1;"Ana;Ruiz\n'; } >"$stick/entrada/attendees.csv"
run 65 $one drop "$stick"
err_has "entrada/attendees.csv:"
out_has "exports: entrada-export/$id1-"
[ "$(count "$tmp/door1/event.db" "SELECT COUNT(*) || '/' || SUM(status = 'active') FROM attendees")" = "$before" ] ||
    fail "a broken list changed the store"
# A binary file posing as the list.
head -c 3000 /dev/urandom >"$stick/entrada/attendees.csv"
run 65 $one drop "$stick"
err_has "entrada/attendees.csv"
# Another event's list would cancel everyone: refused, nothing changes.
printf 'code,name\nM1,Ana Matchmaking\nM2,Berta Matchmaking\n' >"$stick/entrada/attendees.csv"
run 65 $one drop "$stick"
err_has "entrada/attendees.csv: would cancel 150 of the 150 attendees"
[ "$(count "$tmp/door1/event.db" "SELECT COUNT(*) || '/' || SUM(status = 'active') FROM attendees")" = "$before" ] ||
    fail "another event's list changed the store"
# Two files for one list: which one is meant? Neither comes in.
cp "$demo" "$stick/entrada/attendees.csv"
cp "$demo" "$stick/entrada/attendees-old.csv"
run 65 $one drop "$stick"
err_has "two files for list \"main\""
[ "$(count "$tmp/door1/event.db" "SELECT COUNT(*) || '/' || SUM(status = 'active') FROM attendees")" = "$before" ] ||
    fail "two files for one list changed the store"
rm "$stick/entrada/attendees-old.csv"

# Each file is a list: b2b.csv is the B2B list, beside the main one; a wrong
# B2B list is refused on its own while the main list still comes in.
reglist() { count "$tmp/door1/event.db" "SELECT COUNT(*) FROM registrations r JOIN lists l ON l.id = r.list_id WHERE l.name = '$1' AND r.status = 'active'"; }
printf 'Code;Name;Email\nB-%s;Ana B2B;ana@b2b.eu\nB-2;Bo B2B;bo@b2b.eu\n' 1 >"$stick/entrada/b2b.csv"
run 0 $one drop "$stick"
out_has "list: entrada/attendees.csv, entrada/b2b.csv: 152 rows, 2 added"
[ "$(reglist b2b)/$(reglist main)" = 2/150 ] || fail "b2b.csv is not the list b2b beside main: $(reglist b2b)/$(reglist main)"
seq 1 12 | sed 's/.*/B-&;Person &;p&@b2b.eu/' | sed '1i Code;Name;Email' >"$stick/entrada/b2b.csv"
run 0 $one drop "$stick"
seq 1 12 | sed 's/.*/X-&;Other &;o&@x.eu/' | sed '1i Code;Name;Email' >"$stick/entrada/b2b.csv"
run 65 $one drop "$stick"
err_has "entrada/b2b.csv: would cancel 12 of the 12 attendees on list \"b2b\""
out_has "list: 1 of the 2 lists imported (150 rows, 0 added, 0 updated, 0 cancelled), the others refused (below)"
[ "$(reglist b2b)/$(reglist main)" = 12/150 ] || fail "a wrong B2B list changed the store"
rm "$stick/entrada/b2b.csv"

# A stick pulled out while the list is read: the read fails, nothing changes.
if [ -n "$eio" ]; then
    before=$(count "$tmp/door1/event.db" "SELECT COUNT(*) || '/' || SUM(status = 'active') FROM attendees")
    head -n 100 "$demo" >"$stick/entrada/attendees.csv"
    status=0
    EIO_FILE=attendees.csv EIO_AFTER=4096 LD_PRELOAD=$eio "$entrada" $one drop "$stick" \
        >"$tmp/out" 2>"$tmp/err" || status=$?
    [ "$status" = 65 ] || fail "a pulled stick: exit $status"
    err_has "entrada/attendees.csv: read failed: Input/output error (was the stick pulled out?)"
    [ "$(count "$tmp/door1/event.db" "SELECT COUNT(*) || '/' || SUM(status = 'active') FROM attendees")" = "$before" ] ||
        fail "a pulled stick changed the store"
    cp "$demo" "$stick/entrada/attendees.csv"
    # A full disk under the kiosk: the check-in fails, says so, and nothing is half written.
    code1=$(code 7)
    status=0
    ENOSPC_FILE=event.db-wal LD_PRELOAD=$eio "$entrada" $one checkin "$code1" >"$tmp/out" 2>"$tmp/err" ||
        status=$?
    [ "$status" = 74 ] || fail "a full disk: exit $status; $(cat "$tmp/err")"
    err_has "the disk is full"
    run 0 $one checkin "$code1" # and with room again, it goes in
else
    echo "skipped: a stick pulled out, a full disk (no fault library in this build)"
fi

# Hostile sticks: nothing outside the stick is read or written.
secret=$tmp/secret
mkdir -p "$secret"
cp "$demo" "$secret/attendees.csv"
evil=$tmp/evil
mkdir -p "$evil/entrada"
ln -s "$secret/attendees.csv" "$evil/entrada/attendees.csv"
ln -s "$secret" "$evil/entrada-export"
run 65 $one drop "$evil"
err_has "symbolic link"
[ -z "$(ls -A "$secret" | grep -v attendees.csv)" ] || fail "wrote outside the stick: $(ls -A "$secret")"
rm -rf "$evil"
mkdir -p "$evil"
ln -s "$secret" "$evil/entrada"
truncate -s 10G "$evil/huge.csv"
run 65 $one drop "$evil"
err_has "entrada/: it is a symbolic link: ignored"
err_has "huge.csv: 10737.4 MB, over the limit of 50 MB"
rm "$evil/huge.csv"
mkdir -p "$evil/entrada-export/door9-20260312-090000"
ln -s "$secret/attendees.csv" "$evil/entrada-export/door9-20260312-090000/journal.csv"
mkdir -p "$evil/entrada-export/door8-20260312-090000"
head -c 5000 /dev/urandom >"$evil/entrada-export/door8-20260312-090000/journal.csv"
printf 'x' >"$evil/$(printf 'list\033[2J.csv')"
run 65 $one drop "$evil"
err_has "door9-20260312-090000/journal.csv: cannot open: it is a symbolic link"
err_has "door8-20260312-090000/journal.csv: not signed"
out_has "list: none on the stick"
# A directory of 10,001 files is not searched.
many=$tmp/many
mkdir -p "$many"
(cd "$many" && seq 1 10001 | xargs touch)
run 65 $one drop "$many"
err_has "more than 10000 entries"

# A full stick (a file size limit plays the full disk): the write fails, no
# folder that looks complete is left, older ones stay. door3's 3000 attendees
# make an attendance.csv over the limit; the database only needs reading.
full=$tmp/full
mkdir -p "$full"
printf 'code,name,organisation\n' >"$tmp/big.csv"
seq 1 3000 | sed 's/.*/C&,Persona Número &,Organización &/' >>"$tmp/big.csv"
three="--config $tmp/door3.ini"
run 0 $three import "$tmp/big.csv"
run 0 $three drop "$full"
ls -A "$full/entrada-export" >"$tmp/before"
status=0
(trap '' XFSZ && ulimit -f 100 && exec "$entrada" $three drop "$full") >"$tmp/out" 2>"$tmp/err" ||
    status=$?
[ "$status" = 65 ] || fail "a full stick: exit $status; $(cat "$tmp/err")"
err_has "File too large"
ls -A "$full/entrada-export" >"$tmp/after"
cmp -s "$tmp/before" "$tmp/after" || fail "a failed export left $(cat "$tmp/after")"
# What a stick pulled out mid-write leaves (a hidden half folder) goes at the next sync.
mkdir -p "$full/entrada-export/.$(identity door3)-20260312-090000.part"
touch "$full/entrada-export/.$(identity door3)-20260312-090000.part/.checkins.csv.x1Yz9Q"
run 0 $three drop "$full"
[ -z "$(ls -A "$full/entrada-export" | grep '^\.')" ] || fail "a leftover stayed: $(ls -A "$full/entrada-export")"

# After the event: wipe asks, or takes --yes.
run 64 $one wipe </dev/null
err_has "add --yes"
[ -f "$tmp/door1/event.db" ] || fail "wipe without --yes deleted the store"
# At a terminal it asks; anything but "wipe" keeps everything.
if command -v script >/dev/null; then
    printf 'no\n' | script -qec "$entrada $one wipe" /dev/null >"$tmp/out" 2>&1 || fail "wipe, answered no"
    out_has "Nothing deleted."
    [ -f "$tmp/door1/event.db" ] || fail "wipe answered no deleted the store"
fi
run 0 $one wipe --yes
out_has "deleted $tmp/door1/event.db"
[ ! -e "$tmp/door1/event.db" ] && [ ! -e "$tmp/door1/from-stick" ] || fail "wipe left data: $(ls -A "$tmp/door1")"

finish drop
