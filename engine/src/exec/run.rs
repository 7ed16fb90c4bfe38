//! The dispatch loop. Control ops are handled here; the numeric, load and
//! store families are expanded from the op list onto `numeric` and `memory`.

use super::{Execution, Frame, Stop, memory, numeric, table};
use crate::func::Caller;
use crate::instance::Instance;
use crate::ops::{Op, for_each_op, imm_value};
use crate::store::{FuncEntity, MemoryEntity, Store};
use crate::trap::{Trap, TrapCode};
use crate::value::Val;
use alloc::vec::Vec;

macro_rules! dispatch {
    (
        ($op:ident, $s:ident, $mem:ident, $mem_mut:ident, $trap:ident, $pc:ident)
        { $($control:tt)* }
        control { $($ignore:tt)* }
        unary { $($un:ident => $unf:ident),* $(,)? }
        unary_trap { $($ut:ident => $utf:ident),* $(,)? }
        binary { $($bin:ident => $binf:ident),* $(,)? }
        binary_trap { $($bt:ident => $btf:ident),* $(,)? }
        binary_imm { $($bi:ident($bib:ident: $bit:ident) => $bif:ident),* $(,)? }
        branch_cmp { $($bc:ident => $bcf:ident),* $(,)? }
        branch_cmp_imm { $($bci:ident($bcib:ident: $bcit:ident) => $bcif:ident),* $(,)? }
        load { $($ld:ident => $ldf:ident),* $(,)? }
        load_add { $($la:ident($lab:ident) => $laf:ident),* $(,)? }
        load_add_imm { $($lai:ident($laib:ident) => $laif:ident),* $(,)? }
        store { $($st:ident => $stf:ident),* $(,)? }
    ) => {
        match $op {
            $($control)*
            $( Op::$un { dst, src } => { let v = numeric::$unf($s!(src)); $s!(dst) = v; } )*
            $( Op::$ut { dst, src } => {
                match numeric::$utf($s!(src)) { Ok(v) => $s!(dst) = v, Err(c) => $trap!(c) }
            } )*
            $( Op::$bin { dst, a, b } => { let v = numeric::$binf($s!(a), $s!(b)); $s!(dst) = v; } )*
            $( Op::$bt { dst, a, b } => {
                match numeric::$btf($s!(a), $s!(b)) { Ok(v) => $s!(dst) = v, Err(c) => $trap!(c) }
            } )*
            $( Op::$bi { dst, a, imm } => { let v = numeric::$bif($s!(a), imm_value(imm)); $s!(dst) = v; } )*
            $( Op::$bc { a, b, target } => {
                if numeric::$bcf($s!(a), $s!(b)) != 0 { $pc = target as usize; }
            } )*
            $( Op::$bci { a, imm, target } => {
                if numeric::$bcif($s!(a), imm_value(imm)) != 0 { $pc = target as usize; }
            } )*
            $( Op::$ld { dst, addr, offset } => {
                match memory::$ldf($mem!(), $s!(addr), offset) { Ok(v) => $s!(dst) = v, Err(c) => $trap!(c) }
            } )*
            $( Op::$la { dst, a, b } => {
                let addr = numeric::i32_add($s!(a), $s!(b));
                match memory::$laf($mem!(), addr, 0) { Ok(v) => $s!(dst) = v, Err(c) => $trap!(c) }
            } )*
            $( Op::$lai { dst, a, imm } => {
                let addr = numeric::i32_add($s!(a), imm_value(imm));
                match memory::$laif($mem!(), addr, 0) { Ok(v) => $s!(dst) = v, Err(c) => $trap!(c) }
            } )*
            $( Op::$st { addr, value, offset } => {
                let (a, v) = ($s!(addr), $s!(value));
                if let Err(c) = memory::$stf($mem_mut!(), a, offset, v) { $trap!(c) }
            } )*
        }
    };
}

