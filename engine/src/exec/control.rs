//! The handlers of the `control` ops: branches, calls and returns,
//! constants and copies, globals, and the memory and table instructions
//! that need the store. Each reads its fields with `fields::<Op>`.

use super::cx::Cx;
use super::dispatch::{Acc, Done, Exit, FAcc, NO_ACC, exit, next, slow_path};
use super::handlers::{fields, trap};
use super::state::{Ip, Mem, Sp};
use super::{Frame, Stop, table};
use crate::ir::OpCode;
use crate::store::FuncEntity;
use crate::trap::TrapCode;

#[cfg(feature = "exceptions")]
pub(super) use super::exception::{throw, throw_ref};

/// Without the `exceptions` feature the validator refuses `throw` and
/// `throw_ref` (and stored code needing them): their handlers never run.
#[cfg(not(feature = "exceptions"))]
pub(super) fn throw(ip: Ip, _: Sp, _: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    trap(ip, cx, TrapCode::Unreachable)
}

#[cfg(not(feature = "exceptions"))]
pub(super) fn throw_ref(ip: Ip, _: Sp, _: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    trap(ip, cx, TrapCode::Unreachable)
}

pub(super) use super::memories::{
    memory_copy_mem, memory_fill_mem, memory_grow_mem, memory_init_mem, memory_size_mem,
};

#[cfg(feature = "atomics")]
pub(super) use super::atomic::{memory_atomic_wait32, memory_atomic_wait64};
#[cfg(feature = "atomics")]
pub(super) use super::atomic_mem::{atomic_mem, atomic_store_mem};
pub(super) use super::bulk::{
    data_drop, elem_drop, memory_copy, memory_fill, memory_grow, memory_init, memory_size,
    table_copy, table_fill, table_get, table_grow, table_init, table_set, table_size,
};

/// Without the `atomics` feature the validator refuses the atomic
/// instructions (and stored code needing them): the handler every atomic
/// op then has never runs.
#[cfg(not(feature = "atomics"))]
pub(super) fn atomics_disabled(ip: Ip, _: Sp, _: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    trap(ip, cx, TrapCode::Unreachable)
}
#[cfg(not(feature = "atomics"))]
pub(super) use self::atomics_disabled as memory_atomic_wait32;
#[cfg(not(feature = "atomics"))]
pub(super) use self::atomics_disabled as memory_atomic_wait64;
#[cfg(not(feature = "atomics"))]
pub(super) use self::{atomics_disabled as atomic_mem, atomics_disabled as atomic_store_mem};

/// Words of op `$name`.
macro_rules! len {
    ($name:ident) => {
        const { crate::ir::OpCode::$name.len() }
    };
}
pub(super) use len;

/// The stack index of the running frame's slot 0.
#[inline(always)]
fn base(sp: Sp, cx: &Cx<'_>) -> usize {
    cx.stack.index(sp)
}

pub(super) fn unreachable(ip: Ip, _: Sp, _: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    trap(ip, cx, TrapCode::Unreachable)
}

pub(super) fn consume_fuel(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (amount,) = fields::ConsumeFuel(ip);
    // Stops only when no fuel is left, so any grant makes progress; a
    // block may overshoot by its own length. Resumes at this op.
    if cx.fuel == 0 {
        let at = base(sp, cx);
        cx.stop_at(ip, at, Stop::OutOfFuel);
        exit!(Exit::Stopped)
    }
    cx.fuel = cx.fuel.saturating_sub(u64::from(amount));
    next!(ip.add(len!(ConsumeFuel)), sp, mem, cx)
}

pub(super) fn zero_locals(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (first, count) = fields::ZeroLocals(ip);
    let first = u32::from(first);
    sp.zero(first, first.saturating_add(count));
    next!(ip.add(len!(ZeroLocals)), sp, mem, cx)
}

pub(super) fn br(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (target,) = fields::Br(ip);
    next!(ip.jump(target), sp, mem, cx)
}

