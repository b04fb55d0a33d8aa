#!/usr/bin/env bash
# README command 1: set-up (system packages, assets, release build), then the main job.
# Extra arguments go to `seedfl simulate` (e.g. --rounds 200, --algorithm fedmezo).
set -euo pipefail
script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$script_dir")"
"$script_dir/setup.sh"
cd "$repo_dir"
exec .build/release/seedfl simulate --progress-every 100 "$@"
