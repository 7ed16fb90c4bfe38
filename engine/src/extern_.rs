//! Handles to memories, tables and globals, and their host-side operations.

use crate::engine::Config;
use crate::error::{CallError, Error, LimitKind};
use crate::store::{
    AsContext, AsContextMut, Budget, GlobalEntity, MemoryEntity, StoreInner, TableEntity, push,
};
use crate::trap::TrapCode;
use crate::types::{GlobalType, MemoryType, Mutability, TableType};
use crate::value::Val;
use crate::zeroed::ZeroedVec;

/// A handle to a linear memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Memory(pub(crate) u32);

/// A handle to a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Table(pub(crate) u32);

/// A handle to a global.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Global(pub(crate) u32);

fn foreign() -> Error {
    Error::Call(CallError::ForeignHandle)
}

/// The most pages a memory of type `ty` may reach under `config`.
pub(crate) fn memory_max_pages(ty: &MemoryType, config: &Config) -> u64 {
    let log2 = ty.page_size_log2() as u32;
    // A 32-bit memory holds at most 2^32 bytes, and its size in pages must
    // fit `memory.size`'s 32-bit result: 2^32 - 1 pages of one byte.
    let absolute = (1u64 << (32 - log2)).min(u64::from(u32::MAX));
    // The configured limit counts 64 KiB pages; convert it to this
    // memory's page size.
    let config_pages = (u64::from(config.max_memory_pages) << 16) >> log2;
    ty.maximum()
        .map_or(absolute, u64::from)
        .min(absolute)
        .min(config_pages)
}

/// The most elements a table of type `ty` may reach under `config`.
pub(crate) fn table_max(ty: &TableType, config: &Config) -> u32 {
    ty.maximum()
        .unwrap_or(u32::MAX)
        .min(config.max_table_elements)
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
        if u64::from(ty.minimum()) > max {
            return Err(Error::limit(LimitKind::MemoryPages));
        }
        let bytes = u64::from(ty.minimum()) << log2;
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
    pub(crate) fn grow(&mut self, delta: u32, budget: &mut Budget) -> Option<u32> {
        let log2 = self.ty.page_size_log2() as u32;
        let old = self.pages;
        let new = u64::from(old) + u64::from(delta);
        if new > self.max_pages {
            return None;
        }
        let added = u64::from(delta) << log2;
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
        self.pages = u32::try_from(new).ok()?;
        Some(old)
    }
}

