//! The threads proposal on one thread: shared memories through the API
//! (types, import matching, exports), atomic accesses, and waits.

use crate::{engine_with, expect_trap, instantiate, module};
use mote::{
    Engine, Error, Extern, ExternType, Features, Linker, Memory, MemoryType, ResumableCall, Store,
    TrapCode, Val,
};

const ATOMICS: &str = r#"(module
  (memory (export "mem") 1 2 shared)
  (func (export "load") (param i32) (result i32) (i32.atomic.load (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.atomic.load offset=8 (local.get 0)))
  (func (export "add16") (param i32 i32) (result i32)
    (i32.atomic.rmw16.add_u (local.get 0) (local.get 1)))
  (func (export "cmpxchg") (param i32 i32 i32) (result i32)
    (i32.atomic.rmw.cmpxchg (local.get 0) (local.get 1) (local.get 2)))
  (func (export "cmpxchg8") (param i32 i64 i64) (result i64)
    (i64.atomic.rmw8.cmpxchg_u (local.get 0) (local.get 1) (local.get 2)))
  (func (export "wait32") (param i32 i32 i64) (result i32)
    (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "wait64") (param i32 i64 i64) (result i32)
    (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "notify") (param i32 i32) (result i32)
    (memory.atomic.notify (local.get 0) (local.get 1)))
  (func (export "fence") (atomic.fence))
)"#;

#[test]
fn a_shared_memory_is_exported_with_its_type() {
    let engine = Engine::default();
    let m = module(&engine, ATOMICS);
    assert!(m.features().contains(Features::THREADS));
    let ty = m.memories().next().expect("one memory");
    assert!(ty.is_shared());
    assert_eq!((ty.minimum(), ty.maximum()), (1, Some(2)));
    let (store, inst) = instantiate(&engine, ATOMICS);
    let mem = inst.get_memory(&store, "mem").expect("exported memory");
    assert_eq!(
        mem.ty(&store),
        MemoryType::new(1, Some(2)).with_shared(true)
    );
    // A module whose only use of the proposal is a shared memory uses it.
    let plain = module(&engine, "(module (memory 1 1 shared))");
    assert_eq!(plain.features().names().collect::<Vec<_>>(), ["threads"]);
    assert!(
        !module(&engine, "(module (memory 1 1))")
            .features()
            .contains(Features::THREADS)
    );
}

#[test]
fn a_shared_memory_is_refused_without_a_maximum() {
    let bytes = wat::parse_str("(module (memory 1 shared))");
    // The text format may refuse it already; the binary must be refused too.
    let bytes = bytes.unwrap_or_else(|_| {
        // memory section: one memory, flags 0x02 (shared, no maximum), min 1.
        let mut b = b"\0asm\x01\0\0\0".to_vec();
        b.extend_from_slice(&[0x05, 0x03, 0x01, 0x02, 0x01]);
        b
    });
    assert!(matches!(
        mote::Module::new(&Engine::default(), &bytes),
        Err(Error::Decode(_))
    ));
    // Nor may the host make one.
    let engine = Engine::default();
    let mut store = mote::Store::new(&engine, ());
    assert!(matches!(
        Memory::new(&mut store, MemoryType::new(1, None).with_shared(true)),
        Err(Error::Call(mote::CallError::InvalidType))
    ));
    assert!(Memory::new(&mut store, MemoryType::new(1, Some(1)).with_shared(true)).is_ok());
}

