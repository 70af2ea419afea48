#!/usr/bin/env bash
# The GEOS-Chem container's entrypoint on AWS Batch. It implements docs/checkpoint-restart-contract.md:
#   fetch the run directory from S3, resume from the newest restart under GC_RESTART_PREFIX (if any), fetch missing
#   input data (GCClassic), run the model with an unlimited stack, sync restarts and output to S3 while it runs and on
#   SIGTERM (a Spot interruption), write a timing summary, and exit so the retry strategy can tell a Spot reclaim or a
#   stop (143) from a model error (the model's code).
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

GC_MODEL="${GC_MODEL:-GCClassic}"
work="${GC_WORK_DIR:-/work}"
bin_dir="${GC_BIN_DIR:-/opt/geoschem/bin}"
rundir="$work/rundir"
sync_seconds="${GC_RESTART_SYNC_SECONDS:-900}"
attempt="${AWS_BATCH_JOB_ATTEMPT:-1}"
model_pid=""
syncer_pid=""
started_at="$(date -u +%s)"
resumed_from=""

instance_type() { # from IMDSv2; "unknown" off EC2 or when the answer is not an instance type
    local token type=""
    token="$(curl -s -f -m 2 -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' 2>/dev/null || true)"
    if [ -n "$token" ]; then
        type="$(curl -s -f -m 2 -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/instance-type 2>/dev/null || true)"
    fi
    if [[ "$type" =~ ^[a-z0-9-]+\.[a-z0-9-]+$ ]]; then echo "$type"; else echo unknown; fi
}

# "YYYYMMDD hhmmss" (the contract's form) to YYYYMMDDhhmm.
compact_time() { local t="${1//[^0-9]/}"; echo "${t:0:12}"; }

config_time() { # config_time <start_date|end_date>: from geoschem_config.yml, as YYYYMMDDhhmm
    grep -m 1 -E "^[[:space:]]*$1:" "$rundir/geoschem_config.yml" | grep -oE '[0-9]+' | tr -d '\n' | cut -c1-12
}

classic_executable() {
    local simulation
    simulation="$(grep -m 1 -E '^[[:space:]]+name:' "$rundir/geoschem_config.yml" | awk '{ print $2 }')"
    case "$simulation" in
        carbon|CH4|CO2|tagCO) echo gcclassic-carbon ;;
        Hg) echo gcclassic-hg ;;
        *) echo gcclassic ;;
    esac
}

sync_out() { # sync_out [final]
    if [ -n "${GC_RESTART_PREFIX:-}" ]; then sync_finished_files "$rundir/Restarts" "$GC_RESTART_PREFIX" "${1:-}"; fi
    if [ -n "${GC_OUTPUT_PREFIX:-}" ]; then sync_finished_files "$rundir/OutputDir" "$(s3_join "$GC_OUTPUT_PREFIX" OutputDir/)" "${1:-}"; fi
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
    if [ -n "$syncer_pid" ]; then kill "$syncer_pid" 2>/dev/null || true; fi
    sync_out final
    finished_days=0
    write_summary 143 false
    if [ "${AWS_BATCH_JOB_NUM_NODES:-1}" -gt 1 ]; then release_nodes; fi
    exit 143
}

[ -n "${GC_RUN_DIRECTORY:-}" ] || fail 2 "GC_RUN_DIRECTORY is not set; submit with Submit-GcBatchJob -RunDirectory s3://bucket/prefix/"
ulimit -s unlimited 2>/dev/null || log "warning: could not lift the stack limit (set ulimits in the job definition)"
if [ "${AWS_BATCH_JOB_NUM_NODES:-1}" -gt 1 ]; then join_nodes; fi
log "job ${AWS_BATCH_JOB_ID:-local} attempt ${attempt} on $(instance_type): ${GC_MODEL}"

mkdir -p "$rundir"
aws s3 sync --only-show-errors "$GC_RUN_DIRECTORY" "$rundir" || fail 2 "could not copy the run directory from $GC_RUN_DIRECTORY"
cd "$rundir"
if [ "$GC_MODEL" = "GCClassic" ]; then
    [ -f geoschem_config.yml ] || fail 2 "$GC_RUN_DIRECTORY has no geoschem_config.yml; is it a GCClassic run directory?"
    start_time="$(compact_time "${GC_SIM_START:-$(config_time start_date)}")"
    end_time="$(compact_time "${GC_SIM_END:-$(config_time end_date)}")"
