#!/usr/bin/env bash
# The GEOS-Chem container's entrypoint on AWS Batch. It implements docs/checkpoint-restart-contract.md:
#   fetch the run directory from S3 (an array child its own), make it runnable here (data root rewritten, data links
#   made again, the simulation's executable, daily restarts, GCHP cores and duration from the job), resume from the
#   newest restart under GC_RESTART_PREFIX (if any), stage missing input data (GCClassic: the dry run's list; GCHP:
#   the .gc-inputs list Publish-GcRunDirectory wrote; several files at a time), run the model with an unlimited stack,
#   sync restarts and output to S3 while it runs, at a Spot interruption notice and on SIGTERM, write a timing summary,
#   and exit so the retry strategy can tell a Spot reclaim or a stop (143) from a model error (the model's code) or
#   results that could not be saved (4) or listed input data
#   the public bucket does not have (6).
set -euo pipefail

here="$(dirname "$(readlink -f "$0")")"
# shellcheck source=lib/common.sh
source "$here/lib/common.sh"
# shellcheck source=lib/restart.sh
source "$here/lib/restart.sh"
# shellcheck source=lib/data.sh
source "$here/lib/data.sh"
# shellcheck source=lib/multinode.sh
source "$here/lib/multinode.sh"
# shellcheck source=lib/rundir.sh
source "$here/lib/rundir.sh"
# shellcheck source=lib/spot.sh
source "$here/lib/spot.sh"

GC_MODEL="${GC_MODEL:-GCClassic}"
work="${GC_WORK_DIR:-/work}"
bin_dir="${GC_BIN_DIR:-/opt/geoschem/bin}"
rundir="$work/rundir"
sync_seconds="${GC_RESTART_SYNC_SECONDS:-900}"
attempt="${AWS_BATCH_JOB_ATTEMPT:-1}"
restart_frequency="${GC_RESTART_FREQUENCY:-00000001 000000}"
model_pid=""
syncer_pid=""
spot_pid=""
started_at="$(date -u +%s)"
resumed_from=""

instance_type() { # from IMDSv2; "unknown" off EC2 or when the answer is not an instance type
    local type
    type="$(imds_get instance-type || true)"
    if [[ "$type" =~ ^[a-z0-9-]+\.[a-z0-9-]+$ ]]; then echo "$type"; else echo unknown; fi
}

# "YYYYMMDD hhmmss" (the contract's form) to YYYYMMDDhhmm.
compact_time() { local t="${1//[^0-9]/}"; echo "${t:0:12}"; }

config_time() { # config_time <start_date|end_date>: from geoschem_config.yml, as YYYYMMDDhhmm
    grep -m 1 -E "^[[:space:]]*$1:" "$rundir/geoschem_config.yml" | grep -oE '[0-9]+' | tr -d '\n' | cut -c1-12
}

sync_out() { # sync_out [final]: fails when a file could not be uploaded
    local failed=0
    if [ -n "${GC_RESTART_PREFIX:-}" ]; then sync_finished_files "$rundir/Restarts" "$GC_RESTART_PREFIX" "${1:-}" || failed=1; fi
    if [ -n "${GC_OUTPUT_PREFIX:-}" ]; then sync_finished_files "$rundir/OutputDir" "$(s3_join "$GC_OUTPUT_PREFIX" OutputDir/)" "${1:-}" || failed=1; fi
    return "$failed"
}

# save_results: the final upload, tried three times; the job must not succeed without its results.
save_results() {
    local try
    for try in 1 2 3; do
        if sync_out final; then return 0; fi
        log "warning: the final upload (try $try of 3) left files behind"
        sleep "${GC_UPLOAD_RETRY_SECONDS:-10}"
    done
    return 1
}

stop_helpers() {
    if [ -n "$syncer_pid" ]; then kill "$syncer_pid" 2>/dev/null || true; fi
    if [ -n "$spot_pid" ]; then kill "$spot_pid" 2>/dev/null || true; fi
}

