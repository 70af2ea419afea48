#!/usr/bin/env bash
# Logging and S3 helpers shared by the entrypoint's parts. Every line the entrypoint prints starts with
# [geoschem-entrypoint], so Receive-GcBatchJobLog output shows what it did.

log() { echo "[geoschem-entrypoint] $*"; }

failure_message=""
# shellcheck disable=SC2034  # failure_message is read by lib/multinode.sh
fail() { # fail <exit code> <message>
    failure_message="$2"
    log "error: $2"
    exit "$1"
}

# s3_join <prefix ending in /> <name>
s3_join() { echo "${1%/}/$2"; }

# Uploads the files of a directory that GEOS-Chem has finished writing (unchanged for a minute) and that are not yet
# uploaded; a file still being written is left for the next round. Fails when a file could not be uploaded (it is
# tried again next time). Usage: sync_finished_files <dir> <s3 prefix> [final]
sync_finished_files() {
    local dir="$1" prefix="$2" final="${3:-}" marker file failed=0
    [ -d "$dir" ] || return 0
    marker="$dir/.uploaded"
    touch "$marker.list"
    local age=(-mmin +1)
    if [ -n "$final" ]; then age=(); fi
    while read -r file; do
        if ! grep -qxF "$file $(stat -c %s "$file")" "$marker.list"; then
            if aws s3 cp --only-show-errors "$file" "$(s3_join "$prefix" "$(basename "$file")")"; then
                echo "$file $(stat -c %s "$file")" >> "$marker.list"
            else
                log "warning: could not upload $file; will try again"
                failed=1
            fi
        fi
    done < <(find "$dir" -maxdepth 1 -type f ! -name '.uploaded*' "${age[@]}" -print | sort)
    return "$failed"
}
