//! Instances of compiled modules: their state lives in the engine's
//! `Store` (memories, tables, shared globals, imported functions, through
//! Mote's public API), their functions are native code reached through host
//! functions of the store, and the runtime helpers native code calls.
//!
//! Globals: native code reads and writes one [`Slot`] cell per global in the
//! instance's runtime. A global the store can also see (imported or
//! exported) is copied from the store into its cell whenever control enters
//! native code (a call from the host, a return from an import) and back
//! whenever it leaves (a return to the host, a call to an import), so that
//! the store and the host always see the current value. Two imports of
//! one mutable store global share one cell (the first's; native code
//! reaches a mutable import through `vmctx.global_ptrs`), copied once.

use std::collections::HashMap;
use std::sync::Arc;

use mote::{
    Caller, Exn, Extern, Func, FuncType, Global, GlobalType, HeapType, Linker, Memory, MemoryType,
    Mutability, RefKind, RefType, Store, Table, TableType, Tag, Trap, TrapCode, TypeId, Val,
    ValType,
};
use wasmparser::ExternalKind;

use crate::Error;
use crate::compile::{CompiledModule, ConstOp, ImportKind};
use crate::vmctx::{
    EXN_PENDING, HOST_TRAP, MemRecord, STACK_BUDGET, STACK_MARGIN, Slot, VmCtx, stack_low, trap_of,
};

/// The call depth at which native code traps with "call stack exhausted":
/// the engine's default `Config::max_call_depth`. As in the interpreter,
/// it counts the calls made below the first frame of a call from the
/// host (a host function calling back starts a count of its own): that
/// frame and `MAX_CALL_DEPTH` more may be active, the next call traps.
pub const MAX_CALL_DEPTH: u64 = 10_000;

/// `VmCtx::depth` as a call from the host sets it: the frames it may open.
const ENTRY_DEPTH: u64 = MAX_CALL_DEPTH + 1;

/// An instance of a compiled module: its exports are the store's own
/// functions, memories, tables and globals, called and read with Mote's API.
#[derive(Clone)]
pub struct Instance {
    exports: Vec<(String, Extern)>,
}

impl Instance {
    /// The export called `name`.
    pub fn get_export(&self, name: &str) -> Option<Extern> {
        self.exports
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, e)| *e)
    }
    /// The exported function called `name`.
    pub fn get_func(&self, name: &str) -> Option<Func> {
        self.get_export(name)?.into_func()
    }
    /// Every export, in the module's order.
    pub fn exports(&self) -> impl Iterator<Item = (&str, &Extern)> {
        self.exports.iter().map(|(n, e)| (n.as_str(), e))
    }
}

/// An instance's state as native code and the helpers see it. `#[repr(C)]`
/// with the vmctx first: a `*mut VmCtx` is a `*mut Runtime<T>`.
#[repr(C)]
struct Runtime<T: 'static> {
    vmctx: VmCtx,
    module: Arc<CompiledModule>,
    cells: Vec<Slot>,
    /// Each imported global's cell (`vmctx.global_ptrs` points here): its
    /// own, or the first import's of the same mutable store global.
    global_ptrs: Vec<*mut Slot>,
    code: Vec<*const u8>,
    /// How Rust calls a compiled function of each type (by type index):
    /// its entry adapter, or the module's entry trampoline
    /// (`translate::entry_trampoline`, `entry_adapter`).
    entries: Vec<*const u8>,
    /// How many slots a `vals` area has (`ModuleEnv::vals_slots`).
    vals_slots: usize,
    /// The module's function types in the engine's terms, by type index.
    types: Vec<FuncType>,
    /// Their engine-wide ids: equal for structurally equal types.
    type_ids: Vec<TypeId>,
    /// The innermost host call's `Caller`, null outside native code.
    caller: *mut Caller<'static, T>,
    /// Every memory, imported ones first.
    memories: Vec<Memory>,
    /// Where each memory is (`vmctx.memories` points here), refreshed
    /// with `vmctx.mem_base`/`mem_len` by [`sync_in`].
    records: Vec<MemRecord>,
    tables: Vec<Table>,
    /// Every function's handle in the store, by function index.
    funcs: Vec<Func>,
    /// Our own functions by handle: `call_indirect` calls them directly.
    own: HashMap<Func, u32>,
    /// Globals the store sees too: (index, handle, mutable).
    shared: Vec<(usize, Global, bool)>,
    /// The trap an import returned, with its host or exit code.
    pending: Option<Trap>,
    /// How native code calls each imported function: through a trampoline
    /// of the instance's shim (see [`shim`]), by function index.
    import_calls: Vec<Func>,
    /// Function references as slots hold them: index + 1 (see `Runtime::val`).
    refs: Vec<Func>,
    ref_index: HashMap<Func, u64>,
    /// Every tag, imported ones first.
    tags: Vec<Tag>,
    /// The exception native code returned [`EXN_PENDING`] for, until a
    /// handler takes it or it leaves native code.
    exn: Option<Exn>,
    /// Exception references as slots hold them: index + 1.
    exns: Vec<Exn>,
    exn_index: HashMap<Exn, u64>,
    /// Which element and data segments are dropped.
    dropped_elems: Vec<bool>,
    dropped_data: Vec<bool>,
}

