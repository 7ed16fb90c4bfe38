//! The `exn` helper: exceptions made, thrown again, matched and taken for
//! native code ([`ExnOp`]), and how an exception reference is a slot.
//!
//! An exception native code throws is a store exception (`Exn::new`), so
//! it crosses into the store exactly as the interpreter's do: it leaves
//! native code as the trap of [`Exn::into_trap`] (the store gives the host
//! `Error::Exception`, a wasm caller may catch it), and one that a call
//! into the store returns as `Error::Exception` becomes this instance's
//! pending exception. Every exception the helper sees is one the engine
//! has pinned (made or handed over by the API), so none is collected
//! while native code holds its slot; the price is that none is freed
//! before the store is (see targets/README.md).

use mote::{Exn, Tag, TrapCode, Val};

use super::Runtime;
use super::helpers::runtime;
use crate::vmctx::{EXN_PENDING, ExnOp, Slot, VmCtx, code_of};

impl<T> Runtime<T> {
    /// The slot of exception reference `e`: its index + 1 in `exns`.
    pub(super) fn exn_slot(&mut self, e: Exn) -> u64 {
        if let Some(&i) = self.exn_index.get(&e) {
            return i;
        }
        self.exns.push(e);
        let i = self.exns.len() as u64;
        self.exn_index.insert(e, i);
        i
    }
}

/// Exception handling for native code (see [`ExnOp`]): `x` a tag index,
/// `a` a `vals` area or an exception's slot.
pub(super) extern "C" fn exn<T: 'static>(vmctx: *mut VmCtx, op: u32, x: u32, a: u64) -> u64 {
    // SAFETY: only native code of a running instance calls helpers, with its vmctx.
    let (rt, caller) = unsafe { runtime::<T>(vmctx) };
    // SAFETY: `rt` is live; native code waits for this call, and nothing
    // below calls back into it.
    let r = unsafe { &mut *rt };
    let Some(op) = ExnOp::from_u32(op) else {
        return code_of(TrapCode::Host) as u64;
    };
    let module = std::sync::Arc::clone(&r.module);
    let tag_params = |x: u32| {
        let t = module.env.tags[x as usize];
        module.env.types[t as usize].params()
    };
    let vals = |n: usize| {
        // SAFETY: native code passes its call slot, of `vals_slots` slots,
        // enough for any type's parameters (a tag's type among them).
        unsafe { core::slice::from_raw_parts_mut(a as usize as *mut Slot, n) }
    };
    match op {
        ExnOp::Throw => {
            let params = tag_params(x);
            let slots = vals(params.len());
            let payload: Vec<Val> = params
                .iter()
                .zip(slots.iter())
                .map(|(t, s)| r.val(*t, *s))
                .collect();
            let tag: Tag = r.tags[x as usize];
            match Exn::new(&mut *caller, tag, &payload) {
                Ok(e) => {
                    r.exn = Some(e);
                    EXN_PENDING as u64
                }
                // Over the store's byte budget (the interpreter's trap).
                Err(_) => code_of(TrapCode::OutOfMemory) as u64,
            }
        }
        ExnOp::ThrowRef => match a.checked_sub(1).and_then(|i| r.exns.get(i as usize)) {
            Some(&e) => {
                r.exn = Some(e);
                EXN_PENDING as u64
            }
            None => code_of(TrapCode::NullExceptionReference) as u64,
        },
        ExnOp::Catch => {
            let Some(e) = r.exn else {
                return 0;
            };
            if e.tag(&*caller) != r.tags[x as usize] {
                return 0;
            }
            let payload = e.payload(&*caller);
            let slots = vals(payload.len());
            for (s, v) in slots.iter_mut().zip(&payload) {
                *s = r.slot(v);
            }
            r.exn = None;
            r.exn_slot(e)
        }
        ExnOp::CatchAll => match r.exn.take() {
            Some(e) => r.exn_slot(e),
            None => 0,
        },
    }
}
