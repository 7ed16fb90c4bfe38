//! Globals, tables and memories: their operations.

use crate::object::{Obj, wasm_global_t, wasm_memory_t, wasm_ref_t, wasm_table_t};
use crate::ptr::{borrow, borrow_mut, give, put};
use crate::store::{StoreData, wasm_store_t};
use crate::types::{wasm_globaltype_t, wasm_memorytype_t, wasm_tabletype_t};
use crate::val::{from_val, to_val, wasm_val_t};
use mote::{Global, Memory, Table, Val, ValType};

// ---- globals

/// A global of type `ty` holding `*val`; null if an argument is null or
/// the value does not fit the type.
///
/// # Safety
/// `store` is null or a live store; `ty` null or a live global type;
/// `val` null or a valid value.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_global_new(
    store: *mut wasm_store_t,
    ty: *const wasm_globaltype_t,
    val: *const wasm_val_t,
) -> *mut wasm_global_t {
    // SAFETY: the caller's contract.
    let (Some(s), Some(ty), Some(val)) =
        (unsafe { borrow(store) }, unsafe { borrow(ty) }, unsafe {
            borrow(val)
        })
    else {
        return core::ptr::null_mut();
    };
    // SAFETY: no other borrow of the store is in use.
    let st = unsafe { s.get() };
    // SAFETY: the caller's contract.
    let Some(v) = (unsafe { to_val(val, store, st.data_mut()) }) else {
        return core::ptr::null_mut();
    };
    match Global::new(st, ty.ty(), v) {
        Ok(g) => give(wasm_global_t::new(store, g)),
        Err(_) => core::ptr::null_mut(),
    }
}

/// # Safety
/// `g` is null or a live global.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_global_type(g: *const wasm_global_t) -> *mut wasm_globaltype_t {
    // SAFETY: the caller's contract.
    let Some(g) = (unsafe { borrow(g) }) else {
        return core::ptr::null_mut();
    };
    match g.handle() {
        // SAFETY: the global's store is live and not otherwise borrowed.
        Some(h) => give(wasm_globaltype_t::new(h.ty(&*unsafe { g.store().get() }))),
        None => core::ptr::null_mut(),
    }
}

/// Writes the global's value (owned) to `*out`.
///
/// # Safety
/// `g` is null or a live global; `out` null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_global_get(g: *const wasm_global_t, out: *mut wasm_val_t) {
    // SAFETY: the caller's contract.
    let Some(g) = (unsafe { borrow(g) }) else {
        return;
    };
    let Some(h) = g.handle() else { return };
    // SAFETY: the global's store is live and not otherwise borrowed.
    let st = unsafe { g.store().get() };
    let v = h.get(&*st);
    // SAFETY: the caller's contract.
    unsafe { put(out, from_val(v, g.r.store, st.data())) }
}

/// Sets a mutable global; does nothing for an immutable one or a value of
/// another type (wasm.h gives no way to report it).
///
/// # Safety
/// `g` is null or a live global; `val` null or a valid value.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_global_set(g: *mut wasm_global_t, val: *const wasm_val_t) {
    // SAFETY: the caller's contract.
    let (Some(g), Some(val)) = (unsafe { borrow(g) }, unsafe { borrow(val) }) else {
        return;
    };
    // SAFETY: the global's store is live and not otherwise borrowed.
    let st = unsafe { g.store().get() };
    // SAFETY: the caller's contract.
    let (Some(h), Some(v)) = (g.handle(), unsafe { to_val(val, g.r.store, st.data_mut()) }) else {
        return;
    };
    let _ = h.set(st, v);
}

// ---- tables

/// The table element value of a reference (null: the null of `elem`);
/// any object of the store can be an `externref`.
///
/// # Safety
/// `r` is null or a live reference.
unsafe fn ref_val(
    r: *const wasm_ref_t,
    elem: ValType,
    store: *const wasm_store_t,
    data: &mut StoreData,
) -> Option<Val> {
    // SAFETY: the caller's contract.
    match (unsafe { borrow(r) }, elem) {
        (None, ValType::FUNCREF) => Some(Val::FuncRef(None)),
        (None, ValType::EXTERNREF) => Some(Val::ExternRef(None)),
        (Some(r), _) if r.store != store => None,
        (Some(r), ValType::FUNCREF) => match r.obj {
            Obj::Func(f) => Some(Val::FuncRef(Some(f))),
            _ => None,
        },
        (Some(r), ValType::EXTERNREF) => Some(Val::ExternRef(Some(data.extern_ref(r.obj)?))),
        _ => None,
    }
}