impl Memory {
    pub fn new<T>(mut store: impl AsContextMut<Data = T>, ty: MemoryType) -> Result<Memory, Error> {
        let inner = &mut store.as_context_mut().inner;
        let entity = MemoryEntity::new(ty, inner.engine.config(), &mut inner.budget)?;
        push(&mut inner.memories, entity).map(Memory)
    }
    fn entity<'a>(&self, inner: &'a StoreInner) -> Result<&'a MemoryEntity, Error> {
        inner.memories.get(self.0 as usize).ok_or_else(foreign)
    }
    pub fn ty(&self, store: impl AsContext) -> Option<MemoryType> {
        self.entity(&store.as_context().inner).ok().map(|m| m.ty)
    }
    /// Size in pages.
    pub fn size(&self, store: impl AsContext) -> u32 {
        self.entity(&store.as_context().inner)
            .map_or(0, |m| m.pages)
    }
    /// The memory's bytes.
    pub fn data<'a, T: 'a>(&self, store: &'a impl AsContext<Data = T>) -> &'a [u8] {
        self.entity(&store.as_context().inner)
            .map_or(&[], |m| &m.data[..])
    }
    /// The memory's bytes, writable.
    pub fn data_mut<'a, T: 'a>(&self, store: &'a mut impl AsContextMut<Data = T>) -> &'a mut [u8] {
        match store
            .as_context_mut()
            .inner
            .memories
            .get_mut(self.0 as usize)
        {
            Some(m) => &mut m.data[..],
            None => &mut [],
        }
    }
    /// The memory's bytes and the store's host data, both writable at once
    /// (what a host function needs to serve a guest's buffer from its state).
    pub fn data_and_store_mut<'a, T: 'a>(
        &self,
        store: &'a mut impl AsContextMut<Data = T>,
    ) -> (&'a mut [u8], &'a mut T) {
        let store = store.as_context_mut();
        let (inner, data) = store.inner_and_data_mut();
        let bytes = match inner.memories.get_mut(self.0 as usize) {
            Some(m) => &mut m.data[..],
            None => &mut [],
        };
        (bytes, data)
    }

    /// Copies `buf.len()` bytes from `offset`.
    pub fn read(&self, store: impl AsContext, offset: usize, buf: &mut [u8]) -> Result<(), Error> {
        let store = store.as_context();
        let data = &self.entity(&store.inner)?.data;
        let src = data
            .get(offset..)
            .and_then(|d| d.get(..buf.len()))
            .ok_or(Error::Trap(TrapCode::MemoryOutOfBounds.into()))?;
        buf.copy_from_slice(src);
        Ok(())
    }
    /// Copies `buf` to `offset`.
    pub fn write<T>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        offset: usize,
        buf: &[u8],
    ) -> Result<(), Error> {
        let store = store.as_context_mut();
        let m = store
            .inner
            .memories
            .get_mut(self.0 as usize)
            .ok_or_else(foreign)?;
        let dst = m
            .data
            .get_mut(offset..)
            .and_then(|d| d.get_mut(..buf.len()))
            .ok_or(Error::Trap(TrapCode::MemoryOutOfBounds.into()))?;
        dst.copy_from_slice(buf);
        Ok(())
    }
    /// Grows by `delta` pages, returning the old size.
    pub fn grow<T>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        delta: u32,
    ) -> Result<u32, Error> {
        let inner = &mut store.as_context_mut().inner;
        let m = inner
            .memories
            .get_mut(self.0 as usize)
            .ok_or_else(foreign)?;
        m.grow(delta, &mut inner.budget)
            .ok_or(Error::limit(LimitKind::MemoryPages))
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
        if ty.minimum() > max {
            return Err(Error::limit(LimitKind::TableElements));
        }
        let bytes = table_bytes(u64::from(ty.minimum()));
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
    pub(crate) fn grow(&mut self, delta: u32, init: u64, budget: &mut Budget) -> Option<u32> {
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

fn check_type(ty: crate::types::ValType, v: &Val, funcs: usize) -> Result<(), Error> {
    if v.ty() != ty {
        return Err(Error::Call(CallError::TypeMismatch));
    }
    if !v.fits_store(funcs) {
        return Err(Error::Call(CallError::ForeignHandle));
    }
    Ok(())
}

impl Table {
    pub fn new<T>(
        mut store: impl AsContextMut<Data = T>,
        ty: TableType,
        init: Val,
    ) -> Result<Table, Error> {
        let inner = &mut store.as_context_mut().inner;
        check_type(ty.element(), &init, inner.funcs.len())?;
        let config = inner.engine.config();
        let entity = TableEntity::new(ty, init.to_slot(), config, &mut inner.budget)?;
        push(&mut inner.tables, entity).map(Table)
    }
    pub fn ty(&self, store: impl AsContext) -> Option<TableType> {
        store
            .as_context()
            .inner
            .tables
            .get(self.0 as usize)
            .map(|t| t.ty)
    }
    pub fn size(&self, store: impl AsContext) -> u32 {
        store
            .as_context()
            .inner
            .tables
            .get(self.0 as usize)
            .map_or(0, |t| t.elems.len() as u32)
    }
    pub fn get(&self, store: impl AsContext, index: u32) -> Option<Val> {
        let t = store.as_context().inner.tables.get(self.0 as usize)?;
        Some(Val::from_slot(
            t.ty.element(),
            *t.elems.get(index as usize)?,
        ))
    }
    pub fn set<T>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        index: u32,
        v: Val,
    ) -> Result<(), Error> {
        let inner = &mut store.as_context_mut().inner;
        let funcs = inner.funcs.len();
        let t = inner.tables.get_mut(self.0 as usize).ok_or_else(foreign)?;
        check_type(t.ty.element(), &v, funcs)?;
        let slot = t
            .elems
            .get_mut(index as usize)
            .ok_or(Error::Trap(TrapCode::TableOutOfBounds.into()))?;
        *slot = v.to_slot();
        Ok(())
    }
}

impl Table {
    /// Grows by `delta` elements set to `init`, returning the old size.
    pub fn grow<T>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        delta: u32,
        init: Val,
    ) -> Result<u32, Error> {
        let inner = &mut store.as_context_mut().inner;
        let funcs = inner.funcs.len();
        let t = inner.tables.get_mut(self.0 as usize).ok_or_else(foreign)?;
        check_type(t.ty.element(), &init, funcs)?;
        t.grow(delta, init.to_slot(), &mut inner.budget)
            .ok_or(Error::limit(LimitKind::TableElements))
    }
}

impl Global {
    pub fn new<T>(
        mut store: impl AsContextMut<Data = T>,
        ty: GlobalType,
        v: Val,
    ) -> Result<Global, Error> {
        let store = store.as_context_mut();
        check_type(ty.content(), &v, store.inner.funcs.len())?;
        push(
            &mut store.inner.globals,
            GlobalEntity {
                value: v.to_slot(),
                ty,
            },
        )
        .map(Global)
    }
    pub fn ty(&self, store: impl AsContext) -> Option<GlobalType> {
        store
            .as_context()
            .inner
            .globals
            .get(self.0 as usize)
            .map(|g| g.ty)
    }
    pub fn get(&self, store: impl AsContext) -> Val {
        match store.as_context().inner.globals.get(self.0 as usize) {
            Some(g) => Val::from_slot(g.ty.content(), g.value),
            None => Val::I32(0),
        }
    }
    pub fn set<T>(&self, mut store: impl AsContextMut<Data = T>, v: Val) -> Result<(), Error> {
        let inner = &mut store.as_context_mut().inner;
        let funcs = inner.funcs.len();
        let g = inner.globals.get_mut(self.0 as usize).ok_or_else(foreign)?;
        if g.ty.mutability() != Mutability::Var {
            return Err(Error::Call(CallError::Immutable));
        }
        check_type(g.ty.content(), &v, funcs)?;
        g.value = v.to_slot();
        Ok(())
    }
}
