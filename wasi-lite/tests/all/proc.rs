//! `proc_exit` and `sched_yield`.

use crate::{Shim, run};
use mote::TrapCode;
use wasi_lite::std_backend::{SharedBuffer, WasiCtxBuilder};

const EXIT: &str = r#"
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before")
  (data (i32.const 32) "after")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16)) (i32.store (i32.const 4) (i32.const 6))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $exit (i32.const 42))
    ;; never reached
    (i32.store (i32.const 0) (i32.const 32)) (i32.store (i32.const 4) (i32.const 5))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
"#;

#[test]
fn proc_exit_code_arrives_as_exit_trap() {
    let out = SharedBuffer::new();
    let ctx = WasiCtxBuilder::new().stdout(out.clone()).build().unwrap();
    let (result, _) = run(ctx, EXIT);
    let trap = result
        .expect_err("proc_exit stops the program")
        .as_trap()
        .expect("as a trap");
    assert_eq!(trap.code(), TrapCode::Exit);
    assert_eq!(trap.exit_code(), Some(42));
    assert_eq!(out.contents(), b"before", "nothing runs after proc_exit");
}

#[test]
fn exit_zero_and_large_codes() {
    for code in [0, 1, 255, -1i32] {
        let mut g = Shim::new(WasiCtxBuilder::new().build().unwrap());
        let err = g
            .try_call("proc_exit", &[code as i64])
            .expect_err("proc_exit traps");
        assert_eq!(err.as_trap().and_then(|t| t.exit_code()), Some(code));
    }
}

#[test]
fn sched_yield_succeeds() {
    let mut g = Shim::new(WasiCtxBuilder::new().build().unwrap());
    assert_eq!(g.call("sched_yield", &[]), 0);
}
