//! The WASI test programs of `tests/wasi/`, with the expectations of its
//! README (argv[0] is the module's file name, as wasmtime passes it).

use crate::util::{TempDir, assert_output, mote, mote_with_stdin, program};

#[test]
fn hello() {
    assert_output(&mote(&["run", &program("hello")]), "Hello, world!\n", "", 0);
}

#[test]
fn args_env_passes_args_and_env_in_order() {
    let p = program("args_env");
    let out = mote(&[
        "run",
        "--env",
        "HOME=/home/mote",
        "--env",
        "LANG=C",
        "--env",
        "EMPTY=",
        &p,
        "one",
        "two words",
        "",
    ]);
    let expected = "argv[0]=args_env.wasm\nargv[1]=one\nargv[2]=two words\nargv[3]=\nenv HOME=/home/mote\nenv LANG=C\nenv EMPTY=\n";
    assert_output(&out, expected, "", 0);
}

#[test]
fn args_env_without_args_or_env() {
    let p = program("args_env");
    // The module's file name, not the host path it was given by.
    assert_output(&mote(&["run", &p]), "argv[0]=args_env.wasm\n", "", 0);
}

#[test]
fn args_after_the_module_belong_to_the_guest() {
    // Flags after the module are guest arguments, not options of `mote run`.
    let p = program("args_env");
    let out = mote(&["run", &p, "--env", "X=1", "--help"]);
    assert_output(
        &out,
        "argv[0]=args_env.wasm\nargv[1]=--env\nargv[2]=X=1\nargv[3]=--help\n",
        "",
        0,
    );
}

/// A host directory holding `in.txt` = "hello copy\n".
fn copy_dir() -> TempDir {
    let dir = TempDir::new("copy");
    dir.write("in.txt", b"hello copy\n");
    dir
}

#[test]
fn copy_through_a_preopen() {
    let dir = copy_dir();
    let out = mote(&[
        "run",
        "--dir",
        &dir.dir_arg("/data"),
        &program("copy"),
        "/data/in.txt",
        "/data/out.txt",
    ]);
    assert_output(&out, "copied 11 bytes\n", "", 0);
    assert_eq!(
        std::fs::read(dir.path().join("out.txt")).expect("out.txt written"),
        b"hello copy\n"
    );
}

#[test]
fn copy_overwrites_an_existing_destination() {
    let dir = copy_dir();
    dir.write("out.txt", b"an older and much longer content\n");
    let out = mote(&[
        "run",
        "--dir",
        &dir.dir_arg("/data"),
        &program("copy"),
        "/data/in.txt",
        "/data/out.txt",
    ]);
    assert_output(&out, "copied 11 bytes\n", "", 0);
    assert_eq!(
        std::fs::read(dir.path().join("out.txt")).expect("out.txt written"),
        b"hello copy\n"
    );
}

#[test]
fn copy_missing_source() {
    let dir = copy_dir();
    let out = mote(&[
        "run",
        "--dir",
        &dir.dir_arg("/data"),
        &program("copy"),
        "/data/missing.txt",
        "/data/out2.txt",
    ]);
    assert_output(
        &out,
        "",
        "copy: /data/missing.txt: No such file or directory\n",
        1,
    );
    assert!(
        !dir.path().join("out2.txt").exists(),
        "no destination after a failed open"
    );
}

#[test]
fn copy_into_missing_directory() {
    let dir = copy_dir();
    let out = mote(&[
        "run",
        "--dir",
        &dir.dir_arg("/data"),
        &program("copy"),
        "/data/in.txt",
        "/data/nodir/out.txt",
    ]);
    assert_output(
        &out,
        "",
        "copy: /data/nodir/out.txt: No such file or directory\n",
        1,
    );
    assert!(!dir.path().join("nodir").exists());
}

#[test]
fn copy_outside_every_preopen() {
    let dir = copy_dir();
    let out = mote(&[
        "run",
        "--dir",
        &dir.dir_arg("/data"),
        &program("copy"),
        "/etc/passwd",
        "/data/o.txt",
    ]);
    assert_output(
        &out,
        "",
        "copy: /etc/passwd: Capabilities insufficient\n",
        1,
    );
    assert!(!dir.path().join("o.txt").exists());
}

#[test]
fn copy_usage() {
    let dir = copy_dir();
    let out = mote(&[
        "run",
        "--dir",
        &dir.dir_arg("/data"),
        &program("copy"),
        "/data/in.txt",
    ]);
    assert_output(&out, "", "usage: copy SRC DST\n", 1);
}

/// `b.txt`, `A.txt`, `sub/x` and an empty `emptydir/`.
fn list_dir_tree() -> TempDir {
    let dir = TempDir::new("list");
    dir.write("b.txt", b"b");
    dir.write("A.txt", b"A");
    dir.write("sub/x", b"x");
    std::fs::create_dir(dir.path().join("emptydir")).expect("mkdir emptydir");
    dir
}

fn list(dir: &TempDir, guest_dir: &str, arg: &str) -> crate::util::Output {
    mote(&[
        "run",
        "--dir",
        &dir.dir_arg(guest_dir),
        &program("list_dir"),
        arg,
    ])
}

#[test]
fn list_dir_sorted_with_slashes() {
    let dir = list_dir_tree();
    assert_output(
        &list(&dir, "/data", "/data"),
        "A.txt\nb.txt\nemptydir/\nsub/\n",
        "",
        0,
    );
}

