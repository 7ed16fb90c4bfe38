//! The objects of a store as C sees them: externs (functions, globals,
//! tables, memories), instances, foreign objects, and references to any
//! of them, with their host info.
//!
//! Each is a handle into its store plus a pointer to that store, in one
//! struct, `wasm_ref_t`'s layout: `wasm_extern_t`, `wasm_func_t`,
//! `wasm_global_t`, `wasm_table_t`, `wasm_memory_t`, `wasm_instance_t` and
//! `wasm_foreign_t` are views of it (`#[repr(transparent)]`), so the
//! `as_extern` and `as_ref` casts are free and the checked casts back
//! compare the kind.

use crate::ptr::{borrow, give, take};
use crate::store::{HostInfo, wasm_store_t};
use core::ffi::c_void;
use mote::{Extern, ExternType, Func, Global, Instance, Memory, Table};

/// What an object is: a handle into its store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Obj {
    Func(Func),
    Global(Global),
    Table(Table),
    Memory(Memory),
    Instance(Instance),
    /// A foreign object (`wasm_foreign_new`): a number of its store.
    Foreign(u32),
}

impl Obj {
    pub fn as_extern(self) -> Option<Extern> {
        Some(match self {
            Obj::Func(f) => Extern::Func(f),
            Obj::Global(g) => Extern::Global(g),
            Obj::Table(t) => Extern::Table(t),
            Obj::Memory(m) => Extern::Memory(m),
            Obj::Instance(_) | Obj::Foreign(_) => return None,
        })
    }
    /// The object of extern `e`; `None` for a tag, which wasm.h has no
    /// kind for (`wasm_module_new` refuses modules that import or export
    /// one).
    pub fn from_extern(e: Extern) -> Option<Obj> {
        Some(match e {
            Extern::Func(f) => Obj::Func(f),
            Extern::Global(g) => Obj::Global(g),
            Extern::Table(t) => Obj::Table(t),
            Extern::Memory(m) => Obj::Memory(m),
            Extern::Tag(_) => return None,
        })
    }
}

/// `wasm_ref_t`: a reference to any object of a store.
#[derive(Clone)]
pub struct wasm_ref_t {
    pub(crate) store: *const wasm_store_t,
    pub(crate) obj: Obj,
}

impl wasm_ref_t {
    /// The object's store.
    ///
    /// # Safety
    /// The store is live (the C API's contract: objects are deleted before
    /// their store).
    pub(crate) unsafe fn store(&self) -> &wasm_store_t {
        // SAFETY: the caller's contract; `store` is never null.
        unsafe { &*self.store }
    }
}

/// The functions every reference kind has: delete, copy, same, and host info.
macro_rules! ref_base {
    ($t:ty, $delete:ident, $copy:ident, $same:ident, $get_info:ident, $set_info:ident, $set_info_fin:ident) => {
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
            // SAFETY: the caller's contract (every kind is a view of `wasm_ref_t`).
            match unsafe { (borrow(a.cast::<wasm_ref_t>()), borrow(b.cast::<wasm_ref_t>())) } {
                (Some(a), Some(b)) => a.store == b.store && a.obj == b.obj,
                _ => false,
            }
        }
        #[doc = "The host info of the object (shared by every handle to it), or null.\n\n# Safety\n`p` is null or a live object of this library."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $get_info(p: *const $t) -> *mut c_void {
            // SAFETY: the caller's contract.
            unsafe { get_host_info(p.cast()) }
        }
        #[doc = "Sets the object's host info (the former one is finalized).\n\n# Safety\n`p` is null or a live object of this library."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $set_info(p: *mut $t, info: *mut c_void) {
            // SAFETY: the caller's contract.
            unsafe { set_host_info(p.cast(), info, None) }
        }
        #[doc = "Sets the object's host info and its finalizer, called with the info when the store is deleted or the info replaced.\n\n# Safety\n`p` is null or a live object of this library; `finalizer` accepts `info`."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $set_info_fin(
            p: *mut $t,
            info: *mut c_void,
            finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
        ) {
            // SAFETY: the caller's contract.
            unsafe { set_host_info(p.cast(), info, finalizer) }
        }
    };
}

