//! Running a WASI command on this board: the console on the UART, clocks on
//! `mtime` (wall time from the Goldfish RTC), `mote:hal` on logged mock pins
//! 0 and 1. The running itself is wasi-lite's `run_program`.

use crate::timer::wall_clock_ns;
use crate::{Board, engine_config};
pub use wasi_lite::board::Program;
use wasi_lite::board::{BoardParts, run_program};

/// Runs `program`'s `_start` and returns its exit status, as `mote run`
/// would: 0, the `proc_exit` code, 134 after a trap, 1 if it cannot start.
pub fn run(board: Board, program: &Program) -> i32 {
    let Board {
        serial,
        ticks,
        pins,
    } = board;
    let parts = BoardParts {
        serial,
        ticks,
        pins,
        wall_clock_ns: wall_clock_ns(),
    };
    run_program(parts, program, &engine_config())
}
