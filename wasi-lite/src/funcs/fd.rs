//! Reading, writing and moving through open fds: `fd_read`, `fd_write`,
//! `fd_pread`, `fd_pwrite`, `fd_seek`, `fd_tell`, `fd_sync`, `fd_datasync`,
//! `fd_advise`, `fd_allocate`, `fd_filestat_set_size`, `fd_close`.

use super::{WasiResult, errno};
use crate::abi::fdflags;
use crate::ctx::{Entry, WasiCtx};
use crate::errno::Errno;
use crate::mem::GuestMem;
use crate::traits::{Console, FileIo, Host, OutStream, SeekFrom};

/// Reads into the iovecs in turn with `op(buf, bytes_so_far)` until one
/// comes back short; returns the total. With `once`, only the first
/// non-empty iovec is used (a stream read must not wait for a second one).
/// An error after some bytes were read ends the loop with what was read.
fn read_iovecs(
    mem: &mut GuestMem<'_>,
    iovs: u32,
    count: u32,
    once: bool,
    mut op: impl FnMut(&mut [u8], u32) -> Result<usize, Errno>,
) -> Result<u32, Errno> {
    mem.check_iovecs(iovs, count)?;
    let mut total = 0u32;
    for i in 0..count {
        let (ptr, len) = mem.iovec(iovs, i)?;
        let len = len.min(u32::MAX - total);
        if len == 0 {
            continue;
        }
        let n = match op(mem.slice_mut(ptr, len)?, total) {
            Ok(n) => n.min(len as usize) as u32,
            Err(_) if total > 0 => break,
            Err(e) => return Err(e),
        };
        total += n;
        if n < len || once {
            break;
        }
    }
    Ok(total)
}

/// Like [`read_iovecs`], writing from them.
fn write_iovecs(
    mem: &GuestMem<'_>,
    iovs: u32,
    count: u32,
    mut op: impl FnMut(&[u8], u32) -> Result<usize, Errno>,
) -> Result<u32, Errno> {
    mem.check_iovecs(iovs, count)?;
    let mut total = 0u32;
    for i in 0..count {
        let (ptr, len) = mem.iovec(iovs, i)?;
        let len = len.min(u32::MAX - total);
        if len == 0 {
            continue;
        }
        let n = match op(mem.slice(ptr, len)?, total) {
            Ok(n) => n.min(len as usize) as u32,
            Err(_) if total > 0 => break,
            Err(e) => return Err(e),
        };
        total += n;
        if n < len {
            break;
        }
    }
    Ok(total)
}

impl<H: Host, const FDS: usize, const PREOPENS: usize> WasiCtx<H, FDS, PREOPENS> {
    pub(crate) fn fd_read(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        iovs: u32,
        count: u32,
        out: u32,
    ) -> WasiResult {
        mem.check(out, 4)?;
        let n = match self.fds.get_mut(fd)? {
            Entry::Stdin => {
                let console = self.host.console();
                read_iovecs(mem, iovs, count, true, |buf, _| {
                    console.read(buf).map_err(errno)
                })?
            }
            Entry::File(f) if f.readable => {
                let fs = self.host.fs();
                read_iovecs(mem, iovs, count, false, |buf, _| {
                    fs.read(&mut f.handle, buf).map_err(errno)
                })?
            }
            Entry::Dir { .. } => return Err(Errno::IsDir),
            _ => return Err(Errno::Badf),
        };
        mem.write_u32(out, n)
    }

    pub(crate) fn fd_write(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        iovs: u32,
        count: u32,
        out: u32,
    ) -> WasiResult {
        mem.check(out, 4)?;
        let stream = match self.fds.get_mut(fd)? {
            Entry::Stdout => OutStream::Stdout,
            Entry::Stderr => OutStream::Stderr,
            Entry::File(f) if f.writable => {
                let fs = self.host.fs();
                if f.flags & fdflags::APPEND != 0 {
                    fs.seek(&mut f.handle, SeekFrom::End(0)).map_err(errno)?;
                }
                let n = write_iovecs(mem, iovs, count, |buf, _| {
                    fs.write(&mut f.handle, buf).map_err(errno)
                })?;
                return mem.write_u32(out, n);
            }
            _ => return Err(Errno::Badf),
        };
        let console = self.host.console();
        let n = write_iovecs(mem, iovs, count, |buf, _| {
            console.write(stream, buf).map_err(errno)
        })?;
        mem.write_u32(out, n)
    }

    pub(crate) fn fd_pread(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        iovs: u32,
        count: u32,
        offset: u64,
        out: u32,
    ) -> WasiResult {
        mem.check(out, 4)?;
        let fs = self.host.fs();
        let f = match self.fds.get_mut(fd)? {
            Entry::File(f) if f.readable => f,
            Entry::Stdin | Entry::Stdout | Entry::Stderr => return Err(Errno::Spipe),
            Entry::Dir { .. } => return Err(Errno::IsDir),
            Entry::File(_) => return Err(Errno::Badf),
        };
        let n = read_iovecs(mem, iovs, count, false, |buf, done| {
            let at = offset.checked_add(u64::from(done)).ok_or(Errno::Overflow)?;
            fs.read_at(&mut f.handle, buf, at).map_err(errno)
        })?;
        mem.write_u32(out, n)
    }