/// A table of type `ty` with every element `init` (null: null references).
///
/// # Safety
/// `store` is null or a live store; `ty` null or a live table type; `init`
/// null or a live reference.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_table_new(
    store: *mut wasm_store_t,
    ty: *const wasm_tabletype_t,
    init: *mut wasm_ref_t,
) -> *mut wasm_table_t {
    // SAFETY: the caller's contract.
    let (Some(s), Some(ty)) = (unsafe { borrow(store) }, unsafe { borrow(ty) }) else {
        return core::ptr::null_mut();
    };
    let ty = ty.ty();
    // SAFETY: no other borrow of the store is in use.
    let st = unsafe { s.get() };
    // SAFETY: the caller's contract.
    let Some(init) = (unsafe { ref_val(init, ty.element(), store, st.data_mut()) }) else {
        return core::ptr::null_mut();
    };
    match Table::new(st, ty, init) {
        Ok(t) => give(wasm_table_t::new(store, t)),
        Err(_) => core::ptr::null_mut(),
    }
}

/// # Safety
/// `t` is null or a live table.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_table_type(t: *const wasm_table_t) -> *mut wasm_tabletype_t {
    // SAFETY: the caller's contract.
    let Some(t) = (unsafe { borrow(t) }) else {
        return core::ptr::null_mut();
    };
    match t.handle() {
        // SAFETY: the table's store is live and not otherwise borrowed.
        Some(h) => give(wasm_tabletype_t::new(h.ty(&*unsafe { t.store().get() }))),
        None => core::ptr::null_mut(),
    }
}

/// Element `index` as an owned reference; null for a null element or an
/// index out of range.
///
/// # Safety
/// `t` is null or a live table.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_table_get(t: *const wasm_table_t, index: u32) -> *mut wasm_ref_t {
    // SAFETY: the caller's contract.
    let Some(t) = (unsafe { borrow(t) }) else {
        return core::ptr::null_mut();
    };
    let Some(h) = t.handle() else {
        return core::ptr::null_mut();
    };
    // SAFETY: the table's store is live and not otherwise borrowed.
    let st = unsafe { t.store().get() };
    match h.get(&*st, u64::from(index)) {
        Some(Val::FuncRef(Some(f))) => give(wasm_ref_t {
            store: t.r.store,
            obj: Obj::Func(f),
        }),
        Some(Val::ExternRef(Some(r))) => match st.data().extern_obj(r) {
            Some(obj) => give(wasm_ref_t {
                store: t.r.store,
                obj,
            }),
            None => core::ptr::null_mut(),
        },
        _ => core::ptr::null_mut(),
    }
}

/// Sets element `index` to `r` (null: a null reference). False if the
/// index is out of range or `r` does not fit the table.
///
/// # Safety
/// `t` is null or a live table; `r` null or a live reference.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_table_set(
    t: *mut wasm_table_t,
    index: u32,
    r: *mut wasm_ref_t,
) -> bool {
    // SAFETY: the caller's contract.
    let Some(t) = (unsafe { borrow(t) }) else {
        return false;
    };
    let Some(h) = t.handle() else { return false };
    // SAFETY: the table's store is live and not otherwise borrowed.
    let s = unsafe { t.store().get() };
    // SAFETY: the caller's contract.
    let Some(v) = (unsafe { ref_val(r, h.ty(&*s).element(), t.r.store, s.data_mut()) }) else {
        return false;
    };
    h.set(s, u64::from(index), v).is_ok()
}

/// # Safety
/// `t` is null or a live table.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_table_size(t: *const wasm_table_t) -> u32 {
    // SAFETY: the caller's contract.
    let Some(t) = (unsafe { borrow(t) }) else {
        return 0;
    };
    let Some(h) = t.handle() else { return 0 };
    // SAFETY: the table's store is live and not otherwise borrowed.
    u32::try_from(h.size(&*unsafe { t.store().get() })).unwrap_or(u32::MAX)
}

