#!/usr/bin/env bash
# The runtime stage's system packages: compiler runtimes, libfabric for MPI over EFA, Python for download_data.py,
# and the AWS CLI v2 for S3 transfers; then an unprivileged user to run GEOS-Chem as.
# Usage: install-runtime.sh <model: GCClassic|GCHP>
set -euo pipefail

model="$1"
dnf -y install epel-release
dnf -y install libgfortran libgomp libquadmath libcurl zlib expat libxml2 python3 python3-pyyaml unzip procps-ng findutils which
if [ "$model" = "GCHP" ]; then
    dnf -y install libfabric hwloc-libs
fi
work="$(mktemp -d)"
curl --fail --location --retry 5 --silent --show-error "https://awscli.amazonaws.com/awscli-exe-linux-$(uname -m).zip" -o "$work/awscli.zip"
unzip -q "$work/awscli.zip" -d "$work"
"$work/aws/install" --bin-dir /usr/local/bin --install-dir /usr/local/aws-cli
rm -rf "$work"
useradd --create-home --uid 1000 geoschem
mkdir -p /work && chown geoschem:geoschem /work
dnf clean all
rm -rf /var/cache/dnf
