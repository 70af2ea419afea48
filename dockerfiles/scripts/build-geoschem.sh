#!/usr/bin/env bash
# Builds GCClassic or GCHP, one executable per mechanism, into <install dir>/bin, and copies the release's run-directory
# tooling (createRunDir.sh and its templates) into <install dir>/<model>, in the layout createRunDir.sh expects.
#
# In an image (the default): the source is a git clone of the release tag, checked against the commit pinned in
# pinned-downloads.tsv; compilers and libraries come from /etc/geoschem/toolchain.env (install-toolchain.sh, build-deps.sh).
# Offline, natively (GC_SOURCE set): the source is a folder or a .tar.gz of the release (the tree with its submodules);
# nothing is downloaded; without a toolchain.env the compilers on PATH and the system's netCDF are used (Debian's
# libnetcdff-dev, for instance), and GC_MARCH_FLAGS gives the target (the image's, so the code generated is the same).
#
# Usage: build-geoschem.sh <model: GCClassic|GCHP> <version: 14.7.1>
# Environment (all optional):
#   GC_SOURCE        offline: a source folder or archive instead of the pinned git clone
#   GC_INSTALL_DIR   where bin/, run/ and BUILD-INFO go (default /opt/geoschem)
#   GC_BUILD_ROOT    scratch folder for the unpacked source and the build trees (default /src)
#   GC_MECHANISMS    space-separated subset of the model's mechanisms (default: all of them)
#   GC_TOOLCHAIN_ENV compiler settings to source (default /etc/geoschem/toolchain.env, skipped natively when absent)
#   GC_MARCH_FLAGS   code-generation target when no toolchain.env sets it (default -march=x86-64-v3 / -march=armv8.2-a)
#   GC_JOBS          parallel compile jobs (default: nproc)
#   GC_DESCRIBE=1    print the build options per executable and exit (the native build's cache key hashes them)
set -euo pipefail

model="$1"
version="$2"
script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# What each mechanism is built with: the same table for the image and for the native build.
case "$model" in
    GCClassic) all_mechanisms="fullchem carbon Hg"; science_dir=src/GEOS-Chem ;;
    GCHP) all_mechanisms="fullchem carbon"; science_dir=src/GCHP_GridComp/GEOSChem_GridComp/geos-chem ;;
    *) echo "build-geoschem: unknown model '$model' (GCClassic or GCHP)" >&2; exit 2 ;;
esac
mechanisms="${GC_MECHANISMS:-$all_mechanisms}"
for mechanism in $mechanisms; do
    [[ " $all_mechanisms " == *" $mechanism "* ]] || { echo "build-geoschem: $model has no mechanism '$mechanism'" >&2; exit 2; }
done
executable_for() { # the executable's name in the image: gcclassic, gcclassic-carbon, gcclassic-hg, gchp, gchp-carbon
    local base
    base="$(echo "$model" | tr '[:upper:]' '[:lower:]')"
    if [ "$1" = fullchem ]; then echo "$base"; else echo "$base-$(echo "$1" | tr '[:upper:]' '[:lower:]')"; fi
}
cmake_options_for() {
    case "$1" in
        # Hg with legacy FAST-JX: GEOS-Chem 14.7's createRunDir.sh tells every Hg run directory to compile with
        # "-DMECH=Hg -DFASTJX=y" (CMake's own default is FASTJX=OFF, i.e. Cloud-J, which the Hg templates do not use).
        Hg) echo "-DMECH=Hg -DFASTJX=y" ;;
        *) echo "-DMECH=$1" ;;
    esac
}
if [ "${GC_DESCRIBE:-}" = 1 ]; then
    # What determines the result besides the source and the compiler: build.ps1 hashes it into the cache key.
    for mechanism in $mechanisms; do echo "$(executable_for "$mechanism"): -DCMAKE_BUILD_TYPE=Release $(cmake_options_for "$mechanism")"; done
    echo "target: ${GC_MARCH_FLAGS:-from the toolchain}"
    exit 0
fi
install_dir="${GC_INSTALL_DIR:-/opt/geoschem}"
build_root="${GC_BUILD_ROOT:-/src}"
toolchain_env="${GC_TOOLCHAIN_ENV:-/etc/geoschem/toolchain.env}"
jobs="${GC_JOBS:-$(nproc)}"
deps=/opt/deps

if [ -f "$toolchain_env" ]; then
    # shellcheck source=/dev/null
    source "$toolchain_env"
    export PATH="$deps/bin:$PATH" LD_LIBRARY_PATH="$deps/lib:${LD_LIBRARY_PATH:-}"
    export NETCDF_HOME="$deps" NETCDF_FORTRAN_HOME="$deps" ESMF_ROOT="$deps"
    toolchain="image toolchain ($toolchain_env)"
