#!/usr/bin/env bash
# Making an uploaded run directory runnable here (docs/checkpoint-restart-contract.md, section 2): the data root
# rewritten everywhere GEOS-Chem writes it, the links into the data root made again, the executable the simulation
# needs, restarts written often enough to survive Spot, and GCHP's cores, duration and checkpoints set from the job.

# The link manifest Publish-GcRunDirectory uploads instead of the links themselves: "<path>\t<target>" per line.
LINK_MANIFEST=".gc-links"

# data_root_of <run dir>: the absolute data root the run directory was made for.
data_root_of() {
    local dir="$1" root=""
    if [ -f "$dir/geoschem_config.yml" ]; then
        root="$(grep -m 1 -E '^[[:space:]]*root_data_dir:' "$dir/geoschem_config.yml" | awk '{ print $2 }' || true)"
    fi
    if [ -z "$root" ] && [ -f "$dir/$LINK_MANIFEST" ]; then
        root="$(awk -F'\t' '$1 == "ChemDir" { sub(/\/CHEM_INPUTS\/?$/, "", $2); print $2 }' "$dir/$LINK_MANIFEST")"
    fi
    if [ -z "$root" ] && [ -f "$dir/CreateRunDirLogs/rundir_vars.txt" ]; then
        root="$(grep -m 1 -E '^RUNDIR_DATA_ROOT=' "$dir/CreateRunDirLogs/rundir_vars.txt" | cut -d= -f2- | tr -d "'\"" || true)"
    fi
    echo "${root%/}"
}

# rewrite_data_root <run dir> <old root> <new root>: every absolute data-root path in the files the model reads
# (geoschem_config.yml: root_data_dir, cloudj_input_dir, aerosol optics input_dir; HEMCO_Config.rc ROOT;
# HEMCO_Config.rc.gmao_metfields ROOT and METDIR; and any other *.yml or *.rc* file that names it). Prints the count.
rewrite_data_root() {
    local dir="$1" old="${2%/}" new="${3%/}" count=0 file
    if [ -z "$old" ] || [ "$old" = "$new" ]; then echo 0; return 0; fi
    while IFS= read -r file; do
        [ -L "$file" ] && continue
        if grep -qF "$old" "$file"; then
            # the old root followed by a slash, whitespace, a quote or the end of the line (never a longer name)
            sed -i -E "s#${old//./\\.}(/|[[:space:]]|['\"]|\$)#${new}\\1#g" "$file"
            count=$((count + 1))
        fi
    done < <(find "$dir" -maxdepth 1 -type f \( -name '*.yml' -o -name '*.rc' -o -name '*.rc.*' \) | sort)
    echo "$count"
}

# relink_data <run dir> <old root> <new root>: the links the manifest lists that pointed into the old data root now
# point into the new one (GCHP's ChemDir, HcoDir, MetDir, Restarts/*); links elsewhere (CodeDir, runScriptSamples)
# are left out. Prints the count.
relink_data() {
    local dir="$1" old="${2%/}" new="${3%/}" count=0 path target
    [ -f "$dir/$LINK_MANIFEST" ] || { echo 0; return 0; }
    while IFS=$'\t' read -r path target; do
        [ -n "$path" ] || continue
        case "$target" in
            "$old"/*|"$old")
                mkdir -p "$(dirname "$dir/$path")"
                ln -sfn "$new${target#"$old"}" "$dir/$path"
                count=$((count + 1))
                ;;
        esac
    done < "$dir/$LINK_MANIFEST"
    echo "$count"
}

# executable_for <run dir> <model>: GEOS-Chem builds carbon and Hg as their own mechanisms (-DMECH=carbon, -DMECH=Hg).
executable_for() {
    local simulation
    simulation="$(grep -m 1 -E '^[[:space:]]+name:' "$1/geoschem_config.yml" | awk '{ print $2 }')"
    case "$2:$simulation" in
        GCHP:carbon) echo gchp-carbon ;;
        GCHP:*) echo gchp ;;
        *:carbon) echo gcclassic-carbon ;;
        *:Hg) echo gcclassic-hg ;;
        *) echo gcclassic ;;
    esac
}

# set_classic_restart_frequency <run dir> <"YYYYMMDD hhmmss">: HISTORY.rc's Restart collection.
set_classic_restart_frequency() {
    local history="$1/HISTORY.rc" frequency="$2"
    sed -i -E "s/^([[:space:]]*Restart\.(frequency|duration):[[:space:]]*).*/\1${frequency}/" "$history"
}