pub(super) fn br_if_nez(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (cond, target) = fields::BrIfNez(ip);
    if sp.get(cond) as u32 != 0 {
        next!(ip.jump(target), sp, mem, cx)
    }
    next!(ip.add(len!(BrIfNez)), sp, mem, cx)
}

pub(super) fn i32_add_imm_br_if_nez(
    ip: Ip,
    sp: Sp,
    mem: Mem,
    cx: &mut Cx<'_>,
    _: Acc,
    _: FAcc,
) -> Done {
    let (dst, imm, target) = fields::I32AddImmBrIfNez(ip);
    let v = (sp.get(dst) as u32).wrapping_add(imm);
    sp.set32(dst, v);
    if v != 0 {
        next!(ip.jump(target), sp, mem, cx)
    }
    next!(ip.add(len!(I32AddImmBrIfNez)), sp, mem, cx)
}

pub(super) fn i32_add_imm_br_if_ne_imm(
    ip: Ip,
    sp: Sp,
    mem: Mem,
    cx: &mut Cx<'_>,
    _: Acc,
    _: FAcc,
) -> Done {
    let (dst, imm, limit, target) = fields::I32AddImmBrIfNeImm(ip);
    let v = (sp.get(dst) as u32).wrapping_add(imm);
    sp.set32(dst, v);
    if v != limit {
        next!(ip.jump(target), sp, mem, cx)
    }
    next!(ip.add(len!(I32AddImmBrIfNeImm)), sp, mem, cx)
}

pub(super) fn br_if_eqz(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (cond, target) = fields::BrIfEqz(ip);
    if sp.get(cond) as u32 == 0 {
        next!(ip.jump(target), sp, mem, cx)
    }
    next!(ip.add(len!(BrIfEqz)), sp, mem, cx)
}

pub(super) fn br_table(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (index, len) = fields::BrTable(ip);
    // The entries are `Br`s: take the chosen one's target directly.
    let i = (sp.get(index) as u32).min(len) as usize;
    let entry = ip.add(len!(BrTable) + i * len!(Br));
    let (target,) = fields::Br(entry);
    next!(entry.jump(target), sp, mem, cx)
}

pub(super) fn ret(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (values, count) = fields::Return(ip);
    sp.copy_down(values, count);
    return_to_caller(mem, cx)
}

pub(super) fn ret_value(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (value,) = fields::ReturnValue(ip);
    sp.set(0, sp.get(value));
    return_to_caller(mem, cx)
}

pub(super) fn ret_void(_: Ip, _: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    return_to_caller(mem, cx)
}

/// Pops the running frame and continues in the caller, or stops if the
/// entry function returned.
#[inline(always)]
fn return_to_caller(mem: Mem, cx: &mut Cx<'_>) -> Done {
    match cx.frames.last() {
        Some(frame) if frame.instance == cx.instance => {
            let frame = *frame;
            cx.frames.pop();
            let ip = cx.code.at(frame.ret_pc);
            let sp = cx.stack.frame(frame.base as usize);
            next!(ip, sp, mem, cx)
        }
        _ => return_slow(mem, cx),
    }
}

slow_path! {
    /// Returns to a caller of another instance, or stops.
    fn return_slow(_: Mem, cx: &mut Cx<'_>) -> Done {
        let Some(frame) = cx.frames.pop() else {
            exit!(Exit::Returned)
        };
        cx.enter(frame.instance);
        let mem = cx.memory();
        let ip = cx.code.at(frame.ret_pc);
        let sp = cx.stack.frame(frame.base as usize);
        next!(ip, sp, mem, cx)
    }
}

/// Makes the frame of defined function `func` of the running module start
/// at stack index `at`: room for all of its slots (its code zeroes its
/// locals, `ZeroLocals`).
/// Returns its first op and its frame, or `StackOverflow`.
#[inline(always)]
fn enter_frame(cx: &mut Cx<'_>, func: u32, at: usize) -> Result<(Ip, Sp), TrapCode> {
    let c = cx.func(func);
    let size = c.frame_size as usize;
    if !cx.stack.fits(at, size) && !cx.grow_stack(at + size) {
        return Err(TrapCode::StackOverflow);
    }
    Ok((cx.code.at(c.start), cx.stack.frame(at)))
}

