//! The general path of the atomic instructions: an access to any memory
//! of the instance, 32- or 64-bit (`AtomicMem`, `AtomicStoreMem`). The op
//! names its fast form by `OpCode`, whose semantics function (`atomic`)
//! does the work on a window of the memory: the effective address is
//! computed in 64 bits, then the window starts at that address rounded
//! down to a multiple of 8, so the function sees an address below 8 with
//! the same alignment (every access size divides 8) and the same bytes
//! up to the memory's end: alignment, then bounds, are checked exactly as
//! on the fast path.

use super::atomic;
use super::cx::Cx;
use super::dispatch::{Acc, Done, FAcc, next};
use super::handlers::{fields, trap};
use super::memory::operand;
use super::state::{Ip, Mem, Sp};
use crate::ir::{OpCode, for_each_op};
use crate::trap::TrapCode;

/// The arm of `apply` for one op of an atomic family: a direct call of
/// its semantics function.
macro_rules! apply_arm {
    (atomic_load, $name:ident, $sem:ident, $op:ident, $w:ident, $at:ident, $a:ident, $b:ident) => {
        if $op == OpCode::$name as u32 {
            return atomic::$sem($w, $at, 0);
        }
    };
    (atomic_store, $name:ident, $sem:ident, $op:ident, $w:ident, $at:ident, $a:ident, $b:ident) => {
        if $op == OpCode::$name as u32 {
            return atomic::$sem($w, $at, 0, $a).map(|()| 0);
        }
    };
    (atomic_rmw, $name:ident, $sem:ident, $op:ident, $w:ident, $at:ident, $a:ident, $b:ident) => {
        if $op == OpCode::$name as u32 {
            return atomic::$sem($w, $at, 0, $a);
        }
    };
    (atomic_cmpxchg, $name:ident, $sem:ident, $op:ident, $w:ident, $at:ident, $a:ident, $b:ident) => {
        if $op == OpCode::$name as u32 {
            return atomic::$sem($w, $at, 0, $a, $b);
        }
    };
    ($other:ident, $name:ident, $sem:ident, $op:ident, $w:ident, $at:ident, $a:ident, $b:ident) => {};
}

macro_rules! define_apply {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident ( $($field:ident : $kind:ident),* )
            = $family:ident $sem:ident $(of $base:ident $(( $inner:ident ))?)? $(not $neg:ident)? [$gate:ident];
    )*) => {
        /// Runs the atomic op whose code is `op` on `window` at `at` with
        /// operands `a` and `b` (a `wait`'s expected value and timeout).
        ///
        /// Each op's semantics function is called by name, not through a
        /// function pointer: their results come back through memory, and
        /// a local whose address went to a function the compiler cannot
        /// see kept the handlers that call this from tail-calling the next
        /// op's handler (x86_64), so a loop of atomic accesses to a memory
        /// other than 0 grew the native stack until it overflowed
        /// (`exec::tests`' long loop, run optimized, found it).
        fn apply(op: u32, window: &mut [u8], shared: bool, at: u64, a: u64, b: u64) -> Result<u64, TrapCode> {
            if op == OpCode::MemoryAtomicWait32 as u32 {
                return atomic::wait::<4>(window, shared, at, 0, a, b as i64);
            }
            if op == OpCode::MemoryAtomicWait64 as u32 {
                return atomic::wait::<8>(window, shared, at, 0, a, b as i64);
            }
            $( apply_arm!($family, $name, $sem, op, window, at, a, b); )*
            Err(TrapCode::Unreachable)
        }
    };
}
for_each_op!(define_apply);

/// Runs the atomic access `op` on memory `index` at `addr + offset` with
/// operands `a` and `b`: its result (0 for a store).
fn access(
    cx: &mut Cx<'_>,
    op: u32,
    index: u32,
    addr: u64,
    offset: u64,
    a: u64,
    b: u64,
) -> Result<u64, TrapCode> {
    let instance = cx.instance as usize;
    let core = cx.core();
    let m = core.instances[instance].memories[index as usize] as usize;
    let m = &mut core.memories[m];
    let shared = m.ty.is_shared();
    let ea = operand(m.ty.is_64(), addr)
        .checked_add(offset)
        .ok_or(TrapCode::MemoryOutOfBounds)?;
    let base = ea & !7;
    let window = match usize::try_from(base) {
        Ok(b) if b <= m.data.len() => &mut m.data[b..],
        _ => &mut [],
    };
    apply(op, window, shared, ea - base, a, b)
}

pub(super) fn atomic_mem(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (dst, addr, a, b, op, index, offset) = fields::AtomicMem(ip);
    let (addr, a, b) = (sp.get(addr), sp.get(a), sp.get(b));
    match access(cx, op, index, addr, offset, a, b) {
        Ok(v) => sp.set(dst, v),
        Err(c) => return trap(ip, cx, c),
    }
    next!(ip.add(const { OpCode::AtomicMem.len() }), sp, mem, cx)
}

pub(super) fn atomic_store_mem(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (addr, value, op, index, offset) = fields::AtomicStoreMem(ip);
    let (addr, value) = (sp.get(addr), sp.get(value));
    if let Err(c) = access(cx, op, index, addr, offset, value, 0) {
        return trap(ip, cx, c);
    }
    next!(ip.add(const { OpCode::AtomicStoreMem.len() }), sp, mem, cx)
}
