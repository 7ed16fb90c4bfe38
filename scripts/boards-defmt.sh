#!/usr/bin/env bash
# A board build with defmt logging: builds boards/mps2-an386's `trap`
# program with the `defmt` feature (DEFMT_LOG=debug), runs it under qemu with
# the UART in a file and semihosting (which carries the defmt frames) on
# stdout, checks the program's own output and exit code are unchanged, and
# decodes the frames with defmt-print (crates.io, installed pinned into
# target/tools when missing), which must show the engine's trap log line.
# Builds with Debian's rustc-web + rust-web-src (-Zbuild-std), even where
# rustup has the target; scripts/lib/boards-toolchain.sh installs what is
# missing of those, lld and qemu-system-arm.
#
# Decoding by hand:
#   qemu-system-arm -M mps2-an386 -display none -monitor none \
#       -semihosting-config enable=on,target=native -serial file:uart.txt \
#       -kernel <elf> | defmt-print -e <elf>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
LOG_PREFIX=boards-defmt
# shellcheck source=scripts/lib/boards-toolchain.sh
source scripts/lib/boards-toolchain.sh
DEFMT_PRINT_VERSION=1.2.0

cross_toolchain --debian thumbv7em-none-eabihf
tools="$root/target/tools"
if [[ ! -x $tools/bin/defmt-print ]]; then
    log "installing defmt-print $DEFMT_PRINT_VERSION"
    cargo install -q --locked defmt-print --version "$DEFMT_PRINT_VERSION" --root "$tools"
fi

(cd boards/mps2-an386 && DEFMT_LOG=debug "${CROSS[@]}" -q --bin trap --features defmt \
    --target-dir "$root/target/boards")
elf="target/boards/thumbv7em-none-eabihf/release/trap"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
set +e
timeout 60 qemu-system-arm -M mps2-an386 -display none -monitor none \
    -semihosting-config enable=on,target=native -serial "file:$work/uart.txt" \
    -kernel "$elf" </dev/null >"$work/frames.bin"
status=$?
set -e
fail() { log "FAIL: $*"; exit 1; }
[[ $status == 134 ]] || fail "exit status $status, expected 134 (a trap)"
[[ $(head -1 "$work/uart.txt") == "before trap" ]] || fail "UART output changed: $(head -3 "$work/uart.txt")"
[[ -s $work/frames.bin ]] || fail "no defmt frames on semihosting"
"$tools/bin/defmt-print" -e "$elf" <"$work/frames.bin" >"$work/decoded.txt" 2>&1 || true
sed 's/^/  /' "$work/decoded.txt"
grep -q "trap: unreachable" "$work/decoded.txt" || fail "the decoded log lacks the engine's trap line"
echo "boards-defmt: ok: the defmt build runs unchanged and its log decodes"
