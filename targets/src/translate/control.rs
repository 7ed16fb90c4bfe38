//! Control flow: blocks, loops, `if`, branches, `br_table`, `return`
//! and `unreachable` (each wasm block a Cranelift block whose parameters
//! are its results; a loop's header takes its parameters).

use cranelift_codegen::ir::{self, Block, BlockCall, InstBuilder, JumpTableData};
use mote::TrapCode;
use wasmparser::{BlockType, Operator};

use super::{FrameKind, Translator, block_args, ir_type, no_simd};
use crate::Error;

impl Translator<'_, '_> {
    pub(super) fn block_type(
        &self,
        bt: BlockType,
    ) -> Result<(Vec<ir::Type>, Vec<ir::Type>), Error> {
        Ok(match bt {
            BlockType::Empty => (Vec::new(), Vec::new()),
            BlockType::Type(wasmparser::ValType::V128) if !self.simd => return Err(no_simd()),
            BlockType::Type(t) => (Vec::new(), vec![ir_type(t)?]),
            BlockType::FuncType(i) => {
                let ft = &self.env.types[i as usize];
                let p = ft
                    .params()
                    .iter()
                    .map(|t| ir_type(*t))
                    .collect::<Result<_, _>>()?;
                let r = ft
                    .results()
                    .iter()
                    .map(|t| ir_type(*t))
                    .collect::<Result<_, _>>()?;
                (p, r)
            }
        })
    }

    pub(super) fn new_block(&mut self, tys: &[ir::Type]) -> Block {
        let b = self.builder.create_block();
        for t in tys {
            self.builder.append_block_param(b, *t);
        }
        b
    }

    /// The block a branch to relative depth `depth` jumps to, and how many
    /// values it takes.
    pub(super) fn branch_target(&self, depth: u32) -> (Block, usize) {
        let f = &self.frames[self.frames.len() - 1 - depth as usize];
        match f.kind {
            FrameKind::Loop => (f.header.expect("a loop has a header"), f.params.len()),
            _ => (f.next, f.results.len()),
        }
    }

    pub(super) fn control(&mut self, op: &Operator<'_>) -> Result<bool, Error> {
        // In unreachable code only the nesting matters.
        if !self.reachable {
            match op {
                Operator::Block { .. }
                | Operator::Loop { .. }
                | Operator::If { .. }
                | Operator::TryTable { .. }
                | Operator::Try { .. } => {
                    self.dead_depth += 1;
                    return Ok(true);
                }
                Operator::Else | Operator::Catch { .. } | Operator::CatchAll
                    if self.dead_depth == 0 => {}
                Operator::End | Operator::Delegate { .. } if self.dead_depth == 0 => {}
                // `delegate` ends a `try`.
                Operator::End | Operator::Delegate { .. } => {
                    self.dead_depth -= 1;
                    return Ok(true);
                }
                _ => return Ok(true),
            }
        }
        match *op {
            Operator::Nop => {}
            Operator::Unreachable => {
                let b = self.trap_block(TrapCode::Unreachable);
                self.builder.ins().jump(b, &[]);
                self.reachable = false;
            }
            Operator::Block { blockty } => {
                let (params, results) = self.block_type(blockty)?;
                let next = self.new_block(&results);
                self.open(FrameKind::Block, next, None, params, results);
            }
            Operator::Loop { blockty } => {
                let (params, results) = self.block_type(blockty)?;
                let header = self.new_block(&params);
                let next = self.new_block(&results);
                let args = self.pop_n(params.len());
                self.builder.ins().jump(header, &block_args(&args));
                self.builder.switch_to_block(header);
                let hp = self.builder.block_params(header).to_vec();
                self.stack.extend(hp);
                self.open(FrameKind::Loop, next, Some(header), params, results);
                self.fuel_point();
            }
            Operator::If { blockty } => {
                let (params, results) = self.block_type(blockty)?;
                let cond = self.pop();
                let then = self.new_block(&params);
                let else_block = self.new_block(&params);
                let next = self.new_block(&results);
                let args = block_args(self.peek_n(params.len()));
                self.builder
                    .ins()
                    .brif(cond, then, &args, else_block, &args);
                self.pop_n(params.len());
                self.builder.switch_to_block(then);
                let tp = self.builder.block_params(then).to_vec();
                self.stack.extend(tp);
                let kind = FrameKind::If {
                    else_block,
                    has_else: false,
                };
                self.open(kind, next, None, params, results);
            }
            Operator::Else => {
                let frame = self.frames.last_mut().expect("validated: else in an if");
                let FrameKind::If { else_block, .. } = frame.kind else {
                    unreachable!("validated: else in an if")
                };
                frame.kind = FrameKind::If {
                    else_block,
                    has_else: true,
                };
                let (next, n, height) = (frame.next, frame.results.len(), frame.height);
                if self.reachable {
                    let args = self.pop_n(n);
                    self.builder.ins().jump(next, &block_args(&args));
                }
                self.stack.truncate(height);
                self.builder.switch_to_block(else_block);
                let ep = self.builder.block_params(else_block).to_vec();
                self.stack.extend(ep);
                self.reachable = self.frames.last().is_some_and(|f| f.entered_reachable);
            }
            Operator::End => {
                let frame = self.frames.pop().expect("validated: end of a frame");
                if self.reachable {
                    let args = self.pop_n(frame.results.len());
                    self.builder.ins().jump(frame.next, &block_args(&args));
                }
                self.stack.truncate(frame.height);
                if let Some(st) = &frame.exn {
                    self.end_try(st);
                }
                if let FrameKind::If {
                    else_block,
                    has_else: false,
                } = frame.kind
                {
                    // No else: the else branch passes the parameters on.
                    self.builder.switch_to_block(else_block);
                    let ep = self.builder.block_params(else_block).to_vec();
                    self.builder.ins().jump(frame.next, &block_args(&ep));
                }
                self.builder.switch_to_block(frame.next);
                let np = self.builder.block_params(frame.next).to_vec();
                if frame.kind == FrameKind::Function {
                    self.return_values(&np);
                    self.reachable = false;
                } else {
                    self.stack.extend(np);
                    self.reachable = true;
                }
            }
            Operator::Br { relative_depth } => {
                let (b, n) = self.branch_target(relative_depth);
                let args = block_args(self.peek_n(n));
                self.builder.ins().jump(b, &args);
                self.reachable = false;
            }
            Operator::BrIf { relative_depth } => {
                let cond = self.pop();
                let (b, n) = self.branch_target(relative_depth);
                let args = block_args(self.peek_n(n));
                let cont = self.builder.create_block();
                self.builder.ins().brif(cond, b, &args, cont, &[]);
                self.builder.switch_to_block(cont);
            }
            Operator::BrTable { ref targets } => {
                let index = self.pop();
                let (def, n) = self.branch_target(targets.default());
                let args = block_args(self.peek_n(n));
                let pool = &mut self.builder.func.dfg.value_lists;
                let def_call = BlockCall::new(def, args.iter().copied(), pool);
                let mut calls = Vec::new();
                for t in targets.targets() {
                    let (b, _) = self.branch_target(t?);
                    let pool = &mut self.builder.func.dfg.value_lists;
                    calls.push(BlockCall::new(b, args.iter().copied(), pool));
                }
                let jt = self
                    .builder
                    .create_jump_table(JumpTableData::new(def_call, &calls));
                self.builder.ins().br_table(index, jt);
                self.reachable = false;
            }
            Operator::Return => {
                let (b, n) = (self.frames[0].next, self.frames[0].results.len());
                let args = block_args(self.peek_n(n));
                self.builder.ins().jump(b, &args);
                self.reachable = false;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
