//! Typed function references: `ref.as_non_null`, `br_on_null`,
//! `br_on_non_null` (`call_ref` and `return_call_ref` are in `calls.rs`).
//! A reference is a slot as every other (0 for null), so a non-nullable
//! one is the same slot, never 0.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{BlockArg, InstBuilder};
use mote::TrapCode;
use wasmparser::Operator;

use super::{Translator, block_args};
use crate::Error;

impl<'a, 'f> Translator<'a, 'f> {
    pub(super) fn typed_ref(&mut self, op: &Operator<'_>) -> Result<bool, Error> {
        match *op {
            Operator::RefAsNonNull => {
                let v = *self.stack.last().expect("validated: operand");
                let null = self.builder.ins().icmp_imm_s(IntCC::Equal, v, 0);
                self.trap_if(null, TrapCode::NullReference);
            }
            Operator::BrOnNull { relative_depth } => {
                // Null: branch with the operands below the reference;
                // else go on with the reference.
                let v = self.pop();
                let (b, n) = self.branch_target(relative_depth);
                let args = block_args(self.peek_n(n));
                let cont = self.builder.create_block();
                self.builder.ins().brif(v, cont, &[], b, &args);
                self.builder.switch_to_block(cont);
                self.push(v);
            }
            Operator::BrOnNonNull { relative_depth } => {
                // Not null: branch with the reference on top of the
                // operands below it; else go on without it.
                let v = self.pop();
                let (b, n) = self.branch_target(relative_depth);
                let mut args = block_args(self.peek_n(n - 1));
                args.push(BlockArg::Value(v));
                let cont = self.builder.create_block();
                self.builder.ins().brif(v, b, &args, cont, &[]);
                self.builder.switch_to_block(cont);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// The abstract heap type of a reference type `t` (none for a value
/// type or a concrete reference).
fn abstract_heap(t: wasmparser::ValType) -> Option<wasmparser::AbstractHeapType> {
    match t {
        wasmparser::ValType::Ref(r) => match r.heap_type() {
            wasmparser::HeapType::Abstract { ty, .. } => Some(ty),
            _ => None,
        },
        _ => None,
    }
}

/// Whether values of type `t` are host references (`extern`, `noextern`)
/// rather than function references: how a slot of it reads back.
pub(crate) fn is_extern(t: wasmparser::ValType) -> bool {
    use wasmparser::AbstractHeapType as A;
    matches!(abstract_heap(t), Some(A::Extern | A::NoExtern))
}

/// Whether values of type `t` are exception references (`exn`, `noexn`).
pub(crate) fn is_exn(t: wasmparser::ValType) -> bool {
    use wasmparser::AbstractHeapType as A;
    matches!(abstract_heap(t), Some(A::Exn | A::NoExn))
}
