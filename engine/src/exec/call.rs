//! Calls from the host into wasm, and resuming calls that ran out of fuel.

use super::{Execution, Stop, run::run};
use crate::error::{CallError, Error};
use crate::func::{Caller, Func};
use crate::store::{FuncEntity, Store, StoreId};
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
}

impl ResumableInvocation {
    /// Continues the call where it stopped.
    pub fn resume<T>(
        mut self,
        mut store: impl crate::store::AsContextMut<Data = T>,
        results: &mut [Val],
    ) -> Result<ResumableCall, Error> {
        let store = store.as_context_mut();
        if store.inner.id != self.store {
            return Err(Error::Call(CallError::NotResumable));
        }
        if results.len() != self.ty.results().len() {
            return Err(Error::Call(CallError::ArityMismatch));
        }
        match drive(store, &mut self.exec) {
            Ok(()) => {
                read_results(&self.exec.stack, &self.ty, results, store.inner.id);
                Ok(ResumableCall::Finished)
            }
            Err(Stop::OutOfFuel) => Ok(ResumableCall::OutOfFuel(self)),
            Err(Stop::Trap(t)) => Err(Error::Trap(t)),
        }
    }
}

pub(crate) fn call<T>(
    store: &mut Store<T>,
    func: Func,
    params: &[Val],
    results: &mut [Val],
) -> Result<(), Error> {
    match call_resumable(store, func, params, results)? {
        ResumableCall::Finished => Ok(()),
        ResumableCall::OutOfFuel(_) => Err(Error::Trap(Trap::new(TrapCode::OutOfFuel))),
    }
}

fn read_results(stack: &[u64], ty: &FuncType, results: &mut [Val], store: StoreId) {
    for (i, (out, t)) in results.iter_mut().zip(ty.results()).enumerate() {
        *out = Val::from_slot(*t, stack.get(i).copied().unwrap_or(0), store);
    }
}

/// Runs with the store's nesting depth accounted for. On a trap, appends
/// this execution's frames, innermost first, to the store's backtrace.
fn drive<T>(store: &mut Store<T>, exec: &mut Execution) -> Result<(), Stop> {
    if store.inner.nesting == 0 {
        store.inner.backtrace.clear();
    }
    if store.inner.nesting >= MAX_NESTING {
        return Err(Stop::Trap(Trap::new(TrapCode::StackOverflow)));
    }
    store.inner.nesting += 1;
    let r = run(store, exec);
    store.inner.nesting -= 1;
    if let Err(Stop::Trap(_t)) = &r {
        crate::log::warning!("trap: {=str}", _t.code().message());
        record_backtrace(store, exec);
    }
    r
}

#[cold]
fn record_backtrace<T>(store: &mut Store<T>, exec: &Execution) {
    let bt = &mut store.inner.backtrace;
    bt.push((exec.instance, exec.pc));
    // A frame's return pc is the op after its call.
    for f in exec.frames.iter().rev() {
        bt.push((f.instance, f.ret_pc.saturating_sub(1)));
    }
}

pub(crate) fn call_resumable<T>(
    store: &mut Store<T>,
    func: Func,
    params: &[Val],
    results: &mut [Val],
) -> Result<ResumableCall, Error> {
    let index = store.inner.index(func.0)?;
    let entity = &store.inner.funcs[index];
    let ty = entity.ty().clone();
    if params.len() != ty.params().len() || results.len() != ty.results().len() {
        return Err(Error::Call(CallError::ArityMismatch));
    }
    if params.iter().zip(ty.params()).any(|(v, t)| v.ty() != *t) {
        return Err(Error::Call(CallError::TypeMismatch));
    }
    if !params.iter().all(|v| store.inner.admits(v)) {
        return Err(Error::Call(CallError::ForeignHandle));
    }
    match *entity {
        FuncEntity::Host { host, .. } => {
            let f = store.hosts[host as usize].clone();
            f(
                Caller {
                    store,
                    instance: None,
                },
                params,
                results,
            )?;
            Ok(ResumableCall::Finished)
        }
        FuncEntity::Wasm {
            instance, index, ..
        } => {
            let compiled = store.inner.instances[instance as usize]
                .module
                .inner
                .compiled[index as usize];
            let frame = compiled.frame_size as usize;
            let max = store.inner.engine.config().max_stack_slots as usize;
            if frame.max(params.len()) > max {
                return Err(Error::Trap(Trap::new(TrapCode::StackOverflow)));
            }
            let mut stack = Vec::new();
            stack
                .try_reserve_exact(frame.max(params.len()).max(256).min(max))
                .map_err(|_| Error::Trap(Trap::new(TrapCode::StackOverflow)))?;
            stack.resize(frame.max(params.len()), 0);
            for (slot, v) in stack.iter_mut().zip(params) {
                *slot = v.to_slot();
            }
            let mut exec = Execution {
                stack,
                frames: Vec::new(),
                pc: compiled.start,
                base: 0,
                instance,
            };
            match drive(store, &mut exec) {
                Ok(()) => {
                    read_results(&exec.stack, &ty, results, store.inner.id);
                    Ok(ResumableCall::Finished)
                }
                Err(Stop::OutOfFuel) => {
                    let store = store.inner.id;
                    Ok(ResumableCall::OutOfFuel(ResumableInvocation {
                        exec,
                        ty,
                        store,
                    }))
                }
                Err(Stop::Trap(t)) => Err(Error::Trap(t)),
            }
        }
    }
}
