//! `mote.h`: configuration limits, fuel, resumable calls, trap codes and
//! module signatures.

use crate::func::{prepare, write_results};
use crate::object::wasm_func_t;
use crate::ptr::{borrow, borrow_mut, give, put, take};
use crate::store::{wasm_config_t, wasm_store_t};
use crate::trap::wasm_trap_t;
use crate::val::wasm_val_vec_t;
use alloc::boxed::Box;
use alloc::vec::Vec;
use mote::{ResumableCall, ResumableInvocation, Val};

macro_rules! config_setter {
    ($(#[$doc:meta])* $name:ident($arg:ident: $t:ty) => $method:ident) => {
        $(#[$doc])*
        ///
        /// # Safety
        /// `c` is null or a live configuration.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $name(c: *mut wasm_config_t, $arg: $t) {
            // SAFETY: the caller's contract.
            if let Some(c) = unsafe { borrow_mut(c) } {
                c.config.$method($arg);
            }
        }
    };
}

config_setter!(
    /// Whether execution consumes fuel (`mote_store_set_fuel`). Off by default.
    mote_config_consume_fuel(on: bool) => consume_fuel);
config_setter!(
    /// Whether modules keep names and instruction offsets for trap frames.
    /// Costs 4 bytes per internal instruction. Off by default.
    mote_config_debug_info(on: bool) => debug_info);
config_setter!(
    /// The largest any memory may grow, in 64 KiB pages.
    mote_config_max_memory_pages(pages: u32) => max_memory_pages);
config_setter!(
    /// The most bytes a store's memories and tables may hold together
    /// (a table element counts 8 bytes).
    mote_config_max_store_bytes(bytes: u64) => max_store_bytes);
config_setter!(
    /// The most elements any table may have.
    mote_config_max_table_elements(elements: u32) => max_table_elements);
config_setter!(
    /// The deepest nesting of wasm calls.
    mote_config_max_call_depth(depth: u32) => max_call_depth);
config_setter!(
    /// The most 64-bit value slots (locals and operands) of one execution.
    mote_config_max_stack_slots(slots: u32) => max_stack_slots);

/// Sets the store's fuel (counted only with `mote_config_consume_fuel`).
/// False if `s` is null.
///
/// # Safety
/// `s` is null or a live store, not running a call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_store_set_fuel(s: *mut wasm_store_t, fuel: u64) -> bool {
    // SAFETY: the caller's contract.
    match unsafe { borrow(s) } {
        // SAFETY: no other borrow of the store is in use.
        Some(s) => unsafe { s.get() }.set_fuel(fuel).is_ok(),
        None => false,
    }
}

/// Writes the store's remaining fuel to `*fuel`. False if `s` is null.
///
/// # Safety
/// `s` is null or a live store; `fuel` null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_store_get_fuel(s: *const wasm_store_t, fuel: *mut u64) -> bool {
    // SAFETY: the caller's contract.
    let Some(s) = (unsafe { borrow(s) }) else {
        return false;
    };
    // SAFETY: no other borrow of the store is in use.
    match unsafe { s.get() }.get_fuel() {
        Ok(f) => {
            // SAFETY: the caller's contract.
            unsafe { put(fuel, f) };
            true
        }
        Err(_) => false,
    }
}

/// `mote_call_t`: a call stopped because its fuel ran out.
pub struct mote_call_t {
    store: *const wasm_store_t,
    invocation: Option<ResumableInvocation>,
    results: Vec<Val>,
}

/// Like `wasm_func_call`, but when fuel runs out the call stops instead of
/// trapping: it returns null with `*call` set to an owned `mote_call_t`
/// to resume with `mote_call_resume` once the store has fuel again (the
/// results are not written yet). Otherwise `*call` is set to null and the
/// outcome is `wasm_func_call`'s.
///
/// # Safety
/// As `wasm_func_call`; `call` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_func_call_resumable(
    f: *const wasm_func_t,
    args: *const wasm_val_vec_t,
    results: *mut wasm_val_vec_t,
    call: *mut *mut mote_call_t,
) -> *mut wasm_trap_t {
    // SAFETY: the caller's contract.
    unsafe { put(call, core::ptr::null_mut()) };
    // SAFETY: the caller's contract.
    let mut p = match unsafe { prepare(f, args) } {
        Ok(p) => p,
        Err(t) => return Box::into_raw(t),
    };
    // SAFETY: no other borrow of the store is in use.
    let r = p
        .func
        .call_resumable(unsafe { p.store.get() }, &p.params, &mut p.results);
    // SAFETY: the caller's contract.
    unsafe { finish(r, p.store_ptr, p.results, results, call) }
}

