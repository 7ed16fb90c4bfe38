//! The embedding API: typed and untyped calls, globals, tables, memories,
//! multi-value, exports and features (linking: `linking.rs`).

use crate::{expect_trap, instantiate, module};
use mote::{
    CallError, Caller, Engine, Error, Extern, Func, Global, GlobalType, LimitKind, Linker, Memory,
    MemoryType, Mutability, Table, TableType, TrapCode, Val, ValType,
};

pub(crate) const BASIC: &str = r#"
(module
  (type $ii (func (param i32) (result i32)))
  (memory (export "memory") 1 3)
  (table (export "table") 2 10 funcref)
  (global (export "counter") (mut i32) (i32.const 5))
  (global (export "const") i64 (i64.const -9))
  (global (export "fcounter") (mut f64) (f64.const 1.5))
  (func (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "double") (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func (export "read_counter") (result i32) (global.get 0))
  (func (export "bump") (global.set 0 (i32.add (global.get 0) (i32.const 1))))
  (func (export "read_f") (result f64) (global.get 2))
  (func (export "call_at") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 1) (local.get 0)))
  (func (export "table_size") (result i32) (table.size 0))
  (func (export "table_grow") (param funcref i32) (result i32) (table.grow 0 (local.get 0) (local.get 1)))
  (func (export "mem_size") (result i32) (memory.size))
  (func (export "mem_grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "swap") (param i32 i64) (result i64 i32) (local.get 1) (local.get 0))
  (func (export "divmod") (param i32 i32) (result i32 i32)
    (i32.div_u (local.get 0) (local.get 1))
    (i32.rem_u (local.get 0) (local.get 1)))
  (func (export "block_multi") (param i32) (result i32)
    ;; A multi-value block with parameters.
    (i32.const 10) (local.get 0)
    (block (param i32 i32) (result i32 i32 i32)
      (i32.const 3))
    (i32.add) (i32.mul))
  (func (export "many") (result i32 i64 f32 f64 i32 i32 i32 i32)
    (i32.const 1) (i64.const 2) (f32.const 3) (f64.const 4)
    (i32.const 5) (i32.const 6) (i32.const 7) (i32.const 8))
)
"#;

#[test]
fn typed_func_signature_mismatch() {
    let engine = Engine::default();
    let (store, inst) = instantiate(&engine, BASIC);
    let sig = |r: Result<_, Error>| matches!(r, Err(Error::Call(CallError::SignatureMismatch)));
    assert!(sig(inst
        .get_typed_func::<(i32, i32), i64>(&store, "add64")
        .map(|_| ())));
    assert!(sig(inst
        .get_typed_func::<(i64, i64), i32>(&store, "add64")
        .map(|_| ())));
    assert!(sig(inst
        .get_typed_func::<i64, i64>(&store, "add64")
        .map(|_| ())));
    assert!(sig(inst
        .get_typed_func::<(i64, i64, i64), i64>(&store, "add64")
        .map(|_| ())));
    assert!(sig(inst
        .get_typed_func::<(i64, i64), ()>(&store, "add64")
        .map(|_| ())));
    assert!(sig(inst
        .get_typed_func::<(i64, i64), (i64, i64)>(&store, "add64")
        .map(|_| ())));
    assert!(sig(inst
        .get_typed_func::<u32, f32>(&store, "double")
        .map(|_| ())));
    assert!(sig(inst
        .get_typed_func::<(i32, i64), (i32, i64)>(&store, "swap")
        .map(|_| ())));
    // Unsigned types map to the same wasm types.
    assert!(
        inst.get_typed_func::<(u64, u64), u64>(&store, "add64")
            .is_ok()
    );
    // Missing exports and non-function exports.
    let nf = |r: Result<_, Error>| matches!(r, Err(Error::Call(CallError::NotFound)));
    assert!(nf(inst
        .get_typed_func::<(), ()>(&store, "nope")
        .map(|_| ())));
    assert!(nf(inst
        .get_typed_func::<(), ()>(&store, "memory")
        .map(|_| ())));
    // The right signature works.
    let mut store = store;
    let add = inst
        .get_typed_func::<(i64, i64), i64>(&store, "add64")
        .unwrap();
    assert_eq!(add.call(&mut store, (i64::MAX, 1)).unwrap(), i64::MIN);
}

#[test]
fn untyped_call_checks_arity_and_types() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, BASIC);
    let add = inst.get_func(&store, "add64").unwrap();
    let ty = add.ty(&store);
    assert_eq!(ty.params(), &[ValType::I64, ValType::I64]);
    assert_eq!(ty.results(), &[ValType::I64]);
    let mut out = [Val::I64(0)];
    let arity = |r: Result<(), Error>| matches!(r, Err(Error::Call(CallError::ArityMismatch)));
    assert!(arity(add.call(&mut store, &[Val::I64(1)], &mut out)));
    assert!(arity(add.call(&mut store, &[], &mut out)));
    assert!(arity(add.call(
        &mut store,
        &[Val::I64(1), Val::I64(2), Val::I64(3)],
        &mut out
    )));
    assert!(arity(add.call(
        &mut store,
        &[Val::I64(1), Val::I64(2)],
        &mut []
    )));
    assert!(arity(add.call(
        &mut store,
        &[Val::I64(1), Val::I64(2)],
        &mut [Val::I64(0), Val::I64(0)]
    )));
    let r = add.call(&mut store, &[Val::I64(1), Val::I32(2)], &mut out);
    assert!(
        matches!(r, Err(Error::Call(CallError::TypeMismatch))),
        "got {r:?}"
    );
    let r = add.call(&mut store, &[Val::F64(1), Val::I64(2)], &mut out);
    assert!(
        matches!(r, Err(Error::Call(CallError::TypeMismatch))),
        "got {r:?}"
    );
    // The rejected calls wrote no results.
    assert_eq!(out, [Val::I64(0)]);
    add.call(&mut store, &[Val::I64(40), Val::I64(2)], &mut out)
        .unwrap();
    assert_eq!(out, [Val::I64(42)]);
    // `results` slots of the wrong type are overwritten with the right type.
    let mut out = [Val::I32(-1)];
    add.call(&mut store, &[Val::I64(1), Val::I64(2)], &mut out)
        .unwrap();
    assert_eq!(out, [Val::I64(3)]);
    // Host functions get the same checks.
    let h = Func::wrap(&mut store, |_: Caller<'_, ()>, a: i32| a + 1).unwrap();
    let mut out = [Val::I32(0)];
    assert!(arity(h.call(&mut store, &[], &mut out)));
    let r = h.call(&mut store, &[Val::I64(1)], &mut out);
    assert!(
        matches!(r, Err(Error::Call(CallError::TypeMismatch))),
        "got {r:?}"
    );
    h.call(&mut store, &[Val::I32(1)], &mut out).unwrap();
    assert_eq!(out, [Val::I32(2)]);
}

