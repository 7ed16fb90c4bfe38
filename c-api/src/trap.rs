//! Traps and their frames.

use crate::ptr::{borrow, give, put, take};
use crate::store::wasm_store_t;
use crate::vec::{declare_ptr_vec, wasm_byte_vec_t};
use alloc::string::ToString;
use alloc::vec::Vec;
use mote::{Error, FrameInfo, Trap};

/// `wasm_trap_t`: a message (NUL-terminated, as wasm.h's
/// `wasm_message_t`), the wasm frames it came through, innermost first,
/// and the engine's trap when it was the engine's.
#[derive(Clone)]
pub struct wasm_trap_t {
    pub(crate) message: Vec<u8>,
    pub(crate) frames: Vec<FrameInfo>,
    pub(crate) trap: Option<Trap>,
    /// Host info, shared with the trap's copies (`info.rs`).
    pub(crate) info: crate::info::SharedInfo,
}

/// `wasm_frame_t`: one wasm frame of a trap.
#[derive(Clone)]
pub struct wasm_frame_t {
    info: FrameInfo,
}

declare_ptr_vec!(wasm_frame_vec_t of wasm_frame_t,
    wasm_frame_vec_new_empty, wasm_frame_vec_new_uninitialized, wasm_frame_vec_new,
    wasm_frame_vec_copy, wasm_frame_vec_delete);

fn nul_terminated(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.last() != Some(&0) {
        bytes.push(0);
    }
    bytes
}

impl wasm_trap_t {
    pub(crate) fn message(msg: &str) -> wasm_trap_t {
        wasm_trap_t {
            message: nul_terminated(msg.as_bytes().to_vec()),
            frames: Vec::new(),
            trap: None,
            info: Default::default(),
        }
    }

    /// The trap for an engine error from a call or instantiation in
    /// `store`: a host callback's own trap if it was one, the engine's
    /// trap with its frames otherwise, or an error's message.
    ///
    /// # Safety
    /// As `wasm_store_t::get`.
    pub(crate) unsafe fn from_error(
        e: Error,
        store: &wasm_store_t,
    ) -> alloc::boxed::Box<wasm_trap_t> {
        // SAFETY: the caller's contract.
        let s = unsafe { store.get() };
        let frames = s.trap_backtrace();
        match e {
            Error::Trap(t) => {
                let parked = t.host_code().and_then(|c| s.data_mut().unpark_trap(c));
                let mut trap = parked.unwrap_or_else(|| {
                    alloc::boxed::Box::new(wasm_trap_t {
                        message: nul_terminated(t.to_string().into_bytes()),
                        frames: Vec::new(),
                        trap: Some(t),
                        info: Default::default(),
                    })
                });
                if trap.frames.is_empty() {
                    trap.frames = frames;
                }
                trap
            }
            e => alloc::boxed::Box::new(wasm_trap_t::message(&e.to_string())),
        }
    }
}

/// A trap with a copy of `message` (its bytes as given; a NUL is added if
/// missing). The store is not used: a callback may make a trap while the
/// store runs. Null if `message` is null.
///
/// # Safety
/// `message` is null or a valid byte vector.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_trap_new(
    _store: *mut wasm_store_t,
    message: *const wasm_byte_vec_t,
) -> *mut wasm_trap_t {
    // SAFETY: the caller's contract.
    match unsafe { borrow(message) } {
        Some(m) => give(wasm_trap_t {
            // SAFETY: a valid vector.
            message: nul_terminated(unsafe { m.to_vec() }),
            frames: Vec::new(),
            trap: None,
            info: Default::default(),
        }),
        None => core::ptr::null_mut(),
    }
}

/// Writes the trap's message, NUL included, to `*out` (owned).
///
/// # Safety
/// `t` is null or a live trap; `out` null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_trap_message(t: *const wasm_trap_t, out: *mut wasm_byte_vec_t) {
    // SAFETY: the caller's contract.
    let msg = unsafe { borrow(t) }
        .map(|t| t.message.clone())
        .unwrap_or_default();
    // SAFETY: the caller's contract.
    unsafe { put(out, wasm_byte_vec_t::from_vec(msg)) }
}

/// The innermost wasm frame, or null if the trap has none (a trap made by
/// `wasm_trap_new`, or one with no wasm code on the stack).
///
/// # Safety
/// `t` is null or a live trap.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_trap_origin(t: *const wasm_trap_t) -> *mut wasm_frame_t {
    // SAFETY: the caller's contract.
    match unsafe { borrow(t) }.and_then(|t| t.frames.first()) {
        Some(f) => give(wasm_frame_t { info: f.clone() }),
        None => core::ptr::null_mut(),
    }
}

/// The wasm frames, innermost first.
///
/// # Safety
/// `t` is null or a live trap; `out` null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_trap_trace(t: *const wasm_trap_t, out: *mut wasm_frame_vec_t) {
    // SAFETY: the caller's contract.
    let frames: Vec<*mut wasm_frame_t> = unsafe { borrow(t) }
        .map(|t| {
            t.frames
                .iter()
                .map(|f| give(wasm_frame_t { info: f.clone() }))
                .collect()
        })
        .unwrap_or_default();
    // SAFETY: the caller's contract.
    unsafe { put(out, wasm_frame_vec_t::from_vec(frames)) }
}

/// # Safety
/// `t` is null or an owned trap.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_trap_delete(t: *mut wasm_trap_t) {
    // SAFETY: the caller's contract.
    drop(unsafe { take(t) })
}

/// # Safety
/// `t` is null or a live trap.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_trap_copy(t: *const wasm_trap_t) -> *mut wasm_trap_t {
    // SAFETY: the caller's contract.
    unsafe { borrow(t) }.map_or(core::ptr::null_mut(), |t| give(t.clone()))
}

/// # Safety
/// `f` is null or an owned frame.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_frame_delete(f: *mut wasm_frame_t) {
    // SAFETY: the caller's contract.
    drop(unsafe { take(f) })
}

/// # Safety
/// `f` is null or a live frame.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_frame_copy(f: *const wasm_frame_t) -> *mut wasm_frame_t {
    // SAFETY: the caller's contract.
    unsafe { borrow(f) }.map_or(core::ptr::null_mut(), |f| give(f.clone()))
}

/// Always null: Mote's frames do not keep their instance's C object.
///
/// # Safety
/// None.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_frame_instance(
    _f: *const wasm_frame_t,
) -> *mut crate::object::wasm_instance_t {
    core::ptr::null_mut()
}

/// The function's index in its module's function index space.
///
/// # Safety
/// `f` is null or a live frame.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_frame_func_index(f: *const wasm_frame_t) -> u32 {
    // SAFETY: the caller's contract.
    unsafe { borrow(f) }.map_or(0, |f| f.info.func_index)
}

/// Always 0: Mote does not record where a function's body starts in a
/// frame (its module offset is that of the instruction with
/// `mote_config_debug_info`, of the body otherwise).
///
/// # Safety
/// None.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_frame_func_offset(_f: *const wasm_frame_t) -> usize {
    0
}

/// The byte offset in the module of the frame's instruction (with
/// `mote_config_debug_info`) or of its function body.
///
/// # Safety
/// `f` is null or a live frame.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_frame_module_offset(f: *const wasm_frame_t) -> usize {
    // SAFETY: the caller's contract.
    unsafe { borrow(f) }.map_or(0, |f| f.info.module_offset as usize)
}
