#!/bin/sh
# Build entrada and run it on the demo event: the cluster meeting's 150
# attendees, a few check-ins, the counts and an export. The database and the
# export go to build/demo/ and are made anew on every run.
set -eu
. "$(dirname "$0")/setup.sh"
install_packages $BUILD_PACKAGES
CC=${CC:-cc} build build

demo="$ENTRADA_ROOT/build/demo"
mkdir -p "$demo"
rm -rf "$demo/event.db" "$demo/event.db-wal" "$demo/event.db-shm" "$demo/export"
entrada() {
    echo
    echo "\$ entrada $*"
    "$ENTRADA_ROOT/build/entrada" --config "$ENTRADA_ROOT/assets/demo/entrada.ini" \
        --db "$demo/event.db" "$@" || true
}
code_of() {
    "$ENTRADA_ROOT/build/entrada" --db "$demo/event.db" search --json "$@" |
        sed -n 's/.*"code": "\([^"]*\)".*/\1/p' | head -n 1
}

entrada import "$ENTRADA_ROOT/assets/demo/attendees.csv"
entrada session add roundtable "Roundtable on critical raw materials"
entrada session add matchmaking "Business matchmaking"
entrada search lopez
entrada search lukasz
entrada checkin "$(code_of cuesta lopez)"
entrada checkin "$(code_of boratynski)"
entrada checkin --session roundtable "$(code_of katainen)"
entrada checkin --session matchmaking "$(code_of cuesta lopez)"
entrada checkin RMC-NOTACODE
entrada stats
entrada export "$demo/export"
echo
echo "The demo database is $demo/event.db; try: build/entrada --db $demo/event.db --help"
