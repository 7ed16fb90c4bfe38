//! `mote inspect FILE`: imports, exports, memories and features.

use crate::util::{assert_one_line_error, assert_output, mote, program, wat_module};

#[test]
fn hello_lists_its_wasi_imports_exports_and_memory() {
    let out = mote(&["inspect", &program("hello")]);
    let expected = "\
imports:
  wasi_snapshot_preview1.fd_close: (func (param i32) (result i32))
  wasi_snapshot_preview1.fd_fdstat_get: (func (param i32 i32) (result i32))
  wasi_snapshot_preview1.fd_seek: (func (param i32 i64 i32 i32) (result i32))
  wasi_snapshot_preview1.fd_write: (func (param i32 i32 i32 i32) (result i32))
  wasi_snapshot_preview1.proc_exit: (func (param i32))
exports:
  memory: (memory 2)
  _start: (func)
memories:
  (memory 2)
features: mvp
";
    assert_output(&out, expected, "", 0);
}

#[test]
fn every_kind_of_import_and_export() {
    let (_dir, m) = wat_module(
        "inspect",
        r#"(module
          (import "env" "mem" (memory 1 10))
          (import "env" "g" (global (mut i64)))
          (import "env" "t" (table 2 funcref))
          (import "env" "f" (func (param i32 f32) (result f64)))
          (global (export "c") f32 (f32.const 1))
          (table (export "tab") 1 5 funcref)
          (func (export "pair") (result i32 i64) (i32.const 1) (i64.const 2))
          (func (export "ext") (param i32) (result i32) (i32.extend8_s (local.get 0)))
          (func (export "fill") (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))))"#,
    );
    let expected = "\
imports:
  env.mem: (memory 1 10)
  env.g: (global mut i64)
  env.t: (table 2 funcref)
  env.f: (func (param i32 f32) (result f64))
exports:
  c: (global f32)
  tab: (table 1 5 funcref)
  pair: (func (result i32 i64))
  ext: (func (param i32) (result i32))
  fill: (func)
memories:
  (memory 1 10) (imported from env.mem)
features: mutable-global, sign-extension, multi-value, bulk-memory, reference-types
";
    assert_output(&mote(&["inspect", &m]), expected, "", 0);
}

#[test]
fn empty_module() {
    let (_dir, m) = wat_module("inspect", "(module)");
    assert_output(
        &mote(&["inspect", &m]),
        "imports:\nexports:\nmemories:\nfeatures: mvp\n",
        "",
        0,
    );
}

// No instruction uses these proposals; the declarations alone need them
// (validation with the proposal disabled rejects each module).

#[test]
fn an_externref_table_uses_reference_types() {
    let (_dir, m) = wat_module("inspect", r#"(module (table (export "t") 1 externref))"#);
    let expected =
        "imports:\nexports:\n  t: (table 1 externref)\nmemories:\nfeatures: reference-types\n";
    assert_output(&mote(&["inspect", &m]), expected, "", 0);
}

#[test]
fn exporting_a_mutable_global_uses_mutable_global() {
    let (_dir, m) = wat_module(
        "inspect",
        r#"(module (global (export "g") (mut i32) (i32.const 0)))"#,
    );
    let expected =
        "imports:\nexports:\n  g: (global mut i32)\nmemories:\nfeatures: mutable-global\n";
    assert_output(&mote(&["inspect", &m]), expected, "", 0);
}

#[test]
fn atomics_and_a_shared_memory_use_threads() {
    let (_dir, m) = wat_module(
        "inspect",
        r#"(module
          (import "env" "mem" (memory 1 2 shared))
          (func (export "add") (param i32) (result i32)
            (i32.atomic.rmw.add (i32.const 0) (local.get 0))))"#,
    );
    let expected = "\
imports:
  env.mem: (memory 1 2 shared)
exports:
  add: (func (param i32) (result i32))
memories:
  (memory 1 2 shared) (imported from env.mem)
features: threads
";
    assert_output(&mote(&["inspect", &m]), expected, "", 0);
    // A shared memory alone needs the proposal too.
    let (_dir, m) = wat_module("inspect", "(module (memory 1 1 shared))");
    let expected = "imports:\nexports:\nmemories:\n  (memory 1 1 shared)\nfeatures: threads\n";
    assert_output(&mote(&["inspect", &m]), expected, "", 0);
}

#[test]
fn two_memories_use_multi_memory() {
    let (_dir, m) = wat_module(
        "inspect",
        r#"(module
          (import "env" "mem" (memory 1))
          (memory 2 3)
          (func (export "f") (result i32) (i32.load 1 (i32.const 0))))"#,
    );
    let expected = "\
imports:
  env.mem: (memory 1)
exports:
  f: (func (result i32))
memories:
  (memory 1) (imported from env.mem)
  (memory 2 3)
features: multi-memory
";
    assert_output(&mote(&["inspect", &m]), expected, "", 0);
}

#[test]
fn invalid_module_is_one_line_error() {
    let (_dir, m) = wat_module("inspect", "(module (func (result i32) i32.add))");
    let line = assert_one_line_error(&mote(&["inspect", &m]), 1);
    assert!(
        line.starts_with(&format!("error: {m}: ")) && line.contains("offset"),
        "{line}"
    );
}

#[test]
fn disassemble_prints_each_functions_translated_code() {
    let (_dir, m) = wat_module(
        "inspect",
        r#"(module (func $add_one (export "f") (param i32) (result i32)
             (i32.add (local.get 0) (i32.const 1))))"#,
    );
    let out = mote(&["inspect", "--disassemble", &m]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "translated: 14 bytes of code from 7 bytes of function bodies (2.00 per byte)\n"
        ),
        "{text}"
    );
    let code = text.split_once("code:\n").expect("a code section").1;
    assert_eq!(
        code,
        "func 0 \"add_one\": params 1, locals 1, frame 3\n  @0      I32AddImm dst=s1 a=s0 imm=1\n  @5      ReturnValue value=s1\n"
    );
    // Without the flag, no code; with it on `validate`, a usage error.
    let plain = mote(&["inspect", &m]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("code:"));
    assert_one_line_error(&mote(&["validate", "--disassemble", &m]), 2);
}

#[test]
fn tags_and_try_table_use_exception_handling() {
    let (_dir, m) = wat_module(
        "inspect",
        r#"(module
          (import "env" "e" (tag (param i32)))
          (tag (export "t") (param i64 f32))
          (func (export "f") (result i32)
            (block $h (result i32)
              (try_table (catch 0 $h) (throw 0 (i32.const 1)))
              (i32.const 0))))"#,
    );
    let expected = "\
imports:
  env.e: (tag (param i32))
exports:
  t: (tag (param i64 f32))
  f: (func (result i32))
memories:
features: exception-handling
";
    assert_output(&mote(&["inspect", &m]), expected, "", 0);
}

#[test]
fn typed_references_are_listed_as_function_references() {
    let (_dir, m) = wat_module(
        "inspect",
        r#"(module
          (type $ii (func (param i32) (result i32)))
          (import "env" "g" (global (ref null $ii)))
          (func (export "apply") (param (ref $ii) i32) (result i32)
            (call_ref $ii (local.get 1) (local.get 0))))"#,
    );
    // A concrete type prints as its engine-wide id: the first type the
    // engine saw is 0.
    let expected = "\
imports:
  env.g: (global (ref null 0))
exports:
  apply: (func (param (ref 0) i32) (result i32))
memories:
features: reference-types, function-references
";
    assert_output(&mote(&["inspect", &m]), expected, "", 0);
}
