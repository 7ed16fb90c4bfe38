//! Fusing an integer comparison into the `br_if` or `if` that consumes it,
//! and a constant into the binary op that consumes it. Which op fuses into
//! which comes from the op list (`Op::fuse_branch`, `Op::with_imm`).

use super::func::FuncTranslator;
use super::stack::Operand;
use crate::ir::{Op, Pos, Slot};

/// The condition of a conditional branch.
#[derive(Clone, Copy)]
pub(super) enum Cond {
    /// An i32 in a slot: branch if it is not zero.
    Slot(Slot),
    /// `i32.eqz` of a slot: branch if the slot is zero.
    Eqz(Slot),
    /// A comparison op (its `dst` no longer matters) whose result is the
    /// condition; with `imm`, of a slot and that constant. `negated`: the
    /// condition is that result's `i32.eqz`.
    Cmp {
        op: Op,
        imm: Option<u64>,
        negated: bool,
    },
}

impl Cond {
    /// The op jumping to `target` when the condition is `when`.
    pub(super) fn jump(self, when: bool, target: Pos) -> Op {
        match (self, when) {
            (Cond::Slot(cond), true) | (Cond::Eqz(cond), false) => Op::BrIfNez { cond, target },
            (Cond::Slot(cond), false) | (Cond::Eqz(cond), true) => Op::BrIfEqz { cond, target },
            (
                Cond::Cmp {
                    op, imm, negated, ..
                },
                when,
            ) => {
                let when = when != negated;
                // `fusable` only makes a `Cmp` of ops that fuse, and every
                // compare-and-branch has an immediate form for any constant
                // its comparison's immediate form held.
                let branch = op.fuse_branch(when, target);
                let branch = match (branch, imm) {
                    (Some(b), Some(imm)) => b.with_imm(imm),
                    (b, _) => b,
                };
                debug_assert!(branch.is_some(), "{op:?} fuses into no branch");
                branch.unwrap_or(Op::Unreachable {})
            }
        }
    }
}

/// The fused condition for an op writing `cond`, if it is a comparison
/// that fuses into a branch (or `i32.eqz`), its immediate form included.
fn fusable(op: Op, cond: Slot) -> Option<Cond> {
    let (op, imm) = match op.split_imm() {
        Some((op, imm)) => (op, Some(imm)),
        None => (op, None),
    };
    if op.dst() != Some(cond) {
        return None;
    }
    match op {
        Op::I32Eqz { src, .. } => Some(Cond::Eqz(src)),
        _ => op.fuse_branch(true, 0).map(|_| Cond::Cmp {
            op,
            imm,
            negated: false,
        }),
    }
}

