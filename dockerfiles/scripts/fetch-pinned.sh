#!/usr/bin/env bash
# Sourced by the build scripts: the one way they download anything. fetch_pinned looks the name and version up in
# pinned-downloads.tsv, refuses what is not pinned, and checks the archive before anyone unpacks it. A pin is either
#   sha256:<64 hex>  the archive's SHA-256, or
#   pgp:<40 hex>     the fingerprint of the publisher's signing key, for a publisher that signs its archives instead of
#                    publishing checksums (the AWS CLI): the archive's detached signature (<url>.sig) must verify with
#                    keys/<name>.asc, whose primary key must have exactly that fingerprint.
# Offline (GC_OFFLINE_SOURCES=<folder>), the archive (and its .sig) is taken from that folder by its file name instead of
# downloaded, and checked the same way.

fetch_pinned_dir="$(dirname "${BASH_SOURCE[0]}")"
pinned_downloads="$fetch_pinned_dir/pinned-downloads.tsv"

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

# fetch_file <url> <file>: downloads, or copies from GC_OFFLINE_SOURCES by the URL's file name.
fetch_file() {
    if [ -n "${GC_OFFLINE_SOURCES:-}" ]; then
        cp "$GC_OFFLINE_SOURCES/${1##*/}" "$2"
    else
        curl --fail --location --retry 5 --silent --show-error --output "$2" "$1"
    fi
}

# verify_sha256 <file> <64 hex>
verify_sha256() {
    echo "$2  $1" | sha256sum --check --status
}

# verify_pgp <file> <signature file> <key file> <40 hex fingerprint>: the signature is good, made by the key whose
# primary fingerprint is pinned, and that key is the committed one. A keyring of its own: nothing the machine trusts counts.
verify_pgp() {
    local file="$1" signature="$2" key="$3" fingerprint="$4" home status
    if ! command -v gpg > /dev/null; then
        echo "fetch-pinned: gpg is needed to check $file's signature (dnf install gnupg2)" >&2
        return 4
    fi
    if [ ! -f "$key" ]; then
        echo "fetch-pinned: the signing key $key is missing: refusing ${file##*/}" >&2
        return 4
    fi
    home="$(mktemp -d)"
    gpg --homedir "$home" --batch --quiet --import "$key" 2> /dev/null
    if ! gpg --homedir "$home" --batch --with-colons --fingerprint 2> /dev/null | grep -q "^fpr:::::::::$fingerprint:$"; then
        echo "fetch-pinned: $key is not the key with the pinned fingerprint $fingerprint" >&2
        rm -rf "$home"
        return 4
    fi
    # VALIDSIG's last field is the signer's primary key fingerprint; GOODSIG (not EXPKEYSIG/REVKEYSIG) means the key was
    # neither expired nor revoked. An expired key: refresh keys/<name>.asc from the publisher's page (same fingerprint).
    status="$(gpg --homedir "$home" --batch --no-auto-key-retrieve --status-fd 1 --verify "$signature" "$file" 2> /dev/null)"
    rm -rf "$home"
    if ! grep -q '^\[GNUPG:\] GOODSIG ' <<< "$status" || ! grep -Eq "^\[GNUPG:\] VALIDSIG .* $fingerprint\$" <<< "$status"; then
        echo "fetch-pinned: ${file##*/} has no good signature by the pinned key $fingerprint ($(grep -oE 'BADSIG|ERRSIG|EXPKEYSIG|REVKEYSIG|NO_PUBKEY|NODATA' <<< "$status" | head -n 1 || true))" >&2
        return 4
    fi
}

# fetch_pinned <name> <version> <file to write>: downloads (or copies, offline) and verifies; prints nothing.
fetch_pinned() {
    local name="$1" version="$2" target="$3" row pin url
    row="$(pinned_row "$name" "$version")" || return 3
    pin="${row%%$'\t'*}"
    url="${row#*$'\t'}"
    url="${url//\$\{ARCH\}/$(uname -m)}"
    # ${PKGARCH}: the Debian/Go name of the architecture (amd64, arm64), as AWS names the SSM agent's package folders.
    local pkg_arch
    case "$(uname -m)" in x86_64) pkg_arch=amd64 ;; aarch64) pkg_arch=arm64 ;; *) pkg_arch="$(uname -m)" ;; esac
    url="${url//\$\{PKGARCH\}/$pkg_arch}"
    # ${REGION} and ${DNS_SUFFIX}: the builder's region and its partition's domain, for AWS's regional buckets (the SSM agent).
    if [[ "$url" == *"\${REGION}"* || "$url" == *"\${DNS_SUFFIX}"* ]]; then
        if [ -z "${GC_AWS_REGION:-}" ]; then
            echo "fetch-pinned: $name $version is downloaded from a regional bucket, but GC_AWS_REGION is not set" >&2
            return 3
        fi
        # GC_AWS_DNS_SUFFIX: the partition's domain as the client's SDK knows it (the user data sets it); else China's or the commercial one.
        local dns_suffix="${GC_AWS_DNS_SUFFIX:-amazonaws.com}"
        if [ -z "${GC_AWS_DNS_SUFFIX:-}" ] && [[ "$GC_AWS_REGION" == cn-* ]]; then dns_suffix=amazonaws.com.cn; fi
        url="${url//\$\{REGION\}/$GC_AWS_REGION}"
        url="${url//\$\{DNS_SUFFIX\}/$dns_suffix}"
    fi
    if ! [[ "$pin" =~ ^sha256:[0-9a-f]{64}$ || "$pin" =~ ^pgp:[0-9A-F]{40}$ ]]; then
        echo "fetch-pinned: $name $version is pinned by neither a SHA-256 nor a signing key ('$pin'): refusing $url" >&2
        return 3
    fi
    if [ -n "${GC_OFFLINE_SOURCES:-}" ]; then
        echo "##[gc-build] offline: $name $version from $GC_OFFLINE_SOURCES"
    else
        echo "##[gc-build] fetching $url"
    fi
    fetch_file "$url" "$target" || { rm -f "$target"; return 4; }
    if [[ "$pin" == sha256:* ]]; then
        if ! verify_sha256 "$target" "${pin#sha256:}"; then
            echo "fetch-pinned: $url does not match its pinned SHA-256 ${pin#sha256:} (got $(sha256sum "$target" | cut -d' ' -f1))" >&2
            rm -f "$target"
            return 4
        fi
    else
        fetch_file "$url.sig" "$target.sig" || { rm -f "$target" "$target.sig"; return 4; }
        if ! verify_pgp "$target" "$target.sig" "$fetch_pinned_dir/keys/$name.asc" "${pin#pgp:}"; then
            rm -f "$target" "$target.sig"
            return 4
        fi
        rm -f "$target.sig"
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
