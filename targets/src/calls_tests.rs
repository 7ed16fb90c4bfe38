//! Tail calls and typed function references on both tiers: the same
//! results and traps.

use mote::{Engine, Linker, TrapCode, Val};

use crate::tests::{agree, both_linked};

const TAIL: &str = r#"(module
  (type $ii (func (param i64) (result i64)))
  (import "env" "twice" (func $twice (param i64) (result i64)))
  (table funcref (elem $count $even $odd $host))
  ;; A loop of 1,000,000 tail calls: no stack growth, no depth limit.
  (func $count (export "count") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 42))
      (else (return_call $count (i64.sub (local.get 0) (i64.const 1))))))
  (func $even (export "even") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 1))
      (else (return_call_indirect (type $ii)
        (i64.sub (local.get 0) (i64.const 1)) (i32.const 2)))))
  (func $odd (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 0))
      (else (return_call_indirect (type $ii)
        (i64.sub (local.get 0) (i64.const 1)) (i32.const 1)))))
  (func $host (param i64) (result i64) (return_call $twice (local.get 0)))
  (func (export "to_import") (param i64) (result i64) (return_call $twice (local.get 0)))
  (func (export "to_import_indirect") (param i64) (result i64)
    (return_call_indirect (type $ii) (local.get 0) (i32.const 3)))
  ;; More results than the caller has parameters: they land in its vals.
  (func $three (param i32) (result i32 i32 i32)
    (local.get 0) (i32.const 2) (i32.const 3))
  (func (export "wide") (result i32 i32 i32) (return_call $three (i32.const 1)))
  (func (export "bad") (param i32) (result i64)
    (return_call_indirect (type $ii) (i64.const 1) (local.get 0)))
  (func (export "bad_sig") (result i32)
    (return_call_indirect (result i32) (i32.const 0)))
  ;; Not a tail call: the depth limit still holds.
  (func $deep (export "deep") (param i64) (result i64)
    (i64.add (i64.const 1) (call $deep (local.get 0))))
)"#;

fn tail(name: &str, args: &[Val]) -> Result<Vec<Val>, Option<TrapCode>> {
    let engine = Engine::default();
    let mut linker = Linker::<()>::new(&engine);
    linker
        .func_wrap("env", "twice", |_: mote::Caller<'_, ()>, x: i64| x * 2)
        .expect("defines");
    let [interp, native] = both_linked(&engine, &linker, TAIL, name, args);
    assert_eq!(interp, native, "{name}({args:?})");
    native
}

#[test]
fn a_million_tail_calls_neither_grow_the_stack_nor_the_depth() {
    use Val::*;
    assert_eq!(tail("count", &[I64(1_000_000)]), Ok(vec![I64(42)]));
    assert_eq!(tail("even", &[I64(1_000_001)]), Ok(vec![I64(0)]));
    assert_eq!(tail("even", &[I64(1_000_000)]), Ok(vec![I64(1)]));
    assert_eq!(tail("deep", &[I64(0)]), Err(Some(TrapCode::StackOverflow)));
}

#[test]
fn a_tail_call_to_an_import_is_a_call_and_a_return() {
    use Val::*;
    assert_eq!(tail("to_import", &[I64(21)]), Ok(vec![I64(42)]));
    assert_eq!(tail("to_import_indirect", &[I64(4)]), Ok(vec![I64(8)]));
    assert_eq!(tail("wide", &[]), Ok(vec![I32(1), I32(2), I32(3)]));
}

#[test]
fn return_call_indirect_checks_as_call_indirect() {
    use Val::*;
    assert_eq!(
        tail("bad", &[I32(4)]),
        Err(Some(TrapCode::UndefinedElement))
    );
    assert_eq!(tail("bad_sig", &[]), Err(Some(TrapCode::BadSignature)));
    let null = r#"(module (table 2 funcref) (type $t (func))
      (func (export "f") (return_call_indirect (type $t) (i32.const 1))))"#;
    assert_eq!(
        agree(null, "f", &[]),
        Err(Some(TrapCode::IndirectCallToNull))
    );
}

