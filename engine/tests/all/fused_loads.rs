//! A load of an address just computed by `i32.add` runs as one op
//! (`load_add` / `load_add_imm` in ops.rs). The sum must wrap at 2^32 as
//! `i32.add` does before the bounds check, exactly as the two ops would.

use crate::module;
use mote::{Engine, Error, Linker, Store, TrapCode};

const TEXT: &str = r#"
(module
  (memory 1)
  (data (i32.const 0) "\01\02\03\04\05\06\07\08")
  (data (i32.const 65528) "\f8\f9\fa\fb\fc\fd\fe\ff")
  (func (export "add") (param i32 i32) (result i32)
    (i32.load (i32.add (local.get 0) (local.get 1))))
  (func (export "add_imm") (param i32) (result i32)
    (i32.load (i32.add (local.get 0) (i32.const 4))))
  (func (export "add_neg") (param i32) (result i32)
    (i32.load8_u (i32.sub (local.get 0) (i32.const 1))))
  (func (export "add_offset") (param i32) (result i32)
    (i32.load offset=4 (i32.add (local.get 0) (i32.const 4))))
  (func (export "add_i64") (param i32 i32) (result i64)
    (i64.load (i32.add (local.get 0) (local.get 1))))
  (func (export "add_s16") (param i32) (result i32)
    (i32.load16_s (i32.add (local.get 0) (i32.const 65528)))))
"#;

#[test]
fn loads_of_added_addresses_wrap_and_check_bounds_like_two_ops() {
    let engine = Engine::default();
    let m = module(&engine, TEXT);
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let add = inst
        .get_typed_func::<(i32, i32), i32>(&store, "add")
        .unwrap();
    let add_imm = inst.get_typed_func::<i32, i32>(&store, "add_imm").unwrap();
    let add_neg = inst.get_typed_func::<i32, i32>(&store, "add_neg").unwrap();
    let add_offset = inst
        .get_typed_func::<i32, i32>(&store, "add_offset")
        .unwrap();
    let add_i64 = inst
        .get_typed_func::<(i32, i32), i64>(&store, "add_i64")
        .unwrap();
    let add_s16 = inst.get_typed_func::<i32, i32>(&store, "add_s16").unwrap();

    assert_eq!(add.call(&mut store, (2, 2)).unwrap(), 0x0807_0605);
    // -4 + 4 wraps to address 0.
    assert_eq!(add.call(&mut store, (-4, 4)).unwrap(), 0x0403_0201);
    assert_eq!(add_imm.call(&mut store, -4).unwrap(), 0x0403_0201);
    assert_eq!(
        add_imm.call(&mut store, 65524).unwrap(),
        0xfbfa_f9f8_u32 as i32
    );
    // 0 - 1 wraps to 0xffff_ffff: out of bounds, not address -1 + 0.
    assert_eq!(add_neg.call(&mut store, 1).unwrap(), 1);
    assert_trap(add_neg.call(&mut store, 0));
    // With an offset the add stays a separate op: -4 + 4 wraps to 0, then
    // offset 4; but -8 + 4 is 0xffff_fffc, and + 4 is past 2^32 (no wrap).
    assert_eq!(add_offset.call(&mut store, -4).unwrap(), 0x0807_0605);
    assert_trap(add_offset.call(&mut store, -8));
    assert_eq!(
        add_i64.call(&mut store, (0, 0)).unwrap(),
        0x0807_0605_0403_0201
    );
    assert_trap(add_i64.call(&mut store, (65528, 1)));
    assert_eq!(
        add_s16.call(&mut store, 6).unwrap(),
        0xfffe_u16 as i16 as i32
    );
    assert_trap(add_s16.call(&mut store, 7));
    assert_trap(add.call(&mut store, (65533, 0)));
}

fn assert_trap<T: std::fmt::Debug>(r: Result<T, Error>) {
    match r {
        Err(Error::Trap(t)) => assert_eq!(t.code(), TrapCode::MemoryOutOfBounds),
        other => panic!("expected an out-of-bounds trap, got {other:?}"),
    }
}

