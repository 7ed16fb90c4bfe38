//! `tests/wasi/cat_stdin.wasm` on the board: copies UART input to the UART up to an EOT (Ctrl-D).
#![no_std]
#![no_main]

use mps2_an386::{Program, exit, init, run_wasi};

const PROGRAM: Program = Program {
    wasm: include_bytes!("../../../../tests/wasi/cat_stdin.wasm"),
    args: &["cat_stdin"],
    vars: &[],
};

#[cortex_m_rt::entry]
fn main() -> ! {
    exit(run_wasi(init(), &PROGRAM))
}