#[test]
fn globals_from_the_host() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, BASIC);
    let counter = inst.get_global(&store, "counter").unwrap();
    let konst = inst.get_global(&store, "const").unwrap();
    let fcounter = inst.get_global(&store, "fcounter").unwrap();
    assert_eq!(
        counter.ty(&store),
        GlobalType::new(ValType::I32, Mutability::Var)
    );
    assert_eq!(
        konst.ty(&store),
        GlobalType::new(ValType::I64, Mutability::Const)
    );
    assert_eq!(counter.get(&store), Val::I32(5));
    assert_eq!(konst.get(&store), Val::I64(-9));
    assert_eq!(fcounter.get(&store), Val::from(1.5f64));

    let read = inst
        .get_typed_func::<(), i32>(&store, "read_counter")
        .unwrap();
    let bump = inst.get_typed_func::<(), ()>(&store, "bump").unwrap();
    counter.set(&mut store, Val::I32(100)).unwrap();
    assert_eq!(read.call(&mut store, ()).unwrap(), 100);
    bump.call(&mut store, ()).unwrap();
    assert_eq!(counter.get(&store), Val::I32(101));
    fcounter.set(&mut store, Val::from(-0.25f64)).unwrap();
    let read_f = inst.get_typed_func::<(), f64>(&store, "read_f").unwrap();
    assert_eq!(read_f.call(&mut store, ()).unwrap(), -0.25);

    // Immutable: an error, and the value is unchanged.
    let r = konst.set(&mut store, Val::I64(1));
    assert!(
        matches!(r, Err(Error::Call(CallError::Immutable))),
        "got {r:?}"
    );
    assert_eq!(konst.get(&store), Val::I64(-9));
    // Wrong type: an error, and the value is unchanged.
    let r = counter.set(&mut store, Val::I64(1));
    assert!(
        matches!(r, Err(Error::Call(CallError::TypeMismatch))),
        "got {r:?}"
    );
    assert_eq!(counter.get(&store), Val::I32(101));

    // Host-created globals, imported by a module.
    let g = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Var),
        Val::I32(7),
    )
    .unwrap();
    assert!(
        Global::new(
            &mut store,
            GlobalType::new(ValType::I32, Mutability::Var),
            Val::F32(0)
        )
        .is_err()
    );
    let m = module(
        &engine,
        r#"(module (import "host" "g" (global $g (mut i32)))
             (func (export "inc") (result i32)
               (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g)))"#,
    );
    let mut linker = Linker::new(&engine);
    linker.define(&store, "host", "g", g).unwrap();
    let inst2 = linker.instantiate(&mut store, &m).unwrap();
    let inc = inst2.get_typed_func::<(), i32>(&store, "inc").unwrap();
    assert_eq!(inc.call(&mut store, ()).unwrap(), 8);
    assert_eq!(g.get(&store), Val::I32(8));
    g.set(&mut store, Val::I32(-1)).unwrap();
    assert_eq!(inc.call(&mut store, ()).unwrap(), 0);
}

