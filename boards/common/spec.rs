//! The body of the boards' spec-test runner. Each board's `src/bin/spec.rs`
//! (streams of `.wasm` modules) and `src/bin/spec_image.rs` (streams of
//! images, on the runner: `--features spec-images`) include this file as a
//! module with its board crate in scope as `crate::board`, and call [`run`]
//! from their entry point.
//!
//! It runs the command streams that `spec-stream` converted from the
//! `.wast` files on the host and prints, on the UART, one `spec: <stream>
//! <directives> <passed> <failed>` line per stream and `spec total: ...` at
//! the end (see spec-tests/stream/README.md). Exits 0 if every directive
//! passed.
//!
//! The streams are built in with `--features spec-streams` and
//! `MOTE_SPEC_STREAMS=/abs/path/streams.rs` (scripts/boards-spec.sh does
//! both, one image per batch of streams); without them this program has no
//! streams, says so and exits 2.
//!
//! The heap takes all free RAM (`init_all_ram`), since some streams grow
//! linear memories by megabytes; the engine's limits are the host's except
//! for the value stack (16 Ki slots, 128 KiB) and the call depth (1,000).

use core::fmt::Write as _;

use mote::{Config, Engine};

use crate::board::{ALL_RAM_STACK, exit, heap_stats, init_all_ram, stack_peak};

#[cfg(feature = "spec-streams")]
include!(env!("MOTE_SPEC_STREAMS"));
#[cfg(not(feature = "spec-streams"))]
static STREAMS: &[&[u8]] = &[];

/// Runs the streams and exits. Inlined into the board's entry point, so the
/// image and the stack peak it reports are those of a body written there.
#[inline(always)]
pub(crate) fn run() -> ! {
    let mut board = init_all_ram();
    if STREAMS.is_empty() {
        let _ = writeln!(
            board.serial,
            "spec: no streams built in (scripts/boards-spec.sh builds them in)"
        );
        exit(2)
    }
    let mut config = Config::new();
    config.max_call_depth(1000).max_stack_slots(16 * 1024);
    let engine = Engine::new(&config);
    let summary = mote_spec_stream::run_all(STREAMS.iter().copied(), &engine, &mut board.serial);
    let heap = heap_stats();
    let _ = writeln!(
        board.serial,
        "spec heap: peak {} of {} bytes; stack: peak {} of {} bytes",
        heap.peak,
        heap.size,
        stack_peak().unwrap_or(0),
        ALL_RAM_STACK
    );
    let ok = summary.totals.failed == 0 && summary.broken == 0;
    exit(if ok { 0 } else { 1 })
}
