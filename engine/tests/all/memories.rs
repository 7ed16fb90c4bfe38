//! Multiple memories and 64-bit memories: each access reaches the memory
//! it names, bounds checks are exact at the top of a 64-bit address
//! space, and the configuration's limits still hold.

use crate::{expect_trap, instantiate, module};
use mote::{Engine, Features, TrapCode, Val};

const TWO: &str = r#"(module
  (memory $a (export "a") 1)
  (memory $b (export "b") 2)
  (data (memory $b) (i32.const 8) "\01\02\03\04")
  (func (export "load_b") (param i32) (result i32) (i32.load $b (local.get 0)))
  (func (export "load_a") (param i32) (result i32) (i32.load $a (local.get 0)))
  (func (export "store_b") (param i32 i32) (i32.store $b (local.get 0) (local.get 1)))
  (func (export "copy_b_to_a") (param i32 i32 i32)
    (memory.copy $a $b (local.get 0) (local.get 1) (local.get 2)))
  (func (export "sizes") (result i32 i32) (memory.size $a) (memory.size $b))
  (func (export "grow_b") (param i32) (result i32) (memory.grow $b (local.get 0)))
  (func (export "fill_b") (param i32 i32 i32)
    (memory.fill $b (local.get 0) (local.get 1) (local.get 2)))
)"#;

fn call(
    store: &mut mote::Store<()>,
    inst: &mote::Instance,
    name: &str,
    args: &[Val],
    results: usize,
) -> Result<Vec<Val>, mote::Error> {
    let f = inst.get_func(&*store, name).expect("export");
    let mut out = vec![Val::I32(0); results];
    f.call(&mut *store, args, &mut out)?;
    Ok(out)
}

#[test]
fn each_access_reaches_the_memory_it_names() {
    let engine = Engine::default();
    let m = module(&engine, TWO);
    assert!(m.features().contains(Features::MULTI_MEMORY));
    assert!(!m.features().contains(Features::MEMORY64));
    let (mut store, inst) = instantiate(&engine, TWO);
    // The data segment went to memory $b only.
    let r = call(&mut store, &inst, "load_b", &[Val::I32(8)], 1).unwrap();
    assert_eq!(r, [Val::I32(0x0403_0201)]);
    let r = call(&mut store, &inst, "load_a", &[Val::I32(8)], 1).unwrap();
    assert_eq!(r, [Val::I32(0)]);
    // $b has two pages, $a one.
    let r = call(&mut store, &inst, "load_b", &[Val::I32(65536)], 1).unwrap();
    assert_eq!(r, [Val::I32(0)]);
    let r = call(&mut store, &inst, "load_a", &[Val::I32(65536)], 1);
    expect_trap(r, TrapCode::MemoryOutOfBounds);
    let r = call(&mut store, &inst, "load_b", &[Val::I32(2 * 65536 - 3)], 1);
    expect_trap(r, TrapCode::MemoryOutOfBounds);
    let r = call(&mut store, &inst, "sizes", &[], 2).unwrap();
    assert_eq!(r, [Val::I32(1), Val::I32(2)]);
    let r = call(&mut store, &inst, "grow_b", &[Val::I32(1)], 1).unwrap();
    assert_eq!(r, [Val::I32(2)]);
    let r = call(&mut store, &inst, "sizes", &[], 2).unwrap();
    assert_eq!(r, [Val::I32(1), Val::I32(3)]);
}

