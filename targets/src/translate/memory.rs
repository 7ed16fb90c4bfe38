//! Linear memory: loads and stores with an explicit bounds check each,
//! `memory.size` and `memory.grow`.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{self, InstBuilder, Value, types};
use mote::TrapCode;
use wasmparser::{MemArg, MemArgTarget, Operator};

use super::{Translator, flags};
use crate::Error;
use crate::vmctx::{Bulk, offset};

/// How a load extends its narrow value.
#[derive(Clone, Copy)]
enum Ext {
    None,
    Signed,
    Unsigned,
}

impl Translator<'_, '_> {
    /// The native address of `size` bytes at `addr + memarg.offset` in
    /// memory 0, after the check that they are inside it (else the
    /// out-of-bounds trap).
    pub(super) fn address(&mut self, memarg: &MemArg, size: u64) -> Result<Value, Error> {
        if memarg.target != MemArgTarget::Memory(0) || !self.env.has_memory {
            return Err(Error::Unsupported("a memory other than memory 0".into()));
        }
        let addr = self.pop();
        let addr = self.builder.ins().uextend(types::I64, addr);
        // addr < 2^32 and offset < 2^32 (32-bit memory): no overflow in 64 bits.
        let end = self
            .builder
            .ins()
            .iadd_imm_s(addr, (memarg.offset + size) as i64);
        let len = self.vm_load(types::I64, offset::MEM_LEN);
        let out = self
            .builder
            .ins()
            .icmp(IntCC::UnsignedGreaterThan, end, len);
        self.trap_if(out, TrapCode::MemoryOutOfBounds);
        let base = self.vm_load(self.ptr, offset::MEM_BASE);
        let at = self.builder.ins().iadd(base, addr);
        Ok(self.builder.ins().iadd_imm_s(at, memarg.offset as i64))
    }

    fn load(&mut self, m: &MemArg, ty: ir::Type, size: u8, ext: Ext) -> Result<(), Error> {
        let at = self.address(m, size as u64)?;
        let ins = self.builder.ins();
        let v = match (size, ext) {
            (1, Ext::Signed) => ins.sload8(ty, flags(), at, 0),
            (1, _) => ins.uload8(ty, flags(), at, 0),
            (2, Ext::Signed) => ins.sload16(ty, flags(), at, 0),
            (2, _) => ins.uload16(ty, flags(), at, 0),
            (4, Ext::Signed) if ty == types::I64 => ins.sload32(flags(), at, 0),
            (4, Ext::Unsigned) if ty == types::I64 => ins.uload32(flags(), at, 0),
            _ => ins.load(ty, flags(), at, 0),
        };
        self.push(v);
        Ok(())
    }

    fn store(&mut self, m: &MemArg, size: u8) -> Result<(), Error> {
        let v = self.pop();
        let at = self.address(m, size as u64)?;
        let wide = self.builder.func.dfg.value_type(v).bytes() as u8;
        let ins = self.builder.ins();
        match size {
            1 => ins.istore8(flags(), v, at, 0),
            2 => ins.istore16(flags(), v, at, 0),
            4 if wide == 8 => ins.istore32(flags(), v, at, 0),
            _ => ins.store(flags(), v, at, 0),
        };
        Ok(())
    }

