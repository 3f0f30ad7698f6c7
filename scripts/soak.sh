#!/bin/sh
# The long soak: 100,000 scans through the kiosk by script over a list of
# 3,000 attendees (a badge printed every 33 scans), camera and printer
# threads running (tests/soak.sh, which the test suite runs with 3,000
# scans). About 15 minutes on 2 cores.
# Usage: scripts/soak.sh [SCANS [PEOPLE]]
set -eu
. "$(dirname "$0")/setup.sh"
install_packages $BUILD_PACKAGES sqlite3 cups-daemon cups-client
build build
"$ENTRADA_ROOT/tests/soak.sh" "$ENTRADA_ROOT/build/entrada" "${1:-100000}" "${2:-3000}"
