//! Fuel, for code compiled to count it (`ModuleEnv::fuel`): as the
//! interpreter does, a charge at function entry and at every loop header
//! that stops with "all fuel consumed" when none is left and otherwise
//! takes (saturating) the length of the stretch of code up to the next
//! charge. The interpreter counts its own ops; this tier counts the wasm
//! operators, so the totals differ somewhat, and the trap is final (the
//! interpreter's is resumable). The counter lives in the vmctx
//! (`offset::FUEL`), copied from and back to the store at every boundary.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{self, InstBuilder, types};
use mote::TrapCode;

use super::Translator;
use crate::vmctx::offset;

/// The translator's fuel state.
#[derive(Default)]
pub(super) struct Fuel {
    /// Operators read so far.
    pub ops: u64,
    /// The last charge's constant, and `ops` when it was made: its amount
    /// is set when the next charge (or the end) shows its stretch's length.
    open: Option<(ir::Inst, u64)>,
}

impl<'a, 'f> Translator<'a, 'f> {
    /// A charge here, if the code counts fuel.
    pub(super) fn fuel_point(&mut self) {
        if !self.env.fuel || !self.reachable {
            return;
        }
        self.close_fuel();
        let fuel = self.vm_load(types::I64, offset::FUEL);
        let empty = self.builder.ins().icmp_imm_s(IntCC::Equal, fuel, 0);
        self.trap_if(empty, TrapCode::OutOfFuel);
        let amount = self.builder.ins().iconst(types::I64, 1);
        let short = self
            .builder
            .ins()
            .icmp(IntCC::UnsignedLessThan, fuel, amount);
        let rest = self.builder.ins().isub(fuel, amount);
        let zero = self.builder.ins().iconst(types::I64, 0);
        let left = self.builder.ins().select(short, zero, rest);
        let f = self.vm_flags();
        (self.builder.ins()).store(f, left, self.vmctx, offset::FUEL);
        if let Some(inst) = self.builder.func.dfg.value_def(amount).inst() {
            self.fuel.open = Some((inst, self.fuel.ops));
        }
    }

    /// Sets the last charge to the length of its stretch (at least 1).
    pub(super) fn close_fuel(&mut self) {
        if let Some((inst, start)) = self.fuel.open.take() {
            let n = self.fuel.ops.saturating_sub(start).max(1);
            self.builder.func.replace(inst).iconst(types::I64, n as i64);
        }
    }
}
