//! Translation of one function body into internal code.
//!
//! Each wasm stack position `p` owns the frame slot `locals + p`. A
//! `local.get` is not copied: the operand is remembered as `Operand::Local`,
//! so the op that consumes it reads the local's slot directly. Before a write
//! to that local, before entering a block and wherever a value must sit in its
//! own slot (calls, branches, block results), such operands are copied into
//! their temporaries ("materialized").

#[cfg(feature = "exceptions")]
pub(crate) use super::compiled::HandlerKind;
pub(crate) use super::compiled::{CompiledFunc, Handler};
use super::stack::{Control, ControlKind, Operand};
use crate::error::{Error, LimitKind};
use crate::ir::{MAX_SLOTS, Op, Pos, Slot};
use crate::module::ModuleHeader;
use crate::types::FuncType;
use alloc::vec::Vec;
use wasmparser::BlockType;

/// The translator's lists, handed from one function's translator to the
/// next (`FuncTranslator::new`, `into_scratch`) so that a module's
/// functions reuse their allocations: a fresh set per function cost
/// hello.wasm's 25 functions about 1,000 allocations and regrowths
/// (callgrind, `mote run hello.wasm`).
#[derive(Default)]
pub(crate) struct Scratch {
    pending: Vec<Handler>,
    ops: Vec<Op>,
    op_offsets: Vec<u32>,
    local_slots: Vec<Slot>,
    stack: Vec<Operand>,
    pool: Vec<u64>,
    dropped: Vec<usize>,
    controls: Vec<Control>,
    at: Vec<Pos>,
    entered: Vec<bool>,
    spare_ops: Vec<Op>,
    spare_offsets: Vec<u32>,
}

/// Translates one function.
///
/// A function is translated into [`Op`]s (branch targets are op positions
/// while it is), then encoded at its end into the module's code words.
pub(crate) struct FuncTranslator<'m> {
    pub(super) header: &'m ModuleHeader,
    /// The module's encoded code, which this function's words are appended to.
    pub(super) code: &'m mut Vec<u16>,
    /// The module's exception handlers, which this function's are
    /// appended to; and this function's, with op positions while it is
    /// translated.
    #[cfg_attr(not(feature = "exceptions"), allow(dead_code))]
    handlers: &'m mut Vec<Handler>,
    pub(super) pending: Vec<Handler>,
    /// With debug info: `(word offset, wasm offset)` of every op of the
    /// module, in code order.
    offsets: Option<&'m mut crate::module::DebugOffsets>,
    /// The function's ops, and the wasm offset of each.
    pub(super) ops: Vec<Op>,
    pub(super) op_offsets: Vec<u32>,
    /// The wasm offset of the operator being translated.
    pub(super) offset: u32,
    pub(super) fuel: bool,
    pub(super) locals: u32,
    /// The slot of each local (params included) when some local is a
    /// `v128`, which takes two; empty when local `n` is slot `n`.
    pub(super) local_slots: Vec<Slot>,
    /// Whether the operand the next `drop`, `select` or `global.set`
    /// takes, or the global the next `global.get` reads, is a `v128`
    /// (the validator's types, read before the operator).
    pub(super) wide_operand: bool,
    pub(super) stack: Vec<Operand>,
    pub(super) local_refs: u32,
    pub(super) max_height: u32,
    /// The function's pooled constants (`pool`), and the op position
    /// the ops that fill their slots go to.
    pub(super) pool: Vec<u64>,
    pub(super) pool_at: usize,
    /// How many operands are `Operand::Const`, and the positions of the
    /// `Const` ops they made redundant (removed before encoding).
    pub(super) const_refs: u32,
    pub(super) dropped: Vec<usize>,
    pub(super) controls: Vec<Control>,
    pub(super) reachable: bool,
    /// The last emitted op if it wrote a fresh temporary at the top of the stack.
    pub(super) last_result: Option<usize>,
    pub(super) last_fuel: Option<usize>,
    /// The last position a branch may jump to: an op emitted there must
    /// stay an op of its own (it may not be merged into the one before).
    label: Option<Pos>,
    /// Encoding's lists (each op's word position; whether a branch
    /// enters it), and the threading pass's spare op lists: kept only
    /// for their allocations.
    at: Vec<Pos>,
    entered: Vec<bool>,
    pub(super) spare_ops: Vec<Op>,
    pub(super) spare_offsets: Vec<u32>,
    /// Proposals the translated code uses.
    pub features: crate::features::Features,
}

