//! `--help` everywhere: exit 0, usage on stdout, nothing on stderr.

use crate::util::mote;

#[track_caller]
fn assert_help(args: &[&str], usage_line: &str) {
    let out = mote(args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!((out.stderr.as_str(), out.code), ("", Some(0)), "{args:?}");
    assert!(
        stdout.lines().any(|l| l == usage_line),
        "{args:?} prints {usage_line:?}: {stdout}"
    );
}

#[test]
fn top_level_help() {
    for args in [&["--help"][..], &["-h"], &["help"]] {
        assert_help(args, "Usage: mote <COMMAND> [OPTIONS]");
    }
}

#[test]
fn run_help() {
    for args in [&["run", "--help"][..], &["run", "-h"], &["help", "run"]] {
        assert_help(
            args,
            "Usage: mote run [OPTIONS] <FILE.wasm|FILE.mote|FILE.cwasm> [ARGS...]",
        );
    }
}

#[test]
fn run_help_lists_every_option() {
    let out = mote(&["run", "--help"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    for option in [
        "--dir HOST[::GUEST]",
        "--env NAME=VALUE",
        "--invoke NAME",
        "--fuel N",
        "--max-memory BYTES",
    ] {
        assert!(
            stdout.contains(option),
            "run --help mentions {option}: {stdout}"
        );
    }
}

#[test]
fn validate_and_inspect_help() {
    for args in [&["validate", "--help"][..], &["help", "validate"]] {
        assert_help(args, "Usage: mote validate <FILE.wasm>");
    }
    for args in [&["inspect", "--help"][..], &["help", "inspect"]] {
        assert_help(
            args,
            "Usage: mote inspect [--disassemble] <FILE.wasm|FILE.mote|FILE.cwasm>",
        );
    }
}

#[test]
fn compile_help() {
    for args in [
        &["compile", "--help"][..],
        &["compile", "-h"],
        &["help", "compile"],
    ] {
        assert_help(
            args,
            "Usage: mote compile [OPTIONS] <FILE.wasm> -o <FILE.mote>",
        );
    }
}

#[test]
fn version() {
    let out = mote(&["--version"]);
    assert_eq!(
        (
            String::from_utf8_lossy(&out.stdout).as_ref(),
            out.stderr.as_str(),
            out.code
        ),
        (
            format!("mote {}\n", env!("CARGO_PKG_VERSION")).as_str(),
            "",
            Some(0)
        )
    );
}
