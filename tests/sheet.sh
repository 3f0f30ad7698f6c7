#!/bin/sh
# End-to-end: entrada sheet. The signature sheet read back with pdftotext:
# names by surname in the order of the sheet's language (Spanish puts ñ
# after n), names in other scripts, page numbers and the total in Spanish
# and English, a blank sheet, and the sheet of a session for one list.
# Usage: sheet.sh ENTRADA DEMO_CSV B2B_CSV
set -eu
entrada=$1
demo=$2
b2b=$3
. "$(dirname "$0")/lib.sh"
command -v pdftotext >/dev/null || { echo "sheet.sh: no pdftotext (poppler-utils): skipped"; exit 77; }

ini() { # ini FILE LANGUAGE
    cat >"$1" <<INI
[entrada]
event_name = European Raw Materials Clusters Meeting
[kiosk]
language = $2
[event]
date = 2026-03-12
place = Palacio de Congresos, Sevilla
INI
}
ini "$tmp/es.ini" es
ini "$tmp/en.ini" en
es="--config $tmp/es.ini --db $tmp/event.db"
en="--config $tmp/en.ini --db $tmp/event.db"

# A list whose order tells Spanish from English: Muñoz/Munro, and Álvarez
# beside Alvarado, not after Zapata; a Greek, a Chinese and an Arabic name.
cat >"$tmp/names.csv" <<'CSV'
Code,First name,Last name,Organisation
S-1,Zoe,Zapata,Zeta
S-2,Ana,Álvarez,Alfa
S-3,Luis,Alvarado,Beta
S-4,Rosa,Muñoz,Gamma
S-5,Ian,Munro,Delta
S-6,Δημήτρης,Παπαδόπουλος,Εψιλον
S-7,芳,王,Zhongguo
S-8,ليلى,حداد,جامعة القاهرة
CSV
run 0 $es import --list names "$tmp/names.csv"
run 0 $es session add panel "Panel on lithium" --lists names
run 0 $es sheet --session panel "$tmp/panel-es.pdf"
out_has "8 people, 1 page"
run 0 $en sheet --session panel "$tmp/panel-en.pdf"
# order FILE WORD...: the words appear in the PDF's text in this order.
order() {
    f=$1
    shift
    pdftotext "$f" "$tmp/text"
    last=0
    for w in "$@"; do
        at=$(grep -n -m1 -F -- "$w" "$tmp/text" | cut -d: -f1)
        if [ -z "$at" ]; then
            fail "$f: no \"$w\" in its text"
            return
        fi
        [ "$at" -gt "$last" ] || fail "$f: \"$w\" (line $at) is not after the one before (line $last)"
        last=$at
    done
}
order "$tmp/panel-es.pdf" Alvarado Álvarez Munro Muñoz Zapata
order "$tmp/panel-en.pdf" Alvarado Álvarez Muñoz Munro Zapata
pdftotext "$tmp/panel-es.pdf" "$tmp/text"
grep -q "Παπαδόπουλος" "$tmp/text" || fail "the Greek surname is not on the sheet"
grep -q "王" "$tmp/text" || fail "the Chinese surname is not on the sheet"
grep -q "حداد" "$tmp/text" || fail "the Arabic surname is not on the sheet"
grep -q "Hoja de firmas · Panel on lithium" "$tmp/text" || fail "no Spanish title with the session"
grep -q "12 de marzo de 2026 · Palacio de Congresos, Sevilla" "$tmp/text" ||
    fail "no Spanish date and place: $(head -5 "$tmp/text")"
grep -q "página 1 de 1" "$tmp/text" || fail "no Spanish page number"
grep -q "Inscritos: 8" "$tmp/text" || fail "no Spanish total"
pdftotext "$tmp/panel-en.pdf" "$tmp/text"
grep -q "12 March 2026 · Palacio de Congresos, Sevilla" "$tmp/text" || fail "no English date"
grep -q "page 1 of 1" "$tmp/text" || fail "no English page number"
grep -q "Registered: 8" "$tmp/text" || fail "no English total"