/// Owns a runtime; every host function of the instance holds one.
struct Owner<T: 'static>(*mut Runtime<T>);

// SAFETY: the runtime is reached only from calls on the store that owns the
// instance's functions, which take `&mut Store`: never two threads at once.
unsafe impl<T> Send for Owner<T> {}
// SAFETY: as above; `&Owner` gives no access without such a call.
unsafe impl<T> Sync for Owner<T> {}

impl<T> Drop for Owner<T> {
    fn drop(&mut self) {
        // SAFETY: made by `Box::into_raw` in `instantiate`, dropped once: the
        // last `Arc<Owner>` goes with the store's last function of it.
        drop(unsafe { Box::from_raw(self.0) });
    }
}

/// The engine's type for `t`, a concrete reference's type index
/// resolved through `ids` (the engine-wide ids of the module's types).
fn val_type(t: wasmparser::ValType, ids: &[TypeId]) -> ValType {
    use wasmparser::{AbstractHeapType as A, HeapType as H};
    match t {
        wasmparser::ValType::I32 => ValType::I32,
        wasmparser::ValType::I64 => ValType::I64,
        wasmparser::ValType::F32 => ValType::F32,
        wasmparser::ValType::F64 => ValType::F64,
        wasmparser::ValType::V128 => ValType::V128,
        wasmparser::ValType::Ref(r) => {
            // The compiler refuses every other heap type
            // (`translate::ref_supported`).
            let heap = match r.heap_type() {
                H::Abstract { ty: A::Extern, .. } => HeapType::Extern,
                H::Abstract {
                    ty: A::NoExtern, ..
                } => HeapType::NoExtern,
                H::Abstract { ty: A::NoFunc, .. } => HeapType::NoFunc,
                H::Abstract { ty: A::Exn, .. } => HeapType::Exn,
                H::Abstract { ty: A::NoExn, .. } => HeapType::NoExn,
                H::Concrete(wasmparser::UnpackedIndex::Module(i)) => match ids.get(i as usize) {
                    Some(id) => HeapType::Concrete(*id),
                    None => HeapType::Func,
                },
                _ => HeapType::Func,
            };
            ValType::Ref(RefType::new(r.is_nullable(), heap))
        }
    }
}

fn func_type(t: &wasmparser::FuncType, ids: &[TypeId]) -> FuncType {
    FuncType::new(
        t.params().iter().map(|p| val_type(*p, ids)),
        t.results().iter().map(|r| val_type(*r, ids)),
    )
}

/// Whether a table or value of type `t` holds host references.
fn holds_extern(t: ValType) -> bool {
    matches!(t, ValType::Ref(r) if r.kind() == RefKind::Extern)
}

