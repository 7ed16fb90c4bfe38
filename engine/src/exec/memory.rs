//! Linear memory access. Every access is bounds-checked against the
//! memory's current length; addresses are computed in 64 bits so no
//! `addr + offset` can wrap, on 32-bit targets too.

use crate::trap::TrapCode;

const OOB: TrapCode = TrapCode::MemoryOutOfBounds;

#[inline(always)]
fn read<const N: usize>(mem: &[u8], addr: u64, offset: u32) -> Result<[u8; N], TrapCode> {
    let ea = (addr as u32 as u64) + offset as u64;
    let start = usize::try_from(ea).map_err(|_| OOB)?;
    match mem.get(start..).and_then(|m| m.get(..N)) {
        Some(bytes) => bytes.try_into().map_err(|_| OOB),
        None => Err(OOB),
    }
}

#[inline(always)]
fn write<const N: usize>(
    mem: &mut [u8],
    addr: u64,
    offset: u32,
    bytes: [u8; N],
) -> Result<(), TrapCode> {
    let ea = (addr as u32 as u64) + offset as u64;
    let start = usize::try_from(ea).map_err(|_| OOB)?;
    match mem.get_mut(start..).and_then(|m| m.get_mut(..N)) {
        Some(dst) => {
            dst.copy_from_slice(&bytes);
            Ok(())
        }
        None => Err(OOB),
    }
}

pub fn i32_load(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    Ok(u32::from_le_bytes(read(m, a, o)?) as u64)
}
pub fn i64_load(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    Ok(u64::from_le_bytes(read(m, a, o)?))
}
pub fn f32_load(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    i32_load(m, a, o)
}
pub fn f64_load(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    i64_load(m, a, o)
}
pub fn i32_load8_s(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    Ok(i8::from_le_bytes(read(m, a, o)?) as i32 as u32 as u64)
}
pub fn i32_load8_u(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    Ok(u8::from_le_bytes(read(m, a, o)?) as u64)
}
pub fn i32_load16_s(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    Ok(i16::from_le_bytes(read(m, a, o)?) as i32 as u32 as u64)
}
pub fn i32_load16_u(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    Ok(u16::from_le_bytes(read(m, a, o)?) as u64)
}
pub fn i64_load8_s(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    Ok(i8::from_le_bytes(read(m, a, o)?) as i64 as u64)
}
pub fn i64_load8_u(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    i32_load8_u(m, a, o)
}
pub fn i64_load16_s(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    Ok(i16::from_le_bytes(read(m, a, o)?) as i64 as u64)
}
pub fn i64_load16_u(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    i32_load16_u(m, a, o)
}
pub fn i64_load32_s(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    Ok(i32::from_le_bytes(read(m, a, o)?) as i64 as u64)
}
pub fn i64_load32_u(m: &[u8], a: u64, o: u32) -> Result<u64, TrapCode> {
    i32_load(m, a, o)
}

pub fn i32_store(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<(), TrapCode> {
    write(m, a, o, (v as u32).to_le_bytes())
}
pub fn i64_store(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<(), TrapCode> {
    write(m, a, o, v.to_le_bytes())
}
pub fn f32_store(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<(), TrapCode> {
    i32_store(m, a, o, v)
}
pub fn f64_store(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<(), TrapCode> {
    i64_store(m, a, o, v)
}
pub fn i32_store8(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<(), TrapCode> {
    write(m, a, o, [v as u8])
}
pub fn i32_store16(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<(), TrapCode> {
    write(m, a, o, (v as u16).to_le_bytes())
}
pub fn i64_store8(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<(), TrapCode> {
    i32_store8(m, a, o, v)
}
pub fn i64_store16(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<(), TrapCode> {
    i32_store16(m, a, o, v)
}
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
