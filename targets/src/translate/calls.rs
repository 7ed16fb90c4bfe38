//! Calls: argument and result space, the native signature, and calls to
//! the runtime's helpers through the vmctx.

use cranelift_codegen::ir::{self, InstBuilder, StackSlotData, StackSlotKind, Value, types};

use super::{Translator, flags, ir_type};
use crate::Error;
use crate::vmctx::SLOT;

impl<'a, 'f> Translator<'a, 'f> {
    /// A stack slot for `n` arguments or results of a call.
    pub(super) fn call_slot(&mut self, n: usize) -> Value {
        let n = n.max(1) as u32;
        let slot = match self.call_slot {
            Some((s, size)) if size >= n => s,
            _ => {
                let s = self.builder.create_sized_stack_slot(StackSlotData::new(
                    StackSlotKind::ExplicitSlot,
                    n * SLOT as u32,
                    4,
                ));
                self.call_slot = Some((s, n));
                s
            }
        };
        self.builder.ins().stack_addr(self.ptr, slot, 0)
    }

    /// Stores the top `params.len()` operands into a call slot; returns its address.
    pub(super) fn spill_args(&mut self, nparams: usize, nresults: usize) -> Value {
        let addr = self.call_slot(nparams.max(nresults));
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
        let f = self.vm_load(self.ptr, at);
        let mut all = vec![self.vmctx];
        all.extend_from_slice(args);
        let call = self.builder.ins().call_indirect(sig, f, &all);
        self.builder.inst_results(call)[0]
    }
}
