//! The entities behind memory and table handles: their storage, sizes and
//! growth, within the limits of the configuration and the store's budget.

use super::{Budget, MemoryEntity, TableEntity};
use crate::engine::Config;
use crate::error::{Error, LimitKind};
use crate::types::{MemoryType, TableType};
use crate::zeroed::ZeroedVec;

/// The most pages a memory of type `ty` may reach under `config`.
pub(crate) fn memory_max_pages(ty: &MemoryType, config: &Config) -> u64 {
    let log2 = ty.page_size_log2() as u32;
    let absolute = if ty.is_64() {
        // A 64-bit memory holds at most 2^64 bytes: 2^48 pages of 64 KiB.
        u64::MAX
            .checked_shr(log2)
            .map_or(u64::MAX, |m| m.saturating_add(1))
    } else {
        // A 32-bit memory holds at most 2^32 bytes, and its size in pages
        // must fit `memory.size`'s 32-bit result: 2^32 - 1 pages of one byte.
        (1u64 << (32 - log2)).min(u64::from(u32::MAX))
    };
    // The configured limit counts 64 KiB pages; convert it to this
    // memory's page size. (The memory must also fit the target's `usize`:
    // `new` and `grow` fail cleanly when it would not.)
    let config_pages = (u64::from(config.max_memory_pages) << 16) >> log2;
    ty.maximum()
        .unwrap_or(absolute)
        .min(absolute)
        .min(config_pages)
}

/// The most elements a table of type `ty` may reach under `config`.
pub(crate) fn table_max(ty: &TableType, config: &Config) -> u32 {
    let max = ty
        .maximum()
        .map_or(u32::MAX, |m| u32::try_from(m).unwrap_or(u32::MAX));
    max.min(config.max_table_elements)
}

/// Bytes a table of `elements` holds against the store's budget.
pub(crate) fn table_bytes(elements: u64) -> u64 {
    elements.saturating_mul(8)
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

impl MemoryEntity {
    /// A memory of `ty`'s minimum size, zero-filled without touching its
    /// pages, with room reserved to grow (see `Config::memory_reservation`).
    pub(crate) fn new(ty: MemoryType, config: &Config, budget: &mut Budget) -> Result<Self, Error> {
        let log2 = ty.page_size_log2() as u32;
        let max = memory_max_pages(&ty, config);
        if ty.minimum() > max {
            return Err(Error::limit(LimitKind::MemoryPages));
        }
        // At most the configured limit's 2^48 bytes: no overflow.
        let bytes = ty.minimum() << log2;
        if !budget.fits(bytes) {
            return Err(Error::limit(LimitKind::StoreBytes));
        }
        // Never reserve more than the memory can ever hold.
        let reserve = (max << log2)
            .min(config.memory_reservation)
            .min(bytes.saturating_add(budget.left() - bytes));
        let len = usize::try_from(bytes).map_err(|_| Error::limit(LimitKind::OutOfMemory))?;
        let data =
            ZeroedVec::new(len, to_usize(reserve)).ok_or(Error::limit(LimitKind::OutOfMemory))?;
        budget.take(bytes);
        Ok(MemoryEntity {
            data,
            ty,
            pages: ty.minimum(),
            max_pages: max,
            reservation: config.memory_reservation,
        })
    }

    /// Grows by `delta` pages; returns the old size, or `None` on failure.
    /// The new pages are zero and, within the reservation, untouched.
    pub(crate) fn grow(&mut self, delta: u64, budget: &mut Budget) -> Option<u64> {
        let log2 = self.ty.page_size_log2() as u32;
        let old = self.pages;
        let new = old.checked_add(delta)?;
        if new > self.max_pages {
            return None;
        }
        // `new` is at most `max_pages`, whose bytes fit in 64 bits.
        let added = delta << log2;
        if !budget.fits(added) {
            return None;
        }
        let bytes = new << log2;
        // Past the allocation, room for at most the reservation (none:
        // exactly what is needed, as on boards).
        let room = (self.max_pages << log2)
            .min(self.reservation.max(bytes))
            .min(bytes.saturating_add(budget.left() - added));
        self.data
            .grow(usize::try_from(bytes).ok()?, to_usize(room))?;
        budget.take(added);
        self.pages = new;
        Some(old)
    }
}

impl TableEntity {
    /// A table of `ty`'s minimum size with every element `init`. Null
    /// (`0`) elements are not written: their pages are never touched.
    pub(crate) fn new(
        ty: TableType,
        init: u64,
        config: &Config,
        budget: &mut Budget,
    ) -> Result<Self, Error> {
        let max = table_max(&ty, config);
        if ty.minimum() > u64::from(max) {
            return Err(Error::limit(LimitKind::TableElements));
        }
        let bytes = table_bytes(ty.minimum());
        if !budget.fits(bytes) {
            return Err(Error::limit(LimitKind::StoreBytes));
        }
        let mut elems =
            ZeroedVec::new(ty.minimum() as usize, 0).ok_or(Error::limit(LimitKind::OutOfMemory))?;
        if init != 0 {
            elems.fill(init);
        }
        budget.take(bytes);
        Ok(TableEntity { elems, ty, max })
    }

    /// Grows by `delta` elements set to `init`; returns the old size.
    pub(crate) fn grow(&mut self, delta: u64, init: u64, budget: &mut Budget) -> Option<u32> {
        let delta = u32::try_from(delta).ok()?;
        let old = u32::try_from(self.elems.len()).ok()?;
        let new = old.checked_add(delta)?;
        if new > self.max {
            return None;
        }
        let added = table_bytes(u64::from(delta));
        if !budget.fits(added) {
            return None;
        }
        self.elems.grow(new as usize, self.max as usize)?;
        if init != 0 {
            self.elems[old as usize..].fill(init);
        }
        budget.take(added);
        Some(old)
    }
}
