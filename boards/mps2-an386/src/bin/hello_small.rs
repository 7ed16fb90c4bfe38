//! `tests/wasi/hello_small.wasm` on the board: prints `Hello, world!` from 32 bytes of linear
//! memory (1-byte pages: the custom-page-sizes proposal).
#![no_std]
#![no_main]

use mps2_an386::{Program, exit, init, run_wasi};

const PROGRAM: Program = Program {
    wasm: include_bytes!("../../../../tests/wasi/hello_small.wasm"),
    args: &["hello_small"],
    vars: &[],
};

#[cortex_m_rt::entry]
fn main() -> ! {
    exit(run_wasi(init(), &PROGRAM))
}
