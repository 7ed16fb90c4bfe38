//! `mote.h`'s WASI: what a store's guest is granted, and the
//! `wasi_snapshot_preview1` imports of a module.

use crate::instance::wasm_module_t;
use crate::object::{wasm_extern_t, wasm_extern_vec_t};
use crate::ptr::{borrow, borrow_mut, give, take};
use crate::store::{StoreData, wasm_store_t};
use alloc::vec::Vec;
use core::ffi::{CStr, c_char};
use mote::Linker;
use wasi_lite::std_backend::{StdWasiCtx, WasiCtxBuilder};

/// `mote_wasi_config_t`: the grants of a guest. By default it gets
/// nothing: no arguments, variables or directories, empty stdin, and its
/// output is discarded.
pub struct mote_wasi_config_t {
    builder: Option<WasiCtxBuilder>,
}

impl mote_wasi_config_t {
    fn update(&mut self, f: impl FnOnce(WasiCtxBuilder) -> WasiCtxBuilder) {
        self.builder = self.builder.take().map(f);
    }
}

/// A UTF-8 C string; `None` for null or invalid UTF-8.
///
/// # Safety
/// `s` is null or a NUL-terminated string.
unsafe fn text<'a>(s: *const c_char) -> Option<&'a str> {
    if s.is_null() {
        return None;
    }
    // SAFETY: the caller's contract.
    unsafe { CStr::from_ptr(s) }.to_str().ok()
}

/// # Safety
/// None.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_wasi_config_new() -> *mut mote_wasi_config_t {
    give(mote_wasi_config_t {
        builder: Some(WasiCtxBuilder::new()),
    })
}

/// # Safety
/// `c` is null or an owned configuration.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_wasi_config_delete(c: *mut mote_wasi_config_t) {
    // SAFETY: the caller's contract.
    drop(unsafe { take(c) })
}

/// Appends an argument (the first is the program's name by convention).
/// False if an argument is null or not UTF-8.
///
/// # Safety
/// `c` is null or a live configuration; `arg` null or a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_wasi_config_arg(
    c: *mut mote_wasi_config_t,
    arg: *const c_char,
) -> bool {
    // SAFETY: the caller's contract.
    let (Some(c), Some(a)) = (unsafe { borrow_mut(c) }, unsafe { text(arg) }) else {
        return false;
    };
    c.update(|b| b.arg(a));
    true
}

/// Sets an environment variable. False if an argument is null or not UTF-8.
///
/// # Safety
/// `c` is null or a live configuration; `name`, `value` null or C strings.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_wasi_config_env(
    c: *mut mote_wasi_config_t,
    name: *const c_char,
    value: *const c_char,
) -> bool {
    // SAFETY: the caller's contract.
    let (Some(c), Some(n), Some(v)) = (unsafe { borrow_mut(c) }, unsafe { text(name) }, unsafe {
        text(value)
    }) else {
        return false;
    };
    c.update(|b| b.env(n, v));
    true
}

/// Grants the host directory `host_path` (and what is below it) to the
/// guest as `guest_path`. It is opened by `mote_store_set_wasi`. False if
/// an argument is null or not UTF-8.
///
/// # Safety
/// `c` is null or a live configuration; the paths null or C strings.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_wasi_config_preopen_dir(
    c: *mut mote_wasi_config_t,
    host_path: *const c_char,
    guest_path: *const c_char,
) -> bool {
    // SAFETY: the caller's contract.
    let (Some(c), Some(h), Some(g)) = (
        unsafe { borrow_mut(c) },
        unsafe { text(host_path) },
        unsafe { text(guest_path) },
    ) else {
        return false;
    };
    c.update(|b| b.preopen_dir(h, g));
    true
}

