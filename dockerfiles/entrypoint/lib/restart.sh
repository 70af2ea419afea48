#!/usr/bin/env bash
# Choosing and applying the restart to resume from (docs/checkpoint-restart-contract.md, section 2).

# The simulation time in a restart file's name as YYYYMMDDhhmm, or nothing for a name without one.
restart_time() {
    local name="$1"
    if [[ "$name" =~ ^(GEOSChem\.Restart|gcchem_internal_checkpoint)\.([0-9]{8})_([0-9]{4})z(\.c[0-9]+)?\.nc4$ ]]; then
        echo "${BASH_REMATCH[2]}${BASH_REMATCH[3]}"
    fi
}

# newest_restart <s3 prefix> <start YYYYMMDDhhmm> <end YYYYMMDDhhmm>
# Prints "<time> <file name>" of the restart with the latest simulation time at or after the start (a chained segment
# resumes from the restart its predecessor ended with) and before the end, ignoring empty files; prints nothing when
# there is none. The upload order does not matter.
newest_restart() {
    local prefix="$1" start="$2" end="$3" best_time="" best_name="" size name time
    while read -r _ _ size name; do
        [ -n "${name:-}" ] || continue
        [ "$size" -gt 0 ] || continue
        time="$(restart_time "$name")"
        [ -n "$time" ] || continue
        if [ "$time" -ge "$start" ] && [ "$time" -lt "$end" ] && { [ -z "$best_time" ] || [ "$time" -gt "$best_time" ]; }; then
            best_time="$time"
            best_name="$name"
        fi
    done < <(aws s3 ls "${prefix%/}/" 2>/dev/null || true)
    if [ -n "$best_time" ]; then echo "$best_time $best_name"; fi
}

# GEOS-Chem's config keeps dates as [YYYYMMDD, hhmmss].
set_classic_dates() { # set_classic_dates <config file> <start YYYYMMDDhhmm> <end YYYYMMDDhhmm>
    local config="$1" start="$2" end="$3"
    sed -i -E "s/^([[:space:]]*start_date:[[:space:]]*)\[[0-9]+,[[:space:]]*[0-9]+\]/\1[${start:0:8}, ${start:8:4}00]/" "$config"
    sed -i -E "s/^([[:space:]]*end_date:[[:space:]]*)\[[0-9]+,[[:space:]]*[0-9]+\]/\1[${end:0:8}, ${end:8:4}00]/" "$config"
}

# resume_classic <run dir> <s3 prefix> <restart time> <file name> <end>
resume_classic() {
    local rundir="$1" prefix="$2" time="$3" name="$4" end="$5" hemco
    mkdir -p "$rundir/Restarts"
    aws s3 cp --only-show-errors "$(s3_join "$prefix" "$name")" "$rundir/Restarts/GEOSChem.Restart.${time:0:8}_${time:8:4}z.nc4"
    # HEMCO's own restart is written only at the end of a run; use one at or before the resume time if it exists.
    hemco="$(aws s3 ls "${prefix%/}/" 2>/dev/null | awk '{ print $4 }' | grep -E '^HEMCO_restart\.[0-9]{12}\.nc$' \
        | awk -v t="$time" '{ s = substr($0, 15, 12); if (s <= t) print s, $0 }' | sort | tail -n 1 | cut -d' ' -f2 || true)"
    if [ -n "$hemco" ]; then
        aws s3 cp --only-show-errors "$(s3_join "$prefix" "$hemco")" "$rundir/Restarts/$hemco"
        log "HEMCO restart $hemco restored"
    else
        log "no HEMCO restart at or before ${time}; HEMCO starts soil NOx and MEGAN memory from defaults"
    fi
    set_classic_dates "$rundir/geoschem_config.yml" "$time" "$end"
}

# resume_gchp <run dir> <s3 prefix> <restart time> <file name> <end>: the restart goes where setRestartLink.sh looks
# for it; prepare_gchp (lib/rundir.sh) then writes cap_restart and Run_Duration from the restart's time.
resume_gchp() {
    local rundir="$1" prefix="$2" time="$3" name="$4" cells
    cells="$(grep -oE '^CS_RES=[0-9]+' "$rundir/setCommonRunSettings.sh" | cut -d= -f2 || true)"
    mkdir -p "$rundir/Restarts"
    rm -f "$rundir/Restarts/GEOSChem.Restart.${time:0:8}_${time:8:4}z.c${cells:-24}.nc4"
    aws s3 cp --only-show-errors "$(s3_join "$prefix" "$name")" "$rundir/Restarts/GEOSChem.Restart.${time:0:8}_${time:8:4}z.c${cells:-24}.nc4"
}
