//! Values: `wasm_val_t` and its conversion to and from Mote's `Val`.

use crate::object::{Obj, wasm_ref_t};
use crate::ptr::{borrow, give, put, take};
use crate::store::{StoreData, wasm_store_t};
use crate::types::{WASM_EXTERNREF, WASM_F32, WASM_F64, WASM_FUNCREF, WASM_I32, WASM_I64};
use crate::vec::declare_vec;
use mote::Val;

/// The payload of a `wasm_val_t`.
#[repr(C)]
#[derive(Clone, Copy)]
pub union wasm_val_union {
    pub i32: i32,
    pub i64: i64,
    pub f32: f32,
    pub f64: f64,
    pub ref_: *mut wasm_ref_t,
}

/// `wasm_val_t`. A reference value owns its `wasm_ref_t` (or is null).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct wasm_val_t {
    pub kind: u8,
    pub of: wasm_val_union,
}

impl wasm_val_t {
    const BLANK: wasm_val_t = wasm_val_t {
        kind: WASM_I32,
        of: wasm_val_union { i64: 0 },
    };
}

/// The Mote value of `v`, or `None` if it has an unknown kind, or a
/// reference of another store or of the wrong kind for `funcref`. Any
/// object of the store can be an `externref` (it is interned in `data`).
///
/// # Safety
/// `v`'s payload is the one its kind says; a reference is null or a live
/// reference of this library.
pub(crate) unsafe fn to_val(
    v: &wasm_val_t,
    store: *const wasm_store_t,
    data: &mut StoreData,
) -> Option<Val> {
    Some(match v.kind {
        // SAFETY: the caller's contract: the payload is the kind's.
        WASM_I32 => Val::I32(unsafe { v.of.i32 }),
        // SAFETY: as above.
        WASM_I64 => Val::I64(unsafe { v.of.i64 }),
        // SAFETY: as above.
        WASM_F32 => Val::F32(unsafe { v.of.f32 }.to_bits()),
        // SAFETY: as above.
        WASM_F64 => Val::F64(unsafe { v.of.f64 }.to_bits()),
        // SAFETY: the caller's contract.
        WASM_FUNCREF => match unsafe { borrow(v.of.ref_) } {
            None => Val::FuncRef(None),
            Some(wasm_ref_t {
                store: s,
                obj: Obj::Func(f),
            }) if *s == store => Val::FuncRef(Some(*f)),
            Some(_) => return None,
        },
        // SAFETY: the caller's contract.
        WASM_EXTERNREF => match unsafe { borrow(v.of.ref_) } {
            None => Val::ExternRef(None),
            Some(r) if r.store == store => Val::ExternRef(Some(data.extern_ref(r.obj)?)),
            Some(_) => return None,
        },
        _ => return None,
    })
}

/// `v` as a C value of store `store`; a non-null reference is a new
/// owned `wasm_ref_t` (an `externref` one to the object it was made from).
pub(crate) fn from_val(v: Val, store: *const wasm_store_t, data: &StoreData) -> wasm_val_t {
    let reference = |obj: Option<Obj>| wasm_val_union {
        ref_: obj.map_or(core::ptr::null_mut(), |obj| give(wasm_ref_t { store, obj })),
    };
    let (kind, of) = match v {
        Val::I32(i) => (WASM_I32, wasm_val_union { i32: i }),
        Val::I64(i) => (WASM_I64, wasm_val_union { i64: i }),
        Val::F32(b) => (
            WASM_F32,
            wasm_val_union {
                f32: f32::from_bits(b),
            },
        ),
        Val::F64(b) => (
            WASM_F64,
            wasm_val_union {
                f64: f64::from_bits(b),
            },
        ),
        Val::FuncRef(f) => (WASM_FUNCREF, reference(f.map(Obj::Func))),
        // Not reached: no `exnref` value gets to C (`wasm_module_new`
        // refuses modules with `exnref` in their imports or exports); the
        // kind is `kind_of`'s for it, which is no kind of wasm.h.
        Val::ExnRef(_) => (
            crate::types::kind_of(mote::ValType::EXNREF),
            reference(None),
        ),
        // Not reached either: no `v128` gets to C (the same check).
        Val::V128(_) => (crate::types::kind_of(mote::ValType::V128), reference(None)),
        Val::ExternRef(r) => (
            WASM_EXTERNREF,
            reference(r.and_then(|r| data.extern_obj(r))),
        ),
    };
    wasm_val_t { kind, of }
}

/// A copy of `v`, with its own copy of a reference.
///
/// # Safety
/// As [`to_val`].
unsafe fn copy_val(v: &wasm_val_t) -> wasm_val_t {
    let mut out = *v;
    if v.kind >= WASM_EXTERNREF {
        // SAFETY: the caller's contract: a reference kind holds a reference.
        if let Some(r) = unsafe { borrow(v.of.ref_) } {
            out.of.ref_ = give(r.clone());
        }
    }
    out
}

/// Releases what `v` owns (its reference).
///
/// # Safety
/// As [`to_val`], and a reference is owned.
unsafe fn delete_val(v: wasm_val_t) {
    if v.kind >= WASM_EXTERNREF {
        // SAFETY: the caller's contract.
        drop(unsafe { take(v.of.ref_) });
    }
}

declare_vec!(
    wasm_val_vec_t of wasm_val_t,
    wasm_val_vec_new_empty, wasm_val_vec_new_uninitialized, wasm_val_vec_new,
    wasm_val_vec_copy, wasm_val_vec_delete,
    blank: wasm_val_t::BLANK,
    // SAFETY: values in a vector of this library hold what their kinds say.
    clone: |v: &wasm_val_t| unsafe { copy_val(v) },
    // SAFETY: as above, and the vector owns its references.
    drop: |v: wasm_val_t| unsafe { delete_val(v) },
);

/// Releases the reference `v` owns, if any.
///
/// # Safety
/// `v` is null or a value whose reference (if any) is owned.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_val_delete(v: *mut wasm_val_t) {
    // SAFETY: the caller's contract.
    if let Some(v) = unsafe { v.as_mut() } {
        // SAFETY: the caller's contract.
        unsafe { delete_val(*v) };
        v.of.ref_ = core::ptr::null_mut();
    }
}

/// Copies `*src` to `*out`, with its own copy of a reference.
///
/// # Safety
/// `out` is null or writable; `src` is null or a valid value.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_val_copy(out: *mut wasm_val_t, src: *const wasm_val_t) {
    // SAFETY: the caller's contract.
    if let Some(v) = unsafe { borrow(src) } {
        // SAFETY: the caller's contract.
        unsafe { put(out, copy_val(v)) }
    }
}
