#!/bin/sh
# Every message the kiosk (kiosk_tr, kiosk_ntr, N_), the signature sheet
# (sheet_tr) and the exports' chart (chart_tr) show has a translation in
# every catalogue, with the same printf conversions, no message the program
# no longer has, and a Plural-Forms header gettext reads.
# Usage: locale.sh SOURCE_DIR
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext --keyword=kiosk_tr:2 --keyword=kiosk_ntr:2,3 --keyword=sheet_tr:2 --keyword=chart_tr:2 \
    --keyword=N_ --from-code=UTF-8 --language=C --force-po -o "$tmp/kiosk.pot" "$src"/src/*/*.c
[ "$(grep -c '^msgid ' "$tmp/kiosk.pot")" -gt 50 ] || { echo "FAIL: few messages found"; exit 1; }
status=0
for po in "$src"/assets/locale/*.po; do
    # msgcmp names each message of the program that the catalogue lacks, and those it has extra.
    if ! msgcmp "$po" "$tmp/kiosk.pot" 2>"$tmp/err" || grep -q "not used" "$tmp/err"; then
        cat "$tmp/err"
        status=1
    fi
    # The program's c-format flags on the catalogue's translations: conversions must match.
    grep -q '^"Plural-Forms: nplurals=' "$po" || { echo "$po: no Plural-Forms"; status=1; }
    msgmerge --quiet --no-fuzzy-matching "$po" "$tmp/kiosk.pot" -o "$tmp/merged.po"
    msgfmt --check -o /dev/null "$tmp/merged.po" 2>"$tmp/err" || { sed "s|$tmp/merged.po|$po|" "$tmp/err"; status=1; }
done
[ "$status" = 0 ] && echo "locale.sh: every message is translated"
exit "$status"
