#!/bin/sh
# Every message the kiosk shows through kiosk_tr(), the signature sheet
# through sheet_tr() and the chart of the exports through chart_tr() and N_()
# has a translation in every catalogue. Usage: locale.sh SOURCE_DIR
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext --keyword=kiosk_tr:2 --keyword=sheet_tr:2 --keyword=chart_tr:2 --keyword=N_ --from-code=UTF-8 \
    --language=C --force-po -o "$tmp/kiosk.pot" \
    "$src"/src/*/*.c
[ "$(grep -c '^msgid ' "$tmp/kiosk.pot")" -gt 50 ] || { echo "FAIL: few messages found"; exit 1; }
status=0
for po in "$src"/assets/locale/*.po; do
    # msgcmp names each message of the program that the catalogue lacks.
    if ! msgcmp "$po" "$tmp/kiosk.pot" 2>"$tmp/err"; then
        grep -v "not used" "$tmp/err"
        status=1
    fi
done
[ "$status" = 0 ] && echo "locale.sh: every message is translated"
exit "$status"
