//! Recursion: unbounded recursion must be a clean `StackOverflow` trap, never
//! a native stack overflow, whatever the native stack size.

use crate::{engine_with, expect_trap, instantiate, isolated, module};
use mote::{Engine, Linker, Module, Store, TrapCode};

const RECURSE: &str = r#"
(module
  (func $f (export "f") (call $f))
  ;; Recursion that also keeps values alive on the operand stack.
  (func $g (export "g") (param i64) (result i64)
    (i64.add (local.get 0) (call $g (i64.add (local.get 0) (i64.const 1)))))
  ;; sum(n) = n + sum(n - 1), sum(0) = 0: depth n.
  (func $sum (export "sum") (param $n i32) (result i64)
    (if (result i64) (i32.eqz (local.get $n))
      (then (i64.const 0))
      (else (i64.add (i64.extend_i32_u (local.get $n))
                     (call $sum (i32.sub (local.get $n) (i32.const 1)))))))
  ;; Fibonacci-like: two calls per level, depth n.
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  ;; Recursion through a table.
  (type $v (func))
  (table 1 funcref)
  (elem (i32.const 0) $h)
  (func $h (export "h") (call_indirect (type $v) (i32.const 0)))
  ;; Tail recursion: constant stack, however deep.
  (func $loop (export "tail") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 42))
      (else (return_call $loop (i32.sub (local.get 0) (i32.const 1))))))
)
"#;

fn sum_to(n: i64) -> i64 {
    n * (n + 1) / 2
}

fn fib(n: i32) -> i32 {
    let (mut a, mut b) = (0i32, 1i32);
    for _ in 0..n {
        (a, b) = (b, a.wrapping_add(b));
    }
    a
}

/// All of the recursion checks, run on whatever thread calls it.
fn unbounded_recursion_checks(m: &Module, engine: &Engine) {
    let mut store = Store::new(engine, ());
    let inst = Linker::new(engine).instantiate(&mut store, m).unwrap();

    let f = inst.get_typed_func::<(), ()>(&store, "f").unwrap();
    let t = expect_trap(f.call(&mut store, ()), TrapCode::StackOverflow);
    assert_eq!(t.code().message(), "call stack exhausted");
    assert_eq!(t.host_code(), None);

    let g = inst.get_typed_func::<i64, i64>(&store, "g").unwrap();
    expect_trap(g.call(&mut store, 0), TrapCode::StackOverflow);

    let h = inst.get_typed_func::<(), ()>(&store, "h").unwrap();
    expect_trap(h.call(&mut store, ()), TrapCode::StackOverflow);

    // The store is usable after the overflow, and bounded recursion works.
    let sum = inst.get_typed_func::<i32, i64>(&store, "sum").unwrap();
    assert_eq!(sum.call(&mut store, 10).unwrap(), 55);
    assert_eq!(sum.call(&mut store, 5000).unwrap(), sum_to(5000));
    let fib_ = inst.get_typed_func::<i32, i32>(&store, "fib").unwrap();
    assert_eq!(fib_.call(&mut store, 20).unwrap(), fib(20));
    // And it overflows again the same way (no leaked depth or stack).
    expect_trap(f.call(&mut store, ()), TrapCode::StackOverflow);
    assert_eq!(sum.call(&mut store, 5000).unwrap(), sum_to(5000));
}

#[test]
fn unbounded_recursion_traps_with_stack_overflow() {
    let engine = Engine::default();
    let m = module(&engine, RECURSE);
    unbounded_recursion_checks(&m, &engine);
}

#[test]
fn unbounded_recursion_on_64k_thread() {
    isolated("recursion::unbounded_recursion_on_64k_thread", || {
        let engine = Engine::default();
        // Compiled here; everything that executes wasm runs on the small thread.
        let m = module(&engine, RECURSE);
        std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(move || unbounded_recursion_checks(&m, &engine))
            .unwrap()
            .join()
            .expect("the 64 KiB thread panicked");
    });
}

