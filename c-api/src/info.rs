//! Host info of the objects that are not a store's: modules and traps.
//! Every copy of one (`wasm_module_copy`, `wasm_trap_copy`) is a
//! reference to the same object, so the copies share its info, whose
//! finalizer runs when the last of them is deleted; `wasm_trap_same` and
//! `wasm_module_same` compare that identity.

use crate::instance::wasm_module_t;
use crate::ptr::borrow;
use crate::store::HostInfo;
use crate::trap::wasm_trap_t;
use alloc::sync::Arc;
use core::cell::RefCell;
use core::ffi::c_void;

type Finalizer = Option<unsafe extern "C" fn(*mut c_void)>;

/// The host info of an object, shared by its copies.
#[derive(Clone, Default)]
pub(crate) struct SharedInfo(Arc<RefCell<Option<HostInfo>>>);

impl SharedInfo {
    fn get(&self) -> *mut c_void {
        self.0
            .borrow()
            .as_ref()
            .map_or(core::ptr::null_mut(), |h| h.data)
    }

    /// Replaces the info; the former one's finalizer runs (after the
    /// cell is released, so a finalizer may look at the object again).
    fn set(&self, data: *mut c_void, finalizer: Finalizer) {
        let new = HostInfo {
            data,
            finalizer,
            seq: 0,
        };
        let old = self.0.borrow_mut().replace(new);
        drop(old);
    }

    /// Whether both are the info of the same object.
    pub(crate) fn same(&self, other: &SharedInfo) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

macro_rules! host_info_fns {
    ($t:ty, $get:ident, $set:ident, $set_fin:ident) => {
        /// # Safety
        /// The object is null or live.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $get(o: *const $t) -> *mut c_void {
            // SAFETY: the caller's contract.
            unsafe { borrow(o) }.map_or(core::ptr::null_mut(), |o| o.info.get())
        }

        /// # Safety
        /// The object is null or live.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $set(o: *mut $t, info: *mut c_void) {
            // SAFETY: the caller's contract.
            if let Some(o) = unsafe { borrow(o) } {
                o.info.set(info, None)
            }
        }

        /// # Safety
        /// The object is null or live; `finalizer` accepts `info`.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $set_fin(o: *mut $t, info: *mut c_void, finalizer: Finalizer) {
            // SAFETY: the caller's contract.
            if let Some(o) = unsafe { borrow(o) } {
                o.info.set(info, finalizer)
            }
        }
    };
}

host_info_fns!(
    wasm_module_t,
    wasm_module_get_host_info,
    wasm_module_set_host_info,
    wasm_module_set_host_info_with_finalizer
);
host_info_fns!(
    wasm_trap_t,
    wasm_trap_get_host_info,
    wasm_trap_set_host_info,
    wasm_trap_set_host_info_with_finalizer
);

/// Whether `a` and `b` are the same trap (one a copy of the other).
///
/// # Safety
/// `a` and `b` are null or live traps.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_trap_same(a: *const wasm_trap_t, b: *const wasm_trap_t) -> bool {
    // SAFETY: the caller's contract.
    match unsafe { (borrow(a), borrow(b)) } {
        (Some(a), Some(b)) => a.info.same(&b.info),
        _ => false,
    }
}
