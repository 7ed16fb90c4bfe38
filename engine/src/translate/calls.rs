//! The call operators: their arguments are the top of the operand stack,
//! in place, and the callee's frame starts at the first of them.

use super::func::FuncTranslator;
use crate::error::Error;
use crate::ir::Op;

impl FuncTranslator<'_> {
    pub(super) fn visit_call(&mut self, func: u32, tail: bool) -> Result<(), Error> {
        let ty = self.header.func_type_of(func)?;
        let (params, results) = (ty.param_slots() as u32, ty.result_slots() as u32);
        let args = self.materialize_top(params);
        let imported = func < self.header.imported_funcs;
        let op = match (imported, tail) {
            (true, false) => Op::CallImport { func, args },
            (true, true) => Op::ReturnCallImport { func, args },
            (false, false) => self.call_with_copy(func - self.header.imported_funcs, args, params),
            (false, true) => Op::ReturnCall {
                func: func - self.header.imported_funcs,
                args,
            },
        };
        self.call_tail(op, params, results, tail)
    }

    pub(super) fn visit_call_indirect(
        &mut self,
        type_index: u32,
        table: u32,
        tail: bool,
    ) -> Result<(), Error> {
        let ty = self.header.func_type(type_index)?;
        let (params, results) = (ty.param_slots() as u32, ty.result_slots() as u32);
        let args = self.materialize_top(params + 1);
        self.pop();
        let op = if tail {
            Op::ReturnCallIndirect {
                type_index,
                table,
                args,
            }
        } else {
            Op::CallIndirect {
                type_index,
                table,
                args,
            }
        };
        self.call_tail(op, params, results, tail)
    }

    pub(super) fn call_tail(
        &mut self,
        op: Op,
        params: u32,
        results: u32,
        tail: bool,
    ) -> Result<(), Error> {
        for _ in 0..params {
            self.pop();
        }
        self.emit(op);
        if tail {
            // A host callee's results are written from `args` up before the
            // tail call returns them: the frame must hold them there too.
            for _ in 0..results {
                self.push_temp()?;
            }
            for _ in 0..results {
                self.pop();
            }
            self.reachable = false;
        } else {
            for _ in 0..results {
                self.push_temp()?;
            }
        }
        Ok(())
    }
}
