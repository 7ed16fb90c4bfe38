//! Fuel: running out stops a call cleanly; it can be resumed and finishes
//! with the same result as an unmetered run.

use crate::{engine_with, expect_trap, instantiate, module};
use mote::{CallError, Caller, Engine, Error, Linker, ResumableCall, Store, Trap, TrapCode, Val};

const LOOP: &str = r#"
(module
  (import "env" "tick" (func $tick (param i32)))
  (global $g (export "g") (mut i32) (i32.const 0))
  ;; sum of i * i for i in 0..n, as i64, with a global side effect per step.
  (func $sum (export "sum") (param $n i32) (result i64)
    (local $i i32) (local $acc i64)
    (block $done
      (loop $top
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i64.add (local.get $acc)
          (i64.mul (i64.extend_i32_u (local.get $i)) (i64.extend_i32_u (local.get $i)))))
        (global.set $g (i32.add (global.get $g) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (local.get $acc))
  ;; The same with a host call on every iteration, and a nested wasm call.
  (func $sq (param i32) (result i64)
    (i64.mul (i64.extend_i32_u (local.get 0)) (i64.extend_i32_u (local.get 0))))
  (func (export "sum_tick") (param $n i32) (result i64)
    (local $i i32) (local $acc i64)
    (block $done
      (loop $top
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (call $tick (local.get $i))
        (local.set $acc (i64.add (local.get $acc) (call $sq (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (local.get $acc))
)
"#;

fn expected_sum(n: u64) -> i64 {
    (0..n).map(|i| (i * i) as i64).sum()
}

/// Host state: the ticks seen, in order.
type Ticks = Vec<i32>;

fn linker(engine: &Engine) -> Linker<Ticks> {
    let mut l = Linker::new(engine);
    l.func_wrap("env", "tick", |mut c: Caller<'_, Ticks>, i: i32| {
        c.data_mut().push(i)
    })
    .unwrap();
    l
}

fn setup(engine: &Engine) -> (Store<Ticks>, mote::Instance) {
    let m = module(engine, LOOP);
    let mut store = Store::new(engine, Vec::new());
    let inst = linker(engine).instantiate(&mut store, &m).unwrap();
    (store, inst)
}

/// Runs export `name` with fuel handed out in `chunk`-sized pieces,
/// returning the result and the number of times fuel ran out.
fn run_chunked(
    store: &mut Store<Ticks>,
    inst: mote::Instance,
    name: &str,
    n: i32,
    chunk: u64,
) -> (i64, usize) {
    let f = inst.get_func(&*store, name).unwrap();
    let mut results = [Val::I64(0)];
    store.set_fuel(chunk).unwrap();
    let mut call = f
        .call_resumable(&mut *store, &[Val::I32(n)], &mut results)
        .unwrap();
    let mut pauses = 0;
    while let ResumableCall::OutOfFuel(inv) = call {
        pauses += 1;
        // Every chunk is larger than any straight-line stretch of these
        // functions, so each resume must make progress.
        assert!(
            pauses <= 100 * n as usize + 100,
            "no progress after {pauses} pauses (chunk {chunk})"
        );
        store.set_fuel(chunk).unwrap();
        call = inv.resume(&mut *store, &mut results).unwrap();
    }
    (results[0].i64().expect("i64 result"), pauses)
}

#[test]
fn resumable_call_finishes_with_the_unmetered_result() {
    let n = 20_000;
    // Without fuel.
    let plain = Engine::default();
    let (mut store, inst) = setup(&plain);
    let sum = inst.get_typed_func::<i32, i64>(&store, "sum").unwrap();
    let unmetered = sum.call(&mut store, n).unwrap();
    assert_eq!(unmetered, expected_sum(n as u64));
    // call_resumable without fuel metering always finishes.
    let mut r = [Val::I64(0)];
    let f = inst.get_func(&store, "sum").unwrap();
    assert!(matches!(
        f.call_resumable(&mut store, &[Val::I32(n)], &mut r)
            .unwrap(),
        ResumableCall::Finished
    ));
    assert_eq!(r[0], Val::I64(unmetered));

    // With fuel, in small chunks.
    let metered = engine_with(|c| {
        c.consume_fuel(true);
    });
    for chunk in [50, 100, 1000, 4096] {
        let (mut store, inst) = setup(&metered);
        let (v, pauses) = run_chunked(&mut store, inst, "sum", n, chunk);
        assert_eq!(v, unmetered, "chunk {chunk}");
        assert!(pauses > 0, "chunk {chunk}: never ran out of fuel");
        // Each iteration costs at least one unit of fuel.
        assert!(
            pauses as u64 + 1 >= n as u64 / chunk,
            "chunk {chunk}: only {pauses} pauses for {n} iterations"
        );
        // The side effect happened exactly once per iteration: nothing was
        // re-executed on resume.
        let g = inst.get_global(&store, "g").unwrap();
        assert_eq!(g.get(&store), Val::I32(n), "chunk {chunk}");
    }
}

#[test]
fn resuming_without_fuel_makes_no_progress() {
    let engine = engine_with(|c| {
        c.consume_fuel(true);
    });
    let (mut store, inst) = setup(&engine);
    let f = inst.get_func(&store, "sum").unwrap();
    let g = inst.get_global(&store, "g").unwrap();
    let mut results = [Val::I64(0)];
    store.set_fuel(50).unwrap();
    let ResumableCall::OutOfFuel(mut inv) = f
        .call_resumable(&mut store, &[Val::I32(1000)], &mut results)
        .unwrap()
    else {
        panic!("1000 iterations finished on 50 fuel");
    };
    let progress = g.get(&store);
    for _ in 0..5 {
        store.set_fuel(0).unwrap();
        match inv.resume(&mut store, &mut results).unwrap() {
            ResumableCall::OutOfFuel(i) => inv = i,
            ResumableCall::Finished => panic!("finished without fuel"),
        }
        assert_eq!(g.get(&store), progress, "progress without fuel");
    }
    store.set_fuel(u64::MAX).unwrap();
    assert!(matches!(
        inv.resume(&mut store, &mut results).unwrap(),
        ResumableCall::Finished
    ));
    assert_eq!(results[0], Val::I64(expected_sum(1000)));
    assert_eq!(g.get(&store), Val::I32(1000));
    // The remaining fuel went down by what the rest of the run consumed.
    let left = store.get_fuel().unwrap();
    assert!(
        left < u64::MAX && left > u64::MAX - 1_000_000,
        "fuel left: {left}"
    );
}

#[test]
fn call_with_too_little_fuel_traps() {
    let engine = engine_with(|c| {
        c.consume_fuel(true);
    });
    let (mut store, inst) = setup(&engine);
    let sum = inst.get_typed_func::<i32, i64>(&store, "sum").unwrap();
    // A fresh store has no fuel at all.
    assert_eq!(store.get_fuel().unwrap(), 0);
    let t = expect_trap(sum.call(&mut store, 10), TrapCode::OutOfFuel);
    assert_eq!(t.code().message(), "all fuel consumed");
    store.set_fuel(100).unwrap();
    expect_trap(sum.call(&mut store, 100_000), TrapCode::OutOfFuel);
    assert!(store.get_fuel().unwrap() < 100);
    // Plenty of fuel: it completes, and consumes some.
    store.set_fuel(10_000_000).unwrap();
    assert_eq!(sum.call(&mut store, 1000).unwrap(), expected_sum(1000));
    let left = store.get_fuel().unwrap();
    assert!(
        left < 10_000_000 - 1000,
        "a 1000-iteration loop consumed only {} fuel",
        10_000_000 - left
    );
    // Fuel use is deterministic.
    store.set_fuel(10_000_000).unwrap();
    assert_eq!(sum.call(&mut store, 1000).unwrap(), expected_sum(1000));
    assert_eq!(store.get_fuel().unwrap(), left);
}

#[test]
fn host_calls_work_across_fuel_pauses() {
    let n = 3000;
    let plain = Engine::default();
    let (mut store, inst) = setup(&plain);
    let f = inst.get_typed_func::<i32, i64>(&store, "sum_tick").unwrap();
    let unmetered = f.call(&mut store, n).unwrap();
    assert_eq!(unmetered, expected_sum(n as u64));
    assert_eq!(store.data().len(), n as usize);

    let metered = engine_with(|c| {
        c.consume_fuel(true);
    });
    for chunk in [50, 120, 500] {
        let (mut store, inst) = setup(&metered);
        let (v, pauses) = run_chunked(&mut store, inst, "sum_tick", n, chunk);
        assert_eq!(v, unmetered, "chunk {chunk}");
        assert!(pauses > 0);
        // Every host call happened exactly once, in order.
        let ticks = store.data();
        assert_eq!(
            ticks.len(),
            n as usize,
            "chunk {chunk}: host called {} times",
            ticks.len()
        );
        assert!(
            ticks.iter().copied().eq(0..n),
            "chunk {chunk}: host calls out of order"
        );
    }

    // After a call ran out of fuel (and was abandoned), host calls still work.
    let (mut store, inst) = setup(&metered);
    let f = inst.get_typed_func::<i32, i64>(&store, "sum_tick").unwrap();
    store.set_fuel(200).unwrap();
    expect_trap(f.call(&mut store, n), TrapCode::OutOfFuel);
    let partial = store.data().len();
    assert!(
        partial > 0 && partial < n as usize,
        "{partial} ticks before running out"
    );
    store.data_mut().clear();
    store.set_fuel(u64::MAX / 2).unwrap();
    assert_eq!(f.call(&mut store, 10).unwrap(), expected_sum(10));
    assert_eq!(store.data().as_slice(), &(0..10).collect::<Vec<_>>()[..]);
}

#[test]
fn host_reentry_shares_the_fuel() {
    // A host function that calls back into wasm: the nested call draws on
    // the same fuel, and running out there is an OutOfFuel trap the host sees.
    let engine = engine_with(|c| {
        c.consume_fuel(true);
    });
    let m = module(
        &engine,
        r#"(module
          (import "env" "again" (func $again (param i32) (result i64)))
          (func (export "spin") (param $n i32) (result i64)
            (local $acc i64)
            (block $d (loop $l
              (br_if $d (i32.eqz (local.get $n)))
              (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $n))))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $l)))
            (local.get $acc))
          (func (export "outer") (param i32) (result i64) (call $again (local.get 0))))"#,
    );
    let mut store = Store::new(&engine, Vec::<Option<TrapCode>>::new());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "env",
            "again",
            |mut c: Caller<'_, Vec<Option<TrapCode>>>, n: i32| -> Result<i64, Trap> {
                let spin = c
                    .get_export("spin")
                    .and_then(mote::Extern::into_func)
                    .unwrap();
                let mut out = [Val::I64(0)];
                let r = spin.call(&mut c, &[Val::I32(n)], &mut out);
                let code = r.as_ref().err().and_then(Error::as_trap).map(|t| t.code());
                c.data_mut().push(code);
                r.map_err(|e| e.as_trap().unwrap())?;
                Ok(out[0].i64().unwrap())
            },
        )
        .unwrap();
    let inst = linker.instantiate(&mut store, &m).unwrap();
    let outer = inst.get_typed_func::<i32, i64>(&store, "outer").unwrap();
    store.set_fuel(1_000_000).unwrap();
    assert_eq!(outer.call(&mut store, 100).unwrap(), 5050);
    let before = store.get_fuel().unwrap();
    assert!(before < 1_000_000 - 100, "the nested loop consumed no fuel");
    store.set_fuel(100).unwrap();
    expect_trap(outer.call(&mut store, 100_000), TrapCode::OutOfFuel);
    assert_eq!(store.data().as_slice(), &[None, Some(TrapCode::OutOfFuel)]);
}

