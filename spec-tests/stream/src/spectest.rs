//! The `spectest` host module the test suite imports from.

use mote::{
    Caller, Error, Extern, Global, GlobalType, Linker, Memory, MemoryType, Mutability, Store,
    Table, TableType, Val, ValType,
};

const MODULE: &str = "spectest";

/// Defines the `spectest` module in `linker`: `print*` functions that do
/// nothing, the globals `global_i32`/`global_i64` (666) and
/// `global_f32`/`global_f64` (666.6), a `funcref` table of 10..20 elements
/// a memory of 1..2 pages and a shared one (`shared_memory`, 1..2 pages).
/// The table and memories live in `store`.
pub fn define<T>(store: &mut Store<T>, linker: &mut Linker<T>) -> Result<(), Error> {
    linker.func_wrap(MODULE, "print", |_: Caller<'_, T>| {})?;
    linker.func_wrap(MODULE, "print_i32", |_: Caller<'_, T>, _: i32| {})?;
    linker.func_wrap(MODULE, "print_i64", |_: Caller<'_, T>, _: i64| {})?;
    linker.func_wrap(MODULE, "print_f32", |_: Caller<'_, T>, _: f32| {})?;
    linker.func_wrap(MODULE, "print_f64", |_: Caller<'_, T>, _: f64| {})?;
    linker.func_wrap(
        MODULE,
        "print_i32_f32",
        |_: Caller<'_, T>, _: i32, _: f32| {},
    )?;
    linker.func_wrap(
        MODULE,
        "print_f64_f64",
        |_: Caller<'_, T>, _: f64, _: f64| {},
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

    let table_type = TableType::new(ValType::FUNCREF, 10, Some(20));
    let table = Table::new(&mut *store, table_type, Val::FuncRef(None))?;
    linker.define(&*store, MODULE, "table", Extern::Table(table))?;

    // The memory64 proposal's tests import a table of i64 indices.
    let table64_type = TableType::new64(ValType::FUNCREF, 10, Some(20));
    let table64 = Table::new(&mut *store, table64_type, Val::FuncRef(None))?;
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
