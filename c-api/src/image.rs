//! Module images (`mote compile`): `wasm_module_serialize` and
//! `wasm_module_deserialize` write and load them, `mote.h` adds loading
//! one in place (from flash) and checking an image's signature.

use crate::instance::{beyond_wasm_h, wasm_module_t};
use crate::ptr::{borrow, give, put};
use crate::store::wasm_store_t;
use crate::vec::wasm_byte_vec_t;
use alloc::sync::Arc;
use mote::{Error, Module};

/// A module loaded by `load` as C gets it: null if it failed, or if its
/// interface needs what wasm.h cannot express (as `wasm_module_new`).
fn hand_out(loaded: Result<Module, Error>) -> *mut wasm_module_t {
    match loaded {
        Ok(module) if !beyond_wasm_h(&module) => give(wasm_module_t {
            module: Arc::new(module),
            info: Default::default(),
        }),
        _ => core::ptr::null_mut(),
    }
}

/// The store's engine, if `store` is not null.
///
/// # Safety
/// `store` is null or a live store not running a call.
unsafe fn engine_of(store: *mut wasm_store_t) -> Option<mote::Engine> {
    // SAFETY: the caller's contract.
    let s = unsafe { borrow(store) }?;
    // SAFETY: no other borrow of the store is in use.
    Some(unsafe { s.get() }.engine().clone())
}

/// Writes the module as an image (the format of `mote compile`) to
/// `*out`: an empty vector if it cannot be written or `m` is null.
///
/// # Safety
/// `m` is null or a live module; `out` null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_serialize(m: *const wasm_module_t, out: *mut wasm_byte_vec_t) {
    // SAFETY: the caller's contract.
    let bytes = unsafe { borrow(m) }
        .and_then(|m| m.module.to_image().ok())
        .unwrap_or_default();
    // SAFETY: the caller's contract.
    unsafe { put(out, wasm_byte_vec_t::from_vec(bytes)) }
}

/// Loads a module from an image (`wasm_module_serialize`, `mote
/// compile`) made for an engine with the same settings, copying what it
/// keeps of it: no validation or translation, a linear check that makes
/// any bytes either a module or null. Null also for a null argument, an
/// image made with other settings (fuel, exceptions, atomics) or by
/// another version, and one whose interface wasm.h cannot express.
///
/// # Safety
/// `store` is null or a live store not running a call; `image` null or a
/// valid byte vector.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_deserialize(
    store: *mut wasm_store_t,
    image: *const wasm_byte_vec_t,
) -> *mut wasm_module_t {
    // SAFETY: the caller's contract.
    let (Some(engine), Some(image)) = (unsafe { engine_of(store) }, unsafe { borrow(image) })
    else {
        return core::ptr::null_mut();
    };
    // SAFETY: a valid byte vector.
    hand_out(Module::from_image(&engine, unsafe { image.as_slice() }))
}

/// Like `wasm_module_deserialize`, but for an image that stays where it
/// is for as long as the module and everything made from it (an image in
/// flash): its code and data segments are used in place, not copied. The
/// code runs in place if `data` is aligned to 2 bytes (4 recommended) and
/// is copied otherwise (`mote_module_code_in_place` says which). Null for
/// a null store, a null `data` or a zero `size` (no image is empty), or
/// bytes that are not an image this engine runs.
///
/// # Safety
/// `store` is null or a live store not running a call; `data` null or
/// `size` readable bytes that stay readable and unchanged as long as the
/// module, its copies and their instances are alive (for firmware: for
/// the whole program).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_module_from_static_image(
    store: *mut wasm_store_t,
    data: *const u8,
    size: usize,
) -> *mut wasm_module_t {
    // SAFETY: the caller's contract.
    let Some(engine) = (unsafe { engine_of(store) }) else {
        return core::ptr::null_mut();
    };
    // SAFETY: the caller's contract: the bytes outlive everything that
    // can borrow them (the module and what is made from it), so `'static`
    // holds for as long as anyone can look.
    let image: &'static [u8] = unsafe { crate::ptr::slice(data, size) };
    hand_out(Module::from_static_image(&engine, image))
}

