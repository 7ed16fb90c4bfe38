//! The AOT tier against the interpreter: the same module, the same calls,
//! the same results and traps.

use mote::{Engine, Linker, Store, TrapCode, Val};

/// Calls `name` with `args` on the interpreter and on native code; returns
/// both outcomes (results, or the trap code).
pub(crate) fn both(wat: &str, name: &str, args: &[Val]) -> [Result<Vec<Val>, Option<TrapCode>>; 2] {
    let engine = Engine::default();
    both_linked(&engine, &Linker::new(&engine), wat, name, args)
}

/// [`both`], the imports resolved by `linker` on both tiers.
pub(crate) fn both_linked(
    engine: &Engine,
    linker: &Linker<()>,
    wat: &str,
    name: &str,
    args: &[Val],
) -> [Result<Vec<Val>, Option<TrapCode>>; 2] {
    let wasm = wat::parse_str(wat).expect("test module");
    let mut store = Store::new(engine, ());
    let module = mote::Module::new(engine, &wasm).expect("the interpreter compiles it");
    let inst = linker
        .instantiate(&mut store, &module)
        .expect("instantiates");
    let f = inst.get_func(&store, name).expect("export");
    let mut out = vec![Val::I32(0); f.ty(&store).results().len()];
    let interp = f
        .call(&mut store, args, &mut out)
        .map(|()| out.clone())
        .map_err(|e| e.as_trap().map(|t| t.code()));

    let mut store = Store::new(engine, ());
    let module = crate::Module::new(&wasm).expect("the AOT tier compiles it");
    let inst = module
        .instantiate(&mut store, linker)
        .expect("instantiates");
    let f = inst.get_func(name).expect("export");
    let mut out = vec![Val::I32(0); f.ty(&store).results().len()];
    let native = f
        .call(&mut store, args, &mut out)
        .map(|()| out.clone())
        .map_err(|e| e.as_trap().map(|t| t.code()));
    [interp, native]
}

pub(crate) fn agree(wat: &str, name: &str, args: &[Val]) -> Result<Vec<Val>, Option<TrapCode>> {
    let [interp, native] = both(wat, name, args);
    assert_eq!(interp, native, "{name}({args:?})");
    native
}

