//! Linear memories (any number, 32- or 64-bit): loads and stores with an
//! explicit bounds check each, `memory.size` and `memory.grow`, and the
//! bulk memory and table instructions through the `bulk` helper.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::immediates::Imm64;
use cranelift_codegen::ir::{self, InstBuilder, InstructionData, Opcode, Value, types};
use mote::TrapCode;
use wasmparser::{MemArg, MemArgTarget, Operator};

use super::Translator;
use super::checks::Check;
use crate::Error;
use crate::vmctx::{Bulk, MEM_RECORD, MEM_RECORD_BASE, MEM_RECORD_LEN, offset};

/// Whether `op` keeps what the translator knows of the memories
/// (`Translator::memory_facts`, `checked`): straight-line code that calls
/// nothing (no function, helper or import: nothing that could grow or
/// move a memory) and branches nowhere but to a trap. Any other operator
/// forgets it. A short list on purpose: what hot loops are made of.
pub(super) fn keeps_memory_facts(op: &Operator<'_>) -> bool {
    use Operator as O;
    matches!(
        op,
        O::Nop
            | O::Drop
            | O::Select
            | O::LocalGet { .. }
            | O::LocalSet { .. }
            | O::LocalTee { .. }
            | O::I32Const { .. }
            | O::I64Const { .. }
            | O::F32Const { .. }
            | O::F64Const { .. }
            | O::I32Load { .. }
            | O::I64Load { .. }
            | O::F32Load { .. }
            | O::F64Load { .. }
            | O::I32Load8S { .. }
            | O::I32Load8U { .. }
            | O::I32Load16S { .. }
            | O::I32Load16U { .. }
            | O::I64Load8S { .. }
            | O::I64Load8U { .. }
            | O::I64Load16S { .. }
            | O::I64Load16U { .. }
            | O::I64Load32S { .. }
            | O::I64Load32U { .. }
            | O::I32Eqz
            | O::I32Eq
            | O::I32Ne
            | O::I32LtS
            | O::I32LtU
            | O::I32GtS
            | O::I32GtU
            | O::I32LeS
            | O::I32LeU
            | O::I32GeS
            | O::I32GeU
            | O::I64Eqz
            | O::I64Eq
            | O::I64Ne
            | O::I64LtS
            | O::I64LtU
            | O::I64GtS
            | O::I64GtU
            | O::I32Add
            | O::I32Sub
            | O::I32Mul
            | O::I32And
            | O::I32Or
            | O::I32Xor
            | O::I32Shl
            | O::I32ShrS
            | O::I32ShrU
            | O::I32Rotl
            | O::I32Rotr
            | O::I64Add
            | O::I64Sub
            | O::I64Mul
            | O::I64And
            | O::I64Or
            | O::I64Xor
            | O::I64Shl
            | O::I64ShrS
            | O::I64ShrU
            | O::I32WrapI64
            | O::I64ExtendI32S
            | O::I64ExtendI32U
            | O::F32Add
            | O::F32Sub
            | O::F32Mul
            | O::F32Div
            | O::F64Add
            | O::F64Sub
            | O::F64Mul
            | O::F64Div
    ) || is_store(op)
}

/// Whether `op` is one of the stores `keeps_memory_facts` lets through:
/// after it, no earlier check may be widened (`Checked::widen`).
pub(super) fn is_store(op: &Operator<'_>) -> bool {
    use Operator as O;
    matches!(
        op,
        O::I32Store { .. }
            | O::I64Store { .. }
            | O::F32Store { .. }
            | O::F64Store { .. }
            | O::I32Store8 { .. }
            | O::I32Store16 { .. }
            | O::I64Store8 { .. }
            | O::I64Store16 { .. }
            | O::I64Store32 { .. }
    )
}

/// A 32-bit access checked in the straight-line code being translated
/// (`Translator::checked`): `addr + reach <= length` holds after it.
pub(super) struct Checked {
    mem: u32,
    /// The wasm address value.
    addr: Value,
    /// Offset + size.
    reach: u64,
    /// While nothing has been stored since the check: the `iconst` it adds
    /// to the address and by how much that is below the reach (the check
    /// compares with the length minus that much), so that a later access
    /// of the same address can make it check further.
    widen: Option<(ir::Inst, u64)>,
}

