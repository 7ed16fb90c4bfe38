//! Running `mote`, checking what it printed, and scratch directories.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

/// The workspace root; every run of `mote` starts there, so the WASI test
/// programs can be named by the relative path `tests/wasi/NAME.wasm`.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ has a parent")
        .to_path_buf()
}

/// A WASI test program, as a path relative to [`repo_root`].
pub fn program(name: &str) -> String {
    format!("tests/wasi/{name}.wasm")
}

/// What one run of `mote` produced.
#[derive(Debug)]
pub struct Output {
    pub stdout: Vec<u8>,
    pub stderr: String,
    /// `None` when the process died of a signal.
    pub code: Option<i32>,
}

/// Runs `mote ARGS...` in the repository root with empty stdin.
pub fn mote<S: AsRef<OsStr>>(args: &[S]) -> Output {
    mote_with_stdin(args, b"")
}

/// Runs `mote ARGS...` in the repository root, feeding `stdin` then EOF.
pub fn mote_with_stdin<S: AsRef<OsStr>>(args: &[S], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mote"))
        .args(args)
        .current_dir(repo_root())
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mote");
    {
        let mut input = child.stdin.take().expect("piped stdin");
        // The guest may exit without reading; a broken pipe is fine then.
        let _ = input.write_all(stdin);
    }
    let out = child.wait_with_output().expect("wait for mote");
    Output {
        stdout: out.stdout,
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        code: out.status.code(),
    }
}

/// Asserts the exact stdout, stderr and exit code of a run.
#[track_caller]
pub fn assert_output(out: &Output, stdout: &str, stderr: &str, code: i32) {
    assert_eq!(
        (
            String::from_utf8_lossy(&out.stdout).as_ref(),
            out.stderr.as_str(),
            out.code
        ),
        (stdout, stderr, Some(code)),
        "(stdout, stderr, exit code) differ"
    );
}

/// Asserts a clean failure: empty stdout, exit `code`, and exactly one
/// line on stderr that starts with `error: ` and shows no Rust panic.
/// Returns that line (without its newline).
#[track_caller]
pub fn assert_one_line_error(out: &Output, code: i32) -> String {
    assert_no_panic(out);
    assert_eq!(out.code, Some(code), "exit code; stderr: {:?}", out.stderr);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "",
        "stdout of a failure"
    );
    let line = out
        .stderr
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("stderr ends with a newline: {:?}", out.stderr));
    assert!(!line.contains('\n'), "stderr is one line: {:?}", out.stderr);
    assert!(
        line.starts_with("error: "),
        "stderr starts with 'error: ': {:?}",
        out.stderr
    );
    line.to_string()
}

#[track_caller]
pub fn assert_no_panic(out: &Output) {
    for bad in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
        assert!(
            !out.stderr.contains(bad),
            "stderr contains {bad:?}: {:?}",
            out.stderr
        );
    }
}

/// A fresh directory under the system temp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("mote-cli-test-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `bytes` to `name` inside the directory, creating parents.
    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent dir");
        }
        std::fs::write(&path, bytes).expect("write temp file");
        path
    }

    /// `--dir` value mapping this directory to `guest`.
    pub fn dir_arg(&self, guest: &str) -> String {
        format!("{}::{guest}", self.0.display())
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Compiles WAT text to `m.wasm` in a new temp dir; keep the dir alive
/// while the module is used.
pub fn wat_module(tag: &str, text: &str) -> (TempDir, String) {
    let dir = TempDir::new(tag);
    let bytes = wat::parse_str(text).expect("valid WAT");
    let path = dir.write("m.wasm", &bytes);
    (dir, path.display().to_string())
}
