//! The host backend: the board traits implemented with `std`.
//!
//! - [`StdConsole`]: stdin, stdout and stderr, each inherited from the host
//!   process, discarded, or substituted (in-memory bytes, a
//!   [`SharedBuffer`], any `Read`/`Write`).
//! - [`StdClock`]: `SystemTime` and `Instant`; `poll_oneoff` sleeps the
//!   thread.
//! - [`OsRandom`]: the operating system's generator, through `getrandom`.
//! - [`StdEnv`]: only the arguments and variables the embedder lists.
//! - [`StdFs`]: `std::fs` under capability-scoped preopened directories.
//!   Every guest path is resolved one component at a time below the
//!   canonical root of its preopen: `..` may not climb above the root, and
//!   every symbolic link met on the way is read and resolved the same way
//!   (an absolute target, or one that climbs out, is `ENOTCAPABLE`).
//!
//! Build a context with [`WasiCtxBuilder`]:
//!
//! ```no_run
//! use wasi_lite::std_backend::{InputStream, SharedBuffer, WasiCtxBuilder};
//!
//! let stdout = SharedBuffer::new();
//! let ctx = WasiCtxBuilder::new()
//!     .args(["app.wasm", "--verbose"])
//!     .env("LANG", "C")
//!     .preopen_dir("/srv/app-data", "/data")
//!     .stdin(InputStream::bytes("input\n"))
//!     .stdout(stdout.clone())
//!     .inherit_stderr()
//!     .build()
//!     .expect("the preopened directory exists");
//! # let _ = ctx;
//! ```
//!
//! # Limits
//!
//! Paths are checked when they are resolved and then used by name, so a
//! *host* process that swaps a directory for a symbolic link at the same
//! moment could race the check. The guest itself cannot: it runs one call
//! at a time, and every link it creates is checked like any other.

mod builder;
mod console;
mod fs;
mod resolve;
mod system;

pub use builder::{BuildError, WasiCtxBuilder};
pub use console::{InputStream, OutputStream, SharedBuffer, StdConsole};
pub use fs::{StdDir, StdFs};
pub use system::{OsRandom, StdClock, StdEnv};

use crate::WasiCtx;
use crate::traits::{ErrorKind, Services};
use std::io;

/// The services of the host backend.
pub type StdHost = Services<StdConsole, StdClock, OsRandom, StdEnv, StdFs>;

/// How many fds a [`StdWasiCtx`] can hold (stdio and preopens included).
pub const STD_MAX_FDS: usize = 128;
/// How many directories a [`StdWasiCtx`] can preopen.
pub const STD_MAX_PREOPENS: usize = 16;

/// A WASI context on the host backend.
pub type StdWasiCtx = WasiCtx<StdHost, STD_MAX_FDS, STD_MAX_PREOPENS>;

/// The WASI meaning of an operating-system error.
pub(crate) fn kind(e: &io::Error) -> ErrorKind {
    use io::ErrorKind as K;
    if is_eloop(e) {
        return ErrorKind::Loop;
    }
    match e.kind() {
        K::NotFound => ErrorKind::NotFound,
        K::PermissionDenied => ErrorKind::PermissionDenied,
        K::AlreadyExists => ErrorKind::AlreadyExists,
        K::WouldBlock => ErrorKind::WouldBlock,
        K::InvalidInput => ErrorKind::InvalidInput,
        K::InvalidData => ErrorKind::IllegalSequence,
        K::Interrupted => ErrorKind::Interrupted,
        K::Unsupported => ErrorKind::Unsupported,
        K::OutOfMemory => ErrorKind::OutOfMemory,
        K::NotADirectory => ErrorKind::NotADirectory,
        K::IsADirectory => ErrorKind::IsADirectory,
        K::DirectoryNotEmpty => ErrorKind::DirectoryNotEmpty,
        K::ReadOnlyFilesystem => ErrorKind::ReadOnly,
        K::StorageFull => ErrorKind::StorageFull,
        K::FileTooLarge => ErrorKind::FileTooLarge,
        K::InvalidFilename => ErrorKind::NameTooLong,
        K::CrossesDevices => ErrorKind::CrossesDevices,
        K::ResourceBusy => ErrorKind::Busy,
        K::BrokenPipe => ErrorKind::BrokenPipe,
        K::NotSeekable => ErrorKind::NotSeekable,
        _ => ErrorKind::Other,
    }
}

/// `ELOOP` has no stable `io::ErrorKind` yet; match the raw number.
fn is_eloop(e: &io::Error) -> bool {
    let eloop = if cfg!(any(target_os = "linux", target_os = "android")) {
        40
    } else if cfg!(any(
        target_os = "macos",
        target_os = "ios",
        target_os = "freebsd",
        target_os = "netbsd",
        target_os = "openbsd",
        target_os = "dragonfly"
    )) {
        62
    } else {
        return false;
    };
    e.raw_os_error() == Some(eloop)
}

pub(crate) fn io_err(e: io::Error) -> ErrorKind {
    kind(&e)
}
