//! `--fuel` and `--max-memory`.

use crate::util::{assert_one_line_error, assert_output, mote, program, wat_module};

const SPIN: &str = r#"
(module
  (func (export "spin") (loop (br 0)))
  (func (export "count") (param i32) (result i32)
    (loop
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if 0 (local.get 0)))
    (i32.const 7)))
"#;

#[test]
fn an_infinite_loop_runs_out_of_fuel() {
    let (_dir, m) = wat_module("fuel", SPIN);
    let out = mote(&["run", "--fuel", "100000", "--invoke", "spin", &m]);
    assert_eq!(
        (String::from_utf8_lossy(&out.stdout).as_ref(), out.code),
        ("", Some(134)),
        "{out:?}"
    );
    assert_eq!(
        out.stderr.lines().next(),
        Some("error: wasm trap: all fuel consumed"),
        "{out:?}"
    );
    crate::util::assert_no_panic(&out);
}

#[test]
fn enough_fuel_lets_a_loop_finish() {
    let (_dir, m) = wat_module("fuel", SPIN);
    assert_output(
        &mote(&["run", "--fuel", "100000", "--invoke", "count", &m, "100"]),
        "7\n",
        "",
        0,
    );
}

#[test]
fn a_wasi_program_with_fuel() {
    let hello = program("hello");
    assert_output(
        &mote(&["run", "--fuel", "10000000", &hello]),
        "Hello, world!\n",
        "",
        0,
    );
    let out = mote(&["run", "--fuel", "10", &hello]);
    assert_eq!(
        (String::from_utf8_lossy(&out.stdout).as_ref(), out.code),
        ("", Some(134)),
        "{out:?}"
    );
    assert_eq!(
        out.stderr.lines().next(),
        Some("error: wasm trap: all fuel consumed"),
        "{out:?}"
    );
}

const GROW: &str = r#"
(module
  (memory 1)
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
  (func (export "size") (result i32) (memory.size)))
"#;

#[test]
fn max_memory_makes_memory_grow_fail() {
    let (_dir, m) = wat_module("grow", GROW);
    assert_output(
        &mote(&["run", "--max-memory", "65536", "--invoke", "grow", &m]),
        "-1\n",
        "",
        0,
    );
    // Rounded down to whole pages: 131071 bytes is still one page.
    assert_output(
        &mote(&["run", "--max-memory", "131071", "--invoke", "grow", &m]),
        "-1\n",
        "",
        0,
    );
}

#[test]
fn without_or_under_the_limit_memory_grows() {
    let (_dir, m) = wat_module("grow", GROW);
    assert_output(&mote(&["run", "--invoke", "grow", &m]), "1\n", "", 0);
    assert_output(
        &mote(&["run", "--max-memory", "131072", "--invoke", "grow", &m]),
        "1\n",
        "",
        0,
    );
}

#[test]
fn a_module_whose_minimum_exceeds_max_memory_fails_cleanly() {
    // hello.wasm declares 2 pages; one page is not enough to instantiate it.
    let out = mote(&["run", "--max-memory", "65536", &program("hello")]);
    assert_one_line_error(&out, 1);
}