/// Whether the module runs its code from the image it was loaded from
/// (`mote_module_from_static_image` at an aligned address), not from a
/// copy. False for null.
///
/// # Safety
/// `m` is null or a live module.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_module_code_in_place(m: *const wasm_module_t) -> bool {
    // SAFETY: the caller's contract.
    unsafe { borrow(m) }.is_some_and(|m| m.module.code_in_place())
}

/// Whether the image `image` ends in a signature trailer with an Ed25519
/// signature by `public_key` (33 bytes: `0x01` then the key, as `mote
/// keygen` writes it) over all of the image before the trailer, as `mote
/// sign` writes it (crate `mote-sign`, `verify_image`; no allocation).
/// False for a null or malformed argument, an unsigned or tampered image.
///
/// # Safety
/// `image` is null or a live byte vector (it may point into flash: the
/// function only reads it); `public_key` null or 33 readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_image_verify_signature(
    image: *const wasm_byte_vec_t,
    public_key: *const u8,
) -> bool {
    // SAFETY: the caller's contract.
    let Some(image) = (unsafe { borrow(image) }) else {
        return false;
    };
    // SAFETY: the caller's contract: 33 bytes, or null (an empty slice).
    let key = unsafe { crate::ptr::slice(public_key, 33) };
    let Ok(key) = mote_sign::PublicKey::from_bytes(key) else {
        return false;
    };
    // SAFETY: the caller's contract.
    mote_sign::verify_image(unsafe { image.as_slice() }, &key).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instance::{wasm_module_delete, wasm_module_exports, wasm_module_new};
    use crate::store::{wasm_engine_delete, wasm_engine_new, wasm_store_delete, wasm_store_new};
    use crate::types::{wasm_exporttype_vec_delete, wasm_exporttype_vec_t};
    use alloc::vec::Vec;

    /// The engine's runner fixture, made by the full engine's defaults.
    #[repr(C, align(4))]
    struct Aligned<T: ?Sized>(T);
    static SAMPLE: &Aligned<[u8]> =
        &Aligned(*include_bytes!("../../engine/tests/runner/sample.mote"));

    /// The number of exports of `m`, or `None` for null.
    fn exports(m: *mut wasm_module_t) -> Option<usize> {
        if m.is_null() {
            return None;
        }
        let mut v = wasm_exporttype_vec_t::from_vec(Vec::new());
        // SAFETY: a live module, a writable vector.
        unsafe { wasm_module_exports(m, &mut v) };
        let n = v.size;
        // SAFETY: made by this library; `m` is owned and deleted once.
        unsafe {
            wasm_exporttype_vec_delete(&mut v);
            wasm_module_delete(m);
        }
        Some(n)
    }

    /// Every build loads images; `wasm_module_new` loads images in the
    /// runner (no `wasm`) and `.wasm` otherwise.
    #[test]
    fn images_load_in_every_build() {
        // SAFETY: fresh objects of this library, each deleted once; the
        // byte vectors are the test's, only read.
        unsafe {
            let engine = wasm_engine_new();
            let store = wasm_store_new(engine);
            let sample = wasm_byte_vec_t::from_vec(SAMPLE.0.to_vec());
            assert_eq!(exports(wasm_module_deserialize(store, &sample)), Some(8));
            // wasm_module_new: images in a runner, `.wasm` with `wasm`.
            let runner = !cfg!(feature = "wasm");
            assert_eq!(
                exports(wasm_module_new(store, &sample)),
                runner.then_some(8)
            );
            let m = mote_module_from_static_image(store, SAMPLE.0.as_ptr(), SAMPLE.0.len());
            assert!(mote_module_code_in_place(m));
            assert_eq!(exports(m), Some(8));
            let m =
                mote_module_from_static_image(store, SAMPLE.0[1..].as_ptr(), SAMPLE.0.len() - 1);
            assert!(m.is_null());
            // The smallest module, (module).
            let wasm = wasm_byte_vec_t::from_vec(b"\0asm\x01\0\0\0".to_vec());
            let m = wasm_module_new(store, &wasm);
            assert_eq!(exports(m), cfg!(feature = "wasm").then_some(0));
            for mut v in [sample, wasm] {
                crate::vec::wasm_byte_vec_delete(&mut v);
            }
            wasm_store_delete(store);
            wasm_engine_delete(engine);
        }
    }
}
