#!/usr/bin/env bash
# Installs a pinned CMake release (GCHP needs 3.24 or later; Rocky 9's is older) for the build host's architecture.
# Usage: install-cmake.sh <version: 3.30.2>
set -euo pipefail

version="$1"
arch="$(uname -m)"
curl --fail --location --retry 5 --silent --show-error \
    "https://github.com/Kitware/CMake/releases/download/v${version}/cmake-${version}-linux-${arch}.tar.gz" \
    | tar -xz -C /usr/local --strip-components=1
cmake --version | head -n 1
