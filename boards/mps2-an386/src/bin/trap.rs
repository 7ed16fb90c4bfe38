//! `tests/wasi/trap.wasm` on the board: prints `before trap`, then traps (`unreachable`): status 134.
#![no_std]
#![no_main]

use mps2_an386::{Program, exit, init, run_wasi};

const PROGRAM: Program = Program {
    wasm: include_bytes!("../../../../tests/wasi/trap.wasm"),
    args: &["trap"],
    vars: &[],
};

#[cortex_m_rt::entry]
fn main() -> ! {
    exit(run_wasi(init(), &PROGRAM))
}
