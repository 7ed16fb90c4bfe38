//! A `select` whose condition is `eqz` of a value runs as a `select` on
//! that value with its two values swapped (`translate::fuse`): for
//! `i32.eqz` always, for `i64.eqz` only of a value whose upper half is
//! known zero, since `select` tests the lower half.

use crate::module;
use mote::{Engine, Linker, Store};

const TEXT: &str = r#"
(module
  (func (export "eqz") (param i32 i32 i32) (result i32)
    (select (local.get 0) (local.get 1) (i32.eqz (local.get 2))))
  ;; Collatz's step: odd n gives 3n + 1, even n gives n / 2.
  (func (export "parity") (param i64) (result i64)
    (select (i64.shr_u (local.get 0) (i64.const 1))
            (i64.add (i64.mul (local.get 0) (i64.const 3)) (i64.const 1))
            (i64.eqz (i64.and (local.get 0) (i64.const 1)))))
  ;; A mask with the upper half set: not fused, the upper half decides.
  (func (export "wide") (param i64 i64 i64) (result i64)
    (select (local.get 0) (local.get 1)
            (i64.eqz (i64.and (local.get 2) (i64.const -2))))))
"#;

#[test]
fn select_on_eqz_picks_as_the_two_instructions_do() {
    let engine = Engine::default();
    let m = module(&engine, TEXT);
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let eqz = inst
        .get_typed_func::<(i32, i32, i32), i32>(&store, "eqz")
        .unwrap();
    let parity = inst.get_typed_func::<i64, i64>(&store, "parity").unwrap();
    let wide = inst
        .get_typed_func::<(i64, i64, i64), i64>(&store, "wide")
        .unwrap();

    assert_eq!(eqz.call(&mut store, (10, 20, 0)).unwrap(), 10);
    assert_eq!(eqz.call(&mut store, (10, 20, 7)).unwrap(), 20);
    assert_eq!(eqz.call(&mut store, (10, 20, i32::MIN)).unwrap(), 20);

    assert_eq!(parity.call(&mut store, 6).unwrap(), 3);
    assert_eq!(parity.call(&mut store, 7).unwrap(), 22);
    assert_eq!(parity.call(&mut store, 1 << 40).unwrap(), 1 << 39);
    assert_eq!(
        parity.call(&mut store, (1 << 40) + 1).unwrap(),
        (3 << 40) + 4
    );

    assert_eq!(wide.call(&mut store, (1, 2, 1)).unwrap(), 1);
    assert_eq!(wide.call(&mut store, (1, 2, 1 << 40)).unwrap(), 2);
    assert_eq!(wide.call(&mut store, (1, 2, 4)).unwrap(), 2);
}