impl<T> Runtime<T> {
    /// The value of type `t` a slot holds. A reference's slot is 0 for null,
    /// else an `externref`'s value + 1, or a `funcref`'s index + 1 in `refs`.
    fn val(&self, t: wasmparser::ValType, [slot, high]: Slot) -> Val {
        match t {
            wasmparser::ValType::V128 => Val::V128(u128::from(slot) | (u128::from(high) << 64)),
            wasmparser::ValType::I32 => Val::I32(slot as u32 as i32),
            wasmparser::ValType::I64 => Val::I64(slot as i64),
            wasmparser::ValType::F32 => Val::F32(slot as u32),
            wasmparser::ValType::F64 => Val::F64(slot),
            _ if crate::translate::is_extern(t) => {
                Val::ExternRef(slot.checked_sub(1).map(|x| mote::ExternRef::new(x as u32)))
            }
            _ if crate::translate::is_exn(t) => Val::ExnRef(
                slot.checked_sub(1)
                    .and_then(|i| self.exns.get(i as usize).copied()),
            ),
            _ => Val::FuncRef(
                slot.checked_sub(1)
                    .and_then(|i| self.refs.get(i as usize).copied()),
            ),
        }
    }

    /// The slot of `v` (see [`Self::val`]).
    fn slot(&mut self, v: &Val) -> Slot {
        let low = match *v {
            Val::I32(x) => x as u32 as u64,
            Val::I64(x) => x as u64,
            Val::F32(x) => x as u64,
            Val::F64(x) => x,
            Val::V128(x) => return [x as u64, (x >> 64) as u64],
            Val::ExternRef(r) => r.map_or(0, |r| r.get() as u64 + 1),
            Val::FuncRef(Some(f)) => self.func_slot(f),
            Val::ExnRef(Some(e)) => self.exn_slot(e),
            _ => 0,
        };
        [low, 0]
    }

    /// The value of an element segment's item for a table of `elem`s.
    fn item(&mut self, item: &[ConstOp], elem: ValType) -> Result<Val, Error> {
        match *item {
            [ConstOp::RefFunc(f)] => return Ok(Val::FuncRef(Some(self.funcs[f as usize]))),
            [ConstOp::RefNull] => return Ok(Val::default_for(elem)),
            _ => {}
        }
        let funcs = self.funcs.clone();
        let cells = self.cells.clone();
        let slot = eval(item, &cells, &mut |f| self.func_slot(funcs[f as usize]))?;
        let ty = if holds_extern(elem) {
            wasmparser::ValType::EXTERNREF
        } else {
            wasmparser::ValType::FUNCREF
        };
        Ok(self.val(ty, slot))
    }

    fn func_slot(&mut self, f: Func) -> u64 {
        if let Some(&i) = self.ref_index.get(&f) {
            return i;
        }
        self.refs.push(f);
        let i = self.refs.len() as u64;
        self.ref_index.insert(f, i);
        i
    }
}

fn link(module: &str, name: &str, why: &str) -> Error {
    Error::Link(format!("{module}::{name}: {why}"))
}

/// Evaluates a constant expression over the globals' cells so far, to a
/// slot (`ref_func` gives a function's).
fn eval(
    ops: &[ConstOp],
    cells: &[Slot],
    ref_func: &mut dyn FnMut(u32) -> u64,
) -> Result<Slot, Error> {
    let mut stack: Vec<Slot> = Vec::new();
    for op in ops {
        let mut bin = |f: fn(u64, u64) -> u64| -> Result<(), Error> {
            let (b, a) = (stack.pop(), stack.pop());
            let (Some(a), Some(b)) = (a, b) else {
                return Err(Error::Unsupported("a malformed constant expression".into()));
            };
            stack.push([f(a[0], b[0]), 0]);
            Ok(())
        };
        match *op {
            ConstOp::I32(v) => stack.push([v as u32 as u64, 0]),
            ConstOp::I64(v) => stack.push([v as u64, 0]),
            ConstOp::F32(v) => stack.push([v as u64, 0]),
            ConstOp::F64(v) => stack.push([v, 0]),
            ConstOp::V128(v) => stack.push([v as u64, (v >> 64) as u64]),
            ConstOp::GlobalGet(g) => stack.push(cells.get(g as usize).copied().unwrap_or([0; 2])),
            ConstOp::RefNull => stack.push([0; 2]),
            ConstOp::RefFunc(f) => stack.push([ref_func(f), 0]),
            ConstOp::I32Add => bin(|a, b| (a as u32).wrapping_add(b as u32) as u64)?,
            ConstOp::I32Sub => bin(|a, b| (a as u32).wrapping_sub(b as u32) as u64)?,
            ConstOp::I32Mul => bin(|a, b| (a as u32).wrapping_mul(b as u32) as u64)?,
            ConstOp::I64Add => bin(u64::wrapping_add)?,
            ConstOp::I64Sub => bin(u64::wrapping_sub)?,
            ConstOp::I64Mul => bin(u64::wrapping_mul)?,
        }
    }
    Ok(stack.pop().unwrap_or([0; 2]))
}

