#!/bin/sh
# Run every test: a normal build with ctest, then the same tests again in a
# clang build with AddressSanitizer, UndefinedBehaviorSanitizer and
# libFuzzer (the fuzz targets run for a few seconds each).
set -eu
. "$(dirname "$0")/setup.sh"
install_packages $BUILD_PACKAGES $TEST_PACKAGES

echo "== build (gcc)"
CC=gcc build build
(cd "$ENTRADA_ROOT/build" && ctest --output-on-failure -j2)

echo "== build with AddressSanitizer, UBSan and libFuzzer (clang)"
CC=clang build build-asan -DENTRADA_SANITIZE=ON -DENTRADA_FUZZ=ON
(cd "$ENTRADA_ROOT/build-asan" &&
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        LSAN_OPTIONS=suppressions="$ENTRADA_ROOT/tests/lsan.supp" ctest --output-on-failure -j2)
