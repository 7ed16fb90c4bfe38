//! The engine and its configuration.

use crate::error::Error;
use crate::registry::TypeRegistry;
use crate::types::{FuncType, TypeId};
use alloc::sync::Arc;

/// Limits and switches shared by every module and store of an engine.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) max_stack_slots: u32,
    pub(crate) max_call_depth: u32,
    pub(crate) max_memory_pages: u32,
    pub(crate) max_table_elements: u32,
    pub(crate) max_store_bytes: u64,
    pub(crate) max_tables: u32,
    pub(crate) max_memories: u32,
    pub(crate) memory_reservation: u64,
    pub(crate) consume_fuel: bool,
    pub(crate) debug_info: bool,
}

/// Where address space is plentiful, a memory reserves up to 4 GiB (the
/// most a 32-bit memory can reach) so that it grows without a copy; its
/// untouched pages cost no RAM. Elsewhere memories are allocated exactly.
const DEFAULT_RESERVATION: u64 = if cfg!(target_pointer_width = "64") {
    1 << 32
} else {
    0
};

impl Default for Config {
    fn default() -> Self {
        Config {
            max_stack_slots: 1 << 20,
            max_call_depth: 10_000,
            max_memory_pages: 65536,
            max_table_elements: 10_000_000,
            max_store_bytes: u64::MAX,
            max_tables: 10_000,
            max_memories: 10_000,
            memory_reservation: DEFAULT_RESERVATION,
            consume_fuel: false,
            debug_info: false,
        }
    }
}

impl Config {
    /// A default configuration: 1 Mi value slots (8 MiB), 10 000 nested calls,
    /// 4 GiB per memory, 10 million elements per table, 10 000 tables and
    /// 10 000 memories per store, no limit on their total bytes, no fuel.
    pub fn new() -> Self {
        Self::default()
    }
    /// Maximum number of 64-bit value slots of one execution (locals and operands).
    pub fn max_stack_slots(&mut self, slots: u32) -> &mut Self {
        self.max_stack_slots = slots;
        self
    }
    /// Maximum number of nested wasm calls.
    pub fn max_call_depth(&mut self, depth: u32) -> &mut Self {
        self.max_call_depth = depth;
        self
    }
    /// Maximum size of any memory, in 64 KiB pages (a memory with a custom
    /// page size may have as many bytes).
    pub fn max_memory_pages(&mut self, pages: u32) -> &mut Self {
        self.max_memory_pages = pages;
        self
    }
    /// Maximum elements any table may have.
    pub fn max_table_elements(&mut self, elements: u32) -> &mut Self {
        self.max_table_elements = elements;
        self
    }
    /// The most bytes the memories, tables and exceptions of one store may
    /// hold together, counting each table element as 8 bytes and each
    /// exception as its payload plus 16 bytes or so (`exn::exn_bytes`).
    /// Creating or growing past it fails like any other limit
    /// (`memory.grow` and `table.grow` return -1, a `throw` traps with
    /// [`TrapCode::OutOfMemory`]); a module whose declared minimums do not
    /// fit is refused at instantiation, before anything is allocated.
    ///
    /// [`TrapCode::OutOfMemory`]: crate::TrapCode::OutOfMemory
    pub fn max_store_bytes(&mut self, bytes: u64) -> &mut Self {
        self.max_store_bytes = bytes;
        self
    }
    /// The most tables one store may hold (instantiation fails beyond).
    pub fn max_tables(&mut self, tables: u32) -> &mut Self {
        self.max_tables = tables;
        self
    }
    /// The most memories one store may hold (instantiation fails beyond).
    pub fn max_memories(&mut self, memories: u32) -> &mut Self {
        self.max_memories = memories;
        self
    }
    /// How many bytes a memory asks the allocator for up front, so that it
    /// grows up to them without copying (never more than the memory may
    /// reach). With an allocator that maps fresh zero pages lazily (any
    /// hosted `std` target), untouched pages cost address space, not RAM.
    /// Defaults to 4 GiB on 64-bit targets and 0 (exact allocations,
    /// copied on growth) on others; a refused reservation falls back to an
    /// exact allocation.
    pub fn memory_reservation(&mut self, bytes: u64) -> &mut Self {
        self.memory_reservation = bytes;
        self
    }
    /// Whether modules keep function names (from the name section) and the
    /// wasm byte offset of every internal op, for trap backtraces. Costs
    /// 4 bytes of memory per op; off by default.
    pub fn debug_info(&mut self, on: bool) -> &mut Self {
        self.debug_info = on;
        self
    }
    /// Whether execution consumes fuel. Code translated with fuel off pays nothing.
    pub fn consume_fuel(&mut self, on: bool) -> &mut Self {
        self.consume_fuel = on;
        self
    }
}

/// Shared engine state: the configuration, and the registry that gives
/// every function type of the engine's modules one [`TypeId`].
#[derive(Debug, Clone, Default)]
pub struct Engine {
    config: Arc<Config>,
    types: Arc<spin::Mutex<TypeRegistry>>,
}

impl Engine {
    pub fn new(config: &Config) -> Self {
        Engine {
            config: Arc::new(config.clone()),
            types: Arc::default(),
        }
    }
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The engine-wide id of function type `ty`, for naming it in a
    /// concrete reference type (`(ref $t)`): the same id any module of this
    /// engine gets for an equal type. Fails only if the engine already
    /// holds 2^32 - 1 distinct types.
    pub fn type_id(&self, ty: &FuncType) -> Result<TypeId, Error> {
        self.types.lock().intern(ty.clone())
    }

    /// The function type of id `id`, if this engine gave it.
    pub fn func_type(&self, id: TypeId) -> Option<FuncType> {
        self.types.lock().get(id).cloned()
    }

    /// Whether two handles share one engine (and so one registry).
    pub(crate) fn same(&self, other: &Engine) -> bool {
        Arc::ptr_eq(&self.types, &other.types)
    }
}
