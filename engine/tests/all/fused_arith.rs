//! `a + b * c` and `a - b * c` run as one op when the product is the
//! right operand (`fused_rhs` in the op list), with the two roundings of
//! the two wasm instructions, never a fused multiply-add. `a ^ (b << k)`
//! and `a ^ (b >> k)` run as one op too (`fused_rhs_imm`), and so does
//! `(a * b) * c` (`fused_lhs`), in that order.

use crate::module;
use mote::{Engine, Linker, Store};

const TEXT: &str = r#"
(module
  (func (export "f32_mac") (param f32 f32 f32) (result f32)
    (f32.add (local.get 0) (f32.mul (local.get 1) (local.get 2))))
  (func (export "f64_msub") (param f64 f64 f64) (result f64)
    (f64.sub (local.get 0) (f64.mul (local.get 1) (local.get 2))))
  (func (export "i32_mac") (param i32 i32 i32) (result i32)
    (i32.add (local.get 0) (i32.mul (local.get 1) (local.get 2))))
  ;; The product on the left of an integer sum, the right a local.
  (func (export "i32_mac_left") (param i32 i32 i32) (result i32)
    (i32.add (i32.mul (local.get 1) (local.get 2)) (local.get 0)))
  ;; The product on the left: a - (b * c) is not (b * c) - a.
  (func (export "f64_sub_left") (param f64 f64 f64) (result f64)
    (f64.sub (f64.mul (local.get 1) (local.get 2)) (local.get 0)))
  ;; The product kept in a local as well: it is still written.
  (func (export "i64_tee") (param i64 i64 i64) (result i64) (local i64)
    (i64.add
      (i64.add (local.get 0) (local.tee 3 (i64.mul (local.get 1) (local.get 2))))
      (local.get 3))))
"#;

#[test]
fn products_fused_into_a_sum_round_twice() {
    let engine = Engine::default();
    let m = module(&engine, TEXT);
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let f32_mac = inst
        .get_typed_func::<(f32, f32, f32), f32>(&store, "f32_mac")
        .unwrap();
    let f64_msub = inst
        .get_typed_func::<(f64, f64, f64), f64>(&store, "f64_msub")
        .unwrap();
    let i32_mac = inst
        .get_typed_func::<(i32, i32, i32), i32>(&store, "i32_mac")
        .unwrap();
    let mac_left = inst
        .get_typed_func::<(i32, i32, i32), i32>(&store, "i32_mac_left")
        .unwrap();
    let sub_left = inst
        .get_typed_func::<(f64, f64, f64), f64>(&store, "f64_sub_left")
        .unwrap();
    let i64_tee = inst
        .get_typed_func::<(i64, i64, i64), i64>(&store, "i64_tee")
        .unwrap();

    // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24 rounds to 1 + 2^-11 in f32, so the
    // sum is 0; a fused multiply-add would give 2^-24.
    let b = 1.0 + 2f32.powi(-12);
    let a = -(1.0 + 2f32.powi(-11));
    assert_eq!(f32_mac.call(&mut store, (a, b, b)).unwrap().to_bits(), 0);
    let b = 1.0 + 2f64.powi(-27);
    let a = 1.0 + 2f64.powi(-26);
    assert_eq!(f64_msub.call(&mut store, (a, b, b)).unwrap().to_bits(), 0);
    assert_eq!(i32_mac.call(&mut store, (1, 65536, 65536)).unwrap(), 1);
    assert_eq!(i32_mac.call(&mut store, (7, -3, 5)).unwrap(), -8);
    assert_eq!(mac_left.call(&mut store, (7, -3, 5)).unwrap(), -8);
    assert_eq!(sub_left.call(&mut store, (1.0, 2.0, 3.0)).unwrap(), 5.0);
    assert_eq!(i64_tee.call(&mut store, (1, 2, 3)).unwrap(), 13);
}

const XORSHIFT: &str = r#"
(module
  (func (export "shl_xor") (param i32 i32) (result i32)
    (i32.xor (local.get 0) (i32.shl (local.get 1) (i32.const 13))))
  ;; The shift on the left, its count taken modulo 32.
  (func (export "shr_u_xor") (param i32 i32) (result i32)
    (i32.xor (i32.shr_u (local.get 1) (i32.const 39)) (local.get 0)))
  ;; Marsaglia's xorshift32, whose sequence from 1 is known.
  (func (export "xorshift32") (param i32) (result i32)
    (local.set 0 (i32.xor (i32.shl (local.get 0) (i32.const 13)) (local.get 0)))
    (local.set 0 (i32.xor (i32.shr_u (local.get 0) (i32.const 17)) (local.get 0)))
    (i32.xor (i32.shl (local.get 0) (i32.const 5)) (local.get 0))))
