//! Files and directories.
//!
//! Handles are the backend's own types: the fd table stores them, and hands
//! them back on every call. Paths are always relative to a directory handle
//! the guest holds; the backend decides what they may reach.

use super::{Error, ErrorKind};
use core::convert::Infallible;

/// The type of a file (`filetype`).
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FileType {
    #[default]
    Unknown = 0,
    BlockDevice = 1,
    CharacterDevice = 2,
    Directory = 3,
    RegularFile = 4,
    SocketDgram = 5,
    SocketStream = 6,
    SymbolicLink = 7,
}

/// File attributes (`filestat`). Times are nanoseconds since 1970-01-01 UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Filestat {
    pub dev: u64,
    pub ino: u64,
    pub filetype: FileType,
    pub nlink: u64,
    pub size: u64,
    pub atim: u64,
    pub mtim: u64,
    pub ctim: u64,
}

/// Where a seek starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeekFrom {
    Start(u64),
    Current(i64),
    End(i64),
}

/// One timestamp of `path_filestat_set_times`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetTime {
    /// Leave it as it is.
    Omit,
    /// The current time.
    Now,
    /// This time, in nanoseconds since 1970-01-01 UTC.
    At(u64),
}

/// How `path_open` wants a path opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OpenOptions {
    /// Open for reading.
    pub read: bool,
    /// Open for writing.
    pub write: bool,
    /// Create the file if it does not exist (`O_CREAT`).
    pub create: bool,
    /// With `create`: fail with `AlreadyExists` if it exists (`O_EXCL`).
    pub exclusive: bool,
    /// Truncate the file to length 0 (`O_TRUNC`).
    pub truncate: bool,
    /// The path must name a directory (`O_DIRECTORY`).
    pub directory: bool,
    /// Follow a symbolic link in the last component. When `false` and the
    /// last component is a link, opening fails with `Loop` (`O_NOFOLLOW`).
    pub follow: bool,
}

/// What `open` found: a file or a directory.
#[derive(Debug)]
pub enum Opened<F, D> {
    File(F),
    Dir(D),
}

/// One directory entry, as `read_dir` reports it.
#[derive(Debug, Clone, Copy)]
pub struct DirEntry<'a> {
    /// The cookie that continues the listing after this entry.
    pub next: u64,
    pub ino: u64,
    pub file_type: FileType,
    pub name: &'a [u8],
}

/// Operations on open files.
///
/// # For board implementers
///
/// - `File` is whatever identifies an open file to you: an owned handle,
///   an index into your own table, a flash address and position.
/// - `read`/`write` work at the file's own position and advance it; a
///   short count is fine. `read_at`/`write_at` use `offset` and leave the
///   position alone. `Ok(0)` from `read` means end of file.
/// - Append mode is the core's business: it seeks to the end before each
///   write, so backends never need an append flag.
/// - `close` is called exactly once for every handle `open` returned
///   (`fd_close`, `fd_renumber`, or when the context drops it); the default
///   just drops the handle.
pub trait FileIo {
    type Error: Error;
    type File;
    fn read(&mut self, file: &mut Self::File, buf: &mut [u8]) -> Result<usize, Self::Error>;
    fn write(&mut self, file: &mut Self::File, buf: &[u8]) -> Result<usize, Self::Error>;
    fn read_at(
        &mut self,
        file: &mut Self::File,
        buf: &mut [u8],
        offset: u64,
    ) -> Result<usize, Self::Error>;
    fn write_at(
        &mut self,
        file: &mut Self::File,
        buf: &[u8],
        offset: u64,
    ) -> Result<usize, Self::Error>;
    /// Moves the position; returns the new position from the start.
    fn seek(&mut self, file: &mut Self::File, pos: SeekFrom) -> Result<u64, Self::Error>;
    /// Makes written data (and, unless `data_only`, metadata) durable.
    fn sync(&mut self, file: &mut Self::File, data_only: bool) -> Result<(), Self::Error>;
    fn stat(&mut self, file: &mut Self::File) -> Result<Filestat, Self::Error>;
    /// Truncates or extends (with zeros) the file to `len` bytes.
    fn set_len(&mut self, file: &mut Self::File, len: u64) -> Result<(), Self::Error>;
    fn close(&mut self, file: Self::File) {
        drop(file);
    }
}

