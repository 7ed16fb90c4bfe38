//! Typed function references: `call_ref`, `return_call_ref`, `br_on_null`
//! and `br_on_non_null`. (`ref.as_non_null` is a `unary_trap` op of the
//! list, mapped by name.)

use super::func::FuncTranslator;
use crate::error::Error;
use crate::ir::Op;

impl FuncTranslator<'_> {
    /// `call_ref $t`: the arguments, then the reference on top, made
    /// contiguous like `call_indirect`'s arguments and table index.
    pub(super) fn visit_call_ref(&mut self, type_index: u32, tail: bool) -> Result<(), Error> {
        let ty = self.header.func_type(type_index)?;
        let (params, results) = (ty.param_slots() as u32, ty.result_slots() as u32);
        let args = self.materialize_top(params + 1);
        let callee = self.pop();
        let op = if tail {
            Op::ReturnCallRef {
                type_index,
                args,
                callee,
            }
        } else {
            Op::CallRef {
                type_index,
                args,
                callee,
            }
        };
        self.call_tail(op, params, results, tail)
    }

    /// `br_on_null $l`: branches with the operands below the reference if
    /// it is null; otherwise the reference stays where it is.
    pub(super) fn visit_br_on_null(&mut self, depth: u32) -> Result<(), Error> {
        let local = self.top_is_local();
        let value = self.pop();
        let idx = self.controls.len() - 1 - depth as usize;
        if self.branch_is_direct(depth) {
            self.jump_to(idx, |target| Op::BrOnNull { value, target })?;
        } else {
            let skip = self.emit(Op::BrOnNonNull { value, target: 0 });
            self.branch(depth)?;
            self.bind(&[skip])?;
        }
        // Pushed back as it was: a read of the same local, or the
        // temporary of the same stack position (the same slot).
        if local {
            self.push_local(u32::from(value))
        } else {
            self.push_temp()
        }
    }

    /// `br_on_non_null $l`: branches with the reference as the last
    /// operand if it is not null; otherwise drops it.
    pub(super) fn visit_br_on_non_null(&mut self, depth: u32) -> Result<(), Error> {
        let value = self.peek_slot(0);
        let idx = self.controls.len() - 1 - depth as usize;
        if self.branch_is_direct(depth) {
            self.jump_to(idx, |target| Op::BrOnNonNull { value, target })?;
        } else {
            let skip = self.emit(Op::BrOnNull { value, target: 0 });
            self.branch(depth)?;
            self.bind(&[skip])?;
        }
        self.pop();
        Ok(())
    }
}
