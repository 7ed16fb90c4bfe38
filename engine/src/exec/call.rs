//! Calls from the host into wasm (or into another host function), and
//! resuming calls that ran out of fuel.
//!
//! All of it works on `&mut dyn StoreOps`: compiled once. A call that is
//! not resumable borrows the store's spare value and frame stacks, so a
//! typed call allocates nothing once the store has run a call before.

use super::cx::StoreOps;
use super::run::run;
use super::{Execution, Stop};
use crate::error::{CallError, Error};
use crate::func::Func;
use crate::store::{AsContextMut, FuncEntity, StoreId, StoreInner};
use crate::trap::{Trap, TrapCode};
use crate::types::FuncType;
use crate::value::Val;
use alloc::vec::Vec;

/// How deeply host functions may re-enter wasm on the native stack.
const MAX_NESTING: u32 = 24;

/// The outcome of [`Func::call_resumable`].
#[derive(Debug)]
pub enum ResumableCall {
    /// The call returned; the results were written.
    Finished,
    /// Fuel ran out; add fuel to the store and resume.
    OutOfFuel(ResumableInvocation),
}

/// A call stopped for lack of fuel, with all of its state.
#[derive(Debug)]
pub struct ResumableInvocation {
    exec: Execution,
    ty: FuncType,
    store: StoreId,
    /// The store's `suspended` count: no exception is collected while
    /// this call's stack may refer to one.
    _suspended: alloc::sync::Arc<()>,
}

impl ResumableInvocation {
    /// Continues the call where it stopped.
    pub fn resume<T>(
        mut self,
        mut store: impl AsContextMut<Data = T>,
        results: &mut [Val],
    ) -> Result<ResumableCall, Error> {
        let store: &mut dyn StoreOps = store.as_context_mut();
        if store.core().id != self.store {
            return Err(Error::Call(CallError::NotResumable));
        }
        if results.len() != self.ty.results().len() {
            return Err(Error::Call(CallError::ArityMismatch));
        }
        match drive(store, &mut self.exec) {
            Ok(()) => {
                let stack = &self.exec.stack;
                store.core().pin_exns(self.ty.results(), stack);
                read_results(stack, &self.ty, results, store.core());
                recycle(store.core(), self.exec);
                Ok(ResumableCall::Finished)
            }
            Err(Stop::OutOfFuel) => Ok(ResumableCall::OutOfFuel(self)),
            Err(Stop::Trap(t)) => Err(trap_error(store.core(), t)),
        }
    }
}

/// The error of a call that stopped with trap `t`: an exception of the
/// store that nothing caught is `Error::Exception` (and the host's now).
fn trap_error(core: &StoreInner, t: Trap) -> Error {
    match t.exception_index() {
        Some(e) if (e as usize) < core.exns.len() => {
            core.pin_exn(e);
            Error::Exception(crate::exn::Exn(core.handle(e)))
        }
        _ => Error::Trap(t),
    }
}

fn read_results(stack: &[u64], ty: &FuncType, results: &mut [Val], core: &StoreInner) {
    crate::value::slots_to_vals(ty.results(), stack, results, core);
}

/// Runs with the store's nesting depth accounted for. On a trap, appends
/// this execution's frames, innermost first, to the store's backtrace.
fn drive(store: &mut dyn StoreOps, exec: &mut Execution) -> Result<(), Stop> {
    let core = store.core();
    if core.nesting == 0 {
        core.backtrace.clear();
    }
    if core.nesting >= MAX_NESTING {
        return Err(Stop::Trap(Trap::new(TrapCode::StackOverflow)));
    }
    core.nesting += 1;
    let r = run(store, exec);
    let core = store.core();
    core.nesting -= 1;
    if let Err(Stop::Trap(_t)) = &r {
        crate::log::warning!("trap: {=str}", _t.code().message());
        record_backtrace(core, exec);
    }
    r
}

#[cold]
fn record_backtrace(core: &mut StoreInner, exec: &Execution) {
    let bt = &mut core.backtrace;
    bt.push((exec.instance, exec.pc));
    // A frame's return pc is the op after its call: one word back is
    // inside the call.
    for f in exec.frames.iter().rev() {
        bt.push((f.instance, f.ret_pc.saturating_sub(1)));
    }
}

/// Gives an execution's stacks back to the store for the next call.
fn recycle(core: &mut StoreInner, exec: Execution) {
    if exec.stack.capacity() > core.spare_stack.capacity() {
        core.spare_stack = exec.stack;
        core.spare_frames = exec.frames;
    }
}