impl Translator<'_, '_> {
    /// Something was stored (or, outside `keeps_memory_facts`, may have
    /// been): no check before it may be widened past it.
    pub(super) fn close_checks(&mut self) {
        for c in &mut self.checked {
            c.widen = None;
        }
    }
}

/// A field of a memory that native code reads ([`Translator::memory_field`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Base,
    Len,
    /// Memory 0's length minus `1 << k` bytes (`VmCtx::mem_limits`).
    Limit(u32),
}

/// How a load extends its narrow value.
#[derive(Clone, Copy)]
enum Ext {
    None,
    Signed,
    Unsigned,
}

impl Translator<'_, '_> {
    /// The base address and byte length of memory `mem`: memory 0's from
    /// the vmctx itself (the single-memory fast path), any other's from its
    /// record in the vmctx's memory array.
    pub(super) fn memory_base_len(&mut self, mem: u32) -> (Value, Value) {
        (
            self.memory_field(mem, Field::Base),
            self.memory_field(mem, Field::Len),
        )
    }

    /// A field of memory `mem`, loaded once per straight-line code
    /// (`Translator::memory_facts`), only where used.
    fn memory_field(&mut self, mem: u32, field: Field) -> Value {
        if let Some(&(_, _, v)) = self
            .memory_facts
            .iter()
            .find(|f| (f.0, f.1) == (mem, field))
        {
            return v;
        }
        let (ty, vm_at, record_at) = match field {
            Field::Base => (self.ptr, offset::MEM_BASE, MEM_RECORD_BASE),
            Field::Len => (I64, offset::MEM_LEN, MEM_RECORD_LEN),
            // Memory 0's only: the vmctx's (`address` asks for no other).
            Field::Limit(k) => (I64, offset::MEM_LIMITS + 8 * k as i32, 0),
        };
        let v = if mem == 0 {
            self.vm_load(ty, vm_at)
        } else {
            let records = self.vm_load(self.ptr, offset::MEMORIES);
            let f = self.vm_flags();
            let at = mem as i32 * MEM_RECORD + record_at;
            (self.builder.ins()).load(ty, f, records, at)
        };
        self.memory_facts.push((mem, field, v));
        v
    }

    /// Whether memory `mem` is a 64-bit one (validated: it exists).
    pub(super) fn is_64(&self, mem: u32) -> bool {
        self.env
            .memories
            .get(mem as usize)
            .is_some_and(|m| m.memory64)
    }

    /// The log2 of memory `mem`'s page size: 16, or 0 for one-byte pages
    /// (custom page sizes; validated: it exists).
    fn page_size_log2(&self, mem: u32) -> u32 {
        self.env
            .memories
            .get(mem as usize)
            .map_or(16, |m| m.page_size_log2())
    }

