#!/usr/bin/env bash
# Clones GCClassic or GCHP at a release tag (with submodules) and builds one executable per mechanism into /opt/geoschem/bin,
# with portable -march flags and, on aarch64, the -mcmodel=small overrides that GEOS-Chem's CMake does not apply itself.
# Usage: build-geoschem.sh <model: GCClassic|GCHP> <version: 14.7.1>
set -euo pipefail

model="$1"
version="$2"
deps=/opt/deps
install_dir=/opt/geoschem
# shellcheck source=/dev/null
source /etc/geoschem/toolchain.env
export PATH="$deps/bin:$PATH" LD_LIBRARY_PATH="$deps/lib:${LD_LIBRARY_PATH:-}"
export NETCDF_HOME="$deps" NETCDF_FORTRAN_HOME="$deps" ESMF_ROOT="$deps"
source_dir=/src/geoschem
repository="https://github.com/geoschem/${model}.git"

echo "##[gc-build] cloning $model $version"
git clone --depth 1 --branch "$version" --recurse-submodules --shallow-submodules "$repository" "$source_dir"

flags=()
if [ "$(uname -m)" = "aarch64" ] && [ "$GC_COMPILER_ID" = "GNU" ]; then
    # CMake reports aarch64, not arm64, so the ARM branches of GEOS-Chem's CMake are not taken and -mcmodel=medium
    # (unsupported on AArch64) is used. The flag sets are CACHE variables: override them.
    common="-cpp -w -std=legacy -fautomatic -fno-align-commons -fconvert=big-endian -fno-range-check -mcmodel=small -fbacktrace -g -DLINUX_GFORTRAN -ffree-line-length-none ${GC_MARCH_FLAGS}"
    for component in GEOSChem HEMCO HETP CloudJ; do
        flags+=("-D${component}_Fortran_FLAGS_GNU=${common}")
    done
fi

build() { # build <name of the executable> [cmake options...]
    local name="$1"
    shift
    local build_dir="/src/build-$name"
    echo "##[gc-build] configuring $name"
    cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DRUNDIR="" \
        -DCMAKE_Fortran_FLAGS="${GC_MARCH_FLAGS}" -DCMAKE_C_FLAGS="${GC_MARCH_FLAGS}" -DCMAKE_CXX_FLAGS="${GC_MARCH_FLAGS}" \
        "${flags[@]}" "$@"
    echo "##[gc-build] compiling $name"
    cmake --build "$build_dir" --parallel "$(nproc)"
    local built
    built="$(find "$build_dir" -type f -name "$(echo "$model" | tr '[:upper:]' '[:lower:]')" -perm -u+x | head -n 1)"
    install -D -m 0755 "$built" "$install_dir/bin/$name"
}

if [ "$model" = "GCClassic" ]; then
    build gcclassic
    build gcclassic-carbon -DMECH=carbon
    build gcclassic-hg -DMECH=Hg -DFASTJX=y
    # The run-directory tooling (createRunDir.sh, download_data.py) comes with the source.
    cp -r "$source_dir/src/GEOS-Chem/run" "$install_dir/run"
else
    build gchp
    build gchp-carbon -DMECH=carbon
    cp -r "$source_dir/src/GCHP_GridComp/GEOSChem_GridComp/geos-chem/run" "$install_dir/run"
fi
echo "$model $version built with $GC_COMPILER_ID ($GC_MARCH_FLAGS), MPI ${GC_MPI}" > "$install_dir/BUILD-INFO"
echo "##[gc-build] installed $(ls "$install_dir/bin")"
