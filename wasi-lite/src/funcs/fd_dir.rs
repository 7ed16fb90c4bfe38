//! What an fd is and what it holds: `fd_fdstat_get`, `fd_fdstat_set_flags`,
//! `fd_filestat_get`, `fd_prestat_get`, `fd_prestat_dir_name`, `fd_readdir`,
//! `fd_renumber`.

use super::{WasiResult, errno};
use crate::abi::{self, DIRENT_SIZE, FDSTAT_SIZE, FILESTAT_SIZE, PRESTAT_SIZE, fdflags, rights};
use crate::ctx::{Entry, WasiCtx};
use crate::errno::Errno;
use crate::mem::GuestMem;
use crate::traits::{Console, DirEntry, FileIo, FileType, Filestat, Filesystem, Host, StdStream};

/// Writes a `filestat` record.
pub(crate) fn write_filestat(mem: &mut GuestMem<'_>, ptr: u32, st: &Filestat) -> WasiResult {
    mem.check(ptr, FILESTAT_SIZE)?;
    let mut rec = [0u8; FILESTAT_SIZE as usize];
    rec[0..8].copy_from_slice(&st.dev.to_le_bytes());
    rec[8..16].copy_from_slice(&st.ino.to_le_bytes());
    rec[16] = st.filetype as u8;
    rec[24..32].copy_from_slice(&st.nlink.to_le_bytes());
    rec[32..40].copy_from_slice(&st.size.to_le_bytes());
    rec[40..48].copy_from_slice(&st.atim.to_le_bytes());
    rec[48..56].copy_from_slice(&st.mtim.to_le_bytes());
    rec[56..64].copy_from_slice(&st.ctim.to_le_bytes());
    mem.write(ptr, &rec)
}

/// The `dirent` header that precedes each name in `fd_readdir`'s buffer.
fn dirent_header(e: &DirEntry<'_>) -> [u8; DIRENT_SIZE] {
    let mut h = [0u8; DIRENT_SIZE];
    h[0..8].copy_from_slice(&e.next.to_le_bytes());
    h[8..16].copy_from_slice(&e.ino.to_le_bytes());
    h[16..20].copy_from_slice(&(e.name.len() as u32).to_le_bytes());
    h[20] = e.file_type as u8;
    h
}

/// Copies as much of `src` as fits at `buf[*used..]`; false once full.
fn append(buf: &mut [u8], used: &mut usize, src: &[u8]) -> bool {
    let room = buf.len() - *used;
    let n = room.min(src.len());
    buf[*used..*used + n].copy_from_slice(&src[..n]);
    *used += n;
    n == src.len() && *used < buf.len()
}

impl<H: Host, const FDS: usize, const PREOPENS: usize> WasiCtx<H, FDS, PREOPENS> {
    pub(crate) fn fd_fdstat_get(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        out: u32,
    ) -> WasiResult {
        mem.check(out, FDSTAT_SIZE)?;
        let stream = rights::POLL_FD_READWRITE | rights::FD_FILESTAT_GET;
        let (filetype, flags, base, inheriting) = match self.fds.get_mut(fd)? {
            Entry::Stdin => (
                self.std_type(StdStream::Stdin),
                0,
                stream | rights::FD_READ,
                0,
            ),
            Entry::Stdout => (
                self.std_type(StdStream::Stdout),
                0,
                stream | rights::FD_WRITE,
                0,
            ),
            Entry::Stderr => (
                self.std_type(StdStream::Stderr),
                0,
                stream | rights::FD_WRITE,
                0,
            ),
            Entry::File(f) => {
                let filetype = self
                    .host
                    .fs()
                    .stat(&mut f.handle)
                    .map_or(FileType::RegularFile, |s| s.filetype);
                let mut base = rights::FILE_COMMON;
                if f.readable {
                    base |= rights::FILE_READ;
                }
                if f.writable {
                    base |= rights::FILE_WRITE;
                }
                (filetype, f.flags, base, 0)
            }
            Entry::Dir { .. } => (FileType::Directory, 0, rights::DIR, rights::DIR_INHERITING),
        };
        let mut rec = [0u8; FDSTAT_SIZE as usize];
        rec[0] = filetype as u8;
        rec[2..4].copy_from_slice(&flags.to_le_bytes());
        rec[8..16].copy_from_slice(&base.to_le_bytes());
        rec[16..24].copy_from_slice(&inheriting.to_le_bytes());
        mem.write(out, &rec)
    }

    /// Only regular files have flags to set; `APPEND` and `NONBLOCK` are
    /// kept, the synchronous-I/O flags are not supported.
    pub(crate) fn fd_fdstat_set_flags(&mut self, fd: u32, flags: u32) -> WasiResult {
        let flags = u16::try_from(flags)
            .ok()
            .filter(|f| f & !fdflags::ALL == 0)
            .ok_or(Errno::Inval)?;
        let f = match self.fds.get_mut(fd)? {
            Entry::File(f) => f,
            _ => return Err(Errno::Badf),
        };
        if flags & (fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC) != 0 {
            return Err(Errno::NotSup);
        }
        f.flags = flags;
        Ok(())
    }

