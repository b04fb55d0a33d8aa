#!/usr/bin/env bash
# How long a trainer takes to stop on SIGTERM while it computes a contribution: starts
# `seedfl up TOPOLOGY` (default Topologies/llm-tiny.yaml) in a scratch run directory, waits
# until trainer 1's status says it is computing a round, sends it SIGTERM and prints the
# seconds until the process has exited (it finishes at most its current forward pass, writes
# its checkpoint and status, and exits). Then stops the run.
#
#   Scripts/stop-latency.sh [TOPOLOGY]
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$script_dir")"
binary="${SEEDFL_BINARY:-$repo_dir/.build/release/seedfl}"
topology="${1:-$repo_dir/Topologies/llm-tiny.yaml}"
[ -x "$binary" ] || { echo "stop-latency: $binary missing; run Scripts/setup.sh first" >&2; exit 2; }
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-SkylakeX}"
export SEEDFL_ASSETS="${SEEDFL_ASSETS:-$repo_dir/assets}"

run_dir="$(mktemp -d)"
"$binary" up "$topology" --run-dir "$run_dir" --fresh > "$run_dir.log" 2>&1 &
launcher=$!
trap 'kill "$launcher" 2>/dev/null || true; wait "$launcher" 2>/dev/null || true; rm -rf "$run_dir" "$run_dir.log"' EXIT

python3 - "$run_dir" <<'PY'
import json, os, signal, sys, time
status = os.path.join(sys.argv[1], "status", "trainer-1.json")
deadline = time.time() + 600
while time.time() < deadline:
    try:
        st = json.load(open(status))
    except (OSError, ValueError):
        time.sleep(0.02)
        continue
    if st.get("computing_round", -1) >= 0:
        pid = st["pid"]
        time.sleep(0.2)                       # well inside its forward passes
        start = time.time()
        os.kill(pid, signal.SIGTERM)
        while True:
            try:
                state = open(f"/proc/{pid}/stat").read().split()[2]
            except FileNotFoundError:
                break
            if state == "Z":
                break
            time.sleep(0.002)
        print("trainer 1 stopped %.3f s after SIGTERM, while computing round %d" % (time.time() - start, st["computing_round"]))
        sys.exit(0)
    time.sleep(0.02)
sys.exit("trainer 1 never reported a computation")
PY