impl FuncTranslator<'_> {
    /// Pops a branch condition. If the op just emitted computed it and
    /// nothing else reads it, that op is taken back so the branch compares
    /// by itself.
    pub(super) fn pop_condition(&mut self) -> Cond {
        let fresh = self.last_result.filter(|&at| at + 1 == self.ops.len());
        let cond = self.pop();
        let Some(at) = fresh else {
            return Cond::Slot(cond);
        };
        match fusable(self.ops[at], cond) {
            Some(Cond::Eqz(src)) => {
                self.unemit_last();
                self.negated_comparison(at, src)
            }
            Some(fused) => {
                self.unemit_last();
                fused
            }
            None => Cond::Slot(cond),
        }
    }

    /// The condition `i32.eqz` of `src`, the `i32.eqz` at `at` just taken
    /// back: if the op before it computed `src` (a temporary, which only
    /// the `i32.eqz` read) as a comparison that fuses into a branch, and
    /// no branch jumps between the two, that op is taken back too and the
    /// branch tests its comparison the other way.
    fn negated_comparison(&mut self, at: usize, src: Slot) -> Cond {
        let Some(before) = at.checked_sub(1) else {
            return Cond::Eqz(src);
        };
        if u32::from(src) < self.locals || self.is_label(at) || before < self.pool_at {
            return Cond::Eqz(src);
        }
        match fusable(self.ops[before], src) {
            Some(Cond::Cmp { op, imm, .. }) => {
                self.unemit_last();
                Cond::Cmp {
                    op,
                    imm,
                    negated: true,
                }
            }
            _ => Cond::Eqz(src),
        }
    }

    /// The loop counter a branch on `cond` may count: if the op just
    /// emitted added a constant to a slot in place (`i32.add` of a local
    /// and a constant, teed back into it), `cond` tests that slot (its
    /// value, or that it differs from a constant: `i != n`) and no branch
    /// jumps to the branch about to be emitted, that op is taken back and
    /// the op that adds, tests and jumps in one is returned
    /// (`I32AddImmBrIfNez`, `I32AddImmBrIfNeImm`), its target still 0.
    pub(super) fn take_counter(&mut self, cond: Cond) -> Option<Op> {
        let at = self.ops.len().checked_sub(1)?;
        let Op::I32AddImm { dst, a, imm } = self.ops[at] else {
            return None;
        };
        if dst != a || self.is_label(at + 1) {
            return None;
        }
        let fused = match cond {
            Cond::Slot(slot) if slot == dst => Op::I32AddImmBrIfNez {
                dst,
                imm,
                target: 0,
            },
            Cond::Cmp {
                op: Op::I32Ne { a, .. },
                imm: Some(limit),
                negated: false,
            } if a == dst => Op::I32AddImmBrIfNeImm {
                dst,
                imm,
                limit: limit as u32,
                target: 0,
            },
            _ => return None,
        };
        self.unemit_last();
        Some(fused)
    }

    /// Pops a `select`'s condition; with `true` the caller swaps the two
    /// values. `select(a, b, eqz(x))` is `select(b, a, x)`: if the op just
    /// emitted is the `i32.eqz` that computed the condition (nothing else
    /// reads it), it is taken back. So is an `i64.eqz` of a value whose
    /// upper half is zero, as `select` tests only the lower half: one the
    /// op before it computed as `i64.and` with a non-negative 32-bit
    /// constant (`x & 1`, a parity test), no branch jumping between them.
    pub(super) fn pop_select_condition(&mut self) -> (Slot, bool) {
        let fresh = self.last_result.filter(|&at| at + 1 == self.ops.len());
        let cond = self.pop();
        let Some(at) = fresh else {
            return (cond, false);
        };
        let src = match self.ops[at] {
            Op::I32Eqz { dst, src } if dst == cond => src,
            Op::I64Eqz { dst, src } if dst == cond && !self.is_label(at) => {
                let narrow = at.checked_sub(1).map(|before| self.ops[before]);
                match narrow {
                    Some(Op::I64AndImm { dst: and, imm, .. })
                        if and == src && (imm as i32) >= 0 =>
                    {
                        src
                    }
                    _ => return (cond, false),
                }
            }
            _ => return (cond, false),
        };
        self.unemit_last();
        (src, true)
    }

    /// A `select` whose condition is a bit test just computed, as one
    /// `SelectAndImm`: the `i32.and` or `i64.and` with a constant (for
    /// `i64` a non-negative 32-bit constant, as `select` tests the low
    /// half), or the `eqz` of one emitted right before it (no branch
    /// between: then the operands swap). The test's ops are taken back
    /// (nothing else reads their results) and the operands popped.
    pub(super) fn select_on_bits(&mut self) -> Option<Op> {
        let (top_op, top) = self.fresh_top()?;
        let bits = |op: Op, cond: Slot| match op {
            Op::I32AndImm { dst, a, imm } if dst == cond => Some((a, imm)),
            Op::I64AndImm { dst, a, imm } if dst == cond && (imm as i32) >= 0 => Some((a, imm)),
            _ => None,
        };
        let at = self.ops.len() - 1;
        let (x, imm, swap) = match top_op {
            // The `and` wrote a temporary (not a local a `local.tee`
            // keeps): taken back with the `eqz`, nothing else reads it.
            Op::I32Eqz { dst, src } | Op::I64Eqz { dst, src }
                if dst == top
                    && u32::from(src) >= self.locals
                    && at > self.pool_at + 1
                    && !self.is_label(at) =>
            {
                let (x, imm) = bits(self.ops[at - 1], src)?;
                self.unemit_last();
                (x, imm, true)
            }
            op => {
                let (x, imm) = bits(op, top)?;
                (x, imm, false)
            }
        };
        self.unemit_last();
        self.pop();
        let b = self.pop();
        let a = self.pop();
        let (a, b) = if swap { (b, a) } else { (a, b) };
        let dst = self.temp(self.height());
        Some(Op::SelectAndImm {
            dst,
            a,
            b,
            cond: x,
            imm,
        })
    }

    /// The op just emitted and the top operand's temporary, if that op may
    /// have written it and nothing has read it since: the caller checks
    /// that the op's `dst` is that slot.
    fn fresh_top(&self) -> Option<(Op, Slot)> {
        let at = self.last_result.filter(|&at| at + 1 == self.ops.len())?;
        if !self.stack.last().is_some_and(|o| o.in_temp()) {
            return None;
        }
        Some((self.ops[at], self.temp(self.height() - 1)))
    }

    /// The top operand's value if the op just emitted wrote it as a
    /// constant and nothing has read it since.
    pub(super) fn fresh_constant(&self) -> Option<u64> {
        match self.fresh_top()? {
            (Op::Const32 { dst, value }, top) if dst == top => Some(u64::from(value)),
            (Op::Const64 { dst, value }, top) if dst == top => Some(value),
            _ => None,
        }
    }

    /// The op just emitted, if it computed the top operand and nothing has
    /// read it since.
    pub(super) fn fresh_result(&self) -> Option<Op> {
        match self.fresh_top()? {
            (op, top) if op.dst() == Some(top) => Some(op),
            _ => None,
        }
    }

    /// The op just emitted, if it computed the operand under the top one,
    /// the top one is a local read in place (no op since), and nothing has
    /// read the op's result since.
    pub(super) fn fresh_under_local(&self) -> Option<Op> {
        let at = self.last_result.filter(|&at| at + 1 == self.ops.len())?;
        let h = self.stack.len();
        match self.stack.get(h.checked_sub(2)?..)? {
            [a, Operand::Local(_)] if a.in_temp() => {}
            _ => return None,
        }
        let op = self.ops[at];
        (op.dst() == Some(self.temp(h as u32 - 2))).then_some(op)
    }

    /// The `i32.add` (or its immediate form) just emitted, if it computed
    /// the top operand and nothing has read it since.
    pub(super) fn fresh_address(&self) -> Option<Op> {
        match self.fresh_top()? {
            (add @ (Op::I32Add { dst, .. } | Op::I32AddImm { dst, .. }), top) if dst == top => {
                Some(add)
            }
            _ => None,
        }
    }

    /// `fused`, a load of the sum that the `i32.add` just emitted computes,
    /// with the `i32.shl` emitted right before that add folded in as well
    /// (`Op::with_index`: an array element's address), if the shift wrote
    /// a temporary, which only the add reads, and no branch jumps to the
    /// add. Then the add is taken back here and the shift by the caller's
    /// `emit_result_fused`.
    pub(super) fn with_scaled_index(&mut self, fused: Op) -> Op {
        let add_at = self.ops.len() - 1;
        let Some(shl) = add_at.checked_sub(1).map(|at| self.ops[at]) else {
            return fused;
        };
        let temp = matches!(shl, Op::I32ShlImm { dst, .. } if u32::from(dst) >= self.locals);
        match fused.with_index(shl) {
            Some(indexed) if temp && !self.is_label(add_at) => {
                self.unemit_last();
                indexed
            }
            _ => fused,
        }
    }
}

