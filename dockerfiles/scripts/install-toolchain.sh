#!/usr/bin/env bash
# Installs the compilers for one image variant on Rocky Linux 9 (from its own signed repositories), and writes
# /etc/geoschem/toolchain.env, which every later build step sources: CC, CXX, FC and the portable -march flags.
# Intel compilers and Intel MPI are not offered: see docs/geoschem-image-matrix.md.
# Usage: install-toolchain.sh <compiler: gnu12|gnu13|gnu14> <mpi: none|openmpi4|mpich> <march>
set -euo pipefail

compiler="$1"
mpi="$2"
march="$3"
env_file=/etc/geoschem/toolchain.env
mkdir -p /etc/geoschem

case "$compiler" in
    gnu1[234]) version="${compiler#gnu}" ;;
    *) echo "install-toolchain: unknown compiler '$compiler' (gnu12, gnu13 or gnu14)" >&2; exit 2 ;;
esac
case "$mpi" in
    none|openmpi4|mpich) ;;
    *) echo "install-toolchain: unknown MPI '$mpi' (none, openmpi4 or mpich)" >&2; exit 2 ;;
esac

dnf -y install dnf-plugins-core epel-release
dnf config-manager --set-enabled crb
dnf -y install git make m4 perl diffutils file which findutils bzip2 xz tar gzip unzip curl-minimal \
    zlib-devel libcurl-devel libxml2-devel expat-devel flex bison python3 python3-pyyaml \
    "gcc-toolset-${version}-gcc" "gcc-toolset-${version}-gcc-c++" "gcc-toolset-${version}-gcc-gfortran"
{
    echo "source /opt/rh/gcc-toolset-${version}/enable"
    echo "export CC=gcc CXX=g++ FC=gfortran F77=gfortran"
    echo "export GC_COMPILER_ID=GNU"
    # Portable code generation: never the build host's own CPU, so the image runs on every instance type of its architecture.
    echo "export GC_MARCH_FLAGS='-march=${march}'"
    echo "export GC_MPI=${mpi}"
} > "$env_file"
dnf clean all
rm -rf /var/cache/dnf
