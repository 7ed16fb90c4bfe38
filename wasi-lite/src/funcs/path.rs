//! Paths under a directory fd: `path_open`, `path_create_directory`,
//! `path_remove_directory`, `path_unlink_file`, `path_rename`,
//! `path_filestat_get`, `path_filestat_set_times`, `path_readlink`,
//! `path_symlink`, `path_link`.
//!
//! The core checks what it can without the backend (text, absolute paths,
//! flags); confinement under the preopen root is the backend's job (see
//! [`Filesystem`]).

use super::fd_dir::write_filestat;
use super::{WasiResult, check_path, errno};
use crate::abi::{FILESTAT_SIZE, LOOKUP_SYMLINK_FOLLOW, fdflags, fstflags, oflags, rights};
use crate::ctx::{Entry, OpenFile, WasiCtx};
use crate::errno::Errno;
use crate::mem::GuestMem;
use crate::traits::{Filesystem, Host, OpenOptions, Opened, SetTime};

/// Reads and checks a guest path.
fn guest_path<'m>(mem: &'m GuestMem<'_>, ptr: u32, len: u32) -> Result<&'m str, Errno> {
    let path = mem.str(ptr, len)?;
    check_path(path)?;
    Ok(path)
}

fn follow(lookup_flags: u32) -> bool {
    lookup_flags & LOOKUP_SYMLINK_FOLLOW != 0
}

/// One timestamp from `path_filestat_set_times`' value and flags.
fn set_time(value: u64, flags: u16, at: u16, now: u16) -> Result<SetTime, Errno> {
    match (flags & at != 0, flags & now != 0) {
        (true, true) => Err(Errno::Inval),
        (true, false) => Ok(SetTime::At(value)),
        (false, true) => Ok(SetTime::Now),
        (false, false) => Ok(SetTime::Omit),
    }
}

impl<H: Host, const FDS: usize, const PREOPENS: usize> WasiCtx<H, FDS, PREOPENS> {
    #[allow(clippy::too_many_arguments)] // the preview1 signature
    pub(crate) fn path_open(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        lookup_flags: u32,
        path: u32,
        path_len: u32,
        open_flags: u32,
        rights_base: u64,
        _rights_inheriting: u64,
        fd_flags: u32,
        out: u32,
    ) -> WasiResult {
        mem.check(out, 4)?;
        let path = guest_path(mem, path, path_len)?;
        let open_flags = u16::try_from(open_flags)
            .ok()
            .filter(|f| f & !oflags::ALL == 0)
            .ok_or(Errno::Inval)?;
        let fd_flags = u16::try_from(fd_flags)
            .ok()
            .filter(|f| f & !fdflags::ALL == 0)
            .ok_or(Errno::Inval)?;
        if fd_flags & (fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC) != 0 {
            return Err(Errno::NotSup);
        }
        let has = |flag: u16| open_flags & flag != 0;
        let mut read = rights_base & (rights::FD_READ | rights::FD_READDIR) != 0;
        let write = rights_base
            & (rights::FD_WRITE
                | rights::FD_ALLOCATE
                | rights::FD_FILESTAT_SET_SIZE
                | rights::FD_DATASYNC)
            != 0;
        if !read && !write {
            read = true;
        }
        let directory = has(oflags::DIRECTORY);
        // Some guest runtimes ask for every right when opening a directory;
        // write rights mean nothing for one.
        let write = write && !directory;
        let options = OpenOptions {
            read,
            write,
            create: has(oflags::CREAT),
            exclusive: has(oflags::EXCL),
            truncate: has(oflags::TRUNC),
            directory,
            follow: follow(lookup_flags),
        };
        if directory && (options.create || options.truncate) {
            return Err(Errno::Inval);
        }
        if !self.fds.has_room() {
            return Err(Errno::Mfile);
        }
        let dir = self.fds.dir(fd)?;
        let entry = match self.host.fs().open(dir, path, options).map_err(errno)? {
            Opened::File(handle) => Entry::File(OpenFile {
                handle,
                readable: read,
                writable: write,
                flags: fd_flags & (fdflags::APPEND | fdflags::NONBLOCK),
            }),
            Opened::Dir(handle) => Entry::Dir {
                handle,
                preopen: None,
            },
        };
        match self.fds.insert(entry) {
            Ok(new) => mem.write_u32(out, new),
            Err(entry) => {
                self.close_entry(entry);
                Err(Errno::Mfile)
            }
        }
    }

    pub(crate) fn path_create_directory(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        path: u32,
        len: u32,
    ) -> WasiResult {
        let path = guest_path(mem, path, len)?;
        let dir = self.fds.dir(fd)?;
        self.host.fs().create_dir(dir, path).map_err(errno)
    }