#[test]
fn memory_copy_between_two_memories() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, TWO);
    call(
        &mut store,
        &inst,
        "store_b",
        &[Val::I32(70000), Val::I32(0x1122_3344)],
        0,
    )
    .unwrap();
    call(
        &mut store,
        &inst,
        "copy_b_to_a",
        &[Val::I32(100), Val::I32(70000), Val::I32(4)],
        0,
    )
    .unwrap();
    let a = inst.get_memory(&store, "a").unwrap();
    assert_eq!(&a.data(&store)[100..104], &[0x44, 0x33, 0x22, 0x11]);
    // The source range is checked against the source memory ($b: two
    // pages), the destination against $a (one page).
    let r = call(
        &mut store,
        &inst,
        "copy_b_to_a",
        &[Val::I32(65535), Val::I32(70000), Val::I32(2)],
        0,
    );
    expect_trap(r, TrapCode::MemoryOutOfBounds);
    let r = call(
        &mut store,
        &inst,
        "copy_b_to_a",
        &[Val::I32(0), Val::I32(2 * 65536 - 1), Val::I32(2)],
        0,
    );
    expect_trap(r, TrapCode::MemoryOutOfBounds);
    // A trapping copy writes nothing.
    assert_eq!(&a.data(&store)[65535..], &[0]);
    call(
        &mut store,
        &inst,
        "fill_b",
        &[Val::I32(5), Val::I32(9), Val::I32(3)],
        0,
    )
    .unwrap();
    let b = inst.get_memory(&store, "b").unwrap();
    assert_eq!(&b.data(&store)[4..9], &[0, 9, 9, 9, 1]);
    assert_eq!(a.data(&store)[5], 0);
}

#[test]
fn growing_a_memory_imported_twice_is_seen_through_both() {
    let engine = Engine::default();
    let exporter = module(&engine, r#"(module (memory (export "m") 1))"#);
    let importer = module(
        &engine,
        r#"(module
          (import "x" "m" (memory $a 1))
          (import "x" "m" (memory $b 1))
          (func (export "f") (result i32)
            (drop (memory.grow $b (i32.const 1)))
            (i32.store $a (i32.const 65536) (i32.const 7))
            (i32.load $b (i32.const 65536))))"#,
    );
    let mut store = mote::Store::new(&engine, ());
    let mut linker = mote::Linker::new(&engine);
    let e = linker.instantiate(&mut store, &exporter).unwrap();
    linker.instance(&mut store, "x", e).unwrap();
    let inst = linker.instantiate(&mut store, &importer).unwrap();
    let r = call(&mut store, &inst, "f", &[], 1).unwrap();
    assert_eq!(r, [Val::I32(7)]);
}

const WIDE: &str = r#"(module
  (memory (export "mem") i64 1 4)
  (data (i64.const 65532) "\01\02\03\04")
  (func (export "load") (param i64) (result i32) (i32.load (local.get 0)))
  (func (export "load_far") (param i64) (result i32)
    (i32.load offset=0xffff_ffff_ffff_fff0 (local.get 0)))
  (func (export "store8") (param i64 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "size") (result i64) (memory.size))
  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
  (func (export "fill") (param i64 i32 i64)
    (memory.fill (local.get 0) (local.get 1) (local.get 2)))
)"#;

#[test]
fn a_load_at_the_very_top_of_a_64_bit_memory() {
    let engine = Engine::default();
    let m = module(&engine, WIDE);
    assert!(m.features().contains(Features::MEMORY64));
    let ty = m.memories().next().unwrap();
    assert!(ty.is_64());
    assert_eq!((ty.minimum(), ty.maximum()), (1, Some(4)));
    let (mut store, inst) = instantiate(&engine, WIDE);
    // The last four bytes of the memory.
    let r = call(&mut store, &inst, "load", &[Val::I64(65532)], 1).unwrap();
    assert_eq!(r, [Val::I32(0x0403_0201)]);
    // One byte further, and addresses whose upper half is set (a 32-bit
    // memory would read them as small ones): out of bounds.
    for addr in [65533, 1 << 32, 0x1_0000_0000 + 65532, -4i64, -1i64] {
        let r = call(&mut store, &inst, "load", &[Val::I64(addr)], 1);
        expect_trap(r, TrapCode::MemoryOutOfBounds);
    }
    let r = call(
        &mut store,
        &inst,
        "store8",
        &[Val::I64(65535), Val::I32(9)],
        0,
    );
    assert!(r.is_ok());
    let r = call(
        &mut store,
        &inst,
        "store8",
        &[Val::I64(65536), Val::I32(9)],
        0,
    );
    expect_trap(r, TrapCode::MemoryOutOfBounds);
}