const ARITH: &str = r#"(module
  (func (export "div_s") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (func (export "rem_s") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rem_s)
  (func (export "div_u64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.div_u)
  (func (export "trunc") (param f64) (result i32) local.get 0 i32.trunc_f64_s)
  (func (export "trunc_u") (param f32) (result i64) local.get 0 i64.trunc_f32_u)
  (func (export "sat") (param f64) (result i32) local.get 0 i32.trunc_sat_f64_u)
  (func (export "min") (param f32 f32) (result f32) local.get 0 local.get 1 f32.min)
  (func (export "rotl") (param i64 i64) (result i64) local.get 0 local.get 1 i64.rotl)
  (func (export "clz") (param i32) (result i32) local.get 0 i32.clz)
  (func (export "ext") (param i32) (result i64) local.get 0 i64.extend_i32_u)
  (func (export "ext8") (param i32) (result i32) local.get 0 i32.extend8_s)
)"#;

#[test]
fn integer_division_traps_as_the_interpreter() {
    use Val::*;
    assert_eq!(agree(ARITH, "div_s", &[I32(7), I32(-2)]), Ok(vec![I32(-3)]));
    assert_eq!(
        agree(ARITH, "div_s", &[I32(1), I32(0)]),
        Err(Some(TrapCode::IntegerDivisionByZero))
    );
    assert_eq!(
        agree(ARITH, "div_s", &[I32(i32::MIN), I32(-1)]),
        Err(Some(TrapCode::IntegerOverflow))
    );
    assert_eq!(
        agree(ARITH, "rem_s", &[I32(i32::MIN), I32(-1)]),
        Ok(vec![I32(0)])
    );
    assert_eq!(agree(ARITH, "rem_s", &[I32(-7), I32(2)]), Ok(vec![I32(-1)]));
    assert_eq!(
        agree(ARITH, "div_u64", &[I64(-1), I64(3)]),
        Ok(vec![I64((u64::MAX / 3) as i64)])
    );
}

#[test]
fn conversions_trap_and_saturate_as_the_interpreter() {
    use Val::*;
    let f64v = |x: f64| F64(x.to_bits());
    let f32v = |x: f32| F32(x.to_bits());
    assert_eq!(
        agree(ARITH, "trunc", &[f64v(-2147483648.9)]),
        Ok(vec![I32(i32::MIN)])
    );
    assert_eq!(
        agree(ARITH, "trunc", &[f64v(-2147483649.0)]),
        Err(Some(TrapCode::IntegerOverflow))
    );
    assert_eq!(
        agree(ARITH, "trunc", &[f64v(2147483648.0)]),
        Err(Some(TrapCode::IntegerOverflow))
    );
    assert_eq!(
        agree(ARITH, "trunc", &[f64v(f64::NAN)]),
        Err(Some(TrapCode::BadConversionToInteger))
    );
    assert_eq!(agree(ARITH, "trunc_u", &[f32v(-0.9)]), Ok(vec![I64(0)]));
    assert_eq!(
        agree(ARITH, "trunc_u", &[f32v(-1.0)]),
        Err(Some(TrapCode::IntegerOverflow))
    );
    assert_eq!(agree(ARITH, "sat", &[f64v(-5.0)]), Ok(vec![I32(0)]));
    assert_eq!(agree(ARITH, "sat", &[f64v(1e20)]), Ok(vec![I32(-1)]));
    assert_eq!(agree(ARITH, "sat", &[f64v(f64::NAN)]), Ok(vec![I32(0)]));
    assert_eq!(
        agree(ARITH, "min", &[f32v(-0.0), f32v(0.0)]),
        Ok(vec![f32v(-0.0)])
    );
    assert_eq!(agree(ARITH, "rotl", &[I64(1), I64(65)]), Ok(vec![I64(2)]));
    assert_eq!(agree(ARITH, "clz", &[I32(1)]), Ok(vec![I32(31)]));
    assert_eq!(agree(ARITH, "ext", &[I32(-1)]), Ok(vec![I64(0xffff_ffff)]));
    assert_eq!(agree(ARITH, "ext8", &[I32(0x80)]), Ok(vec![I32(-128)]));
}

const CONTROL: &str = r#"(module
  (func $fac (export "fac") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 1))
      (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
  (func (export "sum") (param i32) (result i32) (local i32)
    (block $out (loop $l
      (br_if $out (i32.eqz (local.get 0)))
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br $l)))
    (local.get 1))
  (func (export "switch") (param i32) (result i32)
    (block $c (block $b (block $a
      (br_table $a $b $c (local.get 0)))
      (return (i32.const 10)))
      (return (i32.const 20)))
    (i32.const 30))
  (func $swap (export "swap") (param i32 i64) (result i64 i32) (local.get 1) (local.get 0))
  (func (export "multi") (result i64)
    (call $swap (i32.const 3) (i64.const 4)) drop)
  (func (export "select") (param i32) (result f64)
    (select (f64.const 1.5) (f64.const 2.5) (local.get 0)))
  (func $run (export "runaway") (call $run))
  (func (export "unreachable") unreachable)
  (global $g (mut i32) (i32.const 5))
  (func (export "bump") (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g))
)"#;

#[test]
fn control_flow_calls_and_globals_agree() {
    use Val::*;
    assert_eq!(
        agree(CONTROL, "fac", &[I64(20)]),
        Ok(vec![I64(2432902008176640000)])
    );
    assert_eq!(agree(CONTROL, "sum", &[I32(100)]), Ok(vec![I32(5050)]));
    for (i, want) in [(0, 10), (1, 20), (2, 30), (7, 30)] {
        assert_eq!(agree(CONTROL, "switch", &[I32(i)]), Ok(vec![I32(want)]));
    }
    assert_eq!(
        agree(CONTROL, "swap", &[I32(1), I64(2)]),
        Ok(vec![I64(2), I32(1)])
    );
    assert_eq!(agree(CONTROL, "multi", &[]), Ok(vec![I64(4)]));
    assert_eq!(
        agree(CONTROL, "select", &[I32(0)]),
        Ok(vec![F64(2.5f64.to_bits())])
    );
    assert_eq!(
        agree(CONTROL, "runaway", &[]),
        Err(Some(TrapCode::StackOverflow))
    );
    assert_eq!(
        agree(CONTROL, "unreachable", &[]),
        Err(Some(TrapCode::Unreachable))
    );
    assert_eq!(agree(CONTROL, "bump", &[]), Ok(vec![I32(6)]));
}

