//! Exception handling through the embedding API: uncaught exceptions as
//! their own error, exceptions crossing host functions both ways, `exnref`
//! to and from the host, tags from the host, fuel inside a `try_table`.

use crate::{engine_with, expect_trap, instantiate, module};
use mote::{
    CallError, Caller, Engine, Error, Exn, Extern, ExternType, Features, FuncType, LinkErrorKind,
    Linker, ResumableCall, Store, Tag, TrapCode, Val, ValType,
};

/// A module that throws `$e` (exported as "e") with its argument.
const THROWER: &str = r#"
(module
  (tag $e (export "e") (param i32))
  (func (export "throw") (param i32) (throw $e (local.get 0)))
  (func (export "throw_if") (param i32) (result i32)
    (if (local.get 0) (then (throw $e (local.get 0))))
    (i32.const 0)))
"#;

/// A store and a linker where [`THROWER`] is instantiated and registered
/// as "m".
fn with_thrower(engine: &Engine) -> (Store<()>, Linker<()>, mote::Instance) {
    let mut store = Store::new(engine, ());
    let mut linker = Linker::<()>::new(engine);
    let thrower = instantiate_with(&linker, &mut store, engine, THROWER);
    linker.instance(&mut store, "m", thrower).unwrap();
    (store, linker, thrower)
}

/// Instantiates `text` with `linker`'s definitions.
fn instantiate_with(
    linker: &Linker<()>,
    store: &mut Store<()>,
    engine: &Engine,
    text: &str,
) -> mote::Instance {
    linker.instantiate(store, &module(engine, text)).unwrap()
}

fn tag_of(store: &Store<()>, instance: mote::Instance, name: &str) -> Tag {
    match instance.get_export(store, name) {
        Some(Extern::Tag(t)) => t,
        other => panic!("export {name} is not a tag: {other:?}"),
    }
}

#[test]
fn an_uncaught_exception_is_its_own_error_with_tag_and_payload() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, THROWER);
    let f = inst.get_func(&store, "throw").unwrap();
    let err = f.call(&mut store, &[Val::I32(42)], &mut []).unwrap_err();
    let Error::Exception(exn) = err else {
        panic!("expected an uncaught exception, got {err:?}");
    };
    assert_eq!(exn.tag(&store), tag_of(&store, inst, "e"));
    assert_eq!(exn.payload(&store), vec![Val::I32(42)]);
    assert_eq!(err.to_string(), "uncaught exception");
    // Not a trap of any other kind.
    assert_eq!(
        err.as_trap().map(|t| t.code()),
        Some(TrapCode::UncaughtException)
    );
    // A typed call reports it the same way, and the store goes on working.
    let typed = inst.get_typed_func::<i32, i32>(&store, "throw_if").unwrap();
    assert!(matches!(
        typed.call(&mut store, 3),
        Err(Error::Exception(_))
    ));
    assert_eq!(typed.call(&mut store, 0).unwrap(), 0);
}

#[test]
fn the_tag_is_exported_with_its_type_and_listed_as_a_feature() {
    let engine = Engine::default();
    let m = module(&engine, THROWER);
    let e = m.exports().find(|(n, _)| *n == "e").map(|(_, t)| t);
    assert_eq!(e, Some(ExternType::Tag(FuncType::new([ValType::I32], []))));
    assert!(m.features().contains(Features::EXCEPTIONS));
    assert!(!m.features().contains(Features::LEGACY_EXCEPTIONS));
    let plain = module(&engine, "(module (func))");
    assert!(!plain.features().contains(Features::EXCEPTIONS));
}