/// # Safety
/// `r` is null or a live object.
unsafe fn get_host_info(r: *const wasm_ref_t) -> *mut c_void {
    // SAFETY: the caller's contract.
    let Some(r) = (unsafe { borrow(r) }) else {
        return core::ptr::null_mut();
    };
    // SAFETY: a live object's store is live, and not otherwise borrowed.
    let data = unsafe { r.store().get() }.data();
    data.host_info
        .get(&r.obj)
        .map_or(core::ptr::null_mut(), |h| h.data)
}

/// # Safety
/// `r` is null or a live object; `finalizer` accepts `info`.
unsafe fn set_host_info(
    r: *const wasm_ref_t,
    info: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
) {
    // SAFETY: the caller's contract.
    let Some(r) = (unsafe { borrow(r) }) else {
        return;
    };
    // SAFETY: a live object's store is live, and not otherwise borrowed.
    let data = unsafe { r.store().get() }.data_mut();
    let seq = data.next_info;
    data.next_info += 1;
    let old = data.host_info.insert(
        r.obj,
        HostInfo {
            data: info,
            finalizer,
            seq,
        },
    );
    // The former info's finalizer runs now, after the map is consistent.
    drop(old);
}

ref_base!(
    wasm_ref_t,
    wasm_ref_delete,
    wasm_ref_copy,
    wasm_ref_same,
    wasm_ref_get_host_info,
    wasm_ref_set_host_info,
    wasm_ref_set_host_info_with_finalizer
);

/// A view of `wasm_ref_t` holding one kind of object, with its casts.
macro_rules! view {
    ($t:ident, $is:pat, [$($base:ident),*], $as_ref:ident, $as_ref_const:ident, $from_ref:ident, $from_ref_const:ident) => {
        #[doc = concat!("`", stringify!($t), "`: a `wasm_ref_t` of that kind.")]
        #[repr(transparent)]
        #[derive(Clone)]
        pub struct $t {
            pub(crate) r: wasm_ref_t,
        }

        ref_base!($t, $($base),*);

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
            // SAFETY: the caller's contract.
            match unsafe { borrow(r) } {
                Some(x) if matches!(x.obj, $is) => r.cast(),
                _ => core::ptr::null_mut(),
            }
        }
        #[doc = "Null if `r` is null or of another kind.\n\n# Safety\n`r` is null or a live reference."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $from_ref_const(r: *const wasm_ref_t) -> *const $t {
            // SAFETY: the caller's contract.
            unsafe { $from_ref(r.cast_mut()) }
        }
    };
}

