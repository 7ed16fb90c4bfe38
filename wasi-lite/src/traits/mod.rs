//! Board services: the only ways WASI reaches the world.
//!
//! Each service is a small trait ([`Console`], [`Clock`], [`Random`],
//! [`Environment`], [`FileIo`] + [`Filesystem`]). Fallible services name an
//! associated `Error` type that reports an [`ErrorKind`], the way
//! `embedded-hal` does: a board keeps its own rich error type, and WASI only
//! needs to know which errno to give the guest.
//!
//! A [`Host`] bundles the five services; [`Services`] is a ready-made bundle
//! with one public field per service, enough for most boards:
//!
//! ```
//! use wasi_lite::{NoFs, Services, StaticEnv, WasiCtx};
//! # use wasi_lite::{Clock, ClockId, Console, ErrorKind, Random, Readiness, OutStream};
//! # struct Uart; struct Timer; struct Rng;
//! # impl Console for Uart {
//! #     type Error = ErrorKind;
//! #     fn read(&mut self, _: &mut [u8]) -> Result<usize, ErrorKind> { Ok(0) }
//! #     fn write(&mut self, _: OutStream, b: &[u8]) -> Result<usize, ErrorKind> { Ok(b.len()) }
//! #     fn read_ready(&mut self) -> Readiness { Readiness::Eof }
//! # }
//! # impl Clock for Timer {
//! #     type Error = ErrorKind;
//! #     fn now(&mut self, _: ClockId) -> Result<u64, ErrorKind> { Ok(0) }
//! #     fn resolution(&mut self, _: ClockId) -> Result<u64, ErrorKind> { Ok(1) }
//! # }
//! # impl Random for Rng {
//! #     type Error = ErrorKind;
//! #     fn fill(&mut self, b: &mut [u8]) -> Result<(), ErrorKind> { b.fill(4); Ok(()) }
//! # }
//! let env = StaticEnv { args: &["app.wasm"], vars: &[("MODE", "demo")] };
//! let services = Services { console: Uart, clock: Timer, random: Rng, env, fs: NoFs };
//! let ctx: WasiCtx<_, 8, 1> = WasiCtx::new(services);
//! # let _ = ctx;
//! ```

mod clock;
mod console;
mod env;
mod fs;
mod random;

pub use clock::{Clock, ClockId};
pub use console::{Console, OutStream, Readiness, StdStream};
pub use env::{Environment, StaticEnv};
pub use fs::{
    DirEntry, FileIo, FileType, Filestat, Filesystem, NoFs, OpenOptions, Opened, SeekFrom, SetTime,
};
pub use random::Random;

use core::fmt::Debug;

/// What went wrong in a board service, in terms WASI can pass on.
///
/// Each kind maps to one WASI errno (noted on the variant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// No such file or directory (`ENOENT`).
    NotFound,
    /// Access denied by permissions (`EACCES`).
    PermissionDenied,
    /// Operation not permitted (`EPERM`).
    NotPermitted,
    /// The path leads outside what the guest was granted (`ENOTCAPABLE`).
    NotCapable,
    /// The target already exists (`EEXIST`).
    AlreadyExists,
    /// A directory was needed (`ENOTDIR`).
    NotADirectory,
    /// A directory was not allowed (`EISDIR`).
    IsADirectory,
    /// The directory is not empty (`ENOTEMPTY`).
    DirectoryNotEmpty,
    /// An argument is invalid (`EINVAL`).
    InvalidInput,
    /// Bytes that are not valid text where text is required (`EILSEQ`).
    IllegalSequence,
    /// Nothing is ready and the operation would block (`EAGAIN`).
    WouldBlock,
    /// Interrupted; the guest may retry (`EINTR`).
    Interrupted,
    /// No space left on the device (`ENOSPC`).
    StorageFull,
    /// The file would exceed the maximum size (`EFBIG`).
    FileTooLarge,
    /// A name or path is too long (`ENAMETOOLONG`).
    NameTooLong,
    /// Too many symbolic links, or a link where none may be (`ELOOP`).
    Loop,
    /// A rename across devices (`EXDEV`).
    CrossesDevices,
    /// The storage is read-only (`EROFS`).
    ReadOnly,
    /// The resource is busy (`EBUSY`).
    Busy,
    /// The host has too many files open (`EMFILE`).
    TooManyOpenFiles,
    /// The other end is gone (`EPIPE`).
    BrokenPipe,
    /// The stream cannot seek (`ESPIPE`).
    NotSeekable,
    /// Out of memory (`ENOMEM`).
    OutOfMemory,
    /// A value does not fit (`EOVERFLOW`).
    Overflow,
    /// The service does not do this (`ENOTSUP`).
    Unsupported,
    /// Anything else: a device or I/O failure (`EIO`).
    Other,
}

/// An error a board service can return: anything that knows its [`ErrorKind`].
pub trait Error: Debug {
    fn kind(&self) -> ErrorKind;
}

impl Error for ErrorKind {
    fn kind(&self) -> ErrorKind {
        *self
    }
}

impl Error for core::convert::Infallible {
    fn kind(&self) -> ErrorKind {
        match *self {}
    }
}

/// Everything a [`WasiCtx`](crate::WasiCtx) needs from the machine.
///
/// # For board implementers
///
/// Usually [`Services`] is enough. Implement `Host` yourself when the
/// services share one peripheral or one struct: the accessors only have to
/// hand out a mutable borrow of each service, one at a time.
pub trait Host {
    type Console: Console;
    type Clock: Clock;
    type Random: Random;
    type Env: Environment;
    type Fs: Filesystem;
    fn console(&mut self) -> &mut Self::Console;
    fn clock(&mut self) -> &mut Self::Clock;
    fn random(&mut self) -> &mut Self::Random;
    fn env(&self) -> &Self::Env;
    fn fs(&mut self) -> &mut Self::Fs;
}

/// A [`Host`] made of five independent services, one public field each.
#[derive(Debug, Default)]
pub struct Services<Co, Cl, Ra, En, Fs> {
    pub console: Co,
    pub clock: Cl,
    pub random: Ra,
    pub env: En,
    pub fs: Fs,
}

impl<Co, Cl, Ra, En, Fs> Host for Services<Co, Cl, Ra, En, Fs>
where
    Co: Console,
    Cl: Clock,
    Ra: Random,
    En: Environment,
    Fs: Filesystem,
{
    type Console = Co;
    type Clock = Cl;
    type Random = Ra;
    type Env = En;
    type Fs = Fs;
    fn console(&mut self) -> &mut Co {
        &mut self.console
    }
    fn clock(&mut self) -> &mut Cl {
        &mut self.clock
    }
    fn random(&mut self) -> &mut Ra {
        &mut self.random
    }
    fn env(&self) -> &En {
        &self.env
    }
    fn fs(&mut self) -> &mut Fs {
        &mut self.fs
    }
}
