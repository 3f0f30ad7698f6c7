#!/bin/sh
# Every CSV file of the shared test corpus is either read correctly or
# refused with a message naming the file (and the line, for row problems);
# none crashes or hangs. csv-spectrum files must give exactly the rows of
# their JSON twins. Usage: corpus.sh ENTRADA CORPUS_DIR
set -eu
entrada=$1
corpus=$2
if [ ! -d "$corpus/csv" ]; then
    echo "skipped: no corpus at $corpus"
    exit 77 # CTest: skipped
fi
. "$(dirname "$0")/lib.sh"

# csv-spectrum: compare rows as JSON.
for csv in "$corpus"/csv/spectrum/csvs/*.csv; do
    name=$(basename "$csv" .csv)
    want="$corpus/csv/spectrum/json/$name.json"
    if ! "$entrada" inspect --json "$csv" >"$tmp/got.json" 2>"$tmp/err"; then
        fail "spectrum/$name: $(cat "$tmp/err")"
        continue
    fi
    # location_coordinates.json upstream is one object, not an array, and
    # carries a phone number that its CSV does not: compare the other fields.
    filter='if type == "array" then . else [.] end'
    [ "$name" = location_coordinates ] && filter="$filter | map(del(.\"Contact Phone Number\"))"
    if [ "$(jq -S "$filter" "$tmp/got.json")" != "$(jq -S "$filter" "$want")" ]; then
        fail "spectrum/$name: rows differ from $want"
    fi
done

# Dialects: read or refused clearly, never a crash or a hang.
dialects="$corpus/csv/dialects"
for csv in "$dialects"/*.csv; do
    name=$(basename "$csv")
    status=0
    timeout 20 "$entrada" inspect "$csv" >"$tmp/out" 2>"$tmp/err" || status=$?
    case $status in
    0)
        grep -q '^separator: ' "$tmp/out" || fail "$name: no separator reported"
        # Where the corpus names a plain separator for a readable file, it must be ours.
        want=$(grep -F "| \`$name\` |" "$dialects/README.md" | awk -F'|' '$4 ~ /parse_ok/ {print $5}' |
            tr -d ' `')
        got=$(sed -n 's/^separator: //p' "$tmp/out")
        case "$want" in
        ,) [ "$got" = comma ] || fail "$name: separator $got, expected comma" ;;
        ";") [ "$got" = semicolon ] || fail "$name: separator $got, expected semicolon" ;;
        "\\t") [ "$got" = tab ] || fail "$name: separator $got, expected tab" ;;
        "^") [ "$got" = caret ] || fail "$name: separator $got, expected caret" ;;
        esac
        ;;
    65)
        grep -q "$name" "$tmp/err" || fail "$name: refusal does not name the file: $(cat "$tmp/err")"
        ;;
    *)
        fail "$name: exit status $status (crash or hang?): $(cat "$tmp/err")"
        ;;
    esac
    # Importing: the same file either imports or is refused, and a refusal changes nothing.
    status=0
    timeout 20 "$entrada" --db "$tmp/event.db" import "$csv" >/dev/null 2>"$tmp/err" || status=$?
    case $status in
    0 | 65) ;;
    *) fail "$name: import exit status $status: $(cat "$tmp/err")" ;;
    esac
done
# Files whose expected outcome is a refusal must be refused (or, for
# encodings entrada supports and single-column files, read).
for name in ambiguous_delimiter invalid_quote unterminated_quote duplicate_headers \
    extra_fields_non_empty wide_row_extra_non_empty empty_file blank_only nul_in_8k \
    encoding_utf32be; do
    if "$entrada" inspect "$dialects/$name.csv" >/dev/null 2>&1; then
        fail "$name.csv should be refused"
    fi
done

# QR photographs: read as the camera reads them. Stock zbar reads 146 of the
# 179 right; entrada reads 166 and must keep at least 164, and none may crash.
right=0 images=0
for img in "$corpus"/qr/*/*.png; do
    images=$((images + 1))
    status=0
    timeout 20 "$entrada" decode "$img" >"$tmp/got" 2>"$tmp/err" || status=$?
    [ "$status" -le 1 ] || fail "decode $img: exit status $status: $(cat "$tmp/err")"
    # The code is printed with a newline after it; compare the bytes before it.
    perl -0777 -pe 's/\n\z//' "$tmp/got" | cmp -s - "${img%.*}.txt" && right=$((right + 1))
done
[ "$right" -ge 164 ] || fail "QR corpus: $right of $images read right, expected at least 164"
echo "corpus: $right of $images QR photographs read right"

count=$(ls "$corpus"/csv/spectrum/csvs/*.csv "$dialects"/*.csv | wc -l)
if [ "$failures" -gt 0 ]; then
    echo "corpus: $failures problems in $count files"
    exit 1
fi
echo "corpus: $count files read or refused as expected"