#[test]
fn tables_from_the_host() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, BASIC);
    let table = inst.get_table(&store, "table").unwrap();
    assert_eq!(
        table.ty(&store),
        TableType::new(ValType::FUNCREF, 2, Some(10))
    );
    assert_eq!(table.size(&store), 2);
    assert_eq!(table.get(&store, 0), Some(Val::FuncRef(None)));
    assert_eq!(table.get(&store, 2), None);
    assert_eq!(table.get(&store, u64::MAX), None);

    // Put a wasm function and a host function in the table; wasm calls them.
    let double = inst.get_func(&store, "double").unwrap();
    let host = Func::wrap(&mut store, |_: Caller<'_, ()>, x: i32| x - 1).unwrap();
    table
        .set(&mut store, 0, Val::FuncRef(Some(double)))
        .unwrap();
    table.set(&mut store, 1, Val::FuncRef(Some(host))).unwrap();
    assert_eq!(table.get(&store, 0), Some(Val::FuncRef(Some(double))));
    let call_at = inst
        .get_typed_func::<(i32, i32), i32>(&store, "call_at")
        .unwrap();
    assert_eq!(call_at.call(&mut store, (0, 21)).unwrap(), 42);
    assert_eq!(call_at.call(&mut store, (1, 21)).unwrap(), 20);
    // A function of the wrong type set from the host is caught at the call.
    let add = inst.get_func(&store, "add64").unwrap();
    table.set(&mut store, 1, Val::FuncRef(Some(add))).unwrap();
    expect_trap(call_at.call(&mut store, (1, 21)), TrapCode::BadSignature);
    table.set(&mut store, 1, Val::FuncRef(None)).unwrap();
    expect_trap(
        call_at.call(&mut store, (1, 21)),
        TrapCode::IndirectCallToNull,
    );

    // Out of bounds and wrong type.
    let r = table.set(&mut store, 2, Val::FuncRef(None));
    assert!(
        matches!(r, Err(Error::Trap(t)) if t.code() == TrapCode::TableOutOfBounds),
        "got {r:?}"
    );
    let r = table.set(&mut store, 0, Val::I32(0));
    assert!(
        matches!(r, Err(Error::Call(CallError::TypeMismatch))),
        "got {r:?}"
    );
    assert_eq!(table.get(&store, 0), Some(Val::FuncRef(Some(double))));

    // Growing (through wasm; the host sees it).
    let grow = inst
        .get_typed_func::<(Option<Func>, i32), i32>(&store, "table_grow")
        .unwrap();
    let size = inst
        .get_typed_func::<(), i32>(&store, "table_size")
        .unwrap();
    assert_eq!(grow.call(&mut store, (Some(double), 3)).unwrap(), 2);
    assert_eq!(table.size(&store), 5);
    assert_eq!(size.call(&mut store, ()).unwrap(), 5);
    assert_eq!(table.get(&store, 4), Some(Val::FuncRef(Some(double))));
    assert_eq!(call_at.call(&mut store, (4, 5)).unwrap(), 10);
    table.set(&mut store, 4, Val::FuncRef(Some(host))).unwrap();
    assert_eq!(call_at.call(&mut store, (4, 5)).unwrap(), 4);
    // Past the declared maximum of 10: -1 and no change.
    assert_eq!(grow.call(&mut store, (None, 6)).unwrap(), -1);
    assert_eq!(table.size(&store), 5);
    assert_eq!(grow.call(&mut store, (None, 5)).unwrap(), 5);
    assert_eq!(table.size(&store), 10);
    assert_eq!(table.get(&store, 9), Some(Val::FuncRef(None)));

    // A host-created table of externrefs.
    let t = Table::new(
        &mut store,
        TableType::new(ValType::EXTERNREF, 3, None),
        Val::ExternRef(None),
    )
    .unwrap();
    t.set(
        &mut store,
        2,
        Val::ExternRef(Some(mote::ExternRef::new(77))),
    )
    .unwrap();
    assert_eq!(
        t.get(&store, 2),
        Some(Val::ExternRef(Some(mote::ExternRef::new(77))))
    );
    assert!(
        Table::new(
            &mut store,
            TableType::new(ValType::EXTERNREF, 1, None),
            Val::FuncRef(None)
        )
        .is_err()
    );
}