/// Calls defined function `func` of the running module with its frame at
/// `args` of the running one; returns to the op after `ip`.
///
/// The fast path (room on the value stack and in the frame list, under the
/// depth limit) calls nothing: everything else is `call_defined_slow`'s.
#[inline(always)]
fn call_defined(
    ip: Ip,
    sp: Sp,
    mem: Mem,
    cx: &mut Cx<'_>,
    func: u32,
    args: u16,
    len: usize,
) -> Done {
    let c = cx.func(func);
    let callee = sp.at(args);
    let frame = Frame {
        ret_pc: cx.code.pc(ip.add(len)),
        base: base(sp, cx) as u32,
        instance: cx.instance,
    };
    if !cx.stack.holds(callee, c.frame_size as usize) || !cx.push_frame(frame) {
        // Not a tail call of a slow handler: a handler must end in a call
        // taking no more than its registers, or it would not be a jump.
        let caller = base(sp, cx);
        let at = caller + usize::from(args);
        if !call_defined_slow(ip, cx, func, caller, at, len) {
            exit!(Exit::Stopped)
        }
        let (ip, sp) = (cx.code.at(c.start), cx.stack.frame(at));
        next!(ip, sp, mem, cx)
    }
    next!(cx.code.at(c.start), callee, mem, cx)
}

/// Enters the frame of `call_defined` when the value stack or the frame
/// list must grow, or stops (a trap recorded) if the call is one too deep
/// or the stack cannot grow.
#[cold]
#[inline(never)]
fn call_defined_slow(
    ip: Ip,
    cx: &mut Cx<'_>,
    func: u32,
    caller: usize,
    at: usize,
    len: usize,
) -> bool {
    // Scalars only: an aggregate passed through memory would make the
    // calling handler's tail call impossible.
    let frame = Frame {
        ret_pc: cx.code.pc(ip.add(len)),
        base: caller as u32,
        instance: cx.instance,
    };
    if cx.frames.len() >= cx.max_depth {
        cx.trap_at(ip, TrapCode::StackOverflow);
        return false;
    }
    match enter_frame(cx, func, at) {
        Ok(_) => {
            cx.frames.push(frame);
            cx.grew_frames();
            true
        }
        Err(c) => {
            cx.trap_at(ip, c);
            false
        }
    }
}

pub(super) fn call(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (func, args) = fields::Call(ip);
    call_fast(ip, sp, mem, cx, func, args, len!(Call))
}

/// `Copy` then `Call`, one dispatch: the call's last argument copy (a
/// local passed on) done by the call op.
pub(super) fn copy_call(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (func, args, to, from) = fields::CopyCall(ip);
    sp.set(to, sp.get(from));
    call_fast(ip, sp, mem, cx, func, args, len!(CopyCall))
}

/// The fast path of `call_defined`, calling nothing: its slow path is a
/// handler of its own (same signature, so the jump to it is a jump),
/// which finds the op's fields again.
#[inline(always)]
fn call_fast(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, func: u32, args: u16, len: usize) -> Done {
    let c = cx.func(func);
    let callee = sp.at(args);
    let frame = Frame {
        ret_pc: cx.code.pc(ip.add(len)),
        base: base(sp, cx) as u32,
        instance: cx.instance,
    };
    if !cx.stack.holds(callee, c.frame_size as usize) || !cx.push_frame(frame) {
        return call_slow(ip, sp, mem, cx, NO_ACC.0, NO_ACC.1);
    }
    next!(cx.code.at(c.start), callee, mem, cx)
}

