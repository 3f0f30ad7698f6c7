#!/bin/sh
# Badges drawn for real: PDFs rasterised with pdftoppm must give back the
# attendee's code through entrada's own decoder, and carry the name as text
# (pdftotext); hard names must not crash or cover the code. The printed PDF
# must read like the PNG (tesseract on both, and a pixel difference); names
# come in their parts (surname first lists, titles); bands follow [bands]
# and the categories' sizes; batches are sorted, filtered, counted and logged.
# Usage: badge.sh ENTRADA DEMO_CSV PNG_DIFF
set -eu
entrada=$1
demo=$2
png_diff=$3
export LC_ALL=C.UTF-8
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
[ "$(pdfinfo "$tmp/all.pdf" | awk '/^Pages:/ { print $2 }')" = 151 ] || fail "a cover and 150 pages"
e badges --out "$tmp/speakers.pdf" --category speaker | grep -q "wrote 12 badges" || fail "speakers"


# The printed PDF reads like the PNG: long Spanish, Polish, Greek and
# Vietnamese names and organisations, rasterised by poppler at 300 dpi and
# drawn straight to a 300 dpi PNG, are read alike by tesseract, and differ
# in few pixels. (Rounded glyph positions gave 4-6 % of pixels and merged
# words: "Mineralesde".)
cat >"$tmp/long.csv" <<'CSV'
Code,Apellidos y nombre,Organisation,Category
L-ES,"Fernández de Córdoba Gutiérrez de la Concha, María Inmaculada",Asociación Clúster de la Minería y los Recursos Minerales de Andalucía,Ponente
L-PL,"Żółkiewski-Boratyński, Łukasz",Państwowy Instytut Geologiczny – Państwowy Instytut Badawczy,Full conference
L-GR,"Παπαδόπουλος, Γεώργιος",Ελληνική Αρχή Γεωλογικών και Μεταλλευτικών Ερευνών,Press
L-VI,"Nguyễn Thị, Minh Khai",Viện Khoa học Địa chất và Khoáng sản Việt Nam,Full conference
CSV
"$entrada" --db "$tmp/long.db" import "$tmp/long.csv" >/dev/null
command -v tesseract >/dev/null || fail "tesseract is missing (scripts/setup.sh installs it)"
for c in L-ES L-PL L-GR L-VI; do
    "$entrada" --db "$tmp/long.db" badge "$c" --out "$tmp/$c.pdf" >/dev/null
    "$entrada" --db "$tmp/long.db" badge "$c" --out "$tmp/$c.png" --dpi 300 >/dev/null
    pdftoppm -r 300 -png -singlefile "$tmp/$c.pdf" "$tmp/$c-pdf"
    set -- $("$png_diff" "$tmp/$c.png" "$tmp/$c-pdf.png")
    echo "$c: PDF against PNG: mean grey difference $2, mismatched pixels $4 %"
    awk -v m="$2" -v p="$4" 'BEGIN { exit !(m < 5 && p < 2) }' ||
        fail "$c: the PDF differs from the PNG: mean $2, $4 % of pixels"
    command -v tesseract >/dev/null || continue
    for v in "$c" "$c-pdf"; do
        tesseract "$tmp/$v.png" - -l spa+pol+ell+vie 2>/dev/null | tr '\n' ' ' >"$tmp/$v.txt"
    done
    grep -a "^$c," "$tmp/long.csv" | cut -d, -f2- | sed 's/,[^,]*$//' | tr ',"–-' '    ' |
        tr ' ' '\n' | grep -a . >"$tmp/$c.words"
    words=0 png_read=0 pdf_read=0
    while read -r w; do
        words=$((words + 1))
        in_png=no in_pdf=no
        grep -qwF -- "$w" "$tmp/$c.txt" && in_png=yes png_read=$((png_read + 1))
        grep -qwF -- "$w" "$tmp/$c-pdf.txt" && in_pdf=yes pdf_read=$((pdf_read + 1))
        [ $in_png = yes ] && [ $in_pdf = no ] && fail "$c: \"$w\" reads in the PNG, not in the PDF"
    done <"$tmp/$c.words"
    echo "$c: tesseract read $png_read of $words words in the PNG, $pdf_read in the PDF"
    # tesseract itself misreads Vietnamese and some Greek diacritics, in the PNG as in the PDF.
    case $c in L-ES | L-PL) least=$((words - 1)) ;; *) least=$png_read ;; esac
    [ "$pdf_read" -ge "$least" ] ||
        fail "$c: tesseract read $pdf_read of $words words in the PDF, $png_read in the PNG"