#[test]
fn list_dir_subdirectory_and_empty_directory() {
    let dir = list_dir_tree();
    assert_output(&list(&dir, "/data", "/data/sub"), "x\n", "", 0);
    assert_output(&list(&dir, "/data", "/data/emptydir"), "", "", 0);
}

#[test]
fn list_dir_errors() {
    let dir = list_dir_tree();
    assert_output(
        &list(&dir, "/data", "/data/nope"),
        "",
        "list_dir: /data/nope: No such file or directory\n",
        1,
    );
    assert_output(
        &list(&dir, "/data", "/data/b.txt"),
        "",
        "list_dir: /data/b.txt: Not a directory\n",
        1,
    );
}

#[test]
fn list_dir_through_dot_preopen() {
    let dir = list_dir_tree();
    assert_output(
        &list(&dir, ".", "."),
        "A.txt\nb.txt\nemptydir/\nsub/\n",
        "",
        0,
    );
}

#[test]
fn list_dir_with_host_path_as_guest_name() {
    // `--dir HOST` without `::GUEST` shows the directory under its host path.
    let dir = list_dir_tree();
    let host = dir.path().display().to_string();
    let out = mote(&["run", "--dir", &host, &program("list_dir"), &host]);
    assert_output(&out, "A.txt\nb.txt\nemptydir/\nsub/\n", "", 0);
}

#[test]
fn clock_random() {
    assert_output(
        &mote(&["run", &program("clock_random")]),
        "monotonic ok\nrealtime ok\nrandom ok\nsleep ok\n",
        "",
        0,
    );
}

#[test]
fn exit_code_default_zero_and_42() {
    let p = program("exit_code");
    assert_output(&mote(&["run", &p]), "", "", 3);
    assert_output(&mote(&["run", &p, "0"]), "", "", 0);
    assert_output(&mote(&["run", &p, "42"]), "", "", 42);
}

#[test]
fn trap_prints_message_and_backtrace() {
    let out = mote(&["run", &program("trap")]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "before trap\n");
    assert_eq!(out.code, Some(134), "stderr: {:?}", out.stderr);
    crate::util::assert_no_panic(&out);
    let mut lines = out.stderr.lines();
    assert_eq!(
        lines.next(),
        Some("error: wasm trap: unreachable"),
        "stderr: {:?}",
        out.stderr
    );
    assert_eq!(
        lines.next(),
        Some("wasm backtrace:"),
        "stderr: {:?}",
        out.stderr
    );
    // Frames read `  <index>: 0x<hex offset> - <name>`, innermost first.
    let names: Vec<&str> = lines
        .enumerate()
        .map(|(i, line)| {
            let (index, rest) = line
                .trim_start()
                .split_once(": ")
                .unwrap_or_else(|| panic!("frame line {line:?}"));
            assert_eq!(index, i.to_string(), "frame index in {line:?}");
            let (offset, name) = rest
                .trim_start()
                .split_once(" - ")
                .unwrap_or_else(|| panic!("frame line {line:?}"));
            let hex = offset
                .strip_prefix("0x")
                .unwrap_or_else(|| panic!("hex offset in {line:?}"));
            assert!(
                u32::from_str_radix(hex, 16).is_ok_and(|o| o > 0),
                "hex offset in {line:?}"
            );
            name
        })
        .collect();
    assert!(names.len() >= 4, "backtrace frames: {names:?}");
    assert_eq!(
        names[..4],
        ["explode", "run_step", "__original_main", "_start"],
        "backtrace: {names:?}"
    );
}

#[test]
fn cat_stdin_copies_piped_input() {
    let out = mote_with_stdin(&["run", &program("cat_stdin")], b"abc\nxyz");
    assert_output(&out, "abc\nxyz", "\n<7 bytes>\n", 0);
}

#[test]
fn cat_stdin_with_empty_input() {
    assert_output(
        &mote(&["run", &program("cat_stdin")]),
        "",
        "\n<0 bytes>\n",
        0,
    );
}

#[test]
fn cat_stdin_binary_input_larger_than_one_read() {
    // 10,000 bytes of every byte value: several 4096-byte reads, no text.
    let input: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 256) as u8).collect();
    let out = mote_with_stdin(&["run", &program("cat_stdin")], &input);
    assert_eq!(
        (out.stdout.len(), out.stderr.as_str(), out.code),
        (10_000, "\n<10000 bytes>\n", Some(0))
    );
    assert!(out.stdout == input, "stdout differs from stdin");
}

#[test]
fn hello_small_runs_in_32_bytes_of_memory() {
    let src =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/wasi/src/hello_small.wat");
    let built = wat::parse_file(&src).expect("hello_small.wat parses");
    let committed = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/wasi/hello_small.wasm"),
    )
    .expect("hello_small.wasm is committed");
    assert_eq!(
        built, committed,
        "tests/wasi/hello_small.wasm is stale: rebuild it from its .wat"
    );
    assert_output(
        &mote(&["run", "tests/wasi/hello_small.wasm"]),
        "Hello, world!\n",
        "",
        0,
    );
    let inspect = mote(&["inspect", "tests/wasi/hello_small.wasm"]);
    let stdout = String::from_utf8_lossy(&inspect.stdout);
    assert!(
        stdout.contains("  (memory 32 32 (pagesize 1))\n"),
        "{stdout}"
    );
    assert!(stdout.contains("features: custom-page-sizes\n"), "{stdout}");
}
