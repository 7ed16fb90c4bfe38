//! Externals: functions, globals, tables and memories as C objects, and
//! references to them.
//!
//! Each is a handle into its store plus a pointer to that store.
//! `wasm_func_t`, `wasm_global_t`, `wasm_table_t`, `wasm_memory_t` and
//! `wasm_ref_t` are `wasm_extern_t` viewed as one kind
//! (`#[repr(transparent)]`), so the `as_extern` and `as_ref` casts are free
//! and the checked casts back compare the kind.

use crate::ptr::{borrow, borrow_mut, give, put, take};
use crate::store::wasm_store_t;
use crate::types::{
    WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_MEMORY, WASM_EXTERN_TABLE, wasm_externtype_t,
    wasm_globaltype_t, wasm_memorytype_t, wasm_tabletype_t,
};
use crate::val::{from_val, to_val, wasm_val_t};
use crate::vec::declare_ptr_vec;
use mote::{Extern, ExternType, Global, Memory, Table, Val, ValType};

/// `wasm_extern_t`.
#[derive(Clone)]
pub struct wasm_extern_t {
    pub(crate) store: *const wasm_store_t,
    pub(crate) which: Extern,
}

impl wasm_extern_t {
    /// The extern's store.
    ///
    /// # Safety
    /// The store is live (the C API's contract: objects are deleted before
    /// their store).
    pub(crate) unsafe fn store(&self) -> &wasm_store_t {
        // SAFETY: the caller's contract; `store` is never null.
        unsafe { &*self.store }
    }
    /// The extern's type.
    ///
    /// # Safety
    /// As `store`, and as `wasm_store_t::get`.
    pub(crate) unsafe fn ty(&self) -> ExternType {
        // SAFETY: the caller's contract.
        let s = unsafe { self.store().get() };
        match self.which {
            Extern::Func(f) => ExternType::Func(f.ty(&*s)),
            Extern::Global(g) => ExternType::Global(g.ty(&*s)),
            Extern::Table(t) => ExternType::Table(t.ty(&*s)),
            Extern::Memory(m) => ExternType::Memory(m.ty(&*s)),
        }
    }
}

declare_ptr_vec!(wasm_extern_vec_t of wasm_extern_t,
    wasm_extern_vec_new_empty, wasm_extern_vec_new_uninitialized, wasm_extern_vec_new,
    wasm_extern_vec_copy, wasm_extern_vec_delete);

/// The common functions of every reference kind: delete, copy, same.
macro_rules! ref_base {
    ($t:ty, $delete:ident, $copy:ident, $same:ident) => {
        #[doc = "# Safety\n`p` is null or an owned object of this library."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $delete(p: *mut $t) {
            // SAFETY: the caller's contract.
            drop(unsafe { take(p) })
        }
        #[doc = "A new handle to the same object.\n\n# Safety\n`p` is null or a live object of this library."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $copy(p: *const $t) -> *mut $t {
            // SAFETY: the caller's contract.
            unsafe { borrow(p) }.map_or(core::ptr::null_mut(), |p| give(p.clone()))
        }
        #[doc = "Whether both name the same object.\n\n# Safety\n`a` and `b` are null or live objects of this library."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $same(a: *const $t, b: *const $t) -> bool {
            // SAFETY: the caller's contract.
            match unsafe { (borrow(a), borrow(b)) } {
                (Some(a), Some(b)) => a.clone().into_extern().which == b.clone().into_extern().which,
                _ => false,
            }
        }
    };
}

trait IntoExtern {
    fn into_extern(self) -> wasm_extern_t;
}
impl IntoExtern for wasm_extern_t {
    fn into_extern(self) -> wasm_extern_t {
        self
    }
}

ref_base!(
    wasm_extern_t,
    wasm_extern_delete,
    wasm_extern_copy,
    wasm_extern_same
);