elif [ -n "${GC_SOURCE:-}" ]; then
    case "$(uname -m)" in aarch64) default_march="-march=armv8.2-a" ;; *) default_march="-march=x86-64-v3" ;; esac
    GC_MARCH_FLAGS="${GC_MARCH_FLAGS:-$default_march}"
    GC_COMPILER_ID=GNU
    GC_MPI="${GC_MPI:-none}"
    export FC="${FC:-gfortran}" CC="${CC:-gcc}" CXX="${CXX:-g++}"
    toolchain="native: compilers on PATH, the system's netCDF ($(command -v nf-config > /dev/null && nf-config --version || echo 'nf-config not found'))"
else
    echo "build-geoschem: $toolchain_env is missing; natively, set GC_SOURCE to a source folder or archive (offline mode)" >&2
    exit 2
fi

source_dir="$build_root/$model-$version"
mkdir -p "$build_root" "$install_dir/bin"

# The only tree allowed to lack files: the public GCClassic 14.7.0 snapshot in ../shared/geoschem/src, which has no
# APM/apm_rrtmg_src.F90 and GeosRad/rrtmg_lw_k_g.F90 (only the APM and RRTMG options compile them, but CMake lists
# them always). Empty stand-ins let CMake configure; the options that would compile them are never enabled here.
known_incomplete_snapshot=483cbaf22e462dd7187f09d53e7d9a960856d6b4a73268a910a0983b8d4b9eed

prepare_offline_source() {
    rm -rf "$source_dir"
    if [ -d "$GC_SOURCE" ]; then
        echo "##[gc-build] offline: source folder $GC_SOURCE"
        mkdir -p "$source_dir"
        cp -a "$GC_SOURCE/." "$source_dir/"
        return
    fi
    echo "##[gc-build] offline: source archive $GC_SOURCE"
    mkdir -p "$source_dir"
    tar -xzf "$GC_SOURCE" -C "$source_dir" --strip-components=1
    local missing=()
    for file in src/GEOS-Chem/APM/apm_rrtmg_src.F90 src/GEOS-Chem/GeosRad/rrtmg_lw_k_g.F90; do
        [ -e "$source_dir/$file" ] || missing+=("$file")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        local digest
        digest="$(sha256sum "$GC_SOURCE" | cut -d' ' -f1)"
        if [ "$digest" != "$known_incomplete_snapshot" ]; then
            echo "build-geoschem: ${missing[*]} missing from $GC_SOURCE (SHA-256 $digest), which is not the known 14.7.0 snapshot" >&2
            exit 3
        fi
        echo "##[gc-build] the shared 14.7.0 snapshot lacks ${missing[*]}: created empty so CMake configures (APM and RRTMG stay off)"
        for file in "${missing[@]}"; do : > "$source_dir/$file"; done
    fi
}

clone_pinned_source() {
    local pinned commit
    pinned="$(awk -v name="$(echo "$model" | tr '[:upper:]' '[:lower:]')" -v version="$version" \
        '$1 == name && $2 == version { print $3 }' "$script_dir/pinned-downloads.tsv")"
    if ! [[ "$pinned" =~ ^git:[0-9a-f]{40}$ ]]; then
        echo "build-geoschem: no pinned commit for $model $version in pinned-downloads.tsv: refusing an unpinned source" >&2
        exit 3
    fi
    rm -rf "$source_dir"
    echo "##[gc-build] cloning $model $version"
    git clone --quiet --depth 1 --branch "$version" --recurse-submodules --shallow-submodules \
        "https://github.com/geoschem/${model}.git" "$source_dir"
    commit="$(git -C "$source_dir" rev-parse HEAD)"
    if [ "git:$commit" != "$pinned" ]; then
        echo "build-geoschem: tag $version of $model is $commit, not the pinned ${pinned#git:}: refusing it" >&2
        exit 3
    fi
    # Submodules are fixed by the pinned superproject commit's gitlinks; check that each checkout matches its gitlink.
    if git -C "$source_dir" submodule status --recursive | grep -q '^[+-]'; then
        echo "build-geoschem: a submodule does not match its pinned commit" >&2
        exit 3
    fi
}

if [ -n "${GC_SOURCE:-}" ]; then prepare_offline_source; else clone_pinned_source; fi

extra_flags=()
if [ "$(uname -m)" = "aarch64" ] && [ "$GC_COMPILER_ID" = "GNU" ]; then
    # GEOS-Chem's CMake tests CMAKE_SYSTEM_PROCESSOR for "arm64", but Linux reports "aarch64", so -mcmodel=medium
    # (not supported on AArch64) is chosen. The flag sets are CACHE variables: override them.
    common="-cpp -w -std=legacy -fautomatic -fno-align-commons -fconvert=big-endian -fno-range-check -mcmodel=small -fbacktrace -g -DLINUX_GFORTRAN -ffree-line-length-none"
    for component in GEOSChem HEMCO HETP CloudJ; do
        extra_flags+=("-D${component}_Fortran_FLAGS_GNU=${common}")
    done
