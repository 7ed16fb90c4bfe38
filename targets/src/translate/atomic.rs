//! The threads proposal's atomic instructions, as the interpreter runs them
//! for Mote's one thread (`engine/src/exec/atomic.rs`): an atomic access is
//! an ordinary one that checks alignment first (its effective address a
//! multiple of its size, else "unaligned atomic"), then bounds; nothing
//! can run between the read and the write of a read-modify-write, so they
//! are plain loads and stores. `atomic.fence` emits nothing;
//! `memory.atomic.notify` wakes no one (0); `memory.atomic.wait32/64`
//! give 1 ("not-equal") when the value differs, else 2 ("timed-out") for
//! a finite timeout and the deadlock trap for an infinite one, after the
//! trap for an unshared memory.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{self, InstBuilder, Value, types};
use mote::TrapCode;
use wasmparser::{MemArg, MemArgTarget, Operator};

use super::Translator;
use crate::Error;

use types::{I32, I64};

/// A read-modify-write's operation.
#[derive(Clone, Copy)]
enum Rmw {
    Add,
    Sub,
    And,
    Or,
    Xor,
    Xchg,
}

impl Translator<'_, '_> {
    /// The native address of the `size` bytes an atomic access at
    /// `addr + memarg.offset` touches (`addr` popped), after the checks in
    /// the interpreter's order: for a 64-bit memory an effective address
    /// past 2^64 is out of bounds; then alignment; then bounds.
    fn atomic_address(&mut self, memarg: &MemArg, size: u64) -> Result<Value, Error> {
        let MemArgTarget::Memory(mem) = memarg.target else {
            return Err(Error::Unsupported("an atomic access to a GC array".into()));
        };
        if mem as usize >= self.env.memories.len() {
            return Err(Error::Unsupported("a memory the module lacks".into()));
        }
        let is64 = self.is_64(mem);
        let addr = self.pop();
        let (base, len) = self.memory_base_len(mem);
        let ea = if is64 {
            let ea = self.builder.ins().iadd_imm_s(addr, memarg.offset as i64);
            let wrapped = self.builder.ins().icmp(IntCC::UnsignedLessThan, ea, addr);
            self.trap_if(wrapped, TrapCode::MemoryOutOfBounds);
            ea
        } else {
            // Both below 2^32: no overflow in 64 bits.
            let addr = self.builder.ins().uextend(I64, addr);
            self.builder.ins().iadd_imm_s(addr, memarg.offset as i64)
        };
        if size > 1 {
            let low = self.builder.ins().band_imm_s(ea, size as i64 - 1);
            self.trap_if(low, TrapCode::UnalignedAtomic);
        }
        let end = self.builder.ins().iadd_imm_s(ea, size as i64);
        let mut out = self
            .builder
            .ins()
            .icmp(IntCC::UnsignedGreaterThan, end, len);
        if is64 {
            // ea is a multiple of size: ea + size wraps only to 0.
            let wrapped = self.builder.ins().icmp(IntCC::UnsignedLessThan, end, ea);
            out = self.builder.ins().bor(out, wrapped);
        }
        self.trap_if(out, TrapCode::MemoryOutOfBounds);
        Ok(self.builder.ins().iadd(base, ea))
    }

    /// The `size`-byte value at `at`, zero-extended to `ty`.
    fn load_zx(&mut self, ty: ir::Type, size: u8, at: Value) -> Value {
        let f = self.heap_flags();
        let ins = self.builder.ins();
        match size {
            1 => ins.uload8(ty, f, at, 0),
            2 => ins.uload16(ty, f, at, 0),
            4 if ty == I64 => ins.uload32(f, at, 0),
            _ => ins.load(ty, f, at, 0),
        }
    }

    fn atomic_load(&mut self, m: &MemArg, ty: ir::Type, size: u8) -> Result<(), Error> {
        let at = self.atomic_address(m, size as u64)?;
        let v = self.load_zx(ty, size, at);
        self.push(v);
        Ok(())
    }

    fn atomic_store(&mut self, m: &MemArg, size: u8) -> Result<(), Error> {
        let v = self.pop();
        let at = self.atomic_address(m, size as u64)?;
        self.store_low(size, v, at);
        Ok(())
    }

    fn rmw(&mut self, m: &MemArg, ty: ir::Type, size: u8, op: Rmw) -> Result<(), Error> {
        let v = self.pop();
        let at = self.atomic_address(m, size as u64)?;
        let old = self.load_zx(ty, size, at);
        let ins = self.builder.ins();
        let new = match op {
            Rmw::Add => ins.iadd(old, v),
            Rmw::Sub => ins.isub(old, v),
            Rmw::And => ins.band(old, v),
            Rmw::Or => ins.bor(old, v),
            Rmw::Xor => ins.bxor(old, v),
            Rmw::Xchg => v,
        };
        self.store_low(size, new, at);
        self.push(old);
        Ok(())
    }

