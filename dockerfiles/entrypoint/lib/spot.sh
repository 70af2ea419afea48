#!/usr/bin/env bash
# Spot interruptions: EC2 posts a notice two minutes before it reclaims a Spot instance, in the instance metadata at
# spot/instance-action (404 until then). ECS does not pass it to the container as a signal by default, so the
# entrypoint watches for it and saves the restarts while there is still time; the SIGTERM that may follow is handled
# by the entrypoint's trap.

IMDS_URL="${GC_IMDS_URL:-http://169.254.169.254}"

# imds_get <path>: one metadata value through IMDSv2 (a session token first); fails when absent or off EC2.
imds_get() {
    local token
    token="$(curl -s -f -m 2 -X PUT "$IMDS_URL/latest/api/token" -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' 2>/dev/null)" || return 1
    curl -s -f -m 2 -H "X-aws-ec2-metadata-token: $token" "$IMDS_URL/latest/meta-data/$1" 2>/dev/null
}

# watch_spot_notice <seconds between looks> <command to run once on notice...>: runs until killed.
watch_spot_notice() {
    local every="$1" notice pause
    shift
    trap 'kill "$pause" 2>/dev/null; exit 0' TERM
    while true; do
        if notice="$(imds_get spot/instance-action)" && [ -n "$notice" ]; then
            log "Spot interruption notice ($notice): saving restarts and output now"
            "$@"
            log "restarts and output saved before the interruption"
            return 0
        fi
        sleep "$every" &
        pause=$!
        wait "$pause"
    done
}