const MEMORY: &str = r#"(module
  (memory 1 3)
  (data (i32.const 16) "\01\02\03\04\05\06\07\08")
  (func (export "load") (param i32) (result i64) (i64.load offset=16 (local.get 0)))
  (func (export "load8") (param i32) (result i32) (i32.load8_s (local.get 0)))
  (func (export "store") (param i32 i32) (result i32)
    (i32.store16 (local.get 0) (local.get 1)) (i32.load (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "grow_and_touch") (result i32)
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.const 131068) (i32.const 7))
    (i32.add (memory.size) (i32.load (i32.const 131068))))
  (table 2 funcref)
  (elem (i32.const 0) $seven $add)
  (type $v_i (func (result i32)))
  (func $seven (result i32) (i32.const 7))
  (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "indirect") (param i32) (result i32) (call_indirect (type $v_i) (local.get 0)))
)"#;

#[test]
fn memory_and_tables_agree() {
    use Val::*;
    assert_eq!(
        agree(MEMORY, "load", &[I32(0)]),
        Ok(vec![I64(0x0807060504030201)])
    );
    assert_eq!(
        agree(MEMORY, "load", &[I32(65536 - 16 - 7)]),
        Err(Some(TrapCode::MemoryOutOfBounds))
    );
    assert_eq!(agree(MEMORY, "load", &[I32(65536 - 24)]), Ok(vec![I64(0)]));
    assert_eq!(
        agree(MEMORY, "load8", &[I32(-1)]),
        Err(Some(TrapCode::MemoryOutOfBounds))
    );
    assert_eq!(
        agree(MEMORY, "store", &[I32(8), I32(0x12345)]),
        Ok(vec![I32(0x2345)])
    );
    assert_eq!(agree(MEMORY, "grow", &[I32(2)]), Ok(vec![I32(1)]));
    assert_eq!(agree(MEMORY, "grow", &[I32(3)]), Ok(vec![I32(-1)]));
    assert_eq!(agree(MEMORY, "grow_and_touch", &[]), Ok(vec![I32(9)]));
    assert_eq!(agree(MEMORY, "indirect", &[I32(0)]), Ok(vec![I32(7)]));
    assert_eq!(
        agree(MEMORY, "indirect", &[I32(1)]),
        Err(Some(TrapCode::BadSignature))
    );
    assert_eq!(
        agree(MEMORY, "indirect", &[I32(2)]),
        Err(Some(TrapCode::UndefinedElement))
    );
}

#[test]
fn host_functions_and_their_traps_pass_through() {
    let wasm = wat::parse_str(
        r#"(module
          (import "env" "twice" (func $twice (param i32) (result i32)))
          (import "env" "fail" (func $fail))
          (global $g (export "g") (mut i32) (i32.const 1))
          (func (export "run") (param i32) (result i32)
            (global.set $g (i32.const 9))
            (call $twice (local.get 0)))
          (func (export "fail") (call $fail)))"#,
    )
    .unwrap();
    let engine = Engine::default();
    let mut linker = Linker::<u32>::new(&engine);
    linker
        .func_wrap("env", "twice", |caller: mote::Caller<'_, u32>, x: i32| {
            // The host sees the global the guest set before the call.
            let g = caller.get_export("g");
            assert!(
                g.is_none(),
                "a host function called from native code has no instance"
            );
            x * 2 + *caller.data() as i32
        })
        .unwrap();
    linker
        .func_wrap(
            "env",
            "fail",
            |_: mote::Caller<'_, u32>| -> Result<(), mote::Trap> {
                Err(mote::Trap::from(TrapCode::Exit))
            },
        )
        .unwrap();
    let mut store = Store::new(&engine, 100);
    let module = crate::Module::new(&wasm).unwrap();
    let inst = module.instantiate(&mut store, &linker).unwrap();
    let run = inst
        .get_func("run")
        .unwrap()
        .typed::<i32, i32>(&store)
        .unwrap();
    assert_eq!(run.call(&mut store, 21).unwrap(), 142);
    let g = inst.get_export("g").unwrap().into_global().unwrap();
    assert_eq!(g.get(&store), Val::I32(9));
    let fail = inst.get_func("fail").unwrap();
    let err = fail.call(&mut store, &[], &mut []).unwrap_err();
    assert_eq!(err.as_trap().map(|t| t.code()), Some(TrapCode::Exit));
}

