#!/usr/bin/env bash
# Coverage-guided fuzzing of one target of fuzz/ with libFuzzer (cargo fuzz).
#
#   scripts/fuzz-coverage.sh TARGET [SECONDS] [-- LIBFUZZER-ARGS...]
#   scripts/fuzz-coverage.sh --list
#
# cargo fuzz needs nightly compiler flags; Debian's rustc-web gives them with
# RUSTC_BOOTSTRAP=1 (installed with apt-get if missing, as the board scripts
# do). cargo-fuzz itself is installed with rustup's cargo into
# target/tools/. Debian's compiler ships no sanitizer runtimes, so the
# build has no AddressSanitizer (`--sanitizer none`); debug assertions are
# on, so Mote's checked fallbacks replace its unchecked accesses.
#
# The corpus grows in fuzz/libfuzzer/corpus/TARGET, seeded with the inputs
# kept in fuzz/regressions/TARGET; crashes land in
# fuzz/libfuzzer/artifacts/TARGET/. Replay one with the seeded runner:
#   cargo run -p mote-fuzz --profile fuzz --features wasmtime -- replay TARGET FILE
# SECONDS defaults to 600. Runs niced, one process.
set -euo pipefail
cd "$(dirname "$0")/.."
LOG_PREFIX=fuzz-coverage
# shellcheck source=scripts/lib/boards-toolchain.sh
source scripts/lib/boards-toolchain.sh

CARGO_FUZZ_VERSION=0.13.2
TOOLS="$PWD/target/tools"

if [[ ${1:-} == --list || $# -eq 0 ]]; then
    cargo run -q -p mote-fuzz -- list
    [[ $# -eq 0 ]] && { echo "usage: $0 TARGET [SECONDS] [-- LIBFUZZER-ARGS...]" >&2; exit 2; }
    exit 0
fi
target=$1
shift
seconds=600
if [[ ${1:-} =~ ^[0-9]+$ ]]; then
    seconds=$1
    shift
fi
[[ ${1:-} == -- ]] && shift

[[ -x /usr/bin/rustc ]] || MISSING+=(rustc-web)
install_missing

if ! [[ -x $TOOLS/bin/cargo-fuzz ]] ||
    ! "$TOOLS/bin/cargo-fuzz" --version | grep -q "$CARGO_FUZZ_VERSION"; then
    log "installing cargo-fuzz $CARGO_FUZZ_VERSION into target/tools"
    cargo install --quiet --locked --root "$TOOLS" cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

corpus=fuzz/libfuzzer/corpus/$target
artifacts=fuzz/libfuzzer/artifacts/$target
mkdir -p "$corpus" "$artifacts" "fuzz/regressions/$target"
log "$target for $seconds s with $(/usr/bin/rustc --version)"
# The differential target needs wasmtime to break ties; the others do not,
# but one build serves them all.
MOTE_FUZZ_TARGET=$target RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
    nice -n 19 "$TOOLS/bin/cargo-fuzz" run --fuzz-dir fuzz/libfuzzer \
    --sanitizer none --debug-assertions --features wasmtime \
    mote "$corpus" "fuzz/regressions/$target" -- \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 "$@"