#[test]
fn memory_grow_from_host_and_wasm() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, BASIC);
    let mem = inst.get_memory(&store, "memory").unwrap();
    assert_eq!(mem.ty(&store), MemoryType::new(1, Some(3)));
    assert_eq!(mem.size(&store), 1);
    assert_eq!(mem.data(&store).len(), 65536);
    let size = inst.get_typed_func::<(), i32>(&store, "mem_size").unwrap();
    let grow = inst.get_typed_func::<i32, i32>(&store, "mem_grow").unwrap();
    let load = inst.get_typed_func::<i32, i32>(&store, "load").unwrap();
    expect_trap(load.call(&mut store, 65536), TrapCode::MemoryOutOfBounds);

    assert_eq!(mem.grow(&mut store, 1).unwrap(), 1);
    assert_eq!(mem.size(&store), 2);
    assert_eq!(mem.data(&store).len(), 2 * 65536);
    assert_eq!(size.call(&mut store, ()).unwrap(), 2);
    // New memory is zeroed and addressable from wasm.
    assert!(mem.data(&store)[65536..].iter().all(|&b| b == 0));
    mem.write(&mut store, 65536, &[1, 2, 3, 4]).unwrap();
    assert_eq!(load.call(&mut store, 65536).unwrap(), 0x0403_0201);
    mem.data_mut(&mut store)[131071] = 0xff;
    let mut b = [0u8; 1];
    mem.read(&store, 131071, &mut b).unwrap();
    assert_eq!(b, [0xff]);

    // Past the maximum: an error from the host, -1 from wasm, no change.
    let r = mem.grow(&mut store, 2);
    assert!(
        matches!(r, Err(Error::Limit(LimitKind::MemoryPages))),
        "got {r:?}"
    );
    assert_eq!(grow.call(&mut store, 2).unwrap(), -1);
    assert_eq!(grow.call(&mut store, -1).unwrap(), -1);
    assert_eq!(mem.size(&store), 2);
    assert_eq!(grow.call(&mut store, 0).unwrap(), 2);
    assert_eq!(grow.call(&mut store, 1).unwrap(), 2);
    assert_eq!(mem.size(&store), 3);
    assert_eq!(mem.data(&store).len(), 3 * 65536);
    assert_eq!(mem.grow(&mut store, 0).unwrap(), 3);
    assert!(mem.grow(&mut store, 1).is_err());

    // A host-created memory imported by a module.
    let host_mem = Memory::new(&mut store, MemoryType::new(1, Some(2))).unwrap();
    host_mem.write(&mut store, 8, &42i32.to_le_bytes()).unwrap();
    let m = module(
        &engine,
        r#"(module (import "host" "mem" (memory 1))
             (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))"#,
    );
    let mut linker = Linker::new(&engine);
    linker.define(&store, "host", "mem", host_mem).unwrap();
    let inst2 = linker.instantiate(&mut store, &m).unwrap();
    let load2 = inst2.get_typed_func::<i32, i32>(&store, "load").unwrap();
    assert_eq!(load2.call(&mut store, 8).unwrap(), 42);
}

