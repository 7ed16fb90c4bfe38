//! Linking and instantiation through the API: unknown and mismatched
//! imports, start functions, traps while instantiating, calls between
//! instances, and handles used with the wrong store.

use crate::{expect_trap, instantiate, module};
use mote::{
    CallError, Caller, Engine, Error, Extern, Global, GlobalType, LinkError, LinkErrorKind, Linker,
    Memory, MemoryType, Mutability, Store, Table, TableType, TrapCode, Val, ValType,
};

#[test]
fn unknown_import() {
    let engine = Engine::default();
    let m = module(
        &engine,
        r#"(module
          (import "env" "known" (func (param i32)))
          (import "env" "missing" (func (param i32)))
          (import "other" "known" (func (param i32))))"#,
    );
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "known", |_: Caller<'_, ()>, _: i32| {})
        .unwrap();
    linker
        .func_wrap("other", "missing", |_: Caller<'_, ()>, _: i32| {})
        .unwrap();
    let r = linker.instantiate(&mut store, &m);
    assert!(
        matches!(
            r,
            Err(Error::Link(LinkError {
                kind: LinkErrorKind::UnknownImport,
                import: 1
            }))
        ),
        "got {r:?}"
    );
    linker
        .func_wrap("env", "missing", |_: Caller<'_, ()>, _: i32| {})
        .unwrap();
    let r = linker.instantiate(&mut store, &m);
    assert!(
        matches!(
            r,
            Err(Error::Link(LinkError {
                kind: LinkErrorKind::UnknownImport,
                import: 2
            }))
        ),
        "got {r:?}"
    );
    linker
        .func_wrap("other", "known", |_: Caller<'_, ()>, _: i32| {})
        .unwrap();
    assert!(linker.instantiate(&mut store, &m).is_ok());
    // Defining a name twice is an error.
    let r = linker
        .func_wrap("env", "known", |_: Caller<'_, ()>, _: i32| {})
        .map(|_| ());
    assert!(
        matches!(
            r,
            Err(Error::Link(LinkError {
                kind: LinkErrorKind::Duplicate,
                ..
            }))
        ),
        "got {r:?}"
    );
    // Display names the problem.
    let e = Error::Link(LinkError {
        kind: LinkErrorKind::UnknownImport,
        import: 1,
    });
    assert!(e.to_string().contains("unknown import"), "{e}");
}

/// `func_wrap_for(Some(module))` defines only what `module` imports, of
/// whatever type; `None` defines everything, as `func_wrap`.
#[test]
fn func_wrap_for_defines_only_the_imports() {
    let engine = Engine::default();
    let text = r#"(module
      (import "env" "used" (func (param i32)))
      (import "env" "wrong" (func (param i32))))"#;
    let (m, mut linker) = (module(&engine, text), Linker::new(&engine));
    let mut store = Store::new(&engine, ());
    let nothing = |_: Caller<'_, ()>, _: i32| {};
    for name in ["used", "unused"] {
        linker
            .func_wrap_for(Some(&m), "env", name, nothing)
            .unwrap();
    }
    linker
        .func_wrap_for(Some(&m), "env", "wrong", |_: Caller<'_, ()>| {})
        .unwrap();
    linker.func_wrap_for(None, "other", "any", nothing).unwrap();
    assert!(linker.get(&mut store, "env", "used").is_some());
    assert!(linker.get(&mut store, "env", "unused").is_none());
    assert!(linker.get(&mut store, "other", "any").is_some());
    let wrong = Error::Link(LinkError {
        kind: LinkErrorKind::IncompatibleImportType,
        import: 1,
    });
    assert_eq!(linker.instantiate(&mut store, &m).err(), Some(wrong));
}

#[test]
fn incompatible_import_type() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let incompatible = |r: Result<mote::Instance, Error>, import: u32| {
        assert!(
            matches!(r, Err(Error::Link(LinkError { kind: LinkErrorKind::IncompatibleImportType, import: i })) if i == import),
            "expected IncompatibleImportType for import {import}, got {r:?}"
        )
    };

    // Function with the wrong signature.
    let m = module(
        &engine,
        r#"(module (import "env" "ok" (func)) (import "env" "f" (func (param i32) (result i32))))"#,
    );
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "ok", |_: Caller<'_, ()>| {})
        .unwrap();
    linker
        .func_wrap("env", "f", |_: Caller<'_, ()>, x: i64| -> i64 { x })
        .unwrap();
    incompatible(linker.instantiate(&mut store, &m), 1);
    // Results differ only.
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "ok", |_: Caller<'_, ()>| {})
        .unwrap();
    linker
        .func_wrap("env", "f", |_: Caller<'_, ()>, x: i32| -> (i32, i32) {
            (x, x)
        })
        .unwrap();
    incompatible(linker.instantiate(&mut store, &m), 1);

    // Wrong kind: a memory where a function is expected.
    let mem = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "ok", |_: Caller<'_, ()>| {})
        .unwrap();
    linker.define(&store, "env", "f", mem).unwrap();
    incompatible(linker.instantiate(&mut store, &m), 1);

    // Globals: mutability and type must match exactly.
    let m = module(&engine, r#"(module (import "env" "g" (global (mut i32))))"#);
    for (ty, v) in [
        (
            GlobalType::new(ValType::I32, Mutability::Const),
            Val::I32(0),
        ),
        (GlobalType::new(ValType::I64, Mutability::Var), Val::I64(0)),
    ] {
        let g = Global::new(&mut store, ty, v).unwrap();
        let mut linker = Linker::new(&engine);
        linker.define(&store, "env", "g", g).unwrap();
        incompatible(linker.instantiate(&mut store, &m), 0);
    }

    // Memories: too small, or a maximum larger than the import allows.
    let m = module(&engine, r#"(module (import "env" "m" (memory 2 4)))"#);
    for ty in [
        MemoryType::new(1, Some(4)),
        MemoryType::new(2, None),
        MemoryType::new(2, Some(5)),
    ] {
        let mem = Memory::new(&mut store, ty).unwrap();
        let mut linker = Linker::new(&engine);
        linker.define(&store, "env", "m", mem).unwrap();
        incompatible(linker.instantiate(&mut store, &m), 0);
    }
    let mem = Memory::new(&mut store, MemoryType::new(3, Some(4))).unwrap();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "env", "m", mem).unwrap();
    assert!(linker.instantiate(&mut store, &m).is_ok());

    // Tables: wrong element type.
    let m = module(&engine, r#"(module (import "env" "t" (table 1 funcref)))"#);
    let t = Table::new(
        &mut store,
        TableType::new(ValType::EXTERNREF, 1, None),
        Val::ExternRef(None),
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "env", "t", t).unwrap();
    incompatible(linker.instantiate(&mut store, &m), 0);
}

#[test]
fn start_function_runs_at_instantiation() {
    let engine = Engine::default();
    let m = module(
        &engine,
        r#"(module
          (import "env" "log" (func $log (param i32)))
          (memory (export "memory") 1)
          (global (export "g") (mut i32) (i32.const 1))
          (func $start
            (global.set 0 (i32.mul (global.get 0) (i32.const 42)))
            (i32.store (i32.const 0) (i32.const 0x11223344))
            (call $log (i32.const 9)))
          (start $start))"#,
    );
    let mut store = Store::new(&engine, Vec::<i32>::new());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "log", |mut c: Caller<'_, Vec<i32>>, x: i32| {
            c.data_mut().push(x)
        })
        .unwrap();
    let inst = linker.instantiate(&mut store, &m).unwrap();
    assert_eq!(
        inst.get_global(&store, "g").unwrap().get(&store),
        Val::I32(42)
    );
    let mem = inst.get_memory(&store, "memory").unwrap();
    assert_eq!(&mem.data(&store)[..4], &0x11223344u32.to_le_bytes());
    assert_eq!(store.data().as_slice(), &[9]);
    // Each instantiation runs it once more, on its own state.
    let inst2 = linker.instantiate(&mut store, &m).unwrap();
    assert_eq!(
        inst2.get_global(&store, "g").unwrap().get(&store),
        Val::I32(42)
    );
    assert_eq!(store.data().as_slice(), &[9, 9]);

    // A trapping start function fails instantiation with that trap.
    let m = module(&engine, r#"(module (func $s unreachable) (start $s))"#);
    let r = Linker::new(&engine).instantiate(&mut store, &m);
    expect_trap(r, TrapCode::Unreachable);
    let m = module(
        &engine,
        r#"(module (memory 1) (func $s (drop (i32.load (i32.const 65536)))) (start $s))"#,
    );
    expect_trap(
        Linker::new(&engine).instantiate(&mut store, &m),
        TrapCode::MemoryOutOfBounds,
    );
}

#[test]
fn instantiation_time_traps_and_start_with_caller() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, 0i32);
    // Active segments out of bounds trap during instantiation.
    let m = module(
        &engine,
        r#"(module (memory 1) (data (i32.const 65535) "ab"))"#,
    );
    expect_trap(
        Linker::new(&engine).instantiate(&mut store, &m),
        TrapCode::MemoryOutOfBounds,
    );
    let m = module(
        &engine,
        r#"(module (table 1 funcref) (func $f) (elem (i32.const 1) $f))"#,
    );
    expect_trap(
        Linker::new(&engine).instantiate(&mut store, &m),
        TrapCode::TableOutOfBounds,
    );
    let m = module(&engine, r#"(module (memory 1) (data (i32.const -1) "a"))"#);
    expect_trap(
        Linker::new(&engine).instantiate(&mut store, &m),
        TrapCode::MemoryOutOfBounds,
    );

    // A start function's host callee sees the new instance through Caller.
    let m = module(
        &engine,
        r#"(module
          (import "env" "probe" (func $probe))
          (memory (export "memory") 1)
          (data (i32.const 4) "\05")
          (func (export "seven") (result i32) (i32.const 7))
          (func $start (call $probe))
          (start $start))"#,
    );
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "env",
            "probe",
            |mut c: Caller<'_, i32>| -> Result<(), mote::Trap> {
                let mem = c
                    .get_export("memory")
                    .and_then(Extern::into_memory)
                    .ok_or(mote::Trap::host(1))?;
                let data_byte = mem.data(&c)[4] as i32;
                let seven = c
                    .get_export("seven")
                    .and_then(Extern::into_func)
                    .ok_or(mote::Trap::host(2))?;
                let mut out = [Val::I32(0)];
                seven
                    .call(&mut c, &[], &mut out)
                    .map_err(|_| mote::Trap::host(3))?;
                *c.data_mut() = data_byte * 100 + out[0].i32().unwrap();
                Ok(())
            },
        )
        .unwrap();
    linker.instantiate(&mut store, &m).unwrap();
    assert_eq!(
        *store.data(),
        507,
        "data segments must be applied before start, and exports visible"
    );
}