#[test]
fn two_imports_of_one_global_are_one_global() {
    // The spec's `instance.wast` "export is not generative": a mutable
    // global imported under two names is one global inside native code
    // too, across a call out to the host, and re-exported as itself.
    let wasm = wat::parse_str(
        r#"(module
          (import "env" "a" (global $a (mut i32)))
          (import "env" "k" (global $k i32))
          (import "env" "b" (global $b (mut i32)))
          (import "env" "bump" (func $bump))
          (global $own (mut i32) (i32.const 3))
          (export "b" (global $b))
          (func (export "run") (result i32) (local $r i32)
            (global.set $a (i32.const 7))
            (local.set $r (global.get $b))
            (global.set $b (i32.add (global.get $b) (i32.const 1)))
            (call $bump)
            (local.set $r (i32.add (i32.mul (local.get $r) (i32.const 1000))
                                   (global.get $a)))
            (global.set $a (i32.add (global.get $b) (global.get $k)))
            (global.set $own (i32.add (global.get $own) (global.get $a)))
            (i32.add (local.get $r) (global.get $own))))"#,
    )
    .unwrap();
    let engine = Engine::default();
    // The store's data: the value the host saw in `bump`.
    let mut store = Store::new(&engine, Val::I32(-1));
    let ty = mote::GlobalType::new(mote::ValType::I32, mote::Mutability::Var);
    let g = mote::Global::new(&mut store, ty, Val::I32(0)).unwrap();
    let k_ty = mote::GlobalType::new(mote::ValType::I32, mote::Mutability::Const);
    let k = mote::Global::new(&mut store, k_ty, Val::I32(1)).unwrap();
    let mut linker = Linker::<Val>::new(&engine);
    linker.define(&store, "env", "a", g).unwrap();
    linker.define(&store, "env", "b", g).unwrap();
    linker.define(&store, "env", "k", k).unwrap();
    linker
        .func_wrap("env", "bump", move |mut caller: mote::Caller<'_, Val>| {
            // No assertion here: a panic cannot unwind through native code.
            *caller.data_mut() = g.get(&caller);
            g.set(&mut caller, Val::I32(80)).unwrap();
        })
        .unwrap();
    let module = crate::Module::new(&wasm).unwrap();
    let inst = module.instantiate(&mut store, &linker).unwrap();
    let run = inst
        .get_func("run")
        .unwrap()
        .typed::<(), i32>(&store)
        .unwrap();
    // $b read 7 after $a's set, $a read the host's 80, $own is 3 + 81.
    assert_eq!(run.call(&mut store, ()).unwrap(), 7080 + 84);
    // The set through $b, after the set through $a, reached the store.
    assert_eq!(*store.data(), Val::I32(8));
    assert_eq!(g.get(&store), Val::I32(81));
    let b = inst.get_export("b").unwrap().into_global().unwrap();
    assert_eq!(b, g);
    assert_eq!(b.get(&store), Val::I32(81));
    // The store's value is the one both imports start from on entry.
    g.set(&mut store, Val::I32(5)).unwrap();
    assert_eq!(run.call(&mut store, ()).unwrap(), 7080 + 84 + 81);
    assert_eq!(*store.data(), Val::I32(8));
    assert_eq!(g.get(&store), Val::I32(81));
}

