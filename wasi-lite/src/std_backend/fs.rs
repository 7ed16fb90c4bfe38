//! Files and directories on the host, confined to preopened roots.

use super::io_err;
use super::resolve::{resolve, resolve_entry, target_stays_inside};
use crate::traits::{
    DirEntry, ErrorKind, FileIo, FileType, Filestat, Filesystem, OpenOptions, Opened, SeekFrom,
    SetTime,
};
use std::ffi::OsStr;
use std::fs::{self, File, FileTimes, Metadata};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use std::vec::Vec;

/// A directory the guest holds: a preopen's canonical root and the real
/// path below it.
#[derive(Debug, Clone)]
pub struct StdDir {
    root: Arc<Path>,
    rel: PathBuf,
}

impl StdDir {
    /// The host directory `path` as the root of a preopen. It is
    /// canonicalized now, so later changes to links above it do not move it.
    pub fn open_root(path: impl AsRef<Path>) -> io::Result<StdDir> {
        let root = fs::canonicalize(path)?;
        if !fs::metadata(&root)?.is_dir() {
            return Err(io::Error::from(io::ErrorKind::NotADirectory));
        }
        Ok(StdDir {
            root: Arc::from(root),
            rel: PathBuf::new(),
        })
    }

    /// Where the directory is on the host.
    pub fn host_path(&self) -> PathBuf {
        self.root.join(&self.rel)
    }

    fn resolve(&self, path: &str, follow: bool) -> Result<PathBuf, ErrorKind> {
        resolve(&self.root, &self.rel, path, follow)
    }

    /// The entry `path` names (not followed) and whether it ended in `/`.
    fn entry(&self, path: &str) -> Result<(PathBuf, bool), ErrorKind> {
        let (rel, slash) = resolve_entry(&self.root, &self.rel, path)?;
        Ok((self.root.join(rel), slash))
    }
}

/// The host file system. Stateless: the handles carry everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct StdFs;

