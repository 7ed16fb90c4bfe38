//! Exception handling's store objects: tags, and the exceptions that
//! `exnref` values refer to.
//!
//! A tag is an entity like a global: defined by a module or by the host,
//! imported and exported, its type a function type without results (the
//! payload's types). An exception is a store object too: its tag (a store
//! index, so two instances that import one tag match each other's throws)
//! and its payload's slots. An `exnref` slot holds the exception's store
//! index plus one, 0 for null.
//!
//! Like every entity, an exception is never removed while its store
//! lives: one made by `throw` and caught by a `catch` without `_ref` (no
//! reference to it was ever made) is reused by the next `throw`, but each
//! exception a reference was made to (`catch_ref`, `catch_all_ref`, a
//! legacy `catch`, one that reached the host) keeps its slots until the
//! store is dropped. So that a guest cannot make the host's memory grow
//! without bound that way, every exception counts against the store's
//! `Config::max_store_bytes` ([`exn_bytes`]) while it is not free: a
//! `throw` that would exceed it traps with [`TrapCode::OutOfMemory`].
//!
//! [`TrapCode::OutOfMemory`]: crate::TrapCode::OutOfMemory

use crate::error::{CallError, Error};
use crate::store::{AsContext, AsContextMut, StoreInner, Stored, push_index};
use crate::types::FuncType;
use crate::value::Val;
use alloc::boxed::Box;
use alloc::vec::Vec;

/// A handle to a tag: what a `throw` names and a `catch` matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tag(pub(crate) Stored);

/// A handle to an exception: a tag and the values thrown with it (an
/// `exnref` in wasm). [`Error::Exception`] carries one when a call ends
/// with an exception nothing caught.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Exn(pub(crate) Stored);

pub(crate) struct TagEntity {
    /// The payload's types as the parameters (no results).
    pub ty: FuncType,
}

pub(crate) struct ExnEntity {
    /// The store index of the exception's tag.
    pub tag: u32,
    pub payload: Box<[u64]>,
}

impl Tag {
    /// A tag whose payload has `ty`'s parameter types, created by the
    /// host. `ty` must have no results.
    pub fn new<T>(mut store: impl AsContextMut<Data = T>, ty: FuncType) -> Result<Tag, Error> {
        if !ty.results().is_empty() {
            return Err(Error::Call(CallError::TypeMismatch));
        }
        let inner = &mut store.as_context_mut().inner;
        let index = push_index(&mut inner.tags, TagEntity { ty })?;
        Ok(Tag(inner.handle(index)))
    }

    /// The tag's type. Panics if the tag belongs to another store.
    #[track_caller]
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        let inner = &store.as_context().inner;
        inner.tags[inner.own(self.0)].ty.clone()
    }
}

impl Exn {
    /// A new exception of `tag` with `payload`, created by the host (to
    /// pass as an `exnref`, or to throw from a host function by
    /// returning [`Exn::into_trap`]).
    pub fn new<T>(
        mut store: impl AsContextMut<Data = T>,
        tag: Tag,
        payload: &[Val],
    ) -> Result<Exn, Error> {
        let inner = &mut store.as_context_mut().inner;
        let t = inner.index(tag.0)?;
        let ty = &inner.tags[t].ty;
        if payload.len() != ty.params().len()
            || payload
                .iter()
                .zip(ty.params())
                .any(|(v, t)| !inner.val_matches(v, *t))
        {
            return Err(Error::Call(CallError::TypeMismatch));
        }
        if !payload.iter().all(|v| inner.admits(v)) {
            return Err(Error::Call(CallError::ForeignHandle));
        }
        let payload = payload.iter().map(|v| v.to_slot()).collect();
        let index = inner.new_exn(t as u32, payload)?;
        Ok(Exn(inner.handle(index)))
    }

    /// The exception's tag. Panics if it belongs to another store.
    #[track_caller]
    pub fn tag(&self, store: impl AsContext) -> Tag {
        let inner = &store.as_context().inner;
        Tag(inner.handle(inner.exns[inner.own(self.0)].tag))
    }

    /// The values thrown with the exception. Panics if it belongs to
    /// another store.
    #[track_caller]
    pub fn payload(&self, store: impl AsContext) -> Vec<Val> {
        let inner = &store.as_context().inner;
        let e = &inner.exns[inner.own(self.0)];
        let ty = &inner.tags[e.tag as usize].ty;
        ty.params()
            .iter()
            .zip(e.payload.iter())
            .map(|(t, s)| Val::from_slot(*t, *s, inner.id))
            .collect()
    }

    /// The trap a host function returns to throw this exception into
    /// the wasm that called it (where a `catch` may catch it); what
    /// [`Error::as_trap`] gives for [`Error::Exception`]. The trap names
    /// the exception by its index in the store: returned to another
    /// store, it names whatever exception has that index there, if any
    /// (else it is a plain trap), as a handle of another store would.
    pub fn into_trap(self) -> crate::trap::Trap {
        crate::trap::Trap::exception(self.0.index)
    }
}

/// The bytes an exception with `slots` payload slots counts against the
/// store's budget.
pub(crate) fn exn_bytes(slots: usize) -> u64 {
    (core::mem::size_of::<ExnEntity>() + slots * core::mem::size_of::<u64>()) as u64
}

impl StoreInner {
    /// Makes an exception of tag `tag` (a store index); returns its index.
    /// Fails with [`LimitKind::StoreBytes`] if it would exceed the store's
    /// budget.
    ///
    /// [`LimitKind::StoreBytes`]: crate::error::LimitKind::StoreBytes
    pub(crate) fn new_exn(&mut self, tag: u32, payload: Box<[u64]>) -> Result<u32, Error> {
        let bytes = exn_bytes(payload.len());
        if !self.budget.fits(bytes) {
            return Err(Error::limit(crate::error::LimitKind::StoreBytes));
        }
        self.budget.take(bytes);
        let e = ExnEntity { tag, payload };
        if let Some(i) = self.exn_free.pop()
            && let Some(slot) = self.exns.get_mut(i as usize)
        {
            *slot = e;
            return Ok(i);
        }
        push_index(&mut self.exns, e).inspect_err(|_| self.budget.give(bytes))
    }

    /// Lets `new_exn` reuse exception `exn`: no reference to it exists
    /// (`throw` made it, and a `catch` without `_ref` caught it).
    #[cfg_attr(not(feature = "exceptions"), allow(dead_code))]
    pub(crate) fn free_exn(&mut self, exn: u32) {
        if let Some(e) = self.exns.get(exn as usize) {
            self.budget.give(exn_bytes(e.payload.len()));
            self.exn_free.push(exn);
        }
    }
}
