#!/bin/sh
# Fuzz for longer than the test suite does: scripts/fuzz.sh [SECONDS] [TARGET]
# (default 300 seconds; targets csv, config, code, journal, signed, stick, catalogue). Crashes are saved in build-fuzz/.
set -eu
. "$(dirname "$0")/setup.sh"
install_packages $BUILD_PACKAGES clang libclang-rt-dev
seconds=${1:-300}
target=${2:-csv}
CC=clang build build-fuzz -DENTRADA_SANITIZE=ON -DENTRADA_FUZZ=ON
corpus="$ENTRADA_ROOT/build-fuzz/corpus-$target"
mkdir -p "$corpus"
cd "$ENTRADA_ROOT/build-fuzz"
# As in scripts/test.sh: fontconfig's and Pango's caches (badges, charts) are not leaks.
export LSAN_OPTIONS=suppressions="$ENTRADA_ROOT/tests/lsan.supp"
exec "tests/fuzz_$target" -max_total_time="$seconds" -max_len=65536 \
    "$corpus" "$ENTRADA_ROOT/tests/fuzz/seeds/$target"
