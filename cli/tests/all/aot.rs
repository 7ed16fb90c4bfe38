//! `mote compile --target` and `mote run`/`inspect` of native code
//! artifacts: they run as the modules do, and a damaged or foreign artifact
//! is one clean error.

use crate::util::{TempDir, assert_no_panic, assert_one_line_error, mote, mote_with_stdin};

/// Compiles `wasm` for `target` into `dir`; returns the artifact's path.
fn compile(dir: &TempDir, wasm: &str, target: &str) -> String {
    compile_with(dir, wasm, target, &[])
}

fn compile_with(dir: &TempDir, wasm: &str, target: &str, flags: &[&str]) -> String {
    let name = std::path::Path::new(wasm).file_stem().unwrap();
    let stem = format!("{}-{target}{}", name.to_string_lossy(), flags.concat());
    let out_path = dir.path().join(format!("{stem}.cwasm"));
    let out_path = out_path.display().to_string();
    let mut args = vec!["compile", "--target", target, wasm, "-o", &out_path];
    args.extend_from_slice(flags);
    let out = mote(&args);
    assert_eq!(out.code, Some(0), "compile {wasm}: {}", out.stderr);
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    out_path
}

#[test]
fn artifacts_of_the_wasi_programs_run_as_the_programs_do() {
    let dir = TempDir::new("aot-wasi");
    let cases: &[(&str, &[&str], &[u8])] = &[
        ("hello", &[], b""),
        ("exit_code", &["42"], b""),
        ("exit_code", &[], b""),
        ("trap", &[], b""),
        ("cat_stdin", &[], b"abc\nxyz"),
        ("clock_random", &[], b""),
    ];
    for target in ["host", "x86_64-unknown-linux-gnu"] {
        for &(name, args, stdin) in cases {
            let wasm = format!("tests/wasi/{name}.wasm");
            let artifact = compile(&dir, &wasm, target);
            let run = |module: &str| {
                let mut a = vec!["run", module];
                a.extend_from_slice(args);
                mote_with_stdin(&a, stdin)
            };
            let (want, got) = (run(&wasm), run(&artifact));
            assert_eq!(want.stdout, got.stdout, "{name} {target}: stdout");
            assert_eq!(want.code, got.code, "{name} {target}: exit code");
            // A trap: the same message (native code has no backtrace yet).
            let first = |s: &str| s.lines().next().unwrap_or("").to_string();
            assert_eq!(first(&want.stderr), first(&got.stderr), "{name}: stderr");
        }
    }
    let out = mote(&["run", &compile(&dir, "tests/wasi/hello.wasm", "host")]);
    assert_eq!(out.stdout, b"Hello, world!\n");
    assert_eq!(out.code, Some(0));
}

#[test]
fn invoke_calls_an_export_of_an_artifact() {
    let (dir, wasm) = crate::util::wat_module(
        "aot-invoke",
        r#"(module (func (export "add") (param i32 i64) (result i64)
             local.get 0 i64.extend_i32_s local.get 1 i64.add))"#,
    );
    let artifact = compile(&dir, &wasm, "host");
    let out = mote(&["run", "--invoke", "add", &artifact, "-5", "47"]);
    assert_eq!((out.stdout.as_slice(), out.code), (&b"42\n"[..], Some(0)));
}

#[test]
fn compiling_an_artifact_is_deterministic() {
    let (a, b) = (TempDir::new("aot-a"), TempDir::new("aot-b"));
    let wasm = "tests/wasi/list_dir.wasm";
    for target in [
        "host",
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "riscv64gc-unknown-linux-gnu",
    ] {
        let x = std::fs::read(compile(&a, wasm, target)).unwrap();
        let y = std::fs::read(compile(&b, wasm, target)).unwrap();
        assert!(x == y, "{target}: two compiles differ");
    }
}

#[test]
fn inspect_describes_an_artifact_and_its_module() {
    let dir = TempDir::new("aot-inspect");
    let artifact = compile(&dir, "tests/wasi/hello.wasm", "x86_64-unknown-linux-gnu");
    let out = mote(&["inspect", &artifact]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("artifact: format version 2\n  target: x86_64-unknown-linux-gnu\n"));
    assert!(
        text.contains("has_sse42") && !text.contains("has_avx"),
        "{text}"
    );
    // Then what inspect says of the module itself.
    let module = mote(&["inspect", "tests/wasi/hello.wasm"]);
    assert!(text.ends_with(std::str::from_utf8(&module.stdout).unwrap()));
}

