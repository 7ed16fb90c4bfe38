//! `mote run --invoke NAME module ARGS...`: arguments parsed by the
//! export's parameter types, results printed one per line.

use crate::util::{TempDir, assert_one_line_error, assert_output, mote};

const MATH: &str = r#"
(module
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "mul64") (param i64 i64) (result i64)
    (i64.mul (local.get 0) (local.get 1)))
  (func (export "half") (param f64) (result f64)
    (f64.div (local.get 0) (f64.const 2)))
  (func (export "halff") (param f32) (result f32)
    (f32.div (local.get 0) (f32.const 2)))
  (func (export "swap") (param i32 i64) (result i64 i32)
    (local.get 1) (local.get 0))
  (func (export "three") (result i32 f32 f64)
    (i32.const -7) (f32.const 2.5) (f64.const -0.125))
  (func (export "nothing"))
  (func (export "div") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func (export "boom") (result i32)
    unreachable)
  (global (export "g") i32 (i32.const 1))
)
"#;

fn math() -> (TempDir, String) {
    crate::util::wat_module("invoke", MATH)
}

fn invoke(module: &str, name: &str, args: &[&str]) -> crate::util::Output {
    let mut all = vec!["run", "--invoke", name, module];
    all.extend_from_slice(args);
    mote(&all)
}

#[test]
fn add_prints_the_result() {
    let (_dir, m) = math();
    assert_output(&invoke(&m, "add", &["2", "40"]), "42\n", "", 0);
}

#[test]
fn i32_arguments_accept_hex_negative_and_the_unsigned_range() {
    let (_dir, m) = math();
    assert_output(&invoke(&m, "add", &["0x10", "-1"]), "15\n", "", 0);
    assert_output(&invoke(&m, "add", &["4294967295", "0"]), "-1\n", "", 0);
    assert_output(
        &invoke(&m, "add", &["2147483647", "1"]),
        "-2147483648\n",
        "",
        0,
    );
}

#[test]
fn mul64_uses_the_full_i64_range() {
    let (_dir, m) = math();
    assert_output(
        &invoke(&m, "mul64", &["4294967296", "3"]),
        "12884901888\n",
        "",
        0,
    );
    assert_output(&invoke(&m, "mul64", &["-3", "7"]), "-21\n", "", 0);
}

#[test]
fn floats() {
    let (_dir, m) = math();
    assert_output(&invoke(&m, "half", &["5"]), "2.5\n", "", 0);
    assert_output(&invoke(&m, "half", &["-0.5"]), "-0.25\n", "", 0);
    assert_output(&invoke(&m, "half", &["inf"]), "inf\n", "", 0);
    assert_output(&invoke(&m, "halff", &["3"]), "1.5\n", "", 0);
}

#[test]
fn multi_value_results_one_per_line() {
    let (_dir, m) = math();
    assert_output(
        &invoke(&m, "swap", &["7", "-9000000000"]),
        "-9000000000\n7\n",
        "",
        0,
    );
    assert_output(&invoke(&m, "three", &[]), "-7\n2.5\n-0.125\n", "", 0);
}

#[test]
fn no_results_print_nothing() {
    let (_dir, m) = math();
    assert_output(&invoke(&m, "nothing", &[]), "", "", 0);
}

#[test]
fn wrong_argument_count_is_a_usage_error() {
    let (_dir, m) = math();
    let out = invoke(&m, "add", &["1"]);
    assert_eq!(
        assert_one_line_error(&out, 2),
        "error: 'add' takes 2 argument(s), 1 given"
    );
    let out = invoke(&m, "add", &["1", "2", "3"]);
    assert_eq!(
        assert_one_line_error(&out, 2),
        "error: 'add' takes 2 argument(s), 3 given"
    );
}

#[test]
fn unparsable_arguments_are_usage_errors() {
    let (_dir, m) = math();
    let out = invoke(&m, "add", &["2", "forty"]);
    assert_eq!(
        assert_one_line_error(&out, 2),
        "error: cannot parse 'forty' as i32"
    );
    let out = invoke(&m, "add", &["4294967296", "0"]);
    assert_eq!(
        assert_one_line_error(&out, 2),
        "error: cannot parse '4294967296' as i32"
    );
    let out = invoke(&m, "half", &["1.5.2"]);
    assert_eq!(
        assert_one_line_error(&out, 2),
        "error: cannot parse '1.5.2' as f64"
    );
}

#[test]
fn a_trap_exits_134_with_the_trap_message() {
    let (_dir, m) = math();
    let out = invoke(&m, "div", &["7", "0"]);
    assert_eq!(
        (String::from_utf8_lossy(&out.stdout).as_ref(), out.code),
        ("", Some(134)),
        "{out:?}"
    );
    assert_eq!(
        out.stderr.lines().next(),
        Some("error: wasm trap: integer divide by zero"),
        "{out:?}"
    );
    crate::util::assert_no_panic(&out);

    let out = invoke(&m, "boom", &[]);
    assert_eq!(
        (String::from_utf8_lossy(&out.stdout).as_ref(), out.code),
        ("", Some(134)),
        "{out:?}"
    );
    assert_eq!(
        out.stderr.lines().next(),
        Some("error: wasm trap: unreachable"),
        "{out:?}"
    );
}

#[test]
fn the_same_function_without_a_trap() {
    let (_dir, m) = math();
    assert_output(&invoke(&m, "div", &["-7", "2"]), "-3\n", "", 0);
}

#[test]
fn unknown_or_non_function_export_is_an_error() {
    let (_dir, m) = math();
    let out = invoke(&m, "nope", &[]);
    assert_eq!(
        assert_one_line_error(&out, 1),
        "error: no exported function 'nope'"
    );
    let out = invoke(&m, "g", &[]);
    assert_eq!(
        assert_one_line_error(&out, 1),
        "error: no exported function 'g'"
    );
}

#[test]
fn module_without_start_needs_invoke() {
    let (_dir, m) = math();
    let out = mote(&["run", &m]);
    assert_eq!(
        assert_one_line_error(&out, 1),
        format!("error: {m} has no _start; use --invoke NAME")
    );
}

#[test]
fn an_uncaught_exception_is_reported_with_its_payload() {
    let (_dir, m) = crate::util::wat_module(
        "invoke",
        r#"(module
          (tag $e (param i32 f64))
          (func (export "throw") (param i32) (result i32)
            (throw $e (local.get 0) (f64.const 1.5))))"#,
    );
    assert_output(
        &invoke(&m, "throw", &["7"]),
        "",
        "error: uncaught wasm exception (payload: [7, 1.5])\n",
        134,
    );
}
