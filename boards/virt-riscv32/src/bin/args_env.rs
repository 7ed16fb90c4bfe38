//! `tests/wasi/args_env.wasm` on the board: prints its arguments and environment.
#![no_std]
#![no_main]

use virt_riscv32::{Program, exit, init, run_wasi};

const PROGRAM: Program = Program {
    wasm: include_bytes!("../../../../tests/wasi/args_env.wasm"),
    args: &["args_env", "one", "two words", ""],
    vars: &[("HOME", "/home/mote"), ("LANG", "C"), ("EMPTY", "")],
};

#[riscv_rt::entry]
fn main() -> ! {
    exit(run_wasi(init(), &PROGRAM))
}