const REFS: &str = r#"(module
  (type $ii (func (param i32) (result i32)))
  (import "env" "inc" (func $inc (type $ii)))
  (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (elem declare func $double $inc)
  (table $t 2 (ref null $ii))
  (table $u 1 (ref $ii) (ref.func $double))
  (global $g (ref $ii) (ref.func $double))
  (func (export "call") (param i32) (result i32)
    (call_ref $ii (local.get 0) (global.get $g)))
  (func (export "call_null") (param i32) (result i32)
    (call_ref $ii (local.get 0) (ref.null $ii)))
  (func (export "call_import") (param i32) (result i32)
    (call_ref $ii (local.get 0) (ref.func $inc)))
  (func (export "tail") (param i32) (result i32)
    (return_call_ref $ii (local.get 0) (table.get $u (i32.const 0))))
  (func (export "tail_null") (param i32) (result i32)
    (return_call_ref $ii (local.get 0) (table.get $t (i32.const 0))))
  (func (export "as_non_null") (param i32) (result i32)
    (local $f (ref $ii))
    (local.set $f (ref.as_non_null (table.get $t (local.get 0))))
    (call_ref $ii (i32.const 5) (local.get $f)))
  (func (export "set") (table.set $t (i32.const 1) (ref.func $double)))
  ;; -1 for null, else the function applied to 10.
  (func (export "on_null") (param i32) (result i32)
    (block $null
      (return (call_ref $ii (i32.const 10)
        (br_on_null $null (table.get $t (local.get 0))))))
    (i32.const -1))
  (func (export "on_non_null") (param i32) (result i32)
    (call_ref $ii (i32.const 10)
      (block $some (result (ref $ii))
        (br_on_non_null $some (table.get $t (local.get 0)))
        (return (i32.const -1)))))
)"#;

fn refs(calls: &[(&str, i32)]) -> Vec<Result<Vec<Val>, Option<TrapCode>>> {
    let engine = Engine::default();
    let mut linker = Linker::<()>::new(&engine);
    linker
        .func_wrap("env", "inc", |_: mote::Caller<'_, ()>, x: i32| x + 1)
        .expect("defines");
    let wasm = wat::parse_str(REFS).expect("test module");
    let mut out = Vec::new();
    let mut store = mote::Store::new(&engine, ());
    let module = mote::Module::new(&engine, &wasm).expect("the interpreter compiles it");
    let interp = linker
        .instantiate(&mut store, &module)
        .expect("instantiates");
    let mut astore = mote::Store::new(&engine, ());
    let amodule = crate::Module::new(&wasm).expect("the AOT tier compiles it");
    let native = amodule
        .instantiate(&mut astore, &linker)
        .expect("instantiates");
    for (name, arg) in calls {
        let f = interp.get_func(&store, name).expect("export");
        let args = match f.ty(&store).params().len() {
            0 => Vec::new(),
            _ => vec![Val::I32(*arg)],
        };
        let mut res = vec![Val::I32(0); f.ty(&store).results().len()];
        let a = f
            .call(&mut store, &args, &mut res[..])
            .map(|()| res.clone())
            .map_err(|e| e.as_trap().map(|t| t.code()));
        let f = native.get_func(name).expect("export");
        let mut res = vec![Val::I32(0); f.ty(&astore).results().len()];
        let b = f
            .call(&mut astore, &args, &mut res[..])
            .map(|()| res.clone())
            .map_err(|e| e.as_trap().map(|t| t.code()));
        assert_eq!(a, b, "{name}({arg})");
        out.push(b);
    }
    out
}

#[test]
fn call_ref_calls_traps_on_null_and_reaches_imports() {
    use Val::*;
    let got = refs(&[
        ("call", 21),
        ("call_null", 1),
        ("call_import", 41),
        ("tail", 4),
        ("tail_null", 4),
        ("as_non_null", 0),
    ]);
    assert_eq!(got[0], Ok(vec![I32(42)]));
    assert_eq!(got[1], Err(Some(TrapCode::NullFunctionReference)));
    assert_eq!(got[2], Ok(vec![I32(42)]));
    assert_eq!(got[3], Ok(vec![I32(8)]));
    assert_eq!(got[4], Err(Some(TrapCode::NullFunctionReference)));
    assert_eq!(got[5], Err(Some(TrapCode::NullReference)));
}

#[test]
fn br_on_null_and_br_on_non_null_branch_both_ways() {
    use Val::*;
    // Before `set`, element 1 is null; after, it is $double.
    let got = refs(&[
        ("on_null", 1),
        ("on_non_null", 1),
        ("set", 0),
        ("on_null", 1),
        ("on_non_null", 1),
    ]);
    assert_eq!(got[0], Ok(vec![I32(-1)]));
    assert_eq!(got[1], Ok(vec![I32(-1)]));
    assert_eq!(got[3], Ok(vec![I32(20)]));
    assert_eq!(got[4], Ok(vec![I32(20)]));
}

#[test]
fn call_indirect_compares_types_as_the_engine_does() {
    // $s1 and $s2 are equal types, so $t1 and $t2 are too, though their
    // concrete references name other indices.
    let wat = r#"(module
      (type $s0 (func (param i32)))
      (type $s1 (func (param i32 (ref $s0))))
      (type $s2 (func (param i32 (ref $s0))))
      (type $t1 (func (param (ref $s1))))
      (type $t2 (func (param (ref $s2))))
      (func $s1 (type $s1))
      (func $f2 (type $t2))
      (table funcref (elem $f2))
      (elem declare func $s1)
      (func (export "run") (result i32)
        (call_indirect (type $t1) (ref.func $s1) (i32.const 0))
        (i32.const 7)))"#;
    assert_eq!(agree(wat, "run", &[]), Ok(vec![Val::I32(7)]));
}

