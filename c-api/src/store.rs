//! Configuration, engine and store.

use crate::object::Obj;
use crate::ptr::{borrow, give, take};
use crate::trap::wasm_trap_t;
use alloc::boxed::Box;
use alloc::vec::Vec;
use core::cell::{Cell, UnsafeCell};
use core::ffi::c_void;
use hashbrown::HashMap;
use mote::{Config, Engine, ExternRef, Store};

/// `wasm_config_t`: a Mote `Config` (set with `mote_config_*`).
pub struct wasm_config_t {
    pub(crate) config: Config,
}

/// `wasm_engine_t`.
pub struct wasm_engine_t {
    pub(crate) engine: Engine,
}

/// Host info attached to an object; its finalizer runs when it is dropped.
pub(crate) struct HostInfo {
    pub data: *mut c_void,
    pub finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
    /// When it was set: finalizers run in this order.
    pub seq: u64,
}

impl Drop for HostInfo {
    fn drop(&mut self) {
        if let Some(f) = self.finalizer {
            // SAFETY: the contract of `wasm_*_set_host_info_with_finalizer`:
            // the finalizer accepts the info, and runs once.
            unsafe { f(self.data) }
        }
    }
}

/// What a C store keeps besides the engine's entities.
pub(crate) struct StoreData {
    /// Traps returned by host callbacks, on their way out of the engine
    /// (which carries the index as its host trap code).
    pub host_traps: Vec<Option<Box<wasm_trap_t>>>,
    /// Host info of the store's objects, finalized with the store.
    pub host_info: HashMap<Obj, HostInfo>,
    /// The objects given to wasm as `externref`s: an `ExternRef`'s value
    /// is its index here.
    pub extern_refs: Vec<Obj>,
    pub extern_ids: HashMap<Obj, u32>,
    /// The number of the next foreign object.
    pub next_foreign: u32,
    /// The `seq` of the next host info.
    pub next_info: u64,
    /// The store's WASI context (empty until `mote_store_set_wasi`).
    #[cfg(feature = "wasi")]
    pub wasi: wasi_lite::std_backend::StdWasiCtx,
    #[cfg(feature = "wasi")]
    pub wasi_set: bool,
}

impl Drop for StoreData {
    /// Finalizes the host info in the order it was set (not the map's).
    fn drop(&mut self) {
        let mut infos: Vec<HostInfo> = self.host_info.drain().map(|(_, h)| h).collect();
        infos.sort_by_key(|h| h.seq);
        drop(infos);
    }
}

impl StoreData {
    /// Parks a host trap and returns its code for the engine.
    pub fn park_trap(&mut self, trap: Box<wasm_trap_t>) -> i32 {
        let slot = match self.host_traps.iter().position(Option::is_none) {
            Some(i) => i,
            None => {
                self.host_traps.push(None);
                self.host_traps.len() - 1
            }
        };
        self.host_traps[slot] = Some(trap);
        i32::try_from(slot).unwrap_or(i32::MAX)
    }
    /// The `externref` value standing for `obj` (the same every time);
    /// `None` once 2^32 objects were given.
    pub fn extern_ref(&mut self, obj: Obj) -> Option<ExternRef> {
        if let Some(&id) = self.extern_ids.get(&obj) {
            return Some(ExternRef::new(id));
        }
        let id = u32::try_from(self.extern_refs.len())
            .ok()
            .filter(|&i| i < u32::MAX)?;
        self.extern_refs.push(obj);
        self.extern_ids.insert(obj, id);
        Some(ExternRef::new(id))
    }
    /// The object an `externref` value stands for.
    pub fn extern_obj(&self, r: ExternRef) -> Option<Obj> {
        self.extern_refs.get(r.get() as usize).copied()
    }
    /// Takes back the trap parked under `code`.
    pub fn unpark_trap(&mut self, code: i32) -> Option<Box<wasm_trap_t>> {
        self.host_traps.get_mut(usize::try_from(code).ok()?)?.take()
    }
}