/// Grows by `delta` elements set to `init`. False past the table's
/// maximum or the store's limits.
///
/// # Safety
/// `t` is null or a live table; `init` null or a live reference.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_table_grow(
    t: *mut wasm_table_t,
    delta: u32,
    init: *mut wasm_ref_t,
) -> bool {
    // SAFETY: the caller's contract.
    let Some(t) = (unsafe { borrow(t) }) else {
        return false;
    };
    let Some(h) = t.handle() else { return false };
    // SAFETY: the table's store is live and not otherwise borrowed.
    let s = unsafe { t.store().get() };
    // SAFETY: the caller's contract.
    let Some(v) = (unsafe { ref_val(init, h.ty(&*s).element(), t.r.store, s.data_mut()) }) else {
        return false;
    };
    h.grow(s, u64::from(delta), v).is_ok()
}

// ---- memories

/// A memory of type `ty`; null if an argument is null or a limit refuses it.
///
/// # Safety
/// `store` is null or a live store; `ty` null or a live memory type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_memory_new(
    store: *mut wasm_store_t,
    ty: *const wasm_memorytype_t,
) -> *mut wasm_memory_t {
    // SAFETY: the caller's contract.
    let (Some(s), Some(ty)) = (unsafe { borrow(store) }, unsafe { borrow(ty) }) else {
        return core::ptr::null_mut();
    };
    // SAFETY: no other borrow of the store is in use.
    match Memory::new(unsafe { s.get() }, ty.ty()) {
        Ok(m) => give(wasm_memory_t::new(store, m)),
        Err(_) => core::ptr::null_mut(),
    }
}

/// # Safety
/// `m` is null or a live memory.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_memory_type(m: *const wasm_memory_t) -> *mut wasm_memorytype_t {
    // SAFETY: the caller's contract.
    let Some(m) = (unsafe { borrow(m) }) else {
        return core::ptr::null_mut();
    };
    match m.handle() {
        // SAFETY: the memory's store is live and not otherwise borrowed.
        Some(h) => give(wasm_memorytype_t::new(h.ty(&*unsafe { m.store().get() }))),
        None => core::ptr::null_mut(),
    }
}

/// The memory's bytes. The pointer is valid until the memory grows (or
/// the store is deleted).
///
/// # Safety
/// `m` is null or a live memory.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_memory_data(m: *mut wasm_memory_t) -> *mut u8 {
    // SAFETY: the caller's contract.
    let Some(m) = (unsafe { borrow_mut(m) }) else {
        return core::ptr::null_mut();
    };
    let Some(h) = m.handle() else {
        return core::ptr::null_mut();
    };
    // SAFETY: the memory's store is live and not otherwise borrowed.
    h.data_mut(unsafe { m.store().get() }).as_mut_ptr()
}

/// The memory's size in bytes.
///
/// # Safety
/// `m` is null or a live memory.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_memory_data_size(m: *const wasm_memory_t) -> usize {
    // SAFETY: the caller's contract.
    let Some(m) = (unsafe { borrow(m) }) else {
        return 0;
    };
    let Some(h) = m.handle() else { return 0 };
    // SAFETY: the memory's store is live and not otherwise borrowed.
    h.data(unsafe { m.store().get() }).len()
}

/// The memory's size in pages.
///
/// # Safety
/// `m` is null or a live memory.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_memory_size(m: *const wasm_memory_t) -> u32 {
    // SAFETY: the caller's contract.
    let Some(m) = (unsafe { borrow(m) }) else {
        return 0;
    };
    let Some(h) = m.handle() else { return 0 };
    // SAFETY: the memory's store is live and not otherwise borrowed.
    u32::try_from(h.size(&*unsafe { m.store().get() })).unwrap_or(u32::MAX)
}

/// Grows by `delta` pages. False past the memory's maximum or the
/// engine's limits.
///
/// # Safety
/// `m` is null or a live memory.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_memory_grow(m: *mut wasm_memory_t, delta: u32) -> bool {
    // SAFETY: the caller's contract.
    let Some(m) = (unsafe { borrow(m) }) else {
        return false;
    };
    let Some(h) = m.handle() else { return false };
    // SAFETY: the memory's store is live and not otherwise borrowed.
    h.grow(unsafe { m.store().get() }, u64::from(delta)).is_ok()
}
