//! The host backend: the board traits implemented with `std`.
//!
//! - [`StdConsole`]: stdin, stdout and stderr, each inherited from the host
//!   process, discarded, or substituted (in-memory bytes, a
//!   [`SharedBuffer`], any `Read`/`Write`).
//! - [`StdClock`]: `SystemTime` and `Instant`; `poll_oneoff` sleeps the
//!   thread.
//! - [`OsRandom`]: the operating system's generator, through `getrandom`.
//! - [`StdEnv`]: only the arguments and variables the embedder lists.
//! - [`StdFs`]: host files under capability-scoped preopened directories.
//!   Every directory fd is an open host directory handle (`cap-std`), and
//!   every guest path is resolved relative to it, never from a host path:
//!   `..` may not climb above it, a symbolic link is followed only while it
//!   stays below it, an absolute link target is refused (`ENOTCAPABLE`),
//!   and a directory renamed or replaced by a link after it was opened
//!   does not move the handle.
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
//! A guest may create a relative symbolic link whose text points outside
//! its directory (wasmtime allows it too): the guest cannot follow it out,
//! but a host program that later follows links in that directory without
//! confinement could. Treat what a guest wrote as untrusted.

mod builder;
mod console;
mod fs;
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
/// The table grows as fds are opened; the host's own limit on open files
/// (`EMFILE`) usually comes first.
pub const STD_MAX_FDS: usize = 1 << 16;
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
    // `EMFILE` and `ENFILE` (the same numbers on Linux, macOS and the
    // BSDs) have no `io::ErrorKind` either.
    if cfg!(unix) && matches!(e.raw_os_error(), Some(23 | 24)) {
        return ErrorKind::TooManyOpenFiles;
    }
    // `cap-std` reports a path that would leave its directory as
    // `PermissionDenied` without an OS error number.
    if e.kind() == io::ErrorKind::PermissionDenied && e.raw_os_error().is_none() {
        return ErrorKind::NotCapable;
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
