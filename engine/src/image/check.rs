//! The check an image passes before its module is usable: one linear pass
//! over what `read` decoded that establishes what the translator's output
//! guarantees and the executor relies on (`exec::state`'s invariants, and
//! every index the handlers look up in range), so that no image, however
//! corrupted or hostile, reaches the executor with code it would run out
//! of bounds.
//!
//! What each op's operands are comes from the op list (`OpCode::fields`:
//! each field's name and kind), read at compile time into `ops::SHAPES`.
//! Only the extent of the slot ranges some ops read from one `args` slot
//! on is not in the list: [`args_extent`] spells it out per semantics,
//! beside the handlers it mirrors.

use super::ops::{OpInfo, Role, info};
use crate::constexpr::{ConstExpr, ConstOp};
use crate::error::Error;
use crate::ir::{MAX_SLOTS, OpCode, acc_flag_holds, read_u32};
use crate::module::{ElemMode, ExportIndex, ModuleInner};
use crate::translate::HandlerKind;
use crate::types::{ExternType, FuncType, Mutability, RefKind, TableType};
use alloc::vec;
use alloc::vec::Vec;

fn bad(what: &'static str) -> Error {
    Error::image(0, what)
}

fn ensure(ok: bool, what: &'static str) -> Result<(), Error> {
    if ok { Ok(()) } else { Err(bad(what)) }
}

/// How many of each kind of thing the module has, imports included.
struct Counts {
    types: u32,
    funcs: u32,
    imported_funcs: u32,
    defined_funcs: u32,
    tables: u32,
    memories: u32,
    globals: u32,
    imported_globals: u32,
    tags: u32,
    elems: u32,
    datas: u32,
    /// Whether each global is mutable, imports first.
    mutable_globals: Vec<bool>,
    /// Whether each table holds function references, imports first.
    func_tables: Vec<bool>,
}