# gchp_duration <from YYYYMMDDhhmm> <to YYYYMMDDhhmm>: GEOS-Chem's "YYYYMMDD hhmmss" (calendar years, months, days,
# then hours, minutes, seconds): whole months first (a month from Jan 31 ends on the last day of February), then the rest.
gchp_duration() {
    local from="$1" to="$2" months year month day last anchor seconds days
    months=$(( (10#${to:0:4} - 10#${from:0:4}) * 12 + 10#${to:4:2} - 10#${from:4:2} ))
    if [ "${to:6:6}" \< "${from:6:6}" ]; then months=$((months - 1)); fi
    year=$(( 10#${from:0:4} + (10#${from:4:2} - 1 + months) / 12 ))
    month=$(( (10#${from:4:2} - 1 + months) % 12 + 1 ))
    last="$(date -u -d "$(printf '%04d-%02d-01' "$year" "$month") + 1 month - 1 day" +%d)"
    day=$(( 10#${from:6:2} < 10#$last ? 10#${from:6:2} : 10#$last ))
    anchor="$(date -u -d "$(printf '%04d-%02d-%02d' "$year" "$month" "$day") ${from:8:2}:${from:10:2} UTC" +%s)"
    seconds=$(( $(date -u -d "${to:0:4}-${to:4:2}-${to:6:2} ${to:8:2}:${to:10:2} UTC" +%s) - anchor ))
    days=$((seconds / 86400))
    seconds=$((seconds % 86400))
    printf '%04d%02d%02d %02d%02d%02d' $((months / 12)) $((months % 12)) "$days" $((seconds / 3600)) $(((seconds % 3600) / 60)) $((seconds % 60))
}

# set_gchp_setting <run dir> <name> <value>: one NAME=value line of setCommonRunSettings.sh.
set_gchp_setting() { sed -i -E "s|^$2=.*|$2=$3|" "$1/setCommonRunSettings.sh"; }

# prepare_gchp <run dir> <from YYYYMMDDhhmm> <end YYYYMMDDhhmm> <nodes> <ranks per node> <checkpoint HHmmss>:
# before setCommonRunSettings.sh runs, so that it propagates them to GCHP.rc, CAP.rc and the rest.
prepare_gchp() {
    local dir="$1" from="$2" end="$3" nodes="$4" per_node="$5" checkpoint="$6"
    set_gchp_setting "$dir" TOTAL_CORES "$((nodes * per_node))"
    set_gchp_setting "$dir" NUM_NODES "$nodes"
    set_gchp_setting "$dir" NUM_CORES_PER_NODE "$per_node"
    set_gchp_setting "$dir" Run_Duration "\"$(gchp_duration "$from" "$end")\""
    set_gchp_setting "$dir" Midrun_Checkpoint ON
    set_gchp_setting "$dir" Checkpoint_Freq "$checkpoint"
    echo "${from:0:8} ${from:8:4}00" > "$dir/cap_restart"
}

# name_gchp_checkpoints <run dir> <start YYYYMMDDhhmm>: GCHP writes mid-run checkpoints as
# Restarts/gcchem_internal_checkpoint.YYYYMMDD_hhmmz.nc4 and the end one as Restarts/gcchem_internal_checkpoint; both
# become GEOSChem.Restart.<time>z.c<N>.nc4, the name the next segment (and setRestartLink.sh) looks for. A checkpoint
# at the start time duplicates the initial restart and is dropped. Prints the end restart's name, if any.
name_gchp_checkpoints() {
    local dir="$1" start="$2" cells file time end_name=""
    cells="$(grep -oE '^CS_RES=[0-9]+' "$dir/setCommonRunSettings.sh" | cut -d= -f2)"
    for file in "$dir"/Restarts/gcchem_internal_checkpoint.*; do
        [ -f "$file" ] || continue
        time="$(basename "$file" | sed -E 's/^gcchem_internal_checkpoint\.([0-9]{8}_[0-9]{4})z\.nc4$/\1/')"
        if [ "${time//_/}" = "$start" ]; then rm -f "$file"; else mv -f "$file" "$dir/Restarts/GEOSChem.Restart.${time}z.c${cells}.nc4"; fi
    done
    if [ -f "$dir/Restarts/gcchem_internal_checkpoint" ]; then
        time="$(sed -E 's/^([0-9]{8}) ([0-9]{4}).*/\1_\2/' "$dir/cap_restart")"
        end_name="GEOSChem.Restart.${time}z.c${cells}.nc4"
        mv -f "$dir/Restarts/gcchem_internal_checkpoint" "$dir/Restarts/$end_name"
    fi
    echo "$end_name"
}

# segment_period <start "YYYYMMDD hhmmss"> <end> <length: <n>d|<n>mo|<n>y> <index>: prints the segment's
# "YYYYMMDDhhmmss YYYYMMDDhhmmss" (start and end, the end cut at the run's end). Months and years are calendar ones
# (a segment of 1mo from the 1st ends on the next 1st).
segment_period() {
    local start="${1//[^0-9]/}" end="${2//[^0-9]/}" length="$3" index="$4" n unit from to
    n="${length%%[a-z]*}"
    unit="${length#"$n"}"
    case "$unit" in d) unit=days ;; mo) unit=months ;; y) unit=years ;; *) fail 2 "GC_SEGMENT_LENGTH '$length' is not <n>d, <n>mo or <n>y" ;; esac
    from="$(date -u -d "${start:0:4}-${start:4:2}-${start:6:2} ${start:8:2}:${start:10:2} UTC + $((n * index)) $unit" +%Y%m%d%H%M%S)"
    to="$(date -u -d "${start:0:4}-${start:4:2}-${start:6:2} ${start:8:2}:${start:10:2} UTC + $((n * (index + 1))) $unit" +%Y%m%d%H%M%S)"
    end="${end}000000"
    end="${end:0:14}"
    if [ "$to" \> "$end" ]; then to="$end"; fi
    echo "${from:0:8}${from:8:6} ${to:0:8}${to:8:6}"
}
