//! A module's debug information (`Config::debug_info`), for trap
//! backtraces: for each op of the code, its word offset and the wasm
//! offset it came from; and the functions' names.
//!
//! Both are kept as the image stores them, so that a module loaded in
//! place (`Module::from_static_image`) borrows them from flash like its
//! code: on a board they cost RAM otherwise (8 bytes per op and a string
//! per function: 12 KB for `hello`). Nothing trusts them: a corrupted
//! table can only misplace a backtrace's offsets or names.

use alloc::borrow::Cow;

/// `(word offset, wasm offset)` of each op, as little-endian `u32` pairs.
#[derive(Debug, Default)]
pub(crate) struct DebugOffsets(Cow<'static, [u8]>);

/// Bytes per entry: two `u32`s.
pub(crate) const ENTRY: usize = 8;

impl DebugOffsets {
    #[cfg_attr(not(feature = "image"), allow(dead_code))]
    /// The table an image holds; `bytes.len()` is a multiple of [`ENTRY`].
    pub(crate) fn from_bytes(bytes: Cow<'static, [u8]>) -> Self {
        debug_assert_eq!(bytes.len() % ENTRY, 0);
        DebugOffsets(bytes)
    }

    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    /// Appends a function's ops' offsets, `at[k]` with `offsets[k]`
    /// (translation emits them in code order).
    pub(crate) fn extend(&mut self, at: &[u32], offsets: &[u32]) {
        let v = self.0.to_mut();
        let start = v.len();
        v.resize(start + at.len().min(offsets.len()) * ENTRY, 0);
        for (e, (&a, &o)) in v[start..]
            .chunks_exact_mut(ENTRY)
            .zip(at.iter().zip(offsets))
        {
            e[..4].copy_from_slice(&a.to_le_bytes());
            e[4..].copy_from_slice(&o.to_le_bytes());
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len() / ENTRY
    }

    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    pub(crate) fn shrink_to_fit(&mut self) {
        if let Cow::Owned(v) = &mut self.0 {
            v.shrink_to_fit();
        }
    }

    /// Entry `k`; `k < len()`.
    fn get(&self, k: usize) -> (u32, u32) {
        let e = &self.0[k * ENTRY..(k + 1) * ENTRY];
        let at = u32::from_le_bytes([e[0], e[1], e[2], e[3]]);
        let offset = u32::from_le_bytes([e[4], e[5], e[6], e[7]]);
        (at, offset)
    }

    #[cfg_attr(not(feature = "image"), allow(dead_code))]
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        (0..self.len()).map(|k| self.get(k))
    }

    /// The wasm offset of the op `pc` lies in: the last op that starts at
    /// or before it (binary search; `None` if none does).
    pub(crate) fn wasm_offset(&self, pc: u32) -> Option<u32> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.get(mid).0 <= pc {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        Some(self.get(lo.checked_sub(1)?).1)
    }
}

/// Function names, as the image stores them: for each, its index, the
/// length of its name (little-endian `u32`s) and the name's UTF-8 bytes.
#[derive(Debug, Default)]
pub(crate) struct DebugNames {
    bytes: Cow<'static, [u8]>,
    count: usize,
}

impl DebugNames {
    /// `count` names an image holds in `bytes`, each checked to be in
    /// bounds and UTF-8 (see [`DebugNames::iter`]).
    #[cfg_attr(not(feature = "image"), allow(dead_code))]
    pub(crate) fn from_bytes(bytes: Cow<'static, [u8]>, count: usize) -> Self {
        DebugNames { bytes, count }
    }

    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    pub(crate) fn push(&mut self, index: u32, name: &str) {
        let v = self.bytes.to_mut();
        v.extend_from_slice(&index.to_le_bytes());
        v.extend_from_slice(&(name.len() as u32).to_le_bytes());
        v.extend_from_slice(name.as_bytes());
        self.count += 1;
    }

    #[cfg_attr(not(feature = "image"), allow(dead_code))]
    pub(crate) fn len(&self) -> usize {
        self.count
    }

    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    pub(crate) fn shrink_to_fit(&mut self) {
        if let Cow::Owned(v) = &mut self.bytes {
            v.shrink_to_fit();
        }
    }

    /// Each name with its function index, in order. Stops at the first
    /// entry that is not whole or not UTF-8 (an image's are checked when it
    /// is read, so none is).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, &str)> + '_ {
        let mut rest: &[u8] = &self.bytes;
        core::iter::from_fn(move || {
            let (head, tail) = rest.split_at_checked(8)?;
            let index = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
            let len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
            let (name, tail) = tail.split_at_checked(len)?;
            rest = tail;
            Some((index, core::str::from_utf8(name).ok()?))
        })
        .take(self.count)
    }

    /// The name of function `index`, if it has one.
    pub(crate) fn get(&self, index: u32) -> Option<&str> {
        self.iter().find(|&(i, _)| i == index).map(|(_, n)| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_op_a_pc_lies_in() {
        let mut t = DebugOffsets::default();
        assert_eq!(t.wasm_offset(0), None);
        t.extend(&[0, 3], &[10, 12]);
        t.extend(&[7], &[15]);
        assert_eq!(t.len(), 3);
        assert_eq!(t.wasm_offset(0), Some(10));
        assert_eq!(t.wasm_offset(2), Some(10));
        assert_eq!(t.wasm_offset(3), Some(12));
        assert_eq!(t.wasm_offset(100), Some(15));
        let copy = DebugOffsets::from_bytes(Cow::Owned(t.0.to_vec()));
        assert_eq!(
            copy.iter().collect::<alloc::vec::Vec<_>>(),
            [(0, 10), (3, 12), (7, 15)]
        );
        let mut late = DebugOffsets::default();
        late.extend(&[5], &[1]);
        assert_eq!(late.wasm_offset(4), None);
    }
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn names_by_index() {
        let mut n = DebugNames::default();
        n.push(2, "main");
        n.push(7, "");
        n.push(9, "é");
        assert_eq!(n.len(), 3);
        assert_eq!(n.get(2), Some("main"));
        assert_eq!(n.get(7), Some(""));
        assert_eq!(n.get(9), Some("é"));
        assert_eq!(n.get(3), None);
        // A cut table ends where its last whole entry does.
        let cut = DebugNames::from_bytes(Cow::Owned(n.bytes[..n.bytes.len() - 1].to_vec()), 3);
        assert_eq!(cut.iter().count(), 2);
    }
}
