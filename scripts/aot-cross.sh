#!/usr/bin/env bash
# The AOT tier (mote-aot) on aarch64 and riscv64, under qemu user mode,
# against x86_64 (this host):
#
#  1. Builds, for the host, the spec runner (mote-spec-tests) and the CLI
#     with its `aot` feature; cross-builds both for aarch64-unknown-linux-gnu
#     and riscv64gc-unknown-linux-gnu (Debian's rustc-web with
#     -Zbuild-std=std,panic_abort, the gcc cross linkers; into
#     target/aot-cross/, with LTO off and 16 codegen units to build faster:
#     the code Cranelift generates does not depend on how mote-aot itself
#     was optimized).
#  2. Runs the spec testsuite with `--tier aot` on the host and on each
#     architecture under qemu-user (`--child-runner`: each file's child
#     process under qemu too), and prints the totals; the per-file counts
#     must equal the host's.
#  3. Runs the WASI test programs (tests/wasi/*.wasm): the interpreter on
#     the host gives the expected output; each program is compiled on the
#     host with `mote compile --target TRIPLE` for all three targets, and
#     the artifacts run with `mote run` on the host (x86_64) and under
#     qemu-user (aarch64, riscv64). Stdout and exit code must equal the
#     interpreter's, and stderr's first line (native code has no backtrace,
#     so a trap prints its message only); the three AOT runs must agree
#     byte for byte, stderr included.
#
# Exits non-zero if a build fails, a spec total or file differs from the
# host's, or a WASI output differs.
#
#   scripts/aot-cross.sh [--arch aarch64|riscv64|riscv64v]... [--filter TEXT]
#                        [--timeout S] [--artifact] [--no-spec] [--no-wasi]
#
#   --arch NAME   only this architecture (repeatable; default all three):
#                 riscv64v is riscv64 with the V extension (qemu's
#                 `-cpu rv64,v=true,vlen=128,vext_spec=v1.0`), the same riscv64gc binaries,
#                 the WASI programs compiled for riscv64gcv-unknown-linux-gnu;
#                 the AOT tier compiles SIMD for riscv64 only with V
#   --filter TEXT passed to the spec runner: only files whose set/file
#                 contains TEXT
#   --timeout S   per spec file (default 600: under qemu a file takes up to
#                 ~30x as long as on the host)
#   --artifact    the spec testsuite with `--tier aot-artifact` (every
#                 module serialized and deserialized before use) instead of
#                 `--tier aot`
#   --no-spec, --no-wasi  skip that part
#
# Toolchain and packages (installed with apt-get if missing): rustc-web and
# rust-web-src (scripts/lib/boards-toolchain.sh), gcc-aarch64-linux-gnu,
# gcc-riscv64-linux-gnu, libc6-dev-arm64-cross, libc6-dev-riscv64-cross,
# qemu-user.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
LOG_PREFIX=aot-cross
# shellcheck source=scripts/lib/boards-toolchain.sh
source scripts/lib/boards-toolchain.sh

usage() {
    sed -n '/^#   scripts\/aot-cross.sh/,/^#   --no-spec/p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

ARCHES=()
FILTER=""
TIMEOUT=600
TIER=aot
SPEC=1
WASI=1
while (($#)); do
    case $1 in
        --arch) ARCHES+=("${2:?}"); shift 2 ;;
        --filter) FILTER=${2:?}; shift 2 ;;
        --timeout) TIMEOUT=${2:?}; shift 2 ;;
        --artifact) TIER=aot-artifact; shift ;;
        --no-spec) SPEC=0; shift ;;
        --no-wasi) WASI=0; shift ;;
        *) usage ;;
    esac
