//! Every preview1 name links; the unsupported ones return ENOSYS.

use crate::errno::*;
use crate::*;
use wasi_lite::std_backend::WasiCtxBuilder;

#[test]
fn every_preview1_import_links() {
    // The shim imports all of them, with their preview1 signatures.
    let mut g = Shim::new(WasiCtxBuilder::new().build().unwrap());
    assert_eq!(g.call("sched_yield", &[]), SUCCESS);
    assert_eq!(PREVIEW1.len(), 46);
}

#[test]
fn unsupported_functions_return_enosys() {
    let mut g = Shim::new(WasiCtxBuilder::new().build().unwrap());
    for &name in wasi_lite::UNSUPPORTED {
        let (_, params, _) = PREVIEW1
            .iter()
            .find(|(n, _, _)| *n == name)
            .expect("a preview1 name");
        let args = vec![0i64; params.len()];
        assert_eq!(g.call(name, &args), NOSYS, "{name}");
    }
    assert!(!wasi_lite::UNSUPPORTED.contains(&"path_link"));
    assert!(wasi_lite::UNSUPPORTED.contains(&"sock_accept"));
}

#[test]
fn a_wrong_signature_does_not_link() {
    let text =
        r#"(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32) (result i32))))"#;
    let err = instantiate(WasiCtxBuilder::new().build().unwrap(), text)
        .err()
        .expect("a link error");
    assert!(matches!(err, mote::Error::Link(_)), "{err:?}");
}

#[test]
fn linking_twice_is_an_error_not_a_panic() {
    let engine = mote::Engine::default();
    let mut linker = mote::Linker::<wasi_lite::std_backend::StdWasiCtx>::new(&engine);
    wasi_lite::add_to_linker(&mut linker, |c| c).unwrap();
    assert!(wasi_lite::add_to_linker(&mut linker, |c| c).is_err());
}