impl<'m> FuncTranslator<'m> {
    pub fn new(
        header: &'m ModuleHeader,
        code: &'m mut Vec<u16>,
        #[cfg_attr(not(feature = "exceptions"), allow(dead_code))] handlers: &'m mut Vec<Handler>,
        fuel: bool,
        offsets: Option<&'m mut crate::module::DebugOffsets>,
        scratch: Scratch,
    ) -> Self {
        let Scratch {
            pending,
            ops,
            op_offsets,
            local_slots,
            stack,
            pool,
            dropped,
            controls,
            at,
            entered,
            spare_ops,
            spare_offsets,
        } = scratch;
        FuncTranslator {
            header,
            code,
            handlers,
            pending,
            offsets,
            ops,
            op_offsets,
            offset: 0,
            fuel,
            locals: 0,
            local_slots,
            wide_operand: false,
            stack,
            local_refs: 0,
            max_height: 0,
            pool,
            pool_at: 0,
            const_refs: 0,
            dropped,
            controls,
            reachable: true,
            last_result: None,
            last_fuel: None,
            label: None,
            at,
            entered,
            spare_ops,
            spare_offsets,
            features: crate::features::Features::default(),
        }
    }

    /// The lists, for the next function's translator.
    pub fn into_scratch(self) -> Scratch {
        Scratch {
            pending: self.pending,
            ops: self.ops,
            op_offsets: self.op_offsets,
            local_slots: self.local_slots,
            stack: self.stack,
            pool: self.pool,
            dropped: self.dropped,
            controls: self.controls,
            at: self.at,
            entered: self.entered,
            spare_ops: self.spare_ops,
            spare_offsets: self.spare_offsets,
        }
    }

    /// Starts a function of type `ty` with `locals` locals (params included).
    pub fn begin(&mut self, ty: &FuncType, locals: u32) -> Result<(), Error> {
        if locals > MAX_SLOTS {
            return Err(Error::limit(LimitKind::FrameSize));
        }
        self.ops.clear();
        self.op_offsets.clear();
        self.pending.clear();
        self.label = Some(0);
        self.locals = locals;
        self.stack.clear();
        self.local_refs = 0;
        self.max_height = 0;
        self.pool.clear();
        self.const_refs = 0;
        self.dropped.clear();
        self.controls.clear();
        self.reachable = true;
        self.last_result = None;
        self.last_fuel = None;
        self.controls.push(Control::new(
            ControlKind::Func,
            0,
            0,
            ty.result_slots() as u32,
        ));
        self.fuel_point();
        // The callee zeroes its locals, not each call: a call handler with
        // less to do keeps its registers.
        let params = ty.param_slots() as u32;
        if locals > params {
            self.emit(Op::ZeroLocals {
                first: params as Slot,
                count: locals - params,
            });
        }
        self.pool_at = self.ops.len();
        Ok(())
    }

    /// Finishes the function after its final `end`: encodes its ops.
    pub fn finish(&mut self, params: u32, body_offset: u32) -> Result<CompiledFunc, Error> {
        self.close_fuel();
        self.remove_dropped();
        self.thread_jumps();
        let frame_size = self.place_pool()?;
        let start = self.encode()?;
        Ok(CompiledFunc {
            start,
            locals: self.locals,
            params,
            frame_size,
            body_offset,
        })
    }

    /// Appends the function's ops to the module's code; returns the word
    /// offset of the first. Targets become offsets from their branch.
    fn encode(&mut self) -> Result<u32, Error> {
        let start = self.code.len();
        // Where each op (and the end of the function) starts, in words.
        let mut at = core::mem::take(&mut self.at);
        at.clear();
        at.reserve(self.ops.len() + 1);
        let mut pos = start;
        for op in &self.ops {
            at.push(pos as Pos);
            pos += op.code().len();
        }
        at.push(pos as Pos);
        if u32::try_from(pos).is_err() {
            return Err(Error::limit(LimitKind::CodeSize));
        }
        let resolve = |target: Pos| at.get(target as usize).copied().unwrap_or(pos as Pos);
        self.code.reserve(pos - start);
        for op in &self.ops {
            op.encode(self.code, &resolve);
        }
        self.place_pool_slots(&at);
        self.mark_acc_forms(&at);
        #[cfg(feature = "exceptions")]
        for h in &self.pending {
            let kind = match h.kind {
                HandlerKind::Catch {
                    tag,
                    values,
                    exn,
                    target,
                } => HandlerKind::Catch {
                    tag,
                    values,
                    exn,
                    target: resolve(target),
                },
                delegate => delegate,
            };
            self.handlers.push(Handler {
                func: start as u32,
                start: resolve(h.start),
                end: resolve(h.end),
                depth: h.depth,
                kind,
            });
        }
        if let Some(offsets) = self.offsets.as_deref_mut() {
            offsets.extend(&at, &self.op_offsets);
        }
        self.at = at;
        Ok(start as u32)
    }

