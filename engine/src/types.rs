//! The types of values and of the things a module imports and exports.

use alloc::sync::Arc;
use core::fmt;

/// The type of a WebAssembly value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValType {
    I32,
    I64,
    F32,
    F64,
    FuncRef,
    ExternRef,
    /// A reference to an exception (exception handling).
    ExnRef,
}

impl ValType {
    /// Whether this is a reference type.
    pub fn is_ref(self) -> bool {
        matches!(
            self,
            ValType::FuncRef | ValType::ExternRef | ValType::ExnRef
        )
    }

    pub(crate) fn from_wasm(ty: wasmparser::ValType) -> Option<Self> {
        Some(match ty {
            wasmparser::ValType::I32 => ValType::I32,
            wasmparser::ValType::I64 => ValType::I64,
            wasmparser::ValType::F32 => ValType::F32,
            wasmparser::ValType::F64 => ValType::F64,
            wasmparser::ValType::Ref(r) => Self::from_ref(r)?,
            wasmparser::ValType::V128 => return None,
        })
    }

    pub(crate) fn from_ref(r: wasmparser::RefType) -> Option<Self> {
        if r == wasmparser::RefType::FUNCREF {
            Some(ValType::FuncRef)
        } else if r == wasmparser::RefType::EXTERNREF {
            Some(ValType::ExternRef)
        } else if r == wasmparser::RefType::EXNREF {
            Some(ValType::ExnRef)
        } else {
            None
        }
    }
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValType::I32 => "i32",
            ValType::I64 => "i64",
            ValType::F32 => "f32",
            ValType::F64 => "f64",
            ValType::FuncRef => "funcref",
            ValType::ExternRef => "externref",
            ValType::ExnRef => "exnref",
        })
    }
}

/// The type of a function: its parameters and results.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct FuncType {
    /// Parameters followed by results.
    types: Arc<[ValType]>,
    params: usize,
}

impl FuncType {
    /// A function type from its parameter and result types.
    pub fn new(
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> Self {
        let mut types: alloc::vec::Vec<ValType> = params.into_iter().collect();
        let params = types.len();
        types.extend(results);
        FuncType {
            types: types.into(),
            params,
        }
    }

    /// The parameter types.
    pub fn params(&self) -> &[ValType] {
        &self.types[..self.params]
    }

    /// The result types.
    pub fn results(&self) -> &[ValType] {
        &self.types[self.params..]
    }
}

impl fmt::Debug for FuncType {
    /// The text format's notation, e.g. `(func (param i32) (result i64))`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(func")?;
        for (word, types) in [("param", self.params()), ("result", self.results())] {
            if !types.is_empty() {
                write!(f, " ({word}")?;
                for t in types {
                    write!(f, " {t}")?;
                }
                write!(f, ")")?;
            }
        }
        write!(f, ")")
    }
}

/// Whether a global can be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutability {
    Const,
    Var,
}

/// The type of a global.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlobalType {
    content: ValType,
    mutability: Mutability,
}

impl GlobalType {
    pub fn new(content: ValType, mutability: Mutability) -> Self {
        GlobalType {
            content,
            mutability,
        }
    }
    pub fn content(&self) -> ValType {
        self.content
    }
    pub fn mutability(&self) -> Mutability {
        self.mutability
    }
}

/// The type of a table: element type and limits in elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableType {
    element: ValType,
    min: u32,
    max: Option<u32>,
}

impl TableType {
    pub fn new(element: ValType, min: u32, max: Option<u32>) -> Self {
        TableType { element, min, max }
    }
    pub fn element(&self) -> ValType {
        self.element
    }
    pub fn minimum(&self) -> u32 {
        self.min
    }
    pub fn maximum(&self) -> Option<u32> {
        self.max
    }
}

/// The type of a linear memory: limits in pages of `page_size` bytes, and
/// whether it is shared (the threads proposal; with Mote's one thread a
/// shared memory behaves as an unshared one, but an import matches only
/// a memory of the same sharedness).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryType {
    min: u32,
    max: Option<u32>,
    page_size_log2: u8,
    shared: bool,
}

impl MemoryType {
    /// A memory with 64 KiB pages.
    pub fn new(min: u32, max: Option<u32>) -> Self {
        MemoryType {
            min,
            max,
            page_size_log2: 16,
            shared: false,
        }
    }
    /// A memory with a custom page size of `1 << page_size_log2` bytes.
    pub fn with_page_size_log2(min: u32, max: Option<u32>, page_size_log2: u8) -> Self {
        MemoryType {
            min,
            max,
            page_size_log2,
            shared: false,
        }
    }
    /// The same type, shared or not. (A module's shared memory always
    /// has a maximum; validation refuses one without.)
    pub fn with_shared(self, shared: bool) -> Self {
        MemoryType { shared, ..self }
    }
    /// Whether the memory is shared (declared `shared`).
    pub fn is_shared(&self) -> bool {
        self.shared
    }
    pub fn minimum(&self) -> u32 {
        self.min
    }
    pub fn maximum(&self) -> Option<u32> {
        self.max
    }
    pub fn page_size_log2(&self) -> u8 {
        self.page_size_log2
    }
}

/// The type of an import or export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExternType {
    Func(FuncType),
    Global(GlobalType),
    Table(TableType),
    Memory(MemoryType),
    /// A tag: its payload's types are the function type's parameters.
    Tag(FuncType),
}