"#;

#[test]
fn xor_of_a_shift_by_a_constant_is_one_op_with_the_same_result() {
    let engine = Engine::default();
    let m = module(&engine, XORSHIFT);
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let shl_xor = inst
        .get_typed_func::<(i32, i32), i32>(&store, "shl_xor")
        .unwrap();
    let shr_u_xor = inst
        .get_typed_func::<(i32, i32), i32>(&store, "shr_u_xor")
        .unwrap();
    let xorshift32 = inst
        .get_typed_func::<i32, i32>(&store, "xorshift32")
        .unwrap();
    assert_eq!(shl_xor.call(&mut store, (1, 0x0008_0001)).unwrap(), 0x2001);
    assert_eq!(shr_u_xor.call(&mut store, (1, -1)).unwrap(), 0x01ff_fffe);
    assert_eq!(xorshift32.call(&mut store, 1).unwrap(), 270_369);
    assert_eq!(xorshift32.call(&mut store, 270_369).unwrap(), 67_634_689);
}

const PRODUCTS: &str = r#"
(module
  (func (export "f64") (param f64 f64 f64) (result f64)
    (f64.mul (f64.mul (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "f32") (param f32 f32 f32) (result f32)
    (f32.mul (f32.mul (local.get 0) (local.get 1)) (local.get 2))))
"#;

#[test]
fn a_product_of_a_product_multiplies_left_first() {
    let engine = Engine::default();
    let m = module(&engine, PRODUCTS);
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let f64_ = inst
        .get_typed_func::<(f64, f64, f64), f64>(&store, "f64")
        .unwrap();
    let f32_ = inst
        .get_typed_func::<(f32, f32, f32), f32>(&store, "f32")
        .unwrap();
    // (a * b) overflows; a * (b * c) would not.
    assert_eq!(
        f64_.call(&mut store, (1e308, 10.0, 0.1)).unwrap(),
        f64::INFINITY
    );
    assert_eq!(
        f32_.call(&mut store, (3e38, 10.0, 0.1)).unwrap(),
        f32::INFINITY
    );
    assert_eq!(f64_.call(&mut store, (1.5, 2.0, -4.0)).unwrap(), -12.0);
}

const COUNTDOWN: &str = r#"
(module
  ;; The decrement of the counter and its test, one op (`I32AddImmBrIfNez`).
  (func (export "sum") (param $n i32) (result i32) (local $sum i32)
    (loop $next
      (local.set $sum (i32.add (local.get $sum) (local.get $n)))
      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $sum))
  ;; Counting up by 2^30 from 2^31: the sum wraps to zero after 2 steps.
  (func (export "wraps") (param $n i32) (result i32) (local $steps i32)
    (loop $next
      (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
      (local.set $n (i32.add (local.get $n) (i32.const 0x40000000)))
      (br_if $next (local.get $n)))
    (local.get $steps)))
"#;

#[test]
fn a_counter_added_to_and_tested_in_one_op_counts_as_two() {
    let engine = Engine::default();
    let m = module(&engine, COUNTDOWN);
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let sum = inst.get_typed_func::<i32, i32>(&store, "sum").unwrap();
    let wraps = inst.get_typed_func::<i32, i32>(&store, "wraps").unwrap();
    assert_eq!(sum.call(&mut store, 5).unwrap(), 15);
    assert_eq!(sum.call(&mut store, 1).unwrap(), 1);
    assert_eq!(wraps.call(&mut store, i32::MIN).unwrap(), 2);
    assert_eq!(wraps.call(&mut store, 0x4000_0000).unwrap(), 3);
}

const COUNT_UP: &str = r#"
(module
  ;; The step of the counter and its test against a constant bound, one op
  ;; (`I32AddImmBrIfNeImm`): `for (i = 0; i != 30; i += 3)`.
  (func (export "steps") (param $from i32) (result i32) (local $steps i32)
    (loop $next
      (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
      (br_if $next (i32.ne (local.tee $from (i32.add (local.get $from) (i32.const 3)))
                           (i32.const 30))))
    (local.get $steps))
  ;; Counting up through zero: -8, -4, 0, 4, 8 (the sum wraps as an i32).
  (func (export "wraps") (result i32) (local $i i32) (local $steps i32)
    (local.set $i (i32.const 0xfffffff8))
    (loop $next
      (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $next (i32.ne (local.get $i) (i32.const 8))))
    (local.get $steps))
  ;; A branch to the test that skips the step on odd rounds: the step
  ;; and the test stay two ops (one op would step every round, and stop
  ;; after 5 rounds instead of 10).
  (func (export "skip_odd") (result i32) (local $i i32) (local $k i32)
    (loop $next
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (block $skip
        (br_if $skip (i32.and (local.get $k) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1))))
      (br_if $next (i32.ne (local.get $i) (i32.const 5))))
    (local.get $k))
  ;; The step writes another slot than it reads, and the test reads the
  ;; one it wrote: not the in-place counter the fused op steps.
  (func (export "copy_step") (param $i i32) (result i32) (local $j i32) (local $steps i32)
    (loop $next
      (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
      (local.set $j (i32.add (local.get $i) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br_if $next (i32.ne (local.get $j) (i32.const 7))))
    (local.get $steps)))
"#;

#[test]
fn a_counter_stepped_and_compared_with_a_bound_in_one_op_counts_as_two() {
    let engine = Engine::default();
    let m = module(&engine, COUNT_UP);
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let steps = inst.get_typed_func::<i32, i32>(&store, "steps").unwrap();
    let wraps = inst.get_typed_func::<(), i32>(&store, "wraps").unwrap();
    let skip_odd = inst.get_typed_func::<(), i32>(&store, "skip_odd").unwrap();
    let copy_step = inst
        .get_typed_func::<i32, i32>(&store, "copy_step")
        .unwrap();
    assert_eq!(steps.call(&mut store, 0).unwrap(), 10);
    assert_eq!(steps.call(&mut store, 27).unwrap(), 1);
    assert_eq!(steps.call(&mut store, 15).unwrap(), 5);
    assert_eq!(wraps.call(&mut store, ()).unwrap(), 4);
    assert_eq!(skip_odd.call(&mut store, ()).unwrap(), 10);
    assert_eq!(copy_step.call(&mut store, 0).unwrap(), 4);
    assert_eq!(copy_step.call(&mut store, 6).unwrap(), 1);
}

const ADD_ADD: &str = r#"
(module
  ;; `a + (b + k)` as one op (`I32AddAdd`), the inner sum on the right.
  (func (export "right") (param i32 i32) (result i32)
    (i32.add (local.get 0) (i32.add (local.get 1) (i32.const 80))))
  ;; The inner sum on the left, the right a local: `(b + k) + a`.
  (func (export "left") (param i32 i32) (result i32)
    (i32.add (i32.add (local.get 1) (i32.const -7)) (local.get 0)))
  ;; Both summands the same local: `x + (x + k)`.
  (func (export "same") (param i32) (result i32)
    (i32.add (local.get 0) (i32.add (local.get 0) (i32.const 5))))
  ;; The inner sum kept in a local as well: it is still written.
  (func (export "tee") (param i32 i32) (result i32) (local i32)
    (i32.add
      (i32.add (local.get 0) (local.tee 2 (i32.add (local.get 1) (i32.const 3))))
      (local.get 2))))
"#;

#[test]
fn a_sum_of_a_sum_with_a_constant_wraps_as_two_sums() {
    let engine = Engine::default();
    let m = module(&engine, ADD_ADD);
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let right = inst
        .get_typed_func::<(i32, i32), i32>(&store, "right")
        .unwrap();
    let left = inst
        .get_typed_func::<(i32, i32), i32>(&store, "left")
        .unwrap();
    let same = inst.get_typed_func::<i32, i32>(&store, "same").unwrap();
    let tee = inst
        .get_typed_func::<(i32, i32), i32>(&store, "tee")
        .unwrap();
    assert_eq!(right.call(&mut store, (1000, 24)).unwrap(), 1104);
    assert_eq!(
        right.call(&mut store, (i32::MAX, i32::MAX - 79)).unwrap(),
        -1
    );
    assert_eq!(left.call(&mut store, (10, 3)).unwrap(), 6);
    assert_eq!(left.call(&mut store, (i32::MIN, 0)).unwrap(), i32::MAX - 6);
    assert_eq!(same.call(&mut store, 20).unwrap(), 45);
    assert_eq!(tee.call(&mut store, (1, 2)).unwrap(), 11);
}
