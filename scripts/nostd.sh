#!/usr/bin/env bash
# Builds the `mote` engine without std for two microcontroller targets:
# thumbv7em-none-eabihf (Cortex-M4F) and riscv32imac-unknown-none-elf.
#
# Where the user's rustup has a target installed, that toolchain is used.
# Otherwise Debian's rustc-web + rust-web-src build core/alloc from source
# (RUSTC_BOOTSTRAP=1 -Zbuild-std); the script installs them if missing.
#
# With --size it also prints the engine's text size for thumbv7em at
# opt-level "z" (release, LTO), measured on the engine's rlib archive.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=(thumbv7em-none-eabihf riscv32imac-unknown-none-elf)
SIZE=0
[[ "${1:-}" == "--size" ]] && SIZE=1

have_rustup_target() {
    command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx "$1"
}

ensure_debian_rust() {
    if [[ -x /usr/bin/rustc && -d /usr/lib/rustlib/src/rust/library ]] && command -v ld.lld >/dev/null; then
        return
    fi
    echo "nostd: installing Debian rustc-web, rust-web-src and lld" >&2
    local sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get update -qq
    $sudo apt-get install -y --no-install-recommends rustc-web rust-web-src lld >/dev/null
}

build() {
    local target=$1
    shift
    if have_rustup_target "$target"; then
        echo "nostd: $target with rustup's toolchain" >&2
        cargo build -p mote --no-default-features --target "$target" "$@"
    else
        ensure_debian_rust
        echo "nostd: $target with Debian rustc-web and -Zbuild-std" >&2
        RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
            cargo build -p mote --no-default-features --target "$target" \
            -Zbuild-std=core,alloc --target-dir target/nostd "$@"
    fi
}

for t in "${TARGETS[@]}"; do
    build "$t" --release
done

if [[ $SIZE -eq 1 ]]; then
    # opt-level "z" with LTO, as shipped in firmware. The rlib holds the
    # engine and its dependencies' generic code instantiated by it.
    CARGO_PROFILE_RELEASE_OPT_LEVEL=z CARGO_PROFILE_RELEASE_LTO=true \
        build thumbv7em-none-eabihf --release
    dir=target/nostd/thumbv7em-none-eabihf/release
    have_rustup_target thumbv7em-none-eabihf && dir=target/thumbv7em-none-eabihf/release
    size_tool=$(command -v llvm-size || command -v size)
    "$size_tool" -t "$dir"/libmote.rlib 2>/dev/null | tail -1
fi
echo "nostd: ok"
