//! Mote, driven as the other engines are, with the knobs only it has: fuel
//! per call, calls resumed in small pieces of fuel, host functions that
//! call back into the instance.

use super::{CallResult, HostCall, InstantiateError, Limits, Runtime, TrapKind, Value};
use mote::{
    Caller, Config, Engine, Error, Extern, ExternType, Func, FuncType, Global, Instance, Memory,
    Module, ResumableCall, Store, Table, Trap, TrapCode, Val, ValType,
};

/// How calls are metered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fuel {
    /// The engine does not consume fuel.
    Off,
    /// Each call (and the start function) gets this much.
    PerCall(u64),
    /// Each call starts with `size` and is resumed with `size` more until it
    /// finishes; the start function runs with unlimited fuel.
    Chunks(u64),
}

/// What a Mote run is set up with.
#[derive(Debug, Clone)]
pub struct Options {
    pub config: Config,
    pub fuel: Fuel,
    /// Dummy imported functions call this export of the calling instance
    /// (with zero arguments) before returning, so that wasm, host and wasm
    /// nest on the native stack.
    pub reenter: Option<String>,
}

impl Options {
    /// No fuel, the given limits, otherwise the default configuration.
    pub fn new(limits: Limits) -> Self {
        let mut config = Config::new();
        config
            .max_memory_pages(u32::try_from(limits.memory_bytes >> 16).unwrap_or(u32::MAX))
            .max_table_elements(limits.table_elements);
        Options {
            config,
            fuel: Fuel::Off,
            reenter: None,
        }
    }
}

/// The store's data: the log of host calls, and what a host call does.
pub(crate) struct HostState {
    pub(crate) calls: Vec<HostCall>,
    pub(crate) reenter: Option<String>,
}

/// One instance of a module on Mote.
pub struct Mote {
    store: Store<HostState>,
    instance: Instance,
    fuel: Fuel,
    /// How many times a call ran out of fuel and was resumed.
    pub pauses: u64,
    /// Fuel consumed by calls so far (with [`Fuel::PerCall`]).
    pub fuel_used: u64,
}

pub(crate) fn to_val(v: Value) -> Val {
    match v {
        Value::I32(x) => Val::I32(x),
        Value::I64(x) => Val::I64(x),
        Value::F32(x) => Val::F32(x),
        Value::F64(x) => Val::F64(x),
        Value::FuncRef { .. } => Val::FuncRef(None),
        Value::ExternRef { .. } => Val::ExternRef(None),
        Value::ExnRef { .. } => Val::ExnRef(None),
    }
}

pub(crate) fn from_val(v: Val) -> Value {
    match v {
        Val::I32(x) => Value::I32(x),
        Val::I64(x) => Value::I64(x),
        Val::F32(x) => Value::F32(x),
        Val::F64(x) => Value::F64(x),
        Val::FuncRef(f) => Value::FuncRef { null: f.is_none() },
        Val::ExternRef(r) => Value::ExternRef { null: r.is_none() },
        Val::ExnRef(r) => Value::ExnRef { null: r.is_none() },
        // The fuzzed modules have no SIMD (as for wasmi).
        Val::V128(_) => Value::I32(0),
    }
}

/// A trap as the other engines name it.
pub fn trap_result(t: Trap) -> CallResult {
    CallResult::Trapped(match t.code() {
        TrapCode::Unreachable => TrapKind::Unreachable,
        TrapCode::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
        TrapCode::TableOutOfBounds | TrapCode::UndefinedElement => TrapKind::TableOutOfBounds,
        TrapCode::IndirectCallToNull => TrapKind::IndirectCallToNull,
        TrapCode::BadSignature => TrapKind::BadSignature,
        TrapCode::IntegerOverflow => TrapKind::IntegerOverflow,
        TrapCode::IntegerDivisionByZero => TrapKind::IntegerDivisionByZero,
        TrapCode::BadConversionToInteger => TrapKind::BadConversionToInteger,
        TrapCode::StackOverflow | TrapCode::OutOfFuel => return CallResult::Exhausted,
        TrapCode::Host
        | TrapCode::Exit
        | TrapCode::NullExceptionReference
        | TrapCode::UncaughtException
        | TrapCode::OutOfMemory
        | TrapCode::NullFunctionReference
        | TrapCode::NullReference
        | TrapCode::UnalignedAtomic
        | TrapCode::ExpectedSharedMemory
        | TrapCode::AtomicWaitDeadlock => TrapKind::Other,
    })
}

