#!/usr/bin/env bash
# Seeded fuzzing on stable Rust: builds the mote-fuzz runner (profile
# `fuzz`: optimized, debug assertions and overflow checks in Mote, wasmtime
# built in as the differential target's tie-breaker) and runs it.
#
#   scripts/fuzz.sh [TARGET...] [--time SECS | --count N] [--seed S] [--out DIR]
#                   [--jobs N]
#
# Every target (or those named) runs for SECS (default 60) from seed S
# (default: a fresh one, printed; input i of a target is seed S + i), N
# targets at once (default: one per CPU; CI's 8 targets of 25 s take
# 100 s on 2 CPUs). A
# failing input is saved and minimized under DIR (default fuzz/out) and the
# script exits 1; once the bug is fixed, keep the input in
# fuzz/regressions/TARGET/, which `cargo test --workspace` replays.
# The runner's other commands (replay, minimize, module, input): run
# target/fuzz/mote-fuzz without arguments for its usage.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --profile fuzz -p mote-fuzz --features wasmtime
exec "${CARGO_TARGET_DIR:-target}/fuzz/mote-fuzz" run "$@"
