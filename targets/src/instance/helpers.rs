//! The runtime helpers native code calls through the vmctx: each an
//! `extern "C"` function monomorphized for the store's data type `T`,
//! reaching the instance's runtime and the store's current `Caller` from
//! the vmctx.

use std::sync::Arc;

use mote::{Caller, Func, Trap, TrapCode, Val};

use super::{ConstOp, Runtime, call_native, holds_extern, sync_in, sync_memories, sync_out};
use crate::vmctx::{Bulk, EXN_PENDING, HOST_TRAP, MemRecord, Slot, TableOp, VmCtx, code_of};

/// The runtime and current caller of a helper's vmctx.
///
/// # Safety
/// `vmctx` is the vmctx of a live `Runtime<T>` whose native code is running
/// (so its caller is set).
pub(super) unsafe fn runtime<'a, T: 'static>(
    vmctx: *mut VmCtx,
) -> (*mut Runtime<T>, &'a mut Caller<'static, T>) {
    let rt = vmctx.cast::<Runtime<T>>();
    // SAFETY: per the contract the caller pointer is set and live for the
    // duration of the helper call.
    (rt, unsafe { &mut *(*rt).caller })
}

/// `memory.grow` of memory `index`: the old size in pages, or `u64::MAX`
/// (native code truncates both for a 32-bit memory: -1 on failure).
pub(super) extern "C" fn memory_grow<T: 'static>(vmctx: *mut VmCtx, index: u32, delta: u64) -> u64 {
    // SAFETY: only native code of a running instance calls helpers, with its vmctx.
    let (rt, caller) = unsafe { runtime::<T>(vmctx) };
    // SAFETY: `rt` is live; native code waits for this call.
    let memories = unsafe { &(*rt).memories };
    let Some(mem) = memories.get(index as usize).copied() else {
        return u64::MAX;
    };
    let old = mem.grow(&mut *caller, delta).unwrap_or(u64::MAX);
    // Only the memories moved: the globals' cells and the fuel in the
    // vmctx are newer than the store's (copying those in would undo what
    // the code did since it was entered).
    // SAFETY: `rt` is live and `caller` its caller.
    unsafe { sync_memories(rt, caller) };
    old
}

/// Calls `f` of type `ty` through the store, with the arguments in `vals`.
///
/// # Safety
/// As for [`runtime`]; `vals` holds `max(params, results)` slots.
unsafe fn call_store<T: 'static>(
    rt: *mut Runtime<T>,
    caller: &mut Caller<'static, T>,
    f: Func,
    ty: &wasmparser::FuncType,
    vals: *mut Slot,
) -> u32 {
    let n = ty.params().len().max(ty.results().len());
    // SAFETY: per the contract `vals` has `n` slots.
    let vals = unsafe { core::slice::from_raw_parts_mut(vals, n) };
    // SAFETY: `rt` is live; native code waits for this call.
    let r = unsafe { &mut *rt };
    let params: Vec<Val> = ty
        .params()
        .iter()
        .zip(vals.iter())
        .map(|(t, v)| r.val(*t, *v))
        .collect();
    let mut results: Vec<Val> = ty.results().iter().map(|t| r.val(*t, [0; 2])).collect();
    // SAFETY: `rt` is live, `caller` its caller; native code waits.
    unsafe { sync_out(rt, caller) };
    let outcome = f.call(&mut *caller, &params, &mut results);
    // SAFETY: as above; the call may have grown memory or set globals.
    unsafe { sync_in(rt, caller) };
    match outcome {
        Ok(()) => {
            // SAFETY: as above.
            let r = unsafe { &mut *rt };
            for (slot, v) in vals.iter_mut().zip(&results) {
                *slot = r.slot(v);
            }
            0
        }
        Err(mote::Error::Exception(e)) => {
            // SAFETY: `rt` is live.
            unsafe { (*rt).exn = Some(e) };
            EXN_PENDING
        }
        Err(e) => {
            let trap = e.as_trap().unwrap_or(Trap::from(TrapCode::Host));
            // SAFETY: `rt` is live.
            unsafe { (*rt).pending = Some(trap) };
            HOST_TRAP
        }
    }
}