view!(
    wasm_extern_t,
    Obj::Func(_) | Obj::Global(_) | Obj::Table(_) | Obj::Memory(_),
    [
        wasm_extern_delete,
        wasm_extern_copy,
        wasm_extern_same,
        wasm_extern_get_host_info,
        wasm_extern_set_host_info,
        wasm_extern_set_host_info_with_finalizer
    ],
    wasm_extern_as_ref,
    wasm_extern_as_ref_const,
    wasm_ref_as_extern,
    wasm_ref_as_extern_const
);
view!(
    wasm_func_t,
    Obj::Func(_),
    [
        wasm_func_delete,
        wasm_func_copy,
        wasm_func_same,
        wasm_func_get_host_info,
        wasm_func_set_host_info,
        wasm_func_set_host_info_with_finalizer
    ],
    wasm_func_as_ref,
    wasm_func_as_ref_const,
    wasm_ref_as_func,
    wasm_ref_as_func_const
);
view!(
    wasm_global_t,
    Obj::Global(_),
    [
        wasm_global_delete,
        wasm_global_copy,
        wasm_global_same,
        wasm_global_get_host_info,
        wasm_global_set_host_info,
        wasm_global_set_host_info_with_finalizer
    ],
    wasm_global_as_ref,
    wasm_global_as_ref_const,
    wasm_ref_as_global,
    wasm_ref_as_global_const
);
view!(
    wasm_table_t,
    Obj::Table(_),
    [
        wasm_table_delete,
        wasm_table_copy,
        wasm_table_same,
        wasm_table_get_host_info,
        wasm_table_set_host_info,
        wasm_table_set_host_info_with_finalizer
    ],
    wasm_table_as_ref,
    wasm_table_as_ref_const,
    wasm_ref_as_table,
    wasm_ref_as_table_const
);
view!(
    wasm_memory_t,
    Obj::Memory(_),
    [
        wasm_memory_delete,
        wasm_memory_copy,
        wasm_memory_same,
        wasm_memory_get_host_info,
        wasm_memory_set_host_info,
        wasm_memory_set_host_info_with_finalizer
    ],
    wasm_memory_as_ref,
    wasm_memory_as_ref_const,
    wasm_ref_as_memory,
    wasm_ref_as_memory_const
);
view!(
    wasm_instance_t,
    Obj::Instance(_),
    [
        wasm_instance_delete,
        wasm_instance_copy,
        wasm_instance_same,
        wasm_instance_get_host_info,
        wasm_instance_set_host_info,
        wasm_instance_set_host_info_with_finalizer
    ],
    wasm_instance_as_ref,
    wasm_instance_as_ref_const,
    wasm_ref_as_instance,
    wasm_ref_as_instance_const
);
view!(
    wasm_foreign_t,
    Obj::Foreign(_),
    [
        wasm_foreign_delete,
        wasm_foreign_copy,
        wasm_foreign_same,
        wasm_foreign_get_host_info,
        wasm_foreign_set_host_info,
        wasm_foreign_set_host_info_with_finalizer
    ],
    wasm_foreign_as_ref,
    wasm_foreign_as_ref_const,
    wasm_ref_as_foreign,
    wasm_ref_as_foreign_const
);

/// The views of the four extern kinds: construction, the engine's
/// handle, and the casts to and from `wasm_extern_t`.
macro_rules! extern_kind {
    ($t:ident, $variant:ident, $handle:ty, $as_ext:ident, $as_ext_const:ident, $from_ext:ident, $from_ext_const:ident) => {
        impl $t {
            pub(crate) fn new(store: *const wasm_store_t, h: $handle) -> Self {
                $t {
                    r: wasm_ref_t {
                        store,
                        obj: Obj::$variant(h),
                    },
                }
            }
            /// The engine's handle.
            pub(crate) fn handle(&self) -> Option<$handle> {
                match self.r.obj {
                    Obj::$variant(h) => Some(h),
                    _ => None,
                }
            }
            /// The object's store.
            ///
            /// # Safety
            /// As `wasm_ref_t::store`.
            pub(crate) unsafe fn store(&self) -> &wasm_store_t {
                // SAFETY: the caller's contract.
                unsafe { self.r.store() }
            }
        }

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
                Some(x) if matches!(x.r.obj, Obj::$variant(_)) => e.cast(),
                _ => core::ptr::null_mut(),
            }
        }
        #[doc = "Null if `e` is null or of another kind.\n\n# Safety\n`e` is null or a live extern."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $from_ext_const(e: *const wasm_extern_t) -> *const $t {
            // SAFETY: the caller's contract.
            unsafe { $from_ext(e.cast_mut()) }
        }
    };
}

extern_kind!(
    wasm_func_t,
    Func,
    Func,
    wasm_func_as_extern,
    wasm_func_as_extern_const,
    wasm_extern_as_func,
    wasm_extern_as_func_const
);
extern_kind!(
    wasm_global_t,
    Global,
    Global,
    wasm_global_as_extern,
    wasm_global_as_extern_const,
    wasm_extern_as_global,
    wasm_extern_as_global_const
);
extern_kind!(
    wasm_table_t,
    Table,
    Table,
    wasm_table_as_extern,
    wasm_table_as_extern_const,
    wasm_extern_as_table,
    wasm_extern_as_table_const
);
extern_kind!(
    wasm_memory_t,
    Memory,
    Memory,
    wasm_memory_as_extern,
    wasm_memory_as_extern_const,
    wasm_extern_as_memory,
    wasm_extern_as_memory_const
);

