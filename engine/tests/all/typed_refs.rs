//! Typed function references through the API: values of `(ref $t)` types
//! between host and wasm, import matching by the 3.0 rules across modules,
//! and the new instructions' traps, limits and fuel.

use crate::{expect_trap, module, wat};
use mote::{
    CallError, Config, Engine, Error, ExternRef, ExternType, Features, Func, FuncType, HeapType,
    LinkErrorKind, Linker, Module, RefType, ResumableCall, Store, TrapCode, Val, ValType,
};

/// The module's type `(func (param i32) (result i32))` as a non-null
/// concrete reference type, through the engine's registry.
fn ref_ii(engine: &Engine, nullable: bool) -> ValType {
    let ii = FuncType::new([ValType::I32], [ValType::I32]);
    let id = engine.type_id(&ii).unwrap();
    assert_eq!(engine.func_type(id), Some(ii));
    ValType::Ref(RefType::new(nullable, HeapType::Concrete(id)))
}

const APPLY: &str = r#"(module
  (type $ii (func (param i32) (result i32)))
  (import "env" "make" (func $make (result (ref $ii))))
  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func $neg (param i64) (result i64) (i64.sub (i64.const 0) (local.get 0)))
  (elem declare func $inc $neg)
  (func (export "get") (result (ref $ii)) (ref.func $inc))
  (func (export "other") (result funcref) (ref.func $neg))
  (func (export "apply") (param (ref $ii) i32) (result i32)
    (call_ref $ii (local.get 1) (local.get 0)))
  (func (export "apply_made") (param i32) (result i32)
    (call_ref $ii (local.get 0) (call $make)))
  (func (export "apply_null") (param (ref null $ii)) (result i32)
    (call_ref $ii (i32.const 0) (local.get 0)))
  (func (export "as_non_null") (param funcref) (result (ref func))
    (ref.as_non_null (local.get 0))))"#;

#[test]
fn host_passes_and_receives_typed_references() {
    let engine = Engine::default();
    let m = module(&engine, APPLY);
    assert!(m.features().contains(Features::FUNCTION_REFERENCES));
    // The export's type names the engine-wide id of `$ii`.
    let get_ty = m
        .exports()
        .find_map(|(n, t)| (n == "get").then_some(t))
        .unwrap();
    let ExternType::Func(get_ty) = get_ty else {
        panic!("get is a function");
    };
    assert_eq!(get_ty.results(), [ref_ii(&engine, false)]);
    assert_eq!(ref_ii(&engine, false).to_string(), "(ref 0)");

    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    // The host's `make` returns whatever `inc` the instance exports,
    // through the typed result `(ref $ii)`, checked on the way back.
    let slot: std::sync::Arc<std::sync::Mutex<Option<Func>>> = Default::default();
    let made = slot.clone();
    linker
        .func_new(
            "env",
            "make",
            FuncType::new([], [ref_ii(&engine, false)]),
            move |_, _, results| {
                results[0] = Val::FuncRef(*made.lock().unwrap());
                Ok(())
            },
        )
        .unwrap();
    let inst = linker.instantiate(&mut store, &m).unwrap();
    let call = |store: &mut Store<()>, name: &str, args: &[Val]| {
        let f = inst.get_func(&*store, name).unwrap();
        let mut out = [Val::I32(0)];
        f.call(store, args, &mut out).map(|()| out[0])
    };

    let Val::FuncRef(Some(inc)) = call(&mut store, "get", &[]).unwrap() else {
        panic!("get returns a function");
    };
    assert_eq!(
        call(
            &mut store,
            "apply",
            &[Val::FuncRef(Some(inc)), Val::I32(41)]
        )
        .unwrap(),
        Val::I32(42)
    );
    // Null is no `(ref $ii)`, and neither is a function of another type.
    assert_eq!(
        call(&mut store, "apply", &[Val::FuncRef(None), Val::I32(1)]),
        Err(Error::Call(CallError::TypeMismatch))
    );
    let Val::FuncRef(Some(neg)) = call(&mut store, "other", &[]).unwrap() else {
        panic!("other returns a function");
    };
    assert_eq!(
        call(&mut store, "apply", &[Val::FuncRef(Some(neg)), Val::I32(1)]),
        Err(Error::Call(CallError::TypeMismatch))
    );

    // A host result of the wrong type or null for `(ref $ii)` traps.
    *slot.lock().unwrap() = None;
    expect_trap(
        call(&mut store, "apply_made", &[Val::I32(1)]),
        TrapCode::Host,
    );
    *slot.lock().unwrap() = Some(neg);
    expect_trap(
        call(&mut store, "apply_made", &[Val::I32(1)]),
        TrapCode::Host,
    );
    *slot.lock().unwrap() = Some(inc);
    assert_eq!(
        call(&mut store, "apply_made", &[Val::I32(6)]).unwrap(),
        Val::I32(7)
    );

    // The traps of null references.
    expect_trap(
        call(&mut store, "apply_null", &[Val::FuncRef(None)]),
        TrapCode::NullFunctionReference,
    );
    assert_eq!(
        TrapCode::NullFunctionReference.message(),
        "null function reference"
    );
    expect_trap(
        call(&mut store, "as_non_null", &[Val::FuncRef(None)]),
        TrapCode::NullReference,
    );
    assert_eq!(
        call(&mut store, "as_non_null", &[Val::FuncRef(Some(neg))]).unwrap(),
        Val::FuncRef(Some(neg))
    );
}

