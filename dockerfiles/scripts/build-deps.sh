#!/usr/bin/env bash
# Builds the libraries GEOS-Chem links against, with the variant's compiler, into /opt/deps:
# HDF5 and netCDF-C/Fortran always; OpenMPI or MPICH for GCHP (Intel MPI comes with oneAPI); UDUNITS2 and ESMF for GCHP.
# Versions come from variants.json through the Dockerfile's build arguments.
# Usage: build-deps.sh <model: GCClassic|GCHP>
set -euo pipefail

model="$1"
prefix=/opt/deps
jobs="$(nproc)"
# shellcheck source=/dev/null
source /etc/geoschem/toolchain.env
export PATH="$prefix/bin:$PATH" LD_LIBRARY_PATH="$prefix/lib:${LD_LIBRARY_PATH:-}"
export CFLAGS="-O2 -fPIC ${GC_MARCH_FLAGS}" CXXFLAGS="-O2 -fPIC ${GC_MARCH_FLAGS}" FCFLAGS="-O2 -fPIC ${GC_MARCH_FLAGS}" FFLAGS="-O2 -fPIC ${GC_MARCH_FLAGS}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch() { # fetch <url> <directory to unpack into>
    echo "##[gc-build] fetching $1"
    curl --fail --location --retry 5 --silent --show-error "$1" | tar -xz -C "$2" --strip-components=1
}

build_autotools() { # build_autotools <name> <url> [configure options...]
    local name="$1" url="$2"
    shift 2
    mkdir -p "$work/$name"
    fetch "$url" "$work/$name"
    (cd "$work/$name" && ./configure --prefix="$prefix" "$@" && make -j "$jobs" && make install)
}

if [ "$model" = "GCHP" ]; then
    # libfabric carries the EFA provider, so MPI can use EFA on instances that have it (and TCP elsewhere).
    dnf -y install libfabric-devel
    case "$GC_MPI" in
        openmpi4)
            build_autotools openmpi "https://download.open-mpi.org/release/open-mpi/v${OPENMPI_VERSION%.*}/openmpi-${OPENMPI_VERSION}.tar.gz" \
                --enable-shared --with-ofi=/usr --with-pmix=internal --with-hwloc=internal --with-libevent=internal
            ;;
        mpich)
            build_autotools mpich "https://www.mpich.org/static/downloads/${MPICH_VERSION}/mpich-${MPICH_VERSION}.tar.gz" \
                --enable-shared --with-device=ch4:ofi --enable-fortran=all FFLAGS="$FFLAGS -fallow-argument-mismatch" FCFLAGS="$FCFLAGS -fallow-argument-mismatch"
            ;;
        intelmpi)
            echo "##[gc-build] Intel MPI comes with oneAPI"
            ;;
        *)
            echo "build-deps: GCHP needs an MPI, not '$GC_MPI'" >&2
            exit 2
            ;;
    esac
    export CC=mpicc CXX=mpicxx FC=mpifort
    if [ "$GC_MPI" = "intelmpi" ]; then export CC=mpiicx CXX=mpiicpx FC=mpiifort; fi
fi

hdf5_series="${HDF5_VERSION%.*}"
build_autotools hdf5 "https://support.hdfgroup.org/releases/hdf5/v${hdf5_series//./_}/v${HDF5_VERSION//./_}/downloads/hdf5-${HDF5_VERSION}.tar.gz" \
    --enable-shared --enable-hl --enable-fortran --with-zlib --enable-threadsafe --enable-unsupported
build_autotools netcdf-c "https://github.com/Unidata/netcdf-c/archive/refs/tags/v${NETCDF_C_VERSION}.tar.gz" \
    --enable-shared --enable-netcdf-4 --disable-dap --disable-byterange --disable-libxml2 CPPFLAGS="-I$prefix/include" LDFLAGS="-L$prefix/lib"
build_autotools netcdf-fortran "https://github.com/Unidata/netcdf-fortran/archive/refs/tags/v${NETCDF_FORTRAN_VERSION}.tar.gz" \
    --enable-shared CPPFLAGS="-I$prefix/include" LDFLAGS="-L$prefix/lib"

if [ "$model" = "GCHP" ]; then
    build_autotools udunits "https://downloads.unidata.ucar.edu/udunits/${UDUNITS_VERSION}/udunits-${UDUNITS_VERSION}.tar.gz"
    mkdir -p "$work/esmf"
    fetch "https://github.com/esmf-org/esmf/archive/refs/tags/v${ESMF_VERSION}.tar.gz" "$work/esmf"
    esmf_compiler=gfortran
    esmf_comm=openmpi
    if [ "$GC_COMPILER_ID" = "Intel" ]; then esmf_compiler=intel; fi
    case "$GC_MPI" in mpich) esmf_comm=mpich ;; intelmpi) esmf_comm=intelmpi ;; esac
    (
        cd "$work/esmf"
        export ESMF_DIR="$work/esmf" ESMF_INSTALL_PREFIX="$prefix" ESMF_COMPILER="$esmf_compiler" ESMF_COMM="$esmf_comm"
        export ESMF_NETCDF=nc-config ESMF_NETCDF_INCLUDE="$prefix/include" ESMF_NETCDF_LIBPATH="$prefix/lib" ESMF_BOPT=O ESMF_PIO=OFF
        export ESMF_INSTALL_LIBDIR="$prefix/lib" ESMF_INSTALL_MODDIR="$prefix/include" ESMF_INSTALL_HEADERDIR="$prefix/include" ESMF_INSTALL_BINDIR="$prefix/bin"
        # GCC 10+ rejects ESMF's argument mismatches without these (GCHP documentation).
        if [ "$GC_COMPILER_ID" = "GNU" ]; then export ESMF_F90COMPILEOPTS="-fallow-argument-mismatch -fallow-invalid-boz"; fi
        make -j "$jobs" && make install
    )
fi
echo "##[gc-build] libraries installed in $prefix"
