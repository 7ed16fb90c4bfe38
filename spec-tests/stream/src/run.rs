//! Running a stream against the engine, one command at a time.

use alloc::vec;
use alloc::vec::Vec;

use mote::{Engine, Error, Extern, ExternRef, Instance, Linker, Module, Store, Val};

use crate::command::{Action, Arg, Command, Expected, Header};
use crate::decode::Reader;
use crate::error::{StreamError, StreamErrorKind};
use crate::report::{Event, Failure, Reason, Totals};
use crate::spectest;

/// Runs every command of one stream in a fresh store, reporting to `report`:
/// [`Event::Start`] with the header, then [`Event::Passed`] or
/// [`Event::Fail`] for each directive. Returns the counts, or the first
/// problem with the stream itself (what ran before it was reported).
///
/// Replayed commands (which rebuild, at the start of a chunk, the state an
/// earlier chunk set up) run but are neither counted nor reported. Never
/// panics on a malformed stream.
pub fn run_stream(
    bytes: &[u8],
    engine: &Engine,
    report: &mut impl FnMut(Event<'_>),
) -> Result<Totals, StreamError> {
    let mut reader = Reader::new(bytes)?;
    let header = reader.header().clone();
    report(Event::Start(&header));
    let mut state = State::new(engine, &header)
        .map_err(|e| StreamError::new(reader.offset(), StreamErrorKind::Spectest(e)))?;
    let mut totals = Totals::default();
    while let Some(frame) = reader.next_frame()? {
        let outcome = state.run(&frame.command);
        if frame.replay {
            continue;
        }
        let count = frame.command.directives();
        if count == 0 {
            continue;
        }
        totals.directives = totals.directives.saturating_add(count);
        match outcome {
            Ok(()) => {
                totals.passed = totals.passed.saturating_add(count);
                report(Event::Passed {
                    line: frame.line,
                    count,
                });
            }
            Err(reason) => {
                totals.failed = totals.failed.saturating_add(count);
                report(Event::Fail(Failure {
                    file: &header.file,
                    line: frame.line,
                    kind: frame.command.kind(),
                    reason,
                }));
            }
        }
    }
    Ok(totals)
}

/// Everything a script's commands act on. Replaced wholesale by `reset`.
struct State<'e> {
    engine: &'e Engine,
    store: Store<()>,
    linker: Linker<()>,
    /// Named instances, by slot.
    instances: Vec<Option<Instance>>,
    /// The most recently instantiated module, for unnamed actions.
    current: Option<Instance>,
    /// Named module definitions, by slot, and the last one.
    definitions: Vec<Option<Module>>,
    last_definition: Option<Module>,
    /// Argument and result buffers, reused across calls.
    args: Vec<Val>,
    results: Vec<Val>,
}

impl<'e> State<'e> {
    fn new(engine: &'e Engine, header: &Header<'_>) -> Result<Self, Error> {
        let (store, linker) = fresh(engine)?;
        Ok(State {
            engine,
            store,
            linker,
            instances: vec![None; header.instance_slots as usize],
            current: None,
            definitions: vec![None; header.definition_slots as usize],
            last_definition: None,
            args: Vec::new(),
            results: Vec::new(),
        })
    }