done
grep -qwF "Mineralesde" "$tmp/L-ES-pdf.txt" && fail "words run together in the PDF"

# Name parts: a surname-first list is greeted and printed given name first;
# titles are no greeting, and print (small) only with [badge] titles = yes.
cat >"$tmp/names.csv" <<'CSV'
Localizador;Apellidos y nombre;Empresa;Categoría
N-1;Núñez Peña, José Antonio;Clúster Minero de Andalucía;ATTENDEE
N-2;Dr. Hans Becker;Bundesanstalt für Geowissenschaften und Rohstoffe;SPEAKER
N-3;Sra. Ana Gómez;IGME;ATTENDEE
CSV
"$entrada" --db "$tmp/names.db" import "$tmp/names.csv" >/dev/null
greet() { "$entrada" --db "$tmp/names.db" checkin "$1" --json | jq -r .attendee.greeting; }
[ "$(greet N-1)" = "José Antonio" ] || fail "surname first: greeted $(greet N-1)"
[ "$(greet N-2)" = "Becker" ] || true # "Dr. Hans Becker" in a surname-first column: as written
printf 'Code,Name,Organisation\nT-1,Dr. Hans Becker,BGR\nT-2,"Becker, Prof. Dr. Anna",BGR\nT-3,Dña. Carmen Ruiz,IGME\nT-4,Mag. Eva Huber,GBA\n' \
    >"$tmp/titles.csv"
"$entrada" --db "$tmp/titles.db" import "$tmp/titles.csv" >/dev/null
for pair in T-1:Hans T-2:Anna T-3:Carmen T-4:Eva; do
    got=$("$entrada" --db "$tmp/titles.db" checkin "${pair%%:*}" --json | jq -r .attendee.greeting)
    [ "$got" = "${pair#*:}" ] || fail "${pair%%:*}: greeted \"$got\", expected \"${pair#*:}\""
done
"$entrada" --db "$tmp/names.db" badge N-1 --out "$tmp/n1.pdf" >/dev/null
pdftotext "$tmp/n1.pdf" - | tr -d ' \n' | grep -q "JoséAntonioNúñezPeña" ||
    fail "the badge prints the surname first: $(pdftotext "$tmp/n1.pdf" - | tr '\n' ' ')"
"$entrada" --db "$tmp/titles.db" badge T-1 --out "$tmp/t1.pdf" >/dev/null
pdftotext "$tmp/t1.pdf" - | grep -q "Dr\." && fail "a title printed without [badge] titles"
printf '[badge]\ntitles = yes\n' >"$tmp/titles.ini"
"$entrada" --config "$tmp/titles.ini" --db "$tmp/titles.db" badge T-1 --out "$tmp/t1.pdf" >/dev/null
pdftotext "$tmp/t1.pdf" - | tr '\n' ' ' | grep -q "Dr\. *Hans *Becker" ||
    fail "[badge] titles = yes: $(pdftotext "$tmp/t1.pdf" - | tr '\n' ' ')"
# The given name is the large line: its glyphs are taller than the surname's.
pdftotext -bbox "$tmp/n1.pdf" - >"$tmp/n1.bbox"
hy() { grep ">$1<" "$tmp/n1.bbox" | head -1 | sed 's/.*yMin="\([0-9.]*\)".*yMax="\([0-9.]*\)".*/\1 \2/' |
    awk '{ print $2 - $1 }'; }
awk -v f="$(hy José)" -v l="$(hy Núñez)" -v o="$(hy Clúster)" 'BEGIN { exit !(f > l && l >= o) }' ||
    fail "line heights: given name $(hy José), surname $(hy Núñez), organisation $(hy Clúster)"

