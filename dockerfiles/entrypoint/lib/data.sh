#!/usr/bin/env bash
# Input data: GCClassic lists what a run reads with a dry run; files missing under the data root are fetched from the
# public s3://geos-chem bucket (the AWS Open Data copy of ExtData) without signing.

GC_PUBLIC_DATA_BUCKET="${GC_PUBLIC_DATA_BUCKET:-s3://geos-chem}"

# missing_files <dry-run log> <data root>: relative paths (under the data root) that the dry run reported missing.
missing_files() {
    local dry_log="$1" root="$2"
    grep -E 'REQUIRED FILE NOT FOUND|OPTIONAL FILE NOT FOUND' "$dry_log" | grep -oE '[^ ]+$' | sort -u | while read -r path; do
        case "$path" in
            "$root"/*) echo "${path#"$root"/}" ;;
        esac
    done
}

# fetch_missing_classic <run dir> <data root> <executable>
fetch_missing_classic() {
    local rundir="$1" root="$2" executable="$3" count=0 failed=0 relative
    (cd "$rundir" && "./$executable" --dryrun > log.dryrun 2>&1) || true
    while read -r relative; do
        [ -n "$relative" ] || continue
        mkdir -p "$root/$(dirname "$relative")"
        if aws s3 cp --no-sign-request --only-show-errors "${GC_PUBLIC_DATA_BUCKET%/}/$relative" "$root/$relative"; then
            count=$((count + 1))
        else
            failed=$((failed + 1))
            log "warning: $relative is not in ${GC_PUBLIC_DATA_BUCKET}"
        fi
    done < <(missing_files "$rundir/log.dryrun" "$root")
    log "input data: fetched $count file(s) from ${GC_PUBLIC_DATA_BUCKET}; $failed not found there"
}
