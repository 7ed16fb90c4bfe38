//! Traps: the ways a WebAssembly execution can stop abnormally.
//!
//! A trap is control flow, not an error: the executor returns a [`TrapCode`]
//! and the embedding API wraps it in a [`Trap`].

use core::fmt;

/// Why an execution trapped. Values start at 1 so `Option<TrapCode>` is one byte.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrapCode {
    /// `unreachable` was executed.
    Unreachable = 1,
    /// A load, store or bulk memory operation left linear memory.
    MemoryOutOfBounds,
    /// A table access or bulk table operation left the table.
    TableOutOfBounds,
    /// `call_indirect` used an index outside the table.
    UndefinedElement,
    /// `call_indirect` hit a null table entry.
    IndirectCallToNull,
    /// `call_indirect` found a function of another type.
    BadSignature,
    /// Signed division overflow, or a float-to-int conversion out of range.
    IntegerOverflow,
    /// Integer division or remainder by zero.
    IntegerDivisionByZero,
    /// A float-to-int conversion of NaN.
    BadConversionToInteger,
    /// The call depth or value stack limit was reached.
    StackOverflow,
    /// The fuel granted to the store ran out.
    OutOfFuel,
    /// A host function reported a trap; see [`Trap::host_code`].
    Host,
    /// The guest asked to exit the process (WASI `proc_exit`); see [`Trap::exit_code`].
    Exit,
    /// `throw_ref` of a null `exnref`.
    NullExceptionReference,
    /// A wasm exception left the function the host called, or a host
    /// function threw one ([`crate::Exn::into_trap`]); a call from the host
    /// returns it as [`crate::Error::Exception`].
    UncaughtException,
    /// An allocation the guest asked for (an exception made by `throw`)
    /// would exceed the store's `Config::max_store_bytes`.
    OutOfMemory,
    /// `call_ref` or `return_call_ref` of a null function reference.
    NullFunctionReference,
    /// `ref.as_non_null` of a null reference.
    NullReference,
    /// An atomic access whose effective address is not a multiple of its
    /// size (the threads proposal).
    UnalignedAtomic,
    /// `memory.atomic.wait32`/`wait64` on a memory that is not shared.
    ExpectedSharedMemory,
    /// `memory.atomic.wait32`/`wait64` with an infinite timeout on a value
    /// that matches: with Mote's one thread nothing could ever notify the
    /// waiter, which would block the host's thread forever.
    AtomicWaitDeadlock,
}

impl TrapCode {
    /// The message the WebAssembly specification's test suite uses.
    pub fn message(self) -> &'static str {
        match self {
            TrapCode::Unreachable => "unreachable",
            TrapCode::MemoryOutOfBounds => "out of bounds memory access",
            TrapCode::TableOutOfBounds => "out of bounds table access",
            TrapCode::UndefinedElement => "undefined element",
            TrapCode::IndirectCallToNull => "uninitialized element",
            TrapCode::BadSignature => "indirect call type mismatch",
            TrapCode::IntegerOverflow => "integer overflow",
            TrapCode::IntegerDivisionByZero => "integer divide by zero",
            TrapCode::BadConversionToInteger => "invalid conversion to integer",
            TrapCode::StackOverflow => "call stack exhausted",
            TrapCode::OutOfFuel => "all fuel consumed",
            TrapCode::Host => "host trap",
            TrapCode::Exit => "exit",
            TrapCode::NullExceptionReference => "null exception reference",
            TrapCode::UncaughtException => "uncaught exception",
            TrapCode::OutOfMemory => "out of memory",
            TrapCode::NullFunctionReference => "null function reference",
            TrapCode::NullReference => "null reference",
            TrapCode::UnalignedAtomic => "unaligned atomic",
            TrapCode::ExpectedSharedMemory => "expected shared memory",
            TrapCode::AtomicWaitDeadlock => {
                "atomic wait would block forever: no other thread can notify"
            }
        }
    }
}

impl fmt::Display for TrapCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// A trap together with the value a host attached to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trap {
    code: TrapCode,
    value: i32,
}

impl Trap {
    /// A trap with the given code.
    pub const fn new(code: TrapCode) -> Self {
        Trap { code, value: 0 }
    }

    /// A trap raised by a host function, carrying a host-defined code.
    pub const fn host(code: i32) -> Self {
        Trap {
            code: TrapCode::Host,
            value: code,
        }
    }

    /// A request to end the program with an exit status (WASI `proc_exit`).
    pub const fn exit(status: i32) -> Self {
        Trap {
            code: TrapCode::Exit,
            value: status,
        }
    }

    /// The trap of an exception, store index `exn`, thrown through a host
    /// function.
    pub(crate) const fn exception(exn: u32) -> Self {
        Trap {
            code: TrapCode::UncaughtException,
            value: exn.wrapping_add(1) as i32,
        }
    }

    /// The store index of the exception, for [`TrapCode::UncaughtException`]
    /// made by [`Trap::exception`].
    pub(crate) fn exception_index(&self) -> Option<u32> {
        if self.code != TrapCode::UncaughtException {
            return None;
        }
        (self.value as u32).checked_sub(1)
    }

    /// The trap's code.
    pub const fn code(&self) -> TrapCode {
        self.code
    }

    /// The host-defined code, for [`TrapCode::Host`].
    pub fn host_code(&self) -> Option<i32> {
        (self.code == TrapCode::Host).then_some(self.value)
    }

    /// The exit status, for [`TrapCode::Exit`].
    pub fn exit_code(&self) -> Option<i32> {
        (self.code == TrapCode::Exit).then_some(self.value)
    }
}

impl From<TrapCode> for Trap {
    fn from(code: TrapCode) -> Self {
        Trap::new(code)
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code {
            TrapCode::Host => write!(f, "host trap (code {})", self.value),
            TrapCode::Exit => write!(f, "exit with status {}", self.value),
            code => f.write_str(code.message()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(core::mem::size_of::<TrapCode>(), 1);
        assert_eq!(core::mem::size_of::<Option<TrapCode>>(), 1);
        assert_eq!(core::mem::size_of::<Trap>(), 8);
    }
}
