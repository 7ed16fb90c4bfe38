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