#[test]
fn an_import_matches_only_a_memory_of_the_same_sharedness() {
    let engine = Engine::default();
    let shared_import = module(
        &engine,
        r#"(module (import "env" "m" (memory 1 2 shared)))"#,
    );
    let plain_import = module(&engine, r#"(module (import "env" "m" (memory 1 2)))"#);
    let ty = shared_import
        .imports()
        .next()
        .expect("one import")
        .2
        .clone();
    assert_eq!(
        ty,
        ExternType::Memory(MemoryType::new(1, Some(2)).with_shared(true))
    );
    let link = |shared: bool, m: &mote::Module| {
        let mut store = Store::new(&engine, ());
        let memory = Memory::new(&mut store, MemoryType::new(1, Some(2)).with_shared(shared))
            .expect("memory");
        let mut linker = Linker::new(&engine);
        linker
            .define(&store, "env", "m", Extern::Memory(memory))
            .expect("define");
        linker.instantiate(&mut store, m).map(drop)
    };
    link(true, &shared_import).expect("shared into shared");
    link(false, &plain_import).expect("unshared into unshared");
    assert!(matches!(link(false, &shared_import), Err(Error::Link(_))));
    assert!(matches!(link(true, &plain_import), Err(Error::Link(_))));
}

#[test]
fn an_unaligned_atomic_access_traps_before_its_bounds_are_checked() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, ATOMICS);
    let load = inst.get_typed_func::<i32, i32>(&store, "load").unwrap();
    let add16 = inst
        .get_typed_func::<(i32, i32), i32>(&store, "add16")
        .unwrap();
    let load64 = inst.get_typed_func::<i32, i64>(&store, "load64").unwrap();
    expect_trap(load.call(&mut store, 2), TrapCode::UnalignedAtomic);
    expect_trap(add16.call(&mut store, (1, 1)), TrapCode::UnalignedAtomic);
    // `offset=8` counts: 4 + 8 is not a multiple of 8.
    expect_trap(load64.call(&mut store, 4), TrapCode::UnalignedAtomic);
    // Past the end and unaligned: alignment is checked first.
    expect_trap(load.call(&mut store, 65537), TrapCode::UnalignedAtomic);
    expect_trap(load.call(&mut store, 65536), TrapCode::MemoryOutOfBounds);
    expect_trap(load64.call(&mut store, 65528), TrapCode::MemoryOutOfBounds);
    assert_eq!(load.call(&mut store, 65532).unwrap(), 0);
    let trap = expect_trap(load.call(&mut store, 2), TrapCode::UnalignedAtomic);
    assert_eq!(trap.code().message(), "unaligned atomic");
}

#[test]
fn cmpxchg_stores_only_when_the_value_matches() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, ATOMICS);
    let mem = inst.get_memory(&store, "mem").unwrap();
    mem.data_mut(&mut store)[..4].copy_from_slice(&0x1111_1111u32.to_le_bytes());
    let cmpxchg = inst
        .get_typed_func::<(i32, i32, i32), i32>(&store, "cmpxchg")
        .unwrap();
    let cmpxchg8 = inst
        .get_typed_func::<(i32, i64, i64), i64>(&store, "cmpxchg8")
        .unwrap();
    // Not equal: the old value back, memory unchanged.
    assert_eq!(
        cmpxchg.call(&mut store, (0, 0, 0x1234_5678)).unwrap(),
        0x1111_1111
    );
    assert_eq!(mem.data(&store)[..4], 0x1111_1111u32.to_le_bytes());
    // Equal: the old value back, the replacement stored.
    assert_eq!(
        cmpxchg
            .call(&mut store, (0, 0x1111_1111, 0x1234_5678))
            .unwrap(),
        0x1111_1111
    );
    assert_eq!(mem.data(&store)[..4], 0x1234_5678u32.to_le_bytes());
    // A narrow one compares the expected value wrapped to its width
    // (0x178 → 0x78) and stores the replacement's low byte.
    assert_eq!(cmpxchg8.call(&mut store, (0, 0x178, 0xabcd)).unwrap(), 0x78);
    assert_eq!(mem.data(&store)[..4], 0x1234_56cdu32.to_le_bytes());
}

