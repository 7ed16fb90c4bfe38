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
    let engine = engine_with(|c| {
        c.debug_info(debug);
    });
    let bytes = wat(NESTED);
    let module = Module::new(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let f = inst.get_typed_func::<(), i32>(&store, "run").unwrap();
    match f.call(&mut store, ()) {
        Err(Error::Trap(t)) => assert_eq!(t.code(), TrapCode::IntegerDivisionByZero),
        other => panic!("expected a division trap, got {other:?}"),
    }
    (store.trap_backtrace(), bytes)
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
