//! Host functions: traps, all value types, re-entrancy through `Caller`,
//! and access to the calling instance's memory.

use crate::{expect_trap, isolated, module};
use mote::{
    Caller, Engine, Error, Extern, ExternRef, Func, FuncType, Instance, Linker, Memory, Store,
    Trap, TrapCode, Val, ValType,
};

/// Calls export `name` of the caller's instance with one i32, returning its i32.
fn call_back(caller: &mut Caller<'_, impl Sized>, name: &str, arg: i32) -> Result<i32, Trap> {
    let f = caller
        .get_export(name)
        .and_then(Extern::into_func)
        .unwrap_or_else(|| panic!("export {name} not visible through Caller"));
    let mut out = [Val::I32(0)];
    match f.call(&mut *caller, &[Val::I32(arg)], &mut out) {
        Ok(()) => Ok(out[0].i32().expect("i32 result")),
        Err(Error::Trap(t)) => Err(t),
        Err(e) => panic!("re-entrant call failed with a non-trap error: {e:?}"),
    }
}

#[test]
fn host_trap_carries_its_code() {
    let engine = Engine::default();
    let m = module(
        &engine,
        r#"(module
          (import "env" "fail" (func $fail (param i32) (result i32)))
          (func (export "run") (param i32) (result i32)
            (i32.add (i32.const 1) (call $fail (local.get 0)))))"#,
    );
    let mut store = Store::new(&engine, 0u32);
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "env",
            "fail",
            |mut c: Caller<'_, u32>, x: i32| -> Result<i32, Trap> {
                *c.data_mut() += 1;
                if x == 7 {
                    Err(Trap::host(7))
                } else {
                    Ok(x * 10)
                }
            },
        )
        .unwrap();
    let inst = linker.instantiate(&mut store, &m).unwrap();
    let run = inst.get_typed_func::<i32, i32>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, 3).unwrap(), 31);
    let t = expect_trap(run.call(&mut store, 7), TrapCode::Host);
    assert_eq!(t.host_code(), Some(7));
    assert_eq!(t.exit_code(), None);
    match run.call(&mut store, 7) {
        Err(e) => assert_eq!(e.as_trap().and_then(|t| t.host_code()), Some(7)),
        Ok(v) => panic!("expected a host trap, got {v}"),
    }
    assert_eq!(run.call(&mut store, 4).unwrap(), 41);
    assert_eq!(*store.data(), 4);

    // A host function called directly from the host reports its trap too.
    let direct = Func::wrap(&mut store, |_: Caller<'_, u32>| -> Result<(), Trap> {
        Err(Trap::host(-3))
    })
    .unwrap();
    let r = direct.call(&mut store, &[], &mut []);
    assert_eq!(
        r.unwrap_err().as_trap().and_then(|t| t.host_code()),
        Some(-3)
    );

    // Trap::exit is distinct from a host code.
    let exit = Func::wrap(&mut store, |_: Caller<'_, u32>| -> Result<(), Trap> {
        Err(Trap::exit(2))
    })
    .unwrap();
    let t = exit
        .call(&mut store, &[], &mut [])
        .unwrap_err()
        .as_trap()
        .unwrap();
    assert_eq!(
        (t.code(), t.exit_code(), t.host_code()),
        (TrapCode::Exit, Some(2), None)
    );
}

