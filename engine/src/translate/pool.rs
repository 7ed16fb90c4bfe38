//! Function-local constants: a constant that an op inside a loop reads
//! and cannot take as an immediate (an `f64`, a wide `i64`, a stored
//! value) is read from a slot of its own, written once when the function
//! is entered, instead of being written by a `Const` op on every
//! iteration (as wasmi keeps function-local constants in its register
//! space).
//!
//! While the function is translated, its slots are not all known: the
//! temporaries' range ends at the deepest operand stack, known at the
//! end. So a pooled constant's slot is provisional, `Slot::MAX - k` for
//! the `k`th distinct constant, and [`FuncTranslator::place_pool`] lays
//! the frame out at the end as `[locals | pool | temporaries]`: every
//! temporary moves up by the pool's size and every provisional slot
//! becomes its place in the pool. The pool sits below the temporaries
//! because a callee's frame starts at a temporary of its caller (the
//! call's arguments) and overlaps everything above it. The ops that fill
//! the pool are inserted after the function's entry ops (its fuel charge
//! and `ZeroLocals`), which branches never target, so they run once per
//! call. Provisional slots cannot be mistaken for real ones: the frame,
//! pool included, must fit in the slot range, so every real slot is
//! below `Slot::MAX + 1 - pool size`.
//!
//! A constant is usually read right after its `Const` op (the op is
//! taken back). When other ops come between (`c - f(x)`, a store's
//! address), its operand is an `Operand::Const` naming the op, as long as
//! nothing but its consumer can read it: a branch or a label turns every
//! such operand back into a plain temporary (a branch carries values in
//! place, a label joins paths that may have written the slot otherwise).
//! A consumer inside a loop then reads the pool and the op is dropped:
//! [`FuncTranslator::remove_dropped`] removes such ops before encoding.

use super::func::FuncTranslator;
#[cfg(feature = "exceptions")]
use super::func::HandlerKind;
use super::stack::{ControlKind, Operand};
use crate::error::{Error, LimitKind};
use crate::ir::{MAX_SLOTS, Op, Pos, SLOT_WORDS, Slot};
use alloc::vec;
use alloc::vec::Vec;

/// The slot that slot `s` becomes once the pool of `k` constants is placed
/// after `locals` locals (module docs).
fn placed(locals: u32, k: u32, s: Slot) -> Slot {
    let s = u32::from(s);
    let placed = if s >= MAX_SLOTS - k {
        locals + (u32::from(Slot::MAX) - s)
    } else if s >= locals {
        s + k
    } else {
        s
    };
    placed as Slot
}

/// The most constants a function's pool holds; later ones are written by
/// `Const` ops where they are used, as outside loops.
const POOL_CAP: usize = 32;