/// Directories and the paths under them.
///
/// # For board implementers
///
/// **Capabilities are yours to enforce.** Every `path` is relative to
/// `dir` and must only reach things under the root of the preopened
/// directory `dir` came from (a backend may be stricter and treat `dir`
/// itself as the root, as the std backend does): a `..` that climbs above
/// that root, and any symbolic link (in any component) that would lead
/// outside it when followed, fail with [`ErrorKind::NotCapable`]. Resolve
/// from the handle every time: a handle must keep naming the directory it
/// was opened on even if that directory is later renamed or replaced by a
/// link. `read_link` must not reveal an absolute target. The core already
/// rejects absolute paths, empty paths and NUL bytes before calling you,
/// and absolute `symlink` targets. A flat flash store with no directories
/// can simply refuse every path containing `/`.
///
/// - `follow` says whether a symbolic link in the *last* component is
///   followed; links in earlier components are always followed (and
///   checked).
/// - `read_dir` calls `sink` for each entry from `cookie` on (0 is the
///   start; afterwards the `next` of the last entry seen) and stops early
///   when `sink` returns `false`. Cookies must stay valid while the
///   directory is unchanged.
/// - `read_link` copies the link's target into `buf` (truncated if it does
///   not fit) and returns how many bytes it copied; `InvalidInput` if the
///   path is not a link.
/// - `close_dir` is called once for every directory handle, like `close`.
pub trait Filesystem: FileIo {
    type Dir;
    fn open(
        &mut self,
        dir: &Self::Dir,
        path: &str,
        options: OpenOptions,
    ) -> Result<Opened<Self::File, Self::Dir>, Self::Error>;
    fn dir_stat(&mut self, dir: &Self::Dir) -> Result<Filestat, Self::Error>;
    fn read_dir(
        &mut self,
        dir: &Self::Dir,
        cookie: u64,
        sink: &mut dyn FnMut(DirEntry<'_>) -> bool,
    ) -> Result<(), Self::Error>;
    fn create_dir(&mut self, dir: &Self::Dir, path: &str) -> Result<(), Self::Error>;
    fn remove_dir(&mut self, dir: &Self::Dir, path: &str) -> Result<(), Self::Error>;
    fn remove_file(&mut self, dir: &Self::Dir, path: &str) -> Result<(), Self::Error>;
    fn rename(
        &mut self,
        from_dir: &Self::Dir,
        from: &str,
        to_dir: &Self::Dir,
        to: &str,
    ) -> Result<(), Self::Error>;
    fn path_stat(
        &mut self,
        dir: &Self::Dir,
        path: &str,
        follow: bool,
    ) -> Result<Filestat, Self::Error>;
    fn set_times(
        &mut self,
        dir: &Self::Dir,
        path: &str,
        follow: bool,
        atime: SetTime,
        mtime: SetTime,
    ) -> Result<(), Self::Error>;
    fn read_link(
        &mut self,
        dir: &Self::Dir,
        path: &str,
        buf: &mut [u8],
    ) -> Result<usize, Self::Error>;
    /// Creates a symbolic link at `path` whose contents are `target`.
    fn symlink(&mut self, target: &str, dir: &Self::Dir, path: &str) -> Result<(), Self::Error>;
    /// Creates a hard link `to` (under `to_dir`) of the file `from` (under
    /// `from_dir`); a link in the last component of `from` is not followed.
    fn link(
        &mut self,
        from_dir: &Self::Dir,
        from: &str,
        to_dir: &Self::Dir,
        to: &str,
    ) -> Result<(), Self::Error>;
    fn close_dir(&mut self, dir: Self::Dir) {
        drop(dir);
    }
}

/// No storage at all: there are no handles, so no directory can be
/// preopened and every path operation fails with `EBADF` in the core.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFs;

impl FileIo for NoFs {
    type Error = ErrorKind;
    type File = Infallible;
    fn read(&mut self, file: &mut Infallible, _: &mut [u8]) -> Result<usize, ErrorKind> {
        match *file {}
    }
    fn write(&mut self, file: &mut Infallible, _: &[u8]) -> Result<usize, ErrorKind> {
        match *file {}
    }
    fn read_at(&mut self, file: &mut Infallible, _: &mut [u8], _: u64) -> Result<usize, ErrorKind> {
        match *file {}
    }
    fn write_at(&mut self, file: &mut Infallible, _: &[u8], _: u64) -> Result<usize, ErrorKind> {
        match *file {}
    }
    fn seek(&mut self, file: &mut Infallible, _: SeekFrom) -> Result<u64, ErrorKind> {
        match *file {}
    }
    fn sync(&mut self, file: &mut Infallible, _: bool) -> Result<(), ErrorKind> {
        match *file {}
    }
    fn stat(&mut self, file: &mut Infallible) -> Result<Filestat, ErrorKind> {
        match *file {}
    }
    fn set_len(&mut self, file: &mut Infallible, _: u64) -> Result<(), ErrorKind> {
        match *file {}
    }
}

impl Filesystem for NoFs {
    type Dir = Infallible;
    fn open(
        &mut self,
        dir: &Infallible,
        _: &str,
        _: OpenOptions,
    ) -> Result<Opened<Infallible, Infallible>, ErrorKind> {
        match *dir {}
    }
    fn dir_stat(&mut self, dir: &Infallible) -> Result<Filestat, ErrorKind> {
        match *dir {}
    }
    fn read_dir(
        &mut self,
        dir: &Infallible,
        _: u64,
        _: &mut dyn FnMut(DirEntry<'_>) -> bool,
    ) -> Result<(), ErrorKind> {
        match *dir {}
    }
    fn create_dir(&mut self, dir: &Infallible, _: &str) -> Result<(), ErrorKind> {
        match *dir {}
    }
    fn remove_dir(&mut self, dir: &Infallible, _: &str) -> Result<(), ErrorKind> {
        match *dir {}
    }
    fn remove_file(&mut self, dir: &Infallible, _: &str) -> Result<(), ErrorKind> {
        match *dir {}
    }
    fn rename(
        &mut self,
        dir: &Infallible,
        _: &str,
        _: &Infallible,
        _: &str,
    ) -> Result<(), ErrorKind> {
        match *dir {}
    }
    fn path_stat(&mut self, dir: &Infallible, _: &str, _: bool) -> Result<Filestat, ErrorKind> {
        match *dir {}
    }
    fn set_times(
        &mut self,
        dir: &Infallible,
        _: &str,
        _: bool,
        _: SetTime,
        _: SetTime,
    ) -> Result<(), ErrorKind> {
        match *dir {}
    }
    fn read_link(&mut self, dir: &Infallible, _: &str, _: &mut [u8]) -> Result<usize, ErrorKind> {
        match *dir {}
    }
    fn symlink(&mut self, _: &str, dir: &Infallible, _: &str) -> Result<(), ErrorKind> {
        match *dir {}
    }
    fn link(
        &mut self,
        dir: &Infallible,
        _: &str,
        _: &Infallible,
        _: &str,
    ) -> Result<(), ErrorKind> {
        match *dir {}
    }
}
