//! Every op, many times over, on a small native stack.
//!
//! The module below is generated from the op list: for each family, wasm
//! that the translator turns into that family's ops, all inside one loop.
//! The test checks that its code holds every op of the list but
//! `Unreachable` (which ends a run), then runs the loop on a thread with a
//! small stack. With the tail-call dispatch (optimized builds), a handler
//! whose call to the next one were not a jump would grow the native stack
//! at every op and overflow it; CI runs this test optimized.

use crate::ir::{Op, OpCode};
use crate::{Config, Engine, Func, Linker, Module, Store};
use alloc::collections::BTreeSet;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// A value of type `t` that no op of the loop traps on.
fn value(t: &str) -> String {
    match t {
        "i32" => "(local.get $i)".into(),
        "i64" => "(i64.extend_i32_u (local.get $i))".into(),
        "f32" => "(f32.convert_i32_u (i32.and (local.get $i) (i32.const 1023)))".into(),
        _ => "(f64.convert_i32_u (i32.and (local.get $i) (i32.const 1023)))".into(),
    }
}

/// The wasm instruction of semantics `sem` (`i32_add` → `i32.add`), with
/// its operand types.
fn instruction(sem: &str, family: &str) -> (String, Vec<&'static str>) {
    let (prefix, rest) = sem.split_once('_').unwrap_or((sem, ""));
    let mut name = format!("{prefix}.{rest}");
    if let Some(access) = rest.strip_prefix("atomic_") {
        // `i32_atomic_rmw8_add_u` → `i32.atomic.rmw8.add_u`,
        // `i64_atomic_load32_u` → `i64.atomic.load32_u`.
        name = match access.split_once('_') {
            Some((rmw, op)) if rmw.starts_with("rmw") => format!("{prefix}.atomic.{rmw}.{op}"),
            _ => format!("{prefix}.atomic.{access}"),
        };
    }
    if sem == "ref_is_null" {
        return ("ref.is_null".into(), alloc::vec!["funcref"]);
    }
    if sem == "ref_as_non_null" {
        return ("ref.as_non_null".into(), alloc::vec!["funcref"]);
    }
    let own: &'static str = ["i32", "i64", "f32", "f64"]
        .into_iter()
        .find(|t| *t == prefix)
        .unwrap_or("i32");
    let operands = match family {
        "unary" | "unary_trap" => {
            // `convert_i64_u`, `wrap_i64`, `trunc_sat_f32_s`: the operand
            // type is the one the name mentions after the operation.
            let mentioned = rest
                .split('_')
                .skip(1)
                .find_map(|p| ["i32", "i64", "f32", "f64"].into_iter().find(|t| *t == p));
            alloc::vec![mentioned.unwrap_or(own)]
        }
        _ => alloc::vec![own, own],
    };
    (name, operands)
}

/// log2 of the size `load` (`i32.load`, `f64.load`, ...) reads.
fn scale(load: &str) -> u32 {
    if load.starts_with("i64") || load.starts_with("f64") {
        3
    } else {
        2
    }
}

