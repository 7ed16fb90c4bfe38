#!/usr/bin/env bash
# Checks that the `mote` engine (and wasi-lite's core, and mote-sign)
# compile without std for two microcontroller targets:
# thumbv7em-none-eabihf (Cortex-M4F) and riscv32imac-unknown-none-elf.
#
# Where the user's rustup has a target installed, that toolchain is used.
# Otherwise Debian's rustc-web + rust-web-src build core/alloc from source
# (RUSTC_BOOTSTRAP=1 -Zbuild-std); the script installs them (and lld) if
# missing, with scripts/lib/boards-toolchain.sh.
#
# With --size it also prints the engine's footprint for thumbv7em at
# opt-level "z" with LTO, measured on a minimal program that links it.
set -euo pipefail
cd "$(dirname "$0")/.."
LOG_PREFIX=nostd
# shellcheck source=scripts/lib/boards-toolchain.sh
source scripts/lib/boards-toolchain.sh

TARGETS=(thumbv7em-none-eabihf riscv32imac-unknown-none-elf)
SIZE=0
[[ "${1:-}" == "--size" ]] && SIZE=1

ensure_debian_rust() {
    need ld.lld lld
    need_debian_rust
    install_missing
}

# check TARGET: `cargo check` of the engine (every
# feature on at once), wasi-lite's core (its std backend is a feature) and
# mote-sign (the signature verifier firmware calls before loading a
# module) for TARGET, in one invocation: mote is checked once, with the
# features unified. That is the proof: these are libraries (nothing links
# here), and whatever fails for the target without std (a `std` path, an
# atomic the target lacks) fails the check as it would the build. The
# validating engine as the boards build it (`wasm` alone) is built by
# scripts/boards.sh, and the runner (`image` alone) by
# scripts/footprint.sh, for both targets.
check() {
    local target=$1
    local what=(-p mote -p wasi-lite -p mote-sign --no-default-features --release
        --features mote/wasm,mote/exceptions,mote/atomics,mote/image,mote/simd)
    if have_rustup_targets "$target"; then
        log "mote, wasi-lite and mote-sign for $target with rustup's toolchain"
        cargo check "${what[@]}" --target "$target"
    else
        ensure_debian_rust
        log "mote, wasi-lite and mote-sign for $target with Debian rustc-web and -Zbuild-std"
        "${DEBIAN_RUST[@]}" cargo check "${what[@]}" \
            --target "$target" -Zbuild-std=core,alloc --target-dir target/nostd
    fi
}

for t in "${TARGETS[@]}"; do
    check "$t"
done

if [[ $SIZE -eq 1 ]]; then
    # The size probe (scripts/size-probe) links the whole validating engine
    # into a minimal program at opt-level "z" with LTO; ld.lld --gc-sections
    # keeps what `Module::new` + instantiate + call reach.
    ensure_debian_rust
    "${DEBIAN_RUST[@]}" cargo build -q \
        --manifest-path scripts/size-probe/Cargo.toml --release \
        --target thumbv7em-none-eabihf "${BUILD_STD[@]}" --target-dir target/size-probe
    elf=target/size-probe/probe-thumbv7em.elf
    ld.lld -m armelf --gc-sections --entry=mote_probe_run \
        target/size-probe/thumbv7em-none-eabihf/release/libmote_size_probe.a -o "$elf"
    echo "nostd: engine footprint, thumbv7em-none-eabihf, opt-level z + LTO:"
    size -A "$elf" | grep -E '^\.(text|rodata|data|bss) '
fi
echo "nostd: ok"
