//! The CLI never panics on its own output, exits with statuses a shell can
//! trust, and prints what a module controls escaped.

use crate::util::{
    Output, assert_no_panic, assert_one_line_error, assert_output, mote, program, repo_root,
    wat_module,
};
use std::process::{Command, Stdio};

/// Runs `mote ARGS...` with stdout going to `stdout`.
fn mote_to(stdout: Stdio, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_mote"))
        .args(args)
        .current_dir(repo_root())
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .expect("run mote");
    Output {
        stdout: Vec::new(),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        code: out.status.code(),
    }
}

/// A pipe whose reader is already gone: every write to it fails (EPIPE).
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    writer.into()
}

#[cfg(target_os = "linux")]
fn dev_full() -> Stdio {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full")
        .into()
}

const INVOKE: &str = r#"(module (func (export "seven") (result i32) (i32.const 7)))"#;

#[test]
fn a_closed_stdout_ends_quietly_with_141() {
    let (_dir, m) = wat_module("robust", INVOKE);
    let hello = program("hello");
    for args in [
        vec!["--help"],
        vec!["--version"],
        vec!["help", "run"],
        vec!["run", "--help"],
        vec!["inspect", &hello],
        vec!["validate", &hello],
        vec!["run", "--invoke", "seven", &m],
    ] {
        let out = mote_to(closed_pipe(), &args);
        assert_no_panic(&out);
        assert_eq!((out.code, out.stderr.as_str()), (Some(141), ""), "{args:?}");
    }
    // The guest's own writes fail inside the guest (EPIPE), not the host.
    let out = mote_to(closed_pipe(), &["run", &hello]);
    assert_no_panic(&out);
}

#[test]
#[cfg(target_os = "linux")]
fn a_full_disk_is_a_one_line_error() {
    let (_dir, m) = wat_module("robust", INVOKE);
    let hello = program("hello");
    for args in [
        vec!["--help"],
        vec!["inspect", &hello],
        vec!["run", "--invoke", "seven", &m],
    ] {
        let out = mote_to(dev_full(), &args);
        let line = assert_one_line_error(&out, 1);
        assert!(
            line.contains("cannot write to standard output") && line.contains("No space"),
            "{args:?}: {line}"
        );
    }
}

#[test]
#[cfg(target_os = "linux")]
fn a_trap_with_stderr_on_a_full_disk_still_exits_134() {
    let out = Command::new(env!("CARGO_BIN_EXE_mote"))
        .args(["run", &program("trap")])
        .current_dir(repo_root())
        .stderr(dev_full())
        .output()
        .expect("run mote");
    assert_eq!(out.status.code(), Some(134));
}

fn exit_with(code: &str) -> Output {
    let text = format!(
        r#"(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
             (memory (export "memory") 1)
             (func (export "_start") (call $exit (i32.const {code}))))"#
    );
    let (_dir, m) = wat_module("exit", &text);
    mote(&["run", &m])
}

#[test]
fn exit_statuses_a_shell_cannot_carry_are_errors() {
    for code in [0, 1, 42, 125] {
        assert_output(&exit_with(&code.to_string()), "", "", code);
    }
    for (code, shown) in [
        ("126", "126"),
        ("134", "134"),
        ("255", "255"),
        ("256", "256"),
        ("-1", "4294967295"),
    ] {
        let line = assert_one_line_error(&exit_with(code), 1);
        assert_eq!(
            line,
            format!("error: exit with invalid exit status {shown} (outside of [0..126))")
        );
    }
}

#[test]
fn start_of_the_wrong_type_is_a_sentence() {
    let (_dir, m) = wat_module(
        "start",
        r#"(module (func (export "_start") (param i32) (result i32) (local.get 0)))"#,
    );
    let line = assert_one_line_error(&mote(&["run", &m]), 1);
    assert!(
        line.ends_with(
            "_start must take no parameters and return nothing, not (func (param i32) (result i32))"
        ),
        "{line}"
    );
}