/// Wasm that makes the translator emit op `code`, or `None` for ops that
/// other families' wasm brings along (or that end a run).
fn wasm_for(code: OpCode) -> Option<String> {
    let (family, sem) = code.semantics();
    let (name, operands) = instruction(sem, family);
    let args = || -> String {
        operands
            .iter()
            .map(|t| match *t {
                "funcref" => "(ref.func $callee)".into(),
                t => value(t),
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let drop = |e: String| format!("(drop {e})");
    if family.starts_with("atomic") && !cfg!(feature = "atomics") {
        return None;
    }
    Some(match family {
        "unary" | "unary_trap" | "binary" => drop(format!("({name} {})", args())),
        // Divisors that are never zero and quotients that never overflow.
        "binary_trap" => {
            let t = operands[0];
            drop(format!("({name} {} ({t}.const 7))", value(t)))
        }
        "binary_imm" => {
            let t = operands[0];
            drop(format!("({name} {} ({t}.const 5))", value(t)))
        }
        // `i32_and_eqz` is `br_if` of an `i32.eqz` of an `i32.and`.
        "branch_cmp" if sem == "i32_and_eqz" => {
            format!("(block (br_if 0 (i32.eqz (i32.and {}))))", args())
        }
        "branch_cmp" => format!("(block (br_if 0 ({name} {})))", args()),
        "branch_cmp_imm" if sem == "i32_and_eqz" => {
            format!(
                "(block (br_if 0 (i32.eqz (i32.and {} (i32.const 5)))))",
                value("i32")
            )
        }
        "branch_cmp_imm" => {
            format!(
                "(block (br_if 0 ({name} {} ({}.const 5))))",
                value(operands[0]),
                operands[0]
            )
        }
        "load" => drop(format!("({name} offset=8 (local.get $k))")),
        "load_abs" => drop(format!("({name} offset=8 (i32.const 64))")),
        "load_add" => drop(format!("({name} (i32.add (local.get $k) (local.get $k)))")),
        "load_add_imm" => drop(format!(
            "({name} (i32.add (i32.and (local.get $i) (i32.const 255)) (i32.const 16)))"
        )),
        // `a + b * c`: semantics `i32_mul_add` is `i32.add` of `i32.mul`.
        "fused_rhs" => {
            let t = operands[0];
            let (inner, outer) = sem[4..].split_once('_').unwrap_or(("", ""));
            let v = value(t);
            drop(format!("({t}.{outer} {v} ({t}.{inner} {v} {v}))"))
        }
        // `(a * b) * local`: semantics `f64_mul_mul` is `f64.mul` of `f64.mul`.
        "fused_lhs" => {
            let t = operands[0];
            let v = value(t);
            drop(format!("({t}.mul ({t}.mul {v} {v}) (local.get ${t}))"))
        }
        // `a ^ (b << 5)`: semantics `i32_shl_xor` is `i32.xor` of `i32.shl`.
        "fused_rhs_imm" => {
            let t = operands[0];
            let (inner, outer) = sem[4..].rsplit_once('_').unwrap_or(("", ""));
            let v = value(t);
            drop(format!("({t}.{outer} {v} ({t}.{inner} {v} ({t}.const 5)))"))
        }
        // `(a * 5) + 7`: semantics `i32_mul_add_imm` is `i32.add` of
        // `i32.mul`, each by a constant.
        "fused_imm" => {
            let t = operands[0];
            let (inner, outer) = match sem {
                "i32_mul_add_imm" | "i64_mul_add_imm" => ("mul", "add"),
                "i32_add_shr_u_imm" => ("add", "shr_u"),
                "i32_shr_u_and_imm" => ("shr_u", "and"),
                "i32_add_and_imm" => ("add", "and"),
                _ => return None,
            };
            let v = value(t);
            drop(format!(
                "({t}.{outer} ({t}.{inner} {v} ({t}.const 5)) ({t}.const 7))"
            ))
        }
        // An array element: the index shifted by the access's scale.
        "load_idx_imm" => drop(format!(
            "({name} (i32.add (i32.shl (i32.and (local.get $i) (i32.const 255)) (i32.const {})) (i32.const 16)))",
            scale(&name)
        )),
        "load_add_idx" => drop(format!(
            "({name} (i32.add (local.get $k) (i32.shl (local.get $k) (i32.const {}))))",
            scale(&name)
        )),
        "store" => format!("({name} offset=4 (i32.const 128) {})", value(&name[..3])),
        // The general forms: an access to the second memory.
        "load_mem" => drop(format!("({name} $m1 offset=8 (i32.const 64))")),
        "store_mem" => format!(
            "({name} $m1 offset=4 (i32.const 128) {})",
            value(&name[..3])
        ),
        // Atomic accesses must be aligned: `offset=8` and multiples of 8.
        "atomic_load" => drop(format!("({name} offset=8 (i32.const 64))")),
        "atomic_store" => format!("({name} offset=8 (i32.const 128) {})", value(operands[0])),
        "atomic_rmw" => drop(format!(
            "({name} offset=8 (i32.const 128) {})",
            value(operands[0])
        )),
        "atomic_cmpxchg" => {
            let v = value(operands[0]);
            drop(format!("({name} offset=8 (i32.const 128) {v} {v})"))
        }
        _ if family.starts_with("v128") => return simd_wasm(family, &name),
        _ => return None,
    })
}

/// Wasm for an op of a SIMD family (`name` its instruction as the
/// semantics name spells it).
fn simd_wasm(family: &str, name: &str) -> Option<String> {
    if !cfg!(feature = "simd") {
        return None;
    }
    let name = name
        .replace("ext_mul", "extmul")
        .replace("ext_add", "extadd")
        .replace("q15_mulr", "q15mulr");
    let v = "(i32x4.splat (local.get $i))";
    // The scalar a splat or replace_lane takes.
    let scalar = match &name[..5] {
        "i64x2" => value("i64"),
        "f32x4" => value("f32"),
        "f64x2" => value("f64"),
        _ => value("i32"),
    };
    let drop = |e: String| format!("(drop {e})");
    Some(match family {
        "v128_const" => drop("(v128.const i64x2 1 2)".into()),
        "v128_unary" | "v128_test" => drop(format!("({name} {v})")),
        "v128_binary" => drop(format!("({name} {v} {v})")),
        "v128_ternary" => drop(format!("({name} {v} {v} {v})")),
        "v128_shift" => drop(format!("({name} {v} (local.get $i))")),
        "v128_shuffle" => drop(format!(
            "({name} 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 {v} {v})"
        )),
        "v128_splat" => drop(format!("({name} {scalar})")),
        "v128_extract" => drop(format!("({name} 1 {v})")),
        "v128_replace" => drop(format!("({name} 1 {v} {scalar})")),
        "v128_load" => drop(format!("({name} offset=8 (i32.const 64))")),
        "v128_store" => format!("({name} offset=8 (i32.const 128) {v})"),
        "v128_load_lane" => drop(format!("({name} offset=8 1 (i32.const 64) {v})")),
        "v128_store_lane" => format!("({name} offset=8 1 (i32.const 128) {v})"),
        "v128_global_get" => drop("(global.get $v)".into()),
        // The general forms: an access to the second memory.
        "v128_load_mem" => drop(format!("({name} $m1 offset=8 (i32.const 64))")),
        "v128_store_mem" => format!("({name} $m1 offset=8 (i32.const 128) {v})"),
        "v128_load_lane_mem" => drop(format!("({name} $m1 offset=8 1 (i32.const 64) {v})")),
        "v128_store_lane_mem" => format!("({name} $m1 offset=8 1 (i32.const 128) {v})"),
        "v128_global_set" => format!("(global.set $v {v})"),
        _ => return None,
    })
}

/// The control ops, all in one body.
const CONTROL: &str = r#"
    (block $a (block $b (block $c
      (br_table $a $b $c (i32.and (local.get $i) (i32.const 3))))))
    (drop (select (local.get $i) (i32.const 1) (local.get $i)))
    (drop (select (local.get $i) (i32.const 1) (i32.and (local.get $i) (i32.const 4))))
    (drop (i64.const 0x123456789))
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (drop (ref.func $callee))
    (drop (memory.size))
    (drop (memory.grow (i32.const 0)))
    (memory.copy (i32.const 0) (i32.const 16) (i32.const 8))
    (memory.fill (i32.const 32) (i32.const 7) (i32.const 8))
    (memory.init $d (i32.const 40) (i32.const 0) (i32.const 0))
    (drop (memory.size $m1))
    (drop (memory.grow $m1 (i32.const 0)))
    (memory.copy $m1 0 (i32.const 0) (i32.const 16) (i32.const 8))
    (memory.fill $m1 (i32.const 32) (i32.const 7) (i32.const 8))
    (memory.init $m1 $d (i32.const 40) (i32.const 0) (i32.const 0))
    (data.drop $d)
    (drop (table.get $t (i32.const 0)))
    (table.set $t (i32.const 1) (ref.func $callee))
    (drop (table.size $t))
    (drop (table.grow $t (ref.null func) (i32.const 0)))
    (table.fill $t (i32.const 2) (ref.null func) (i32.const 1))
    (table.copy $t $t (i32.const 3) (i32.const 0) (i32.const 1))
    (table.init $t $e (i32.const 0) (i32.const 0) (i32.const 0))
    (elem.drop $e)
    (drop (call $callee (local.get $i)))
    (drop (call $callee (i32.add (local.get $i) (i32.const 1))))
    (drop (call $host (local.get $i)))
    (drop (call $other (local.get $i)))
    (drop (call_indirect (type $t1) (local.get $i) (i32.const 0)))
    (drop (call $tail (local.get $i)))
    (drop (call $tail_import (local.get $i)))
    (drop (call $tail_indirect (local.get $i)))
    (local.set $m (local.get $k))
    (local.set $k (local.get $m))
    (local.set $m (i32.const 0))
    (loop $up
      (br_if $up (i32.ne (local.tee $m (i32.add (local.get $m) (i32.const 1))) (i32.const 3))))
    (local.set $m (i32.add (local.get $m) (i32.const 1)))
    (local.set $k (i32.add (local.get $k) (i32.const 1)))
    (drop (drop (call $two (local.get $i))))
    (call $void)
    (if (i32.eqz (local.get $i)) (then (nop)))
    (if (local.get $i) (then (nop)))
    (drop (call_ref $t1 (local.get $i) (ref.func $callee)))
    (drop (call $tail_ref (local.get $i)))
    (drop (call $tail_ref_host (local.get $i)))
    (block $z (drop (br_on_null $z (ref.func $callee))))
    (drop (block $n (result funcref)
      (br_on_non_null $n (ref.null func))
      (ref.null func)))
"#;

/// The control ops of the `exceptions` feature.
const EXCEPTION_CONTROL: &str = r#"
    (block $h (try_table (catch $ex $h) (throw $ex)))
    (drop (block $h (result i32)
      (try_table (catch $ex1 $h)
        (throw_ref (block $r (result exnref)
          (try_table (catch_all_ref $r) (throw $ex1 (local.get $i)))
          (unreachable))))
      (unreachable)))
"#;

/// The control ops of the `atomics` feature (a finite timeout: never a
/// trap, whatever the memory holds).
const ATOMIC_CONTROL: &str = r#"
    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 1) (i64.const 0)))
    (drop (memory.atomic.wait64 offset=8 (i32.const 0) (i64.const 1) (i64.const 0)))
    (drop (i32.atomic.rmw.add $m1 offset=8 (i32.const 0) (i32.const 1)))
    (i64.atomic.store $m1 offset=8 (i32.const 0) (i64.const 1))
