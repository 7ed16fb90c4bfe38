//! SIMD through the embedding API and across everything that moves a
//! value without naming its type: a `v128` takes two slots in locals,
//! parameters, results, block parameters, branches, `select`, calls
//! (wasm and host) and returns. (The instructions themselves: the
//! `wg-3.0-simd` and `wg-3.0-relaxed-simd` spec sets.)

use crate::{expect_trap, instantiate, module};
use mote::{Engine, Error, FuncType, Linker, Store, TrapCode, Val, ValType};

const LANES: &str = r#"
(module
  (memory 1)
  ;; Lanes 0..3 of `a` plus `k`, through a v128 local declared after an
  ;; i32 one, a block with a v128 parameter and result, a branch
  ;; carrying it, a select and a call.
  (func $add (export "add") (param $a v128) (param $k i32) (result v128 i32)
    (local $n i32) (local $v v128) (local $m i32)
    (local.set $n (i32.const 7))
    (local.set $m (i32.const 9))
    (local.set $v (i32x4.add (local.get $a) (i32x4.splat (local.get $k))))
    (local.get $v)
    (block (param v128) (result v128)
      (br_if 0 (i32.const 1))
      (drop)
      (v128.const i32x4 0 0 0 0))
    (select (local.get $v) (v128.const i32x4 -1 -1 -1 -1) (local.get $k))
    (call $same)
    (local.get $v)
    (i32x4.eq)
    (i32x4.all_true)
    (local.set $n (i32.add (local.get $n)))
    (local.get $v)
    (i32.add (local.get $n) (local.get $m)))
  (func $same (param v128 v128) (result v128) (local.get 0))
  ;; A v128 kept in a local across a tee and a copy to itself.
  (func (export "tee") (param v128) (result v128 v128)
    (local v128)
    (local.tee 1 (local.get 0))
    (local.set 0 (local.get 0))
    (local.get 1))
  (func (export "load") (param i32) (result v128)
    (v128.load offset=1 (local.get 0)))
  (func (export "store_lane") (param i32 v128)
    (v128.store32_lane 3 (local.get 0) (local.get 1)))
  (func (export "byte") (param i32) (result i32)
    (i32.load8_u (local.get 0)))
)
"#;

fn v128(lanes: [u32; 4]) -> u128 {
    lanes
        .iter()
        .enumerate()
        .fold(0, |v, (i, &l)| v | (u128::from(l) << (32 * i)))
}

#[test]
fn v128_params_results_locals_blocks_select_and_calls() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, LANES);
    let add = inst.get_func(&store, "add").unwrap();
    assert_eq!(
        add.ty(&store),
        FuncType::new([ValType::V128, ValType::I32], [ValType::V128, ValType::I32])
    );
    let mut out = [Val::I32(0), Val::I32(0)];
    let a = v128([1, 2, 3, u32::MAX]);
    add.call(&mut store, &[Val::V128(a), Val::I32(5)], &mut out)
        .unwrap();
    assert_eq!(out, [Val::V128(v128([6, 7, 8, 4])), Val::I32(17)]);

    let tee = inst.get_func(&store, "tee").unwrap();
    let mut out = [Val::I32(0), Val::I32(0)];
    let x = 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210u128;
    tee.call(&mut store, &[Val::V128(x)], &mut out).unwrap();
    assert_eq!(out, [Val::V128(x), Val::V128(x)]);
}

#[test]
fn v128_memory_access_is_bounds_checked() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, LANES);
    let store_lane = inst.get_func(&store, "store_lane").unwrap();
    let v = Val::V128(v128([0, 0, 0, 0xaabb_ccdd]));
    store_lane
        .call(&mut store, &[Val::I32(100), v], &mut [])
        .unwrap();
    let byte = inst.get_func(&store, "byte").unwrap();
    let mut out = [Val::I32(0)];
    byte.call(&mut store, &[Val::I32(103)], &mut out).unwrap();
    assert_eq!(out, [Val::I32(0xaa)]);
    let load = inst.get_func(&store, "load").unwrap();
    let mut out = [Val::I32(0)];
    load.call(&mut store, &[Val::I32(99)], &mut out).unwrap();
    assert_eq!(out, [Val::V128(0xaabb_ccdd)]);
    // The last byte past the end: 65536 - 16 + 1 (offset 1).
    let r = load.call(&mut store, &[Val::I32(65536 - 16)], &mut out);
    expect_trap(r, TrapCode::MemoryOutOfBounds);
    load.call(&mut store, &[Val::I32(65536 - 17)], &mut out)
        .unwrap();
}