fn limits_match(min: u64, max: Option<u64>, want_min: u64, want_max: Option<u64>) -> bool {
    min >= want_min
        && match (max, want_max) {
            (_, None) => true,
            (Some(m), Some(w)) => m <= w,
            (None, Some(_)) => false,
        }
}

/// Instantiates `module` in `store`, resolving its imports with `linker`,
/// and runs its start function.
pub fn instantiate<T: 'static>(
    module: &Arc<CompiledModule>,
    store: &mut Store<T>,
    linker: &Linker<T>,
) -> Result<Instance, Error> {
    let m = &**module;
    // The module's function types in the engine's terms: a type refers
    // only to those before it (no recursive groups without GC).
    let mut ids = Vec::with_capacity(m.env.types.len());
    let mut types = Vec::with_capacity(m.env.types.len());
    for t in &m.env.types {
        let ty = func_type(t, &ids);
        ids.push(store.engine().type_id(&ty)?);
        types.push(ty);
    }
    let rt = Box::into_raw(Box::new(Runtime::<T> {
        vmctx: VmCtx {
            mem_base: core::ptr::null_mut(),
            mem_len: 0,
            globals: core::ptr::null_mut(),
            funcs: core::ptr::null(),
            depth: ENTRY_DEPTH,
            memory_grow: memory_grow::<T>,
            call_import: call_import::<T>,
            call_indirect: call_indirect::<T>,
            table: table::<T>,
            stack_limit: 0,
            bulk: bulk::<T>,
            fuel: 0,
            memories: core::ptr::null(),
            exn: exn::exn::<T>,
            global_ptrs: core::ptr::null(),
            mem_limits: crate::vmctx::mem_limits(0),
        },
        module: Arc::clone(module),
        cells: Vec::with_capacity(m.env.globals.len()),
        global_ptrs: Vec::new(),
        code: Vec::with_capacity(m.env.func_types.len()),
        entries: entries(m),
        vals_slots: m.env.vals_slots(),
        types,
        type_ids: ids.clone(),
        caller: core::ptr::null_mut(),
        memories: Vec::new(),
        records: Vec::new(),
        tables: Vec::new(),
        funcs: Vec::new(),
        own: HashMap::new(),
        shared: Vec::new(),
        pending: None,
        import_calls: Vec::new(),
        refs: Vec::new(),
        ref_index: HashMap::new(),
        tags: Vec::new(),
        exn: None,
        exns: Vec::new(),
        exn_index: HashMap::new(),
        dropped_elems: m.elements.iter().map(|e| !e.passive).collect(),
        dropped_data: m.data.iter().map(|d| d.active.is_some()).collect(),
    }));
    let owner = Arc::new(Owner(rt));
    // SAFETY: `rt` is a live box owned by `owner`; no native code runs
    // until the start function, so this is the only access.
    let r = unsafe { &mut *rt };

    // Each global's cell by index: its own, but for a mutable import of a
    // store global imported before, whose cell it shares.
    let mut cell_of = Vec::with_capacity(m.env.globals.len());
    for imp in &m.imports {
        let ext = linker
            .get(store, &imp.module, &imp.name)
            .ok_or_else(|| link(&imp.module, &imp.name, "unknown import"))?;
        match (&imp.kind, ext) {
            (ImportKind::Func(t), Extern::Func(f)) => {
                if f.ty(&*store) != r.types[*t as usize] {
                    return Err(link(&imp.module, &imp.name, "incompatible import type"));
                }
                r.funcs.push(f);
                r.code.push(core::ptr::null());
            }
            (ImportKind::Memory(want), Extern::Memory(mem)) => {
                let ty = mem.ty(&*store);
                if ty.is_64() != want.memory64
                    || ty.is_shared() != want.shared
                    || u32::from(ty.page_size_log2()) != want.page_size_log2()
                    || !limits_match(mem.size(&*store), ty.maximum(), want.initial, want.maximum)
                {
                    return Err(link(&imp.module, &imp.name, "incompatible import type"));
                }
                r.memories.push(mem);
            }
            (ImportKind::Table(want), Extern::Table(t)) => {
                let ty = t.ty(&*store);
                if ty.element() != val_type(wasmparser::ValType::Ref(want.element_type), &ids)
                    || ty.is_64() != want.table64
                    || !limits_match(t.size(&*store), ty.maximum(), want.initial, want.maximum)
                {
                    return Err(link(&imp.module, &imp.name, "incompatible import type"));
                }
                r.tables.push(t);
            }
            (ImportKind::Global(want), Extern::Global(g)) => {
                let ty = g.ty(&*store);
                let mutable = want.mutable;
                let want_ty = val_type(want.content_type, &ids);
                // A constant global's type may be a subtype of the import's.
                let fits = if mutable {
                    ty.content() == want_ty
                } else {
                    ty.content().matches(want_ty)
                };
                if !fits || (ty.mutability() == Mutability::Var) != mutable {
                    return Err(link(&imp.module, &imp.name, "incompatible import type"));
                }
                let i = r.cells.len();
                let first = r.shared.iter().find(|s| mutable && s.1 == g);
                match first {
                    // Copied in and out once, through the first's cell.
                    Some(&(first, _, _)) => cell_of.push(first),
                    None => {
                        r.shared.push((i, g, mutable));
                        cell_of.push(i);
                    }
                }
                let v = r.slot(&g.get(&*store));
                r.cells.push(v);
            }
            (ImportKind::Tag(t), Extern::Tag(tag)) => {
                if tag.ty(&*store) != r.types[*t as usize] {
                    return Err(link(&imp.module, &imp.name, "incompatible import type"));
                }
                r.tags.push(tag);
            }
            _ => return Err(link(&imp.module, &imp.name, "incompatible import type")),
        }
    }
    // The module's own tags: new ones for every instance.
    for t in &m.env.tags[r.tags.len()..] {
        r.tags
            .push(Tag::new(&mut *store, r.types[*t as usize].clone())?);
    }

    // Our functions, as host functions of the store.
    let defined = m.env.func_types.len() - m.env.imported_funcs as usize;
    for (i, offset) in m.offsets[..defined].iter().enumerate() {
        let index = m.env.imported_funcs + i as u32;
        let owner = Arc::clone(&owner);
        let f = Func::new(
            &mut *store,
            r.types[m.env.func_types[index as usize] as usize].clone(),
            move |mut caller, params, results| {
                // SAFETY: `owner` keeps the runtime alive; `enter`'s contract
                // holds for a call from the store with the function's own type.
                unsafe { enter(owner.0, &mut caller, index, params, results) }
            },
        )?;
        r.own.insert(f, index);
        r.funcs.push(f);
        r.code.push(m.code.at(*offset));
    }
    r.vmctx.funcs = r.code.as_ptr();

    // Globals (their cells) and the shared ones among them.
    let exported = |kind: ExternalKind, i: usize| {
        m.exports
            .iter()
            .any(|(_, k, x)| *k == kind && *x as usize == i)
    };
    for (ty, init) in &m.globals {
        let funcs = r.funcs.clone();
        let cells = r.cells.clone();
        let v = eval(init, &cells, &mut |f| r.func_slot(funcs[f as usize]))?;
        let i = r.cells.len();
        r.cells.push(v);
        cell_of.push(i);
        if exported(ExternalKind::Global, i) {
            let mutability = if ty.mutable {
                Mutability::Var
            } else {
                Mutability::Const
            };
            let gt = GlobalType::new(val_type(ty.content_type, &ids), mutability);
            let g = Global::new(&mut *store, gt, r.val(ty.content_type, v))?;
            r.shared.push((i, g, ty.mutable));
        }
    }
    // `cells` is full (at its capacity): its buffer does not move again.
    let cells = r.cells.as_mut_ptr();
    r.vmctx.globals = cells;
    let imported = m.env.imported_globals.len();
    r.global_ptrs = cell_of[..imported]
        .iter()
        .map(|&c| cells.wrapping_add(c))
        .collect();
    r.vmctx.global_ptrs = r.global_ptrs.as_ptr();

    for mt in &m.memories {
        // As the engine converts a module's memory (custom page sizes
        // too): the validator keeps a 32-bit minimum below 2^32 pages, a
        // maximum past u32 is no limit.
        let ty = if mt.memory64 {
            MemoryType::new64(mt.initial, mt.maximum)
        } else {
            let min = u32::try_from(mt.initial).unwrap_or(u32::MAX);
            let max = mt.maximum.map(|m| u32::try_from(m).unwrap_or(u32::MAX));
            MemoryType::new(min, max)
        };
        let log2 = mt.page_size_log2() as u8;
        let ty = ty.with_page_size(log2).with_shared(mt.shared);
        r.memories.push(Memory::new(&mut *store, ty)?);
    }
    // Filled by `sync_in`; never reallocated after this.
    let empty = MemRecord {
        base: core::ptr::null_mut(),
        len: 0,
    };
    r.records = vec![empty; r.memories.len()];
    r.vmctx.memories = r.records.as_ptr();
    let defined_tables = m.tables.len() - r.tables.len();
    for (tt, init) in m.tables[m.tables.len() - defined_tables..]
        .iter()
        .zip(&m.table_inits[m.tables.len() - defined_tables..])
    {
        let elem = wasmparser::ValType::Ref(tt.element_type);
        let first = match init {
            Some(e) => {
                let funcs = r.funcs.clone();
                let cells = r.cells.clone();
                let v = eval(e, &cells, &mut |f| r.func_slot(funcs[f as usize]))?;
                r.val(elem, v)
            }
            None => Val::default_for(val_type(elem, &ids)),
        };
        let ty = if tt.table64 {
            TableType::new64(val_type(elem, &ids), tt.initial, tt.maximum)
        } else {
            TableType::new(
                val_type(elem, &ids),
                tt.initial as u32,
                tt.maximum.map(|x| x as u32),
            )
        };
        r.tables.push(Table::new(&mut *store, ty, first)?);
    }

    // Active element segments, then data segments, in order; each checks its
    // bounds before it writes, and a failure traps the instantiation.
    for seg in &m.elements {
        let Some((table, offset)) = &seg.active else {
            continue;
        };
        let [at, _] = eval(offset, &r.cells, &mut |_| 0)?;
        let table = r.tables[*table as usize];
        let ty = table.ty(&*store);
        let elem = ty.element();
        let at = if ty.is_64() { at } else { at as u32 as u64 };
        if at.saturating_add(seg.items.len() as u64) > table.size(&*store) {
            return Err(Error::Engine(TrapCode::TableOutOfBounds.into()));
        }
        for (k, item) in seg.items.iter().enumerate() {
            let v = r.item(item, elem)?;
            table.set(&mut *store, at + k as u64, v)?;
        }
    }
    for seg in &m.data {
        let Some((index, offset)) = &seg.active else {
            continue;
        };
        let [at, _] = eval(offset, &r.cells, &mut |_| 0)?;
        let mem = *r
            .memories
            .get(*index as usize)
            .ok_or_else(|| Error::Unsupported("data for a memory the module lacks".into()))?;
        let at = if mem.ty(&*store).is_64() {
            at
        } else {
            at as u32 as u64
        };
        if at.saturating_add(seg.bytes.len() as u64) > mem.data(&*store).len() as u64 {
            return Err(Error::Engine(TrapCode::MemoryOutOfBounds.into()));
        }
        mem.write(&mut *store, at as usize, &seg.bytes)?;
    }

    r.import_calls = shim::shim(m, r, store)?;

    let mut exports = Vec::with_capacity(m.exports.len());
    for (name, kind, i) in &m.exports {
        let i = *i as usize;
        let ext = match kind {
            ExternalKind::Func => Extern::Func(r.funcs[i]),
            ExternalKind::Memory => Extern::Memory(r.memories[i]),
            ExternalKind::Table => Extern::Table(r.tables[i]),
            ExternalKind::Tag => Extern::Tag(r.tags[i]),
            ExternalKind::Global => match r.shared.iter().find(|s| s.0 == cell_of[i]) {
                Some((_, g, _)) => Extern::Global(*g),
                None => continue,
            },
            _ => continue,
        };
        exports.push((name.clone(), ext));
    }
    if let Some(start) = m.start {
        let f = r.funcs[start as usize];
        f.call(&mut *store, &[], &mut [])?;
    }
    Ok(Instance { exports })
}

