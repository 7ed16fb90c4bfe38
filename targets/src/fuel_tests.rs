//! Fuel on the AOT tier: charged at function entry and loop headers from
//! the store's counter; out of fuel is the interpreter's trap.

use mote::{Caller, Config, Engine, Func, FuncType, Linker, Store, TrapCode, Val};

use crate::{Module, Options};

const LOOPS: &str = r#"(module
  (import "host" "tick" (func $tick))
  (memory 1)
  (func (export "count") (param i32) (result i32) (local $i i32)
    (block $out (loop $l
      (br_if $out (i32.ge_u (local.get $i) (local.get 0)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (local.get $i))
  (func (export "forever") (loop $l (br $l)))
  (func $down (export "down") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (call $down (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "ticks") (param i32) (local $i i32)
    (loop $l
      (call $tick)
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get 0)))))
  (func (export "grows") (param i32) (local $i i32)
    (loop $l
      (drop (memory.grow (i32.const 0)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get 0)))))
)"#;

fn metered() -> Module {
    let wasm = wat::parse_str(LOOPS).unwrap();
    Module::new_with(&wasm, &Options { fuel: true }).unwrap()
}

/// A store with fuel on and `fuel` left, and a linker whose `host.tick`
/// records the fuel it sees in the store's data.
fn store(fuel: u64) -> (Store<Vec<u64>>, Linker<Vec<u64>>) {
    store_draining(fuel, false)
}

/// As [`store`]; with `drain`, `host.tick` also takes all fuel left.
fn store_draining(fuel: u64, drain: bool) -> (Store<Vec<u64>>, Linker<Vec<u64>>) {
    let engine = Engine::new(Config::new().consume_fuel(true));
    let mut store = Store::new(&engine, Vec::new());
    store.set_fuel(fuel).unwrap();
    let mut linker = Linker::new(&engine);
    let tick = Func::new(
        &mut store,
        FuncType::new([], []),
        move |mut caller: Caller<'_, Vec<u64>>, _: &[Val], _: &mut [Val]| {
            let left = caller.get_fuel().unwrap();
            caller.data_mut().push(left);
            if drain {
                mote::AsContextMut::as_context_mut(&mut caller)
                    .set_fuel(0)
                    .unwrap();
            }
            Ok(())
        },
    )
    .unwrap();
    linker.define(&store, "host", "tick", tick).unwrap();
    (store, linker)
}

fn call(
    module: &Module,
    fuel: u64,
    name: &str,
    arg: i32,
) -> (Result<Vec<Val>, Option<TrapCode>>, u64) {
    let (mut store, linker) = store(fuel);
    let inst = module.instantiate(&mut store, &linker).unwrap();
    let f = inst.get_func(name).unwrap();
    let mut out = vec![Val::I32(0); f.ty(&store).results().len()];
    let args: Vec<Val> = f
        .ty(&store)
        .params()
        .iter()
        .map(|_| Val::I32(arg))
        .collect();
    let r = f
        .call(&mut store, &args, &mut out)
        .map(|()| out.clone())
        .map_err(|e| e.as_trap().map(|t| t.code()));
    (r, store.get_fuel().unwrap())
}

/// The interpreter's fuel used by the same call.
fn interp_used(name: &str, arg: i32) -> u64 {
    let wasm = wat::parse_str(LOOPS).unwrap();
    let (mut store, linker) = store(1 << 40);
    let module = mote::Module::new(store.engine(), &wasm).unwrap();
    let inst = linker.instantiate(&mut store, &module).unwrap();
    let f = inst.get_func(&store, name).unwrap();
    let mut out = vec![Val::I32(0); f.ty(&store).results().len()];
    f.call(&mut store, &[Val::I32(arg)], &mut out).unwrap();
    (1 << 40) - store.get_fuel().unwrap()
}

