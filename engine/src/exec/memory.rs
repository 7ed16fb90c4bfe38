//! Linear memory access. Every access is bounds-checked, once, against
//! the memory's current length; addresses are computed in 64 bits and a
//! 64-bit sum that overflows traps, so no `addr + offset` can wrap, on
//! 32-bit targets too ([`Address`]). One of the engine's
//! few `unsafe` modules: after that check the bytes are read unchecked
//! (checked again in debug builds and with `extra-checks`).

use crate::trap::TrapCode;

const OOB: TrapCode = TrapCode::MemoryOutOfBounds;

/// Where an access starts, as its op gives it: an address operand and a
/// static offset. Two kinds: the fast path's (memory 0, 32-bit: an i32 in
/// a slot, a u32 offset, [`u64`]) and the general path's ([`Wide`]).
pub trait Address: Copy {
    /// The static offset's type.
    type Offset: Copy;
    /// The index of the first byte of an `N`-byte access at `self +
    /// offset` to a memory of `mem_len` bytes, or a trap if any byte of
    /// it lies outside the memory.
    fn start<const N: usize>(self, offset: Self::Offset, mem_len: usize)
    -> Result<usize, TrapCode>;
}

/// The fast path: an i32 address (the slot's low half) and a u32 offset,
/// checked with one comparison: in 64 bits nothing can wrap (an i32
/// address plus a u32 offset plus `N` is below 2^34).
impl Address for u64 {
    type Offset = u32;
    #[inline(always)]
    fn start<const N: usize>(self, offset: u32, mem_len: usize) -> Result<usize, TrapCode> {
        let ea = (self as u32 as u64) + offset as u64;
        // `ea + N > mem_len` as `ea > mem_len - N` in signed 64 bits (a
        // memory shorter than `N` gives a negative bound, below every
        // `ea`): the bound is one subtraction from the length, and the
        // sum `ea` is computed once, for both the check and the access.
        let last = mem_len as u64 as i64 - N as i64;
        if ea as i64 > last {
            return Err(OOB);
        }
        Ok(ea as usize)
    }
}

/// The general path's address: 64 bits (a 64-bit memory's i64, or a
/// 32-bit memory's i32 zero-extended), with a 64-bit offset. `addr +
/// offset + N` past 2^64 traps instead of wrapping, and the index is a
/// `usize` only once it is known to be below the memory's length, so
/// nothing wraps on 32-bit targets either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wide(pub u64);

impl Address for Wide {
    type Offset = u64;
    #[inline(always)]
    fn start<const N: usize>(self, offset: u64, mem_len: usize) -> Result<usize, TrapCode> {
        let ea = self.0.checked_add(offset).ok_or(OOB)?;
        let end = ea.checked_add(N as u64).ok_or(OOB)?;
        if end > mem_len as u64 {
            return Err(OOB);
        }
        Ok(ea as usize)
    }
}

#[inline(always)]
pub(super) fn read<const N: usize, A: Address>(
    mem: &[u8],
    addr: A,
    offset: A::Offset,
) -> Result<[u8; N], TrapCode> {
    let at = addr.start::<N>(offset, mem.len())?;
    #[cfg(any(debug_assertions, feature = "extra-checks"))]
    let bytes: &[u8] = &mem[at..at + N];
    #[cfg(not(any(debug_assertions, feature = "extra-checks")))]
    // SAFETY: `Address::start` checked that `at + N <= mem.len()`.
    let bytes = unsafe { mem.get_unchecked(at..at + N) };
    let mut out = [0u8; N];
    out.copy_from_slice(bytes);
    Ok(out)
}

#[inline(always)]
pub(super) fn write<const N: usize, A: Address>(
    mem: &mut [u8],
    addr: A,
    offset: A::Offset,
    bytes: [u8; N],
) -> Result<(), TrapCode> {
    let at = addr.start::<N>(offset, mem.len())?;
    #[cfg(any(debug_assertions, feature = "extra-checks"))]
    let dst: &mut [u8] = &mut mem[at..at + N];
    #[cfg(not(any(debug_assertions, feature = "extra-checks")))]
    // SAFETY: `Address::start` checked that `at + N <= mem.len()`.
    let dst = unsafe { mem.get_unchecked_mut(at..at + N) };
    dst.copy_from_slice(&bytes);
    Ok(())
}

