//! `tests/wasi/copy.wasm` on the board: no directory is granted on the board, so it fails
//! like `mote run` without `--dir`: `Capabilities insufficient`, status 1.
#![no_std]
#![no_main]

use mps2_an386::{Program, exit, init, run_wasi};

const PROGRAM: Program = Program {
    wasm: include_bytes!("../../../../tests/wasi/copy.wasm"),
    args: &["copy", "/data/in.txt", "/data/out.txt"],
    vars: &[],
};

#[cortex_m_rt::entry]
fn main() -> ! {
    exit(run_wasi(init(), &PROGRAM))
}
