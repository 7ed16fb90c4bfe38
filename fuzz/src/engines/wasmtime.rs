//! wasmtime (Cranelift), the tie-breaker when Mote and wasmi disagree.

use super::{CallResult, HostCall, InstantiateError, Limits, Runtime, TrapKind, Value};
use std::sync::OnceLock;
use wasmtime::{
    Caller, Collector, Config, Engine, Extern, ExternType, Func, Global, HeapType, Instance,
    Memory, Module, Ref, Store, StoreLimits, StoreLimitsBuilder, Table, Trap, Val, ValType,
};

struct State {
    limits: StoreLimits,
    calls: Vec<HostCall>,
}

/// One instance of a module on wasmtime.
pub struct Wasmtime {
    store: Store<State>,
    instance: Instance,
}

/// wasmtime with Mote's features, NaNs left as the hardware makes them.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut c = Config::new();
        c.wasm_tail_call(true)
            .wasm_extended_const(true)
            .wasm_custom_page_sizes(true)
            .wasm_reference_types(true)
            .wasm_multi_memory(true)
            .wasm_memory64(true)
            .wasm_wide_arithmetic(false)
            .wasm_simd(false)
            .wasm_relaxed_simd(false)
            .wasm_gc(false)
            .wasm_function_references(false)
            .wasm_exceptions(false)
            .collector(Collector::Null);
        // Falls back to the default engine rather than panicking; a module
        // it cannot run then fails to compile, which the target reports.
        Engine::new(&c).unwrap_or_default()
    })
}

fn to_val(v: Value) -> Val {
    match v {
        Value::I32(x) => Val::I32(x),
        Value::I64(x) => Val::I64(x),
        Value::F32(x) => Val::F32(x),
        Value::F64(x) => Val::F64(x),
        Value::FuncRef { .. } => Val::FuncRef(None),
        Value::ExternRef { .. } => Val::ExternRef(None),
        // Not generated for this engine (only the execute target, which
        // runs Mote alone, makes modules with exception handling).
        Value::ExnRef { .. } => Val::ExternRef(None),
    }
}

fn from_val(v: &Val) -> Value {
    match v {
        Val::I32(x) => Value::I32(*x),
        Val::I64(x) => Value::I64(*x),
        Val::F32(x) => Value::F32(*x),
        Val::F64(x) => Value::F64(*x),
        Val::FuncRef(f) => Value::FuncRef { null: f.is_none() },
        Val::ExternRef(r) => Value::ExternRef { null: r.is_none() },
        // Not generated with Mote's features.
        _ => Value::I32(0),
    }
}

fn trap_result(e: &wasmtime::Error) -> CallResult {
    let Some(trap) = e.downcast_ref::<Trap>() else {
        return CallResult::Error(format!("{e:#}"));
    };
    CallResult::Trapped(match trap {
        Trap::UnreachableCodeReached => TrapKind::Unreachable,
        Trap::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
        Trap::TableOutOfBounds => TrapKind::TableOutOfBounds,
        Trap::IndirectCallToNull => TrapKind::IndirectCallToNull,
        Trap::BadSignature => TrapKind::BadSignature,
        Trap::IntegerOverflow => TrapKind::IntegerOverflow,
        Trap::IntegerDivisionByZero => TrapKind::IntegerDivisionByZero,
        Trap::BadConversionToInteger => TrapKind::BadConversionToInteger,
        Trap::StackOverflow | Trap::OutOfFuel => return CallResult::Exhausted,
        _ => TrapKind::Other,
    })
}

fn default_val(ty: &ValType) -> Val {
    match ty {
        ValType::I32 => Val::I32(0),
        ValType::I64 => Val::I64(0),
        ValType::F32 => Val::F32(0),
        ValType::F64 => Val::F64(0),
        ValType::V128 => Val::V128(0u128.into()),
        ValType::Ref(r) => match r.heap_type() {
            HeapType::Extern | HeapType::NoExtern => Val::ExternRef(None),
            _ => Val::FuncRef(None),
        },
    }
}

impl Runtime for Wasmtime {
    const NAME: &'static str = "wasmtime";

