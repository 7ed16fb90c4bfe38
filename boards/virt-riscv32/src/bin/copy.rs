//! `tests/wasi/copy.wasm` on the board: no directory is granted on the board, so it fails
//! like `mote run` without `--dir`: `Capabilities insufficient`, status 1.
#![no_std]
#![no_main]

use virt_riscv32::{Program, exit, init, run_wasi};

const PROGRAM: Program = Program {
    wasm: include_bytes!("../../../../tests/wasi/copy.wasm"),
    args: &["copy", "/data/in.txt", "/data/out.txt"],
    vars: &[],
};

#[riscv_rt::entry]
fn main() -> ! {
    exit(run_wasi(init(), &PROGRAM))
}
