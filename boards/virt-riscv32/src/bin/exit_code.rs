//! `tests/wasi/exit_code.wasm` on the board: exits with status 42 through `proc_exit`.
#![no_std]
#![no_main]

use virt_riscv32::{Program, exit, init, run_wasi};

const PROGRAM: Program = Program {
    wasm: include_bytes!("../../../../tests/wasi/exit_code.wasm"),
    args: &["exit_code", "42"],
    vars: &[],
};

#[riscv_rt::entry]
fn main() -> ! {
    exit(run_wasi(init(), &PROGRAM))
}
