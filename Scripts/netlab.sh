#!/usr/bin/env bash
# SeedFL across separate network hosts: Linux network namespaces joined by veth pairs and a
# bridge, one host for the broker (and evaluator), one for the aggregator, one per trainer,
# with every trainer's link limited by tbf in both directions. For each algorithm and link
# speed it runs the same short topology over tcp with `seedfl up --wrap Scripts/netlab-exec.sh`
# and reports seconds per round, bytes per trainer per round (at the socket, and on the wire
# as the trainer's interface counted them) and the final loss.
#
#   sudo Scripts/netlab.sh [--json] [--algorithms "decomfl fedzo fedmezo"] [--links "0 10 1"]
#                          [--model synthetic|logreg|smollm-norms|smollm-lora] [--dimension 1000000] [--trainers 4]
#                          [--sample 2] [--rounds 4] [--lr RATE] [--secure]
#                          [--binary .build/release/seedfl] [--work DIR]
#
# --dimension is the synthetic model's d, or the logistic model's hashed buckets (the language
# model's d follows from its trainable set: the top 2 blocks' norms, d = 2,880, or LoRA r = 8
# on their q and v, d = 30,720; 200 training and 100 test sentences); --lr defaults to 1e-4
# for synthetic, 0.2 for logreg (smoke.yaml's rate) and 5e-3 for the language model. --secure adds a
# `security:` section (CURVE on every socket, keys made by `seedfl keys generate`).
#
# Links are in Mbit/s (0: unlimited). This kernel has tbf and htb but no netem, so links are
# limited in bandwidth only, never delayed. Everything the script creates (namespaces named
# sfl<pid>-*, their veths, the 10.77.0.0/24 addresses inside them) is removed on exit,
# including after a failure. Exit status 3 means a needed capability is missing; the message
# names it.
set -euo pipefail

algorithms="decomfl fedzo fedmezo"
links="0 10 1"
model=synthetic
lr=""
dimension=1000000
trainers=4
sample=2
rounds=4
json=0
secure=0
binary=""
work=""
here=$(cd "$(dirname "$0")" && pwd)

while [ $# -gt 0 ]; do
    case $1 in
        --json) json=1 ;;
        --secure) secure=1 ;;
        --algorithms) algorithms=$2; shift ;;
        --links) links=$2; shift ;;
        --model) model=$2; shift ;;
        --lr) lr=$2; shift ;;
        --dimension) dimension=$2; shift ;;
        --trainers) trainers=$2; shift ;;
        --sample) sample=$2; shift ;;
        --rounds) rounds=$2; shift ;;
        --binary) binary=$2; shift ;;
        --work) work=$2; shift ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
        *) echo "netlab: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done
say() { echo "[netlab] $*" >&2; }
missing() { echo "netlab: missing capability: $*" >&2; exit 3; }

[ -n "$binary" ] || binary="$here/../.build/release/seedfl"
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
[ -x "$binary" ] || { echo "netlab: no seedfl binary at $binary (swift build -c release, or --binary)" >&2; exit 2; }
case $model in synthetic | logreg | smollm-norms | smollm-lora) ;;
    *) echo "netlab: --model must be synthetic, logreg, smollm-norms or smollm-lora" >&2; exit 2 ;; esac
case $model in synthetic) default_lr=0.0001 ;; logreg) default_lr=0.2 ;; *) default_lr=0.005 ;; esac
[ -n "$lr" ] || lr=$default_lr
[ "$rounds" -ge 2 ] || { echo "netlab: --rounds must be at least 2 (seconds per round are measured between commits)" >&2; exit 2; }
for tool in ip tc python3; do command -v "$tool" >/dev/null || missing "the '$tool' command"; done
[ "$(id -u)" = 0 ] || missing "root (network namespaces need CAP_SYS_ADMIN and CAP_NET_ADMIN)"