#[test]
fn multi_value_returns() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, BASIC);
    let swap = inst
        .get_typed_func::<(i32, i64), (i64, i32)>(&store, "swap")
        .unwrap();
    assert_eq!(swap.call(&mut store, (1, -2)).unwrap(), (-2, 1));
    let divmod = inst
        .get_typed_func::<(i32, i32), (i32, i32)>(&store, "divmod")
        .unwrap();
    assert_eq!(divmod.call(&mut store, (47, 5)).unwrap(), (9, 2));
    expect_trap(
        divmod.call(&mut store, (1, 0)),
        TrapCode::IntegerDivisionByZero,
    );
    let block_multi = inst
        .get_typed_func::<i32, i32>(&store, "block_multi")
        .unwrap();
    // 10 * (x + 3)
    assert_eq!(block_multi.call(&mut store, 4).unwrap(), 70);
    let many = inst
        .get_typed_func::<(), (i32, i64, f32, f64, i32, i32, i32, i32)>(&store, "many")
        .unwrap();
    assert_eq!(
        many.call(&mut store, ()).unwrap(),
        (1, 2, 3.0, 4.0, 5, 6, 7, 8)
    );
    // Untyped.
    let f = inst.get_func(&store, "swap").unwrap();
    let mut out = [Val::I32(0), Val::I32(0)];
    f.call(&mut store, &[Val::I32(7), Val::I64(8)], &mut out)
        .unwrap();
    assert_eq!(out, [Val::I64(8), Val::I32(7)]);

    // Multi-value through a host function and back.
    let m = module(
        &engine,
        r#"(module
          (import "env" "split" (func $split (param i64) (result i32 i32)))
          (func (export "join") (param i64) (result i64) (local $hi i64)
            (call $split (local.get 0))   ;; [lo hi]
            (local.set $hi (i64.shl (i64.extend_i32_u) (i64.const 32)))
            ;; lo | hi << 32
            (i64.or (i64.extend_i32_u) (local.get $hi))))"#,
    );
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "split", |_: Caller<'_, ()>, x: i64| -> (i32, i32) {
            (x as i32, (x >> 32) as i32)
        })
        .unwrap();
    let inst = linker.instantiate(&mut store, &m).unwrap();
    let join = inst.get_typed_func::<i64, i64>(&store, "join").unwrap();
    assert_eq!(
        join.call(&mut store, 0x1234_5678_9abc_def0).unwrap(),
        0x1234_5678_9abc_def0
    );
}

