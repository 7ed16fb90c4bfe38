//! Handles to memories, tables and globals, and their host-side operations.
//!
//! A handle names its store: used with another store, an operation that
//! can fail returns `CallError::ForeignHandle`, and a getter that cannot
//! panics (as wasmtime's do; it is the embedder's mistake).

use crate::error::{CallError, Error, LimitKind};
use crate::store::{AsContext, AsContextMut, GlobalEntity, MemoryEntity, StoreInner, Stored};
use crate::store::{TableEntity, push_index};
use crate::trap::TrapCode;
use crate::types::{GlobalType, MemoryType, Mutability, TableType};
use crate::value::Val;

/// A handle to a linear memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Memory(pub(crate) Stored);

/// A handle to a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Table(pub(crate) Stored);

/// A handle to a global.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Global(pub(crate) Stored);

impl Memory {
    /// A memory of type `ty`, zero-filled, created by the host.
    pub fn new<T>(mut store: impl AsContextMut<Data = T>, ty: MemoryType) -> Result<Memory, Error> {
        // As validation refuses it in a module (threads proposal).
        if ty.is_shared() && ty.maximum().is_none() {
            return Err(Error::Call(crate::error::CallError::InvalidType));
        }
        let inner = &mut store.as_context_mut().inner;
        let entity = MemoryEntity::new(ty, inner.engine.config(), &mut inner.budget)?;
        let index = push_index(&mut inner.memories, entity)?;
        Ok(Memory(inner.handle(index)))
    }
    #[track_caller]
    fn entity<'a>(&self, inner: &'a StoreInner) -> &'a MemoryEntity {
        &inner.memories[inner.own(self.0)]
    }
    fn entity_mut<'a>(&self, inner: &'a mut StoreInner) -> Result<&'a mut MemoryEntity, Error> {
        let i = inner.index(self.0)?;
        Ok(&mut inner.memories[i])
    }
    /// The memory's type. Panics if the memory belongs to another store.
    #[track_caller]
    pub fn ty(&self, store: impl AsContext) -> MemoryType {
        self.entity(&store.as_context().inner).ty
    }
    /// Size in pages. Panics if the memory belongs to another store.
    #[track_caller]
    pub fn size(&self, store: impl AsContext) -> u64 {
        self.entity(&store.as_context().inner).pages
    }
    /// The memory's bytes. Panics if the memory belongs to another store.
    #[track_caller]
    pub fn data<'a, T: 'a>(&self, store: &'a impl AsContext<Data = T>) -> &'a [u8] {
        &self.entity(&store.as_context().inner).data
    }
    /// The memory's bytes, writable. Panics if the memory belongs to
    /// another store.
    #[track_caller]
    pub fn data_mut<'a, T: 'a>(&self, store: &'a mut impl AsContextMut<Data = T>) -> &'a mut [u8] {
        let inner = &mut store.as_context_mut().inner;
        let i = inner.own(self.0);
        &mut inner.memories[i].data
    }
    /// The memory's bytes and the store's host data, both writable at once
    /// (what a host function needs to serve a guest's buffer from its
    /// state). Panics if the memory belongs to another store.
    #[track_caller]
    pub fn data_and_store_mut<'a, T: 'a>(
        &self,
        store: &'a mut impl AsContextMut<Data = T>,
    ) -> (&'a mut [u8], &'a mut T) {
        let store = store.as_context_mut();
        let (inner, data) = store.inner_and_data_mut();
        let i = inner.own(self.0);
        (&mut inner.memories[i].data, data)
    }

    /// Copies `buf.len()` bytes from `offset`.
    pub fn read(&self, store: impl AsContext, offset: usize, buf: &mut [u8]) -> Result<(), Error> {
        let inner = &store.as_context().inner;
        let data = &inner.memories[inner.index(self.0)?].data;
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
        let m = self.entity_mut(&mut store.as_context_mut().inner)?;
        let dst = m
            .data
            .get_mut(offset..)
            .and_then(|d| d.get_mut(..buf.len()))
            .ok_or(Error::Trap(TrapCode::MemoryOutOfBounds.into()))?;
        dst.copy_from_slice(buf);
        Ok(())
    }
    /// Grows by `delta` pages, returning the old size in pages.
    pub fn grow<T>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        delta: u64,
    ) -> Result<u64, Error> {
        let inner = &mut store.as_context_mut().inner;
        let i = inner.index(self.0)?;
        inner.memories[i]
            .grow(delta, &mut inner.budget)
            .ok_or(Error::limit(LimitKind::MemoryPages))
    }
}

/// Checks that `v` is a `ty` and, if it is a function reference, one of
/// this store.
fn check_type(inner: &StoreInner, ty: crate::types::ValType, v: &Val) -> Result<(), Error> {
    if !inner.val_matches(v, ty) {
        return Err(Error::Call(CallError::TypeMismatch));
    }
    if !inner.admits(v) {
        return Err(Error::Call(CallError::ForeignHandle));
    }
    Ok(())
}

