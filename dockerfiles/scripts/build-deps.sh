#!/usr/bin/env bash
# Builds the libraries GEOS-Chem links against, with the variant's compiler, into /opt/deps: HDF5 and netCDF-C/Fortran
# always; OpenMPI or MPICH, UDUNITS2 and ESMF for GCHP. Every archive comes through fetch-pinned.sh (SHA-256 checked
# before it is unpacked; offline from GC_OFFLINE_SOURCES). Versions come from variants.json through the Dockerfile's
# build arguments. netCDF-C's archive is a git tag archive without configure, so it is built with CMake.
# Usage: build-deps.sh <model: GCClassic|GCHP>
set -euo pipefail

model="$1"
prefix="${GC_DEPS_PREFIX:-/opt/deps}"
jobs="$(nproc)"
# shellcheck source=fetch-pinned.sh
source "$(dirname "${BASH_SOURCE[0]}")/fetch-pinned.sh"
# shellcheck source=/dev/null
source "${GC_TOOLCHAIN_ENV:-/etc/geoschem/toolchain.env}"
export PATH="$prefix/bin:$PATH" LD_LIBRARY_PATH="$prefix/lib:${LD_LIBRARY_PATH:-}"
export CFLAGS="-O2 -fPIC ${GC_MARCH_FLAGS}" CXXFLAGS="-O2 -fPIC ${GC_MARCH_FLAGS}" FCFLAGS="-O2 -fPIC ${GC_MARCH_FLAGS}" FFLAGS="-O2 -fPIC ${GC_MARCH_FLAGS}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

build_autotools() { # build_autotools <name> <version> [configure options...]
    local name="$1" version="$2"
    shift 2
    fetch_pinned_source "$name" "$version" "$work/$name"
    (cd "$work/$name" && ./configure --prefix="$prefix" "$@" && make -j "$jobs" && make install)
}

if [ "$model" = "GCHP" ]; then
    # libfabric carries the EFA provider, so MPI can use EFA on instances that have it (and TCP elsewhere).
    dnf -y install libfabric-devel
    case "$GC_MPI" in
        openmpi4)
            build_autotools openmpi "$OPENMPI_VERSION" \
                --enable-shared --with-ofi=/usr --with-pmix=internal --with-hwloc=internal --with-libevent=internal
            ;;
        mpich)
            build_autotools mpich "$MPICH_VERSION" \
                --enable-shared --with-device=ch4:ofi --enable-fortran=all FFLAGS="$FFLAGS -fallow-argument-mismatch" FCFLAGS="$FCFLAGS -fallow-argument-mismatch"
            ;;
        *)
            echo "build-deps: GCHP needs openmpi4 or mpich, not '$GC_MPI'" >&2
            exit 2
            ;;
    esac
    export CC=mpicc CXX=mpicxx FC=mpifort
fi

build_autotools hdf5 "$HDF5_VERSION" --enable-shared --enable-hl --enable-fortran --with-zlib --enable-threadsafe --enable-unsupported
fetch_pinned_source netcdf-c "$NETCDF_C_VERSION" "$work/netcdf-c"
cmake -S "$work/netcdf-c" -B "$work/netcdf-c/build" -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON -DENABLE_NETCDF_4=ON -DENABLE_DAP=OFF -DENABLE_BYTERANGE=OFF \
    -DENABLE_TESTS=OFF -DENABLE_LIBXML2=OFF
cmake --build "$work/netcdf-c/build" --parallel "$jobs" --target install
build_autotools netcdf-fortran "$NETCDF_FORTRAN_VERSION" --enable-shared CPPFLAGS="-I$prefix/include" LDFLAGS="-L$prefix/lib"

if [ "$model" = "GCHP" ]; then
    build_autotools udunits "$UDUNITS_VERSION"
    fetch_pinned_source esmf "$ESMF_VERSION" "$work/esmf"
    esmf_comm=openmpi
    if [ "$GC_MPI" = "mpich" ]; then esmf_comm=mpich; fi
    (
        cd "$work/esmf"
        export ESMF_DIR="$work/esmf" ESMF_INSTALL_PREFIX="$prefix" ESMF_COMPILER=gfortran ESMF_COMM="$esmf_comm"
        export ESMF_NETCDF=nc-config ESMF_NETCDF_INCLUDE="$prefix/include" ESMF_NETCDF_LIBPATH="$prefix/lib" ESMF_BOPT=O ESMF_PIO=OFF
        export ESMF_INSTALL_LIBDIR="$prefix/lib" ESMF_INSTALL_MODDIR="$prefix/include" ESMF_INSTALL_HEADERDIR="$prefix/include" ESMF_INSTALL_BINDIR="$prefix/bin"
        # GCC 10+ rejects ESMF's argument mismatches without these (GCHP documentation).
        export ESMF_F90COMPILEOPTS="-fallow-argument-mismatch -fallow-invalid-boz"
        make -j "$jobs" && make install
    )
fi
echo "##[gc-build] libraries installed in $prefix"