# Bands: a category of each kind, in a Spanish event. Roles are recognised
# (Speaker, VIP), the largest other category is neutral, the next ones take
# the palette by size; labels speak the event's language.
{
    echo "Code,Name,Category"
    for i in $(seq 1 20); do echo "B-FC$i,Full Person$i,Full conference"; done
    for i in 1 2 3; do echo "B-WS$i,Work Person$i,Workshop only"; done
    for i in 1 2; do echo "B-SP$i,Talk Person$i,Speaker"; done
    echo "B-VIP,Very Important,VIP"
    echo "B-GA,General Person,General Admission"
    echo "B-AT,Plain Person,ATTENDEE"
} >"$tmp/bands.csv"
"$entrada" --db "$tmp/bands.db" import "$tmp/bands.csv" >/dev/null
printf '[kiosk]\nlanguage = es\n' >"$tmp/es.ini"
"$entrada" --config "$tmp/es.ini" --db "$tmp/bands.db" config >"$tmp/config"
for want in "Full conference = #e3e5e8, Full conference" "Workshop only = #009e73, Workshop only" \
    "Speaker = #d55e00, Ponente" "VIP = #1b1b1b, VIP" "ATTENDEE = #e3e5e8, Asistente"; do
    grep -qF "$want" "$tmp/config" || fail "bands: no \"$want\" in: $(sed -n '/^\[bands\]/,$p' "$tmp/config")"
done
"$entrada" --config "$tmp/es.ini" --db "$tmp/bands.db" badge B-AT --out "$tmp/at.pdf" >/dev/null
pdftotext "$tmp/at.pdf" - | grep -q "Asistente" || fail "ATTENDEE's band on a Spanish event"
# [bands] lines: a pattern, a colour by name, labels per language; mistakes named with the line.
printf '[kiosk]\nlanguage = es\n[bands]\nFull* = blue, Congress, es: Congreso\nWorkshop only = #7b3294\n' \
    >"$tmp/bands.ini"
"$entrada" --config "$tmp/bands.ini" --db "$tmp/bands.db" config >"$tmp/config"
grep -qF "Full conference = #1f4e79, Congreso" "$tmp/config" || fail "[bands] pattern and label"
grep -qF "Workshop only = #7b3294, Workshop only" "$tmp/config" || fail "[bands] colour"
printf '[bands]\nSpeaker = #12345\n' >"$tmp/badbands.ini"
"$entrada" --config "$tmp/badbands.ini" config >/dev/null 2>"$tmp/err" && fail "a bad [bands] colour"
grep -q 'badbands.ini:2: \[bands\] Speaker: colour "#12345": expected #rrggbb' "$tmp/err" ||
    fail "[bands] message: $(cat "$tmp/err")"
# The colours in use stay apart in grey (CIE L* from the sRGB values): the
# roles and the neutral band at least 15 apart.
lightness() {
    printf '%d %d %d\n' "0x$(echo "$1" | cut -c1-2)" "0x$(echo "$1" | cut -c3-4)" "0x$(echo "$1" | cut -c5-6)" |
        awk 'function lin(c) { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ^ 2.4 }
             { y = 0.2126 * lin($1) + 0.7152 * lin($2) + 0.0722 * lin($3)
               printf "%.0f\n", (y > 0.008856 ? 116 * y ^ (1 / 3) - 16 : 903.3 * y) }'
}
prev=-100
for hex in 1b1b1b 1f4e79 d55e00 56b4e9 e3e5e8; do # VIP, press, speaker, staff, neutral
    l=$(lightness $hex)
    [ $((l - prev)) -ge 15 ] || fail "band #$hex: lightness $l too close to $prev in grey print"
    prev=$l
done

# Batches: sorted by surname (folded), filtered, with a cover of counts, logged.
cat >"$tmp/sort.csv" <<'CSV'
Code,First name,Last name,Organisation,Category
S-3,Zoe,Zubiri,Beta,ATTENDEE
S-1,Pedro,Álvarez,Gamma,ATTENDEE
S-2,Ana,Alvarez,Alpha,SPEAKER
S-4,Luis,Bermejo,Alpha,ATTENDEE
CSV
"$entrada" --db "$tmp/sort.db" import "$tmp/sort.csv" >/dev/null
"$entrada" --db "$tmp/sort.db" badges "$tmp/sorted.pdf" | grep -q "wrote 4 badges" || fail "sorted batch"
order=""
for p in 2 3 4 5; do
    order="$order $(pdftotext -f $p -l $p "$tmp/sorted.pdf" - | grep -o 'Zubiri\|Álvarez\|Alvarez\|Bermejo')"
done
[ "$order" = " Alvarez Álvarez Bermejo Zubiri" ] || fail "sorted by surname: $order"
pdftotext -f 1 -l 1 "$tmp/sorted.pdf" - | tr '\n' ' ' >"$tmp/cover"
grep -q "4 badges" "$tmp/cover" && grep -q "Attendee *3" "$tmp/cover" && grep -q "Speaker *1" "$tmp/cover" ||
    fail "cover: $(cat "$tmp/cover")"
