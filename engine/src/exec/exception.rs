//! Throwing and unwinding: `throw`, `throw_ref`, and exceptions that a
//! host function passes on.
//!
//! Unwinding walks the explicit frame list, never the native stack: in
//! each frame, from the throwing one out, it searches the function's
//! handlers (the translator's side table, `translate::Handler`) for one
//! that covers the frame's pc and catches the exception; the first writes
//! the payload into the frame and execution goes on at its landing pad.
//! If none does, the frame is dropped and its caller searched. An
//! exception that leaves the execution's entry function stops it with
//! [`TrapCode::UncaughtException`], which the API turns into
//! `Error::Exception`. Calls and returns do nothing for handlers: all of
//! the work is here, when something throws.

use super::cx::Cx;
use super::dispatch::{Acc, Done, Exit, FAcc, exit, next, slow_path};
use super::handlers::{fields, trap};
use super::state::{Ip, Mem, Sp};
use super::{Frame, Stop};
use crate::translate::HandlerKind;
use crate::trap::{Trap, TrapCode};
use alloc::boxed::Box;

pub(super) fn throw(ip: Ip, sp: Sp, _: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (tag, args) = fields::Throw(ip);
    throw_new(ip, sp, cx, tag, args)
}

pub(super) fn throw_ref(ip: Ip, sp: Sp, _: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (exn,) = fields::ThrowRef(ip);
    match (sp.get(exn) as u32).checked_sub(1) {
        None => trap(ip, cx, TrapCode::NullExceptionReference),
        Some(exn) => {
            let (pc, base) = (cx.code.pc(ip), cx.stack.index(sp));
            unwind(cx, pc, base, exn, false)
        }
    }
}

slow_path! {
    /// Throws the exception of `throw`: tag `tag` of the running instance,
    /// the payload at `args..` of the frame.
    fn throw_new(ip: Ip, sp: Sp, cx: &mut Cx<'_>, tag: u32, args: u16) -> Done {
        let exn = match new_exn(ip, sp, cx, tag, args) {
            Ok(exn) => exn,
            Err(code) => return trap(ip, cx, code),
        };
        let (pc, base) = (cx.code.pc(ip), cx.stack.index(sp));
        unwind(cx, pc, base, exn, true)
    }
}

/// Makes the exception of `throw` (see `throw_new`): its index, or why
/// not. A function of its own so that `throw_new` holds nothing when it
/// goes on to `unwind`: with the payload's allocation in the same body,
/// aarch64 builds called `unwind` instead of jumping to it, and a loop
/// that throws and catches grew the native stack until the process
/// aborted.
#[inline(never)]
fn new_exn(ip: Ip, sp: Sp, cx: &mut Cx<'_>, tag: u32, args: u16) -> Result<u32, TrapCode> {
    let instance = cx.instance as usize;
    let core = cx.core();
    // The translator emits only tags of the module (validated indices).
    let t = core.instances[instance].tags[tag as usize];
    // A v128 takes two slots (as the translator counts them).
    let n = core.tags[t as usize].ty.param_slots() as u16;
    let payload: Box<[u64]> = (0..n).map(|i| sp.get(args + i)).collect();
    if core.exns_to_collect(payload.len()) {
        let (pc, base) = (cx.code.pc(ip), cx.stack.index(sp));
        let top = base + frame_size(cx, pc);
        cx.collect_exns(top);
    }
    // Over the store's byte budget, or 2^32 exceptions.
    cx.core()
        .new_exn(t, payload)
        .map_err(|_| TrapCode::OutOfMemory)
}

slow_path! {
    /// After a host call from the op at `ip` failed (`cx.stop` says how):
    /// if the host passed on an exception, unwinds with it from the calling
    /// frame (from its caller, for a tail call: that frame is gone); else
    /// stops.
    pub(super) fn host_failed(ip: Ip, sp: Sp, cx: &mut Cx<'_>, tail: bool) -> Done {
        let exn = match &cx.stop {
            Some(Stop::Trap(t)) => t.exception_index(),
            _ => None,
        };
        let Some(exn) = exn.filter(|&e| (e as usize) < cx.core().exns.len()) else {
            exit!(Exit::Stopped)
        };
        cx.stop = None;
        let (mut pc, mut base) = (cx.code.pc(ip), cx.stack.index(sp));
        if tail {
            match cx.frames.pop() {
                Some(frame) => (pc, base) = leave_to(cx, frame),
                None => return uncaught(cx, pc, base, exn),
            }
        }
        unwind(cx, pc, base, exn, false)
    }
}

/// Makes the caller `frame` the running one; returns the pc to search its
/// handlers at (inside its call op) and its frame's stack index.
fn leave_to(cx: &mut Cx<'_>, frame: Frame) -> (u32, usize) {
    cx.enter(frame.instance);
    // The return pc is the op after the call: one word back is inside it.
    (frame.ret_pc.saturating_sub(1), frame.base as usize)
}

