#!/usr/bin/env bash
# Rebuilds the WASI test programs: tests/wasi/src/*.c -> tests/wasi/*.wasm.
#
# The built .wasm files are committed, so tests need no toolchain; run this
# only after editing a program. Each is a wasm32-wasip1 command (`_start`)
# built with Debian's clang + wasi-libc at -O2, DWARF stripped, the "name"
# section kept (trap backtraces show function names). The bytes depend only
# on the sources and on the Debian package versions, so a re-run gives the
# same files.
#
#   scripts/build-test-programs.sh           rebuild into tests/wasi/
#   scripts/build-test-programs.sh --check   rebuild into a temp dir and fail
#                                            if any committed .wasm differs
#
# Installs clang, lld, wasi-libc and libclang-rt-14-dev-wasm32 with apt-get
# when they are missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src_dir="$root/tests/wasi/src"
out_dir="$root/tests/wasi"

check=0
case "${1:-}" in
    "") ;;
    --check) check=1 ;;
    *)
        echo "usage: $0 [--check]" >&2
        exit 2
        ;;
esac

log() { echo "build-test-programs: $*" >&2; }

# --- toolchain -------------------------------------------------------------

builtins_lib() {
    # clang's compiler-rt builtins for wasm32 (libclang-rt-*-dev-wasm32).
    local resource
    resource="$(clang -print-resource-dir 2>/dev/null)" || return 1
    [ -f "$resource/lib/wasi/libclang_rt.builtins-wasm32.a" ]
}

have_toolchain() {
    command -v clang >/dev/null 2>&1 &&
        command -v wasm-ld >/dev/null 2>&1 &&
        dpkg -s wasi-libc >/dev/null 2>&1 &&
        builtins_lib
}

if ! have_toolchain; then
    log "installing clang, lld, wasi-libc, libclang-rt-14-dev-wasm32"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    # apt's progress goes to stderr: stdout is this script's file list.
    $sudo apt-get update >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        clang lld wasi-libc libclang-rt-14-dev-wasm32 >&2
    have_toolchain || {
        log "toolchain still incomplete after apt-get install"
        exit 1
    }
fi

# Debian's wasi-libc has no /usr/share/wasi-sysroot: it installs in the
# multiarch layout (/usr/include/wasm32-wasi, /usr/lib/wasm32-wasi), so the
# sysroot is the prefix above lib/wasm32-wasi/libc.a. Taken from the package
# list rather than assumed.
libc_a="$(dpkg -L wasi-libc | grep '/lib/wasm32-wasi/libc\.a$' | head -n 1)"
if [ -z "$libc_a" ]; then
    log "wasi-libc does not list lib/wasm32-wasi/libc.a"
    exit 1
fi
sysroot="${libc_a%/lib/wasm32-wasi/libc.a}"
if [ ! -f "$sysroot/include/wasm32-wasi/stdio.h" ]; then
    log "no include/wasm32-wasi/stdio.h under sysroot $sysroot"
    exit 1
fi

log "$(clang --version | head -n 1); wasi-libc $(dpkg-query -W -f='${Version}' wasi-libc); sysroot $sysroot"

# --- build -----------------------------------------------------------------

# -Wl,--strip-debug drops the DWARF that comes in with libc.a (it is most
# of the bytes) but keeps the "name" section; -s would drop both.
# -ffile-prefix-map keeps the checkout path out of the output.
cflags=(
    --target=wasm32-wasi
    "--sysroot=$sysroot"
    -O2
    -std=c11
    -D_DEFAULT_SOURCE
    -Wall -Wextra -Werror
    "-ffile-prefix-map=$root=."
    -Wl,--strip-debug
)

# True if the module has a "name" custom section: section id 0, a LEB128
# size, then the name "name" (length 4) and its first subsection id, 1
# (function names), which is what wasm-ld writes first.
has_name_section() {
    LC_ALL=C grep -qaP '\x04name\x01' "$1"
}

build_dir="$(mktemp -d)"
trap 'rm -rf "$build_dir"' EXIT

shopt -s nullglob
sources=("$src_dir"/*.c)
if [ "${#sources[@]}" -eq 0 ]; then
    log "no sources in $src_dir"
    exit 1
fi

for src in "${sources[@]}"; do
    name="$(basename "$src" .c)"
    (cd "$root" && clang "${cflags[@]}" "tests/wasi/src/$name.c" -o "$build_dir/$name.wasm")
    if ! has_name_section "$build_dir/$name.wasm"; then
        log "$name.wasm has no name section"
        exit 1
    fi
done

if ! LC_ALL=C grep -qa 'explode' "$build_dir/trap.wasm"; then
    log "trap.wasm's name section lacks the function name 'explode'"
    exit 1
fi

status=0
for built in "$build_dir"/*.wasm; do
    name="$(basename "$built")"
    if [ "$check" -eq 1 ]; then
        if cmp -s "$built" "$out_dir/$name"; then
            echo "same     $name"
        else
            echo "DIFFERS  $name"
            status=1
        fi
    else
        install -m 0644 "$built" "$out_dir/$name"
        printf '%-18s %6d bytes  %s\n' "$name" "$(wc -c <"$built")" \
            "$(sha256sum "$built" | cut -d' ' -f1)"
    fi
done
exit "$status"
