# Shared by run.sh, test.sh and the benchmarks (sourced, not run): install
# the Debian packages entrada needs when they are missing, and build.

ENTRADA_ROOT=$(cd "$(dirname "$0")/.." && pwd)

# Build dependencies, all found with pkg-config; and the fallback font that has
# Chinese, Japanese and Korean glyphs for names on the kiosk.
BUILD_PACKAGES="build-essential cmake pkg-config libsqlite3-dev libutf8proc-dev libinih-dev nettle-dev
    libxlsxwriter-dev libminizip-dev libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev gettext libzbar-dev
    libqrencode-dev libcairo2-dev libpango1.0-dev libcups2-dev libsystemd-dev libicu-dev libpq-dev
    libespeak-ng-dev fonts-droid-fallback"
# The libraries entrada links, for another architecture (install_cross). Not
# libzbar-dev: Debian 12's cannot be installed for two architectures at once
# (installing it for arm64 removes the amd64 one, and ImageMagick's with it),
# so the cross build takes zbar's library alone (libzbar0) and the headers of
# this machine's libzbar-dev, through a pkg-config file of its own. The same
# for libpq-dev (not Multi-Arch: same either): libpq5 of ARCH, this machine's
# headers.
LIBRARY_PACKAGES="libc6-dev libsqlite3-dev libutf8proc-dev libinih-dev nettle-dev libxlsxwriter-dev
    libminizip-dev libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libzbar0 libqrencode-dev libcairo2-dev
    libpango1.0-dev libcups2-dev libsystemd-dev libicu-dev libpq5 libespeak-ng-dev"
# Building and checking the Debian package (scripts/package.sh).
PACKAGE_PACKAGES="dpkg-dev debhelper lintian man-db"
# What the tests add: the sqlite3 shell, jq for JSON, clang for the sanitizer and fuzzing build,
# tesseract to read printed badges back (Spanish, Greek, Polish, Vietnamese), openpyxl to read
# the exported workbook with a reader of its own (with Pillow, without which it does not load
# the chart's picture), the PostgreSQL server for several kiosks on
# one server (tests/server.sh).
TEST_PACKAGES="sqlite3 jq clang libclang-rt-dev poppler-utils cups-daemon cups-client e2fsprogs
    python3-openpyxl python3-pil tesseract-ocr tesseract-ocr-spa tesseract-ocr-ell tesseract-ocr-pol
    tesseract-ocr-vie postgresql"

# install_packages PKG...: apt-get install those not installed yet (as root, or through sudo).
install_packages() {
    command -v dpkg-query >/dev/null || return 0 # not Debian: pkg-config will say what is missing
    missing=""
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = 0 ]; then
        sudo=""
    elif command -v sudo >/dev/null; then
        sudo="sudo"
    else
        echo "entrada: missing Debian packages:$missing" >&2
        echo "install them as root with: apt-get install$missing" >&2
        exit 1
    fi
    echo "installing Debian packages:$missing"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
}

# install_cross ARCH: what a cross build for ARCH (arm64) needs: Debian's cross
# compiler, qemu to run its programs, and the libraries of ARCH through multiarch.
install_cross() {
    triplet=$(dpkg-architecture -a "$1" -q DEB_HOST_GNU_TYPE 2>/dev/null)
    if ! dpkg --print-foreign-architectures | grep -qx "$1"; then
        sudo=""
        if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
            echo "entrada: run as root to add the $1 architecture: dpkg --add-architecture $1" >&2
            exit 1
        fi
        [ "$(id -u)" = 0 ] || sudo=sudo
        $sudo dpkg --add-architecture "$1"
        $sudo apt-get update -qq
    fi
    libs=""
    for p in $LIBRARY_PACKAGES; do libs="$libs $p:$1"; done
    install_packages "gcc-$triplet" qemu-user-static $libs
    # zbar for ARCH: its library, with the (architecture-independent) headers of this machine's.
    CROSS_PKG_CONFIG_PATH="$ENTRADA_ROOT/build/cross-$1"
    mkdir -p "$CROSS_PKG_CONFIG_PATH"
    ln -sf "/usr/lib/$triplet/libzbar.so.0" "$CROSS_PKG_CONFIG_PATH/libzbar.so"
    printf 'Name: zbar\nDescription: bar code scanning and decoding\nVersion: 0.23.92\nLibs: -L%s -lzbar\nCflags:\n' \
        "$CROSS_PKG_CONFIG_PATH" >"$CROSS_PKG_CONFIG_PATH/zbar.pc"
    # libpq the same way: ARCH's library, this machine's headers (libpq-dev).
    install_packages libpq-dev
    ln -sf "/usr/lib/$triplet/libpq.so.5" "$CROSS_PKG_CONFIG_PATH/libpq.so"
    # (This machine's libpq.pc, not the one written here by an earlier call.)
    printf 'Name: libpq\nDescription: PostgreSQL client library\nVersion: %s\nLibs: -L%s -lpq\nCflags: -I%s\n' \
        "$(PKG_CONFIG_PATH='' pkg-config --modversion libpq)" "$CROSS_PKG_CONFIG_PATH" \
        "$(PKG_CONFIG_PATH='' pkg-config --variable=includedir libpq)" >"$CROSS_PKG_CONFIG_PATH/libpq.pc"
    export PKG_CONFIG_PATH="$CROSS_PKG_CONFIG_PATH${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
}

# build DIR [CMAKE ARGS...]: configure (once) and build into $ENTRADA_ROOT/DIR.
build() {
    dir="$ENTRADA_ROOT/$1"
    shift
    cmake -S "$ENTRADA_ROOT" -B "$dir" "$@" >/dev/null
    cmake --build "$dir" -j"$(nproc)" -- --no-print-directory >/dev/null
}

# demo_event ENTRADA...: load the demo event with the command given (entrada
# and its --config and --db): the meeting's list (assets/demo/attendees.csv),
# the B2B matchmaking's own list (b2b.csv, one person on both), the roundtable
# open to everyone and the matchmaking for its own list only.
demo_event() {
    "$@" import "$ENTRADA_ROOT/assets/demo/attendees.csv"
    "$@" import --list b2b "$ENTRADA_ROOT/assets/demo/b2b.csv"
    "$@" session add roundtable "Roundtable on critical raw materials" >/dev/null
    "$@" session add matchmaking "Business matchmaking" --lists b2b >/dev/null
}
