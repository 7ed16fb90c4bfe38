//! The vectors of wasm.h (`wasm_X_vec_t`): a size and an owned array,
//! with `new_empty`, `new_uninitialized`, `new`, `copy` and `delete`.
//! Arrays are allocated as `Box<[T]>` of exactly `size` elements, so that
//! `delete` can free them; a vector C built itself (`WASM_ARRAY_VEC`) must
//! not be passed to `delete`, as wasm.h says.

use alloc::boxed::Box;
use alloc::vec::Vec;

/// `(size, data)` of a new array holding `items`; null data when empty, as
/// wasm.h's `new_empty` gives.
pub(crate) fn into_raw<T>(items: Vec<T>) -> (usize, *mut T) {
    if items.is_empty() {
        return (0, core::ptr::null_mut());
    }
    let b: Box<[T]> = items.into_boxed_slice();
    let n = b.len();
    (n, Box::into_raw(b).cast::<T>())
}

/// Takes back an array made by [`into_raw`].
///
/// # Safety
/// `data` is null, or `(size, data)` came from [`into_raw`] and was not
/// taken back before.
pub(crate) unsafe fn from_raw<T>(size: usize, data: *mut T) -> Vec<T> {
    if data.is_null() || size == 0 {
        return Vec::new();
    }
    let raw = core::ptr::slice_from_raw_parts_mut(data, size);
    // SAFETY: the caller's contract: `raw` came from `Box::<[T]>::into_raw`.
    unsafe { Box::from_raw(raw) }.into_vec()
}

macro_rules! declare_vec {
    (
        $vec:ident of $elem:ty,
        $new_empty:ident, $new_uninit:ident, $new:ident, $copy:ident, $delete:ident,
        blank: $blank:expr, clone: $clone:expr, drop: $drop:expr $(,)?
    ) => {
        #[doc = concat!("`", stringify!($vec), "` of wasm.h.")]
        #[repr(C)]
        pub struct $vec {
            pub size: usize,
            pub data: *mut $elem,
        }

        impl $vec {
            /// A vector owning `items`.
            #[allow(dead_code)]
            pub(crate) fn from_vec(items: alloc::vec::Vec<$elem>) -> Self {
                let (size, data) = $crate::vec::into_raw(items);
                $vec { size, data }
            }
            /// The elements.
            ///
            /// # Safety
            /// The vector's `data` holds `size` live elements (or is null).
            #[allow(dead_code)]
            pub(crate) unsafe fn as_slice(&self) -> &[$elem] {
                // SAFETY: the caller's contract.
                unsafe { $crate::ptr::slice(self.data, self.size) }
            }
            /// The elements, writable.
            ///
            /// # Safety
            /// As `as_slice`.
            #[allow(dead_code)]
            pub(crate) unsafe fn as_mut_slice(&mut self) -> &mut [$elem] {
                // SAFETY: the caller's contract.
                unsafe { $crate::ptr::slice_mut(self.data, self.size) }
            }
        }

        #[doc = concat!("Makes `*out` an empty vector.\n\n# Safety\n`out` is null or writable.")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $new_empty(out: *mut $vec) {
            // SAFETY: the caller's contract.
            unsafe { $crate::ptr::put(out, $vec { size: 0, data: core::ptr::null_mut() }) }
        }

        #[doc = concat!("Makes `*out` a vector of `size` blank elements (zeros, nulls); an empty one if they cannot be allocated.\n\n# Safety\n`out` is null or writable.")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $new_uninit(out: *mut $vec, size: usize) {
            let mut items: alloc::vec::Vec<$elem> = alloc::vec::Vec::new();
            if items.try_reserve_exact(size).is_ok() {
                items.extend((0..size).map(|_| $blank));
            }
            // SAFETY: the caller's contract.
            unsafe { $crate::ptr::put(out, $vec::from_vec(items)) }
        }

        #[doc = concat!("Makes `*out` a vector of the `size` elements at `data`, taking ownership of what they own.\n\n# Safety\n`out` is null or writable; `data` holds `size` elements (or `size` is 0).")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $new(out: *mut $vec, size: usize, data: *const $elem) {
            // SAFETY: the caller's contract.
            let src = unsafe { $crate::ptr::slice(data, size) };
            // The elements are moved (bitwise) into the new array, so
            // ownership of what they own moves too.
            let items: alloc::vec::Vec<$elem> = src
                .iter()
                // SAFETY: `e` is a valid element; C gives up its copy.
                .map(|e| unsafe { core::ptr::read(e) })
                .collect();
            // SAFETY: the caller's contract.
            unsafe { $crate::ptr::put(out, $vec::from_vec(items)) }
        }

        #[doc = concat!("Makes `*out` a deep copy of `*src`.\n\n# Safety\n`out` is null or writable; `src` is null or a live vector.")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $copy(out: *mut $vec, src: *const $vec) {
            let clone = $clone;
            // SAFETY: the caller's contract.
            let items: alloc::vec::Vec<$elem> = match unsafe { src.as_ref() } {
                // SAFETY: a live vector holds `size` live elements.
                Some(v) => unsafe { v.as_slice() }.iter().map(|e| clone(e)).collect(),
                None => alloc::vec::Vec::new(),
            };
            // SAFETY: the caller's contract.
            unsafe { $crate::ptr::put(out, $vec::from_vec(items)) }
        }

        #[doc = concat!("Deletes the vector's elements and array, and empties it.\n\n# Safety\n`v` is null or a vector made by this library.")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $delete(v: *mut $vec) {
            // SAFETY: the caller's contract.
            let Some(v) = (unsafe { v.as_mut() }) else { return };
            // SAFETY: the vector's array was made by `into_raw`.
            let items = unsafe { $crate::vec::from_raw(v.size, v.data) };
            let drop_elem = $drop;
            for e in items {
                drop_elem(e);
            }
            v.size = 0;
            v.data = core::ptr::null_mut();
        }
    };
}
pub(crate) use declare_vec;