impl wasm_extern_t {
    /// `None` for a tag (see `Obj::from_extern`).
    pub(crate) fn new(store: *const wasm_store_t, e: Extern) -> Option<Self> {
        Some(wasm_extern_t {
            r: wasm_ref_t {
                store,
                obj: Obj::from_extern(e)?,
            },
        })
    }
    /// The engine's extern (`None` only if the invariant of the view is broken).
    pub(crate) fn handle(&self) -> Option<Extern> {
        self.r.obj.as_extern()
    }
    /// The extern's type.
    ///
    /// # Safety
    /// The store is live and not otherwise borrowed.
    pub(crate) unsafe fn ty(&self) -> Option<ExternType> {
        // SAFETY: the caller's contract.
        let s = unsafe { self.r.store().get() };
        Some(match self.handle()? {
            Extern::Func(f) => ExternType::Func(f.ty(&*s)),
            Extern::Global(g) => ExternType::Global(g.ty(&*s)),
            Extern::Table(t) => ExternType::Table(t.ty(&*s)),
            Extern::Memory(m) => ExternType::Memory(m.ty(&*s)),
            Extern::Tag(_) => return None,
        })
    }
}

impl wasm_instance_t {
    pub(crate) fn new(store: *const wasm_store_t, i: Instance) -> Self {
        wasm_instance_t {
            r: wasm_ref_t {
                store,
                obj: Obj::Instance(i),
            },
        }
    }
    pub(crate) fn handle(&self) -> Option<Instance> {
        match self.r.obj {
            Obj::Instance(i) => Some(i),
            _ => None,
        }
    }
}

crate::vec::declare_ptr_vec!(wasm_extern_vec_t of wasm_extern_t,
    wasm_extern_vec_new_empty, wasm_extern_vec_new_uninitialized, wasm_extern_vec_new,
    wasm_extern_vec_copy, wasm_extern_vec_delete);

/// # Safety
/// `e` is a live extern.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_extern_kind(e: *const wasm_extern_t) -> u8 {
    use crate::types::{
        WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_MEMORY, WASM_EXTERN_TABLE,
    };
    // SAFETY: the caller's contract.
    match unsafe { borrow(e) }.map(|e| e.r.obj) {
        Some(Obj::Global(_)) => WASM_EXTERN_GLOBAL,
        Some(Obj::Table(_)) => WASM_EXTERN_TABLE,
        Some(Obj::Memory(_)) => WASM_EXTERN_MEMORY,
        _ => WASM_EXTERN_FUNC,
    }
}

/// # Safety
/// `e` is null or a live extern.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_extern_type(
    e: *const wasm_extern_t,
) -> *mut crate::types::wasm_externtype_t {
    // SAFETY: the caller's contract; a live extern's store is live.
    match unsafe { borrow(e) }.and_then(|e| unsafe { e.ty() }) {
        Some(t) => give(crate::types::wasm_externtype_t::new(&t)),
        None => core::ptr::null_mut(),
    }
}

/// A new foreign object of the store: a reference the host can give wasm
/// as an `externref` and attach host info to. Null if `store` is null.
///
/// # Safety
/// `store` is null or a live store, not running a call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_foreign_new(store: *mut wasm_store_t) -> *mut wasm_foreign_t {
    // SAFETY: the caller's contract.
    let Some(s) = (unsafe { borrow(store) }) else {
        return core::ptr::null_mut();
    };
    // SAFETY: the caller's contract: not otherwise borrowed.
    let data = unsafe { s.get() }.data_mut();
    let n = data.next_foreign;
    data.next_foreign = n.wrapping_add(1);
    give(wasm_foreign_t {
        r: wasm_ref_t {
            store,
            obj: Obj::Foreign(n),
        },
    })
}