    /// The native address of `size` bytes at `addr + memarg.offset` in
    /// the memory `memarg` names, after the check that they are inside it
    /// (else the out-of-bounds trap).
    pub(super) fn address(&mut self, memarg: &MemArg, size: u64) -> Result<Value, Error> {
        let MemArgTarget::Memory(mem) = memarg.target else {
            return Err(Error::Unsupported("a memory access to a GC array".into()));
        };
        if mem as usize >= self.env.memories.len() {
            return Err(Error::Unsupported("a memory the module lacks".into()));
        }
        let addr = self.pop();
        let base = self.memory_field(mem, Field::Base);
        let addr = if self.is_64(mem) {
            let len = self.memory_field(mem, Field::Len);
            // addr + offset + size may wrap in 64 bits: an end below addr
            // wrapped and is out of bounds as one past the length is.
            match memarg.offset.checked_add(size) {
                Some(reach) => {
                    let end = self.builder.ins().iadd_imm_s(addr, reach as i64);
                    let wrapped = self.builder.ins().icmp(IntCC::UnsignedLessThan, end, addr);
                    let out = self
                        .builder
                        .ins()
                        .icmp(IntCC::UnsignedGreaterThan, end, len);
                    let bad = self.builder.ins().bor(wrapped, out);
                    self.trap_if(bad, TrapCode::MemoryOutOfBounds);
                }
                None => {
                    // offset + size > 2^64: no address is in bounds.
                    let always = self.builder.ins().iconst(types::I8, 1);
                    self.trap_if(always, TrapCode::MemoryOutOfBounds);
                }
            }
            addr
        } else {
            let wasm_addr = addr;
            let addr = self.builder.ins().uextend(types::I64, addr);
            // addr < 2^32 and offset < 2^32 (32-bit memory): no overflow in 64 bits.
            let reach = memarg.offset + size;
            // An access this straight-line code already checked as far
            // (the same address value, the same memory and length) needs
            // no second check; one that reaches further widens an earlier
            // check of its address while nothing was stored since: that
            // check then traps for both (the same trap, and between them
            // only loads and arithmetic, which leave no trace).
            let same = |c: &Checked| c.mem == mem && c.addr == wasm_addr;
            if self.checked.iter().any(|c| same(c) && c.reach >= reach) {
                // Checked as far.
            } else if let Some(c) = self
                .checked
                .iter_mut()
                .find(|c| same(c) && c.widen.is_some())
                && let Some((konst, below)) = c.widen
            {
                c.reach = reach;
                let imm = Imm64::new((reach - below) as i64);
                self.builder.func.dfg.insts[konst] = InstructionData::UnaryImm {
                    opcode: Opcode::Iconst,
                    imm,
                };
            } else {
                // The check: addr + konst <= limit, konst = reach - below.
                let (below, limit, cc) = match size.trailing_zeros() {
                    // Memory 0: addr + offset <= len - size, signed (the
                    // limit is below zero for a memory shorter than
                    // size; addr + offset < 2^33), the limit loaded from
                    // the vmctx like the length. (Computed here, `len -
                    // size` would be recomputed before every compare:
                    // Cranelift rematerializes an add of a constant in
                    // each block that uses it, and every check ends one.)
                    k @ 0..=4 if mem == 0 && size.is_power_of_two() => {
                        let limit = self.memory_field(0, Field::Limit(k));
                        (size, limit, IntCC::SignedGreaterThan)
                    }
                    _ => {
                        let len = self.memory_field(mem, Field::Len);
                        (0, len, IntCC::UnsignedGreaterThan)
                    }
                };
                let konst = self.builder.ins().iconst(I64, (reach - below) as i64);
                let at = self.builder.ins().iadd(addr, konst);
                let out = self.builder.ins().icmp(cc, at, limit);
                let branch = self.trap_if(out, TrapCode::MemoryOutOfBounds);
                let widen = self.builder.func.dfg.value_def(konst).inst();
                if let Some(konst) = widen {
                    self.checks.push(Check {
                        mem,
                        addr: wasm_addr,
                        konst,
                        below,
                        branch,
                    });
                }
                self.checked.push(Checked {
                    mem,
                    addr: wasm_addr,
                    reach,
                    widen: widen.map(|i| (i, below)),
                });
            }
            addr
        };
        let at = self.builder.ins().iadd(base, addr);
        Ok(self.builder.ins().iadd_imm_s(at, memarg.offset as i64))
    }

    fn load(&mut self, m: &MemArg, ty: ir::Type, size: u8, ext: Ext) -> Result<(), Error> {
        let at = self.address(m, size as u64)?;
        let f = self.heap_flags();
        let ins = self.builder.ins();
        let v = match (size, ext) {
            (1, Ext::Signed) => ins.sload8(ty, f, at, 0),
            (1, _) => ins.uload8(ty, f, at, 0),
            (2, Ext::Signed) => ins.sload16(ty, f, at, 0),
            (2, _) => ins.uload16(ty, f, at, 0),
            (4, Ext::Signed) if ty == types::I64 => ins.sload32(f, at, 0),
            (4, Ext::Unsigned) if ty == types::I64 => ins.uload32(f, at, 0),
            _ => ins.load(ty, f, at, 0),
        };
        self.push(v);
        Ok(())
    }