slow_path! {
    /// `call` or `copy_call` (its copy done) when the value stack or the
    /// frame list must grow, or the call is one too deep.
    fn call_slow(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
        // `CopyCall`'s first fields are `Call`'s.
        let (func, args) = fields::Call(ip);
        let len = match ip.word(0) == OpCode::Call as u16 {
            true => len!(Call),
            false => len!(CopyCall),
        };
        call_defined(ip, sp, mem, cx, func, args, len)
    }
}

pub(super) fn return_call(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (func, args) = fields::ReturnCall(ip);
    let params = cx.func(func).params;
    sp.copy(args, 0, params as usize);
    let at = base(sp, cx);
    match enter_frame(cx, func, at) {
        Ok((ip, sp)) => next!(ip, sp, mem, cx),
        Err(c) => trap(ip, cx, c),
    }
}

/// What a call op says about its call: where its arguments are, how long
/// the op is (to return after it), and whether it is a tail call.
#[derive(Clone, Copy)]
struct Site {
    args: u16,
    len: usize,
    tail: bool,
}

/// Calls store function `f` from `site`: a wasm function of any instance,
/// or a host function. A tail call replaces the running frame (or, for a
/// host function, returns from it).
#[inline(always)]
fn call_store_func(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, f: u32, site: Site) -> Done {
    let Site { args, len, tail } = site;
    let (instance, index, host, params, results) = match &cx.core().funcs[f as usize] {
        FuncEntity::Wasm {
            instance, index, ..
        } => (*instance, *index, None, 0, 0),
        FuncEntity::Host { host, ty } => (0, 0, Some(*host), ty.param_slots(), ty.result_slots()),
    };
    let Some(host) = host else {
        if instance == cx.instance {
            if tail {
                let params = cx.func(index).params;
                sp.copy(args, 0, params as usize);
                let at = base(sp, cx);
                return match enter_frame(cx, index, at) {
                    Ok((ip, sp)) => next!(ip, sp, mem, cx),
                    Err(c) => trap(ip, cx, c),
                };
            }
            return call_defined(ip, sp, mem, cx, index, args, len);
        }
        return call_other_instance(ip, sp, cx, instance, index, site);
    };
    let at = base(sp, cx) + usize::from(args);
    if !call_host(ip, cx, host, at, params.max(results)) {
        // The host may have passed on a wasm exception.
        #[cfg(feature = "exceptions")]
        return super::exception::host_failed(ip, sp, cx, tail);
        #[cfg(not(feature = "exceptions"))]
        exit!(Exit::Stopped)
    }
    // The host may have grown the memory.
    let mem = cx.memory();
    if tail {
        sp.copy(args, 0, results);
        return return_to_caller(mem, cx);
    }
    next!(ip.add(len), sp, mem, cx)
}

/// Calls host function `host` with the `len` slots at stack index `at`;
/// false (with the trap recorded) if it trapped.
///
/// Not inlined, so that the handlers calling it keep no stack slot whose
/// address escapes (the trap is returned through memory): a handler with
/// one cannot end in a tail call.
#[inline(never)]
fn call_host(ip: Ip, cx: &mut Cx<'_>, host: u32, at: usize, len: usize) -> bool {
    match cx.call_host(host, at, len) {
        Ok(()) => true,
        Err(t) => {
            cx.stop_at(ip, 0, Stop::Trap(t));
            false
        }
    }
}

/// Calls defined function `index` of another instance from `site`.
/// (Inlined: a handler must pass no more to the function it ends with
/// than fits in registers, or the call cannot be a jump.)
#[inline(always)]
fn call_other_instance(
    ip: Ip,
    sp: Sp,
    cx: &mut Cx<'_>,
    instance: u32,
    index: u32,
    site: Site,
) -> Done {
    let Site { args, len, tail } = site;
    let caller = base(sp, cx);
    let at = if tail {
        let core = cx.core();
        let params = core.instances[instance as usize].module.inner.compiled[index as usize].params;
        sp.copy(args, 0, params as usize);
        caller
    } else {
        if cx.frames.len() >= cx.max_depth {
            return trap(ip, cx, TrapCode::StackOverflow);
        }
        cx.frames.push(Frame {
            ret_pc: cx.code.pc(ip.add(len)),
            base: caller as u32,
            instance: cx.instance,
        });
        cx.grew_frames();
        caller + usize::from(args)
    };
    cx.enter(instance);
    let mem = cx.memory();
    match enter_frame(cx, index, at) {
        Ok((ip, sp)) => next!(ip, sp, mem, cx),
        Err(c) => trap(ip, cx, c),
    }
}