#[inline(always)]
pub fn i32_load<A: Address>(m: &[u8], a: A, o: A::Offset) -> Result<u64, TrapCode> {
    Ok(u32::from_le_bytes(read(m, a, o)?) as u64)
}
#[inline(always)]
pub fn i64_load<A: Address>(m: &[u8], a: A, o: A::Offset) -> Result<u64, TrapCode> {
    Ok(u64::from_le_bytes(read(m, a, o)?))
}
#[inline(always)]
pub fn f32_load<A: Address>(m: &[u8], a: A, o: A::Offset) -> Result<u64, TrapCode> {
    i32_load(m, a, o)
}
#[inline(always)]
pub fn f64_load<A: Address>(m: &[u8], a: A, o: A::Offset) -> Result<u64, TrapCode> {
    i64_load(m, a, o)
}
#[inline(always)]
pub fn i32_load8_s<A: Address>(m: &[u8], a: A, o: A::Offset) -> Result<u64, TrapCode> {
    Ok(i8::from_le_bytes(read(m, a, o)?) as i32 as u32 as u64)
}
#[inline(always)]
pub fn i32_load8_u<A: Address>(m: &[u8], a: A, o: A::Offset) -> Result<u64, TrapCode> {
    Ok(u8::from_le_bytes(read(m, a, o)?) as u64)
}
#[inline(always)]
pub fn i32_load16_s<A: Address>(m: &[u8], a: A, o: A::Offset) -> Result<u64, TrapCode> {
    Ok(i16::from_le_bytes(read(m, a, o)?) as i32 as u32 as u64)
}
#[inline(always)]
pub fn i32_load16_u<A: Address>(m: &[u8], a: A, o: A::Offset) -> Result<u64, TrapCode> {
    Ok(u16::from_le_bytes(read(m, a, o)?) as u64)
}
#[inline(always)]
pub fn i64_load8_s<A: Address>(m: &[u8], a: A, o: A::Offset) -> Result<u64, TrapCode> {
    Ok(i8::from_le_bytes(read(m, a, o)?) as i64 as u64)
}
#[inline(always)]
pub fn i64_load8_u<A: Address>(m: &[u8], a: A, o: A::Offset) -> Result<u64, TrapCode> {
    i32_load8_u(m, a, o)
}
#[inline(always)]
pub fn i64_load16_s<A: Address>(m: &[u8], a: A, o: A::Offset) -> Result<u64, TrapCode> {
    Ok(i16::from_le_bytes(read(m, a, o)?) as i64 as u64)
}
#[inline(always)]
pub fn i64_load16_u<A: Address>(m: &[u8], a: A, o: A::Offset) -> Result<u64, TrapCode> {
    i32_load16_u(m, a, o)
}
#[inline(always)]
pub fn i64_load32_s<A: Address>(m: &[u8], a: A, o: A::Offset) -> Result<u64, TrapCode> {
    Ok(i32::from_le_bytes(read(m, a, o)?) as i64 as u64)
}
#[inline(always)]
pub fn i64_load32_u<A: Address>(m: &[u8], a: A, o: A::Offset) -> Result<u64, TrapCode> {
    i32_load(m, a, o)
}

#[inline(always)]
pub fn i32_store<A: Address>(m: &mut [u8], a: A, o: A::Offset, v: u64) -> Result<(), TrapCode> {
    write(m, a, o, (v as u32).to_le_bytes())
}
#[inline(always)]
pub fn i64_store<A: Address>(m: &mut [u8], a: A, o: A::Offset, v: u64) -> Result<(), TrapCode> {
    write(m, a, o, v.to_le_bytes())
}
#[inline(always)]
pub fn f32_store<A: Address>(m: &mut [u8], a: A, o: A::Offset, v: u64) -> Result<(), TrapCode> {
    i32_store(m, a, o, v)
}
#[inline(always)]
pub fn f64_store<A: Address>(m: &mut [u8], a: A, o: A::Offset, v: u64) -> Result<(), TrapCode> {
    i64_store(m, a, o, v)
}
#[inline(always)]
pub fn i32_store8<A: Address>(m: &mut [u8], a: A, o: A::Offset, v: u64) -> Result<(), TrapCode> {
    write(m, a, o, [v as u8])
}
#[inline(always)]
pub fn i32_store16<A: Address>(m: &mut [u8], a: A, o: A::Offset, v: u64) -> Result<(), TrapCode> {
    write(m, a, o, (v as u16).to_le_bytes())
}
#[inline(always)]
pub fn i64_store8<A: Address>(m: &mut [u8], a: A, o: A::Offset, v: u64) -> Result<(), TrapCode> {
    i32_store8(m, a, o, v)
}
#[inline(always)]
pub fn i64_store16<A: Address>(m: &mut [u8], a: A, o: A::Offset, v: u64) -> Result<(), TrapCode> {
    i32_store16(m, a, o, v)
}
#[inline(always)]
pub fn i64_store32<A: Address>(m: &mut [u8], a: A, o: A::Offset, v: u64) -> Result<(), TrapCode> {
    i32_store(m, a, o, v)
}

