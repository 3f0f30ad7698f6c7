#!/bin/sh
# The README's sheet of badges: the demo event's badges of each category,
# drawn as PDFs (the printing path), rasterised by poppler and set side by
# side. Usage: scripts/badge-sheet.sh [OUT.png] (default docs/badges.png).
set -eu
. "$(dirname "$0")/setup.sh"
install_packages $BUILD_PACKAGES poppler-utils python3
build build
out=${1:-$ENTRADA_ROOT/docs/badges.png}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
e() { "$ENTRADA_ROOT/build/entrada" --config "$work/es.ini" --db "$work/event.db" "$@"; }
printf '[entrada]\nevent_name = European Raw Materials Clusters Meeting, Sevilla\n[kiosk]\nlanguage = es\n' \
    >"$work/es.ini"
e import "$ENTRADA_ROOT/assets/demo/attendees.csv" >/dev/null
n=0
for category in SPEAKER PRESS STAFF ATTENDEE ATTENDEE; do
    e badges --category "$category" "$work/$category.pdf" >/dev/null
    page=$((2 + n % 2 * 3)) # past the cover; two different attendees
    pdftoppm -r 110 -png -singlefile -f $page -l $page "$work/$category.pdf" "$work/$n"
    n=$((n + 1))
done
python3 - "$out" "$work"/[0-9].png <<'PY'
import struct, sys, zlib

def read(path):
    data = open(path, "rb").read()
    pos, chunks = 8, {}
    idat = b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    assert depth == 8 and colour == 2, "poppler writes 8-bit RGB"
    raw, rows, prev = zlib.decompress(idat), [], bytearray(w * 3)
    for y in range(h):
        f, line = raw[y * (w * 3 + 1)], bytearray(raw[y * (w * 3 + 1) + 1:(y + 1) * (w * 3 + 1)])
        for i in range(len(line)):
            a = line[i - 3] if i >= 3 else 0
            b, c = prev[i], prev[i - 3] if i >= 3 else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, rows

imgs = [read(p) for p in sys.argv[2:]]
gap = 16
W = sum(w for w, _, _ in imgs) + gap * (len(imgs) + 1)
H = max(h for _, h, _ in imgs) + 2 * gap
out = bytearray()
for y in range(H):
    row = bytearray(b"\xd0\xd3\xd8" * W)
    x = gap
    for w, h, rows in imgs:
        if gap <= y < gap + h:
            row[x * 3:(x + w) * 3] = rows[y - gap]
        x += w + gap
    out += b"\x00" + row
def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(bytes(out), 9)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
echo "wrote $out"
