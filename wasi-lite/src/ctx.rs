//! The WASI context: the host services and the guest's fd table.

use crate::errno::Errno;
use crate::traits::{FileIo, Filesystem, Host};
use core::fmt;

/// The longest guest name of a preopened directory, in bytes.
pub const PREOPEN_NAME_MAX: usize = 128;

pub(crate) type FileOf<H> = <<H as Host>::Fs as FileIo>::File;
pub(crate) type DirOf<H> = <<H as Host>::Fs as Filesystem>::Dir;

/// An open regular file and what the guest opened it for.
pub(crate) struct OpenFile<F> {
    pub handle: F,
    pub readable: bool,
    pub writable: bool,
    /// `fdflags`: only `APPEND` and `NONBLOCK` are kept.
    pub flags: u16,
}

/// What an fd refers to.
pub(crate) enum Entry<F, D> {
    Stdin,
    Stdout,
    Stderr,
    File(OpenFile<F>),
    /// A directory; `preopen` indexes the context's preopen names.
    Dir {
        handle: D,
        preopen: Option<u8>,
    },
}

/// The fd table: fd `n` is slot `n`; closed fds are `None`. At most `N`
/// slots: inline without `std` (no allocator needed), on the heap with it,
/// so a host context can allow many fds without carrying them all inline.
pub(crate) struct FdTable<F, D, const N: usize> {
    #[cfg(not(feature = "std"))]
    slots: heapless::Vec<Option<Entry<F, D>>, N>,
    #[cfg(feature = "std")]
    slots: std::vec::Vec<Option<Entry<F, D>>>,
}

impl<F, D, const N: usize> FdTable<F, D, N> {
    pub fn get(&self, fd: u32) -> Result<&Entry<F, D>, Errno> {
        self.slots
            .get(fd as usize)
            .and_then(Option::as_ref)
            .ok_or(Errno::Badf)
    }

    pub fn get_mut(&mut self, fd: u32) -> Result<&mut Entry<F, D>, Errno> {
        self.slots
            .get_mut(fd as usize)
            .and_then(Option::as_mut)
            .ok_or(Errno::Badf)
    }

    /// The open file at `fd`: `EBADF` if closed or not a regular file
    /// (`EISDIR` for a directory).
    pub fn file_mut(&mut self, fd: u32) -> Result<&mut OpenFile<F>, Errno> {
        match self.get_mut(fd)? {
            Entry::File(f) => Ok(f),
            Entry::Dir { .. } => Err(Errno::IsDir),
            _ => Err(Errno::Badf),
        }
    }

    /// The directory at `fd`, for a path operation: `ENOTDIR` if `fd` is
    /// open but not a directory.
    pub fn dir(&self, fd: u32) -> Result<&D, Errno> {
        match self.get(fd)? {
            Entry::Dir { handle, .. } => Ok(handle),
            _ => Err(Errno::NotDir),
        }
    }

    fn new() -> Self {
        FdTable {
            slots: Default::default(),
        }
    }

    fn is_full(&self) -> bool {
        self.slots.len() >= N
    }

    /// Whether `insert` would succeed.
    pub fn has_room(&self) -> bool {
        !self.is_full() || self.slots.iter().any(Option::is_none)
    }

    /// Puts `entry` at the highest closed fd, or after the highest fd ever
    /// open; gives it back if the table is full. That is the fd wasmtime
    /// gives (it reuses the highest freed one), which programs that move
    /// stdio around with `fd_renumber` have come to depend on.
    pub fn insert(&mut self, entry: Entry<F, D>) -> Result<u32, Entry<F, D>> {
        let free = self.slots.iter_mut().enumerate().rev();
        if let Some((fd, slot)) = free.into_iter().find(|(_, s)| s.is_none()) {
            *slot = Some(entry);
            return Ok(fd as u32);
        }
        if self.is_full() {
            return Err(entry);
        }
        let fd = self.slots.len() as u32;
        // Cannot fail: the table is not full.
        #[allow(clippy::let_unit_value)] // `()` with std, a `Result` without
        let _ = self.slots.push(Some(entry));
        Ok(fd)
    }

    /// Closes `fd` in the table and hands back what it held.
    pub fn take(&mut self, fd: u32) -> Result<Entry<F, D>, Errno> {
        let entry = self
            .slots
            .get_mut(fd as usize)
            .and_then(Option::take)
            .ok_or(Errno::Badf)?;
        Ok(entry)
    }

    /// Puts `entry` at `fd`, which must be open; returns the old entry.
    pub fn replace(&mut self, fd: u32, entry: Entry<F, D>) -> Result<Entry<F, D>, Errno> {
        match self.slots.get_mut(fd as usize) {
            Some(slot @ Some(_)) => slot.replace(entry).ok_or(Errno::Badf),
            _ => Err(Errno::Badf),
        }
    }

    fn drain(&mut self) -> impl Iterator<Item = Entry<F, D>> + '_ {
        self.slots.iter_mut().filter_map(Option::take)
    }
}

/// Why a [`WasiCtx`] could not be set up as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CtxError {
    /// The fd table is full.
    TooManyFds,
    /// All preopen slots are taken.
    TooManyPreopens,
    /// A preopen's guest name is longer than [`PREOPEN_NAME_MAX`].
    NameTooLong,
}