macro_rules! inherit {
    ($(#[$doc:meta])* $name:ident => $method:ident) => {
        $(#[$doc])*
        ///
        /// # Safety
        /// `c` is null or a live configuration.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $name(c: *mut mote_wasi_config_t) {
            // SAFETY: the caller's contract.
            if let Some(c) = unsafe { borrow_mut(c) } {
                c.update(|b| b.$method());
            }
        }
    };
}
inherit!(
    /// The guest reads the host's stdin.
    mote_wasi_config_inherit_stdin => inherit_stdin);
inherit!(
    /// The guest writes to the host's stdout.
    mote_wasi_config_inherit_stdout => inherit_stdout);
inherit!(
    /// The guest writes to the host's stderr.
    mote_wasi_config_inherit_stderr => inherit_stderr);
inherit!(
    /// All three of the above.
    mote_wasi_config_inherit_stdio => inherit_stdio);
inherit!(
    /// The guest gets every host environment variable (that is UTF-8).
    mote_wasi_config_inherit_env => inherit_env);

/// Gives the store's guests the grants of `config`, which it takes
/// ownership of. False (and the store keeps its former grants) if a
/// grant is refused: a directory that cannot be opened, a variable name
/// with `=`, a NUL in a string.
///
/// # Safety
/// `s` is null or a live store, not running a call; `config` null or an
/// owned configuration.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_store_set_wasi(
    s: *mut wasm_store_t,
    config: *mut mote_wasi_config_t,
) -> bool {
    // SAFETY: the caller's contract.
    let (s, c) = (unsafe { borrow(s) }, unsafe { take(config) });
    let (Some(s), Some(c)) = (s, c) else {
        return false;
    };
    let Some(Ok(ctx)) = c.builder.map(WasiCtxBuilder::build) else {
        return false;
    };
    // SAFETY: no other borrow of the store is in use.
    let data = unsafe { s.get() }.data_mut();
    data.wasi = ctx;
    data.wasi_set = true;
    true
}

fn wasi_of(d: &mut StoreData) -> &mut StdWasiCtx {
    &mut d.wasi
}

/// Makes `*imports` a vector with one entry per import of `module`, in
/// order: each `wasi_snapshot_preview1` function is defined over the
/// store's WASI grants (`mote_store_set_wasi`), every other entry is null
/// for the host to fill in before `wasm_instance_new`. The vector and its
/// externs are owned (`wasm_extern_vec_delete`). False, with an empty
/// vector, if the store has no WASI grants or the module imports a WASI
/// name that does not exist.
///
/// # Safety
/// `s` is null or a live store, not running a call; `module` null or a
/// live module; `imports` null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_wasi_imports(
    s: *mut wasm_store_t,
    module: *const wasm_module_t,
    imports: *mut wasm_extern_vec_t,
) -> bool {
    // SAFETY: the caller's contract.
    unsafe { crate::object::wasm_extern_vec_new_empty(imports) };
    // SAFETY: the caller's contract.
    let (Some(cs), Some(m)) = (unsafe { borrow(s) }, unsafe { borrow(module) }) else {
        return false;
    };
    // SAFETY: no other borrow of the store is in use.
    let store = unsafe { cs.get() };
    if !store.data().wasi_set {
        return false;
    }
    let mut linker = Linker::new(store.engine());
    if wasi_lite::add_to_linker(&mut linker, wasi_of).is_err() {
        return false;
    }
    let mut items: Vec<*mut wasm_extern_t> = Vec::new();
    let mut ok = true;
    for (module_name, name, _) in m.module.imports() {
        if module_name != wasi_lite::MODULE {
            items.push(core::ptr::null_mut());
            continue;
        }
        match linker.get(store, module_name, name) {
            Some(which) => match wasm_extern_t::new(s, which) {
                Some(e) => items.push(give(e)),
                None => ok = false,
            },
            None => ok = false,
        }
    }
    let mut v = wasm_extern_vec_t::from_vec(items);
    if !ok {
        // SAFETY: made just above.
        unsafe { crate::object::wasm_extern_vec_delete(&mut v) };
        return false;
    }
    // SAFETY: the caller's contract.
    unsafe { crate::ptr::put(imports, v) };
    true
}