#[test]
fn a_host_function_takes_and_returns_v128() {
    let engine = Engine::default();
    let mut linker = Linker::<()>::new(&engine);
    let ty = FuncType::new(
        [ValType::I32, ValType::V128, ValType::I64],
        [ValType::I32, ValType::V128],
    );
    linker
        .func_new("host", "swap", ty, |_, params, results| {
            let (Val::I32(a), Val::V128(v), Val::I64(b)) = (params[0], params[1], params[2]) else {
                panic!("wrong parameter types: {params:?}");
            };
            results[0] = Val::I32(a + 1);
            results[1] = Val::V128(v.rotate_left(64) ^ (b as u128));
            Ok(())
        })
        .unwrap();
    let m = module(
        &engine,
        r#"(module
          (import "host" "swap" (func $swap (param i32 v128 i64) (result i32 v128)))
          (func (export "f") (param v128) (result i32 v128)
            (local $r v128)
            (call $swap (i32.const 41) (local.get 0) (i64.const 3))
            (local.set $r (i32x4.add (v128.const i32x4 1 1 1 1)))
            (local.get $r)))"#,
    );
    let mut store = Store::new(&engine, ());
    let inst = linker.instantiate(&mut store, &m).unwrap();
    let f = inst.get_func(&store, "f").unwrap();
    let mut out = [Val::I32(0), Val::I32(0)];
    let x = v128([1, 2, 3, 4]);
    f.call(&mut store, &[Val::V128(x)], &mut out).unwrap();
    // Halves swapped ([3, 4, 1, 2]), lane 0 xor 3, then 1 added to each.
    assert_eq!(out, [Val::I32(42), Val::V128(v128([1, 5, 2, 3]))]);
}

const GLOBALS: &str = r#"
(module
  (import "host" "h" (global $h (mut v128)))
  (import "host" "c" (global $c v128))
  (global $d (export "d") (mut v128) (v128.const i32x4 1 2 3 4))
  ;; A constant initializer reading an imported v128 global.
  (global $e (export "e") v128 (global.get $c))
  (global $n (mut i64) (i64.const 5))
  ;; Returns the old $h, sets $h to `a + $d`, and counts calls in the
  ;; i64 global after the v128 ones; the scalars around the v128 gets
  ;; and sets check that each moves exactly its two slots.
  (func (export "swap") (param $a v128) (result i64 v128 i64)
    (i64.const 11)
    (global.get $h)
    (global.set $h (i32x4.add (local.get $a) (global.get $d)))
    (global.set $n (i64.add (global.get $n) (i64.const 1)))
    (global.get $n))
  (func (export "e_lane") (result i32) (i32x4.extract_lane 3 (global.get $e)))
)
"#;

