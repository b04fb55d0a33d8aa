#!/usr/bin/env bash
# SeedFL at N trainers on one host: Topologies/scale-1000.yaml (logistic regression on short
# shards, 8 trainers sampled per round, a forwarder for the broadcast, four edge aggregators
# under a root, trainers run N/4 to a process) cut down to each N, run with `seedfl up`, and
# for each N: rounds per second (between the first and the last commit: start-up is left
# out), the broker's CPU per round (user + system from wait4, start-up included), the CPU of
# every process per round, and peak memory per trainer (a trainer process's peak resident
# memory divided by the trainers it runs).
#
#   Scripts/scale.sh [--json] [--trainers "10 100 1000"] [--rounds 200]
#                    [--binary .build/release/seedfl] [--work DIR]
#
# The sampled count stays 8 whatever N (for N = 10, 8 of 10). --json prints one object with
# a list `runs`.
set -euo pipefail

counts="10 100 1000"
rounds=200
json=0
binary=""
work=""
here=$(cd "$(dirname "$0")" && pwd)
while [ $# -gt 0 ]; do
    case $1 in
        --json) json=1 ;;
        --trainers) counts=$2; shift ;;
        --rounds) rounds=$2; shift ;;
        --binary) binary=$2; shift ;;
        --work) work=$2; shift ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
        *) echo "scale: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done
binary=${binary:-$here/../.build/release/seedfl}
[ -x "$binary" ] || { echo "scale: no seedfl binary at $binary (swift build -c release)" >&2; exit 2; }
if [ -z "$work" ]; then
    work=$(mktemp -d /tmp/seedfl-scale.XXXXXX)
    trap 'rm -rf "$work"' EXIT
fi
source=$here/../Topologies/scale-1000.yaml

# scale-1000.yaml with N trainers: clients, min_trainers, trainers per process (N/4, rounded
# up) and the four edges' ranges (quarters of 0..N-1) follow N; nothing else changes.
topology() {
    local n=$1 run_dir=$2 per=$(( ($1 + 3) / 4 ))
    sed -e "s/^  clients: 1000$/  clients: $n/" \
        -e "s/^    min_trainers: 1000$/    min_trainers: $n/" \
        -e "s/^  trainers_per_process: 250$/  trainers_per_process: $per/" \
        -e "s|^  run_dir: .*|  run_dir: $run_dir|" \
        -e "s/^  rounds: .*/  rounds: $rounds/" \
        -e "s/\[0-249\]/[0-$(( n / 4 - 1 ))]/" \
        -e "s/\[250-499\]/[$(( n / 4 ))-$(( n / 2 - 1 ))]/" \
        -e "s/\[500-749\]/[$(( n / 2 ))-$(( 3 * n / 4 - 1 ))]/" \
        -e "s/\[750-999\]/[$(( 3 * n / 4 ))-$(( n - 1 ))]/" "$source"
}

results="$work/results.jsonl"
: >"$results"
for n in $counts; do
    dir="$work/n$n"
    mkdir -p "$dir"
    topology "$n" "$dir/run" >"$dir/topology.yaml"
    echo "[scale] $n trainers, $rounds rounds" >&2
    "$binary" up "$dir/topology.yaml" --fresh --json >"$dir/summary.json" 2>"$dir/up.log" \
        || { tail -20 "$dir/up.log" >&2; echo "scale: the run failed (log: $dir/up.log)" >&2; exit 1; }
    python3 - "$dir" "$n" >>"$results" <<'PY'
import json, sys
directory, n = sys.argv[1], int(sys.argv[2])
summary = json.loads(open(f"{directory}/summary.json").read().strip().splitlines()[-1])
commits = [json.loads(line)["unix_ms"] for line in open(f"{directory}/run/rounds.jsonl")]
rounds = len(commits)
cpu = summary["cpu_seconds"]
print(json.dumps({
    "trainers": n,
    "sample": summary["sample"],
    "rounds": rounds,
    "passed": summary["passed"],
    "trainers_at_final_model": len(summary["trainer_fingerprints"]),
    "rounds_per_second": (rounds - 1) / max(1e-9, (commits[-1] - commits[0]) / 1000),
    "broker_cpu_ms_per_round": cpu["broker"] * 1000 / rounds,
    "forwarder_cpu_ms_per_round": cpu.get("forwarder", 0) * 1000 / rounds,
    "aggregators_cpu_ms_per_round": sum(v for k, v in cpu.items() if k.startswith("aggregator-")) * 1000 / rounds,
    "trainers_cpu_ms_per_round": sum(v for k, v in cpu.items() if k.startswith("trainer")) * 1000 / rounds,
    "peak_rss_bytes_per_trainer": summary["peak_rss_bytes_per_trainer"],
    "broker_peak_rss_bytes": summary["peak_rss_bytes"]["broker"],
    "final_loss": summary["final_loss"],
    "seconds": summary["seconds"],
}))
PY
done

if [ "$json" = 1 ]; then
    python3 -c 'import json, sys; print(json.dumps({"runs": [json.loads(l) for l in open(sys.argv[1])]}))' "$results"
    exit 0
fi
python3 - "$results" <<'PY'
import json, sys
print(f"{'N':>5} {'rounds/s':>9} {'broker ms/round':>16} {'forwarder':>10} {'aggregators':>12} {'trainers':>9} {'MB/trainer':>11} {'final loss':>11} {'ok':>4}")
for line in open(sys.argv[1]):
    r = json.loads(line)
    print(f"{r['trainers']:>5} {r['rounds_per_second']:>9.2f} {r['broker_cpu_ms_per_round']:>16.2f} "
          f"{r['forwarder_cpu_ms_per_round']:>10.2f} {r['aggregators_cpu_ms_per_round']:>12.2f} "
          f"{r['trainers_cpu_ms_per_round']:>9.1f} {r['peak_rss_bytes_per_trainer'] / 1e6:>11.2f} "
          f"{r['final_loss']:>11.5g} {'yes' if r['passed'] and r['trainers_at_final_model'] == r['trainers'] else 'NO':>4}")
PY
