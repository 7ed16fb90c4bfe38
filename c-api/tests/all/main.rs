//! The C API from C: the wasm-c-api project's examples and the tests of
//! `mote.h`, each compiled with the system C compiler (`$CC`, else `cc`)
//! against the static library this crate builds, run, and its stdout
//! compared with the expected output kept beside it. With
//! `MOTE_C_API_VALGRIND=1` each program runs under valgrind's memcheck and
//! fails on an invalid access or a definite leak.

use std::path::{Path, PathBuf};
use std::process::Command;

mod find;

/// The crate's directory.
fn here() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `libmote_c_api.a`, built with this test: cargo builds every crate type
/// of the library before its integration tests, into the directory of
/// the test binary or the one above it.
fn staticlib() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let deps = exe.parent().expect("the test binary's directory");
    for dir in [deps, deps.parent().unwrap_or(deps)] {
        let lib = dir.join("libmote_c_api.a");
        if lib.is_file() {
            return lib;
        }
    }
    panic!("libmote_c_api.a not found next to {}", exe.display());
}

/// The C compiler: `$CC`, or `cc`. Fails the test (never skips it) when
/// there is none.
fn cc() -> String {
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    match Command::new(&cc).arg("--version").output() {
        Ok(o) if o.status.success() => cc,
        _ => panic!(
            "no C compiler: '{cc}' does not run. The C API tests compile C programs; \
             install one (Debian: apt-get install gcc) or set CC"
        ),
    }
}

/// A fresh working directory for one program.
fn workdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("c-api")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the work directory");
    dir
}

/// Compiles `source` against the library in `dir` and runs it there;
/// returns its stdout. Fails on a compiler error or a non-zero exit.
fn build_and_run(source: &Path, dir: &Path, args: &[&str]) -> String {
    let exe = dir.join("prog");
    let out = Command::new(cc())
        .args(CFLAGS)
        .arg("-I")
        .arg(here().join("include"))
        .arg(source)
        .arg(staticlib())
        .args(["-lpthread", "-ldl", "-lm", "-o"])
        .arg(&exe)
        .output()
        .expect("run the C compiler");
    assert!(
        out.status.success(),
        "compiling {} failed:\n{}",
        source.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    run(&exe, source, dir, args)
}

/// The C compiler's flags for every program.
const CFLAGS: &[&str] = &[
    "-std=c11",
    "-Wall",
    "-Werror",
    "-Wno-unused-parameter",
    "-Wno-unused-variable",
];

/// Runs `exe` (built from `source`) in `dir`; returns its stdout. Fails on
/// a non-zero exit.
fn run(exe: &Path, source: &Path, dir: &Path, args: &[&str]) -> String {
    // MOTE_C_API_VALGRIND=1: under valgrind's memcheck, failing on any
    // invalid access and any definite leak.
    let mut run = if std::env::var_os("MOTE_C_API_VALGRIND").is_some() {
        let mut c = Command::new("valgrind");
        c.args([
            "-q",
            "--leak-check=full",
            "--errors-for-leak-kinds=definite",
            "--error-exitcode=99",
        ])
        .arg(exe);
        c
    } else {
        Command::new(exe)
    };
    let run = run
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run the program");
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        run.status.success(),
        "{} exited with {}\nstdout:\n{stdout}\nstderr:\n{}",
        source.display(),
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );
    stdout
}

fn check_output(name: &str, expected: &Path, actual: &str) {
    let want =
        std::fs::read_to_string(expected).unwrap_or_else(|e| panic!("{}: {e}", expected.display()));
    if want != actual {
        panic!(
            "{name}: output differs from {}\n--- expected\n{want}\n--- actual\n{actual}",
            expected.display()
        );
    }
}

