//! Which WebAssembly proposals a module uses, for tools like `mote inspect`.

use core::fmt;

/// A set of proposals beyond the 1.0 MVP that a module uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Features(u16);

impl Features {
    pub const MUTABLE_GLOBAL: Features = Features(1 << 0);
    pub const SIGN_EXTENSION: Features = Features(1 << 1);
    pub const SATURATING_FLOAT_TO_INT: Features = Features(1 << 2);
    pub const MULTI_VALUE: Features = Features(1 << 3);
    pub const BULK_MEMORY: Features = Features(1 << 4);
    pub const REFERENCE_TYPES: Features = Features(1 << 5);
    pub const TAIL_CALL: Features = Features(1 << 6);
    pub const EXTENDED_CONST: Features = Features(1 << 7);
    pub const CUSTOM_PAGE_SIZES: Features = Features(1 << 8);
    /// Exception handling: tags, `exnref`, `try_table`, `throw`, `throw_ref`.
    pub const EXCEPTIONS: Features = Features(1 << 9);
    /// The legacy exception-handling instructions: `try`, `catch`,
    /// `catch_all`, `delegate`, `rethrow`.
    pub const LEGACY_EXCEPTIONS: Features = Features(1 << 10);
    /// Typed function references: non-nullable and concrete reference
    /// types, `call_ref`, `return_call_ref`, `ref.as_non_null`,
    /// `br_on_null`, `br_on_non_null`.
    pub const FUNCTION_REFERENCES: Features = Features(1 << 11);
    /// The threads proposal: shared memories and the atomic instructions.
    pub const THREADS: Features = Features(1 << 12);
    /// Multiple memories: more than one memory (imported or defined), and
    /// memory instructions and data segments naming one.
    pub const MULTI_MEMORY: Features = Features(1 << 13);
    /// 64-bit memories and tables (memory64), addressed by i64s.
    pub const MEMORY64: Features = Features(1 << 14);

    const NAMES: [(Features, &'static str); 15] = [
        (Self::MUTABLE_GLOBAL, "mutable-global"),
        (Self::SIGN_EXTENSION, "sign-extension"),
        (Self::SATURATING_FLOAT_TO_INT, "nontrapping-float-to-int"),
        (Self::MULTI_VALUE, "multi-value"),
        (Self::BULK_MEMORY, "bulk-memory"),
        (Self::REFERENCE_TYPES, "reference-types"),
        (Self::TAIL_CALL, "tail-call"),
        (Self::EXTENDED_CONST, "extended-const"),
        (Self::CUSTOM_PAGE_SIZES, "custom-page-sizes"),
        (Self::EXCEPTIONS, "exception-handling"),
        (Self::LEGACY_EXCEPTIONS, "legacy-exception-handling"),
        (Self::FUNCTION_REFERENCES, "function-references"),
        (Self::THREADS, "threads"),
        (Self::MULTI_MEMORY, "multi-memory"),
        (Self::MEMORY64, "memory64"),
    ];

    /// Whether every feature of `other` is in `self`.
    pub fn contains(self, other: Features) -> bool {
        self.0 & other.0 == other.0
    }

    /// The set as bits (how an image stores it).
    #[cfg_attr(not(feature = "image"), allow(dead_code))]
    pub(crate) fn bits(self) -> u16 {
        self.0
    }

    /// The set of `bits`, if every one is a known feature.
    #[cfg_attr(not(feature = "image"), allow(dead_code))]
    pub(crate) fn from_bits(bits: u32) -> Option<Features> {
        let all = Self::NAMES
            .iter()
            .fold(0u32, |a, (f, _)| a | u32::from(f.0));
        (bits & !all == 0).then_some(Features(bits as u16))
    }

    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    pub(crate) fn insert(&mut self, other: Features) {
        self.0 |= other.0;
    }

    /// The names of the features in the set, in a fixed order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Self::NAMES
            .into_iter()
            .filter(move |(f, _)| self.contains(*f))
            .map(|(_, n)| n)
    }

