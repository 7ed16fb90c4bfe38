//! Linear memory access. Every access is bounds-checked, once, against
//! the memory's current length; addresses are computed in 64 bits so no
//! `addr + offset` can wrap, on 32-bit targets too. One of the engine's
//! few `unsafe` modules: after that check the bytes are read unchecked
//! (checked again in debug builds and with `extra-checks`).

use crate::trap::TrapCode;

const OOB: TrapCode = TrapCode::MemoryOutOfBounds;

/// The range `[ea, ea + N)` of memory `mem` an access at `addr + offset`
/// touches, checked with one comparison: in 64 bits nothing can wrap (an
/// i32 address plus a u32 offset plus `N` is below 2^34).
#[inline(always)]
fn range_of<const N: usize>(mem_len: usize, addr: u64, offset: u32) -> Result<usize, TrapCode> {
    let ea = (addr as u32 as u64) + offset as u64;
    if ea + N as u64 > mem_len as u64 {
        return Err(OOB);
    }
    Ok(ea as usize)
}

#[inline(always)]
fn read<const N: usize>(mem: &[u8], addr: u64, offset: u32) -> Result<[u8; N], TrapCode> {
    let at = range_of::<N>(mem.len(), addr, offset)?;
    #[cfg(any(debug_assertions, feature = "extra-checks"))]
    let bytes: &[u8] = &mem[at..at + N];
    #[cfg(not(any(debug_assertions, feature = "extra-checks")))]
    // SAFETY: `range_of` checked that `at + N <= mem.len()`.
    let bytes = unsafe { mem.get_unchecked(at..at + N) };
    let mut out = [0u8; N];
    out.copy_from_slice(bytes);
    Ok(out)
}

#[inline(always)]
fn write<const N: usize>(
    mem: &mut [u8],
    addr: u64,
    offset: u32,
    bytes: [u8; N],
) -> Result<(), TrapCode> {
    let at = range_of::<N>(mem.len(), addr, offset)?;
    #[cfg(any(debug_assertions, feature = "extra-checks"))]
    let dst: &mut [u8] = &mut mem[at..at + N];
    #[cfg(not(any(debug_assertions, feature = "extra-checks")))]
    // SAFETY: `range_of` checked that `at + N <= mem.len()`.
    let dst = unsafe { mem.get_unchecked_mut(at..at + N) };
    dst.copy_from_slice(&bytes);
    Ok(())
}

#[inline(always)]
pub fn i32_load(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    Ok(u32::from_le_bytes(read(m, a, o)?) as u64)
}
#[inline(always)]
pub fn i64_load(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    Ok(u64::from_le_bytes(read(m, a, o)?))
}
#[inline(always)]
pub fn f32_load(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    i32_load(m, a, o)
}
#[inline(always)]
pub fn f64_load(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    i64_load(m, a, o)
}
#[inline(always)]
pub fn i32_load8_s(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    Ok(i8::from_le_bytes(read(m, a, o)?) as i32 as u32 as u64)
}
#[inline(always)]
pub fn i32_load8_u(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    Ok(u8::from_le_bytes(read(m, a, o)?) as u64)
}
#[inline(always)]
pub fn i32_load16_s(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    Ok(i16::from_le_bytes(read(m, a, o)?) as i32 as u32 as u64)
}
#[inline(always)]
pub fn i32_load16_u(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    Ok(u16::from_le_bytes(read(m, a, o)?) as u64)
}
#[inline(always)]
pub fn i64_load8_s(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    Ok(i8::from_le_bytes(read(m, a, o)?) as i64 as u64)
}
#[inline(always)]
pub fn i64_load8_u(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    i32_load8_u(m, a, o)
}
#[inline(always)]
pub fn i64_load16_s(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    Ok(i16::from_le_bytes(read(m, a, o)?) as i64 as u64)
}
#[inline(always)]
pub fn i64_load16_u(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    i32_load16_u(m, a, o)
}
#[inline(always)]
pub fn i64_load32_s(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    Ok(i32::from_le_bytes(read(m, a, o)?) as i64 as u64)
}
#[inline(always)]
pub fn i64_load32_u(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    i32_load(m, a, o)
}

#[inline(always)]
pub fn i32_store(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<(), TrapCode> {
    write(m, a, o, (v as u32).to_le_bytes())
}
#[inline(always)]
pub fn i64_store(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<(), TrapCode> {
    write(m, a, o, v.to_le_bytes())
}
#[inline(always)]
pub fn f32_store(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<(), TrapCode> {
    i32_store(m, a, o, v)
}
#[inline(always)]
pub fn f64_store(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<(), TrapCode> {
    i64_store(m, a, o, v)
}
#[inline(always)]
pub fn i32_store8(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<(), TrapCode> {
    write(m, a, o, [v as u8])
}
#[inline(always)]
pub fn i32_store16(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<(), TrapCode> {
    write(m, a, o, (v as u16).to_le_bytes())
}
#[inline(always)]
pub fn i64_store8(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<(), TrapCode> {
    i32_store8(m, a, o, v)
}
#[inline(always)]
pub fn i64_store16(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<(), TrapCode> {
    i32_store16(m, a, o, v)
}
#[inline(always)]
pub fn i64_store32(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<(), TrapCode> {
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