    fn store(&mut self, m: &MemArg, size: u8) -> Result<(), Error> {
        let v = self.pop();
        let at = self.address(m, size as u64)?;
        self.store_low(size, v, at);
        Ok(())
    }

    /// Stores the low `size` bytes of `v` at `at` (plain and atomic stores).
    pub(super) fn store_low(&mut self, size: u8, v: Value, at: Value) {
        let wide = self.builder.func.dfg.value_type(v).bytes() as u8;
        let f = self.heap_flags();
        let ins = self.builder.ins();
        match size {
            1 => ins.istore8(f, v, at, 0),
            2 => ins.istore16(f, v, at, 0),
            4 if wide == 8 => ins.istore32(f, v, at, 0),
            _ => ins.store(f, v, at, 0),
        };
    }

    pub(super) fn memory(&mut self, op: &Operator<'_>) -> Result<bool, Error> {
        use Ext::*;
        use types::{F32, F64};
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
            Operator::MemorySize { mem } => {
                let (_, len) = self.memory_base_len(*mem);
                let log2 = self.page_size_log2(*mem);
                let pages = self.builder.ins().ushr_imm_s(len, i64::from(log2));
                let pages = self.narrow_if(!self.is_64(*mem), pages);
                self.push(pages);
            }
            Operator::MemoryGrow { mem } => {
                let delta = self.pop();
                let delta = self.widen_index(delta);
                let m = self.builder.ins().iconst(I32, *mem as i64);
                let old = self.helper_returning(offset::MEMORY_GROW, &[m, delta], I64);
                let old = self.narrow_if(!self.is_64(*mem), old);
                self.push(old);
            }
            Operator::MemoryCopy { dst_mem, src_mem } => {
                self.bulk(Bulk::MemoryCopy, *dst_mem, *src_mem, 3)
            }
            Operator::MemoryFill { mem } => self.bulk(Bulk::MemoryFill, *mem, 0, 3),
            Operator::MemoryInit { data_index, mem } => {
                self.bulk(Bulk::MemoryInit, *data_index, *mem, 3)
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
                let size = self.table_index_result(*table, size);
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
        let code = self.builder.ins().ireduce(I32, code);
        self.propagate_trap(code);
    }

    /// Calls the `bulk` helper with `operands` values popped, each widened
    /// to 64 bits; returns its 64-bit result.
    fn bulk_call(&mut self, op: Bulk, x: u32, y: u32, operands: usize) -> Value {
        let mut args = vec![
            self.builder.ins().iconst(I32, op as u32 as i64),
            self.builder.ins().iconst(I32, x as i64),
            self.builder.ins().iconst(I32, y as i64),
        ];
        for v in self.pop_operands(operands) {
            let v = self.widen_index(v);
            args.push(v);
        }
        while args.len() < 6 {
            args.push(self.builder.ins().iconst(I64, 0));
        }
        self.helper_returning(offset::BULK, &args, I64)
    }

    /// `v` zero-extended to 64 bits if it is an `i32` (a 32-bit memory's
    /// or table's index, or a length).
    pub(super) fn widen_index(&mut self, v: Value) -> Value {
        if self.builder.func.dfg.value_type(v) == I32 {
            self.builder.ins().uextend(I64, v)
        } else {
            v
        }
    }

    /// `v` truncated to an `i32` when `narrow`.
    fn narrow_if(&mut self, narrow: bool, v: Value) -> Value {
        if narrow {
            self.builder.ins().ireduce(I32, v)
        } else {
            v
        }
    }

    /// A 64-bit index or size the helpers return for table `table`: an
    /// `i32` for a 32-bit table (`u64::MAX` becomes -1), else as is.
    pub(super) fn table_index_result(&mut self, table: u32, v: Value) -> Value {
        let is64 = self
            .env
            .tables64
            .get(table as usize)
            .copied()
            .unwrap_or(false);
        self.narrow_if(!is64, v)
    }
}

use types::{I32, I64};