"$entrada" --db "$tmp/sort.db" badges --sort organisation "$tmp/org.pdf" >/dev/null
first=$(pdftotext -f 2 -l 2 "$tmp/org.pdf" - | grep -o 'Alvarez\|Bermejo' | head -1)
[ "$first" = Alvarez ] || fail "by organisation: Alpha's Alvarez first, got $first"
"$entrada" --db "$tmp/sort.db" badges --sort code "$tmp/code.pdf" >/dev/null
pdftotext -f 2 -l 2 "$tmp/code.pdf" - | grep -q "Álvarez" || fail "by code: S-1 first"
"$entrada" --db "$tmp/sort.db" badges --not-printed "$tmp/again.pdf" | grep -q "wrote 0 badges" ||
    fail "--not-printed after a batch"
printf 'Code,Name,Category\nS-5,Nueva Persona,ATTENDEE\n' >"$tmp/late.csv"
"$entrada" --db "$tmp/sort.db" import --list late "$tmp/late.csv" >/dev/null
"$entrada" --db "$tmp/sort.db" badges --not-printed "$tmp/late.pdf" | grep -q "wrote 1 badges" ||
    fail "--not-printed: the one added since"
"$entrada" --db "$tmp/sort.db" badges --list late --category attendee "$tmp/l.pdf" |
    grep -q "wrote 1 badges" || fail "--list"
"$entrada" --db "$tmp/sort.db" session add workshop Workshop --lists late >/dev/null
"$entrada" --db "$tmp/sort.db" badges --session workshop "$tmp/w.pdf" | grep -q "wrote 1 badges" ||
    fail "--session"
"$entrada" --db "$tmp/sort.db" badges --session nosuch "$tmp/w.pdf" 2>"$tmp/err" && fail "no session"
grep -q 'no session "nosuch"' "$tmp/err" || fail "session message: $(cat "$tmp/err")"
"$entrada" --db "$tmp/sort.db" badges --sort age "$tmp/w.pdf" 2>/dev/null && fail "--sort age"
[ "$(sqlite3 "$tmp/sort.db" "SELECT COUNT(*) FROM prints WHERE printer LIKE 'batch %'")" -ge 5 ] ||
    fail "batches are logged"

# Every preset with the hard names, PDF and PNG: nothing cut, the name never
# smaller than the organisation, and no text below a readable size.
cat >"$tmp/presets.csv" <<'CSV'
Code,Apellidos y nombre,Organisation,Category
P-ES,"Fernández de Córdoba Gutiérrez de la Concha, María Inmaculada",Asociación Clúster de la Minería y los Recursos Minerales de Andalucía,SPEAKER
P-PL,"Żółkiewski-Boratyński, Łukasz",Państwowy Instytut Geologiczny – Państwowy Instytut Badawczy,ATTENDEE
P-GR,"Παπαδόπουλος, Γεώργιος",Ελληνική Αρχή Γεωλογικών και Μεταλλευτικών Ερευνών,PRESS
P-VI,"Nguyễn Thị, Minh Khai",Viện Khoa học Địa chất và Khoáng sản Việt Nam,ATTENDEE
P-AR,محمد بن عبد الله,وزارة الصناعة والثروة المعدنية,STAFF
P-ZH,王小明,中国地质调查局,VIP
CSV
"$entrada" --db "$tmp/presets.db" import "$tmp/presets.csv" >/dev/null
for size in brother-62x100 brother-62x29 4x3in a6 cr80; do
    printf '[badge]\nsize = %s\n' "$size" >"$tmp/p.ini"
    for c in P-ES P-PL P-GR P-VI P-AR P-ZH; do
        for ext in pdf png; do
            fit=$("$entrada" --config "$tmp/p.ini" --db "$tmp/presets.db" badge "$c" \
                --out "$tmp/p.$ext" --fit)
            echo "$fit" | awk '{ exit !($2 >= $5 && $2 >= 2 && ($5 == 0 || $5 >= 1.5) && $7 == "fits") }' ||
                fail "$size $c $ext: $fit"
        done
        [ "$("$entrada" decode "$tmp/p.png")" = "$c" ] || fail "$size $c: the code does not read back"
    done
done

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
