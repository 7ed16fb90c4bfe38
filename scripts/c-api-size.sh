#!/usr/bin/env bash
# The size of the C API on a microcontroller: builds libmote_c_api.a for
# thumbv7em-none-eabihf (Cortex-M4F; no_std, feature bare-metal: malloc
# and abort from the C library) at opt-level "z" with LTO, links
# c-api/size/probe.c against it with arm-none-eabi-gcc and newlib
# (--gc-sections), and prints its size less that of an empty C program,
# with the share of each part.
#
# Uses Debian's rustc-web + rust-web-src (-Zbuild-std), and installs them,
# lld, gcc-arm-none-eabi and libnewlib-arm-none-eabi if missing, with
# scripts/lib/boards-toolchain.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
LOG_PREFIX=c-api-size
# shellcheck source=scripts/lib/boards-toolchain.sh
source scripts/lib/boards-toolchain.sh

need arm-none-eabi-gcc gcc-arm-none-eabi libnewlib-arm-none-eabi
need_debian_rust
install_missing

TARGET=thumbv7em-none-eabihf
OUT=target/c-api-size
log "libmote_c_api.a for $TARGET"
"${DEBIAN_RUST[@]}" cargo build -q -p mote-c-api --no-default-features --features bare-metal,wasm \
    --target "$TARGET" "${BUILD_STD[@]}" --release --target-dir "$OUT" \
    --config 'profile.release.opt-level="z"' --config 'profile.release.lto=true' 2> >(grep -v "dropping unsupported crate type" >&2)
lib="$OUT/$TARGET/release/libmote_c_api.a"

CFLAGS=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -Os
    -ffunction-sections -fdata-sections --specs=nosys.specs -Wl,--gc-sections
    -Wl,--no-warn-rwx-segments -Wl,--no-warn-execstack)
arm-none-eabi-gcc "${CFLAGS[@]}" -Ic-api/include c-api/size/probe.c "$lib" -o "$OUT/probe.elf"
arm-none-eabi-gcc "${CFLAGS[@]}" c-api/size/empty.c -o "$OUT/empty.elf"

size_of() { arm-none-eabi-size -A "$1" | awk -v s="$2" '$1 == s { print $2 }'; }
echo "c-api-size: $TARGET, opt-level z + LTO, linked with newlib (bytes):"
for s in .text .rodata .data .bss; do
    p=$(size_of "$OUT/probe.elf" "$s"); e=$(size_of "$OUT/empty.elf" "$s")
    printf '  %-8s %8d  (probe %d, empty program %d)\n' "$s" $(( ${p:-0} - ${e:-0} )) "${p:-0}" "${e:-0}"
done
echo "c-api-size: the probe's code and constants by part:"
arm-none-eabi-nm -S -C "$OUT/probe.elf" | python3 -c '
import sys, collections
parts = collections.Counter()
for line in sys.stdin:
    f = line.split(None, 3)
    if len(f) < 4 or f[2] not in "TtRr":
        continue
    size, name = int(f[1], 16), f[3]
    if "wasmparser" in name: part = "wasmparser"
    elif "mote_c_api" in name or name.startswith(("wasm_", "mote_")): part = "the C API (mote-c-api)"
    elif "mote::" in name: part = "the engine (mote)"
    else: part = "core, alloc, compiler-builtins, newlib"
    parts[part] += size
for part, size in parts.most_common():
    print(f"  {size:8d}  {part}")
'
