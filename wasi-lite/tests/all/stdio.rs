//! Standard streams: captured output, substituted input.

use crate::errno::*;
use crate::{BUF, IOV, OUT, Shim, run};
use wasi_lite::std_backend::{InputStream, SharedBuffer, WasiCtxBuilder};

const HELLO: &str = r#"
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello, world\n")
  (data (i32.const 32) "oops\n")
  (func (export "_start")
    ;; two iovecs to stdout: "hello, " and "world\n"
    (i32.store (i32.const 0) (i32.const 16)) (i32.store (i32.const 4) (i32.const 7))
    (i32.store (i32.const 8) (i32.const 23)) (i32.store (i32.const 12) (i32.const 6))
    (if (call $fd_write (i32.const 1) (i32.const 0) (i32.const 2) (i32.const 100)) (then unreachable))
    (if (i32.ne (i32.load (i32.const 100)) (i32.const 13)) (then unreachable))
    ;; one to stderr
    (i32.store (i32.const 0) (i32.const 32)) (i32.store (i32.const 4) (i32.const 5))
    (if (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 100)) (then unreachable))))
"#;

#[test]
fn hello_goes_to_captured_stdout_and_stderr() {
    let (out, err) = (SharedBuffer::new(), SharedBuffer::new());
    let ctx = WasiCtxBuilder::new()
        .stdout(out.clone())
        .stderr(err.clone())
        .build()
        .unwrap();
    let (result, _) = run(ctx, HELLO);
    result.expect("hello runs without trapping");
    assert_eq!(String::from_utf8(out.contents()).unwrap(), "hello, world\n");
    assert_eq!(err.contents(), b"oops\n");
}

/// Copies stdin to stdout in 4-byte reads until end of input.
const ECHO: &str = r#"
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $again
      (i32.store (i32.const 0) (i32.const 64)) (i32.store (i32.const 4) (i32.const 4))
      (if (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)) (then unreachable))
      (if (i32.load (i32.const 8)) (then
        (i32.store (i32.const 4) (i32.load (i32.const 8)))
        (if (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)) (then unreachable))
        (br $again))))))
"#;

#[test]
fn stdin_bytes_echo_to_stdout() {
    let out = SharedBuffer::new();
    let input = "a line of input\nand another";
    let ctx = WasiCtxBuilder::new()
        .stdin(InputStream::bytes(input))
        .stdout(out.clone())
        .build()
        .unwrap();
    let (result, _) = run(ctx, ECHO);
    result.unwrap();
    assert_eq!(out.contents(), input.as_bytes());
}

#[test]
fn stdin_reader_is_substitutable() {
    let out = SharedBuffer::new();
    let input = std::io::Cursor::new(b"from a reader".to_vec());
    let ctx = WasiCtxBuilder::new()
        .stdin(InputStream::reader(input))
        .stdout(out.clone())
        .build()
        .unwrap();
    run(ctx, ECHO).0.unwrap();
    assert_eq!(out.contents(), b"from a reader");
}

#[test]
fn default_context_grants_no_output_and_no_input() {
    let ctx = WasiCtxBuilder::new().build().unwrap();
    let mut g = Shim::new(ctx);
    // Output is discarded but reported written; input is at end.
    assert_eq!(g.fd_write(1, b"dropped"), (SUCCESS, 7));
    assert_eq!(g.fd_read(0, 16), Ok(vec![]));
}

#[test]
fn streams_refuse_the_wrong_direction_and_seeking() {
    let out = SharedBuffer::new();
    let ctx = WasiCtxBuilder::new()
        .stdin(InputStream::bytes("in"))
        .stdout(out.clone())
        .build()
        .unwrap();
    let mut g = Shim::new(ctx);
    assert_eq!(g.fd_write(0, b"x").0, BADF);
    assert_eq!(g.fd_read(1, 4), Err(BADF));
    assert_eq!(g.call("fd_seek", &[1, 0, 0, OUT as i64]), SPIPE);
    assert_eq!(g.call("fd_tell", &[0, OUT as i64]), SPIPE);
    assert_eq!(g.fd_write(9, b"x").0, BADF);
    assert!(out.contents().is_empty());
}

#[test]
fn fdstat_of_stdio() {
    let mut g = Shim::new(WasiCtxBuilder::new().build().unwrap());
    assert_eq!(g.call("fd_fdstat_get", &[1, BUF as i64]), SUCCESS);
    let rec = g.read(BUF, 24);
    // Output to a buffer is no terminal: of unknown type, as wasmtime
    // reports a redirected stdout (a guest's isatty says no).
    assert_eq!(rec[0], 0, "unknown type");
    let rights = u64::from_le_bytes(rec[8..16].try_into().unwrap());
    assert_ne!(rights & (1 << 6), 0, "stdout may be written");
    assert_eq!(rights & (1 << 2 | 1 << 5), 0, "and not seeked");
    assert_eq!(g.call("fd_fdstat_get", &[0, BUF as i64]), SUCCESS);
    let rights = u64::from_le_bytes(g.read(BUF + 8, 8).try_into().unwrap());
    assert_ne!(rights & (1 << 1), 0, "stdin may be read");
    assert_eq!(g.call("fd_filestat_get", &[2, BUF as i64]), SUCCESS);
    assert_eq!(g.read(BUF + 16, 1)[0], 0);
    // Closing stdout works, and it is then gone.
    assert_eq!(g.call("fd_close", &[1]), SUCCESS);
    assert_eq!(g.fd_write(1, b"x").0, BADF);
    assert_eq!(g.call("fd_fdstat_get", &[1, BUF as i64]), BADF);
    let _ = IOV;
}
