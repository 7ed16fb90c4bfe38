//! Without the `atomics` feature a module that needs the threads proposal
//! is refused when it is decoded, saying what it needs.

use mote::{Engine, Error, Module};

#[test]
fn a_module_needing_atomics_is_refused_with_a_clear_error() {
    let engine = Engine::default();
    for text in [
        "(module (memory 1 1 shared))",
        "(module (memory 1) (func (drop (i32.atomic.load (i32.const 0)))))",
        "(module (func (atomic.fence)))",
    ] {
        let bytes = wat::parse_str(text).expect("valid text");
        match Module::new(&engine, &bytes) {
            Err(Error::Decode(e)) => assert!(
                e.message().contains("threads"),
                "{text}: the error names the proposal: {e:?}"
            ),
            other => panic!("{text}: expected a decode error, got {other:?}"),
        }
    }
}