#[test]
fn v128_globals_defined_imported_exported_read_and_written() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let var = mote::GlobalType::new(ValType::V128, mote::Mutability::Var);
    let cst = mote::GlobalType::new(ValType::V128, mote::Mutability::Const);
    let x = v128([10, 20, 30, 40]);
    let y = v128([0xdead, 0xbeef, 7, 0xffff_ffff]);
    let h = mote::Global::new(&mut store, var, Val::V128(x)).unwrap();
    let c = mote::Global::new(&mut store, cst, Val::V128(y)).unwrap();
    assert_eq!(h.get(&store), Val::V128(x));
    let mut linker = Linker::<()>::new(&engine);
    linker.define(&store, "host", "h", h).unwrap();
    linker.define(&store, "host", "c", c).unwrap();
    let m = module(&engine, GLOBALS);
    let inst = linker.instantiate(&mut store, &m).unwrap();
    let d = inst.get_global(&store, "d").unwrap();
    let e = inst.get_global(&store, "e").unwrap();
    assert_eq!(d.get(&store), Val::V128(v128([1, 2, 3, 4])));
    assert_eq!(e.get(&store), Val::V128(y));
    assert_eq!(e.ty(&store).content(), ValType::V128);

    let swap = inst.get_func(&store, "swap").unwrap();
    let mut out = [Val::I64(0), Val::V128(0), Val::I64(0)];
    let p = v128([1, 1, u32::MAX, 100]);
    swap.call(&mut store, &[Val::V128(p)], &mut out).unwrap();
    assert_eq!(out, [Val::I64(11), Val::V128(x), Val::I64(6)]);
    assert_eq!(h.get(&store), Val::V128(v128([2, 3, 2, 104])));

    // The host writes the exported global; the module reads it.
    let z = u128::MAX - 1;
    d.set(&mut store, Val::V128(z)).unwrap();
    swap.call(&mut store, &[Val::V128(p)], &mut out).unwrap();
    assert_eq!(
        out,
        [Val::I64(11), Val::V128(v128([2, 3, 2, 104])), Val::I64(7)]
    );
    // Lane by lane, wrapping: [1, 1, -1, 100] + [-2, -1, -1, -1].
    let sum = v128([u32::MAX, 0, u32::MAX - 1, 99]);
    assert_eq!(h.get(&store), Val::V128(sum));
    let e_lane = inst.get_func(&store, "e_lane").unwrap();
    let mut one = [Val::I32(0)];
    e_lane.call(&mut store, &[], &mut one).unwrap();
    assert_eq!(one, [Val::I32(-1)]);

    // Types are checked both ways: no scalar into a v128 global, no
    // write to a constant one, no v128 global for an i64 import.
    assert!(matches!(
        d.set(&mut store, Val::I64(1)),
        Err(Error::Call(mote::CallError::TypeMismatch))
    ));
    assert!(matches!(
        e.set(&mut store, Val::V128(0)),
        Err(Error::Call(mote::CallError::Immutable))
    ));
    assert!(mote::Global::new(&mut store, var, Val::I64(0)).is_err());
    let mut linker = Linker::<()>::new(&engine);
    linker.define(&store, "host", "h", h).unwrap();
    let i64_import = module(
        &engine,
        r#"(module (import "host" "h" (global (mut i64))))"#,
    );
    assert!(linker.instantiate(&mut store, &i64_import).is_err());
}

const MEMORIES: &str = r#"
(module
  (memory $z 1)
  (memory $m 1)
  (memory $w i64 1)
  ;; Stores a vector to $m at `a` and reads it back whole, as a splat of
  ;; its byte 1, as a zero-extended lane 1, as a lane into `v`; stores
  ;; lane 3 to $w at `b`, and loads 8x8_s from $w there: every general
  ;; form, on a 32-bit and a 64-bit memory.
  (func (export "go") (param $a i32) (param $b i64) (param $x v128) (param $v v128)
    (result v128 v128 v128 v128 v128)
    (v128.store $m offset=3 (local.get $a) (local.get $x))
    (v128.load $m offset=3 (local.get $a))
    (v128.load8_splat $m offset=4 (local.get $a))
    (v128.load32_zero $m offset=7 (local.get $a))
    (v128.load16_lane $m offset=5 7 (local.get $a) (local.get $v))
    (v128.store32_lane $w offset=2 3 (local.get $b) (local.get $x))
    (v128.load8x8_s $w offset=2 (local.get $b)))
  ;; The same addresses in memory 0 (fast forms) stay untouched.
  (func (export "z") (param $a i32) (result v128) (v128.load $z offset=3 (local.get $a)))
)
"#;

