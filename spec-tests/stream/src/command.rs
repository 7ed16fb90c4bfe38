//! The commands of a stream, as the encoder takes them and the decoder
//! returns them. Byte strings are [`Cow`]s: the decoder borrows them from
//! the stream, the host-side converter owns them.

use alloc::borrow::Cow;
use alloc::vec::Vec;
use core::fmt;

use mote::TrapCode;

/// The tag byte of each command. [`REPLAY`] is or-ed into it for a command
/// that only rebuilds state at the start of a chunk.
pub(crate) mod tag {
    pub const END: u8 = 0x00;
    pub const MODULE: u8 = 0x01;
    pub const MODULE_DEFINITION: u8 = 0x02;
    pub const MODULE_INSTANCE: u8 = 0x03;
    pub const REGISTER: u8 = 0x04;
    pub const INVOKE: u8 = 0x05;
    pub const ASSERT_RETURN: u8 = 0x06;
    pub const ASSERT_TRAP: u8 = 0x07;
    pub const ASSERT_EXHAUSTION: u8 = 0x08;
    pub const ASSERT_INVALID: u8 = 0x09;
    pub const ASSERT_MALFORMED: u8 = 0x0a;
    pub const ASSERT_UNLINKABLE: u8 = 0x0b;
    pub const HOST_PASSED: u8 = 0x0c;
    pub const HOST_FAILED: u8 = 0x0d;
    pub const RESET: u8 = 0x0e;
    pub const ASSERT_EXCEPTION: u8 = 0x0f;
    pub const REPLAY: u8 = 0x80;

    /// Sub-tags of an action.
    pub const ACTION_INVOKE: u8 = 0;
    pub const ACTION_GET: u8 = 1;
    pub const ACTION_INSTANTIATE: u8 = 2;
}

/// Which instance an action or `register` applies to: `None` is the current
/// one (the most recently instantiated module), `Some(slot)` a named one.
pub type Target = Option<u32>;

/// A value passed to an invoked function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    I32(i32),
    I64(i64),
    /// An `f32` by its bits.
    F32(u32),
    /// An `f64` by its bits.
    F64(u64),
    NullFuncRef,
    NullExternRef,
    /// `ref.extern N`.
    ExternRef(u32),
    /// A `v128`, lane 0 in the low bits.
    V128(u128),
}

/// What one result of an action must be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    I32(i32),
    I64(i64),
    /// Exactly these `f32` bits.
    F32(u32),
    /// Exactly these `f64` bits.
    F64(u64),
    F32CanonicalNan,
    F32ArithmeticNan,
    F64CanonicalNan,
    F64ArithmeticNan,
    NullFuncRef,
    NullExternRef,
    /// `ref.null` without a type: a null of either reference type.
    NullRef,
    /// `ref.func`: any non-null function reference.
    FuncRef,
    /// `ref.extern`: any non-null extern reference.
    AnyExternRef,
    /// `ref.extern N`.
    ExternRef(u32),
    /// Any of these (never nested).
    Either(Vec<Expected>),
    /// Exactly these `v128` bits (an integer shape, or float lanes that
    /// are all values).
    V128(u128),
    /// A `v128` as four `f32` lanes, lane 0 first, each an [`Expected::F32`]
    /// or an `f32` NaN pattern.
    F32x4(Vec<Expected>),
    /// A `v128` as two `f64` lanes, each an [`Expected::F64`] or an `f64`
    /// NaN pattern.
    F64x2(Vec<Expected>),
}

/// What an action does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action<'a> {
    /// Call an exported function.
    Invoke {
        instance: Target,
        name: Cow<'a, str>,
        args: Vec<Arg>,
    },
    /// Read an exported global.
    Get {
        instance: Target,
        name: Cow<'a, str>,
    },
    /// Compile and instantiate a module that is not kept (a module-level
    /// `assert_trap` or `assert_return`).
    Instantiate(Cow<'a, [u8]>),
}