"#;

/// A module with one loop of `iterations` over wasm for every op.
fn module_text(iterations: u32) -> String {
    let mut body = String::from(CONTROL);
    // `wait` needs a shared memory.
    let mut memory = "(memory 1)";
    let mut tags = "";
    if cfg!(feature = "exceptions") {
        body.push_str(EXCEPTION_CONTROL);
        tags = "(tag $ex) (tag $ex1 (param i32))";
    }
    if cfg!(feature = "atomics") {
        body.push_str(ATOMIC_CONTROL);
        memory = "(memory 1 1 shared)";
    }
    let v128_global = match cfg!(feature = "simd") {
        true => "(global $v (mut v128) (v128.const i64x2 1 2))",
        false => "",
    };
    for &code in OpCode::ALL {
        if let Some(w) = wasm_for(code) {
            body.push_str(&w);
            body.push('\n');
        }
    }
    format!(
        r#"(module
  (type $t1 (func (param i32) (result i32)))
  (import "env" "host" (func $host (type $t1)))
  (import "other" "f" (func $other (type $t1)))
  {memory}
  (memory $m1 1)
  (table $t 4 funcref)
  (elem $e func $callee)
  (elem declare func $host)
  (elem (i32.const 0) func $callee)
  (data $d "")
  (global $g (mut i32) (i32.const 0))
  {v128_global}
  {tags}
  (func $callee (type $t1) (local.get 0))
  (func $two (param i32) (result i32 i32) (local.get 0) (i32.const 1))
  (func $void)
  (func $tail (type $t1) (return_call $callee (local.get 0)))
  (func $tail_import (type $t1) (return_call $host (local.get 0)))
  (func $tail_indirect (type $t1) (return_call_indirect (type $t1) (local.get 0) (i32.const 0)))
  (func $tail_ref (type $t1) (return_call_ref $t1 (local.get 0) (ref.func $callee)))
  (func $tail_ref_host (type $t1) (return_call_ref $t1 (local.get 0) (ref.func $host)))
  (func (export "run") (local $i i32) (local $k i32) (local $m i32) (local $f32 f32) (local $f64 f64)
    (local.set $i (i32.const {iterations}))
    (loop $l
      (local.set $k (i32.and (local.get $i) (i32.const 255)))
      {body}
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br_if $l (local.get $i)))))"#
    )
}