#[test]
fn invoke_arguments_with_stray_signs_are_refused() {
    let (_dir, m) = wat_module(
        "signs",
        r#"(module (func (export "id") (param i32) (result i32) (local.get 0)))"#,
    );
    for bad in ["--5", "-0x-5", "0x+5", "+5", "0x"] {
        let line = assert_one_line_error(&mote(&["run", "--invoke", "id", &m, bad]), 2);
        assert!(line.contains("cannot parse"), "{bad}: {line}");
    }
    assert_output(&mote(&["run", "--invoke", "id", &m, "-0x5"]), "-5\n", "", 0);
}

#[test]
fn single_options_given_twice_are_refused() {
    let (_dir, m) = wat_module("twice", INVOKE);
    for (flag, a, b) in [
        ("--invoke", "seven", "seven"),
        ("--fuel", "10", "20"),
        ("--max-memory", "0", "65536"),
    ] {
        let line = assert_one_line_error(&mote(&["run", flag, a, flag, b, &m]), 2);
        assert!(line.contains("given more than once"), "{line}");
    }
}

#[test]
fn names_from_the_module_are_escaped() {
    let (_dir, m) = wat_module(
        "names",
        r#"(module
             (import "\1b[2J" "r\00d\u{202e}" (func))
             (func (export "\1b]0;pwned\07") (result i32) (i32.const 1)))"#,
    );
    let out = mote(&["inspect", &m]);
    assert_no_panic(&out);
    assert_eq!(out.code, Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}') && !text.contains('\0'), "{text:?}");
    assert!(text.contains(r"\u{1b}[2J.r\u{0}d\u{202e}"), "{text}");
    assert!(text.contains(r"\u{1b}]0;pwned\u{7}"), "{text}");
    // Link errors name the import the same way.
    let out = mote(&["run", &m]);
    assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
    assert!(out.stderr.contains(r"\u{1b}[2J"), "{:?}", out.stderr);
}

#[test]
fn env_of_an_unset_host_variable_stays_unset() {
    let p = program("args_env");
    let out = Command::new(env!("CARGO_BIN_EXE_mote"))
        .args([
            "run",
            "--env",
            "MOTE_TEST_UNSET",
            "--env",
            "MOTE_TEST_SET",
            &p,
        ])
        .current_dir(repo_root())
        .env_remove("MOTE_TEST_UNSET")
        .env("MOTE_TEST_SET", "yes")
        .output()
        .expect("run mote");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "argv[0]=args_env.wasm\nenv MOTE_TEST_SET=yes\n"
    );
}

#[test]
fn deep_backtraces_are_shortened() {
    let (_dir, m) = wat_module("deep", r#"(module (func $f (export "f") (call $f)))"#);
    let out = mote(&["run", "--invoke", "f", &m]);
    assert_no_panic(&out);
    assert_eq!(out.code, Some(134));
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines[0], "error: wasm trap: call stack exhausted");
    assert!(lines.len() < 50, "{} lines", lines.len());
    assert!(
        lines.iter().any(|l| l.ends_with("frames omitted ...")),
        "{:?}",
        out.stderr
    );
    // The outermost frames are still there, numbered as they were.
    let last: u32 = lines
        .last()
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(last >= 9999, "{:?}", lines.last());
}

#[test]
fn max_memory_is_an_exact_byte_budget() {
    let (_dir, none) = wat_module("budget", INVOKE);
    // No memory at all fits in 0 bytes.
    assert_output(
        &mote(&["run", "--max-memory", "0", "--invoke", "seven", &none]),
        "7\n",
        "",
        0,
    );
    // One 64 KiB page does not fit in 65,535 bytes: refused, not rounded.
    let (_dir, one) = wat_module(
        "budget",
        r#"(module (memory 1) (func (export "seven") (result i32) (i32.const 7)))"#,
    );
    let line = assert_one_line_error(
        &mote(&["run", "--max-memory", "65535", "--invoke", "seven", &one]),
        1,
    );
    assert!(line.contains("exceed the configured limit"), "{line}");
    // A 1-byte-page memory can use exactly the budget.
    let (_dir, small) = wat_module(
        "budget",
        r#"(module (memory 100 (pagesize 1))
             (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#,
    );
    let run = |n: &str| mote(&["run", "--max-memory", "1000", "--invoke", "grow", &small, n]);
    assert_output(&run("901"), "-1\n", "", 0);
    assert_output(&run("900"), "100\n", "", 0);
}