#[test]
fn exports_are_enumerable() {
    let engine = Engine::default();
    let (store, inst) = instantiate(&engine, BASIC);
    let names: Vec<&str> = inst.exports(&store).map(|(n, _)| n).collect();
    assert!(names.contains(&"memory") && names.contains(&"add64") && names.contains(&"counter"));
    assert!(matches!(
        inst.get_export(&store, "memory"),
        Some(Extern::Memory(_))
    ));
    assert!(matches!(
        inst.get_export(&store, "table"),
        Some(Extern::Table(_))
    ));
    assert!(matches!(
        inst.get_export(&store, "counter"),
        Some(Extern::Global(_))
    ));
    assert!(matches!(
        inst.get_export(&store, "add64"),
        Some(Extern::Func(_))
    ));
    assert!(inst.get_export(&store, "nope").is_none());
}

#[test]
fn error_is_small() {
    assert!(
        std::mem::size_of::<Error>() <= 32,
        "size_of::<Error>() = {}",
        std::mem::size_of::<Error>()
    );
    assert!(std::mem::size_of::<Result<(), Error>>() <= 32);
    assert_eq!(std::mem::size_of::<mote::Trap>(), 8);
}

#[test]
fn module_reports_features_and_export_types() {
    use mote::{ExternType, Features, ValType};
    let engine = mote::Engine::default();
    let m = crate::module(
        &engine,
        r#"(module
            (import "env" "g" (global (mut i32)))
            (memory (export "mem") 2 3)
            (func (export "f") (param i64) (result i32 i32)
              local.get 0 i32.wrap_i64 i32.extend8_s
              i32.const 0 i32.const 0 i32.const 0 memory.fill
              i32.const 1))"#,
    );
    let f = m.features();
    assert!(f.contains(Features::MUTABLE_GLOBAL));
    assert!(f.contains(Features::SIGN_EXTENSION));
    assert!(f.contains(Features::BULK_MEMORY));
    assert!(f.contains(Features::MULTI_VALUE));
    assert!(!f.contains(Features::TAIL_CALL));
    assert_eq!(
        f.names().collect::<Vec<_>>(),
        [
            "mutable-global",
            "sign-extension",
            "multi-value",
            "bulk-memory"
        ]
    );
    let exports: Vec<_> = m.exports().collect();
    assert_eq!(exports.len(), 2);
    match &exports[0] {
        ("mem", ExternType::Memory(t)) => assert_eq!((t.minimum(), t.maximum()), (2, Some(3))),
        other => panic!("unexpected export {other:?}"),
    }
    match &exports[1] {
        ("f", ExternType::Func(t)) => {
            assert_eq!(t.params(), [ValType::I64]);
            assert_eq!(t.results(), [ValType::I32, ValType::I32]);
        }
        other => panic!("unexpected export {other:?}"),
    }
}

#[test]
fn one_byte_pages_give_a_memory_of_a_few_bytes() {
    let engine = mote::Engine::default();
    let (mut store, inst) = crate::instantiate(
        &engine,
        r#"(module
            (memory (export "mem") 3 10 (pagesize 1))
            (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
            (func (export "load") (param i32) (result i32) local.get 0 i32.load8_u))"#,
    );
    let mem = inst.get_memory(&store, "mem").unwrap();
    assert_eq!(mem.data(&store).len(), 3);
    assert_eq!(mem.ty(&store).page_size_log2(), 0);
    let load = inst.get_typed_func::<i32, i32>(&store, "load").unwrap();
    assert_eq!(load.call(&mut store, 2).unwrap(), 0);
    crate::expect_trap(load.call(&mut store, 3), mote::TrapCode::MemoryOutOfBounds);
    let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 7).unwrap(), 3);
    assert_eq!(mem.data(&store).len(), 10);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
}

#[test]
fn local_set_after_drop_keeps_the_right_value() {
    let engine = mote::Engine::default();
    let (mut store, inst) = crate::instantiate(
        &engine,
        r#"(module (func (export "f") (result i32) (local i32)
            i32.const 1 i32.const 2 drop local.set 0 local.get 0))"#,
    );
    let f = inst.get_typed_func::<(), i32>(&store, "f").unwrap();
    assert_eq!(f.call(&mut store, ()).unwrap(), 1);
}