impl FuncTranslator<'_> {
    /// The (provisional) pool slot that holds `value`, if the op being
    /// translated is inside a loop and the pool has room for it.
    pub(super) fn pool_slot(&mut self, value: u64) -> Option<Slot> {
        if !self.controls.iter().any(|c| c.kind == ControlKind::Loop) {
            return None;
        }
        let k = match self.pool.iter().position(|&v| v == value) {
            Some(k) => k,
            None if self.pool.len() < POOL_CAP => {
                self.pool.push(value);
                self.pool.len() - 1
            }
            None => return None,
        };
        Some(Slot::MAX - k as Slot)
    }

    /// Marks the top operand, which the op just emitted wrote as a
    /// constant, as that op's `Operand::Const`.
    pub(super) fn mark_constant(&mut self) {
        let at = self.ops.len().saturating_sub(1) as u32;
        if let Some(top) = self.stack.last_mut() {
            *top = Operand::Const(at);
            self.const_refs += 1;
        }
    }

    /// Turns every `Operand::Const` back into a plain temporary.
    pub(super) fn forget_constants(&mut self) {
        if self.const_refs == 0 {
            return;
        }
        for o in self.stack.iter_mut() {
            if let Operand::Const(_) = o {
                *o = Operand::Temp;
            }
        }
        self.const_refs = 0;
    }

    /// The pool slot of the operand `depth` below the top, if it is an
    /// `Operand::Const` whose op is not the last one emitted (that one the
    /// callers take back themselves) and the pool takes its value; its op
    /// is then dropped and the operand becomes a plain temporary, which
    /// the caller pops but does not read.
    #[inline]
    pub(super) fn pool_operand(&mut self, depth: u32) -> Option<Slot> {
        if self.const_refs == 0 {
            return None;
        }
        self.pool_const_operand(depth)
    }

    fn pool_const_operand(&mut self, depth: u32) -> Option<Slot> {
        let pos = self.height().checked_sub(depth + 1)?;
        let Operand::Const(at) = self.stack[pos as usize] else {
            return None;
        };
        let at = at as usize;
        if at + 1 >= self.ops.len() {
            return None;
        }
        let temp = self.temp(pos);
        let value = match self.ops[at] {
            Op::Const32 { dst, value } if dst == temp => u64::from(value),
            Op::Const64 { dst, value } if dst == temp => value,
            _ => return None,
        };
        let slot = self.pool_slot(value)?;
        self.dropped.push(at);
        self.stack[pos as usize] = Operand::Temp;
        self.const_refs -= 1;
        Some(slot)
    }

    /// Removes the `Const` ops that `pool_operand` dropped: later ops and
    /// branch targets move down, a target at a dropped op goes to the op
    /// after it, and the fuel charge covering a dropped op charges one
    /// less. Runs first at the function's end.
    pub(super) fn remove_dropped(&mut self) {
        if self.dropped.is_empty() {
            return;
        }
        let n = self.ops.len();
        // Where each position lands: map[t] counts the ops kept before t
        // (so a target at a dropped op goes to the op after it), and op i
        // is dropped where map[i + 1] == map[i]. Each entry holds 1 (kept)
        // or 0 (dropped) before the sums.
        let mut map: Vec<Pos> = vec![1; n + 1];
        for &d in &self.dropped {
            if d < n {
                map[d] = 0;
            }
        }
        self.dropped.clear();
        let mut sum = 0;
        for m in map.iter_mut() {
            let kept = *m;
            *m = sum;
            sum += kept;
        }
        let new_pos = |t: Pos| match map.get(t as usize) {
            Some(&p) => p,
            None => t - (n as Pos - map[n]),
        };
        let mut fuel = None;
        let mut kept = 0;
        for i in 0..n {
            if let Op::ConsumeFuel { .. } = self.ops[i] {
                fuel = Some(kept);
            }
            if map[i + 1] == map[i] {
                if let Some(Op::ConsumeFuel { amount }) = fuel.map(|f| &mut self.ops[f]) {
                    *amount = amount.saturating_sub(1).max(1);
                }
                continue;
            }
            let mut op = self.ops[i];
            if let Some(t) = op.target_mut() {
                *t = new_pos(*t);
            }
            self.ops[kept] = op;
            self.op_offsets[kept] = self.op_offsets[i];
            kept += 1;
        }
        self.ops.truncate(kept);
        self.op_offsets.truncate(kept);
        #[cfg(feature = "exceptions")]
        for h in &mut self.pending {
            h.start = new_pos(h.start);
            h.end = new_pos(h.end);
            if let HandlerKind::Catch { target, .. } = &mut h.kind {
                *target = new_pos(*target);
            }
        }
        self.pool_at = new_pos(self.pool_at as Pos) as usize;
    }

    /// Lays the frame out with the pool (module docs) and inserts the ops
    /// that fill it; returns the frame's size in slots. Runs last before
    /// encoding; the slots of the encoded ops are renumbered by
    /// [`FuncTranslator::place_pool_slots`].
    pub(super) fn place_pool(&mut self) -> Result<u32, Error> {
        let k = self.pool.len() as u32;
        let (locals, temps) = (self.locals, self.max_height);
        let frame = locals + k + temps;
        if k == 0 {
            return Ok(frame);
        }
        if frame > MAX_SLOTS {
            return Err(Error::limit(LimitKind::FrameSize));
        }
        let at = self.pool_at;
        let shift = |t: &mut Pos| {
            if *t as usize >= at {
                *t += k;
            }
        };
        for op in &mut self.ops {
            if let Some(t) = op.target_mut() {
                shift(t);
            }
        }
        #[cfg(feature = "exceptions")]
        let placed = |s: Slot| placed(locals, k, s);
        #[cfg(feature = "exceptions")]
        for h in &mut self.pending {
            shift(&mut h.start);
            shift(&mut h.end);
            if let HandlerKind::Catch {
                values,
                exn,
                target,
                ..
            } = &mut h.kind
            {
                *values = placed(*values);
                *exn = exn.map(placed);
                shift(target);
            }
        }
        let fill = self.pool.iter().enumerate().map(|(i, &value)| {
            let dst = (locals + i as u32) as Slot;
            match u32::try_from(value) {
                Ok(value) => Op::Const32 { dst, value },
                Err(_) => Op::Const64 { dst, value },
            }
        });
        self.ops.splice(at..at, fill);
        let offset = self.op_offsets.get(at).copied().unwrap_or(self.offset);
        self.op_offsets
            .splice(at..at, core::iter::repeat_n(offset, k as usize));
        // The entry's fuel charge covers the fill too.
        if let Some(Op::ConsumeFuel { amount }) = self.ops.first_mut()
            && at > 0
        {
            *amount += k;
        }
        Ok(frame)
    }

    /// Renumbers the slots of the function's encoded ops (at word
    /// positions `at`) for the pool, but those of the ops that fill it,
    /// which are placed already. Every field of an op that names a slot
    /// is found by the op list (`SLOT_WORDS`).
    pub(super) fn place_pool_slots(&mut self, at: &[Pos]) {
        if self.pool.is_empty() {
            return;
        }
        let fill = self.pool_at..self.pool_at + self.pool.len();
        let k = self.pool.len() as u32;
        for (i, op) in self.ops.iter().enumerate() {
            if fill.contains(&i) {
                continue;
            }
            let w = at[i] as usize;
            let mut mask = SLOT_WORDS.get(op.code() as usize).copied().unwrap_or(0);
            while mask != 0 {
                let word = w + mask.trailing_zeros() as usize;
                self.code[word] = placed(self.locals, k, self.code[word]);
                mask &= mask - 1;
            }
        }
    }
}