/// The op codes of all of `module`'s code.
fn op_codes(module: &Module) -> BTreeSet<u16> {
    let code = &module.inner.code;
    let mut seen = BTreeSet::new();
    let mut at = 0;
    while let Ok(op) = Op::decode(code, at) {
        seen.insert(op.code() as u16);
        at += op.code().len();
    }
    assert_eq!(at, code.len(), "the code decodes whole");
    seen
}

/// Runs the loop module with `iterations` on `engine`, in a thread with a
/// native stack of `stack` bytes.
fn run_loop(engine: &Engine, iterations: u32, stack: usize) -> (Module, u32) {
    let text = module_text(iterations);
    let wasm = wat::parse_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let module = Module::new(engine, &wasm).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let other = Module::new(
        engine,
        &wat::parse_str(r#"(module (func (export "f") (param i32) (result i32) (local.get 0)))"#)
            .unwrap(),
    )
    .unwrap();
    let (m, e) = (module.clone(), engine.clone());
    let calls = std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            let mut store = Store::new(&e, 0u32);
            store.set_fuel(u64::MAX).unwrap();
            let mut linker = Linker::new(&e);
            linker
                .func_wrap("env", "host", |mut c: crate::Caller<'_, u32>, x: i32| {
                    *c.data_mut() += 1;
                    x
                })
                .unwrap();
            let other = linker.instantiate(&mut store, &other).unwrap();
            linker.instance(&mut store, "other", other).unwrap();
            let instance = linker.instantiate(&mut store, &m).unwrap();
            let run: Func = instance.get_func(&store, "run").unwrap();
            run.call(&mut store, &[], &mut []).unwrap();
            *store.data()
        })
        .unwrap()
        .join()
        .unwrap();
    (module, calls)
}

/// Enough iterations that a handler growing the native stack by even one
/// small frame per op would overflow 256 KiB many times over.
const ITERATIONS: u32 = if cfg!(debug_assertions) { 200 } else { 100_000 };

#[test]
fn every_op_runs_in_a_long_loop_on_a_small_stack() {
    for fuel in [false, true] {
        let mut config = Config::new();
        config.consume_fuel(fuel);
        let engine = Engine::new(&config);
        let (module, host_calls) = run_loop(&engine, ITERATIONS, 256 * 1024);
        // Each iteration calls the host three times: directly, by tail
        // call and by tail call through a reference.
        assert_eq!(host_calls, 3 * ITERATIONS);
        let seen = op_codes(&module);
        let missing: Vec<&str> = OpCode::ALL
            .iter()
            .filter(|c| !seen.contains(&(**c as u16)))
            .filter(|c| **c != OpCode::Unreachable && (fuel || **c != OpCode::ConsumeFuel))
            .filter(|c| c.built())
            .map(|c| c.name())
            .collect();
        assert!(missing.is_empty(), "ops the loop does not run: {missing:?}");
    }
}
