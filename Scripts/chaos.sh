#!/usr/bin/env bash
# Chaos run: `seedfl chaos TOPOLOGY [options]` with the release binary, building it first
# (Scripts/setup.sh) when it is missing. Every option is passed through, e.g.
#   Scripts/chaos.sh Topologies/smoke.yaml --rounds 300 --seed 7 --kill-interval 1 --broker-kills 3 --json
# Exits with seedfl's status: non-zero when an invariant failed (see docs/reliability.md).
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$script_dir")"
binary="${SEEDFL_BINARY:-$repo_dir/.build/release/seedfl}"

if [ $# -lt 1 ]; then
    echo "usage: $0 TOPOLOGY [seedfl chaos options...]" >&2
    exit 2
fi

if [ ! -x "$binary" ]; then
    echo "chaos: $binary missing; running the set-up (release build)" >&2
    "$script_dir/setup.sh"
fi

# The roles are children of seedfl and inherit this; seedfl would re-exec itself otherwise.
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-SkylakeX}"
export SEEDFL_ASSETS="${SEEDFL_ASSETS:-$repo_dir/assets}"
exec "$binary" chaos "$@"
