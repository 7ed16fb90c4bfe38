#!/usr/bin/env bash
# Mote's footprint on the two boards, measured from release ELFs:
#   - each board's `hello` firmware: text, rodata, data, bss (size -A);
#   - the engine alone: scripts/size-probe (decode, validate, translate,
#     instantiate, call) linked with --gc-sections, per target;
#   - the engine with SIMD: the same probe built with `simd` on;
#   - the runner alone: the same probe built with `image` instead of
#     `wasm` (an image from a `&[u8]`: header, linear check, instantiate,
#     call; no wasmparser, no WASI);
#   - the RAM high-water mark of hello.wasm: the heap's peak (a build with
#     MOTE_HEAP_REPORT prints it) and the stack's (painted at start-up);
#   - the same for hello from an image on mps2-an386 (hello_image: the
#     runner build, the image in flash and its code used in place);
#   - the smallest linear memory hello needs: hello_small.wasm declares 32
#     one-byte pages.
# Prints the table (also written to target/footprint.md).
#   scripts/footprint.sh           measure and print
#   scripts/footprint.sh --update  also record the figures in boards/footprint.txt
#   scripts/footprint.sh --check   fail if a figure grew more than 10% over
#                                  boards/footprint.txt (CI runs this)
# Always builds with Debian's rustc-web + rust-web-src (-Zbuild-std), even
# where rustup has the targets; scripts/lib/boards-toolchain.sh installs
# what is missing of those, lld and qemu.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
LOG_PREFIX=footprint
# shellcheck source=scripts/lib/boards-toolchain.sh
source scripts/lib/boards-toolchain.sh
MODE="${1:-}"
BASELINE=boards/footprint.txt

BOARDS=(mps2-an386 virt-riscv32)
declare -A TRIPLE=([mps2-an386]=thumbv7em-none-eabihf [virt-riscv32]=riscv32imac-unknown-none-elf)
declare -A EMU=([thumbv7em-none-eabihf]=armelf [riscv32imac-unknown-none-elf]=elf32lriscv)
declare -A QEMU=(
    [mps2-an386]="qemu-system-arm -M mps2-an386 -nographic -semihosting-config enable=on,target=native -kernel"
    [virt-riscv32]="qemu-system-riscv32 -M virt -bios none -nographic -kernel"
)

cross_toolchain --debian "${TRIPLE[@]}"
CROSS+=(-q)

# section ELF NAME: the size of one section (0 if absent; .sdata/.sbss fold in).
section() {
    size -A "$1" | awk -v s="$2" '$1 == s || $1 == ".s" substr(s, 2) { n += $2 } END { print n + 0 }'
}

# probe_build BOARD CARGO-ARGS...: builds scripts/size-probe for BOARD's
# target, in the board's folder (its cargo configuration: the same flags)
# into the boards' target dir, so that what the probes share with the
# firmware (core, alloc, the engine with the same features, its
# dependencies) is built once for both.
probe_build() {
    local board=$1
    shift
    (cd "boards/$board" && "${CROSS[@]}" --manifest-path "$root/scripts/size-probe/Cargo.toml" \
        --target "${TRIPLE[$board]}" --target-dir "$root/target/boards" "$@")
}