pub(crate) fn error_result(e: Error) -> CallResult {
    match e {
        Error::Trap(t) => trap_result(t),
        // An exception nothing caught ends the call as a trap would; only
        // the execute target's modules throw (the other engines are never
        // asked to compare one).
        Error::Exception(_) => CallResult::Trapped(TrapKind::Other),
        other => CallResult::Error(other.to_string()),
    }
}

/// A dummy for an imported function: logs its arguments, returns zeros,
/// and calls back into the instance if asked to.
fn dummy_func(
    store: &mut Store<HostState>,
    index: u32,
    ty: &FuncType,
) -> Result<Func, mote::Error> {
    let result_types: Vec<ValType> = ty.results().to_vec();
    Func::new(
        &mut *store,
        ty.clone(),
        move |mut caller: Caller<'_, HostState>, params: &[Val], results: &mut [Val]| {
            let args = params.iter().map(|&v| from_val(v)).collect();
            caller.data_mut().calls.push((index, args));
            if let Some(name) = caller.data().reenter.clone()
                && let Some(f) = caller.get_export(&name).and_then(Extern::into_func)
            {
                let ty = f.ty(&caller);
                let params: Vec<Val> = ty.params().iter().map(|&t| Val::default_for(t)).collect();
                let mut out: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
                // A trap inside is the inner call's business; the import
                // itself still returns.
                let _ = f.call(&mut caller, &params, &mut out);
            }
            for (r, &t) in results.iter_mut().zip(&result_types) {
                *r = Val::default_for(t);
            }
            Ok(())
        },
    )
}

/// The dummy imports of `module`, in its import order: functions that log
/// their calls ([`dummy_func`], numbered among themselves: engines list
/// imports of different kinds in different orders), memories and tables
/// of the minimum size, zero globals, and tags.
pub(crate) fn dummy_imports(
    store: &mut Store<HostState>,
    module: &Module,
) -> Result<Vec<Extern>, InstantiateError> {
    let limit = |e: Error| InstantiateError::Limit(e.to_string());
    let compile = |e: Error| InstantiateError::Compile(e.to_string());
    let mut imports = Vec::new();
    let mut funcs = 0u32;
    for (_, _, ty) in module.imports() {
        let ext = match ty {
            ExternType::Func(ft) => {
                funcs += 1;
                Extern::Func(dummy_func(store, funcs - 1, ft).map_err(limit)?)
            }
            ExternType::Memory(mt) => Extern::Memory(Memory::new(&mut *store, *mt).map_err(limit)?),
            ExternType::Table(tt) => Extern::Table(
                Table::new(&mut *store, *tt, Val::default_for(tt.element())).map_err(limit)?,
            ),
            ExternType::Global(gt) => Extern::Global(
                Global::new(&mut *store, *gt, Val::default_for(gt.content())).map_err(compile)?,
            ),
            ExternType::Tag(ty) => {
                Extern::Tag(mote::Tag::new(&mut *store, ty.clone()).map_err(compile)?)
            }
        };
        imports.push(ext);
    }
    Ok(imports)
}