    /// Runs one command; `Err` says why its directive failed.
    fn run<'a>(&mut self, command: &Command<'a>) -> Result<(), Reason<'a>> {
        match command {
            Command::Module { slot, wasm } => {
                // A later unnamed action must not reach an older module.
                self.current = None;
                let module = self.compile(wasm)?;
                let instance = self.instantiate(&module).map_err(Reason::Instantiate)?;
                self.bind(*slot, instance);
                Ok(())
            }
            Command::ModuleDefinition { slot, wasm } => {
                let module = self.compile(wasm)?;
                if let Some(entry) = slot.and_then(|s| self.definitions.get_mut(s as usize)) {
                    *entry = Some(module.clone());
                }
                self.last_definition = Some(module);
                Ok(())
            }
            Command::ModuleInstance { definition, slot } => {
                self.current = None;
                let module = match definition {
                    Some(d) => self.definitions.get(*d as usize).cloned().flatten(),
                    None => self.last_definition.clone(),
                }
                .ok_or(Reason::NoDefinition)?;
                let instance = self.instantiate(&module).map_err(Reason::Instantiate)?;
                self.bind(*slot, instance);
                Ok(())
            }
            Command::Register { name, instance } => {
                let instance = self.instance(*instance)?;
                self.linker
                    .instance(&mut self.store, name, instance)
                    .map(|_| ())
                    .map_err(Reason::Register)
            }
            Command::Invoke(action) => self.execute(action)?.map_err(Reason::Error),
            Command::AssertReturn(action, expected) => {
                self.execute(action)?.map_err(Reason::Error)?;
                check_results(expected, &self.results)
            }
            Command::AssertTrap(action, code) | Command::AssertExhaustion(action, code) => {
                match self.execute(action)? {
                    Ok(()) => Err(Reason::NoTrap { expected: *code }),
                    Err(e) if e.as_trap().map(|t| t.code()) == Some(*code) => Ok(()),
                    Err(actual) => Err(Reason::WrongTrap {
                        expected: *code,
                        actual,
                    }),
                }
            }
            Command::AssertException(action) => match self.execute(action)? {
                Ok(()) => Err(Reason::NoException),
                Err(Error::Exception(_)) => Ok(()),
                Err(actual) => Err(Reason::NotException(actual)),
            },
            Command::AssertInvalid(wasm) | Command::AssertMalformed(wasm) => {
                match load(self.engine, wasm) {
                    Ok(_) => Err(Reason::Accepted),
                    Err(Error::Decode(_)) => Ok(()),
                    Err(e) => Err(Reason::RejectedOther(e)),
                }
            }
            Command::AssertUnlinkable(wasm) => {
                let module = self.compile(wasm)?;
                match self.instantiate(&module) {
                    Ok(_) => Err(Reason::Linked),
                    Err(Error::Link(_)) => Ok(()),
                    Err(e) => Err(Reason::NotLinkError(e)),
                }
            }
            Command::HostPassed(_) => Ok(()),
            Command::HostFailed(reason) => Err(Reason::Host(reason.clone())),
            Command::Reset => self.reset().map_err(Reason::Instantiate),
        }
    }

    /// Drops the store (with every instance, memory and table in it) and
    /// starts again with only `spectest`.
    fn reset(&mut self) -> Result<(), Error> {
        // Free the old store before building the new one: peak memory is
        // what a board has to provide.
        self.instances.iter_mut().for_each(|i| *i = None);
        self.definitions.iter_mut().for_each(|d| *d = None);
        self.current = None;
        self.last_definition = None;
        self.store = Store::new(self.engine, ());
        self.linker = Linker::new(self.engine);
        spectest::define(&mut self.store, &mut self.linker)
    }

    /// Runs an action. The outer `Err` is a failure of the script (no such
    /// instance or export, a module that does not compile); the inner one is
    /// what the engine returned. Results are left in `self.results`.
    fn execute<'a>(&mut self, action: &Action<'a>) -> Result<Result<(), Error>, Reason<'a>> {
        self.results.clear();
        match action {
            Action::Invoke {
                instance,
                name,
                args,
            } => {
                let instance = self.instance(*instance)?;
                let func = instance
                    .get_func(&self.store, name)
                    .ok_or_else(|| Reason::NoExport(name.clone()))?;
                self.args.clear();
                self.args.extend(args.iter().map(|&arg| val(arg)));
                let ty = func.ty(&self.store);
                self.results
                    .extend(ty.results().iter().map(|&ty| Val::default_for(ty)));
                Ok(func.call(&mut self.store, &self.args, &mut self.results))
            }
            Action::Get { instance, name } => {
                let instance = self.instance(*instance)?;
                match instance.get_export(&self.store, name) {
                    Some(Extern::Global(global)) => {
                        self.results.push(global.get(&self.store));
                        Ok(Ok(()))
                    }
                    _ => Err(Reason::NoExport(name.clone())),
                }
            }
            Action::Instantiate(wasm) => {
                let module = self.compile(wasm)?;
                Ok(self.instantiate(&module).map(|_| ()))
            }
        }
    }

    fn compile<'a>(&self, bytes: &[u8]) -> Result<Module, Reason<'a>> {
        load(self.engine, bytes).map_err(Reason::Compile)
    }

    fn instantiate(&mut self, module: &Module) -> Result<Instance, Error> {
        self.linker.instantiate(&mut self.store, module)
    }

    fn bind(&mut self, slot: Option<u32>, instance: Instance) {
        if let Some(entry) = slot.and_then(|s| self.instances.get_mut(s as usize)) {
            *entry = Some(instance);
        }
        self.current = Some(instance);
    }

    fn instance<'a>(&self, slot: Option<u32>) -> Result<Instance, Reason<'a>> {
        match slot {
            Some(s) => self.instances.get(s as usize).copied().flatten(),
            None => self.current,
        }
        .ok_or(Reason::NoInstance)
    }
}