#[test]
fn resume_checks_result_arity() {
    let engine = engine_with(|c| {
        c.consume_fuel(true);
    });
    let (mut store, inst) = setup(&engine);
    let f = inst.get_func(&store, "sum").unwrap();
    let mut results = [Val::I64(0)];
    store.set_fuel(10).unwrap();
    let ResumableCall::OutOfFuel(inv) = f
        .call_resumable(&mut store, &[Val::I32(1000)], &mut results)
        .unwrap()
    else {
        panic!("finished on 10 fuel");
    };
    store.set_fuel(u64::MAX).unwrap();
    let r = inv.resume(&mut store, &mut []);
    assert!(
        matches!(r, Err(Error::Call(CallError::ArityMismatch))),
        "got {r:?}"
    );
}

#[test]
fn fuel_is_ignored_when_metering_is_off() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(
        &engine,
        r#"(module (func (export "f") (result i32)
        (local $i i32)
        (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get $i) (i32.const 100000))))
        (local.get $i)))"#,
    );
    store.set_fuel(0).unwrap();
    let f = inst.get_typed_func::<(), i32>(&store, "f").unwrap();
    assert_eq!(f.call(&mut store, ()).unwrap(), 100_000);
}

#[test]
fn interleaved_resumable_calls_on_one_store() {
    // Two suspended invocations on the same store, resumed alternately, with
    // an ordinary call in between: each keeps its own state.
    let engine = engine_with(|c| {
        c.consume_fuel(true);
    });
    let (mut store, inst) = setup(&engine);
    let f = inst.get_func(&store, "sum").unwrap();
    let sum = inst.get_typed_func::<i32, i64>(&store, "sum").unwrap();
    let (mut ra, mut rb) = ([Val::I64(0)], [Val::I64(0)]);
    store.set_fuel(300).unwrap();
    let mut a = Some(
        f.call_resumable(&mut store, &[Val::I32(500)], &mut ra)
            .unwrap(),
    );
    store.set_fuel(300).unwrap();
    let mut b = Some(
        f.call_resumable(&mut store, &[Val::I32(700)], &mut rb)
            .unwrap(),
    );
    let (mut done_a, mut done_b) = (false, false);
    for _ in 0..100_000 {
        if done_a && done_b {
            break;
        }
        store.set_fuel(1_000_000).unwrap();
        assert_eq!(sum.call(&mut store, 10).unwrap(), expected_sum(10));
        for (slot, done, results) in [
            (&mut a, &mut done_a, &mut ra),
            (&mut b, &mut done_b, &mut rb),
        ] {
            match slot.take() {
                Some(ResumableCall::OutOfFuel(inv)) => {
                    store.set_fuel(300).unwrap();
                    *slot = Some(inv.resume(&mut store, results).unwrap());
                }
                Some(ResumableCall::Finished) | None => *done = true,
            }
        }
    }
    assert!(done_a && done_b, "invocations never finished");
    assert_eq!(ra[0], Val::I64(expected_sum(500)));
    assert_eq!(rb[0], Val::I64(expected_sum(700)));
}

#[test]
fn resume_on_another_store_is_rejected() {
    // `CallError::NotResumable` is documented for "the store changed"; at the
    // very least resuming on a store that lacks the instance must be an
    // error, not a panic.
    let engine = engine_with(|c| {
        c.consume_fuel(true);
    });
    let (mut store, inst) = setup(&engine);
    let f = inst.get_func(&store, "sum").unwrap();
    let mut results = [Val::I64(0)];
    store.set_fuel(50).unwrap();
    let ResumableCall::OutOfFuel(inv) = f
        .call_resumable(&mut store, &[Val::I32(1000)], &mut results)
        .unwrap()
    else {
        panic!("finished on 50 fuel");
    };
    let mut other: Store<Ticks> = Store::new(&engine, Vec::new());
    other.set_fuel(1_000_000).unwrap();
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        inv.resume(&mut other, &mut results)
    }));
    match r {
        Ok(Err(Error::Call(CallError::NotResumable))) => {}
        Ok(other) => {
            panic!("resuming on a foreign, empty store: expected NotResumable, got {other:?}")
        }
        Err(_) => panic!("resuming on a foreign, empty store panicked"),
    }
}
