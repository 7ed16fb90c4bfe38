# Sourced by bench/build-workloads.sh: makes sure Debian's clang + wasi-libc
# toolchain is there and finds its sysroot. The same approach as
# scripts/build-test-programs.sh (whose copy serves tests/wasi/).
#
# After `wasi_toolchain_setup NAME`: $WASI_SYSROOT is the prefix that holds
# include/wasm32-wasi and lib/wasm32-wasi. NAME prefixes the log lines.
# Installs with apt-get (sudo when not root) whatever is missing of clang,
# lld (wasm-ld), wasi-libc, clang's wasm32 builtins and wabt (wasm-objdump).

wasi_toolchain_log() { echo "$WASI_TOOLCHAIN_USER: $*" >&2; }

wasi_toolchain_complete() {
    local resource
    command -v clang >/dev/null 2>&1 &&
        command -v wasm-ld >/dev/null 2>&1 &&
        command -v wasm-objdump >/dev/null 2>&1 &&
        command -v gcc >/dev/null 2>&1 &&
        dpkg -s wasi-libc >/dev/null 2>&1 &&
        resource="$(clang -print-resource-dir 2>/dev/null)" &&
        [ -f "$resource/lib/wasi/libclang_rt.builtins-wasm32.a" ]
}

wasi_toolchain_setup() {
    WASI_TOOLCHAIN_USER="$1"
    if ! wasi_toolchain_complete; then
        wasi_toolchain_log "installing clang, lld, wasi-libc, libclang-rt-14-dev-wasm32, wabt, gcc"
        local sudo=""
        if [ "$(id -u)" -ne 0 ]; then
            sudo="sudo"
        fi
        # apt's output goes to stderr: stdout is the caller's report.
        $sudo apt-get update >&2
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
            clang lld wasi-libc libclang-rt-14-dev-wasm32 wabt gcc libc6-dev >&2
        wasi_toolchain_complete || {
            wasi_toolchain_log "toolchain still incomplete after apt-get install"
            return 1
        }
    fi

    # Debian's wasi-libc uses the multiarch layout (/usr/include/wasm32-wasi,
    # /usr/lib/wasm32-wasi): the sysroot is the prefix above
    # lib/wasm32-wasi/libc.a, taken from the package's file list.
    local libc_a
    libc_a="$(dpkg -L wasi-libc | grep '/lib/wasm32-wasi/libc\.a$' | head -n 1)"
    if [ -z "$libc_a" ]; then
        wasi_toolchain_log "wasi-libc does not list lib/wasm32-wasi/libc.a"
        return 1
    fi
    WASI_SYSROOT="${libc_a%/lib/wasm32-wasi/libc.a}"
    if [ ! -f "$WASI_SYSROOT/include/wasm32-wasi/stdio.h" ]; then
        wasi_toolchain_log "no include/wasm32-wasi/stdio.h under sysroot $WASI_SYSROOT"
        return 1
    fi
    wasi_toolchain_log "$(clang --version | head -n 1); wasi-libc $(dpkg-query -W -f='${Version}' wasi-libc); $(gcc --version | head -n 1)"
}
