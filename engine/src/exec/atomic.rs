//! The threads proposal's atomic instructions, for Mote's one thread.
//!
//! With one thread nothing can run between the read and the write of a
//! read-modify-write, so an atomic access is an ordinary one that checks
//! alignment first: its effective address must be a multiple of its size
//! (else [`TrapCode::UnalignedAtomic`]), then it is bounds-checked like
//! any access ([`TrapCode::MemoryOutOfBounds`]). That order is the
//! reference interpreter's, and what the proposal's tests expect.
//! `atomic.fence` orders nothing and emits no op.
//!
//! Waiting needs a second thread to wake the waiter, and there is none:
//! `memory.atomic.notify` wakes no one and returns 0; `memory.atomic.wait32`
//! and `wait64` return 1 ("not-equal") when the value differs, and when it
//! matches return 2 ("timed-out") at once for a finite timeout (without
//! sleeping: nothing could change the value meanwhile, and a board has
//! better uses for its time; wasmtime sleeps the timeout instead) or trap
//! with [`TrapCode::AtomicWaitDeadlock`] for an infinite (negative) one,
//! which would block the host's thread forever. Waiting on an unshared
//! memory traps ([`TrapCode::ExpectedSharedMemory`]) after the alignment
//! and bounds checks, as the proposal says.
//!
//! The accesses are safe code: the bounds check is `get_mut`'s own. The
//! family functions below are out of line (a handler is a call with
//! constants), as atomics are rare and their handlers cost flash.

use super::cx::Cx;
use super::dispatch::{Acc, Done, FAcc, next};
use super::handlers::{fields, trap};
use super::state::{Ip, Mem, Sp};
use crate::ir::OpCode;
use crate::trap::TrapCode;

/// The `N` bytes an atomic access at `addr + offset` touches: checked
/// aligned, then in bounds.
#[inline(always)]
fn cell<const N: usize>(m: &mut [u8], addr: u64, offset: u32) -> Result<&mut [u8; N], TrapCode> {
    let ea = u64::from(addr as u32) + u64::from(offset);
    if ea % N as u64 != 0 {
        return Err(TrapCode::UnalignedAtomic);
    }
    let at = usize::try_from(ea).map_err(|_| TrapCode::MemoryOutOfBounds)?;
    m.get_mut(at..)
        .and_then(|rest| rest.first_chunk_mut::<N>())
        .ok_or(TrapCode::MemoryOutOfBounds)
}

/// The little-endian value of `bytes`, zero-extended.
#[inline(always)]
fn value_of<const N: usize>(bytes: &[u8; N]) -> u64 {
    let mut all = [0u8; 8];
    all[..N].copy_from_slice(bytes);
    u64::from_le_bytes(all)
}

/// Writes the low `N` bytes of `v` to `bytes`, little-endian.
#[inline(always)]
fn put<const N: usize>(bytes: &mut [u8; N], v: u64) {
    bytes.copy_from_slice(&v.to_le_bytes()[..N]);
}

/// The `N`-byte atomic load, zero-extended.
#[inline(never)]
fn load<const N: usize>(m: &mut [u8], addr: u64, offset: u32) -> Result<u64, TrapCode> {
    cell::<N>(m, addr, offset).map(|c| value_of(c))
}

/// The `N`-byte atomic store of the low bytes of `v`.
#[inline(never)]
fn store<const N: usize>(m: &mut [u8], addr: u64, offset: u32, v: u64) -> Result<(), TrapCode> {
    cell::<N>(m, addr, offset).map(|c| put(c, v))
}

/// The `N`-byte read-modify-write: stores `f(old, v)`, returns `old`.
#[inline(never)]
fn rmw<const N: usize>(
    m: &mut [u8],
    addr: u64,
    offset: u32,
    v: u64,
    f: fn(u64, u64) -> u64,
) -> Result<u64, TrapCode> {
    let c = cell::<N>(m, addr, offset)?;
    let old = value_of(c);
    put(c, f(old, v));
    Ok(old)
}

/// The `N`-byte compare-exchange: stores `replacement` if the value is
/// `expected` wrapped to `N` bytes; returns the value found.
#[inline(never)]
fn cmpxchg<const N: usize>(
    m: &mut [u8],
    addr: u64,
    offset: u32,
    expected: u64,
    replacement: u64,
) -> Result<u64, TrapCode> {
    let c = cell::<N>(m, addr, offset)?;
    let old = value_of(c);
    let mask = if N == 8 { u64::MAX } else { (1 << (8 * N)) - 1 };
    if old == expected & mask {
        put(c, replacement);
    }
    Ok(old)
}

