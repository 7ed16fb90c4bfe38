//! Checked access to the guest's linear memory.
//!
//! Every pointer and length the guest passes goes through here: a range
//! that does not lie wholly inside memory is `EFAULT`, never a panic.
//! Values are little-endian; alignment is not required.

use crate::abi::IOVEC_SIZE;
use crate::errno::Errno;
use core::ops::Range;

/// The guest's memory during one host call.
pub(crate) struct GuestMem<'a> {
    bytes: &'a mut [u8],
}

impl<'a> GuestMem<'a> {
    pub fn new(bytes: &'a mut [u8]) -> Self {
        GuestMem { bytes }
    }

    /// The byte range `ptr..ptr + len`, if it lies inside memory.
    pub fn range(&self, ptr: u32, len: u32) -> Result<Range<usize>, Errno> {
        let start = ptr as usize;
        let end = start.checked_add(len as usize).ok_or(Errno::Fault)?;
        if end > self.bytes.len() {
            return Err(Errno::Fault);
        }
        Ok(start..end)
    }

    /// The range of `count` records of `size` bytes at `ptr`.
    pub fn array(&self, ptr: u32, count: u32, size: u32) -> Result<Range<usize>, Errno> {
        let len = count.checked_mul(size).ok_or(Errno::Fault)?;
        self.range(ptr, len)
    }

    /// Fails with `EFAULT` unless `ptr..ptr + len` is inside memory.
    pub fn check(&self, ptr: u32, len: u32) -> Result<(), Errno> {
        self.range(ptr, len).map(drop)
    }

    pub fn slice(&self, ptr: u32, len: u32) -> Result<&[u8], Errno> {
        let r = self.range(ptr, len)?;
        self.bytes.get(r).ok_or(Errno::Fault)
    }

    pub fn slice_mut(&mut self, ptr: u32, len: u32) -> Result<&mut [u8], Errno> {
        let r = self.range(ptr, len)?;
        self.bytes.get_mut(r).ok_or(Errno::Fault)
    }

    /// Guest text: `EFAULT` if out of bounds, `EILSEQ` if not UTF-8.
    pub fn str(&self, ptr: u32, len: u32) -> Result<&str, Errno> {
        core::str::from_utf8(self.slice(ptr, len)?).map_err(|_| Errno::Ilseq)
    }

    fn array_at<const N: usize>(&self, ptr: u32) -> Result<[u8; N], Errno> {
        let mut out = [0; N];
        out.copy_from_slice(self.slice(ptr, N as u32)?);
        Ok(out)
    }

    pub fn read_u8(&self, ptr: u32) -> Result<u8, Errno> {
        Ok(self.array_at::<1>(ptr)?[0])
    }
    pub fn read_u16(&self, ptr: u32) -> Result<u16, Errno> {
        self.array_at(ptr).map(u16::from_le_bytes)
    }
    pub fn read_u32(&self, ptr: u32) -> Result<u32, Errno> {
        self.array_at(ptr).map(u32::from_le_bytes)
    }
    pub fn read_u64(&self, ptr: u32) -> Result<u64, Errno> {
        self.array_at(ptr).map(u64::from_le_bytes)
    }

    pub fn write(&mut self, ptr: u32, bytes: &[u8]) -> Result<(), Errno> {
        let len = u32::try_from(bytes.len()).map_err(|_| Errno::Fault)?;
        self.slice_mut(ptr, len)?.copy_from_slice(bytes);
        Ok(())
    }
    pub fn write_u8(&mut self, ptr: u32, v: u8) -> Result<(), Errno> {
        self.write(ptr, &[v])
    }
    pub fn write_u32(&mut self, ptr: u32, v: u32) -> Result<(), Errno> {
        self.write(ptr, &v.to_le_bytes())
    }
    pub fn write_u64(&mut self, ptr: u32, v: u64) -> Result<(), Errno> {
        self.write(ptr, &v.to_le_bytes())
    }

    /// Guest text at `ptr..ptr + len` together with the writable buffer
    /// `buf..buf + buf_len`. The two must not overlap (`EINVAL`).
    pub fn str_and_slice_mut(
        &mut self,
        ptr: u32,
        len: u32,
        buf: u32,
        buf_len: u32,
    ) -> Result<(&str, &mut [u8]), Errno> {
        let text = self.range(ptr, len)?;
        let out = self.range(buf, buf_len)?;
        let (text, out): (Option<&[u8]>, Option<&mut [u8]>) = if out.is_empty() {
            (self.bytes.get(text), Some(&mut []))
        } else if text.end <= out.start || text.is_empty() {
            let (lo, hi) = self.bytes.split_at_mut(out.start);
            (lo.get(text), hi.get_mut(..out.len()))
        } else if out.end <= text.start {
            let (lo, hi) = self.bytes.split_at_mut(text.start);
            (hi.get(..text.len()), lo.get_mut(out))
        } else {
            return Err(Errno::Inval);
        };
        let (text, out) = (text.ok_or(Errno::Fault)?, out.ok_or(Errno::Fault)?);
        Ok((core::str::from_utf8(text).map_err(|_| Errno::Ilseq)?, out))
    }

