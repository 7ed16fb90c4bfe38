//! `tests/wasi/clock_random.wasm` on the board: checks the clocks, `random_get` and a 10 ms sleep.
#![no_std]
#![no_main]

use virt_riscv32::{Program, exit, init, run_wasi};

const PROGRAM: Program = Program {
    wasm: include_bytes!("../../../../tests/wasi/clock_random.wasm"),
    args: &["clock_random"],
    vars: &[],
};

#[riscv_rt::entry]
fn main() -> ! {
    exit(run_wasi(init(), &PROGRAM))
}
