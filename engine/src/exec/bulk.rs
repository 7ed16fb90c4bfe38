//! The handlers of memory 0's instructions that are not accesses
//! (`memory.size`, `memory.grow`, the bulk ops) and of the table
//! instructions: `control` ops of the list, reached through
//! `exec::control`.

use super::control::len;
use super::cx::Cx;
use super::dispatch::{Acc, Done, FAcc, next};
use super::handlers::{fields, trap};
use super::state::{Ip, Mem, Sp};
use super::{memory, table};
use crate::trap::TrapCode;

/// Memory 0 of the running instance, as a store index.
fn memory0(cx: &mut Cx<'_>) -> Option<usize> {
    let instance = cx.instance as usize;
    cx.core().instances[instance]
        .memories
        .first()
        .map(|&m| m as usize)
}

pub(super) fn memory_size(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (dst,) = fields::MemorySize(ip);
    let pages = match memory0(cx) {
        Some(m) => cx.core().memories[m].pages,
        None => 0,
    };
    sp.set(dst, pages);
    next!(ip.add(len!(MemorySize)), sp, mem, cx)
}

pub(super) fn memory_grow(ip: Ip, sp: Sp, _: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (dst, delta) = fields::MemoryGrow(ip);
    let delta = u64::from(sp.get(delta) as u32);
    let old = match memory0(cx) {
        Some(m) => {
            let core = cx.core();
            core.memories[m].grow(delta, &mut core.budget)
        }
        None => None,
    };
    sp.set(dst, old.unwrap_or(u64::from(u32::MAX)));
    let mem = cx.memory();
    next!(ip.add(len!(MemoryGrow)), sp, mem, cx)
}

pub(super) fn memory_copy(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (args,) = fields::MemoryCopy(ip);
    let (d, s, n) = (sp.get(args), sp.get(args + 1), sp.get(args + 2));
    if let Err(c) = memory::copy(mem.bytes(), d, s, n) {
        return trap(ip, cx, c);
    }
    next!(ip.add(len!(MemoryCopy)), sp, mem, cx)
}

pub(super) fn memory_fill(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (args,) = fields::MemoryFill(ip);
    let (d, v, n) = (sp.get(args), sp.get(args + 1), sp.get(args + 2));
    if let Err(c) = memory::fill(mem.bytes(), d, v, n) {
        return trap(ip, cx, c);
    }
    next!(ip.add(len!(MemoryFill)), sp, mem, cx)
}

pub(super) fn memory_init(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (segment, args) = fields::MemoryInit(ip);
    let (d, s, n) = (sp.get(args), sp.get(args + 1), sp.get(args + 2));
    let (_, bytes) = cx.data_segment(segment);
    let m = mem.bytes();
    match (
        memory::range(s, n, bytes.len()),
        memory::range(d, n, m.len()),
    ) {
        (Some(sr), Some(dr)) => m[dr].copy_from_slice(&bytes[sr]),
        _ => return trap(ip, cx, TrapCode::MemoryOutOfBounds),
    }
    next!(ip.add(len!(MemoryInit)), sp, mem, cx)
}

pub(super) fn data_drop(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (segment,) = fields::DataDrop(ip);
    let instance = cx.instance as usize;
    cx.core().instances[instance].dropped_data[segment as usize] = true;
    next!(ip.add(len!(DataDrop)), sp, mem, cx)
}

/// The store index of table `table` of the running instance.
fn table_index(cx: &mut Cx<'_>, table: u32) -> u32 {
    let instance = cx.instance as usize;
    cx.core().instances[instance].tables[table as usize]
}

pub(super) fn table_get(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (dst, table, index) = fields::TableGet(ip);
    let t = table_index(cx, table);
    match table::get(cx.core(), t, sp.get(index)) {
        Ok(v) => sp.set(dst, v),
        Err(c) => return trap(ip, cx, c),
    }
    next!(ip.add(len!(TableGet)), sp, mem, cx)
}

pub(super) fn table_set(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (table, args) = fields::TableSet(ip);
    let t = table_index(cx, table);
    if let Err(c) = table::set(cx.core(), t, sp.get(args), sp.get(args + 1)) {
        return trap(ip, cx, c);
    }
    next!(ip.add(len!(TableSet)), sp, mem, cx)
}

pub(super) fn table_size(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (dst, table) = fields::TableSize(ip);
    let t = table_index(cx, table);
    let n = cx.core().tables[t as usize].elems.len();
    sp.set(dst, n as u64);
    next!(ip.add(len!(TableSize)), sp, mem, cx)
}

pub(super) fn table_grow(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (table, args) = fields::TableGrow(ip);
    let t = table_index(cx, table);
    let core = cx.core();
    let is_64 = core.tables[t as usize].ty.is_64();
    let (init, delta) = (sp.get(args), memory::operand(is_64, sp.get(args + 1)));
    let r = core.tables[t as usize].grow(delta, init, &mut core.budget);
    // -1 on failure: an i64 for a table64.
    let failed = if is_64 { u64::MAX } else { u64::from(u32::MAX) };
    sp.set(args, r.map_or(failed, u64::from));
    next!(ip.add(len!(TableGrow)), sp, mem, cx)
}

pub(super) fn table_fill(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (table, args) = fields::TableFill(ip);
    let t = table_index(cx, table);
    let (i, v, n) = (sp.get(args), sp.get(args + 1), sp.get(args + 2));
    if let Err(c) = table::fill(cx.core(), t, i, v, n) {
        return trap(ip, cx, c);
    }
    next!(ip.add(len!(TableFill)), sp, mem, cx)
}

pub(super) fn table_copy(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (dst_table, src_table, args) = fields::TableCopy(ip);
    let (dt, st) = (table_index(cx, dst_table), table_index(cx, src_table));
    let (d, s, n) = (sp.get(args), sp.get(args + 1), sp.get(args + 2));
    if let Err(c) = table::copy(cx.core(), dt, st, d, s, n) {
        return trap(ip, cx, c);
    }
    next!(ip.add(len!(TableCopy)), sp, mem, cx)
}

pub(super) fn table_init(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (table, segment, args) = fields::TableInit(ip);
    let (d, s, n) = (sp.get(args), sp.get(args + 1), sp.get(args + 2));
    let instance = cx.instance;
    if let Err(c) = table::init(cx.core(), instance, table, segment, d, s, n) {
        return trap(ip, cx, c);
    }
    next!(ip.add(len!(TableInit)), sp, mem, cx)
}

pub(super) fn elem_drop(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (segment,) = fields::ElemDrop(ip);
    let instance = cx.instance as usize;
    cx.core().instances[instance].elems[segment as usize] = alloc::vec::Vec::new();
    next!(ip.add(len!(ElemDrop)), sp, mem, cx)
}
