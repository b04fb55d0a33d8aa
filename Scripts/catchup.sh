#!/usr/bin/env bash
# A real trainer catching up on a long history, with and without a finite seed pool: the
# smoke run (logistic regression, 4 trainers, snapshots off) is run for ROUNDS rounds by the
# broker, the aggregator and trainers 0-2 as separate processes; then trainer 3 starts with
# nothing and replays the whole history from the broker. Prints, per pool setting, the
# trainer's `catch_up_seconds` (from its first history request until it held the broker's
# latest model) and whether its model is the ledger's.
#
#   Scripts/catchup.sh [--rounds 10000] [--pools "none 256"] [--buckets 512] [--binary .build/release/seedfl] [--json]
#
# --buckets is the logistic model's d (smoke.yaml's 512 by default): replaying a round costs
# K * P passes over d, so the pool matters once d is large enough for those passes to outweigh
# fetching the history.
set -euo pipefail

rounds=10000
pools="none 256"
buckets=512
json=0
here=$(cd "$(dirname "$0")" && pwd)
binary=$here/../.build/release/seedfl
while [ $# -gt 0 ]; do
    case $1 in
        --rounds) rounds=$2; shift ;;
        --pools) pools=$2; shift ;;
        --buckets) buckets=$2; shift ;;
        --binary) binary=$2; shift ;;
        --json) json=1 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
        *) echo "catchup: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done
[ -x "$binary" ] || { echo "catchup: no seedfl binary at $binary (swift build -c release)" >&2; exit 2; }
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-SkylakeX}"
work=$(mktemp -d /tmp/seedfl-catchup.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

status() { python3 -c 'import json,sys
try: print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))
except Exception: print("")' "$1/status/$2.json" "$3"; }

results=()
for pool in $pools; do
    dir=$work/$pool
    mkdir -p "$dir"
    pool_line=""
    [ "$pool" = none ] || pool_line="    seed_pool: $pool"
    sed -e 's/min_trainers: 4/min_trainers: 3/' -e 's/snapshot_lag: 20/snapshot_lag: 0/' \
        -e 's/snapshot_every: 10/snapshot_every: 0/' -e 's/checkpoint_every: 20/checkpoint_every: 1000000/' \
        -e "s/buckets: 512/buckets: $buckets/" -e "s/^    batch_size: 32\$/    batch_size: 32\n$pool_line/" "$here/../Topologies/smoke.yaml" >"$dir/topology.yaml"
    common=(--topology "$dir/topology.yaml" --run-dir "$dir/run" --rounds "$rounds")
    "$binary" broker "${common[@]}" >"$dir/broker.log" 2>&1 & pids+=($!)
    "$binary" aggregator "${common[@]}" >"$dir/aggregator.log" 2>&1 & pids+=($!)
    for id in 0 1 2; do "$binary" trainer "${common[@]}" --id $id >"$dir/trainer-$id.log" 2>&1 & pids+=($!); done
    echo "[catchup] pool $pool: $rounds rounds with trainers 0-2" >&2
    until [ "$(status "$dir/run" broker done)" = True ]; do sleep 1; done
    "$binary" trainer "${common[@]}" --id 3 >"$dir/trainer-3.log" 2>&1 & pids+=($!)
    until [ "$(status "$dir/run" trainer-3 applied_sequence)" = "$rounds" ]; do sleep 0.2; done
    # Stopped with SIGTERM, every trainer writes its final status with its model's fingerprint.
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    pids=()
    seconds=$(status "$dir/run" trainer-3 catch_up_seconds)
    late=$(status "$dir/run" trainer-3 fingerprint)
    first=$(status "$dir/run" trainer-0 fingerprint)
    results+=("{\"pool\": $([ "$pool" = none ] && echo null || echo "$pool"), \"rounds\": $rounds, \"parameters\": $buckets, \"catch_up_seconds\": $seconds, \"same_model\": $([ "$late" = "$first" ] && echo true || echo false)}")
done
if [ "$json" = 1 ]; then
    (IFS=,; echo "{\"runs\": [${results[*]}]}")
else
    printf '%s\n' "${results[@]}"
fi