/// Loads of an array element, `base + (i << scale)`: one op shifts and
/// adds (`load_idx_imm`, `load_add_idx`), wrapping both at 2^32 as
/// `i32.shl` and `i32.add` do; a shift the add does not alone consume
/// stays an op of its own.
const INDEXED: &str = r#"
(module
  (memory 1)
  (data (i32.const 0) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10")
  (data (i32.const 65528) "\f8\f9\fa\fb\fc\fd\fe\ff")
  (func (export "idx_imm") (param i32) (result i32)
    (i32.load (i32.add (i32.shl (local.get 0) (i32.const 2)) (i32.const 4))))
  (func (export "add_idx") (param i32 i32) (result i64)
    (i64.load (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 3)))))
  (func (export "idx_add") (param i32 i32) (result f32)
    (f32.load (i32.add (i32.shl (local.get 1) (i32.const 2)) (local.get 0))))
  (func (export "twice") (param i32) (result i32) (local i32)
    (i32.load (i32.add (local.tee 1 (i32.shl (local.get 0) (i32.const 2)))
                       (local.get 1))))
  (func (export "tee") (param i32) (result i32) (local i32)
    (i32.add
      (i32.load (i32.add (local.tee 1 (i32.shl (local.get 0) (i32.const 2))) (i32.const 4)))
      (local.get 1))))
"#;

#[test]
fn loads_of_array_elements_wrap_and_check_bounds_like_three_ops() {
    let engine = Engine::default();
    let m = module(&engine, INDEXED);
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let idx_imm = inst.get_typed_func::<i32, i32>(&store, "idx_imm").unwrap();
    let add_idx = inst
        .get_typed_func::<(i32, i32), i64>(&store, "add_idx")
        .unwrap();
    let idx_add = inst
        .get_typed_func::<(i32, i32), f32>(&store, "idx_add")
        .unwrap();
    let twice = inst.get_typed_func::<i32, i32>(&store, "twice").unwrap();
    let tee = inst.get_typed_func::<i32, i32>(&store, "tee").unwrap();

    assert_eq!(idx_imm.call(&mut store, 1).unwrap(), 0x0c0b_0a09);
    // (-1 << 2) + 4 wraps to 0; 0x4000_0000 << 2 wraps to 0 as well.
    assert_eq!(idx_imm.call(&mut store, -1).unwrap(), 0x0403_0201);
    assert_eq!(idx_imm.call(&mut store, 0x4000_0001).unwrap(), 0x0c0b_0a09);
    assert_eq!(
        idx_imm.call(&mut store, 16382).unwrap(),
        0xfffe_fdfc_u32 as i32
    );
    assert_trap(idx_imm.call(&mut store, 16383));
    assert_eq!(
        add_idx.call(&mut store, (8, -1)).unwrap(),
        0x0807_0605_0403_0201
    );
    assert_eq!(
        add_idx.call(&mut store, (65520, 1)).unwrap(),
        0xfffe_fdfc_fbfa_f9f8_u64 as i64
    );
    assert_trap(add_idx.call(&mut store, (65521, 1)));
    assert_eq!(
        idx_add.call(&mut store, (8, 1)).unwrap().to_bits(),
        0x100f_0e0d
    );
    // `t + t`, with `t` a local: (1 << 2) * 2 = 8.
    assert_eq!(twice.call(&mut store, 1).unwrap(), 0x0c0b_0a09);
    // The shift's value is still read after the load.
    assert_eq!(tee.call(&mut store, 1).unwrap(), 0x0c0b_0a09 + 4);
}

/// Loads of a constant address (`load_abs`): the offset added in at
/// translation; a sum past 2^32 stays a plain load, which traps.
const ABS: &str = r#"
(module
  (memory 1)
  (data (i32.const 16) "\01\02\03\04\05\06\07\08")
  (func (export "i32") (result i32) (i32.load offset=4 (i32.const 12)))
  (func (export "i64") (result i64) (i64.load (i32.const 16)))
  (func (export "f64") (result f64) (f64.load offset=16 (i32.const 0)))
  (func (export "last") (result i32) (i32.load (i32.const 65532)))
  (func (export "past_end") (result i32) (i32.load (i32.const 65533)))
  (func (export "wraps") (result i32) (i32.load offset=32 (i32.const -16))))
"#;

#[test]
fn loads_of_constant_addresses_check_bounds_like_two_ops() {
    let engine = Engine::default();
    let m = module(&engine, ABS);
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let get = |store: &Store<()>, name: &str| inst.get_typed_func::<(), i32>(store, name).unwrap();
    let i64_ = inst.get_typed_func::<(), i64>(&store, "i64").unwrap();
    let f64_ = inst.get_typed_func::<(), f64>(&store, "f64").unwrap();
    assert_eq!(
        get(&store, "i32").call(&mut store, ()).unwrap(),
        0x0403_0201
    );
    assert_eq!(i64_.call(&mut store, ()).unwrap(), 0x0807_0605_0403_0201);
    assert_eq!(
        f64_.call(&mut store, ()).unwrap().to_bits(),
        0x0807_0605_0403_0201
    );
    assert_eq!(get(&store, "last").call(&mut store, ()).unwrap(), 0);
    assert_trap(get(&store, "past_end").call(&mut store, ()));
    assert_trap(get(&store, "wraps").call(&mut store, ()));
}
