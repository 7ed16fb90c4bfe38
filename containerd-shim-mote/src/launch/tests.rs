//! The test programs of `tests/wasi/` run as the shim runs them, with the
//! expectations of that folder's README.

use super::*;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use wasi_lite::std_backend::{InputStream, SharedBuffer};

fn program(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../tests/wasi/{name}.wasm"));
    match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

fn invocation(args: &[&str], env: &[&str]) -> Invocation {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let env: Vec<String> = env.iter().map(|s| s.to_string()).collect();
    Invocation::from_process(&args, &env, "_start").0
}

/// A run's outcome, stdout, stderr (the guest's and the shim's report)
/// and exit status.
struct Run {
    outcome: Outcome,
    stdout: String,
    stderr: String,
    status: i32,
}

fn run_with(wasm: &[u8], inv: &Invocation, stdin: &[u8], preopens: &Preopens) -> Run {
    let (out, err) = (SharedBuffer::new(), SharedBuffer::new());
    let stdio = WasiCtxBuilder::new()
        .stdin(InputStream::bytes(stdin))
        .stdout(out.clone())
        .stderr(err.clone());
    let outcome = run(wasm, inv, stdio, preopens);
    let mut report = Vec::new();
    let status = exit_status(&outcome, &mut report);
    let mut stderr = err.contents();
    stderr.extend(report);
    Run {
        outcome,
        stdout: String::from_utf8_lossy(&out.contents()).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        status,
    }
}

fn run_program(name: &str, args: &[&str], env: &[&str]) -> Run {
    let mut argv = vec![format!("/{name}.wasm")];
    argv.extend(args.iter().map(|s| s.to_string()));
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    run_with(&program(name), &invocation(&argv, env), b"", &[])
}

/// A fresh directory under the system's temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static N: AtomicU32 = AtomicU32::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("shim-mote-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn hello_prints_and_exits_0() {
    let r = run_program("hello", &[], &[]);
    assert_eq!(
        (r.stdout.as_str(), r.stderr.as_str(), r.status),
        ("Hello, world!\n", "", 0)
    );
}

#[test]
fn args_and_env_reach_the_guest_in_order() {
    let r = run_program(
        "args_env",
        &["one", "two words", ""],
        &["HOME=/home/mote", "LANG=C", "EMPTY="],
    );
    let expected = "argv[0]=args_env.wasm\nargv[1]=one\nargv[2]=two words\nargv[3]=\n\
                    env HOME=/home/mote\nenv LANG=C\nenv EMPTY=\n";
    assert_eq!((r.stdout.as_str(), r.status), (expected, 0));
}

#[test]
fn proc_exit_codes_are_the_exit_status() {
    for (args, code) in [
        (&[][..], 3),
        (&["0"][..], 0),
        (&["42"][..], 42),
        (&["125"][..], 125),
    ] {
        let r = run_program("exit_code", args, &[]);
        assert!(
            matches!(r.outcome, Outcome::Exited(c) if c == code),
            "{args:?}: {:?}",
            r.outcome
        );
        assert_eq!((r.status, r.stderr.as_str()), (code, ""), "{args:?}");
    }
}

#[test]
fn a_status_a_process_cannot_report_is_an_error() {
    for (arg, shown) in [("126", "126"), ("256", "256"), ("-1", "4294967295")] {
        let r = run_program("exit_code", &[arg], &[]);
        assert_eq!(r.status, ERROR_EXIT, "{arg}");
        assert_eq!(
            r.stderr,
            format!("error: exit with invalid exit status {shown} (outside of [0..126))\n")
        );
    }
}

#[test]
fn a_trap_is_134_with_its_message_and_backtrace() {
    let r = run_program("trap", &[], &[]);
    assert_eq!((r.stdout.as_str(), r.status), ("before trap\n", TRAP_EXIT));
    let Outcome::Trapped { message, backtrace } = &r.outcome else {
        panic!("not a trap: {:?}", r.outcome);
    };
    assert!(message.contains("unreachable"), "{message}");
    let names: Vec<_> = backtrace
        .iter()
        .filter_map(|f| f.func_name.as_deref())
        .collect();
    assert_eq!(
        names[..3],
        ["explode", "run_step", "__original_main"],
        "{names:?}"
    );
    assert!(
        r.stderr
            .starts_with(&format!("error: wasm trap: {message}\nwasm backtrace:\n"))
    );
    assert!(r.stderr.contains(" - explode\n"), "{}", r.stderr);
}