/// A `[start, start + len)` range of a `size`-long space, or `None` if it
/// does not fit. Operands are i32 values.
pub fn range(start: u64, len: u64, size: usize) -> Option<core::ops::Range<usize>> {
    let start = start as u32 as u64;
    let end = start + (len as u32 as u64);
    if end > size as u64 {
        return None;
    }
    Some(start as usize..end as usize)
}

/// `memory.copy`.
pub fn copy(m: &mut [u8], dst: u64, src: u64, len: u64) -> Result<(), TrapCode> {
    let s = range(src, len, m.len()).ok_or(OOB)?;
    let d = range(dst, len, m.len()).ok_or(OOB)?;
    m.copy_within(s, d.start);
    Ok(())
}

/// `memory.fill`.
pub fn fill(m: &mut [u8], dst: u64, value: u64, len: u64) -> Result<(), TrapCode> {
    let d = range(dst, len, m.len()).ok_or(OOB)?;
    m[d].fill(value as u8);
    Ok(())
}

/// A `[start, start + len)` range of a `size`-long space for 64-bit
/// operands (already truncated to 32 bits for a 32-bit memory), or `None`
/// if it does not fit or `start + len` overflows.
pub fn range64(start: u64, len: u64, size: usize) -> Option<core::ops::Range<usize>> {
    let end = start.checked_add(len)?;
    if end > size as u64 {
        return None;
    }
    Some(start as usize..end as usize)
}

/// An address operand of a memory: the whole i64 of a 64-bit memory, the
/// i32 (the slot's low half) of a 32-bit one.
#[inline]
pub fn operand(is_64: bool, v: u64) -> u64 {
    if is_64 { v } else { v as u32 as u64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_accesses_are_exact_at_the_top_of_the_range() {
        let mem = [1u8, 2, 3, 4, 5, 6, 7, 8];
        assert_eq!(i32_load(&mem, Wide(4), 0), Ok(0x0807_0605));
        assert_eq!(i32_load(&mem, Wide(0), 4), Ok(0x0807_0605));
        assert_eq!(i32_load(&mem, Wide(5), 0), Err(OOB));
        assert_eq!(i32_load(&mem, Wide(0), 5), Err(OOB));
        // addr + offset past 2^64 traps, it does not wrap to a small index.
        assert_eq!(i32_load(&mem, Wide(u64::MAX), 1), Err(OOB));
        assert_eq!(i32_load(&mem, Wide(1), u64::MAX), Err(OOB));
        assert_eq!(i32_load8_u(&mem, Wide(u64::MAX - 3), 4), Err(OOB));
        // addr + offset = 2^64 - 1: the sum fits, the access's end does not.
        assert_eq!(i32_load8_u(&mem, Wide(u64::MAX), 0), Err(OOB));
        // A 32-bit address's upper half is not read by the fast path.
        assert_eq!(i32_load8_u(&mem, 0xffff_ffff_0000_0007u64, 0), Ok(8));
    }

    #[test]
    fn wide_stores_check_the_same_way() {
        let mut mem = [0u8; 8];
        assert_eq!(i64_store(&mut mem, Wide(0), 0, u64::MAX), Ok(()));
        assert_eq!(mem, [0xff; 8]);
        assert_eq!(i64_store(&mut mem, Wide(1), 0, 0), Err(OOB));
        assert_eq!(i32_store8(&mut mem, Wide(7), 0, 0), Ok(()));
        assert_eq!(mem[7], 0);
        assert_eq!(i32_store8(&mut mem, Wide(u64::MAX), 1, 0), Err(OOB));
    }

    #[test]
    fn ranges_of_64_bit_operands_do_not_wrap() {
        assert_eq!(range64(2, 3, 5), Some(2..5));
        assert_eq!(range64(2, 4, 5), None);
        assert_eq!(range64(u64::MAX, 2, 5), None);
        assert_eq!(range64(5, 0, 5), Some(5..5));
        assert_eq!(range64(6, 0, 5), None);
        assert_eq!(operand(false, 0xffff_ffff_0000_0001), 1);
        assert_eq!(operand(true, 0xffff_ffff_0000_0001), 0xffff_ffff_0000_0001);
    }
}
