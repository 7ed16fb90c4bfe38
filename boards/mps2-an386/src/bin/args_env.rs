//! `tests/wasi/args_env.wasm` on the board: prints its arguments and environment.
#![no_std]
#![no_main]

use mps2_an386::{Program, exit, init, run_wasi};

const PROGRAM: Program = Program {
    wasm: include_bytes!("../../../../tests/wasi/args_env.wasm"),
    args: &["args_env", "one", "two words", ""],
    vars: &[("HOME", "/home/mote"), ("LANG", "C"), ("EMPTY", "")],
};

#[cortex_m_rt::entry]
fn main() -> ! {
    exit(run_wasi(init(), &PROGRAM))
}
