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

type Load = fn(&mut [u8], u64, u32) -> Result<u64, TrapCode>;
type Store = fn(&mut [u8], u64, u32, u64) -> Result<(), TrapCode>;
type Rmw = fn(&mut [u8], u64, u32, u64) -> Result<u64, TrapCode>;
type Cmpxchg = fn(&mut [u8], u64, u32, u64, u64) -> Result<u64, TrapCode>;

/// The semantics of an atomic op, by family.
#[derive(Clone, Copy)]
enum Sem {
    Load(Load),
    Store(Store),
    Rmw(Rmw),
    Cmpxchg(Cmpxchg),
    Wait32,
    Wait64,
}

macro_rules! sem_arm {
    (atomic_load, $name:ident, $sem:ident, $code:ident) => {
        if $code == OpCode::$name as u32 {
            return Some(Sem::Load(atomic::$sem));
        }
    };
    (atomic_store, $name:ident, $sem:ident, $code:ident) => {
        if $code == OpCode::$name as u32 {
            return Some(Sem::Store(atomic::$sem));
        }
    };
    (atomic_rmw, $name:ident, $sem:ident, $code:ident) => {
        if $code == OpCode::$name as u32 {
            return Some(Sem::Rmw(atomic::$sem));
        }
    };
    (atomic_cmpxchg, $name:ident, $sem:ident, $code:ident) => {
        if $code == OpCode::$name as u32 {
            return Some(Sem::Cmpxchg(atomic::$sem));
        }
    };
    ($other:ident, $name:ident, $sem:ident, $code:ident) => {};
}

macro_rules! define_sem_of {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident ( $($field:ident : $kind:ident),* )
            = $family:ident $sem:ident $(of $base:ident $(( $inner:ident ))?)? $(not $neg:ident)? [$gate:ident];
    )*) => {
        /// The semantics of the atomic op whose code is `code`, if it is one.
        fn sem_of(code: u32) -> Option<Sem> {
            if code == OpCode::MemoryAtomicWait32 as u32 {
                return Some(Sem::Wait32);
            }
            if code == OpCode::MemoryAtomicWait64 as u32 {
                return Some(Sem::Wait64);
            }
            $( sem_arm!($family, $name, $sem, code); )*
            None
        }
    };
}
for_each_op!(define_sem_of);

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
    let at = ea - base;
    match sem_of(op).ok_or(TrapCode::Unreachable)? {
        Sem::Load(f) => f(window, at, 0),
        Sem::Store(f) => f(window, at, 0, a).map(|()| 0),
        Sem::Rmw(f) => f(window, at, 0, a),
        Sem::Cmpxchg(f) => f(window, at, 0, a, b),
        Sem::Wait32 => atomic::wait::<4>(window, shared, at, 0, a, b as i64),
        Sem::Wait64 => atomic::wait::<8>(window, shared, at, 0, a, b as i64),
    }
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