/// Wasm calls the host, which calls wasm that throws; the exception comes
/// back to the host as an error, the host passes it on, and the outer
/// wasm catches it with its payload.
#[test]
fn an_exception_crosses_a_host_frame_and_is_caught() {
    let engine = Engine::default();
    let (mut store, mut linker, thrower) = with_thrower(&engine);
    let inner = thrower.get_func(&store, "throw").unwrap();
    linker
        .func_wrap("host", "call", move |mut c: Caller<'_, ()>, x: i32| {
            match inner.call(&mut c, &[Val::I32(x)], &mut []) {
                Ok(()) => Ok(()),
                Err(e) => {
                    assert!(matches!(e, Error::Exception(_)), "{e:?}");
                    // Passed on to the wasm that called this function.
                    Err(e.as_trap().unwrap())
                }
            }
        })
        .unwrap();
    let outer = instantiate_with(
        &linker,
        &mut store,
        &engine,
        r#"(module
          (import "m" "e" (tag $e (param i32)))
          (import "host" "call" (func $call (param i32)))
          (func (export "run") (param i32) (result i32)
            (block $h (result i32)
              (try_table (catch $e $h) (call $call (local.get 0)))
              (i32.const -1)))
          (func (export "run_uncaught") (param i32)
            (call $call (local.get 0))))"#,
    );
    let run = outer.get_typed_func::<i32, i32>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, 17).unwrap(), 17);
    assert_eq!(run.call(&mut store, 5).unwrap(), 5);
    // Nothing catches it: the outermost call sees the same exception.
    let f = outer.get_func(&store, "run_uncaught").unwrap();
    match f.call(&mut store, &[Val::I32(9)], &mut []) {
        Err(Error::Exception(exn)) => assert_eq!(exn.payload(&store), vec![Val::I32(9)]),
        other => panic!("expected an uncaught exception, got {other:?}"),
    }
}

/// A host function throws an exception of a tag the host made, which
/// the wasm imports and catches; one it does not catch reaches the host.
#[test]
fn a_host_tag_and_a_host_thrown_exception() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let tag = Tag::new(&mut store, FuncType::new([ValType::I64], [])).unwrap();
    assert!(matches!(
        Tag::new(&mut store, FuncType::new([], [ValType::I32])),
        Err(Error::Call(CallError::TypeMismatch))
    ));
    let mut linker = Linker::<()>::new(&engine);
    linker.define(&store, "host", "tag", tag).unwrap();
    linker
        .func_wrap("host", "throw", move |mut c: Caller<'_, ()>, x: i64| {
            let exn = Exn::new(&mut c, tag, &[Val::I64(x)]).map_err(|_| mote::Trap::host(1))?;
            Err::<(), _>(exn.into_trap())
        })
        .unwrap();
    let inst = instantiate_with(
        &linker,
        &mut store,
        &engine,
        r#"(module
          (import "host" "tag" (tag $t (param i64)))
          (import "host" "throw" (func $throw (param i64)))
          (func (export "catch") (param i64) (result i64)
            (block $h (result i64)
              (try_table (catch $t $h) (call $throw (local.get 0)))
              (i64.const -1)))
          (func (export "tail") (param i64)
            ;; The tail call leaves this frame: its try_table does
            ;; not see the exception.
            (block $h (result i64)
              (try_table (catch $t $h) (return_call $throw (local.get 0)))
              (i64.const -1))
            (drop)))"#,
    );
    let catch = inst.get_typed_func::<i64, i64>(&store, "catch").unwrap();
    assert_eq!(catch.call(&mut store, 1 << 40).unwrap(), 1 << 40);
    let tail = inst.get_func(&store, "tail").unwrap();
    match tail.call(&mut store, &[Val::I64(6)], &mut []) {
        Err(Error::Exception(exn)) => {
            assert_eq!(exn.tag(&store), tag);
            assert_eq!(exn.payload(&store), vec![Val::I64(6)]);
        }
        other => panic!("expected an uncaught exception, got {other:?}"),
    }
    // A payload of the wrong type is refused.
    assert!(matches!(
        Exn::new(&mut store, tag, &[Val::I32(1)]),
        Err(Error::Call(CallError::TypeMismatch))
    ));
}

#[test]
fn tag_imports_match_types_exactly() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let tag = Tag::new(&mut store, FuncType::new([ValType::I32], [])).unwrap();
    let mut linker = Linker::<()>::new(&engine);
    linker.define(&store, "host", "tag", tag).unwrap();
    let wrong = module(
        &engine,
        r#"(module (import "host" "tag" (tag (param i64))))"#,
    );
    match linker.instantiate(&mut store, &wrong) {
        Err(Error::Link(e)) => assert_eq!(e.kind, LinkErrorKind::IncompatibleImportType),
        other => panic!("expected a link error, got {other:?}"),
    }
    let fewer = module(&engine, r#"(module (import "host" "tag" (tag)))"#);
    assert!(matches!(
        linker.instantiate(&mut store, &fewer),
        Err(Error::Link(_))
    ));
    let right = module(
        &engine,
        r#"(module (import "host" "tag" (tag (param i32))))"#,
    );
    linker.instantiate(&mut store, &right).unwrap();
}

