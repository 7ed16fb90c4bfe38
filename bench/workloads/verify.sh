#!/usr/bin/env bash
# Runs every workload under a WebAssembly runtime at each scale listed in
# checksums.txt and fails unless it prints the expected two lines.
#
#   bench/workloads/verify.sh RUNTIME [ARGS...]
#
# RUNTIME [ARGS...] is the command before the module and its scale, e.g.
#   bench/workloads/verify.sh target/release/mote run
#   bench/workloads/verify.sh wasmtime run --target pulley64
# Set ONLY=small to run just the small (microcontroller) scales.
set -euo pipefail
export LC_ALL=C

if [ "$#" -eq 0 ]; then
    echo "usage: $0 RUNTIME [ARGS...]" >&2
    exit 2
fi
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

declare -A default_scale=()
passed=0
failed=0
while read -r name scale checksum; do
    case "$name" in '#'* | '') continue ;; esac
    # The first row of a workload is its default scale, the second the small one.
    if [ -z "${default_scale[$name]:-}" ]; then
        default_scale[$name]=$scale
        [ "${ONLY:-}" = small ] && continue
    fi
    expected="$name scale=$scale"$'\n'"checksum: $checksum"
    start=$(date +%s%N)
    if actual="$("$@" "$dir/$name.wasm" "$scale" 2>&1)" && [ "$actual" = "$expected" ]; then
        passed=$((passed + 1))
        printf 'ok    %-14s %8s  %s  %6d ms\n' "$name" "$scale" "$checksum" \
            $((($(date +%s%N) - start) / 1000000))
    else
        failed=$((failed + 1))
        printf 'FAIL  %-14s %8s  expected %s, got:\n%s\n' "$name" "$scale" "$checksum" "$actual"
    fi
done <"$dir/checksums.txt"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
