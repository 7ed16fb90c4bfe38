//! The console: the guest's stdin, stdout and stderr.

use super::Error;

/// Which output stream a write goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutStream {
    /// fd 1.
    Stdout,
    /// fd 2.
    Stderr,
}

/// One of the guest's three standard streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StdStream {
    /// fd 0.
    Stdin,
    /// fd 1.
    Stdout,
    /// fd 2.
    Stderr,
}

/// Whether reading stdin now would return without waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Readiness {
    /// Nothing to read yet: a read would wait.
    Pending,
    /// A read returns data at once; the number is how many bytes are known
    /// to be available (at least 1 when unknown).
    Ready(u64),
    /// The input has ended: a read returns 0 at once.
    Eof,
}

/// The guest's standard streams.
///
/// # For board implementers
///
/// - `read` fills the front of `buf` with stdin bytes and returns how many;
///   `Ok(0)` means end of input (never "nothing yet" unless `buf` is empty).
///   It may wait for the first byte, but should return as soon as it has
///   some rather than waiting to fill `buf`.
/// - `write` takes bytes from the front of `buf` and returns how many it
///   took (at least 1 when `buf` is not empty); a short count is fine, the
///   guest's libc writes the rest. Output should not be held back: the
///   guest may stop (`proc_exit`) right after a write.
/// - `read_ready` must not wait. It backs `poll_oneoff` subscriptions on
///   stdin; answer `Ready(1)` if you cannot tell.
/// - A board without stdin returns `Ok(0)` from `read` and
///   [`Readiness::Eof`]; a board that drops output returns `Ok(buf.len())`.
/// - `is_terminal` says whether a stream is an interactive terminal (a
///   serial console is, the default): the guest sees it as a character
///   device, and anything else as of unknown type, as in wasmtime. Guests
///   ask (`isatty`) to decide on colours and line buffering.
pub trait Console {
    type Error: Error;
    /// Reads stdin.
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Self::Error>;
    /// Writes to stdout or stderr.
    fn write(&mut self, stream: OutStream, buf: &[u8]) -> Result<usize, Self::Error>;
    /// Whether `read` would return at once.
    fn read_ready(&mut self) -> Readiness;
    /// Whether `stream` is an interactive terminal.
    fn is_terminal(&mut self, stream: StdStream) -> bool {
        let _ = stream;
        true
    }
}
