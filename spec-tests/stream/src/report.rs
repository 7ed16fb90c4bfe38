//! What a run reports: events as directives run, why one failed, and totals.

use alloc::borrow::Cow;
use core::fmt;

use mote::{Error, TrapCode, Val};

use crate::command::{Expected, Header, Kind};

/// What happened while running a stream.
#[derive(Debug)]
pub enum Event<'a> {
    /// The stream's header was read; its commands run next.
    Start(&'a Header<'a>),
    /// `count` directives starting at `line` passed (usually one).
    Passed { line: u32, count: u32 },
    /// One directive failed.
    Fail(Failure<'a>),
}

/// A failed directive.
#[derive(Debug)]
pub struct Failure<'a> {
    /// `set/file` of the `.wast` script.
    pub file: &'a str,
    pub line: u32,
    pub kind: Kind,
    pub reason: Reason<'a>,
}

impl fmt::Display for Failure<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.kind, self.reason
        )
    }
}

/// Why a directive failed.
#[derive(Debug)]
pub enum Reason<'a> {
    /// A module that had to compile did not.
    Compile(Error),
    /// A module that had to instantiate did not.
    Instantiate(Error),
    /// There is no current instance, or none by that name (it failed earlier).
    NoInstance,
    /// There is no module definition by that name.
    NoDefinition,
    /// `register` failed.
    Register(Error),
    /// The instance exports no function (for `invoke`) or global (for `get`) by that name.
    NoExport(Cow<'a, str>),
    /// The action should have succeeded, but returned this error.
    Error(Error),
    /// The action returned `actual` results instead of `expected`.
    ResultCount { expected: usize, actual: usize },
    /// Result `index` is `actual`, which does not match.
    Result {
        index: usize,
        expected: Expected,
        actual: Val,
    },
    /// The action should have trapped with `expected`, but succeeded.
    NoTrap { expected: TrapCode },
    /// The action should have trapped with `expected`, but failed otherwise.
    WrongTrap { expected: TrapCode, actual: Error },
    /// The action should have ended with an uncaught exception, but succeeded.
    NoException,
    /// The action should have ended with an uncaught exception, but failed otherwise.
    NotException(Error),
    /// A module that should be rejected compiled.
    Accepted,
    /// A module that should be malformed or invalid was rejected for another
    /// reason (`Error::Decode` is what counts).
    RejectedOther(Error),
    /// A module that should fail to link was instantiated.
    Linked,
    /// A module that should fail to link failed otherwise.
    NotLinkError(Error),
    /// The host could not convert the directive.
    Host(Cow<'a, str>),
}

impl fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Compile(e) => write!(f, "compilation failed: {e}"),
            Reason::Instantiate(e) => write!(f, "instantiation failed: {e}"),
            Reason::NoInstance => f.write_str("no such module instance"),
            Reason::NoDefinition => f.write_str("no such module definition"),
            Reason::Register(e) => write!(f, "registering failed: {e}"),
            Reason::NoExport(name) => write!(f, "no export \"{name}\" of the right kind"),
            Reason::Error(e) => write!(f, "expected success, got error \"{e}\""),
            Reason::ResultCount { expected, actual } => {
                write!(f, "expected {expected} results, got {actual}")
            }
            Reason::Result {
                index,
                expected,
                actual,
            } => write!(
                f,
                "result {index} is {}, expected {}",
                ShowVal(actual),
                ShowExpected(expected)
            ),
            Reason::NoTrap { expected } => write!(f, "expected trap \"{expected}\", got none"),
            Reason::WrongTrap { expected, actual } => {
                write!(f, "expected trap \"{expected}\", got \"{actual}\"")
            }
            Reason::NoException => f.write_str("expected an uncaught exception, got none"),
            Reason::NotException(e) => {
                write!(f, "expected an uncaught exception, got \"{e}\"")
            }
            Reason::Accepted => f.write_str("expected the module to be rejected, it compiled"),
            Reason::RejectedOther(e) => write!(f, "rejected for another reason: \"{e}\""),
            Reason::Linked => f.write_str("expected a link error, instantiation succeeded"),
            Reason::NotLinkError(e) => write!(f, "expected a link error, got \"{e}\""),
            Reason::Host(reason) => write!(f, "failed on the host: {reason}"),
        }
    }
}

/// Counts of directives.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub directives: u32,
    pub passed: u32,
    pub failed: u32,
}

impl Totals {
    pub fn add(&mut self, other: Totals) {
        self.directives = self.directives.saturating_add(other.directives);
        self.passed = self.passed.saturating_add(other.passed);
        self.failed = self.failed.saturating_add(other.failed);
    }
}

/// A value as `i32:-1`, `f32:0x7fc00000`, `ref.null func`, ...
pub(crate) struct ShowVal<'v>(pub &'v Val);

impl fmt::Display for ShowVal<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Val::I32(v) => write!(f, "i32:{v}"),
            Val::I64(v) => write!(f, "i64:{v}"),
            Val::F32(bits) => write!(f, "f32:{bits:#010x}"),
            Val::F64(bits) => write!(f, "f64:{bits:#018x}"),
            Val::V128(bits) => write!(f, "v128:{bits:#034x}"),
            Val::FuncRef(None) => f.write_str("ref.null func"),
            Val::FuncRef(Some(_)) => f.write_str("ref.func"),
            Val::ExternRef(None) => f.write_str("ref.null extern"),
            Val::ExternRef(Some(r)) => write!(f, "ref.extern {}", r.get()),
            Val::ExnRef(None) => f.write_str("ref.null exn"),
            Val::ExnRef(Some(_)) => f.write_str("ref.exn"),
        }
    }
}

struct ShowExpected<'e>(&'e Expected);

impl fmt::Display for ShowExpected<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Expected::I32(v) => write!(f, "i32:{v}"),
            Expected::I64(v) => write!(f, "i64:{v}"),
            Expected::F32(bits) => write!(f, "f32:{bits:#010x}"),
            Expected::F64(bits) => write!(f, "f64:{bits:#018x}"),
            Expected::F32CanonicalNan => f.write_str("f32:nan:canonical"),
            Expected::F32ArithmeticNan => f.write_str("f32:nan:arithmetic"),
            Expected::F64CanonicalNan => f.write_str("f64:nan:canonical"),
            Expected::F64ArithmeticNan => f.write_str("f64:nan:arithmetic"),
            Expected::NullFuncRef => f.write_str("ref.null func"),
            Expected::NullExternRef => f.write_str("ref.null extern"),
            Expected::NullRef => f.write_str("ref.null"),
            Expected::FuncRef => f.write_str("ref.func"),
            Expected::AnyExternRef => f.write_str("ref.extern"),
            Expected::ExternRef(n) => write!(f, "ref.extern {n}"),
            Expected::Either(options) => {
                f.write_str("either(")?;
                for (i, option) in options.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}", ShowExpected(option))?;
                }
                f.write_str(")")
            }
            Expected::V128(bits) => write!(f, "v128:{bits:#034x}"),
            Expected::F32x4(lanes) | Expected::F64x2(lanes) => {
                let shape = if matches!(self.0, Expected::F32x4(_)) {
                    "f32x4"
                } else {
                    "f64x2"
                };
                write!(f, "v128:{shape}(")?;
                for (i, lane) in lanes.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}", ShowExpected(lane))?;
                }
                f.write_str(")")
            }
        }
    }
}