    pub(crate) fn fd_filestat_get(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        out: u32,
    ) -> WasiResult {
        mem.check(out, FILESTAT_SIZE)?;
        let std = match self.fds.get(fd)? {
            Entry::Stdin => Some(StdStream::Stdin),
            Entry::Stdout => Some(StdStream::Stdout),
            Entry::Stderr => Some(StdStream::Stderr),
            Entry::File(_) | Entry::Dir { .. } => None,
        };
        if let Some(std) = std {
            let st = Filestat {
                filetype: self.std_type(std),
                nlink: 1,
                ..Filestat::default()
            };
            return write_filestat(mem, out, &st);
        }
        let fs = self.host.fs();
        let st = match self.fds.get_mut(fd)? {
            Entry::File(f) => fs.stat(&mut f.handle).map_err(errno)?,
            Entry::Dir { handle, .. } => fs.dir_stat(handle).map_err(errno)?,
            Entry::Stdin | Entry::Stdout | Entry::Stderr => return Err(Errno::Badf),
        };
        write_filestat(mem, out, &st)
    }

    /// What a standard stream is to the guest: a character device if the
    /// console says it is a terminal, else of unknown type (as wasmtime
    /// reports a redirected one; guests' `isatty` then says no).
    fn std_type(&mut self, stream: StdStream) -> FileType {
        if self.host.console().is_terminal(stream) {
            FileType::CharacterDevice
        } else {
            FileType::Unknown
        }
    }

    /// `EBADF` for any fd that is not a preopened directory: the guest's
    /// libc scans fds from 3 up until it gets `EBADF`.
    fn preopen(&self, fd: u32) -> Result<&str, Errno> {
        match self.fds.get(fd)? {
            Entry::Dir {
                preopen: Some(i), ..
            } => self.preopen_name(*i).ok_or(Errno::Badf),
            _ => Err(Errno::Badf),
        }
    }

    pub(crate) fn fd_prestat_get(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        out: u32,
    ) -> WasiResult {
        mem.check(out, PRESTAT_SIZE)?;
        let len = self.preopen(fd)?.len() as u32;
        let mut rec = [0u8; PRESTAT_SIZE as usize];
        rec[0] = abi::PREOPENTYPE_DIR;
        rec[4..8].copy_from_slice(&len.to_le_bytes());
        mem.write(out, &rec)
    }

    pub(crate) fn fd_prestat_dir_name(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        path: u32,
        len: u32,
    ) -> WasiResult {
        mem.check(path, len)?;
        let name = self.preopen(fd)?;
        if name.len() > len as usize {
            return Err(Errno::NameTooLong);
        }
        mem.write(path, name.as_bytes())
    }

    /// Fills `buf` with `dirent` headers and names from `cookie` on. The
    /// last entry may be cut off; `bufused == buf_len` tells the guest to
    /// ask again with a larger buffer or the next cookie.
    pub(crate) fn fd_readdir(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        buf: u32,
        buf_len: u32,
        cookie: u64,
        out: u32,
    ) -> WasiResult {
        mem.check(out, 4)?;
        let dir = self.fds.dir(fd)?;
        let dest = mem.slice_mut(buf, buf_len)?;
        let mut used = 0usize;
        if !dest.is_empty() {
            let mut sink = |e: DirEntry<'_>| {
                append(dest, &mut used, &dirent_header(&e)) && append(dest, &mut used, e.name)
            };
            self.host
                .fs()
                .read_dir(dir, cookie, &mut sink)
                .map_err(errno)?;
        }
        mem.write_u32(out, used as u32)
    }

    /// Moves `from` onto `to` (closing what `to` held); `from` is closed.
    pub(crate) fn fd_renumber(&mut self, from: u32, to: u32) -> WasiResult {
        self.fds.get(from)?;
        self.fds.get(to)?;
        if from == to {
            return Ok(());
        }
        let entry = self.fds.take(from)?;
        // `to` is open (checked above) and stays so: `take` closed only `from`.
        let old = self.fds.replace(to, entry)?;
        self.close_entry(old);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn append_fills_then_stops() {
        let mut buf = [0u8; 5];
        let mut used = 0;
        assert!(append(&mut buf, &mut used, b"ab"));
        assert!(!append(&mut buf, &mut used, b"cdef"));
        assert_eq!(&buf, b"abcde");
        assert_eq!(used, 5);
    }

    #[test]
    fn dirent_layout() {
        let e = DirEntry {
            next: 2,
            ino: 7,
            file_type: FileType::Directory,
            name: b"abc",
        };
        let h = dirent_header(&e);
        assert_eq!(u64::from_le_bytes(h[0..8].try_into().unwrap()), 2);
        assert_eq!(u64::from_le_bytes(h[8..16].try_into().unwrap()), 7);
        assert_eq!(u32::from_le_bytes(h[16..20].try_into().unwrap()), 3);
        assert_eq!(h[20], 3);
    }
}
