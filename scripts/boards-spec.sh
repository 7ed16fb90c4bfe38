#!/usr/bin/env bash
# Runs the official spec test suite on both emulated boards and compares the
# totals with the host's.
#
#  1. The host converts every .wast file into a command stream
#     (`spec-stream`, into target/spec-streams/) and runs the streams itself
#     with the boards' engine limits: the host totals.
#  2. The streams are packed into batches of at most --batch-bytes bytes;
#     each batch becomes one `spec` firmware image per board
#     (boards/*/src/bin/spec.rs, which runs boards/common/spec.rs; built
#     with --features spec-streams and MOTE_SPEC_STREAMS naming the batch's
#     streams.rs).
#  3. Every image runs under qemu (with a timeout, two at a time); the
#     `spec: <stream> <directives> <passed> <failed>` lines of a board's
#     images are summed.
#
# Prints each board's totals next to the host's, every failing directive,
# the streams whose counts differ from the host's, the images' sizes and
# the heap and stack they used. Exits non-zero if a board's totals differ
# from the host's (or an image does not build or does not finish).
#
#   scripts/boards-spec.sh [--board NAME]... [--batch-bytes N] [--max-chunk N]
#                          [--filter TEXT] [--timeout SECONDS] [--images]
#
#   --board NAME      only this board (mps2-an386, virt-riscv32); repeatable
#   --images          the streams carry images compiled on the host
#                     (spec-stream --images, into target/spec-streams-images/)
#                     and the boards run them on the runner, without
#                     wasmparser (src/bin/spec_image.rs, --features spec-images)
#   --batch-bytes N   stream bytes per image (default 3 MiB: the whole suite,
#                     2,720 KB with the SIMD sets, is one image of 3.0-3.1 MB
#                     of flash; both boards link the image into a 4 MiB
#                     code region)
#   --max-chunk N     passed to spec-stream: split files into streams of at
#                     most N bytes (needed only for batches smaller than a file)
#   --filter TEXT     passed to spec-stream: only files whose set/file contains TEXT
#   --timeout S       per image under qemu (default 120; the whole suite takes
#                     about 30 s per board)
#
# RAM: virt-riscv32 runs with `-m 256M` (VIRT_MEM), and its heap takes all of
# it but the image, the stack and the device tree. mps2-an386's RAM is fixed
# by qemu (24 MiB in four blocks, the largest 16 MiB): the three directives
# that grow a memory beyond 16 MiB fail there (boards/README.md).
#
# Toolchain and packages: as scripts/boards.sh. Builds go to its
# target/boards/ (the `spec` binary beside its programs; core, alloc and
# the engine's dependencies are built once for both scripts).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
LOG_PREFIX=boards-spec
# shellcheck source=scripts/lib/boards-toolchain.sh
source scripts/lib/boards-toolchain.sh

usage() {
    sed -n '/^#   scripts\/boards-spec.sh/,/^#   --timeout/p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

BOARDS=()
BATCH_BYTES=$((3 * 1024 * 1024))
MAX_CHUNK=()
FILTER=()
RUN_TIMEOUT=120
VIRT_MEM="${VIRT_MEM:-256M}"
IMAGES=0
while (($#)); do
    case "$1" in
        --board) BOARDS+=("${2:?--board needs a name}"); shift 2 ;;
        --batch-bytes) BATCH_BYTES="${2:?--batch-bytes needs a number}"; shift 2 ;;
        --max-chunk) MAX_CHUNK=(--max-chunk "${2:?--max-chunk needs a number}"); shift 2 ;;
        --filter) FILTER=(--filter "${2:?--filter needs a text}"); shift 2 ;;
        --timeout) RUN_TIMEOUT="${2:?--timeout needs seconds}"; shift 2 ;;
        --images) IMAGES=1; shift ;;
        -h | --help) usage ;;
        *) log "unknown argument $1"; usage ;;
    esac
