//! Calls: `call`, `call_indirect`, `call_ref` and the tail calls
//! `return_call`, `return_call_indirect`, `return_call_ref`; argument and result space, the native
//! signature, and calls to the runtime's helpers through the vmctx.
//!
//! A callee reads its arguments from `vals` and writes its results there.
//! Every `vals` area has [`super::ModuleEnv::vals_slots`] slots, enough for
//! any function type of the module, so a tail call passes its arguments
//! in the caller's own `vals`: the callee's results (of the caller's
//! result types, as validation demands) land where the caller's caller
//! reads them. A tail call to one of the module's functions is Cranelift's
//! `return_call_indirect` (the frame is replaced: a chain of them neither
//! grows the native stack nor counts against the call depth, which the
//! caller restores first); one to an import or a function of the store is
//! a call through the runtime followed by a return.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    self, BlockArg, InstBuilder, StackSlotData, StackSlotKind, Value, types,
};
use wasmparser::Operator;

use super::{Translator, abi, block_args, flags, ir_type};
use crate::Error;
use crate::vmctx::{SLOT, TableOp, offset};

impl<'a, 'f> Translator<'a, 'f> {
    pub(super) fn call(&mut self, op: &Operator<'_>) -> Result<bool, Error> {
        let tail = matches!(
            op,
            Operator::ReturnCall { .. }
                | Operator::ReturnCallIndirect { .. }
                | Operator::ReturnCallRef { .. }
        );
        if tail && !self.handlers.is_empty() {
            // A tail call leaves the `try_table`s and `try`s it is in: an
            // exception from its callee (when it is a call and a return)
            // goes to this function's caller, as from a replaced frame.
            let handlers = core::mem::take(&mut self.handlers);
            let done = self.call(op);
            self.handlers = handlers;
            return done;
        }
        match *op {
            Operator::Call { function_index } => {
                let tyi = self.env.func_types[function_index as usize];
                if function_index < self.env.imported_funcs {
                    let ty = self.env.types[tyi as usize].clone();
                    let addr = self.spill_args(ty.params().len());
                    let idx = self.builder.ins().iconst(types::I32, function_index as i64);
                    let code = self.helper(offset::CALL_IMPORT, &[idx, addr]);
                    self.propagate_trap(code);
                    self.load_results(addr, ty.results())?;
                } else {
                    let f = self.func_address(function_index);
                    self.call_code(f, tyi)?;
                }
            }
            Operator::CallIndirect {
                type_index,
                table_index,
            } => {
                let ty = self.env.types[type_index as usize].clone();
                let elem = self.pop();
                let elem = self.widen_index(elem);
                let addr = self.spill_args(ty.params().len());
                let table = self.builder.ins().iconst(types::I32, table_index as i64);
                let tyi = self.builder.ins().iconst(types::I32, type_index as i64);
                let code = self.helper(offset::CALL_INDIRECT, &[table, tyi, elem, addr]);
                self.propagate_trap(code);
                self.load_results(addr, ty.results())?;
            }
            Operator::ReturnCall { function_index } => {
                if function_index < self.env.imported_funcs {
                    // A call and a return.
                    self.call(&Operator::Call { function_index })?;
                    self.control(&Operator::Return)?;
                } else {
                    let tyi = self.env.func_types[function_index as usize];
                    let f = self.func_address(function_index);
                    self.tail_code(f, tyi)?;
                }
                self.reachable = false;
            }
            Operator::ReturnCallIndirect {
                type_index,
                table_index,
            } if self.regs => {
                // One of ours: a tail call in registers; else a
                // `call_indirect` (its checks, or a call through the
                // store) and a return.
                let elem = self.pop();
                let target = self.call_target(table_index, type_index, elem);
                let (f, other) = self.branch_to_own(target);
                let args = self.stack.clone();
                self.tail_code(f, type_index)?;
                self.stack = args;
                self.builder.switch_to_block(other);
                self.push(elem);
                let call = Operator::CallIndirect {
                    type_index,
                    table_index,
                };
                self.call(&call)?;
                self.control(&Operator::Return)?;
            }
            Operator::ReturnCallIndirect {
                type_index,
                table_index,
            } => {
                let n = self.env.types[type_index as usize].params().len();
                let elem = self.pop();
                let elem = self.widen_index(elem);
                let vals = self.tail_args(n);
                // The element's code if it is one of ours (of the type),
                // 0 if it is another function of the type, else a trap
                // code: the checks of `call_indirect`, in its order.
                let target = self.call_target(table_index, type_index, elem);
                let (f, other) = self.branch_to_own(target);
                self.tail_call(f, vals);
                self.builder.switch_to_block(other);
                let code = self.builder.ins().ireduce(types::I32, target);
                self.propagate_trap(code);
                let table = self.builder.ins().iconst(types::I32, table_index as i64);
                let tyi = self.builder.ins().iconst(types::I32, type_index as i64);
                let code = self
                    .tail_helper(|t| t.helper(offset::CALL_INDIRECT, &[table, tyi, elem, vals]));
                self.builder.ins().return_(&[code]);
                self.reachable = false;
            }
            Operator::CallRef { type_index }
                if abi::uses_regs(&self.env.types[type_index as usize]) =>
            {
                let ty = self.env.types[type_index as usize].clone();
                let r = self.pop();
                let args = self.pop_n(ty.params().len());
                let target = self.table_op(TableOp::RefTarget, type_index, &[r]);
                let mut join_types = vec![types::I32];
                for t in ty.results() {
                    join_types.push(ir_type(*t)?);
                }
                let join = self.new_block(&join_types);
                let (direct, other) = (self.builder.create_block(), self.builder.create_block());
                self.builder.ins().brif(target, direct, &[], other, &[]);
                self.builder.switch_to_block(direct);
                let f = self.code_address(target);
                let sig = self.sig_of(type_index)?;
                let mut all = vec![self.vmctx, self.depth_left];
                all.extend_from_slice(&args);
                let call = self.builder.ins().call_indirect(sig, f, &all);
                let res = self.builder.inst_results(call).to_vec();
                self.builder.ins().jump(join, &block_args(&res));
                self.builder.switch_to_block(other);
                let addr = self.call_slot();
                for (i, a) in args.iter().enumerate() {
                    self.builder.ins().store(flags(), *a, addr, i as i32 * SLOT);
                }
                let code = self.table_op(TableOp::CallRef, type_index, &[r, addr]);
                let mut res = vec![self.builder.ins().ireduce(types::I32, code)];
                for (i, t) in join_types[1..].iter().enumerate() {
                    res.push(self.builder.ins().load(*t, flags(), addr, i as i32 * SLOT));
                }
                self.builder.ins().jump(join, &block_args(&res));
                self.builder.switch_to_block(join);
                let res = self.builder.block_params(join).to_vec();
                self.propagate_trap(res[0]);
                self.stack.extend_from_slice(&res[1..]);
            }
            Operator::ReturnCallRef { type_index } if self.regs => {
                let r = self.pop();
                let target = self.table_op(TableOp::RefTarget, type_index, &[r]);
                let (direct, other) = (self.builder.create_block(), self.builder.create_block());
                self.builder.ins().brif(target, direct, &[], other, &[]);
                self.builder.switch_to_block(direct);
                let f = self.code_address(target);
                let args = self.stack.clone();
                self.tail_code(f, type_index)?;
                self.stack = args;
                self.builder.switch_to_block(other);
                self.push(r);
                self.call(&Operator::CallRef { type_index })?;
                self.control(&Operator::Return)?;
            }
            Operator::CallRef { type_index } => {
                let ty = self.env.types[type_index as usize].clone();
                let r = self.pop();
                let addr = self.spill_args(ty.params().len());
                // One of ours: a direct call; else (null, or a function of
                // the store) the `CallRef` helper, which traps or calls.
                let target = self.table_op(TableOp::RefTarget, type_index, &[r]);
                let join = self.new_block(&[types::I32]);
                let (direct, other) = (self.builder.create_block(), self.builder.create_block());
                self.builder.ins().brif(target, direct, &[], other, &[]);
                self.builder.switch_to_block(direct);
                let f = self.code_address(target);
                let sig = self.native_sig();
                let args = [self.vmctx, self.depth_left, addr];
                let call = self.builder.ins().call_indirect(sig, f, &args);
                let code = self.builder.inst_results(call)[0];
                self.builder.ins().jump(join, &[BlockArg::Value(code)]);
                self.builder.switch_to_block(other);
                let code = self.table_op(TableOp::CallRef, type_index, &[r, addr]);
                let code = self.builder.ins().ireduce(types::I32, code);
                self.builder.ins().jump(join, &[BlockArg::Value(code)]);
                self.builder.switch_to_block(join);
                let code = self.builder.block_params(join)[0];
                self.propagate_trap(code);
                self.load_results(addr, ty.results())?;
            }
            Operator::ReturnCallRef { type_index } => {
                let n = self.env.types[type_index as usize].params().len();
                let r = self.pop();
                let vals = self.tail_args(n);
                let target = self.table_op(TableOp::RefTarget, type_index, &[r]);
                let (direct, other) = (self.builder.create_block(), self.builder.create_block());
                self.builder.ins().brif(target, direct, &[], other, &[]);
                self.builder.switch_to_block(direct);
                let f = self.code_address(target);
                self.tail_call(f, vals);
                self.builder.switch_to_block(other);
                let code =
                    self.tail_helper(|t| t.table_op(TableOp::CallRef, type_index, &[r, vals]));
                let code = self.builder.ins().ireduce(types::I32, code);
                self.builder.ins().return_(&[code]);
                self.reachable = false;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Writes the results to `vals` (or returns the result after the
    /// code) and returns 0.
    pub(super) fn return_values(&mut self, results: &[Value]) {
        let ok = self.builder.ins().iconst(types::I32, 0);
        if self.regs {
            let mut all = vec![ok];
            all.extend_from_slice(results);
            self.builder.ins().return_(&all);
            return;
        }
        let vals = self
            .builder
            .use_var(self.vals.expect("set in the prologue"));
        for (i, v) in results.iter().enumerate() {
            self.builder.ins().store(flags(), *v, vals, i as i32 * SLOT);
        }
        self.builder.ins().return_(&[ok]);
    }

    /// Returns trap code `code` (a result, if any, zero).
    pub(super) fn return_code(&mut self, code: Value) {
        let mut all = vec![code];
        if self.regs {
            for t in self.ret_types.clone() {
                all.push(self.zero(t));
            }
        }
        self.builder.ins().return_(&all);
    }

    /// Branches on a `CallTarget` result: into a new block where it is one
    /// of our functions' code (above 0xff; its address returned), else to
    /// the returned block (0 or a trap code), which is not yet switched to.
    fn branch_to_own(&mut self, target: Value) -> (Value, ir::Block) {
        let own = self
            .builder
            .ins()
            .icmp_imm_u(IntCC::UnsignedGreaterThan, target, 0xff);
        let (direct, other) = (self.builder.create_block(), self.builder.create_block());
        self.builder.ins().brif(own, direct, &[], other, &[]);
        self.builder.switch_to_block(direct);
        (self.code_address(target), other)
    }

    /// `return_call_indirect`'s target (`TableOp::CallTarget`).
    fn call_target(&mut self, table: u32, type_index: u32, elem: Value) -> Value {
        let elem64 = self.widen_index(elem);
        let tyi = self.builder.ins().iconst(types::I64, type_index as i64);
        self.table_op(TableOp::CallTarget, table, &[tyi, elem64])
    }

    /// Calls the compiled function at `f`, of type `tyi`, with the
    /// operands on top of the stack, in its convention; pushes its results.
    fn call_code(&mut self, f: Value, tyi: u32) -> Result<(), Error> {
        let ty = self.env.types[tyi as usize].clone();
        if abi::uses_regs(&ty) {
            let mut all = vec![self.vmctx, self.depth_left];
            all.extend(self.pop_n(ty.params().len()));
            let sig = self.sig_of(tyi)?;
            let call = self.builder.ins().call_indirect(sig, f, &all);
            let res = self.builder.inst_results(call).to_vec();
            self.propagate_trap(res[0]);
            self.stack.extend_from_slice(&res[1..]);
            return Ok(());
        }
        let addr = self.spill_args(ty.params().len());
        let sig = self.native_sig();
        let args = [self.vmctx, self.depth_left, addr];
        let call = self.builder.ins().call_indirect(sig, f, &args);
        let code = self.builder.inst_results(call)[0];
        self.propagate_trap(code);
        self.load_results(addr, ty.results())
    }

    /// Tail-calls the compiled function at `f`, of type `tyi` (whose
    /// results are this function's, so its convention too).
    fn tail_code(&mut self, f: Value, tyi: u32) -> Result<(), Error> {
        let n = self.env.types[tyi as usize].params().len();
        if !self.regs {
            let vals = self.tail_args(n);
            self.tail_call(f, vals);
            return Ok(());
        }
        let mut all = vec![self.vmctx, self.depth_on_entry];
        all.extend(self.pop_n(n));
        let sig = self.sig_of(tyi)?;
        self.builder.ins().return_call_indirect(sig, f, &all);
        Ok(())
    }

    /// The register-convention signature of type `tyi`, imported once.
    fn sig_of(&mut self, tyi: u32) -> Result<ir::SigRef, Error> {
        if let Some((_, s)) = self.sigs.iter().find(|(t, _)| *t == tyi) {
            return Ok(*s);
        }
        let sig = self.abi.func_signature(&self.env.types[tyi as usize])?;
        let s = self.builder.import_signature(sig);
        self.sigs.push((tyi, s));
        Ok(s)
    }

    /// A code address the `table` helper returned, as a pointer.
    fn code_address(&mut self, target: Value) -> Value {
        if self.ptr == types::I64 {
            target
        } else {
            self.builder.ins().ireduce(self.ptr, target)
        }
    }

    /// The code address of defined function `index`, from the vmctx's array.
    fn func_address(&mut self, index: u32) -> Value {
        let table = self.vm_load(self.ptr, offset::FUNCS);
        self.builder.ins().load(
            self.ptr,
            flags(),
            table,
            (index as usize * self.ptr.bytes() as usize) as i32,
        )
    }

    /// Stores the top `n` operands, a tail call's arguments, into this
    /// function's own `vals`; returns its address.
    fn tail_args(&mut self, n: usize) -> Value {
        let vals = self
            .builder
            .use_var(self.vals.expect("set in the prologue"));
        let args = self.pop_n(n);
        for (i, a) in args.iter().enumerate() {
            self.builder.ins().store(flags(), *a, vals, i as i32 * SLOT);
        }
        vals
    }

    /// Runs `call`, a call of a helper that a tail call goes through (to
    /// a function of the store), with this function's own depth in the
    /// vmctx rather than one less: the callee replaces this frame.
    fn tail_helper(&mut self, call: impl FnOnce(&mut Self) -> Value) -> Value {
        self.helper_depth = self.depth_on_entry;
        let code = call(self);
        self.helper_depth = self.depth_left;
        code
    }

    /// Replaces this function's frame by a call of the compiled function
    /// at `f` with `vals`, at this function's own depth.
    fn tail_call(&mut self, f: Value, vals: Value) {
        let sig = self.native_sig();
        let args = [self.vmctx, self.depth_on_entry, vals];
        self.builder.ins().return_call_indirect(sig, f, &args);
    }

    /// The stack slot of this function's calls: `vals` for the callee.
    pub(super) fn call_slot(&mut self) -> Value {
        let slot = match self.call_slot {
            Some(s) => s,
            None => {
                let n = self.env.vals_slots() as u32;
                let s = self.builder.create_sized_stack_slot(StackSlotData::new(
                    StackSlotKind::ExplicitSlot,
                    n * SLOT as u32,
                    4,
                ));
                self.call_slot = Some(s);
                s
            }
        };
        self.builder.ins().stack_addr(self.ptr, slot, 0)
    }

    /// Stores the top `nparams` operands into the call slot; returns its address.
    pub(super) fn spill_args(&mut self, nparams: usize) -> Value {
        let addr = self.call_slot();
        let args = self.pop_n(nparams);
        for (i, a) in args.iter().enumerate() {
            self.builder.ins().store(flags(), *a, addr, i as i32 * SLOT);
        }
        addr
    }

    pub(super) fn load_results(
        &mut self,
        addr: Value,
        results: &[wasmparser::ValType],
    ) -> Result<(), Error> {
        for (i, r) in results.iter().enumerate() {
            let t = ir_type(*r)?;
            let v = self.builder.ins().load(t, flags(), addr, i as i32 * SLOT);
            self.push(v);
        }
        Ok(())
    }

    pub(super) fn native_sig(&mut self) -> ir::SigRef {
        if let Some(s) = self.sig_ref {
            return s;
        }
        let s = self.builder.import_signature(self.abi.native_signature());
        self.sig_ref = Some(s);
        s
    }

    /// Calls the helper whose address is at `at` in the vmctx with `args`
    /// after the vmctx; returns its one `i32` result.
    pub(crate) fn helper(&mut self, at: i32, args: &[Value]) -> Value {
        self.helper_returning(at, args, types::I32)
    }

    pub(super) fn helper_returning(&mut self, at: i32, args: &[Value], ret: ir::Type) -> Value {
        let mut sig = ir::Signature::new(self.abi.call_conv);
        sig.params.push(self.abi.param(self.ptr));
        for a in args {
            let t = self.builder.func.dfg.value_type(*a);
            sig.params.push(self.abi.param(t));
        }
        sig.returns.push(self.abi.param(ret));
        let sig = self.builder.import_signature(sig);
        // The runtime may run native code from the helper (an import, a
        // function of the store): it enters with this depth.
        let vm = self.vm_flags();
        (self.builder.ins()).store(vm, self.helper_depth, self.vmctx, offset::DEPTH);
        let f = self.vm_load(self.ptr, at);
        let mut all = vec![self.vmctx];
        all.extend_from_slice(args);
        let call = self.builder.ins().call_indirect(sig, f, &all);
        self.builder.inst_results(call)[0]
    }
}