prefix="sfl$$"
namespaces=()
cleanup() {
    for ns in "${namespaces[@]}"; do
        # Whatever still runs in the lab goes with it.
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
        ip netns del "$ns" 2>/dev/null || true
    done
    if [ -n "${own_work:-}" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
# A run in progress is stopped first (bash defers traps while a foreground child runs, so
# runs are waited for in the background).
up_pid=""
trap '[ -n "$up_pid" ] && kill -TERM "$up_pid" 2>/dev/null && wait "$up_pid"; exit 130' INT TERM

if [ -z "$work" ]; then work=$(mktemp -d /tmp/seedfl-netlab.XXXXXX); own_work=1; fi
mkdir -p "$work"

# --- The network: a switch namespace with a bridge, and one namespace per host. ------------
switch="$prefix-sw"
ip netns add "$switch" 2>/dev/null || missing "network namespaces ('ip netns add' failed)"
namespaces+=("$switch")
ip -n "$switch" link set lo up
ip -n "$switch" link add br0 type bridge || missing "bridges ('ip link add type bridge' failed)"
ip -n "$switch" link set br0 up

hosts=(broker agg)
for ((i = 0; i < trainers; i++)); do hosts+=("t$i"); done
declare -A address
for index in "${!hosts[@]}"; do
    host=${hosts[$index]}
    ns="$prefix-$host"
    ip netns add "$ns"
    namespaces+=("$ns")
    port="${prefix}p$index"
    ip link add eth0 netns "$ns" type veth peer name "$port" netns "$switch" || missing "veth pairs"
    address[$host]="10.77.0.$((index + 1))"
    ip -n "$ns" addr add "${address[$host]}/24" dev eth0
    ip -n "$ns" link set lo up
    ip -n "$ns" link set eth0 up
    ip -n "$switch" link set "$port" master br0 up
done
say "lab: ${#hosts[@]} hosts in namespaces $prefix-*, bridge in $switch"

# Limits (or frees) trainer i's link: tbf on its own interface (uplink) and on its switch
# port (downlink).
shape() {
    local mbit=$1
    for ((i = 0; i < trainers; i++)); do
        local ns="$prefix-t$i" port="${prefix}p$((i + 2))"
        ip netns exec "$ns" tc qdisc del dev eth0 root 2>/dev/null || true
        ip netns exec "$switch" tc qdisc del dev "$port" root 2>/dev/null || true
        if [ "$mbit" != 0 ]; then
            ip netns exec "$ns" tc qdisc add dev eth0 root tbf rate "${mbit}mbit" burst 32kb latency 400ms \
                || missing "tbf shaping ('tc qdisc add ... tbf' failed)"
            ip netns exec "$switch" tc qdisc add dev "$port" root tbf rate "${mbit}mbit" burst 32kb latency 400ms
        fi
    done
}

# Bytes trainer hosts' interfaces sent and received so far, as "tx rx" per line.
counters() {
    for ((i = 0; i < trainers; i++)); do
        ip -j -s -n "$prefix-t$i" link show dev eth0 \
            | python3 -c 'import json,sys; s=json.load(sys.stdin)[0]["stats64"]; print(s["tx"]["bytes"], s["rx"]["bytes"])'
    done
}

# The run's model and data.
model_section() {
    case $model in
        synthetic) printf '  model:\n    kind: synthetic\n    dimension: %s\n  data:\n    partitioner: iid\n' "$dimension" ;;
        logreg) printf '  model:\n    kind: logreg\n    buckets: %s\n  data:\n    partitioner: iid\n' "$dimension" ;;
        smollm-*)
            printf '  model:\n    kind: smollm\n    trainable: %s\n    trainable_blocks: 2\n' "${model#smollm-}"
            [ "$model" = smollm-lora ] && printf '    lora_rank: 8\n    lora_targets: [q, v]\n'
            printf '    template: "Review: <sentence> Sentiment:"\n    verbalizers: [" negative", " positive"]\n'
            printf '    forward_batch: 16\n    blas_threads: 1\n'
            # Declared, so the broker and aggregator never read the GGUF (the trainers check it).
            printf '    parameters: %s\n' "$([ "$model" = smollm-lora ] && echo 30720 || echo 2880)"
            printf '  data:\n    partitioner: iid\n    test_size: 100\n    train_limit: 200\n' ;;
    esac
}

# The topology of one run: every endpoint over tcp between the lab's addresses.
topology() {
    local algorithm=$1 dir=$2
    local b=${address[broker]} a=${address[agg]}
    cat <<YAML
name: netlab-$algorithm
description: "Scripts/netlab.sh: $algorithm on the $model model ($dimension) across network namespaces."
run:
  algorithm: $algorithm
  clients: $trainers
  sample: $sample
  rounds: $rounds
  seed: 7
  eval_every: 0
  aggregation: mean
$(model_section)
  zo:
    local_steps: 1
    perturbations: 5
    mu: 0.001
    lr: $lr
    batch_size: 8
deployment:
  run_dir: $dir
  checkpoint_every: 1000
  broker:
    publish: { bind: "tcp://$b:47101", connect: "tcp://$b:47101" }
    control: { bind: "tcp://$b:47102", connect: "tcp://$b:47102" }
    aggregates: { bind: "tcp://$b:47103", connect: "tcp://$b:47103" }
    round_timeout_ms: 900000     # a dense round at 1 Mbit/s takes minutes
    heartbeat_ms: 100
    liveness: 1200               # 120 s: heartbeats wait behind a dense commit (32 s for 4 MB at 1 Mbit/s)
    min_trainers: $trainers
  aggregators:
    - name: root
      contributions: { bind: "tcp://$a:47104", connect: "tcp://$a:47104" }
      upstream: broker
      quorum: all
YAML
    if [ "$secure" = 1 ]; then printf 'security:\n  keys: %s\n' "$work/keys"; fi
}