/// Twelve parameters of four types (more than the registers for
/// arguments: some on the stack) and one result, the register
/// convention; two results, the `vals` one; `v128` in registers.
const CONV: &str = r#"(module
  (type $many (func (param i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64) (result f64)))
  (type $v (func (param v128 i32) (result v128)))
  (func $many (export "many") (type $many)
    (f64.add
      (f64.add
        (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1)))
        (f64.add (f64.promote_f32 (local.get 2)) (local.get 3)))
      (f64.add
        (f64.mul (f64.convert_i32_s (local.get 8)) (f64.const 1000))
        (f64.add (f64.convert_i64_s (local.get 9))
          (f64.add (f64.promote_f32 (local.get 10)) (local.get 11))))))
  (func $v (export "v") (type $v)
    (i32x4.add (local.get 0) (i32x4.splat (local.get 1))))
  (func $lanes (export "lanes") (param v128 i32) (result i32)
    (i32.add (i32x4.extract_lane 2 (local.get 0)) (local.get 1)))
  (func (export "vec_param") (param i32) (result i32)
    (call $lanes (v128.const i32x4 1 2 3 4) (local.get 0)))
  (func $two (param i32) (result i32 i64)
    (local.get 0) (i64.extend_i32_s (i32.mul (local.get 0) (i32.const 3))))
  (table funcref (elem $many $v $two))
  (elem declare func $many)
  (func $args (param i32) (result i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64)
    (i32.const 1) (i64.const 2) (f32.const 3) (f64.const 4)
    (i32.const 5) (i64.const 6) (f32.const 7) (f64.const 8)
    (local.get 0) (i64.const 10) (f32.const 11) (f64.const 12))
  (func (export "direct") (param i32) (result f64) (call $many (call $args (local.get 0))))
  (func (export "indirect") (param i32) (result f64)
    (call_indirect (type $many) (call $args (local.get 0)) (i32.const 0)))
  (func (export "by_ref") (param i32) (result f64)
    (call_ref $many (call $args (local.get 0)) (ref.func $many)))
  (func (export "tail") (param i32) (result f64)
    (return_call $many (call $args (local.get 0))))
  (func (export "tail_indirect") (param i32) (result f64)
    (return_call_indirect (type $many) (call $args (local.get 0)) (i32.const 0)))
  (func (export "tail_ref") (param i32) (result f64)
    (return_call_ref $many (call $args (local.get 0)) (ref.func $many)))
  (func (export "vec") (param i32) (result i32)
    (i32x4.extract_lane 3 (call $v (v128.const i32x4 1 2 3 4) (local.get 0))))
  (func (export "two") (param i32) (result i64)
    (local $b i64)
    (call $two (local.get 0)) (local.set $b) (i64.extend_i32_s) (local.get $b) (i64.add))
  (func (export "two_indirect") (param i32) (result i32 i64)
    (return_call_indirect (param i32) (result i32 i64) (local.get 0) (i32.const 2)))
)"#;

