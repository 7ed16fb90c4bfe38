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
    /// A 128-bit vector (SIMD). It takes two slots: its low 64 bits, then
    /// its high 64 bits.
    V128,
    /// A reference (function references: nullable or not, to an abstract
    /// heap type or to a function type).
    Ref(RefType),
}

impl ValType {
    /// `funcref`: a nullable reference to any function.
    pub const FUNCREF: ValType = ValType::Ref(RefType::FUNCREF);
    /// `externref`: a nullable host reference.
    pub const EXTERNREF: ValType = ValType::Ref(RefType::EXTERNREF);
    /// `exnref`: a nullable reference to an exception (exception handling).
    pub const EXNREF: ValType = ValType::Ref(RefType::EXNREF);

    /// The 64-bit slots a value of this type takes: two for a `v128`,
    /// one for any other.
    pub fn slots(self) -> usize {
        match self {
            ValType::V128 => 2,
            _ => 1,
        }
    }

    /// Whether this is a reference type.
    pub fn is_ref(self) -> bool {
        matches!(self, ValType::Ref(_))
    }

    /// The reference type, if this is one.
    pub fn as_ref(self) -> Option<RefType> {
        match self {
            ValType::Ref(r) => Some(r),
            _ => None,
        }
    }

    /// Whether a value of type `self` may be used where `other` is
    /// expected (WebAssembly 3.0 subtyping, without GC types).
    pub fn matches(self, other: ValType) -> bool {
        match (self, other) {
            (ValType::Ref(a), ValType::Ref(b)) => a.matches(b),
            (a, b) => a == b,
        }
    }
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValType::I32 => f.write_str("i32"),
            ValType::I64 => f.write_str("i64"),
            ValType::F32 => f.write_str("f32"),
            ValType::F64 => f.write_str("f64"),
            ValType::V128 => f.write_str("v128"),
            ValType::Ref(r) => write!(f, "{r}"),
        }
    }
}

/// The engine-wide identity of a function type: two modules of one
/// engine that declare structurally equal function types get the same
/// `TypeId` (`Engine`'s type registry), so a concrete reference type
/// `(ref $t)` means the same in every module of the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub(crate) u32);

impl TypeId {
    /// The id's index in its engine's registry.
    pub fn index(self) -> u32 {
        self.0
    }
}

/// What a reference points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeapType {
    /// Any function.
    Func,
    /// Any host reference.
    Extern,
    /// Any exception.
    Exn,
    /// No function: only null has this type (`nullfuncref`).
    NoFunc,
    /// No host reference (`nullexternref`).
    NoExtern,
    /// No exception (`nullexnref`).
    NoExn,
    /// A function of one type, identified across the engine.
    Concrete(TypeId),
}

/// The three hierarchies of reference types (without GC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefKind {
    /// Functions: `func`, concrete function types, `nofunc`.
    Func,
    /// Host references: `extern`, `noextern`.
    Extern,
    /// Exceptions: `exn`, `noexn`.
    Exn,
}

impl HeapType {
    /// The hierarchy this heap type belongs to (which values it holds).
    pub fn kind(self) -> RefKind {
        match self {
            HeapType::Func | HeapType::NoFunc | HeapType::Concrete(_) => RefKind::Func,
            HeapType::Extern | HeapType::NoExtern => RefKind::Extern,
            HeapType::Exn | HeapType::NoExn => RefKind::Exn,
        }
    }

    /// Whether `self` is a subtype of `other`. Function types are final
    /// without GC, so a concrete type matches only itself (and `func`).
    pub fn matches(self, other: HeapType) -> bool {
        use HeapType::*;
        match (self, other) {
            (a, b) if a == b => true,
            (Concrete(_) | NoFunc, Func) => true,
            (NoFunc, Concrete(_)) => true,
            (NoExtern, Extern) => true,
            (NoExn, Exn) => true,
            _ => false,
        }
    }

    /// Whether only null has this type.
    pub fn is_bottom(self) -> bool {
        matches!(
            self,
            HeapType::NoFunc | HeapType::NoExtern | HeapType::NoExn
        )
    }
}

impl fmt::Display for HeapType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeapType::Func => f.write_str("func"),
            HeapType::Extern => f.write_str("extern"),
            HeapType::Exn => f.write_str("exn"),
            HeapType::NoFunc => f.write_str("nofunc"),
            HeapType::NoExtern => f.write_str("noextern"),
            HeapType::NoExn => f.write_str("noexn"),
            HeapType::Concrete(id) => write!(f, "{}", id.0),
        }
    }
}

/// A reference type: whether it admits null, and its heap type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RefType {
    nullable: bool,
    heap: HeapType,
}

impl RefType {
    /// `funcref`, i.e. `(ref null func)`.
    pub const FUNCREF: RefType = RefType::new(true, HeapType::Func);
    /// `externref`, i.e. `(ref null extern)`.
    pub const EXTERNREF: RefType = RefType::new(true, HeapType::Extern);
    /// `exnref`, i.e. `(ref null exn)`.
    pub const EXNREF: RefType = RefType::new(true, HeapType::Exn);

