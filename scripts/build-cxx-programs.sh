#!/usr/bin/env bash
# Rebuilds the C++ test programs: tests/cxx/src/*.cpp -> tests/cxx/*.wasm.
#
# Each is a wasm32-wasip1 command compiled with WebAssembly exception
# handling (-fwasm-exceptions) by zig 0.17.1 from PyPI (`ziglang`, its
# clang 22), in two variants:
#
#   NAME.wasm          the final proposal: try_table, throw_ref, exnref
#                      (-mllvm -wasm-use-legacy-eh=false)
#   NAME-legacy.wasm   the legacy instructions: try, catch, rethrow
#                      (clang's default)
#
# zig's own libc++abi for WASI is built without exceptions and it ships no
# unwinder, so the exception runtime is compiled here from the sources zig
# bundles (libc++abi's cxa_exception.cpp and cxa_personality.cpp,
# libunwind's Unwind-wasm.c) with the same flags, plus the
# `__cpp_exception` tag (tests/cxx/src/cpp_exception.S). The built .wasm
# files are committed, so tests need no toolchain; run this only after
# editing a program.
#
#   scripts/build-cxx-programs.sh           rebuild into tests/cxx/
#   scripts/build-cxx-programs.sh --check   rebuild into a temp dir and fail
#                                           if any committed .wasm differs
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src_dir="$root/tests/cxx/src"
out_dir="$root/tests/cxx"
zig_version="0.17.1"
tools="$root/target/tools/ziglang-$zig_version"
# shellcheck source=scripts/lib/wheels.sh
source "$root/scripts/lib/wheels.sh"

check=0
case "${1:-}" in
    "") ;;
    --check) check=1 ;;
    *)
        echo "usage: $0 [--check]" >&2
        exit 2
        ;;
esac

log() { echo "build-cxx-programs: $*" >&2; }

if [ ! -x "$tools/ziglang/zig" ]; then
    log "installing ziglang $zig_version from PyPI into $tools"
    rm -rf "$tools"
    unpack_wheel "ziglang==$zig_version" "$tools"
    chmod +x "$tools/ziglang/zig"
fi
zig="$tools/ziglang/zig"
lib="$tools/ziglang/lib"
# zig's cache lives under target/, not in the user's home.
export ZIG_GLOBAL_CACHE_DIR="$root/target/tools/zig-cache"
export ZIG_LOCAL_CACHE_DIR="$root/target/tools/zig-cache"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dest="$out_dir"
if [ "$check" = 1 ]; then
    dest="$work/out"
    mkdir -p "$dest"
fi

common=(-target wasm32-wasi -mcpu=generic+exception_handling -fwasm-exceptions -O2)
abi_flags=(-I"$lib/libcxxabi/include" -I"$lib/libcxxabi/src" -I"$lib/libcxx/src"
    -D_LIBCXXABI_BUILDING_LIBRARY -D_LIBCPP_BUILDING_LIBRARY
    -DLIBCXXABI_USE_LLVM_UNWINDER -D_LIBCXXABI_HAS_NO_THREADS
    -D_LIBCPP_HAS_NO_THREADS -std=c++23)

for variant in exnref legacy; do
    flags=("${common[@]}")
    suffix="-legacy"
    if [ "$variant" = exnref ]; then
        flags+=(-mllvm -wasm-use-legacy-eh=false)
        suffix=""
    fi
    rt="$work/rt-$variant"
    mkdir -p "$rt"
    for f in cxa_exception cxa_personality; do
        "$zig" c++ "${flags[@]}" "${abi_flags[@]}" -c "$lib/libcxxabi/src/$f.cpp" -o "$rt/$f.o"
    done
    "$zig" cc "${flags[@]}" -w -I"$lib/libunwind/include" -D_LIBUNWIND_HAS_NO_THREADS \
        -D_LIBUNWIND_HIDE_SYMBOLS -c "$lib/libunwind/src/Unwind-wasm.c" -o "$rt/unwind-wasm.o"
    "$zig" cc "${flags[@]}" -c "$src_dir/cpp_exception.S" -o "$rt/cpp_exception.o"
    for src in "$src_dir"/*.cpp; do
        name="$(basename "$src" .cpp)"
        log "$name$suffix.wasm ($variant)"
        (cd "$root" && "$zig" c++ "${flags[@]}" -s -ffile-prefix-map="$root"=. \
            "tests/cxx/src/$name.cpp" "$rt"/*.o -o "$dest/$name$suffix.wasm")
    done
done

if [ "$check" = 1 ]; then
    status=0
    for built in "$dest"/*.wasm; do
        name="$(basename "$built")"
        if ! cmp -s "$built" "$out_dir/$name"; then
            log "$name differs from the committed tests/cxx/$name"
            status=1
        fi
    done
    [ "$status" = 0 ] && log "committed .wasm files match their sources"
    exit "$status"
fi
