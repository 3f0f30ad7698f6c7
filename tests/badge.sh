#!/bin/sh
# Badges drawn for real: PDFs rasterised with pdftoppm must give back the
# attendee's code through entrada's own decoder, and carry the name as text
# (pdftotext); hard names must not crash or cover the code.
# Usage: badge.sh ENTRADA DEMO_CSV
set -eu
entrada=$1
demo=$2
. "$(dirname "$0")/lib.sh"
e() { "$entrada" --db "$tmp/event.db" "$@"; }
e import "$demo" >/dev/null
code=$(e search --json cuesta lopez | jq -r '.[0].code')

for size in brother-62x100 brother-62x29 4x3in a6 cr80 70x40; do
    printf '[entrada]\nevent_name = Raw Materials Clusters Meeting\n[badge]\nsize = %s\n' "$size" \
        >"$tmp/$size.ini"
    "$entrada" --config "$tmp/$size.ini" --db "$tmp/event.db" badge "$code" --out "$tmp/$size.pdf" \
        >/dev/null || { fail "$size: no PDF"; continue; }
    pdftoppm -r 300 -png -singlefile "$tmp/$size.pdf" "$tmp/$size"
    [ "$(e decode "$tmp/$size.png")" = "$code" ] || fail "$size: the QR code does not read back"
    pdftotext "$tmp/$size.pdf" - | tr -d ' \n' | grep -q "SantiagoCuestaLópez" ||
        fail "$size: the name is not in the PDF's text"
done
e badge "$code" --out "$tmp/direct.png" --dpi 200 >/dev/null
[ "$(e decode "$tmp/direct.png")" = "$code" ] || fail "PNG badge does not read back"

# Hard names: very long, Polish, Greek, Arabic, Chinese; no organisation; no category.
long=$(printf 'Maximiliana%.0s ' $(seq 1 17))
cat >"$tmp/hard.csv" <<CSV
Code,Name,Organisation,Category
H-LONG,$long,$long$long,ATTENDEE
H-PL,Łukasz Żółkiewski-Boratyński,Państwowy Instytut Geologiczny,SPEAKER
H-GR,Γεώργιος Παπαδόπουλος,Ελληνική Αρχή Γεωλογικών Ερευνών,PRESS
H-AR,محمد بن عبد الله,وزارة الصناعة,STAFF
H-ZH,王小明,中国地质调查局,ATTENDEE
H-NOORG,Ana Ruiz,,
CSV
"$entrada" --db "$tmp/hard.db" import "$tmp/hard.csv" >/dev/null
for c in H-LONG H-PL H-GR H-AR H-ZH H-NOORG; do
    "$entrada" --db "$tmp/hard.db" badge "$c" --out "$tmp/$c.png" >/dev/null || fail "$c: no badge"
    [ "$("$entrada" decode "$tmp/$c.png")" = "$c" ] || fail "$c: the text covers the QR code"
done
"$entrada" --db "$tmp/hard.db" badge H-PL --out "$tmp/pl.pdf" >/dev/null
pdftotext "$tmp/pl.pdf" - | tr -d ' \n' | grep -q "ŁukaszŻółkiewski" || fail "Polish name in the PDF"

# Everyone at once, and one category.
out=$(e badges --out "$tmp/all.pdf")
[ "$out" = "wrote 150 badges to $tmp/all.pdf" ] || fail "badges: $out"
[ "$(pdfinfo "$tmp/all.pdf" | awk '/^Pages:/ { print $2 }')" = 150 ] || fail "150 pages"
e badges --out "$tmp/speakers.pdf" --category speaker | grep -q "wrote 12 badges" || fail "speakers"

# Mistakes are refused clearly.
e badge NO-SUCH --out "$tmp/x.pdf" 2>"$tmp/err" && fail "a badge for nobody"
grep -q 'no attendee has the code "NO-SUCH"' "$tmp/err" || fail "message: $(cat "$tmp/err")"
e badge "$code" --out "$tmp/x.svg" 2>"$tmp/err" && fail "an unknown format"
grep -q "as .pdf or .png" "$tmp/err" || fail "format message: $(cat "$tmp/err")"
# A logo and colours of one's own; mistakes in them are refused.
printf '[badge]\nlogo = %s\ncolours = SPEAKER:#7b1fa2, ATTENDEE:#00695c\n' \
    "$(dirname "$demo")/logo.svg" >"$tmp/logo.ini"
"$entrada" --config "$tmp/logo.ini" --db "$tmp/event.db" badge "$code" --out "$tmp/logo.pdf" \
    >/dev/null || fail "a badge with a logo"
pdftoppm -r 200 -png -singlefile "$tmp/logo.pdf" "$tmp/logo"
[ "$(e decode "$tmp/logo.png")" = "$code" ] || fail "the logo badge does not read back"
printf '[badge]\ncolours = SPEAKER:red\n' >"$tmp/colours.ini"
"$entrada" --config "$tmp/colours.ini" --db "$tmp/event.db" badge "$code" --out "$tmp/x.pdf" \
    2>"$tmp/err" && fail "bad colours"
grep -q 'expected WORD:#rrggbb' "$tmp/err" || fail "colours message: $(cat "$tmp/err")"
printf '[badge]\nlogo = /nonexistent/logo.png\n' >"$tmp/nologo.ini"
"$entrada" --config "$tmp/nologo.ini" --db "$tmp/event.db" badge "$code" --out "$tmp/x.pdf" \
    2>"$tmp/err" && fail "a missing logo"
grep -q 'logo /nonexistent/logo.png: not an image' "$tmp/err" || fail "logo message: $(cat "$tmp/err")"
printf '[badge]\nsize = napkin\n' >"$tmp/bad.ini"
"$entrada" --config "$tmp/bad.ini" --db "$tmp/event.db" badge "$code" --out "$tmp/x.pdf" \
    2>"$tmp/err" && fail "a bad size"
grep -q '\[badge\] size "napkin"' "$tmp/err" || fail "size message: $(cat "$tmp/err")"

finish badge
