//! `add_imports_to_linker`: a linker with only the functions a module
//! imports, which links and fails as `add_to_linker`'s does.

use crate::{shim_text, wat};
use mote::{Engine, Error, Instance, LinkError, LinkErrorKind, Linker, Module, Store};
use wasi_lite::MODULE;
use wasi_lite::std_backend::{SharedBuffer, StdWasiCtx, WasiCtxBuilder};

/// Two WASI functions: writes "hi\n" and exits with 7.
const TWO: &str = r#"
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hi\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16)) (i32.store (i32.const 4) (i32.const 3))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $exit (i32.const 7))))
"#;

/// Instantiates `text` with a linker from `add_imports_to_linker` (`only`)
/// or `add_to_linker`; also returns whether the linker defines `fd_read`.
fn instantiate(
    text: &str,
    only: bool,
    ctx: StdWasiCtx,
) -> (Result<Instance, Error>, Store<StdWasiCtx>, bool) {
    let engine = Engine::default();
    let module = Module::new(&engine, &wat(text)).unwrap();
    let mut linker = Linker::new(&engine);
    let get: fn(&mut StdWasiCtx) -> &mut StdWasiCtx = |ctx| ctx;
    match only {
        true => wasi_lite::add_imports_to_linker(&mut linker, &module, get).unwrap(),
        false => wasi_lite::add_to_linker(&mut linker, get).unwrap(),
    }
    let mut store = Store::new(&engine, ctx);
    let fd_read = linker.get(&mut store, MODULE, "fd_read").is_some();
    (linker.instantiate(&mut store, &module), store, fd_read)
}

fn error_with_each_linker(text: &str) -> (Error, Error) {
    let ctx = || WasiCtxBuilder::new().build().unwrap();
    let only = instantiate(text, true, ctx()).0.expect_err("an error");
    let every = instantiate(text, false, ctx()).0.expect_err("an error");
    (only, every)
}

#[test]
fn a_module_importing_two_functions_links_and_runs() {
    let out = SharedBuffer::new();
    let ctx = WasiCtxBuilder::new().stdout(out.clone()).build().unwrap();
    let (instance, mut store, fd_read) = instantiate(TWO, true, ctx);
    assert!(!fd_read, "a function the module does not import is defined");
    let start = instance
        .unwrap()
        .get_typed_func::<(), ()>(&store, "_start")
        .unwrap();
    let err = start.call(&mut store, ()).expect_err("proc_exit");
    assert_eq!(err.as_trap().and_then(|t| t.exit_code()), Some(7));
    assert_eq!(out.contents(), b"hi\n");

    let (_, _, fd_read) = instantiate(TWO, false, WasiCtxBuilder::new().build().unwrap());
    assert!(fd_read, "add_to_linker defines every function");
}

#[test]
fn a_module_importing_every_function_links() {
    let (instance, _, fd_read) =
        instantiate(&shim_text(), true, WasiCtxBuilder::new().build().unwrap());
    assert!(instance.is_ok(), "{:?}", instance.err());
    assert!(fd_read);
}

#[test]
fn an_unknown_import_fails_as_with_every_function() {
    let text = r#"(module
      (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_write_all" (func (param i32) (result i32))))"#;
    let (only, every) = error_with_each_linker(text);
    let unknown = Error::Link(LinkError {
        kind: LinkErrorKind::UnknownImport,
        import: 1,
    });
    assert_eq!((&only, &every), (&unknown, &unknown));
}

#[test]
fn a_wrong_type_fails_as_with_every_function() {
    let text = r#"(module
      (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
      (import "wasi_snapshot_preview1" "fd_write" (func (param i32) (result i32))))"#;
    let (only, every) = error_with_each_linker(text);
    assert_eq!(only, every);
    assert!(
        matches!(
            only,
            Error::Link(LinkError {
                kind: LinkErrorKind::IncompatibleImportType,
                import: 1
            })
        ),
        "{only:?}"
    );
    // A function's name imported as a memory.
    let text = r#"(module (import "wasi_snapshot_preview1" "fd_read" (memory 1)))"#;
    let (only, every) = error_with_each_linker(text);
    assert_eq!(only, every);
    assert!(matches!(only, Error::Link(_)), "{only:?}");
}