    pub(crate) fn fd_pwrite(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        iovs: u32,
        count: u32,
        offset: u64,
        out: u32,
    ) -> WasiResult {
        mem.check(out, 4)?;
        let fs = self.host.fs();
        let f = match self.fds.get_mut(fd)? {
            Entry::File(f) if f.writable => f,
            Entry::Stdin | Entry::Stdout | Entry::Stderr => return Err(Errno::Spipe),
            _ => return Err(Errno::Badf),
        };
        let n = write_iovecs(mem, iovs, count, |buf, done| {
            let at = offset.checked_add(u64::from(done)).ok_or(Errno::Overflow)?;
            fs.write_at(&mut f.handle, buf, at).map_err(errno)
        })?;
        mem.write_u32(out, n)
    }

    pub(crate) fn fd_seek(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        offset: i64,
        whence: u32,
        out: u32,
    ) -> WasiResult {
        let pos = match whence {
            0 => SeekFrom::Start(u64::try_from(offset).map_err(|_| Errno::Inval)?),
            1 => SeekFrom::Current(offset),
            2 => SeekFrom::End(offset),
            _ => return Err(Errno::Inval),
        };
        self.seek(mem, fd, pos, out)
    }

    pub(crate) fn fd_tell(&mut self, mem: &mut GuestMem<'_>, fd: u32, out: u32) -> WasiResult {
        self.seek(mem, fd, SeekFrom::Current(0), out)
    }

    fn seek(&mut self, mem: &mut GuestMem<'_>, fd: u32, pos: SeekFrom, out: u32) -> WasiResult {
        mem.check(out, 8)?;
        let f = match self.fds.get_mut(fd)? {
            Entry::File(f) => f,
            Entry::Stdin | Entry::Stdout | Entry::Stderr => return Err(Errno::Spipe),
            Entry::Dir { .. } => return Err(Errno::Badf),
        };
        let new = self.host.fs().seek(&mut f.handle, pos).map_err(errno)?;
        mem.write_u64(out, new)
    }

    pub(crate) fn fd_sync(&mut self, fd: u32) -> WasiResult {
        self.sync(fd, false)
    }

    pub(crate) fn fd_datasync(&mut self, fd: u32) -> WasiResult {
        self.sync(fd, true)
    }

    /// Directories cannot be synced through the board traits: `ENOTSUP`
    /// rather than a silent success that promises durability.
    fn sync(&mut self, fd: u32, data_only: bool) -> WasiResult {
        match self.fds.get_mut(fd)? {
            Entry::File(f) => self.host.fs().sync(&mut f.handle, data_only).map_err(errno),
            Entry::Dir { .. } => Err(Errno::NotSup),
            _ => Err(Errno::Inval),
        }
    }

    /// Advice is only a hint; it is checked and then ignored.
    pub(crate) fn fd_advise(
        &mut self,
        fd: u32,
        _offset: u64,
        _len: u64,
        advice: u32,
    ) -> WasiResult {
        if advice > 5 {
            return Err(Errno::Inval);
        }
        match self.fds.get(fd)? {
            Entry::File(_) => Ok(()),
            Entry::Dir { .. } => Err(Errno::IsDir),
            _ => Err(Errno::Spipe),
        }
    }

    /// Makes the file at least `offset + len` bytes long.
    pub(crate) fn fd_allocate(&mut self, fd: u32, offset: u64, len: u64) -> WasiResult {
        let end = offset
            .checked_add(len)
            .filter(|&e| e <= i64::MAX as u64)
            .ok_or(Errno::Fbig)?;
        let f = self.fds.file_mut(fd)?;
        if !f.writable {
            return Err(Errno::Badf);
        }
        let fs = self.host.fs();
        let size = fs.stat(&mut f.handle).map_err(errno)?.size;
        if end > size {
            fs.set_len(&mut f.handle, end).map_err(errno)?;
        }
        Ok(())
    }

    pub(crate) fn fd_filestat_set_size(&mut self, fd: u32, size: u64) -> WasiResult {
        if size > i64::MAX as u64 {
            return Err(Errno::Fbig);
        }
        let f = self.fds.file_mut(fd)?;
        if !f.writable {
            return Err(Errno::Badf);
        }
        self.host.fs().set_len(&mut f.handle, size).map_err(errno)
    }

    pub(crate) fn fd_close(&mut self, fd: u32) -> WasiResult {
        let entry = self.fds.take(fd)?;
        self.close_entry(entry);
        Ok(())
    }
}