    /// Marks the accumulator form (`ir::acc`) of every encoded op that
    /// reads the slot the op before it wrote, where no branch or handler
    /// enters it. `at`: each op's word position, then the end's.
    fn mark_acc_forms(&mut self, at: &[Pos]) {
        let mut entered = core::mem::take(&mut self.entered);
        entered.clear();
        entered.resize(self.ops.len() + 1, false);
        for op in &self.ops {
            let mut op = *op;
            if let Some(e) = op.target_mut().and_then(|t| entered.get_mut(*t as usize)) {
                *e = true;
            }
        }
        #[cfg(feature = "exceptions")]
        for h in &self.pending {
            if let HandlerKind::Catch { target, .. } = h.kind
                && let Some(e) = entered.get_mut(target as usize)
            {
                *e = true;
            }
        }
        for i in 1..self.ops.len() {
            let (prev, here, end) = (at[i - 1] as usize, at[i] as usize, at[i + 1] as usize);
            if !entered[i] {
                self.code[here] |=
                    crate::ir::acc_flag(&self.code[prev..here], &self.code[here..end]);
            }
        }
        self.entered = entered;
    }

    // ---- emission -------------------------------------------------------

    /// The position of the next op.
    pub(super) fn pc(&self) -> Result<Pos, Error> {
        Pos::try_from(self.ops.len()).map_err(|_| Error::limit(LimitKind::CodeSize))
    }

    #[inline]
    pub(super) fn emit(&mut self, op: Op) -> usize {
        self.last_result = None;
        if self.const_refs > 0 && is_branch(op) {
            self.forget_constants();
        }
        self.ops.push(op);
        self.op_offsets.push(self.offset);
        self.ops.len() - 1
    }

    /// The position of the next op, which a branch will jump to.
    pub(super) fn label_here(&mut self) -> Result<Pos, Error> {
        let here = self.pc()?;
        self.label = Some(here);
        self.forget_constants();
        Ok(here)
    }

    /// Whether a branch may jump to op `at` (so it must stay an op of its own).
    pub(super) fn is_label(&self, at: usize) -> bool {
        self.label == Some(at as Pos)
    }

    /// Emits `dst = src`; right after another copy (with no label between)
    /// both become one `Copy2`, one dispatch instead of two. The two run
    /// in order, as the two copies would.
    pub(super) fn emit_copy(&mut self, dst: Slot, src: Slot) {
        let next = self.ops.len();
        if next > 0
            && self.label != Some(next as Pos)
            && let Op::Copy {
                dst: dst0,
                src: src0,
            } = self.ops[next - 1]
        {
            self.ops[next - 1] = Op::Copy2 {
                dst0,
                src0,
                dst1: dst,
                src1: src,
            };
            self.last_result = None;
            return;
        }
        self.emit(Op::Copy { dst, src });
    }

    /// Takes back the last emitted op.
    pub(super) fn unemit_last(&mut self) {
        self.ops.pop();
        self.op_offsets.pop();
        self.last_result = None;
    }

    /// Emits an op that writes the new top-of-stack temporary.
    pub(super) fn emit_result(&mut self, op: Op) -> Result<(), Error> {
        let at = self.emit(op);
        self.push_temp()?;
        self.last_result = Some(at);
        Ok(())
    }

    /// Emits `fused`, which takes the place of the last op (it absorbed
    /// that op's work), or else `op`; either writes the new top of stack.
    pub(super) fn emit_result_fused(&mut self, fused: Option<Op>, op: Op) -> Result<(), Error> {
        match fused {
            Some(fused) => {
                self.unemit_last();
                self.emit_result(fused)
            }
            None => self.emit_result(op),
        }
    }

    pub(super) fn fuel_point(&mut self) {
        if self.fuel {
            self.close_fuel();
            self.last_fuel = Some(self.emit(Op::ConsumeFuel { amount: 1 }));
        }
    }

