//! Exception handling on the AOT tier against the interpreter: `throw`
//! caught by tag, `catch_all`, `catch_ref` and `throw_ref`, the legacy
//! `try`/`catch`/`delegate`/`rethrow`, and exceptions crossing between
//! native code, the host and the interpreter.

use mote::{Engine, Error, Exn, Extern, Func, FuncType, Linker, Store, Tag, Val, ValType};

use crate::tests::{agree, both_linked};

const TRY_TABLE: &str = r#"(module
  (tag $a (param i32))
  (tag $b (param i64 i32))
  (tag $c)
  (func $throw (param i32)
    (if (i32.eq (local.get 0) (i32.const 0)) (then (throw $a (i32.const 7))))
    (if (i32.eq (local.get 0) (i32.const 1)) (then (throw $b (i64.const 5) (i32.const 6))))
    (if (i32.eq (local.get 0) (i32.const 2)) (then (throw $c)))
    (if (i32.eq (local.get 0) (i32.const 3)) (then unreachable)))
  ;; 100 + a's payload, 200 + b's, 300 for anything else, 0 for none.
  (func (export "by_tag") (param i32) (result i32)
    (local $x i32)
    block $none
      block $other
        block $b (result i64 i32)
          block $a (result i32)
            (try_table (catch $a $a) (catch $b $b) (catch_all $other)
              (call $throw (local.get 0)))
            br $none
          end
          i32.const 100
          i32.add
          return
        end
        local.set $x
        i32.wrap_i64
        local.get $x
        i32.add
        i32.const 200
        i32.add
        return
      end
      i32.const 300
      return
    end
    i32.const 0)
  ;; catch_ref, then throw_ref of what it caught: the outer catch sees
  ;; the same exception (its payload).
  (func (export "rethrown") (param i32) (result i32)
    (block $outer (result i32)
      (try_table (catch $a $outer)
        (block $inner (result i32 exnref)
          (try_table (catch_ref $a $inner)
            (throw $a (local.get 0)))
          (unreachable))
        (throw_ref))
      (unreachable))
    (i32.const 1) (i32.add))
  (func (export "null_ref") (throw_ref (ref.null exn)))
  ;; An exception out of a function called through a table.
  (table funcref (elem $throw))
  (func (export "indirect") (param i32) (result i32)
    (block $a (result i32)
      (try_table (catch $a $a)
        (call_indirect (param i32) (local.get 0) (i32.const 0)))
      (i32.const -1)))
  (func (export "uncaught") (param i32) (call $throw (local.get 0)))
)"#;

#[test]
fn throw_is_caught_by_tag_and_by_catch_all() {
    for (arg, want) in [(0, 107), (1, 211), (2, 300), (4, 0)] {
        assert_eq!(
            agree(TRY_TABLE, "by_tag", &[Val::I32(arg)]),
            Ok(vec![Val::I32(want)])
        );
    }
    // A trap is not an exception: no catch_all catches it.
    assert_eq!(
        agree(TRY_TABLE, "by_tag", &[Val::I32(3)]),
        Err(Some(mote::TrapCode::Unreachable))
    );
    assert_eq!(
        agree(TRY_TABLE, "indirect", &[Val::I32(0)]),
        Ok(vec![Val::I32(7)])
    );
}

#[test]
fn catch_ref_and_throw_ref() {
    assert_eq!(
        agree(TRY_TABLE, "rethrown", &[Val::I32(41)]),
        Ok(vec![Val::I32(42)])
    );
    assert_eq!(
        agree(TRY_TABLE, "null_ref", &[]),
        Err(Some(mote::TrapCode::NullExceptionReference))
    );
}

#[test]
fn an_uncaught_exception_reaches_the_host() {
    let wasm = wat::parse_str(TRY_TABLE).unwrap();
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let inst = crate::Module::new(&wasm)
        .unwrap()
        .instantiate(&mut store, &Linker::new(&engine))
        .unwrap();
    let f = inst.get_func("uncaught").unwrap();
    let err = f.call(&mut store, &[Val::I32(1)], &mut []).unwrap_err();
    let Error::Exception(exn) = err else {
        panic!("not an exception: {err}");
    };
    assert_eq!(exn.payload(&store), vec![Val::I64(5), Val::I32(6)]);
    // Its tag is the instance's own: not one the host makes.
    let other = Tag::new(&mut store, FuncType::new([ValType::I64, ValType::I32], [])).unwrap();
    assert_ne!(exn.tag(&store), other);
}

/// A host function that throws an exception of the host's tag `tag`.
fn thrower(store: &mut Store<()>, tag: Tag) -> Func {
    Func::new(
        &mut *store,
        FuncType::new([ValType::I32], []),
        move |mut caller, params, _| {
            let exn = Exn::new(&mut caller, tag, &[params[0]]).expect("an exception");
            Err(exn.into_trap())
        },
    )
    .unwrap()
}

const CATCH_IMPORTED: &str = r#"(module
  (import "host" "tag" (tag $t (param i32)))
  (import "host" "throw" (func $throw (param i32)))
  (tag $own (param i32))
  (func (export "catch") (param i32) (result i32)
    (block $t (result i32)
      (try_table (catch $own $t) (catch $t $t)
        (call $throw (local.get 0)))
      (i32.const -1))
    (i32.const 1000) (i32.add))
  (func (export "pass") (param i32) (call $throw (local.get 0)))
  (export "own" (tag $own))
)"#;