#[test]
fn deep_bounded_recursion_returns_the_right_value() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, RECURSE);
    let sum = inst.get_typed_func::<i32, i64>(&store, "sum").unwrap();
    for n in [0, 1, 2, 100, 4999, 5000, 9000] {
        assert_eq!(
            sum.call(&mut store, n).unwrap(),
            sum_to(n as i64),
            "sum({n})"
        );
    }
    let fib_ = inst.get_typed_func::<i32, i32>(&store, "fib").unwrap();
    for n in [0, 1, 2, 10, 25] {
        assert_eq!(fib_.call(&mut store, n).unwrap(), fib(n), "fib({n})");
    }
}

#[test]
fn tail_calls_do_not_grow_the_stack() {
    let engine = engine_with(|c| {
        c.max_call_depth(100).max_stack_slots(1000);
    });
    let (mut store, inst) = instantiate(&engine, RECURSE);
    let tail = inst.get_typed_func::<i32, i32>(&store, "tail").unwrap();
    assert_eq!(tail.call(&mut store, 1_000_000).unwrap(), 42);
}

#[test]
fn max_call_depth_is_enforced() {
    let engine = engine_with(|c| {
        c.max_call_depth(100);
    });
    let (mut store, inst) = instantiate(&engine, RECURSE);
    let sum = inst.get_typed_func::<i32, i64>(&store, "sum").unwrap();
    assert_eq!(sum.call(&mut store, 50).unwrap(), sum_to(50));
    let t = expect_trap(sum.call(&mut store, 150), TrapCode::StackOverflow);
    assert_eq!(t.code().message(), "call stack exhausted");
    assert_eq!(sum.call(&mut store, 90).unwrap(), sum_to(90));
    let f = inst.get_typed_func::<(), ()>(&store, "f").unwrap();
    expect_trap(f.call(&mut store, ()), TrapCode::StackOverflow);
}

/// A recursive function with 1000 i64 locals: each level costs > 1000 slots.
const FAT: &str = r#"
(module
  (func $fat (export "fat") (param $n i32) (result i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) LOCALS
    (local.set 1 (i64.extend_i32_u (local.get $n)))
    (local.set 1000 (i64.const 1))
    (if (result i64) (i32.eqz (local.get $n))
      (then (i64.const 0))
      (else
        (i64.add
          (i64.add (local.get 1) (local.get 1000))
          (call $fat (i32.sub (local.get $n) (i32.const 1)))))))
)
"#;

#[test]
fn many_locals_hit_max_stack_slots() {
    let text = FAT.replace("LOCALS", &"(local i64) ".repeat(990));
    // 100 000 slots hold fewer than 100 frames of > 1000 slots, far below
    // the default call depth limit of 10 000.
    let engine = engine_with(|c| {
        c.max_stack_slots(100_000);
    });
    let (mut store, inst) = instantiate(&engine, &text);
    let fat = inst.get_typed_func::<i32, i64>(&store, "fat").unwrap();
    // Bounded: sum of (n + 1) for n in 1..=10.
    assert_eq!(fat.call(&mut store, 10).unwrap(), sum_to(10) + 10);
    assert_eq!(fat.call(&mut store, 90).unwrap(), sum_to(90) + 90);
    let t = expect_trap(fat.call(&mut store, 200), TrapCode::StackOverflow);
    assert_eq!(t.code().message(), "call stack exhausted");
    let t = expect_trap(fat.call(&mut store, 100_000), TrapCode::StackOverflow);
    assert_eq!(t.code().message(), "call stack exhausted");
    // Still usable.
    assert_eq!(fat.call(&mut store, 10).unwrap(), sum_to(10) + 10);

    // With the default 1 Mi slots, 1000 levels fit.
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, &text);
    let fat = inst.get_typed_func::<i32, i64>(&store, "fat").unwrap();
    assert_eq!(fat.call(&mut store, 1000).unwrap(), sum_to(1000) + 1000);
    expect_trap(fat.call(&mut store, 5000), TrapCode::StackOverflow);
}

#[test]
fn entry_frame_larger_than_max_stack_slots_traps() {
    // Even the first frame (no recursion) must respect the limit.
    let text = FAT.replace("LOCALS", &"(local i64) ".repeat(990));
    let engine = engine_with(|c| {
        c.max_stack_slots(500);
    });
    let (mut store, inst) = instantiate(&engine, &text);
    let fat = inst.get_typed_func::<i32, i64>(&store, "fat").unwrap();
    expect_trap(fat.call(&mut store, 0), TrapCode::StackOverflow);
}