/// Instantiates `importer` against the exports of `exporter`, both in one
/// store of `engine`.
fn link(engine: &Engine, exporter: &str, importer: &str) -> Result<(), Error> {
    let mut store = Store::new(engine, ());
    let mut linker = Linker::new(engine);
    let a = linker
        .instantiate(&mut store, &module(engine, exporter))
        .unwrap();
    linker.instance(&mut store, "A", a).unwrap();
    linker
        .instantiate(&mut store, &module(engine, importer))
        .map(drop)
}

fn incompatible(r: Result<(), Error>) -> bool {
    matches!(r, Err(Error::Link(l)) if l.kind == LinkErrorKind::IncompatibleImportType)
}

const EXPORTER: &str = r#"(module
  (type $ii (func (param i32) (result i32)))
  (func $inc (export "inc") (type $ii) (local.get 0))
  (func (export "takes") (param (ref $ii)))
  (global (export "const") (ref $ii) (ref.func $inc))
  (global (export "var") (mut funcref) (ref.func $inc))
  (table (export "table") 1 (ref null $ii)))"#;

#[test]
fn function_imports_match_structurally_equal_types_across_modules() {
    let engine = Engine::default();
    // `$jj` is declared after another type: a different index, the same
    // type, so the same engine-wide id.
    let same = r#"(module
      (type (func))
      (type $jj (func (param i32) (result i32)))
      (import "A" "takes" (func (param (ref $jj))))
      (import "A" "inc" (func (type $jj))))"#;
    link(&engine, EXPORTER, same).unwrap();
    let other = r#"(module
      (type $jj (func (param i64) (result i32)))
      (import "A" "takes" (func (param (ref $jj)))))"#;
    assert!(incompatible(link(&engine, EXPORTER, other)));
    // Function types are final: `(ref $ii)` is a subtype of `(ref func)`,
    // but a function taking one is no function taking the other.
    let wider = r#"(module (import "A" "takes" (func (param (ref func)))))"#;
    assert!(incompatible(link(&engine, EXPORTER, wider)));
}

#[test]
fn global_imports_are_covariant_when_immutable_and_invariant_when_mutable() {
    let engine = Engine::default();
    for (import, ok) in [
        ("(global (ref $ii))", true),
        ("(global (ref null $ii))", true),
        ("(global (ref func))", true),
        ("(global funcref)", true),
        ("(global (ref $other))", false),
        ("(global (mut (ref $ii)))", false),
    ] {
        let text = format!(
            r#"(module
              (type $ii (func (param i32) (result i32)))
              (type $other (func))
              (import "A" "const" {import}))"#
        );
        assert_eq!(link(&engine, EXPORTER, &text).is_ok(), ok, "{import}");
    }
    for (import, ok) in [
        ("(global (mut funcref))", true),
        ("(global funcref)", false),
        ("(global (mut (ref null $ii)))", false),
        ("(global (mut (ref func)))", false),
    ] {
        let text = format!(
            r#"(module
              (type $ii (func (param i32) (result i32)))
              (import "A" "var" {import}))"#
        );
        assert_eq!(link(&engine, EXPORTER, &text).is_ok(), ok, "{import}");
    }
}

#[test]
fn table_imports_need_the_same_element_type() {
    let engine = Engine::default();
    for (import, ok) in [
        ("(table 1 (ref null $ii))", true),
        ("(table 1 funcref)", false),
        ("(table 1 (ref null $other))", false),
    ] {
        let text = format!(
            r#"(module
              (type $other (func))
              (type $ii (func (param i32) (result i32)))
              (import "A" "table" {import}))"#
        );
        assert_eq!(link(&engine, EXPORTER, &text).is_ok(), ok, "{import}");
    }
}

#[test]
fn a_module_naming_types_runs_only_in_a_store_of_its_engine() {
    let (one, two) = (Engine::default(), Engine::default());
    let typed = Module::new(&one, &wat(EXPORTER)).unwrap();
    let mut store = Store::new(&two, ());
    let linker = Linker::new(&two);
    assert_eq!(
        linker.instantiate(&mut store, &typed).map(drop),
        Err(Error::Call(CallError::ForeignEngine))
    );
    // A module without concrete reference types means the same anywhere.
    let plain = Module::new(&one, &wat(r#"(module (func (export "f")))"#)).unwrap();
    linker.instantiate(&mut store, &plain).unwrap();
}

#[test]
fn non_nullable_tables_start_with_their_initializer() {
    let engine = Engine::default();
    let (mut store, inst) = crate::instantiate(
        &engine,
        r#"(module
          (type $ii (func (param i32) (result i32)))
          (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
          (table 3 (ref $ii) (ref.func $double))
          (func (export "run") (param i32) (result i32)
            (call_ref $ii (local.get 0) (table.get 0 (i32.const 2)))))"#,
    );
    let run = inst.get_typed_func::<i32, i32>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, 21).unwrap(), 42);
}