    /// The feature an operator belongs to, if it is not MVP.
    #[cfg(feature = "wasm")]
    pub(crate) fn of_operator(op: &wasmparser::Operator<'_>) -> Option<Features> {
        use wasmparser::Operator as O;
        Some(match op {
            O::I32Extend8S
            | O::I32Extend16S
            | O::I64Extend8S
            | O::I64Extend16S
            | O::I64Extend32S => Self::SIGN_EXTENSION,
            O::I32TruncSatF32S
            | O::I32TruncSatF32U
            | O::I32TruncSatF64S
            | O::I32TruncSatF64U
            | O::I64TruncSatF32S
            | O::I64TruncSatF32U
            | O::I64TruncSatF64S
            | O::I64TruncSatF64U => Self::SATURATING_FLOAT_TO_INT,
            O::MemoryCopy { .. }
            | O::MemoryFill { .. }
            | O::MemoryInit { .. }
            | O::DataDrop { .. }
            | O::TableCopy { .. }
            | O::TableInit { .. }
            | O::ElemDrop { .. } => Self::BULK_MEMORY,
            O::RefNull {
                hty: wasmparser::HeapType::Concrete(_),
            }
            | O::CallRef { .. }
            | O::ReturnCallRef { .. }
            | O::RefAsNonNull
            | O::BrOnNull { .. }
            | O::BrOnNonNull { .. } => Self::FUNCTION_REFERENCES,
            O::RefNull { .. }
            | O::RefIsNull
            | O::RefFunc { .. }
            | O::TypedSelect { .. }
            | O::TableGet { .. }
            | O::TableSet { .. }
            | O::TableSize { .. }
            | O::TableGrow { .. }
            | O::TableFill { .. } => Self::REFERENCE_TYPES,
            O::ReturnCall { .. } | O::ReturnCallIndirect { .. } => Self::TAIL_CALL,
            O::TryTable { .. } | O::Throw { .. } | O::ThrowRef => Self::EXCEPTIONS,
            O::Try { .. }
            | O::Catch { .. }
            | O::CatchAll
            | O::Delegate { .. }
            | O::Rethrow { .. } => Self::LEGACY_EXCEPTIONS,
            // Every atomic instruction (0xFE prefix), `atomic.fence` too.
            _ if is_atomic(op) => Self::THREADS,
            _ => return None,
        })
    }
}

/// Whether `op` is one of the threads proposal's atomic instructions (the
/// 0xFE prefix).
#[cfg(feature = "wasm")]
fn is_atomic(op: &wasmparser::Operator<'_>) -> bool {
    use wasmparser::Operator as O;
    matches!(
        op,
        O::MemoryAtomicNotify { .. }
            | O::MemoryAtomicWait32 { .. }
            | O::MemoryAtomicWait64 { .. }
            | O::AtomicFence { .. }
            | O::I32AtomicLoad { .. }
            | O::I64AtomicLoad { .. }
            | O::I32AtomicLoad8U { .. }
            | O::I32AtomicLoad16U { .. }
            | O::I64AtomicLoad8U { .. }
            | O::I64AtomicLoad16U { .. }
            | O::I64AtomicLoad32U { .. }
            | O::I32AtomicStore { .. }
            | O::I64AtomicStore { .. }
            | O::I32AtomicStore8 { .. }
            | O::I32AtomicStore16 { .. }
            | O::I64AtomicStore8 { .. }
            | O::I64AtomicStore16 { .. }
            | O::I64AtomicStore32 { .. }
            | O::I32AtomicRmwAdd { .. }
            | O::I64AtomicRmwAdd { .. }
            | O::I32AtomicRmw8AddU { .. }
            | O::I32AtomicRmw16AddU { .. }
            | O::I64AtomicRmw8AddU { .. }
            | O::I64AtomicRmw16AddU { .. }
            | O::I64AtomicRmw32AddU { .. }
            | O::I32AtomicRmwSub { .. }
            | O::I64AtomicRmwSub { .. }
            | O::I32AtomicRmw8SubU { .. }
            | O::I32AtomicRmw16SubU { .. }
            | O::I64AtomicRmw8SubU { .. }
            | O::I64AtomicRmw16SubU { .. }
            | O::I64AtomicRmw32SubU { .. }
            | O::I32AtomicRmwAnd { .. }
            | O::I64AtomicRmwAnd { .. }
            | O::I32AtomicRmw8AndU { .. }
            | O::I32AtomicRmw16AndU { .. }
            | O::I64AtomicRmw8AndU { .. }
            | O::I64AtomicRmw16AndU { .. }
            | O::I64AtomicRmw32AndU { .. }
            | O::I32AtomicRmwOr { .. }
            | O::I64AtomicRmwOr { .. }
            | O::I32AtomicRmw8OrU { .. }
            | O::I32AtomicRmw16OrU { .. }
            | O::I64AtomicRmw8OrU { .. }
            | O::I64AtomicRmw16OrU { .. }
            | O::I64AtomicRmw32OrU { .. }
            | O::I32AtomicRmwXor { .. }
            | O::I64AtomicRmwXor { .. }
            | O::I32AtomicRmw8XorU { .. }
            | O::I32AtomicRmw16XorU { .. }
            | O::I64AtomicRmw8XorU { .. }
            | O::I64AtomicRmw16XorU { .. }
            | O::I64AtomicRmw32XorU { .. }
            | O::I32AtomicRmwXchg { .. }
            | O::I64AtomicRmwXchg { .. }
            | O::I32AtomicRmw8XchgU { .. }
            | O::I32AtomicRmw16XchgU { .. }
            | O::I64AtomicRmw8XchgU { .. }
            | O::I64AtomicRmw16XchgU { .. }
            | O::I64AtomicRmw32XchgU { .. }
            | O::I32AtomicRmwCmpxchg { .. }
            | O::I64AtomicRmwCmpxchg { .. }
            | O::I32AtomicRmw8CmpxchgU { .. }
            | O::I32AtomicRmw16CmpxchgU { .. }
            | O::I64AtomicRmw8CmpxchgU { .. }
            | O::I64AtomicRmw16CmpxchgU { .. }
            | O::I64AtomicRmw32CmpxchgU { .. }
    )
}

impl fmt::Display for Features {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, name) in self.names().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}
