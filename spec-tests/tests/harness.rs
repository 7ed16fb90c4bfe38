//! Tests of the harness itself: scripts whose directives must pass, and
//! scripts whose directives must all fail, run against the real engine.

use std::time::Duration;

use mote_spec_tests::{FileReport, Load, TestFile, report_file};

/// Runs a script given as text and returns its report.
fn run(script: &str) -> FileReport {
    let contents: &'static str = Box::leak(script.to_string().into_boxed_str());
    let file = TestFile {
        parent: "self-test".into(),
        name: "script.wast".into(),
        contents,
    };
    report_file(&file, Duration::from_secs(60), Load::Wasm)
}

/// Asserts that every directive but the first (a module) fails.
#[track_caller]
fn all_but_module_fail(script: &str) {
    let report = run(script);
    assert_eq!(report.passed, 1, "{report:#?}");
    assert_eq!(report.failed, report.directives - 1, "{report:#?}");
}

const MODULE: &str = r#"(module
    (memory 1)
    (table 2 funcref)
    (global (export "g") i32 (i32.const 7))
    (func (export "one") (result i32) (i32.const 1))
    (func (export "id") (param i32) (result i32) (local.get 0))
    (func (export "trap") (unreachable))
    (func (export "oob") (result i32) (i32.load (i32.const 65536)))
    (func (export "div") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
    (func (export "f32") (param i32) (result f32) (f32.reinterpret_i32 (local.get 0)))
    (func (export "f64") (param i64) (result f64) (f64.reinterpret_i64 (local.get 0)))
    (func (export "ci") (param i32) (call_indirect (local.get 0)))
    (func $rec (export "rec") (call $rec))
)"#;

