#!/usr/bin/env bash
# The runtime stage's system packages: compiler runtimes, libfabric for MPI over EFA, Python for download_data.py, and,
# for GCHP, the multi-node launcher's pieces (an SSH server and client: the entrypoint starts sshd on each Batch node
# and mpirun reaches the nodes over SSH); then the AWS CLI v2 for S3 transfers (a versioned installer whose PGP signature
# must verify with AWS's key, pinned by fingerprint: see pinned-downloads.tsv and keys/README.md) and an unprivileged user
# to run GEOS-Chem as. gpg comes with the Rocky Linux base image (dnf verifies package signatures with it).
# Usage: install-runtime.sh <model: GCClassic|GCHP> <aws cli version>
set -euo pipefail

model="$1"
awscli_version="$2"
# shellcheck source=fetch-pinned.sh
source "$(dirname "${BASH_SOURCE[0]}")/fetch-pinned.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Fail before installing anything when the AWS CLI's signature does not verify.
fetch_pinned awscli "$awscli_version" "$work/awscli.zip"

dnf -y install epel-release
dnf -y install libgfortran libgomp libquadmath libcurl zlib expat libxml2 python3 python3-pyyaml unzip procps-ng \
    findutils which gawk sed grep tar gzip diffutils hostname
if [ "$model" = "GCHP" ]; then
    dnf -y install libfabric hwloc-libs openssh openssh-server openssh-clients
fi
unzip -q "$work/awscli.zip" -d "$work"
"$work/aws/install" --bin-dir /usr/local/bin --install-dir /usr/local/aws-cli
installed="$(/usr/local/bin/aws --version 2>&1)"
case "$installed" in
    "aws-cli/$awscli_version "*) ;;
    *) echo "install-runtime: expected AWS CLI $awscli_version, got: $installed" >&2; exit 5 ;;
esac
useradd --create-home --uid 1000 geoschem
mkdir -p /work && chown geoschem:geoschem /work
dnf clean all
rm -rf /var/cache/dnf
