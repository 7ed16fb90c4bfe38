//! WASI error numbers, with the values of the preview1 witx (`errno`, `u16`).

use crate::traits::ErrorKind;
use core::fmt;

/// A WASI preview1 error number. Every host function returns one of these
/// (as `i32`), `Success` when it worked.
#[repr(u16)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Errno {
    Success = 0,
    TooBig = 1,
    Acces = 2,
    AddrInUse = 3,
    AddrNotAvail = 4,
    AfNoSupport = 5,
    Again = 6,
    Already = 7,
    Badf = 8,
    BadMsg = 9,
    Busy = 10,
    Canceled = 11,
    Child = 12,
    ConnAborted = 13,
    ConnRefused = 14,
    ConnReset = 15,
    Deadlk = 16,
    DestAddrReq = 17,
    Dom = 18,
    Dquot = 19,
    Exist = 20,
    Fault = 21,
    Fbig = 22,
    HostUnreach = 23,
    Idrm = 24,
    Ilseq = 25,
    InProgress = 26,
    Intr = 27,
    Inval = 28,
    Io = 29,
    IsConn = 30,
    IsDir = 31,
    Loop = 32,
    Mfile = 33,
    Mlink = 34,
    MsgSize = 35,
    Multihop = 36,
    NameTooLong = 37,
    NetDown = 38,
    NetReset = 39,
    NetUnreach = 40,
    Nfile = 41,
    NoBufs = 42,
    NoDev = 43,
    NoEnt = 44,
    NoExec = 45,
    NoLck = 46,
    NoLink = 47,
    NoMem = 48,
    NoMsg = 49,
    NoProtoOpt = 50,
    NoSpc = 51,
    NoSys = 52,
    NotConn = 53,
    NotDir = 54,
    NotEmpty = 55,
    NotRecoverable = 56,
    NotSock = 57,
    NotSup = 58,
    NoTty = 59,
    Nxio = 60,
    Overflow = 61,
    OwnerDead = 62,
    Perm = 63,
    Pipe = 64,
    Proto = 65,
    ProtoNoSupport = 66,
    ProtoType = 67,
    Range = 68,
    Rofs = 69,
    Spipe = 70,
    Srch = 71,
    Stale = 72,
    TimedOut = 73,
    TxtBsy = 74,
    Xdev = 75,
    NotCapable = 76,
}

impl Errno {
    /// The number as the guest sees it.
    pub const fn raw(self) -> u16 {
        self as u16
    }
}

impl From<ErrorKind> for Errno {
    fn from(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::NotFound => Errno::NoEnt,
            ErrorKind::PermissionDenied => Errno::Acces,
            ErrorKind::NotPermitted => Errno::Perm,
            ErrorKind::NotCapable => Errno::NotCapable,
            ErrorKind::AlreadyExists => Errno::Exist,
            ErrorKind::NotADirectory => Errno::NotDir,
            ErrorKind::IsADirectory => Errno::IsDir,
            ErrorKind::DirectoryNotEmpty => Errno::NotEmpty,
            ErrorKind::InvalidInput => Errno::Inval,
            ErrorKind::IllegalSequence => Errno::Ilseq,
            ErrorKind::WouldBlock => Errno::Again,
            ErrorKind::Interrupted => Errno::Intr,
            ErrorKind::StorageFull => Errno::NoSpc,
            ErrorKind::FileTooLarge => Errno::Fbig,
            ErrorKind::NameTooLong => Errno::NameTooLong,
            ErrorKind::Loop => Errno::Loop,
            ErrorKind::CrossesDevices => Errno::Xdev,
            ErrorKind::ReadOnly => Errno::Rofs,
            ErrorKind::Busy => Errno::Busy,
            ErrorKind::TooManyOpenFiles => Errno::Mfile,
            ErrorKind::BrokenPipe => Errno::Pipe,
            ErrorKind::NotSeekable => Errno::Spipe,
            ErrorKind::OutOfMemory => Errno::NoMem,
            ErrorKind::Overflow => Errno::Overflow,
            ErrorKind::Unsupported => Errno::NotSup,
            ErrorKind::Other => Errno::Io,
        }
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WASI errno {} ({:?})", self.raw(), self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_match_the_witx() {
        assert_eq!(Errno::Success.raw(), 0);
        assert_eq!(Errno::Badf.raw(), 8);
        assert_eq!(Errno::Fault.raw(), 21);
        assert_eq!(Errno::Inval.raw(), 28);
        assert_eq!(Errno::NoEnt.raw(), 44);
        assert_eq!(Errno::NoSys.raw(), 52);
        assert_eq!(Errno::Perm.raw(), 63);
        assert_eq!(Errno::NotCapable.raw(), 76);
        assert_eq!(core::mem::size_of::<Errno>(), 2);
    }

    #[test]
    fn kinds_map_to_errnos() {
        assert_eq!(Errno::from(ErrorKind::NotCapable), Errno::NotCapable);
        assert_eq!(Errno::from(ErrorKind::NotFound), Errno::NoEnt);
        assert_eq!(Errno::from(ErrorKind::Other), Errno::Io);
    }
}
