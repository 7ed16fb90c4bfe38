//! `tests/wasi/hello.wasm` on the board: prints `Hello, world!`.
#![no_std]
#![no_main]

use virt_riscv32::{Program, exit, init, run_wasi};

const PROGRAM: Program = Program {
    wasm: include_bytes!("../../../../tests/wasi/hello.wasm"),
    args: &["hello"],
    vars: &[],
};

#[riscv_rt::entry]
fn main() -> ! {
    exit(run_wasi(init(), &PROGRAM))
}
