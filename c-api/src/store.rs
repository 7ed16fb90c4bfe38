//! Configuration, engine and store.

use crate::ptr::{borrow, give, take};
use crate::trap::wasm_trap_t;
use alloc::boxed::Box;
use alloc::vec::Vec;
use core::cell::{Cell, UnsafeCell};
use mote::{Config, Engine, Store};

/// `wasm_config_t`: a Mote `Config` (set with `mote_config_*`).
pub struct wasm_config_t {
    pub(crate) config: Config,
}

/// `wasm_engine_t`.
pub struct wasm_engine_t {
    pub(crate) engine: Engine,
}

/// What a C store keeps besides the engine's entities.
pub(crate) struct StoreData {
    /// Traps returned by host callbacks, on their way out of the engine
    /// (which carries the index as its host trap code).
    pub host_traps: Vec<Option<Box<wasm_trap_t>>>,
    /// The store's WASI context (empty until `mote_store_set_wasi`).
    #[cfg(feature = "wasi")]
    pub wasi: wasi_lite::std_backend::StdWasiCtx,
    #[cfg(feature = "wasi")]
    pub wasi_set: bool,
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