/// `wasm_store_t`: a Mote store.
///
/// Every object made from the store points back to it, so the store is
/// boxed and never moves. The engine's store sits in an `UnsafeCell`:
/// C reaches it through shared pointers. While a host callback runs, the
/// engine holds the store mutably borrowed; `current` then points to that
/// borrow (reborrowed from the callback's `Caller`), and C's calls back
/// into the store use it instead of the cell, so that every access nests
/// inside the engine's borrow.
pub struct wasm_store_t {
    store: UnsafeCell<Store<StoreData>>,
    current: Cell<*mut Store<StoreData>>,
}

impl wasm_store_t {
    /// The engine's store.
    ///
    /// # Safety
    /// No other reference to the store obtained from `get` is in use
    /// (true of the C API: one thread, and no call keeps one across a
    /// callback into C, whose re-entries go through `current`).
    #[allow(clippy::mut_from_ref)]
    pub(crate) unsafe fn get(&self) -> &mut Store<StoreData> {
        let p = self.current.get();
        let p = if p.is_null() { self.store.get() } else { p };
        // SAFETY: the caller's contract.
        unsafe { &mut *p }
    }

    /// Runs `f` (a callback into C) with `current` set to `store`, the
    /// engine's borrow of this store.
    pub(crate) fn reenter<R>(&self, store: &mut Store<StoreData>, f: impl FnOnce() -> R) -> R {
        let prev = self.current.replace(store);
        let r = f();
        self.current.set(prev);
        r
    }
}

/// A configuration with Mote's defaults.
///
/// # Safety
/// None.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_config_new() -> *mut wasm_config_t {
    give(wasm_config_t {
        config: Config::new(),
    })
}

/// # Safety
/// `c` is null or an owned configuration.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_config_delete(c: *mut wasm_config_t) {
    // SAFETY: the caller's contract.
    drop(unsafe { take(c) })
}

/// An engine with the default configuration.
///
/// # Safety
/// None.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_engine_new() -> *mut wasm_engine_t {
    give(wasm_engine_t {
        engine: Engine::default(),
    })
}

/// An engine with `config`, which it takes ownership of (null: defaults).
///
/// # Safety
/// `config` is null or an owned configuration.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_engine_new_with_config(
    config: *mut wasm_config_t,
) -> *mut wasm_engine_t {
    // SAFETY: the caller's contract.
    let config = unsafe { take(config) }
        .map(|c| c.config)
        .unwrap_or_default();
    give(wasm_engine_t {
        engine: Engine::new(&config),
    })
}

/// Stores keep their own reference to the engine's state, so the engine
/// may be deleted before them.
///
/// # Safety
/// `e` is null or an owned engine.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_engine_delete(e: *mut wasm_engine_t) {
    // SAFETY: the caller's contract.
    drop(unsafe { take(e) })
}

/// A store; null if `engine` is null.
///
/// # Safety
/// `engine` is null or a live engine.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_store_new(engine: *mut wasm_engine_t) -> *mut wasm_store_t {
    // SAFETY: the caller's contract.
    let Some(engine) = (unsafe { borrow(engine) }) else {
        return core::ptr::null_mut();
    };
    #[cfg(feature = "wasi")]
    let Ok(wasi) = wasi_lite::std_backend::WasiCtxBuilder::new().build() else {
        return core::ptr::null_mut();
    };
    let data = StoreData {
        host_traps: Vec::new(),
        host_info: HashMap::new(),
        extern_refs: Vec::new(),
        extern_ids: HashMap::new(),
        next_foreign: 0,
        next_info: 0,
        #[cfg(feature = "wasi")]
        wasi,
        #[cfg(feature = "wasi")]
        wasi_set: false,
    };
    give(wasm_store_t {
        store: UnsafeCell::new(Store::new(&engine.engine, data)),
        current: Cell::new(core::ptr::null_mut()),
    })
}

/// Deletes the store and everything in it; host functions' finalizers run.
///
/// # Safety
/// `s` is null or an owned store, and no object made from it (modules
/// excepted) is used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_store_delete(s: *mut wasm_store_t) {
    // SAFETY: the caller's contract.
    drop(unsafe { take(s) })
}
