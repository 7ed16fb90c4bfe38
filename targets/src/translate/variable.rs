//! Locals, globals, `select`, `drop`: the variable instructions.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{InstBuilder, Value, types};
use wasmparser::Operator;

use super::{Translator, flags, ir_type};
use crate::Error;
use crate::vmctx::{SLOT, TableOp, offset};

impl<'a, 'f> Translator<'a, 'f> {
    pub(super) fn variable(&mut self, op: &Operator<'_>) -> Result<bool, Error> {
        match *op {
            Operator::LocalGet { local_index } => {
                let v = self.builder.use_var(self.locals[local_index as usize].0);
                self.push(v);
            }
            Operator::LocalSet { local_index } => {
                let v = self.pop();
                self.builder.def_var(self.locals[local_index as usize].0, v);
            }
            Operator::LocalTee { local_index } => {
                let v = *self.stack.last().expect("validated: operand");
                self.builder.def_var(self.locals[local_index as usize].0, v);
            }
            Operator::GlobalGet { global_index } => {
                let t = ir_type(self.env.globals[global_index as usize])?;
                let (cell, at) = self.global_cell(global_index);
                let v = self.builder.ins().load(t, flags(), cell, at);
                self.push(v);
            }
            Operator::GlobalSet { global_index } => {
                let v = self.pop();
                let (cell, at) = self.global_cell(global_index);
                self.builder.ins().store(flags(), v, cell, at);
            }
            Operator::RefNull { .. } => {
                let v = self.builder.ins().iconst(types::I64, 0);
                self.push(v);
            }
            Operator::RefIsNull => {
                let a = self.pop();
                let c = self.builder.ins().icmp_imm_s(IntCC::Equal, a, 0);
                let v = self.builder.ins().uextend(types::I32, c);
                self.push(v);
            }
            Operator::RefFunc { function_index } => {
                let v = self.table_op(TableOp::RefFunc, function_index, &[]);
                self.push(v);
            }
            Operator::TableGet { table } => {
                let i = self.pop();
                let v = self.table_op(TableOp::Get, table, &[i]);
                self.trap_if_all_ones(v);
                self.push(v);
            }
            Operator::TableSet { table } => {
                let v = self.pop();
                let i = self.pop();
                let r = self.table_op(TableOp::Set, table, &[i, v]);
                self.trap_if_all_ones(r);
            }
            Operator::TableGrow { table } => {
                let n = self.pop();
                let init = self.pop();
                let r = self.table_op(TableOp::Grow, table, &[n, init]);
                let r = self.table_index_result(table, r);
                self.push(r);
            }
            Operator::TableFill { table } => {
                let n = self.pop();
                let v = self.pop();
                let at = self.pop();
                let r = self.table_op(TableOp::Fill, table, &[at, v, n]);
                self.trap_if_all_ones(r);
            }
            Operator::Drop => {
                self.pop();
            }
            Operator::Select | Operator::TypedSelect { .. } => {
                let c = self.pop();
                let b = self.pop();
                let a = self.pop();
                let v = self.builder.ins().select(c, a, b);
                self.push(v);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Where global `index` lives: a base address and an offset from it.
    /// A defined or immutable imported global is at its fixed place in
    /// `vmctx.globals`; a mutable import through its pointer in
    /// `vmctx.global_ptrs` (two imports of one store global share a cell).
    fn global_cell(&mut self, index: u32) -> (Value, i32) {
        if self.env.global_through_ptr(index) {
            let ptrs = self.vm_load(self.ptr, offset::GLOBAL_PTRS);
            let at = index as i32 * self.ptr.bytes() as i32;
            let cell = self.builder.ins().load(self.ptr, flags(), ptrs, at);
            (cell, 0)
        } else {
            let cells = self.vm_load(self.ptr, offset::GLOBALS);
            (cells, index as i32 * SLOT)
        }
    }
}
