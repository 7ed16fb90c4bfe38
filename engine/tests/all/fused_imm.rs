//! Two immediate ops as one (`fused_imm`), a `select` on a bit test
//! (`SelectAndImm`) and a call that copies its last argument
//! (`CopyCall`): they compute what the wasm instructions they stand for
//! do, checked against the same computation in Rust over many inputs,
//! with the shapes that must not fuse (a `local.tee` of the first
//! result, read again) beside the ones that do.

use crate::module;
use mote::{Engine, Linker, Store};

const TEXT: &str = r#"
(module
  (func $mix (export "mix") (param i32 i64) (result i64) (local i32 i32)
    (i64.add
      (i64.add (i64.mul (local.get 1) (i64.const 3)) (i64.const 1))
      (i64.extend_i32_u
        (i32.xor
          (i32.xor
            (i32.add (i32.mul (local.get 0) (i32.const 1103515245)) (i32.const 12345))
            (i32.shr_u (i32.add (local.get 0) (i32.const 2)) (i32.const 2)))
          (i32.xor
            (i32.and (i32.shr_u (local.get 0) (i32.const 24)) (i32.const 7))
            (i32.and (i32.add (local.get 0) (i32.const 7)) (i32.const -8)))))))
  ;; Selects on bit tests, and the same under a `local.tee` of the `and`
  ;; whose local is read afterwards.
  (func (export "pick") (param i32 i64) (result i32) (local i32)
    (i32.add
      (i32.add
        (select (i32.const 10) (i32.const 20) (i32.and (local.get 0) (i32.const 4)))
        (select (i32.const 100) (i32.const 200)
          (i32.eqz (i32.and (local.get 0) (i32.const 1)))))
      (i32.add
        (select (i32.const 1000) (i32.const 2000)
          (i32.wrap_i64 (i64.and (local.get 1) (i64.const 1))))
        (i32.add
          (select (i32.const 10000) (i32.const 20000)
            (i32.eqz (local.tee 2 (i32.and (local.get 0) (i32.const 2)))))
          (i32.mul (local.get 2) (i32.const 100000))))))
  ;; Collatz steps: the selected value computed right before the select
  ;; is read from the accumulator (`a` after the `eqz` swap, `b`
  ;; without it), and a float one is not (floats pass on in the other
  ;; accumulator).
  (func (export "steps") (param i64 i32 f64) (result i64)
    (i64.add
      (i64.add
        (select (i64.shr_u (local.get 0) (i64.const 1))
                (i64.add (i64.mul (local.get 0) (i64.const 3)) (i64.const 1))
                (i64.eqz (i64.and (local.get 0) (i64.const 1))))
        (i64.extend_i32_u
          (select (i32.shr_u (local.get 1) (i32.const 1))
                  (i32.add (i32.mul (local.get 1) (i32.const 3)) (i32.const 1))
                  (i32.and (local.get 1) (i32.const 1)))))
      (i64.trunc_sat_f64_s
        (select (f64.mul (local.get 2) (f64.const 0.5))
                (f64.add (local.get 2) (f64.const 1))
                (i32.and (local.get 1) (i32.const 2))))))
  ;; Recursion passing a local on: the call copies it.
  (func $walk (export "walk") (param i32 i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (local.get 1))
      (else
        (i32.add
          (call $walk (i32.add (local.get 0) (i32.const -1)) (local.get 1))
          (local.get 0))))))
"#;

fn mix(x: i32, y: i64) -> i64 {
    let x = x as u32;
    let a = y.wrapping_mul(3).wrapping_add(1);
    let b = x.wrapping_mul(1_103_515_245).wrapping_add(12345) ^ (x.wrapping_add(2) >> 2);
    let c = ((x >> 24) & 7) ^ (x.wrapping_add(7) & !7);
    a.wrapping_add(i64::from(b ^ c))
}

fn pick(x: i32, y: i64) -> i32 {
    let s1 = if x & 4 != 0 { 10 } else { 20 };
    let s2 = if x & 1 == 0 { 100 } else { 200 };
    let s3 = if y & 1 != 0 { 1000 } else { 2000 };
    let t = x & 2;
    let s4 = if t == 0 { 10000 } else { 20000 };
    s1 + s2 + s3 + s4 + t.wrapping_mul(100_000)
}

fn steps(n: i64, x: i32, f: f64) -> i64 {
    let wide = if n & 1 == 0 {
        (n as u64 >> 1) as i64
    } else {
        n.wrapping_mul(3).wrapping_add(1)
    };
    let x = x as u32;
    let narrow = if x & 1 != 0 {
        x >> 1
    } else {
        x.wrapping_mul(3).wrapping_add(1)
    };
    let float = if x & 2 != 0 { f * 0.5 } else { f + 1.0 };
    wide.wrapping_add(i64::from(narrow))
        .wrapping_add(float as i64)
}

#[test]
fn fused_immediates_selects_and_copying_calls_compute_what_the_instructions_do() {
    let engine = Engine::default();
    let m = module(&engine, TEXT);
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let values = [0, 1, 2, 3, 4, 7, 8, -1, -8, i32::MIN, i32::MAX, 0x0102_0304];
    let wide = [0i64, 1, 2, -1, i64::MIN, i64::MAX, 0x1_0000_0001, 12345];
    let f = inst
        .get_typed_func::<(i32, i64), i64>(&store, "mix")
        .unwrap();
    for &x in &values {
        for &y in &wide {
            assert_eq!(
                f.call(&mut store, (x, y)).unwrap(),
                mix(x, y),
                "mix({x}, {y})"
            );
        }
    }
    let f = inst
        .get_typed_func::<(i32, i64), i32>(&store, "pick")
        .unwrap();
    for &x in &values {
        for &y in &wide {
            assert_eq!(
                f.call(&mut store, (x, y)).unwrap(),
                pick(x, y),
                "pick({x}, {y})"
            );
        }
    }
    let f = inst
        .get_typed_func::<(i64, i32, f64), i64>(&store, "steps")
        .unwrap();
    for &x in &values {
        for &n in &wide {
            for v in [0.0, -3.25, 1e10] {
                assert_eq!(
                    f.call(&mut store, (n, x, v)).unwrap(),
                    steps(n, x, v),
                    "steps({n}, {x}, {v})"
                );
            }
        }
    }
    let f = inst
        .get_typed_func::<(i32, i32), i32>(&store, "walk")
        .unwrap();
    for (n, base) in [(0, 5), (1, 5), (10, -3), (300, 7)] {
        let want = base + (1..=n).sum::<i32>();
        assert_eq!(
            f.call(&mut store, (n, base)).unwrap(),
            want,
            "walk({n}, {base})"
        );
    }
}