const BULK: &str = r#"(module
  (memory 1)
  (data $d "hello")
  (func (export "fill_copy") (result i64)
    (memory.fill (i32.const 8) (i32.const 0x41) (i32.const 4))
    (memory.copy (i32.const 10) (i32.const 8) (i32.const 4))
    (i64.load (i32.const 8)))
  (func (export "init") (param i32) (result i32)
    (memory.init $d (local.get 0) (i32.const 1) (i32.const 4))
    (i32.load (local.get 0)))
  (func (export "drop_init") (data.drop $d) (memory.init $d (i32.const 0) (i32.const 0) (i32.const 1)))
  (func (export "copy_oob") (memory.copy (i32.const 65535) (i32.const 0) (i32.const 2)))
  (table $t 4 funcref)
  (elem $e func $f $f)
  (func $f (result i32) (i32.const 5))
  (func (export "table") (result i32)
    (table.init $t $e (i32.const 1) (i32.const 0) (i32.const 2))
    (table.copy (i32.const 0) (i32.const 1) (i32.const 2))
    (i32.add (table.size $t) (call_indirect (result i32) (i32.const 0))))
  (func (export "table_oob") (table.init $t $e (i32.const 3) (i32.const 0) (i32.const 2)))
)"#;

#[test]
fn bulk_memory_and_table_instructions_agree() {
    use Val::*;
    assert_eq!(
        agree(BULK, "fill_copy", &[]),
        Ok(vec![I64(0x4141_4141_4141)])
    );
    assert_eq!(agree(BULK, "init", &[I32(100)]), Ok(vec![I32(0x6f6c6c65)]));
    assert_eq!(
        agree(BULK, "init", &[I32(65534)]),
        Err(Some(TrapCode::MemoryOutOfBounds))
    );
    assert_eq!(
        agree(BULK, "drop_init", &[]),
        Err(Some(TrapCode::MemoryOutOfBounds))
    );
    assert_eq!(
        agree(BULK, "copy_oob", &[]),
        Err(Some(TrapCode::MemoryOutOfBounds))
    );
    assert_eq!(agree(BULK, "table", &[]), Ok(vec![I32(9)]));
    assert_eq!(
        agree(BULK, "table_oob", &[]),
        Err(Some(TrapCode::TableOutOfBounds))
    );
}

/// A function with a large frame recursing without end: the native stack
/// limit traps cleanly long before the call-depth counter would, on a
/// test thread's small stack too.
#[test]
fn large_frames_exhaust_the_stack_cleanly() {
    let mut locals = String::new();
    for _ in 0..2000 {
        locals.push_str(" i64");
    }
    let mut body = String::new();
    for i in 0..2000 {
        body.push_str(&format!(
            "(local.set {i} (i64.add (local.get {i}) (i64.const 1)))"
        ));
    }
    let wat =
        format!(r#"(module (func $deep (export "deep") (local{locals}) {body} (call $deep)))"#);
    let [_, native] = both(&wat, "deep", &[]);
    assert_eq!(native, Err(Some(TrapCode::StackOverflow)));
}

const REFS: &str = r#"(module
  (table $t 2 funcref)
  (table $x 1 externref)
  (func $f (result i32) (i32.const 3))
  (elem declare func $f)
  (func (export "funcs") (result i32)
    (table.set $t (i32.const 1) (ref.func $f))
    (drop (table.grow $t (ref.null func) (i32.const 2)))
    (table.fill $t (i32.const 2) (ref.func $f) (i32.const 2))
    (i32.add (i32.add (call_indirect $t (result i32) (i32.const 3)) (table.size $t))
      (ref.is_null (table.get $t (i32.const 0)))))
  (func (export "extern") (param externref) (result externref)
    (table.set $x (i32.const 0) (local.get 0))
    (table.get $x (i32.const 0)))
  (func (export "get_oob") (result i32) (ref.is_null (table.get $t (i32.const 9))))
)"#;

#[test]
fn references_and_table_instructions_agree() {
    use Val::*;
    assert_eq!(agree(REFS, "funcs", &[]), Ok(vec![I32(3 + 4 + 1)]));
    let r = ExternRef(Some(mote::ExternRef::new(77)));
    assert_eq!(agree(REFS, "extern", &[r]), Ok(vec![r]));
    assert_eq!(
        agree(REFS, "extern", &[ExternRef(None)]),
        Ok(vec![ExternRef(None)])
    );
    assert_eq!(
        agree(REFS, "get_oob", &[]),
        Err(Some(TrapCode::TableOutOfBounds))
    );
}

