//! Arguments and environment variables: exactly what was granted.

use crate::errno::*;
use crate::{BUF, OUT, Shim, run};
use wasi_lite::std_backend::{BuildError, SharedBuffer, WasiCtxBuilder};

/// Writes the whole argument buffer, then the whole environment buffer, to
/// stdout (strings NUL-terminated as the guest receives them).
const PRINT_ARGS_AND_ENV: &str = r#"
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $env_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $env (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func $print (param $buf i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $buf)) (i32.store (i32.const 4) (local.get $len))
    (if (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)) (then unreachable)))
  (func (export "_start")
    (if (call $args_sizes (i32.const 16) (i32.const 20)) (then unreachable))
    (if (call $args (i32.const 256) (i32.const 1024)) (then unreachable))
    ;; argv[0] must point at the start of the buffer
    (if (i32.ne (i32.load (i32.const 256)) (i32.const 1024)) (then unreachable))
    (call $print (i32.const 1024) (i32.load (i32.const 20)))
    (if (call $env_sizes (i32.const 16) (i32.const 20)) (then unreachable))
    (if (call $env (i32.const 512) (i32.const 2048)) (then unreachable))
    (call $print (i32.const 2048) (i32.load (i32.const 20)))))
"#;

#[test]
fn args_and_env_round_trip() {
    let out = SharedBuffer::new();
    let ctx = WasiCtxBuilder::new()
        .args(["prog.wasm", "one two", "ünï"])
        .env("GREETING", "hi=there")
        .env("EMPTY", "")
        .stdout(out.clone())
        .build()
        .unwrap();
    run(ctx, PRINT_ARGS_AND_ENV).0.unwrap();
    assert_eq!(
        out.contents(),
        "prog.wasm\0one two\0ünï\0GREETING=hi=there\0EMPTY=\0".as_bytes()
    );
}

#[test]
fn sizes_and_pointers() {
    let ctx = WasiCtxBuilder::new()
        .args(["a", "bc"])
        .env("K", "V")
        .build()
        .unwrap();
    let mut g = Shim::new(ctx);
    assert_eq!(
        g.call("args_sizes_get", &[OUT as i64, OUT as i64 + 4]),
        SUCCESS
    );
    assert_eq!((g.u32(OUT), g.u32(OUT + 4)), (2, 5));
    assert_eq!(g.call("args_get", &[BUF as i64, BUF as i64 + 64]), SUCCESS);
    assert_eq!((g.u32(BUF), g.u32(BUF + 4)), (BUF + 64, BUF + 66));
    assert_eq!(g.read(BUF + 64, 5), b"a\0bc\0");
    assert_eq!(
        g.call("environ_sizes_get", &[OUT as i64, OUT as i64 + 4]),
        SUCCESS
    );
    assert_eq!((g.u32(OUT), g.u32(OUT + 4)), (1, 4));
    assert_eq!(
        g.call("environ_get", &[BUF as i64, BUF as i64 + 64]),
        SUCCESS
    );
    assert_eq!(g.u32(BUF), BUF + 64);
    assert_eq!(g.read(BUF + 64, 4), b"K=V\0");
}

#[test]
fn host_environment_is_not_leaked() {
    // The test process surely has variables (PATH, HOME...); the guest gets none.
    assert!(std::env::vars_os().next().is_some());
    let mut g = Shim::new(WasiCtxBuilder::new().build().unwrap());
    assert_eq!(
        g.call("environ_sizes_get", &[OUT as i64, OUT as i64 + 4]),
        SUCCESS
    );
    assert_eq!((g.u32(OUT), g.u32(OUT + 4)), (0, 0));
    assert_eq!(
        g.call("args_sizes_get", &[OUT as i64, OUT as i64 + 4]),
        SUCCESS
    );
    assert_eq!((g.u32(OUT), g.u32(OUT + 4)), (0, 0));
}

#[test]
fn inherit_env_passes_the_host_variables() {
    let n = std::env::vars().count() as u32;
    let mut g = Shim::new(WasiCtxBuilder::new().inherit_env().build().unwrap());
    assert_eq!(
        g.call("environ_sizes_get", &[OUT as i64, OUT as i64 + 4]),
        SUCCESS
    );
    assert_eq!(g.u32(OUT), n);
}

#[test]
fn invalid_strings_are_refused_at_build() {
    assert!(matches!(
        WasiCtxBuilder::new().arg("a\0b").build(),
        Err(BuildError::Nul(_))
    ));
    assert!(matches!(
        WasiCtxBuilder::new().env("A=B", "c").build(),
        Err(BuildError::VarName(_))
    ));
    assert!(matches!(
        WasiCtxBuilder::new().env("", "c").build(),
        Err(BuildError::VarName(_))
    ));
    assert!(matches!(
        WasiCtxBuilder::new().env("A", "\0").build(),
        Err(BuildError::Nul(_))
    ));
}
