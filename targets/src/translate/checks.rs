//! Bounds checks made redundant by a dominating one, dropped after the
//! function is built.
//!
//! A check of a 32-bit memory's access asserts `addr + reach <= length`
//! (`memory::Translator::address`: the compare is against the length, or
//! against the length minus the access size, `below`, for memory 0). A
//! memory's length never decreases, so once a check has passed, every
//! later check of the same memory and the same address value (the same SSA
//! value: the same number) reaching no further passes too. Within
//! straight-line code the translator already reuses a check
//! (`memory::Checked`); this pass finds the pairs it cannot see, where the
//! first check dominates the second across blocks, loops and calls (a
//! structure field read on every iteration of a loop through a pointer
//! the loop does not change), and turns the second check's branch to the
//! trap into a jump past it. No trap is lost or moved: the second check
//! could not fail.

use cranelift_codegen::dominator_tree::DominatorTree;
use cranelift_codegen::flowgraph::ControlFlowGraph;
use cranelift_codegen::ir::{self, InstructionData, Opcode, Value};

/// One check as the translator emitted it.
pub(super) struct Check {
    pub mem: u32,
    /// The wasm address (an `i32`).
    pub addr: Value,
    /// The `iconst` added to the address (widening may change it later).
    pub konst: ir::Inst,
    /// How far the constant is below the reach: the compare is against
    /// the length minus this.
    pub below: u64,
    /// The `brif` to the out-of-bounds trap, its `else` past the check.
    pub branch: ir::Inst,
}

/// Replaces the branch of every check in `checks` dominated by another of
/// the same memory and address reaching at least as far by a jump past it.
pub(super) fn drop_dominated(func: &mut ir::Function, checks: &[Check]) {
    if checks.len() < 2 {
        return;
    }
    // (memory, address, reach, branch) sorted by memory and address, then
    // by reach, furthest first.
    let mut list: Vec<(u32, Value, u64, ir::Inst)> = checks
        .iter()
        .filter_map(|c| {
            let konst = match func.dfg.insts[c.konst] {
                InstructionData::UnaryImm {
                    opcode: Opcode::Iconst,
                    imm,
                } => u64::try_from(imm.bits()).ok()?,
                _ => return None,
            };
            // `dominates` asks the layout for the branch's block.
            func.layout.inst_block(c.branch)?;
            let addr = func.dfg.resolve_aliases(c.addr);
            Some((c.mem, addr, konst.checked_add(c.below)?, c.branch))
        })
        .collect();
    list.sort_by(|a, b| (a.0, a.1, b.2).cmp(&(b.0, b.1, a.2)));
    let cfg = ControlFlowGraph::with_function(func);
    let domtree = DominatorTree::with_function(func, &cfg);
    // Within a group of one memory and address, furthest reach first, a
    // check is dropped if one of the kept checks before it (reaching at
    // least as far) dominates it; a dropped one need not be asked, as the
    // kept check that dominates it dominates all it does. At most
    // `ASKED` kept checks are asked per check, so a function with many
    // accesses of one address (one frame pointer) stays linear: a check
    // that no asked one dominates is kept, which is always safe.
    const ASKED: usize = 64;
    let mut dropped = Vec::new();
    let mut kept: Vec<ir::Inst> = Vec::new();
    for (i, &(mem, addr, _, branch)) in list.iter().enumerate() {
        if i == 0 || (list[i - 1].0, list[i - 1].1) != (mem, addr) {
            kept.clear();
        }
        let layout = &func.layout;
        if kept
            .iter()
            .take(ASKED)
            .any(|&k| domtree.dominates(k, branch, layout))
        {
            dropped.push(branch);
        } else {
            kept.push(branch);
        }
    }
    for branch in dropped {
        if let InstructionData::Brif { blocks, .. } = func.dfg.insts[branch] {
            func.dfg.insts[branch] = InstructionData::Jump {
                opcode: Opcode::Jump,
                destination: blocks[1],
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cranelift_codegen::ir::condcodes::IntCC;
    use cranelift_codegen::ir::{AbiParam, InstBuilder, Signature, types};
    use cranelift_codegen::isa::{CallConv, TargetFrontendConfig};
    use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
    use target_lexicon::PointerWidth;

    /// Checks of one address: 4 bytes in the entry block; then, in the
    /// block after it, 2 bytes (dominated: dropped), 8 bytes (further:
    /// kept); in one arm of a branch, 4 bytes of another address (kept)
    /// and, in the other arm, 8 bytes of the first (dominated by the
    /// 8-byte check before the branch: dropped); and a check of another
    /// memory (kept).
    #[test]
    fn only_checks_a_dominating_one_covers_are_dropped() {
        let mut func = ir::Function::new();
        func.signature = Signature::new(CallConv::SystemV);
        for _ in 0..3 {
            func.signature.params.push(AbiParam::new(types::I32));
        }
        func.signature.returns.push(AbiParam::new(types::I32));
        let mut fctx = FunctionBuilderContext::new();
        let mut b = FunctionBuilder::new(&mut func, &mut fctx);
        let mut checks = Vec::new();
        let entry = b.create_block();
        let trap = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let p = b.block_params(entry).to_vec();
        let (addr, other, cond) = (p[0], p[1], p[2]);
        let limit = b.ins().iconst(types::I64, 65536);
        let mut check = |b: &mut FunctionBuilder, mem, addr, reach: i64| {
            let wide = b.ins().uextend(types::I64, addr);
            let konst = b.ins().iconst(types::I64, reach);
            let at = b.ins().iadd(wide, konst);
            let out = b.ins().icmp(IntCC::UnsignedGreaterThan, at, limit);
            let cont = b.create_block();
            let branch = b.ins().brif(out, trap, &[], cont, &[]);
            b.switch_to_block(cont);
            let konst = b.func.dfg.value_def(konst).inst().expect("an iconst");
            checks.push(Check {
                mem,
                addr,
                konst,
                below: 0,
                branch,
            });
        };
        check(&mut b, 0, addr, 4);
        check(&mut b, 0, addr, 2);
        check(&mut b, 0, addr, 8);
        let (left, right, join) = (b.create_block(), b.create_block(), b.create_block());
        b.ins().brif(cond, left, &[], right, &[]);
        b.switch_to_block(left);
        check(&mut b, 0, other, 4);
        b.ins().jump(join, &[]);
        b.switch_to_block(right);
        check(&mut b, 0, addr, 8);
        check(&mut b, 1, addr, 1);
        b.ins().jump(join, &[]);
        b.switch_to_block(join);
        let zero = b.ins().iconst(types::I32, 0);
        b.ins().return_(&[zero]);
        b.switch_to_block(trap);
        let one = b.ins().iconst(types::I32, 1);
        b.ins().return_(&[one]);
        b.seal_all_blocks();
        b.finalize(TargetFrontendConfig {
            default_call_conv: CallConv::SystemV,
            pointer_width: PointerWidth::U64,
            page_size_align_log2: 12,
        });
        drop_dominated(&mut func, &checks);
        let kept: Vec<bool> = checks
            .iter()
            .map(|c| func.dfg.insts[c.branch].opcode() == Opcode::Brif)
            .collect();
        assert_eq!(kept, [true, false, true, true, false, true]);
    }
}
