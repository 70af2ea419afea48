#!/usr/bin/env bash
# Sourced by the build scripts: the one way they download anything. fetch_pinned looks the name and version up in
# pinned-downloads.tsv, refuses what is not pinned by SHA-256, and checks the archive before anyone unpacks it.
# Offline (GC_OFFLINE_SOURCES=<folder>), the archive is taken from that folder by its file name instead of downloaded,
# and checked the same way.

pinned_downloads="$(dirname "${BASH_SOURCE[0]}")/pinned-downloads.tsv"

# pinned_row <name> <version>: prints "pin<TAB>url" or fails.
pinned_row() {
    local row
    row="$(awk -F '\t' -v name="$1" -v version="$2" '$1 == name && $2 == version { print $3 "\t" $4 }' "$pinned_downloads")"
    if [ -z "$row" ]; then
        echo "fetch-pinned: $1 $2 is not in pinned-downloads.tsv: refusing an unpinned download" >&2
        return 3
    fi
    echo "$row"
}

# fetch_pinned <name> <version> <file to write>: downloads (or copies, offline) and verifies; prints nothing.
fetch_pinned() {
    local name="$1" version="$2" target="$3" row pin url
    row="$(pinned_row "$name" "$version")" || return 3
    pin="${row%%$'\t'*}"
    url="${row#*$'\t'}"
    url="${url//\$\{ARCH\}/$(uname -m)}"
    if ! [[ "$pin" =~ ^sha256:[0-9a-f]{64}$ ]]; then
        echo "fetch-pinned: $name $version has no SHA-256 pin ('$pin'): refusing $url" >&2
        return 3
    fi
    if [ -n "${GC_OFFLINE_SOURCES:-}" ]; then
        echo "##[gc-build] offline: $name $version from $GC_OFFLINE_SOURCES"
        cp "$GC_OFFLINE_SOURCES/${url##*/}" "$target"
    else
        echo "##[gc-build] fetching $url"
        curl --fail --location --retry 5 --silent --show-error --output "$target" "$url"
    fi
    if ! echo "${pin#sha256:}  $target" | sha256sum --check --status; then
        echo "fetch-pinned: $url does not match its pinned SHA-256 ${pin#sha256:} (got $(sha256sum "$target" | cut -d' ' -f1))" >&2
        rm -f "$target"
        return 4
    fi
}

# fetch_pinned_source <name> <version> <directory>: fetch_pinned, then unpacks (.tar.gz or .tar.bz2) into the directory.
fetch_pinned_source() {
    local archive
    archive="$(mktemp)"
    fetch_pinned "$1" "$2" "$archive" || { rm -f "$archive"; return 3; }
    mkdir -p "$3"
    tar -xf "$archive" -C "$3" --strip-components=1
    rm -f "$archive"
}
