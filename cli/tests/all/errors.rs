//! Bad flags and bad input: one `error: ` line on stderr, exit 2 for usage
//! errors and 1 for the rest, never a panic.

use crate::util::{TempDir, assert_no_panic, assert_one_line_error, mote, program, wat_module};

#[track_caller]
fn usage_error(args: &[&str]) -> String {
    assert_one_line_error(&mote(args), 2)
}

#[track_caller]
fn failure(args: &[&str]) -> String {
    assert_one_line_error(&mote(args), 1)
}

#[test]
fn unknown_command() {
    assert_eq!(
        usage_error(&["frobnicate"]),
        "error: unknown command 'frobnicate' (try 'mote --help')"
    );
}

#[test]
fn no_command_prints_usage_and_fails() {
    let out = mote::<&str>(&[]);
    assert_no_panic(&out);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("Usage: mote <COMMAND>"),
        "{:?}",
        out.stderr
    );
    assert!(
        out.stderr.ends_with("\nerror: no command given\n"),
        "{:?}",
        out.stderr
    );
}

#[test]
fn unknown_flags() {
    assert_eq!(
        usage_error(&["run", "--bogus", &program("hello")]),
        "error: invalid option '--bogus'"
    );
    assert_eq!(
        usage_error(&["run", "-x", &program("hello")]),
        "error: invalid option '-x'"
    );
    assert_eq!(
        usage_error(&["validate", "--bogus", &program("hello")]),
        "error: invalid option '--bogus'"
    );
    assert_eq!(
        usage_error(&["inspect", "--bogus", &program("hello")]),
        "error: invalid option '--bogus'"
    );
}

#[test]
fn bad_numbers() {
    let hello = program("hello");
    assert_eq!(
        usage_error(&["run", "--fuel", "abc", &hello]),
        "error: --fuel must be a whole number, not 'abc'"
    );
    assert_eq!(
        usage_error(&["run", "--fuel", "-5", &hello]),
        "error: --fuel must be a whole number, not '-5'"
    );
    assert_eq!(
        usage_error(&["run", "--max-memory", "1e9", &hello]),
        "error: --max-memory must be a whole number, not '1e9'"
    );
}

#[test]
fn options_without_values() {
    assert_eq!(
        usage_error(&["run", "--dir"]),
        "error: missing argument for option '--dir'"
    );
    assert_eq!(
        usage_error(&["run", "--env"]),
        "error: missing argument for option '--env'"
    );
    assert_eq!(
        usage_error(&["run", "--invoke"]),
        "error: missing argument for option '--invoke'"
    );
    assert_eq!(
        usage_error(&["run", "--fuel"]),
        "error: missing argument for option '--fuel'"
    );
    // The module became --dir's value, so the module is missing.
    assert_eq!(
        usage_error(&["run", "--dir", &program("hello")]),
        "error: missing <FILE.wasm> (see 'mote run --help')"
    );
}

#[test]
fn bad_dir_specs() {
    let hello = program("hello");
    assert_eq!(
        usage_error(&["run", "--dir", "::/data", &hello]),
        "error: --dir '::/data': expected HOST[::GUEST]"
    );
    assert_eq!(
        usage_error(&["run", "--dir", "/tmp::", &hello]),
        "error: --dir '/tmp::': expected HOST[::GUEST]"
    );
    let line = failure(&["run", "--dir", "/nonexistent-mote-dir::/data", &hello]);
    assert!(
        line.starts_with("error: cannot preopen directory /nonexistent-mote-dir"),
        "{line}"
    );
    let line = failure(&["run", "--dir", "README.md::/data", &hello]);
    assert!(
        line.starts_with("error: cannot preopen directory README.md"),
        "{line}"
    );
}

#[test]
fn missing_file_arguments() {
    assert_eq!(
        usage_error(&["run"]),
        "error: missing <FILE.wasm> (see 'mote run --help')"
    );
    assert_eq!(usage_error(&["validate"]), "error: missing <FILE.wasm>");
    assert_eq!(usage_error(&["inspect"]), "error: missing <FILE.wasm>");
    let hello = program("hello");
    assert_eq!(
        usage_error(&["validate", &hello, &hello]),
        format!("error: unexpected argument \"{hello}\"")
    );
}

#[test]
fn missing_module_file() {
    for cmd in ["run", "validate", "inspect"] {
        let line = failure(&[cmd, "no-such-module.wasm"]);
        assert!(
            line.starts_with("error: cannot read no-such-module.wasm: "),
            "{cmd}: {line}"
        );
    }
}

#[test]
fn non_wasm_file() {
    for cmd in ["run", "validate", "inspect"] {
        let line = failure(&[cmd, "README.md"]);
        assert!(
            line.starts_with("error: README.md: ") && line.contains("offset"),
            "{cmd}: {line}"
        );
    }
}

#[test]
fn directory_as_module() {
    for cmd in ["run", "validate", "inspect"] {
        let line = failure(&[cmd, "tests/wasi"]);
        assert!(
            line.starts_with("error: cannot read tests/wasi: "),
            "{cmd}: {line}"
        );
    }
}

#[test]
fn empty_file() {
    let dir = TempDir::new("empty");
    let path = dir.write("empty.wasm", b"").display().to_string();
    for cmd in ["run", "validate", "inspect"] {
        let line = failure(&[cmd, &path]);
        assert!(
            line.starts_with(&format!("error: {path}: ")) && line.contains("offset"),
            "{cmd}: {line}"
        );
    }
}

#[test]
fn unresolvable_import() {
    let (_dir, m) = wat_module(
        "errors",
        r#"(module (import "env" "f" (func)) (func (export "_start")))"#,
    );
    let line = failure(&["run", &m]);
    assert!(line.contains("import"), "{line}");
}

#[test]
fn start_with_the_wrong_signature() {
    let (_dir, m) = wat_module("errors", r#"(module (func (export "_start") (param i32)))"#);
    failure(&["run", &m]);
}

#[cfg(unix)]
#[test]
fn non_utf8_arguments() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let bad = OsStr::from_bytes(b"\xff");
    let hello = program("hello");
    for args in [
        vec![
            OsStr::new("run"),
            OsStr::new("--env"),
            bad,
            OsStr::new(&hello),
        ],
        vec![OsStr::new("run"), OsStr::new(&hello), bad],
    ] {
        assert_one_line_error(&mote(&args), 2);
    }
}
