//! Exception handling: `throw`, `throw_ref`, `try_table`, and the legacy
//! `try`/`catch`/`catch_all`/`delegate`/`rethrow`.
//!
//! An exception is one more return code, [`EXN_PENDING`], the exception
//! itself waiting in the instance's runtime (the `exn` helper makes,
//! matches and takes it: [`ExnOp`]). No unwinding: a call's nonzero code
//! already branches out of the normal path (one compare and branch,
//! `propagate_trap`); inside a `try_table` or a `try` it branches to the
//! region's *handler* instead of the block that returns it. The handler
//! passes a trap code on to the next handler out (the function's return
//! in the end); for [`EXN_PENDING`] it tries the catch clauses in order
//! (each a helper call that compares the tags and, on a match, writes the
//! payload to the call slot and takes the exception) and branches to the
//! matching clause's label with the payload (and the reference, for the
//! `_ref` forms); if none matches, the code goes on to the next handler.
//! `throw` and `throw_ref` are a helper call and a jump to the innermost
//! handler. A tail call leaves the regions it is in (`calls.rs`: its
//! callee's code goes straight to the caller).

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{self, BlockArg, InstBuilder, Value, types};
use cranelift_frontend::Variable;
use wasmparser::{Catch, Operator};

use super::{FrameKind, Translator, block_args, flags, ir_type};
use crate::Error;
use crate::vmctx::{EXN_PENDING, ExnOp, SLOT, offset};

/// A `try_table`'s or legacy `try`'s handler.
pub(super) struct TryState {
    /// The handler: its parameter a nonzero code from the region.
    handler: ir::Block,
    /// Where a code the region does not catch goes: the next handler out,
    /// or the block returning it.
    outer: ir::Block,
    /// A `try`'s dispatch so far: the block where the next catch clause
    /// is tried (an exception pending); `None` after a `catch_all`.
    dispatch: Option<ir::Block>,
    /// A `try`'s caught exception in its catch clauses (for `rethrow`).
    exnref: Option<Variable>,
    /// How many handlers cover the code around the region.
    outer_len: usize,
}