pub(super) extern "C" fn call_import<T: 'static>(
    vmctx: *mut VmCtx,
    index: u32,
    vals: *mut Slot,
) -> u32 {
    // SAFETY: only native code of a running instance calls helpers, with its vmctx.
    let (rt, caller) = unsafe { runtime::<T>(vmctx) };
    // SAFETY: `rt` is live; the module outlives this call.
    let (f, module) = unsafe {
        let r = &*rt;
        (r.import_calls[index as usize], Arc::clone(&r.module))
    };
    let ty = &module.env.types[module.env.func_types[index as usize] as usize];
    // SAFETY: native code passes a slot for each argument and result.
    unsafe { call_store(rt, caller, f, ty, vals) }
}

pub(super) extern "C" fn call_indirect<T: 'static>(
    vmctx: *mut VmCtx,
    table: u32,
    type_index: u32,
    elem: u64,
    vals: *mut Slot,
) -> u32 {
    // SAFETY: only native code of a running instance calls helpers, with its vmctx.
    let (rt, caller) = unsafe { runtime::<T>(vmctx) };
    // SAFETY: `rt` is live.
    let module = unsafe { Arc::clone(&(*rt).module) };
    // SAFETY: as above.
    match unsafe { indirect_target(rt, caller, table, type_index, elem) } {
        // SAFETY: `code` is one of our functions, of the type; native code
        // passes a `vals` of `vals_slots` slots; nothing changed the
        // vmctx's pointers since native code called this helper.
        Ok(Target::Own(code)) => unsafe { call_native(rt, code, type_index, vals) },
        // SAFETY: native code passes a slot for each argument and result.
        Ok(Target::Store(f)) => unsafe {
            call_store(rt, caller, f, &module.env.types[type_index as usize], vals)
        },
        Err(code) => code,
    }
}

/// What an element of a table a `call_indirect` calls is.
enum Target {
    /// One of the instance's own functions: its code.
    Own(*const u8),
    /// Another function of the store.
    Store(Func),
}

/// The target of a `call_indirect` of type `type_index` through element
/// `elem` of table `table`, or its trap code: undefined element, null,
/// another signature, in that order.
///
/// # Safety
/// As for [`runtime`], `rt` and `caller` what it gave.
unsafe fn indirect_target<T: 'static>(
    rt: *mut Runtime<T>,
    caller: &mut Caller<'static, T>,
    table: u32,
    type_index: u32,
    elem: u64,
) -> Result<Target, u32> {
    // SAFETY: `rt` is live.
    let r = unsafe { &*rt };
    let module = &r.module;
    let f = match r.tables[table as usize].get(&*caller, elem) {
        None => return Err(code_of(TrapCode::UndefinedElement)),
        Some(Val::FuncRef(None)) => return Err(code_of(TrapCode::IndirectCallToNull)),
        Some(Val::FuncRef(Some(f))) => f,
        Some(_) => return Err(code_of(TrapCode::BadSignature)),
    };
    if let Some(&j) = r.own.get(&f) {
        // Types equal as the engine sees them: structurally, concrete
        // references by what they name, not by their index.
        let ty = module.env.func_types[j as usize] as usize;
        if r.type_ids[ty] != r.type_ids[type_index as usize] {
            return Err(code_of(TrapCode::BadSignature));
        }
        return Ok(Target::Own(r.code[j as usize]));
    }
    if f.ty(&*caller) != r.types[type_index as usize] {
        return Err(code_of(TrapCode::BadSignature));
    }
    Ok(Target::Store(f))
}