#[test]
fn host_functions_with_all_value_types() {
    let engine = Engine::default();
    let m = module(
        &engine,
        r#"(module
          (type $ii (func (param i32) (result i32)))
          (import "env" "nums" (func $nums (param i32 i64 f32 f64) (result f64 f32 i64 i32)))
          (import "env" "ext" (func $ext (param externref) (result externref)))
          (import "env" "pick" (func $pick (result funcref)))
          (import "env" "bits32" (func $bits32 (param f32) (result f32)))
          (import "env" "bits64" (func $bits64 (param f64) (result f64)))
          (table 1 funcref)
          (func (export "nums") (param i32 i64 f32 f64) (result f64 f32 i64 i32)
            (call $nums (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
          (func (export "ext") (param externref) (result externref) (call $ext (local.get 0)))
          (func (export "inc") (type $ii) (i32.add (local.get 0) (i32.const 1)))
          (func (export "via_pick") (param i32) (result i32)
            (table.set 0 (i32.const 0) (call $pick))
            (call_indirect (type $ii) (local.get 0) (i32.const 0)))
          (func (export "bits32") (param i32) (result i32)
            (i32.reinterpret_f32 (call $bits32 (f32.reinterpret_i32 (local.get 0)))))
          (func (export "bits64") (param i64) (result i64)
            (i64.reinterpret_f64 (call $bits64 (f64.reinterpret_i64 (local.get 0))))))"#,
    );
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "env",
            "nums",
            |_: Caller<'_, ()>, a: i32, b: i64, c: f32, d: f64| -> (f64, f32, i64, i32) {
                (d * 2.0, c * 2.0, b * 2, a * 2)
            },
        )
        .unwrap();
    linker
        .func_wrap(
            "env",
            "ext",
            |_: Caller<'_, ()>, r: Option<ExternRef>| -> Option<ExternRef> {
                r.map(|r| ExternRef::new(r.get() + 1))
            },
        )
        .unwrap();
    linker
        .func_wrap("env", "pick", |c: Caller<'_, ()>| -> Option<Func> {
            c.get_export("inc").and_then(Extern::into_func)
        })
        .unwrap();
    // The host sees the exact bits wasm passed, and its result's bits survive.
    linker
        .func_new(
            "env",
            "bits32",
            FuncType::new([ValType::F32], [ValType::F32]),
            |_, params, results| {
                let Val::F32(bits) = params[0] else {
                    return Err(Trap::host(1));
                };
                results[0] = Val::F32(bits ^ 1);
                Ok(())
            },
        )
        .unwrap();
    linker
        .func_new(
            "env",
            "bits64",
            FuncType::new([ValType::F64], [ValType::F64]),
            |_, params, results| {
                let Val::F64(bits) = params[0] else {
                    return Err(Trap::host(1));
                };
                results[0] = Val::F64(bits ^ 1);
                Ok(())
            },
        )
        .unwrap();
    let inst = linker.instantiate(&mut store, &m).unwrap();

    let nums = inst
        .get_typed_func::<(i32, i64, f32, f64), (f64, f32, i64, i32)>(&store, "nums")
        .unwrap();
    assert_eq!(
        nums.call(&mut store, (-21, i64::MIN / 4, 1.25, -3.5))
            .unwrap(),
        (-7.0, 2.5, i64::MIN / 2, -42)
    );

    let ext = inst
        .get_typed_func::<Option<ExternRef>, Option<ExternRef>>(&store, "ext")
        .unwrap();
    assert_eq!(
        ext.call(&mut store, Some(ExternRef::new(41))).unwrap(),
        Some(ExternRef::new(42))
    );
    assert_eq!(
        ext.call(&mut store, Some(ExternRef::new(0))).unwrap(),
        Some(ExternRef::new(1))
    );
    assert_eq!(ext.call(&mut store, None).unwrap(), None);

    let via_pick = inst.get_typed_func::<i32, i32>(&store, "via_pick").unwrap();
    assert_eq!(via_pick.call(&mut store, 99).unwrap(), 100);

    // Signalling NaN payloads must pass through the host unchanged.
    let bits32 = inst.get_typed_func::<i32, i32>(&store, "bits32").unwrap();
    assert_eq!(bits32.call(&mut store, 0x7fa0_0000).unwrap(), 0x7fa0_0001);
    assert_eq!(
        bits32.call(&mut store, 0xffc0_0001u32 as i32).unwrap(),
        0xffc0_0000u32 as i32
    );
    let bits64 = inst.get_typed_func::<i64, i64>(&store, "bits64").unwrap();
    assert_eq!(
        bits64.call(&mut store, 0x7ff4_0000_0000_0000).unwrap(),
        0x7ff4_0000_0000_0001
    );

    // Untyped calls see the same values.
    let f = inst.get_func(&store, "nums").unwrap();
    let mut out = [Val::I32(0); 4];
    f.call(
        &mut store,
        &[
            Val::I32(1),
            Val::I64(2),
            Val::from(3.0f32),
            Val::from(4.0f64),
        ],
        &mut out,
    )
    .unwrap();
    assert_eq!(
        out,
        [
            Val::from(8.0f64),
            Val::from(6.0f32),
            Val::I64(4),
            Val::I32(2)
        ]
    );
}

const REENTRANT: &str = r#"
(module
  (import "env" "down" (func $down (param i32) (result i32)))
  (import "env" "forever" (func $forever (param i32) (result i32)))
  ;; f(n) = n == 0 ? 0 : n + host_down(n), where host_down(n) calls f(n - 1):
  ;; f(n) = n + (n - 1) + ... = n (n + 1) / 2, with n levels of wasm -> host -> wasm.
  (func (export "f") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (local.get $n) (call $down (local.get $n))))))
  ;; Unbounded mutual recursion through the host.
  (func (export "g") (param $n i32) (result i32)
    (i32.add (i32.const 1) (call $forever (i32.add (local.get $n) (i32.const 1)))))
)
"#;