/// `exnref` values leave wasm (`catch_all_ref`), come back as parameters
/// (`throw_ref`), and may be made by the host; a handle of another store
/// is refused.
#[test]
fn exnref_to_and_from_the_host() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(
        &engine,
        r#"(module
          (tag $e (export "e") (param i32 f64))
          (func (export "make") (param i32) (result exnref)
            (block $h (result exnref)
              (try_table (catch_all_ref $h) (throw $e (local.get 0) (f64.const 2.5)))
              (unreachable)))
          (func (export "rethrow") (param exnref) (throw_ref (local.get 0)))
          (func (export "payload") (param exnref) (result i32)
            (block $h (result i32 f64)
              (try_table (catch $e $h) (throw_ref (local.get 0)))
              (unreachable))
            (drop)))"#,
    );
    let make = inst.get_func(&store, "make").unwrap();
    let mut out = [Val::ExnRef(None)];
    make.call(&mut store, &[Val::I32(11)], &mut out).unwrap();
    let Val::ExnRef(Some(exn)) = out[0] else {
        panic!("expected an exnref, got {:?}", out[0]);
    };
    assert_eq!(
        exn.payload(&store),
        vec![Val::I32(11), Val::F64(2.5f64.to_bits())]
    );
    // Thrown again from wasm, it is the same exception.
    let rethrow = inst.get_func(&store, "rethrow").unwrap();
    match rethrow.call(&mut store, &[Val::ExnRef(Some(exn))], &mut []) {
        Err(Error::Exception(again)) => assert_eq!(again, exn),
        other => panic!("expected the exception back, got {other:?}"),
    }
    expect_trap(
        rethrow.call(&mut store, &[Val::ExnRef(None)], &mut []),
        TrapCode::NullExceptionReference,
    );
    // One the host makes, through a typed call.
    let e = tag_of(&store, inst, "e");
    let mine = Exn::new(&mut store, e, &[Val::I32(99), Val::F64(0)]).unwrap();
    let payload = inst
        .get_typed_func::<Option<Exn>, i32>(&store, "payload")
        .unwrap();
    assert_eq!(payload.call(&mut store, Some(mine)).unwrap(), 99);
    // Another store's exception is not this store's.
    let (mut other, other_inst) = instantiate(&engine, THROWER);
    let other_tag = tag_of(&other, other_inst, "e");
    let foreign = Exn::new(&mut other, other_tag, &[Val::I32(1)]).unwrap();
    assert!(matches!(
        rethrow.call(&mut store, &[Val::ExnRef(Some(foreign))], &mut []),
        Err(Error::Call(CallError::ForeignHandle))
    ));
    assert!(matches!(
        Exn::new(&mut store, other_tag, &[Val::I32(1)]),
        Err(Error::Call(CallError::ForeignHandle))
    ));
}

/// Fuel runs out inside a `try_table`'s body, the call resumes, and the
/// exception thrown after the loop is caught as without fuel.
#[test]
fn fuel_runs_out_inside_a_try_table_and_the_call_resumes() {
    let text = r#"(module
      (tag $e (param i32))
      (func $work (param $n i32) (result i32)
        (local $i i32)
        (loop $l
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
        (throw $e (i32.mul (local.get $i) (i32.const 2))))
      (func (export "run") (param i32) (result i32)
        (block $h (result i32)
          (try_table (result i32) (catch $e $h) (call $work (local.get 0)))
          (drop)
          (i32.const -1))
        (i32.add (i32.const 1))))"#;
    let engine = engine_with(|c| {
        c.consume_fuel(true);
    });
    let (mut store, inst) = instantiate(&engine, text);
    let run = inst.get_func(&store, "run").unwrap();
    store.set_fuel(50).unwrap();
    let mut out = [Val::I32(0)];
    let mut call = run
        .call_resumable(&mut store, &[Val::I32(1000)], &mut out)
        .unwrap();
    let mut pauses = 0;
    while let ResumableCall::OutOfFuel(inv) = call {
        pauses += 1;
        store.set_fuel(50).unwrap();
        call = inv.resume(&mut store, &mut out).unwrap();
    }
    assert!(pauses > 10, "fuel ran out {pauses} times");
    assert_eq!(out[0], Val::I32(2001));
    // Out of fuel with a plain call: a trap, not an exception.
    store.set_fuel(10).unwrap();
    expect_trap(
        run.call(&mut store, &[Val::I32(1000)], &mut out),
        TrapCode::OutOfFuel,
    );
}

