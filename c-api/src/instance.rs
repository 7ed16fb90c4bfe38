//! Modules and instances.

use crate::object::{wasm_extern_t, wasm_extern_vec_t, wasm_instance_t};
use crate::ptr::{borrow, give, put, take};
use crate::store::wasm_store_t;
use crate::trap::wasm_trap_t;
use crate::types::{
    wasm_exporttype_t, wasm_exporttype_vec_t, wasm_importtype_t, wasm_importtype_vec_t,
};
use crate::vec::wasm_byte_vec_t;
use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;
use mote::{Extern, ExternType, Instance, Module, ValType};

/// `wasm_module_t`: a validated, translated module. It does not belong
/// to its store: it may outlive it, and be used with other stores of the
/// same engine. Copies share the module (`wasm_module_same`).
#[derive(Clone)]
pub struct wasm_module_t {
    pub(crate) module: Arc<Module>,
    /// Host info, shared with the module's copies (`info.rs`).
    pub(crate) info: crate::info::SharedInfo,
}

/// `wasm_shared_module_t`: a module to hand to another thread, where
/// `wasm_module_obtain` makes it a module again.
pub struct wasm_shared_module_t {
    module: Arc<Module>,
}

/// Decodes, validates and translates `binary` with the store's engine;
/// null if it is malformed or invalid (or an argument is null). Without
/// the feature `wasm` (a runner build) it loads an image instead, as
/// `wasm_module_deserialize` does. With `wasm` an image is not a `.wasm`
/// and gives null: firmware that loads only `.wasm` does not link the
/// image reader.
///
/// # Safety
/// `store` is null or a live store; `binary` null or a valid byte vector.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_new(
    store: *mut wasm_store_t,
    binary: *const wasm_byte_vec_t,
) -> *mut wasm_module_t {
    // SAFETY: the caller's contract.
    let (Some(s), Some(b)) = (unsafe { borrow(store) }, unsafe { borrow(binary) }) else {
        return core::ptr::null_mut();
    };
    // SAFETY: no other borrow of the store is in use; a valid vector.
    let (engine, bytes) = unsafe { (s.get().engine().clone(), b.as_slice()) };
    match load(&engine, bytes) {
        Ok(module) if beyond_wasm_h(&module) => core::ptr::null_mut(),
        Ok(module) => give(wasm_module_t {
            module: Arc::new(module),
            info: Default::default(),
        }),
        Err(_) => core::ptr::null_mut(),
    }
}

/// `bytes` as a `.wasm` module, decoded, validated and translated.
#[cfg(feature = "wasm")]
fn load(engine: &mote::Engine, bytes: &[u8]) -> Result<Module, mote::Error> {
    Module::new(engine, bytes)
}

/// A runner loads images.
#[cfg(not(feature = "wasm"))]
fn load(engine: &mote::Engine, bytes: &[u8]) -> Result<Module, mote::Error> {
    Module::from_image(engine, bytes)
}

/// Whether the module's imports or exports need what wasm.h has no kind
/// for: a tag, a `v128` (the C API does not build the engine's `simd`
/// feature; mote.h has no v128 kind), or a reference type other than `funcref` and `externref`
/// (`exnref`, and the typed references of WebAssembly 3.0: `(ref $t)`,
/// `(ref func)`, `nullfuncref`, ...) in a function's, global's or table's
/// type. Such a module is refused, so that no tag, no `exnref` value and
/// no reference C could not type ever crosses to C; exception handling
/// and typed references inside a module work.
pub(crate) fn beyond_wasm_h(module: &Module) -> bool {
    fn beyond(ty: &ExternType) -> bool {
        let other_ref = |t: &ValType| {
            (t.is_ref() && *t != ValType::FUNCREF && *t != ValType::EXTERNREF)
                || *t == ValType::V128
        };
        match ty {
            ExternType::Func(f) => f.params().iter().chain(f.results()).any(other_ref),
            ExternType::Global(g) => other_ref(&g.content()),
            ExternType::Table(t) => other_ref(&t.element()),
            ExternType::Memory(_) => false,
            ExternType::Tag(_) => true,
        }
    }
    module.imports().any(|(_, _, t)| beyond(t)) || module.exports().any(|(_, t)| beyond(&t))
}

/// Whether `binary` is a valid module for the store's engine.
///
/// # Safety
/// As `wasm_module_new`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_validate(
    store: *mut wasm_store_t,
    binary: *const wasm_byte_vec_t,
) -> bool {
    // SAFETY: the caller's contract.
    let m = unsafe { wasm_module_new(store, binary) };
    // SAFETY: made just above.
    unsafe { take(m) }.is_some()
}