/// The bulk memory and table instructions (see [`Bulk`]).
pub(super) extern "C" fn bulk<T: 'static>(
    vmctx: *mut VmCtx,
    op: u32,
    x: u32,
    y: u32,
    a: u64,
    b: u64,
    c: u64,
) -> u64 {
    // SAFETY: only native code of a running instance calls helpers, with its vmctx.
    let (rt, caller) = unsafe { runtime::<T>(vmctx) };
    // SAFETY: `rt` is live; native code waits for this call, and nothing
    // below calls back into it.
    let r = unsafe { &mut *rt };
    let module = Arc::clone(&r.module);
    let oob = code_of(TrapCode::MemoryOutOfBounds) as u64;
    let table_oob = code_of(TrapCode::TableOutOfBounds) as u64;
    let Some(op) = Bulk::from_u32(op) else {
        return code_of(TrapCode::Host) as u64;
    };
    // Whether `at + n` is past `len` (or wraps, which is past any length).
    let past = |at: u64, n: u64, len: u64| at.checked_add(n).is_none_or(|end| end > len);
    match op {
        Bulk::MemoryCopy | Bulk::MemoryFill | Bulk::MemoryInit => {
            // The destination memory: x for copy and fill, y for init.
            let dst = if op == Bulk::MemoryInit { y } else { x };
            let Some(&MemRecord { base, len }) = r.records.get(dst as usize) else {
                return oob;
            };
            match op {
                Bulk::MemoryCopy => {
                    let Some(&src) = r.records.get(y as usize) else {
                        return oob;
                    };
                    if past(a, c, len) || past(b, c, src.len) {
                        return oob;
                    }
                    // SAFETY: both ranges are inside their memories (checked
                    // above, so the offsets fit a usize); `copy` allows them
                    // to overlap (the same memory).
                    unsafe {
                        core::ptr::copy(src.base.add(b as usize), base.add(a as usize), c as usize)
                    };
                }
                Bulk::MemoryFill => {
                    if past(a, c, len) {
                        return oob;
                    }
                    // SAFETY: the range is inside the memory (checked above).
                    unsafe { core::ptr::write_bytes(base.add(a as usize), b as u8, c as usize) };
                }
                _ => {
                    let seg: &[u8] = if r.dropped_data[x as usize] {
                        &[]
                    } else {
                        &module.data[x as usize].bytes
                    };
                    if past(b, c, seg.len() as u64) || past(a, c, len) {
                        return oob;
                    }
                    // SAFETY: the destination is inside the memory and the
                    // source inside the segment (checked above); they are
                    // distinct allocations.
                    unsafe {
                        core::ptr::copy_nonoverlapping(
                            seg.as_ptr().add(b as usize),
                            base.add(a as usize),
                            c as usize,
                        )
                    };
                }
            }
            0
        }
        Bulk::DataDrop => {
            r.dropped_data[x as usize] = true;
            0
        }
        Bulk::ElemDrop => {
            r.dropped_elems[x as usize] = true;
            0
        }
        Bulk::TableSize => r.tables[x as usize].size(&*caller),
        Bulk::TableCopy => {
            let (dst, src) = (r.tables[x as usize], r.tables[y as usize]);
            if past(a, c, dst.size(&*caller)) || past(b, c, src.size(&*caller)) {
                return table_oob;
            }
            let items: Vec<Val> = (0..c)
                .map(|k| src.get(&*caller, b + k).unwrap_or(Val::FuncRef(None)))
                .collect();
            for (k, v) in items.into_iter().enumerate() {
                if dst.set(&mut *caller, a + k as u64, v).is_err() {
                    return table_oob;
                }
            }
            0
        }
        Bulk::TableInit => {
            let table = r.tables[x as usize];
            let items: &[Vec<ConstOp>] = if r.dropped_elems[y as usize] {
                &[]
            } else {
                &module.elements[y as usize].items
            };
            if past(b, c, items.len() as u64) || past(a, c, table.size(&*caller)) {
                return table_oob;
            }
            let elem = table.ty(&*caller).element();
            for k in 0..c as usize {
                let Ok(v) = r.item(&items[b as usize + k], elem) else {
                    return code_of(TrapCode::Host) as u64;
                };
                if table.set(&mut *caller, a + k as u64, v).is_err() {
                    return table_oob;
                }
            }
            0
        }
    }
}

