//! The target's C calling convention, as native code and the runtime's
//! `extern "C"` helpers share it.

use cranelift_codegen::ir::{self, AbiParam, types};
use cranelift_codegen::isa::{CallConv, TargetIsa};

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
    /// code`.
    pub fn native_signature(&self) -> ir::Signature {
        let mut sig = ir::Signature::new(self.call_conv);
        sig.params.push(self.param(self.ptr));
        sig.params.push(self.param(self.ptr));
        sig.returns.push(self.param(types::I32));
        sig
    }
}
