//! Jump threading: a `Br` to a short run of ops that ends in a jump or a
//! return is replaced by a copy of that run.
//!
//! The end of a `switch` case and the latch of a loop are such `Br`s (in an
//! interpreter's dispatch loop, two of the eight or so ops each of its
//! instructions takes): the copy runs the same ops without dispatching the
//! `Br`. A copy is the original ops, their branch targets unchanged (they
//! jump where the originals do) and their wasm offsets kept (a trap in a
//! copy reports the original instruction). Execution only enters a copy
//! where it entered the `Br`, so a copy's ops follow each other as the
//! originals do, and the accumulator forms are marked afterwards on the
//! threaded code as on any other.
//!
//! Not threaded: a `Br` that is an entry of a `BrTable` (the table reads
//! its entries as `Br`s), a run that holds a call or any op with a
//! position of its own (the ones `copyable` leaves out), and any function
//! with exception handlers (their ranges are op positions). With fuel, a
//! run whose copy would branch back to an op that is not a fuel charge is
//! not copied either: every backward branch lands on a charge, which is
//! what the image check requires of a loop (the copy would charge as the
//! original does, but the rule stays one simple check). Each copy is
//! at most [`MAX_RUN_WORDS`] words, and a function grows by at most half
//! its size plus [`MAX_RUN_WORDS`].

use super::func::FuncTranslator;
use crate::ir::{Op, OpCode, Pos};
use alloc::vec::Vec;

/// The longest run a `Br` is replaced by, in code words: a few ops.
const MAX_RUN_WORDS: usize = 32;

/// The largest `BrTable` (its entries) a copied run may end in, in code
/// words: a dispatch loop's `switch` of up to 64 cases.
const MAX_TABLE_WORDS: usize = 65 * 3;

/// Whether `op` may be part of a copied run: the numeric, memory and
/// compare-and-branch families, and the few `control` ops that neither
/// call nor stop at a position (a fuel charge stops, but resumes at its
/// own op wherever that is).
fn copyable(op: &Op) -> bool {
    let (family, _) = op.code().semantics();
    family != "control"
        || matches!(
            op.code(),
            OpCode::Copy
                | OpCode::Copy2
                | OpCode::Const32
                | OpCode::Const64
                | OpCode::BrIfNez
                | OpCode::BrIfEqz
                | OpCode::I32AddImmBrIfNez
                | OpCode::I32AddImm2
                | OpCode::ConsumeFuel
                | OpCode::GlobalGet
                | OpCode::GlobalSet
        )
}