// The two accessors below are the dispatch loop's only unchecked accesses.
// Debug builds and the `extra-checks` feature check them instead, so the
// test suites catch any break of the invariants they rely on:
//
// 1. Every slot operand of a function's code is below its `frame_size`:
//    the translator addresses locals and the temporaries of stack positions
//    below the deepest height it records (`FuncTranslator::note_height`).
// 2. While a frame runs, `stack.len() >= base + frame_size`, so its
//    `frame` slice (`stack[base..]`) holds `frame_size` slots: the entry
//    frame is sized by `call_resumable`, every call and tail call grows the
//    stack to fit its callee (`frame!`), and the stack never shrinks, so a
//    caller's frame still fits when it resumes.
// 3. `pc` indexes the current module's code: every function's code ends in
//    a `Return` or an unconditional jump, branch targets are bound to
//    positions inside the function, and `BrTable` jumps into its own entries.

/// The value slot `slot` of the running frame.
#[inline(always)]
fn slot_mut(frame: &mut [u64], slot: usize) -> &mut u64 {
    #[cfg(any(debug_assertions, feature = "extra-checks"))]
    {
        &mut frame[slot]
    }
    #[cfg(not(any(debug_assertions, feature = "extra-checks")))]
    // SAFETY: `slot` is an operand of the running function's code;
    // invariants 1 and 2 above put it inside the frame.
    unsafe {
        frame.get_unchecked_mut(slot)
    }
}

/// The op at `pc`.
#[inline(always)]
fn fetch(code: &[Op], pc: usize) -> Op {
    #[cfg(any(debug_assertions, feature = "extra-checks"))]
    {
        code[pc]
    }
    #[cfg(not(any(debug_assertions, feature = "extra-checks")))]
    // SAFETY: invariant 3 above keeps `pc` inside the current module's code.
    unsafe {
        *code.get_unchecked(pc)
    }
}

/// The bytes of store memory `mem`, or none if the instance has no memory.
fn memory_of(memories: &mut [MemoryEntity], mem: usize) -> &mut [u8] {
    match memories.get_mut(mem) {
        Some(m) => &mut m.data[..],
        None => &mut [],
    }
}

