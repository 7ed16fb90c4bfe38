//! The C++ programs of `tests/cxx/`, built with WebAssembly exception
//! handling, with the expectations of its README.

use crate::util::{assert_output, mote, repo_root};

fn cxx(name: &str) -> String {
    repo_root()
        .join("tests/cxx")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn expected_stdout() -> String {
    std::fs::read_to_string(cxx("exceptions.stdout")).expect("tests/cxx/exceptions.stdout")
}

#[test]
fn cxx_exceptions_with_exnref() {
    let out = mote(&["run", &cxx("exceptions.wasm")]);
    assert_output(&out, &expected_stdout(), "", 0);
}

#[test]
fn cxx_exceptions_with_legacy_instructions() {
    let out = mote(&["run", &cxx("exceptions-legacy.wasm")]);
    assert_output(&out, &expected_stdout(), "", 0);
}

#[test]
fn an_uncaught_cxx_exception_leaves_start() {
    for program in ["exceptions.wasm", "exceptions-legacy.wasm"] {
        let out = mote(&["run", &cxx(program), "uncaught"]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let before = expected_stdout();
        let before = before.split("6. many throws").next().unwrap_or_default();
        assert!(stdout.starts_with(before), "{program}: {stdout}");
        assert!(
            stdout.ends_with("7. a throw nothing catches\n"),
            "{program}: {stdout}"
        );
        let stderr = &out.stderr;
        assert!(
            stderr.starts_with("error: uncaught wasm exception (payload: ["),
            "{program}: {stderr}"
        );
        assert_eq!(out.code, Some(134), "{program}");
    }
}