/// Turns the outcome of a resumable call or resumption into C's.
///
/// # Safety
/// `store` is live and not otherwise borrowed; `out` as `wasm_func_call`'s
/// `results`; `call` null or writable.
unsafe fn finish(
    r: Result<ResumableCall, mote::Error>,
    store: *const wasm_store_t,
    results: Vec<Val>,
    out: *mut wasm_val_vec_t,
    call: *mut *mut mote_call_t,
) -> *mut wasm_trap_t {
    match r {
        Ok(ResumableCall::Finished) => {
            // SAFETY: the caller's contract: `store` is live and not
            // otherwise borrowed.
            match unsafe { write_results(out, &results, store, (*store).get().data()) } {
                Ok(()) => core::ptr::null_mut(),
                Err(t) => Box::into_raw(t),
            }
        }
        Ok(ResumableCall::OutOfFuel(inv)) => {
            let c = give(mote_call_t {
                store,
                invocation: Some(inv),
                results,
            });
            // SAFETY: the caller's contract.
            unsafe { put(call, c) };
            core::ptr::null_mut()
        }
        // SAFETY: the caller's contract.
        Err(e) => Box::into_raw(unsafe { wasm_trap_t::from_error(e, &*store) }),
    }
}

/// Resumes a call stopped for lack of fuel. Returns null and sets
/// `*finished` to true when it returned (results written to `results`),
/// null with `*finished` false when fuel ran out again (resume it again
/// later), or an owned trap (`*finished` true). A finished call can only
/// be deleted.
///
/// # Safety
/// `c` is null or a live call whose store is live and not running a call;
/// `results` as `wasm_func_call`'s; `finished` null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_call_resume(
    c: *mut mote_call_t,
    results: *mut wasm_val_vec_t,
    finished: *mut bool,
) -> *mut wasm_trap_t {
    // SAFETY: the caller's contract.
    unsafe { put(finished, true) };
    // SAFETY: the caller's contract.
    let Some(c) = (unsafe { borrow_mut(c) }) else {
        return Box::into_raw(Box::new(wasm_trap_t::message("null call")));
    };
    let Some(inv) = c.invocation.take() else {
        return Box::into_raw(Box::new(wasm_trap_t::message("the call has finished")));
    };
    // SAFETY: the caller's contract: the store is live and not borrowed.
    let store = unsafe { &*c.store };
    // SAFETY: as above.
    let r = inv.resume(unsafe { store.get() }, &mut c.results);
    let mut again: *mut mote_call_t = core::ptr::null_mut();
    let results_now = core::mem::take(&mut c.results);
    // SAFETY: the caller's contract.
    let trap = unsafe { finish(r, c.store, results_now, results, &mut again) };
    // SAFETY: `again` is null or was just made by `finish`.
    if let Some(mut a) = unsafe { take(again) } {
        c.invocation = a.invocation.take();
        c.results = core::mem::take(&mut a.results);
        // SAFETY: the caller's contract.
        unsafe { put(finished, false) };
    }
    trap
}

/// # Safety
/// `c` is null or an owned call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_call_delete(c: *mut mote_call_t) {
    // SAFETY: the caller's contract.
    drop(unsafe { take(c) })
}

/// The engine's trap code (`mote_trap_code_t`), or 0 (`MOTE_TRAP_NONE`)
/// for a trap a host made (`wasm_trap_new`) or one that reports an
/// instantiation error.
///
/// # Safety
/// `t` is null or a live trap.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_trap_code(t: *const wasm_trap_t) -> u8 {
    // SAFETY: the caller's contract.
    unsafe { borrow(t) }
        .and_then(|t| t.trap)
        .map_or(0, |t| t.code() as u8)
}

/// If the trap is a WASI `proc_exit`, writes its status to `*status` and
/// returns true.
///
/// # Safety
/// `t` is null or a live trap; `status` null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_trap_exit_status(t: *const wasm_trap_t, status: *mut i32) -> bool {
    // SAFETY: the caller's contract.
    match unsafe { borrow(t) }.and_then(|t| t.trap?.exit_code()) {
        Some(code) => {
            // SAFETY: the caller's contract.
            unsafe { put(status, code) };
            true
        }
        None => false,
    }
}

/// Whether the module bytes `wasm` carry an Ed25519 signature by
/// `public_key` (33 bytes: `0x01` then the key, as `mote keygen` and
/// wasmsign2 write it) over all of the module, in the WebAssembly
/// tool-conventions format (crate `mote-sign`). False for a null or
/// malformed argument.
///
/// # Safety
/// `wasm` is null or a live byte vector; `public_key` null or 33 readable
/// bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_module_verify_signature(
    wasm: *const crate::vec::wasm_byte_vec_t,
    public_key: *const u8,
) -> bool {
    // SAFETY: the caller's contract.
    let Some(wasm) = (unsafe { borrow(wasm) }) else {
        return false;
    };
    // SAFETY: the caller's contract: 33 bytes, or null (an empty slice).
    let key = unsafe { crate::ptr::slice(public_key, 33) };
    let Ok(key) = mote_sign::PublicKey::from_bytes(key) else {
        return false;
    };
    // SAFETY: the caller's contract.
    mote_sign::verify(unsafe { wasm.as_slice() }, &key).is_ok()
}
