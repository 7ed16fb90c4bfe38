//! The error of a stream that cannot be read or run.

use core::fmt;

/// A stream could not be decoded (or its runner could not start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamError {
    /// Byte offset in the stream where the problem was found.
    pub offset: usize,
    pub kind: StreamErrorKind,
}

/// What is wrong with a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamErrorKind {
    /// It does not start with the magic bytes `MSPS`.
    BadMagic,
    /// It has a format version this runner does not read.
    Version(u8),
    /// It ends in the middle of something.
    Truncated,
    /// An unknown command, action, value or trap tag.
    BadTag(u8),
    /// A LEB128 number is too long or too large.
    BadNumber,
    /// A string is not UTF-8.
    BadUtf8,
    /// A reference to an interned name that was never defined.
    BadName,
    /// A slot beyond those the header declares, or more than [`MAX_SLOTS`](crate::MAX_SLOTS).
    BadSlot,
    /// An `either` inside an `either`.
    NestedEither,
    /// Bytes after the end command.
    TrailingBytes,
    /// The commands count a different number of directives than the header.
    CountMismatch { header: u32, counted: u32 },
    /// The `spectest` module could not be defined.
    Spectest(mote::Error),
}

impl StreamError {
    pub(crate) fn new(offset: usize, kind: StreamErrorKind) -> Self {
        StreamError { offset, kind }
    }
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad stream at byte {}: ", self.offset)?;
        match &self.kind {
            StreamErrorKind::BadMagic => f.write_str("not a spec stream (bad magic)"),
            StreamErrorKind::Version(v) => write!(f, "unsupported format version {v}"),
            StreamErrorKind::Truncated => f.write_str("truncated"),
            StreamErrorKind::BadTag(t) => write!(f, "unknown tag {t:#04x}"),
            StreamErrorKind::BadNumber => f.write_str("malformed LEB128 number"),
            StreamErrorKind::BadUtf8 => f.write_str("string is not UTF-8"),
            StreamErrorKind::BadName => f.write_str("reference to an undefined name"),
            StreamErrorKind::BadSlot => f.write_str("slot out of range"),
            StreamErrorKind::NestedEither => f.write_str("nested either"),
            StreamErrorKind::TrailingBytes => f.write_str("bytes after the end"),
            StreamErrorKind::CountMismatch { header, counted } => write!(
                f,
                "header announces {header} directives, the commands count {counted}"
            ),
            StreamErrorKind::Spectest(e) => write!(f, "cannot define the spectest module: {e}"),
        }
    }
}
