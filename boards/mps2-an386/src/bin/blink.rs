//! `tests/wasi/blink.wasm` on the board: blinks LED 0 through `mote:hal` and reads it back.
#![no_std]
#![no_main]

use mps2_an386::{Program, exit, init, run_wasi};

const PROGRAM: Program = Program {
    wasm: include_bytes!("../../../../tests/wasi/blink.wasm"),
    args: &["blink"],
    vars: &[],
};

#[cortex_m_rt::entry]
fn main() -> ! {
    exit(run_wasi(init(), &PROGRAM))
}
