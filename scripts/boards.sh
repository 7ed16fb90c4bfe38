#!/usr/bin/env bash
# Builds the board firmwares (boards/mps2-an386, boards/virt-riscv32), runs
# every program on both boards under qemu, and compares each run's output
# (the UART: stdout and stderr in order) and exit status with the same
# program run on the host by `mote run`. Prints one PASS/FAIL line per
# program and board; exits non-zero on any mismatch.
#
#   scripts/boards.sh           build, run, compare; then the ELF sizes
#   scripts/boards.sh --no-unit skip the host unit tests of the board backend
#
# Toolchain and packages: scripts/lib/boards-toolchain.sh (rustup's where
# it has both targets installed, else Debian's rustc-web + rust-web-src with
# -Zbuild-std; apt-get installs what is missing of those, lld and qemu).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
LOG_PREFIX=boards
# shellcheck source=scripts/lib/boards-toolchain.sh
source scripts/lib/boards-toolchain.sh

UNIT=1
case "${1:-}" in
    "") ;;
    --no-unit) UNIT=0 ;;
    *)
        echo "usage: $0 [--no-unit]" >&2
        exit 2
        ;;
esac

BOARDS=(mps2-an386 virt-riscv32)
declare -A TRIPLE=([mps2-an386]=thumbv7em-none-eabihf [virt-riscv32]=riscv32imac-unknown-none-elf)
# The runners of the boards' .cargo/config.toml, with the ELF appended.
declare -A QEMU=(
    [mps2-an386]="qemu-system-arm -M mps2-an386 -nographic -semihosting-config enable=on,target=native -kernel"
    [virt-riscv32]="qemu-system-riscv32 -M virt -bios none -nographic -kernel"
)
RUN_TIMEOUT=60

# --- toolchain -------------------------------------------------------------

cross_toolchain "${TRIPLE[@]}"

# --- host side -------------------------------------------------------------

if ((UNIT)); then
    log "host unit tests of the board backend (wasi-lite --features board,board-image)"
    cargo test -q -p wasi-lite --features board,board-image --lib board >&2
fi

log "building mote (host reference)"
cargo build -q --release -p mote-cli >&2
MOTE="$root/target/release/mote"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/host" "$work/expected" "$work/stdin"

# Each case: NAME BIN STDIN-FILE HOST-ARGS... ; the board bin has the same
# arguments and environment built in (boards/*/src/bin/BIN.rs).
printf 'abc\nxyz' >"$work/stdin/abc"
: >"$work/stdin/none"
CASES=(
    "hello|hello|none|hello"
    "hello_small|hello_small|none|hello_small"
    "args_env|args_env|none|--env HOME=/home/mote --env LANG=C --env EMPTY= args_env one 'two words' ''"
    "exit_code|exit_code|none|exit_code 42"
    "trap|trap|none|trap"
    "clock_random|clock_random|none|clock_random"
    "cat_stdin|cat_stdin|abc|cat_stdin"
    "cat_stdin_empty|cat_stdin|none|cat_stdin"
    "copy_no_dir|copy|none|copy /data/in.txt /data/out.txt"
)

