//! The calling conventions: Cranelift's `tail` convention between the
//! module's own functions (so that `return_call` can replace a frame), the
//! target's C one for the runtime's `extern "C"` helpers and for the entry
//! trampoline through which Rust calls a function.

use cranelift_codegen::ir::{self, AbiParam, InstBuilder, types};
use cranelift_codegen::isa::{CallConv, TargetIsa};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

/// What the target's C calling convention asks of the signatures native
/// code and the runtime's `extern "C"` helpers share.
#[derive(Clone, Copy)]
pub struct Abi {
    pub call_conv: CallConv,
    pub ptr: ir::Type,
    /// How a 32-bit integer argument or result is widened in its 64-bit
    /// register: none on x86_64, zero-extended on aarch64 (as Cranelift
    /// does for it), sign-extended on riscv64, whose psABI sign-extends
    /// 32-bit values even when unsigned, and whose Rust callers and callees
    /// rely on it (a `u32` trap code compared as a 64-bit register).
    pub ext: ir::ArgumentExtension,
}

impl Abi {
    /// The ABI of `isa`'s default calling convention.
    pub fn of(isa: &dyn TargetIsa) -> Self {
        Abi {
            call_conv: isa.default_call_conv(),
            ptr: isa.pointer_type(),
            ext: isa.default_argument_extension(),
        }
    }

    /// A parameter or result of type `t`, widened as the target asks if
    /// it is narrower than a register.
    pub fn param(&self, t: ir::Type) -> AbiParam {
        let mut p = AbiParam::new(t);
        if t.is_int() && t.bits() < 64 {
            p.extension = self.ext;
        }
        p
    }

    /// The signature of every compiled function: `(vmctx, vals) -> trap
    /// code` in Cranelift's `tail` convention, which `return_call` needs on
    /// both sides of a tail call.
    pub fn native_signature(&self) -> ir::Signature {
        let mut sig = ir::Signature::new(CallConv::Tail);
        sig.params.push(self.param(self.ptr));
        sig.params.push(self.param(self.ptr));
        sig.returns.push(self.param(types::I32));
        sig
    }

    /// The entry trampoline's signature, in the target's C convention:
    /// `extern "C" fn(vmctx, vals, code) -> trap code`.
    pub fn entry_signature(&self) -> ir::Signature {
        let mut sig = ir::Signature::new(self.call_conv);
        for _ in 0..3 {
            sig.params.push(self.param(self.ptr));
        }
        sig.returns.push(self.param(types::I32));
        sig
    }
}

/// The entry trampoline: Rust (the runtime's `enter` and `call_indirect`
/// helper) calls it with the C convention, it calls `code` (a compiled
/// function) with the `tail` one and returns its trap code. One per
/// module, at the start of its code.
pub fn entry_trampoline(
    isa: &dyn TargetIsa,
    out: &mut ir::Function,
    fctx: &mut FunctionBuilderContext,
) {
    let abi = Abi::of(isa);
    out.signature = abi.entry_signature();
    let mut b = FunctionBuilder::new(out, fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let p = b.block_params(entry).to_vec();
    let sig = b.import_signature(abi.native_signature());
    let call = b.ins().call_indirect(sig, p[2], &[p[0], p[1]]);
    let code = b.inst_results(call)[0];
    b.ins().return_(&[code]);
    b.seal_all_blocks();
    b.finalize(isa.frontend_config());
}
