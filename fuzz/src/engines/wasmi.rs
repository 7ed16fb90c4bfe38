//! wasmi, the reference engine of the differential target.

use super::{CallResult, HostCall, InstantiateError, Limits, Runtime, TrapKind, Value};
use std::sync::OnceLock;
use wasmi::{
    Caller, Config, Engine, Error, Extern, ExternType, F32, F64, Func, Global, Instance, Memory,
    Module, Nullable, Ref, Store, StoreLimits, StoreLimitsBuilder, Table, TrapCode, Val, ValType,
};

struct State {
    limits: StoreLimits,
    calls: Vec<HostCall>,
}

/// One instance of a module on wasmi.
pub struct Wasmi {
    store: Store<State>,
    instance: Instance,
}

/// wasmi with Mote's features: WebAssembly 2.0 without SIMD, tail calls,
/// extended constants, custom page sizes, multiple memories, memory64.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut c = Config::default();
        c.wasm_tail_call(true)
            .wasm_extended_const(true)
            .wasm_custom_page_sizes(true)
            .wasm_multi_memory(true)
            .wasm_memory64(true)
            .wasm_wide_arithmetic(false);
        Engine::new(&c)
    })
}

fn to_val(v: Value) -> Val {
    match v {
        Value::I32(x) => Val::I32(x),
        Value::I64(x) => Val::I64(x),
        Value::F32(x) => Val::F32(F32::from_bits(x)),
        Value::F64(x) => Val::F64(F64::from_bits(x)),
        Value::FuncRef { .. } => Val::FuncRef(Nullable::Null),
        Value::ExternRef { .. } => Val::ExternRef(Nullable::Null),
        // Not generated for this engine (only the execute target, which
        // runs Mote alone, makes modules with exception handling).
        Value::ExnRef { .. } => Val::ExternRef(Nullable::Null),
    }
}

fn from_val(v: &Val) -> Value {
    match v {
        Val::I32(x) => Value::I32(*x),
        Val::I64(x) => Value::I64(*x),
        Val::F32(x) => Value::F32(x.to_bits()),
        Val::F64(x) => Value::F64(x.to_bits()),
        Val::FuncRef(f) => Value::FuncRef { null: f.is_null() },
        Val::ExternRef(r) => Value::ExternRef { null: r.is_null() },
        // Not generated: SIMD is off.
        Val::V128(_) => Value::I32(0),
    }
}

fn trap_result(e: &Error) -> CallResult {
    let Some(code) = e.as_trap_code() else {
        return CallResult::Error(e.to_string());
    };
    CallResult::Trapped(match code {
        TrapCode::UnreachableCodeReached => TrapKind::Unreachable,
        TrapCode::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
        TrapCode::TableOutOfBounds => TrapKind::TableOutOfBounds,
        TrapCode::IndirectCallToNull => TrapKind::IndirectCallToNull,
        TrapCode::BadSignature => TrapKind::BadSignature,
        TrapCode::IntegerOverflow => TrapKind::IntegerOverflow,
        TrapCode::IntegerDivisionByZero => TrapKind::IntegerDivisionByZero,
        TrapCode::BadConversionToInteger => TrapKind::BadConversionToInteger,
        TrapCode::StackOverflow | TrapCode::OutOfFuel => return CallResult::Exhausted,
        _ => TrapKind::Other,
    })
}

fn null_ref(ty: ValType) -> Ref {
    match ty {
        ValType::ExternRef => Ref::Extern(Nullable::Null),
        _ => Ref::Func(Nullable::Null),
    }
}

impl Runtime for Wasmi {
    const NAME: &'static str = "wasmi";

    fn instantiate(wasm: &[u8], limits: Limits) -> Result<Self, InstantiateError> {
        let engine = engine();
        let module =
            Module::new(engine, wasm).map_err(|e| InstantiateError::Compile(e.to_string()))?;
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
            let limit = |e: Error| InstantiateError::Limit(e.to_string());
            let ext = match import.ty() {
                ExternType::Func(ft) => {
                    let results: Vec<ValType> = ft.results().to_vec();
                    let index = funcs;
                    funcs += 1;
                    Extern::Func(Func::new(
                        &mut store,
                        ft.clone(),
                        move |mut caller: Caller<'_, State>, params: &[Val], out: &mut [Val]| {
                            let args = params.iter().map(from_val).collect();
                            caller.data_mut().calls.push((index, args));
                            for (o, &t) in out.iter_mut().zip(&results) {
                                *o = Val::default_for_ty(t);
                            }
                            Ok(())
                        },
                    ))
                }
                ExternType::Memory(mt) => {
                    Extern::Memory(Memory::new(&mut store, *mt).map_err(limit)?)
                }
                ExternType::Table(tt) => {
                    let init = null_ref(ValType::from(tt.element()));
                    Extern::Table(Table::new(&mut store, *tt, init).map_err(limit)?)
                }
                ExternType::Global(gt) => Extern::Global(Global::new(
                    &mut store,
                    Val::default_for_ty(gt.content()),
                    gt.mutability(),
                )),
            };
            imports.push(ext);
        }
        let instance =
            Instance::new(&mut store, &module, &imports).map_err(|e| match trap_result(&e) {
                CallResult::Error(msg) => InstantiateError::Limit(msg),
                trap => InstantiateError::Trap(trap),
            })?;
        Ok(Wasmi { store, instance })
    }

    fn call(&mut self, export: &str, args: &[Value]) -> CallResult {
        let Some(f) = self.instance.get_func(&self.store, export) else {
            return CallResult::Error(format!("no exported function {export:?}"));
        };
        let ty = f.ty(&self.store);
        let args: Vec<Val> = args.iter().map(|&v| to_val(v)).collect();
        let mut out: Vec<Val> = ty
            .results()
            .iter()
            .map(|&t| Val::default_for_ty(t))
            .collect();
        match f.call(&mut self.store, &args, &mut out) {
            Ok(()) => CallResult::Returned(out.iter().map(from_val).collect()),
            Err(e) => trap_result(&e),
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
        Some(from_val(&g.get(&self.store)))
    }

    fn table(&mut self, export: &str) -> Option<Vec<bool>> {
        let t = self.instance.get_table(&self.store, export)?;
        let size = t.size(&self.store);
        Some(
            (0..size)
                .map(|i| t.get(&self.store, i).is_some_and(|r| !r.is_null()))
                .collect(),
        )
    }
}
