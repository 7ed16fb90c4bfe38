//! WASI preview1 (`wasi_snapshot_preview1`) for the Mote WebAssembly runtime.
//!
//! The core is `no_std`, has no `unsafe`, and needs no allocator: the fd
//! table and the preopened directories live in fixed-capacity `heapless`
//! collections inside a [`WasiCtx`]. It reaches the world only through
//! small board traits ([`Console`], [`Clock`], [`Random`], [`Environment`],
//! [`FileIo`] + [`Filesystem`], bundled by a [`Host`]). The `std` feature
//! adds a host backend (`std_backend`) with capability-scoped preopened
//! directories and in-memory or inherited stdio.
//!
//! A module sees only what it was granted: the directories preopened for it
//! (fds 3, 4, ...), the arguments and variables given to it. Every guest
//! pointer is checked: an out-of-bounds buffer is `EFAULT`, never a panic.
//!
//! ```
//! # #[cfg(feature = "std")] fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use mote::{Engine, Linker, Module, Store};
//! use wasi_lite::std_backend::{SharedBuffer, StdWasiCtx, WasiCtxBuilder};
//!
//! let wasm = wat::parse_str(r#"
//!     (module
//!       (import "wasi_snapshot_preview1" "fd_write"
//!         (func $fd_write (param i32 i32 i32 i32) (result i32)))
//!       (memory (export "memory") 1)
//!       (data (i32.const 16) "hello\n")
//!       (func (export "_start")
//!         (i32.store (i32.const 0) (i32.const 16))  ;; iovec.buf
//!         (i32.store (i32.const 4) (i32.const 6))   ;; iovec.len
//!         (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
//! "#)?;
//!
//! let stdout = SharedBuffer::new();
//! let ctx = WasiCtxBuilder::new().arg("hello.wasm").stdout(stdout.clone()).build()?;
//!
//! let engine = Engine::default();
//! let module = Module::new(&engine, &wasm)?;
//! let mut store = Store::new(&engine, ctx);
//! let mut linker = Linker::new(&engine);
//! wasi_lite::add_to_linker(&mut linker, |ctx: &mut StdWasiCtx| ctx)?;
//! let instance = linker.instantiate(&mut store, &module)?;
//! instance.get_typed_func::<(), ()>(&store, "_start")?.call(&mut store, ())?;
//! assert_eq!(stdout.contents(), b"hello\n");
//! # Ok(()) }
//! # #[cfg(not(feature = "std"))] fn main() {}
//! ```
//!
//! # Features
//!
//! - `std` (default): the host backend (`std_backend`). Pulls in `std`,
//!   `getrandom` and `cap-std` (capability-scoped file access). Without it the crate builds for bare-metal targets
//!   (`thumbv7em-none-eabihf` and the like) and holds, besides code, only
//!   the context itself: `FDS` slots of the board's handle types and
//!   `PREOPENS × 128` bytes of preopen names.
//! - `board`: the board backend ([`board`]): the console over an
//!   `embedded-io` serial port, clocks over a board timer and an
//!   `embedded-hal` delay, and the `mote:hal` GPIO import module. Adds
//!   `embedded-io` and `embedded-hal` (traits only), nothing to the core.
#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "std")]
extern crate std;

mod abi;
mod ctx;
mod errno;
mod funcs;
mod link;
mod mem;
mod traits;

#[cfg(test)]
mod tests;

#[cfg(feature = "std")]
pub mod std_backend;

#[cfg(any(feature = "board", feature = "board-image"))]
pub mod board;

pub use ctx::{CtxError, PREOPEN_NAME_MAX, WasiCtx};
pub use errno::Errno;
pub use link::{
    BYTES_PER_FUEL, FUNCTIONS, MODULE, UNSUPPORTED, add_imports_to_linker, add_to_linker,
};
pub use traits::{
    Clock, ClockId, Console, DirEntry, Environment, Error, ErrorKind, FileIo, FileType, Filestat,
    Filesystem, Host, NoFs, OpenOptions, Opened, OutStream, Random, Readiness, SeekFrom, Services,
    SetTime, StaticEnv,
};
