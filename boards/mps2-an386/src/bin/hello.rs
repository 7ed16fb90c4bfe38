//! `tests/wasi/hello.wasm` on the board: prints `Hello, world!`.
#![no_std]
#![no_main]

use mps2_an386::{Program, exit, init, run_wasi};

const PROGRAM: Program = Program {
    wasm: include_bytes!("../../../../tests/wasi/hello.wasm"),
    args: &["hello"],
    vars: &[],
};

#[cortex_m_rt::entry]
fn main() -> ! {
    exit(run_wasi(init(), &PROGRAM))
}
