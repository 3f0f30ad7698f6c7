#!/bin/sh
# Every text fits its box, in every language: the kiosk acts out the demo
# tour and more (every screen, the refusals, the staff desk's messages) at
# the Raspberry Pi touch display's 800x480, once per catalogue, recording
# the texts of each screen (a script's texts step). A text too wide or too
# tall for its box even at the smallest size is a failure, and so is a
# button label on two lines on the attendee's screens (staff screens may
# break one in two).
# Usage: fit.sh ENTRADA SOURCE_DIR LOCALE_DIR [SIZE]
set -eu
entrada=$1
src=$2
locale=$3
size=${4:-800x480}
. "$(dirname "$0")/lib.sh"
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
export SDL_RENDER_DRIVER=software SDL_VIDEO_EGL_DRIVER=none

# The demo event, with one registration of the matchmaking cancelled.
e() { "$entrada" --config "$tmp/base.ini" --db "$tmp/template.db" "$@" >/dev/null; }
{
    cat "$src/assets/demo/entrada.ini"
    printf '\nlogo = %s\n[checkin]\nrepeat_window_ms = 0\n' "$src/assets/demo/logo.svg"
} >"$tmp/base.ini"
e import "$src/assets/demo/attendees.csv"
sed 's/^\(MM-4K7Q2P,.*\),Confirmed,/\1,Cancelled,/' "$src/assets/demo/b2b.csv" >"$tmp/b2b.csv"
e import --list b2b "$tmp/b2b.csv"
e session add roundtable "Roundtable on critical raw materials"
e session add matchmaking "Business matchmaking" --lists b2b
# Imported the day before, as lists are: the status line names the day.
sqlite3 "$tmp/template.db" "UPDATE imports SET at_ms = at_ms - 86400000"

# The tour (assets/demo/tour.txt), each screenshot a record of texts instead.
sed -n 's/^shot \(.*\)\.png$/texts tour-\1.tsv/p; /^shot /!p' "$src/assets/demo/tour.txt" \
    >"$tmp/tour.txt"
# What the tour does not show: the language list, the search's hints, a
# short and a wrong PIN, a cancelled registration, the desk's filters and
# messages, an empty walk-in, a badge on a person's page.
cat >"$tmp/more.txt" <<'SCRIPT'
wait 300
texts idle.tsv
tap 90% 5%
wait 100
texts languages.tsv
key Escape
tap 50% 85%
wait 100
texts search-empty.tsv
type b
wait 100
texts search-one.tsv
type zzq
wait 300
texts search-none.tsv
key Escape
hold 1% 1% 2200
wait 100
texts pin.tsv
type 12
key Return
wait 100
texts pin-short.tsv
type 1111
key Return
wait 100
texts pin-wrong.tsv
type 1234
key Return
wait 300
texts staff.tsv
# The line of counts opens who was admitted at two doors (no one here).
tap 20% 28%
wait 100
texts conflicts.tsv
tap 83% 93%
wait 100
# Undo, reprint and retry with nothing to act on, reload without a list.
tap 87% 30%
wait 100
texts staff-undo.tsv
tap 64% 44%
wait 100
texts staff-reprint.tsv
tap 87% 44%
wait 100
texts staff-retry.tsv
tap 64% 57%
wait 100
texts staff-reload.tsv
# To the matchmaking (main, roundtable, matchmaking), back to check-in.
tap 87% 57%
tap 87% 57%
wait 100
texts staff-session.tsv
tap 87% 70%
wait 200
scan MM-4K7Q2P
wait 200
texts cancelled.tsv
key Escape
scan RMC-UZWH279L
wait 200
texts not-for-session.tsv
key Escape
scan MM-7P4Z5A
wait 200
texts unpaid.tsv
key Escape
hold 1% 1% 2200
wait 100
type 1234
key Return
wait 300
texts staff-refused.tsv
# Find anyone: each status filter, then a session; a person, their badge.
tap 64% 17%
wait 100
type bo
wait 300
texts find.tsv
tap 37% 7%
wait 100
texts find-arrived.tsv
tap 37% 7%
wait 100
texts find-not-arrived.tsv
tap 37% 7%
wait 100
texts find-cancelled.tsv
tap 37% 7%
wait 100
texts find-unpaid.tsv
tap 37% 7%
tap 64% 7%
wait 100
texts find-session.tsv
tap 64% 7%
tap 64% 7%
tap 64% 7%
wait 100
tap 50% 29%
wait 200
texts person.tsv
tap 17% 92%
wait 300
texts person-badge.tsv
tap 50% 80%
wait 100
texts person-action.tsv
tap 83% 92%
wait 100
key Escape
wait 100
tap 87% 17%
wait 100
tap 79% 47%
wait 100
texts walkin-empty.tsv
tap 42% 47%
wait 100
texts walkin-category.tsv
quit
SCRIPT

