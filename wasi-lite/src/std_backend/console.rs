//! Stdio on the host: inherited, discarded, or substituted.

use super::io_err;
use crate::traits::{Console, ErrorKind, OutStream, Readiness, StdStream};
use std::boxed::Box;
use std::io::{self, IsTerminal, Read, Write};
use std::sync::{Arc, Mutex, PoisonError};
use std::vec::Vec;

/// Where the guest's stdin comes from.
pub struct InputStream(Input);

enum Input {
    Empty,
    Inherit,
    Bytes { data: Vec<u8>, pos: usize },
    Reader(Box<dyn Read + Send>),
}

impl InputStream {
    /// No input: reads return end of file at once.
    pub fn empty() -> Self {
        InputStream(Input::Empty)
    }
    /// The host process's stdin. `poll_oneoff` reports it ready; a read
    /// may then wait for the host's input.
    pub fn inherit() -> Self {
        InputStream(Input::Inherit)
    }
    /// These bytes, then end of file.
    pub fn bytes(data: impl Into<Vec<u8>>) -> Self {
        InputStream(Input::Bytes {
            data: data.into(),
            pos: 0,
        })
    }
    /// Any reader (a pipe, a file, a socket). Reported ready to `poll_oneoff`.
    pub fn reader(r: impl Read + Send + 'static) -> Self {
        InputStream(Input::Reader(Box::new(r)))
    }

    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &mut self.0 {
            Input::Empty => Ok(0),
            Input::Inherit => io::stdin().read(buf),
            Input::Bytes { data, pos } => {
                let rest = data.get(*pos..).unwrap_or_default();
                let n = rest.len().min(buf.len());
                buf[..n].copy_from_slice(&rest[..n]);
                *pos += n;
                Ok(n)
            }
            Input::Reader(r) => r.read(buf),
        }
    }

    /// Only the host's stdin can be a terminal.
    fn is_terminal(&self) -> bool {
        matches!(self.0, Input::Inherit) && io::stdin().is_terminal()
    }

    fn readiness(&self) -> Readiness {
        match &self.0 {
            Input::Empty => Readiness::Eof,
            Input::Bytes { data, pos } if *pos >= data.len() => Readiness::Eof,
            Input::Bytes { data, pos } => Readiness::Ready((data.len() - pos) as u64),
            Input::Inherit | Input::Reader(_) => Readiness::Ready(1),
        }
    }
}

/// Where the guest's stdout or stderr goes.
pub struct OutputStream(Output);

enum Output {
    Sink,
    Stdout,
    Stderr,
    Writer(Box<dyn Write + Send>),
}

impl OutputStream {
    /// Discard everything (and report it written).
    pub fn sink() -> Self {
        OutputStream(Output::Sink)
    }
    /// The host process's stdout.
    pub fn inherit_stdout() -> Self {
        OutputStream(Output::Stdout)
    }
    /// The host process's stderr.
    pub fn inherit_stderr() -> Self {
        OutputStream(Output::Stderr)
    }
    /// Any writer; it is flushed after each write.
    pub fn writer(w: impl Write + Send + 'static) -> Self {
        OutputStream(Output::Writer(Box::new(w)))
    }

    /// Only the host's stdout or stderr can be a terminal.
    fn is_terminal(&self) -> bool {
        match self.0 {
            Output::Stdout => io::stdout().is_terminal(),
            Output::Stderr => io::stderr().is_terminal(),
            Output::Sink | Output::Writer(_) => false,
        }
    }

    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        fn write_flush(w: &mut dyn Write, buf: &[u8]) -> io::Result<usize> {
            let n = w.write(buf)?;
            w.flush()?;
            Ok(n)
        }
        match &mut self.0 {
            Output::Sink => Ok(buf.len()),
            Output::Stdout => write_flush(&mut io::stdout().lock(), buf),
            Output::Stderr => write_flush(&mut io::stderr().lock(), buf),
            Output::Writer(w) => write_flush(w, buf),
        }
    }
}

impl From<SharedBuffer> for OutputStream {
    fn from(b: SharedBuffer) -> Self {
        OutputStream::writer(b)
    }
}

/// A growable byte buffer shared between the guest's output stream and the
/// embedder, who reads it after (or during) the run. Clones share the bytes.
#[derive(Debug, Clone, Default)]
pub struct SharedBuffer(Arc<Mutex<Vec<u8>>>);

impl SharedBuffer {
    pub fn new() -> Self {
        Self::default()
    }
    /// A copy of everything written so far.
    pub fn contents(&self) -> Vec<u8> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
    /// Takes everything written so far, leaving the buffer empty.
    pub fn take(&self) -> Vec<u8> {
        core::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl Write for SharedBuffer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The three standard streams of a guest.
pub struct StdConsole {
    pub stdin: InputStream,
    pub stdout: OutputStream,
    pub stderr: OutputStream,
}

impl Default for StdConsole {
    /// No input; output discarded. Nothing of the host's is shared.
    fn default() -> Self {
        StdConsole {
            stdin: InputStream::empty(),
            stdout: OutputStream::sink(),
            stderr: OutputStream::sink(),
        }
    }
}

impl Console for StdConsole {
    type Error = ErrorKind;
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        self.stdin.read(buf).map_err(io_err)
    }
    fn write(&mut self, stream: OutStream, buf: &[u8]) -> Result<usize, ErrorKind> {
        match stream {
            OutStream::Stdout => self.stdout.write(buf),
            OutStream::Stderr => self.stderr.write(buf),
        }
        .map_err(io_err)
    }
    fn read_ready(&mut self) -> Readiness {
        self.stdin.readiness()
    }
    fn is_terminal(&mut self, stream: StdStream) -> bool {
        match stream {
            StdStream::Stdin => self.stdin.is_terminal(),
            StdStream::Stdout => self.stdout.is_terminal(),
            StdStream::Stderr => self.stderr.is_terminal(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_then_eof() {
        let mut c = StdConsole {
            stdin: InputStream::bytes("abc"),
            ..StdConsole::default()
        };
        assert_eq!(c.read_ready(), Readiness::Ready(3));
        let mut buf = [0u8; 2];
        assert_eq!(c.read(&mut buf), Ok(2));
        assert_eq!(&buf, b"ab");
        assert_eq!(c.read(&mut buf), Ok(1));
        assert_eq!(c.read_ready(), Readiness::Eof);
        assert_eq!(c.read(&mut buf), Ok(0));
    }

    #[test]
    fn shared_buffer_collects_output() {
        let out = SharedBuffer::new();
        let mut c = StdConsole {
            stderr: out.clone().into(),
            ..StdConsole::default()
        };
        assert_eq!(c.write(OutStream::Stderr, b"err"), Ok(3));
        assert_eq!(c.write(OutStream::Stdout, b"dropped"), Ok(7));
        assert_eq!(out.take(), b"err");
        assert!(out.contents().is_empty());
    }
}
