//! Handles to memories, tables and globals, and their host-side operations.

use crate::error::{CallError, Error, LimitKind};
use crate::store::{
    AsContext, AsContextMut, GlobalEntity, MemoryEntity, StoreInner, TableEntity, push,
};
use crate::trap::TrapCode;
use crate::types::{GlobalType, MemoryType, Mutability, TableType};
use crate::value::Val;
use alloc::vec::Vec;

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

/// A zero-filled byte vector, or `None` if the allocator refuses.
///
/// Uses `alloc_zeroed`, so a large memory costs no time to clear and, on
/// hosts, no resident pages until they are touched.
fn zeroed_bytes(len: usize) -> Option<Vec<u8>> {
    if len == 0 {
        return Some(Vec::new());
    }
    let layout = core::alloc::Layout::array::<u8>(len).ok()?;
    // SAFETY: `layout` has a non-zero size (checked above).
    let ptr = unsafe { alloc::alloc::alloc_zeroed(layout) };
    if ptr.is_null() {
        return None;
    }
    // SAFETY: `ptr` was allocated by the global allocator with the layout of
    // `[u8; len]`, so capacity `len` matches; all `len` bytes are initialized
    // (zeroed), and ownership passes to the Vec.
    Some(unsafe { Vec::from_raw_parts(ptr, len, len) })
}

impl MemoryEntity {
    pub(crate) fn new(ty: MemoryType, config_max: u32) -> Result<Self, Error> {
        let log2 = ty.page_size_log2() as u32;
        // A 32-bit memory holds at most 2^32 bytes.
        let absolute = 1u64 << (32 - log2);
        // The configured limit counts 64 KiB pages; convert it to this
        // memory's page size.
        let config_pages = ((config_max as u64) << 16) >> log2;
        let max = ty
            .maximum()
            .map_or(absolute, |m| m as u64)
            .min(absolute)
            .min(config_pages);
        if ty.minimum() as u64 > max {
            return Err(Error::limit(LimitKind::MemoryPages));
        }
        let bytes = (ty.minimum() as u64) << log2;
        let bytes = usize::try_from(bytes).map_err(|_| Error::limit(LimitKind::OutOfMemory))?;
        let data = zeroed_bytes(bytes).ok_or(Error::limit(LimitKind::OutOfMemory))?;
        Ok(MemoryEntity {
            data,
            ty,
            pages: ty.minimum(),
            max_pages: max,
        })
    }

    /// Grows by `delta` pages; returns the old size, or `None` on failure.
    pub(crate) fn grow(&mut self, delta: u32) -> Option<u32> {
        let old = self.pages;
        let new = old as u64 + delta as u64;
        if new > self.max_pages {
            return None;
        }
        let bytes = usize::try_from(new << self.ty.page_size_log2()).ok()?;
        self.data.try_reserve_exact(bytes - self.data.len()).ok()?;
        self.data.resize(bytes, 0);
        self.pages = new as u32;
        Some(old)
    }
}

impl Memory {
    pub fn new<T>(mut store: impl AsContextMut<Data = T>, ty: MemoryType) -> Result<Memory, Error> {
        let store = store.as_context_mut();
        let max = store.inner.engine.config().max_memory_pages;
        let entity = MemoryEntity::new(ty, max)?;
        push(&mut store.inner.memories, entity).map(Memory)
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
            .map_or(&[], |m| &m.data)
    }
    /// The memory's bytes, writable.
    pub fn data_mut<'a, T: 'a>(&self, store: &'a mut impl AsContextMut<Data = T>) -> &'a mut [u8] {
        match store
            .as_context_mut()
            .inner
            .memories
            .get_mut(self.0 as usize)
        {
            Some(m) => &mut m.data,
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
        let store = store.as_context_mut();
        let m = store
            .inner
            .memories
            .get_mut(self.0 as usize)
            .ok_or_else(foreign)?;
        m.grow(delta).ok_or(Error::limit(LimitKind::MemoryPages))
    }
}

impl TableEntity {
    pub(crate) fn new(ty: TableType, init: u64, config_max: u32) -> Result<Self, Error> {
        let max = ty.maximum().unwrap_or(u32::MAX).min(config_max);
        if ty.minimum() > max {
            return Err(Error::limit(LimitKind::TableElements));
        }
        let mut elems = Vec::new();
        elems
            .try_reserve_exact(ty.minimum() as usize)
            .map_err(|_| Error::limit(LimitKind::OutOfMemory))?;
        elems.resize(ty.minimum() as usize, init);
        Ok(TableEntity { elems, ty, max })
    }

    /// Grows by `delta` elements set to `init`; returns the old size.
    pub(crate) fn grow(&mut self, delta: u32, init: u64) -> Option<u32> {
        let old = self.elems.len() as u32;
        let new = old.checked_add(delta)?;
        if new > self.max {
            return None;
        }
        self.elems.try_reserve_exact(delta as usize).ok()?;
        self.elems.resize(new as usize, init);
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
        let store = store.as_context_mut();
        check_type(ty.element(), &init, store.inner.funcs.len())?;
        let max = store.inner.engine.config().max_table_elements;
        let entity = TableEntity::new(ty, init.to_slot(), max)?;
        push(&mut store.inner.tables, entity).map(Table)
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
        t.grow(delta, init.to_slot())
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