slow_path! {
    /// Throws exception `exn` (a store index) from word `pc` of the running
    /// instance's code, in the frame at stack index `base`. A `fresh`
    /// exception (just made by `throw`) that a handler catches without a
    /// reference to it is recycled.
    fn unwind(cx: &mut Cx<'_>, mut pc: u32, mut base: usize, exn: u32, fresh: bool) -> Done {
        loop {
            if let Some(catch) = find_handler(cx, pc, exn) {
                let sp = cx.stack.frame(base);
                let core = cx.core();
                let Some(e) = core.exns.get(exn as usize) else {
                    return uncaught(cx, pc, base, exn);
                };
                // Slots of the handler's function (the translator counted them
                // in its frame size), whose frame is live. A `catch_all`
                // reserves none: the payload is not written.
                if catch.payload {
                    for (i, &v) in e.payload.iter().enumerate() {
                        sp.set(catch.values.wrapping_add(i as u16), v);
                    }
                }
                match catch.exn {
                    Some(slot) => sp.set(slot, u64::from(exn) + 1),
                    None if fresh => core.free_exn(exn),
                    None => {}
                }
                let mem = cx.memory();
                next!(cx.code.at(catch.target), sp, mem, cx)
            }
            match cx.frames.pop() {
                Some(frame) => (pc, base) = leave_to(cx, frame),
                None => return uncaught(cx, pc, base, exn),
            }
        }
    }
}

slow_path! {
    /// Stops: exception `exn` left the entry function.
    fn uncaught(cx: &mut Cx<'_>, pc: u32, base: usize, exn: u32) -> Done {
        cx.stop_pc = pc;
        cx.stop_base = base as u32;
        cx.stop = Some(Stop::Trap(Trap::exception(exn)));
        exit!(Exit::Stopped)
    }
}

/// The frame size of the running function, which word `pc` is in.
fn frame_size(cx: &Cx<'_>, pc: u32) -> usize {
    let compiled = &cx.module.inner.compiled;
    let at = compiled
        .partition_point(|c| c.start <= pc)
        .saturating_sub(1);
    compiled.get(at).map_or(0, |c| c.frame_size as usize)
}

/// Where a handler sends a caught exception.
struct Catch {
    /// Whether the handler takes the payload (a `catch` of a tag).
    payload: bool,
    values: u16,
    exn: Option<u16>,
    target: u32,
}

/// The handler of the running function that catches exception `exn`
/// thrown at word `pc`, if any.
fn find_handler(cx: &mut Cx<'_>, pc: u32, exn: u32) -> Option<Catch> {
    let instance = cx.instance as usize;
    let (core, module) = cx.core_and_module();
    let m = &module.inner;
    let func = m.compiled[m
        .compiled
        .partition_point(|c| c.start <= pc)
        .checked_sub(1)?]
    .start;
    let tag = core.exns.get(exn as usize)?.tag;
    let tags = &core.instances[instance].tags;
    let from = m.handlers.partition_point(|h| h.func < func);
    // A `delegate` passes the search on to the handlers outside its label.
    let mut max_depth = u32::MAX;
    for h in m.handlers[from..].iter().take_while(|h| h.func == func) {
        if pc < h.start || pc >= h.end || h.depth > max_depth {
            continue;
        }
        match h.kind {
            HandlerKind::Delegate { depth } => max_depth = depth,
            HandlerKind::Catch {
                tag: want,
                values,
                exn,
                target,
            } => {
                if want.is_none_or(|t| tags.get(t as usize) == Some(&tag)) {
                    return Some(Catch {
                        payload: want.is_some(),
                        values,
                        exn,
                        target,
                    });
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::{Engine, Linker, Module, Store, Val};

    /// A `throw` caught by a `catch` without `_ref` leaves no exception
    /// behind; one a reference was made to stays.
    #[test]
    fn exceptions_no_reference_was_made_to_are_reused() {
        let wasm = wat::parse_str(
            r#"(module
              (tag $e (param i32))
              (func (export "catch") (param i32) (result i32)
                (block $h (result i32)
                  (try_table (catch $e $h) (throw $e (local.get 0)))
                  (i32.const -1)))
              (func (export "keep") (result exnref)
                (block $h (result exnref)
                  (try_table (catch_all_ref $h) (throw $e (i32.const 1)))
                  (unreachable))))"#,
        )
        .unwrap();
        let engine = Engine::default();
        let module = Module::new(&engine, &wasm).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        let catch = instance.get_func(&store, "catch").unwrap();
        let mut out = [Val::I32(0)];
        for i in 0..100 {
            catch.call(&mut store, &[Val::I32(i)], &mut out).unwrap();
            assert_eq!(out[0], Val::I32(i));
        }
        assert_eq!(store.inner.exns.len(), 1);
        let keep = instance.get_func(&store, "keep").unwrap();
        let mut kept = [Val::ExnRef(None), Val::ExnRef(None)];
        for k in &mut kept {
            let mut out = [Val::ExnRef(None)];
            keep.call(&mut store, &[], &mut out).unwrap();
            *k = out[0];
        }
        assert_ne!(kept[0], kept[1]);
        catch.call(&mut store, &[Val::I32(5)], &mut out).unwrap();
        assert_eq!(store.inner.exns.len(), 3);
    }
}