const PROVIDER: &str = r#"
(module
  (import "env" "whoami" (func $whoami (result i32)))
  (memory (export "mem") 1)
  (data (i32.const 0) "\2a")
  (table (export "tab") 2 funcref)
  (elem (i32.const 0) $peek $who)
  (func $peek (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func $who (export "who") (param i32) (result i32) (i32.add (local.get 0) (call $whoami)))
)
"#;

const CONSUMER: &str = r#"
(module
  (import "a" "peek" (func $peek (param i32) (result i32)))
  (import "a" "who" (func $who (param i32) (result i32)))
  (import "a" "tab" (table 2 funcref))
  (import "env" "whoami" (func $whoami (result i32)))
  (memory (export "mem") 1)
  (data (i32.const 0) "\07")
  (func (export "direct") (result i32)
    (i32.add (call $peek (i32.const 0)) (i32.load8_u (i32.const 0))))
  (func (export "tail") (result i32) (return_call $peek (i32.const 0)))
  (func $mid (result i32) (return_call $peek (i32.const 0)))
  (func (export "nested_tail") (result i32)
    (i32.add (call $mid) (i32.load8_u (i32.const 0))))
  (func (export "indirect") (result i32)
    (i32.add (call_indirect (param i32) (result i32) (i32.const 0) (i32.const 0))
             (i32.load8_u (i32.const 0))))
  (func (export "tail_indirect") (result i32)
    (return_call_indirect (param i32) (result i32) (i32.const 0) (i32.const 0)))
  ;; The host callee must see the instance whose code called it.
  (func (export "who_direct") (result i32) (i32.add (call $who (i32.const 0)) (call $whoami)))
  (func (export "who_indirect") (result i32)
    (call_indirect (param i32) (result i32) (i32.const 1000) (i32.const 1)))
)
"#;

#[test]
fn cross_instance_calls_switch_instance_state() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    // whoami: the first byte of the *caller's* memory.
    linker
        .func_wrap("env", "whoami", |c: Caller<'_, ()>| -> i32 {
            let mem = c
                .get_export("mem")
                .and_then(Extern::into_memory)
                .expect("caller has a memory");
            mem.data(&c)[0] as i32
        })
        .unwrap();
    let a = linker
        .instantiate(&mut store, &module(&engine, PROVIDER))
        .unwrap();
    linker.instance(&mut store, "a", a).unwrap();
    let b = linker
        .instantiate(&mut store, &module(&engine, CONSUMER))
        .unwrap();
    let call = |store: &mut Store<()>, name: &str| -> i32 {
        b.get_typed_func::<(), i32>(&*store, name)
            .unwrap()
            .call(&mut *store, ())
            .unwrap()
    };
    // 42 from A's memory, then 7 from B's memory after returning to B.
    assert_eq!(call(&mut store, "direct"), 49);
    assert_eq!(call(&mut store, "tail"), 42);
    assert_eq!(call(&mut store, "nested_tail"), 49);
    assert_eq!(call(&mut store, "indirect"), 49);
    assert_eq!(call(&mut store, "tail_indirect"), 42);
    // A's `who` calls whoami from A (42); B calls whoami itself (7).
    assert_eq!(call(&mut store, "who_direct"), 42 + 7);
    assert_eq!(call(&mut store, "who_indirect"), 1000 + 42);
    // And the provider on its own.
    let peek = a.get_typed_func::<i32, i32>(&store, "peek").unwrap();
    assert_eq!(peek.call(&mut store, 0).unwrap(), 42);
}