    /// Sets the previous fuel op's charge to the number of ops it covers.
    fn close_fuel(&mut self) {
        if let Some(at) = self.last_fuel.take() {
            let covered = (self.ops.len() - at) as u32;
            self.ops[at] = Op::ConsumeFuel {
                amount: covered.max(1),
            };
        }
    }

    // ---- operand stack --------------------------------------------------

    pub(super) fn height(&self) -> u32 {
        self.stack.len() as u32
    }

    /// The temporary slot of stack position `pos` (below the deepest
    /// height, which `note_height` keeps within the slot range).
    pub(super) fn temp(&self, pos: u32) -> Slot {
        (self.locals + pos) as Slot
    }

    pub(super) fn push_temp(&mut self) -> Result<(), Error> {
        self.stack.push(Operand::Temp);
        self.note_height()
    }

    /// Tracks the deepest stack: every position may be materialized, so
    /// every one needs a slot.
    fn note_height(&mut self) -> Result<(), Error> {
        let h = self.height();
        if h > self.max_height {
            if self.locals + h > MAX_SLOTS {
                return Err(Error::limit(LimitKind::FrameSize));
            }
            self.max_height = h;
        }
        Ok(())
    }

    /// The first slot of local `local` (a validated index), and whether
    /// it is a `v128` (two slots).
    pub(super) fn local_slot(&self, local: u32) -> (Slot, bool) {
        if self.local_slots.is_empty() {
            return (local as Slot, false);
        }
        let at = |i: usize| self.local_slots.get(i).copied();
        let slot = at(local as usize).unwrap_or(0);
        let next = at(local as usize + 1).unwrap_or(self.locals as Slot);
        (slot, next.wrapping_sub(slot) == 2)
    }

    /// Pushes a read of local `local` (a validated index): its slot, or
    /// for a `v128` its two slots as two operands.
    pub(super) fn push_local(&mut self, local: u32) -> Result<(), Error> {
        let (slot, wide) = self.local_slot(local);
        self.local_refs += 1;
        self.stack.push(Operand::Local(slot));
        if wide {
            self.local_refs += 1;
            self.stack.push(Operand::Local(slot + 1));
            self.note_height()?;
        }
        self.note_height()
    }

    /// Pops the top operand and returns the slot it is read from.
    pub(super) fn pop(&mut self) -> Slot {
        let pos = self.height().saturating_sub(1);
        match self.stack.pop() {
            Some(Operand::Local(l)) => {
                self.local_refs -= 1;
                l
            }
            Some(Operand::Const(_)) => {
                self.const_refs -= 1;
                self.temp(pos)
            }
            _ => self.temp(pos),
        }
    }

    /// Whether the top operand is a pending read of a local.
    pub(super) fn top_is_local(&self) -> bool {
        matches!(self.stack.last(), Some(Operand::Local(_)))
    }

    /// The slot the operand `depth` places below the top is read from.
    pub(super) fn peek_slot(&self, depth: u32) -> Slot {
        let pos = self.height() - 1 - depth;
        match self.stack[pos as usize] {
            Operand::Local(l) => l,
            Operand::Temp | Operand::Const(_) => self.temp(pos),
        }
    }

    /// Copies the operands at positions `from..height` into their temporaries.
    pub(super) fn materialize_from(&mut self, from: u32) {
        if self.local_refs == 0 {
            return;
        }
        for pos in from..self.height() {
            if let Operand::Local(l) = self.stack[pos as usize] {
                let dst = self.temp(pos);
                self.emit_copy(dst, l);
                self.stack[pos as usize] = Operand::Temp;
                self.local_refs -= 1;
            }
        }
    }

    /// Materializes the top `n` operands, returning the slot of the lowest.
    pub(super) fn materialize_top(&mut self, n: u32) -> Slot {
        let from = self.height() - n;
        self.materialize_from(from);
        self.temp(from)
    }

    /// Materializes every pending read of `local` before it is written.
    pub(super) fn protect_local(&mut self, local: Slot) {
        if self.local_refs == 0 {
            return;
        }
        for pos in 0..self.height() {
            if self.stack[pos as usize] == Operand::Local(local) {
                let dst = self.temp(pos);
                self.emit_copy(dst, local);
                self.stack[pos as usize] = Operand::Temp;
                self.local_refs -= 1;
            }
        }
    }