write_summary() { # write_summary <exit code> <finished: true|false>
    local code="$1" finished="$2" now wall days
    now="$(date -u +%s)"
    wall=$((now - started_at))
    days="$(awk -v a="$(date -u -d "${from_time:0:8}" +%s)" -v b="$(date -u -d "${end_time:0:8}" +%s)" 'BEGIN { printf "%.3f", (b - a) / 86400 }')"
    cat > "$rundir/timing-summary-attempt${attempt}.json" <<JSON
{"jobId":"${AWS_BATCH_JOB_ID:-local}","attempt":${attempt},"model":"${GC_MODEL}","executable":"${executable:-}","instanceType":"$(instance_type)","nodes":${AWS_BATCH_JOB_NUM_NODES:-1},"resumedFrom":"${resumed_from}","simulationStart":"${from_time}","simulationEnd":"${end_time}","simulatedDaysThisAttempt":${finished_days:-0},"simulatedDaysPlanned":${days},"wallSeconds":${wall},"exitCode":${code},"finished":${finished}}
JSON
    if [ -n "${GC_OUTPUT_PREFIX:-}" ]; then
        aws s3 cp --only-show-errors "$rundir/timing-summary-attempt${attempt}.json" "$(s3_join "$GC_OUTPUT_PREFIX" "timing-summary-attempt${attempt}.json")" || true
        if [ -f "$rundir/geoschem.log" ]; then
            aws s3 cp --only-show-errors "$rundir/geoschem.log" "$(s3_join "$GC_OUTPUT_PREFIX" "geoschem-attempt${attempt}.log")" || true
        fi
    fi
}

# shellcheck disable=SC2317  # reached through the TERM trap
on_terminate() {
    log "SIGTERM: stopping GEOS-Chem and saving what is complete (Spot interruption or a stop)"
    if [ -n "$model_pid" ]; then kill -TERM "$model_pid" 2>/dev/null || true; wait "$model_pid" 2>/dev/null || true; fi
    stop_helpers
    sync_out final || log "warning: some restarts or output could not be saved"
    finished_days=0
    write_summary 143 false
    if [ "$nodes" -gt 1 ]; then release_nodes ran; fi
    exit 143
}

# An array child gets its own run directory and prefixes: "{index}" in them becomes AWS_BATCH_JOB_ARRAY_INDEX.
if [ -n "${AWS_BATCH_JOB_ARRAY_INDEX:-}" ]; then
    for name in GC_RUN_DIRECTORY GC_OUTPUT_PREFIX GC_RESTART_PREFIX; do
        if [ -n "${!name:-}" ]; then printf -v "$name" '%s' "${!name//\{index\}/$AWS_BATCH_JOB_ARRAY_INDEX}"; fi
    done
fi
# A long run submitted as chained segments (Submit-GcBatchJob -SegmentLength): child i of the sequential array runs
# [start + i x length, start + (i + 1) x length), the last cut at GC_SIM_END, and resumes from the restart child i-1
# ended with (same restart prefix, a restart at the segment start counts).
if [ -n "${GC_SEGMENT_LENGTH:-}" ] && [ -n "${AWS_BATCH_JOB_ARRAY_INDEX:-}" ]; then
    read -r GC_SIM_START GC_SIM_END < <(segment_period "${GC_SIM_START:?GC_SIM_START is required for segments}" "${GC_SIM_END:?GC_SIM_END is required for segments}" "$GC_SEGMENT_LENGTH" "$AWS_BATCH_JOB_ARRAY_INDEX")
    log "segment $((AWS_BATCH_JOB_ARRAY_INDEX + 1)) of a run split into ${GC_SEGMENT_LENGTH} segments: ${GC_SIM_START:0:8} to ${GC_SIM_END:0:8}"
fi
[ -n "${GC_RUN_DIRECTORY:-}" ] || fail 2 "GC_RUN_DIRECTORY is not set; submit with Submit-GcBatchJob -RunDirectory s3://bucket/prefix/"
ulimit -s unlimited 2>/dev/null || log "warning: could not lift the stack limit (set ulimits in the job definition)"
nodes="${AWS_BATCH_JOB_NUM_NODES:-1}"
# Multi-node (GCHP): every node prepares the same run directory at the same path and stages the input itself, since
# without a shared file system its ranks read only what is on its own disk (section 5 of the contract).
if [ "$nodes" -gt 1 ]; then
    [ "$GC_MODEL" = GCHP ] || fail 2 "only GCHP runs on several nodes; submit $GC_MODEL to a single-node job queue"
    [ -n "${GC_OUTPUT_PREFIX:-}" ] || fail 2 "a multi-node job needs GC_OUTPUT_PREFIX: every node uploads the output it wrote there"
    trap on_node_exit EXIT
    join_nodes
fi
log "job ${AWS_BATCH_JOB_ID:-local} attempt ${attempt} on $(instance_type): ${GC_MODEL}${AWS_BATCH_JOB_ARRAY_INDEX:+ (array child $AWS_BATCH_JOB_ARRAY_INDEX)}"