/// A kind view of `wasm_extern_t`, with its casts.
macro_rules! kind_view {
    ($t:ident, $variant:ident, $handle:ty, $delete:ident, $copy:ident, $same:ident,
     $as_ext:ident, $as_ext_const:ident, $from_ext:ident, $from_ext_const:ident,
     $as_ref:ident, $as_ref_const:ident, $from_ref:ident, $from_ref_const:ident) => {
        #[doc = concat!("`", stringify!($t), "`: a `wasm_extern_t` of that kind.")]
        #[repr(transparent)]
        #[derive(Clone)]
        pub struct $t {
            pub(crate) ext: wasm_extern_t,
        }

        impl IntoExtern for $t {
            fn into_extern(self) -> wasm_extern_t {
                self.ext
            }
        }

        impl $t {
            pub(crate) fn new(store: *const wasm_store_t, h: $handle) -> Self {
                $t {
                    ext: wasm_extern_t {
                        store,
                        which: Extern::$variant(h),
                    },
                }
            }
            /// The engine's handle.
            pub(crate) fn handle(&self) -> Option<$handle> {
                match self.ext.which {
                    Extern::$variant(h) => Some(h),
                    _ => None,
                }
            }
        }

        ref_base!($t, $delete, $copy, $same);

        #[doc = "# Safety\n`p` is null or a live object of this library."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $as_ext(p: *mut $t) -> *mut wasm_extern_t {
            p.cast()
        }
        #[doc = "# Safety\n`p` is null or a live object of this library."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $as_ext_const(p: *const $t) -> *const wasm_extern_t {
            p.cast()
        }
        #[doc = "Null if `e` is null or of another kind.\n\n# Safety\n`e` is null or a live extern."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $from_ext(e: *mut wasm_extern_t) -> *mut $t {
            // SAFETY: the caller's contract.
            match unsafe { borrow(e) } {
                Some(x) if matches!(x.which, Extern::$variant(_)) => e.cast(),
                _ => core::ptr::null_mut(),
            }
        }
        #[doc = "Null if `e` is null or of another kind.\n\n# Safety\n`e` is null or a live extern."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $from_ext_const(e: *const wasm_extern_t) -> *const $t {
            // SAFETY: the caller's contract.
            unsafe { $from_ext(e.cast_mut()) }
        }
        #[doc = "# Safety\n`p` is null or a live object of this library."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $as_ref(p: *mut $t) -> *mut wasm_ref_t {
            p.cast()
        }
        #[doc = "# Safety\n`p` is null or a live object of this library."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $as_ref_const(p: *const $t) -> *const wasm_ref_t {
            p.cast()
        }
        #[doc = "Null if `r` is null or of another kind.\n\n# Safety\n`r` is null or a live reference."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $from_ref(r: *mut wasm_ref_t) -> *mut $t {
            // SAFETY: the caller's contract; a reference is an extern view.
            unsafe { $from_ext(r.cast()) }
        }
        #[doc = "Null if `r` is null or of another kind.\n\n# Safety\n`r` is null or a live reference."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $from_ref_const(r: *const wasm_ref_t) -> *const $t {
            // SAFETY: the caller's contract.
            unsafe { $from_ext(r.cast_mut().cast()) }
        }
    };
}

/// `wasm_ref_t`: a reference to a function, global, table or memory.
#[repr(transparent)]
#[derive(Clone)]
pub struct wasm_ref_t {
    pub(crate) ext: wasm_extern_t,
}
impl IntoExtern for wasm_ref_t {
    fn into_extern(self) -> wasm_extern_t {
        self.ext
    }
}
ref_base!(wasm_ref_t, wasm_ref_delete, wasm_ref_copy, wasm_ref_same);

kind_view!(
    wasm_func_t,
    Func,
    mote::Func,
    wasm_func_delete,
    wasm_func_copy,
    wasm_func_same,
    wasm_func_as_extern,
    wasm_func_as_extern_const,
    wasm_extern_as_func,
    wasm_extern_as_func_const,
    wasm_func_as_ref,
    wasm_func_as_ref_const,
    wasm_ref_as_func,
    wasm_ref_as_func_const
);
kind_view!(
    wasm_global_t,
    Global,
    Global,
    wasm_global_delete,
    wasm_global_copy,
    wasm_global_same,
    wasm_global_as_extern,
    wasm_global_as_extern_const,
    wasm_extern_as_global,
    wasm_extern_as_global_const,
    wasm_global_as_ref,
    wasm_global_as_ref_const,
    wasm_ref_as_global,
    wasm_ref_as_global_const
);
kind_view!(
    wasm_table_t,
    Table,
    Table,
    wasm_table_delete,
    wasm_table_copy,
    wasm_table_same,
    wasm_table_as_extern,
    wasm_table_as_extern_const,
    wasm_extern_as_table,
    wasm_extern_as_table_const,
    wasm_table_as_ref,
    wasm_table_as_ref_const,
    wasm_ref_as_table,
    wasm_ref_as_table_const
);
kind_view!(
    wasm_memory_t,
    Memory,
    Memory,
    wasm_memory_delete,
    wasm_memory_copy,
    wasm_memory_same,
    wasm_memory_as_extern,
    wasm_memory_as_extern_const,
    wasm_extern_as_memory,
    wasm_extern_as_memory_const,
    wasm_memory_as_ref,
    wasm_memory_as_ref_const,
    wasm_ref_as_memory,
    wasm_ref_as_memory_const
);

