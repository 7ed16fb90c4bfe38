//! The `spectest` host module the test suite imports from.

use mote::{
    Caller, Error, Extern, Global, GlobalType, Linker, Memory, MemoryType, Mutability, Store,
    Table, TableType, Val, ValType,
};

const MODULE: &str = "spectest";

/// Defines the `spectest` module's functions, globals, table and memory in `linker`.
pub fn define(store: &mut Store<()>, linker: &mut Linker<()>) -> Result<(), Error> {
    linker.func_wrap(MODULE, "print", |_: Caller<'_, ()>| {})?;
    linker.func_wrap(MODULE, "print_i32", |_: Caller<'_, ()>, _: i32| {})?;
    linker.func_wrap(MODULE, "print_i64", |_: Caller<'_, ()>, _: i64| {})?;
    linker.func_wrap(MODULE, "print_f32", |_: Caller<'_, ()>, _: f32| {})?;
    linker.func_wrap(MODULE, "print_f64", |_: Caller<'_, ()>, _: f64| {})?;
    linker.func_wrap(
        MODULE,
        "print_i32_f32",
        |_: Caller<'_, ()>, _: i32, _: f32| {},
    )?;
    linker.func_wrap(
        MODULE,
        "print_f64_f64",
        |_: Caller<'_, ()>, _: f64, _: f64| {},
    )?;

    let globals = [
        ("global_i32", ValType::I32, Val::I32(666)),
        ("global_i64", ValType::I64, Val::I64(666)),
        ("global_f32", ValType::F32, Val::F32(666.6f32.to_bits())),
        ("global_f64", ValType::F64, Val::F64(666.6f64.to_bits())),
    ];
    for (name, ty, value) in globals {
        let global = Global::new(&mut *store, GlobalType::new(ty, Mutability::Const), value)?;
        linker.define(&*store, MODULE, name, Extern::Global(global))?;
    }

    let table = Table::new(
        &mut *store,
        TableType::new(ValType::FUNCREF, 10, Some(20)),
        Val::FuncRef(None),
    )?;
    linker.define(&*store, MODULE, "table", Extern::Table(table))?;

    // The memory64 proposal's tests import a table of i64 indices.
    let table64 = Table::new(
        &mut *store,
        TableType::new64(ValType::FUNCREF, 10, Some(20)),
        Val::FuncRef(None),
    )?;
    linker.define(&*store, MODULE, "table64", Extern::Table(table64))?;

    let memory = Memory::new(&mut *store, MemoryType::new(1, Some(2)))?;
    linker.define(&*store, MODULE, "memory", Extern::Memory(memory))?;

    // The threads proposal's tests import it.
    let shared = MemoryType::new(1, Some(2)).with_shared(true);
    let shared_memory = Memory::new(&mut *store, shared)?;
    linker.define(
        &*store,
        MODULE,
        "shared_memory",
        Extern::Memory(shared_memory),
    )?;
    Ok(())
}
