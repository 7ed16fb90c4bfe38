#!/usr/bin/env bash
# Benchmarks Mote (its interpreter, and its AOT tier from artifacts
# compiled beforehand: the mote-aot column) side by side with wasmi, wasm3,
# WAMR (fast and classic interpreters), wasmtime (Pulley and Cranelift) and
# native code, from a fresh clone:
#   1. installs the peers into target/peers/ (bench/peers/install.sh; a peer
#      that fails is reported in the table, the run goes on),
#   2. builds the workloads if any .wasm or native binary is missing
#      (bench/build-workloads.sh),
#   3. builds mote and the harness with fat LTO into target/bench/cargo/
#      (its own target dir, so the everyday thin-LTO target/release/mote is
#      left alone),
#   4. runs the harness (bench/src/, crate mote-bench): 5 round-robin runs of
#      every workload on every runtime, start-up, callgrind instruction
#      counts; writes bench/results/latest.{md,json} and the bench block of
#      README.md's Speed section.
#
#   scripts/bench.sh                          everything, about 10 minutes
#   scripts/bench.sh --scale small --runs 1   a quick check: arguments go to
#                                             mote-bench (see its --help), and
#                                             README.md is then left alone
set -euo pipefail
cd "$(dirname "$0")/.."

if ! bench/peers/install.sh; then
    echo "bench: some peers failed to install; their columns will say why" >&2
fi

missing=0
while read -r name _; do
    case "$name" in '#'* | '') continue ;; esac
    if [ ! -f "bench/workloads/$name.wasm" ] || [ ! -x "target/bench/native/$name" ]; then
        missing=1
    fi
done <bench/workloads/checksums.txt
if [ "$missing" -eq 1 ]; then
    bench/build-workloads.sh
fi

export CARGO_TARGET_DIR=target/bench/cargo CARGO_PROFILE_RELEASE_LTO=fat
# `mote` as users build it (no AOT tier: it would add to its start-up),
# and a second build with the `aot` feature for the mote-aot column.
cargo build --release -q -p mote-cli --features aot
cp target/bench/cargo/release/mote target/bench/mote-aot
cargo build --release -q -p mote-cli -p mote-bench

readme=(--readme README.md)
[ "$#" -gt 0 ] && readme=()
exec target/bench/cargo/release/mote-bench --mote target/bench/cargo/release/mote \
    --mote-aot target/bench/mote-aot \
    "${readme[@]}" "$@"