#[test]
fn arguments_in_registers_and_on_the_stack_agree() {
    use Val::*;
    // 1 + 2 + 3 + 4 + 9000 + 10 + 11 + 12.
    let want = Ok(vec![F64(9043f64.to_bits())]);
    for name in [
        "direct",
        "indirect",
        "by_ref",
        "tail",
        "tail_indirect",
        "tail_ref",
    ] {
        assert_eq!(agree(CONV, name, &[I32(9)]), want, "{name}");
    }
    let args = [
        I32(1),
        I64(2),
        F32(3f32.to_bits()),
        F64(4f64.to_bits()),
        I32(5),
        I64(6),
        F32(7f32.to_bits()),
        F64(8f64.to_bits()),
        I32(9),
        I64(10),
        F32(11f32.to_bits()),
        F64(12f64.to_bits()),
    ];
    assert_eq!(agree(CONV, "many", &args), want);
    let v = agree(CONV, "v", &[V128(7), I32(1)]);
    assert_eq!(v, Ok(vec![V128(0x0000_0001_0000_0001_0000_0001_0000_0008)]));
    assert_eq!(agree(CONV, "vec", &[I32(10)]), Ok(vec![I32(14)]));
    assert_eq!(agree(CONV, "vec_param", &[I32(10)]), Ok(vec![I32(13)]));
    assert_eq!(agree(CONV, "two", &[I32(5)]), Ok(vec![I64(20)]));
    assert_eq!(
        agree(CONV, "two_indirect", &[I32(5)]),
        Ok(vec![I32(5), I64(15)])
    );
}

#[test]
fn tail_calls_and_registers_compile_for_every_target() {
    // Cranelift lowers the `tail` convention, `return_call_indirect` and
    // stack arguments for each backend (run there by
    // `scripts/aot-cross.sh`, not here).
    let conv = wat::parse_str(CONV).expect("test module");
    let tail = wat::parse_str(TAIL).expect("test module");
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "riscv64gcv-unknown-linux-gnu",
    ] {
        crate::compile_artifact(&conv, target).expect(target);
        crate::compile_artifact(&tail, target).expect(target);
    }
    crate::compile_artifact(&tail, "riscv64gc-unknown-linux-gnu").expect("riscv64gc");
}

const DEPTH: &str = r#"(module
  (type $ii (func (param i64) (result i64)))
  (import "env" "twice" (func $twice (param i64) (result i64)))
  ;; The same type again: a `call_indirect` of it goes through the runtime.
  (type $jj (func (param i64) (result i64)))
  (table funcref (elem $indirect $through))
  ;; n + 1 frames, each a call of the register convention.
  (func $down (export "down") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 0))
      (else (i64.add (i64.const 1) (call $down (i64.sub (local.get 0) (i64.const 1)))))))
  ;; Through `vals` (two results), a tail call every other frame: a
  ;; tail call takes its caller's depth, a call one more.
  (func $wide (export "wide") (param i64) (result i64 i64)
    (if (result i64 i64) (i64.eqz (local.get 0))
      (then (i64.const 0) (i64.const 0))
      (else (if (result i64 i64) (i64.eqz (i64.and (local.get 0) (i64.const 1)))
        (then (return_call $wide (i64.sub (local.get 0) (i64.const 1))))
        (else (call $wide (i64.sub (local.get 0) (i64.const 1))) (i64.const 1) (i64.add))))))
  ;; Through `call_indirect`, a tail call every other frame.
  (func $indirect (export "indirect") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 0))
      (else (if (result i64) (i64.eqz (i64.and (local.get 0) (i64.const 1)))
        (then (return_call_indirect (type $ii) (i64.sub (local.get 0) (i64.const 1)) (i32.const 0)))
        (else (i64.add (i64.const 1)
          (call_indirect (type $ii) (i64.sub (local.get 0) (i64.const 1)) (i32.const 0))))))))
  ;; n + 1 frames, each called through the runtime (`$jj` is not the
  ;; callee's type index, only its type).
  (func $through (export "through") (type $ii)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 0))
      (else (i64.add (i64.const 1)
        (call_indirect (type $jj) (i64.sub (local.get 0) (i64.const 1)) (i32.const 1))))))
  ;; An import at the bottom of n frames.
  (func $to_host (export "to_host") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (call $twice (i64.const 21)))
      (else (call $to_host (i64.sub (local.get 0) (i64.const 1))))))
)"#;

/// Runs `f` on a stack large enough for 10,000 frames of any test here
/// (a test thread's 2 MiB is not, for `call_indirect`'s): the depth limit
/// decides, not the native stack's.
fn on_a_large_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(f)
        .expect("spawns")
        .join()
        .expect("passes");
}