fn reentrant_linker(engine: &Engine) -> Linker<u32> {
    let mut linker = Linker::new(engine);
    linker
        .func_wrap(
            "env",
            "down",
            |mut c: Caller<'_, u32>, n: i32| -> Result<i32, Trap> {
                *c.data_mut() = (*c.data()).max(n as u32);
                call_back(&mut c, "f", n - 1)
            },
        )
        .unwrap();
    linker
        .func_wrap(
            "env",
            "forever",
            |mut c: Caller<'_, u32>, n: i32| -> Result<i32, Trap> {
                *c.data_mut() = (*c.data()).max(n as u32);
                call_back(&mut c, "g", n)
            },
        )
        .unwrap();
    linker
}

fn reentrant_checks(engine: &Engine, m: &mote::Module) {
    let mut store = Store::new(engine, 0u32);
    let inst = reentrant_linker(engine).instantiate(&mut store, m).unwrap();
    let f = inst.get_typed_func::<i32, i32>(&store, "f").unwrap();
    assert_eq!(f.call(&mut store, 1).unwrap(), 1);
    assert_eq!(f.call(&mut store, 5).unwrap(), 15);
    assert_eq!(f.call(&mut store, 10).unwrap(), 55);
    assert_eq!(*store.data(), 10);

    let g = inst.get_typed_func::<i32, i32>(&store, "g").unwrap();
    let t = expect_trap(g.call(&mut store, 0), TrapCode::StackOverflow);
    assert_eq!(t.code().message(), "call stack exhausted");
    let depth = *store.data();
    assert!(depth >= 2, "the recursion never got going: depth {depth}");
    // The store is usable afterwards, with its nesting bookkeeping intact:
    // the same depth is reachable again and bounded re-entry still works.
    *store.data_mut() = 0;
    expect_trap(g.call(&mut store, 0), TrapCode::StackOverflow);
    assert_eq!(
        *store.data(),
        depth,
        "nesting depth changed after an overflow"
    );
    assert_eq!(f.call(&mut store, 10).unwrap(), 55);
}

#[test]
fn reentrant_calls_through_caller() {
    let engine = Engine::default();
    let m = module(&engine, REENTRANT);
    reentrant_checks(&engine, &m);
}

#[test]
fn reentrant_unbounded_recursion_on_256k_thread() {
    isolated("host::reentrant_unbounded_recursion_on_256k_thread", || {
        let engine = Engine::default();
        let m = module(&engine, REENTRANT);
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || reentrant_checks(&engine, &m))
            .unwrap()
            .join()
            .expect("the 256 KiB thread panicked");
    });
}

#[test]
fn reentrant_unbounded_recursion_does_not_overflow_native_stack() {
    // Same as above on the default test thread (2 MiB), in a child process
    // so a native overflow is reported rather than killing the test binary.
    isolated(
        "host::reentrant_unbounded_recursion_does_not_overflow_native_stack",
        || {
            let engine = Engine::default();
            let m = module(&engine, REENTRANT);
            reentrant_checks(&engine, &m);
        },
    );
}

#[test]
fn host_trap_propagates_through_nested_reentry() {
    let engine = Engine::default();
    let m = module(
        &engine,
        r#"(module
          (import "env" "down" (func $down (param i32) (result i32)))
          (func (export "f") (param $n i32) (result i32)
            (i32.add (i32.const 1) (call $down (local.get $n)))))"#,
    );
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "env",
            "down",
            |mut c: Caller<'_, ()>, n: i32| -> Result<i32, Trap> {
                if n == 0 {
                    Err(Trap::host(1234))
                } else {
                    call_back(&mut c, "f", n - 1)
                }
            },
        )
        .unwrap();
    let inst = linker.instantiate(&mut store, &m).unwrap();
    let f = inst.get_typed_func::<i32, i32>(&store, "f").unwrap();
    let t = expect_trap(f.call(&mut store, 5), TrapCode::Host);
    assert_eq!(t.host_code(), Some(1234));
}

#[test]
fn caller_outside_wasm_has_no_instance() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let f = Func::wrap(&mut store, |c: Caller<'_, ()>| -> i32 {
        c.get_export("memory").is_none() as i32
    })
    .unwrap();
    let mut out = [Val::I32(0)];
    f.call(&mut store, &[], &mut out).unwrap();
    assert_eq!(out[0], Val::I32(1));
}