impl Mote {
    /// Compiles and instantiates `wasm` with `options`.
    pub fn with_options(wasm: &[u8], options: &Options) -> Result<Mote, InstantiateError> {
        let mut config = options.config.clone();
        config.consume_fuel(options.fuel != Fuel::Off);
        let engine = Engine::new(&config);
        let module =
            Module::new(&engine, wasm).map_err(|e| InstantiateError::Compile(e.to_string()))?;
        let mut store = Store::new(
            &engine,
            HostState {
                calls: Vec::new(),
                reenter: options.reenter.clone(),
            },
        );
        let imports = dummy_imports(&mut store, &module)?;
        let start_fuel = match options.fuel {
            Fuel::Off => 0,
            Fuel::PerCall(n) => n,
            Fuel::Chunks(_) => u64::MAX,
        };
        let _ = store.set_fuel(start_fuel);
        let instance = match Instance::new(&mut store, &module, &imports) {
            Ok(i) => i,
            Err(Error::Limit(k)) => return Err(InstantiateError::Limit(format!("{k:?}"))),
            Err(Error::Trap(t)) => return Err(InstantiateError::Trap(trap_result(t))),
            Err(e @ Error::Exception(_)) => return Err(InstantiateError::Trap(error_result(e))),
            Err(e) => return Err(InstantiateError::Compile(e.to_string())),
        };
        Ok(Mote {
            store,
            instance,
            fuel: options.fuel,
            pauses: 0,
            fuel_used: 0,
        })
    }

    /// The host calls made so far, without taking them.
    pub fn host_calls(&self) -> &[HostCall] {
        &self.store.data().calls
    }

    fn call_chunked(&mut self, f: Func, args: &[Val], out: &mut [Val], size: u64) -> CallResult {
        let _ = self.store.set_fuel(size);
        let mut call = match f.call_resumable(&mut self.store, args, out) {
            Ok(c) => c,
            Err(e) => return error_result(e),
        };
        loop {
            match call {
                ResumableCall::Finished => return CallResult::Returned(Vec::new()),
                ResumableCall::OutOfFuel(inv) => {
                    self.pauses += 1;
                    let _ = self.store.set_fuel(size);
                    call = match inv.resume(&mut self.store, out) {
                        Ok(c) => c,
                        Err(e) => return error_result(e),
                    };
                }
            }
        }
    }
}

impl Runtime for Mote {
    const NAME: &'static str = "mote";

    fn instantiate(wasm: &[u8], limits: Limits) -> Result<Self, InstantiateError> {
        Mote::with_options(wasm, &Options::new(limits))
    }

    fn call(&mut self, export: &str, args: &[Value]) -> CallResult {
        let Some(f) = self.instance.get_func(&self.store, export) else {
            return CallResult::Error(format!("no exported function {export:?}"));
        };
        let ty = f.ty(&self.store);
        let args: Vec<Val> = args.iter().map(|&v| to_val(v)).collect();
        let mut out: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
        let result = match self.fuel {
            Fuel::Off => f
                .call(&mut self.store, &args, &mut out)
                .map_err(error_result),
            Fuel::PerCall(n) => {
                let _ = self.store.set_fuel(n);
                let r = f
                    .call(&mut self.store, &args, &mut out)
                    .map_err(error_result);
                self.fuel_used += n - self.store.get_fuel().unwrap_or(0);
                r
            }
            Fuel::Chunks(size) => match self.call_chunked(f, &args, &mut out, size) {
                CallResult::Returned(_) => Ok(()),
                other => Err(other),
            },
        };
        match result {
            Ok(()) => CallResult::Returned(out.into_iter().map(from_val).collect()),
            Err(r) => r,
        }
    }

    fn take_host_calls(&mut self) -> Vec<HostCall> {
        core::mem::take(&mut self.store.data_mut().calls)
    }

    fn memory(&mut self, export: &str) -> Option<Vec<u8>> {
        let m = self.instance.get_memory(&self.store, export)?;
        Some(m.data(&self.store).to_vec())
    }

    fn global(&mut self, export: &str) -> Option<Value> {
        let g = self.instance.get_global(&self.store, export)?;
        Some(from_val(g.get(&self.store)))
    }

    fn table(&mut self, export: &str) -> Option<Vec<bool>> {
        let t = self.instance.get_table(&self.store, export)?;
        Some(non_null(&self.store, t))
    }
}

/// Whether each element of table `t` is a non-null reference.
pub(crate) fn non_null(store: &Store<HostState>, t: Table) -> Vec<bool> {
    let is_null = |v| matches!(v, Val::FuncRef(None) | Val::ExternRef(None));
    (0..t.size(store))
        .map(|i| t.get(store, i).is_some_and(|v| !is_null(v)))
        .collect()
}
