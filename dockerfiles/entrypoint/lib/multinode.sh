#!/usr/bin/env bash
# Multi-node GCHP on AWS Batch (docs/checkpoint-restart-contract.md, section 5): the nodes meet through a per-job,
# per-attempt S3 prefix. The main node publishes a fresh SSH key; every node starts sshd on port 2022 with it and
# publishes its address. Without a shared file system every node then prepares the same run directory at the same path
# and stages the input its ranks read (MAPL reads each ExtData file once per node, and writes each History collection
# from one node, chosen round-robin), and reports "ready", or "failed" with the reason. The main node launches mpirun
# only when every node is ready, tells the others when the run has ended, and succeeds only when every node has
# uploaded the output it holds.

mpi_meeting_prefix() { s3_join "${GC_OUTPUT_PREFIX:-$GC_RESTART_PREFIX}" ".mpi/${AWS_BATCH_JOB_ID%%#*}/attempt${AWS_BATCH_JOB_ATTEMPT:-1}/"; }

node_index() { echo "${AWS_BATCH_JOB_NODE_INDEX:-0}"; }

is_main_node() { [ "${AWS_BATCH_JOB_NODE_INDEX:-0}" = "${AWS_BATCH_JOB_MAIN_NODE_INDEX:-0}" ]; }

# my_address: this node's address on the instance's network, not the 169.254.172.x task-metadata interface (ecs-eth0)
# that awsvpc networking, which Batch uses for multi-node jobs, also gives the container.
my_address() { hostname -I | tr ' ' '\n' | grep -v -e '^169\.254\.' -e '^$' | head -n 1; }

# mpi_prefix: where OpenMPI is installed (mpirun's directory's parent), for the daemons started on the other nodes.
mpi_prefix() { dirname "$(dirname "$(command -v mpirun)")"; }

# forwarded_variables: "-x" and NAME (one a line) for each variable the ranks on other nodes need (sshd starts them with a fresh
# environment): the search paths, OpenMP's settings and libfabric's (EFA).
forwarded_variables() {
    local name
    for name in PATH LD_LIBRARY_PATH OMP_NUM_THREADS OMP_STACKSIZE $(env | sed -n 's/^\(FI_[A-Za-z0-9_]*\)=.*/\1/p'); do
        if [ -n "${!name+set}" ]; then printf -- '-x\n%s\n' "$name"; fi
    done
}

# How often a node looks at the meeting prefix.
node_poll_seconds() { echo "${GC_NODE_POLL_SECONDS:-5}"; }

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
    "${GC_SSHD:-/usr/sbin/sshd}" -f "$dir/sshd_config"
}

