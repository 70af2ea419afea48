#!/usr/bin/env bash
# Builds a pinned CMake release from source (GCHP needs 3.24 or later; Rocky 9's may be older). Kitware's binary
# archives have no checksum we could find to pin; the source archive has one (pinned-downloads.tsv).
# Usage: install-cmake.sh <version: 3.30.9>
set -euo pipefail

version="$1"
# shellcheck source=fetch-pinned.sh
source "$(dirname "${BASH_SOURCE[0]}")/fetch-pinned.sh"
# shellcheck source=/dev/null
source "${GC_TOOLCHAIN_ENV:-/etc/geoschem/toolchain.env}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fetch_pinned_source cmake "$version" "$work/cmake"
(cd "$work/cmake" && ./bootstrap --prefix=/usr/local --parallel="$(nproc)" -- -DCMAKE_USE_OPENSSL=OFF -DBUILD_TESTING=OFF &&
    make -j "$(nproc)" && make install)
cmake --version | head -n 1