impl fmt::Display for CtxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CtxError::TooManyFds => "the WASI fd table is full",
            CtxError::TooManyPreopens => "too many preopened directories",
            CtxError::NameTooLong => "the guest name of a preopened directory is too long",
        })
    }
}

#[cfg(feature = "std")]
impl std::error::Error for CtxError {}

/// Everything one WASI program instance owns: the host services `H`, an fd
/// table of at most `FDS` entries (stdin, stdout and stderr are 0, 1, 2)
/// and at most `PREOPENS` preopened directories.
///
/// All storage is inline and fixed-size: the core never allocates.
pub struct WasiCtx<H: Host, const FDS: usize = 16, const PREOPENS: usize = 4> {
    pub(crate) host: H,
    pub(crate) fds: FdTable<FileOf<H>, DirOf<H>, FDS>,
    pub(crate) preopens: heapless::Vec<heapless::String<PREOPEN_NAME_MAX>, PREOPENS>,
}

impl<H: Host, const FDS: usize, const PREOPENS: usize> WasiCtx<H, FDS, PREOPENS> {
    /// A context with stdin, stdout and stderr open and nothing else.
    pub fn new(host: H) -> Self {
        const {
            assert!(
                FDS >= 3,
                "the fd table needs room for stdin, stdout and stderr"
            )
        };
        let mut fds = FdTable::new();
        for entry in [Entry::Stdin, Entry::Stdout, Entry::Stderr] {
            // Cannot fail: FDS >= 3 is checked at compile time.
            let _ = fds.insert(entry);
        }
        WasiCtx {
            host,
            fds,
            preopens: heapless::Vec::new(),
        }
    }

    /// Grants the guest the directory `dir` under the name `guest_name`
    /// (what `fd_prestat_dir_name` reports, e.g. `"/"` or `"/data"`).
    /// Returns its fd: preopens get 3, 4, ... in the order they are added.
    ///
    /// On error the handle is closed.
    pub fn preopen_dir(&mut self, dir: DirOf<H>, guest_name: &str) -> Result<u32, CtxError> {
        let problem = if guest_name.len() > PREOPEN_NAME_MAX {
            Some(CtxError::NameTooLong)
        } else if self.preopens.is_full() || self.preopens.len() >= usize::from(u8::MAX) {
            Some(CtxError::TooManyPreopens)
        } else if !self.fds.has_room() {
            Some(CtxError::TooManyFds)
        } else {
            None
        };
        if let Some(e) = problem {
            self.host.fs().close_dir(dir);
            return Err(e);
        }
        let index = self.preopens.len() as u8;
        let mut name = heapless::String::new();
        // Both cannot fail: the length and the room were checked above.
        let _ = name.push_str(guest_name);
        let _ = self.preopens.push(name);
        match self.fds.insert(Entry::Dir {
            handle: dir,
            preopen: Some(index),
        }) {
            Ok(fd) => Ok(fd),
            Err(entry) => {
                self.close_entry(entry);
                Err(CtxError::TooManyFds)
            }
        }
    }

    /// The host services.
    pub fn host(&self) -> &H {
        &self.host
    }

    /// The host services, mutably (to reach a captured output, say).
    pub fn host_mut(&mut self) -> &mut H {
        &mut self.host
    }

    /// Releases what an fd held.
    pub(crate) fn close_entry(&mut self, entry: Entry<FileOf<H>, DirOf<H>>) {
        match entry {
            Entry::File(f) => self.host.fs().close(f.handle),
            Entry::Dir { handle, .. } => self.host.fs().close_dir(handle),
            Entry::Stdin | Entry::Stdout | Entry::Stderr => {}
        }
    }

    /// The guest name of preopen `index`.
    pub(crate) fn preopen_name(&self, index: u8) -> Option<&str> {
        self.preopens.get(usize::from(index)).map(|s| s.as_str())
    }
}

impl<H: Host, const FDS: usize, const PREOPENS: usize> Drop for WasiCtx<H, FDS, PREOPENS> {
    fn drop(&mut self) {
        let fs = self.host.fs();
        for entry in self.fds.drain() {
            match entry {
                Entry::File(f) => fs.close(f.handle),
                Entry::Dir { handle, .. } => fs.close_dir(handle),
                Entry::Stdin | Entry::Stdout | Entry::Stderr => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Entry, FdTable};

    type Table = FdTable<(), (), 8>;

    fn fd(t: &mut Table) -> u32 {
        t.insert(Entry::Stdin).ok().expect("room")
    }

    #[test]
    fn a_new_fd_reuses_the_highest_closed_one() {
        let mut t = Table::new();
        let fds: [u32; 6] = core::array::from_fn(|_| fd(&mut t));
        assert_eq!(fds, [0, 1, 2, 3, 4, 5]);
        // Closing 1 then 2 (stdio moved away): the next fd is 2, then 1.
        assert!(t.take(1).is_ok());
        assert!(t.take(2).is_ok());
        assert_eq!(fd(&mut t), 2);
        assert_eq!(fd(&mut t), 1);
        // The top fd closed is given again, not a hole below it.
        assert!(t.take(3).is_ok());
        assert!(t.take(5).is_ok());
        assert_eq!(fd(&mut t), 5);
        assert_eq!(fd(&mut t), 3);
        assert_eq!(fd(&mut t), 6);
    }
}