#[test]
fn addr_plus_offset_overflowing_u64_traps() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, WIDE);
    // offset 2^64 - 16: addr 16 makes the sum exactly 2^64, which must not
    // wrap to 0; addr 20 would wrap to 4.
    for addr in [16i64, 20, 0x7fff_ffff_ffff_ffff, -1] {
        let r = call(&mut store, &inst, "load_far", &[Val::I64(addr)], 1);
        expect_trap(r, TrapCode::MemoryOutOfBounds);
    }
    // A fill whose end overflows u64 traps and writes nothing.
    let r = call(
        &mut store,
        &inst,
        "fill",
        &[Val::I64(16), Val::I32(7), Val::I64(-8)],
        0,
    );
    expect_trap(r, TrapCode::MemoryOutOfBounds);
    let mem = inst.get_memory(&store, "mem").unwrap();
    assert!(mem.data(&store)[..65532].iter().all(|&b| b == 0));
}

#[test]
fn a_64_bit_memory_within_a_32_bit_like_limit() {
    // A configuration that allows 4 GiB, as a 32-bit target's usize would
    // at most: a 64-bit memory may not pass it, to start or by growing.
    let engine = crate::engine_with(|c| {
        c.max_memory_pages(2);
    });
    let (mut store, inst) = instantiate(&engine, WIDE);
    let r = call(&mut store, &inst, "grow", &[Val::I64(1)], 1).unwrap();
    assert_eq!(r, [Val::I64(1)]);
    // Past the configured limit (and a huge delta): -1 as an i64, no trap.
    for delta in [1i64, 1 << 40, -1] {
        let r = call(&mut store, &inst, "grow", &[Val::I64(delta)], 1).unwrap();
        assert_eq!(r, [Val::I64(-1)]);
    }
    let r = call(&mut store, &inst, "size", &[], 1).unwrap();
    assert_eq!(r, [Val::I64(2)]);
    let big = "(module (memory i64 3))";
    let m = module(&engine, big);
    let mut store = mote::Store::new(&engine, ());
    let r = mote::Linker::new(&engine).instantiate(&mut store, &m);
    assert!(
        matches!(r, Err(mote::Error::Limit(_))),
        "expected a limit error, got {r:?}"
    );
    // A minimum far past 2^32 pages is a valid module that no store holds.
    let huge = module(
        &Engine::default(),
        "(module (memory i64 0x1_0000_0000_0000))",
    );
    let mut store = mote::Store::new(&Engine::default(), ());
    let r = mote::Linker::new(&Engine::default()).instantiate(&mut store, &huge);
    assert!(matches!(r, Err(mote::Error::Limit(_))), "{r:?}");
}

