//! `tests/wasi/clock_random.wasm` on the board: checks the clocks, `random_get` and a 10 ms sleep.
#![no_std]
#![no_main]

use mps2_an386::{Program, exit, init, run_wasi};

const PROGRAM: Program = Program {
    wasm: include_bytes!("../../../../tests/wasi/clock_random.wasm"),
    args: &["clock_random"],
    vars: &[],
};

#[cortex_m_rt::entry]
fn main() -> ! {
    exit(run_wasi(init(), &PROGRAM))
}
