#!/usr/bin/env bash
# FedMeZO's personalised learning rates against a frozen rate (FedMeZO section 5.4), with the
# paper's two controls: the default rate for every client ("frozen") and a rate drawn at
# random in [lr, max_factor x lr] per round ("random"), plus a frozen rate at the personalised
# strategies' average (2 x lr for max_factor 3), which separates "personalised" from "larger".
#
#   Scripts/fedmezo-rates.sh [TOPOLOGY] [SEEDS...]     (default Topologies/fedmezo-noniid.yaml, seeds 1 2 3)
#
# Every run is `seedfl simulate TOPOLOGY --seed S --lr-strategy X --eval-every Q --json` (Q = a
# quarter of the rounds); `simulate` computes the same ledger as `seedfl up` for these
# topologies. Prints one markdown table: the mean training loss (each round's mean over its
# contributors) in each quarter of the run and the final test loss and accuracy, each
# averaged over the seeds.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$script_dir")"
binary="${SEEDFL_BINARY:-$repo_dir/.build/release/seedfl}"
topology="${1:-$repo_dir/Topologies/fedmezo-noniid.yaml}"
shift || true
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3)

[ -x "$binary" ] || { echo "fedmezo-rates: $binary missing; run Scripts/setup.sh first" >&2; exit 2; }
export SEEDFL_ASSETS="${SEEDFL_ASSETS:-$repo_dir/assets}"

# The topology's own rate, rounds and max_factor (its comments and flow style are skipped).
lr=$(awk '$1 == "lr:" { print $2; exit }' "$topology")
rounds=$(awk '$1 == "rounds:" { print $2; exit }' "$topology")
factor=$(sed -n 's/.*max_factor: *\([0-9.]*\).*/\1/p' "$topology" | head -n 1)
factor="${factor:-2}"
[ -n "$lr" ] && [ -n "$rounds" ] || { echo "fedmezo-rates: $topology has no run.zo.lr or run.rounds" >&2; exit 2; }
quarter=$(( rounds / 4 ))
average=$(python3 -c "print(repr(float('$lr') * (1 + float('$factor')) / 2))")

results=$(mktemp)
trap 'rm -f "$results"' EXIT
run() {   # label, then extra simulate flags
    local label="$1"; shift
    for seed in "${seeds[@]}"; do
        "$binary" simulate "$topology" --seed "$seed" --eval-every "$quarter" --json "$@" 2>/dev/null \
            | tail -n 1 | python3 -c "import json, sys; d = json.load(sys.stdin); d['label'] = '$label'; print(json.dumps(d))" \
            >> "$results"
    done
}
run "frozen (lr $lr)" --lr-strategy frozen
run "frozen at the average rate (lr $average)" --lr-strategy frozen --lr "$average"
for strategy in random loss-diff loss-diff-5 update-diff; do
    run "$strategy (lr $lr, up to ${factor}x)" --lr-strategy "$strategy"
done

python3 - "$results" "${#seeds[@]}" <<'PY'
import json, sys
rows = {}
for line in open(sys.argv[1]):
    d = json.loads(line)
    rows.setdefault(d["label"], []).append(d)
seeds = int(sys.argv[2])
first = next(iter(rows.values()))[0]
quarters = [p["round"] for p in first["curve"]]
print(f"| strategy ({seeds} seeds) | " + " | ".join(f"train loss, rounds to {r}" for r in quarters)
      + " | final test loss | final test accuracy |")
print("| --- " * (len(quarters) + 3) + "|")
mean = lambda xs: sum(xs) / len(xs)
for label, runs in rows.items():
    cells = [f"{mean([r['curve'][i]['train_loss'] for r in runs]):.4f}" for i in range(len(quarters))]
    cells.append(f"{mean([r['final_loss'] for r in runs]):.4f}")
    cells.append(f"{mean([r['final_accuracy'] for r in runs]):.3f}")
    print(f"| {label} | " + " | ".join(cells) + " |")
PY
