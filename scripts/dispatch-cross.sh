#!/usr/bin/env bash
# The interpreter's tail-call dispatch on aarch64, the other architecture
# that builds it (engine/src/exec/dispatch.rs; riscv64 and the
# microcontrollers run the loop backend): cross-builds the engine's
# `exec::` unit tests optimized, as the dispatch is only built optimized,
# and runs them under qemu-user. Among them
# `every_op_runs_in_a_long_loop_on_a_small_stack`: every op in a loop of
# 100,000 iterations on a 256 KiB native stack, which overflows if a
# handler calls the next one instead of jumping to it. Whether LLVM makes
# a handler's last call a jump depends on the target's code generation:
# `throw` once called the unwinder on aarch64 while x86_64 jumped to it,
# and a guest's throw loop crashed the process on aarch64 only.
#
#   scripts/dispatch-cross.sh
#
# The release profile as scripts/aot-cross.sh builds it (LTO off, 16
# codegen units) with panic=unwind, which the test harness needs (so std
# is built whole: -Zbuild-std); into target/dispatch-cross/. Toolchain and
# packages (installed with apt-get if missing): rustc-web and rust-web-src
# (scripts/lib/boards-toolchain.sh), gcc-aarch64-linux-gnu,
# libc6-dev-arm64-cross, qemu-user.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
LOG_PREFIX=dispatch-cross
# shellcheck source=scripts/lib/boards-toolchain.sh
source scripts/lib/boards-toolchain.sh

need aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
need qemu-aarch64 qemu-user
[[ -e /usr/aarch64-linux-gnu/lib/libc.so.6 ]] || MISSING+=(libc6-dev-arm64-cross)
need_debian_rust
install_missing

start=$SECONDS
env CARGO_TARGET_DIR=target/dispatch-cross \
    CARGO_PROFILE_RELEASE_LTO=false \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_PANIC=unwind \
    CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
    CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu" \
    "${DEBIAN_RUST[@]}" cargo test -q --release -Zbuild-std \
    --target aarch64-unknown-linux-gnu -p mote --lib exec::
log "aarch64: the exec:: tests passed ($((SECONDS - start)) s)"
