//! Bit tests and paired increments (`BrIfI32And*`, `I32AddImm2`): the
//! fused forms compute what the wasm instructions they stand for do,
//! checked against the same computation in Rust over many inputs.

use crate::module;
use mote::{Engine, Linker, Store};

const TEXT: &str = r#"
(module
  ;; Which of five bit tests pass, one bit each.
  (func (export "bits") (param i32 i32) (result i32) (local i32)
    (block $a (br_if $a (i32.eqz (i32.and (local.get 0) (i32.const 8))))
      (local.set 2 (i32.or (local.get 2) (i32.const 1))))
    (block $b (br_if $b (i32.and (local.get 0) (local.get 1)))
      (local.set 2 (i32.or (local.get 2) (i32.const 2))))
    (block $c (br_if $c (i32.and (local.get 1) (i32.const -2147483648)))
      (local.set 2 (i32.or (local.get 2) (i32.const 4))))
    (if (i32.and (local.get 0) (i32.const 0x10001))
      (then (local.set 2 (i32.or (local.get 2) (i32.const 8)))))
    (if (i32.eqz (i32.and (local.get 1) (local.get 0)))
      (then (local.set 2 (i32.or (local.get 2) (i32.const 16)))))
    (local.get 2))
  ;; Three counters stepped together in a loop, the first two as a pair;
  ;; a branch into the middle of a pair's place keeps them apart.
  (func (export "steps") (param i32 i32) (result i32) (local i32 i32 i32)
    (loop $next
      (local.set 2 (i32.add (local.get 2) (i32.const 3)))
      (local.set 3 (i32.add (local.get 3) (i32.const -7)))
      (local.set 4 (i32.add (local.get 4) (i32.const 0x7fffffff)))
      (block $skip
        (br_if $skip (i32.and (local.get 2) (i32.const 1)))
        (local.set 3 (i32.add (local.get 3) (i32.const 1))))
      (local.set 4 (i32.add (local.get 4) (i32.const 5)))
      (br_if $next (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1)))
                             (local.get 1))))
    (i32.xor (local.get 2) (i32.xor (local.get 3) (local.get 4)))))
"#;

fn bits(x: i32, y: i32) -> i32 {
    let mut r = 0;
    if x & 8 != 0 {
        r |= 1;
    }
    if x & y == 0 {
        r |= 2;
    }
    if y as u32 & 0x8000_0000 == 0 {
        r |= 4;
    }
    if x & 0x10001 != 0 {
        r |= 8;
    }
    if y & x == 0 {
        r |= 16;
    }
    r
}

fn steps(mut i: i32, n: i32) -> i32 {
    let (mut a, mut b, mut c) = (0i32, 0i32, 0i32);
    loop {
        a = a.wrapping_add(3);
        b = b.wrapping_add(-7);
        c = c.wrapping_add(0x7fff_ffff);
        if a & 1 == 0 {
            b = b.wrapping_add(1);
        }
        c = c.wrapping_add(5);
        i = i.wrapping_add(1);
        if (i as u32) >= (n as u32) {
            break;
        }
    }
    a ^ b ^ c
}

#[test]
fn bit_tests_and_paired_steps_compute_what_the_instructions_do() {
    let engine = Engine::default();
    let m = module(&engine, TEXT);
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let f = inst
        .get_typed_func::<(i32, i32), i32>(&store, "bits")
        .unwrap();
    let values = [0, 1, 8, 9, 0x10000, 0x10001, -1, i32::MIN, 0x7fff_fff7, 6];
    for &x in &values {
        for &y in &values {
            assert_eq!(
                f.call(&mut store, (x, y)).unwrap(),
                bits(x, y),
                "bits({x}, {y})"
            );
        }
    }
    let f = inst
        .get_typed_func::<(i32, i32), i32>(&store, "steps")
        .unwrap();
    for (i, n) in [(0, 1), (0, 2), (0, 100), (5, 37), (-3, 2)] {
        assert_eq!(
            f.call(&mut store, (i, n)).unwrap(),
            steps(i, n),
            "steps({i}, {n})"
        );
    }
}