/// Copies the shared globals from the store into their cells, the
/// memories' current addresses and lengths into the vmctx
/// ([`sync_memories`]), and the store's fuel.
///
/// # Safety
/// `rt` is live and `caller` its store's current caller.
unsafe fn sync_in<T: 'static>(rt: *mut Runtime<T>, caller: &mut Caller<'_, T>) {
    // SAFETY: per the contract; native code is not running.
    let r = unsafe { &mut *rt };
    for k in 0..r.shared.len() {
        let (i, g, _) = r.shared[k];
        let v = g.get(&*caller);
        r.cells[i] = r.slot(&v);
    }
    // SAFETY: as above.
    unsafe { sync_memories(rt, caller) };
    if r.module.env.fuel {
        r.vmctx.fuel = caller.get_fuel().unwrap_or(0);
    }
}

/// Copies the memories' current addresses and lengths into the vmctx:
/// after `memory.grow`, which changes nothing else (the globals' cells and
/// the fuel stay native code's own, newer than the store's).
///
/// # Safety
/// As for [`sync_in`].
unsafe fn sync_memories<T: 'static>(rt: *mut Runtime<T>, caller: &mut Caller<'_, T>) {
    // SAFETY: per the contract; native code is not running.
    let r = unsafe { &mut *rt };
    for k in 0..r.memories.len() {
        let data = r.memories[k].data_mut(&mut *caller);
        r.records[k] = MemRecord {
            base: data.as_mut_ptr(),
            len: data.len() as u64,
        };
    }
    if let Some(first) = r.records.first() {
        r.vmctx.mem_base = first.base;
        r.vmctx.mem_len = first.len;
        r.vmctx.mem_limits = crate::vmctx::mem_limits(first.len);
    }
}