impl<'a, 'f> Translator<'a, 'f> {
    pub(super) fn exn(&mut self, op: &Operator<'_>) -> Result<bool, Error> {
        match op {
            Operator::Throw { tag_index } => {
                let n = self.tag_params(*tag_index)?.len();
                let vals = self.spill_args(n);
                let code = self.exn_op(ExnOp::Throw, *tag_index, vals);
                self.throw_code(code);
            }
            Operator::ThrowRef => {
                let r = self.pop();
                let code = self.exn_op(ExnOp::ThrowRef, 0, r);
                self.throw_code(code);
            }
            Operator::TryTable { try_table } => {
                let (params, results) = self.block_type(try_table.ty)?;
                // The catch clauses' labels are outside the try_table.
                let targets: Vec<(ir::Block, usize)> = try_table
                    .catches
                    .iter()
                    .map(|c| match *c {
                        Catch::One { label, .. }
                        | Catch::OneRef { label, .. }
                        | Catch::All { label }
                        | Catch::AllRef { label } => self.branch_target(label),
                    })
                    .collect();
                let (state, dispatch, body) = self.enter_region();
                self.builder.switch_to_block(dispatch);
                let mut open = true;
                for (c, (target, _)) in try_table.catches.iter().zip(targets) {
                    let (tag, with_ref) = match *c {
                        Catch::One { tag, .. } => (Some(tag), false),
                        Catch::OneRef { tag, .. } => (Some(tag), true),
                        Catch::All { .. } => (None, false),
                        Catch::AllRef { .. } => (None, true),
                    };
                    let (mut args, r, next) = self.catch_clause(tag)?;
                    if with_ref {
                        args.push(r);
                    }
                    self.builder.ins().jump(target, &block_args(&args));
                    let Some(next) = next else {
                        open = false;
                        break;
                    };
                    self.builder.switch_to_block(next);
                }
                if open {
                    let code = self.builder.ins().iconst(types::I32, EXN_PENDING as i64);
                    self.builder
                        .ins()
                        .jump(state.outer, &[BlockArg::Value(code)]);
                }
                self.begin_body(FrameKind::TryTable, state, body, params, results);
            }
            Operator::Try { blockty } => {
                let (params, results) = self.block_type(*blockty)?;
                let (mut state, dispatch, body) = self.enter_region();
                state.dispatch = Some(dispatch);
                self.begin_body(FrameKind::Try, state, body, params, results);
            }
            Operator::Catch { tag_index } => self.legacy_catch(Some(*tag_index))?,
            Operator::CatchAll => self.legacy_catch(None)?,
            Operator::Delegate { relative_depth } => {
                let frame = self.frames.pop().expect("validated: delegate ends a try");
                if self.reachable {
                    let args = self.pop_n(frame.results.len());
                    self.builder.ins().jump(frame.next, &block_args(&args));
                }
                self.stack.truncate(frame.height);
                let st = frame.exn.expect("validated: a try");
                self.handlers.truncate(st.outer_len);
                // As if thrown by the code directly inside label
                // `relative_depth` (counted outside the try).
                let at = self.frames[self.frames.len() - 1 - *relative_depth as usize].handlers;
                let target = match at {
                    0 => self.propagate_block(),
                    k => self.handlers[k - 1],
                };
                if let Some(d) = st.dispatch {
                    self.builder.switch_to_block(d);
                    let code = self.builder.ins().iconst(types::I32, EXN_PENDING as i64);
                    self.builder.ins().jump(target, &[BlockArg::Value(code)]);
                }
                self.builder.switch_to_block(frame.next);
                let np = self.builder.block_params(frame.next).to_vec();
                self.stack.extend(np);
                self.reachable = true;
            }
            Operator::Rethrow { relative_depth } => {
                let f = &self.frames[self.frames.len() - 1 - *relative_depth as usize];
                let var = f
                    .exn
                    .as_ref()
                    .and_then(|s| s.exnref)
                    .expect("validated: rethrow names a catch");
                let r = self.builder.use_var(var);
                let code = self.exn_op(ExnOp::ThrowRef, 0, r);
                self.throw_code(code);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// At the `end` of a `try_table` or `try`: a `try`'s clauses that
    /// matched nothing pass the exception on; the handlers around the
    /// region are those of the code after it.
    pub(super) fn end_try(&mut self, st: &TryState) {
        self.handlers.truncate(st.outer_len);
        if let Some(d) = st.dispatch {
            self.builder.switch_to_block(d);
            let code = self.builder.ins().iconst(types::I32, EXN_PENDING as i64);
            self.builder.ins().jump(st.outer, &[BlockArg::Value(code)]);
        }
    }

    /// Makes a region's handler, which passes a trap code on and sends an
    /// exception to the returned dispatch block (not yet filled); the
    /// current block jumps to the region's body, returned last.
    fn enter_region(&mut self) -> (TryState, ir::Block, ir::Block) {
        let outer = self.handler_block();
        let handler = self.new_block(&[types::I32]);
        self.builder.set_cold_block(handler);
        let dispatch = self.builder.create_block();
        self.builder.set_cold_block(dispatch);
        let body = self.builder.create_block();
        self.builder.ins().jump(body, &[]);
        self.builder.switch_to_block(handler);
        let code = self.builder.block_params(handler)[0];
        let is_exn = self
            .builder
            .ins()
            .icmp_imm_u(IntCC::Equal, code, EXN_PENDING as i64);
        self.builder
            .ins()
            .brif(is_exn, dispatch, &[], outer, &[BlockArg::Value(code)]);
        let state = TryState {
            handler,
            outer,
            dispatch: None,
            exnref: None,
            outer_len: self.handlers.len(),
        };
        (state, dispatch, body)
    }

    /// Opens the region's frame and goes on in its body, covered by its
    /// handler.
    fn begin_body(
        &mut self,
        kind: FrameKind,
        state: TryState,
        body: ir::Block,
        params: Vec<ir::Type>,
        results: Vec<ir::Type>,
    ) {
        self.builder.switch_to_block(body);
        self.handlers.push(state.handler);
        let next = self.new_block(&results);
        self.open(kind, next, None, params, results);
        self.frames.last_mut().expect("just opened").exn = Some(state);
    }

    /// Tries one catch clause in the current (dispatch) block: tag `tag`,
    /// or any for `None`. Leaves the builder in the block where it
    /// matched, returning the payload, the exception's reference and the
    /// block where it did not (none for `catch_all`).
    fn catch_clause(
        &mut self,
        tag: Option<u32>,
    ) -> Result<(Vec<Value>, Value, Option<ir::Block>), Error> {
        let Some(tag) = tag else {
            let zero = self.builder.ins().iconst(types::I64, 0);
            let r = self.exn_op(ExnOp::CatchAll, 0, zero);
            return Ok((Vec::new(), r, None));
        };
        let params = self.tag_params(tag)?;
        let vals = self.call_slot();
        let r = self.exn_op(ExnOp::Catch, tag, vals);
        let (taken, next) = (self.builder.create_block(), self.builder.create_block());
        self.builder.set_cold_block(next);
        self.builder.ins().brif(r, taken, &[], next, &[]);
        self.builder.switch_to_block(taken);
        let mut payload = Vec::with_capacity(params.len());
        for (i, t) in params.iter().enumerate() {
            let t = ir_type(*t)?;
            payload.push(self.builder.ins().load(t, flags(), vals, i as i32 * SLOT));
        }
        Ok((payload, r, Some(next)))
    }

    /// A legacy `catch x` (`Some(x)`) or `catch_all`: ends the `try`'s
    /// body or previous clause and begins this one.
    fn legacy_catch(&mut self, tag: Option<u32>) -> Result<(), Error> {
        let frame = self.frames.last().expect("validated: catch in a try");
        let (next, n, height) = (frame.next, frame.results.len(), frame.height);
        if self.reachable {
            let args = self.pop_n(n);
            self.builder.ins().jump(next, &block_args(&args));
        }
        self.stack.truncate(height);
        let frame = self.frames.last_mut().expect("validated: catch in a try");
        let st = frame.exn.as_mut().expect("validated: a try");
        // The clauses are not covered by the try's own handler.
        frame.handlers = st.outer_len;
        let dispatch = st
            .dispatch
            .take()
            .expect("validated: nothing after catch_all");
        let var = match st.exnref {
            Some(v) => v,
            None => {
                let v = self.builder.declare_var(types::I64);
                st.exnref = Some(v);
                v
            }
        };
        let outer_len = st.outer_len;
        self.handlers.truncate(outer_len);
        self.builder.switch_to_block(dispatch);
        let (payload, r, next) = self.catch_clause(tag)?;
        let st = (self.frames.last_mut())
            .and_then(|f| f.exn.as_mut())
            .expect("validated: a try");
        st.dispatch = next;
        self.builder.def_var(var, r);
        self.stack.extend(payload);
        self.reachable = true;
        Ok(())
    }

    /// The payload types of tag `tag`.
    fn tag_params(&self, tag: u32) -> Result<Vec<wasmparser::ValType>, Error> {
        let t = self.env.tags[tag as usize];
        let params = self.env.types[t as usize].params().to_vec();
        if !self.simd && params.contains(&wasmparser::ValType::V128) {
            return Err(super::no_simd());
        }
        Ok(params)
    }

    /// Hands the code of a throw to the innermost handler.
    fn throw_code(&mut self, code: Value) {
        let h = self.handler_block();
        self.builder.ins().jump(h, &[BlockArg::Value(code)]);
        self.reachable = false;
    }

    /// Calls the `exn` helper; its result narrowed to a code for the
    /// throws, else the exception's reference.
    fn exn_op(&mut self, op: ExnOp, x: u32, a: Value) -> Value {
        let a = match self.builder.func.dfg.value_type(a) {
            types::I64 => a,
            _ => self.builder.ins().uextend(types::I64, a),
        };
        let args = [
            self.builder.ins().iconst(types::I32, op as u32 as i64),
            self.builder.ins().iconst(types::I32, x as i64),
            a,
        ];
        let v = self.helper_returning(offset::EXN, &args, types::I64);
        match op {
            ExnOp::Throw | ExnOp::ThrowRef => self.builder.ins().ireduce(types::I32, v),
            ExnOp::Catch | ExnOp::CatchAll => v,
        }
    }
}