declare -A FIG
rows=()
for board in "${BOARDS[@]}"; do
    triple=${TRIPLE[$board]}
    # The whole firmware, as shipped.
    (cd "boards/$board" && "${CROSS[@]}" --bin hello --target-dir "$root/target/boards")
    elf="target/boards/$triple/release/hello"
    for s in text rodata data bss; do FIG[$board.fw.$s]=$(section "$elf" ".$s"); done

    # The engine alone.
    mkdir -p "target/footprint/$triple"
    lib="target/boards/$triple/release/libmote_size_probe.a"
    probe_build "$board"
    probe="target/footprint/$triple/probe.elf"
    ld.lld -m "${EMU[$triple]}" --gc-sections --entry=mote_probe_run "$lib" -o "$probe"
    for s in text rodata data; do FIG[$board.engine.$s]=$(section "$probe" ".$s"); done
    # The probe's bss is its 64 KiB allocator arena, not the engine's.
    FIG[$board.engine.bss]=$(( $(section "$probe" .bss) - 65536 ))

    # The engine with SIMD (the `simd` feature; the boards build without).
    probe_build "$board" --features simd
    simd="target/footprint/$triple/probe-simd.elf"
    ld.lld -m "${EMU[$triple]}" --gc-sections --entry=mote_probe_run "$lib" -o "$simd"
    for s in text rodata; do FIG[$board.engine_simd.$s]=$(section "$simd" ".$s"); done

    # The runner alone: the probe loading an image.
    probe_build "$board" --no-default-features --features image
    runner="target/footprint/$triple/runner.elf"
    ld.lld -m "${EMU[$triple]}" --gc-sections --entry=mote_probe_run "$lib" -o "$runner"
    for s in text rodata data; do FIG[$board.runner.$s]=$(section "$runner" ".$s"); done

    # RAM high-water mark running hello.wasm.
    (cd "boards/$board" && MOTE_HEAP_REPORT=1 "${CROSS[@]}" --bin hello --target-dir "$root/target/boards")
    # shellcheck disable=SC2086 # QEMU holds a command line
    out=$(timeout 60 ${QEMU[$board]} "target/boards/$triple/release/hello" </dev/null 2>/dev/null || true)
    FIG[$board.heap_peak]=$(sed -n 's/.*\[heap peak \([0-9]*\) .*/\1/p' <<<"$out" | tail -1)
    FIG[$board.stack_peak]=$(sed -n 's/.*\[stack peak \([0-9]*\)\].*/\1/p' <<<"$out" | tail -1)
    [[ -n ${FIG[$board.heap_peak]} ]] || { log "no heap report from $board: $out"; exit 1; }
    [[ -n ${FIG[$board.stack_peak]} ]] || FIG[$board.stack_peak]=0

    # RAM high-water mark running hello from an image (runner build).
    if [[ $board == mps2-an386 ]]; then
        (cd "boards/$board" && MOTE_HEAP_REPORT=1 "${CROSS[@]}" --bin hello_image \
            --no-default-features --features runner --target-dir "$root/target/boards")
        # shellcheck disable=SC2086 # QEMU holds a command line
        out=$(timeout 60 ${QEMU[$board]} "target/boards/$triple/release/hello_image" </dev/null 2>/dev/null || true)
        FIG[$board.image_heap_peak]=$(sed -n 's/.*\[heap peak \([0-9]*\) .*/\1/p' <<<"$out" | tail -1)
        FIG[$board.image_stack_peak]=$(sed -n 's/.*\[stack peak \([0-9]*\)\].*/\1/p' <<<"$out" | tail -1)
        [[ -n ${FIG[$board.image_heap_peak]} ]] || { log "no heap report from $board's hello_image: $out"; exit 1; }
        [[ -n ${FIG[$board.image_stack_peak]} ]] || FIG[$board.image_stack_peak]=0
    fi
done

small=$(cargo run -q --release -p mote-cli -- inspect tests/wasi/hello_small.wasm | sed -n 's/^  (memory \([0-9]*\) .*(pagesize 1))$/\1/p' | head -1)

{
    echo "| | mps2-an386 (thumbv7em-none-eabihf) | virt-riscv32 (riscv32imac) |"
    echo "|---|---|---|"
    for s in text rodata data bss; do
        echo "| firmware \`.$s\` (hello) | ${FIG[mps2-an386.fw.$s]} | ${FIG[virt-riscv32.fw.$s]} |"
    done
    for s in text rodata data bss; do
        echo "| engine alone \`.$s\` | ${FIG[mps2-an386.engine.$s]} | ${FIG[virt-riscv32.engine.$s]} |"
    done
    for s in text rodata; do
        echo "| engine with \`simd\` \`.$s\` | ${FIG[mps2-an386.engine_simd.$s]} | ${FIG[virt-riscv32.engine_simd.$s]} |"
    done
    for s in text rodata data; do
        echo "| runner alone (images, no wasmparser) \`.$s\` | ${FIG[mps2-an386.runner.$s]} | ${FIG[virt-riscv32.runner.$s]} |"
    done
    echo "| heap high-water, hello.wasm | ${FIG[mps2-an386.heap_peak]} | ${FIG[virt-riscv32.heap_peak]} |"
    echo "| stack high-water, hello.wasm | ${FIG[mps2-an386.stack_peak]} | ${FIG[virt-riscv32.stack_peak]} |"
    echo "| heap high-water, hello from an image (runner, in place) | ${FIG[mps2-an386.image_heap_peak]:-—} | ${FIG[virt-riscv32.image_heap_peak]:-—} |"
    echo "| stack high-water, hello from an image (runner, in place) | ${FIG[mps2-an386.image_stack_peak]:-—} | ${FIG[virt-riscv32.image_stack_peak]:-—} |"
    echo "| smallest linear memory for hello (hello_small.wasm) | $small bytes | $small bytes |"
} | tee target/footprint.md

current=$(for k in "${!FIG[@]}"; do echo "$k ${FIG[$k]}"; done | sort)
case "$MODE" in
    --update)
        { echo "# figure bytes: written by scripts/footprint.sh --update"; echo "$current"; } >"$BASELINE"
        echo "footprint: recorded in $BASELINE" ;;
    --check)
        bad=0
        while read -r key was; do
            [[ $key == \#* || -z $key ]] && continue
            now=$(awk -v k="$key" '$1 == k { print $2 }' <<<"$current")
            if [[ -z $now ]]; then log "$key no longer measured"; bad=1; continue; fi
            if (( now * 10 > was * 11 )); then
                log "$key grew from $was to $now bytes (more than 10%)"
                bad=1
            fi
        done <"$BASELINE"
        ((bad == 0)) && echo "footprint: within 10% of $BASELINE"
        exit "$bad" ;;
esac