#[test]
fn stdin_is_the_guests() {
    let inv = invocation(&["/cat_stdin.wasm"], &[]);
    let r = run_with(&program("cat_stdin"), &inv, b"abc\nxyz", &[]);
    assert_eq!(
        (r.stdout.as_str(), r.stderr.as_str(), r.status),
        ("abc\nxyz", "\n<7 bytes>\n", 0)
    );
}

#[test]
fn the_root_preopen_is_the_guests_file_system() {
    let root = TempDir::new();
    let data = root.0.join("data");
    std::fs::create_dir_all(data.join("sub")).unwrap();
    std::fs::create_dir_all(data.join("emptydir")).unwrap();
    std::fs::write(data.join("A.txt"), "a").unwrap();
    std::fs::write(data.join("b.txt"), "b").unwrap();
    std::fs::write(data.join("sub/x"), "x").unwrap();
    std::fs::write(data.join("in.txt"), "hello copy\n").unwrap();
    let preopens = [(root.0.clone(), "/".to_string())];

    let list = |dir: &str| {
        let inv = invocation(&["/list_dir.wasm", dir], &[]);
        run_with(&program("list_dir"), &inv, b"", &preopens)
    };
    let r = list("/data");
    assert_eq!(
        (r.stdout.as_str(), r.status),
        ("A.txt\nb.txt\nemptydir/\nin.txt\nsub/\n", 0)
    );
    // A relative path is relative to the root, wasi-libc's working directory.
    assert_eq!(list("data/sub").stdout, "x\n");
    let r = list("/data/nope");
    assert_eq!(
        r.stderr,
        "list_dir: /data/nope: No such file or directory\n"
    );
    assert_eq!(r.status, 1);

    let inv = invocation(&["/copy.wasm", "/data/in.txt", "/data/out.txt"], &[]);
    let r = run_with(&program("copy"), &inv, b"", &preopens);
    assert_eq!((r.stdout.as_str(), r.status), ("copied 11 bytes\n", 0));
    assert_eq!(
        std::fs::read_to_string(data.join("out.txt")).unwrap(),
        "hello copy\n"
    );
}

#[test]
fn bytes_that_are_no_module_fail_with_a_sentence() {
    let r = run_with(
        b"\0asm\x01\0\0\0\x7f",
        &invocation(&["/m.wasm"], &[]),
        b"",
        &[],
    );
    assert_eq!(r.status, ERROR_EXIT);
    assert!(
        r.stderr.starts_with("error: the module cannot be loaded: "),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
}

#[test]
fn a_missing_import_is_named() {
    let wasm = wat::parse_str(r#"(module (import "env" "nope" (func)) (func (export "_start")))"#)
        .unwrap();
    let r = run_with(&wasm, &invocation(&["/m.wasm"], &[]), b"", &[]);
    assert_eq!(r.status, ERROR_EXIT);
    assert_eq!(
        r.stderr,
        "error: the module has an import Mote does not provide: env.nope\n"
    );
}

#[test]
fn the_entry_function_must_exist_and_take_nothing() {
    let wasm = wat::parse_str(r#"(module (func (export "f") (param i32)))"#).unwrap();
    let r = run_with(&wasm, &invocation(&["/m.wasm"], &[]), b"", &[]);
    assert_eq!(r.stderr, "error: the module exports no function '_start'\n");
    let args = ["/m.wasm#f".to_string()];
    let inv = Invocation::from_process(&args, &[], "f").0;
    let r = run_with(&wasm, &inv, b"", &[]);
    assert!(
        r.stderr
            .starts_with("error: the entry function 'f' must take no parameters"),
        "{}",
        r.stderr
    );
    assert_eq!(r.status, ERROR_EXIT);
}

#[test]
fn another_entry_function_can_be_called() {
    let wasm = wat::parse_str(
        r#"(module
            (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
            (func (export "_start") (call $exit (i32.const 1)))
            (func (export "init") (call $exit (i32.const 7))))"#,
    )
    .unwrap();
    let inv = Invocation::from_process(&["/m.wasm#init".to_string()], &[], "init").0;
    assert_eq!(run_with(&wasm, &inv, b"", &[]).status, 7);
}

#[test]
fn only_core_modules_pass_the_header_check() {
    assert_eq!(check_header(&program("hello")), Ok(()));
    let component = b"\0asm\x0d\0\x01\0rest";
    assert!(
        check_header(component)
            .unwrap_err()
            .contains("not components")
    );
    for bytes in [&b"(module)"[..], b"\x7fELF\x02\x01\x01\0", b"", b"\0asm"] {
        let e = check_header(bytes).unwrap_err();
        assert!(e.starts_with("not a WebAssembly module"), "{bytes:?}: {e}");
    }
}
