//! Storage for linear memories and tables that costs only what is used.
//!
//! A [`ZeroedVec`] is a vector whose spare capacity is always zero bytes:
//! it is allocated with `alloc_zeroed` and nothing is ever written past its
//! length. Growing within the capacity is therefore only a change of
//! length, and never touches the new elements. On hosts with virtual
//! memory, `alloc_zeroed` of a large block maps fresh pages that cost no
//! RAM until written (glibc's `calloc` takes them from `mmap` and skips
//! clearing them), so a memory may reserve its whole maximum up front and
//! grow for free: pages the guest never writes are never resident.
//!
//! This is the only module that touches the vector's spare capacity, which
//! is why the vector is private: any `Vec` method that writes past the
//! length (`push`, `resize`, `reserve`, which may reallocate without
//! zeroing) would break the invariant.

use alloc::vec::Vec;
use core::alloc::Layout;
use core::ops::{Deref, DerefMut};

/// Element types whose all-zero bit pattern is a valid value (zero).
///
/// # Safety
///
/// Implement only for types for which every byte being zero is a valid
/// value of the type.
pub(crate) unsafe trait Zeroable: Copy {}

// SAFETY: zero bytes are the integer 0.
unsafe impl Zeroable for u8 {}
// SAFETY: zero bytes are the integer 0.
unsafe impl Zeroable for u64 {}

/// A vector whose spare capacity is all zero bytes (see the module docs).
pub(crate) struct ZeroedVec<T: Zeroable> {
    vec: Vec<T>,
}

/// A zero-filled vector of `len` elements with room for `cap`, or `None`
/// if the allocator refuses.
fn alloc_zeroed<T: Zeroable>(len: usize, cap: usize) -> Option<Vec<T>> {
    debug_assert!(len <= cap);
    let layout = Layout::array::<T>(cap).ok()?;
    if layout.size() == 0 {
        return Some(Vec::new());
    }
    // SAFETY: `layout` has a non-zero size (checked above).
    let ptr = unsafe { alloc::alloc::alloc_zeroed(layout) }.cast::<T>();
    if ptr.is_null() {
        return None;
    }
    // SAFETY: `ptr` was allocated by the global allocator with the layout
    // of `[T; cap]` (what `Vec` deallocates with for capacity `cap`) and
    // the alignment of `T`; the first `len <= cap` elements are
    // initialized, as zero bytes, which are a valid `T` (`Zeroable`).
    Some(unsafe { Vec::from_raw_parts(ptr, len, cap) })
}

impl<T: Zeroable> ZeroedVec<T> {
    /// `len` zero elements. Room for up to `reserve` elements is asked for
    /// first (so later growth up to it is free); if the allocator refuses
    /// that, room for exactly `len`.
    pub fn new(len: usize, reserve: usize) -> Option<Self> {
        let vec = if reserve > len {
            alloc_zeroed(len, reserve).or_else(|| alloc_zeroed(len, len))?
        } else {
            alloc_zeroed(len, len)?
        };
        Some(ZeroedVec { vec })
    }

    /// Grows to `new_len` elements, the new ones zero. Within the capacity
    /// nothing is written; beyond it a new zeroed block of at least
    /// `new_len` and, if the allocator allows, up to `room` elements takes
    /// the contents. `None` if the allocator refuses (nothing changes).
    pub fn grow(&mut self, new_len: usize, room: usize) -> Option<()> {
        let len = self.vec.len();
        if new_len <= len {
            return Some(());
        }
        if new_len > self.vec.capacity() {
            // Doubling keeps repeated small grows linear in total.
            let want = new_len.max(self.vec.capacity().saturating_mul(2)).min(room);
            let mut bigger = match alloc_zeroed::<T>(len, want.max(new_len)) {
                Some(v) => v,
                None => alloc_zeroed(len, new_len)?,
            };
            bigger.copy_from_slice(&self.vec);
            self.vec = bigger;
        }
        // SAFETY: `new_len <= capacity`, and the elements from `len` to
        // `new_len` are initialized: they are spare capacity, which is
        // zero bytes (allocated by `alloc_zeroed`, never written since, as
        // only this module can reach past the length), a valid `T`.
        unsafe { self.vec.set_len(new_len) };
        Some(())
    }

    /// Elements the vector can hold without a new allocation.
    #[cfg(test)]
    pub fn capacity(&self) -> usize {
        self.vec.capacity()
    }
}

impl<T: Zeroable> Deref for ZeroedVec<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.vec
    }
}

impl<T: Zeroable> DerefMut for ZeroedVec<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.vec
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_within_the_reservation_without_moving() {
        let mut v = ZeroedVec::<u8>::new(4, 1 << 20).unwrap();
        assert_eq!(v.capacity(), 1 << 20);
        v[..4].copy_from_slice(b"abcd");
        let before = v.as_ptr();
        v.grow(1 << 20, 1 << 20).unwrap();
        assert_eq!(v.as_ptr(), before, "no copy");
        assert_eq!(&v[..4], b"abcd");
        assert!(v[4..].iter().all(|&b| b == 0));
    }

    #[test]
    fn grows_past_the_capacity_keeping_contents_and_zeroes() {
        let mut v = ZeroedVec::<u64>::new(2, 0).unwrap();
        v[1] = 7;
        v.grow(3, usize::MAX).unwrap();
        assert_eq!(&v[..], [0, 7, 0]);
        assert!(v.capacity() >= 4, "doubled");
        v[2] = 9;
        v.grow(4, usize::MAX).unwrap();
        assert_eq!(&v[..], [0, 7, 9, 0], "the spare slot was still zero");
    }

    #[test]
    fn refused_allocations_are_none() {
        assert!(ZeroedVec::<u64>::new(usize::MAX / 4, 0).is_none());
        let mut v = ZeroedVec::<u8>::new(1, 0).unwrap();
        assert!(v.grow(isize::MAX as usize + 1, usize::MAX).is_none());
        assert_eq!(v.len(), 1, "unchanged");
        // Asking for a reservation the allocator refuses falls back.
        let v = ZeroedVec::<u8>::new(16, isize::MAX as usize).unwrap();
        assert_eq!(v.len(), 16);
    }
}
