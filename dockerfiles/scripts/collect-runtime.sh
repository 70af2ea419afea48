#!/usr/bin/env bash
# Prepares what the slim runtime stage copies: prunes /opt/deps of headers, static libraries and docs, and copies into
# /opt/geoschem/lib the compiler runtime libraries (Intel's, for instance) that the executables need and that a plain
# Rocky Linux 9 does not have.
set -euo pipefail

deps=/opt/deps
install_dir=/opt/geoschem
# shellcheck source=/dev/null
source /etc/geoschem/toolchain.env
export LD_LIBRARY_PATH="$deps/lib:${LD_LIBRARY_PATH:-}"

rm -rf "$deps/include" "$deps/share/doc" "$deps/share/man"
find "$deps" -name '*.a' -delete
mkdir -p "$install_dir/lib"
for executable in "$install_dir"/bin/*; do
    ldd "$executable" | awk '/=> \// { print $3 }' | while read -r library; do
        case "$library" in
            /lib64/*|/usr/lib64/*|"$deps"/*) ;;
            *) cp -n -L "$library" "$install_dir/lib/" ;;
        esac
    done
done
if ldd "$install_dir"/bin/* | grep -q 'not found'; then
    echo "collect-runtime: unresolved libraries" >&2
    ldd "$install_dir"/bin/* | grep 'not found' >&2
    exit 1
fi
echo "##[gc-build] runtime libraries: $(find "$install_dir/lib" -type f | wc -l) copied"