langs=${FIT_LANGS:-en $(ls "$locale" | sed -n 's/\.mo$//p' | tr '\n' ' ')}
[ -n "${FIT_LANGS:-}" ] || [ "$(echo $langs | wc -w)" -ge 8 ] || fail "only these languages in $locale: $langs"
# One language's two runs; the languages run side by side (the scripts mostly wait).
act() {
    lang=$1
    mkdir -p "$tmp/$lang"
    { cat "$tmp/base.ini"; printf '[kiosk]\nlanguage = %s\n' "$lang"; } >"$tmp/$lang/kiosk.ini"
    for part in tour more; do
        cp "$tmp/template.db" "$tmp/$lang/$part.db"
        cp "$tmp/$part.txt" "$tmp/$lang/$part.txt"
        timeout 180 "$entrada" --config "$tmp/$lang/kiosk.ini" --db "$tmp/$lang/$part.db" kiosk \
            --windowed --size "$size" --script "$tmp/$lang/$part.txt" >/dev/null \
            2>"$tmp/$lang/$part.err" || echo "$part: exit $?: $(tail -3 "$tmp/$lang/$part.err")" \
            >>"$tmp/$lang/failed"
    done
    # With a camera (here one whose frames cannot be read): its hint and its status.
    printf 'wait 1500\ntexts camera.tsv\nquit\n' >"$tmp/$lang/camera.txt"
    timeout 60 "$entrada" --config "$tmp/$lang/kiosk.ini" --db "$tmp/$lang/more.db" kiosk \
        --windowed --size "$size" --camera "file:$tmp/frames@5" --script "$tmp/$lang/camera.txt" \
        >/dev/null 2>/dev/null || echo "camera: exit $?" >>"$tmp/$lang/failed"
    # With a server it cannot reach: the server's line on the start screen and in staff mode.
    { cat "$tmp/$lang/kiosk.ini"; printf '[sync]\nserver = host=%s/no-server dbname=event\n' "$tmp"; } \
        >"$tmp/$lang/server.ini"
    printf 'wait 1000\ntexts server-idle.tsv\nhold 1%% 1%% 2200\nwait 100\ntype 1234\nkey Return\nwait 500\ntexts server-staff.tsv\nquit\n' \
        >"$tmp/$lang/server.txt"
    timeout 60 "$entrada" --config "$tmp/$lang/server.ini" --db "$tmp/$lang/more.db" kiosk \
        --windowed --size "$size" --script "$tmp/$lang/server.txt" >/dev/null 2>/dev/null ||
        echo "server: exit $?" >>"$tmp/$lang/failed"
}
mkdir -p "$tmp/frames"
printf '\211PNG\r\n\032\nnot really' >"$tmp/frames/corrupt.png"
for lang in $langs; do
    act "$lang" &
done
wait
for lang in $langs; do
    [ -f "$tmp/$lang/failed" ] && fail "$lang: $(cat "$tmp/$lang/failed")"
    # Every character has a glyph (DejaVu Sans: Latin, Greek, Cyrillic; Pango for the rest).
    if grep -h "fonts:" "$tmp/$lang"/*.err; then fail "$lang: text the fonts cannot set"; fi
    n=$(ls "$tmp/$lang"/*.tsv 2>/dev/null | wc -l)
    [ "$n" -ge 40 ] || fail "$lang: texts of $n screens recorded"
    # Something on every screen, and the start screen in this language.
    for f in "$tmp/$lang"/*.tsv; do
        [ "$(wc -l <"$f")" -gt 1 ] || fail "$lang: nothing recorded in $(basename "$f")"
    done
    awk -F'\t' -v lang="$lang" 'FNR > 1 && ($10 != 1 || $7 > $8) {
        n = split(FILENAME, p, "/")
        printf "%s %s: \"%s\" in %s %dx%d at %d px: %d lines (at most %d), %d px wide%s\n",
            lang, p[n], $11, $1, $4, $5, $6, $7, $8, $9, $10 != 1 ? ", does not fit" : ""
    }' "$tmp/$lang"/*.tsv >"$tmp/$lang/bad"
    if [ -s "$tmp/$lang/bad" ]; then
        cat "$tmp/$lang/bad"
        fail "$lang: $(wc -l <"$tmp/$lang/bad") texts do not fit"
    fi
done
# The start screen was in each language in turn: its titles differ.
titles=$(for lang in $langs; do awk -F'\t' 'NR == 5 { print $11 }' "$tmp/$lang/idle.tsv"; done |
    sort -u | wc -l)
[ "$titles" = "$(echo $langs | wc -w)" ] || fail "the start screen's title is not in each language"
# The server's line is there: on the start screen, and on a line of its own in staff mode.
if [ -d "$tmp/en" ]; then
    for f in server-idle server-staff; do
        grep -q "Server: offline since" "$tmp/en/$f.tsv" || fail "en: no server state in $f.tsv"
    done
    grep -q "	Server: offline since [^,]*, 0 waiting$" "$tmp/en/server-staff.tsv" ||
        fail "en: the server's state shares its line in staff mode"
fi
finish "fit $size"
