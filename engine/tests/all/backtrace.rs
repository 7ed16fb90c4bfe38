//! Trap backtraces: function names from the name section and code offsets.

use crate::{engine_with, wat};
use mote::{Error, Linker, Module, Store, TrapCode};

const NESTED: &str = r#"
(module
  (func $explode (param i32) (result i32)
    local.get 0
    i32.const 0
    i32.div_u)
  (func $middle (result i32)
    i32.const 7
    call $explode)
  (func (export "run") (result i32)
    call $middle))
"#;

fn run(debug: bool) -> (Vec<mote::FrameInfo>, Vec<u8>) {
    let bytes = wat(NESTED);
    (backtrace_of(&bytes, debug), bytes)
}

/// Runs export `run` of `bytes`, which must trap dividing by zero, and
/// returns the backtrace.
fn backtrace_of(bytes: &[u8], debug: bool) -> Vec<mote::FrameInfo> {
    let engine = engine_with(|c| {
        c.debug_info(debug);
    });
    backtrace_in(&engine, &Module::new(&engine, bytes).unwrap())
}

fn backtrace_in(engine: &mote::Engine, module: &Module) -> Vec<mote::FrameInfo> {
    let engine = engine.clone();
    let module = module.clone();
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let f = inst.get_typed_func::<(), i32>(&store, "run").unwrap();
    match f.call(&mut store, ()) {
        Err(Error::Trap(t)) => assert_eq!(t.code(), TrapCode::IntegerDivisionByZero),
        other => panic!("expected a division trap, got {other:?}"),
    }
    store.trap_backtrace()
}

#[test]
fn backtrace_names_frames_innermost_first() {
    let (bt, bytes) = run(true);
    let names: Vec<_> = bt.iter().map(|f| f.func_name.as_deref()).collect();
    assert_eq!(names, [Some("explode"), Some("middle"), None]);
    assert_eq!(
        bt.iter().map(|f| f.func_index).collect::<Vec<_>>(),
        [0, 1, 2]
    );
    // The innermost offset is the i32.div_u opcode (0x6e) itself.
    assert_eq!(bytes[bt[0].module_offset as usize], 0x6e);
    // Callers point at their call instruction (0x10).
    assert_eq!(bytes[bt[1].module_offset as usize], 0x10);
    assert_eq!(bytes[bt[2].module_offset as usize], 0x10);
}

#[test]
fn backtrace_without_debug_info_has_indices_and_body_offsets() {
    let (bt, _) = run(false);
    assert_eq!(
        bt.iter().map(|f| f.func_index).collect::<Vec<_>>(),
        [0, 1, 2]
    );
    assert!(bt.iter().all(|f| f.func_name.is_none()));
    assert!(
        bt.windows(2)
            .all(|w| w[0].module_offset < w[1].module_offset)
    );
}

#[test]
fn out_of_order_function_names_are_dropped_not_sorted() {
    // NESTED without `$names`, then a name section listing function 1
    // before function 0: the map must be in increasing index order, so the
    // entry that breaks the order (0) is ignored.
    let mut bytes = wat(r#"
(module
  (func (param i32) (result i32)
    local.get 0
    i32.const 0
    i32.div_u)
  (func (result i32)
    i32.const 7
    call 0)
  (func (export "run") (result i32)
    call 1))
"#);
    let mut map = vec![2u8, 1, 6];
    map.extend_from_slice(b"middle");
    map.extend_from_slice(&[0, 7]);
    map.extend_from_slice(b"explode");
    let mut payload = vec![4u8];
    payload.extend_from_slice(b"name");
    payload.extend_from_slice(&[1, map.len() as u8]);
    payload.extend_from_slice(&map);
    bytes.extend_from_slice(&[0, payload.len() as u8]);
    bytes.extend_from_slice(&payload);

    let names: Vec<_> = backtrace_of(&bytes, true)
        .into_iter()
        .map(|f| f.func_name)
        .collect();
    assert_eq!(names, [None, Some("middle".into()), None]);
}

/// An image keeps the names and offsets (`mote compile` of a module built
/// with debug info): loaded by copy or in place, where they stay in the
/// image's bytes, its backtrace is the `.wasm` module's.
#[cfg(feature = "image")]
#[test]
fn backtrace_from_an_image_is_the_modules() {
    let (expected, bytes) = run(true);
    let engine = engine_with(|c| {
        c.debug_info(true);
    });
    let image = Module::new(&engine, &bytes).unwrap().to_image().unwrap();
    let copied = Module::from_image(&engine, &image).unwrap();
    assert_eq!(backtrace_in(&engine, &copied), expected);
    let in_place: &'static [u8] = Box::leak(image.into_boxed_slice());
    let in_place = Module::from_static_image(&engine, in_place).unwrap();
    assert_eq!(backtrace_in(&engine, &in_place), expected);
}
