//! The preview1 functions, one file per family. Each is a method of
//! [`WasiCtx`](crate::WasiCtx) taking the guest memory and the raw
//! arguments, returning `Ok(())` or the errno for the guest.

mod args_env;
mod clock;
mod fd;
mod fd_dir;
mod path;
mod poll;
mod proc;

use crate::errno::Errno;
use crate::traits::Error;

pub(crate) type WasiResult = Result<(), Errno>;

/// The errno for a board service's error.
pub(crate) fn errno<E: Error>(e: E) -> Errno {
    e.kind().into()
}

/// The checks every guest path gets before a backend sees it: not empty
/// (`ENOENT`), no NUL byte (`EINVAL`), not absolute (`ENOTCAPABLE`: only
/// paths relative to a granted directory are allowed).
pub(crate) fn check_path(path: &str) -> WasiResult {
    if path.is_empty() {
        Err(Errno::NoEnt)
    } else if path.contains('\0') {
        Err(Errno::Inval)
    } else if path.starts_with('/') {
        Err(Errno::NotCapable)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_checked() {
        assert_eq!(check_path(""), Err(Errno::NoEnt));
        assert_eq!(check_path("a\0b"), Err(Errno::Inval));
        assert_eq!(check_path("/etc/passwd"), Err(Errno::NotCapable));
        assert_eq!(check_path("a/b"), Ok(()));
        assert_eq!(
            check_path("../x"),
            Ok(()),
            "`..` is the backend's to resolve"
        );
    }
}
