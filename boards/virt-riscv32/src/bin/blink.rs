//! `tests/wasi/blink.wasm` on the board: toggles mock pin 0 through `mote:hal` (each change is
//! logged on the UART: `gpio: pin 0 high`) and reads it back.
#![no_std]
#![no_main]

use virt_riscv32::{Program, exit, init, run_wasi};

const PROGRAM: Program = Program {
    wasm: include_bytes!("../../../../tests/wasi/blink.wasm"),
    args: &["blink"],
    vars: &[],
};

#[riscv_rt::entry]
fn main() -> ! {
    exit(run_wasi(init(), &PROGRAM))
}