#[test]
fn an_exception_from_a_host_function_is_caught_by_native_code() {
    let engine = Engine::default();
    let wasm = wat::parse_str(CATCH_IMPORTED).unwrap();
    let mut store = Store::new(&engine, ());
    let tag = Tag::new(&mut store, FuncType::new([ValType::I32], [])).unwrap();
    let mut linker = Linker::new(&engine);
    let f = thrower(&mut store, tag);
    linker
        .define(&store, "host", "tag", Extern::Tag(tag))
        .unwrap();
    linker
        .define(&store, "host", "throw", Extern::Func(f))
        .unwrap();
    let inst = crate::Module::new(&wasm)
        .unwrap()
        .instantiate(&mut store, &linker)
        .unwrap();
    let catch = inst.get_func("catch").unwrap();
    let mut out = [Val::I32(0)];
    catch.call(&mut store, &[Val::I32(5)], &mut out).unwrap();
    assert_eq!(out, [Val::I32(1005)]);
    // Not caught: the host gets its own exception back.
    let pass = inst.get_func("pass").unwrap();
    let Err(Error::Exception(exn)) = pass.call(&mut store, &[Val::I32(9)], &mut []) else {
        panic!("no exception");
    };
    assert_eq!(exn.tag(&store), tag);
    assert_eq!(exn.payload(&store), vec![Val::I32(9)]);
    // The instance's own tag, exported, is another tag.
    let own = inst.get_export("own").unwrap();
    assert!(matches!(own, Extern::Tag(t) if t != tag));
}

#[test]
fn an_exported_tag_is_the_same_under_two_names() {
    // Export is not generative (the spec's instance.wast).
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let def = wat::parse_str(r#"(module (tag $t) (export "t1" (tag $t)) (export "t2" (tag $t)))"#);
    let def = crate::Module::new(&def.unwrap()).unwrap();
    let inst = def.instantiate(&mut store, &Linker::new(&engine)).unwrap();
    let mut linker = Linker::new(&engine);
    for (name, ext) in inst.exports() {
        linker.define(&store, "I", name, *ext).unwrap();
    }
    let user = r#"(module
      (import "I" "t1" (tag $t1))
      (import "I" "t2" (tag $t2))
      (func (export "tag") (result i32)
        (block $on_t1
          (block $on_other
            (try_table (catch $t1 $on_t1) (catch_all $on_other) (throw $t2))
            (unreachable))
          (return (i32.const 0)))
        (i32.const 1)))"#;
    let user = wat::parse_str(user).unwrap();
    let interp = mote::Module::new(&engine, &user).unwrap();
    let interp = linker.instantiate(&mut store, &interp).unwrap();
    let interp = interp.get_func(&store, "tag").unwrap();
    let native = crate::Module::new(&user).unwrap();
    let native = native.instantiate(&mut store, &linker).unwrap();
    let native = native.get_func("tag").unwrap();
    for f in [interp, native] {
        let mut out = [Val::I32(0)];
        f.call(&mut store, &[], &mut out).unwrap();
        assert_eq!(out, [Val::I32(1)]);
    }
}

const LEGACY: &str = r#"(module
  (tag $a (param i32))
  (tag $b)
  (func $throw (param i32)
    (if (local.get 0) (then (throw $a (local.get 0))) (else (throw $b))))
  ;; catch by tag, catch_all, and a body that throws nothing.
  (func (export "try_catch") (param i32) (result i32)
    try (result i32)
      (call $throw (local.get 0))
      i32.const -1
    catch $a
      i32.const 100
      i32.add
    catch_all
      i32.const 300
    end)
  ;; delegate to an outer try, which catches.
  (func (export "delegate") (param i32) (result i32)
    try $outer (result i32)
      try (result i32)
        (call $throw (local.get 0))
        i32.const -1
      delegate $outer
    catch $a
    catch_all
      i32.const 300
    end)
  ;; rethrow from a catch_all to the outer catch.
  (func (export "rethrow") (param i32) (result i32)
    try (result i32)
      try (result i32)
        (call $throw (local.get 0))
        i32.const -1
      catch_all
        rethrow 0
      end
    catch $a
      i32.const 1000
      i32.add
    catch $b
      i32.const 2000
    end)
  ;; delegate to the function's label: out to the caller.
  (func (export "delegate_out") (param i32) (result i32)
    try (result i32)
      (call $throw (local.get 0))
      i32.const -1
    delegate 0)
)"#;

#[test]
fn legacy_try_catch_delegate_rethrow() {
    for (f, arg, want) in [
        ("try_catch", 4, 104),
        ("try_catch", 0, 300),
        ("delegate", 4, 4),
        ("delegate", 0, 300),
        ("rethrow", 4, 1004),
        ("rethrow", 0, 2000),
    ] {
        assert_eq!(agree(LEGACY, f, &[Val::I32(arg)]), Ok(vec![Val::I32(want)]));
    }
    // Uncaught: the same on both tiers.
    let engine = Engine::default();
    let [interp, native] = both_linked(
        &engine,
        &Linker::new(&engine),
        LEGACY,
        "delegate_out",
        &[Val::I32(3)],
    );
    assert_eq!(interp, native);
    assert_eq!(native, Err(Some(mote::TrapCode::UncaughtException)));
}
