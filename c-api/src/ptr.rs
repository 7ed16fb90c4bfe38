//! Where raw pointers from C become references and boxes, and back.

use alloc::boxed::Box;

/// The object behind `p`, or `None` for null.
///
/// # Safety
/// `p` is null or points to a live `T` that nothing mutates while the
/// reference is in use.
pub(crate) unsafe fn borrow<'a, T>(p: *const T) -> Option<&'a T> {
    // SAFETY: the caller's contract.
    unsafe { p.as_ref() }
}

/// The object behind `p`, writable, or `None` for null.
///
/// # Safety
/// `p` is null or points to a live `T` with no other reference to it in use.
pub(crate) unsafe fn borrow_mut<'a, T>(p: *mut T) -> Option<&'a mut T> {
    // SAFETY: the caller's contract.
    unsafe { p.as_mut() }
}

/// Moves `v` to the heap and hands ownership to C.
pub(crate) fn give<T>(v: T) -> *mut T {
    Box::into_raw(Box::new(v))
}

/// Takes back ownership of an object handed to C with [`give`]; `None`
/// for null.
///
/// # Safety
/// `p` is null or came from [`give`] with the same `T` and was not taken
/// back before.
pub(crate) unsafe fn take<T>(p: *mut T) -> Option<Box<T>> {
    if p.is_null() {
        None
    } else {
        // SAFETY: the caller's contract: `p` came from `Box::into_raw`.
        Some(unsafe { Box::from_raw(p) })
    }
}

/// The `len` elements at `data`; empty for a null `data` or zero `len`.
///
/// # Safety
/// Unless null or `len` is 0, `data` points to `len` initialized `T`s that
/// stay live and unmodified while the slice is in use.
pub(crate) unsafe fn slice<'a, T>(data: *const T, len: usize) -> &'a [T] {
    if data.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: the caller's contract.
        unsafe { core::slice::from_raw_parts(data, len) }
    }
}

/// Writable form of [`slice`].
///
/// # Safety
/// As [`slice`], and no other reference to the elements is in use.
pub(crate) unsafe fn slice_mut<'a, T>(data: *mut T, len: usize) -> &'a mut [T] {
    if data.is_null() || len == 0 {
        &mut []
    } else {
        // SAFETY: the caller's contract.
        unsafe { core::slice::from_raw_parts_mut(data, len) }
    }
}

/// Writes `v` to `*out` without reading or dropping what was there (C's
/// out-parameters are uninitialized). Does nothing for a null `out`.
///
/// # Safety
/// `out` is null or valid for a write of a `T`.
pub(crate) unsafe fn put<T>(out: *mut T, v: T) {
    if !out.is_null() {
        // SAFETY: the caller's contract.
        unsafe { out.write(v) }
    }
}

/// Marks a type that holds C pointers as usable from host closures, which
/// the engine requires to be `Send + Sync`. Sound because the C API uses
/// a store and everything made from it on one thread at a time (wasm.h's
/// rule), and the engine never moves a store's host functions to another
/// thread by itself.
pub(crate) struct AssertSend<T>(pub T);
// SAFETY: see the type's documentation.
unsafe impl<T> Send for AssertSend<T> {}
// SAFETY: see the type's documentation.
unsafe impl<T> Sync for AssertSend<T> {}