/// Copies the mutable shared globals' cells back into the store.
///
/// # Safety
/// As for [`sync_in`].
unsafe fn sync_out<T: 'static>(rt: *mut Runtime<T>, caller: &mut Caller<'_, T>) {
    // SAFETY: per the contract; native code is not running.
    let r = unsafe { &*rt };
    if r.module.env.fuel {
        // Cannot fail: the store's fuel is a plain counter.
        let _ = mote::AsContextMut::as_context_mut(caller).set_fuel(r.vmctx.fuel);
    }
    let types = &r.module.env.globals;
    for (i, g, mutable) in &r.shared {
        if *mutable {
            // The type matches (checked at instantiation): cannot fail.
            let _ = g.set(&mut *caller, r.val(types[*i], r.cells[*i]));
        }
    }
}

/// A call from the store into native function `index`.
///
/// # Safety
/// `rt` is live, and `params`/`results` have the function's types (the
/// store checks them against the host function's type).
unsafe fn enter<T: 'static>(
    rt: *mut Runtime<T>,
    caller: &mut Caller<'_, T>,
    index: u32,
    params: &[Val],
    results: &mut [Val],
) -> Result<(), Trap> {
    // SAFETY: per the contract; the reference ends before native code runs.
    let (prev, code, result_types, slots, ty) = unsafe {
        let r = &mut *rt;
        let prev = r.caller;
        r.caller = (caller as *mut Caller<'_, T>).cast();
        r.vmctx.depth = ENTRY_DEPTH;
        if prev.is_null() {
            r.vmctx.stack_limit = match stack_low() {
                Some(low) => low + STACK_MARGIN,
                // This frame's address stands for the stack pointer.
                None => (&prev as *const _ as usize).saturating_sub(STACK_BUDGET),
            };
        }
        let ty = &r.module.env.types[r.module.env.func_types[index as usize] as usize];
        (
            prev,
            r.code[index as usize],
            ty.results().to_vec(),
            r.vals_slots,
            r.module.env.func_types[index as usize],
        )
    };
    // SAFETY: `rt` is live and its caller is `caller`.
    unsafe { sync_in(rt, caller) };
    // SAFETY: per the contract; native code is not running.
    let mut vals: Vec<Slot> = params.iter().map(|v| unsafe { (*rt).slot(v) }).collect();
    vals.resize(slots, [0; 2]);
    // SAFETY: `code` is the entry of a function compiled with the native
    // signature `(vmctx, vals) -> u32`, in code the runtime's module keeps
    // mapped; `vals` holds the function's arguments and room for any
    // type's (`vals_slots`); the vmctx's pointers are current (`sync_in`).
    let ret = unsafe { call_native(rt, code, ty, vals.as_mut_ptr()) };
    // SAFETY: as for `sync_in`.
    unsafe { sync_out(rt, caller) };
    // SAFETY: per the contract.
    let r = unsafe { &mut *rt };
    r.caller = prev;
    match ret {
        0 => {
            for ((out, t), v) in results.iter_mut().zip(&result_types).zip(&vals) {
                *out = r.val(*t, *v);
            }
            Ok(())
        }
        HOST_TRAP => Err(r.pending.take().unwrap_or(Trap::from(TrapCode::Host))),
        // The store makes it the caller's exception: `Error::Exception`
        // to the host, catchable by wasm that called us.
        EXN_PENDING => Err(r
            .exn
            .take()
            .map_or(Trap::from(TrapCode::Host), Exn::into_trap)),
        c => Err(Trap::from(trap_of(c).unwrap_or(TrapCode::Host))),
    }
}

/// How Rust calls a function of each type: the entry adapter of a type
/// of the register convention, else the entry trampoline (at 0).
fn entries(m: &CompiledModule) -> Vec<*const u8> {
    let defined = m.env.func_types.len() - m.env.imported_funcs as usize;
    if defined == 0 {
        return Vec::new();
    }
    let mut entries = vec![m.code.at(0); m.env.types.len()];
    let adapters = crate::translate::adapter_types(&m.env);
    for (t, offset) in adapters.iter().zip(&m.offsets[defined..]) {
        entries[*t as usize] = m.code.at(*offset);
    }
    entries
}

/// Calls the compiled function at `code`, of type `ty` (an index), with
/// `vals`, through the type's entry; returns its trap code.
///
/// # Safety
/// `rt` is live, `code` is one of its module's functions, of a type equal
/// to `ty`, `vals` has `vals_slots` slots holding the function's
/// arguments, and the vmctx's pointers are current.
unsafe fn call_native<T: 'static>(
    rt: *mut Runtime<T>,
    code: *const u8,
    ty: u32,
    vals: *mut Slot,
) -> u32 {
    // SAFETY: `entries[ty]` is the type's adapter or the module's
    // trampoline, compiled with the C convention as `(vmctx, vals, code)
    // -> u32` (`abi::entry_signature`) for a callee of type `ty`'s
    // convention, in code the runtime's module keeps mapped (a module with
    // a function to call has them); the rest per the contract.
    unsafe {
        let entry: extern "C" fn(*mut VmCtx, *mut Slot, *const u8) -> u32 =
            core::mem::transmute((&(*rt).entries)[ty as usize]);
        entry(rt.cast(), vals, code)
    }
}

mod exn;
mod helpers;
mod shim;
use helpers::{bulk, call_import, call_indirect, memory_grow, table};
