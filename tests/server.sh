#!/bin/bash
# Several kiosks on one PostgreSQL server: a private server (tests/pg.sh),
# kiosks played by `entrada checkin` on stores of their own, none with a
# kiosk_id configured. The server's messages (unreachable, no schema,
# another version, read-only), the password never shown, a list published
# and pulled, one badge at two doors at once, the server stopped while the
# doors go on and started again, a door killed between its commit and its
# push, a connection dropped while the door asks and the server stopped
# while a push waits mid-transaction, two kiosks made from one copied
# store, and the event-wide settings
# (the retention's extension, the event key) shared, a kiosk's own not.
# Usage: server.sh ENTRADA DEMO_CSV
set -eu
entrada=$1
demo=$2
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg.sh"
pg_skip_unless_available
cleanup() {
    pg_cleanup
    [ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
command -v sqlite3 >/dev/null || { echo "skipped: no sqlite3 program"; exit 77; }
pg_start
code() { sed -n "$(($1 + 1))p" "$demo" | cut -d';' -f1 | tr -d '\357\273\277'; }
count() { sqlite3 "$tmp/$1/event.db" "$2"; }

# Kiosks k1..k4, each its own store; the server with a password in the string (trust ignores it).
for k in k1 k2 k3 k4 lost; do
    mkdir -p "$tmp/$k"
    cat >"$tmp/$k.ini" <<INI
[entrada]
db = $tmp/$k/event.db
[checkin]
repeat_window_ms = 0
[sync]
server = host=$pgdir user=entrada dbname=event password=Sekr3tPw
INI
done
sed -i "s|^server = .*|server = postgresql://entrada:Sekr3tPw@localhost:1/event?host=$tmp/nowhere|" "$tmp/lost.ini"

# Unreachable: a clear message, the password masked, exit 69; the door still admits offline.
run 69 --config "$tmp/lost.ini" sync
err_has "cannot connect"
err_has "postgresql://entrada:****@localhost:1/event"
grep -q Sekr3tPw "$tmp/err" && fail "the password was shown: $(cat "$tmp/err")"
run 0 --config "$tmp/lost.ini" config
out_has "server = postgresql://entrada:****@localhost:1/event"
grep -q Sekr3tPw "$tmp/out" && fail "entrada config shows the password"

# No schema yet, then init (twice: the second changes nothing).
run 69 --config "$tmp/k1.ini" sync
err_has "has no entrada schema: run entrada server init"
run 0 --config "$tmp/k1.ini" server init
out_has "the server's entrada schema is 2 now (was 0)"
run 0 --config "$tmp/k1.ini" server init
out_has "schema is 2 already"
grep -q Sekr3tPw "$tmp/out" "$tmp/err" && fail "server init shows the password"

# Another version on the server: said so, nothing done.
psql_q "UPDATE entrada_meta SET value = '99' WHERE name = 'schema'"
run 69 --config "$tmp/k2.ini" sync
err_has "has entrada schema 99, newer than this entrada's 2: update entrada"
# A server of schema 1 (before the shared settings): init migrates it, and only it.
psql_q "BEGIN; DROP TABLE entrada_settings; UPDATE entrada_meta SET value = '1' WHERE name = 'schema'; COMMIT"
run 69 --config "$tmp/k2.ini" sync
err_has "has entrada schema 1, older than this entrada's 2: run entrada server init"
run 0 --config "$tmp/k2.ini" server init
out_has "the server's entrada schema is 2 now (was 1)"
[ "$(psql_q "SELECT to_regclass('entrada_settings') IS NOT NULL")" = t ] || fail "migration 2 made no settings table"

# The organiser publishes the list from k1; the others pull it.
run 0 --config "$tmp/k1.ini" import --server "$demo"
out_has "published list main"
# Published as stored: the columns this configuration drops never reach the server.
content="SELECT convert_from(content, 'UTF8') FROM entrada_lists WHERE name = 'main'"
psql_q "$content" | head -1 | grep -q "Organización" || fail "the published list lost its mapped columns"
psql_q "$content" | grep -q "Tipo de entidad\|Matchmaking" && fail "a dropped column was published"
for k in k2 k3; do
    run 0 --config "$tmp/$k.ini" sync
    out_has "1 lists"
    [ "$(count $k "SELECT COUNT(*) FROM attendees")" = 150 ] || fail "$k did not import the list"
    # Logged under the published file's name: staff reload of that file finds main by it.
    [ "$(count $k "SELECT file FROM imports ORDER BY id DESC LIMIT 1")" = "$(basename "$demo")" ] ||
        fail "$k logged the list as $(count $k "SELECT file FROM imports ORDER BY id DESC LIMIT 1")"
done
# Identities: made at random, one per store, none configured.
ids=$(for k in k1 k2 k3; do count $k "SELECT value FROM settings WHERE name = 'kiosk.identity'"; done | sort -u | wc -l)
[ "$ids" = 3 ] || fail "three kiosks do not have three identities"

# One badge at two doors at once, ten times: exactly one welcome each time.
for i in $(seq 1 10); do
    c=$(code "$i")
    st1=0 st2=0
    "$entrada" --config "$tmp/k1.ini" checkin "$c" >"$tmp/d1" 2>&1 &
    p1=$!
    "$entrada" --config "$tmp/k2.ini" checkin "$c" >"$tmp/d2" 2>&1 &
    p2=$!
    wait $p1 || st1=$?
    wait $p2 || st2=$?
    if [ $((st1 + st2)) != 1 ]; then
        fail "badge $c at two doors: exit $st1 and $st2: $(cat "$tmp/d1" "$tmp/d2")"
    fi
    grep -q "decided offline" "$tmp/d1" "$tmp/d2" && fail "badge $c was decided offline"
done
[ "$(psql_q "SELECT COUNT(*) FROM entrada_admissions")" = 10 ] || fail "the server has not 10 admissions"
[ "$(psql_q "SELECT COUNT(*) FROM entrada_events")" = 10 ] || fail "the server has not 10 events"

# Three doors at once, each its own people, online.
for k in 1 2 3; do
    (for i in $(seq $((k * 10 + 10)) $((k * 10 + 19))); do
        "$entrada" --config "$tmp/k$k.ini" checkin "$(code "$i")" >/dev/null 2>&1 || echo "$i" >>"$tmp/refused"
    done) &
done
wait
[ -s "$tmp/refused" ] && fail "online check-ins refused: $(cat "$tmp/refused")"
[ "$(psql_q "SELECT COUNT(*) FROM entrada_events")" = 40 ] || fail "the server has not 40 events"

# The server goes away; the doors go on, deciding offline. k1 and k2 both admit person 99.
pg_stop
for k in 1 2 3; do
    for i in $(seq $((k * 10 + 40)) $((k * 10 + 44))); do
        run 0 --config "$tmp/k$k.ini" checkin "$(code "$i")"
        out_has "(decided offline)"
    done
done
run 0 --config "$tmp/k1.ini" checkin "$(code 99)"
run 0 --config "$tmp/k2.ini" checkin "$(code 99)"
out_has "(decided offline)"
run 0 --config "$tmp/k1.ini" stats
out_has "sync: offline since "
out_has ", 6 waiting"
run 69 --config "$tmp/k3.ini" sync
err_has "cannot connect"
err_has "5 events wait here; nothing is lost"

# Back: k3 is killed between a check-in's commit and its push of what waited.
pg_restart_only
status=0
ENTRADA_TEST_KILL_AFTER_COMMIT=1 "$entrada" --config "$tmp/k3.ini" checkin "$(code 90)" \
    >"$tmp/out" 2>&1 || status=$?
[ "$status" = 137 ] || fail "the door was not killed (exit $status)"
[ "$(count k3 "SELECT COUNT(*) FROM checkins WHERE seq > 0 AND attendee_id = (SELECT attendee_id FROM registrations WHERE code = '$(code 90)')")" = 1 ] ||
    fail "the killed door's check-in is not on its disk"
[ "$(count k3 "SELECT COUNT(*) FROM outbox")" = 5 ] || fail "k3's outbox: $(count k3 "SELECT COUNT(*) FROM outbox")"
# Everyone syncs (twice round: the first pushes, the second pulls what the others pushed).
for pass in 1 2; do
    for k in k1 k2 k3; do
        run 0 --config "$tmp/$k.ini" sync
    done
done
out_has "0 waiting"
total=$(psql_q "SELECT COUNT(*) FROM entrada_events")
[ "$total" = 58 ] || fail "the server has $total events, not 58"
[ "$(psql_q "SELECT COUNT(*) FROM (SELECT DISTINCT kiosk, seq FROM entrada_events) e")" = "$total" ] ||
    fail "an event is on the server twice"
[ "$(psql_q "SELECT COUNT(*) FROM entrada_events WHERE offline")" = 17 ] ||
    fail "the server has not the 17 events decided offline"
for k in k1 k2 k3; do
    n=$(count $k "SELECT COUNT(*) FROM checkins")
    [ "$n" = "$total" ] || fail "$k has $n events, the server $total"
    run 0 --config "$tmp/$k.ini" stats
    out_has "checked in  57"
    out_has "sync: online, 0 waiting"
    # The two offline admissions of person 99 are both kept, and reported.
    out_has "conflict: "
    out_has "admitted 2 times at"
    grep -c "conflict: " "$tmp/out" | grep -qx 1 || fail "$k reports other conflicts: $(grep conflict "$tmp/out")"
done
run 0 --config "$tmp/k2.ini" stats --json
jq -e '.sync.online == true and .sync.waiting == 0 and (.conflicts | length) == 1 and .conflicts[0].admissions == 2' \
    "$tmp/out" >/dev/null || fail "stats --json: $(cat "$tmp/out")"
run 0 --config "$tmp/k2.ini" export "$tmp/k2-export"
grep -q "^$(code 99);.*;main;.* .*;2;" "$tmp/k2-export/conflicts.csv" ||
    grep -q "^$(code 99),.*,main,.* .*,2," "$tmp/k2-export/conflicts.csv" ||
    fail "conflicts.csv lacks person 99: $(cat "$tmp/k2-export/conflicts.csv")"
s1=$(count k1 "SELECT COUNT(DISTINCT attendee_id) FROM admissions")
for k in k2 k3; do
    [ "$(count $k "SELECT COUNT(DISTINCT attendee_id) FROM admissions")" = "$s1" ] || fail "$k counts differ from k1's"
done
[ "$s1" = 57 ] || fail "k1 counts $s1 people, not 57"
# A second sync changes nothing anywhere.
run 0 --config "$tmp/k1.ini" sync
out_has "pushed 0, pulled 0 events"

# A read-only server: the door decides offline and says why; sync says so; nothing lost.
psql_q "ALTER DATABASE event SET default_transaction_read_only = on"
run 0 --config "$tmp/k1.ini" checkin "$(code 100)"
out_has "(decided offline)"
err_has "is read-only"
run 69 --config "$tmp/k1.ini" sync
err_has "is read-only"
err_has "1 events wait here"
psql_q "BEGIN READ WRITE; ALTER DATABASE event SET default_transaction_read_only = off; COMMIT"
run 0 --config "$tmp/k1.ini" sync
out_has "pushed 1,"

# A server that takes connections but does not answer (its postmaster
# stopped): the door waits [sync] timeout_ms (300) and no longer, then decides.
postmaster=$(head -n 1 "$pgdir/data/postmaster.pid")
kill -STOP "$postmaster"
t0=$(date +%s%N)
run 0 --config "$tmp/k1.ini" checkin "$(code 130)"
t1=$(date +%s%N)
kill -CONT "$postmaster"
out_has "(decided offline)"
err_has "no answer within 300 ms"
waited=$(((t1 - t0) / 1000000))
[ "$waited" -lt 900 ] || fail "the door waited $waited ms for a server that did not answer"
run 0 --config "$tmp/k1.ini" sync
out_has "pushed 1,"

# A kiosk (the real one, by script) on the server: it pulls the list, its
# door asks the server ("already": admitted at k1), and a check-in made at
# k1 while it runs reaches its store by itself.
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software SDL_VIDEO_EGL_DRIVER=none
mkdir -p "$tmp/k5"
{
    sed "s|$tmp/k1/|$tmp/k5/|" "$tmp/k1.ini"
    grep '^staff_pin' "$(dirname "$demo")/entrada.ini" | sed '1i [kiosk]'
} >"$tmp/k5.ini"
# Then staff mode (PIN 1234) and the list of those admitted at two doors, from the server's line.
printf 'wait 2500\nscan %s\nwait 300\nscan %s\nwait 2500\nhold 1%% 1%% 2200\nwait 100\ntype 1234\nkey Return\nwait 500\ntexts staff.tsv\ntap 20%% 35%%\nwait 300\ntexts conflicts.tsv\nquit\n' \
    "$(code 20)" "$(code 121)" >"$tmp/k5.txt"
status=0
timeout 60 "$entrada" --config "$tmp/k5.ini" kiosk --windowed --size 800x480 --script "$tmp/k5.txt" \
    >/dev/null 2>"$tmp/k5.err" &
kpid=$!
sleep 3.5
run 0 --config "$tmp/k1.ini" checkin "$(code 120)"
wait $kpid || status=$?
[ "$status" = 0 ] || fail "the kiosk on the server: exit $status: $(tail -3 "$tmp/k5.err")"
grep -q "decided offline" "$tmp/k5.err" && fail "the kiosk decided offline: $(cat "$tmp/k5.err")"
id5=$(count k5 "SELECT value FROM settings WHERE name = 'kiosk.identity'")
[ "$(count k5 "SELECT COUNT(*) FROM checkins WHERE kiosk = '$id5'")" = 1 ] ||
    fail "the kiosk did not admit just one: $(count k5 "SELECT COUNT(*) FROM checkins WHERE kiosk = '$id5'")"
[ "$(psql_q "SELECT offline FROM entrada_events WHERE kiosk = '$id5'")" = f ] ||
    fail "the kiosk's admission was not decided on the server"
[ "$(count k5 "SELECT COUNT(*) FROM attendees")" = 150 ] || fail "the kiosk did not pull the list"
[ "$(count k5 "SELECT COUNT(*) FROM checkins c JOIN registrations r ON r.attendee_id = c.attendee_id WHERE r.code = '$(code 120)'")" = 1 ] ||
    fail "k1's check-in made while the kiosk ran did not reach it"
# Staff mode names the person admitted at two doors: who, the session, each door and its time.
id1=$(count k1 "SELECT value FROM settings WHERE name = 'kiosk.identity'")
name99=$(count k1 "SELECT a.name FROM attendees a JOIN registrations r ON r.attendee_id = a.id WHERE r.code = '$(code 99)'")
id2=$(count k2 "SELECT value FROM settings WHERE name = 'kiosk.identity'")
grep -qF "1 admitted at two doors" "$tmp/staff.tsv" || fail "staff mode does not count the conflict: $(cut -f11 "$tmp/staff.tsv" 2>/dev/null)"
grep -qF "Admitted at two doors: 1" "$tmp/conflicts.tsv" || fail "no list of conflicts: $(cut -f11 "$tmp/conflicts.tsv" 2>/dev/null)"
grep -qF "$name99" "$tmp/conflicts.tsv" || fail "the list lacks $name99"
grep -qE "$id1 [0-9]{2}:[0-9]{2} · $id2 [0-9]{2}:[0-9]{2}|$id2 [0-9]{2}:[0-9]{2} · $id1 [0-9]{2}:[0-9]{2}" "$tmp/conflicts.tsv" ||
    fail "the list lacks the two doors and times: $(cut -f11 "$tmp/conflicts.tsv" 2>/dev/null)"

# Two kiosks from one store image: k4 is a copy of k1's store. It numbers under an identity of its own.
cp "$tmp/k1/event.db" "$tmp/k4/event.db"
run 0 --config "$tmp/k4.ini" checkin "$(code 110)"
id1=$(count k1 "SELECT value FROM settings WHERE name = 'kiosk.identity'")
id4=$(count k4 "SELECT value FROM settings WHERE name = 'kiosk.identity'")
[ -n "$id4" ] && [ "$id1" != "$id4" ] || fail "the copied store kept identity $id1"
run 0 --config "$tmp/k1.ini" checkin "$(code 111)"
run 0 --config "$tmp/k4.ini" sync
run 0 --config "$tmp/k1.ini" sync
run 0 --config "$tmp/k4.ini" sync
[ "$(count k1 "SELECT COUNT(*) FROM checkins")" = "$(count k4 "SELECT COUNT(*) FROM checkins")" ] ||
    fail "k1 and its copy k4 do not converge"
[ "$(count k1 "SELECT COUNT(*) FROM checkins WHERE kiosk = '$id4'")" = 1 ] || fail "k1 lacks k4's check-in"

# The server restored from an older backup: it lacks k1's latest events, which k1 pushes again.
n_before=$(psql_q "SELECT COUNT(*) FROM entrada_events")
lost=$(psql_q "SELECT COUNT(*) FROM entrada_events WHERE kiosk = '$id1' AND seq > 5")
psql_q "DELETE FROM entrada_events WHERE kiosk = '$id1' AND seq > 5" >/dev/null
run 0 --config "$tmp/k1.ini" sync
out_has "the server lacked $lost of this kiosk's events"
[ "$(psql_q "SELECT COUNT(*) FROM entrada_events")" = "$n_before" ] || fail "k1's events were not pushed again"

# A walk-in added at k2's desk reaches k3, with the same code, and is let in there.
run 0 --config "$tmp/k2.ini" add --name "Maite Urrutia" --org "Walk-in Ltd"
walkin=$(tail -n 1 "$tmp/out" | awk '{ print $1 }')
[ -n "$walkin" ] || fail "add printed no code: $(cat "$tmp/out")"
run 0 --config "$tmp/k2.ini" sync
run 0 --config "$tmp/k3.ini" sync
out_has "1 walk-ins from the server"
run 0 --config "$tmp/k3.ini" checkin "$walkin"
out_has "welcome: Maite Urrutia"
run 0 --config "$tmp/k3.ini" sync
out_has "0 walk-ins"
# A second one, quotes and a backslash in the name: pushed with the first (which is not doubled).
odd='Seán O'"'"'Brien "Jr" \ Ltd'
run 0 --config "$tmp/k2.ini" add --name "$odd" --org "Walk-in Ltd"
run 0 --config "$tmp/k2.ini" sync
[ "$(psql_q "SELECT COUNT(*) FROM entrada_walkins")" = 2 ] || fail "the server has not 2 walk-ins"
run 0 --config "$tmp/k3.ini" sync
out_has "1 walk-ins from the server"
[ "$(count k3 "SELECT COUNT(*) FROM attendees WHERE name = '$(printf '%s' "$odd" | sed "s/'/''/g")'")" = 1 ] ||
    fail "k3 lacks the walk-in named $odd"

# A connection dropped mid-transaction. Another session holds the server's
# admissions locked, so that the door's question, or a push, waits inside
# its transaction until the connection goes.
lock_admissions() {
    "$pgbin/psql" -X -q -h "$pgdir" -U entrada -d event \
        -c "BEGIN; LOCK TABLE entrada_admissions IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60)" >/dev/null 2>&1 &
    locker=$!
    for _ in $(seq 1 50); do
        [ "$(psql_q "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'entrada_admissions' AND l.mode = 'AccessExclusiveLock' AND l.granted")" = 1 ] && return 0
        sleep 0.1
    done
    fail "the admissions were not locked"
}
# The server process of an entrada connection waiting for the lock, once there is one.
blocked_backend() { # [PATTERN]: the one whose statement is LIKE PATTERN
    for _ in $(seq 1 100); do
        pid=$(psql_q "SELECT pid FROM pg_stat_activity WHERE application_name = 'entrada' AND
            wait_event_type = 'Lock' AND query LIKE '${1:-%}' LIMIT 1")
        [ -n "$pid" ] && { echo "$pid"; return 0; }
        sleep 0.1
    done
    return 1
}
id2=$(count k2 "SELECT value FROM settings WHERE name = 'kiosk.identity'")
local2=$(count k2 "SELECT COUNT(*) FROM checkins")
server2=$(psql_q "SELECT COUNT(*) FROM entrada_events WHERE kiosk = '$id2'")
[ "$(count k2 "SELECT COUNT(*) FROM outbox")" = 0 ] || fail "k2's outbox is not empty to start with"
# The door asks (with 10 s to answer) and its backend is terminated while it waits:
# decided offline at once, recorded here once, waiting in the outbox.
sed '/^\[sync\]/a timeout_ms = 10000' "$tmp/k2.ini" >"$tmp/k2-patient.ini"
lock_admissions
t0=$(date +%s%N)
status=0
"$entrada" --config "$tmp/k2-patient.ini" checkin "$(code 140)" >"$tmp/out" 2>"$tmp/err" &
door=$!
backend=$(blocked_backend) || fail "the door's question never waited on the server"
[ -z "$backend" ] || psql_q "SELECT pg_terminate_backend($backend)" >/dev/null
wait $door || status=$?
t1=$(date +%s%N)
[ "$status" = 0 ] || fail "the door whose connection dropped: exit $status: $(cat "$tmp/err")"
out_has "(decided offline)"
err_has "the connection was lost mid-statement: terminating connection due to administrator command"
grep -q "LINE 1" "$tmp/err" && fail "the door's message quotes the statement: $(cat "$tmp/err")"
[ $(((t1 - t0) / 1000000)) -lt 8000 ] || fail "the door waited its whole timeout for a dropped connection"
[ "$(count k2 "SELECT COUNT(*) FROM checkins")" = $((local2 + 1)) ] || fail "the door's check-in is not on its disk once"
[ "$(count k2 "SELECT COUNT(*) FROM outbox")" = 1 ] || fail "the door's check-in is not in its outbox"
[ "$(psql_q "SELECT COUNT(*) FROM entrada_events WHERE kiosk = '$id2'")" = "$server2" ] ||
    fail "the server kept the event of a transaction whose connection dropped"
# Three more at the door while the lock lasts: the server too slow, decided offline.
for i in 141 142 143; do
    run 0 --config "$tmp/k2.ini" checkin "$(code $i)"
    out_has "(decided offline)"
done
# The server gave up on those questions when the doors did (statement_timeout): none waits.
waiting=1
for _ in $(seq 1 30); do
    waiting=$(psql_q "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'entrada' AND
        wait_event_type = 'Lock'")
    [ "$waiting" = 0 ] && break
    sleep 0.1
done
[ "$waiting" = 0 ] || fail "$waiting questions of doors that decided offline still wait on the server"
# The push waits inside its transaction (its events inserted, not committed) and the server
# stops at once, as a power cut would: nothing lost here, nothing half there.
status=0
"$entrada" --config "$tmp/k2.ini" sync >"$tmp/out" 2>"$tmp/err" &
pusher=$!
# (The doors' questions above may still wait on the lock: the server learns that their
# kiosks gave up only when the lock goes. The push is the one sending a batch of events.)
blocked_backend '%json_to_recordset%' >/dev/null || fail "the push never waited on the server"
as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate -w stop >/dev/null
wait $pusher || status=$?
wait $locker 2>/dev/null || true
[ "$status" = 69 ] || fail "sync whose server stopped mid-push: exit $status: $(cat "$tmp/err")"
err_has "4 events wait here; nothing is lost"
err_has "the connection was lost mid-statement"
[ "$(count k2 "SELECT COUNT(*) FROM checkins")" = $((local2 + 4)) ] || fail "k2 lost or doubled a check-in"
[ "$(count k2 "SELECT COUNT(*) FROM outbox")" = 4 ] || fail "k2's outbox after the failed push: $(count k2 "SELECT COUNT(*) FROM outbox")"
pg_restart_only
[ "$(psql_q "SELECT COUNT(*) FROM entrada_events WHERE kiosk = '$id2'")" = "$server2" ] ||
    fail "the server kept events of a push that never committed"
run 0 --config "$tmp/k2.ini" sync
out_has "pushed 4,"
out_has "0 waiting"
[ "$(psql_q "SELECT COUNT(*) FROM entrada_events WHERE kiosk = '$id2'")" = $((server2 + 4)) ] ||
    fail "the server has not k2's 4 events after the next sync"
[ "$(psql_q "SELECT COUNT(*) FROM entrada_events WHERE kiosk = '$id2'")" = "$(count k2 "SELECT COUNT(*) FROM checkins WHERE kiosk = '$id2'")" ] ||
    fail "k2 and the server disagree on k2's events"
for i in 140 141 142 143; do
    [ "$(psql_q "SELECT COUNT(*) FROM entrada_admissions WHERE person = '$(code $i)' AND kiosk = '$id2'")" = 1 ] ||
        fail "person $i has not one admission on the server"
done
run 0 --config "$tmp/k2.ini" sync
out_has "pushed 0, pulled 0 events"

# Undos pushed in one batch with what they undo, as one by one: offline at k3, 145 in, undone
# and in again (admitted, by the last), 146 in and undone (not admitted); 147 admitted online
# (the server's row made by the door) and undone here (the row freed by the push).
sed "s|^server = .*|$(grep '^server' "$tmp/lost.ini" | sed 's/[&|]/\\&/g')|" "$tmp/k3.ini" >"$tmp/k3-off.ini"
id3=$(count k3 "SELECT value FROM settings WHERE name = 'kiosk.identity'")
run 0 --config "$tmp/k3.ini" checkin "$(code 147)"
[ "$(psql_q "SELECT COUNT(*) FROM entrada_admissions WHERE person = '$(code 147)'")" = 1 ] || fail "147 was not admitted on the server"
run 0 --config "$tmp/k3-off.ini" undo "$(code 147)"
run 0 --config "$tmp/k3-off.ini" checkin "$(code 145)"
run 0 --config "$tmp/k3-off.ini" undo "$(code 145)"
run 0 --config "$tmp/k3-off.ini" checkin "$(code 145)"
out_has "(decided offline)"
run 0 --config "$tmp/k3-off.ini" checkin "$(code 146)"
run 0 --config "$tmp/k3-off.ini" undo "$(code 146)"
[ "$(count k3 "SELECT COUNT(*) FROM outbox")" = 6 ] || fail "k3's outbox: $(count k3 "SELECT COUNT(*) FROM outbox"), not 6"
run 0 --config "$tmp/k3.ini" sync
out_has "pushed 6,"
last145=$(count k3 "SELECT MAX(c.seq) FROM checkins c JOIN registrations r ON r.attendee_id = c.attendee_id WHERE r.code = '$(code 145)' AND c.direction = 'in'")
[ "$(psql_q "SELECT kiosk || ' ' || seq FROM entrada_admissions WHERE person = '$(code 145)'")" = "$id3 $last145" ] ||
    fail "145's admission on the server: $(psql_q "SELECT kiosk || ' ' || seq FROM entrada_admissions WHERE person = '$(code 145)'"), not $id3 $last145"
[ "$(psql_q "SELECT COUNT(*) FROM entrada_admissions WHERE person IN ('$(code 146)', '$(code 147)')")" = 0 ] ||
    fail "an undone admission is still on the server"
[ "$(psql_q "SELECT COUNT(*) FROM entrada_events WHERE kiosk = '$id3'")" = "$(count k3 "SELECT COUNT(*) FROM checkins WHERE kiosk = '$id3'")" ] ||
    fail "k3 and the server disagree on k3's events"

# Event-wide settings travel through the server; a kiosk's own do not.
for k in k1 k2 k3 k4; do printf '[privacy]\nretain_days = 30\n' >>"$tmp/$k.ini"; done
# k1 extends the retention with the server out of reach: kept, shared at its next sync.
sed "s|^server = .*|$(grep '^server' "$tmp/lost.ini" | sed 's/[&|]/\\&/g')|" "$tmp/k1.ini" >"$tmp/k1-off.ini"
run 0 --config "$tmp/k1-off.ini" retain --extend 40
err_has "the other kiosks get it at this kiosk's next sync"
until1=$(count k1 "SELECT value FROM settings WHERE name = 'retain_until'")
[ -n "$until1" ] || fail "k1 kept no extension"
[ -z "$(psql_q "SELECT value FROM entrada_settings WHERE name = 'retain_until'")" ] ||
    fail "the server has an extension k1 could not send"
run 0 --config "$tmp/k1.ini" sync
[ "$(psql_q "SELECT value FROM entrada_settings WHERE name = 'retain_until'")" = "$until1" ] ||
    fail "k1's sync did not publish its extension"
run 0 --config "$tmp/k2.ini" sync
out_has "1 settings"
[ "$(count k2 "SELECT value FROM settings WHERE name = 'retain_until'")" = "$until1" ] ||
    fail "k2 did not take k1's extension"
run 0 --config "$tmp/k1.ini" retain
day1=$(grep "^extended to:" "$tmp/out")
run 0 --config "$tmp/k2.ini" retain
[ -n "$day1" ] && grep -qxF "$day1" "$tmp/out" || fail "k2 says $(grep extended "$tmp/out"), k1 $day1"
# k3 extends less (by the command line, online): shared at once, and the longer one stays everywhere.
run 0 --config "$tmp/k3.ini" retain --extend 1
out_has "not shared: the server keeps what it has"
out_has "the server's settings taken here: 1"
[ "$(psql_q "SELECT value FROM entrada_settings WHERE name = 'retain_until'")" = "$until1" ] ||
    fail "a shorter extension replaced the longer one on the server"
[ "$(count k3 "SELECT value FROM settings WHERE name = 'retain_until'")" = "$until1" ] ||
    fail "k3 did not take the longer extension"
# The event key enrolled at k2 reaches k3, which has none; k4 keeps another key and is told.
run 0 --config "$tmp/k2.ini" key new "$tmp/event.key"
run 0 --config "$tmp/k2.ini" key enrol "$tmp/event.key"
out_has "shared with the other kiosks through the server"
run 0 --config "$tmp/k2.ini" key show
fp=$(awk '/^event key/ { print $3; exit }' "$tmp/out")
[ -n "$fp" ] || fail "k2 has no key: $(cat "$tmp/out")"
run 0 --config "$tmp/k3.ini" sync
out_has "1 settings"
run 0 --config "$tmp/k3.ini" key show
out_has "event key $fp"
run 0 --config "$tmp/k4.ini" key new "$tmp/other.key"
run 0 --config "$tmp/k4.ini" key enrol "$tmp/other.key"
err_has "not this kiosk's"
out_has "not shared: the server keeps what it has"
run 0 --config "$tmp/k4.ini" key show
grep -q "event key $fp" "$tmp/out" && fail "k4's own key was replaced by the server's"
run 0 --config "$tmp/k4.ini" sync
err_has "has event key $fp, not this kiosk's"
out_has "0 settings"
grep -q Sekr3tPw "$tmp/out" "$tmp/err" && fail "sync shows the password"
# entrada doctor says so before the doors open, and that k3's key is the server's.
"$entrada" --config "$tmp/k4.ini" doctor >"$tmp/out" 2>&1 || true
grep -q "^warn *server .*has event key $fp, not this kiosk's" "$tmp/out" ||
    fail "doctor at k4: $(grep server "$tmp/out")"
"$entrada" --config "$tmp/k3.ini" doctor >"$tmp/out" 2>&1 || true
grep -q "^ok *server .*event key $fp, as this kiosk's" "$tmp/out" ||
    fail "doctor at k3: $(grep server "$tmp/out")"
grep -q Sekr3tPw "$tmp/out" && fail "doctor shows the password"
# Only the event-wide ones are on the server.
[ "$(psql_q "SELECT string_agg(name, ',' ORDER BY name) FROM entrada_settings")" = "event_key,retain_until" ] ||
    fail "the server has settings $(psql_q "SELECT string_agg(name, ',' ORDER BY name) FROM entrada_settings")"
# A list published again carries the settings too: a kiosk's new extension goes with it.
run 0 --config "$tmp/k3.ini" retain --extend 90
until3=$(count k3 "SELECT value FROM settings WHERE name = 'retain_until'")
psql_q "UPDATE entrada_settings SET value = '$until1' WHERE name = 'retain_until'" >/dev/null
run 0 --config "$tmp/k3.ini" import --server "$demo"
[ "$(psql_q "SELECT value FROM entrada_settings WHERE name = 'retain_until'")" = "$until3" ] ||
    fail "push-list did not publish k3's extension"
# A value that is no time (written on the server by hand) stops no sync and is replaced.
psql_q "UPDATE entrada_settings SET value = 'next week' WHERE name = 'retain_until'" >/dev/null
run 0 --config "$tmp/k3.ini" sync
[ "$(count k3 "SELECT value FROM settings WHERE name = 'retain_until'")" = "$until3" ] ||
    fail "k3 took a retention that is no time"
[ "$(psql_q "SELECT value FROM entrada_settings WHERE name = 'retain_until'")" = "$until3" ] ||
    fail "k3 did not replace a retention that is no time"
# server init publishes them too (a server emptied of them, as a new one would be).
psql_q "DELETE FROM entrada_settings" >/dev/null
run 0 --config "$tmp/k2.ini" server init
out_has "schema is 2 already"
[ "$(psql_q "SELECT string_agg(name, ',' ORDER BY name) FROM entrada_settings")" = "event_key,retain_until" ] ||
    fail "server init did not publish k2's settings"
[ "$(psql_q "SELECT value FROM entrada_settings WHERE name = 'retain_until'")" = "$(count k2 "SELECT value FROM settings WHERE name = 'retain_until'")" ] ||
    fail "server init published another day for deletion than k2's"
# From a machine with no store (the organiser's laptop): init makes none.
sed "s|$tmp/k2/|$tmp/fresh/|" "$tmp/k2.ini" >"$tmp/fresh.ini"
run 0 --config "$tmp/fresh.ini" server init
[ -e "$tmp/fresh/event.db" ] && fail "server init made a store"

finish server