    pub(super) fn memory(&mut self, op: &Operator<'_>) -> Result<bool, Error> {
        use Ext::*;
        use types::{F32, F64, I32, I64};
        match op {
            Operator::I32Load { memarg } => self.load(memarg, I32, 4, None)?,
            Operator::I64Load { memarg } => self.load(memarg, I64, 8, None)?,
            Operator::F32Load { memarg } => self.load(memarg, F32, 4, None)?,
            Operator::F64Load { memarg } => self.load(memarg, F64, 8, None)?,
            Operator::I32Load8S { memarg } => self.load(memarg, I32, 1, Signed)?,
            Operator::I32Load8U { memarg } => self.load(memarg, I32, 1, Unsigned)?,
            Operator::I32Load16S { memarg } => self.load(memarg, I32, 2, Signed)?,
            Operator::I32Load16U { memarg } => self.load(memarg, I32, 2, Unsigned)?,
            Operator::I64Load8S { memarg } => self.load(memarg, I64, 1, Signed)?,
            Operator::I64Load8U { memarg } => self.load(memarg, I64, 1, Unsigned)?,
            Operator::I64Load16S { memarg } => self.load(memarg, I64, 2, Signed)?,
            Operator::I64Load16U { memarg } => self.load(memarg, I64, 2, Unsigned)?,
            Operator::I64Load32S { memarg } => self.load(memarg, I64, 4, Signed)?,
            Operator::I64Load32U { memarg } => self.load(memarg, I64, 4, Unsigned)?,
            Operator::I32Store { memarg } | Operator::F32Store { memarg } => {
                self.store(memarg, 4)?
            }
            Operator::I64Store { memarg } | Operator::F64Store { memarg } => {
                self.store(memarg, 8)?
            }
            Operator::I32Store8 { memarg } | Operator::I64Store8 { memarg } => {
                self.store(memarg, 1)?
            }
            Operator::I32Store16 { memarg } | Operator::I64Store16 { memarg } => {
                self.store(memarg, 2)?
            }
            Operator::I64Store32 { memarg } => self.store(memarg, 4)?,
            Operator::MemorySize { mem: 0 } if self.env.has_memory => {
                let len = self.vm_load(I64, offset::MEM_LEN);
                let pages = self.builder.ins().ushr_imm_s(len, 16);
                let pages = self.builder.ins().ireduce(I32, pages);
                self.push(pages);
            }
            Operator::MemoryGrow { mem: 0 } if self.env.has_memory => {
                let delta = self.pop();
                let old = self.helper(offset::MEMORY_GROW, &[delta]);
                self.push(old);
            }
            Operator::MemoryCopy {
                dst_mem: 0,
                src_mem: 0,
            } if self.env.has_memory => self.bulk(Bulk::MemoryCopy, 0, 0, 3),
            Operator::MemoryFill { mem: 0 } if self.env.has_memory => {
                self.bulk(Bulk::MemoryFill, 0, 0, 3)
            }
            Operator::MemoryInit { data_index, mem: 0 } if self.env.has_memory => {
                self.bulk(Bulk::MemoryInit, *data_index, 0, 3)
            }
            Operator::DataDrop { data_index } => self.bulk(Bulk::DataDrop, *data_index, 0, 0),
            Operator::TableCopy {
                dst_table,
                src_table,
            } => self.bulk(Bulk::TableCopy, *dst_table, *src_table, 3),
            Operator::TableInit { elem_index, table } => {
                self.bulk(Bulk::TableInit, *table, *elem_index, 3)
            }
            Operator::ElemDrop { elem_index } => self.bulk(Bulk::ElemDrop, *elem_index, 0, 0),
            Operator::TableSize { table } => {
                let size = self.bulk_call(Bulk::TableSize, *table, 0, 0);
                self.push(size);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// A bulk instruction through the `bulk` helper: pops `operands`
    /// values, traps with the code the helper returns.
    fn bulk(&mut self, op: Bulk, x: u32, y: u32, operands: usize) {
        let code = self.bulk_call(op, x, y, operands);
        self.propagate_trap(code);
    }

    fn bulk_call(&mut self, op: Bulk, x: u32, y: u32, operands: usize) -> Value {
        let mut args = vec![
            self.builder.ins().iconst(I32, op as u32 as i64),
            self.builder.ins().iconst(I32, x as i64),
            self.builder.ins().iconst(I32, y as i64),
        ];
        let mut popped = self.pop_operands(operands);
        while popped.len() < 3 {
            popped.push(self.builder.ins().iconst(I32, 0));
        }
        args.extend(popped);
        self.helper(offset::BULK, &args)
    }
}

use types::I32;
