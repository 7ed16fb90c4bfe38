//! The body of the boards' `hello_image` program: `tests/wasi/hello.wasm`
//! compiled on the host into an image (`build_image.rs`, from each board's
//! build.rs) and run from flash by the runner (the engine without
//! `wasmparser`): prints `Hello, world!` as `hello` does. Each board's
//! `src/bin/hello_image.rs` includes this file as a module with its board
//! crate in scope as `crate::board`, and calls [`run`] from its entry
//! point. Build it with `--no-default-features --features runner`.

use crate::board::{Program, engine_config, exit, init, run_wasi};

/// An image aligned so that its code is used where it is in flash.
#[repr(C, align(4))]
struct Aligned<T: ?Sized>(T);

static IMAGE: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/hello.mote")));

const PROGRAM: Program = Program {
    wasm: &IMAGE.0,
    args: &["hello"],
    vars: &[],
};

pub fn run() -> ! {
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