mkdir -p "$rundir"
aws s3 sync --only-show-errors "$GC_RUN_DIRECTORY" "$rundir" || fail 2 "could not copy the run directory from $GC_RUN_DIRECTORY"
cd "$rundir"
mkdir -p Restarts OutputDir
[ -f geoschem_config.yml ] || fail 2 "$GC_RUN_DIRECTORY has no geoschem_config.yml; is it a GEOS-Chem run directory (upload it with Publish-GcRunDirectory)?"
if [ "$GC_MODEL" = "GCClassic" ]; then
    start_time="$(compact_time "${GC_SIM_START:-$(config_time start_date)}")"
    end_time="$(compact_time "${GC_SIM_END:-$(config_time end_date)}")"
else
    [ -f setCommonRunSettings.sh ] || fail 2 "$GC_RUN_DIRECTORY has no setCommonRunSettings.sh; is it a GCHP run directory?"
    if [ "$nodes" -gt 1 ]; then single_checkpoint_writer "$rundir"; fi
    start_time="$(compact_time "${GC_SIM_START:-$(cat cap_restart)}")"
    end_time="$(compact_time "${GC_SIM_END:?GC_SIM_END is required for GCHP}")"
fi
from_time="$start_time"

data_root="${GC_DATA_ROOT:-$work/ExtData}"
mkdir -p "$data_root"
# A read-only data root is the platform's FSx file system, mounted into the container by the job definition; an empty
# one means the instance did not mount it (the bind mount then shows an empty folder): stop now, not at the first read.
if [ ! -w "$data_root" ] && [ -z "$(ls -A "$data_root" 2>/dev/null)" ]; then
    fail 6 "the data root $data_root is read-only and empty: the instance did not mount the input data file system (FSx for Lustre); see its console output and the launch template of the compute environment"
fi
old_root="$(data_root_of "$rundir")"
log "data root: $old_root -> $data_root ($(rewrite_data_root "$rundir" "$old_root" "$data_root") file(s) rewritten, $(relink_data "$rundir" "$old_root" "$data_root") link(s) made again)"
executable="${GC_EXECUTABLE:-$(executable_for "$rundir" "$GC_MODEL")}"
[ -x "$bin_dir/$executable" ] || fail 2 "this image has no $executable (the $GC_MODEL build this simulation needs); use an image built with it"
ln -sf "$bin_dir/$executable" "./$executable"

if [ -n "${GC_RESTART_PREFIX:-}" ]; then
    newest="$(newest_restart "$GC_RESTART_PREFIX" "$start_time" "$end_time")"
    if [ -n "$newest" ]; then
        from_time="${newest%% *}"
        resumed_from="${newest#* }"
        log "resuming from $(s3_join "$GC_RESTART_PREFIX" "$resumed_from")"
        if [ "$GC_MODEL" = "GCClassic" ]; then
            resume_classic "$rundir" "$GC_RESTART_PREFIX" "$from_time" "$resumed_from" "$end_time"
        else
            resume_gchp "$rundir" "$GC_RESTART_PREFIX" "$from_time" "$resumed_from" "$end_time"
        fi
    else
        log "no restart under ${GC_RESTART_PREFIX}; starting at ${start_time:0:8}"
    fi
fi

if [ "$GC_MODEL" = "GCClassic" ]; then
    if [ -z "$resumed_from" ]; then set_classic_dates geoschem_config.yml "$start_time" "$end_time"; fi
    set_classic_restart_frequency "$rundir" "$restart_frequency"
    log "restarts every ${restart_frequency} (HISTORY.rc Restart.frequency)"
    if [ "${GC_FETCH_INPUT:-1}" = "1" ]; then fetch_missing_classic "$rundir" "$data_root" "$executable"; fi
else
    ranks_per_node="${GC_MPI_PROCS_PER_NODE:-$(nproc)}"
    GC_MPI_PROCS_PER_NODE="$ranks_per_node" # the host file's slots are the ranks started per node
    prepare_gchp "$rundir" "$from_time" "$end_time" "$nodes" "$ranks_per_node" "${GC_CHECKPOINT_FREQUENCY:-240000}"
    log "GCHP: TOTAL_CORES=$((nodes * ranks_per_node)) NUM_NODES=$nodes NUM_CORES_PER_NODE=$ranks_per_node Run_Duration=\"$(gchp_duration "$from_time" "$end_time")\" checkpoints every ${GC_CHECKPOINT_FREQUENCY:-240000}"
    # GEOS-Chem's own scripts, sourced as its run scripts do, in a subshell: they are not written for set -eu and
    # call exit on an error, which must not end the entrypoint before it reports why.
    # shellcheck source=/dev/null
    (set +eu; source ./setCommonRunSettings.sh) > setCommonRunSettings.log 2>&1 || { sed 's/^/    /' setCommonRunSettings.log; fail 2 "setCommonRunSettings.sh rejected the settings (above)"; }
    if [ "${GC_FETCH_INPUT:-1}" = "1" ]; then
        stage_gchp_inputs "$rundir" "$data_root" "$from_time" "$end_time"
        fetch_gchp_restart "$rundir" "$data_root" "$from_time"
    fi
    # shellcheck source=/dev/null
    (set +eu; source ./setRestartLink.sh) > setRestartLink.log 2>&1 || { sed 's/^/    /' setRestartLink.log; fail 2 "no initial restart for ${from_time:0:8} at this grid (setRestartLink.sh)"; }
