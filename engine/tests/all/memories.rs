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