# The demo lists (main and b2b): everyone is registered for the main session, 22 a page.
es="--config $tmp/es.ini --db $tmp/demo.db"
en="--config $tmp/en.ini --db $tmp/demo.db"
run 0 $es import "$demo"
run 0 $es import --list b2b "$b2b"
run 0 $es session add matchmaking "Business matchmaking" --lists b2b
run 0 $es sheet "$tmp/main-es.pdf"
registered=$("$entrada" $es stats --json | jq '.registered')
pages=$(((registered + 21) / 22))
[ "$registered" -gt 150 ] || fail "the demo lists have $registered people"
out_has "$registered people, $pages pages"
[ "$(pdfinfo "$tmp/main-es.pdf" | awk '/^Pages:/ {print $2}')" = $pages ] ||
    fail "the main sheet is not $pages pages"
for p in 1 4 $pages; do
    pdftotext -f $p -l $p "$tmp/main-es.pdf" "$tmp/page"
    grep -q "página $p de $pages" "$tmp/page" || fail "page $p lacks \"página $p de $pages\""
done
pdftotext -f $pages -l $pages "$tmp/main-es.pdf" "$tmp/page"
grep -q "Inscritos: $registered " "$tmp/page" || fail "the last page lacks the total $registered"
pdftotext -f 1 -l 1 "$tmp/main-es.pdf" "$tmp/page"
grep -q "Inscritos" "$tmp/page" && fail "the first page has the total"
grep -q "^22 " "$tmp/page" || fail "page 1 has no row 22"
grep -q "^23 " "$tmp/page" && fail "page 1 has row 23"
pdftotext -f 2 -l 2 "$tmp/main-es.pdf" "$tmp/page"
grep -q "^23 " "$tmp/page" || fail "page 2 does not start at row 23"
run 0 $en sheet "$tmp/main-en.pdf"
pdftotext -f 3 -l 3 "$tmp/main-en.pdf" "$tmp/page"
grep -q "page 3 of $pages" "$tmp/page" || fail "no \"page 3 of $pages\" in English"
# Surnames of the demo list, first to last.
order "$tmp/main-es.pdf" Åkesson Alexandropoulos Boratyński Cuesta Żółkiewska Zubizarreta

# A session for the B2B list only: its people, not the main list's others.
run 0 $es sheet --session matchmaking "$tmp/mm.pdf"
pdftotext "$tmp/mm.pdf" "$tmp/text"
grep -q Solberg "$tmp/text" || fail "the matchmaking sheet lacks Solberg (b2b)"
grep -q Zubizarreta "$tmp/text" && fail "the matchmaking sheet has Zubizarreta (main only)"

# Blank: 3 pages of empty rows, numbered on, no names.
run 0 $es sheet --blank --pages 3 "$tmp/blank.pdf"
[ "$(pdfinfo "$tmp/blank.pdf" | awk '/^Pages:/ {print $2}')" = 3 ] || fail "the blank sheet is not 3 pages"
pdftotext "$tmp/blank.pdf" "$tmp/text"
grep -q "Hoja de firmas: asistentes sin inscripción previa" "$tmp/text" || fail "no blank title"
grep -q "página 3 de 3" "$tmp/text" || fail "no page 3 of 3 on the blank sheet"
grep -qx 66 "$tmp/text" || fail "the blank sheet has no row 66"
grep -q "Firmas:" "$tmp/text" || fail "the blank sheet has no line for the count"
grep -q -e Zubizarreta -e Åkesson "$tmp/text" && fail "the blank sheet has names"
run 0 $es sheet --blank "$tmp/blank1.pdf"
[ "$(pdfinfo "$tmp/blank1.pdf" | awk '/^Pages:/ {print $2}')" = 1 ] || fail "--blank is not 1 page"

# Names are personal data: the sheet is its owner's only.
[ "$(stat -c %a "$tmp/main-es.pdf")" = 600 ] || fail "the sheet is $(stat -c %a "$tmp/main-es.pdf"), not 600"

# Mistakes: no session, not a PDF, --pages alone, no such folder; nothing written.
run 65 $es sheet --session nope "$tmp/x.pdf"
err_has 'no session "nope"'
run 64 $es sheet "$tmp/x.txt"
run 64 $es sheet --pages 2 "$tmp/x.pdf"
run 73 $es sheet "$tmp/nowhere/x.pdf"
[ -e "$tmp/x.pdf" ] && fail "a sheet was written after a mistake"
[ -z "$(ls -A "$tmp" | grep -v -e '\.pdf$' -e '\.csv$' -e '\.ini$' -e '\.db' -e '^out$' -e '^err$' -e '^text$' -e '^page$')" ] ||
    fail "left behind: $(ls -A "$tmp")"
finish sheet.sh