#[test]
fn a_table64_index_is_not_truncated() {
    let text = r#"(module
      (type $f (func (result i32)))
      (table $t i64 2 funcref)
      (elem (table $t) (i64.const 1) func $one)
      (func $one (type $f) (i32.const 1))
      (func (export "call") (param i64) (result i32)
        (call_indirect $t (type $f) (local.get 0)))
      (func (export "grow") (param i64) (result i64)
        (table.grow $t (ref.null func) (local.get 0)))
      (func (export "size") (result i64) (table.size $t)))"#;
    let engine = Engine::default();
    assert!(
        module(&engine, text)
            .features()
            .contains(Features::MEMORY64)
    );
    let (mut store, inst) = instantiate(&engine, text);
    let r = call(&mut store, &inst, "call", &[Val::I64(1)], 1).unwrap();
    assert_eq!(r, [Val::I32(1)]);
    // 2^32 + 1 would be element 1 if the index were cut to 32 bits.
    let r = call(&mut store, &inst, "call", &[Val::I64((1 << 32) + 1)], 1);
    expect_trap(r, TrapCode::UndefinedElement);
    let r = call(&mut store, &inst, "call", &[Val::I64(0)], 1);
    expect_trap(r, TrapCode::IndirectCallToNull);
    let r = call(&mut store, &inst, "grow", &[Val::I64(1 << 40)], 1).unwrap();
    assert_eq!(r, [Val::I64(-1)]);
    let r = call(&mut store, &inst, "grow", &[Val::I64(3)], 1).unwrap();
    assert_eq!(r, [Val::I64(2)]);
    let r = call(&mut store, &inst, "size", &[], 1).unwrap();
    assert_eq!(r, [Val::I64(5)]);
}

#[cfg(feature = "atomics")]
#[test]
fn atomics_on_a_second_and_a_64_bit_memory() {
    let text = r#"(module
      (memory $a 1)
      (memory $w i64 1 1 shared)
      (func (export "add") (param i64 i32) (result i32)
        (i32.atomic.rmw.add $w (local.get 0) (local.get 1)))
      (func (export "load_a") (param i32) (result i64)
        (i64.atomic.load $a offset=8 (local.get 0)))
      (func (export "cmpxchg") (param i64 i64 i64) (result i64)
        (i64.atomic.rmw.cmpxchg $w (local.get 0) (local.get 1) (local.get 2)))
      (func (export "wait") (param i64 i32) (result i32)
        (memory.atomic.wait32 $w (local.get 0) (local.get 1) (i64.const 0))))"#;
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, text);
    let r = call(&mut store, &inst, "add", &[Val::I64(65532), Val::I32(5)], 1).unwrap();
    assert_eq!(r, [Val::I32(0)]);
    let r = call(&mut store, &inst, "add", &[Val::I64(65532), Val::I32(5)], 1).unwrap();
    assert_eq!(r, [Val::I32(5)]);
    // Alignment first, then bounds, then 2^64 without wrapping.
    let r = call(&mut store, &inst, "add", &[Val::I64(65534), Val::I32(1)], 1);
    expect_trap(r, TrapCode::UnalignedAtomic);
    let r = call(&mut store, &inst, "add", &[Val::I64(65536), Val::I32(1)], 1);
    expect_trap(r, TrapCode::MemoryOutOfBounds);
    let r = call(&mut store, &inst, "add", &[Val::I64(-4), Val::I32(1)], 1);
    expect_trap(r, TrapCode::MemoryOutOfBounds);
    let r = call(&mut store, &inst, "load_a", &[Val::I32(65528 - 8)], 1).unwrap();
    assert_eq!(r, [Val::I64(0)]);
    let r = call(&mut store, &inst, "load_a", &[Val::I32(65528)], 1);
    expect_trap(r, TrapCode::MemoryOutOfBounds);
    let r = call(
        &mut store,
        &inst,
        "wait",
        &[Val::I64(65532), Val::I32(10)],
        1,
    )
    .unwrap();
    assert_eq!(r, [Val::I32(2)]);
    let r = call(
        &mut store,
        &inst,
        "wait",
        &[Val::I64(65532), Val::I32(11)],
        1,
    )
    .unwrap();
    assert_eq!(r, [Val::I32(1)]);
    // The i64 at 65528 holds the 10 added at 65532 in its upper half.
    let args = [Val::I64(65528), Val::I64(10 << 32), Val::I64(-1)];
    let r = call(&mut store, &inst, "cmpxchg", &args, 1).unwrap();
    assert_eq!(r, [Val::I64(10 << 32)]);
    let r = call(&mut store, &inst, "cmpxchg", &args, 1).unwrap();
    assert_eq!(r, [Val::I64(-1)]);
}
