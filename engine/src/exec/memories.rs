//! The general memory path: accesses and bulk operations on any memory of
//! the running instance, by index, 32- or 64-bit (multi-memory and
//! memory64). The fast `load`/`store` handlers and the `MemorySize` ...
//! `MemoryInit` ops serve a 32-bit memory 0 through the cached `Mem`;
//! these look their memory up in the store each time, so they need no
//! cached state, and they are out of line so that the handlers that call
//! them stay small.

use super::cx::Cx;
use super::dispatch::{Acc, Done, FAcc, next};
use super::handlers::{fields, trap};
use super::memory::{Wide, operand, range64};
use super::state::{Ip, Mem, Sp};
use crate::ir::OpCode;
use crate::store::MemoryEntity;
use crate::trap::TrapCode;

const OOB: TrapCode = TrapCode::MemoryOutOfBounds;

/// Words of op `$name`.
macro_rules! len {
    ($name:ident) => {
        const { OpCode::$name.len() }
    };
}

/// Memory `index` of the running instance (an index the validator
/// checked), as the store's entity.
pub(super) fn entity<'c>(cx: &'c mut Cx<'_>, index: u32) -> &'c mut MemoryEntity {
    let instance = cx.instance as usize;
    let core = cx.core();
    let m = core.instances[instance].memories[index as usize] as usize;
    &mut core.memories[m]
}

/// The semantics of a load of the general path (`exec::memory`).
pub(super) type LoadFn = fn(&[u8], Wide, u64) -> Result<u64, TrapCode>;
/// The semantics of a store of the general path.
pub(super) type StoreFn = fn(&mut [u8], Wide, u64, u64) -> Result<(), TrapCode>;

/// A `load_mem` op at `ip` (`dst, addr, memory, offset`) with semantics
/// `f`; `narrow` if its result is 32 bits wide.
#[inline(never)]
pub(super) fn load(
    ip: Ip,
    sp: Sp,
    cx: &mut Cx<'_>,
    f: LoadFn,
    narrow: bool,
) -> Result<(), TrapCode> {
    let (dst, addr, index, offset) = (ip.word(1), ip.word(2), ip.u32(3), ip.u64(5));
    let m = entity(cx, index);
    let addr = Wide(operand(m.ty.is_64(), sp.get(addr)));
    let v = f(&m.data, addr, offset)?;
    if narrow {
        sp.set32(dst, v as u32);
    } else {
        sp.set(dst, v);
    }
    Ok(())
}

/// A `store_mem` op at `ip` (`addr, value, memory, offset`) with semantics `f`.
#[inline(never)]
pub(super) fn store(ip: Ip, sp: Sp, cx: &mut Cx<'_>, f: StoreFn) -> Result<(), TrapCode> {
    let (addr, value, index, offset) = (ip.word(1), ip.word(2), ip.u32(3), ip.u64(5));
    let m = entity(cx, index);
    let addr = Wide(operand(m.ty.is_64(), sp.get(addr)));
    f(&mut m.data, addr, offset, sp.get(value))
}

pub(super) fn memory_size_mem(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (dst, index) = fields::MemorySizeMem(ip);
    sp.set(dst, entity(cx, index).pages);
    next!(ip.add(len!(MemorySizeMem)), sp, mem, cx)
}

pub(super) fn memory_grow_mem(ip: Ip, sp: Sp, _: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (dst, delta, index) = fields::MemoryGrowMem(ip);
    let instance = cx.instance as usize;
    let core = cx.core();
    let m = core.instances[instance].memories[index as usize] as usize;
    let (memories, budget) = (&mut core.memories, &mut core.budget);
    let is_64 = memories[m].ty.is_64();
    let old = memories[m].grow(operand(is_64, sp.get(delta)), budget);
    let failed = if is_64 { u64::MAX } else { u64::from(u32::MAX) };
    sp.set(dst, old.unwrap_or(failed));
    // Memory 0 may be this memory (imported twice): read it anew.
    let mem = cx.memory();
    next!(ip.add(len!(MemoryGrowMem)), sp, mem, cx)
}

pub(super) fn memory_copy_mem(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (dst_index, src_index, args) = fields::MemoryCopyMem(ip);
    if let Err(c) = copy(cx, dst_index, src_index, sp, args) {
        return trap(ip, cx, c);
    }
    next!(ip.add(len!(MemoryCopyMem)), sp, mem, cx)
}

/// `memory.copy` between memories `dst_index` and `src_index` with its
/// operands at `args..`: each address of its memory's type, the length
/// an i64 only if both are 64-bit.
fn copy(
    cx: &mut Cx<'_>,
    dst_index: u32,
    src_index: u32,
    sp: Sp,
    args: u16,
) -> Result<(), TrapCode> {
    let instance = cx.instance as usize;
    let core = cx.core();
    let memories = &core.instances[instance].memories;
    let (d, s) = (
        memories[dst_index as usize] as usize,
        memories[src_index as usize] as usize,
    );
    let (d64, s64) = (core.memories[d].ty.is_64(), core.memories[s].ty.is_64());
    let dst = operand(d64, sp.get(args));
    let src = operand(s64, sp.get(args + 1));
    let len = operand(d64 && s64, sp.get(args + 2));
    let sr = range64(src, len, core.memories[s].data.len()).ok_or(OOB)?;
    let dr = range64(dst, len, core.memories[d].data.len()).ok_or(OOB)?;
    if d == s {
        core.memories[d].data.copy_within(sr, dr.start);
    } else {
        // Borrow both memories at once by splitting the list between them.
        let (lo, hi) = core.memories.split_at_mut(d.max(s));
        let (to, from) = if d < s {
            (&mut lo[d], &hi[0])
        } else {
            (&mut hi[0], &lo[s])
        };
        to.data[dr].copy_from_slice(&from.data[sr]);
    }
    Ok(())
}

pub(super) fn memory_fill_mem(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (index, args) = fields::MemoryFillMem(ip);
    let m = entity(cx, index);
    let is_64 = m.ty.is_64();
    let (dst, len) = (
        operand(is_64, sp.get(args)),
        operand(is_64, sp.get(args + 2)),
    );
    match range64(dst, len, m.data.len()) {
        Some(r) => m.data[r].fill(sp.get(args + 1) as u8),
        None => return trap(ip, cx, OOB),
    }
    next!(ip.add(len!(MemoryFillMem)), sp, mem, cx)
}

pub(super) fn memory_init_mem(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (index, segment, args) = fields::MemoryInitMem(ip);
    let instance = cx.instance as usize;
    let (core, bytes) = cx.data_segment(segment);
    let m = core.instances[instance].memories[index as usize] as usize;
    let m = &mut core.memories[m];
    // The destination is of the memory's address type; the segment's
    // offset and the length are i32s.
    let dst = operand(m.ty.is_64(), sp.get(args));
    let (src, len) = (
        operand(false, sp.get(args + 1)),
        operand(false, sp.get(args + 2)),
    );
    match (
        range64(src, len, bytes.len()),
        range64(dst, len, m.data.len()),
    ) {
        (Some(sr), Some(dr)) => m.data[dr].copy_from_slice(&bytes[sr]),
        _ => return trap(ip, cx, OOB),
    }
    next!(ip.add(len!(MemoryInitMem)), sp, mem, cx)
}
