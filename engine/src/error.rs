//! Errors: small, typed, matchable. One enum per stage under [`Error`].

use crate::trap::Trap;
use alloc::boxed::Box;
use core::fmt;

/// A module was malformed or invalid. Carries wasmparser's description and
/// the byte offset it applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    offset: usize,
    message: Box<str>,
}

impl DecodeError {
    /// Keeps the message on one line: wasmparser spreads some over several.
    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    pub(crate) fn new(offset: usize, message: &str) -> Self {
        let mut one_line = alloc::string::String::with_capacity(message.len());
        for word in message.split_whitespace() {
            if !one_line.is_empty() && !one_line.ends_with('[') && !word.starts_with(']') {
                one_line.push(' ');
            }
            one_line.push_str(word);
        }
        DecodeError {
            offset,
            message: one_line.into(),
        }
    }
    /// Byte offset in the module where the problem was found.
    pub fn offset(&self) -> usize {
        self.offset
    }
    /// What is wrong, as wasmparser describes it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// Why an image was refused: what is wrong and the byte offset in the
/// image it was found at (0 for what concerns the whole image).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageError {
    /// Byte offset in the image.
    pub offset: usize,
    /// What is wrong.
    pub what: &'static str,
}

/// A configured or structural limit that a module or call exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// A function's frame (locals plus operand stack) has too many slots.
    FrameSize,
    /// A module's translated code is too large to index.
    CodeSize,
    /// A memory would exceed `Config::max_memory_pages`.
    MemoryPages,
    /// A table would exceed `Config::max_table_elements`.
    TableElements,
    /// The store holds too many entities to index, or more tables or
    /// memories than `Config::max_tables`/`max_memories` allow.
    StoreEntities,
    /// The memories, tables and exceptions of the store would exceed
    /// `Config::max_store_bytes`.
    StoreBytes,
    /// The host could not allocate memory.
    OutOfMemory,
}

impl LimitKind {
    fn message(self) -> &'static str {
        match self {
            LimitKind::FrameSize => "function frame too large",
            LimitKind::CodeSize => "translated code too large",
            LimitKind::MemoryPages => "memory size exceeds the configured limit",
            LimitKind::TableElements => "table size exceeds the configured limit",
            LimitKind::StoreEntities => "too many entities in the store",
            LimitKind::StoreBytes => {
                "the store's memories and tables would exceed the configured limit"
            }
            LimitKind::OutOfMemory => "out of host memory",
        }
    }
}

/// Why imports could not be resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkErrorKind {
    /// No definition with that module and name.
    UnknownImport,
    /// A definition exists but has the wrong kind or type.
    IncompatibleImportType,
    /// A definition of that name already exists in the linker.
    Duplicate,
}

/// An import could not be resolved. Names the import by its index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkError {
    pub kind: LinkErrorKind,
    /// Index of the import in the module's import section.
    pub import: u32,
}

/// A call from the host was malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallError {
    /// Wrong number of arguments or results.
    ArityMismatch,
    /// An argument has the wrong type.
    TypeMismatch,
    /// The handle does not belong to this store.
    ForeignHandle,
    /// A typed function was requested with the wrong signature.
    SignatureMismatch,
    /// An export with that name does not exist or is not a function.
    NotFound,
    /// A resumable call was resumed after it finished, or the store changed.
    NotResumable,
    /// A global is immutable.
    Immutable,
    /// A module whose types name function types of its engine
    /// (`(ref $t)`) was instantiated in a store of another engine.
    ForeignEngine,
    /// A type given to a constructor is one no module could declare: a
    /// shared memory without a maximum.
    InvalidType,
}

impl CallError {
    fn message(self) -> &'static str {
        match self {
            CallError::ArityMismatch => "wrong number of arguments or results for the function",
            CallError::TypeMismatch => "a value has the wrong type for the function",
            CallError::ForeignHandle => "a handle belongs to another store",
            CallError::SignatureMismatch => "the function does not have the requested signature",
            CallError::NotFound => "no exported function of that name",
            CallError::NotResumable => "the call cannot be resumed",
            CallError::Immutable => "the global is immutable",
            CallError::ForeignEngine => "the module was compiled by another engine",
            CallError::InvalidType => "invalid type (a shared memory needs a maximum)",
        }
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// The error type of every fallible engine operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The module is malformed or invalid.
    Decode(DecodeError),
    /// The module uses a feature Mote does not implement.
    Unsupported { offset: usize, what: &'static str },
    /// A limit was exceeded.
    Limit(LimitKind),
    /// Imports could not be resolved.
    Link(LinkError),
    /// A host call was malformed.
    Call(CallError),
    /// Execution trapped (including during instantiation).
    Trap(Trap),
    /// An image (`Module::from_image`) is corrupt, of another format or
    /// for an engine configured otherwise.
    Image(ImageError),
    /// A wasm exception was thrown and nothing caught it: the exception,
    /// with its tag and payload ([`crate::Exn::tag`], [`crate::Exn::payload`]).
    Exception(crate::exn::Exn),
}

impl Error {
    #[cfg(feature = "wasm")]
    pub(crate) fn decode(e: &wasmparser::BinaryReaderError) -> Self {
        Error::Decode(DecodeError::new(e.offset() as usize, e.message()))
    }
    pub(crate) fn unsupported(offset: usize, what: &'static str) -> Self {
        Error::Unsupported { offset, what }
    }
    #[cfg_attr(not(feature = "image"), allow(dead_code))]
    pub(crate) fn image(offset: usize, what: &'static str) -> Self {
        Error::Image(ImageError { offset, what })
    }
    pub(crate) fn limit(kind: LimitKind) -> Self {
        Error::Limit(kind)
    }
    /// An inconsistency the validator should have excluded; never a panic.
    pub(crate) fn internal() -> Self {
        Error::Unsupported {
            offset: 0,
            what: "internal translator state",
        }
    }
    /// The trap, if this error is one. An uncaught exception is the trap
    /// that throws it on ([`crate::Exn::into_trap`]): a host function that
    /// returns it passes the exception to the wasm that called it.
    pub fn as_trap(&self) -> Option<Trap> {
        match self {
            Error::Trap(t) => Some(*t),
            Error::Exception(e) => Some(e.into_trap()),
            _ => None,
        }
    }
}

impl From<Trap> for Error {
    fn from(t: Trap) -> Self {
        Error::Trap(t)
    }
}

impl From<crate::trap::TrapCode> for Error {
    fn from(t: crate::trap::TrapCode) -> Self {
        Error::Trap(Trap::new(t))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Decode(e) => {
                write!(f, "invalid module at offset {:#x}: {}", e.offset, e.message)
            }
            Error::Unsupported { offset, what } => {
                write!(f, "unsupported at offset {offset:#x}: {what}")
            }
            Error::Limit(k) => f.write_str(k.message()),
            Error::Link(e) => {
                let what = match e.kind {
                    LinkErrorKind::UnknownImport => "unknown import",
                    LinkErrorKind::IncompatibleImportType => "incompatible import type",
                    LinkErrorKind::Duplicate => "duplicate definition",
                };
                write!(f, "{what} (import #{})", e.import)
            }
            Error::Call(e) => f.write_str(e.message()),
            Error::Trap(t) => write!(f, "trap: {t}"),
            Error::Image(e) => write!(f, "invalid image at offset {:#x}: {}", e.offset, e.what),
            Error::Exception(_) => f.write_str("uncaught exception"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    #[test]
    fn error_is_small() {
        assert!(core::mem::size_of::<super::Error>() <= 32);
    }
}
