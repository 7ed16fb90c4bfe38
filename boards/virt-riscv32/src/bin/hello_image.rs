//! `tests/wasi/hello.wasm` compiled on the host into an image (build.rs)
//! and run from flash by the runner (the engine without `wasmparser`):
//! prints `Hello, world!` as `hello` does. Build it with
//! `--no-default-features --features runner`.
#![no_std]
#![no_main]

use virt_riscv32::{Program, engine_config, exit, init, run_wasi};

/// An image aligned so that its code is used where it is in flash.
#[repr(C, align(4))]
struct Aligned<T: ?Sized>(T);

static IMAGE: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/hello.mote")));

const PROGRAM: Program = Program {
    wasm: &IMAGE.0,
    args: &["hello"],
    vars: &[],
};

#[riscv_rt::entry]
fn main() -> ! {
    let board = init();
    let status = run_wasi(board, &PROGRAM);
    // The module the run loaded kept its code in flash; if not, the
    // panic handler says so and exits with 101. Checked after the run, so
    // that the run's heap high-water is its own.
    let engine = mote::Engine::new(&engine_config());
    let in_place =
        mote::Module::from_static_image(&engine, PROGRAM.wasm).is_ok_and(|m| m.code_in_place());
    assert!(in_place, "the image's code was copied into RAM");
    exit(status)
}
