#!/bin/sh
# Build entrada's Debian package with Debian's tools (debian/, dpkg-buildpackage)
# into build/: entrada_VERSION_ARCH.deb, checked with lintian.
#   scripts/package.sh            for this machine (amd64 on a laptop)
#   scripts/package.sh arm64      cross-built for a Raspberry Pi 4/5 (64-bit OS)
# The source is copied to build/pkg-ARCH/ first, so that the package is built
# from a clean tree and nothing lands beside the checkout.
set -eu
. "$(dirname "$0")/setup.sh"
arch=${1:-$(dpkg --print-architecture)}
install_packages $BUILD_PACKAGES $PACKAGE_PACKAGES
[ "$arch" = "$(dpkg --print-architecture)" ] || install_cross "$arch"

version=$(sed -n '1s/^entrada (\([^)]*\)).*/\1/p' "$ENTRADA_ROOT/debian/changelog")
work="$ENTRADA_ROOT/build/pkg-$arch"
rm -rf "$work"
mkdir -p "$work/entrada-$version"
(cd "$ENTRADA_ROOT" && tar --exclude='./build' --exclude='./build-*' --exclude=./.git -cf - .) |
    (cd "$work/entrada-$version" && tar -xf -)
# A cross build skips dpkg's check of the build dependencies: libzbar-dev and libpq-dev are
# there for this machine only (see install_cross in setup.sh).
cross=""
[ "$arch" = "$(dpkg --print-architecture)" ] || cross="-a $arch -d"
(cd "$work/entrada-$version" &&
    DEB_BUILD_OPTIONS="nocheck noddebs parallel=$(nproc)" \
        dpkg-buildpackage -b -us -uc $cross -Pnocheck >"$work/build.log" 2>&1) || {
    grep -B2 -A8 -m5 "error" "$work/build.log" | tail -40 >&2
    echo "package.sh: dpkg-buildpackage failed; the whole log is $work/build.log" >&2
    exit 1
}
deb="$ENTRADA_ROOT/build/entrada_${version}_$arch.deb"
mv "$work/entrada_${version}_$arch.deb" "$deb"
# Errors fail the build; warnings are printed.
lintian --fail-on error --tag-display-limit 0 "$deb" >"$work/lintian.txt" 2>&1 || {
    cat "$work/lintian.txt" >&2
    echo "package.sh: lintian found errors in $deb" >&2
    exit 1
}
cat "$work/lintian.txt"
echo "$deb"