    /// Stores the replacement if the value found equals the expected one
    /// wrapped to `size` bytes; gives the value found.
    fn cmpxchg(&mut self, m: &MemArg, ty: ir::Type, size: u8) -> Result<(), Error> {
        let replacement = self.pop();
        let expected = self.pop();
        let at = self.atomic_address(m, size as u64)?;
        let old = self.load_zx(ty, size, at);
        let expected = self.wrap_to(expected, ty, size);
        let same = self.builder.ins().icmp(IntCC::Equal, old, expected);
        let new = self.builder.ins().select(same, replacement, old);
        self.store_low(size, new, at);
        self.push(old);
        Ok(())
    }

    /// `v` (of type `ty`) wrapped to its low `size` bytes.
    fn wrap_to(&mut self, v: Value, ty: ir::Type, size: u8) -> Value {
        if size as u32 >= ty.bytes() {
            return v;
        }
        let mask = (1i64 << (8 * size as u32)) - 1;
        self.builder.ins().band_imm_s(v, mask)
    }

    /// `memory.atomic.wait32` (`size` 4) or `wait64` (8).
    fn wait(&mut self, m: &MemArg, size: u8) -> Result<(), Error> {
        let timeout = self.pop();
        let expected = self.pop();
        let at = self.atomic_address(m, size as u64)?;
        let MemArgTarget::Memory(mem) = m.target else {
            return Err(Error::Unsupported("an atomic access to a GC array".into()));
        };
        if !self.env.memories[mem as usize].shared {
            let always = self.builder.ins().iconst(types::I8, 1);
            self.trap_if(always, TrapCode::ExpectedSharedMemory);
        }
        let ty = if size == 8 { I64 } else { I32 };
        let found = self.load_zx(ty, size, at);
        let differs = self.builder.ins().icmp(IntCC::NotEqual, found, expected);
        let forever = self
            .builder
            .ins()
            .icmp_imm_s(IntCC::SignedLessThan, timeout, 0);
        let deadlock = {
            let equal = self.builder.ins().bxor_imm_s(differs, 1);
            self.builder.ins().band(equal, forever)
        };
        self.trap_if(deadlock, TrapCode::AtomicWaitDeadlock);
        let one = self.builder.ins().iconst(I32, 1);
        let two = self.builder.ins().iconst(I32, 2);
        let r = self.builder.ins().select(differs, one, two);
        self.push(r);
        Ok(())
    }

    pub(super) fn atomic(&mut self, op: &Operator<'_>) -> Result<bool, Error> {
        match op {
            Operator::AtomicFence { .. } => {}
            Operator::MemoryAtomicNotify { memarg } => {
                self.pop(); // the count: no one waits
                self.atomic_address(memarg, 4)?;
                let zero = self.builder.ins().iconst(I32, 0);
                self.push(zero);
            }
            Operator::MemoryAtomicWait32 { memarg } => self.wait(memarg, 4)?,
            Operator::MemoryAtomicWait64 { memarg } => self.wait(memarg, 8)?,
            Operator::I32AtomicLoad { memarg } => self.atomic_load(memarg, I32, 4)?,
            Operator::I64AtomicLoad { memarg } => self.atomic_load(memarg, I64, 8)?,
            Operator::I32AtomicLoad8U { memarg } => self.atomic_load(memarg, I32, 1)?,
            Operator::I32AtomicLoad16U { memarg } => self.atomic_load(memarg, I32, 2)?,
            Operator::I64AtomicLoad8U { memarg } => self.atomic_load(memarg, I64, 1)?,
            Operator::I64AtomicLoad16U { memarg } => self.atomic_load(memarg, I64, 2)?,
            Operator::I64AtomicLoad32U { memarg } => self.atomic_load(memarg, I64, 4)?,
            Operator::I32AtomicStore { memarg } | Operator::I64AtomicStore32 { memarg } => {
                self.atomic_store(memarg, 4)?
            }
            Operator::I64AtomicStore { memarg } => self.atomic_store(memarg, 8)?,
            Operator::I32AtomicStore8 { memarg } | Operator::I64AtomicStore8 { memarg } => {
                self.atomic_store(memarg, 1)?
            }
            Operator::I32AtomicStore16 { memarg } | Operator::I64AtomicStore16 { memarg } => {
                self.atomic_store(memarg, 2)?
            }
            Operator::I32AtomicRmwCmpxchg { memarg } => self.cmpxchg(memarg, I32, 4)?,
            Operator::I64AtomicRmwCmpxchg { memarg } => self.cmpxchg(memarg, I64, 8)?,
            Operator::I32AtomicRmw8CmpxchgU { memarg } => self.cmpxchg(memarg, I32, 1)?,
            Operator::I32AtomicRmw16CmpxchgU { memarg } => self.cmpxchg(memarg, I32, 2)?,
            Operator::I64AtomicRmw8CmpxchgU { memarg } => self.cmpxchg(memarg, I64, 1)?,
            Operator::I64AtomicRmw16CmpxchgU { memarg } => self.cmpxchg(memarg, I64, 2)?,
            Operator::I64AtomicRmw32CmpxchgU { memarg } => self.cmpxchg(memarg, I64, 4)?,
            _ => {
                let Some((m, ty, size, rmw)) = rmw_of(op) else {
                    return Ok(false);
                };
                self.rmw(m, ty, size, rmw)?;
            }
        }
        Ok(true)
    }
}