done
((${#ARCHES[@]})) || ARCHES=(aarch64 riscv64 riscv64v)

# The Rust target each architecture's binaries are built for.
declare -A TRIPLE=(
    [aarch64]=aarch64-unknown-linux-gnu
    [riscv64]=riscv64gc-unknown-linux-gnu
    [riscv64v]=riscv64gc-unknown-linux-gnu
)
# The `mote compile --target` of each (riscv64v: RV64GC with V).
declare -A COMPILE_TRIPLE=(
    [aarch64]=aarch64-unknown-linux-gnu
    [riscv64]=riscv64gc-unknown-linux-gnu
    [riscv64v]=riscv64gcv-unknown-linux-gnu
)
declare -A CPU=([aarch64]=aarch64 [riscv64]=riscv64 [riscv64v]=riscv64)
declare -A QEMU_CPU=([riscv64v]="-cpu rv64,v=true,vlen=128,vext_spec=v1.0")
declare -A SYSROOT=([aarch64]=/usr/aarch64-linux-gnu [riscv64]=/usr/riscv64-linux-gnu)
declare -A LIBC_DEV=([aarch64]=libc6-dev-arm64-cross [riscv64]=libc6-dev-riscv64-cross)
declare -A QEMU=()
for arch in "${ARCHES[@]}"; do
    [[ -n ${TRIPLE[$arch]:-} ]] || usage
    cpu=${CPU[$arch]}
    need "$cpu-linux-gnu-gcc" "gcc-$cpu-linux-gnu"
    need "qemu-$cpu" qemu-user
    [[ -e ${SYSROOT[$cpu]}/lib/libc.so.6 ]] || MISSING+=("${LIBC_DEV[$cpu]}")
    QEMU[$arch]="qemu-$cpu ${QEMU_CPU[$arch]:-} -L ${SYSROOT[$cpu]}"
done
need_debian_rust
install_missing

HOST_TRIPLE=x86_64-unknown-linux-gnu
[[ $(uname -m) == x86_64 ]] || {
    log "the host must be x86_64 (it is $(uname -m))"
    exit 2
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fails=0

# --- builds ----------------------------------------------------------------

start=$SECONDS
log "building the host's spec runner and mote (release, --features aot)"
cargo build -q --release -p mote-spec-tests -p mote-cli --features mote-cli/aot
log "host build: $((SECONDS - start)) s"

start=$SECONDS
targets=()
for triple in $(for arch in "${ARCHES[@]}"; do echo "${TRIPLE[$arch]}"; done | sort -u); do
    targets+=(--target "$triple")
done
log "cross-building the spec runner and mote for ${ARCHES[*]}"
env CARGO_TARGET_DIR=target/aot-cross \
    CARGO_PROFILE_RELEASE_LTO=false \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
    CARGO_TARGET_RISCV64GC_UNKNOWN_LINUX_GNU_LINKER=riscv64-linux-gnu-gcc \
    "${DEBIAN_RUST[@]}" cargo build -q --release -Zbuild-std=std,panic_abort \
    "${targets[@]}" -p mote-spec-tests -p mote-cli --features mote-cli/aot
log "cross build: $((SECONDS - start)) s"

host_bin=target/release
cross_bin() { echo "target/aot-cross/${TRIPLE[$1]}/release"; }

# --- the spec testsuite ------------------------------------------------------

# spec NAME OUT RUNNER...: runs the suite on the AOT tier, the table into OUT.
spec() {
    local name=$1 out=$2
    shift 2
    local start=$SECONDS
    local filter=()
    [[ -n $FILTER ]] && filter=("$FILTER")
    set +e
    "$@" --tier "$TIER" --timeout "$TIMEOUT" "${filter[@]}" >"$out" 2>"$out.err"
    local status=$?
    set -e
    log "spec on $name: $(tail -n 1 "$out") ($((SECONDS - start)) s, status $status)"
}

# The per-file rows of a table (set/file, directives, passed, failed).
rows() { grep -E '^\| [^*]' "$1" | grep -v -- '---' | grep -v '^| set' || true; }
# The rows to compare for ARCH: on riscv64 without V the tier refuses
# every module with v128 (a compile error), so the two SIMD sets' files
# are left out of the comparison there (their counts are printed).
compared() {
    if [[ $1 == riscv64 ]]; then
        rows "$2" | grep -v -E '^\| wg-3\.0-(relaxed-)?simd \|' || true
    else
        rows "$2"
    fi
}

if ((SPEC)); then
    spec x86_64 "$work/spec-x86_64" "$host_bin/mote-spec-tests"
    for arch in "${ARCHES[@]}"; do
        runner="${QEMU[$arch]}"
        # shellcheck disable=SC2086 # the runner is a command line
        spec "$arch" "$work/spec-$arch" $runner "$(cross_bin "$arch")/mote-spec-tests" \
            --child-runner "$runner"
    done
    echo
    echo "## The spec testsuite on the AOT tier (\`--tier $TIER\`)"
    echo
    echo "| architecture | directives passed |"
    echo "|---|---|"
    for arch in x86_64 "${ARCHES[@]}"; do
        echo "| $arch | $(tail -n 1 "$work/spec-$arch") |"
    done
    for arch in "${ARCHES[@]}"; do
        if [[ $arch == riscv64 ]]; then
            echo
            echo "riscv64 (no V), the SIMD sets, refused: $(rows "$work/spec-$arch" |
                grep -E '^\| wg-3\.0-(relaxed-)?simd \|' |
                awk -F'|' '{d += $4; p += $5} END {print p " of " d " directives passed"}')"
        fi
        if ! diff <(compared "$arch" "$work/spec-x86_64") <(compared "$arch" "$work/spec-$arch") \
            >"$work/diff-$arch"; then
            echo
            echo "$arch: files whose counts differ from x86_64's (< x86_64, > $arch):"
            cat "$work/diff-$arch"
            fails=$((fails + 1))
        fi
        if [[ -s $work/spec-$arch.err ]] && grep -q 'cannot start' "$work/spec-$arch"; then
            fails=$((fails + 1))
        fi
    done
fi

# --- the WASI programs -----------------------------------------------------

if ((WASI)); then
    mkdir -p "$work/wasm" "$work/stdin"
    printf 'abc\nxyz' >"$work/stdin/abc"
    : >"$work/stdin/none"
    # The data folder copy.wasm and list_dir.wasm see as /data.
    data() {
        rm -rf "$work/data"
        mkdir -p "$work/data/sub" "$work/data/emptydir"
        printf 'hello copy\n' >"$work/data/in.txt"
        : >"$work/data/b.txt"
        : >"$work/data/A.txt"
        : >"$work/data/sub/x"
    }
    # name|program|stdin|arguments (after the module)
    CASES=(
        "hello|hello|none|"
        "hello_small|hello_small|none|"
        "args_env|args_env|none|one 'two words' ''"
        "args_env_no_args|args_env|none|"
        "exit_code|exit_code|none|"
        "exit_code_0|exit_code|none|0"
        "exit_code_42|exit_code|none|42"
        "trap|trap|none|"
        "clock_random|clock_random|none|"
        "cat_stdin|cat_stdin|abc|"
        "cat_stdin_empty|cat_stdin|none|"
        "copy|copy|none|/data/in.txt /data/out.txt"
        "copy_missing|copy|none|/data/missing.txt /data/out2.txt"
        "copy_no_cap|copy|none|/etc/passwd /data/o.txt"
        "list_dir|list_dir|none|/data"
        "list_dir_sub|list_dir|none|/data/sub"
        "list_dir_file|list_dir|none|/data/b.txt"
    )
    # Each module under its bare name, so that argv[0] is the name; the
    # artifacts under the same name in a folder per target.
    all=(x86_64 "${ARCHES[@]}")
    declare -A REFUSED=()
    declare -A TRIPLE_OF=([x86_64]=$HOST_TRIPLE)
    for arch in "${ARCHES[@]}"; do TRIPLE_OF[$arch]=${COMPILE_TRIPLE[$arch]}; done
    for f in tests/wasi/*.wasm; do
        name=$(basename "$f" .wasm)
        [[ $name == blink ]] && continue # needs mote:hal
        cp "$f" "$work/wasm/$name"
        # A module the tier does not translate (none of the programs
        # today) must be refused with the same error for every target; its
        # cases are reported as refused, not run.
        refusals=()
        for arch in "${all[@]}"; do
            mkdir -p "$work/aot-$arch"
            if ! "$host_bin/mote" compile --target "${TRIPLE_OF[$arch]}" "$f" \
                -o "$work/aot-$arch/$name" 2>"$work/refused-$arch"; then
                refusals+=("$(cat "$work/refused-$arch")")
            fi
        done
        if ((${#refusals[@]})); then
            if ((${#refusals[@]} != ${#all[@]})) ||
                [[ $(printf '%s\n' "${refusals[@]}" | sort -u | wc -l) -ne 1 ]]; then
                log "$name: refused for some targets only, or with different errors:"
                printf '  %s\n' "${refusals[@]}" >&2
                fails=$((fails + 1))
            fi
            REFUSED[$name]=${refusals[0]}
        fi
    done
    # run DIR OUT PREFIX... -- ARGS: runs `mote run` in DIR, output into OUT.
    run() {
        local dir=$1 out=$2 stdin=$3 args=$4 mote=$5
        shift 5
        data
        set +e
        (cd "$dir" && eval "$* \"$mote\" run --dir \"$work/data::/data\" --env HOME=/home/mote --env LANG=C --env EMPTY= $args") \
            <"$work/stdin/$stdin" >"$out.stdout" 2>"$out.stderr"
        echo $? >"$out.status"
        set -e
        if [[ -e $work/data/out.txt ]]; then
            cmp -s "$work/data/in.txt" "$work/data/out.txt" && echo "out.txt = in.txt" >>"$out.stdout"
        fi
    }
    echo
    echo "## The WASI programs: AOT against the interpreter"
    echo
    header="| case |"
    for arch in "${all[@]}"; do header+=" $arch |"; done
    echo "$header"
    echo "|---|$(printf -- '---|%.0s' "${all[@]}")"
    wasi_fails=0
    for case in "${CASES[@]}"; do
        IFS='|' read -r name prog stdin args <<<"$case"
        if [[ -n ${REFUSED[$prog]:-} ]]; then
            echo "| $name | refused by the AOT tier on all: ${REFUSED[$prog]#error: } |"
            continue
        fi
        run "$work/wasm" "$work/$name-interp" "$stdin" "$prog $args" "$root/$host_bin/mote"
        run "$work/aot-x86_64" "$work/$name-x86_64" "$stdin" "$prog $args" "$root/$host_bin/mote"
        for arch in "${ARCHES[@]}"; do
            run "$work/aot-$arch" "$work/$name-$arch" "$stdin" "$prog $args" \
                "$root/$(cross_bin "$arch")/mote" "${QEMU[$arch]}"
        done
        row="| $name |"
        for arch in "${all[@]}"; do
            local_ok=1
            cmp -s "$work/$name-interp.stdout" "$work/$name-$arch.stdout" || local_ok=0
            cmp -s "$work/$name-interp.status" "$work/$name-$arch.status" || local_ok=0
            [[ $(head -n 1 "$work/$name-interp.stderr") == $(head -n 1 "$work/$name-$arch.stderr") ]] || local_ok=0
            for f in stdout stderr status; do
                cmp -s "$work/$name-x86_64.$f" "$work/$name-$arch.$f" || local_ok=0
            done
            if ((local_ok)); then
                row+=" same (exit $(cat "$work/$name-$arch.status")) |"
            else
                row+=" DIFFERS |"
                wasi_fails=$((wasi_fails + 1))
                {
                    echo "-- $name on $arch: interpreter, then AOT"
                    head -c 2000 "$work/$name-interp.stdout" "$work/$name-interp.stderr" "$work/$name-interp.status"
                    head -c 2000 "$work/$name-$arch.stdout" "$work/$name-$arch.stderr" "$work/$name-$arch.status"
                } >>"$work/wasi-diffs"
            fi
        done
        echo "$row"
    done
    if ((wasi_fails)); then
        echo
        cat "$work/wasi-diffs"
        fails=$((fails + 1))
    fi
fi

if ((fails)); then
    log "FAILED: see above"
    exit 1
fi
log "every architecture agrees with x86_64 and the interpreter"