fi

# The other nodes of a multi-node job are ready now; they upload the History files they write when the run ends. The
# main node starts mpirun only once all of them are.
if [ "$nodes" -gt 1 ]; then
    if ! is_main_node; then
        node_ready
        serve_until_done "$rundir" "$(s3_join "$GC_OUTPUT_PREFIX" OutputDir/)"
    fi
    wait_for_nodes
fi

(
    # The sleep runs in the background so that stopping this loop also stops its sleep (and frees stdout).
    trap 'kill "$pause" 2>/dev/null; exit 0' TERM
    while true; do
        sleep "$sync_seconds" &
        pause=$!
        wait "$pause"
        sync_out || true
    done
) &
syncer_pid=$!
if [ "${GC_WATCH_SPOT:-1}" = "1" ]; then
    watch_spot_notice "${GC_SPOT_POLL_SECONDS:-5}" sync_out final &
    spot_pid=$!
fi
trap on_terminate TERM INT

log "running $executable from ${from_time:0:8} to ${end_time:0:8}"
if [ "$GC_MODEL" = "GCClassic" ]; then
    "./$executable" > geoschem.log 2>&1 &
else
    mpi_environment
    launcher=(mpirun -np "$((nodes * ranks_per_node))")
    if [ "$nodes" -gt 1 ]; then
        # Ranks on the other nodes start through sshd, which gives them a fresh environment: tell their daemons where
        # OpenMPI is (--prefix), where to run (the same run directory on every node) and the variables they need.
        mapfile -t forwarded < <(forwarded_variables)
        launcher+=(--hostfile "$GC_MPI_HOSTFILE" --mca plm_rsh_args "-p 2022 -o StrictHostKeyChecking=no"
            --prefix "$(mpi_prefix)" --wdir "$rundir" "${forwarded[@]}")
    fi
    "${launcher[@]}" "./$executable" > geoschem.log 2>&1 &
fi
model_pid=$!
set +e
wait "$model_pid"
code=$?
set -e
model_pid=""
stop_helpers
if [ "$nodes" -gt 1 ]; then release_nodes ran; fi

finished=false
if [ "$GC_MODEL" = "GCClassic" ]; then
    if [ "$code" -eq 0 ] && grep -q 'E N D   O F   G E O S -- C H E M' geoschem.log; then finished=true; fi
else
    end_restart="$(name_gchp_checkpoints "$rundir" "$from_time")"
    reached="$(compact_time "$(cat cap_restart 2>/dev/null || true)")"
    if [ "$code" -eq 0 ] && [ "$reached" = "$end_time" ]; then
        finished=true
        log "GCHP reached ${end_time:0:8} (cap_restart); end restart ${end_restart:-missing}"
    elif [ "$code" -eq 0 ]; then
        log "GCHP exited 0 but cap_restart holds ${reached:-nothing}, not the requested end ${end_time}"
    fi
fi
tail -n 20 geoschem.log | sed 's/^/    /'
finished_days="$(awk -v a="$(date -u -d "${from_time:0:8}" +%s)" -v b="$(date -u -d "${end_time:0:8}" +%s)" -v f="$finished" 'BEGIN { printf "%.3f", f == "true" ? (b - a) / 86400 : 0 }')"
saved=true
save_results || saved=false
if [ "$nodes" -gt 1 ]; then collect_node_uploads "$rundir" || saved=false; fi
if [ "$saved" != true ]; then
    write_summary 4 false
    log "error: the restarts and output could not all be uploaded; failing the job so its results are not lost unnoticed"
    exit 4
fi
if [ "$finished" = true ]; then
    write_summary 0 true
    log "GEOS-Chem exited with code 0"
    exit 0
fi
[ "$code" -ne 0 ] || code=1
write_summary "$code" false
log "GEOS-Chem did not run to ${end_time:0:8}; exited with code $code"
exit "$code"
