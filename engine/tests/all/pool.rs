//! Function-local constants (`translate/pool.rs`): constants that ops
//! inside loops read from slots filled at function entry. Each function
//! is checked against the same computation done in Rust, with calls in
//! the loop (a callee's frame starts at its caller's arguments, above the
//! pool), recursion (every frame has its own pool), fuel paused and
//! resumed inside the loop, an exception caught in the loop, and through
//! an image.

use crate::{engine_with, module};
use mote::{Engine, Linker, Module, ResumableCall, Store, Val};

const POOLED: &str = r#"
(module
  (memory 1)
  (tag $t (param f64))
  ;; A callee with a deep frame: it writes every one of its slots.
  (func $deep (param $x f64) (result f64)
    (f64.add
      (f64.add (f64.mul (local.get $x) (f64.const 1.5)) (f64.const 2.25))
      (f64.add (f64.div (local.get $x) (f64.const 4)) (f64.const -8.5))))
  ;; sum over i < n of deep(i * 0.5) - (3.0 - i) * 0.125, with `7` stored
  ;; at 8 * i, and a wide i64 constant added in.
  (func (export "pooled") (param $n i32) (result f64)
    (local $i i32) (local $acc f64) (local $w i64)
    (loop $l
      (i64.store (i32.shl (local.get $i) (i32.const 3)) (i64.const 7))
      (local.set $w (i64.add (local.get $w) (i64.const 0x123456789)))
      (local.set $acc
        (f64.sub
          (f64.add (local.get $acc)
            (call $deep (f64.mul (f64.convert_i32_u (local.get $i)) (f64.const 0.5))))
          (f64.mul
            (f64.sub (f64.const 3) (f64.convert_i32_u (local.get $i)))
            (f64.const 0.125))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                          (local.get $n))))
    (f64.add (local.get $acc) (f64.convert_i64_u (i64.shr_u (local.get $w) (i64.const 32)))))
  ;; The same constants under recursion: each level loops with its pool.
  (func $rec (export "rec") (param $d i32) (result f64)
    (local $i i32) (local $acc f64)
    (loop $l
      (local.set $acc (f64.add (f64.mul (local.get $acc) (f64.const 0.75)) (f64.const 1.25)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 3))))
    (if (result f64) (local.get $d)
      (then (f64.add (local.get $acc) (call $rec (i32.sub (local.get $d) (i32.const 1)))))
      (else (local.get $acc))))
  ;; An exception thrown and caught in a loop: its payload lands in a
  ;; temporary, which the pool moved.
  (func (export "caught") (param $n i32) (result f64)
    (local $i i32) (local $acc f64)
    (loop $l
      (local.set $acc
        (f64.add (local.get $acc)
          (f64.mul (f64.const 2.5)
            (block $h (result f64)
              (try_table (catch $t $h)
                (throw $t (f64.mul (f64.convert_i32_u (local.get $i)) (f64.const 0.25))))
              (f64.const -1)))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $acc))
  (func (export "word") (param $i i32) (result i64)
    (i64.load (i32.shl (local.get $i) (i32.const 3)))))
"#;

fn deep(x: f64) -> f64 {
    (x * 1.5 + 2.25) + (x / 4.0 + -8.5)
}

fn pooled(n: u32) -> f64 {
    let (mut acc, mut w) = (0f64, 0u64);
    let mut i = 0;
    loop {
        w = w.wrapping_add(0x1_2345_6789);
        acc = (acc + deep(f64::from(i) * 0.5)) - (3.0 - f64::from(i)) * 0.125;
        i += 1;
        if i >= n {
            break;
        }
    }
    acc + (w >> 32) as f64
}

fn rec(d: u32) -> f64 {
    let mut acc = 0.0;
    for _ in 0..3 {
        acc = acc * 0.75 + 1.25;
    }
    if d > 0 { acc + rec(d - 1) } else { acc }
}

fn caught(n: u32) -> f64 {
    (0..n).map(|i| 2.5 * (f64::from(i) * 0.25)).sum()
}

fn call(store: &mut Store<()>, inst: mote::Instance, name: &str, arg: Val) -> Val {
    let f = inst.get_func(&*store, name).unwrap();
    let mut out = [Val::I32(0)];
    f.call(&mut *store, &[arg], &mut out).unwrap();
    out[0]
}

fn check(engine: &Engine, m: &Module, fuel: bool) {
    let mut store = Store::new(engine, ());
    if fuel {
        store.set_fuel(u64::MAX).unwrap();
    }
    let inst = Linker::new(engine).instantiate(&mut store, m).unwrap();
    let got = call(&mut store, inst, "pooled", Val::I32(50));
    assert_eq!(got.f64().unwrap().to_bits(), pooled(50).to_bits());
    for i in 0..50 {
        assert_eq!(call(&mut store, inst, "word", Val::I32(i)), Val::I64(7));
    }
    let got = call(&mut store, inst, "rec", Val::I32(40));
    assert_eq!(got.f64().unwrap().to_bits(), rec(40).to_bits());
    let got = call(&mut store, inst, "caught", Val::I32(9));
    assert_eq!(got.f64().unwrap().to_bits(), caught(9).to_bits());
}

#[test]
fn pooled_constants_compute_what_rust_does() {
    let engine = Engine::default();
    let m = module(&engine, POOLED);
    // Pooled at all (the golden file `pool.wat` pins how).
    let text = m.disassemble().to_string();
    assert!(
        text.contains("I64Store addr=s9 value=s4 offset=0"),
        "{text}"
    );
    check(&engine, &m, false);
    let image = m.to_image().unwrap();
    check(
        &engine,
        &Module::from_image(&engine, &image).unwrap(),
        false,
    );
}

#[test]
fn pooled_constants_with_fuel_and_pauses() {
    let engine = engine_with(|c| {
        c.consume_fuel(true);
    });
    let m = module(&engine, POOLED);
    check(&engine, &m, true);
    // Paused every few ops inside the loop, resumed: the same result.
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let f = inst.get_func(&store, "pooled").unwrap();
    let mut out = [Val::F64(0)];
    store.set_fuel(7).unwrap();
    let mut run = f
        .call_resumable(&mut store, &[Val::I32(50)], &mut out)
        .unwrap();
    let mut pauses = 0;
    while let ResumableCall::OutOfFuel(inv) = run {
        pauses += 1;
        assert!(pauses < 10_000);
        store.set_fuel(7).unwrap();
        run = inv.resume(&mut store, &mut out).unwrap();
    }
    assert!(pauses > 50);
    assert_eq!(out[0].f64().unwrap().to_bits(), pooled(50).to_bits());
}
