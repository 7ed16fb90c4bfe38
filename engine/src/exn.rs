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
//! Exceptions are collected. One made by `throw` and caught by a `catch`
//! without `_ref` (no reference to it was ever made) is reused by the next
//! `throw` at once. The others are freed by a mark-and-sweep pass
//! ([`StoreInner::collect_exns`]) that a `throw` runs when the store holds
//! twice as many exceptions as the last pass left (at least
//! [`FIRST_COLLECTION`], 64), or when the new one would not fit the store's
//! budget. It marks what the running execution's value stack holds (every
//! slot that could be an `exnref`: the stack's slots are untyped, so the
//! scan is conservative, and an integer that looks like a reference keeps
//! an exception alive, never the reverse), `exnref` globals and table
//! elements, the payloads of marked exceptions, and every exception the
//! host was handed a reference to (`pinned`: a parameter of a host
//! function, a result, a global's or table element's value read through
//! the API, a payload, an uncaught exception, one the host made), which
//! lives as long as the store, so no handle the host holds can come to
//! name another exception. A pass runs only when that execution is the
//! store's only one (no host function in between has re-entered wasm, and
//! no call is suspended for fuel), since only its stack is at hand;
//! otherwise exceptions accumulate until one is.
//!
//! So that a guest cannot make the host's memory grow without bound,
//! every exception counts against the store's `Config::max_store_bytes`
//! ([`exn_bytes`]) while it is not free: a `throw` that would exceed it
//! even after a pass traps with [`TrapCode::OutOfMemory`].
//!
//! [`TrapCode::OutOfMemory`]: crate::TrapCode::OutOfMemory

use crate::error::{CallError, Error};
use crate::store::{AsContext, AsContextMut, StoreInner, Stored, push_index};
use crate::types::{FuncType, RefKind, ValType};
use crate::value::Val;
use alloc::boxed::Box;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicBool, Ordering};

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
    /// The host was handed a reference to it: it is never collected.
    /// (Atomic only to be set through `&StoreInner`, by getters.)
    pub pinned: AtomicBool,
    /// On `exn_free`, to be reused.
    pub free: bool,
}

