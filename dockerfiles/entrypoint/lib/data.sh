#!/usr/bin/env bash
# Input data: GCClassic lists what a run reads with a dry run; files missing under the data root are fetched from the
# public s3://geos-chem bucket (the AWS Open Data copy of ExtData) without signing, and so is the initial restart,
# from GEOSCHEM_RESTARTS as the run directory's download_data.yml names it (GEOS-Chem's own download_data.py does the
# same). GCHP, which has no dry run: the files .gc-inputs lists (Publish-GcRunDirectory writes it from ExtData.rc and
# HEMCO_Config.rc for a period), then the initial restart behind the Restarts/ link. Files are fetched several at a
# time. With a data root already holding the data (an FSx for Lustre file system linked to s3://geos-chem), nothing is
# missing and nothing is fetched.

GC_PUBLIC_DATA_BUCKET="${GC_PUBLIC_DATA_BUCKET:-s3://geos-chem}"
# The list of input files Publish-GcRunDirectory uploads with a GCHP run directory (one path under the data root a line).
INPUT_MANIFEST=".gc-inputs"

# missing_files <dry-run log> <data root>: relative paths (under the data root) that the dry run reported missing.
missing_files() {
    local dry_log="$1" root="$2"
    sed 's#//#/#g' "$dry_log" | grep -E 'FILE NOT FOUND' | grep -oE '[^ ]+$' | sort -u | while read -r path; do
        case "$path" in
            "$root"/*) echo "${path#"$root"/}" ;;
        esac
    done
}

# missing_restart <dry-run log>: the species restart the run looks for in ./Restarts/ and did not find, if any.
missing_restart() {
    { grep -E 'FILE NOT FOUND' "$1" || true; } | grep -oE '[^ ]+$' | { grep -E '(^|/)Restarts/GEOSChem\.Restart\.[0-9]{8}_[0-9]{4}z\.nc4$' || true; } | sort -u | head -n 1
}

# restart_key <run dir>: the initial restart's key in the bucket, from the run directory's download_data.yml
# (restarts: root, then <simulation>: remote), as download_data.py chooses it (TOMAS and Hg have their own entries).
restart_key() {
    local dir="$1" simulation key
    [ -f "$dir/download_data.yml" ] || return 0
    simulation="$(grep -m 1 -E '^[[:space:]]+name:' "$dir/geoschem_config.yml" | awk '{ print $2 }' | tr '[:upper:]' '[:lower:]')"
    case "$simulation" in
        hg|mercury) key=mercury ;;
        fullchem)
            key=fullchem
            if grep -qE "(^|[^A-Z0-9])NK15([^0-9]|$)" "$dir/geoschem_config.yml"; then key=tomas15; fi
            if grep -qE "(^|[^A-Z0-9])NK40([^0-9]|$)" "$dir/geoschem_config.yml"; then key=tomas40; fi
            ;;
        *) key="$simulation" ;;
    esac
    awk -v key="$key" '
        /^restarts:/ { inside = 1; next }
        inside && /^[^[:space:]#]/ { inside = 0 }
        inside && $1 == "root:" { root = $2 }
        inside && $1 == key ":" { found = 1; next }
        found && $1 == "remote:" { print root "/" $2; exit }
        found && $1 ~ /:$/ && $1 != "local:" { found = 0 }
    ' "$dir/download_data.yml"
}

# fetch_public <relative path> <destination file>: one object from the public bucket, written under a temporary name
# and renamed when complete (so an interrupted download is never taken for a file already present); fails when the
# object is not there.
fetch_public() {
    mkdir -p "$(dirname "$2")"
    if aws s3 cp --no-sign-request --only-show-errors "${GC_PUBLIC_DATA_BUCKET%/}/$1" "$2.partial"; then
        mv -f "$2.partial" "$2"
    else
        rm -f "$2.partial"
        return 1
    fi
}

# stage_one <data root> <failures file> <relative path>: run by xargs in a child bash (exported with the function).
stage_one() { fetch_public "$3" "$1/$3" || echo "$3" >> "$2"; }

# stage_files <data root> <what> <missing: fail|warn>: fetches the relative paths read from stdin that are not already
# under the data root from the public bucket, GC_STAGING_PARALLEL at a time (default 10, the concurrency behind
# Get-GcCostEstimate's StagingSeconds), and logs how many files, GB and seconds that took. A file that cannot be
# fetched fails the call (fail) or is only reported (warn).
stage_files() {
    local root="${1%/}" what="$2" on_missing="$3" todo failures relative count present began seconds bytes missing
    if [ ! -w "$root" ]; then
        # A read-only data root is the platform's FSx copy of s3://geos-chem: what is not there is not in the bucket.
        missing="$(while IFS= read -r relative; do [ -z "$relative" ] || [ -e "$root/$relative" ] || echo "$relative"; done | sort -u)"
        log "$what: the data root $root is read-only (the platform input data file system): nothing staged; $(grep -c . <<< "$missing" || true) listed file(s) not there"
        if [ -n "$missing" ]; then head -n 5 <<< "$missing" | sed "s#^#    missing: $root/#"; fi
        [ -z "$missing" ] || [ "$on_missing" != fail ]
        return
    fi
    todo="$(mktemp)"
    failures="$(mktemp)"
    present=0
    while IFS= read -r relative; do
        [ -n "$relative" ] || continue
        if [ -e "$root/$relative" ]; then present=$((present + 1)); else echo "$relative"; fi
    done > "$todo"
    count="$(sort -u "$todo" | tee "$todo.unique" | wc -l)"
    began="$(date +%s.%N)"
    if [ "$count" -gt 0 ]; then
        export -f fetch_public stage_one
        export GC_PUBLIC_DATA_BUCKET
        # shellcheck disable=SC2016  # the child bash expands its own arguments
        xargs -a "$todo.unique" -d '\n' -P "${GC_STAGING_PARALLEL:-10}" -I '{}' bash -c 'stage_one "$1" "$2" "$3"' stage "$root" "$failures" '{}'
    fi
    seconds="$(awk -v a="$began" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
    bytes="$(while IFS= read -r relative; do [ ! -f "$root/$relative" ] || stat -c %s "$root/$relative"; done < "$todo.unique" | awk '{ s += $1 } END { print s + 0 }')"
    sort -u -o "$failures" "$failures"
    missing="$(wc -l < "$failures")"
    log "$what: staged $((count - missing)) file(s), $(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1e9 }') GB in ${seconds} s from ${GC_PUBLIC_DATA_BUCKET} (${GC_STAGING_PARALLEL:-10} at a time); ${present} already present; ${missing} could not be fetched"
    if [ "$missing" -gt 0 ]; then
        head -n 5 "$failures" | sed "s#^#    missing: ${GC_PUBLIC_DATA_BUCKET%/}/#"
        [ "$missing" -le 5 ] || log "    ... and $((missing - 5)) more"
    fi
    rm -f "$todo" "$todo.unique" "$failures"
    [ "$missing" -eq 0 ] || [ "$on_missing" != fail ]
}

# required_missing_classic <dry-run log> <data root>: the files under the data root the model stops on when they are
# absent, and that are still absent. GEOS-Chem 14.7's dry run labels them REQUIRED: HEMCO raises HCO_ERROR in a real run
# for such a file (hcoio_read_std_mod.F90), as photolysis, dry deposition, Linoz and UCX do. The VOLCANO extension is the
# exception: a missing daily file falls back to the climatology (hcox_volcano_mod.F90), so the daily files count only
# when the climatology is absent too. OPTIONAL files (HEMCO skips them) never count.
required_missing_classic() {
    local root="$2" kind path volcano_daily_missing=0
    local -a climatology=()
    while IFS=$'\t' read -r kind path; do
        case "$path" in "$root"/*) ;; *) continue ;; esac
        [ -e "$path" ] && continue
        case "$kind" in
            volcano-daily) volcano_daily_missing=1 ;;
            volcano-climatology) climatology+=("${path#"$root"/}") ;;
            *) echo "${path#"$root"/}" ;;
        esac
    done < <(sed 's#//#/#g' "$1" | awk '
        / REQUIRED FILE NOT FOUND / || / CLIMATOLOGY FILE NOT FOUND / {
            kind = /^HEMCO \(VOLCANO\): REQUIRED/ ? "volcano-daily" : /^HEMCO \(VOLCANO\): CLIMATOLOGY/ ? "volcano-climatology" : / REQUIRED /? "required" : ""
            if (kind != "") print kind "\t" $NF
        }' | sort -u)
    if [ "$volcano_daily_missing" = 1 ] && [ "${#climatology[@]}" -gt 0 ]; then printf '%s\n' "${climatology[@]}"; fi
}

# fetch_missing_classic <run dir> <data root> <executable>: the files the dry run reports missing under the data root.
# All are fetched; one the bucket lacks fails the job before the model starts only when the model would stop on it
# (required_missing_classic); the others (OPTIONAL files, daily VOLCANO files beside their climatology) are reported.
fetch_missing_classic() {
    local rundir="$1" root="$2" executable="$3" restart key required
    (cd "$rundir" && "./$executable" --dryrun > log.dryrun 2>&1) || true
    stage_files "$root" "input data (dry run)" warn < <(missing_files "$rundir/log.dryrun" "$root")
    restart="$(missing_restart "$rundir/log.dryrun")"
    if [ -n "$restart" ]; then
        key="$(restart_key "$rundir")"
        if [ -n "$key" ] && fetch_public "$key" "$rundir/Restarts/$(basename "$restart")"; then
            log "initial restart: ${GC_PUBLIC_DATA_BUCKET%/}/$key -> Restarts/$(basename "$restart")"
        else
            log "warning: no initial restart for $(basename "$restart") in ${GC_PUBLIC_DATA_BUCKET}${key:+ ($key)}"
        fi
    fi
    required="$(required_missing_classic "$rundir/log.dryrun" "${root%/}")"
    if [ -n "$required" ] && [ ! -w "$root" ]; then
        # On a persistent data root HEMCO may find an earlier file of a dated input (SrcFile_Parse searches back in a
        # real run, not in a dry run), so only the job's own staging root makes a REQUIRED file certainly fatal.
        log "warning: $(wc -l <<< "$required") file(s) the dry run labels REQUIRED are not under the read-only data root $root (first: $(head -n 1 <<< "$required")); HEMCO may fall back to an earlier file of the same input"
    elif [ -n "$required" ]; then
        head -n 5 <<< "$required" | sed "s#^#    required, not in the bucket: ${GC_PUBLIC_DATA_BUCKET%/}/#"
        [ "$(wc -l <<< "$required")" -le 5 ] || log "    ... and $(($(wc -l <<< "$required") - 5)) more"
        fail 6 "$(wc -l <<< "$required") file(s) the model stops without are not in ${GC_PUBLIC_DATA_BUCKET} (above; the dry run labels them REQUIRED); stage them into GC_DATA_ROOT, or change the run directory's settings that ask for them"
    fi
}

# manifest_period <manifest>: the "YYYYMMDDhhmm YYYYMMDDhhmm" its "# period:" line gives (Publish-GcRunDirectory).
manifest_period() {
    sed -nE 's/^# period: ([0-9]{8}) ([0-9]{4})[0-9]{2} ([0-9]{8}) ([0-9]{4})[0-9]{2}$/\1\2 \3\4/p' "$1" | head -n 1
}

# manifest_entries <manifest> <from YYYYMMDDhhmm> <end YYYYMMDDhhmm>: the paths a job running from..end reads: every
# line without times, and each line "<path>\t<first>\t<last>" whose model times meet the job's period (a segment of a
# longer run stages its own days' met fields, and the initial restart only in the first segment).
manifest_entries() {
    awk -F'\t' -v from="$2" -v end="$3" '/^#/ || NF == 0 { next } NF < 3 || ($2 <= end && $3 >= from) { print $1 }' "$1"
}

# stage_gchp_inputs <run dir> <data root> <from YYYYMMDDhhmm> <end YYYYMMDDhhmm>: the files the input manifest
# (.gc-inputs, written by Publish-GcRunDirectory from ExtData.rc and HEMCO_Config.rc for a period) lists for the job's
# period. That period must lie within the manifest's: a longer or other period may read files the list does not have,
# so the job stops before the model starts rather than fail hours later. No manifest: only the initial restart is fetched.
stage_gchp_inputs() {
    local rundir="$1" root="${2%/}" from="$3" end="$4" manifest="$1/$INPUT_MANIFEST" period
    [ -f "$manifest" ] || { log "no $INPUT_MANIFEST in the run directory (publish it with Publish-GcRunDirectory to stage GCHP input); staging only the initial restart"; return 0; }
    period="$(manifest_period "$manifest")"
    [ -n "$period" ] || fail 2 "$INPUT_MANIFEST has no '# period:' line; publish the run directory again with Publish-GcRunDirectory"
    if [ "$from" \< "${period%% *}" ] || [ "$end" \> "${period#* }" ]; then
        fail 2 "$INPUT_MANIFEST lists the input for ${period%% *} to ${period#* }, but this job runs ${from} to ${end}; publish the run directory again with Publish-GcRunDirectory -SimulationStart/-SimulationEnd covering the job's period"
    fi
    local listed wanted
    listed="$(grep -cvE '^(#|[[:space:]]*$)' "$manifest" || true)"
    wanted="$(manifest_entries "$manifest" "$from" "$end" | wc -l)"
    if [ "$wanted" -lt "$listed" ]; then log "$INPUT_MANIFEST: $wanted of $listed listed file(s) are read from ${from} to ${end}; the others only outside this job's period"; fi
    stage_files "$root" "input data ($INPUT_MANIFEST, ${period%% *} to ${period#* })" fail < <(manifest_entries "$manifest" "$from" "$end") \
        || fail 6 "required input data is not in ${GC_PUBLIC_DATA_BUCKET} (above); publish the run directory again, or stage the files into GC_DATA_ROOT"
}
# fetch_gchp_restart <run dir> <data root> <start YYYYMMDDhhmm>: the file behind Restarts/GEOSChem.Restart.<start>z.cN.nc4
# when that is a link into the data root and the file is not there yet.
fetch_gchp_restart() {
    local rundir="$1" root="${2%/}" start="$3" cells link target
    cells="$(grep -oE '^CS_RES=[0-9]+' "$rundir/setCommonRunSettings.sh" | cut -d= -f2)"
    link="$rundir/Restarts/GEOSChem.Restart.${start:0:8}_${start:8:4}z.c${cells}.nc4"
    [ -L "$link" ] || return 0
    target="$(readlink "$link")"
    [ ! -e "$target" ] || return 0
    [ -w "$root" ] || { log "warning: the initial restart ${target#"$root"/} is not under the read-only data root"; return 0; }
    case "$target" in
        "$root"/*)
            if fetch_public "${target#"$root"/}" "$target"; then log "initial restart: fetched ${target#"$root"/}"; else log "warning: ${target#"$root"/} is not in ${GC_PUBLIC_DATA_BUCKET}"; fi
            ;;
    esac
}