/// Runs one example of the wasm-c-api project (`tests/wasm-c-api/`).
fn example(name: &str) {
    let src = here().join("tests/wasm-c-api/example");
    let dir = workdir(&format!("example-{name}"));
    let wasm = format!("{name}.wasm");
    std::fs::copy(src.join(&wasm), dir.join(&wasm)).expect("copy the example's module");
    let stdout = build_and_run(&src.join(format!("{name}.c")), &dir, &[]);
    let expected = here().join(format!("tests/wasm-c-api/expected/{name}.out"));
    check_output(name, &expected, &stdout);
}

/// Runs one test of `mote.h` (`tests/c/NAME.c`), with `tests/c/NAME.wat`
/// assembled to `NAME.wasm` in its directory.
fn mote_test(name: &str, args: &[&str]) -> PathBuf {
    let src = here().join("tests/c");
    let dir = workdir(&format!("mote-{name}"));
    let wat = src.join(format!("{name}.wat"));
    if wat.is_file() {
        let wasm = wat::parse_file(&wat).unwrap_or_else(|e| panic!("{}: {e}", wat.display()));
        std::fs::write(dir.join(format!("{name}.wasm")), wasm).expect("write the module");
    }
    let stdout = build_and_run(&src.join(format!("{name}.c")), &dir, args);
    check_output(name, &src.join(format!("{name}.out")), &stdout);
    dir
}

mod examples {
    use super::example;

    #[test]
    fn hello() {
        example("hello");
    }
    #[test]
    fn callback() {
        example("callback");
    }
    #[test]
    fn global() {
        example("global");
    }
    #[test]
    fn memory() {
        example("memory");
    }
    #[test]
    fn table() {
        example("table");
    }
    #[test]
    fn trap() {
        example("trap");
    }
    #[test]
    fn multi() {
        example("multi");
    }
    #[test]
    fn reflect() {
        example("reflect");
    }
    #[test]
    fn start() {
        example("start");
    }
    #[test]
    fn hostref() {
        example("hostref");
    }
    #[test]
    fn finalize() {
        example("finalize");
    }
}

mod mote_h {
    use super::mote_test;

    #[test]
    fn fuel() {
        mote_test("fuel", &[]);
    }
    #[test]
    fn errors() {
        mote_test("errors", &[]);
    }
    #[test]
    fn wasi() {
        mote_test("wasi", &[]);
    }
    #[test]
    fn host_info() {
        mote_test("host_info", &[]);
    }
    #[test]
    fn types64() {
        mote_test("types64", &[]);
    }
    #[test]
    fn signature() {
        super::signature_test();
    }
    #[test]
    fn image() {
        super::image_test();
    }
}

/// `tests/c/image.c`, with its module compiled to an image by the
/// engine's defaults (`image.mote`, as `mote compile` writes it) and
/// signed (`image.signed.mote`, key `image.pub`).
fn image_test() {
    let src = here().join("tests/c");
    let dir = workdir("mote-image");
    let wasm = wat::parse_file(src.join("image.wat")).expect("image.wat");
    let engine = mote::Engine::default();
    let image = mote::Module::new(&engine, &wasm)
        .and_then(|m| m.to_image())
        .expect("image.wat compiles to an image");
    let pair = mote_sign::KeyPair::from_seed([7; 32]).expect("a key");
    let signed = mote_sign::sign_image(&image, &pair, None).expect("sign");
    std::fs::write(dir.join("image.wasm"), &wasm).expect("write");
    std::fs::write(dir.join("image.mote"), &image).expect("write");
    std::fs::write(dir.join("image.signed.mote"), signed).expect("write");
    std::fs::write(dir.join("image.pub"), pair.public_key().to_bytes()).expect("write");
    let stdout = build_and_run(&src.join("image.c"), &dir, &[]);
    check_output("image", &src.join("image.out"), &stdout);
}

