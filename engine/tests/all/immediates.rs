//! Constants folded into the op that consumes them (`binary_imm`,
//! `branch_cmp_imm` in ops.rs), checked against the same operator with the
//! constant passed as an ordinary operand, for edge-case values on both sides.

use crate::{module, wat};
use mote::{Engine, Linker, Module, Store};

const OPS: [&str; 21] = [
    "add", "sub", "mul", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr", "eq", "ne",
    "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u",
];

const I32_VALUES: [i32; 10] = [0, 1, -1, 2, 31, 33, i32::MAX, i32::MIN, 0x7fff, -0x8000];
const I64_VALUES: [i64; 14] = [
    0,
    1,
    -1,
    63,
    65,
    i32::MAX as i64,
    i32::MIN as i64,
    i32::MAX as i64 + 1,
    i32::MIN as i64 - 1,
    u32::MAX as i64,
    -(u32::MAX as i64),
    i64::MAX,
    i64::MIN,
    0x1234_5678_9abc,
];

fn is_compare(op: &str) -> bool {
    !matches!(
        op,
        "add" | "sub" | "mul" | "and" | "or" | "xor" | "shl" | "shr_s" | "shr_u" | "rotl" | "rotr"
    )
}

/// For each op and constant: `op_k` (the constant as an operand of the op),
/// `ref_k` (the constant as a parameter), and for comparisons `if_k` and
/// `br_k` (the comparison as the condition of an `if` and of a `br_if`).
fn text(ty: &str, consts: &[String]) -> String {
    let mut m = String::from("(module\n");
    for op in OPS {
        let result = if is_compare(op) { "i32" } else { ty };
        for (k, c) in consts.iter().enumerate() {
            m += &format!(
                "(func (export \"{op}_{k}\") (param {ty}) (result {result})
                   local.get 0 {ty}.const {c} {ty}.{op})
                 (func (export \"ref{op}_{k}\") (param {ty} {ty}) (result {result})
                   local.get 0 local.get 1 {ty}.{op})\n"
            );
            if is_compare(op) {
                m += &format!(
                    "(func (export \"if{op}_{k}\") (param {ty}) (result i32)
                       local.get 0 {ty}.const {c} {ty}.{op}
                       if (result i32) i32.const 1 else i32.const 0 end)
                     (func (export \"br{op}_{k}\") (param {ty}) (result i32)
                       block
                         local.get 0 {ty}.const {c} {ty}.{op}
                         br_if 0
                         i32.const 0
                         return
                       end
                       i32.const 1)\n"
                );
            }
        }
    }
    m + ")"
}

fn check<T>(ty: &str, values: &[T])
where
    T: mote::WasmTy + Copy + core::fmt::Display + core::fmt::Debug + PartialEq,
{
    let consts: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    let engine = Engine::default();
    let m: Module = module(&engine, &text(ty, &consts));
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    for op in OPS {
        for (k, &c) in values.iter().enumerate() {
            let reference = |store: &mut Store<()>, x: T| -> i64 {
                if is_compare(op) {
                    let f = inst.get_typed_func::<(T, T), i32>(&*store, &format!("ref{op}_{k}"));
                    f.unwrap().call(store, (x, c)).unwrap() as i64
                } else {
                    let f = inst.get_typed_func::<(T, T), T>(&*store, &format!("ref{op}_{k}"));
                    let v = f.unwrap().call(store, (x, c)).unwrap();
                    v.to_string().parse().unwrap_or(i64::MIN)
                }
            };
            for &x in values {
                let want = reference(&mut store, x);
                let names: &[&str] = if is_compare(op) {
                    &["", "if", "br"]
                } else {
                    &[""]
                };
                for prefix in names {
                    let name = format!("{prefix}{op}_{k}");
                    let got = if is_compare(op) {
                        let f = inst.get_typed_func::<T, i32>(&store, &name).unwrap();
                        f.call(&mut store, x).unwrap() as i64
                    } else {
                        let f = inst.get_typed_func::<T, T>(&store, &name).unwrap();
                        let v = f.call(&mut store, x).unwrap();
                        v.to_string().parse().unwrap_or(i64::MIN)
                    };
                    assert_eq!(got, want, "{ty}.{op} {x} {c} ({name})");
                }
            }
        }
    }
}

#[test]
fn i32_constants_fold_into_their_ops() {
    check::<i32>("i32", &I32_VALUES);
}

#[test]
fn i64_constants_fold_into_their_ops() {
    check::<i64>("i64", &I64_VALUES);
}

#[test]
fn folding_keeps_values_that_branches_bring() {
    // The constant 2 reaches `i32.add` only on the fall-through path; the
    // `br_if` brings 1 to the same `end`. Folding 2 into the add would be wrong.
    let engine = Engine::default();
    let m = Module::new(
        &engine,
        &wat(r#"(module (func (export "f") (param i32) (result i32)
              local.get 0
              block (result i32)
                i32.const 1
                local.get 0
                br_if 0
                drop
                i32.const 2
              end
              i32.add))"#),
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let f = inst.get_typed_func::<i32, i32>(&store, "f").unwrap();
    assert_eq!(f.call(&mut store, 5).unwrap(), 6);
    assert_eq!(f.call(&mut store, 0).unwrap(), 2);
}
