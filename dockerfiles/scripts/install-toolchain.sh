#!/usr/bin/env bash
# Installs the compilers (and Intel MPI) for one image variant on Rocky Linux 9, and writes /etc/geoschem/toolchain.env,
# which every later build step sources: CC, CXX, FC, MPI wrappers and the portable -march flags.
# Usage: install-toolchain.sh <compiler: gnu12|gnu13|gnu14|intel2024> <mpi: none|openmpi4|mpich|intelmpi> <march> <intel-oneapi-version>
set -euo pipefail

compiler="$1"
mpi="$2"
march="$3"
oneapi="${4:-2024.2}"
env_file=/etc/geoschem/toolchain.env
mkdir -p /etc/geoschem

dnf -y install dnf-plugins-core epel-release
dnf config-manager --set-enabled crb
dnf -y install git make m4 perl diffutils file which findutils bzip2 xz tar gzip unzip curl-minimal \
    zlib-devel libcurl-devel libxml2-devel expat-devel flex bison python3 python3-pyyaml

case "$compiler" in
    gnu1[234])
        version="${compiler#gnu}"
        dnf -y install "gcc-toolset-${version}-gcc" "gcc-toolset-${version}-gcc-c++" "gcc-toolset-${version}-gcc-gfortran"
        {
            echo "source /opt/rh/gcc-toolset-${version}/enable"
            echo "export CC=gcc CXX=g++ FC=gfortran F77=gfortran"
            echo "export GC_COMPILER_ID=GNU"
        } > "$env_file"
        ;;
    intel2024)
        cat > /etc/yum.repos.d/oneAPI.repo <<'REPO'
[oneAPI]
name=Intel oneAPI
baseurl=https://yum.repos.intel.com/oneapi
enabled=1
gpgcheck=1
repo_gpgcheck=1
gpgkey=https://yum.repos.intel.com/intel-gpg-keys/GPG-PUB-KEY-INTEL-SW-PRODUCTS.PUB
REPO
        # ifort (the classic Fortran compiler GEOS-Chem's CMake accepts) last shipped in oneAPI 2024.2.
        dnf -y install "intel-oneapi-compiler-fortran-${oneapi}" "intel-oneapi-compiler-dpcpp-cpp-${oneapi}" gcc gcc-c++
        if [ "$mpi" = "intelmpi" ]; then
            dnf -y install intel-oneapi-mpi-devel
        fi
        {
            echo "source /opt/intel/oneapi/setvars.sh --force > /dev/null"
            echo "export CC=icx CXX=icpx FC=ifort F77=ifort"
            echo "export GC_COMPILER_ID=Intel"
            # GCHP with Intel MPI needs these collective algorithms (GCHP documentation).
            echo "export I_MPI_ADJUST_GATHERV=3 I_MPI_ADJUST_ALLREDUCE=12"
        } > "$env_file"
        ;;
    *)
        echo "install-toolchain: unknown compiler '$compiler'" >&2
        exit 2
        ;;
esac

# Portable code generation: never the build host's own CPU, so the image runs on every instance type of its architecture.
echo "export GC_MARCH_FLAGS='-march=${march}'" >> "$env_file"
echo "export GC_MPI=${mpi}" >> "$env_file"
dnf clean all
rm -rf /var/cache/dnf
