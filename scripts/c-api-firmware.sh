#!/usr/bin/env bash
# A C firmware embedding Mote through the C API: builds libmote_c_api.a
# for thumbv7em-none-eabihf (no_std, feature bare-metal), links
# c-api/firmware/mps2-an386/ (its own start-up and linker script, newlib's
# malloc) with arm-none-eabi-gcc, runs it on the MPS2 AN386 under qemu and
# checks its output and exit status.
#
# Installs what is missing (Debian's rustc-web + rust-web-src, lld,
# gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu) with
# scripts/lib/boards-toolchain.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
LOG_PREFIX=c-api-firmware
# shellcheck source=scripts/lib/boards-toolchain.sh
source scripts/lib/boards-toolchain.sh

need arm-none-eabi-gcc gcc-arm-none-eabi libnewlib-arm-none-eabi
need qemu-system-arm qemu-system-arm
need_debian_rust
install_missing

TARGET=thumbv7em-none-eabihf
OUT=target/c-api-firmware
FW=c-api/firmware/mps2-an386
log "libmote_c_api.a for $TARGET"
"${DEBIAN_RUST[@]}" cargo build -q -p mote-c-api --no-default-features --features bare-metal,wasm \
    --target "$TARGET" "${BUILD_STD[@]}" --release --target-dir "$OUT" \
    --config 'profile.release.opt-level="z"' 2> >(grep -v "dropping unsupported crate type" >&2)

log "linking the firmware"
arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -Os -std=c11 \
    -Wall -Werror -ffunction-sections -fdata-sections -nostartfiles --specs=nosys.specs \
    -Wl,--gc-sections -Wl,--no-warn-rwx-segments -Wl,--no-warn-execstack -T "$FW/link.ld" -Ic-api/include \
    "$FW/startup.c" "$FW/main.c" "$OUT/$TARGET/release/libmote_c_api.a" -o "$OUT/firmware.elf"
arm-none-eabi-size "$OUT/firmware.elf"

log "running it on mps2-an386 under qemu"
# qemu writes the semihosting output to its stderr.
status=0
out=$(timeout 120 qemu-system-arm -M mps2-an386 -nographic \
    -semihosting-config enable=on,target=native -kernel "$OUT/firmware.elf" 2>&1) || status=$?
echo "$out"
expected="Mote through wasm.h on a Cortex-M4F
wasm says: 1000"
if [[ $status -ne 0 || "$out" != "$expected"* || "$out" != *"run(1000) = 500500, resumed "*" times"*"Done." ]]; then
    log "FAILED (exit status $status)"
    exit 1
fi
log "ok"