fn len(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Checks the whole module `m`.
pub(super) fn check(m: &ModuleInner) -> Result<(), Error> {
    let h = &m.header;
    let imported = |f: fn(&ExternType) -> bool| len(m.imports.iter().filter(|i| f(&i.ty)).count());
    let imported_globals = imported(|t| matches!(t, ExternType::Global(_)));
    let mut c = Counts {
        types: len(h.types.len()),
        funcs: len(h.funcs.len()),
        imported_funcs: h.imported_funcs,
        defined_funcs: len(m.compiled.len()),
        tables: imported(|t| matches!(t, ExternType::Table(_))).saturating_add(len(m.tables.len())),
        memories: len(h.memories.len()),
        globals: imported_globals.saturating_add(len(m.globals.len())),
        imported_globals,
        tags: len(h.tags.len()),
        elems: len(m.elems.len()),
        datas: len(m.datas.len()),
        mutable_globals: Vec::new(),
        func_tables: Vec::new(),
    };
    // Imports first, then the module's own.
    for i in &m.imports {
        match &i.ty {
            ExternType::Global(g) => c.mutable_globals.push(g.mutability() == Mutability::Var),
            ExternType::Table(t) => c.func_tables.push(is_func_table(t)),
            _ => {}
        }
    }
    for (g, _) in &m.globals {
        c.mutable_globals.push(g.mutability() == Mutability::Var);
    }
    for (t, _) in &m.tables {
        c.func_tables.push(is_func_table(t));
    }
    ensure(
        h.imported_funcs <= c.funcs && c.funcs - h.imported_funcs == c.defined_funcs,
        "function count",
    )?;
    for &t in h.funcs.iter().chain(&h.tags) {
        ensure(t < c.types, "type index")?;
    }
    #[cfg(not(feature = "exceptions"))]
    ensure(h.tags.is_empty(), "tags need exception handling")?;
    check_constants(m, &c)?;
    for (_, index) in &m.exports {
        let ok = match *index {
            ExportIndex::Func(i) => i < c.funcs,
            ExportIndex::Table(i) => i < c.tables,
            ExportIndex::Memory(i) => i < c.memories,
            ExportIndex::Global(i) => i < c.globals,
            ExportIndex::Tag(i) => i < c.tags,
        };
        ensure(ok, "export index")?;
    }
    if let Some(f) = m.start {
        let ty = h.func_type_of(f).map_err(|_| bad("start function"))?;
        ensure(
            ty.params().is_empty() && ty.results().is_empty(),
            "start function type",
        )?;
    }
    check_code(m, &c)
}

/// Whether tables of type `t` hold function references.
fn is_func_table(t: &TableType) -> bool {
    t.element()
        .as_ref()
        .is_some_and(|r| r.kind() == RefKind::Func)
}

/// Global initializers, table initializers and segments: every index in
/// range and every expression one value.
fn check_constants(m: &ModuleInner, c: &Counts) -> Result<(), Error> {
    for (i, (_, init)) in m.globals.iter().enumerate() {
        // A global's initializer reads only the globals before it.
        check_expr(init, c.imported_globals.saturating_add(len(i)), c)?;
    }
    let exprs = m.tables.iter().filter_map(|(_, e)| e.as_ref());
    let exprs = exprs.chain(m.elems.iter().flat_map(|e| &e.items));
    let exprs = exprs.chain(m.datas.iter().filter_map(|d| d.offset.as_ref()));
    for e in exprs {
        check_expr(e, c.globals, c)?;
    }
    for e in &m.elems {
        if let ElemMode::Active { table, offset } = &e.mode {
            ensure(*table < c.tables, "element segment table")?;
            check_expr(offset, c.globals, c)?;
        }
    }
    for d in &m.datas {
        ensure(
            d.offset.is_none() || d.memory < c.memories,
            "data segment memory",
        )?;
    }
    Ok(())
}

/// `e` reads only globals below `globals`, names functions in range and
/// leaves one value.
fn check_expr(e: &ConstExpr, globals: u32, c: &Counts) -> Result<(), Error> {
    let mut depth: u32 = 0;
    for op in &e.ops {
        depth = match *op {
            ConstOp::Value(_) | ConstOp::V128(_) => depth.saturating_add(1),
            ConstOp::GlobalGet(g) => {
                ensure(g < globals, "constant expression global")?;
                depth.saturating_add(1)
            }
            ConstOp::RefFunc(f) => {
                ensure(f < c.funcs, "constant expression function")?;
                depth.saturating_add(1)
            }
            _ => {
                ensure(depth >= 2, "constant expression stack")?;
                depth - 1
            }
        };
    }
    ensure(depth == 1, "constant expression result")
}

/// A set of word offsets, one bit each.
struct Bits(Vec<u64>);

impl Bits {
    fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }
    fn set(&mut self, i: usize) {
        if let Some(w) = self.0.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }
    fn has(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

/// Every function's code and handlers.
fn check_code(m: &ModuleInner, c: &Counts) -> Result<(), Error> {
    let code = &m.code;
    ensure(
        m.compiled.first().is_none_or(|f| f.start == 0),
        "first function not at word 0",
    )?;
    ensure(
        !m.compiled.is_empty() || code.is_empty(),
        "code without functions",
    )?;
    let fuel = m.engine.config().consume_fuel;
    let mut starts = Bits::new(code.len());
    // The ops in an accumulator form (`ir::acc`): no branch or handler
    // may enter one.
    let mut accs = Bits::new(code.len());
    let mut targets = Vec::new();
    for (i, f) in m.compiled.iter().enumerate() {
        let end = m.compiled.get(i + 1).map_or(len(code.len()), |n| n.start);
        ensure(
            f.start < end && (end as usize) <= code.len(),
            "function bounds",
        )?;
        let index = c.imported_funcs.saturating_add(len(i));
        let ty = m
            .header
            .func_type_of(index)
            .map_err(|_| bad("function type"))?;
        ensure(
            f.params as usize == ty.param_slots()
                && f.params <= f.locals
                && f.locals <= f.frame_size
                && f.frame_size <= MAX_SLOTS,
            "function frame",
        )?;
        let body = Body {
            m,
            c,
            start: f.start,
            end,
            frame: f.frame_size,
        };
        targets.clear();
        body.check(&mut starts, &mut accs, &mut targets)?;
        for &(t, back) in &targets {
            ensure(starts.has(t as usize), "branch target not an op")?;
            ensure(!accs.has(t as usize), "branch into an accumulator form")?;
            // With fuel, every loop charges: a branch back lands on a
            // fuel charge, and a function starts with one (`fuel_point`).
            ensure(
                !fuel || !back || charges(code, t),
                "loop without a fuel charge",
            )?;
        }
        ensure(
            !fuel || charges(code, f.start),
            "function without a fuel charge",
        )?;
    }
    check_handlers(m, c, &starts, &accs)
}

/// One function's code, `start..end` of the module's.
struct Body<'a> {
    m: &'a ModuleInner,
    c: &'a Counts,
    start: u32,
    end: u32,
    frame: u32,
}

impl Body<'_> {
    /// Walks the ops, checking each; records where each starts in
    /// `starts`, the accumulator forms in `accs` and every branch target
    /// in `targets`, with whether it branches back.
    fn check(
        &self,
        starts: &mut Bits,
        accs: &mut Bits,
        targets: &mut Vec<(u32, bool)>,
    ) -> Result<(), Error> {
        let code = &self.m.code;
        let (mut at, end) = (self.start as usize, self.end as usize);
        let mut entries: u32 = 0;
        let mut last = None;
        let mut prev_at = None;
        while at < end {
            let word = code.get(at).copied().ok_or(bad("truncated code"))?;
            let (op, acc) = OpCode::from_word_acc(word).ok_or(bad("unknown op code"))?;
            let oi = info(op);
            let range = oi.range.map(usize::from);
            ensure(oi.runs, "op needs a feature this engine lacks")?;
            let next = at + op.len();
            ensure(next <= end, "op runs past its function")?;
            if acc != 0 {
                // Only where the translator would mark it: right after the
                // op whose result it reads (and, checked with the targets,
                // where nothing jumps).
                let prev = prev_at.and_then(|p| code.get(p..at));
                ensure(
                    code.get(at..next)
                        .is_some_and(|op| acc_flag_holds(prev, op)),
                    "accumulator form not after its operand's op",
                )?;
                accs.set(at);
            }
            if entries > 0 {
                ensure(op == OpCode::Br, "branch table entry not a br")?;
                entries -= 1;
            }
            starts.set(at);
            let mut fields = [0u64; 8];
            let mut k = at + 1;
            for (n, &role) in oi.roles.iter().take(usize::from(oi.len)).enumerate() {
                let v = match role {
                    Role::Slot | Role::Slot2 => {
                        u64::from(code.get(k).copied().ok_or(bad("truncated"))?)
                    }
                    Role::Imm64 => {
                        let lo = read_u32(code, k).ok_or(bad("truncated"))?;
                        let hi = read_u32(code, k + 2).ok_or(bad("truncated"))?;
                        u64::from(lo) | (u64::from(hi) << 32)
                    }
                    _ => u64::from(read_u32(code, k).ok_or(bad("truncated"))?),
                };
                k += role.words();
                if let Some(f) = fields.get_mut(n) {
                    *f = v;
                }
                match role {
                    // The first slot of a range is checked with the range
                    // (`extent`): an empty one may start at the frame's end.
                    Role::Slot if Some(n) == range => {}
                    Role::Slot => ensure(v < u64::from(self.frame), "slot outside frame")?,
                    // A v128's two slots, `v` and `v + 1`.
                    Role::Slot2 => ensure(v + 1 < u64::from(self.frame), "v128 outside frame")?,
                    Role::Lane => ensure(v < u64::from(oi.lanes), "lane index out of range")?,
                    Role::Shuffle => {
                        let lanes = code.get(k - 8..k).ok_or(bad("truncated"))?;
                        ensure(
                            lanes.iter().all(|w| w & 0xff < 32 && w >> 8 < 32),
                            "shuffle lane out of range",
                        )?
                    }
                    Role::Target => {
                        let t = at as i64 + i64::from(v as u32 as i32);
                        ensure(
                            t >= i64::from(self.start) && t < i64::from(self.end),
                            "branch target outside its function",
                        )?;
                        targets.push((t as u32, t <= at as i64));
                    }
                    Role::Imm32 | Role::Imm64 | Role::Imm128 => {}
                    _ => self.index(role, v as u32)?,
                }
            }
            self.extent(op, &oi, &fields)?;
            if op == OpCode::BrTable {
                // `len + 1` `Br` entries follow (each three words).
                let n = u32::try_from(fields[1].saturating_add(1)).map_err(|_| bad("br_table"))?;
                ensure(
                    (n as usize).saturating_mul(OpCode::Br.len()) <= end - next,
                    "br_table runs past its function",
                )?;
                entries = n;
            }
            last = Some(op);
            prev_at = Some(at);
            at = next;
        }
        ensure(entries == 0, "br_table entries missing")?;
        ensure(last.is_some_and(ends_flow), "function falls off its end")
    }

    /// A `U32` field of role `role`: an index in range, or a count
    /// checked with the op's slots (`extent`), or a plain number.
    fn index(&self, role: Role, v: u32) -> Result<(), Error> {
        let c = self.c;
        let limit = match role {
            Role::Func => c.funcs,
            Role::DefinedFunc => c.defined_funcs,
            Role::ImportedFunc => c.imported_funcs,
            Role::Global | Role::GlobalSet => c.globals,
            Role::Table | Role::CallTable => c.tables,
            Role::Memory => c.memories,
            Role::Elem => c.elems,
            Role::Data => c.datas,
            Role::Type => c.types,
            Role::Tag => c.tags,
            // Numbers, or counts `extent` checks against the frame.
            Role::Number | Role::Imm32 | Role::Imm64 | Role::Imm128 => return Ok(()),
            // A charge of nothing would let a loop run free.
            Role::Amount => return ensure(v > 0, "fuel charge of zero"),
            Role::Slot
            | Role::Slot2
            | Role::Lane
            | Role::Shuffle
            | Role::Target
            | Role::Unknown => {
                return Err(bad("op field the checker does not know"));
            }
        };
        ensure(v < limit, "index out of range")?;
        // What validation also guarantees and is cheap to hold here: no
        // write to an immutable global (an imported one is shared), and
        // calls through tables of functions only.
        match role {
            Role::GlobalSet => ensure(
                c.mutable_globals.get(v as usize).copied().unwrap_or(false),
                "global.set of an immutable global",
            ),
            Role::CallTable => ensure(
                c.func_tables.get(v as usize).copied().unwrap_or(false),
                "call_indirect through a table not of functions",
            ),
            _ => Ok(()),
        }
    }

    /// The slot ranges `op` reads or writes beyond its single slots lie in
    /// the frame, and the memory 0 a fast-path op uses exists.
    fn extent(&self, op: OpCode, oi: &OpInfo, f: &[u64; 8]) -> Result<(), Error> {
        if oi.memory0 {
            ensure(self.c.memories > 0, "memory op without a memory")?;
        }
        let Some(k) = oi.range.map(usize::from) else {
            return Ok(());
        };
        let n = args_extent(self.m, op, f)?.ok_or(bad("slot range of unknown length"))?;
        let from = f.get(k).copied().unwrap_or(u64::MAX);
        ensure(
            from.saturating_add(n) <= u64::from(self.frame),
            "slot range outside frame",
        )
    }
}

