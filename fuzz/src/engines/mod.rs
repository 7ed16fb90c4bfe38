//! Running one module on several engines the same way, and recording what
//! an observer outside the module can see: results, traps, the host calls
//! it made, and its exported memories, globals and tables after each call.
//!
//! Every engine gets the same dummy imports (functions that log their
//! arguments and return zeros, zeroed memories and tables of the minimum
//! size, zero globals) and the same limits.

pub mod aot;
mod info;
pub mod mote;
pub mod wasmi;
#[cfg(feature = "wasmtime")]
pub mod wasmtime;

pub use info::{ExportFunc, ExternKind, ModuleInfo, Ty};

use arbitrary::Unstructured;

/// A value as compared across engines. Floats are bit patterns; references
/// are compared by nullness only, since handles differ between engines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    I32(i32),
    I64(i64),
    F32(u32),
    F64(u64),
    FuncRef {
        null: bool,
    },
    ExternRef {
        null: bool,
    },
    /// Only in the execute target's modules with exception handling.
    ExnRef {
        null: bool,
    },
}

impl Value {
    /// The zero (or null) value of a type: what dummy imports return.
    pub fn zero(ty: Ty) -> Value {
        match ty {
            Ty::I32 => Value::I32(0),
            Ty::I64 => Value::I64(0),
            Ty::F32 => Value::F32(0),
            Ty::F64 => Value::F64(0),
            Ty::FuncRef => Value::FuncRef { null: true },
            Ty::ExternRef => Value::ExternRef { null: true },
            Ty::ExnRef => Value::ExnRef { null: true },
        }
    }

    /// An argument of type `ty`, drawn from the input: often one of the
    /// values that sit on an edge (zero, extremes, NaNs of every kind).
    pub fn arbitrary(ty: Ty, u: &mut Unstructured<'_>) -> Value {
        let pick = u.int_in_range(0..=7u8).unwrap_or(0);
        match ty {
            Ty::I32 => Value::I32(match pick {
                0 => 0,
                1 => 1,
                2 => -1,
                3 => i32::MIN,
                4 => i32::MAX,
                _ => u.arbitrary().unwrap_or(0),
            }),
            Ty::I64 => Value::I64(match pick {
                0 => 0,
                1 => 1,
                2 => -1,
                3 => i64::MIN,
                4 => i64::MAX,
                _ => u.arbitrary().unwrap_or(0),
            }),
            Ty::F32 => Value::F32(match pick {
                0 => 0,
                1 => 0x8000_0000, // -0.0
                2 => 0x7fc0_0000, // canonical NaN
                3 => 0x7fa0_0001, // signalling NaN
                4 => 0xffc0_1234, // arithmetic NaN, negative
                5 => f32::INFINITY.to_bits(),
                _ => u.arbitrary().unwrap_or(0),
            }),
            Ty::F64 => Value::F64(match pick {
                0 => 0,
                1 => 0x8000_0000_0000_0000,
                2 => 0x7ff8_0000_0000_0000,
                3 => 0x7ff4_0000_0000_0001,
                4 => 0xfff8_0000_1234_5678,
                5 => f64::NEG_INFINITY.to_bits(),
                _ => u.arbitrary().unwrap_or(0),
            }),
            // The host has no functions or extern objects of its own to pass.
            Ty::FuncRef => Value::FuncRef { null: true },
            Ty::ExternRef => Value::ExternRef { null: true },
            Ty::ExnRef => Value::ExnRef { null: true },
        }
    }
}

/// Why a call trapped, in the categories every engine reports alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrapKind {
    Unreachable,
    MemoryOutOfBounds,
    /// An access outside a table, including `call_indirect`'s.
    TableOutOfBounds,
    IndirectCallToNull,
    BadSignature,
    IntegerOverflow,
    IntegerDivisionByZero,
    BadConversionToInteger,
    /// Anything else an engine reported, with its words.
    Other,
}