#[test]
fn foreign_handles_are_rejected() {
    let engine = Engine::default();
    let (mut store_a, inst) = instantiate(&engine, crate::api::BASIC);
    let double = inst.get_func(&store_a, "double").unwrap();
    let mem = inst.get_memory(&store_a, "memory").unwrap();
    let mut empty = Store::new(&engine, ());
    let mut out = [Val::I32(0)];
    let r = double.call(&mut empty, &[Val::I32(1)], &mut out);
    assert!(
        matches!(r, Err(Error::Call(CallError::ForeignHandle))),
        "got {r:?}"
    );
    let r = mem.read(&empty, 0, &mut [0u8; 4]);
    assert!(
        matches!(r, Err(Error::Call(CallError::ForeignHandle))),
        "got {r:?}"
    );
    let r = mem.grow(&mut empty, 1);
    assert!(
        matches!(r, Err(Error::Call(CallError::ForeignHandle))),
        "got {r:?}"
    );
    // The handles still work with their own store.
    double
        .call(&mut store_a, &[Val::I32(21)], &mut out)
        .unwrap();
    assert_eq!(out, [Val::I32(42)]);
}

#[test]
fn handles_know_their_store() {
    // Two stores with the same entities at the same indices: a handle of
    // one must never reach the other's.
    let engine = Engine::default();
    let text = r#"(module (memory (export "m") 1) (global (export "g") (mut i32) (i32.const 7))
        (table (export "t") 1 funcref) (func (export "f") (result i32) (i32.const 1)))"#;
    let (mut a, ia) = instantiate(&engine, text);
    let (mut b, _ib) = instantiate(&engine, text);
    let mem = ia.get_memory(&a, "m").unwrap();
    let global = ia.get_global(&a, "g").unwrap();
    let table = ia.get_table(&a, "t").unwrap();
    let func = ia.get_func(&a, "f").unwrap();
    let foreign = |r: Result<(), Error>| {
        assert!(
            matches!(r, Err(Error::Call(CallError::ForeignHandle))),
            "{r:?}"
        )
    };
    foreign(mem.write(&mut b, 0, &[1]));
    foreign(mem.read(&b, 0, &mut [0]));
    foreign(mem.grow(&mut b, 1).map(drop));
    foreign(global.set(&mut b, Val::I32(1)));
    foreign(table.set(&mut b, 0, Val::FuncRef(None)));
    foreign(table.grow(&mut b, 1, Val::FuncRef(None)).map(drop));
    foreign(func.call(&mut b, &[], &mut [Val::I32(0)]));
    // A reference to another store's function may not enter this one.
    let own = ia.get_table(&a, "t").unwrap();
    let fb = _ib.get_func(&b, "f").unwrap();
    assert!(matches!(
        own.set(&mut a, 0, Val::FuncRef(Some(fb))),
        Err(Error::Call(CallError::ForeignHandle))
    ));
    // Nothing of `b` changed; `a` still works.
    assert_eq!(_ib.get_global(&b, "g").unwrap().get(&b), Val::I32(7));
    let mut out = [Val::I32(0)];
    func.call(&mut a, &[], &mut out).unwrap();
    assert_eq!(out[0], Val::I32(1));
    // Getters have no error to return: they panic, as wasmtime's do.
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| mem.size(&b)));
    assert!(r.is_err(), "size of another store's memory");
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| global.get(&b)));
    assert!(r.is_err(), "value of another store's global");
    // Imports from another store do not link.
    let m = module(&engine, r#"(module (import "x" "m" (memory 1)))"#);
    let r = mote::Instance::new(&mut b, &m, &[mem.into()]);
    assert!(matches!(r, Err(Error::Link(_))), "{r:?}");
}