#[test]
fn host_reads_and_writes_memory_through_caller() {
    let engine = Engine::default();
    let m = module(
        &engine,
        r#"(module
          (import "env" "shout" (func $shout (param i32 i32 i32) (result i32)))
          (import "env" "grow" (func $grow (result i32)))
          (memory (export "memory") 1 4)
          (data (i32.const 16) "hello, world")
          ;; Returns the first 4 bytes the host wrote at 64, plus what the host returned.
          (func (export "run") (result i32)
            (drop (call $shout (i32.const 16) (i32.const 12) (i32.const 64)))
            (i32.load (i32.const 64)))
          (func (export "len") (result i32) (call $shout (i32.const 16) (i32.const 12) (i32.const 64)))
          (func (export "oob") (result i32) (call $shout (i32.const 65530) (i32.const 12) (i32.const 64)))
          ;; The host grows memory; wasm must see the new size and the bytes it wrote there.
          (func (export "grown") (result i32)
            (i32.add (i32.mul (call $grow) (i32.const 1000))
              (i32.add (i32.mul (memory.size) (i32.const 100)) (i32.load8_u (i32.const 70000))))))"#,
    );
    let mut store = Store::new(&engine, Vec::<u8>::new());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "env",
            "shout",
            |mut c: Caller<'_, Vec<u8>>, ptr: i32, len: i32, out: i32| -> Result<i32, Trap> {
                let mem = c
                    .get_export("memory")
                    .and_then(Extern::into_memory)
                    .ok_or(Trap::host(1))?;
                let mut buf = vec![0u8; len as usize];
                if let Err(e) = mem.read(&c, ptr as usize, &mut buf) {
                    // Out-of-range host reads are errors, not panics.
                    assert!(
                        matches!(e, Error::Trap(t) if t.code() == TrapCode::MemoryOutOfBounds),
                        "{e:?}"
                    );
                    return Err(Trap::host(2));
                }
                // `data` gives the same bytes.
                assert_eq!(&mem.data(&c)[ptr as usize..][..len as usize], &buf[..]);
                *c.data_mut() = buf.clone();
                buf.make_ascii_uppercase();
                mem.write(&mut c, out as usize, &buf)
                    .map_err(|_| Trap::host(3))?;
                // Writes past the end fail and change nothing.
                let size = mem.data(&c).len();
                assert!(mem.write(&mut c, size - 2, b"xyz").is_err());
                assert!(mem.write(&mut c, usize::MAX, b"x").is_err());
                assert!(mem.read(&c, usize::MAX, &mut [0u8; 1]).is_err());
                assert_eq!(&mem.data(&c)[size - 2..], &[0, 0]);
                Ok(len)
            },
        )
        .unwrap();
    linker
        .func_wrap(
            "env",
            "grow",
            |mut c: Caller<'_, Vec<u8>>| -> Result<i32, Trap> {
                let mem = c
                    .get_export("memory")
                    .and_then(Extern::into_memory)
                    .ok_or(Trap::host(1))?;
                let old = mem.grow(&mut c, 1).map_err(|_| Trap::host(4))?;
                mem.data_mut(&mut c)[70000] = 9;
                Ok(old as i32)
            },
        )
        .unwrap();
    let inst: Instance = linker.instantiate(&mut store, &m).unwrap();
    let run = inst.get_typed_func::<(), i32>(&store, "run").unwrap();
    assert_eq!(
        run.call(&mut store, ()).unwrap(),
        i32::from_le_bytes(*b"HELL")
    );
    assert_eq!(store.data().as_slice(), b"hello, world");
    let mem: Memory = inst.get_memory(&store, "memory").unwrap();
    assert_eq!(&mem.data(&store)[64..76], b"HELLO, WORLD");
    let len = inst.get_typed_func::<(), i32>(&store, "len").unwrap();
    assert_eq!(len.call(&mut store, ()).unwrap(), 12);
    let oob = inst.get_typed_func::<(), i32>(&store, "oob").unwrap();
    let t = expect_trap(oob.call(&mut store, ()), TrapCode::Host);
    assert_eq!(t.host_code(), Some(2));

    let grown = inst.get_typed_func::<(), i32>(&store, "grown").unwrap();
    assert_eq!(grown.call(&mut store, ()).unwrap(), 1000 + 200 + 9);
    assert_eq!(mem.size(&store), 2);
}

#[test]
fn tail_calls_to_a_host_function_return_its_results() {
    // More results than arguments: the host writes them where the
    // arguments were, above a frame that had no room for them.
    let engine = Engine::default();
    let m = module(
        &engine,
        r#"(module
          (import "env" "three" (func $three (result i32 i64 i32)))
          (type $t (func (result i32 i64 i32)))
          (table funcref (elem $three))
          (func $direct (export "direct") (result i32 i64 i32) return_call $three)
          (func (export "indirect") (result i32 i64 i32)
            (return_call_indirect (type $t) (i32.const 0)))
          (func (export "nested") (result i32 i64 i32)
            (call $direct) drop drop drop (call $direct)))"#,
    );
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "three", |_: Caller<'_, ()>| (7i32, -1i64, 9i32))
        .unwrap();
    let inst = linker.instantiate(&mut store, &m).unwrap();
    for name in ["direct", "indirect", "nested"] {
        let f = inst
            .get_typed_func::<(), (i32, i64, i32)>(&store, name)
            .unwrap();
        assert_eq!(f.call(&mut store, ()).unwrap(), (7, -1, 9), "{name}");
    }
}
