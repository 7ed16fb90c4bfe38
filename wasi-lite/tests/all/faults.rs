//! Guest pointers are checked: out of bounds is `EFAULT`, before any effect.

use crate::errno::*;
use crate::*;
use wasi_lite::std_backend::{InputStream, SharedBuffer, WasiCtxBuilder};

const END: i64 = SHIM_MEMORY as i64;

fn shim_with_io() -> (Shim, SharedBuffer) {
    let out = SharedBuffer::new();
    let ctx = WasiCtxBuilder::new()
        .args(["p"])
        .env("K", "V")
        .stdin(InputStream::bytes("abc"))
        .stdout(out.clone());
    (Shim::new(ctx.build().unwrap()), out)
}

#[test]
fn fd_write_and_fd_read_check_every_pointer() {
    let (mut g, out) = shim_with_io();
    g.write(BUF, b"data");
    // The iovec array itself out of bounds, or huge.
    assert_eq!(g.call("fd_write", &[1, END - 4, 1, OUT as i64]), FAULT);
    assert_eq!(
        g.call("fd_write", &[1, IOV as i64, 0x2000_0000, OUT as i64]),
        FAULT
    );
    assert_eq!(
        g.call("fd_write", &[1, u32::MAX as i64, 1, OUT as i64]),
        FAULT
    );
    // A buffer out of bounds, even after a good one.
    g.iovec(IOV, BUF, 4);
    g.iovec(IOV + 8, END as u32 - 2, 4);
    assert_eq!(g.call("fd_write", &[1, IOV as i64, 2, OUT as i64]), FAULT);
    g.iovec(IOV + 8, u32::MAX, u32::MAX);
    assert_eq!(g.call("fd_write", &[1, IOV as i64, 2, OUT as i64]), FAULT);
    // The result pointer out of bounds.
    assert_eq!(g.call("fd_write", &[1, IOV as i64, 1, END - 3]), FAULT);
    assert!(out.contents().is_empty(), "no call above wrote anything");

    g.iovec(IOV, END as u32 - 1, 2);
    assert_eq!(g.call("fd_read", &[0, IOV as i64, 1, OUT as i64]), FAULT);
    g.iovec(IOV, BUF, 2);
    assert_eq!(g.call("fd_read", &[0, IOV as i64, 1, END]), FAULT);
    assert_eq!(
        g.fd_read(0, 16),
        Ok(b"abc".to_vec()),
        "stdin was not consumed"
    );

    // Empty buffers at the very end are fine.
    g.iovec(IOV, END as u32, 0);
    assert_eq!(g.call("fd_write", &[1, IOV as i64, 1, OUT as i64]), SUCCESS);
    assert_eq!(g.u32(OUT), 0);
}

#[test]
fn other_calls_check_their_pointers() {
    let (mut g, _) = shim_with_io();
    assert_eq!(g.call("args_sizes_get", &[END - 2, OUT as i64]), FAULT);
    assert_eq!(
        g.call("args_sizes_get", &[OUT as i64, u32::MAX as i64]),
        FAULT
    );
    assert_eq!(g.call("args_get", &[END - 2, BUF as i64]), FAULT);
    assert_eq!(g.call("args_get", &[BUF as i64, END - 1]), FAULT);
    assert_eq!(g.call("environ_get", &[BUF as i64, END - 3]), FAULT);
    assert_eq!(g.call("environ_sizes_get", &[END, OUT as i64]), FAULT);
    assert_eq!(g.call("clock_time_get", &[1, 0, END - 7]), FAULT);
    assert_eq!(g.call("clock_res_get", &[1, END]), FAULT);
    assert_eq!(g.call("random_get", &[BUF as i64, END]), FAULT);
    assert_eq!(g.call("random_get", &[u32::MAX as i64, 2]), FAULT);
    assert_eq!(
        g.call("poll_oneoff", &[END - 40, BUF as i64, 1, OUT as i64]),
        FAULT
    );
    assert_eq!(
        g.call("poll_oneoff", &[BUF as i64, END - 16, 1, OUT as i64]),
        FAULT
    );
    assert_eq!(
        g.call(
            "poll_oneoff",
            &[BUF as i64, BUF as i64, 0x0800_0000, OUT as i64]
        ),
        FAULT
    );
    assert_eq!(g.call("fd_fdstat_get", &[1, END - 8]), FAULT);
    assert_eq!(g.call("fd_filestat_get", &[1, END - 63]), FAULT);
    assert_eq!(g.call("fd_tell", &[1, END]), FAULT);
}

#[test]
fn path_calls_check_their_pointers() {
    let dir = TempDir::new("fault-path");
    let (ctx, _) = ctx_with_dir(dir.path());
    let mut g = Shim::new(ctx);
    let p = PREOPEN as i64;
    // The path itself.
    assert_eq!(
        g.call(
            "path_open",
            &[p, 0, END - 2, 4, O_CREAT, RIGHTS_RW, 0, 0, OUT as i64]
        ),
        FAULT
    );
    assert_eq!(
        g.call("path_create_directory", &[p, u32::MAX as i64, 2]),
        FAULT
    );
    // The result pointer: checked before the file is created.
    let (s, l) = g.str(PATH, "new");
    assert_eq!(
        g.call(
            "path_open",
            &[p, 0, s, l, O_CREAT, RIGHTS_RW, 0, 0, END - 2]
        ),
        FAULT
    );
    assert!(!dir.join("new").exists(), "nothing was created");
    assert_eq!(g.call("path_filestat_get", &[p, 0, s, l, END - 10]), FAULT);
    assert_eq!(g.call("fd_prestat_get", &[p, END - 4]), FAULT);
    assert_eq!(g.call("fd_prestat_dir_name", &[p, END - 4, 8]), FAULT);
    assert_eq!(
        g.call("fd_readdir", &[p, END - 10, 100, 0, OUT as i64]),
        FAULT
    );
    assert_eq!(g.call("fd_readdir", &[p, BUF as i64, 100, 0, END]), FAULT);
    assert_eq!(
        g.call("path_readlink", &[p, s, l, END - 1, 16, OUT as i64]),
        FAULT
    );
    // Text that is not UTF-8 is EILSEQ.
    g.write(PATH, b"\xff\xfe");
    assert_eq!(
        g.call(
            "path_open",
            &[p, 0, PATH as i64, 2, O_CREAT, RIGHTS_RW, 0, 0, OUT as i64]
        ),
        25
    );
}

#[test]
fn a_module_without_memory_gets_efault_not_a_trap() {
    let out = SharedBuffer::new();
    let ctx = WasiCtxBuilder::new().stdout(out.clone()).build().unwrap();
    let text = r#"
      (module
        (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
        (func (export "write") (result i32) (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
        (func (export "close") (result i32) (call $close (i32.const 2))))
    "#;
    let (mut store, instance) = instantiate(ctx, text).unwrap();
    let write = instance.get_typed_func::<(), i32>(&store, "write").unwrap();
    assert_eq!(write.call(&mut store, ()).unwrap(), FAULT);
    // Calls that need no memory still work.
    let close = instance.get_typed_func::<(), i32>(&store, "close").unwrap();
    assert_eq!(close.call(&mut store, ()).unwrap(), SUCCESS);
}
