#!/bin/sh
# The exports as an organiser opens them: attendance.xlsx read by an
# independent reader (Python's openpyxl), the CSV files' times and session
# columns, counts by a kept column, codes.csv for mailing.
# Usage: exports.sh ENTRADA
set -eu
entrada=$1
. "$(dirname "$0")/lib.sh"
# Debian's python3-openpyxl is for Debian's python3, which another python3 on PATH may hide.
python=
for p in python3 /usr/bin/python3; do
    if "$p" -c "import openpyxl" 2>/dev/null; then python=$p; break; fi
done
[ -n "$python" ] || { echo "exports.sh: no python3-openpyxl, skipped"; exit 77; }
export TZ=Europe/Madrid

cat >"$tmp/entrada.ini" <<INI
[entrada]
db = $tmp/event.db
kiosk_id = door-1
event_name = Jornada
[checkin]
repeat_window_ms = 0
[export]
separator = semicolon
min_count = 1
[columns]
keep = País, Nota
INI
cfg="--config $tmp/entrada.ini"
{
    echo "Code;Name;Email;Organisation;País;Nota"
    # A note longer than an Excel cell holds: 30,000 a, then 5,000 two-byte é.
    printf 'A1;Ana Ruiz;ana@example.org;Clúster Minero;España;%s%s\n' \
        "$(head -c 30000 /dev/zero | tr '\0' a)" "$(head -c 5000 /dev/zero | tr '\0' x | sed 's/x/é/g')"
    echo "A2;Jan Jansen;jan@example.org;European Commission;Belgique"
    echo "A3;Eva Lind;eva@example.org;SGU;España"
    echo "A4;=cmd|' /C calc'!A0;x@example.org;Evil;España"
    for i in 5 6 7 8 9; do echo "A$i;Person $i;p$i@example.org;Org $i;España"; done
} >"$tmp/main.csv"
# A list without codes: entrada makes them, codes.csv hands them out with the e-mail.
printf 'Name,Email\nPiotr Nowak,piotr@example.org\n' >"$tmp/b2b.csv"
run 0 $cfg import "$tmp/main.csv"
run 0 $cfg import --list b2b "$tmp/b2b.csv"
# Check-ins at known times, journalled as a kiosk would: 2026-03-12 08:05:09 UTC is
# 09:05:09 in Madrid.
for c in "1 A1 1773302709000" "2 A3 1773303009000"; do
    set -- $c
    sqlite3 "$tmp/event.db" "INSERT INTO checkins (kiosk, seq, attendee_id, session_id,
        direction, at_ms, method) SELECT 'door-1', $1, id, 1, 'in', $3, 'camera'
        FROM attendees WHERE code = '$2'"
done
run 0 $cfg export "$tmp/x"
for f in attendance.csv checkins.csv counts.csv codes.csv attendance.xlsx attendance.png; do
    [ -s "$tmp/x/$f" ] || fail "no $f"
done
# A workbook brought as a list is named as one, with what to do.
run 65 $cfg import "$tmp/x/attendance.xlsx"
err_has 'a spreadsheet workbook (.xlsx, .xls or .ods), not a CSV file: open it and save it as "CSV UTF-8"'

# CSV: local times Excel reads as date-times, one column per session, the kept column.
grep -q "code;name;first_name;last_name;organisation;category;status;lists;first_checkin;last_checkin;País;Nota;main" \
    "$tmp/x/attendance.csv" || fail "attendance.csv header: $(head -1 "$tmp/x/attendance.csv")"
grep -q "^A1;Ana Ruiz;Ana;Ruiz;Clúster Minero;;active;main;2026-03-12 09:05:09;2026-03-12 09:05:09;España;aa*éé*;2026-03-12 09:05:09" \
    "$tmp/x/attendance.csv" || fail "attendance.csv: $(grep A1 "$tmp/x/attendance.csv")"
grep -q ";2026-03-12 09:05:09;door-1;main;in;" "$tmp/x/checkins.csv" ||
    fail "checkins.csv: $(cat "$tmp/x/checkins.csv")"