/// The module's imports, in order.
///
/// # Safety
/// `m` is null or a live module; `out` null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_imports(
    m: *const wasm_module_t,
    out: *mut wasm_importtype_vec_t,
) {
    // SAFETY: the caller's contract.
    let items: Vec<*mut wasm_importtype_t> = unsafe { borrow(m) }
        .map(|m| {
            m.module
                .imports()
                .map(|(md, n, t)| give(wasm_importtype_t::new(md, n, t)))
                .collect()
        })
        .unwrap_or_default();
    // SAFETY: the caller's contract.
    unsafe { put(out, wasm_importtype_vec_t::from_vec(items)) }
}

/// The module's exports, in order.
///
/// # Safety
/// `m` is null or a live module; `out` null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_exports(
    m: *const wasm_module_t,
    out: *mut wasm_exporttype_vec_t,
) {
    // SAFETY: the caller's contract.
    let items: Vec<*mut wasm_exporttype_t> = unsafe { borrow(m) }
        .map(|m| {
            m.module
                .exports()
                .map(|(n, t)| give(wasm_exporttype_t::new(n, &t)))
                .collect()
        })
        .unwrap_or_default();
    // SAFETY: the caller's contract.
    unsafe { put(out, wasm_exporttype_vec_t::from_vec(items)) }
}

/// # Safety
/// `m` is null or an owned module.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_delete(m: *mut wasm_module_t) {
    // SAFETY: the caller's contract.
    drop(unsafe { take(m) })
}

/// # Safety
/// `m` is null or a live module.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_copy(m: *const wasm_module_t) -> *mut wasm_module_t {
    // SAFETY: the caller's contract.
    unsafe { borrow(m) }.map_or(core::ptr::null_mut(), |m| give(m.clone()))
}

/// Whether both are the same module (one made the other by a copy, or
/// by sharing and obtaining).
///
/// # Safety
/// `a` and `b` are null or live modules.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_same(
    a: *const wasm_module_t,
    b: *const wasm_module_t,
) -> bool {
    // SAFETY: the caller's contract.
    match unsafe { (borrow(a), borrow(b)) } {
        (Some(a), Some(b)) => Arc::ptr_eq(&a.module, &b.module),
        _ => false,
    }
}

/// The module, to be sent to another thread.
///
/// # Safety
/// `m` is null or a live module.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_share(m: *const wasm_module_t) -> *mut wasm_shared_module_t {
    // SAFETY: the caller's contract.
    unsafe { borrow(m) }.map_or(core::ptr::null_mut(), |m| {
        give(wasm_shared_module_t {
            module: m.module.clone(),
        })
    })
}

/// A shared module as a module again, for use with `store` (which must
/// belong to an engine of the same configuration as the module's).
///
/// # Safety
/// `store` is null or a live store; `shared` null or a live shared module.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_obtain(
    store: *mut wasm_store_t,
    shared: *const wasm_shared_module_t,
) -> *mut wasm_module_t {
    // SAFETY: the caller's contract.
    match unsafe { (borrow(store), borrow(shared)) } {
        (Some(_), Some(s)) => give(wasm_module_t {
            module: s.module.clone(),
            info: Default::default(),
        }),
        _ => core::ptr::null_mut(),
    }
}

/// # Safety
/// `s` is null or an owned shared module.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_shared_module_delete(s: *mut wasm_shared_module_t) {
    // SAFETY: the caller's contract.
    drop(unsafe { take(s) })
}

/// Instantiates `module` with `imports` in the order of its import
/// section, running its start function. On failure returns null and, if
/// `trap` is not null, stores an owned trap there: the start function's,
/// or one whose message says why linking failed. On success `*trap` is
/// set to null.
///
/// # Safety
/// `store` is null or a live store; `module` null or a live module;
/// `imports` null or a valid vector of live externs of `store`; `trap`
/// null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_instance_new(
    store: *mut wasm_store_t,
    module: *const wasm_module_t,
    imports: *const wasm_extern_vec_t,
    trap: *mut *mut wasm_trap_t,
) -> *mut wasm_instance_t {
    let fail = |t: Box<wasm_trap_t>| {
        // SAFETY: the caller's contract.
        unsafe { put(trap, Box::into_raw(t)) };
        core::ptr::null_mut()
    };
    // SAFETY: the caller's contract.
    unsafe { put(trap, core::ptr::null_mut()) };
    // SAFETY: the caller's contract.
    let (Some(s), Some(m)) = (unsafe { borrow(store) }, unsafe { borrow(module) }) else {
        return fail(Box::new(wasm_trap_t::message("null store or module")));
    };
    // SAFETY: the caller's contract.
    let imports = match unsafe { borrow(imports) } {
        // SAFETY: a valid vector.
        Some(v) => unsafe { v.as_slice() },
        None => &[],
    };
    let mut externs: Vec<Extern> = Vec::with_capacity(imports.len());
    for &i in imports {
        // SAFETY: the caller's contract: live externs.
        match unsafe { borrow::<wasm_extern_t>(i) }.and_then(|e| Some((e.r.store, e.handle()?))) {
            Some((s, e)) if s == store.cast_const() => externs.push(e),
            Some(_) => {
                return fail(Box::new(wasm_trap_t::message(
                    "an import belongs to another store",
                )));
            }
            None => return fail(Box::new(wasm_trap_t::message("a null import"))),
        }
    }
    // SAFETY: no other borrow of the store is in use.
    match Instance::new(unsafe { s.get() }, &m.module, &externs) {
        Ok(instance) => give(wasm_instance_t::new(store, instance)),
        Err(mote::Error::Link(e)) => {
            let name = m
                .module
                .imports()
                .nth(e.import as usize)
                .map(|(md, n, _)| alloc::format!("{md}.{n}"));
            let what = match e.kind {
                mote::LinkErrorKind::IncompatibleImportType => "incompatible import type",
                mote::LinkErrorKind::UnknownImport => "unknown import",
                mote::LinkErrorKind::Duplicate => "duplicate import",
            };
            let msg = match name {
                Some(n) => alloc::format!("{what} {n} (import #{})", e.import),
                None => alloc::format!("{what} (import #{})", e.import),
            };
            fail(Box::new(wasm_trap_t::message(&msg)))
        }
        // SAFETY: as above.
        Err(e) => fail(unsafe { wasm_trap_t::from_error(e, s) }),
    }
}