/// # Safety
/// `e` is a live extern.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_extern_kind(e: *const wasm_extern_t) -> u8 {
    // SAFETY: the caller's contract.
    match unsafe { borrow(e) }.map(|e| e.which) {
        Some(Extern::Global(_)) => WASM_EXTERN_GLOBAL,
        Some(Extern::Table(_)) => WASM_EXTERN_TABLE,
        Some(Extern::Memory(_)) => WASM_EXTERN_MEMORY,
        _ => WASM_EXTERN_FUNC,
    }
}

/// # Safety
/// `e` is null or a live extern.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_extern_type(e: *const wasm_extern_t) -> *mut wasm_externtype_t {
    // SAFETY: the caller's contract.
    match unsafe { borrow(e) } {
        // SAFETY: a live extern's store is live.
        Some(e) => give(wasm_externtype_t::new(&unsafe { e.ty() })),
        None => core::ptr::null_mut(),
    }
}

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
    // SAFETY: the caller's contract.
    let Some(v) = (unsafe { to_val(val, store) }) else {
        return core::ptr::null_mut();
    };
    // SAFETY: no other borrow of the store is in use.
    match Global::new(unsafe { s.get() }, ty.ty(), v) {
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
        Some(h) => give(wasm_globaltype_t::new(
            h.ty(&*unsafe { g.ext.store().get() }),
        )),
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
    let v = h.get(&*unsafe { g.ext.store().get() });
    // SAFETY: the caller's contract.
    unsafe { put(out, from_val(v, g.ext.store)) }
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
    // SAFETY: the caller's contract.
    let (Some(h), Some(v)) = (g.handle(), unsafe { to_val(val, g.ext.store) }) else {
        return;
    };
    // SAFETY: the global's store is live and not otherwise borrowed.
    let _ = h.set(unsafe { g.ext.store().get() }, v);
}

// ---- tables

/// The table element value of a reference (null: the null of `elem`).
///
/// # Safety
/// `r` is null or a live reference.
unsafe fn ref_val(r: *const wasm_ref_t, elem: ValType, store: *const wasm_store_t) -> Option<Val> {
    // SAFETY: the caller's contract.
    match (unsafe { borrow(r) }, elem) {
        (None, ValType::FuncRef) => Some(Val::FuncRef(None)),
        (None, ValType::ExternRef) => Some(Val::ExternRef(None)),
        (Some(r), ValType::FuncRef) if r.ext.store == store => {
            Some(Val::FuncRef(Some(r.ext.which.into_func()?)))
        }
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
    // SAFETY: the caller's contract.
    let Some(init) = (unsafe { ref_val(init, ty.element(), store) }) else {
        return core::ptr::null_mut();
    };
    // SAFETY: no other borrow of the store is in use.
    match Table::new(unsafe { s.get() }, ty, init) {
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
        Some(h) => give(wasm_tabletype_t::new(
            h.ty(&*unsafe { t.ext.store().get() }),
        )),
        None => core::ptr::null_mut(),
    }
}

/// Element `index` as an owned reference; null for a null element, an
/// index out of range, or an `externref` element.
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
    match h.get(&*unsafe { t.ext.store().get() }, u64::from(index)) {
        Some(Val::FuncRef(Some(f))) => give(wasm_ref_t {
            ext: wasm_extern_t {
                store: t.ext.store,
                which: Extern::Func(f),
            },
        }),
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
    let s = unsafe { t.ext.store().get() };
    // SAFETY: the caller's contract.
    let Some(v) = (unsafe { ref_val(r, h.ty(&*s).element(), t.ext.store) }) else {
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
    u32::try_from(h.size(&*unsafe { t.ext.store().get() })).unwrap_or(u32::MAX)
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
    let s = unsafe { t.ext.store().get() };
    // SAFETY: the caller's contract.
    let Some(v) = (unsafe { ref_val(init, h.ty(&*s).element(), t.ext.store) }) else {
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
        Some(h) => give(wasm_memorytype_t::new(
            h.ty(&*unsafe { m.ext.store().get() }),
        )),
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
    h.data_mut(unsafe { m.ext.store().get() }).as_mut_ptr()
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
    h.data(unsafe { m.ext.store().get() }).len()
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
    u32::try_from(h.size(&*unsafe { m.ext.store().get() })).unwrap_or(u32::MAX)
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
    h.grow(unsafe { m.ext.store().get() }, u64::from(delta))
        .is_ok()
}
