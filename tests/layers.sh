#!/bin/sh
# The layers hold: reading every #include "..." line of src/ and include/,
# no file includes a header of a layer above its own (core < devices <
# kiosk < cli), a layer's private headers (src/LAYER/*.h) are included only
# from that layer's folder, no core file includes SDL, zbar, cairo, Pango,
# libqrencode or CUPS, and the modules' include graph has no cycle.
# Usage: layers.sh SOURCE_DIR
set -eu
src=$1
. "$(dirname "$0")/lib.sh"

rank() {
    case $1 in
    core) echo 0 ;; devices) echo 1 ;; kiosk) echo 2 ;; cli) echo 3 ;; *) echo 9 ;;
    esac
}

# Which layer's include directory holds entrada/NAME.h.
header_layer() {
    for l in core devices kiosk; do
        [ -f "$src/include/$l/entrada/$1" ] && { echo "$l"; return; }
    done
    echo unknown
}

: >"$tmp/edges"
files=$(cd "$src" && find src include -name '*.[ch]' | sort)
[ -n "$files" ] || fail "no sources under $src"
for f in $files; do
    layer=$(echo "$f" | cut -d/ -f2)
    # X-private.h is X's own: what X's files share, not a module of its own.
    mod=$(basename "$f" | sed 's/\.[ch]$//; s/-private$//')
    grep -o '^#include "[^"]*"' "$src/$f" | sed 's/^#include "//; s/"$//' >"$tmp/inc" || true
    while read -r inc; do
        case $inc in
        entrada/*)
            name=${inc#entrada/}
            to=$(header_layer "$name")
            [ "$to" != unknown ] || fail "$f includes $inc, which no layer has"
            [ "$(rank "$to")" -le "$(rank "$layer")" ] ||
                fail "$f ($layer) includes $inc of the $to layer above it"
            ;;
        */*) fail "$f includes $inc: headers are entrada/NAME.h or private to the folder" ;;
        *)
            [ -f "$src/$(dirname "$f")/$inc" ] || [ -f "$src/src/$layer/$inc" ] ||
                fail "$f includes \"$inc\", which is not in its layer's folder (private headers stay there)"
            name=$inc
            ;;
        esac
        to_mod=${name%.h}
        to_mod=${to_mod%-private}
        [ "$to_mod" = "$mod" ] || echo "$mod $to_mod" >>"$tmp/edges"
    done <"$tmp/inc"
    if [ "$layer" = core ]; then
        if grep -En '^#include <(SDL|zbar|cairo|pango|qrencode|cups)' "$src/$f" >"$tmp/bad"; then
            fail "$f (core) includes a device library: $(cat "$tmp/bad")"
        fi
    fi
done

# tsort reports a loop in the module graph on stderr.
sort -u "$tmp/edges" | tsort >/dev/null 2>"$tmp/loop" || true
if [ -s "$tmp/loop" ]; then
    fail "the modules' includes form a cycle: $(grep -v '^tsort: -: input contains a loop:' "$tmp/loop" |
        sed 's/^tsort: //' | tr '\n' ' ')"
fi
[ "$failures" -gt 0 ] ||
    echo "layers.sh: $(echo "$files" | wc -l) files, $(sort -u "$tmp/edges" | wc -l) module arrows, none upward, no cycle"
finish layers