fn nanos_since_epoch(t: io::Result<SystemTime>) -> u64 {
    t.ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

fn file_type(t: fs::FileType) -> FileType {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
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
        use std::os::unix::fs::MetadataExt;
        st.dev = m.dev();
        st.ino = m.ino();
        st.nlink = m.nlink();
        // The status-change time, which `created()` is not.
        let secs = u64::try_from(m.ctime()).unwrap_or(0);
        st.ctim = secs
            .saturating_mul(1_000_000_000)
            .saturating_add(m.ctime_nsec() as u64);
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

fn system_time(t: SetTime) -> Option<SystemTime> {
    match t {
        SetTime::Omit => None,
        SetTime::Now => Some(SystemTime::now()),
        SetTime::At(ns) => UNIX_EPOCH.checked_add(Duration::from_nanos(ns)),
    }
}

/// What only some hosts have: positioned I/O and symbolic links.
#[cfg(unix)]
mod os {
    use std::fs::File;
    use std::io;
    use std::os::unix::fs::FileExt;
    use std::path::Path;

    pub fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        file.read_at(buf, offset)
    }
    pub fn write_at(file: &File, buf: &[u8], offset: u64) -> io::Result<usize> {
        file.write_at(buf, offset)
    }
    pub fn symlink(target: &str, link: &Path) -> io::Result<()> {
        std::os::unix::fs::symlink(target, link)
    }
}

#[cfg(not(unix))]
mod os {
    use std::fs::File;
    use std::io;
    use std::path::Path;

    pub fn read_at(_: &File, _: &mut [u8], _: u64) -> io::Result<usize> {
        Err(io::ErrorKind::Unsupported.into())
    }
    pub fn write_at(_: &File, _: &[u8], _: u64) -> io::Result<usize> {
        Err(io::ErrorKind::Unsupported.into())
    }
    pub fn symlink(_: &str, _: &Path) -> io::Result<()> {
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
        file.metadata().map(|m| filestat(&m)).map_err(io_err)
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
        let rel = dir.resolve(path, o.follow)?;
        let host = dir.root.join(&rel);
        let exists = match fs::symlink_metadata(&host) {
            Ok(_) if o.create && o.exclusive => return Err(ErrorKind::AlreadyExists),
            Ok(meta) if meta.file_type().is_symlink() => return Err(ErrorKind::Loop),
            Ok(meta) if meta.is_dir() => {
                if o.write || o.truncate {
                    return Err(ErrorKind::IsADirectory);
                }
                return Ok(Opened::Dir(StdDir {
                    root: dir.root.clone(),
                    rel,
                }));
            }
            Ok(_) if o.directory => return Err(ErrorKind::NotADirectory),
            Ok(_) => true,
            Err(e) if e.kind() == io::ErrorKind::NotFound && o.create => false,
            Err(e) => return Err(io_err(e)),
        };
        let mut options = fs::OpenOptions::new();
        if exists {
            options
                .read(o.read || !o.write)
                .write(o.write || o.truncate)
                .truncate(o.truncate);
        } else {
            // `create_new` (O_EXCL) never follows a link planted meanwhile.
            options.read(o.read).write(true).create_new(true);
        }
        options.open(&host).map(Opened::File).map_err(io_err)
    }

    fn dir_stat(&mut self, dir: &StdDir) -> Result<Filestat, ErrorKind> {
        fs::metadata(dir.host_path())
            .map(|m| filestat(&m))
            .map_err(io_err)
    }

    fn read_dir(
        &mut self,
        dir: &StdDir,
        cookie: u64,
        sink: &mut dyn FnMut(DirEntry<'_>) -> bool,
    ) -> Result<(), ErrorKind> {
        let host = dir.host_path();
        let mut entries = Vec::new();
        for e in fs::read_dir(&host).map_err(io_err)? {
            let e = e.map_err(io_err)?;
            let kind = e.file_type().map_or(FileType::Unknown, file_type);
            #[cfg(unix)]
            let ino = std::os::unix::fs::DirEntryExt::ino(&e);
            #[cfg(not(unix))]
            let ino = 0;
            entries.push((e.file_name(), kind, ino));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let own = fs::metadata(&host).map_or(0, |m| filestat(&m).ino);
        let dots = [(OsStr::new("."), own), (OsStr::new(".."), 0)];
        let all = dots
            .iter()
            .map(|&(n, ino)| (n, FileType::Directory, ino))
            .chain(entries.iter().map(|(n, k, i)| (n.as_os_str(), *k, *i)));
        let skip = usize::try_from(cookie).unwrap_or(usize::MAX);
        for (i, (name, file_type, ino)) in all.enumerate().skip(skip) {
            let Some(name) = name_bytes(name) else {
                continue;
            };
            if !sink(DirEntry {
                next: i as u64 + 1,
                ino,
                file_type,
                name,
            }) {
                break;
            }
        }
        Ok(())
    }

    fn create_dir(&mut self, dir: &StdDir, path: &str) -> Result<(), ErrorKind> {
        let (host, _) = dir.entry(path)?;
        fs::create_dir(host).map_err(io_err)
    }

    fn remove_dir(&mut self, dir: &StdDir, path: &str) -> Result<(), ErrorKind> {
        let (host, _) = dir.entry(path)?;
        fs::remove_dir(host).map_err(io_err)
    }

    fn remove_file(&mut self, dir: &StdDir, path: &str) -> Result<(), ErrorKind> {
        let (host, slash) = dir.entry(path)?;
        let meta = fs::symlink_metadata(&host).map_err(io_err)?;
        if meta.is_dir() {
            return Err(ErrorKind::IsADirectory);
        }
        if slash {
            return Err(ErrorKind::NotADirectory);
        }
        fs::remove_file(host).map_err(io_err)
    }

    fn rename(
        &mut self,
        from_dir: &StdDir,
        from: &str,
        to_dir: &StdDir,
        to: &str,
    ) -> Result<(), ErrorKind> {
        let (from, _) = from_dir.entry(from)?;
        let (to, _) = to_dir.entry(to)?;
        fs::rename(from, to).map_err(io_err)
    }

    fn path_stat(&mut self, dir: &StdDir, path: &str, follow: bool) -> Result<Filestat, ErrorKind> {
        // Links were already followed (and checked) by `resolve` if asked.
        let rel = dir.resolve(path, follow)?;
        fs::symlink_metadata(dir.root.join(rel))
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
        let host = dir.root.join(dir.resolve(path, follow)?);
        if fs::symlink_metadata(&host)
            .map_err(io_err)?
            .file_type()
            .is_symlink()
        {
            // std cannot set the times of a link itself.
            return Err(ErrorKind::Unsupported);
        }
        let file = File::open(&host)
            .or_else(|_| File::options().write(true).open(&host))
            .map_err(io_err)?;
        let mut times = FileTimes::new();
        if let Some(t) = system_time(atime) {
            times = times.set_accessed(t);
        }
        if let Some(t) = system_time(mtime) {
            times = times.set_modified(t);
        }
        file.set_times(times).map_err(io_err)
    }

    fn read_link(&mut self, dir: &StdDir, path: &str, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        let host = dir.root.join(dir.resolve(path, false)?);
        let target = fs::read_link(host).map_err(io_err)?;
        let bytes = name_bytes(target.as_os_str()).ok_or(ErrorKind::IllegalSequence)?;
        let n = bytes.len().min(buf.len());
        buf[..n].copy_from_slice(&bytes[..n]);
        Ok(n)
    }

    fn symlink(&mut self, target: &str, dir: &StdDir, path: &str) -> Result<(), ErrorKind> {
        let (rel, _) = resolve_entry(&dir.root, &dir.rel, path)?;
        target_stays_inside(&rel, target)?;
        os::symlink(target, &dir.root.join(rel)).map_err(io_err)
    }
}