/// Runs store function `f` with its parameters in `slots` (which hold
/// as many slots as it has parameters or results, whichever is more);
/// when it returns, its results are in `slots`. If fuel runs out and
/// `resumable`, returns the execution to resume.
fn run_func(
    store: &mut dyn StoreOps,
    f: usize,
    slots: &mut [u64],
    resumable: bool,
) -> Result<Option<Execution>, Error> {
    let core = store.core();
    let (instance, index) = match core.funcs[f] {
        FuncEntity::Host { host, .. } => {
            let r = store.call_host(host, None, slots);
            r.map_err(|t| trap_error(store.core(), t))?;
            pin_results(store.core(), f, slots);
            return Ok(None);
        }
        FuncEntity::Wasm {
            instance, index, ..
        } => (instance, index),
    };
    let c = core.instances[instance as usize].module.inner.compiled[index as usize];
    let frame = (c.frame_size as usize).max(slots.len());
    if frame > core.engine.config().max_stack_slots as usize {
        return Err(Error::Trap(Trap::new(TrapCode::StackOverflow)));
    }
    let mut exec = Execution {
        stack: core::mem::take(&mut core.spare_stack),
        frames: core::mem::take(&mut core.spare_frames),
        pc: c.start,
        base: 0,
        instance,
    };
    exec.frames.clear();
    if exec.stack.len() < frame {
        let want = frame.max(256) - exec.stack.len();
        exec.stack
            .try_reserve_exact(want)
            .map_err(|_| Error::Trap(Trap::new(TrapCode::StackOverflow)))?;
        exec.stack.resize(frame.max(256), 0);
    }
    exec.stack[..slots.len()].copy_from_slice(slots);
    match drive(store, &mut exec) {
        Ok(()) => {
            slots.copy_from_slice(&exec.stack[..slots.len()]);
            recycle(store.core(), exec);
            pin_results(store.core(), f, slots);
            Ok(None)
        }
        Err(Stop::OutOfFuel) if resumable => Ok(Some(exec)),
        Err(stop) => {
            recycle(store.core(), exec);
            Err(match stop {
                Stop::Trap(t) => trap_error(store.core(), t),
                Stop::OutOfFuel => Error::Trap(Trap::new(TrapCode::OutOfFuel)),
            })
        }
    }
}

/// Pins the exceptions among the results of store function `f` in
/// `slots`: they go to the host.
fn pin_results(core: &StoreInner, f: usize, slots: &[u64]) {
    if let Some(func) = core.funcs.get(f) {
        core.pin_exns(func.ty().results(), slots);
    }
}

/// Calls store function `f` with its parameters in `slots`; its results
/// are there when it returns. Checks nothing: typed calls checked the
/// signature when they were made.
pub(crate) fn invoke(store: &mut dyn StoreOps, f: usize, slots: &mut [u64]) -> Result<(), Error> {
    run_func(store, f, slots, false).map(drop)
}

pub(crate) fn call(
    store: &mut dyn StoreOps,
    func: Func,
    params: &[Val],
    results: &mut [Val],
) -> Result<(), Error> {
    match start(store, func, params, results, false)? {
        ResumableCall::Finished => Ok(()),
        ResumableCall::OutOfFuel(_) => Err(Error::Trap(Trap::new(TrapCode::OutOfFuel))),
    }
}

pub(crate) fn call_resumable(
    store: &mut dyn StoreOps,
    func: Func,
    params: &[Val],
    results: &mut [Val],
) -> Result<ResumableCall, Error> {
    start(store, func, params, results, true)
}

fn start(
    store: &mut dyn StoreOps,
    func: Func,
    params: &[Val],
    results: &mut [Val],
    resumable: bool,
) -> Result<ResumableCall, Error> {
    let core = store.core();
    let id = core.id;
    let f = core.index(func.0)?;
    let ty = core.funcs[f].ty().clone();
    if params.len() != ty.params().len() || results.len() != ty.results().len() {
        return Err(Error::Call(CallError::ArityMismatch));
    }
    if params
        .iter()
        .zip(ty.params())
        .any(|(v, t)| !core.val_matches(v, *t))
    {
        return Err(Error::Call(CallError::TypeMismatch));
    }
    if !params.iter().all(|v| core.admits(v)) {
        return Err(Error::Call(CallError::ForeignHandle));
    }
    let mut slots: Vec<u64> = alloc::vec![0; ty.param_slots().max(ty.result_slots())];
    crate::value::vals_to_slots(params, &mut slots);
    match run_func(store, f, &mut slots, resumable)? {
        None => {
            read_results(&slots, &ty, results, store.core());
            Ok(ResumableCall::Finished)
        }
        Some(exec) => Ok(ResumableCall::OutOfFuel(ResumableInvocation {
            exec,
            ty,
            store: id,
            _suspended: store.core().suspended.clone(),
        })),
    }
}
