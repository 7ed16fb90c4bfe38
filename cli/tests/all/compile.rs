//! `mote compile`: an image runs as its module does (same stdout, stderr
//! and exit code), and compiling is deterministic.

use crate::util::{Output, TempDir, assert_one_line_error, mote, mote_with_stdin};

/// Compiles `wasm` (relative to the repository root) into `dir` as
/// `NAME.mote`, with `flags`; returns the image's path.
fn compile(dir: &TempDir, wasm: &str, flags: &[&str]) -> String {
    let name = std::path::Path::new(wasm)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let image = dir
        .path()
        .join(format!("{name}.mote"))
        .display()
        .to_string();
    let mut args = vec!["compile", wasm, "-o", &image];
    args.extend_from_slice(flags);
    let out = mote(&args);
    assert_eq!(out.code, Some(0), "compile {wasm}: {}", out.stderr);
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    image
}

fn same(a: &Output, b: &Output, what: &str) {
    assert_eq!(
        String::from_utf8_lossy(&a.stdout),
        String::from_utf8_lossy(&b.stdout),
        "{what}: stdout"
    );
    assert_eq!(a.stderr, b.stderr, "{what}: stderr");
    assert_eq!(a.code, b.code, "{what}: exit code");
}

/// The WASI programs with the arguments and input their README runs them
/// with (not `args_env`: it prints argv[0], the file's own name).
#[test]
fn images_of_the_wasi_programs_run_as_the_programs_do() {
    let dir = TempDir::new("compile-wasi");
    let cases: &[(&str, &[&str], &[u8])] = &[
        ("hello", &[], b""),
        ("hello_small", &[], b""),
        ("exit_code", &["42"], b""),
        ("exit_code", &[], b""),
        ("trap", &[], b""),
        ("cat_stdin", &[], b"abc\nxyz"),
        ("clock_random", &[], b""),
    ];
    for &(name, args, stdin) in cases {
        let wasm = format!("tests/wasi/{name}.wasm");
        let image = compile(&dir, &wasm, &[]);
        let run = |module: &str| {
            let mut a = vec!["run", module];
            a.extend_from_slice(args);
            mote_with_stdin(&a, stdin)
        };
        let (want, got) = (run(&wasm), run(&image));
        same(&want, &got, name);
    }
    let out = mote(&["run", &compile(&dir, "tests/wasi/hello.wasm", &[])]);
    assert_eq!(out.stdout, b"Hello, world!\n");
}

#[test]
fn images_of_the_cxx_exception_programs_run_as_the_programs_do() {
    let dir = TempDir::new("compile-cxx");
    for name in ["exceptions", "exceptions-legacy"] {
        let wasm = format!("tests/cxx/{name}.wasm");
        let image = compile(&dir, &wasm, &[]);
        same(&mote(&["run", &wasm]), &mote(&["run", &image]), name);
    }
}

#[test]
fn compiling_is_deterministic() {
    let (a, b) = (TempDir::new("compile-a"), TempDir::new("compile-b"));
    for wasm in ["tests/wasi/hello.wasm", "tests/wasi/list_dir.wasm"] {
        for flags in [&[][..], &["--fuel"][..], &["--no-names"][..]] {
            let x = std::fs::read(compile(&a, wasm, flags)).unwrap();
            let y = std::fs::read(compile(&b, wasm, flags)).unwrap();
            assert!(x == y, "{wasm} {flags:?}: two compiles differ");
        }
    }
}

#[test]
fn an_image_for_fuel_runs_only_with_fuel() {
    let dir = TempDir::new("compile-fuel");
    let plain = compile(&dir, "tests/wasi/hello.wasm", &[]);
    let err = assert_one_line_error(&mote(&["run", "--fuel", "1000000", &plain]), 1);
    assert!(err.contains("fuel"), "{err}");
    let fuel = compile(&dir, "tests/wasi/hello.wasm", &["--fuel"]);
    let out = mote(&["run", "--fuel", "1000000", &fuel]);
    assert_eq!(
        (out.stdout.as_slice(), out.code),
        (&b"Hello, world!\n"[..], Some(0))
    );
    assert_one_line_error(&mote(&["run", &fuel]), 1);
    // Out of fuel, an image traps as its module does.
    let wasm = mote(&["run", "--fuel", "100", "tests/wasi/hello.wasm"]);
    same(
        &wasm,
        &mote(&["run", "--fuel", "100", &fuel]),
        "out of fuel",
    );
}

#[test]
fn inspect_reads_images() {
    let dir = TempDir::new("compile-inspect");
    let image = compile(&dir, "tests/wasi/hello.wasm", &[]);
    let want = mote(&["inspect", "tests/wasi/hello.wasm"]);
    same(&want, &mote(&["inspect", &image]), "inspect");
    let fuel = compile(&dir, "tests/wasi/hello.wasm", &["--fuel"]);
    assert_eq!(mote(&["inspect", &fuel]).code, Some(0));
}

#[test]
fn a_corrupted_image_is_one_line_of_error() {
    let dir = TempDir::new("compile-bad");
    let image = compile(&dir, "tests/wasi/hello.wasm", &[]);
    let mut bytes = std::fs::read(&image).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x55;
    let bad = dir.write("bad.mote", &bytes);
    let err = assert_one_line_error(&mote(&["run", bad.to_str().unwrap()]), 1);
    assert!(err.contains("invalid image"), "{err}");
    let cut = dir.write("cut.mote", &bytes[..40]);
    assert_one_line_error(&mote(&["run", cut.to_str().unwrap()]), 1);
    // Compiling an image again is refused.
    let again = dir.path().join("again.mote").display().to_string();
    assert_one_line_error(&mote(&["compile", &image, "-o", &again]), 1);
}
