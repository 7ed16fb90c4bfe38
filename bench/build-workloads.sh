#!/usr/bin/env bash
# Builds the benchmark workloads, bench/workloads/src/*.c, twice:
#   - as wasm32-wasip1 commands into bench/workloads/<name>.wasm (committed),
#     with Debian's clang + wasi-libc at -O2, DWARF stripped, "name" section
#     kept; the bytes depend only on the sources and the Debian package
#     versions, so a re-run gives the same files;
#   - natively with gcc -O2 into target/bench/native/<name> (not committed),
#     the reference every runtime is checked against.
# Then runs each native binary at its default scale and at a hundredth of
# it and compares the checksums with bench/workloads/checksums.txt.
#
#   bench/build-workloads.sh                     build, check native checksums
#   bench/build-workloads.sh --check             build the .wasm into a temp dir
#                                                and fail if any committed one
#                                                differs; check native checksums
#   bench/build-workloads.sh --update-checksums  build, rewrite checksums.txt
#                                                from the native runs
#
# Installs the toolchain with apt-get when parts are missing
# (bench/wasi-toolchain.sh).
set -euo pipefail
export LC_ALL=C # glob order, hence the order of checksums.txt

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src_dir="$root/bench/workloads/src"
wasm_dir="$root/bench/workloads"
native_dir="$root/target/bench/native"
checksums="$wasm_dir/checksums.txt"

mode=build
case "${1:-}" in
    "") ;;
    --check) mode=check ;;
    --update-checksums) mode=update ;;
    *)
        echo "usage: $0 [--check | --update-checksums]" >&2
        exit 2
        ;;
esac

log() { echo "build-workloads: $*" >&2; }

# shellcheck source=bench/wasi-toolchain.sh
. "$root/bench/wasi-toolchain.sh"
wasi_toolchain_setup build-workloads

# --- flags -----------------------------------------------------------------

# Both compilers: C11, no fused multiply-add on either side (gcc contracts
# by default where the target has FMA, wasm has none), warnings are errors.
common_flags=(-O2 -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -ffp-contract=off)

# wasm: -ffile-prefix-map keeps the checkout path out of the output;
# -Wl,--strip-debug drops libc's DWARF but keeps the "name" section; a
# 16 KiB stack (wasm-ld's default is 64 KiB) lets each module start with one
# 64 KiB page, which matters on a microcontroller.
wasm_flags=(
    --target=wasm32-wasi
    "--sysroot=$WASI_SYSROOT"
    "${common_flags[@]}"
    "-ffile-prefix-map=$root=."
    -Wl,--strip-debug
    -Wl,-z,stack-size=16384
)

# Only memcopy uses the bulk-memory proposal: its memcpy/memmove/memset
# become memory.copy/memory.fill. The others stay within MVP + what clang 14
# enables by default, so runtimes without bulk memory can run them.
# Only the <name>_simd variants (below) use 128-bit SIMD.
extra_wasm_flags() {
    case "$1" in
        memcopy) echo -mbulk-memory ;;
        *_simd) echo -msimd128 -DBENCH_SIMD ;;
    esac
}

# Sources that are also built as <name>_simd: with -msimd128 -DBENCH_SIMD
# they take their wasm_simd128.h code (natively, -DBENCH_SIMD only renames
# the output: the native build runs the scalar code, the reference).
simd_variants=(blur)

extra_native_flags() {
    case "$1" in
        *_simd) echo -DBENCH_SIMD ;;
    esac
}

# The source a workload is built from: <name>_simd's is <name>.c.
source_of() {
    echo "bench/workloads/src/${1%_simd}.c"
}

bulk_op_count() {
    wasm-objdump -d "$1" | grep -cE 'memory\.(copy|fill)' || true
}

simd_op_count() {
    wasm-objdump -d "$1" | grep -cE '(v128|[if](8x16|16x8|32x4|64x2))\.' || true
}

# --- build -----------------------------------------------------------------