const COUNTDOWN: &str = r#"(module
  (type $t (func (param i32) (result i32)))
  (elem declare func $down $tail)
  (func $down (type $t)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 7))
      (else (call_ref $t (i32.sub (local.get 0) (i32.const 1)) (ref.func $down)))))
  (func $tail (type $t)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 9))
      (else (return_call_ref $t (i32.sub (local.get 0) (i32.const 1)) (ref.func $tail)))))
  (func (export "down") (type $t) (call $down (local.get 0)))
  (func (export "tail") (type $t) (call $tail (local.get 0))))"#;

#[test]
fn call_ref_is_bounded_by_the_call_depth_and_return_call_ref_is_not() {
    let engine = crate::engine_with(|c| {
        c.max_call_depth(1000);
    });
    let (mut store, inst) = crate::instantiate(&engine, COUNTDOWN);
    let down = inst.get_typed_func::<i32, i32>(&store, "down").unwrap();
    assert_eq!(down.call(&mut store, 500).unwrap(), 7);
    expect_trap(down.call(&mut store, 5000), TrapCode::StackOverflow);
    let tail = inst.get_typed_func::<i32, i32>(&store, "tail").unwrap();
    assert_eq!(tail.call(&mut store, 100_000).unwrap(), 9);
}

#[test]
fn call_ref_spends_fuel_and_resumes() {
    let mut config = Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config);
    let (mut store, inst) = crate::instantiate(&engine, COUNTDOWN);
    let tail = inst.get_func(&store, "tail").unwrap();
    store.set_fuel(100).unwrap();
    let mut results = [Val::I32(0)];
    let mut call = tail
        .call_resumable(&mut store, &[Val::I32(10_000)], &mut results)
        .unwrap();
    let mut pauses = 0;
    while let ResumableCall::OutOfFuel(inv) = call {
        pauses += 1;
        store.set_fuel(1000).unwrap();
        call = inv.resume(&mut store, &mut results).unwrap();
    }
    assert!(pauses > 10, "{pauses} pauses");
    assert_eq!(results, [Val::I32(9)]);
}

#[test]
fn null_tests_see_all_64_bits_of_a_reference() {
    let engine = Engine::default();
    let (mut store, inst) = crate::instantiate(
        &engine,
        r#"(module
          (func (export "nn") (param externref) (result externref)
            (ref.as_non_null (local.get 0)))
          (func (export "null") (param externref) (result i32)
            (block $n (drop (br_on_null $n (local.get 0))) (return (i32.const 0)))
            (i32.const 1))
          (func (export "non_null") (param externref) (result i32)
            (drop (block $n (result externref)
              (br_on_non_null $n (local.get 0)) (return (i32.const 0))))
            (i32.const 1)))"#,
    );
    // The largest host reference is the slot 2^32: zero in its low half.
    let max = Some(ExternRef::new(u32::MAX));
    let nn = inst
        .get_typed_func::<Option<ExternRef>, Option<ExternRef>>(&store, "nn")
        .unwrap();
    assert_eq!(nn.call(&mut store, max).unwrap(), max);
    expect_trap(nn.call(&mut store, None), TrapCode::NullReference);
    for (name, on_null, on_max) in [("null", 1, 0), ("non_null", 0, 1)] {
        let f = inst
            .get_typed_func::<Option<ExternRef>, i32>(&store, name)
            .unwrap();
        assert_eq!(f.call(&mut store, None).unwrap(), on_null, "{name}");
        assert_eq!(f.call(&mut store, max).unwrap(), on_max, "{name}");
    }
}

#[test]
fn features_name_function_references_where_a_typed_reference_appears() {
    let engine = Engine::default();
    let uses = |text: &str| {
        module(&engine, text)
            .features()
            .contains(Features::FUNCTION_REFERENCES)
    };
    // Only a local names the typed reference.
    assert!(uses(
        r#"(module (type $t (func)) (func (local (ref null $t))))"#
    ));
    // `nofunc` and `noextern` are GC's in wasmparser (which refuses them
    // without it); `nullexnref` is exception handling's.
    assert!(uses(
        r#"(module (func $f) (elem declare func $f) (global (ref func) (ref.func $f)))"#
    ));
    if cfg!(feature = "exceptions") {
        assert!(!uses(r#"(module (global nullexnref (ref.null noexn)))"#));
    }
    assert!(uses(r#"(module (func (param (ref extern))))"#));
    // Plain reference types are the reference-types proposal's.
    assert!(!uses(
        r#"(module (type $t (func)) (func (local funcref externref)))"#
    ));
    assert!(!uses(
        r#"(module (table 1 funcref) (func (param externref)))"#
    ));
}