/// A WASI program: the same output on both tiers (its host functions find
/// the instance's memory through the instance's shim).
#[test]
fn a_wasi_program_prints_the_same_on_both_tiers() {
    use wasi_lite::std_backend::{SharedBuffer, StdWasiCtx, WasiCtxBuilder};
    let wasm = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/wasi/hello.wasm"
    ))
    .expect("tests/wasi/hello.wasm");
    let engine = Engine::default();
    let mut linker = Linker::new(&engine);
    wasi_lite::add_to_linker(&mut linker, |ctx: &mut StdWasiCtx| ctx).unwrap();
    let mut outputs = Vec::new();
    for aot in [false, true] {
        let stdout = SharedBuffer::new();
        let ctx = WasiCtxBuilder::new()
            .arg("hello")
            .stdout(stdout.clone())
            .build()
            .unwrap();
        let mut store = Store::new(&engine, ctx);
        let start = if aot {
            let module = crate::Module::new(&wasm).unwrap();
            module
                .instantiate(&mut store, &linker)
                .unwrap()
                .get_func("_start")
                .unwrap()
        } else {
            let module = mote::Module::new(&engine, &wasm).unwrap();
            let instance = linker.instantiate(&mut store, &module).unwrap();
            instance.get_func(&store, "_start").unwrap()
        };
        start.call(&mut store, &[], &mut []).unwrap();
        outputs.push(stdout.contents());
    }
    assert_eq!(outputs[0], b"Hello, world!\n");
    assert_eq!(outputs[0], outputs[1]);
}

const SIMD: &str = r#"(module
  (import "env" "swap" (func $swap (param v128) (result v128)))
  (memory 1)
  (global $g (export "g") (mut v128) (v128.const i32x4 1 2 3 4))
  (func (export "add") (param v128 v128) (result v128)
    (i32x4.add (local.get 0) (local.get 1)))
  (func (export "shuffle") (param v128 v128) (result v128)
    (i8x16.shuffle 31 0 30 1 29 2 28 3 27 4 26 5 25 6 24 7 (local.get 0) (local.get 1)))
  (func (export "madd") (param v128 v128 v128) (result v128)
    (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "dot") (param v128 v128 v128) (result v128)
    (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get 0) (local.get 1) (local.get 2)))
  (func (export "swizzle") (param v128 v128) (result v128)
    (i8x16.relaxed_swizzle (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result v128) (v128.load offset=1 (local.get 0)))
  (func (export "store_lane") (param i32 v128)
    (v128.store16_lane 7 (local.get 0) (local.get 1)))
  (func (export "host") (param v128) (result v128 i32)
    (call $swap (local.get 0))
    (global.set $g (global.get $g))
    (i32x4.extract_lane 3 (global.get $g)))
  (func (export "global") (param v128) (result v128)
    (global.get $g) (global.set $g (local.get 0)))
)"#;

/// Calls `name` of [`SIMD`] on both tiers, with `swap` exchanging the
/// halves of a v128 on the host.
fn simd_both(name: &str, args: &[Val]) -> [Result<Vec<Val>, Option<TrapCode>>; 2] {
    let engine = Engine::default();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "swap", |_: mote::Caller<'_, ()>, v: u128| {
            v.rotate_left(64)
        })
        .unwrap();
    both_linked(&engine, &linker, SIMD, name, args)
}

fn simd_agree(name: &str, args: &[Val]) -> Result<Vec<Val>, Option<TrapCode>> {
    let [interp, native] = simd_both(name, args);
    assert_eq!(interp, native, "{name}({args:?})");
    native
}

/// A v128 of four 32-bit lanes, lane 0 first.
fn i32x4(l: [u32; 4]) -> Val {
    Val::V128(
        l.iter()
            .rev()
            .fold(0u128, |v, x| (v << 32) | u128::from(*x)),
    )
}

#[test]
fn v128_values_cross_the_api_calls_and_globals() {
    let (a, b) = (i32x4([1, 2, u32::MAX, 4]), i32x4([10, 20, 1, 40]));
    assert_eq!(simd_agree("add", &[a, b]), Ok(vec![i32x4([11, 22, 0, 44])]));
    // Through an import and back, then a v128 global read in place.
    let v = Val::V128(0x1111_2222_3333_4444_5555_6666_7777_8888);
    assert_eq!(
        simd_agree("host", &[v]),
        Ok(vec![
            Val::V128(0x5555_6666_7777_8888_1111_2222_3333_4444),
            Val::I32(4)
        ])
    );
    assert_eq!(simd_agree("global", &[a]), Ok(vec![i32x4([1, 2, 3, 4])]));
}