fn add(a: u64, b: u64) -> u64 {
    a.wrapping_add(b)
}
fn sub(a: u64, b: u64) -> u64 {
    a.wrapping_sub(b)
}
fn and(a: u64, b: u64) -> u64 {
    a & b
}
fn or(a: u64, b: u64) -> u64 {
    a | b
}
fn xor(a: u64, b: u64) -> u64 {
    a ^ b
}
fn xchg(_: u64, b: u64) -> u64 {
    b
}

/// Each instruction's semantics function, named as the op list names it,
/// calling its family's function with the access's size (and operation).
/// A 32-bit instruction's operands are in the slots' low halves (its
/// size is at most 4 bytes, so only they are read or compared).
macro_rules! semantics {
    ($(load $lname:ident = $ln:literal;)* $(store $sname:ident = $sn:literal;)*
     $(rmw $rname:ident = $rn:literal $f:ident;)* $(cmpxchg $cname:ident = $cn:literal;)*) => {
        $(
            #[inline(always)]
            pub fn $lname(m: &mut [u8], a: u64, o: u32) -> Result<u64, TrapCode> {
                load::<$ln>(m, a, o)
            }
        )*
        $(
            #[inline(always)]
            pub fn $sname(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<(), TrapCode> {
                store::<$sn>(m, a, o, v)
            }
        )*
        $(
            #[inline(always)]
            pub fn $rname(m: &mut [u8], a: u64, o: u32, v: u64) -> Result<u64, TrapCode> {
                rmw::<$rn>(m, a, o, v, $f)
            }
        )*
        $(
            #[inline(always)]
            pub fn $cname(m: &mut [u8], a: u64, o: u32, e: u64, r: u64) -> Result<u64, TrapCode> {
                cmpxchg::<$cn>(m, a, o, e, r)
            }
        )*
    };
}

semantics! {
    load i32_atomic_load = 4;
    load i64_atomic_load = 8;
    load i32_atomic_load8_u = 1;
    load i32_atomic_load16_u = 2;
    load i64_atomic_load8_u = 1;
    load i64_atomic_load16_u = 2;
    load i64_atomic_load32_u = 4;
    store i32_atomic_store = 4;
    store i64_atomic_store = 8;
    store i32_atomic_store8 = 1;
    store i32_atomic_store16 = 2;
    store i64_atomic_store8 = 1;
    store i64_atomic_store16 = 2;
    store i64_atomic_store32 = 4;
    rmw i32_atomic_rmw_add = 4 add;
    rmw i64_atomic_rmw_add = 8 add;
    rmw i32_atomic_rmw8_add_u = 1 add;
    rmw i32_atomic_rmw16_add_u = 2 add;
    rmw i64_atomic_rmw8_add_u = 1 add;
    rmw i64_atomic_rmw16_add_u = 2 add;
    rmw i64_atomic_rmw32_add_u = 4 add;
    rmw i32_atomic_rmw_sub = 4 sub;
    rmw i64_atomic_rmw_sub = 8 sub;
    rmw i32_atomic_rmw8_sub_u = 1 sub;
    rmw i32_atomic_rmw16_sub_u = 2 sub;
    rmw i64_atomic_rmw8_sub_u = 1 sub;
    rmw i64_atomic_rmw16_sub_u = 2 sub;
    rmw i64_atomic_rmw32_sub_u = 4 sub;
    rmw i32_atomic_rmw_and = 4 and;
    rmw i64_atomic_rmw_and = 8 and;
    rmw i32_atomic_rmw8_and_u = 1 and;
    rmw i32_atomic_rmw16_and_u = 2 and;
    rmw i64_atomic_rmw8_and_u = 1 and;
    rmw i64_atomic_rmw16_and_u = 2 and;
    rmw i64_atomic_rmw32_and_u = 4 and;
    rmw i32_atomic_rmw_or = 4 or;
    rmw i64_atomic_rmw_or = 8 or;
    rmw i32_atomic_rmw8_or_u = 1 or;
    rmw i32_atomic_rmw16_or_u = 2 or;
    rmw i64_atomic_rmw8_or_u = 1 or;
    rmw i64_atomic_rmw16_or_u = 2 or;
    rmw i64_atomic_rmw32_or_u = 4 or;
    rmw i32_atomic_rmw_xor = 4 xor;
    rmw i64_atomic_rmw_xor = 8 xor;
    rmw i32_atomic_rmw8_xor_u = 1 xor;
    rmw i32_atomic_rmw16_xor_u = 2 xor;
    rmw i64_atomic_rmw8_xor_u = 1 xor;
    rmw i64_atomic_rmw16_xor_u = 2 xor;
    rmw i64_atomic_rmw32_xor_u = 4 xor;
    rmw i32_atomic_rmw_xchg = 4 xchg;
    rmw i64_atomic_rmw_xchg = 8 xchg;
    rmw i32_atomic_rmw8_xchg_u = 1 xchg;
    rmw i32_atomic_rmw16_xchg_u = 2 xchg;
    rmw i64_atomic_rmw8_xchg_u = 1 xchg;
    rmw i64_atomic_rmw16_xchg_u = 2 xchg;
    rmw i64_atomic_rmw32_xchg_u = 4 xchg;
    cmpxchg i32_atomic_rmw_cmpxchg = 4;
    cmpxchg i64_atomic_rmw_cmpxchg = 8;
    cmpxchg i32_atomic_rmw8_cmpxchg_u = 1;
    cmpxchg i32_atomic_rmw16_cmpxchg_u = 2;
    cmpxchg i64_atomic_rmw8_cmpxchg_u = 1;
    cmpxchg i64_atomic_rmw16_cmpxchg_u = 2;
    cmpxchg i64_atomic_rmw32_cmpxchg_u = 4;
}

/// `memory.atomic.notify` with no thread waiting: checks the 4-byte
/// access like any atomic one, then wakes no one (the count is ignored).
#[inline(never)]
pub fn memory_atomic_notify(m: &mut [u8], a: u64, o: u32, _count: u64) -> Result<u64, TrapCode> {
    cell::<4>(m, a, o).map(|_| 0)
}

/// The result of a wait of `N` bytes on memory `m` (shared or not) for
/// a value `expected` with `timeout` nanoseconds (negative: forever):
/// 1 "not-equal", 2 "timed-out", or the trap (see the module docs).
#[inline(never)]
pub(super) fn wait<const N: usize>(
    m: &mut [u8],
    shared: bool,
    addr: u64,
    offset: u32,
    expected: u64,
    timeout: i64,
) -> Result<u64, TrapCode> {
    let c = cell::<N>(m, addr, offset)?;
    if !shared {
        return Err(TrapCode::ExpectedSharedMemory);
    }
    let mask = if N == 8 { u64::MAX } else { (1 << (8 * N)) - 1 };
    if value_of(c) != expected & mask {
        return Ok(1);
    }
    if timeout < 0 {
        return Err(TrapCode::AtomicWaitDeadlock);
    }
    Ok(2)
}

/// Whether memory 0 of the running instance is shared.
fn memory0_is_shared(cx: &mut Cx<'_>) -> bool {
    let instance = cx.instance as usize;
    let core = cx.core();
    core.instances[instance]
        .memories
        .first()
        .is_some_and(|&m| core.memories[m as usize].ty.is_shared())
}

/// `memory.atomic.wait32`.
pub(super) fn memory_atomic_wait32(
    ip: Ip,
    sp: Sp,
    mem: Mem,
    cx: &mut Cx<'_>,
    _: Acc,
    _: FAcc,
) -> Done {
    let (dst, addr, expected, timeout, offset) = fields::MemoryAtomicWait32(ip);
    let shared = memory0_is_shared(cx);
    let (a, e, t) = (sp.get(addr), sp.get(expected), sp.get(timeout) as i64);
    match wait::<4>(mem.bytes(), shared, a, offset, e, t) {
        Ok(v) => sp.set(dst, v),
        Err(c) => return trap(ip, cx, c),
    }
    next!(
        ip.add(const { OpCode::MemoryAtomicWait32.len() }),
        sp,
        mem,
        cx
    )
}

/// `memory.atomic.wait64`.
pub(super) fn memory_atomic_wait64(
    ip: Ip,
    sp: Sp,
    mem: Mem,
    cx: &mut Cx<'_>,
    _: Acc,
    _: FAcc,
) -> Done {
    let (dst, addr, expected, timeout, offset) = fields::MemoryAtomicWait64(ip);
    let shared = memory0_is_shared(cx);
    let (a, e, t) = (sp.get(addr), sp.get(expected), sp.get(timeout) as i64);
    match wait::<8>(mem.bytes(), shared, a, offset, e, t) {
        Ok(v) => sp.set(dst, v),
        Err(c) => return trap(ip, cx, c),
    }
    next!(
        ip.add(const { OpCode::MemoryAtomicWait64.len() }),
        sp,
        mem,
        cx
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignment_is_checked_before_bounds() {
        let mut m = [0u8; 16];
        assert_eq!(
            i32_atomic_load(&mut m, 1, 0),
            Err(TrapCode::UnalignedAtomic)
        );
        assert_eq!(
            i32_atomic_load(&mut m, 0, 2),
            Err(TrapCode::UnalignedAtomic)
        );
        assert_eq!(
            i64_atomic_load(&mut m, 17, 0),
            Err(TrapCode::UnalignedAtomic)
        );
        assert_eq!(
            i64_atomic_load(&mut m, 16, 0),
            Err(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(i64_atomic_load(&mut m, 8, 0), Ok(0));
        assert_eq!(i32_atomic_load8_u(&mut m, 15, 0), Ok(0));
        assert_eq!(
            i32_atomic_load8_u(&mut m, 16, 0),
            Err(TrapCode::MemoryOutOfBounds)
        );
        // The address is an i32 and the offset a u32: their sum, far past
        // 2^32, is out of bounds and wraps nowhere.
        assert_eq!(
            i64_atomic_load(&mut m, u64::from(u32::MAX) - 7, u32::MAX - 7),
            Err(TrapCode::MemoryOutOfBounds)
        );
    }

    #[test]
    fn read_modify_write_returns_the_old_value_and_wraps_to_its_size() {
        let mut m = [0u8; 16];
        assert_eq!(
            i64_atomic_store(&mut m, 0, 0, 0x1122_3344_5566_77ff),
            Ok(())
        );
        assert_eq!(i32_atomic_rmw8_add_u(&mut m, 0, 0, 0x102), Ok(0xff));
        // 0xff + 0x02 wraps to 0x01 in its byte; the next byte is intact.
        assert_eq!(i64_atomic_load(&mut m, 0, 0), Ok(0x1122_3344_5566_7701));
        assert_eq!(i64_atomic_rmw16_sub_u(&mut m, 0, 0, 2), Ok(0x7701));
        assert_eq!(i64_atomic_load16_u(&mut m, 0, 0), Ok(0x76ff));
        assert_eq!(
            i32_atomic_rmw_and(&mut m, 0, 4, 0xffff_0000),
            Ok(0x1122_3344)
        );
        assert_eq!(i32_atomic_rmw_or(&mut m, 4, 0, 0x0f), Ok(0x1122_0000));
        assert_eq!(i32_atomic_rmw_xor(&mut m, 4, 0, 0xff), Ok(0x1122_000f));
        assert_eq!(
            i64_atomic_rmw32_xchg_u(&mut m, 4, 0, u64::MAX),
            Ok(0x1122_00f0)
        );
        assert_eq!(i64_atomic_load(&mut m, 0, 0), Ok(0xffff_ffff_5566_76ff));
    }

    #[test]
    fn cmpxchg_compares_the_expected_value_wrapped_to_its_size() {
        let mut m = [0u8; 8];
        m[0] = 0x11;
        // Not equal: nothing stored.
        assert_eq!(
            i32_atomic_rmw8_cmpxchg_u(&mut m, 0, 0, 0x12, 0xcd),
            Ok(0x11)
        );
        assert_eq!(m[0], 0x11);
        // 0x111 wraps to 0x11: equal, and only the low byte of 0xabcd goes in.
        assert_eq!(
            i64_atomic_rmw8_cmpxchg_u(&mut m, 0, 0, 0x111, 0xabcd),
            Ok(0x11)
        );
        assert_eq!(m[..2], [0xcd, 0]);
        assert_eq!(
            i64_atomic_rmw_cmpxchg(&mut m, 0, 0, 0xcd, u64::MAX),
            Ok(0xcd)
        );
        assert_eq!(m, [0xff; 8]);
        assert_eq!(
            i32_atomic_rmw16_cmpxchg_u(&mut m, 1, 0, 0, 0),
            Err(TrapCode::UnalignedAtomic)
        );
    }

    #[test]
    fn wait_and_notify_with_one_thread() {
        let mut m = [0u8; 8];
        m[0] = 7;
        assert_eq!(wait::<4>(&mut m, true, 0, 0, 8, -1), Ok(1));
        assert_eq!(wait::<4>(&mut m, true, 0, 0, 7, 0), Ok(2));
        assert_eq!(wait::<8>(&mut m, true, 0, 0, 7, 1_000), Ok(2));
        assert_eq!(
            wait::<4>(&mut m, true, 0, 0, 7, -1),
            Err(TrapCode::AtomicWaitDeadlock)
        );
        assert_eq!(
            wait::<4>(&mut m, false, 0, 0, 8, 0),
            Err(TrapCode::ExpectedSharedMemory)
        );
        // Alignment and bounds come before the shared check.
        assert_eq!(
            wait::<4>(&mut m, false, 2, 0, 0, 0),
            Err(TrapCode::UnalignedAtomic)
        );
        assert_eq!(
            wait::<8>(&mut m, false, 8, 0, 0, 0),
            Err(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(memory_atomic_notify(&mut m, 4, 0, 10), Ok(0));
        assert_eq!(
            memory_atomic_notify(&mut m, 2, 0, 1),
            Err(TrapCode::UnalignedAtomic)
        );
        assert_eq!(
            memory_atomic_notify(&mut m, 8, 0, 1),
            Err(TrapCode::MemoryOutOfBounds)
        );
    }
}
