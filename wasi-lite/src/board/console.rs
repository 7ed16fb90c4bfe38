//! The guest's stdin, stdout and stderr on one serial port.

use crate::traits::{Console, ErrorKind, OutStream, Readiness};
use embedded_io::{Read, Write};

/// The byte that ends stdin: ASCII EOT, what a terminal sends for Ctrl-D.
///
/// A serial line has no end of file of its own, so the console borrows the
/// terminal convention: EOT is never passed to the guest, and every read
/// after it returns 0. A host feeding a board through a pipe ends the input
/// with this byte (`printf 'abc\x04' | qemu-system-... `).
pub const EOT: u8 = 0x04;

/// A [`Console`] over one serial port: stdout and stderr are both written to
/// it unchanged (no `\n` → `\r\n` translation, so output is byte-exact), and
/// stdin is read from it up to an [`EOT`] byte.
///
/// Every write is flushed before it returns: the guest may stop right after
/// a write (`proc_exit`), and nothing may be left behind in a FIFO.
///
/// ```
/// use wasi_lite::board::SerialConsole;
/// use wasi_lite::{Console, OutStream};
///
/// # struct Uart(Vec<u8>);
/// # impl embedded_io::ErrorType for Uart { type Error = core::convert::Infallible; }
/// # impl embedded_io::Read for Uart {
/// #     fn read(&mut self, b: &mut [u8]) -> Result<usize, Self::Error> { Ok(0) }
/// # }
/// # impl embedded_io::Write for Uart {
/// #     fn write(&mut self, b: &[u8]) -> Result<usize, Self::Error> { self.0.extend_from_slice(b); Ok(b.len()) }
/// #     fn flush(&mut self) -> Result<(), Self::Error> { Ok(()) }
/// # }
/// let mut console = SerialConsole::new(Uart(Vec::new()));
/// console.write(OutStream::Stdout, b"hi\n").unwrap();
/// assert_eq!(console.serial().0, b"hi\n");
/// ```
#[derive(Debug)]
pub struct SerialConsole<S> {
    serial: S,
    /// Whether stdin has ended (an EOT was read, or there is no stdin).
    eof: bool,
}

impl<S: Read + Write> SerialConsole<S> {
    /// Stdout and stderr go to `serial`; stdin is read from it.
    pub fn new(serial: S) -> Self {
        SerialConsole { serial, eof: false }
    }

    /// Like [`new`](Self::new), but stdin is empty: the guest's first read
    /// returns end of file and nothing is ever taken from the port.
    pub fn without_stdin(serial: S) -> Self {
        SerialConsole { serial, eof: true }
    }

    /// The serial port.
    pub fn serial(&mut self) -> &mut S {
        &mut self.serial
    }

    /// Gives the serial port back.
    pub fn into_inner(self) -> S {
        self.serial
    }
}

/// The WASI error kind for an `embedded-io` error.
pub(crate) fn io_kind(e: impl embedded_io::Error) -> ErrorKind {
    use embedded_io::ErrorKind as K;
    match e.kind() {
        K::NotFound => ErrorKind::NotFound,
        K::PermissionDenied => ErrorKind::PermissionDenied,
        K::BrokenPipe | K::ConnectionReset | K::ConnectionAborted | K::NotConnected => {
            ErrorKind::BrokenPipe
        }
        K::AlreadyExists => ErrorKind::AlreadyExists,
        K::InvalidInput => ErrorKind::InvalidInput,
        K::InvalidData => ErrorKind::IllegalSequence,
        K::Interrupted => ErrorKind::Interrupted,
        K::Unsupported => ErrorKind::Unsupported,
        K::OutOfMemory => ErrorKind::OutOfMemory,
        _ => ErrorKind::Other,
    }
}

impl<S: Read + Write> Console for SerialConsole<S> {
    type Error = ErrorKind;

    /// Waits for at least one byte; returns what the port had, up to (not
    /// including) an [`EOT`]. After the EOT, returns 0.
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        if self.eof || buf.is_empty() {
            return Ok(0);
        }
        let n = self.serial.read(buf).map_err(io_kind)?;
        match buf[..n].iter().position(|&b| b == EOT) {
            Some(end) => {
                self.eof = true;
                Ok(end)
            }
            None => Ok(n),
        }
    }

    fn write(&mut self, _stream: OutStream, buf: &[u8]) -> Result<usize, ErrorKind> {
        self.serial.write_all(buf).map_err(io_kind)?;
        self.serial.flush().map_err(io_kind)?;
        Ok(buf.len())
    }

    /// A serial port cannot tell ahead of time whether a byte will come:
    /// `Ready(1)` until the EOT, then `Eof`.
    fn read_ready(&mut self) -> Readiness {
        if self.eof {
            Readiness::Eof
        } else {
            Readiness::Ready(1)
        }
    }
}
