//! Files and directories on the host, through capability handles.
//!
//! Every directory the guest holds is an open host directory handle
//! ([`cap_std::fs::Dir`]), and every path is resolved relative to that
//! handle by `cap-std`, never re-resolved from a host path: `..` may not
//! climb above the handle, a symbolic link is followed only while it stays
//! below it, an absolute link target is refused, and on Linux the kernel
//! enforces all of this (`openat2` with `RESOLVE_BENEATH`). A directory that
//! is renamed or replaced by a link after it was opened does not move the
//! handle. What `cap-std` refuses as an escape is `ENOTCAPABLE`.
//!
//! Each directory fd is its own root, as in wasmtime: `..` from a
//! directory the guest opened below a preopen is refused too (guest libcs
//! resolve paths against the preopens, so programs do not notice).

use super::io_err;
use crate::traits::{
    DirEntry, ErrorKind, FileIo, FileType, Filestat, Filesystem, OpenOptions, Opened, SeekFrom,
    SetTime,
};
use cap_fs_ext::{DirExt, FollowSymlinks, OpenOptionsFollowExt, SystemTimeSpec};
use cap_std::fs::{Dir, Metadata};
use core::cell::RefCell;
use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};
use std::vec::Vec;

/// One entry of a directory listing.
#[derive(Debug)]
struct Listed {
    name: OsString,
    file_type: FileType,
    ino: u64,
}

/// A directory the guest holds: an open host directory handle.
#[derive(Debug)]
pub struct StdDir {
    dir: Dir,
    /// The listing `fd_readdir` read at cookie 0, kept so that later
    /// cookies continue it without reading the directory again.
    listing: RefCell<Vec<Listed>>,
}

impl StdDir {
    /// Opens the host directory `path` as the root of a preopen. This is
    /// the one place the host's ambient authority is used: everything
    /// below goes through the handle.
    pub fn open_root(path: impl AsRef<Path>) -> io::Result<StdDir> {
        let dir = Dir::open_ambient_dir(path, cap_std::ambient_authority())?;
        if !dir.dir_metadata()?.is_dir() {
            return Err(io::Error::from(io::ErrorKind::NotADirectory));
        }
        Ok(StdDir::new(dir))
    }

    fn new(dir: Dir) -> StdDir {
        StdDir {
            dir,
            listing: RefCell::new(Vec::new()),
        }
    }
}

/// The host file system. Stateless: the handles carry everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct StdFs;

fn nanos_since_epoch(t: io::Result<cap_std::time::SystemTime>) -> u64 {
    t.ok()
        .and_then(|t| t.into_std().duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

fn file_type(t: cap_std::fs::FileType) -> FileType {
    #[cfg(unix)]
    {
        use cap_std::fs::FileTypeExt;
        if t.is_block_device() {
            return FileType::BlockDevice;
        }
        if t.is_char_device() {
            return FileType::CharacterDevice;
        }
        if t.is_socket() {
            return FileType::SocketStream;
        }
    }
    if t.is_dir() {
        FileType::Directory
    } else if t.is_file() {
        FileType::RegularFile
    } else if t.is_symlink() {
        FileType::SymbolicLink
    } else {
        FileType::Unknown
    }
}

fn filestat(m: &Metadata) -> Filestat {
    let mut st = Filestat {
        filetype: file_type(m.file_type()),
        nlink: 1,
        size: m.len(),
        atim: nanos_since_epoch(m.accessed()),
        mtim: nanos_since_epoch(m.modified()),
        ctim: nanos_since_epoch(m.created()),
        ..Filestat::default()
    };
    #[cfg(unix)]
    {
        use cap_std::fs::MetadataExt;
        st.dev = m.dev();
        st.ino = m.ino();
        st.nlink = m.nlink();
        // The status-change time, which `created()` is not.
        let secs = u64::try_from(m.ctime()).unwrap_or(0);
        st.ctim = secs
            .saturating_mul(1_000_000_000)
            .saturating_add(u64::try_from(m.ctime_nsec()).unwrap_or(0));
    }
    st
}

/// The bytes of a host name, if the guest can be given them.
fn name_bytes(name: &OsStr) -> Option<&[u8]> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Some(name.as_bytes())
    }
    #[cfg(not(unix))]
    {
        name.to_str().map(str::as_bytes)
    }
}

fn time_spec(t: SetTime) -> Result<Option<SystemTimeSpec>, ErrorKind> {
    Ok(match t {
        SetTime::Omit => None,
        SetTime::Now => Some(SystemTimeSpec::SymbolicNow),
        SetTime::At(ns) => Some(SystemTimeSpec::Absolute(
            cap_std::time::SystemTime::from_std(
                UNIX_EPOCH
                    .checked_add(Duration::from_nanos(ns))
                    .ok_or(ErrorKind::Overflow)?,
            ),
        )),
    })
}