#[test]
fn correct_expectations_pass() {
    let report = run(&format!(
        r#"{MODULE}
        (assert_return (invoke "one") (i32.const 1))
        (assert_return (invoke "id" (i32.const -5)) (i32.const -5))
        (assert_return (get "g") (i32.const 7))
        (assert_return (invoke "f32" (i32.const 0x7fc00000)) (f32.const nan:canonical))
        (assert_return (invoke "f32" (i32.const 0xffc00000)) (f32.const nan:canonical))
        (assert_return (invoke "f32" (i32.const 0x7fc00001)) (f32.const nan:arithmetic))
        (assert_return (invoke "f64" (i64.const 0xfff8000000000000)) (f64.const nan:canonical))
        (assert_return (invoke "f64" (i64.const 0x7ffc000000000000)) (f64.const nan:arithmetic))
        (assert_return (invoke "id" (i32.const 2)) (either (i32.const 1) (i32.const 2)))
        (assert_trap (invoke "trap") "unreachable")
        (assert_trap (invoke "oob") "out of bounds memory access")
        (assert_trap (invoke "div" (i32.const 0)) "integer divide by zero")
        (assert_trap (invoke "ci" (i32.const 1)) "uninitialized element")
        (assert_trap (invoke "ci" (i32.const 5)) "undefined element")
        (assert_exhaustion (invoke "rec") "call stack exhausted")
        (assert_invalid (module (func (result i32))) "type mismatch")
        (assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
        (assert_malformed (module quote "(func (i32.const nonsense))") "unknown operator")
        (assert_unlinkable (module (import "nowhere" "f" (func))) "unknown import")
        (assert_unlinkable (module (import "spectest" "print_i32" (func (param i64)))) "incompatible import type")
        (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
        (assert_trap (module (memory 0) (data (i32.const 1) "x")) "out of bounds memory access")
        (module $M (func (export "two") (result i32) (i32.const 2)))
        (register "M" $M)
        (module (import "M" "two" (func $two (result i32))) (func (export "t") (result i32) (call $two)))
        (assert_return (invoke "t") (i32.const 2))
        (assert_return (invoke $M "two") (i32.const 2))
        (module definition $D (func (export "three") (result i32) (i32.const 3)))
        (module instance $I $D)
        (assert_return (invoke $I "three") (i32.const 3))
        (module (import "spectest" "global_i32" (global i32)) (import "spectest" "memory" (memory 1 2))
                (import "spectest" "table" (table 10 20 funcref)) (import "spectest" "print_f64_f64" (func (param f64 f64)))
                (import "spectest" "global_f32" (global $f f32))
                (func (export "f") (result f32) (global.get $f)))
        (assert_return (invoke "f") (f32.const 666.6))
        "#
    ));
    assert_eq!(report.failed, 0, "{report:#?}");
}

#[test]
fn wrong_results_fail() {
    all_but_module_fail(&format!(
        r#"{MODULE}
        (assert_return (invoke "one") (i32.const 2))
        (assert_return (invoke "one") (i64.const 1))
        (assert_return (invoke "one"))
        (assert_return (invoke "id" (i32.const 3)) (either (i32.const 1) (i32.const 2)))
        (assert_return (get "g") (i32.const 8))
        (assert_return (invoke "f32" (i32.const 0x7fc00001)) (f32.const nan:canonical))
        (assert_return (invoke "f32" (i32.const 0x7fa00000)) (f32.const nan:arithmetic))
        (assert_return (invoke "f32" (i32.const 0x80000000)) (f32.const 0.0))
        (assert_return (invoke "f64" (i64.const 0x7ff4000000000000)) (f64.const nan:arithmetic))
        (assert_return (invoke "trap"))
        (assert_return (invoke "missing") (i32.const 1))
        (assert_return (invoke $nope "one") (i32.const 1))
        (invoke "trap")
        "#
    ));
}

#[test]
fn wrong_traps_fail() {
    all_but_module_fail(&format!(
        r#"{MODULE}
        (assert_trap (invoke "one") "unreachable")
        (assert_trap (invoke "trap") "integer divide by zero")
        (assert_trap (invoke "oob") "out of bounds table access")
        (assert_trap (invoke "ci" (i32.const 1)) "undefined element")
        (assert_trap (invoke "ci" (i32.const 5)) "uninitialized element")
        (assert_trap (invoke "div" (i32.const 0)) "integer overflow")
        (assert_exhaustion (invoke "trap") "call stack exhausted")
        (assert_exhaustion (invoke "one") "call stack exhausted")
        (assert_trap (module (func)) "unreachable")
        (assert_trap (module (func $s unreachable) (start $s)) "out of bounds memory access")
        "#
    ));
}

#[test]
fn accepted_modules_fail_rejection_assertions() {
    all_but_module_fail(&format!(
        r#"{MODULE}
        (assert_invalid (module (func (result i32) (i32.const 1))) "type mismatch")
        (assert_malformed (module binary "\00asm\01\00\00\00") "unexpected end")
        (assert_malformed (module quote "(func (i32.const 1) drop)") "unknown operator")
        (assert_unlinkable (module (import "spectest" "print_i32" (func (param i32)))) "unknown import")
        (assert_unlinkable (module (func $s unreachable) (start $s)) "unknown import")
        (module (func $s unreachable) (start $s))
        (module (import "nowhere" "x" (func)))
        (register "X" $unknown)
        (module instance $I $unknown)
        "#
    ));
}

#[test]
fn v128_values_of_the_wrong_type_fail() {
    let report = run(&format!(
        r#"{MODULE}
        (assert_return (invoke "id" (v128.const i32x4 0 0 0 0)) (i32.const 0))
        (assert_return (invoke "one") (v128.const i32x4 0 0 0 0))
        "#
    ));
    assert_eq!((report.passed, report.failed), (1, 2), "{report:#?}");
    assert!(
        report.failures[0].contains("wrong type") && report.failures[1].contains("differs"),
        "{report:#?}"
    );
}

#[test]
fn unparsable_script_fails() {
    let report = run("(assert_return (invoke \"f\"");
    assert_eq!((report.directives, report.failed), (1, 1), "{report:#?}");
}

#[test]
fn thread_and_wait_commands_fail_as_needing_a_second_thread() {
    let report = run(&format!(
        r#"{MODULE}
        (thread $T (invoke "one"))
        (wait $T)
        "#
    ));
    assert_eq!((report.passed, report.failed), (1, 2), "{report:#?}");
    assert!(
        report
            .failures
            .iter()
            .all(|f| f.contains("THREADS: needs a second thread")),
        "{report:#?}"
    );
}