/// The number of exceptions below which no collection runs. Debug builds
/// (tests, the fuzz targets) collect as soon as there is one, so that
/// every `throw` that finds no free exception exercises the collector.
pub(crate) const FIRST_COLLECTION: usize = if cfg!(debug_assertions) { 1 } else { 64 };

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
        // A slot per value, two for a v128 (as `throw` leaves it).
        let mut slots = alloc::vec![0; ty.param_slots()];
        let mut at = 0;
        for v in payload {
            at += v.write_slots(&mut slots[at..]);
        }
        let payload = slots.into_boxed_slice();
        let index = inner.new_exn(t as u32, payload)?;
        inner.pin_exn(index);
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
        inner.pin_exns(ty.params(), &e.payload);
        // A slot per value, two for a v128.
        let slot = |i: usize| e.payload.get(i).copied().unwrap_or(0);
        let mut at = 0;
        ty.params()
            .iter()
            .map(|&t| {
                let slots = [inner.host_slot(t, slot(at)), slot(at + 1)];
                at += t.slots();
                Val::read_slots(t, &slots, inner.id)
            })
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
        let e = ExnEntity {
            tag,
            payload,
            pinned: AtomicBool::new(false),
            free: false,
        };
        if let Some(i) = self.exn_free.pop()
            && let Some(slot) = self.exns.get_mut(i as usize)
        {
            *slot = e;
            return Ok(i);
        }
        push_index(&mut self.exns, e).inspect_err(|_| self.budget.give(bytes))
    }

    /// Lets `new_exn` reuse exception `exn`: nothing refers to it.
    #[cfg_attr(not(feature = "exceptions"), allow(dead_code))]
    pub(crate) fn free_exn(&mut self, exn: u32) {
        if let Some(e) = self.exns.get_mut(exn as usize)
            && !e.free
        {
            self.budget.give(exn_bytes(e.payload.len()));
            e.payload = Box::default();
            e.free = true;
            self.exn_free.push(exn);
        }
    }

    /// Keeps exception `exn` (a store index) for as long as the store
    /// lives: the host has a reference to it.
    pub(crate) fn pin_exn(&self, exn: u32) {
        if let Some(e) = self.exns.get(exn as usize) {
            e.pinned.store(true, Ordering::Relaxed);
        }
    }

    /// `slot`, a value of type `ty` about to be handed to the host, with
    /// a function or exception reference that names no function or live
    /// exception of this store made null. Validation makes every
    /// reference a real one; an image's check does not type slots, so
    /// there a reference slot may hold any number, and a handle made of it
    /// would make the host's lookups (`Func::ty`, `Exn::payload`) fail.
    pub(crate) fn host_slot(&self, ty: ValType, slot: u64) -> u64 {
        let ValType::Ref(r) = ty else {
            return slot;
        };
        let Some(i) = slot.checked_sub(1).and_then(|i| usize::try_from(i).ok()) else {
            return slot;
        };
        let real = match r.kind() {
            RefKind::Func => i < self.funcs.len(),
            RefKind::Exn => self.exns.get(i).is_some_and(|e| !e.free),
            RefKind::Extern => true,
        } && u32::try_from(i).is_ok();
        if real { slot } else { 0 }
    }

    /// [`host_slot`](Self::host_slot) of each of `slots`, of `types`.
    pub(crate) fn host_slots(&self, types: &[ValType], slots: &mut [u64]) {
        let mut at = 0;
        for t in types {
            if let Some(s) = slots.get_mut(at) {
                *s = self.host_slot(*t, *s);
            }
            at += t.slots();
        }
    }

    /// Pins the exceptions that the `exnref`s among `slots` (of `types`)
    /// refer to: they are being handed to the host.
    pub(crate) fn pin_exns(&self, types: &[ValType], slots: &[u64]) {
        let mut at = 0;
        for t in types {
            if is_exnref(*t)
                && let Some(i) = slots.get(at).and_then(|s| s.checked_sub(1))
            {
                self.pin_exn(i as u32);
            }
            at += t.slots();
        }
    }

    /// Whether a `throw` of an exception with `slots` payload slots
    /// should first run [`collect_exns`](Self::collect_exns), given that
    /// the running execution is the store's only one.
    #[cfg_attr(not(feature = "exceptions"), allow(dead_code))]
    pub(crate) fn exns_to_collect(&self, slots: usize) -> bool {
        self.exn_free.is_empty()
            && (self.exns.len() >= self.exn_collect_at.max(FIRST_COLLECTION)
                || !self.budget.fits(exn_bytes(slots)))
    }

    /// Frees every exception that is not reachable from `stack` (the value
    /// stack of the store's only running execution, scanned
    /// conservatively), the globals, the tables, a pinned exception or
    /// the payload of a reachable one (see the module's documentation).
    /// Does nothing if it cannot allocate its mark bits.
    #[cfg_attr(not(feature = "exceptions"), allow(dead_code))]
    pub(crate) fn collect_exns(&mut self, stack: &[u64]) {
        let n = self.exns.len();
        let mut marked: Vec<bool> = Vec::new();
        let mut work: Vec<u32> = Vec::new();
        if marked.try_reserve_exact(n).is_err() || work.try_reserve(n).is_err() {
            return;
        }
        marked.resize(n, false);
        let exns = &self.exns;
        // Marks the exception slot `s` refers to, if it is one; `work`
        // cannot grow past `n`, as each exception is pushed once.
        let mark = |s: u64, marked: &mut Vec<bool>, work: &mut Vec<u32>| {
            if let Some(i) = s.checked_sub(1)
                && let Some(e) = exns.get(i as usize)
                && !e.free
                && !core::mem::replace(&mut marked[i as usize], true)
            {
                work.push(i as u32);
            }
        };
        for &s in stack {
            mark(s, &mut marked, &mut work);
        }
        for g in self.globals.iter().filter(|g| is_exnref(g.ty.content())) {
            mark(g.value[0], &mut marked, &mut work);
        }
        for t in self.tables.iter().filter(|t| is_exnref(t.ty.element())) {
            for &s in t.elems.iter() {
                mark(s, &mut marked, &mut work);
            }
        }
        for (i, e) in exns.iter().enumerate() {
            if e.pinned.load(Ordering::Relaxed) {
                mark(i as u64 + 1, &mut marked, &mut work);
            }
        }
        while let Some(i) = work.pop() {
            let e = &exns[i as usize];
            if let Some(tag) = self.tags.get(e.tag as usize) {
                let mut at = 0;
                for t in tag.ty.params() {
                    if is_exnref(*t)
                        && let Some(&s) = e.payload.get(at)
                    {
                        mark(s, &mut marked, &mut work);
                    }
                    at += t.slots();
                }
            }
        }
        let mut live = 0usize;
        for (i, m) in marked.iter().enumerate() {
            if *m {
                live += 1;
            } else {
                self.free_exn(i as u32);
            }
        }
        self.exn_collect_at = live.saturating_mul(2);
    }
}

/// Whether values of type `t` are exception references.
fn is_exnref(t: ValType) -> bool {
    matches!(t, ValType::Ref(r) if r.kind() == RefKind::Exn)
}