#[test]
fn damaged_and_foreign_artifacts_are_one_clean_error() {
    let dir = TempDir::new("aot-damaged");
    let artifact = compile(&dir, "tests/wasi/hello.wasm", "host");
    let bytes = std::fs::read(&artifact).unwrap();

    let cut = dir.write("cut.cwasm", &bytes[..bytes.len() / 2]);
    let err = assert_one_line_error(&mote(&["run", cut.to_str().unwrap()]), 1);
    assert!(err.contains("truncated"), "{err}");

    let mut flipped = bytes.clone();
    flipped[bytes.len() / 3] ^= 0x10;
    let flipped = dir.write("flipped.cwasm", &flipped);
    let err = assert_one_line_error(&mote(&["run", flipped.to_str().unwrap()]), 1);
    assert!(err.contains("checksum"), "{err}");
    let err = assert_one_line_error(&mote(&["inspect", flipped.to_str().unwrap()]), 1);
    assert!(err.contains("checksum"), "{err}");

    let mut version = bytes.clone();
    version[8] = 9;
    let version = dir.write("version.cwasm", &version);
    let err = assert_one_line_error(&mote(&["run", version.to_str().unwrap()]), 1);
    assert!(err.contains("format version 9"), "{err}");

    // Every truncation of a small artifact: an error, never a panic.
    for n in (0..bytes.len()).step_by(997) {
        let p = dir.write("t.cwasm", &bytes[..n]);
        let out = mote(&["run", p.to_str().unwrap()]);
        assert_no_panic(&out);
        assert_ne!(out.code, Some(0), "{n} bytes ran");
    }

    let err = assert_one_line_error(&mote(&["run", "--fuel", "1000", &artifact]), 1);
    assert!(err.contains("without --fuel"), "{err}");
    let out = dir.path().join("x.cwasm").display().to_string();
    // Artifacts for the other architectures compile here and are refused
    // here, naming both targets.
    let host_triple = if cfg!(target_arch = "x86_64") {
        "x86_64-unknown-linux-gnu"
    } else if cfg!(target_arch = "aarch64") {
        "aarch64-unknown-linux-gnu"
    } else {
        "riscv64gc-unknown-linux-gnu"
    };
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "riscv64gc-unknown-linux-gnu",
    ] {
        let foreign = compile(&dir, "tests/wasi/hello.wasm", target);
        let out = mote(&["run", &foreign]);
        if target == host_triple {
            assert_eq!(
                (out.stdout.as_slice(), out.code),
                (&b"Hello, world!\n"[..], Some(0))
            );
        } else {
            let err = assert_one_line_error(&out, 1);
            assert!(err.contains(target) && err.contains(host_triple), "{err}");
        }
    }
    for target in ["s390x-unknown-linux-gnu", "no-such-target"] {
        let err = assert_one_line_error(
            &mote(&[
                "compile",
                "--target",
                target,
                "tests/wasi/hello.wasm",
                "-o",
                &out,
            ]),
            1,
        );
        assert!(err.contains(target), "{err}");
    }
    let err = assert_one_line_error(
        &mote(&["compile", "--target", "host", &artifact, "-o", &out]),
        1,
    );
    assert!(err.contains("already compiled"), "{err}");
}

#[test]
fn an_artifact_for_fuel_runs_only_with_fuel_and_runs_out_as_the_module_does() {
    let dir = TempDir::new("aot-fuel");
    let wasm = "tests/wasi/hello.wasm";
    let metered = compile_with(&dir, wasm, "host", &["--fuel"]);
    let out = mote(&["run", "--fuel", "10000000", &metered]);
    assert_eq!(
        (out.stdout.as_slice(), out.code),
        (&b"Hello, world!\n"[..], Some(0)),
        "{}",
        out.stderr
    );
    let err = assert_one_line_error(&mote(&["run", &metered]), 1);
    assert!(err.contains("run it with --fuel"), "{err}");
    // Out of fuel: the interpreter's trap, message and exit code.
    let (want, got) = (
        mote(&["run", "--fuel", "100", wasm]),
        mote(&["run", "--fuel", "100", &metered]),
    );
    assert_eq!(want.code, Some(134));
    assert_eq!(got.code, Some(134));
    let first = |s: &str| s.lines().next().unwrap_or("").to_string();
    assert_eq!(first(&got.stderr), "error: wasm trap: all fuel consumed");
    assert_eq!(first(&want.stderr), first(&got.stderr));
    let info = mote(&["inspect", &metered]);
    assert!(String::from_utf8_lossy(&info.stdout).contains("  fuel: counted\n"));
}