grep -q "^Piotr Nowak;piotr@example.org;b2b;[A-Z0-9]*" "$tmp/x/codes.csv" ||
    fail "codes.csv: $(cat "$tmp/x/codes.csv")"
[ "$(grep -c . "$tmp/x/codes.csv")" = 2 ] || fail "codes.csv holds codes not made here"
grep -q "^País;main;España;8;2" "$tmp/x/counts.csv" || fail "counts.csv: $(cat "$tmp/x/counts.csv")"
grep -q "^organisation;" "$tmp/x/counts.csv" && fail "counts per organisation, not asked for"

# The workbook, as an independent reader sees it.
"$python" - "$tmp/x/attendance.xlsx" >"$tmp/py.out" 2>&1 <<'PY' || fail "attendance.xlsx: $(cat "$tmp/py.out")"
import datetime, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["Attendees", "Check-ins", "Counts", "Chart"], wb.sheetnames
ws = wb["Attendees"]
header = [c.value for c in ws[1]]
assert header[:10] == ["code", "name", "first_name", "last_name", "organisation", "category",
                       "status", "lists", "first_checkin", "last_checkin"], header
assert header[10:] == ["País", "Nota", "main"], header
assert ws.freeze_panes == "A2", ws.freeze_panes
assert ws.auto_filter.ref == "A1:M11", ws.auto_filter.ref
rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
ana = rows["A1"]
# A real date-time in the event's local time, not text.
assert isinstance(ana[12], datetime.datetime), type(ana[12])
assert ana[12] == datetime.datetime(2026, 3, 12, 9, 5, 9), ana[12]
# Text longer than a cell holds is cut within Excel's limit (32,767 bytes here, the stricter
# count), at a character's boundary.
assert ana[11] == "a" * 30000 + "é" * 1383, len(ana[11])
ana_row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == "A1")
assert ws.cell(row=ana_row, column=13).number_format == "yyyy-mm-dd hh:mm:ss"
assert rows["A2"][12] is None, rows["A2"]
# A name that would be a formula stays text, defused as in the CSV files.
assert rows["A4"][1] == "'=cmd|' /C calc'!A0", rows["A4"][1]
assert ws.column_dimensions["B"].width >= len("Jan Jansen"), ws.column_dimensions["B"].width
assert ws.column_dimensions["L"].width < 63, ws.column_dimensions["L"].width
checkins = wb["Check-ins"]
assert [c.value for c in checkins[1]] == ["time", "session", "direction", "kiosk", "method",
                                         "override", "code", "name"], [c.value for c in checkins[1]]
assert checkins.cell(row=2, column=1).value == datetime.datetime(2026, 3, 12, 9, 5, 9)
assert checkins.cell(row=2, column=7).value == "A1"
counts = {(r[0], r[1], r[2]): (r[3], r[4]) for r in wb["Counts"].iter_rows(min_row=2, values_only=True)}
assert counts[("País", "main", "España")] == (8, 2), counts
assert counts[("País", "main", "Belgique")] == (1, 0), counts
assert counts[("total", "main", None)] == (10, 2), counts
# The arrivals' quarter hours are date-times too.
assert counts[("arrivals", "main", datetime.datetime(2026, 3, 12, 9, 0))] == (None, 2), counts
assert len(wb["Chart"]._images) == 1, "no chart on the Chart sheet"
# Deflated at zlib's fastest level: bits 1 and 2 of each entry's flags both set (minizip sets
# them for level 1 only; none for the default level).
import zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for info in z.infolist():
        assert info.compress_type == zipfile.ZIP_DEFLATED and info.flag_bits & 6 == 6, \
            (info.filename, info.flag_bits)
print("ok")
PY

# Shared counts: the smallest counts hidden, and one more beside each.
sed -i 's/^min_count = 1/min_count = 3/' "$tmp/entrada.ini"
run 0 $cfg export "$tmp/shared"
grep -q "^País;main;Belgique;<3;" "$tmp/shared/counts.csv" || fail "small count not hidden: $(cat "$tmp/shared/counts.csv")"
grep -q "^País;main;España;c;" "$tmp/shared/counts.csv" || fail "no complementary suppression: $(cat "$tmp/shared/counts.csv")"
finish exports.sh