/// Vectors of owned object pointers: `wasm_X_vec_t` of `wasm_X_t*`.
macro_rules! declare_ptr_vec {
    ($vec:ident of $obj:ty, $new_empty:ident, $new_uninit:ident, $new:ident, $copy:ident, $delete:ident) => {
        $crate::vec::declare_vec!(
            $vec of *mut $obj, $new_empty, $new_uninit, $new, $copy, $delete,
            blank: core::ptr::null_mut(),
            // SAFETY: elements are null or live objects of this library.
            clone: |p: &*mut $obj| match unsafe { p.as_ref() } {
                Some(o) => $crate::ptr::give(<$obj as Clone>::clone(o)),
                None => core::ptr::null_mut(),
            },
            // SAFETY: elements are null or owned objects of this library.
            drop: |p: *mut $obj| drop(unsafe { $crate::ptr::take(p) }),
        );
    };
}
pub(crate) use declare_ptr_vec;

declare_vec!(
    wasm_byte_vec_t of u8,
    wasm_byte_vec_new_empty, wasm_byte_vec_new_uninitialized, wasm_byte_vec_new,
    wasm_byte_vec_copy, wasm_byte_vec_delete,
    blank: 0u8, clone: |b: &u8| *b, drop: |_: u8| {},
);

/// `wasm_name_t`: a byte vector.
pub type wasm_name_t = wasm_byte_vec_t;

impl wasm_byte_vec_t {
    /// The bytes as an owned vector (copied).
    ///
    /// # Safety
    /// As `as_slice`.
    pub(crate) unsafe fn to_vec(&self) -> Vec<u8> {
        // SAFETY: the caller's contract.
        unsafe { self.as_slice() }.to_vec()
    }
}

/// A name owned by a Rust object and lent to C as a `wasm_name_t`.
pub(crate) struct Name(pub wasm_name_t);

impl Name {
    pub fn new(s: &[u8]) -> Name {
        Name(wasm_name_t::from_vec(s.to_vec()))
    }
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: the vector was made by `from_vec` and is owned by `self`.
        unsafe { self.0.as_slice() }
    }
}

impl Clone for Name {
    fn clone(&self) -> Name {
        Name::new(self.bytes())
    }
}

impl Drop for Name {
    fn drop(&mut self) {
        // SAFETY: the vector was made by `from_vec` and is owned by `self`.
        drop(unsafe { from_raw(self.0.size, self.0.data) });
    }
}