#[test]
fn simd_loads_and_stores_on_other_and_64_bit_memories() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, MEMORIES);
    let go = inst.get_func(&store, "go").unwrap();
    let x = 0xf0e0_d0c0_b0a0_9080_7060_5040_3020_1000_u128 | 0x81;
    let v = u128::MAX;
    let mut out = [Val::V128(0); 5];
    let args = [Val::I32(100), Val::I64(200), Val::V128(x), Val::V128(v)];
    go.call(&mut store, &args, &mut out).unwrap();
    let bytes = x.to_le_bytes();
    let byte1 = u128::from(bytes[1]);
    let lane1 = u128::from(u32::from_le_bytes(bytes[4..8].try_into().unwrap()));
    let half1 = u128::from(u16::from_le_bytes(bytes[2..4].try_into().unwrap()));
    let lane3 = u32::from_le_bytes(bytes[12..16].try_into().unwrap());
    // i8x8 sign-extended: lane3's bytes, then four zero bytes (fresh memory).
    let extended = lane3
        .to_le_bytes()
        .iter()
        .enumerate()
        .fold(0u128, |acc, (i, &b)| {
            acc | (u128::from(b as i8 as i16 as u16) << (16 * i))
        });
    assert_eq!(
        out,
        [
            Val::V128(x),
            Val::V128((0..16).fold(0, |acc, i| acc | (byte1 << (8 * i)))),
            Val::V128(lane1),
            Val::V128((v & !(0xffff << 112)) | (half1 << 112)),
            Val::V128(extended),
        ]
    );
    let z = inst.get_func(&store, "z").unwrap();
    let mut one = [Val::V128(1)];
    z.call(&mut store, &[Val::I32(100)], &mut one).unwrap();
    assert_eq!(one, [Val::V128(0)]);

    // Each general form traps past its memory's end, and a 64-bit
    // address past 2^32 (or an `addr + offset` past 2^64) is no wrap.
    for (a, b) in [
        (65_536 - 18, 0),
        (65_526, 0),
        (0, 65_536 - 5),
        (0, 1 << 32),
        (0, -1),
    ] {
        let args = [Val::I32(a), Val::I64(b), Val::V128(x), Val::V128(v)];
        expect_trap(
            go.call(&mut store, &args, &mut out),
            TrapCode::MemoryOutOfBounds,
        );
    }
}

#[cfg(feature = "exceptions")]
const THROWS: &str = r#"
(module
  (import "host" "t" (tag $h (param v128 i32)))
  (import "host" "throw" (func $host_throw (param v128)))
  (tag $t (export "t") (param i32 v128 i64))
  ;; Thrown and caught by try_table: the payload lands in the block's
  ;; results, a v128 in two slots between two scalars.
  (func (export "catch") (param $v v128) (result i32 v128 i64)
    (block $h (result i32 v128 i64)
      (try_table (catch $t $h)
        (throw $t (i32.const 7) (local.get $v) (i64.const -3)))
      (unreachable)))
  ;; The same through the legacy try/catch.
  (func (export "legacy") (param $v v128) (result v128) (local $w v128)
    try (result v128)
      i32.const 1 local.get $v i64.const 2 throw $t
    catch $t
      drop local.set $w drop local.get $w
    end)
  (func (export "uncaught") (param $v v128) (throw $t (i32.const 5) (local.get $v) (i64.const 6)))
  ;; A host-thrown exception of a host tag, caught here.
  (func (export "from_host") (param $v v128) (result v128 i32)
    (block $c (result v128 i32)
      (try_table (catch $h $c) (call $host_throw (local.get $v)))
      (unreachable)))
)
"#;

