//! Without the `simd` feature a module that needs SIMD is refused when it
//! is decoded, saying what it needs.

use mote::{Engine, Error, Module};

#[test]
fn a_module_needing_simd_is_refused_with_a_clear_error() {
    let engine = Engine::default();
    for text in [
        "(module (func (param v128)))",
        "(module (func (drop (v128.const i64x2 0 0))))",
        "(module (func (result i32) (i32x4.extract_lane 0 (i32x4.splat (i32.const 1)))))",
    ] {
        let bytes = wat::parse_str(text).expect("valid text");
        match Module::new(&engine, &bytes) {
            Err(Error::Decode(e)) => assert!(
                e.message().contains("SIMD"),
                "{text}: the error names the proposal: {e:?}"
            ),
            other => panic!("{text}: expected a decode error, got {other:?}"),
        }
    }
}