    /// Drops operands down to `height` and pushes `n` temporaries.
    pub(super) fn reset_stack(&mut self, height: u32, n: u32) -> Result<(), Error> {
        while self.height() > height {
            self.pop();
        }
        for _ in 0..n {
            self.push_temp()?;
        }
        Ok(())
    }

    // ---- control helpers ------------------------------------------------

    /// Parameter and result counts of a block type.
    pub(super) fn block_arity(&self, ty: BlockType) -> Result<(u32, u32), Error> {
        Ok(match ty {
            BlockType::Empty => (0, 0),
            BlockType::Type(wasmparser::ValType::V128) => (0, 2),
            BlockType::Type(_) => (0, 1),
            BlockType::FuncType(idx) => {
                let ty = self.header.func_type(idx)?;
                (ty.param_slots() as u32, ty.result_slots() as u32)
            }
        })
    }

    /// Emits the copies that move the top `arity` operands to the slots a
    /// branch to frame `depth` expects them in.
    pub(super) fn branch_copies(&mut self, depth: u32) {
        let (height, arity) = {
            let frame = &self.controls[self.controls.len() - 1 - depth as usize];
            (frame.height, frame.branch_arity())
        };
        for i in 0..arity {
            let src = self.peek_slot(arity - 1 - i);
            let dst = self.temp(height + i);
            if src != dst {
                self.emit_copy(dst, src);
            }
        }
    }

    /// At the end of the innermost block: moves its results into place.
    pub(super) fn end_copies(&mut self) {
        let frame = &self.controls[self.controls.len() - 1];
        let (height, results) = (frame.height, frame.results);
        for i in 0..results {
            let src = self.peek_slot(results - 1 - i);
            let dst = self.temp(height + i);
            if src != dst {
                self.emit_copy(dst, src);
            }
        }
    }

    /// Whether a branch to frame `depth` needs no copies.
    pub(super) fn branch_is_direct(&self, depth: u32) -> bool {
        let frame = &self.controls[self.controls.len() - 1 - depth as usize];
        if frame.kind == ControlKind::Func {
            return false;
        }
        let arity = frame.branch_arity();
        (0..arity).all(|i| self.peek_slot(arity - 1 - i) == self.temp(frame.height + i))
    }

    /// Emits an unconditional branch to frame `depth`, including copies.
    pub(super) fn branch(&mut self, depth: u32) -> Result<(), Error> {
        let idx = self.controls.len() - 1 - depth as usize;
        if self.controls[idx].kind == ControlKind::Func {
            self.emit_return();
            return Ok(());
        }
        self.branch_copies(depth);
        self.jump_to(idx, |target| Op::Br { target })?;
        Ok(())
    }

    /// Emits `make(target)` jumping to control frame `idx`.
    pub(super) fn jump_to(&mut self, idx: usize, make: impl Fn(Pos) -> Op) -> Result<(), Error> {
        let frame = &self.controls[idx];
        if frame.kind == ControlKind::Loop {
            let head = frame.loop_head;
            self.emit(make(head));
        } else {
            let at = self.emit(make(0));
            self.controls[idx].fixups.push(at);
        }
        Ok(())
    }

    /// Points every fixup of a frame at the current pc.
    pub(super) fn bind(&mut self, fixups: &[usize]) -> Result<(), Error> {
        let here = self.label_here()?;
        for &at in fixups {
            patch(&mut self.ops[at], here);
        }
        self.last_result = None;
        Ok(())
    }

    /// Emits a return of the function's results from the top of the stack.
    pub(super) fn emit_return(&mut self) {
        // This may run on one arm of a conditional branch, so the operand
        // stack is left as it is: copies into a Local operand's own temporary
        // are invisible to the other arm, which still reads the local.
        let count = self.controls[0].results;
        let values = if count == 1 {
            self.peek_slot(0)
        } else {
            let from = self.height() - count;
            for pos in from..self.height() {
                if let Operand::Local(src) = self.stack[pos as usize] {
                    let dst = self.temp(pos);
                    self.emit_copy(dst, src);
                }
            }
            self.temp(from)
        };
        self.emit(match count {
            0 => Op::ReturnVoid {},
            1 => Op::ReturnValue { value: values },
            _ => Op::Return { values, count },
        });
    }
}

/// Sets the branch target of a jump op.
fn patch(op: &mut Op, here: Pos) {
    if let Some(target) = op.target_mut() {
        *target = here;
    }
}

/// Whether `op` jumps somewhere.
fn is_branch(mut op: Op) -> bool {
    op.target_mut().is_some()
}
