#!/usr/bin/env bash
# What serving metrics costs a run: Topologies/local-tcp.yaml as shipped (metrics on for
# every role) against the same file with every metrics line removed, alternately, N times
# each (default 3), 300 rounds per run. Prints each run's rounds/s (between the first and the
# last commit, from rounds.jsonl) and CPU milliseconds per round over all roles (summary.json's
# cpu_seconds), then the ratios of the medians. docs/benchmarks.md quotes it.
# Usage: Scripts/metrics-overhead.sh [N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n="${1:-3}"
seedfl=.build/release/seedfl
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
grep -v 'metrics:' Topologies/local-tcp.yaml | grep -v '^  evaluator:$' | grep -v '^  trainers:$' > "$work/off.yaml"
cp Topologies/local-tcp.yaml "$work/on.yaml"
declare -A rates cpus
for i in $(seq 1 "$n"); do
    for mode in on off; do
        "$seedfl" up "$work/$mode.yaml" --run-dir "$work/run-$mode" --fresh --json > "$work/out.json" 2>/dev/null
        read -r rate cpu < <(python3 - "$work/out.json" "$work/run-$mode/rounds.jsonl" <<'PY'
import json, sys
summary = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
times = [json.loads(l)["unix_ms"] for l in open(sys.argv[2]) if l.strip()]
rounds = summary["rounds_committed"]
print((len(times) - 1) / ((times[-1] - times[0]) / 1000), 1000 * sum(summary["cpu_seconds"].values()) / rounds)
PY
)
        rates[$mode]+="$rate "
        cpus[$mode]+="$cpu "
        printf '%-4s run %d: %.1f rounds/s, %.2f ms CPU per round\n' "$mode" "$i" "$rate" "$cpu"
    done
done
python3 - "${rates[on]}" "${rates[off]}" "${cpus[on]}" "${cpus[off]}" <<'PY'
import statistics, sys
on, off, con, coff = ([float(x) for x in a.split()] for a in sys.argv[1:5])
m = statistics.median
print(f"median rounds/s: metrics on {m(on):.1f}, off {m(off):.1f}, on/off {m(on) / m(off):.3f}")
print(f"median CPU ms per round: metrics on {m(con):.2f}, off {m(coff):.2f}, on/off {m(con) / m(coff):.3f}")
PY