impl FuncTranslator<'_> {
    /// Threads the function's `Br`s (module docs). Op positions change:
    /// runs before encoding, after the last fuel charge is closed. What
    /// it allocates beyond the new op list is one entry per threaded `Br`
    /// (boards translate on the device, where RAM is short).
    pub(super) fn thread_jumps(&mut self) {
        if self.thread_pass(false) {
            self.thread_pass(true);
        }
    }

    /// One threading pass over the function; with `tables_only`, only
    /// the runs that end in a `BrTable` are copied. Returns whether a
    /// copy ends in a `Br` to such a run (a `switch` case whose latch was
    /// copied into it, the latch jumping to the dispatch): a second pass
    /// then copies the dispatch into the case as well.
    fn thread_pass(&mut self, tables_only: bool) -> bool {
        if !self.pending.is_empty() {
            return false;
        }
        let words: usize = self.ops.iter().map(|op| op.code().len()).sum();
        let mut budget = words / 2 + MAX_RUN_WORDS;
        // Each threaded `Br`: its position, its run, and how many ops
        // the copies up to and including it add.
        let mut threads: Vec<(u32, u32, u32, u32)> = Vec::new();
        let mut added = 0u32;
        let mut entries = 0usize;
        let mut again = false;
        for (i, op) in self.ops.iter().enumerate() {
            if entries > 0 {
                // An entry of the `BrTable` before: stays a `Br`.
                entries -= 1;
                continue;
            }
            match *op {
                Op::BrTable { len, .. } => entries = len as usize + 1,
                Op::Br { target } => {
                    if let Some((end, run_words, table)) = self.run_from(target as usize, i)
                        && run_words <= budget
                        && (table || !tables_only)
                    {
                        budget -= run_words;
                        added += (end - target as usize) as u32;
                        threads.push((i as u32, target, end as u32, added));
                        if let Op::Br { target: next } = self.ops[end]
                            && !table
                        {
                            again |= self
                                .run_end(next as usize, end)
                                .is_some_and(|(_, _, table)| table);
                        }
                    }
                }
                _ => {}
            }
        }
        if threads.is_empty() {
            return false;
        }
        let n = self.ops.len();
        let new_len = n + added as usize;
        // Where old op `at` (or the end) is in the threaded list.
        let moved = |at: usize| -> Pos {
            let before = threads.partition_point(|t| (t.0 as usize) < at);
            let shift = before.checked_sub(1).map_or(0, |k| threads[k].3);
            (at.min(n) + shift as usize) as Pos
        };
        let mut ops = core::mem::take(&mut self.spare_ops);
        let mut offsets = core::mem::take(&mut self.spare_offsets);
        ops.clear();
        offsets.clear();
        ops.reserve(new_len);
        offsets.reserve(new_len);
        let mut next = 0;
        for &(br, from, to, _) in &threads {
            let (br, from, to) = (br as usize, from as usize, to as usize);
            ops.extend_from_slice(&self.ops[next..br]);
            offsets.extend_from_slice(&self.op_offsets[next..br]);
            ops.extend_from_slice(&self.ops[from..=to]);
            offsets.extend_from_slice(&self.op_offsets[from..=to]);
            next = br + 1;
        }
        ops.extend_from_slice(&self.ops[next..]);
        offsets.extend_from_slice(&self.op_offsets[next..]);
        for op in &mut ops {
            if let Some(target) = op.target_mut() {
                *target = moved(*target as usize);
            }
        }
        self.spare_ops = core::mem::replace(&mut self.ops, ops);
        self.spare_offsets = core::mem::replace(&mut self.op_offsets, offsets);
        again
    }

    /// The run a `Br` at `br` to `start` may be replaced by: the position
    /// of its last op (a `Br`, a return, or a `BrTable`'s last entry), its
    /// size in words and whether it ends in a `BrTable`; none if it is too
    /// long, holds an op that is not [`copyable`], or holds `br` itself.
    fn run_from(&self, start: usize, br: usize) -> Option<(usize, usize, bool)> {
        let (end, words, table) = self.run_end(start, br)?;
        let charges = |t: usize| matches!(self.ops.get(t), Some(Op::ConsumeFuel { .. }));
        let backward_without_charge = self.ops[start..=end].iter().any(|op| {
            let mut op = *op;
            op.target_mut()
                .is_some_and(|t| (*t as usize) <= br && !charges(*t as usize))
        });
        (!(self.fuel && backward_without_charge)).then_some((end, words, table))
    }

    /// The end of the run from `start` and its words, before the fuel rule.
    fn run_end(&self, start: usize, br: usize) -> Option<(usize, usize, bool)> {
        let mut words = 0;
        let mut j = start;
        loop {
            let op = self.ops.get(j)?;
            if j == br {
                return None;
            }
            words += op.code().len();
            match *op {
                Op::Br { .. } | Op::Return { .. } | Op::ReturnValue { .. } | Op::ReturnVoid {} => {
                    return (words <= MAX_RUN_WORDS).then_some((j, words, false));
                }
                Op::BrTable { len, .. } => {
                    let last = j + 1 + len as usize;
                    let table = (len as usize + 1) * OpCode::Br.len();
                    let inside = last < self.ops.len() && !(j..=last).contains(&br);
                    let fits = words <= MAX_RUN_WORDS && table <= MAX_TABLE_WORDS;
                    return (inside && fits).then_some((last, words + table, true));
                }
                _ if copyable(op) && words <= MAX_RUN_WORDS => j += 1,
                _ => return None,
            }
        }
    }
}