/// The module `bytes` hold: an image (`spec-stream --images`), loaded
/// (copied: a stream's images are not aligned), with the feature `image`;
/// `.wasm` bytes, validated and translated, with `wasm`. Without `wasm`
/// anything else is refused as the image reader refuses it (a module the
/// host could not compile stays `.wasm` in an image stream, and fails on
/// the board as it did on the host).
fn load(engine: &Engine, bytes: &[u8]) -> Result<Module, Error> {
    #[cfg(feature = "image")]
    if mote::is_image(bytes) {
        return Module::from_image(engine, bytes);
    }
    #[cfg(feature = "wasm")]
    return Module::new(engine, bytes);
    #[cfg(not(feature = "wasm"))]
    return Module::from_image(engine, bytes);
}

/// A new store and linker with the `spectest` module defined.
fn fresh(engine: &Engine) -> Result<(Store<()>, Linker<()>), Error> {
    let mut store = Store::new(engine, ());
    let mut linker = Linker::new(engine);
    spectest::define(&mut store, &mut linker)?;
    Ok((store, linker))
}

fn val(arg: Arg) -> Val {
    match arg {
        Arg::I32(v) => Val::I32(v),
        Arg::I64(v) => Val::I64(v),
        Arg::F32(bits) => Val::F32(bits),
        Arg::F64(bits) => Val::F64(bits),
        Arg::NullFuncRef => Val::FuncRef(None),
        Arg::NullExternRef => Val::ExternRef(None),
        Arg::ExternRef(n) => Val::ExternRef(Some(ExternRef::new(n))),
        Arg::V128(bits) => Val::V128(bits),
    }
}

fn check_results<'a>(expected: &[Expected], actual: &[Val]) -> Result<(), Reason<'a>> {
    if expected.len() != actual.len() {
        return Err(Reason::ResultCount {
            expected: expected.len(),
            actual: actual.len(),
        });
    }
    for (index, (e, a)) in expected.iter().zip(actual).enumerate() {
        if !matches(e, a) {
            return Err(Reason::Result {
                index,
                expected: e.clone(),
                actual: *a,
            });
        }
    }
    Ok(())
}

/// Whether `actual` matches the expectation, exactly as the host runner
/// (`spec-tests/src/values.rs`) decides it.
pub(crate) fn matches(expected: &Expected, actual: &Val) -> bool {
    match (expected, actual) {
        (Expected::I32(e), Val::I32(a)) => e == a,
        (Expected::I64(e), Val::I64(a)) => e == a,
        (Expected::F32(e), Val::F32(a)) => e == a,
        (Expected::F64(e), Val::F64(a)) => e == a,
        (Expected::F32CanonicalNan, Val::F32(a)) => a & 0x7fff_ffff == 0x7fc0_0000,
        (Expected::F32ArithmeticNan, Val::F32(a)) => a & 0x7fc0_0000 == 0x7fc0_0000,
        (Expected::F64CanonicalNan, Val::F64(a)) => {
            a & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000
        }
        (Expected::F64ArithmeticNan, Val::F64(a)) => {
            a & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000
        }
        (Expected::NullFuncRef | Expected::NullRef, Val::FuncRef(r)) => r.is_none(),
        (Expected::NullExternRef | Expected::NullRef, Val::ExternRef(r)) => r.is_none(),
        // A function reference's identity cannot be named from the script,
        // so any non-null funcref matches (as in the reference interpreter).
        (Expected::FuncRef, Val::FuncRef(r)) => r.is_some(),
        (Expected::AnyExternRef, Val::ExternRef(r)) => r.is_some(),
        (Expected::ExternRef(e), Val::ExternRef(r)) => r.is_some_and(|r| r.get() == *e),
        (Expected::Either(options), a) => options.iter().any(|o| matches(o, a)),
        (Expected::V128(e), Val::V128(a)) => e == a,
        // Each float lane by its own expectation (a value or a NaN class).
        (Expected::F32x4(lanes), Val::V128(a)) => {
            lanes.len() == 4
                && (lanes.iter().enumerate())
                    .all(|(i, e)| matches(e, &Val::F32((a >> (32 * i)) as u32)))
        }
        (Expected::F64x2(lanes), Val::V128(a)) => {
            lanes.len() == 2
                && (lanes.iter().enumerate())
                    .all(|(i, e)| matches(e, &Val::F64((a >> (64 * i)) as u64)))
        }
        // A value of the wrong type.
        _ => false,
    }
}