    pub(crate) fn path_remove_directory(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        path: u32,
        len: u32,
    ) -> WasiResult {
        let path = guest_path(mem, path, len)?;
        let dir = self.fds.dir(fd)?;
        self.host.fs().remove_dir(dir, path).map_err(errno)
    }

    pub(crate) fn path_unlink_file(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        path: u32,
        len: u32,
    ) -> WasiResult {
        let path = guest_path(mem, path, len)?;
        let dir = self.fds.dir(fd)?;
        self.host.fs().remove_file(dir, path).map_err(errno)
    }

    #[allow(clippy::too_many_arguments)] // the preview1 signature
    pub(crate) fn path_rename(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        old: u32,
        old_len: u32,
        new_fd: u32,
        new: u32,
        new_len: u32,
    ) -> WasiResult {
        let old = guest_path(mem, old, old_len)?;
        let new = guest_path(mem, new, new_len)?;
        let from = self.fds.dir(fd)?;
        let to = self.fds.dir(new_fd)?;
        self.host.fs().rename(from, old, to, new).map_err(errno)
    }

    pub(crate) fn path_filestat_get(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        lookup_flags: u32,
        path: u32,
        len: u32,
        out: u32,
    ) -> WasiResult {
        mem.check(out, FILESTAT_SIZE)?;
        let st = {
            let path = guest_path(mem, path, len)?;
            let dir = self.fds.dir(fd)?;
            self.host
                .fs()
                .path_stat(dir, path, follow(lookup_flags))
                .map_err(errno)?
        };
        write_filestat(mem, out, &st)
    }

    #[allow(clippy::too_many_arguments)] // the preview1 signature
    pub(crate) fn path_filestat_set_times(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        lookup_flags: u32,
        path: u32,
        len: u32,
        atim: u64,
        mtim: u64,
        fst_flags: u32,
    ) -> WasiResult {
        let flags = u16::try_from(fst_flags)
            .ok()
            .filter(|f| f & !fstflags::ALL == 0)
            .ok_or(Errno::Inval)?;
        let atime = set_time(atim, flags, fstflags::ATIM, fstflags::ATIM_NOW)?;
        let mtime = set_time(mtim, flags, fstflags::MTIM, fstflags::MTIM_NOW)?;
        let path = guest_path(mem, path, len)?;
        let dir = self.fds.dir(fd)?;
        self.host
            .fs()
            .set_times(dir, path, follow(lookup_flags), atime, mtime)
            .map_err(errno)
    }

    #[allow(clippy::too_many_arguments)] // the preview1 signature
    pub(crate) fn path_readlink(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        path: u32,
        len: u32,
        buf: u32,
        buf_len: u32,
        out: u32,
    ) -> WasiResult {
        mem.check(out, 4)?;
        let n = {
            let (path, dest) = mem.str_and_slice_mut(path, len, buf, buf_len)?;
            check_path(path)?;
            let dir = self.fds.dir(fd)?;
            self.host.fs().read_link(dir, path, dest).map_err(errno)?
        };
        mem.write_u32(out, n.min(buf_len as usize) as u32)
    }

    /// Creates a link at `path` (under `fd`) to `target`. An absolute
    /// target can never stay inside a preopen: `ENOTCAPABLE`.
    pub(crate) fn path_symlink(
        &mut self,
        mem: &mut GuestMem<'_>,
        target: u32,
        target_len: u32,
        fd: u32,
        path: u32,
        len: u32,
    ) -> WasiResult {
        let target = mem.str(target, target_len)?;
        check_path(target)?;
        let path = guest_path(mem, path, len)?;
        let dir = self.fds.dir(fd)?;
        self.host.fs().symlink(target, dir, path).map_err(errno)
    }

    /// Creates the hard link `new` (under `new_fd`) of `old` (under `fd`).
    /// Following a link in `old` is refused (`EINVAL`), as in wasmtime:
    /// the link would be made to whatever the link names at that moment.
    #[allow(clippy::too_many_arguments)] // the preview1 signature
    pub(crate) fn path_link(
        &mut self,
        mem: &mut GuestMem<'_>,
        fd: u32,
        lookup_flags: u32,
        old: u32,
        old_len: u32,
        new_fd: u32,
        new: u32,
        new_len: u32,
    ) -> WasiResult {
        if follow(lookup_flags) {
            return Err(Errno::Inval);
        }
        let old = guest_path(mem, old, old_len)?;
        let new = guest_path(mem, new, new_len)?;
        let from = self.fds.dir(fd)?;
        let to = self.fds.dir(new_fd)?;
        self.host.fs().link(from, old, to, new).map_err(errno)
    }
}