fi

executable_name="$(executable_for fullchem)"
build_info="$install_dir/BUILD-INFO"
{
    echo "model: $model $version"
    echo "source: ${GC_SOURCE:-git clone of the pinned tag}"
    echo "toolchain: $toolchain"
    echo "fortran compiler: $("${FC:-gfortran}" --version | head -n 1)"
    echo "target flags: $GC_MARCH_FLAGS"
    echo "mpi: $GC_MPI"
} > "$build_info"

# One build tree for all mechanisms of a model: each mechanism reconfigures it, so what does not depend on the
# mechanism (HEMCO, Cloud-J, HETP) is compiled once. -U drops the previous mechanism's switches first. An interrupted
# native build resumes in the same tree (make is incremental; the offline source keeps its archive's timestamps).
build_dir="$build_root/build-$executable_name"
build() { # build <name of the executable> [cmake options...]
    local name="$1"
    shift
    local started seconds
    started="$(date +%s)"
    echo "##[gc-build] configuring $name ($*)"
    cmake -S "$source_dir" -B "$build_dir" -U MECH -U FASTJX -DCMAKE_BUILD_TYPE=Release -DRUNDIR="" \
        -DCMAKE_Fortran_FLAGS="${GC_MARCH_FLAGS}" -DCMAKE_C_FLAGS="${GC_MARCH_FLAGS}" -DCMAKE_CXX_FLAGS="${GC_MARCH_FLAGS}" \
        "${extra_flags[@]}" "$@" > "$build_root/build-$name.configure.log" 2>&1 || { tail -n 40 "$build_root/build-$name.configure.log" >&2; exit 1; }
    local option
    for option in "$@"; do # the tree is shared: prove this mechanism's switches took
        if ! grep -q -E "^${option#-D}$" <(sed -E 's/^([A-Za-z_]+):[A-Z]+=/\1=/' "$build_dir/CMakeCache.txt"); then
            echo "build-geoschem: $option is not in the CMake cache of $build_dir" >&2
            exit 1
        fi
    done
    echo "##[gc-build] compiling $name with $jobs jobs"
    cmake --build "$build_dir" --target "$executable_name" --parallel "$jobs" -- VERBOSE=1 > "$build_root/build-$name.compile.log" 2>&1 ||
        { tail -n 60 "$build_root/build-$name.compile.log" >&2; exit 1; }
    local built
    built="$(find "$build_dir" -type f -name "$executable_name" -perm -u+x | head -n 1)"
    [ -n "$built" ] || { echo "build-geoschem: no $executable_name executable in $build_dir" >&2; exit 1; }
    install -D -m 0755 "$built" "$install_dir/bin/$name"
    seconds=$(($(date +%s) - started))
    # The code-generation flags one file of the science codebase was really compiled with, in command-line order
    # (the last -march wins): proof that GEOS-Chem's own flags do not replace the portable target.
    local flags
    flags="$(grep -m 1 -E '(gfortran|ifort|mpifort).* -c .*GeosCore/' "$build_root/build-$name.compile.log" | grep -o -E ' -(march|mtune|mcmodel|O)[^ ]*' | tr -d '\n' || true)"
    echo "$name: cmake $* | ${seconds}s on $jobs jobs | $(stat -c %s "$install_dir/bin/$name") bytes | compile flags:$flags" >> "$build_info"
}

for mechanism in $mechanisms; do
    read -r -a options <<< "$(cmake_options_for "$mechanism")"
    build "$(executable_for "$mechanism")" "${options[@]}"
done
rm -rf "$build_dir"
# createRunDir.sh (New-GcRunDirectory) and the templates of the same release. createRunDir.sh finds the science
# codebase and the wrapper by walking up from its own folder, so both run/ folders keep their places under
# <install>/<model>: <model>/run (the wrapper's run-script samples) and <model>/<science dir>/run.
rm -rf "${install_dir:?}/$model"
mkdir -p "$install_dir/$model/$science_dir"
cp -r "$source_dir/run" "$install_dir/$model/run"
cp -r "$source_dir/$science_dir/run" "$install_dir/$model/$science_dir/run"
echo "create-run-directory: $model/$science_dir/run/$model/createRunDir.sh" >> "$build_info"
echo "##[gc-build] installed $(find "$install_dir/bin" -type f -printf '%f ')"
cat "$build_info"