#[test]
fn loops_and_calls_are_charged_like_the_interpreter() {
    let module = metered();
    assert!(module.meters_fuel());
    let budget = 1_000_000;
    let (r, left) = call(&module, budget, "count", 1000);
    assert_eq!(r, Ok(vec![Val::I32(1000)]));
    let used = budget - left;
    let (_, left2) = call(&module, budget, "count", 2000);
    let used2 = budget - left2;
    // Each iteration costs the same: twice the loops, about twice the fuel.
    assert!(
        used2 > used * 19 / 10 && used2 < used * 21 / 10,
        "{used} {used2}"
    );
    // The interpreter counts its own ops, this tier wasm operators: the
    // same order of magnitude, not the same number.
    let interp = interp_used("count", 1000);
    assert!(
        used > interp / 4 && used < interp * 4,
        "aot {used}, interp {interp}"
    );
    // Recursion is charged at each entry.
    let (r, left) = call(&module, budget, "down", 100);
    assert_eq!(r, Ok(vec![Val::I32(0)]));
    assert!(budget - left >= 101);
}

#[test]
fn memory_grow_gives_no_fuel_back() {
    // `memory.grow` refreshes the memories' addresses only: copying the
    // store's fuel in again (as an entry does) gave back all fuel used
    // since the call began, so each iteration looked free.
    let module = metered();
    let budget = 1_000_000;
    let (r, left) = call(&module, budget, "grows", 1000);
    assert_eq!(r, Ok(vec![]));
    let used = budget - left;
    assert!(used >= 1000, "{used} fuel for 1000 iterations");
    let (r, _) = call(&module, 500, "grows", 1000);
    assert_eq!(r, Err(Some(TrapCode::OutOfFuel)));
}

#[test]
fn running_out_traps_as_the_interpreter_does() {
    let module = metered();
    let (r, left) = call(&module, 10_000, "forever", 0);
    assert_eq!(r, Err(Some(TrapCode::OutOfFuel)));
    assert_eq!(left, 0);
    let (r, _) = call(&module, 50, "count", 1_000_000);
    assert_eq!(r, Err(Some(TrapCode::OutOfFuel)));
    let (r, _) = call(&module, 20, "down", 1000);
    assert_eq!(r, Err(Some(TrapCode::OutOfFuel)));
    // None at all: the first charge, at entry, stops it.
    let (r, left) = call(&module, 0, "down", 0);
    assert_eq!((r, left), (Err(Some(TrapCode::OutOfFuel)), 0));
}

#[test]
fn host_functions_see_the_fuel_and_can_spend_it() {
    let module = metered();
    let (mut store, linker) = store(100_000);
    let inst = module.instantiate(&mut store, &linker).unwrap();
    let ticks = inst.get_func("ticks").unwrap();
    ticks.call(&mut store, &[Val::I32(10)], &mut []).unwrap();
    let seen = store.data().clone();
    assert_eq!(seen.len(), 10);
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "{seen:?}");
    assert!(seen[0] < 100_000);
    assert!(store.get_fuel().unwrap() <= seen[9]);

    // What the host leaves is what native code goes on with: nothing, so
    // the next loop header stops it.
    let (mut store, linker) = store_draining(100_000, true);
    let inst = module.instantiate(&mut store, &linker).unwrap();
    let ticks = inst.get_func("ticks").unwrap();
    let r = ticks.call(&mut store, &[Val::I32(10)], &mut []);
    let code = r.unwrap_err().as_trap().map(|t| t.code());
    assert_eq!(code, Some(TrapCode::OutOfFuel));
    assert_eq!(store.data().len(), 1);
}

#[test]
fn unmetered_code_ignores_fuel_and_artifacts_keep_the_choice() {
    let wasm = wat::parse_str(LOOPS).unwrap();
    let plain = Module::new(&wasm).unwrap();
    assert!(!plain.meters_fuel());
    let (r, left) = call(&plain, 0, "count", 1000);
    assert_eq!((r, left), (Ok(vec![Val::I32(1000)]), 0));

    let bytes = metered().serialize().unwrap();
    // SAFETY: written just now by this crate.
    let loaded = unsafe { Module::deserialize(&bytes) }.unwrap();
    assert!(loaded.meters_fuel());
    assert_eq!(
        call(&loaded, 10_000, "forever", 0).0,
        Err(Some(TrapCode::OutOfFuel))
    );
    let portable =
        crate::compile_artifact_with(&wasm, "x86_64-unknown-linux-gnu", &Options { fuel: true })
            .unwrap();
    assert!(crate::read_artifact(&portable).unwrap().target.fuel);
}