done
((${#BOARDS[@]})) || BOARDS=(mps2-an386 virt-riscv32)
[[ $BATCH_BYTES =~ ^[0-9]+$ && $BATCH_BYTES -gt 0 ]] || { log "bad --batch-bytes"; exit 2; }

declare -A TRIPLE=([mps2-an386]=thumbv7em-none-eabihf [virt-riscv32]=riscv32imac-unknown-none-elf)
# The boards' runners (.cargo/config.toml), with the RAM the suite needs.
declare -A QEMU=(
    [mps2-an386]="qemu-system-arm -M mps2-an386 -nographic -semihosting-config enable=on,target=native -kernel"
    [virt-riscv32]="qemu-system-riscv32 -M virt -bios none -m $VIRT_MEM -nographic -kernel"
)
for board in "${BOARDS[@]}"; do
    [[ -n ${TRIPLE[$board]:-} ]] || { log "no board $board"; exit 2; }
done
# The engine limits of boards/common/spec.rs, for the host run.
ENGINE_LIMITS=(--max-call-depth 1000 --max-stack-slots 16384)

OUT="$root/target/spec-streams"
# What the host writes and the boards build: modules as .wasm for the
# `spec` program, or as images for `spec_image` on the runner.
STREAM_ARGS=()
BIN=spec
BIN_FEATURES=(--features spec-streams)
if ((IMAGES)); then
    OUT="$root/target/spec-streams-images"
    STREAM_ARGS=(--images)
    BIN=spec_image
    BIN_FEATURES=(--no-default-features --features spec-images)
fi
TARGET_DIR="$root/target/boards"

# The same toolchain as scripts/boards.sh, whichever boards run.
cross_toolchain "${TRIPLE[@]}"

# --- host: the streams and the reference totals ----------------------------

log "converting the .wast files into streams ($OUT) and running them on the host"
rm -rf "$OUT"
mkdir -p "$OUT"
cargo build -q --release -p mote-spec-tests --bin spec-stream >&2
"$root/target/release/spec-stream" "$OUT" "${MAX_CHUNK[@]}" "${FILTER[@]}" "${STREAM_ARGS[@]}" \
    --run "${ENGINE_LIMITS[@]}" >"$OUT/host.out"
HOST_TOTAL=$(grep '^spec total: ' "$OUT/host.out") || {
    cat "$OUT/host.out" >&2
    log "the host run printed no total"
    exit 1
}

# Batches: the streams in index order, at most BATCH_BYTES each (a stream
# larger than that is a batch of its own). index.txt: path set/file
# chunk/chunks directives bytes replayed.
mkdir -p "$OUT/batches" "$OUT/images" "$OUT/runs"
awk -v max="$BATCH_BYTES" -v dir="$OUT/batches" '
    function open_batch() {
        n++
        file = sprintf("%s/batch-%d.rs", dir, n)
        print "// Generated by scripts/boards-spec.sh: batch " n " of the spec-test streams." >file
        print "pub static STREAMS: &[&[u8]] = &[" >>file
        bytes = 0
    }
    function close_batch() {
        print "];" >>file
        close(file)
    }
    {
        if (n == 0 || (bytes > 0 && bytes + $5 > max)) {
            if (n) close_batch()
            open_batch()
        }
        printf "    include_bytes!(\"../%s\"),\n", $1 >>file
        bytes += $5
    }
    END { if (n) close_batch() }
' "$OUT/index.txt"
BATCHES=("$OUT"/batches/batch-*.rs)
[[ -e ${BATCHES[0]} ]] || { log "no streams (does --filter match anything?)"; exit 1; }
NBATCH=${#BATCHES[@]}
log "$(wc -l <"$OUT/index.txt") streams, $(awk '{b += $5} END {print b}' "$OUT/index.txt") bytes, in $NBATCH image(s) of at most $BATCH_BYTES stream bytes"

# --- boards: build every image --------------------------------------------

for board in "${BOARDS[@]}"; do
    for ((k = 1; k <= NBATCH; k++)); do
        log "building boards/$board $BIN, image $k/$NBATCH"
        log_file="$OUT/images/$board-$k.build.log"
        if ! (cd "boards/$board" && MOTE_SPEC_STREAMS="$OUT/batches/batch-$k.rs" \
            "${CROSS[@]}" --bin "$BIN" "${BIN_FEATURES[@]}" --target-dir "$TARGET_DIR") \
            >"$log_file" 2>&1; then
            cat "$log_file" >&2
            if grep -q "will not fit in region\|overflowed by" "$log_file"; then
                log "image $k does not fit boards/$board's code region: try a smaller --batch-bytes"
            fi
            log "boards/$board $BIN does not build"
            exit 1
        fi
        cp "$TARGET_DIR/${TRIPLE[$board]}/release/$BIN" "$OUT/images/$board-$k.elf"
    done
done

# --- boards: run every image, two at a time --------------------------------

log "running $((${#BOARDS[@]} * NBATCH)) image(s) under qemu (timeout ${RUN_TIMEOUT}s each)"
jobs_max=$(nproc 2>/dev/null || echo 2)
start_runs=$SECONDS
for board in "${BOARDS[@]}"; do
    for ((k = 1; k <= NBATCH; k++)); do
        while (($(jobs -rp | wc -l) >= jobs_max)); do
            wait -n || true
        done
        (
            run="$OUT/runs/$board-$k"
            set +e
            # shellcheck disable=SC2086 # QEMU holds a command line
            timeout "$RUN_TIMEOUT" ${QEMU[$board]} "$OUT/images/$board-$k.elf" \
                </dev/null >"$run.out" 2>"$run.qemu"
            echo $? >"$run.status"
        ) &
    done
done
wait
run_seconds=$((SECONDS - start_runs))

# --- compare ---------------------------------------------------------------

# "P passed, F failed (D directives, S streams)" from the per-stream lines
# `spec: NAME D P F` of some outputs.
sum_streams() {
    cat "$@" | awk '
        $1 == "spec:" && NF == 5 && $3 ~ /^[0-9]+$/ && $4 ~ /^[0-9]+$/ && $5 ~ /^[0-9]+$/ {
            d += $3; p += $4; f += $5; s++
        }
        END { printf "%d passed, %d failed (%d directives, %d streams)\n", p, f, d, s }'
}
stream_lines() { cat "$@" | awk '$1 == "spec:" && NF == 5 && $3 ~ /^[0-9]+$/ { print $2, $3, $4, $5 }' | sort; }

host_counts=$(sum_streams "$OUT/host.out")
if [[ "spec total: $host_counts" != "$HOST_TOTAL" ]]; then
    log "the host's stream lines ($host_counts) do not add up to its total ($HOST_TOTAL)"
    exit 1
fi
stream_lines "$OUT/host.out" >"$OUT/runs/host.streams"
# `set/file:line` of each failing directive an output names.
failed_keys_of() { cat "$@" | sed -n 's/^spec: FAIL \([^ ]*:[0-9]*\): .*/\1/p' | sort; }
host_failed_keys=$(failed_keys_of "$OUT/host.out")

fails=0
declare -A RESULT
for board in "${BOARDS[@]}"; do
    outs=()
    problems=()
    for ((k = 1; k <= NBATCH; k++)); do
        run="$OUT/runs/$board-$k"
        outs+=("$run.out")
        status=$(cat "$run.status")
        if [[ $status == 124 ]]; then
            problems+=("image $k timed out after ${RUN_TIMEOUT}s")
        elif ! grep -q '^spec total: ' "$run.out"; then
            problems+=("image $k stopped early (exit status $status): $(grep -v '^spec: ' "$run.out" | tail -3 | tr '\n' ' ')")
        elif [[ $status != 0 && $status != 1 ]]; then
            problems+=("image $k exited with status $status")
        fi
    done
    counts=$(sum_streams "${outs[@]}")
    RESULT[$board]="$counts"
    stream_lines "${outs[@]}" >"$OUT/runs/$board.streams"
    # Directives a board cannot pass for want of RAM, listed with reasons
    # in boards/<board>/spec-ram-limits.txt (`set/file:line reason`). They
    # must fail exactly as listed, besides what fails on the host too: any
    # other failure, or a listed directive that passes, is a difference.
    limits="boards/$board/spec-ram-limits.txt"
    failed_keys=$(failed_keys_of "${outs[@]}")
    listed_keys=""
    [[ -f $limits ]] && listed_keys=$(grep -v '^#' "$limits" | awk 'NF { print $1 }' | sort)
    expected_keys=$(printf '%s\n%s\n' "$host_failed_keys" "$listed_keys" | awk NF | sort -u)
    if [[ $counts == "$host_counts" && ${#problems[@]} -eq 0 && -z $listed_keys ]]; then
        RESULT[$board.verdict]="same as the host"
    elif [[ -n $listed_keys && $failed_keys == "$expected_keys" && ${#problems[@]} -eq 0 ]]; then
        RESULT[$board.verdict]="same as the host except the $(wc -l <<<"$listed_keys") directives in $limits (not enough RAM)"
    else
        RESULT[$board.verdict]="DIFFERS from the host"
        fails=$((fails + 1))
    fi
    RESULT[$board.problems]="$(printf '%s\n' "${problems[@]}")"
done

echo
printf '%-13s %s\n' host "$host_counts"
for board in "${BOARDS[@]}"; do
    printf '%-13s %s  %s\n' "$board" "${RESULT[$board]}" "${RESULT[$board.verdict]}"
done

for board in "${BOARDS[@]}"; do
    outs=()
    for ((k = 1; k <= NBATCH; k++)); do outs+=("$OUT/runs/$board-$k.out"); done
    echo
    echo "$board:"
    if [[ -n ${RESULT[$board.problems]} ]]; then
        sed 's/^/  problem: /' <<<"${RESULT[$board.problems]}"
    fi
    failing=$(cat "${outs[@]}" | grep -E '^spec: (FAIL |[^ ]+ error: )' || true)
    if [[ -n $failing ]]; then
        echo "  failing directives:"
        sed 's/^spec: /    /' <<<"$failing"
    fi
    differing=$(LC_ALL=C join -a1 -a2 -e '-' -o '0,1.2,1.3,1.4,2.2,2.3,2.4' \
        "$OUT/runs/host.streams" "$OUT/runs/$board.streams" |
        awk '$2 != $5 || $3 != $6 || $4 != $7 {
            printf "    %-40s host %s %s %s, board %s %s %s\n", $1, $2, $3, $4, $5, $6, $7 }')
    if [[ -n $differing ]]; then
        echo "  streams that differ (directives passed failed):"
        echo "$differing"
    fi
    for ((k = 1; k <= NBATCH; k++)); do
        elf="$OUT/images/$board-$k.elf"
        heap=$(grep '^spec heap: ' "$OUT/runs/$board-$k.out" | sed 's/^spec heap: //' || true)
        size -A "$elf" | awk -v k="$k" -v n="$NBATCH" -v heap="${heap:-no report}" '
            $1 ~ /^\.(vector_table|text|init|init\.rust|trap|rodata|data|gnu\.sgstubs)$/ { flash += $2 }
            $1 ~ /^\.(data|bss|uninit)$/ { ram += $2 }
            END { printf "  image %d/%d: flash %d bytes, static RAM %d; heap %s\n", k, n, flash, ram, heap }'
    done
done

echo
echo "outputs in ${OUT#"$root"/}/runs/; qemu ran ${run_seconds}s; the script took ${SECONDS}s"
((fails == 0))
