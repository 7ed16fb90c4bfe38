#!/usr/bin/env bash
# Instructions executed (valgrind's callgrind, millions) by `BIN run` of
# each workload of bench/workloads at a tenth of its default scale: the
# whole process (start-up, translation, the run). Deterministic, so two
# builds compare exactly on a busy machine.
#
#   scripts/callgrind.sh BIN [WORKLOAD...]
#
# BIN is a mote binary (e.g. target/release/mote). Needs valgrind
# (apt-get install valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1
shift
list=bench/workloads/checksums.txt
workloads=${*:-$(grep -v '^#' "$list" | awk '!seen[$1]++ {print $1}')}
for name in $workloads; do
    scale=$(grep -v '^#' "$list" | awk -v n="$name" '$1 == n && !s {s = $2} END {print int(s / 10)}')
    ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" run \
        "bench/workloads/$name.wasm" "$scale" 2>&1 >/dev/null | awk '/Collected/ {print $4}')
    printf '%-14s %10.1f\n' "$name" "$(echo "$ir / 1000000" | bc -l)"
done
