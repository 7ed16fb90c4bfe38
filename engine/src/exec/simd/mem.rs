//! Loads and stores of memory 0 (the fast path's addresses: an i32 and a
//! u32 offset, `memory::Address for u64`), bounds-checked by `memory`.

use super::lanes::{i8s, i16s, i32s, u8s, u16s, u32s, u64s, widen};
use crate::exec::memory::{read, write};
use crate::trap::TrapCode;

type R<T> = Result<T, TrapCode>;

pub fn v128_load(m: &[u8], a: u64, o: u32) -> R<u128> {
    Ok(u128::from_le_bytes(read(m, a, o)?))
}
pub fn v128_store(m: &mut [u8], a: u64, o: u32, v: u128) -> R<()> {
    write(m, a, o, v.to_le_bytes())
}

/// Eight bytes at `a + o` as a vector's low half.
fn low_half(m: &[u8], a: u64, o: u32) -> R<u128> {
    Ok(u128::from(u64::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_load8x8_s(m: &[u8], a: u64, o: u32) -> R<u128> {
    Ok(i16s::put(widen(
        i8s::get(low_half(m, a, o)?),
        false,
        i16::from,
    )))
}
pub fn v128_load8x8_u(m: &[u8], a: u64, o: u32) -> R<u128> {
    Ok(u16s::put(widen(
        u8s::get(low_half(m, a, o)?),
        false,
        u16::from,
    )))
}
pub fn v128_load16x4_s(m: &[u8], a: u64, o: u32) -> R<u128> {
    Ok(i32s::put(widen(
        i16s::get(low_half(m, a, o)?),
        false,
        i32::from,
    )))
}
pub fn v128_load16x4_u(m: &[u8], a: u64, o: u32) -> R<u128> {
    Ok(u32s::put(widen(
        u16s::get(low_half(m, a, o)?),
        false,
        u32::from,
    )))
}
pub fn v128_load32x2_s(m: &[u8], a: u64, o: u32) -> R<u128> {
    let l = i32s::get(low_half(m, a, o)?);
    Ok(u64s::put([l[0] as i64 as u64, l[1] as i64 as u64]))
}
pub fn v128_load32x2_u(m: &[u8], a: u64, o: u32) -> R<u128> {
    let l = u32s::get(low_half(m, a, o)?);
    Ok(u64s::put([u64::from(l[0]), u64::from(l[1])]))
}
pub fn v128_load8_splat(m: &[u8], a: u64, o: u32) -> R<u128> {
    Ok(u8s::splat(u8::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_load16_splat(m: &[u8], a: u64, o: u32) -> R<u128> {
    Ok(u16s::splat(u16::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_load32_splat(m: &[u8], a: u64, o: u32) -> R<u128> {
    Ok(u32s::splat(u32::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_load64_splat(m: &[u8], a: u64, o: u32) -> R<u128> {
    Ok(u64s::splat(u64::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_load32_zero(m: &[u8], a: u64, o: u32) -> R<u128> {
    Ok(u128::from(u32::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_load64_zero(m: &[u8], a: u64, o: u32) -> R<u128> {
    low_half(m, a, o)
}

pub fn v128_load8_lane(m: &[u8], a: u64, o: u32, v: u128, lane: u32) -> R<u128> {
    Ok(u8s::with_lane(v, lane, u8::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_load16_lane(m: &[u8], a: u64, o: u32, v: u128, lane: u32) -> R<u128> {
    Ok(u16s::with_lane(v, lane, u16::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_load32_lane(m: &[u8], a: u64, o: u32, v: u128, lane: u32) -> R<u128> {
    Ok(u32s::with_lane(v, lane, u32::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_load64_lane(m: &[u8], a: u64, o: u32, v: u128, lane: u32) -> R<u128> {
    Ok(u64s::with_lane(v, lane, u64::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_store8_lane(m: &mut [u8], a: u64, o: u32, v: u128, lane: u32) -> R<()> {
    write(m, a, o, u8s::lane(v, lane).to_le_bytes())
}
pub fn v128_store16_lane(m: &mut [u8], a: u64, o: u32, v: u128, lane: u32) -> R<()> {
    write(m, a, o, u16s::lane(v, lane).to_le_bytes())
}
pub fn v128_store32_lane(m: &mut [u8], a: u64, o: u32, v: u128, lane: u32) -> R<()> {
    write(m, a, o, u32s::lane(v, lane).to_le_bytes())
}
pub fn v128_store64_lane(m: &mut [u8], a: u64, o: u32, v: u128, lane: u32) -> R<()> {
    write(m, a, o, u64s::lane(v, lane).to_le_bytes())
}