/// An exception thrown by another instance's function unwinds through
/// the cross-instance call; a trap is never caught by `catch_all`.
#[test]
fn exceptions_cross_instances_and_traps_are_not_caught() {
    let engine = Engine::default();
    let (mut store, linker, _) = with_thrower(&engine);
    let inst = instantiate_with(
        &linker,
        &mut store,
        &engine,
        r#"(module
          (import "m" "e" (tag $e (param i32)))
          (import "m" "throw_if" (func $throw_if (param i32) (result i32)))
          (func (export "run") (param i32) (result i32)
            (block $h (result i32)
              (try_table (result i32) (catch $e $h) (call $throw_if (local.get 0)))
              (i32.add (i32.const 100))))
          (func (export "trap") (result i32)
            (block $h
              (try_table (catch_all $h) (unreachable)))
            (i32.const 1)))"#,
    );
    let run = inst.get_typed_func::<i32, i32>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, 0).unwrap(), 100);
    assert_eq!(run.call(&mut store, 8).unwrap(), 8);
    let trap = inst.get_typed_func::<(), i32>(&store, "trap").unwrap();
    expect_trap(trap.call(&mut store, ()), TrapCode::Unreachable);
}

/// Deeply nested `try_table`s and a throw from deep recursion: the
/// search and the unwinding stay within the explicit stacks.
#[test]
fn deep_nesting_and_deep_unwinding() {
    let depth = 2000;
    let mut body = String::new();
    for _ in 0..depth {
        body.push_str("(block $h (try_table (catch_all $h) ");
    }
    body.push_str("(call $down (local.get 0))");
    for _ in 0..depth {
        body.push_str("))");
    }
    let text = format!(
        r#"(module
          (tag $e (param i32))
          (func $down (param i32)
            (if (local.get 0)
              (then (call $down (i32.sub (local.get 0) (i32.const 1))))
              (else (throw $e (i32.const 5)))))
          (func (export "run") (param i32) (result i32)
            {body}
            (i32.const 7))
          (func (export "catch") (param i32) (result i32)
            (block $h (result i32)
              (try_table (catch $e $h) (call $down (local.get 0)))
              (i32.const -1))))"#
    );
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, &text);
    let run = inst.get_typed_func::<i32, i32>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, 10).unwrap(), 7);
    let catch = inst.get_typed_func::<i32, i32>(&store, "catch").unwrap();
    assert_eq!(catch.call(&mut store, 5000).unwrap(), 5);
    // Many throws in a row reuse the exceptions no reference was made to.
    for i in 0..10_000 {
        assert_eq!(catch.call(&mut store, i % 3).unwrap(), 5);
    }
}

/// Exceptions a guest keeps reachable count against the store's byte
/// limit: a `throw` past it traps with `OutOfMemory` instead of growing
/// the host's memory without bound. One caught without a reference is
/// reused at once, and one nothing refers to any more is collected.
#[test]
fn exceptions_count_against_the_store_byte_limit() {
    let engine = engine_with(|c| {
        c.max_store_bytes(64 * 1024);
    });
    let (mut store, inst) = instantiate(&engine, KEEPER);
    let typed =
        |store: &Store<()>, name: &str| inst.get_typed_func::<i32, ()>(store, name).unwrap();
    let (drop_them, churn, chain) = (
        typed(&store, "drop_them"),
        typed(&store, "churn"),
        typed(&store, "chain"),
    );
    // Without references, or each unreachable after the next: as many as
    // we like.
    drop_them.call(&mut store, 100_000).unwrap();
    churn.call(&mut store, 100_000).unwrap();
    // Each kept by the next one's payload: about 64 KiB / 40 bytes.
    chain.call(&mut store, 100).unwrap();
    expect_trap(chain.call(&mut store, 100_000), TrapCode::OutOfMemory);
    // The host cannot make one past the limit either (of the same size as
    // the one that did not fit).
    let tag = Tag::new(
        &mut store,
        FuncType::new([ValType::I32, ValType::EXNREF], []),
    )
    .unwrap();
    assert!(matches!(
        Exn::new(&mut store, tag, &[Val::I32(0), Val::ExnRef(None)]),
        Err(Error::Limit(mote::LimitKind::StoreBytes))
    ));
    // Without a limit, the same loop runs to its end.
    let (mut store, inst) = instantiate(&Engine::default(), KEEPER);
    let chain = inst.get_typed_func::<i32, ()>(&store, "chain").unwrap();
    chain.call(&mut store, 10_000).unwrap();
}