/// The store index of function `func` (imported or defined) of the
/// running instance.
#[inline(always)]
fn store_func(cx: &mut Cx<'_>, func: u32) -> u32 {
    let instance = cx.instance as usize;
    cx.core().instances[instance].funcs[func as usize]
}

pub(super) fn call_import(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (func, args) = fields::CallImport(ip);
    let f = store_func(cx, func);
    let site = Site {
        args,
        len: len!(CallImport),
        tail: false,
    };
    call_store_func(ip, sp, mem, cx, f, site)
}

pub(super) fn return_call_import(
    ip: Ip,
    sp: Sp,
    mem: Mem,
    cx: &mut Cx<'_>,
    _: Acc,
    _: FAcc,
) -> Done {
    let (func, args) = fields::ReturnCallImport(ip);
    let f = store_func(cx, func);
    let site = Site {
        args,
        len: len!(ReturnCallImport),
        tail: true,
    };
    call_store_func(ip, sp, mem, cx, f, site)
}

/// The store function a `call_indirect` reaches, or its trap.
#[inline(always)]
fn indirect(
    sp: Sp,
    cx: &mut Cx<'_>,
    type_index: u32,
    table: u32,
    args: u16,
) -> Result<u32, TrapCode> {
    let instance = cx.instance as usize;
    let (core, module) = cx.core_and_module();
    let ty = &module.inner.header.types[type_index as usize];
    let index = sp.get(args + ty.param_slots() as u16);
    let t = core.instances[instance].tables[table as usize];
    let f = match table::slot(core, t, index) {
        None => return Err(TrapCode::UndefinedElement),
        Some(0) => return Err(TrapCode::IndirectCallToNull),
        Some(r) => (r - 1) as u32,
    };
    // A function reference of a validated module is a store function; an
    // image's slots are not typed by its check (`image::check`), so one
    // may hold any number: that is not a function of this type either.
    match core.funcs.get(f as usize) {
        Some(func) if func.ty() == ty => Ok(f),
        _ => Err(TrapCode::BadSignature),
    }
}

pub(super) fn call_indirect(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (type_index, table, args) = fields::CallIndirect(ip);
    match indirect(sp, cx, type_index, table, args) {
        Ok(f) => {
            let site = Site {
                args,
                len: len!(CallIndirect),
                tail: false,
            };
            call_store_func(ip, sp, mem, cx, f, site)
        }
        Err(c) => trap(ip, cx, c),
    }
}

pub(super) fn return_call_indirect(
    ip: Ip,
    sp: Sp,
    mem: Mem,
    cx: &mut Cx<'_>,
    _: Acc,
    _: FAcc,
) -> Done {
    let (type_index, table, args) = fields::ReturnCallIndirect(ip);
    match indirect(sp, cx, type_index, table, args) {
        Ok(f) => {
            let site = Site {
                args,
                len: len!(ReturnCallIndirect),
                tail: true,
            };
            call_store_func(ip, sp, mem, cx, f, site)
        }
        Err(c) => trap(ip, cx, c),
    }
}