/// `op` with its operands swapped, if it is an integer sum or `xor` (for
/// floats the order decides which NaN comes out, so they keep theirs).
pub(super) fn commuted(op: Op) -> Option<Op> {
    match op {
        Op::I32Add { dst, a, b } => Some(Op::I32Add { dst, a: b, b: a }),
        Op::I64Add { dst, a, b } => Some(Op::I64Add { dst, a: b, b: a }),
        Op::I32Xor { dst, a, b } => Some(Op::I32Xor { dst, a: b, b: a }),
        _ => None,
    }
}

/// `op` (a binary op) with its right operand replaced by the constant
/// `value`, if it has an immediate form that holds `value`. `x - c` becomes
/// `x + (-c)`.
pub(super) fn with_constant(op: Op, value: u64) -> Option<Op> {
    match op {
        Op::I32Sub { dst, a, b } => Op::I32Add { dst, a, b }.with_imm(value.wrapping_neg()),
        Op::I64Sub { dst, a, b } => Op::I64Add { dst, a, b }.with_imm(value.wrapping_neg()),
        _ => op.with_imm(value),
    }
}

impl FuncTranslator<'_> {
    /// Pairs the `I32AddImm` just emitted (or retargeted) with the one
    /// before it into one `I32AddImm2`, if both add a constant to a slot in
    /// place and no branch enters the second (a loop stepping two counters
    /// or pointers: one dispatch instead of two; the two run in order, as
    /// before).
    pub(super) fn pair_increment(&mut self) {
        let at = self.ops.len().wrapping_sub(1);
        if at == 0 || at <= self.pool_at || self.is_label(at) {
            return;
        }
        if let (
            Op::I32AddImm {
                dst: dst0,
                a: a0,
                imm: imm0,
            },
            Op::I32AddImm {
                dst: dst1,
                a: a1,
                imm: imm1,
            },
        ) = (self.ops[at - 1], self.ops[at])
            && dst0 == a0
            && dst1 == a1
        {
            self.unemit_last();
            self.ops[at - 1] = Op::I32AddImm2 {
                dst0,
                imm0,
                dst1,
                imm1,
            };
        }
    }
}