shopt -s nullglob
sources=("$src_dir"/*.c)
if [ "${#sources[@]}" -eq 0 ]; then
    log "no sources in $src_dir"
    exit 1
fi
names=()
for src in "${sources[@]}"; do
    names+=("$(basename "$src" .c)")
done
for name in "${simd_variants[@]}"; do
    names+=("${name}_simd")
done
# Sorted, as checksums.txt is.
mapfile -t names < <(printf '%s\n' "${names[@]}" | sort)

build_dir="$(mktemp -d)"
trap 'rm -rf "$build_dir"' EXIT
mkdir -p "$native_dir"

for name in "${names[@]}"; do
    # shellcheck disable=SC2046 # the extra flags are words
    (cd "$root" && clang "${wasm_flags[@]}" $(extra_wasm_flags "$name") \
        "$(source_of "$name")" -o "$build_dir/$name.wasm")
    if ! LC_ALL=C grep -qaP '\x04name\x01' "$build_dir/$name.wasm"; then
        log "$name.wasm has no name section"
        exit 1
    fi
    bulk="$(bulk_op_count "$build_dir/$name.wasm")"
    if [ "$name" = memcopy ] && [ "$bulk" -eq 0 ]; then
        log "memcopy.wasm has no memory.copy/memory.fill: -mbulk-memory had no effect"
        exit 1
    elif [ "$name" != memcopy ] && [ "$bulk" -ne 0 ]; then
        log "$name.wasm uses bulk-memory instructions; only memcopy should"
        exit 1
    fi
    simd="$(simd_op_count "$build_dir/$name.wasm")"
    if [[ $name == *_simd ]] && [ "$simd" -eq 0 ]; then
        log "$name.wasm has no SIMD instructions: -msimd128 had no effect"
        exit 1
    elif [[ $name != *_simd ]] && [ "$simd" -ne 0 ]; then
        log "$name.wasm uses SIMD instructions; only the *_simd variants should"
        exit 1
    fi
    # shellcheck disable=SC2046 # the extra flags are words
    gcc "${common_flags[@]}" $(extra_native_flags "$name") "$root/$(source_of "$name")" \
        -o "$native_dir/$name" -lm
done

status=0
for name in "${names[@]}"; do
    built="$build_dir/$name.wasm"
    if [ "$mode" = check ]; then
        if cmp -s "$built" "$wasm_dir/$name.wasm"; then
            echo "same     $name.wasm"
        else
            echo "DIFFERS  $name.wasm"
            status=1
        fi
    else
        install -m 0644 "$built" "$wasm_dir/$name.wasm"
        printf '%-20s %6d bytes  %s\n' "$name.wasm" "$(wc -c <"$built")" \
            "$(sha256sum "$built" | cut -d' ' -f1)"
    fi
done

# --- native checksums --------------------------------------------------------

# Prints "name scale checksum" for one native run; $2 empty = default scale.
# The run must print exactly two lines: "<name> scale=<n>", "checksum: 0x<hex8>".
native_row() {
    local name="$1" scale="$2" out
    out="$("$native_dir/$name" ${scale:+"$scale"})"
    local re="^$name scale=([0-9]+)"$'\n'"checksum: (0x[0-9a-f]{8})$"
    if [[ ! $out =~ $re ]]; then
        log "$name printed something other than its two lines:"
        printf '%s\n' "$out" >&2
        return 1
    fi
    printf '%-14s %8s  %s\n' "$name" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
}

rows="$build_dir/checksums.rows"
for name in "${names[@]}"; do
    native_row "$name" "" >>"$rows"
    default_scale="$(tail -n 1 "$rows" | awk '{print $2}')"
    small=$((default_scale / 100))
    native_row "$name" "$((small > 0 ? small : 1))" >>"$rows"
done

if [ "$mode" = update ]; then
    {
        echo "# Expected output of each workload in bench/workloads/, from the native"
        echo "# gcc -O2 build (bench/build-workloads.sh --update-checksums). Every"
        echo "# runtime must print the same checksum for the same scale. Two rows per"
        echo "# workload: the default scale (about 1 s in a fast interpreter) and a"
        echo "# hundredth of it (for microcontrollers)."
        echo "# name           scale  checksum"
        cat "$rows"
    } >"$checksums"
    log "wrote $checksums"
elif [ ! -f "$checksums" ]; then
    log "no $checksums: run with --update-checksums"
    exit 1
elif ! diff -u <(grep -v '^#' "$checksums") "$rows" >&2; then
    log "native checksums differ from $checksums"
    status=1
else
    log "native checksums match $checksums ($(wc -l <"$rows") runs)"
fi
exit "$status"