# stop_sshd: the SSH server this node started, so that nothing is left running when the entrypoint ends.
stop_sshd() {
    local pidfile="$HOME/.ssh-node/sshd.pid"
    if [ -f "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; rm -f "$pidfile"; fi
}

# wait_for <s3 key> <seconds>: waits until the object exists.
wait_for() {
    local key="$1" deadline=$(( $(date +%s) + $2 ))
    until aws s3 ls "$key" > /dev/null 2>&1; do
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep "$(node_poll_seconds)"
    done
}

# publish <name> <text>: one small object under the meeting prefix.
publish() { printf '%s\n' "$2" | aws s3 cp --only-show-errors - "$(mpi_meeting_prefix)$1"; }

# join_nodes: run on every node before it prepares anything: the SSH key, sshd, and this node's address.
join_nodes() {
    local meeting node
    meeting="$(mpi_meeting_prefix)"
    node="$(node_index)"
    mkdir -p "$HOME/.ssh"
    if is_main_node; then
        [ -f "$HOME/.ssh/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$HOME/.ssh/id_ed25519"
        aws s3 cp --only-show-errors "$HOME/.ssh/id_ed25519.pub" "${meeting}authorized_keys"
    else
        wait_for "${meeting}authorized_keys" "${GC_NODE_JOIN_SECONDS:-600}" || fail 3 "the main node did not publish its key within ${GC_NODE_JOIN_SECONDS:-600} s"
    fi
    aws s3 cp --only-show-errors "${meeting}authorized_keys" "$HOME/.ssh/authorized_keys"
    chmod 600 "$HOME/.ssh/authorized_keys"
    start_sshd
    publish "hosts/$node" "$(my_address)"
    log "node $node of ${AWS_BATCH_JOB_NUM_NODES:-1} joined at $(my_address)$(is_main_node && echo ' (main node)')"
}

# single_checkpoint_writer <run dir>: checkpoints must be written whole by rank 0, which runs on the main node (the
# first host of the host file): MAPL writes a checkpoint from the ranks that are 0 modulo ranks/NUM_WRITERS, and through
# the o-server's round-robin writer with WRITE_RESTART_BY_OSERVER: YES, so either spreads one file over several nodes.
single_checkpoint_writer() {
    local rc="$1/GCHP.rc" writers by_oserver
    writers="$(sed -nE 's/^NUM_WRITERS:[[:space:]]*([0-9]+).*/\1/p' "$rc" | head -n 1)"
    by_oserver="$(sed -nE 's/^WRITE_RESTART_BY_OSERVER:[[:space:]]*([A-Za-z]+).*/\1/p' "$rc" | head -n 1 | tr '[:lower:]' '[:upper:]')"
    if [ "${writers:-1}" != 1 ] || [ "${by_oserver:-NO}" = YES ]; then
        fail 2 "a multi-node job without a shared file system needs GCHP.rc NUM_WRITERS: 1 and WRITE_RESTART_BY_OSERVER: NO (found ${writers:-1} and ${by_oserver:-NO}), so that rank 0 on the main node writes each checkpoint whole; change GCHP.rc and publish the run directory again"
    fi
}

# node_failed <code> <message>: a node other than the main one tells the main node it cannot take part, so the job
# fails at once instead of waiting for it. Run from the worker's EXIT trap.
node_failed() { publish "failed/$(node_index)" "$1 $2" || true; }

# node_ready: this node's run directory and input are in place.
node_ready() {
    publish "ready/$(node_index)" "$(my_address)" || fail 3 "could not report ready to the main node"
    node_state=ready
    log "node $(node_index) is ready: run directory prepared and input staged"
}

# count_markers <name>: how many objects are under <meeting prefix><name>/.
count_markers() { { aws s3 ls "$(mpi_meeting_prefix)$1/" 2>/dev/null || true; } | awk 'NF >= 4' | wc -l; }

# first_failure: "<node> <code> <message>" of a node that reported a failure, if any.
first_failure() {
    local meeting name
    meeting="$(mpi_meeting_prefix)"
    name="$({ aws s3 ls "${meeting}failed/" 2>/dev/null || true; } | awk 'NF >= 4 { print $4; exit }')"
    [ -n "$name" ] || return 0
    echo "$name $(aws s3 cp --only-show-errors "${meeting}failed/$name" - 2>/dev/null || echo '1 (no reason given)')"
}

# wait_for_nodes: on the main node, until every other node is ready (then writes GC_MPI_HOSTFILE, the main node first,
# so that rank 0, which reads the restart and writes checkpoints, is here); fails at once when a node reports a failure
# (with that node's exit code) and after GC_NODE_READY_SECONDS (default 3600) without all of them.
wait_for_nodes() {
    local nodes="${AWS_BATCH_JOB_NUM_NODES:-1}" main="${AWS_BATCH_JOB_MAIN_NODE_INDEX:-0}" seconds="${GC_NODE_READY_SECONDS:-3600}"
    local meeting ready=0 deadline=$(( $(date +%s) + seconds )) failure code index
    : "${GC_MPI_HOSTFILE:=/tmp/geoschem-mpi-hosts}"
    meeting="$(mpi_meeting_prefix)"
    while true; do
        failure="$(first_failure)"
        if [ -n "$failure" ]; then
            read -r index code _ <<< "$failure"
            [[ "$code" =~ ^[0-9]+$ ]] && [ "$code" -gt 0 ] || code=3
            fail "$code" "node $index could not prepare its run directory or input (exit $code): ${failure#* * }"
        fi
        ready="$(count_markers ready)"
        [ "$ready" -lt $((nodes - 1)) ] || break
        [ "$(date +%s)" -lt "$deadline" ] || fail 3 "only $ready of $((nodes - 1)) other nodes were ready within $seconds s (GC_NODE_READY_SECONDS)"
        sleep "$(node_poll_seconds)"
    done
    echo "$(my_address) slots=${GC_MPI_PROCS_PER_NODE}" > "$GC_MPI_HOSTFILE"
    for index in $(seq 0 $((nodes - 1))); do
        [ "$index" != "$main" ] || continue
        echo "$(aws s3 cp --only-show-errors "${meeting}ready/$index" -) slots=${GC_MPI_PROCS_PER_NODE}" >> "$GC_MPI_HOSTFILE"
    done
    log "all $nodes nodes ready: $(tr '\n' ' ' < "$GC_MPI_HOSTFILE")"
}

# on_node_exit: the EXIT trap of every node of a multi-node job. The main node releases the others if it has not (a
# failure before the run: they stop); another node that fails while preparing tells the main node why.
node_state=preparing
on_node_exit() {
    local code=$?
    if is_main_node; then
        release_nodes aborted
    elif [ "$node_state" = preparing ] && [ "$code" -ne 0 ]; then
        node_failed "$code" "${failure_message:-exited with code $code}"
    fi
    stop_sshd
}

# release_nodes <ran|aborted>: on the main node, once: the other nodes upload what they wrote (ran) or just stop.
nodes_released=""
release_nodes() {
    [ -z "$nodes_released" ] || return 0
    nodes_released="$1"
    publish "done" "$1" || log "warning: could not tell the other nodes that the run has ended"
}

# serve_until_done <run dir> <output prefix>: a node other than the main one, once ready: keeps its OutputDir (the History
# collections MAPL's o-server has this node write) synced until the main node says the run has ended, then uploads what
# is left, reports "<ok|failed>" and the names it holds, and exits.
serve_until_done() {
    local rundir="$1" output="$2" meeting synced status try list
    meeting="$(mpi_meeting_prefix)"
    synced="$(date +%s)"
    # Batch stops this node when the main node ends (or Spot reclaims this instance): save what this node wrote first.
    trap 'log "node $(node_index): SIGTERM; saving the output this node wrote"; sync_finished_files "$rundir/OutputDir" "$output" final || true; exit 143' TERM
    log "node $(node_index) waiting for the run on the main node to end"
    until aws s3 ls "${meeting}done" > /dev/null 2>&1; do
        sleep "$(node_poll_seconds)"
        if [ $(( $(date +%s) - synced )) -ge "${GC_RESTART_SYNC_SECONDS:-900}" ]; then
            sync_finished_files "$rundir/OutputDir" "$output" || true
            synced="$(date +%s)"
        fi
    done
    if [ "$(aws s3 cp --only-show-errors "${meeting}done" - 2>/dev/null)" != ran ]; then
        log "node $(node_index): the main node stopped before the run, so there is nothing to upload"
        exit 0
    fi
    status=failed
    for try in 1 2 3; do
        if sync_finished_files "$rundir/OutputDir" "$output" final; then status=ok; break; fi
        log "warning: the upload from node $(node_index) (try $try of 3) left files behind"
        sleep "${GC_UPLOAD_RETRY_SECONDS:-10}"
    done
    list="$(find "$rundir/OutputDir" -maxdepth 1 -type f ! -name '.uploaded*' -printf '%f\n' | sort)"
    publish "uploaded/$(node_index)" "$status${list:+
$list}"
    log "node $(node_index) uploaded $(printf '%s' "$list" | grep -c . || true) output file(s): $status"
    [ "$status" = ok ] || exit 4
    exit 0
}

# collect_node_uploads <run dir>: on the main node after its own final upload: waits (GC_NODE_UPLOAD_SECONDS, default
# 3600) until every other node has reported its upload; fails when one did not report, could not upload, or holds a
# file with the same name as another node's (a History file written in parts on several nodes, which only a shared
# file system keeps whole).
collect_node_uploads() {
    local rundir="$1" nodes="${AWS_BATCH_JOB_NUM_NODES:-1}" main="${AWS_BATCH_JOB_MAIN_NODE_INDEX:-0}" seconds="${GC_NODE_UPLOAD_SECONDS:-3600}"
    local meeting deadline=$(( $(date +%s) + seconds )) index report names duplicates ok=0
    meeting="$(mpi_meeting_prefix)"
    until [ "$(count_markers uploaded)" -ge $((nodes - 1)) ]; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            log "error: only $(count_markers uploaded) of $((nodes - 1)) other nodes reported their output uploaded within $seconds s"
            return 1
        fi
        sleep "$(node_poll_seconds)"
    done
    names="$(mktemp)"
    find "$rundir/OutputDir" -maxdepth 1 -type f ! -name '.uploaded*' -printf '%f\n' > "$names"
    for index in $(seq 0 $((nodes - 1))); do
        [ "$index" != "$main" ] || continue
        report="$(aws s3 cp --only-show-errors "${meeting}uploaded/$index" - 2>/dev/null || echo failed)"
        if [ "$(head -n 1 <<< "$report")" != ok ]; then log "error: node $index could not upload its output"; ok=1; fi
        tail -n +2 <<< "$report" | grep . >> "$names" || true
    done
    duplicates="$(sort "$names" | awk 'seen[$0]++ == 1')"
    rm -f "$names"
    if [ -n "$duplicates" ]; then
        log "error: output written in parts on several nodes (the MAPL o-server chose another node for a later write of the same History file): $(tr '\n' ' ' <<< "$duplicates")"
        log "    without a shared file system give each collection a duration equal to its frequency (Diag_Duration in setCommonRunSettings.sh), or run on one node"
        ok=1
    fi
    if [ "$ok" -eq 0 ]; then log "output of every node uploaded ($((nodes - 1)) other node(s))"; fi
    return "$ok"
}

# mpi_environment: OpenMPI settings for a container, as GEOS-Chem's own AWS run script sets them
# (run/GCHP/runScriptSamples/operational_examples/aws_pcluster/gchp.run): shared memory (vader) within a node and TCP
# between nodes, never over Docker's bridge or loopback; with EFA, libfabric's efa provider without its shared-memory
# transfer. Single-copy (CMA) shared memory needs ptrace rights a container lacks, so it is turned off (OpenMPI's
# advice for Docker, open-mpi/ompi#4948). Values already in the environment win.
mpi_environment() {
    export OMPI_MCA_btl="${OMPI_MCA_btl:-vader,tcp,self}"
    # ecs-eth0: the task-metadata link awsvpc networking adds (AWS's Batch MPI samples exclude it too).
    export OMPI_MCA_btl_tcp_if_exclude="${OMPI_MCA_btl_tcp_if_exclude:-lo,docker0,virbr0,ecs-eth0}"
    export OMPI_MCA_oob_tcp_if_exclude="${OMPI_MCA_oob_tcp_if_exclude:-lo,docker0,virbr0,ecs-eth0}"
    export OMPI_MCA_btl_vader_single_copy_mechanism="${OMPI_MCA_btl_vader_single_copy_mechanism:-none}"
    export OMPI_ALLOW_RUN_AS_ROOT="${OMPI_ALLOW_RUN_AS_ROOT:-1}" OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}"
    if [ "${GC_EFA:-0}" = "1" ]; then
        export FI_PROVIDER=efa
        export FI_EFA_ENABLE_SHM_TRANSFER="${FI_EFA_ENABLE_SHM_TRANSFER:-0}"
        export OMPI_MCA_mtl_ofi_provider_exclude="${OMPI_MCA_mtl_ofi_provider_exclude:-shm}"
        export FI_EFA_RDM_NUM_RX_PKTS="${FI_EFA_RDM_NUM_RX_PKTS:-16384}" FI_EFA_RDM_NUM_TX_PKTS="${FI_EFA_RDM_NUM_TX_PKTS:-16384}"
    fi
}