/// A module that makes exceptions of `$e` (a value and the exception
/// before it) and keeps them in a global, a table, or nowhere.
const KEEPER: &str = r#"
(module
  (tag $e (param i32 exnref))
  (global $keep (mut exnref) (ref.null exn))
  (global $tmp (mut exnref) (ref.null exn))
  (table $t 4 exnref)
  ;; Throws $e with ($v, $prev), catches it with a reference, returns that.
  (func $make (export "make") (param $v i32) (param $prev exnref) (result exnref)
    (local $x exnref)
    (block $h (result i32 exnref exnref)
      (try_table (catch_ref $e $h) (throw $e (local.get $v) (local.get $prev)))
      (unreachable))
    (local.set $x)
    (drop)
    (drop)
    (local.get $x))
  ;; The payload of exception $x: its value, and the exception before it.
  (func $open (param $x exnref) (result i32 exnref)
    (block $h (result i32 exnref)
      (try_table (catch $e $h) (throw_ref (local.get $x)))
      (unreachable)))
  (func $value (export "value") (param $x exnref) (result i32)
    (call $open (local.get $x))
    (drop))
  ;; $n exceptions caught without a reference.
  (func (export "drop_them") (param $n i32)
    (loop $l
      (block $h (result i32 exnref)
        (try_table (catch $e $h) (throw $e (local.get $n) (ref.null exn)))
        (unreachable))
      (drop)
      (drop)
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  ;; $n exceptions, each kept in $tmp until the next replaces it.
  (func (export "churn") (param $n i32)
    (loop $l
      (global.set $tmp (call $make (local.get $n) (ref.null exn)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  ;; $n exceptions, each kept by the next one's payload, the last in $keep.
  (func (export "chain") (param $n i32)
    (loop $l
      (global.set $keep (call $make (local.get $n) (global.get $keep)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  ;; The sum of the values along the chain from $keep.
  (func (export "chain_sum") (result i32)
    (local $x exnref) (local $sum i32)
    (local.set $x (global.get $keep))
    (block $end
      (loop $l
        (br_if $end (ref.is_null (local.get $x)))
        (call $open (local.get $x))
        (local.set $x)
        (local.set $sum (i32.add (local.get $sum)))
        (br $l)))
    (local.get $sum))
  (func (export "keep_in_table") (param $i i32) (param $v i32)
    (table.set $t (local.get $i) (call $make (local.get $v) (ref.null exn))))
  (func (export "table_value") (param $i i32) (result i32)
    (call $value (table.get $t (local.get $i))))
  (func (export "kept") (result exnref) (global.get $keep))
  ;; Makes an exception, holds it in a local while it burns $n iterations
  ;; (so that fuel runs out in between), then returns its value.
  (func (export "hold") (param $v i32) (param $n i32) (result i32)
    (local $x exnref)
    (local.set $x (call $make (local.get $v) (ref.null exn)))
    (loop $l
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (call $value (local.get $x)))
)
"#;

/// A collection frees what nothing refers to and keeps what a global, a
/// table, another exception's payload, the host, or a call suspended for
/// fuel still refers to.
#[test]
fn unreachable_exceptions_are_collected_and_reachable_ones_kept() {
    let engine = engine_with(|c| {
        c.max_store_bytes(64 * 1024);
    });
    let (mut store, inst) = instantiate(&engine, KEEPER);
    let typed =
        |store: &Store<()>, name: &str| inst.get_typed_func::<i32, ()>(store, name).unwrap();
    typed(&store, "chain").call(&mut store, 10).unwrap();
    inst.get_typed_func::<(i32, i32), ()>(&store, "keep_in_table")
        .unwrap()
        .call(&mut store, (2, 7))
        .unwrap();
    let make = inst.get_func(&store, "make").unwrap();
    let mut out = [Val::ExnRef(None)];
    make.call(&mut store, &[Val::I32(99), Val::ExnRef(None)], &mut out)
        .unwrap();
    let Val::ExnRef(Some(held)) = out[0] else {
        panic!("make returned {:?}", out[0]);
    };
    // Each of these is unreachable once the next is made: only a
    // collection lets 100,000 of them fit 64 KiB.
    typed(&store, "churn").call(&mut store, 100_000).unwrap();
    let sum = inst.get_typed_func::<(), i32>(&store, "chain_sum").unwrap();
    assert_eq!(sum.call(&mut store, ()).unwrap(), 55);
    let table_value = inst
        .get_typed_func::<i32, i32>(&store, "table_value")
        .unwrap();
    assert_eq!(table_value.call(&mut store, 2).unwrap(), 7);
    assert_eq!(held.payload(&store), vec![Val::I32(99), Val::ExnRef(None)]);
    let value = inst
        .get_typed_func::<Option<Exn>, i32>(&store, "value")
        .unwrap();
    assert_eq!(value.call(&mut store, Some(held)).unwrap(), 99);

    // A call suspended for fuel holds an exception in a local: no
    // collection may free it while the store runs other calls.
    let engine = engine_with(|c| {
        c.consume_fuel(true);
    });
    let (mut store, inst) = instantiate(&engine, KEEPER);
    let hold = inst.get_func(&store, "hold").unwrap();
    store.set_fuel(1_000).unwrap();
    let mut out = [Val::I32(0)];
    let ResumableCall::OutOfFuel(suspended) = hold
        .call_resumable(&mut store, &[Val::I32(5), Val::I32(10_000)], &mut out)
        .unwrap()
    else {
        panic!("the call should run out of fuel");
    };
    store.set_fuel(u64::MAX / 2).unwrap();
    let churn = inst.get_typed_func::<i32, ()>(&store, "churn").unwrap();
    churn.call(&mut store, 1_000).unwrap();
    let mut call = suspended.resume(&mut store, &mut out).unwrap();
    while let ResumableCall::OutOfFuel(inv) = call {
        call = inv.resume(&mut store, &mut out).unwrap();
    }
    assert_eq!(out[0], Val::I32(5));

    // Nor while a host function has re-entered wasm: the outer call's
    // stack holds one.
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::<()>::new(&engine);
    let keeper = instantiate_with(&linker, &mut store, &engine, KEEPER);
    linker.instance(&mut store, "k", keeper).unwrap();
    let churn = keeper.get_typed_func::<i32, ()>(&store, "churn").unwrap();
    linker
        .func_wrap("host", "churn", move |mut c: Caller<'_, ()>| {
            churn.call(&mut c, 1_000).map_err(|e| e.as_trap().unwrap())
        })
        .unwrap();
    let outer = instantiate_with(
        &linker,
        &mut store,
        &engine,
        r#"(module
          (import "k" "make" (func $make (param i32 exnref) (result exnref)))
          (import "k" "value" (func $value (param exnref) (result i32)))
          (import "host" "churn" (func $churn))
          (func (export "run") (result i32)
            (local $x exnref)
            (local.set $x (call $make (i32.const 5) (ref.null exn)))
            (call $churn)
            (call $value (local.get $x))))"#,
    );
    let run = outer.get_typed_func::<(), i32>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, ()).unwrap(), 5);
}

/// `catch_all` and `catch_all_ref` reserve no slots for the payload: an
/// exception with a payload larger than the rest of the value stack,
/// rethrown from a small frame, is caught without writing past it.
#[test]
fn catch_all_of_a_large_payload_writes_no_payload() {
    let text = r#"(module
      (tag $big (export "big") (param PARAMS))
      (global $g (export "g") (mut exnref) (ref.null exn))
      (func (export "all") (result i32)
        (block $h
          (try_table (catch_all $h) (throw_ref (global.get $g))))
        (i32.const 1))
      (func (export "all_ref") (result i32)
        (block $h (result exnref)
          (try_table (catch_all_ref $h) (throw_ref (global.get $g)))
          (unreachable))
        (ref.is_null)))"#;
    // More slots than the 256 a call's value stack starts with: a write
    // of the payload would go past its end.
    let text = text.replace("PARAMS", &["i64"; 300].join(" "));
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, &text);
    let tag = tag_of(&store, inst, "big");
    let payload: Vec<Val> = (0..300).map(Val::I64).collect();
    let exn = Exn::new(&mut store, tag, &payload).unwrap();
    match inst.get_export(&store, "g") {
        Some(Extern::Global(g)) => g.set(&mut store, Val::ExnRef(Some(exn))).unwrap(),
        other => panic!("g is {other:?}"),
    }
    for name in ["all", "all_ref"] {
        let f = inst.get_typed_func::<(), i32>(&store, name).unwrap();
        let expect = if name == "all" { 1 } else { 0 };
        assert_eq!(f.call(&mut store, ()).unwrap(), expect, "{name}");
    }
    assert_eq!(exn.payload(&store), payload);
}