# The host runs each module under its bare name, so argv[0] is the name
# (as on the boards): `mote run args_env ...` in a folder holding it.
for f in tests/wasi/*.wasm; do
    cp "$f" "$work/host/$(basename "$f" .wasm)"
done
for case in "${CASES[@]}"; do
    IFS='|' read -r name _bin stdin args <<<"$case"
    set +e
    (cd "$work/host" && eval "\"$MOTE\" run $args") \
        <"$work/stdin/$stdin" >"$work/expected/$name.out" 2>&1
    echo $? >"$work/expected/$name.status"
    set -e
done

# blink needs `mote:hal`, which `mote run` does not provide: its expected
# output is fixed here (it is also asserted by the host unit tests). On the
# virt board the mock pins log each change on the same UART.
blink_lines() {
    local board=$1 i
    for i in 1 2 3; do
        [[ $board == virt-riscv32 ]] && echo "gpio: pin 0 high"
        echo "pin 0 set 1, reads 1"
        [[ $board == virt-riscv32 ]] && echo "gpio: pin 0 low"
        echo "pin 0 set 0, reads 0"
    done
    echo "pin 7: no such pin"
    echo "delay ok"
}

# --- boards ----------------------------------------------------------------

# The programs this script runs, and only those: every firmware is a fat-LTO
# link of the engine at opt-level "z" (about 10 s each here). The boards'
# other programs are built where they run: spec and spec_image by
# scripts/boards-spec.sh, bench_* by scripts/bench-mcu.sh.
BINS=(blink)
for case in "${CASES[@]}"; do
    IFS='|' read -r _name bin _ <<<"$case"
    [[ " ${BINS[*]} " == *" $bin "* ]] || BINS+=("$bin")
done
bin_args=()
for bin in "${BINS[@]}"; do bin_args+=(--bin "$bin"); done

for board in "${BOARDS[@]}"; do
    log "building boards/$board (release): ${BINS[*]}"
    if ! (cd "boards/$board" && "${CROSS[@]}" "${bin_args[@]}") >"$work/build-$board.log" 2>&1; then
        cat "$work/build-$board.log" >&2
        log "boards/$board does not build"
        exit 1
    fi
done
# hello from an image, on each board with the runner build (no wasmparser):
# build.rs compiles the image on the host, the board runs it from flash.
for board in "${BOARDS[@]}"; do
    log "building boards/$board hello_image (runner)"
    if ! (cd "boards/$board" && "${CROSS[@]}" --bin hello_image --no-default-features --features runner) \
        >"$work/build-runner-$board.log" 2>&1; then
        cat "$work/build-runner-$board.log" >&2
        log "boards/$board hello_image does not build"
        exit 1
    fi
done

fails=0
passes=0
# run BOARD BIN STDIN-FILE OUT EXTRA-QEMU-ARGS...: the status is echoed.
run() {
    local board=$1 bin=$2 input=$3 out=$4
    shift 4
    local elf="target/boards/${TRIPLE[$board]}/release/$bin"
    set +e
    # shellcheck disable=SC2086 # QEMU holds a command line
    timeout "$RUN_TIMEOUT" ${QEMU[$board]} "$elf" "$@" <"$input" >"$out" 2>"$out.qemu"
    echo $?
    set -e
}

verdict() {
    local board=$1 name=$2 ok=$3 detail=$4
    if ((ok)); then
        passes=$((passes + 1))
        printf 'PASS  %-13s %s\n' "$board" "$name"
    else
        fails=$((fails + 1))
        printf 'FAIL  %-13s %s: %s\n' "$board" "$name" "$detail"
    fi
}

for board in "${BOARDS[@]}"; do
    for case in "${CASES[@]}"; do
        IFS='|' read -r name bin stdin _args <<<"$case"
        # A serial line has no end of file: EOT (Ctrl-D) ends the board's stdin.
        cp "$work/stdin/$stdin" "$work/in"
        [[ $bin == cat_stdin ]] && printf '\x04' >>"$work/in"
        out="$work/$board-$name.out"
        status=$(run "$board" "$bin" "$work/in" "$out")
        want=$(cat "$work/expected/$name.status")
        if [[ $status != "$want" ]]; then
            verdict "$board" "$name" 0 "exit status $status, host $want$([[ $status == 124 ]] && echo ' (timed out)')"
            diff <(cat "$work/expected/$name.out") "$out" | head -20 || true
        elif ! cmp -s "$work/expected/$name.out" "$out"; then
            verdict "$board" "$name" 0 "output differs from the host's (< host, > board)"
            diff "$work/expected/$name.out" "$out" | head -20 || true
        else
            verdict "$board" "$name" 1 ""
        fi
    done

    # blink: on mps2-an386 qemu also traces the LED itself; USERLED0 must go
    # on at reset, off at init, then on and off three times.
    out="$work/$board-blink.out"
    extra=()
    [[ $board == mps2-an386 ]] && extra=(-trace led_change_intensity)
    status=$(run "$board" blink "$work/stdin/none" "$out" "${extra[@]}")
    if [[ $status != 0 ]]; then
        verdict "$board" blink 0 "exit status $status, expected 0"
    elif ! cmp -s <(blink_lines "$board") "$out"; then
        verdict "$board" blink 0 "output differs (< expected, > board)"
        diff <(blink_lines "$board") "$out" | head -20 || true
    else
        verdict "$board" blink 1 ""
    fi
    if [[ $board == mps2-an386 ]]; then
        leds=$(grep "USERLED0" "$out.qemu" | sed -E 's/.* -> ([0-9]+)%/\1/' | tr '\n' ' ')
        if [[ $leds == "100 0 100 0 100 0 100 0 " ]]; then
            verdict "$board" "blink, LED0 in qemu's trace" 1 ""
        else
            verdict "$board" "blink, LED0 in qemu's trace" 0 "USERLED0 went: ${leds:-nowhere}"
        fi
    fi
    # hello from an image prints what hello.wasm prints on the host.
    out="$work/$board-hello_image.out"
    status=$(run "$board" hello_image "$work/stdin/none" "$out")
    if [[ $status != "$(cat "$work/expected/hello.status")" ]]; then
        verdict "$board" hello_image 0 "exit status $status"
        head -5 "$out"
    elif ! cmp -s "$work/expected/hello.out" "$out"; then
        verdict "$board" hello_image 0 "output differs from the host's hello (< host, > board)"
        diff "$work/expected/hello.out" "$out" | head -20 || true
    else
        verdict "$board" hello_image 1 ""
    fi
done

echo
echo "Release ELFs (size -A): flash = code, read-only data and .data's initial"
echo "values; RAM = .data + .bss (the heap is in .bss); the stack is the rest of RAM."
for board in "${BOARDS[@]}"; do
    for bin in "${BINS[@]}" hello_image; do
        elf="target/boards/${TRIPLE[$board]}/release/$bin"
        size -A "$elf" | awk -v b="$board" -v n="$(basename "$elf")" '
            $1 ~ /^\.(vector_table|text|init|init\.rust|trap|rodata|data|gnu\.sgstubs)$/ { flash += $2 }
            $1 ~ /^\.(data|bss|uninit)$/ { ram += $2 }
            END { printf "  %-13s %-13s flash %7d  RAM %8d\n", b, n, flash, ram }'
    done
done
echo
echo "$passes passed, $fails failed"
((fails == 0))