#[test]
fn wait_and_notify_with_one_thread() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, ATOMICS);
    let wait32 = inst
        .get_typed_func::<(i32, i32, i64), i32>(&store, "wait32")
        .unwrap();
    let wait64 = inst
        .get_typed_func::<(i32, i64, i64), i32>(&store, "wait64")
        .unwrap();
    let notify = inst
        .get_typed_func::<(i32, i32), i32>(&store, "notify")
        .unwrap();
    let fence = inst.get_typed_func::<(), ()>(&store, "fence").unwrap();
    fence.call(&mut store, ()).unwrap();
    // "not-equal"
    assert_eq!(wait32.call(&mut store, (0, 5, -1)).unwrap(), 1);
    assert_eq!(wait64.call(&mut store, (8, 5, 0)).unwrap(), 1);
    // Equal with a finite timeout: "timed-out", at once.
    assert_eq!(wait32.call(&mut store, (0, 0, 1_000_000)).unwrap(), 2);
    assert_eq!(wait64.call(&mut store, (8, 0, 0)).unwrap(), 2);
    // Equal and forever: nothing could wake it.
    let t = expect_trap(
        wait32.call(&mut store, (0, 0, -1)),
        TrapCode::AtomicWaitDeadlock,
    );
    assert!(t.code().message().contains("block forever"));
    expect_trap(
        wait64.call(&mut store, (4, 0, 0)),
        TrapCode::UnalignedAtomic,
    );
    assert_eq!(notify.call(&mut store, (0, 10)).unwrap(), 0);
    expect_trap(notify.call(&mut store, (2, 1)), TrapCode::UnalignedAtomic);
    expect_trap(
        notify.call(&mut store, (65536, 1)),
        TrapCode::MemoryOutOfBounds,
    );
}

#[test]
fn wait_on_an_unshared_memory_traps() {
    let engine = Engine::default();
    let text = r#"(module
      (memory 1 1)
      (func (export "wait") (param i32) (result i32)
        (memory.atomic.wait32 (local.get 0) (i32.const 0) (i64.const 0)))
      (func (export "notify") (result i32) (memory.atomic.notify (i32.const 0) (i32.const 1)))
      (func (export "xchg") (result i64) (i64.atomic.rmw.xchg (i32.const 8) (i64.const 7))))"#;
    let (mut store, inst) = instantiate(&engine, text);
    let wait = inst.get_typed_func::<i32, i32>(&store, "wait").unwrap();
    let t = expect_trap(wait.call(&mut store, 0), TrapCode::ExpectedSharedMemory);
    assert_eq!(t.code().message(), "expected shared memory");
    // Alignment and bounds are checked before sharedness.
    expect_trap(wait.call(&mut store, 1), TrapCode::UnalignedAtomic);
    expect_trap(wait.call(&mut store, 65536), TrapCode::MemoryOutOfBounds);
    // The other atomics work on an unshared memory.
    let notify = inst.get_typed_func::<(), i32>(&store, "notify").unwrap();
    assert_eq!(notify.call(&mut store, ()).unwrap(), 0);
    let xchg = inst.get_typed_func::<(), i64>(&store, "xchg").unwrap();
    assert_eq!(xchg.call(&mut store, ()).unwrap(), 0);
    assert_eq!(xchg.call(&mut store, ()).unwrap(), 7);
}

#[test]
fn atomics_resume_after_running_out_of_fuel() {
    let engine = engine_with(|c| {
        c.consume_fuel(true);
    });
    let text = r#"(module
      (memory 1 1 shared)
      (func (export "count") (param $n i32) (result i32)
        (loop $l
          (drop (i32.atomic.rmw.add (i32.const 16) (i32.const 3)))
          (drop (i32.atomic.rmw.cmpxchg (i32.const 20) (i32.atomic.load (i32.const 20))
            (i32.add (i32.atomic.load (i32.const 20)) (i32.const 1))))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (i32.add (i32.atomic.load (i32.const 16)) (i32.atomic.load (i32.const 20)))))"#;
    let (mut store, inst) = instantiate(&engine, text);
    let f = inst.get_func(&store, "count").unwrap();
    let mut results = [Val::I32(0)];
    store.set_fuel(7).unwrap();
    let mut call = f
        .call_resumable(&mut store, &[Val::I32(100)], &mut results)
        .unwrap();
    let mut pauses = 0;
    while let ResumableCall::OutOfFuel(inv) = call {
        pauses += 1;
        assert!(pauses < 10_000, "no progress");
        store.set_fuel(7).unwrap();
        call = inv.resume(&mut store, &mut results).unwrap();
    }
    assert!(pauses > 10, "fuel ran out only {pauses} times");
    assert_eq!(results[0], Val::I32(100 * 3 + 100));
}

#[test]
fn a_plain_memory_import_is_reported_unshared() {
    let engine = Engine::default();
    let m = module(&engine, r#"(module (import "env" "m" (memory 1)))"#);
    let Some((_, _, ExternType::Memory(ty))) = m.imports().next() else {
        panic!("a memory import");
    };
    assert!(!ty.is_shared());
}