/// Reads the whole directory once: `.`, `..`, then the entries by name.
fn list(dir: &Dir) -> Result<Vec<Listed>, ErrorKind> {
    let own = dir.dir_metadata().map_or(0, |m| filestat(&m).ino);
    let mut entries = Vec::new();
    for e in dir.entries().map_err(io_err)? {
        let e = e.map_err(io_err)?;
        let file_type = e.file_type().map_or(FileType::Unknown, file_type);
        #[cfg(unix)]
        let ino = std::os::unix::fs::DirEntryExt::ino(&e);
        #[cfg(not(unix))]
        let ino = 0;
        entries.push(Listed {
            name: e.file_name(),
            file_type,
            ino,
        });
    }
    // Sorted, so every host lists a directory the same way.
    entries.sort_unstable_by(|a, b| a.name.cmp(&b.name));
    let dots = [(".", own), ("..", 0)].map(|(name, ino)| Listed {
        name: OsString::from(name),
        file_type: FileType::Directory,
        ino,
    });
    Ok(dots.into_iter().chain(entries).collect())
}

/// What only some hosts have: positioned I/O.
#[cfg(unix)]
mod os {
    use std::fs::File;
    use std::io;
    use std::os::unix::fs::FileExt;

    pub fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        file.read_at(buf, offset)
    }
    pub fn write_at(file: &File, buf: &[u8], offset: u64) -> io::Result<usize> {
        file.write_at(buf, offset)
    }
}

#[cfg(not(unix))]
mod os {
    use std::fs::File;
    use std::io;

    pub fn read_at(_: &File, _: &mut [u8], _: u64) -> io::Result<usize> {
        Err(io::ErrorKind::Unsupported.into())
    }
    pub fn write_at(_: &File, _: &[u8], _: u64) -> io::Result<usize> {
        Err(io::ErrorKind::Unsupported.into())
    }
}

impl FileIo for StdFs {
    type Error = ErrorKind;
    type File = File;

    fn read(&mut self, file: &mut File, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        file.read(buf).map_err(io_err)
    }
    fn write(&mut self, file: &mut File, buf: &[u8]) -> Result<usize, ErrorKind> {
        file.write(buf).map_err(io_err)
    }
    fn read_at(
        &mut self,
        file: &mut File,
        buf: &mut [u8],
        offset: u64,
    ) -> Result<usize, ErrorKind> {
        os::read_at(file, buf, offset).map_err(io_err)
    }
    fn write_at(&mut self, file: &mut File, buf: &[u8], offset: u64) -> Result<usize, ErrorKind> {
        os::write_at(file, buf, offset).map_err(io_err)
    }
    fn seek(&mut self, file: &mut File, pos: SeekFrom) -> Result<u64, ErrorKind> {
        let pos = match pos {
            SeekFrom::Start(n) => io::SeekFrom::Start(n),
            SeekFrom::Current(n) => io::SeekFrom::Current(n),
            SeekFrom::End(n) => io::SeekFrom::End(n),
        };
        file.seek(pos).map_err(io_err)
    }
    fn sync(&mut self, file: &mut File, data_only: bool) -> Result<(), ErrorKind> {
        if data_only {
            file.sync_data()
        } else {
            file.sync_all()
        }
        .map_err(io_err)
    }
    fn stat(&mut self, file: &mut File) -> Result<Filestat, ErrorKind> {
        let meta = Metadata::from_file(file).map_err(io_err)?;
        Ok(filestat(&meta))
    }
    fn set_len(&mut self, file: &mut File, len: u64) -> Result<(), ErrorKind> {
        file.set_len(len).map_err(io_err)
    }
}

impl Filesystem for StdFs {
    type Dir = StdDir;

    fn open(
        &mut self,
        dir: &StdDir,
        path: &str,
        o: OpenOptions,
    ) -> Result<Opened<File, StdDir>, ErrorKind> {
        if o.directory {
            return open_dir(dir, path, o.follow);
        }
        let mut options = cap_std::fs::OpenOptions::new();
        options.follow(if o.follow {
            FollowSymlinks::Yes
        } else {
            FollowSymlinks::No
        });
        if o.create && o.exclusive {
            options.read(o.read).write(true).create_new(true);
        } else {
            options
                .read(o.read || !(o.write || o.truncate || o.create))
                .write(o.write || o.truncate || o.create)
                .create(o.create)
                .truncate(o.truncate);
        }
        let file = match dir.dir.open_with(path, &options) {
            Ok(file) => file.into_std(),
            // A directory opened for reading, not asked for as one: the
            // open above fails on hosts that refuse it; try it as a
            // directory handle (still relative to `dir`).
            Err(e)
                if !(o.write || o.truncate || o.create)
                    && e.kind() == io::ErrorKind::IsADirectory =>
            {
                return open_dir(dir, path, o.follow);
            }
            Err(e) => return Err(io_err(e)),
        };
        if file.metadata().map_err(io_err)?.is_dir() {
            if o.write || o.truncate || o.create {
                return Err(ErrorKind::IsADirectory);
            }
            return Ok(Opened::Dir(StdDir::new(Dir::from_std_file(file))));
        }
        Ok(Opened::File(file))
    }