#[test]
fn shuffles_and_relaxed_instructions_agree_with_the_interpreter() {
    let a = Val::V128(u128::from_le_bytes(core::array::from_fn(|i| i as u8)));
    let b = Val::V128(u128::from_le_bytes(core::array::from_fn(|i| {
        0x10 + i as u8
    })));
    let lanes: [u8; 16] = [31, 0, 30, 1, 29, 2, 28, 3, 27, 4, 26, 5, 25, 6, 24, 7];
    // Byte `l` of a ++ b is `l` itself: the result is the lanes.
    assert_eq!(
        simd_agree("shuffle", &[a, b]),
        Ok(vec![Val::V128(u128::from_le_bytes(lanes))])
    );
    // relaxed_swizzle: an index past 15 gives 0, as swizzle.
    let idx = Val::V128(u128::from_le_bytes(core::array::from_fn(|i| {
        if i % 2 == 0 {
            15 - i as u8
        } else {
            0x80 | i as u8
        }
    })));
    let swz: [u8; 16] = core::array::from_fn(|i| if i % 2 == 0 { 15 - i as u8 } else { 0 });
    assert_eq!(
        simd_agree("swizzle", &[a, idx]),
        Ok(vec![Val::V128(u128::from_le_bytes(swz))])
    );
    // relaxed_madd rounds twice: (1 + 2^-12)^2 - 1 loses its 2^-24 term,
    // which an fma would keep.
    let x = f32::from_bits(0x3f80_0800);
    let xs = i32x4([x.to_bits(); 4]);
    let minus_one = i32x4([(-1.0f32).to_bits(); 4]);
    let unfused = (x * x + -1.0).to_bits();
    assert_ne!(unfused, x.mul_add(x, -1.0).to_bits());
    assert_eq!(
        simd_agree("madd", &[xs, xs, minus_one]),
        Ok(vec![i32x4([unfused; 4])])
    );
    // The dot product takes both operands' bytes as signed: -1 * 3, four
    // times, plus 10.
    let ff = Val::V128(u128::MAX);
    let threes = Val::V128(u128::from_le_bytes([3; 16]));
    assert_eq!(
        simd_agree("dot", &[ff, threes, i32x4([10; 4])]),
        Ok(vec![i32x4([-2i32 as u32; 4])])
    );
}

#[test]
fn simd_memory_accesses_check_their_bounds() {
    // 16 bytes at offset 1: the last address that fits is 65536 - 17.
    assert_eq!(
        simd_agree("load", &[Val::I32(65519)]),
        Ok(vec![Val::V128(0)])
    );
    assert_eq!(
        simd_agree("load", &[Val::I32(65520)]),
        Err(Some(TrapCode::MemoryOutOfBounds))
    );
    let v = Val::V128(u128::MAX);
    assert_eq!(simd_agree("store_lane", &[Val::I32(65534), v]), Ok(vec![]));
    assert_eq!(
        simd_agree("store_lane", &[Val::I32(65535), v]),
        Err(Some(TrapCode::MemoryOutOfBounds))
    );
}

#[test]
fn riscv64gc_refuses_v128_with_a_clear_error() {
    let wasm = wat::parse_str(r#"(module (func (param v128)))"#).unwrap();
    let target = crate::compile::Target::Triple("riscv64gc-unknown-linux-gnu");
    match crate::compile::compile_text(&wasm, target, false) {
        Err(crate::Error::Unsupported(why)) => assert!(why.contains("V extension"), "{why}"),
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("v128 compiled for riscv64gc"),
    }
    for body in [
        "(func (result i32) (i32x4.extract_lane 0 (v128.const i64x2 0 0)))",
        "(func (block (result v128) unreachable) drop)",
    ] {
        let wasm = wat::parse_str(format!("(module {body})")).unwrap();
        match crate::compile::compile_text(&wasm, target, false) {
            Err(crate::Error::Unsupported(why)) => assert!(why.contains("V extension"), "{why}"),
            Err(e) => panic!("wrong error: {e}"),
            Ok(_) => panic!("{body} compiled for riscv64gc"),
        }
    }
}