results="$work/results.jsonl"
: >"$results"
for mbit in $links; do
    shape "$mbit"
    for algorithm in $algorithms; do
        dir="$work/$algorithm-$mbit"
        mkdir -p "$dir"
        topology "$algorithm" "$dir/run" >"$dir/topology.yaml"
        # One set of keys for the lab (generate never replaces an existing secret).
        if [ "$secure" = 1 ]; then "$binary" keys generate --topology "$dir/topology.yaml" >/dev/null; fi
        say "$algorithm, trainer links $([ "$mbit" = 0 ] && echo unlimited || echo "$mbit Mbit/s"): $rounds rounds"
        before=$(counters)
        NETLAB_PREFIX=$prefix "$binary" up "$dir/topology.yaml" --fresh --json --wrap "$here/netlab-exec.sh" \
            >"$dir/summary.json" 2>"$dir/up.log" &
        up_pid=$!
        wait "$up_pid" || { tail -20 "$dir/up.log" >&2; echo "netlab: the run failed (log: $dir/up.log)" >&2; exit 1; }
        up_pid=""
        after=$(counters)
        python3 - "$dir" "$algorithm" "$mbit" "$trainers" "$rounds" "$before" "$after" >>"$results" <<'PY'
import json, sys
directory, algorithm, mbit, trainers, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
before = [list(map(int, line.split())) for line in sys.argv[6].splitlines()]
after = [list(map(int, line.split())) for line in sys.argv[7].splitlines()]
summary = json.loads(open(f"{directory}/summary.json").read().strip().splitlines()[-1])
commits = [json.loads(line)["unix_ms"] for line in open(f"{directory}/run/rounds.jsonl")]
wire = summary["wire_bytes"]
sockets = [wire[f"trainer-{i}"] for i in range(trainers)]
print(json.dumps({
    "algorithm": algorithm,
    "link_mbit": None if mbit == 0 else mbit,
    "parameters": summary["parameters"],
    "rounds": len(commits),
    # Between the first and the last commit: start-up (model, connections) is left out.
    "seconds_per_round": (commits[-1] - commits[0]) / 1000 / max(1, len(commits) - 1),
    "uplink_bytes_per_trainer_per_round": sum(s["sent"] for s in sockets) / trainers / len(commits),
    "downlink_bytes_per_trainer_per_round": sum(s["received"] for s in sockets) / trainers / len(commits),
    "uplink_wire_bytes_per_trainer_per_round": sum(a[0] - b[0] for a, b in zip(after, before)) / trainers / len(commits),
    "downlink_wire_bytes_per_trainer_per_round": sum(a[1] - b[1] for a, b in zip(after, before)) / trainers / len(commits),
    "final_loss": summary["final_loss"],
    "seconds": summary["seconds"],
}))
PY
    done
done

python3 - "$results" "$json" <<'PY'
import json, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
if sys.argv[2] == "1":
    print(json.dumps({"runs": runs}))
else:
    print(f"{'algorithm':<9} {'link':>9} {'d':>9} {'s/round':>8} {'up B/round':>11} {'down B/round':>12} {'up wire':>10} {'down wire':>10} {'final loss':>11}")
    for r in runs:
        link = "unlimited" if r["link_mbit"] is None else f"{r['link_mbit']} Mbit/s"
        print(f"{r['algorithm']:<9} {link:>9} {r['parameters']:>9} {r['seconds_per_round']:>8.2f} "
              f"{r['uplink_bytes_per_trainer_per_round']:>11.0f} {r['downlink_bytes_per_trainer_per_round']:>12.0f} "
              f"{r['uplink_wire_bytes_per_trainer_per_round']:>10.0f} {r['downlink_wire_bytes_per_trainer_per_round']:>10.0f} "
              f"{r['final_loss']:>11.5g}")
PY
