//! Generates two `#[test]`s per `.wast` file into `$OUT_DIR/spec_tests.rs`,
//! included by `tests/spec.rs`: one loads the file's modules from their
//! `.wasm`, the other (`image_…`) through images.

use std::fmt::Write as _;

#[path = "src/sets.rs"]
#[allow(dead_code)] // Some items are for the library only.
mod sets;

/// `wasm-v2` + `binary-leb128.wast` -> `wasm_v2_binary_leb128`.
fn test_name(set: &str, file: &str) -> String {
    let stem = file.strip_suffix(".wast").unwrap_or(file);
    format!("{set}_{stem}")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/sets.rs");
    println!("cargo:rerun-if-changed=vendor");
    let mut out = String::new();
    let mut seen = std::collections::HashSet::new();
    for file in sets::all_files() {
        let name = test_name(file.parent(), file.name());
        assert!(
            seen.insert(name.clone()),
            "two test files map to the test name {name}"
        );
        // Each file twice: from `.wasm`, and through images.
        for (prefix, load) in [("", "Wasm"), ("image_", "Image")] {
            writeln!(
                out,
                "#[test]\nfn {prefix}{name}() {{\n    mote_spec_tests::check_file({:?}, {:?}, mote_spec_tests::Load::{load});\n}}\n",
                file.parent(),
                file.name()
            )
            .unwrap();
        }
    }
    let dir = std::env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo");
    std::fs::write(std::path::Path::new(&dir).join("spec_tests.rs"), out)
        .expect("write spec_tests.rs");
}
