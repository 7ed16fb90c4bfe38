//! The calling conventions: Cranelift's `tail` convention between the
//! module's own functions (so that `return_call` can replace a frame), the
//! target's C one for the runtime's `extern "C"` helpers and for the entry
//! trampoline through which Rust calls a function.

use cranelift_codegen::ir::{self, AbiParam, InstBuilder, types};
use cranelift_codegen::isa::{CallConv, TargetIsa};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

use super::{ModuleEnv, flags, ir_type};
use crate::Error;
use crate::vmctx::{SLOT, offset};

/// Whether functions of type `ty` take their arguments and give their
/// result in registers (at most one result, not a `v128`: Cranelift's
/// riscv64 backend returns no vector in registers) rather than through
/// `vals`. It depends on the results only, so a tail call, whose callee
/// has the caller's results, never changes convention.
pub fn uses_regs(ty: &wasmparser::FuncType) -> bool {
    match ty.results() {
        [] => true,
        [r] => *r != wasmparser::ValType::V128,
        _ => false,
    }
}

/// The types (by index) that get an entry adapter: those of the
/// register convention whose values this tier translates, in a module
/// that defines functions. Compilation and loading agree on it (a
/// module with `v128` types is refused where vectors are missing).
pub fn adapter_types(env: &ModuleEnv) -> Vec<u32> {
    if env.func_types.len() as u32 == env.imported_funcs {
        return Vec::new();
    }
    (0..env.types.len() as u32)
        .filter(|&t| {
            let ty = &env.types[t as usize];
            uses_regs(ty)
                && ty
                    .params()
                    .iter()
                    .chain(ty.results())
                    .all(|v| ir_type(*v).is_ok())
        })
        .collect()
}

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

    /// The signature of every compiled function: `(vmctx, depth, vals) ->
    /// trap code` in Cranelift's `tail` convention, which `return_call`
    /// needs on both sides of a tail call. `depth` is the calls left before
    /// "call stack exhausted" (`VmCtx::depth`): passed in a register from
    /// caller to callee, so a call neither loads nor stores a counter.
    pub fn native_signature(&self) -> ir::Signature {
        let mut sig = ir::Signature::new(CallConv::Tail);
        sig.params.push(self.param(self.ptr));
        sig.params.push(self.param(types::I64));
        sig.params.push(self.param(self.ptr));
        sig.returns.push(self.param(types::I32));
        sig
    }

    /// The signature of a function of type `ty`: in registers (`vmctx`,
    /// `depth`, then the parameters; the trap code, then the result) when
    /// it has at most one result ([`uses_regs`]), else
    /// [`Self::native_signature`]. Both in the `tail` convention.
    pub fn func_signature(&self, ty: &wasmparser::FuncType) -> Result<ir::Signature, Error> {
        if !uses_regs(ty) {
            return Ok(self.native_signature());
        }
        let mut sig = ir::Signature::new(CallConv::Tail);
        sig.params.push(self.param(self.ptr));
        sig.params.push(self.param(types::I64));
        for p in ty.params() {
            sig.params.push(self.param(ir_type(*p)?));
        }
        sig.returns.push(self.param(types::I32));
        for r in ty.results() {
            sig.returns.push(self.param(ir_type(*r)?));
        }
        Ok(sig)
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
/// module, at the start of its code. The callee's `depth` is the vmctx's:
/// what the runtime's `enter` set for a call from the host, or what the
/// native code whose helper calls it left there.
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
    let depth = b.ins().load(types::I64, flags(), p[0], offset::DEPTH);
    let call = b.ins().call_indirect(sig, p[2], &[p[0], depth, p[1]]);
    let code = b.inst_results(call)[0];
    b.ins().return_(&[code]);
    b.seal_all_blocks();
    b.finalize(isa.frontend_config());
}

/// The entry adapter of type `ty` (of the register convention): as the
/// entry trampoline, `extern "C" fn(vmctx, vals, code) -> u32`, but it
/// loads the arguments from `vals` into registers and stores the result
/// back.
pub fn entry_adapter(
    isa: &dyn TargetIsa,
    ty: &wasmparser::FuncType,
    out: &mut ir::Function,
    fctx: &mut FunctionBuilderContext,
) -> Result<(), Error> {
    let abi = Abi::of(isa);
    out.signature = abi.entry_signature();
    let sig = abi.func_signature(ty)?;
    let mut b = FunctionBuilder::new(out, fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let p = b.block_params(entry).to_vec();
    let (vmctx, vals, code) = (p[0], p[1], p[2]);
    let depth = b.ins().load(types::I64, flags(), vmctx, offset::DEPTH);
    let mut args = vec![vmctx, depth];
    for (i, t) in ty.params().iter().enumerate() {
        let v = b.ins().load(ir_type(*t)?, flags(), vals, i as i32 * SLOT);
        args.push(v);
    }
    let sig = b.import_signature(sig);
    let call = b.ins().call_indirect(sig, code, &args);
    let res = b.inst_results(call).to_vec();
    if let Some(r) = res.get(1) {
        b.ins().store(flags(), *r, vals, 0);
    }
    b.ins().return_(&[res[0]]);
    b.seal_all_blocks();
    b.finalize(isa.frontend_config());
    Ok(())
}
