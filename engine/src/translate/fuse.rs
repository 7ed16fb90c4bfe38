//! Fusing an integer comparison into the `br_if` or `if` that consumes it,
//! and a constant into the binary op that consumes it.

use super::func::FuncTranslator;
use super::stack::Operand;
use crate::ops::{Op, Pc, Slot, imm_value};

type MakeBr = fn(Slot, Slot, Pc) -> Op;

/// The condition of a conditional branch.
#[derive(Clone, Copy)]
pub(super) enum Cond {
    /// An i32 in a slot: branch if it is not zero.
    Slot(Slot),
    /// `i32.eqz` of a slot: branch if the slot is zero.
    Eqz(Slot),
    /// A comparison of two slots, with the branch op for it and for its
    /// negation; with `imm`, of a slot and that constant instead of `b`.
    Cmp {
        a: Slot,
        b: Slot,
        imm: Option<u32>,
        holds: MakeBr,
        fails: MakeBr,
    },
}

impl Cond {
    /// The op jumping to `target` when the condition is `when`.
    pub(super) fn jump(self, when: bool, target: Pc) -> Op {
        match (self, when) {
            (Cond::Slot(cond), true) | (Cond::Eqz(cond), false) => Op::BrIfNez { cond, target },
            (Cond::Slot(cond), false) | (Cond::Eqz(cond), true) => Op::BrIfEqz { cond, target },
            (
                Cond::Cmp {
                    a, b, imm, holds, ..
                },
                true,
            ) => with_branch_imm(holds(a, b, target), imm),
            (
                Cond::Cmp {
                    a, b, imm, fails, ..
                },
                false,
            ) => with_branch_imm(fails(a, b, target), imm),
        }
    }
}

/// Every compare-and-branch op has an immediate form taking any 32-bit
/// pattern (`ops.rs`, `branch_cmp_imm`), so `with_imm` always succeeds here.
fn with_branch_imm(op: Op, imm: Option<u32>) -> Op {
    match imm {
        None => op,
        Some(imm) => {
            let fused = op.with_imm(imm_value(imm));
            debug_assert!(fused.is_some(), "{op:?} has no immediate form");
            fused.unwrap_or(op)
        }
    }
}

macro_rules! cmp {
    ($a:expr, $b:expr, $holds:ident, $fails:ident) => {
        Cond::Cmp {
            a: $a,
            b: $b,
            imm: None,
            holds: |a, b, target| Op::$holds { a, b, target },
            fails: |a, b, target| Op::$fails { a, b, target },
        }
    };
}

/// The fused condition for a comparison op writing `cond`, if it is one.
fn fusable(op: Op, cond: Slot) -> Option<Cond> {
    Some(match op {
        Op::I32Eqz { dst, src } if dst == cond => Cond::Eqz(src),
        Op::I32Eq { dst, a, b } if dst == cond => cmp!(a, b, BrIfI32Eq, BrIfI32Ne),
        Op::I32Ne { dst, a, b } if dst == cond => cmp!(a, b, BrIfI32Ne, BrIfI32Eq),
        Op::I32LtS { dst, a, b } if dst == cond => cmp!(a, b, BrIfI32LtS, BrIfI32GeS),
        Op::I32LtU { dst, a, b } if dst == cond => cmp!(a, b, BrIfI32LtU, BrIfI32GeU),
        Op::I32GtS { dst, a, b } if dst == cond => cmp!(a, b, BrIfI32GtS, BrIfI32LeS),
        Op::I32GtU { dst, a, b } if dst == cond => cmp!(a, b, BrIfI32GtU, BrIfI32LeU),
        Op::I32LeS { dst, a, b } if dst == cond => cmp!(a, b, BrIfI32LeS, BrIfI32GtS),
        Op::I32LeU { dst, a, b } if dst == cond => cmp!(a, b, BrIfI32LeU, BrIfI32GtU),
        Op::I32GeS { dst, a, b } if dst == cond => cmp!(a, b, BrIfI32GeS, BrIfI32LtS),
        Op::I32GeU { dst, a, b } if dst == cond => cmp!(a, b, BrIfI32GeU, BrIfI32LtU),
        Op::I64Eq { dst, a, b } if dst == cond => cmp!(a, b, BrIfI64Eq, BrIfI64Ne),
        Op::I64Ne { dst, a, b } if dst == cond => cmp!(a, b, BrIfI64Ne, BrIfI64Eq),
        Op::I64LtS { dst, a, b } if dst == cond => cmp!(a, b, BrIfI64LtS, BrIfI64GeS),
        Op::I64LtU { dst, a, b } if dst == cond => cmp!(a, b, BrIfI64LtU, BrIfI64GeU),
        Op::I64GtS { dst, a, b } if dst == cond => cmp!(a, b, BrIfI64GtS, BrIfI64LeS),
        Op::I64GtU { dst, a, b } if dst == cond => cmp!(a, b, BrIfI64GtU, BrIfI64LeU),
        Op::I64LeS { dst, a, b } if dst == cond => cmp!(a, b, BrIfI64LeS, BrIfI64GtS),
        Op::I64LeU { dst, a, b } if dst == cond => cmp!(a, b, BrIfI64LeU, BrIfI64GtU),
        Op::I64GeS { dst, a, b } if dst == cond => cmp!(a, b, BrIfI64GeS, BrIfI64LtS),
        Op::I64GeU { dst, a, b } if dst == cond => cmp!(a, b, BrIfI64GeU, BrIfI64LtU),
        _ => return None,
    })
}

impl FuncTranslator<'_> {
    /// Pops a branch condition. If the op just emitted computed it and
    /// nothing else reads it, that op is taken back so the branch compares
    /// by itself.
    pub(super) fn pop_condition(&mut self) -> Cond {
        let fresh = self.last_result.filter(|&at| at + 1 == self.code.len());
        let cond = self.pop();
        let Some(at) = fresh else {
            return Cond::Slot(cond);
        };
        let (op, imm) = match self.code[at].split_imm() {
            Some((op, imm)) => (op, Some(imm)),
            None => (self.code[at], None),
        };
        match fusable(op, cond) {
            Some(Cond::Cmp {
                a, b, holds, fails, ..
            }) => {
                self.unemit_last();
                Cond::Cmp {
                    a,
                    b,
                    imm,
                    holds,
                    fails,
                }
            }
            Some(fused) => {
                self.unemit_last();
                fused
            }
            None => Cond::Slot(cond),
        }
    }

    /// The op just emitted and the top operand's temporary, if that op may
    /// have written it and nothing has read it since: the caller checks
    /// that the op's `dst` is that slot.
    fn fresh_top(&self) -> Option<(Op, Slot)> {
        let at = self.last_result.filter(|&at| at + 1 == self.code.len())?;
        if self.stack.last() != Some(&Operand::Temp) {
            return None;
        }
        Some((self.code[at], self.temp(self.height() - 1)))
    }

    /// The top operand's value if the op just emitted wrote it as a
    /// constant and nothing has read it since.
    pub(super) fn fresh_constant(&self) -> Option<u64> {
        match self.fresh_top()? {
            (Op::Const32 { dst, value }, top) if dst == top => Some(value as u64),
            (Op::Const64 { dst, value }, top) if dst == top => Some(value),
            _ => None,
        }
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
