//! Table and element-segment operations. A table's index operands are
//! i32s, or i64s for a table64 (`memory::operand` takes the slot's low
//! half or all of it), checked in 64 bits so no range wraps.

use super::memory::{operand, range64};
use crate::store::{StoreInner, TableEntity};
use crate::trap::TrapCode;

const OOB: TrapCode = TrapCode::TableOutOfBounds;

/// An index operand of table `t`.
fn index_of(t: &TableEntity, v: u64) -> u64 {
    operand(t.ty.is_64(), v)
}

/// Element `index` of table `t`, as a `usize` index of its elements.
fn element(t: &TableEntity, index: u64) -> Option<usize> {
    usize::try_from(index_of(t, index)).ok()
}

pub fn get(s: &StoreInner, table: u32, index: u64) -> Result<u64, TrapCode> {
    let t = &s.tables[table as usize];
    element(t, index)
        .and_then(|i| t.elems.get(i))
        .copied()
        .ok_or(OOB)
}

pub fn set(s: &mut StoreInner, table: u32, index: u64, value: u64) -> Result<(), TrapCode> {
    let t = &mut s.tables[table as usize];
    let i = element(t, index).ok_or(OOB)?;
    let slot = t.elems.get_mut(i).ok_or(OOB)?;
    *slot = value;
    Ok(())
}

/// The element of table `table` at the index operand `index` (an
/// i64 for a table64): `None` if out of bounds.
pub fn slot(s: &StoreInner, table: u32, index: u64) -> Option<u64> {
    get(s, table, index).ok()
}

pub fn fill(
    s: &mut StoreInner,
    table: u32,
    index: u64,
    value: u64,
    len: u64,
) -> Result<(), TrapCode> {
    let t = &mut s.tables[table as usize];
    let (index, len) = (index_of(t, index), index_of(t, len));
    let r = range64(index, len, t.elems.len()).ok_or(OOB)?;
    t.elems[r].fill(value);
    Ok(())
}

/// `table.copy`: each index of its table's type, the length an i64 only
/// if both tables are table64.
pub fn copy(
    s: &mut StoreInner,
    dst_t: u32,
    src_t: u32,
    dst: u64,
    src: u64,
    len: u64,
) -> Result<(), TrapCode> {
    let (d, sv) = (&s.tables[dst_t as usize], &s.tables[src_t as usize]);
    let len = operand(d.ty.is_64() && sv.ty.is_64(), len);
    let sr = range64(index_of(sv, src), len, sv.elems.len()).ok_or(OOB)?;
    let dr = range64(index_of(d, dst), len, d.elems.len()).ok_or(OOB)?;
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

/// `table.init` from element segment `seg` of instance `inst`: the
/// destination of the table's index type, the source and length i32s.
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
    let (src, len) = (operand(false, src), operand(false, len));
    let sr = range64(src, len, items.len()).ok_or(OOB)?;
    let dst = index_of(&s.tables[t], dst);
    let dr = range64(dst, len, s.tables[t].elems.len()).ok_or(OOB)?;
    let (tables, instances) = (&mut s.tables, &s.instances);
    tables[t].elems[dr].copy_from_slice(&instances[inst as usize].elems[seg as usize][sr]);
    Ok(())
}
