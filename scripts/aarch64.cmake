# CMake toolchain for a Raspberry Pi 4/5 with a 64-bit OS, on Debian:
# gcc-aarch64-linux-gnu, the arm64 libraries through multiarch, and
# qemu-aarch64-static to run the tests (scripts/build-arm64.sh).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(PKG_CONFIG_EXECUTABLE aarch64-linux-gnu-pkg-config CACHE FILEPATH "")
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static)