/// Checks that `run(n)` gives the same on both tiers for every `n` of
/// `ns`, and that some of them run and some trap "call stack exhausted":
/// the limit lies among them.
fn straddles_the_limit<T: PartialEq + core::fmt::Debug>(
    what: &str,
    ns: impl IntoIterator<Item = i64>,
    run: impl Fn(i64) -> [Result<T, Option<TrapCode>>; 2],
) {
    let (mut ran, mut trapped) = (false, false);
    for n in ns {
        let [interp, native] = run(n);
        assert_eq!(interp, native, "{what}({n})");
        match native {
            Ok(_) => ran = true,
            Err(Some(TrapCode::StackOverflow)) => trapped = true,
            Err(e) => panic!("{what}({n}): {e:?}"),
        }
    }
    assert!(
        ran && trapped,
        "{what}: the limit is within the range tried"
    );
}

#[test]
fn the_call_depth_limit_is_the_interpreters_to_the_frame() {
    on_a_large_stack(depth_limits);
}

fn depth_limits() {
    use Val::*;
    let engine = Engine::default();
    let mut linker = Linker::<()>::new(&engine);
    linker
        .func_wrap("env", "twice", |_: mote::Caller<'_, ()>, x: i64| x * 2)
        .expect("defines");
    let max = crate::MAX_CALL_DEPTH as i64;
    // Frames: `down`, `to_host` and `through` n + 1; `wide` and
    // `indirect` about n / 2.
    for (name, around) in [
        ("down", max - 1),
        ("wide", 2 * max - 2),
        ("to_host", max - 1),
        ("through", max - 1),
        ("indirect", 2 * max - 2),
    ] {
        straddles_the_limit(name, around - 3..=around + 3, |n| {
            both_linked(&engine, &linker, DEPTH, name, &[I64(n)])
        });
    }
}

const REENTER: &str = r#"(module
  (import "env" "reenter" (func $reenter (param i64) (result i64)))
  ;; n + 1 frames.
  (func $down (export "down") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 0))
      (else (i64.add (i64.const 1) (call $down (i64.sub (local.get 0) (i64.const 1)))))))
  ;; k + 1 frames, then the host, which calls `down(n)` on this instance.
  (func $via (export "via") (param $k i64) (param $n i64) (result i64)
    (if (result i64) (i64.eqz (local.get $k))
      (then (call $reenter (local.get $n)))
      (else (call $via (i64.sub (local.get $k) (i64.const 1)) (local.get $n)))))
)"#;

/// `via(k, n)` on tier `native` or the interpreter, the host function
/// calling back into the instance.
fn via(native: bool, k: i64, n: i64) -> Result<i64, Option<TrapCode>> {
    use std::sync::{Arc, OnceLock};
    let engine = Engine::default();
    let down: Arc<OnceLock<mote::Func>> = Arc::default();
    let mut linker = Linker::<()>::new(&engine);
    let d = down.clone();
    linker
        .func_wrap(
            "env",
            "reenter",
            move |mut caller: mote::Caller<'_, ()>, n: i64| {
                let mut out = [Val::I64(0)];
                match d
                    .get()
                    .expect("set")
                    .call(&mut caller, &[Val::I64(n)], &mut out)
                {
                    Ok(()) => Ok(out[0].i64().expect("an i64")),
                    Err(e) => Err(e.as_trap().expect("a trap")),
                }
            },
        )
        .expect("defines");
    let wasm = wat::parse_str(REENTER).expect("test module");
    let mut store = mote::Store::new(&engine, ());
    let f = if native {
        let inst = crate::Module::new(&wasm).expect("compiles");
        let inst = inst.instantiate(&mut store, &linker).expect("instantiates");
        down.set(inst.get_func("down").expect("export"))
            .expect("once");
        inst.get_func("via").expect("export")
    } else {
        let module = mote::Module::new(&engine, &wasm).expect("compiles");
        let inst = linker
            .instantiate(&mut store, &module)
            .expect("instantiates");
        down.set(inst.get_func(&store, "down").expect("export"))
            .expect("once");
        inst.get_func(&store, "via").expect("export")
    };
    let mut out = [Val::I64(0)];
    f.call(&mut store, &[Val::I64(k), Val::I64(n)], &mut out)
        .map(|()| out[0].i64().expect("an i64"))
        .map_err(|e| e.as_trap().map(|t| t.code()))
}

#[test]
fn a_call_back_from_the_host_has_a_depth_of_its_own() {
    let max = crate::MAX_CALL_DEPTH as i64;
    on_a_large_stack(move || {
        for k in [0, 100, 5_000] {
            // The interpreter's count starts again at the host's call.
            straddles_the_limit(&format!("via({k}, ..)"), max - 3..=max + 3, |n| {
                [via(false, k, n), via(true, k, n)]
            });
        }
    });
}