/// `tests/c/signature.c`, with its module signed first: the key in
/// `signature.pub`, the signed module `signature.signed.wasm`.
fn signature_test() {
    let src = here().join("tests/c");
    let dir = workdir("mote-signature");
    let wasm = wat::parse_file(src.join("signature.wat")).expect("signature.wat");
    let pair = mote_sign::KeyPair::from_seed([9; 32]).expect("a key");
    let signed = mote_sign::sign(&wasm, &pair, None).expect("sign");
    std::fs::write(dir.join("signature.wasm"), &wasm).expect("write");
    std::fs::write(dir.join("signature.signed.wasm"), signed).expect("write");
    std::fs::write(dir.join("signature.pub"), pair.public_key().to_bytes()).expect("write");
    let stdout = build_and_run(&src.join("signature.c"), &dir, &[]);
    check_output("signature", &src.join("signature.out"), &stdout);
}

/// `mote.h`'s `mote_trap_code_enum` names every `TrapCode` at its value.
#[test]
fn mote_h_trap_codes_are_the_engines() {
    use mote::TrapCode as T;
    // No wildcard: a new trap code does not compile until it is named here.
    let name = |code: T| match code {
        T::Unreachable => "UNREACHABLE",
        T::MemoryOutOfBounds => "MEMORY_OUT_OF_BOUNDS",
        T::TableOutOfBounds => "TABLE_OUT_OF_BOUNDS",
        T::UndefinedElement => "UNDEFINED_ELEMENT",
        T::IndirectCallToNull => "INDIRECT_CALL_TO_NULL",
        T::BadSignature => "BAD_SIGNATURE",
        T::IntegerOverflow => "INTEGER_OVERFLOW",
        T::IntegerDivisionByZero => "INTEGER_DIVISION_BY_ZERO",
        T::BadConversionToInteger => "BAD_CONVERSION_TO_INTEGER",
        T::StackOverflow => "STACK_OVERFLOW",
        T::OutOfFuel => "OUT_OF_FUEL",
        T::Host => "HOST",
        T::Exit => "EXIT",
        T::NullExceptionReference => "NULL_EXCEPTION_REFERENCE",
        T::UncaughtException => "UNCAUGHT_EXCEPTION",
        T::OutOfMemory => "OUT_OF_MEMORY",
        T::NullFunctionReference => "NULL_FUNCTION_REFERENCE",
        T::NullReference => "NULL_REFERENCE",
        T::UnalignedAtomic => "UNALIGNED_ATOMIC",
        T::ExpectedSharedMemory => "EXPECTED_SHARED_MEMORY",
        T::AtomicWaitDeadlock => "ATOMIC_WAIT_DEADLOCK",
    };
    let codes = [
        T::Unreachable,
        T::MemoryOutOfBounds,
        T::TableOutOfBounds,
        T::UndefinedElement,
        T::IndirectCallToNull,
        T::BadSignature,
        T::IntegerOverflow,
        T::IntegerDivisionByZero,
        T::BadConversionToInteger,
        T::StackOverflow,
        T::OutOfFuel,
        T::Host,
        T::Exit,
        T::NullExceptionReference,
        T::UncaughtException,
        T::OutOfMemory,
        T::NullFunctionReference,
        T::NullReference,
        T::UnalignedAtomic,
        T::ExpectedSharedMemory,
        T::AtomicWaitDeadlock,
    ];
    let header = std::fs::read_to_string(here().join("include/mote.h")).expect("read mote.h");
    let body = header
        .split_once("enum mote_trap_code_enum {")
        .and_then(|(_, rest)| rest.split_once("};"))
        .expect("mote.h declares mote_trap_code_enum")
        .0;
    let names: Vec<&str> = body
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    let mut want = vec!["MOTE_TRAP_NONE = 0".to_string()];
    for (i, &code) in codes.iter().enumerate() {
        assert_eq!(
            code as usize,
            i + 1,
            "{code:?} is not at its value in the list"
        );
        want.push(format!("MOTE_TRAP_{}", name(code)));
    }
    assert_eq!(names, want);
}