/// The instance's exports, in the module's export order.
///
/// # Safety
/// `i` is null or a live instance; `out` null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_instance_exports(
    i: *const wasm_instance_t,
    out: *mut wasm_extern_vec_t,
) {
    // SAFETY: the caller's contract.
    let items: Vec<*mut wasm_extern_t> =
        match unsafe { borrow(i) }.and_then(|i| Some((i, i.handle()?))) {
            Some((i, h)) => {
                // SAFETY: a live instance's store is live and not otherwise borrowed.
                let s = unsafe { i.r.store().get() };
                h.exports(s)
                    .filter_map(|(_, e)| Some(give(wasm_extern_t::new(i.r.store, e)?)))
                    .collect()
            }
            None => Vec::new(),
        };
    // SAFETY: the caller's contract.
    unsafe { put(out, wasm_extern_vec_t::from_vec(items)) }
}

#[cfg(all(test, feature = "wasm"))]
mod tests {
    use super::{wasm_module_delete, wasm_module_new};
    use crate::store::{wasm_engine_delete, wasm_engine_new, wasm_store_delete, wasm_store_new};
    use crate::vec::wasm_byte_vec_t;

    /// Whether `wasm_module_new` accepts the module `wat`.
    fn accepted(wat: &str) -> bool {
        let bytes = wasm_byte_vec_t::from_vec(wat::parse_str(wat).unwrap());
        // SAFETY: fresh objects of this library, each deleted once.
        unsafe {
            let engine = wasm_engine_new();
            let store = wasm_store_new(engine);
            let m = wasm_module_new(store, &bytes);
            let ok = !m.is_null();
            wasm_module_delete(m);
            wasm_store_delete(store);
            wasm_engine_delete(engine);
            let mut bytes = bytes;
            crate::vec::wasm_byte_vec_delete(&mut bytes);
            ok
        }
    }

    #[test]
    fn tags_and_exception_references_stay_out_of_c() {
        // Exception handling inside the module: fine.
        assert!(accepted(
            r#"(module (tag $e) (func (export "f")
                 (block $h (try_table (catch $e $h) (throw $e)))))"#
        ));
        // A tag or an exnref in the interface: wasm.h cannot express it.
        assert!(!accepted(r#"(module (tag (export "e")))"#));
        assert!(!accepted(r#"(module (import "m" "e" (tag)))"#));
        assert!(!accepted(
            r#"(module (func (export "f") (result exnref) (ref.null exn)))"#
        ));
        assert!(!accepted(r#"(module (table (export "t") 1 exnref))"#));
    }

    #[test]
    fn typed_references_stay_out_of_c() {
        // Typed references inside the module, funcref at the boundary: fine.
        assert!(accepted(
            r#"(module (type $t (func)) (func $f (type $t)) (elem declare func $f)
                 (func (export "f") (result funcref) (ref.func $f))
                 (func (export "g") (call_ref $t (ref.func $f))))"#
        ));
        // wasm.h has kinds for funcref and externref only.
        assert!(!accepted(
            r#"(module (type $t (func)) (func (export "f") (param (ref null $t))))"#
        ));
        assert!(!accepted(
            r#"(module (func (export "f") (param (ref func))))"#
        ));
        // `(ref null extern)` is `externref`.
        assert!(accepted(
            r#"(module (import "m" "g" (global (ref null extern))))"#
        ));
        assert!(!accepted(
            r#"(module (import "m" "g" (global nullfuncref)))"#
        ));
        assert!(!accepted(
            r#"(module (type $t (func)) (table (export "t") 1 (ref null $t)))"#
        ));
    }
}