/// One directive of a `.wast` script, or a command of the stream itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command<'a> {
    /// `module`: compile and instantiate; it becomes the current instance,
    /// and instance `slot` if the script named it.
    Module {
        slot: Option<u32>,
        wasm: Cow<'a, [u8]>,
    },
    /// `module definition`: compile only, keep it as definition `slot` (if
    /// named) and as the last definition.
    ModuleDefinition {
        slot: Option<u32>,
        wasm: Cow<'a, [u8]>,
    },
    /// `module instance`: instantiate definition `definition` (`None`: the
    /// last one) as instance `slot`.
    ModuleInstance {
        definition: Option<u32>,
        slot: Option<u32>,
    },
    /// `register`: make an instance's exports importable under `name`.
    Register {
        name: Cow<'a, str>,
        instance: Target,
    },
    /// `invoke`: the action must not trap.
    Invoke(Action<'a>),
    /// `assert_return`: the action must return these results.
    AssertReturn(Action<'a>, Vec<Expected>),
    /// `assert_trap`: the action (a call, or an instantiation) must trap with this code.
    AssertTrap(Action<'a>, TrapCode),
    /// `assert_exhaustion`: the action must trap with this code (stack overflow).
    AssertExhaustion(Action<'a>, TrapCode),
    /// `assert_exception`: the call must end with a wasm exception nothing
    /// caught (`Error::Exception`).
    AssertException(Action<'a>),
    /// `assert_invalid`: `Module::new` must fail with `Error::Decode`.
    AssertInvalid(Cow<'a, [u8]>),
    /// `assert_malformed`: `Module::new` must fail with `Error::Decode`.
    AssertMalformed(Cow<'a, [u8]>),
    /// `assert_unlinkable`: the module must compile and fail to link.
    AssertUnlinkable(Cow<'a, [u8]>),
    /// This many directives were decided on the host and passed there
    /// (text modules the `wast` parser already rejects).
    HostPassed(u32),
    /// One directive the host could not convert; it counts as failed.
    HostFailed(Cow<'a, str>),
    /// Drop all state (store, linker, instances, definitions) and start
    /// afresh: nothing after this point needs anything before it.
    Reset,
}

impl Command<'_> {
    /// How many directives of the script this command stands for.
    pub fn directives(&self) -> u32 {
        match self {
            Command::HostPassed(n) => *n,
            Command::Reset => 0,
            _ => 1,
        }
    }

    /// What kind of directive this is, for reports.
    pub fn kind(&self) -> Kind {
        match self {
            Command::Module { .. } => Kind::Module,
            Command::ModuleDefinition { .. } => Kind::ModuleDefinition,
            Command::ModuleInstance { .. } => Kind::ModuleInstance,
            Command::Register { .. } => Kind::Register,
            Command::Invoke(_) => Kind::Invoke,
            Command::AssertReturn(..) => Kind::AssertReturn,
            Command::AssertTrap(Action::Instantiate(_), _) => Kind::AssertTrapModule,
            Command::AssertTrap(..) => Kind::AssertTrap,
            Command::AssertExhaustion(..) => Kind::AssertExhaustion,
            Command::AssertException(_) => Kind::AssertException,
            Command::AssertInvalid(_) => Kind::AssertInvalid,
            Command::AssertMalformed(_) => Kind::AssertMalformed,
            Command::AssertUnlinkable(_) => Kind::AssertUnlinkable,
            Command::HostPassed(_) | Command::HostFailed(_) => Kind::Host,
            Command::Reset => Kind::Reset,
        }
    }
}

/// A command with its place in the script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame<'a> {
    /// Set on commands that only rebuild the state an earlier chunk of the
    /// same file set up: they run, but are neither counted nor reported.
    pub replay: bool,
    /// 1-based line of the directive in its `.wast` file.
    pub line: u32,
    pub command: Command<'a>,
}

/// The kind of a directive, named as in `.wast` scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Module,
    ModuleDefinition,
    ModuleInstance,
    Register,
    Invoke,
    AssertReturn,
    AssertTrap,
    AssertTrapModule,
    AssertExhaustion,
    AssertException,
    AssertInvalid,
    AssertMalformed,
    AssertUnlinkable,
    /// A directive decided on the host.
    Host,
    Reset,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Module => "module",
            Kind::ModuleDefinition => "module definition",
            Kind::ModuleInstance => "module instance",
            Kind::Register => "register",
            Kind::Invoke => "invoke",
            Kind::AssertReturn => "assert_return",
            Kind::AssertTrap => "assert_trap",
            Kind::AssertTrapModule => "assert_trap (module)",
            Kind::AssertExhaustion => "assert_exhaustion",
            Kind::AssertException => "assert_exception",
            Kind::AssertInvalid => "assert_invalid",
            Kind::AssertMalformed => "assert_malformed",
            Kind::AssertUnlinkable => "assert_unlinkable",
            Kind::Host => "directive",
            Kind::Reset => "reset",
        })
    }
}

/// Every trap code, by its `#[repr(u8)]` value: how a stream names a trap.
pub fn trap_code(value: u8) -> Option<TrapCode> {
    TRAP_CODES.iter().copied().find(|&code| code as u8 == value)
}

/// All trap codes a stream can name.
pub const TRAP_CODES: [TrapCode; 21] = [
    TrapCode::Unreachable,
    TrapCode::MemoryOutOfBounds,
    TrapCode::TableOutOfBounds,
    TrapCode::UndefinedElement,
    TrapCode::IndirectCallToNull,
    TrapCode::BadSignature,
    TrapCode::IntegerOverflow,
    TrapCode::IntegerDivisionByZero,
    TrapCode::BadConversionToInteger,
    TrapCode::StackOverflow,
    TrapCode::OutOfFuel,
    TrapCode::Host,
    TrapCode::Exit,
    TrapCode::NullExceptionReference,
    TrapCode::UncaughtException,
    TrapCode::OutOfMemory,
    TrapCode::NullFunctionReference,
    TrapCode::NullReference,
    TrapCode::UnalignedAtomic,
    TrapCode::ExpectedSharedMemory,
    TrapCode::AtomicWaitDeadlock,
];

/// The header of a stream: which file (and which piece of it) it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header<'a> {
    /// `set/file`, e.g. `wasm-v2/i32.wast`.
    pub file: Cow<'a, str>,
    /// 0-based index of this chunk, and how many chunks the file has.
    pub chunk: u32,
    pub chunks: u32,
    /// Directives this stream counts (replayed commands excluded).
    pub directives: u32,
    /// Number of named-instance and module-definition slots it uses.
    pub instance_slots: u32,
    pub definition_slots: u32,
}

impl Header<'_> {
    /// A name for this stream in reports: `set/file`, or `set/file#2/3` for
    /// the second of three chunks.
    pub fn name(&self) -> StreamName<'_> {
        StreamName(self)
    }
}

/// See [`Header::name`].
pub struct StreamName<'h>(&'h Header<'h>);

impl fmt::Display for StreamName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = self.0;
        if h.chunks > 1 {
            write!(f, "{}#{}/{}", h.file, h.chunk.saturating_add(1), h.chunks)
        } else {
            f.write_str(&h.file)
        }
    }
}
