#!/bin/sh
# Run every test: a normal build with ctest (Release and Debug builds are
# compiled too), then the same tests again in a clang build with
# AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer (the fuzz
# targets run for a few seconds each); then the Debian
# package (built, lintian, installed, run and purged when run as root) and
# the arm64 package, cross-built and its programs run under qemu. With
# ENTRADA_ARM64=1 every test also runs on an arm64 build under qemu (long:
# see README, "Raspberry Pi").
set -eu
. "$(dirname "$0")/setup.sh"
install_packages $BUILD_PACKAGES $TEST_PACKAGES

echo "== build (gcc)"
CC=gcc build build
(cd "$ENTRADA_ROOT/build" && ctest --output-on-failure -j2)

echo "== build at -O3 and -O0 (gcc): warnings differ with the optimiser, and they are errors"
CC=gcc build build-release -DCMAKE_BUILD_TYPE=Release
CC=gcc build build-debug -DCMAKE_BUILD_TYPE=Debug

echo "== build with AddressSanitizer, UBSan and libFuzzer (clang)"
CC=clang build build-asan -DENTRADA_SANITIZE=ON -DENTRADA_FUZZ=ON
(cd "$ENTRADA_ROOT/build-asan" &&
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        LSAN_OPTIONS=suppressions="$ENTRADA_ROOT/tests/lsan.supp" ctest --output-on-failure -j2)

echo "== the Debian package: lintian, then installed, run and purged"
"$ENTRADA_ROOT/scripts/package.sh" | grep -v '^running with root'
status=0
"$ENTRADA_ROOT/tests/package.sh" "$ENTRADA_ROOT"/build/entrada_*_"$(dpkg --print-architecture)".deb ||
    status=$?
[ "$status" = 0 ] || [ "$status" = 77 ] || exit "$status"

echo "== arm64: the package cross-built, a smoke run under qemu"
if [ "${ENTRADA_ARM64:-}" = 1 ]; then
    "$ENTRADA_ROOT/scripts/build-arm64.sh" --full
else
    "$ENTRADA_ROOT/scripts/build-arm64.sh"
fi