impl FuncTranslator<'_> {
    /// Folds the immediate op just emitted into the immediate op before
    /// it, if that one computed its operand into a temporary (which only
    /// this op reads) and no branch enters between: `(x * 3) + 1` as one
    /// op (`Op::fuse_imm`).
    pub(super) fn fuse_immediates(&mut self) {
        let at = self.ops.len().wrapping_sub(1);
        if at == 0 || at <= self.pool_at || self.is_label(at) {
            return;
        }
        let inner = self.ops[at - 1];
        let temp = inner.dst().is_some_and(|d| u32::from(d) >= self.locals);
        if let Some(fused) = self.ops[at].fuse_imm(inner).filter(|_| temp) {
            self.unemit_last();
            self.ops[at - 1] = fused;
            self.last_result = Some(at - 1);
        }
    }

    /// `Call { func, args }` with the copy just emitted folded in, if that
    /// copy wrote one of its `params` argument slots (a local passed on)
    /// and no branch lands on the call: one dispatch instead of two.
    pub(super) fn call_with_copy(&mut self, func: u32, args: Slot, params: u32) -> Op {
        let call = Op::Call { func, args };
        let Some(at) = self.ops.len().checked_sub(1) else {
            return call;
        };
        if at <= self.pool_at || self.is_label(at + 1) {
            return call;
        }
        match self.ops[at] {
            Op::Copy { dst, src }
                if (u32::from(args)..u32::from(args) + params).contains(&u32::from(dst)) =>
            {
                self.unemit_last();
                Op::CopyCall {
                    func,
                    args,
                    to: dst,
                    from: src,
                }
            }
            _ => call,
        }
    }
}
