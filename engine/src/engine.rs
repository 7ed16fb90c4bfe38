//! The engine and its configuration.

use alloc::sync::Arc;

/// Limits and switches shared by every module and store of an engine.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) max_stack_slots: u32,
    pub(crate) max_call_depth: u32,
    pub(crate) max_memory_pages: u32,
    pub(crate) max_table_elements: u32,
    pub(crate) consume_fuel: bool,
    pub(crate) debug_info: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_stack_slots: 1 << 20,
            max_call_depth: 10_000,
            max_memory_pages: 65536,
            max_table_elements: 10_000_000,
            consume_fuel: false,
            debug_info: false,
        }
    }
}

impl Config {
    /// A default configuration: 1 Mi value slots (8 MiB), 10 000 nested calls,
    /// 4 GiB of memory, 10 million table elements, no fuel.
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

/// Shared, immutable engine state: the configuration.
#[derive(Debug, Clone, Default)]
pub struct Engine {
    config: Arc<Config>,
}

impl Engine {
    pub fn new(config: &Config) -> Self {
        Engine {
            config: Arc::new(config.clone()),
        }
    }
    pub fn config(&self) -> &Config {
        &self.config
    }
}