/// Which field of `op`, if any, is the first slot of a range of slots the
/// op reads or writes (`args`, `values`, `first`); `args_extent` says
/// how long the range is. (The check reads it from the op's `OpInfo`,
/// decoded once per op; tests ask for it by op.)
#[cfg(test)]
pub(super) fn range_field(op: OpCode) -> Option<usize> {
    info(op).range.map(usize::from)
}

/// How many slots from its `range_field` on an op uses (the handlers in
/// `exec` read them at `args + k`). Every op with a range field must be
/// listed here (a test checks it).
pub(super) fn args_extent(m: &ModuleInner, op: OpCode, f: &[u64; 8]) -> Result<Option<u64>, Error> {
    let h = &m.header;
    // Slots, not values: a v128 takes two.
    let sig =
        |ty: &FuncType, extra: usize| (ty.param_slots() + extra).max(ty.result_slots()) as u64;
    let func_ty = |i: u64| h.func_type_of(i as u32).map_err(|_| bad("function index"));
    let def_ty = |i: u64| func_ty(i.saturating_add(u64::from(h.imported_funcs)));
    let type_ty = |i: u64| h.func_type(i as u32).map_err(|_| bad("type index"));
    Ok(Some(match op {
        OpCode::Return | OpCode::ZeroLocals => f[1],
        OpCode::Call | OpCode::ReturnCall | OpCode::CopyCall => sig(def_ty(f[0])?, 0),
        OpCode::CallImport | OpCode::ReturnCallImport => sig(func_ty(f[0])?, 0),
        // The element index, or the callee, sits after the arguments.
        OpCode::CallIndirect
        | OpCode::ReturnCallIndirect
        | OpCode::CallRef
        | OpCode::ReturnCallRef => sig(type_ty(f[0])?, 1),
        OpCode::MemoryCopy
        | OpCode::MemoryFill
        | OpCode::MemoryInit
        | OpCode::MemoryFillMem
        | OpCode::MemoryInitMem
        | OpCode::MemoryCopyMem
        | OpCode::TableCopy
        | OpCode::TableInit
        | OpCode::TableFill => 3,
        OpCode::TableGrow | OpCode::TableSet => 2,
        OpCode::Throw => {
            let tag = h.tag_type(f[0] as u32).map_err(|_| bad("tag index"))?;
            tag.param_slots() as u64
        }
        _ => return Ok(None),
    }))
}

