//! Loads and stores, bounds-checked by `memory`: each semantics function
//! is generic over the address, the fast path's (memory 0, 32-bit: an i32
//! and a u32 offset, `memory::Address for u64`) or the general path's
//! (`memory::Wide`), whose ops (`v128_*_mem`) run through the out-of-line
//! functions at the end, which look their memory up in the store.

use super::lanes::{i8s, i16s, i32s, u8s, u16s, u32s, u64s, widen};
use crate::exec::cx::Cx;
use crate::exec::memories::entity;
use crate::exec::memory::{Address, Wide, operand, read, write};
use crate::exec::state::{Ip, Sp};
use crate::trap::TrapCode;

type R<T> = Result<T, TrapCode>;

pub fn v128_load<A: Address>(m: &[u8], a: A, o: A::Offset) -> R<u128> {
    Ok(u128::from_le_bytes(read(m, a, o)?))
}
pub fn v128_store<A: Address>(m: &mut [u8], a: A, o: A::Offset, v: u128) -> R<()> {
    write(m, a, o, v.to_le_bytes())
}

/// Eight bytes at `a + o` as a vector's low half.
fn low_half<A: Address>(m: &[u8], a: A, o: A::Offset) -> R<u128> {
    Ok(u128::from(u64::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_load8x8_s<A: Address>(m: &[u8], a: A, o: A::Offset) -> R<u128> {
    Ok(i16s::put(widen(
        i8s::get(low_half(m, a, o)?),
        false,
        i16::from,
    )))
}
pub fn v128_load8x8_u<A: Address>(m: &[u8], a: A, o: A::Offset) -> R<u128> {
    Ok(u16s::put(widen(
        u8s::get(low_half(m, a, o)?),
        false,
        u16::from,
    )))
}
pub fn v128_load16x4_s<A: Address>(m: &[u8], a: A, o: A::Offset) -> R<u128> {
    Ok(i32s::put(widen(
        i16s::get(low_half(m, a, o)?),
        false,
        i32::from,
    )))
}
pub fn v128_load16x4_u<A: Address>(m: &[u8], a: A, o: A::Offset) -> R<u128> {
    Ok(u32s::put(widen(
        u16s::get(low_half(m, a, o)?),
        false,
        u32::from,
    )))
}
pub fn v128_load32x2_s<A: Address>(m: &[u8], a: A, o: A::Offset) -> R<u128> {
    let l = i32s::get(low_half(m, a, o)?);
    Ok(u64s::put([l[0] as i64 as u64, l[1] as i64 as u64]))
}
pub fn v128_load32x2_u<A: Address>(m: &[u8], a: A, o: A::Offset) -> R<u128> {
    let l = u32s::get(low_half(m, a, o)?);
    Ok(u64s::put([u64::from(l[0]), u64::from(l[1])]))
}
pub fn v128_load8_splat<A: Address>(m: &[u8], a: A, o: A::Offset) -> R<u128> {
    Ok(u8s::splat(u8::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_load16_splat<A: Address>(m: &[u8], a: A, o: A::Offset) -> R<u128> {
    Ok(u16s::splat(u16::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_load32_splat<A: Address>(m: &[u8], a: A, o: A::Offset) -> R<u128> {
    Ok(u32s::splat(u32::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_load64_splat<A: Address>(m: &[u8], a: A, o: A::Offset) -> R<u128> {
    Ok(u64s::splat(u64::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_load32_zero<A: Address>(m: &[u8], a: A, o: A::Offset) -> R<u128> {
    Ok(u128::from(u32::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_load64_zero<A: Address>(m: &[u8], a: A, o: A::Offset) -> R<u128> {
    low_half(m, a, o)
}

pub fn v128_load8_lane<A: Address>(m: &[u8], a: A, o: A::Offset, v: u128, lane: u32) -> R<u128> {
    Ok(u8s::with_lane(v, lane, u8::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_load16_lane<A: Address>(m: &[u8], a: A, o: A::Offset, v: u128, lane: u32) -> R<u128> {
    Ok(u16s::with_lane(v, lane, u16::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_load32_lane<A: Address>(m: &[u8], a: A, o: A::Offset, v: u128, lane: u32) -> R<u128> {
    Ok(u32s::with_lane(v, lane, u32::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_load64_lane<A: Address>(m: &[u8], a: A, o: A::Offset, v: u128, lane: u32) -> R<u128> {
    Ok(u64s::with_lane(v, lane, u64::from_le_bytes(read(m, a, o)?)))
}
pub fn v128_store8_lane<A: Address>(m: &mut [u8], a: A, o: A::Offset, v: u128, lane: u32) -> R<()> {
    write(m, a, o, u8s::lane(v, lane).to_le_bytes())
}
pub fn v128_store16_lane<A: Address>(
    m: &mut [u8],
    a: A,
    o: A::Offset,
    v: u128,
    lane: u32,
) -> R<()> {
    write(m, a, o, u16s::lane(v, lane).to_le_bytes())
}
pub fn v128_store32_lane<A: Address>(
    m: &mut [u8],
    a: A,
    o: A::Offset,
    v: u128,
    lane: u32,
) -> R<()> {
    write(m, a, o, u32s::lane(v, lane).to_le_bytes())
}
pub fn v128_store64_lane<A: Address>(
    m: &mut [u8],
    a: A,
    o: A::Offset,
    v: u128,
    lane: u32,
) -> R<()> {
    write(m, a, o, u64s::lane(v, lane).to_le_bytes())
}

/// The semantics of a general-path load.
pub type LoadMemFn = fn(&[u8], Wide, u64) -> R<u128>;
/// The semantics of a general-path store.
pub type StoreMemFn = fn(&mut [u8], Wide, u64, u128) -> R<()>;
/// The semantics of a general-path lane load.
pub type LoadLaneMemFn = fn(&[u8], Wide, u64, u128, u32) -> R<u128>;
/// The semantics of a general-path lane store.
pub type StoreLaneMemFn = fn(&mut [u8], Wide, u64, u128, u32) -> R<()>;

/// Memory `index` of the running instance and the address in slot `addr`
/// as the general path's address (a 32-bit memory's i32 zero-extended).
fn memory_at<'c>(cx: &'c mut Cx<'_>, sp: Sp, addr: u16, index: u32) -> (&'c mut [u8], Wide) {
    let m = entity(cx, index);
    let addr = Wide(operand(m.ty.is_64(), sp.get(addr)));
    (&mut m.data, addr)
}

/// A `v128_load_mem` op at `ip` (`out, addr, memory, offset`).
#[inline(never)]
pub fn load_mem(ip: Ip, sp: Sp, cx: &mut Cx<'_>, f: LoadMemFn) -> R<()> {
    let (m, addr) = memory_at(cx, sp, ip.word(2), ip.u32(3));
    super::set(sp, ip.word(1), f(m, addr, ip.u64(5))?);
    Ok(())
}

/// A `v128_store_mem` op at `ip` (`addr, value, memory, offset`).
#[inline(never)]
pub fn store_mem(ip: Ip, sp: Sp, cx: &mut Cx<'_>, f: StoreMemFn) -> R<()> {
    let v = super::get(sp, ip.word(2));
    let (m, addr) = memory_at(cx, sp, ip.word(1), ip.u32(3));
    f(m, addr, ip.u64(5), v)
}

/// A `v128_load_lane_mem` op at `ip` (`out, addr, a, memory, offset, lane`).
#[inline(never)]
pub fn load_lane_mem(ip: Ip, sp: Sp, cx: &mut Cx<'_>, f: LoadLaneMemFn) -> R<()> {
    let a = super::get(sp, ip.word(3));
    let (m, addr) = memory_at(cx, sp, ip.word(2), ip.u32(4));
    super::set(sp, ip.word(1), f(m, addr, ip.u64(6), a, ip.u32(10))?);
    Ok(())
}

/// A `v128_store_lane_mem` op at `ip` (`addr, value, memory, offset, lane`).
#[inline(never)]
pub fn store_lane_mem(ip: Ip, sp: Sp, cx: &mut Cx<'_>, f: StoreLaneMemFn) -> R<()> {
    let v = super::get(sp, ip.word(2));
    let (m, addr) = memory_at(cx, sp, ip.word(1), ip.u32(3));
    f(m, addr, ip.u64(5), v, ip.u32(9))
}