    fn instantiate(wasm: &[u8], limits: Limits) -> Result<Self, InstantiateError> {
        let engine = engine();
        let module =
            Module::new(engine, wasm).map_err(|e| InstantiateError::Compile(format!("{e:#}")))?;
        let state = State {
            limits: StoreLimitsBuilder::new()
                .memory_size(usize::try_from(limits.memory_bytes).unwrap_or(usize::MAX))
                .table_elements(limits.table_elements as usize)
                .build(),
            calls: Vec::new(),
        };
        let mut store = Store::new(engine, state);
        store.limiter(|s| &mut s.limits);
        let mut imports = Vec::new();
        // Function imports are numbered among themselves: engines list
        // imports of different kinds in different orders.
        let mut funcs = 0u32;
        for import in module.imports() {
            let limit = |e: wasmtime::Error| InstantiateError::Limit(format!("{e:#}"));
            let ext = match import.ty() {
                ExternType::Func(ft) => {
                    let results: Vec<ValType> = ft.results().collect();
                    let index = funcs;
                    funcs += 1;
                    Extern::Func(Func::new(
                        &mut store,
                        ft.clone(),
                        move |mut caller: Caller<'_, State>, params: &[Val], out: &mut [Val]| {
                            let args = params.iter().map(from_val).collect();
                            caller.data_mut().calls.push((index, args));
                            for (o, t) in out.iter_mut().zip(&results) {
                                *o = default_val(t);
                            }
                            Ok(())
                        },
                    ))
                }
                ExternType::Memory(mt) => {
                    Extern::Memory(Memory::new(&mut store, mt.clone()).map_err(limit)?)
                }
                ExternType::Table(tt) => {
                    let init = match tt.element().heap_type() {
                        HeapType::Extern | HeapType::NoExtern => Ref::Extern(None),
                        _ => Ref::Func(None),
                    };
                    Extern::Table(Table::new(&mut store, tt.clone(), init).map_err(limit)?)
                }
                ExternType::Global(gt) => {
                    let init = default_val(gt.content());
                    Extern::Global(Global::new(&mut store, gt.clone(), init).map_err(limit)?)
                }
                _ => return Err(InstantiateError::Compile("unexpected import kind".into())),
            };
            imports.push(ext);
        }
        let instance =
            Instance::new(&mut store, &module, &imports).map_err(|e| match trap_result(&e) {
                CallResult::Error(msg) => InstantiateError::Limit(msg),
                trap => InstantiateError::Trap(trap),
            })?;
        Ok(Wasmtime { store, instance })
    }

    fn call(&mut self, export: &str, args: &[Value]) -> CallResult {
        let Some(f) = self.instance.get_func(&mut self.store, export) else {
            return CallResult::Error(format!("no exported function {export:?}"));
        };
        let ty = f.ty(&self.store);
        let args: Vec<Val> = args.iter().map(|&v| to_val(v)).collect();
        let mut out: Vec<Val> = ty.results().map(|t| default_val(&t)).collect();
        match f.call(&mut self.store, &args, &mut out) {
            Ok(()) => CallResult::Returned(out.iter().map(from_val).collect()),
            Err(e) => trap_result(&e),
        }
    }

    fn take_host_calls(&mut self) -> Vec<HostCall> {
        core::mem::take(&mut self.store.data_mut().calls)
    }

    fn memory(&mut self, export: &str) -> Option<Vec<u8>> {
        let m = self.instance.get_memory(&mut self.store, export)?;
        Some(m.data(&self.store).to_vec())
    }

    fn global(&mut self, export: &str) -> Option<Value> {
        let g = self.instance.get_global(&mut self.store, export)?;
        Some(from_val(&g.get(&mut self.store)))
    }

    fn table(&mut self, export: &str) -> Option<Vec<bool>> {
        let t = self.instance.get_table(&mut self.store, export)?;
        let size = t.size(&self.store);
        Some(
            (0..size)
                .map(|i| t.get(&mut self.store, i).is_some_and(|r| !r.is_null()))
                .collect(),
        )
    }
}
