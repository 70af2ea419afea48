#!/usr/bin/env bash
# Input data: GCClassic lists what a run reads with a dry run; files missing under the data root are fetched from the
# public s3://geos-chem bucket (the AWS Open Data copy of ExtData) without signing, and so is the initial restart,
# from GEOSCHEM_RESTARTS as the run directory's download_data.yml names it (GEOS-Chem's own download_data.py does the
# same). GCHP: the initial restart behind the Restarts/ link. With a data root already holding the data (an FSx for
# Lustre file system linked to s3://geos-chem), nothing is missing and nothing is fetched.

GC_PUBLIC_DATA_BUCKET="${GC_PUBLIC_DATA_BUCKET:-s3://geos-chem}"

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

# fetch <relative path> <destination file>: one object from the public bucket; fails when it is not there.
fetch_public() {
    mkdir -p "$(dirname "$2")"
    aws s3 cp --no-sign-request --only-show-errors "${GC_PUBLIC_DATA_BUCKET%/}/$1" "$2"
}

# fetch_missing_classic <run dir> <data root> <executable>
fetch_missing_classic() {
    local rundir="$1" root="$2" executable="$3" count=0 failed=0 relative restart key
    (cd "$rundir" && "./$executable" --dryrun > log.dryrun 2>&1) || true
    while read -r relative; do
        [ -n "$relative" ] || continue
        if fetch_public "$relative" "$root/$relative"; then
            count=$((count + 1))
        else
            failed=$((failed + 1))
            log "warning: $relative is not in ${GC_PUBLIC_DATA_BUCKET}"
        fi
    done < <(missing_files "$rundir/log.dryrun" "$root")
    log "input data: fetched $count file(s) from ${GC_PUBLIC_DATA_BUCKET}; $failed not found there"
    restart="$(missing_restart "$rundir/log.dryrun")"
    if [ -n "$restart" ]; then
        key="$(restart_key "$rundir")"
        if [ -n "$key" ] && fetch_public "$key" "$rundir/Restarts/$(basename "$restart")"; then
            log "initial restart: ${GC_PUBLIC_DATA_BUCKET%/}/$key -> Restarts/$(basename "$restart")"
        else
            log "warning: no initial restart for $(basename "$restart") in ${GC_PUBLIC_DATA_BUCKET}${key:+ ($key)}"
        fi
    fi
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
    case "$target" in
        "$root"/*)
            if fetch_public "${target#"$root"/}" "$target"; then log "initial restart: fetched ${target#"$root"/}"; else log "warning: ${target#"$root"/} is not in ${GC_PUBLIC_DATA_BUCKET}"; fi
            ;;
    esac
}
