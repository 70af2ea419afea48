#!/usr/bin/env bash
# Multi-node GCHP on AWS Batch (docs/checkpoint-restart-contract.md, section 5): the nodes meet through a per-job S3
# prefix. The main node publishes a fresh SSH key; every node starts sshd on port 2022 with it and publishes its
# address; the main node writes the MPI host file once all have arrived and launches mpirun over SSH.

mpi_meeting_prefix() { s3_join "${GC_OUTPUT_PREFIX:-$GC_RESTART_PREFIX}" ".mpi/${AWS_BATCH_JOB_ID%%#*}/"; }

my_address() { hostname -I | awk '{ print $1 }'; }

start_sshd() {
    local dir="$HOME/.ssh-node"
    mkdir -p "$dir"
    [ -f "$dir/host_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/host_key"
    cat > "$dir/sshd_config" <<CONFIG
Port 2022
HostKey $dir/host_key
AuthorizedKeysFile $HOME/.ssh/authorized_keys
PasswordAuthentication no
PidFile $dir/sshd.pid
CONFIG
    /usr/sbin/sshd -f "$dir/sshd_config"
}

# wait_for <s3 key> <seconds>: waits until the object exists.
wait_for() {
    local key="$1" seconds="$2" waited=0
    until aws s3 ls "$key" > /dev/null 2>&1; do
        [ "$waited" -lt "$seconds" ] || return 1
        sleep 5
        waited=$((waited + 5))
    done
}

# join_nodes: run on every node. Prints nothing; on the main node, writes GC_MPI_HOSTFILE.
join_nodes() {
    local meeting node="${AWS_BATCH_JOB_NODE_INDEX:-0}" nodes="${AWS_BATCH_JOB_NUM_NODES:-1}" main="${AWS_BATCH_JOB_MAIN_NODE_INDEX:-0}"
    meeting="$(mpi_meeting_prefix)"
    mkdir -p "$HOME/.ssh"
    if [ "$node" = "$main" ]; then
        ssh-keygen -q -t ed25519 -N '' -f "$HOME/.ssh/id_ed25519"
        aws s3 cp --only-show-errors "$HOME/.ssh/id_ed25519.pub" "${meeting}authorized_keys"
    else
        wait_for "${meeting}authorized_keys" 600 || fail 3 "the main node did not publish its key within 10 minutes"
    fi
    aws s3 cp --only-show-errors "${meeting}authorized_keys" "$HOME/.ssh/authorized_keys"
    chmod 600 "$HOME/.ssh/authorized_keys"
    start_sshd
    my_address | aws s3 cp --only-show-errors - "${meeting}hosts/$node"
    if [ "$node" != "$main" ]; then
        log "node $node joined; waiting for the main node to finish"
        wait_for "${meeting}done" 864000 || true
        exit 0
    fi
    local arrived=0 waited=0
    while [ "$arrived" -lt "$nodes" ]; do
        arrived="$(aws s3 ls "${meeting}hosts/" 2>/dev/null | wc -l)"
        [ "$waited" -lt 600 ] || fail 3 "only $arrived of $nodes nodes joined within 10 minutes"
        sleep 5
        waited=$((waited + 5))
    done
    : > "$GC_MPI_HOSTFILE"
    for index in $(seq 0 $((nodes - 1))); do
        echo "$(aws s3 cp --only-show-errors "${meeting}hosts/$index" -) slots=${GC_MPI_PROCS_PER_NODE}" >> "$GC_MPI_HOSTFILE"
    done
    log "all $nodes nodes joined: $(tr '\n' ' ' < "$GC_MPI_HOSTFILE")"
}

# release_nodes: run on the main node when the model has ended, so the other nodes exit.
release_nodes() { echo "finished" | aws s3 cp --only-show-errors - "$(mpi_meeting_prefix)done" || true; }

# mpi_environment: OpenMPI settings for a container, as GEOS-Chem's own AWS run script sets them
# (run/GCHP/runScriptSamples/operational_examples/aws_pcluster/gchp.run): shared memory (vader) within a node and TCP
# between nodes, never over Docker's bridge or loopback; with EFA, libfabric's efa provider without its shared-memory
# transfer. Single-copy (CMA) shared memory needs ptrace rights a container lacks, so it is turned off (OpenMPI's
# advice for Docker, open-mpi/ompi#4948). Values already in the environment win.
mpi_environment() {
    export OMPI_MCA_btl="${OMPI_MCA_btl:-vader,tcp,self}"
    export OMPI_MCA_btl_tcp_if_exclude="${OMPI_MCA_btl_tcp_if_exclude:-lo,docker0,virbr0}"
    export OMPI_MCA_btl_vader_single_copy_mechanism="${OMPI_MCA_btl_vader_single_copy_mechanism:-none}"
    export OMPI_ALLOW_RUN_AS_ROOT="${OMPI_ALLOW_RUN_AS_ROOT:-1}" OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}"
    if [ "${GC_EFA:-0}" = "1" ]; then
        export FI_PROVIDER=efa
        export FI_EFA_ENABLE_SHM_TRANSFER="${FI_EFA_ENABLE_SHM_TRANSFER:-0}"
        export OMPI_MCA_mtl_ofi_provider_exclude="${OMPI_MCA_mtl_ofi_provider_exclude:-shm}"
        export FI_EFA_RDM_NUM_RX_PKTS="${FI_EFA_RDM_NUM_RX_PKTS:-16384}" FI_EFA_RDM_NUM_TX_PKTS="${FI_EFA_RDM_NUM_TX_PKTS:-16384}"
    fi
}