/// `call_ref` and `return_call_ref`: the store function `callee`'s slot
/// refers to, or a trap. Validation made a reference's type the call's
/// type `type_index`; an image's slots are not typed by its check
/// (`image::check`), so there a slot may hold any number, and the callee
/// is checked as `call_indirect`'s is.
#[inline(always)]
fn call_ref_site(
    ip: Ip,
    sp: Sp,
    mem: Mem,
    cx: &mut Cx<'_>,
    type_index: u32,
    callee: u16,
    site: Site,
) -> Done {
    let Some(f) = sp.get(callee).checked_sub(1) else {
        return trap(ip, cx, TrapCode::NullFunctionReference);
    };
    let (core, module) = cx.core_and_module();
    let ty = &module.inner.header.types[type_index as usize];
    match usize::try_from(f).ok().and_then(|f| core.funcs.get(f)) {
        Some(func) if func.ty() == ty => call_store_func(ip, sp, mem, cx, f as u32, site),
        _ => trap(ip, cx, TrapCode::BadSignature),
    }
}

pub(super) fn call_ref(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (type_index, args, callee) = fields::CallRef(ip);
    let site = Site {
        args,
        len: len!(CallRef),
        tail: false,
    };
    call_ref_site(ip, sp, mem, cx, type_index, callee, site)
}

pub(super) fn return_call_ref(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (type_index, args, callee) = fields::ReturnCallRef(ip);
    let site = Site {
        args,
        len: len!(ReturnCallRef),
        tail: true,
    };
    call_ref_site(ip, sp, mem, cx, type_index, callee, site)
}

/// References are index + 1, with 0 for null, in all 64 bits of a slot.
pub(super) fn br_on_null(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (value, target) = fields::BrOnNull(ip);
    if sp.get(value) == 0 {
        next!(ip.jump(target), sp, mem, cx)
    }
    next!(ip.add(len!(BrOnNull)), sp, mem, cx)
}

pub(super) fn br_on_non_null(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (value, target) = fields::BrOnNonNull(ip);
    if sp.get(value) != 0 {
        next!(ip.jump(target), sp, mem, cx)
    }
    next!(ip.add(len!(BrOnNonNull)), sp, mem, cx)
}

pub(super) fn copy(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (dst, src) = fields::Copy(ip);
    sp.set(dst, sp.get(src));
    next!(ip.add(len!(Copy)), sp, mem, cx)
}

pub(super) fn i32_add_imm2(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (dst0, imm0, dst1, imm1) = fields::I32AddImm2(ip);
    sp.set32(dst0, (sp.get(dst0) as u32).wrapping_add(imm0));
    sp.set32(dst1, (sp.get(dst1) as u32).wrapping_add(imm1));
    next!(ip.add(len!(I32AddImm2)), sp, mem, cx)
}

pub(super) fn copy2(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (dst0, src0, dst1, src1) = fields::Copy2(ip);
    sp.set(dst0, sp.get(src0));
    sp.set(dst1, sp.get(src1));
    next!(ip.add(len!(Copy2)), sp, mem, cx)
}

pub(super) fn const32(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (dst, value) = fields::Const32(ip);
    sp.set(dst, u64::from(value));
    next!(ip.add(len!(Const32)), sp, mem, cx)
}

pub(super) fn const64(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (dst, value) = fields::Const64(ip);
    sp.set(dst, value);
    next!(ip.add(len!(Const64)), sp, mem, cx)
}

pub(super) fn global_get(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (dst, global) = fields::GlobalGet(ip);
    let instance = cx.instance as usize;
    let core = cx.core();
    let g = core.instances[instance].globals[global as usize];
    sp.set(dst, core.globals[g as usize].value[0]);
    next!(ip.add(len!(GlobalGet)), sp, mem, cx)
}

pub(super) fn global_set(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (global, src) = fields::GlobalSet(ip);
    let instance = cx.instance as usize;
    let core = cx.core();
    let g = core.instances[instance].globals[global as usize];
    core.globals[g as usize].value[0] = sp.get(src);
    next!(ip.add(len!(GlobalSet)), sp, mem, cx)
}

pub(super) fn ref_func(ip: Ip, sp: Sp, mem: Mem, cx: &mut Cx<'_>, _: Acc, _: FAcc) -> Done {
    let (dst, func) = fields::RefFunc(ip);
    let f = store_func(cx, func);
    sp.set(dst, u64::from(f) + 1);
    next!(ip.add(len!(RefFunc)), sp, mem, cx)
}