#[cfg(feature = "exceptions")]
#[test]
fn v128_exception_payloads_thrown_caught_and_seen_by_the_host() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let host_tag =
        mote::Tag::new(&mut store, FuncType::new([ValType::V128, ValType::I32], [])).unwrap();
    let mut linker = Linker::<()>::new(&engine);
    linker.define(&store, "host", "t", host_tag).unwrap();
    linker
        .func_new(
            "host",
            "throw",
            FuncType::new([ValType::V128], []),
            move |mut c, params, _| {
                let Val::V128(v) = params[0] else {
                    unreachable!()
                };
                let payload = [Val::V128(!v), Val::I32(33)];
                let exn =
                    mote::Exn::new(&mut c, host_tag, &payload).map_err(|_| mote::Trap::host(1))?;
                Err(exn.into_trap())
            },
        )
        .unwrap();
    let m = module(&engine, THROWS);
    let inst = linker.instantiate(&mut store, &m).unwrap();
    let x = v128([0x0102_0304, 0xdead_beef, 0, u32::MAX]);

    let mut out = [Val::I32(0), Val::V128(0), Val::I64(0)];
    let f = inst.get_func(&store, "catch").unwrap();
    f.call(&mut store, &[Val::V128(x)], &mut out).unwrap();
    assert_eq!(out, [Val::I32(7), Val::V128(x), Val::I64(-3)]);

    let mut one = [Val::V128(0)];
    let f = inst.get_func(&store, "legacy").unwrap();
    f.call(&mut store, &[Val::V128(x)], &mut one).unwrap();
    assert_eq!(one, [Val::V128(x)]);

    let f = inst.get_func(&store, "uncaught").unwrap();
    match f.call(&mut store, &[Val::V128(x)], &mut []) {
        Err(Error::Exception(exn)) => assert_eq!(
            exn.payload(&store),
            [Val::I32(5), Val::V128(x), Val::I64(6)]
        ),
        other => panic!("expected the exception, got {other:?}"),
    }

    let mut two = [Val::V128(0), Val::I32(0)];
    let f = inst.get_func(&store, "from_host").unwrap();
    f.call(&mut store, &[Val::V128(x)], &mut two).unwrap();
    assert_eq!(two, [Val::V128(!x), Val::I32(33)]);

    // A host-made payload with a reference after a v128 reads back whole.
    let Some(mote::Extern::Tag(t)) = inst.get_export(&store, "t") else {
        panic!("no tag t");
    };
    let inner = mote::Exn::new(&mut store, t, &[Val::I32(1), Val::V128(2), Val::I64(3)]).unwrap();
    let ty = FuncType::new([ValType::V128, ValType::EXNREF], []);
    let outer_tag = mote::Tag::new(&mut store, ty).unwrap();
    let payload = [Val::V128(u128::MAX), Val::ExnRef(Some(inner))];
    let outer = mote::Exn::new(&mut store, outer_tag, &payload).unwrap();
    assert_eq!(outer.payload(&store), payload);
    // The wrong type or count is refused.
    for bad in [&[Val::I64(1), Val::I32(0)][..], &[Val::V128(1)][..]] {
        assert!(mote::Exn::new(&mut store, host_tag, bad).is_err());
    }
}

#[test]
fn typed_calls_and_typed_host_functions_take_u128() {
    let engine = Engine::default();
    let mut linker = Linker::<()>::new(&engine);
    linker
        .func_wrap(
            "host",
            "mix",
            |_: mote::Caller<'_, ()>, a: u128, k: i32, b: u128| (k * 2, a ^ b.rotate_left(8)),
        )
        .unwrap();
    let m = module(
        &engine,
        r#"(module
          (import "host" "mix" (func $mix (param v128 i32 v128) (result i32 v128)))
          (func (export "f") (param v128 i32 v128) (result i32 v128)
            (call $mix (local.get 0) (local.get 1) (local.get 2))))"#,
    );
    let mut store = Store::new(&engine, ());
    let inst = linker.instantiate(&mut store, &m).unwrap();
    let f = inst.get_func(&store, "f").unwrap();
    let typed = f.typed::<(u128, i32, u128), (i32, u128)>(&store).unwrap();
    let (a, b) = (u128::MAX - 5, 0x0102_0304_0506_0708_090a_0b0c_0d0e_0f10u128);
    assert_eq!(
        typed.call(&mut store, (a, 21, b)).unwrap(),
        (42, a ^ b.rotate_left(8))
    );
    // A u128 is not an i64 pair: the typed view must match the type.
    assert!(
        f.typed::<(u64, u64, i32, u128), (i32, u128)>(&store)
            .is_err()
    );
}