    /// `(ref null heap)` if `nullable`, else `(ref heap)`.
    pub const fn new(nullable: bool, heap: HeapType) -> Self {
        RefType { nullable, heap }
    }
    /// Whether null is a value of this type.
    pub fn is_nullable(self) -> bool {
        self.nullable
    }
    /// What the reference points to.
    pub fn heap_type(self) -> HeapType {
        self.heap
    }
    /// The hierarchy of the heap type.
    pub fn kind(self) -> RefKind {
        self.heap.kind()
    }
    /// Whether `self` is a subtype of `other`.
    pub fn matches(self, other: RefType) -> bool {
        (!self.nullable || other.nullable) && self.heap.matches(other.heap)
    }
}

impl fmt::Display for RefType {
    /// The text format's notation; the abbreviations where there are.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let short = match (self.nullable, self.heap) {
            (true, HeapType::Func) => "funcref",
            (true, HeapType::Extern) => "externref",
            (true, HeapType::Exn) => "exnref",
            (true, HeapType::NoFunc) => "nullfuncref",
            (true, HeapType::NoExtern) => "nullexternref",
            (true, HeapType::NoExn) => "nullexnref",
            _ => "",
        };
        if !short.is_empty() {
            return f.write_str(short);
        }
        let null = if self.nullable { "null " } else { "" };
        write!(f, "(ref {null}{})", self.heap)
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

    /// The slots the parameters take (a `v128` takes two).
    pub fn param_slots(&self) -> usize {
        slots_of(self.params())
    }

    /// The slots the results take.
    pub fn result_slots(&self) -> usize {
        slots_of(self.results())
    }
}

/// The slots values of `types` take, one after the other.
pub(crate) fn slots_of(types: &[ValType]) -> usize {
    types.iter().map(|t| t.slots()).sum()
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

/// The type of a table: element type, limits in elements, and whether it
/// is indexed by i64s (table64, part of memory64).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableType {
    element: ValType,
    min: u64,
    max: Option<u64>,
    is_64: bool,
}

impl TableType {
    /// A table indexed by i32s.
    pub fn new(element: ValType, min: u32, max: Option<u32>) -> Self {
        TableType {
            element,
            min: u64::from(min),
            max: max.map(u64::from),
            is_64: false,
        }
    }
    /// A table indexed by i64s (table64).
    pub fn new64(element: ValType, min: u64, max: Option<u64>) -> Self {
        TableType {
            element,
            min,
            max,
            is_64: true,
        }
    }
    pub fn element(&self) -> ValType {
        self.element
    }
    /// The minimum size in elements.
    pub fn minimum(&self) -> u64 {
        self.min
    }
    /// The maximum size in elements, if any.
    pub fn maximum(&self) -> Option<u64> {
        self.max
    }
    /// Whether the table is indexed by i64s.
    pub fn is_64(&self) -> bool {
        self.is_64
    }
}

/// The type of a linear memory: limits in pages of `page_size` bytes,
/// whether it is shared (the threads proposal; with Mote's one thread a
/// shared memory behaves as an unshared one, but an import matches only
/// a memory of the same sharedness), and whether it is 64-bit (memory64:
/// addressed by i64s, up to 2^48 pages of 64 KiB, as far as the
/// configuration's limits and the target's `usize` allow).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryType {
    min: u64,
    max: Option<u64>,
    page_size_log2: u8,
    shared: bool,
    is_64: bool,
}

impl MemoryType {
    /// A 32-bit memory with 64 KiB pages.
    pub fn new(min: u32, max: Option<u32>) -> Self {
        Self::with_page_size_log2(min, max, 16)
    }
    /// A 32-bit memory with a custom page size of `1 << page_size_log2` bytes.
    pub fn with_page_size_log2(min: u32, max: Option<u32>, page_size_log2: u8) -> Self {
        MemoryType {
            min: u64::from(min),
            max: max.map(u64::from),
            page_size_log2,
            shared: false,
            is_64: false,
        }
    }
    /// A 64-bit memory (memory64) with 64 KiB pages.
    pub fn new64(min: u64, max: Option<u64>) -> Self {
        MemoryType {
            min,
            max,
            page_size_log2: 16,
            shared: false,
            is_64: true,
        }
    }
    /// The same type with pages of `1 << page_size_log2` bytes.
    pub fn with_page_size(self, page_size_log2: u8) -> Self {
        MemoryType {
            page_size_log2,
            ..self
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
    /// Whether the memory is 64-bit (addressed by i64s).
    pub fn is_64(&self) -> bool {
        self.is_64
    }
    /// The minimum size in pages.
    pub fn minimum(&self) -> u64 {
        self.min
    }
    /// The maximum size in pages, if any.
    pub fn maximum(&self) -> Option<u64> {
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