else
    [ -f setCommonRunSettings.sh ] || fail 2 "$GC_RUN_DIRECTORY has no setCommonRunSettings.sh; is it a GCHP run directory?"
    start_time="$(compact_time "${GC_SIM_START:-$(cat cap_restart)}")"
    end_time="$(compact_time "${GC_SIM_END:?GC_SIM_END is required for GCHP}")"
fi
from_time="$start_time"

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
if [ "$GC_MODEL" = "GCClassic" ] && [ -z "$resumed_from" ]; then set_classic_dates geoschem_config.yml "$start_time" "$end_time"; fi

if [ "$GC_MODEL" = "GCClassic" ]; then
    executable="${GC_EXECUTABLE:-$(classic_executable)}"
    ln -sf "$bin_dir/$executable" "./$executable"
    data_root="${GC_DATA_ROOT:-$work/ExtData}"
    mkdir -p "$data_root"
    sed -i -E "s|^([[:space:]]*root_data_dir:[[:space:]]*).*|\1${data_root}|" geoschem_config.yml
    if [ "${GC_FETCH_INPUT:-1}" = "1" ]; then fetch_missing_classic "$rundir" "$data_root" "$executable"; fi
else
    executable="${GC_EXECUTABLE:-gchp}"
    ln -sf "$bin_dir/$executable" "./$executable"
    cp cap_restart cap_restart.before
    # shellcheck source=/dev/null
    source ./setCommonRunSettings.sh > /dev/null
    # shellcheck source=/dev/null
    source ./setRestartLink.sh > /dev/null
fi

(
    # The sleep runs in the background so that stopping this loop also stops its sleep (and frees stdout).
    trap 'kill "$pause" 2>/dev/null; exit 0' TERM
    while true; do
        sleep "$sync_seconds" &
        pause=$!
        wait "$pause"
        sync_out
    done
) &
syncer_pid=$!
trap on_terminate TERM INT

log "running $executable from ${from_time:0:8} to ${end_time:0:8}"
if [ "$GC_MODEL" = "GCClassic" ]; then
    "./$executable" > geoschem.log 2>&1 &
else
    ranks=$(( ${GC_MPI_PROCS_PER_NODE:-$(nproc)} * ${AWS_BATCH_JOB_NUM_NODES:-1} ))
    launcher=(mpirun -np "$ranks")
    if [ "${AWS_BATCH_JOB_NUM_NODES:-1}" -gt 1 ]; then launcher+=(--hostfile "$GC_MPI_HOSTFILE" --mca plm_rsh_args "-p 2022 -o StrictHostKeyChecking=no"); fi
    if [ "${GC_EFA:-0}" = "1" ]; then export FI_PROVIDER=efa; fi
    "${launcher[@]}" "./$executable" > geoschem.log 2>&1 &
fi
model_pid=$!
set +e
wait "$model_pid"
code=$?
set -e
model_pid=""
kill "$syncer_pid" 2>/dev/null || true

finished=false
if [ "$GC_MODEL" = "GCClassic" ]; then
    if [ "$code" -eq 0 ] && grep -q 'E N D   O F   G E O S -- C H E M' geoschem.log; then finished=true; fi
elif [ "$code" -eq 0 ] && [ -s cap_restart ] && ! cmp -s cap_restart cap_restart.before; then
    finished=true
fi
tail -n 20 geoschem.log | sed 's/^/    /'
finished_days="$(awk -v a="$(date -u -d "${from_time:0:8}" +%s)" -v b="$(date -u -d "${end_time:0:8}" +%s)" -v f="$finished" 'BEGIN { printf "%.3f", f == "true" ? (b - a) / 86400 : 0 }')"
sync_out final
if [ "${AWS_BATCH_JOB_NUM_NODES:-1}" -gt 1 ]; then release_nodes; fi
if [ "$finished" = true ]; then
    write_summary 0 true
    log "GEOS-Chem exited with code 0"
    exit 0
fi
[ "$code" -ne 0 ] || code=1
write_summary "$code" false
log "GEOS-Chem did not run to ${end_time:0:8}; exited with code $code"
exit "$code"
