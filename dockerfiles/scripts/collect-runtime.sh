#!/usr/bin/env bash
# Prepares what the slim runtime stage copies: prunes the libraries' prefix of headers, static libraries and docs, copies
# into <install dir>/lib the non-system libraries the executables need (outside the prefix, which the runtime copies
# whole), and fails if any library of any executable does not resolve. Natively (the image contract test), the same
# script runs on a native build with GC_DEPS_PREFIX and GC_INSTALL_DIR set; Debian's multiarch folders count as system.
set -euo pipefail

deps="${GC_DEPS_PREFIX:-/opt/deps}"
install_dir="${GC_INSTALL_DIR:-/opt/geoschem}"
toolchain_env="${GC_TOOLCHAIN_ENV:-/etc/geoschem/toolchain.env}"
if [ -f "$toolchain_env" ]; then
    # shellcheck source=/dev/null
    source "$toolchain_env"
fi
export LD_LIBRARY_PATH="$deps/lib:${LD_LIBRARY_PATH:-}"

rm -rf "$deps/include" "$deps/share/doc" "$deps/share/man"
if [ -d "$deps" ]; then find "$deps" -name '*.a' -delete; fi
mkdir -p "$install_dir/lib"
for executable in "$install_dir"/bin/*; do
    ldd "$executable" | awk '/=> \// { print $3 }' | while read -r library; do
        case "$library" in
            /lib64/*|/usr/lib64/*|/lib/*-linux-gnu/*|/usr/lib/*-linux-gnu/*|"$deps"/*) ;;
            *) cp -n -L "$library" "$install_dir/lib/" ;;
        esac
    done
done
if ldd "$install_dir"/bin/* | grep -q 'not found'; then
    echo "collect-runtime: unresolved libraries" >&2
    ldd "$install_dir"/bin/* | grep 'not found' >&2
    exit 1
fi
echo "##[gc-build] runtime libraries: $(find "$install_dir/lib" -type f | wc -l) copied; every library of $(find "$install_dir/bin" -type f | wc -l) executables resolves"
