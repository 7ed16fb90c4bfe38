//! Numbers and record layouts of the preview1 ABI (from the witx).

/// `rights` bits.
pub mod rights {
    pub const FD_DATASYNC: u64 = 1 << 0;
    pub const FD_READ: u64 = 1 << 1;
    pub const FD_SEEK: u64 = 1 << 2;
    pub const FD_FDSTAT_SET_FLAGS: u64 = 1 << 3;
    pub const FD_SYNC: u64 = 1 << 4;
    pub const FD_TELL: u64 = 1 << 5;
    pub const FD_WRITE: u64 = 1 << 6;
    pub const FD_ADVISE: u64 = 1 << 7;
    pub const FD_ALLOCATE: u64 = 1 << 8;
    pub const PATH_CREATE_DIRECTORY: u64 = 1 << 9;
    pub const PATH_CREATE_FILE: u64 = 1 << 10;
    pub const PATH_OPEN: u64 = 1 << 13;
    pub const FD_READDIR: u64 = 1 << 14;
    pub const PATH_READLINK: u64 = 1 << 15;
    pub const PATH_RENAME_SOURCE: u64 = 1 << 16;
    pub const PATH_RENAME_TARGET: u64 = 1 << 17;
    pub const PATH_FILESTAT_GET: u64 = 1 << 18;
    pub const PATH_FILESTAT_SET_TIMES: u64 = 1 << 20;
    pub const FD_FILESTAT_GET: u64 = 1 << 21;
    pub const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
    pub const PATH_SYMLINK: u64 = 1 << 24;
    pub const PATH_REMOVE_DIRECTORY: u64 = 1 << 25;
    pub const PATH_UNLINK_FILE: u64 = 1 << 26;
    pub const POLL_FD_READWRITE: u64 = 1 << 27;

    /// What an open regular file may do, whatever its mode.
    pub const FILE_COMMON: u64 = FD_SEEK
        | FD_TELL
        | FD_FDSTAT_SET_FLAGS
        | FD_SYNC
        | FD_DATASYNC
        | FD_ADVISE
        | FD_FILESTAT_GET
        | POLL_FD_READWRITE;
    /// Added for a file opened for reading.
    pub const FILE_READ: u64 = FD_READ;
    /// Added for a file opened for writing.
    pub const FILE_WRITE: u64 = FD_WRITE | FD_ALLOCATE | FD_FILESTAT_SET_SIZE;
    /// What a directory may do.
    pub const DIR: u64 = PATH_CREATE_DIRECTORY
        | PATH_CREATE_FILE
        | PATH_OPEN
        | FD_READDIR
        | PATH_READLINK
        | PATH_RENAME_SOURCE
        | PATH_RENAME_TARGET
        | PATH_FILESTAT_GET
        | PATH_FILESTAT_SET_TIMES
        | FD_FILESTAT_GET
        | PATH_SYMLINK
        | PATH_REMOVE_DIRECTORY
        | PATH_UNLINK_FILE
        | FD_SYNC
        | FD_DATASYNC;
    /// What files and directories opened under a directory may do.
    pub const DIR_INHERITING: u64 = DIR | FILE_COMMON | FILE_READ | FILE_WRITE;
}

/// `fdflags` bits.
pub mod fdflags {
    pub const APPEND: u16 = 1 << 0;
    pub const DSYNC: u16 = 1 << 1;
    pub const NONBLOCK: u16 = 1 << 2;
    pub const RSYNC: u16 = 1 << 3;
    pub const SYNC: u16 = 1 << 4;
    pub const ALL: u16 = APPEND | DSYNC | NONBLOCK | RSYNC | SYNC;
}

/// `oflags` bits of `path_open`.
pub mod oflags {
    pub const CREAT: u16 = 1 << 0;
    pub const DIRECTORY: u16 = 1 << 1;
    pub const EXCL: u16 = 1 << 2;
    pub const TRUNC: u16 = 1 << 3;
    pub const ALL: u16 = CREAT | DIRECTORY | EXCL | TRUNC;
}

/// `lookupflags`: follow a symbolic link in the last path component.
pub const LOOKUP_SYMLINK_FOLLOW: u32 = 1;

/// `fstflags` bits of `path_filestat_set_times`.
pub mod fstflags {
    pub const ATIM: u16 = 1 << 0;
    pub const ATIM_NOW: u16 = 1 << 1;
    pub const MTIM: u16 = 1 << 2;
    pub const MTIM_NOW: u16 = 1 << 3;
    pub const ALL: u16 = ATIM | ATIM_NOW | MTIM | MTIM_NOW;
}

/// `preopentype`: a directory.
pub const PREOPENTYPE_DIR: u8 = 0;

/// `eventtype`.
pub mod eventtype {
    pub const CLOCK: u8 = 0;
    pub const FD_READ: u8 = 1;
    pub const FD_WRITE: u8 = 2;
}

/// `subclockflags`: the timeout is an absolute time.
pub const SUBSCRIPTION_CLOCK_ABSTIME: u16 = 1;
/// `eventrwflags`: the peer hung up (end of input).
pub const EVENT_FD_READWRITE_HANGUP: u16 = 1;

/// Sizes of the records the guest passes or receives.
pub const IOVEC_SIZE: u32 = 8;
pub const FDSTAT_SIZE: u32 = 24;
pub const FILESTAT_SIZE: u32 = 64;
pub const PRESTAT_SIZE: u32 = 8;
pub const DIRENT_SIZE: usize = 24;
pub const SUBSCRIPTION_SIZE: u32 = 48;
pub const EVENT_SIZE: u32 = 32;