/// Whether the op at word `at` (a checked op start) charges fuel.
fn charges(code: &[u16], at: u32) -> bool {
    code.get(at as usize) == Some(&(OpCode::ConsumeFuel as u16))
}

/// Whether control never goes on past `op` to the next word.
fn ends_flow(op: OpCode) -> bool {
    matches!(
        op,
        OpCode::Br
            | OpCode::Return
            | OpCode::ReturnValue
            | OpCode::ReturnVoid
            | OpCode::ReturnCall
            | OpCode::ReturnCallImport
            | OpCode::ReturnCallIndirect
            | OpCode::ReturnCallRef
            | OpCode::Unreachable
            | OpCode::Throw
            | OpCode::ThrowRef
    )
}

/// Handlers: grouped by function in code order, each inside its
/// function, landing on an op, writing slots of its frame.
fn check_handlers(m: &ModuleInner, c: &Counts, starts: &Bits, accs: &Bits) -> Result<(), Error> {
    let fuel = m.engine.config().consume_fuel;
    let mut prev = 0;
    for x in &m.handlers {
        ensure(x.func >= prev, "handlers out of order")?;
        prev = x.func;
        let k = m.compiled.partition_point(|f| f.start < x.func);
        let f = m.compiled.get(k).filter(|f| f.start == x.func);
        let f = f.ok_or(bad("handler of no function"))?;
        let end = m.compiled.get(k + 1).map_or(len(m.code.len()), |n| n.start);
        ensure(
            x.func <= x.start && x.start <= x.end && x.end <= end,
            "handler range",
        )?;
        if let HandlerKind::Catch {
            tag,
            values,
            exn,
            target,
        } = x.kind
        {
            ensure(
                target >= x.func
                    && target < end
                    && starts.has(target as usize)
                    && !accs.has(target as usize),
                "handler target",
            )?;
            // With fuel, a catch may not loop back into what it covers
            // without passing a charge.
            ensure(
                !fuel || target >= x.end || charges(&m.code, target),
                "handler loops without a fuel charge",
            )?;
            let n = match tag {
                Some(t) => {
                    ensure(t < c.tags, "handler tag")?;
                    m.header
                        .tag_type(t)
                        .map_err(|_| bad("handler tag"))?
                        .param_slots()
                }
                None => 0,
            };
            ensure(
                u32::from(values).saturating_add(len(n)) <= f.frame_size
                    && exn.is_none_or(|e| u32::from(e) < f.frame_size),
                "handler slots outside frame",
            )?;
        }
    }
    Ok(())
}
