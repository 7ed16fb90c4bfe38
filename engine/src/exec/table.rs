//! Table and element-segment operations.

use super::memory::range;
use crate::store::StoreInner;
use crate::trap::TrapCode;

const OOB: TrapCode = TrapCode::TableOutOfBounds;

pub fn get(s: &StoreInner, table: u32, index: u64) -> Result<u64, TrapCode> {
    s.tables[table as usize]
        .elems
        .get(index as u32 as usize)
        .copied()
        .ok_or(OOB)
}

pub fn set(s: &mut StoreInner, table: u32, index: u64, value: u64) -> Result<(), TrapCode> {
    let slot = s.tables[table as usize]
        .elems
        .get_mut(index as u32 as usize)
        .ok_or(OOB)?;
    *slot = value;
    Ok(())
}

pub fn fill(
    s: &mut StoreInner,
    table: u32,
    index: u64,
    value: u64,
    len: u64,
) -> Result<(), TrapCode> {
    let elems = &mut s.tables[table as usize].elems;
    let r = range(index, len, elems.len()).ok_or(OOB)?;
    elems[r].fill(value);
    Ok(())
}

pub fn copy(
    s: &mut StoreInner,
    dst_t: u32,
    src_t: u32,
    dst: u64,
    src: u64,
    len: u64,
) -> Result<(), TrapCode> {
    let src_len = s.tables[src_t as usize].elems.len();
    let dst_len = s.tables[dst_t as usize].elems.len();
    let sr = range(src, len, src_len).ok_or(OOB)?;
    let dr = range(dst, len, dst_len).ok_or(OOB)?;
    if dst_t == src_t {
        s.tables[dst_t as usize].elems.copy_within(sr, dr.start);
    } else {
        let (a, b) = (dst_t as usize, src_t as usize);
        // Borrow both tables at once by splitting the vector between them.
        let (lo, hi) = s.tables.split_at_mut(a.max(b));
        let (d, sv) = if a < b {
            (&mut lo[a], &hi[0])
        } else {
            (&mut hi[0], &lo[b])
        };
        d.elems[dr].copy_from_slice(&sv.elems[sr]);
    }
    Ok(())
}

/// `table.init` from element segment `seg` of instance `inst`.
pub fn init(
    s: &mut StoreInner,
    inst: u32,
    table: u32,
    seg: u32,
    dst: u64,
    src: u64,
    len: u64,
) -> Result<(), TrapCode> {
    let t = s.instances[inst as usize].tables[table as usize] as usize;
    let items = &s.instances[inst as usize].elems[seg as usize];
    let sr = range(src, len, items.len()).ok_or(OOB)?;
    let dr = range(dst, len, s.tables[t].elems.len()).ok_or(OOB)?;
    let (tables, instances) = (&mut s.tables, &s.instances);
    tables[t].elems[dr].copy_from_slice(&instances[inst as usize].elems[seg as usize][sr]);
    Ok(())
}