    /// The `(buf, len)` of iovec `i` of the array at `iovs`.
    pub fn iovec(&self, iovs: u32, i: u32) -> Result<(u32, u32), Errno> {
        let at = i
            .checked_mul(IOVEC_SIZE)
            .and_then(|o| iovs.checked_add(o))
            .ok_or(Errno::Fault)?;
        let len_at = at.checked_add(4).ok_or(Errno::Fault)?;
        Ok((self.read_u32(at)?, self.read_u32(len_at)?))
    }

    /// Checks the iovec array and every buffer it names, so that an I/O
    /// call fails with `EFAULT` before it has any effect.
    pub fn check_iovecs(&self, iovs: u32, count: u32) -> Result<(), Errno> {
        self.array(iovs, count, IOVEC_SIZE)?;
        for i in 0..count {
            let (buf, len) = self.iovec(iovs, i)?;
            self.check(buf, len)?;
        }
        Ok(())
    }
}

/// The bytes the `count` iovecs at `iovs` of `memory` ask to move, at most
/// `u32::MAX` (what one call can report); iovecs that cannot be read end
/// the count (the call itself then reports `EFAULT`).
pub(crate) fn iovecs_bytes(memory: &[u8], iovs: u32, count: u32) -> u64 {
    let mut total = 0u64;
    for i in 0..u64::from(count) {
        let at = u64::from(iovs) + i * u64::from(IOVEC_SIZE) + 4;
        let Some(len) = usize::try_from(at)
            .ok()
            .and_then(|at| memory.get(at..at.checked_add(4)?))
        else {
            break;
        };
        total += u64::from(u32::from_le_bytes([len[0], len[1], len[2], len[3]]));
        if total >= u64::from(u32::MAX) {
            return u64::from(u32::MAX);
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_little_endian() {
        let mut bytes = [0u8; 16];
        let mut m = GuestMem::new(&mut bytes);
        m.write_u32(1, 0x0403_0201).unwrap();
        m.write_u64(8, u64::MAX - 1).unwrap();
        assert_eq!(m.read_u8(1).unwrap(), 1);
        assert_eq!(m.read_u16(1).unwrap(), 0x0201);
        assert_eq!(m.read_u32(1).unwrap(), 0x0403_0201);
        assert_eq!(m.read_u64(8).unwrap(), u64::MAX - 1);
    }

    #[test]
    fn out_of_bounds_is_efault() {
        let mut bytes = [0u8; 16];
        let mut m = GuestMem::new(&mut bytes);
        assert_eq!(m.read_u32(13), Err(Errno::Fault));
        assert_eq!(m.read_u64(u32::MAX), Err(Errno::Fault));
        assert_eq!(m.write_u32(16, 0), Err(Errno::Fault));
        assert_eq!(m.slice(8, 9).map(drop), Err(Errno::Fault));
        assert_eq!(m.slice(u32::MAX, u32::MAX).map(drop), Err(Errno::Fault));
        assert_eq!(m.array(0, u32::MAX, 8), Err(Errno::Fault));
        assert_eq!(m.iovec(u32::MAX - 3, 0), Err(Errno::Fault));
        assert_eq!(m.iovec(0, u32::MAX), Err(Errno::Fault));
        // An empty range at the very end is fine.
        assert_eq!(m.slice(16, 0).map(<[u8]>::len), Ok(0));
    }

    #[test]
    fn iovecs_are_checked_whole() {
        let mut bytes = [0u8; 32];
        let mut m = GuestMem::new(&mut bytes);
        m.write_u32(0, 16).unwrap();
        m.write_u32(4, 8).unwrap();
        m.write_u32(8, 24).unwrap();
        m.write_u32(12, 9).unwrap(); // one byte past the end
        assert_eq!(m.check_iovecs(0, 1), Ok(()));
        assert_eq!(m.check_iovecs(0, 2), Err(Errno::Fault));
    }

    #[test]
    fn text_and_buffer_must_not_overlap() {
        let mut bytes = *b"abcdefgh";
        let mut m = GuestMem::new(&mut bytes);
        let (t, b) = m.str_and_slice_mut(0, 3, 4, 4).unwrap();
        assert_eq!((t, b.len()), ("abc", 4));
        let (t, b) = m.str_and_slice_mut(5, 3, 0, 5).unwrap();
        assert_eq!((t, b.len()), ("fgh", 5));
        assert_eq!(m.str_and_slice_mut(0, 4, 3, 2).map(drop), Err(Errno::Inval));
        assert_eq!(m.str_and_slice_mut(0, 4, 3, 0).map(|(t, _)| t), Ok("abcd"));
        assert_eq!(m.str_and_slice_mut(0, 4, 6, 3).map(drop), Err(Errno::Fault));
    }

    #[test]
    fn text_must_be_utf8() {
        let mut bytes = *b"ok\xff";
        let m = GuestMem::new(&mut bytes);
        assert_eq!(m.str(0, 2), Ok("ok"));
        assert_eq!(m.str(0, 3), Err(Errno::Ilseq));
    }

    #[test]
    fn iovec_bytes_are_summed_up_to_what_can_be_read() {
        let mut m = [0u8; 32];
        m[4..8].copy_from_slice(&10u32.to_le_bytes());
        m[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(iovecs_bytes(&m, 0, 1), 10);
        assert_eq!(iovecs_bytes(&m, 0, 2), u64::from(u32::MAX), "capped");
        assert_eq!(iovecs_bytes(&m, 16, 1_000_000), 0, "stops at the end");
        assert_eq!(iovecs_bytes(&m, u32::MAX, u32::MAX), 0);
    }
}