/// `ref.func` and the table instructions on references (see [`TableOp`]).
pub(super) extern "C" fn table<T: 'static>(
    vmctx: *mut VmCtx,
    op: u32,
    x: u32,
    a: u64,
    b: u64,
    c: u64,
) -> u64 {
    // SAFETY: only native code of a running instance calls helpers, with its vmctx.
    let (rt, caller) = unsafe { runtime::<T>(vmctx) };
    // SAFETY: `rt` is live; native code waits for this call, and nothing
    // below calls back into it.
    let r = unsafe { &mut *rt };
    const TRAP: u64 = u64::MAX;
    let Some(op) = TableOp::from_u32(op) else {
        return TRAP;
    };
    match op {
        TableOp::RefFunc => {
            let f = r.funcs[x as usize];
            return r.func_slot(f);
        }
        TableOp::CallTarget => {
            // SAFETY: `rt` is live and `caller` its caller (as above);
            // `r` is not used across the call.
            let target = unsafe { indirect_target(rt, caller, x, a as u32, b) };
            return match target {
                Ok(Target::Own(code)) => code as u64,
                Ok(Target::Store(_)) => 0,
                Err(code) => code as u64,
            };
        }
        TableOp::RefTarget => {
            let f = a.checked_sub(1).and_then(|i| r.refs.get(i as usize));
            return match f.and_then(|f| r.own.get(f)) {
                Some(&j) => r.code[j as usize] as u64,
                None => 0,
            };
        }
        TableOp::CallRef => {
            let Some(&f) = a.checked_sub(1).and_then(|i| r.refs.get(i as usize)) else {
                return code_of(TrapCode::NullFunctionReference) as u64;
            };
            let vals = b as usize as *mut Slot;
            let module = Arc::clone(&r.module);
            if let Some(&j) = r.own.get(&f) {
                let code = r.code[j as usize];
                // SAFETY: `code` is one of our functions, of type `x`
                // (validated); native code passes a `vals` of `vals_slots`
                // slots; the vmctx's pointers are current.
                return unsafe { call_native(rt, code, x, vals) } as u64;
            }
            // SAFETY: native code passes a slot for each argument and result.
            return unsafe { call_store(rt, caller, f, &module.env.types[x as usize], vals) }
                as u64;
        }
        _ => {}
    }
    let t = r.tables[x as usize];
    let elem = t.ty(&*caller).element();
    let wasm_elem = if holds_extern(elem) {
        wasmparser::ValType::EXTERNREF
    } else if matches!(elem, mote::ValType::Ref(t) if t.kind() == mote::RefKind::Exn) {
        wasmparser::ValType::EXNREF
    } else {
        wasmparser::ValType::FUNCREF
    };
    match op {
        TableOp::Get => match t.get(&*caller, a) {
            Some(v) => r.slot(&v)[0],
            None => TRAP,
        },
        TableOp::Set => {
            let v = r.val(wasm_elem, [b, 0]);
            match t.set(&mut *caller, a, v) {
                Ok(()) => 0,
                Err(_) => TRAP,
            }
        }
        TableOp::Grow => {
            let init = r.val(wasm_elem, [b, 0]);
            // Native code truncates for a 32-bit table: -1 on failure.
            t.grow(&mut *caller, a, init).unwrap_or(u64::MAX)
        }
        TableOp::Fill => {
            if a.checked_add(c).is_none_or(|end| end > t.size(&*caller)) {
                return TRAP;
            }
            let v = r.val(wasm_elem, [b, 0]);
            for k in 0..c {
                if t.set(&mut *caller, a + k, v).is_err() {
                    return TRAP;
                }
            }
            0
        }
        TableOp::RefFunc | TableOp::CallTarget | TableOp::RefTarget | TableOp::CallRef => TRAP,
    }
}
