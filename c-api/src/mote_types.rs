//! `mote.h`: memory and table types beyond `wasm.h`'s 32-bit limits:
//! 64-bit memories and tables (memory64) and shared memories (threads).

use crate::ptr::{borrow, give};
use crate::types::{wasm_memorytype_t, wasm_tabletype_t};
use mote::MemoryType;

/// `mote.h`'s "no maximum".
const NO_MAX: u64 = u64::MAX;

/// A memory type with 64 KiB pages: `max` is `UINT64_MAX` for none,
/// `is_64` makes it a 64-bit memory, `shared` a shared one (which needs a
/// maximum: null without one, as for a maximum below the minimum).
#[unsafe(no_mangle)]
pub extern "C" fn mote_memorytype_new(
    min: u64,
    max: u64,
    is_64: bool,
    shared: bool,
) -> *mut wasm_memorytype_t {
    let max = (max != NO_MAX).then_some(max);
    if max.is_some_and(|m| m < min) || (shared && max.is_none()) {
        return core::ptr::null_mut();
    }
    let ty = if is_64 {
        MemoryType::new64(min, max)
    } else {
        match (u32::try_from(min), max.map(u32::try_from).transpose()) {
            (Ok(min), Ok(max)) => MemoryType::new(min, max),
            _ => return core::ptr::null_mut(),
        }
    };
    give(wasm_memorytype_t::new(ty.with_shared(shared)))
}

/// The memory type `t` describes; `None` for null.
///
/// # Safety
/// `t` is null or a live memory type.
unsafe fn memory(t: *const wasm_memorytype_t) -> Option<MemoryType> {
    // SAFETY: the caller's contract.
    unsafe { borrow(t) }.map(wasm_memorytype_t::ty)
}

/// Whether the memory is 64-bit (addressed by i64s).
///
/// # Safety
/// `t` is null or a live memory type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_memorytype_is_64(t: *const wasm_memorytype_t) -> bool {
    // SAFETY: the caller's contract.
    unsafe { memory(t) }.is_some_and(|t| t.is_64())
}

/// Whether the memory is shared.
///
/// # Safety
/// `t` is null or a live memory type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_memorytype_is_shared(t: *const wasm_memorytype_t) -> bool {
    // SAFETY: the caller's contract.
    unsafe { memory(t) }.is_some_and(|t| t.is_shared())
}

/// The minimum in pages, all 64 bits of it (0 for null).
///
/// # Safety
/// `t` is null or a live memory type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_memorytype_minimum(t: *const wasm_memorytype_t) -> u64 {
    // SAFETY: the caller's contract.
    unsafe { memory(t) }.map_or(0, |t| t.minimum())
}

/// The maximum in pages, or `UINT64_MAX` for none (or null).
///
/// # Safety
/// `t` is null or a live memory type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_memorytype_maximum(t: *const wasm_memorytype_t) -> u64 {
    // SAFETY: the caller's contract.
    unsafe { memory(t) }
        .and_then(|t| t.maximum())
        .unwrap_or(NO_MAX)
}

/// Whether the table is 64-bit (indexed by i64s).
///
/// # Safety
/// `t` is null or a live table type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_tabletype_is_64(t: *const wasm_tabletype_t) -> bool {
    // SAFETY: the caller's contract.
    unsafe { borrow(t) }.is_some_and(|t| t.ty().is_64())
}