/// The memarg, value type, access size and operation of a
/// read-modify-write other than `cmpxchg`.
fn rmw_of<'m>(op: &'m Operator<'_>) -> Option<(&'m MemArg, ir::Type, u8, Rmw)> {
    use Operator as O;
    use Rmw::*;
    Some(match op {
        O::I32AtomicRmwAdd { memarg } => (memarg, I32, 4, Add),
        O::I64AtomicRmwAdd { memarg } => (memarg, I64, 8, Add),
        O::I32AtomicRmw8AddU { memarg } => (memarg, I32, 1, Add),
        O::I32AtomicRmw16AddU { memarg } => (memarg, I32, 2, Add),
        O::I64AtomicRmw8AddU { memarg } => (memarg, I64, 1, Add),
        O::I64AtomicRmw16AddU { memarg } => (memarg, I64, 2, Add),
        O::I64AtomicRmw32AddU { memarg } => (memarg, I64, 4, Add),
        O::I32AtomicRmwSub { memarg } => (memarg, I32, 4, Sub),
        O::I64AtomicRmwSub { memarg } => (memarg, I64, 8, Sub),
        O::I32AtomicRmw8SubU { memarg } => (memarg, I32, 1, Sub),
        O::I32AtomicRmw16SubU { memarg } => (memarg, I32, 2, Sub),
        O::I64AtomicRmw8SubU { memarg } => (memarg, I64, 1, Sub),
        O::I64AtomicRmw16SubU { memarg } => (memarg, I64, 2, Sub),
        O::I64AtomicRmw32SubU { memarg } => (memarg, I64, 4, Sub),
        O::I32AtomicRmwAnd { memarg } => (memarg, I32, 4, And),
        O::I64AtomicRmwAnd { memarg } => (memarg, I64, 8, And),
        O::I32AtomicRmw8AndU { memarg } => (memarg, I32, 1, And),
        O::I32AtomicRmw16AndU { memarg } => (memarg, I32, 2, And),
        O::I64AtomicRmw8AndU { memarg } => (memarg, I64, 1, And),
        O::I64AtomicRmw16AndU { memarg } => (memarg, I64, 2, And),
        O::I64AtomicRmw32AndU { memarg } => (memarg, I64, 4, And),
        O::I32AtomicRmwOr { memarg } => (memarg, I32, 4, Or),
        O::I64AtomicRmwOr { memarg } => (memarg, I64, 8, Or),
        O::I32AtomicRmw8OrU { memarg } => (memarg, I32, 1, Or),
        O::I32AtomicRmw16OrU { memarg } => (memarg, I32, 2, Or),
        O::I64AtomicRmw8OrU { memarg } => (memarg, I64, 1, Or),
        O::I64AtomicRmw16OrU { memarg } => (memarg, I64, 2, Or),
        O::I64AtomicRmw32OrU { memarg } => (memarg, I64, 4, Or),
        O::I32AtomicRmwXor { memarg } => (memarg, I32, 4, Xor),
        O::I64AtomicRmwXor { memarg } => (memarg, I64, 8, Xor),
        O::I32AtomicRmw8XorU { memarg } => (memarg, I32, 1, Xor),
        O::I32AtomicRmw16XorU { memarg } => (memarg, I32, 2, Xor),
        O::I64AtomicRmw8XorU { memarg } => (memarg, I64, 1, Xor),
        O::I64AtomicRmw16XorU { memarg } => (memarg, I64, 2, Xor),
        O::I64AtomicRmw32XorU { memarg } => (memarg, I64, 4, Xor),
        O::I32AtomicRmwXchg { memarg } => (memarg, I32, 4, Xchg),
        O::I64AtomicRmwXchg { memarg } => (memarg, I64, 8, Xchg),
        O::I32AtomicRmw8XchgU { memarg } => (memarg, I32, 1, Xchg),
        O::I32AtomicRmw16XchgU { memarg } => (memarg, I32, 2, Xchg),
        O::I64AtomicRmw8XchgU { memarg } => (memarg, I64, 1, Xchg),
        O::I64AtomicRmw16XchgU { memarg } => (memarg, I64, 2, Xchg),
        O::I64AtomicRmw32XchgU { memarg } => (memarg, I64, 4, Xchg),
        _ => return None,
    })
}
