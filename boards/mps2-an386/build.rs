//! Puts memory.x where the linker finds it (cortex-m-rt's link.x includes
//! it), and with the `runner` feature compiles tests/wasi/hello.wasm into
//! an image (`OUT_DIR/hello.mote`) for src/bin/hello_image.rs.

use std::path::PathBuf;
use std::{env, fs};

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out.join("memory.x"), include_bytes!("memory.x")).expect("OUT_DIR is writable");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=memory.x");
    println!("cargo:rerun-if-changed=build.rs");
    // defmt's linker script holds its string table (only with the feature).
    if env::var_os("CARGO_FEATURE_DEFMT").is_some() {
        println!("cargo:rustc-link-arg=-Tdefmt.x");
    }
    #[cfg(feature = "runner")]
    build_image::hello_image(&out);
}

#[cfg(feature = "runner")]
#[path = "../common/build_image.rs"]
mod build_image;