    fn dir_stat(&mut self, dir: &StdDir) -> Result<Filestat, ErrorKind> {
        dir.dir.dir_metadata().map(|m| filestat(&m)).map_err(io_err)
    }

    fn read_dir(
        &mut self,
        dir: &StdDir,
        cookie: u64,
        sink: &mut dyn FnMut(DirEntry<'_>) -> bool,
    ) -> Result<(), ErrorKind> {
        let mut listing = dir.listing.borrow_mut();
        // A listing starts at cookie 0 and is read once; a later cookie
        // continues the listing already read, so each call costs only the
        // entries it returns.
        if cookie == 0 || listing.is_empty() {
            *listing = list(&dir.dir)?;
        }
        let skip = usize::try_from(cookie).unwrap_or(usize::MAX);
        for (i, e) in listing.iter().enumerate().skip(skip) {
            let Some(name) = name_bytes(&e.name) else {
                continue;
            };
            if !sink(DirEntry {
                next: i as u64 + 1,
                ino: e.ino,
                file_type: e.file_type,
                name,
            }) {
                break;
            }
        }
        Ok(())
    }

    fn create_dir(&mut self, dir: &StdDir, path: &str) -> Result<(), ErrorKind> {
        dir.dir.create_dir(path).map_err(io_err)
    }

    fn remove_dir(&mut self, dir: &StdDir, path: &str) -> Result<(), ErrorKind> {
        dir.dir.remove_dir(path).map_err(io_err)
    }

    fn remove_file(&mut self, dir: &StdDir, path: &str) -> Result<(), ErrorKind> {
        let meta = dir.dir.symlink_metadata(path).map_err(io_err)?;
        if meta.is_dir() {
            return Err(ErrorKind::IsADirectory);
        }
        if path.ends_with('/') {
            return Err(ErrorKind::NotADirectory);
        }
        dir.dir.remove_file_or_symlink(path).map_err(io_err)
    }

    fn rename(
        &mut self,
        from_dir: &StdDir,
        from: &str,
        to_dir: &StdDir,
        to: &str,
    ) -> Result<(), ErrorKind> {
        from_dir.dir.rename(from, &to_dir.dir, to).map_err(io_err)
    }

    fn link(
        &mut self,
        from_dir: &StdDir,
        from: &str,
        to_dir: &StdDir,
        to: &str,
    ) -> Result<(), ErrorKind> {
        from_dir
            .dir
            .hard_link(from, &to_dir.dir, to)
            .map_err(io_err)
    }

    fn path_stat(&mut self, dir: &StdDir, path: &str, follow: bool) -> Result<Filestat, ErrorKind> {
        if follow {
            dir.dir.metadata(path)
        } else {
            dir.dir.symlink_metadata(path)
        }
        .map(|m| filestat(&m))
        .map_err(io_err)
    }

    fn set_times(
        &mut self,
        dir: &StdDir,
        path: &str,
        follow: bool,
        atime: SetTime,
        mtime: SetTime,
    ) -> Result<(), ErrorKind> {
        let (atime, mtime) = (time_spec(atime)?, time_spec(mtime)?);
        if follow {
            dir.dir.set_times(path, atime, mtime)
        } else {
            dir.dir.set_symlink_times(path, atime, mtime)
        }
        .map_err(io_err)
    }

    fn read_link(&mut self, dir: &StdDir, path: &str, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        // `read_link` refuses an absolute target: the guest learns nothing
        // of the host's layout outside its directory.
        let target = dir.dir.read_link(path).map_err(io_err)?;
        let bytes = name_bytes(target.as_os_str()).ok_or(ErrorKind::IllegalSequence)?;
        let n = bytes.len().min(buf.len());
        buf[..n].copy_from_slice(&bytes[..n]);
        Ok(n)
    }

    fn symlink(&mut self, target: &str, dir: &StdDir, path: &str) -> Result<(), ErrorKind> {
        // An absolute target is refused; a relative one may point anywhere
        // (even dangle) because following it is confined like any path.
        #[cfg(unix)]
        {
            dir.dir.symlink(target, path).map_err(io_err)
        }
        #[cfg(not(unix))]
        {
            let _ = (target, dir, path);
            Err(ErrorKind::Unsupported)
        }
    }
}

/// Opens `path` under `dir` as a directory handle.
fn open_dir(dir: &StdDir, path: &str, follow: bool) -> Result<Opened<File, StdDir>, ErrorKind> {
    let opened = if follow {
        dir.dir.open_dir(path)
    } else {
        dir.dir.open_dir_nofollow(path)
    };
    opened.map(|d| Opened::Dir(StdDir::new(d))).map_err(io_err)
}