/// Runs `ex` until its entry function returns, it traps, or fuel runs out.
pub(super) fn run<T>(store: &mut Store<T>, ex: &mut Execution) -> Result<(), Stop> {
    let max_slots = store.inner.engine.config().max_stack_slots as usize;
    let max_depth = store.inner.engine.config().max_call_depth as usize;
    let Execution {
        stack,
        frames,
        pc: saved_pc,
        base: saved_base,
        instance: saved_instance,
    } = ex;
    let mut pc = *saved_pc as usize;
    let mut base = *saved_base as usize;
    let mut instance = *saved_instance;
    let mut module = store.inner.instances[instance as usize].module.clone();
    let mut mem = store.inner.instances[instance as usize]
        .memories
        .first()
        .map_or(usize::MAX, |&m| m as usize);

    // The running function's code and its frame, `stack[base..]`. Both are
    // re-borrowed wherever they change: `code` on entering another instance,
    // `frame` whenever `base` moves or the stack is resized (the borrow
    // checker rejects any use of a stale `frame` after the stack changed).
    let mut code: &[Op] = &module.inner.code;
    let mut frame: &mut [u64] = &mut stack[base..];
    macro_rules! s {
        ($slot:expr) => {
            *slot_mut(frame, $slot as usize)
        };
    }
    macro_rules! reframe {
        () => {
            frame = &mut stack[base..]
        };
    }
    // The running instance's memory, borrowed once and re-borrowed after
    // anything that may resize it or that needs the whole store (entering
    // another instance, memory.grow, host calls, table ops); the borrow
    // checker rejects any use of a stale `memory`.
    let mut memory: &mut [u8] = memory_of(&mut store.inner.memories, mem);
    macro_rules! mem {
        () => {
            &*memory
        };
    }
    macro_rules! mem_mut {
        () => {
            &mut *memory
        };
    }
    macro_rules! rememory {
        () => {
            memory = memory_of(&mut store.inner.memories, mem)
        };
    }
    // Leaves the trapping op's position behind for the backtrace.
    macro_rules! trap {
        ($code:expr) => {{
            *saved_pc = (pc - 1) as u32;
            *saved_instance = instance;
            return Err(Stop::Trap(Trap::new($code)));
        }};
    }
    macro_rules! enter {
        ($inst:expr) => {{
            instance = $inst;
            let entity = &store.inner.instances[instance as usize];
            module = entity.module.clone();
            code = &module.inner.code;
            mem = entity.memories.first().map_or(usize::MAX, |&m| m as usize);
            rememory!();
        }};
    }
    // Makes room for a frame of `size` slots at `at`, zeroing its locals.
    macro_rules! frame {
        ($at:expr, $compiled:expr) => {{
            let c = $compiled;
            let need = $at + c.frame_size as usize;
            if need > stack.len() {
                if need > max_slots {
                    trap!(TrapCode::StackOverflow);
                }
                let len = need.max(stack.len().saturating_mul(2)).min(max_slots);
                if stack.try_reserve_exact(len - stack.len()).is_err() {
                    trap!(TrapCode::StackOverflow);
                }
                stack.resize(len, 0);
            }
            // Most functions declare few locals or none: a loop, not a
            // call to memset.
            for slot in &mut stack[$at + c.params as usize..$at + c.locals as usize] {
                *slot = 0;
            }
            c
        }};
    }
    // Calls store function `f` with arguments at `args`; `tail` replaces the frame.
    macro_rules! call_store_func {
        ($f:expr, $args:expr, $tail:expr) => {{
            let (f, args) = ($f as usize, $args as usize);
            match store.inner.funcs[f] {
                FuncEntity::Wasm {
                    instance: callee_inst,
                    index,
                    ..
                } => {
                    if $tail {
                        let n = store.inner.instances[callee_inst as usize]
                            .module
                            .inner
                            .compiled[index as usize]
                            .params as usize;
                        stack.copy_within(base + args..base + args + n, base);
                    } else {
                        if frames.len() >= max_depth {
                            trap!(TrapCode::StackOverflow);
                        }
                        frames.push(Frame {
                            ret_pc: pc as u32,
                            base: base as u32,
                            instance,
                        });
                        base += args;
                    }
                    if callee_inst != instance {
                        enter!(callee_inst);
                    }
                    let c = frame!(base, module.inner.compiled[index as usize]);
                    reframe!();
                    pc = c.start as usize;
                }
                FuncEntity::Host { host, ref ty } => {
                    let ty = ty.clone();
                    let host = store.hosts[host as usize].clone();
                    let params: Vec<Val> = ty
                        .params()
                        .iter()
                        .enumerate()
                        .map(|(i, t)| Val::from_slot(*t, s!(args + i), store.inner.id))
                        .collect();
                    let mut results: Vec<Val> =
                        ty.results().iter().map(|t| Val::default_for(*t)).collect();
                    let this = Instance(store.inner.handle(instance));
                    let caller = Caller {
                        store: &mut *store,
                        instance: Some(this),
                    };
                    if let Err(t) = host(caller, &params, &mut results) {
                        *saved_pc = (pc - 1) as u32;
                        *saved_instance = instance;
                        return Err(Stop::Trap(t));
                    }
                    // The host may have grown the memory.
                    rememory!();
                    let id = store.inner.id;
                    for (i, (v, t)) in results.iter().zip(ty.results()).enumerate() {
                        let foreign = matches!(v, Val::FuncRef(Some(f)) if f.0.store != id);
                        if v.ty() != *t || foreign {
                            trap!(TrapCode::Host);
                        }
                        s!(args + i) = v.to_slot();
                    }
                    if $tail {
                        let count = results.len();
                        stack.copy_within(base + args..base + args + count, base);
                        match frames.pop() {
                            None => return Ok(()),
                            Some(fr) => {
                                pc = fr.ret_pc as usize;
                                base = fr.base as usize;
                                reframe!();
                                if fr.instance != instance {
                                    enter!(fr.instance);
                                }
                            }
                        }
                    }
                }
            }
        }};
    }
    // Resolves a `call_indirect` target to a store function index.
    macro_rules! indirect {
        ($type_index:expr, $table:expr, $args:expr) => {{
            let ty = &module.inner.header.types[$type_index as usize];
            let index = s!($args as usize + ty.params().len()) as u32;
            let t = store.inner.instances[instance as usize].tables[$table as usize];
            let f = match store.inner.tables[t as usize].elems.get(index as usize) {
                None => trap!(TrapCode::UndefinedElement),
                Some(0) => trap!(TrapCode::IndirectCallToNull),
                Some(&r) => (r - 1) as u32,
            };
            if store.inner.funcs[f as usize].ty() != ty {
                trap!(TrapCode::BadSignature);
            }
            f
        }};
    }

    loop {
        let op = fetch(code, pc);
        pc += 1;
        for_each_op!(dispatch (op, s, mem, mem_mut, trap, pc) {
            Op::Unreachable {} => trap!(TrapCode::Unreachable),
            Op::ConsumeFuel { amount } => {
                // Stops only when no fuel is left, so any grant makes
                // progress; a block may overshoot by its own length.
                let fuel = &mut store.inner.fuel;
                if *fuel == 0 {
                    *saved_pc = (pc - 1) as u32;
                    *saved_base = base as u32;
                    *saved_instance = instance;
                    return Err(Stop::OutOfFuel);
                }
                *fuel = fuel.saturating_sub(amount as u64);
            }
            Op::Br { target } => pc = target as usize,
            Op::BrIfNez { cond, target } => {
                if s!(cond) as u32 != 0 {
                    pc = target as usize;
                }
            }
            Op::BrIfEqz { cond, target } => {
                if s!(cond) as u32 == 0 {
                    pc = target as usize;
                }
            }
            Op::BrTable { index, len } => {
                // Its entries are `Br`s: take the chosen one's target
                // directly instead of dispatching it.
                let entry = pc + (s!(index) as u32).min(len) as usize;
                pc = match fetch(code, entry) {
                    Op::Br { target } => target as usize,
                    _ => entry,
                };
            }
            Op::Return { values, count } => {
                let v = base + values as usize;
                // Nearly every function returns one value or none.
                match count {
                    0 => {}
                    1 => stack[base] = stack[v],
                    _ => stack.copy_within(v..v + count as usize, base),
                }
                match frames.pop() {
                    None => return Ok(()),
                    Some(fr) => {
                        pc = fr.ret_pc as usize;
                        base = fr.base as usize;
                        reframe!();
                        if fr.instance != instance {
                            enter!(fr.instance);
                        }
                    }
                }
            }
            Op::Call { func, args } => {
                if frames.len() >= max_depth {
                    trap!(TrapCode::StackOverflow);
                }
                let callee_base = base + args as usize;
                let c = frame!(callee_base, module.inner.compiled[func as usize]);
                frames.push(Frame { ret_pc: pc as u32, base: base as u32, instance });
                base = callee_base;
                reframe!();
                pc = c.start as usize;
            }
            Op::ReturnCall { func, args } => {
                let n = module.inner.compiled[func as usize].params as usize;
                stack.copy_within(base + args as usize..base + args as usize + n, base);
                let c = frame!(base, module.inner.compiled[func as usize]);
                reframe!();
                pc = c.start as usize;
            }
            Op::CallImport { func, args } => {
                let f = store.inner.instances[instance as usize].funcs[func as usize];
                call_store_func!(f, args, false)
            }
            Op::ReturnCallImport { func, args } => {
                let f = store.inner.instances[instance as usize].funcs[func as usize];
                call_store_func!(f, args, true)
            }
            Op::CallIndirect { type_index, table, args } => {
                let f = indirect!(type_index, table, args);
                call_store_func!(f, args, false)
            }
            Op::ReturnCallIndirect { type_index, table, args } => {
                let f = indirect!(type_index, table, args);
                call_store_func!(f, args, true)
            }
            Op::Select { dst, args } => {
                let v = if s!(args + 2) as u32 != 0 { s!(args) } else { s!(args + 1) };
                s!(dst) = v;
            }
            Op::Copy { dst, src } => s!(dst) = s!(src),
            Op::Const32 { dst, value } => s!(dst) = value as u64,
            Op::Const64 { dst, value } => s!(dst) = value,
            Op::GlobalGet { dst, global } => {
                let g = store.inner.instances[instance as usize].globals[global as usize];
                s!(dst) = store.inner.globals[g as usize].value;
            }
            Op::GlobalSet { global, src } => {
                let g = store.inner.instances[instance as usize].globals[global as usize];
                store.inner.globals[g as usize].value = s!(src);
            }
            Op::RefFunc { dst, func } => {
                s!(dst) = store.inner.instances[instance as usize].funcs[func as usize] as u64 + 1;
            }
            Op::MemorySize { dst } => {
                s!(dst) = store.inner.memories.get(mem).map_or(0, |m| m.pages) as u64;
                rememory!();
            }
            Op::MemoryGrow { dst, delta } => {
                let delta = s!(delta) as u32;
                let inner = &mut store.inner;
                let r = inner.memories.get_mut(mem).and_then(|m| m.grow(delta, &mut inner.budget));
                s!(dst) = r.unwrap_or(u32::MAX) as u64;
                rememory!();
            }
            Op::MemoryCopy { args } => {
                let (d, sr, n) = (s!(args), s!(args + 1), s!(args + 2));
                if let Err(c) = memory::copy(mem_mut!(), d, sr, n) {
                    trap!(c)
                }
            }
            Op::MemoryFill { args } => {
                let (d, v, n) = (s!(args), s!(args + 1), s!(args + 2));
                if let Err(c) = memory::fill(mem_mut!(), d, v, n) {
                    trap!(c)
                }
            }
            Op::MemoryInit { segment, args } => {
                let (d, sr, n) = (s!(args), s!(args + 1), s!(args + 2));
                let dropped = store.inner.instances[instance as usize].dropped_data[segment as usize];
                let bytes: &[u8] = if dropped { &[] } else { &module.inner.datas[segment as usize].bytes };
                let m = mem_mut!();
                match (memory::range(sr, n, bytes.len()), memory::range(d, n, m.len())) {
                    (Some(sr), Some(dr)) => m[dr].copy_from_slice(&bytes[sr]),
                    _ => trap!(TrapCode::MemoryOutOfBounds),
                }
            }
            Op::DataDrop { segment } => {
                store.inner.instances[instance as usize].dropped_data[segment as usize] = true;
            }
            Op::TableGet { dst, table, index } => {
                let t = store.inner.instances[instance as usize].tables[table as usize];
                match table::get(&store.inner, t, s!(index)) {
                    Ok(v) => s!(dst) = v,
                    Err(c) => trap!(c),
                }
                rememory!();
            }
            Op::TableSet { table, args } => {
                let t = store.inner.instances[instance as usize].tables[table as usize];
                if let Err(c) = table::set(&mut store.inner, t, s!(args), s!(args + 1)) {
                    trap!(c)
                }
                rememory!();
            }
            Op::TableSize { dst, table } => {
                let t = store.inner.instances[instance as usize].tables[table as usize];
                s!(dst) = store.inner.tables[t as usize].elems.len() as u64;
            }
            Op::TableGrow { table, args } => {
                let t = store.inner.instances[instance as usize].tables[table as usize];
                let (init, delta) = (s!(args), s!(args + 1) as u32);
                let r = store.inner.tables[t as usize].grow(delta, init, &mut store.inner.budget);
                s!(args) = r.unwrap_or(u32::MAX) as u64;
            }
            Op::TableFill { table, args } => {
                let t = store.inner.instances[instance as usize].tables[table as usize];
                if let Err(c) = table::fill(&mut store.inner, t, s!(args), s!(args + 1), s!(args + 2)) {
                    trap!(c)
                }
                rememory!();
            }
            Op::TableCopy { dst_table, src_table, args } => {
                let tables = &store.inner.instances[instance as usize].tables;
                let (dt, st) = (tables[dst_table as usize], tables[src_table as usize]);
                if let Err(c) = table::copy(&mut store.inner, dt, st, s!(args), s!(args + 1), s!(args + 2)) {
                    trap!(c)
                }
                rememory!();
            }
            Op::TableInit { table, segment, args } => {
                let (d, sr, n) = (s!(args), s!(args + 1), s!(args + 2));
                if let Err(c) = table::init(&mut store.inner, instance, table, segment, d, sr, n) {
                    trap!(c)
                }
                rememory!();
            }
            Op::ElemDrop { segment } => {
                store.inner.instances[instance as usize].elems[segment as usize] = Vec::new();
            }
        })
    }
}
