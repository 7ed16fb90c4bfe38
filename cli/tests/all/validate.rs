//! `mote validate FILE`: `valid`, or the first error with its offset.

use crate::util::{TempDir, assert_one_line_error, assert_output, mote, program};

#[test]
fn valid_modules() {
    for name in ["hello", "trap", "list_dir"] {
        assert_output(&mote(&["validate", &program(name)]), "valid\n", "", 0);
    }
    let (_dir, m) = crate::util::wat_module("validate", "(module)");
    assert_output(&mote(&["validate", &m]), "valid\n", "", 0);
}

#[test]
fn truncated_module_reports_an_offset() {
    let dir = TempDir::new("validate");
    let hello = std::fs::read(crate::util::repo_root().join(program("hello"))).expect("hello.wasm");
    let path = dir
        .write("truncated.wasm", &hello[..100])
        .display()
        .to_string();
    let out = mote(&["validate", &path]);
    let line = assert_one_line_error(&out, 1);
    assert!(line.starts_with(&format!("error: {path}: ")), "{line}");
    assert!(line.contains("offset"), "{line}");
}

#[test]
fn garbage_reports_an_offset_on_one_line() {
    let dir = TempDir::new("validate");
    let path = dir
        .write("garbage.wasm", b"garbage\n")
        .display()
        .to_string();
    let line = assert_one_line_error(&mote(&["validate", &path]), 1);
    assert!(line.starts_with(&format!("error: {path}: ")), "{line}");
    assert!(line.contains("offset 0x0"), "{line}");
}

#[test]
fn invalid_code_reports_the_offset_of_the_bad_instruction() {
    // Well-formed binary, ill-typed body: i32.add with an empty stack.
    let (_dir, m) = crate::util::wat_module("validate", "(module (func (result i32) i32.add))");
    let line = assert_one_line_error(&mote(&["validate", &m]), 1);
    assert!(line.starts_with(&format!("error: {m}: ")), "{line}");
    assert!(line.contains("offset"), "{line}");
    assert!(line.contains("type mismatch"), "{line}");
}

#[test]
fn simd_is_accepted_and_runs() {
    let (_dir, m) = crate::util::wat_module(
        "validate",
        r#"(module (func (export "f") (result i32)
            (i32x4.extract_lane 3 (i32x4.add (v128.const i32x4 1 2 3 4) (v128.const i32x4 5 6 7 8)))))"#,
    );
    let out = mote(&["validate", &m]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let out = mote(&["run", "--invoke", "f", &m]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "12");
}

#[test]
fn missing_file() {
    let line = assert_one_line_error(&mote(&["validate", "tests/wasi/no-such-file.wasm"]), 1);
    assert!(
        line.starts_with("error: cannot read tests/wasi/no-such-file.wasm: "),
        "{line}"
    );
}
