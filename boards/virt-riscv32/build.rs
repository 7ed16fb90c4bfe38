//! Puts memory.x where the linker finds it (riscv-rt's link.x reads it:
//! -Tmemory.x), and with the `runner` feature compiles
//! tests/wasi/hello.wasm into an image (`OUT_DIR/hello.mote`) for
//! src/bin/hello_image.rs.

use std::path::PathBuf;
use std::{env, fs};

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out.join("memory.x"), include_bytes!("memory.x")).expect("OUT_DIR is writable");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=memory.x");
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "runner")]
    hello_image(&out);
}

/// hello.wasm as the image `mote compile` writes: an engine configured as
/// the board's for what an image records (no fuel; names kept for
/// backtraces, as `engine_config()` keeps them).
#[cfg(feature = "runner")]
fn hello_image(out: &std::path::Path) {
    let wasm = "../../tests/wasi/hello.wasm";
    println!("cargo:rerun-if-changed={wasm}");
    let bytes = fs::read(wasm).expect("tests/wasi/hello.wasm is readable");
    let mut config = mote::Config::new();
    config.debug_info(true);
    let engine = mote::Engine::new(&config);
    let module = mote::Module::new(&engine, &bytes).expect("hello.wasm compiles");
    let image = module.to_image().expect("hello.wasm makes an image");
    fs::write(out.join("hello.mote"), image).expect("OUT_DIR is writable");
}