/// How a call (or an instantiation) ended.
#[derive(Debug, Clone, PartialEq)]
pub enum CallResult {
    Returned(Vec<Value>),
    Trapped(TrapKind),
    /// A stack limit or the engine's fuel ran out: a limit of this engine,
    /// not a property of the program, so comparing stops here.
    Exhausted,
    /// The engine failed in a way a valid call never should.
    Error(String),
}

/// A host call a dummy import received: import index and arguments.
pub type HostCall = (u32, Vec<Value>);

/// What can be seen from outside after a call.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snapshot {
    /// Exported memories by export name: their bytes.
    pub memories: Vec<(String, Vec<u8>)>,
    pub globals: Vec<(String, Value)>,
    /// Exported tables: which elements are non-null.
    pub tables: Vec<(String, Vec<bool>)>,
}

/// One call and everything observed after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub export: String,
    pub args: Vec<Value>,
    pub result: CallResult,
    pub host_calls: Vec<HostCall>,
    pub after: Snapshot,
}

/// Limits every engine is given, so that growing fails at the same size.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub memory_bytes: u64,
    pub table_elements: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory_bytes: 4 << 20,
            table_elements: 10_000,
        }
    }
}

/// How instantiation failed.
#[derive(Debug, Clone, PartialEq)]
pub enum InstantiateError {
    /// The engine rejected the module.
    Compile(String),
    /// A limit (memory or table size) stopped it.
    Limit(String),
    /// A segment or the start function trapped.
    Trap(CallResult),
}

/// An engine with one instance of a module in a fresh store.
pub trait Runtime: Sized {
    const NAME: &'static str;
    fn instantiate(wasm: &[u8], limits: Limits) -> Result<Self, InstantiateError>;
    fn call(&mut self, export: &str, args: &[Value]) -> CallResult;
    /// Takes the host calls made since the last time.
    fn take_host_calls(&mut self) -> Vec<HostCall>;
    fn memory(&mut self, export: &str) -> Option<Vec<u8>>;
    fn global(&mut self, export: &str) -> Option<Value>;
    fn table(&mut self, export: &str) -> Option<Vec<bool>>;

    /// Makes one call and records what followed.
    fn step(&mut self, info: &ModuleInfo, export: &str, args: &[Value]) -> Step {
        let result = self.call(export, args);
        let host_calls = self.take_host_calls();
        let after = self.snapshot(info);
        Step {
            export: export.to_owned(),
            args: args.to_vec(),
            result,
            host_calls,
            after,
        }
    }

    /// The exported memories, globals and tables, in export order.
    fn snapshot(&mut self, info: &ModuleInfo) -> Snapshot {
        let mut s = Snapshot::default();
        for (name, kind) in &info.exports {
            let name = name.clone();
            match kind {
                ExternKind::Memory => {
                    let bytes = self.memory(&name).unwrap_or_default();
                    s.memories.push((name, bytes));
                }
                ExternKind::Global => {
                    if let Some(v) = self.global(&name) {
                        s.globals.push((name, v));
                    }
                }
                ExternKind::Table => {
                    let elems = self.table(&name).unwrap_or_default();
                    s.tables.push((name, elems));
                }
                ExternKind::Func => {}
            }
        }
        s
    }
}

/// The calls a run makes: each exported function once, in export order,
/// then more picked by the input; arguments from the input.
pub fn plan_calls(info: &ModuleInfo, u: &mut Unstructured<'_>) -> Vec<(String, Vec<Value>)> {
    let funcs = &info.funcs;
    let mut plan = Vec::new();
    if funcs.is_empty() {
        return plan;
    }
    let args = |f: &ExportFunc, u: &mut Unstructured<'_>| {
        f.params
            .iter()
            .map(|&t| Value::arbitrary(t, u))
            .collect::<Vec<_>>()
    };
    for f in funcs {
        plan.push((f.name.clone(), args(f, u)));
    }
    let extra = u.int_in_range(0..=funcs.len().min(16)).unwrap_or(0);
    for _ in 0..extra {
        let i = u.choose_index(funcs.len()).unwrap_or(0);
        if let Some(f) = funcs.get(i) {
            plan.push((f.name.clone(), args(f, u)));
        }
    }
    plan
}
