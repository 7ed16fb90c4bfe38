//! The boards' build scripts' part that compiles tests/wasi/hello.wasm
//! into an image (`OUT_DIR/hello.mote`) for `hello_image.rs`; each board's
//! build.rs includes this file as a module with the `runner` feature.

use std::fs;
use std::path::Path;

/// hello.wasm as the image `mote compile` writes: an engine configured as
/// the board's for what an image records (no fuel; names kept for
/// backtraces, as `engine_config()` keeps them).
pub fn hello_image(out: &Path) {
    let wasm = "../../tests/wasi/hello.wasm";
    println!("cargo:rerun-if-changed={wasm}");
    println!("cargo:rerun-if-changed=../common/build_image.rs");
    let bytes = fs::read(wasm).expect("tests/wasi/hello.wasm is readable");
    let mut config = mote::Config::new();
    config.debug_info(true);
    let engine = mote::Engine::new(&config);
    let module = mote::Module::new(&engine, &bytes).expect("hello.wasm compiles");
    let image = module.to_image().expect("hello.wasm makes an image");
    fs::write(out.join("hello.mote"), image).expect("OUT_DIR is writable");
}
