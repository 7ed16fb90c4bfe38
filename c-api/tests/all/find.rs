//! A C project finds the library the two ways the README gives: CMake's
//! `find_package(Mote)` (c-api/cmake/MoteConfig.cmake) and pkg-config
//! (c-api/mote.pc.in). Each builds the wasm-c-api `hello` example with the
//! tool and runs it. A missing tool fails the test, never skips it.

use super::{CFLAGS, cc, check_output, here, run, staticlib, workdir};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `cmd`; fails with its output unless it succeeds. `tool` names the
/// program for the message when it does not run at all.
fn must(cmd: &mut Command, tool: &str) -> Output {
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("'{tool}' does not run ({e}); install it (Debian: apt-get install {tool})")
    });
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The `hello` example's source and a fresh directory holding its module.
fn hello(name: &str) -> (PathBuf, PathBuf) {
    let src = here().join("tests/wasm-c-api/example");
    let dir = workdir(name);
    std::fs::copy(src.join("hello.wasm"), dir.join("hello.wasm")).expect("copy hello.wasm");
    (src.join("hello.c"), dir)
}

fn check_hello(source: &Path, exe: &Path, dir: &Path) {
    let stdout = run(exe, source, dir, &[]);
    let expected = here().join("tests/wasm-c-api/expected/hello.out");
    check_output("hello", &expected, &stdout);
}

#[test]
fn cmake_find_package() {
    let (source, dir) = hello("find-cmake");
    let project = dir.join("project");
    std::fs::create_dir_all(&project).expect("create the project directory");
    std::fs::write(
        project.join("CMakeLists.txt"),
        format!(
            "cmake_minimum_required(VERSION 3.13)\n\
             project(mote_hello C)\n\
             find_package(Mote REQUIRED)\n\
             add_executable(hello \"{}\")\n\
             target_compile_options(hello PRIVATE {})\n\
             target_link_libraries(hello PRIVATE mote::mote)\n",
            source.display(),
            CFLAGS.join(" ")
        ),
    )
    .expect("write CMakeLists.txt");
    let build = dir.join("build");
    let cmake = |args: &[&str]| {
        let mut c = Command::new("cmake");
        c.args(args);
        c
    };
    must(
        cmake(&[])
            .arg("-S")
            .arg(&project)
            .arg("-B")
            .arg(&build)
            .arg(format!("-DMote_DIR={}", here().join("cmake").display()))
            .arg(format!("-DMOTE_LIBRARY={}", staticlib().display()))
            .env("CC", cc()),
        "cmake",
    );
    must(cmake(&["--build"]).arg(&build), "cmake");
    check_hello(&source, &build.join("hello"), &dir);
}

#[test]
fn pkg_config() {
    let (source, dir) = hello("find-pkg-config");
    // An install prefix as the .pc template describes it.
    let prefix = dir.join("prefix");
    let (include, lib) = (prefix.join("include"), prefix.join("lib"));
    std::fs::create_dir_all(lib.join("pkgconfig")).expect("create the prefix");
    std::fs::create_dir_all(&include).expect("create the prefix");
    for h in ["wasm.h", "mote.h"] {
        std::fs::copy(here().join("include").join(h), include.join(h)).expect("copy a header");
    }
    std::fs::copy(staticlib(), lib.join("libmote_c_api.a")).expect("copy the library");
    let template = std::fs::read_to_string(here().join("mote.pc.in")).expect("read mote.pc.in");
    let pc = template.replace("@PREFIX@", &prefix.display().to_string());
    std::fs::write(lib.join("pkgconfig/mote.pc"), pc).expect("write mote.pc");

    let flags = must(
        Command::new("pkg-config")
            .args(["--cflags", "--libs", "--static", "mote"])
            .env("PKG_CONFIG_PATH", lib.join("pkgconfig")),
        "pkg-config",
    );
    let flags = String::from_utf8(flags.stdout).expect("pkg-config's output is text");
    let exe = dir.join("hello");
    must(
        Command::new(cc())
            .args(CFLAGS)
            .arg(&source)
            .args(flags.split_whitespace())
            .arg("-o")
            .arg(&exe),
        "gcc",
    );
    check_hello(&source, &exe, &dir);
}