impl Table {
    /// A table of type `ty` with every element `init`, created by the host.
    pub fn new<T>(
        mut store: impl AsContextMut<Data = T>,
        ty: TableType,
        init: Val,
    ) -> Result<Table, Error> {
        let inner = &mut store.as_context_mut().inner;
        check_type(inner, ty.element(), &init)?;
        let config = inner.engine.config();
        let entity = TableEntity::new(ty, init.to_slot(), config, &mut inner.budget)?;
        let index = push_index(&mut inner.tables, entity)?;
        Ok(Table(inner.handle(index)))
    }
    #[track_caller]
    fn entity<'a>(&self, inner: &'a StoreInner) -> &'a TableEntity {
        &inner.tables[inner.own(self.0)]
    }
    /// The table's type. Panics if the table belongs to another store.
    #[track_caller]
    pub fn ty(&self, store: impl AsContext) -> TableType {
        self.entity(&store.as_context().inner).ty
    }
    /// The number of elements. Panics if the table belongs to another store.
    #[track_caller]
    pub fn size(&self, store: impl AsContext) -> u64 {
        self.entity(&store.as_context().inner).elems.len() as u64
    }
    /// Element `index`, or `None` past the end. Panics if the table belongs
    /// to another store.
    #[track_caller]
    pub fn get(&self, store: impl AsContext, index: u64) -> Option<Val> {
        let inner = &store.as_context().inner;
        let t = self.entity(inner);
        let slot = *t.elems.get(usize::try_from(index).ok()?)?;
        inner.pin_exns(&[t.ty.element()], &[slot]);
        let ty = t.ty.element();
        Some(Val::from_slot(ty, inner.host_slot(ty, slot), inner.id))
    }
    /// Sets element `index` to `v`.
    pub fn set<T>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        index: u64,
        v: Val,
    ) -> Result<(), Error> {
        let inner = &mut store.as_context_mut().inner;
        let i = inner.index(self.0)?;
        check_type(inner, inner.tables[i].ty.element(), &v)?;
        let slot = usize::try_from(index)
            .ok()
            .and_then(|index| inner.tables[i].elems.get_mut(index))
            .ok_or(Error::Trap(TrapCode::TableOutOfBounds.into()))?;
        *slot = v.to_slot();
        Ok(())
    }
    /// Grows by `delta` elements set to `init`, returning the old size.
    pub fn grow<T>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        delta: u64,
        init: Val,
    ) -> Result<u64, Error> {
        let inner = &mut store.as_context_mut().inner;
        let i = inner.index(self.0)?;
        check_type(inner, inner.tables[i].ty.element(), &init)?;
        inner.tables[i]
            .grow(delta, init.to_slot(), &mut inner.budget)
            .map(u64::from)
            .ok_or(Error::limit(LimitKind::TableElements))
    }
}

impl Global {
    /// A global of type `ty` holding `v`, created by the host.
    pub fn new<T>(
        mut store: impl AsContextMut<Data = T>,
        ty: GlobalType,
        v: Val,
    ) -> Result<Global, Error> {
        let inner = &mut store.as_context_mut().inner;
        check_type(inner, ty.content(), &v)?;
        let entity = GlobalEntity {
            value: global_slots(v),
            ty,
        };
        let index = push_index(&mut inner.globals, entity)?;
        Ok(Global(inner.handle(index)))
    }
    /// The global's type. Panics if the global belongs to another store.
    #[track_caller]
    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        let inner = &store.as_context().inner;
        inner.globals[inner.own(self.0)].ty
    }
    /// The global's value. Panics if the global belongs to another store.
    #[track_caller]
    pub fn get(&self, store: impl AsContext) -> Val {
        let inner = &store.as_context().inner;
        let g = &inner.globals[inner.own(self.0)];
        inner.pin_exns(&[g.ty.content()], &g.value);
        let ty = g.ty.content();
        let [low, high] = g.value;
        Val::read_slots(ty, &[inner.host_slot(ty, low), high], inner.id)
    }
    /// Sets a mutable global.
    pub fn set<T>(&self, mut store: impl AsContextMut<Data = T>, v: Val) -> Result<(), Error> {
        let inner = &mut store.as_context_mut().inner;
        let i = inner.index(self.0)?;
        let ty = inner.globals[i].ty;
        if ty.mutability() != Mutability::Var {
            return Err(Error::Call(CallError::Immutable));
        }
        check_type(inner, ty.content(), &v)?;
        inner.globals[i].value = global_slots(v);
        Ok(())
    }
}

/// The slots of a global holding `v` (`GlobalEntity::value`).
fn global_slots(v: Val) -> [u64; 2] {
    let mut slots = [0; 2];
    v.write_slots(&mut slots);
    slots
}
