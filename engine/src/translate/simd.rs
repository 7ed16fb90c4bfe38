//! Translation of the SIMD operators. A `v128` operand is two entries of
//! the translator's stack (two slots: low half, then high half), so
//! heights, block arities and call arguments, all counted in slots, need
//! nothing special; only the operators that move a value whose type they
//! do not name (`local.set` of a v128 local, `select`, `drop`) and the
//! SIMD operators themselves take both entries at once.

use super::func::FuncTranslator;
use super::stack::Operand;
use super::visit::memory_of;
use crate::error::Error;
use crate::ir::{Op, Slot, for_each_op};
use wasmparser::{MemArg, Operator};

/// How a SIMD op takes its operands, generated from the op list (its
/// family): the op of the wasm operator of the same name.
enum VShape<'a> {
    Const(fn(Slot, u128) -> Op, u128),
    Unary(fn(Slot, Slot) -> Op),
    Binary(fn(Slot, Slot, Slot) -> Op),
    Ternary(fn(Slot, Slot, Slot, Slot) -> Op),
    /// A v128 and a scalar (a shift count).
    Shift(fn(Slot, Slot, Slot) -> Op),
    Shuffle(fn(Slot, Slot, Slot, u128) -> Op, u128),
    Splat(fn(Slot, Slot) -> Op),
    /// A scalar result (`dst`) of a v128 and a lane index.
    Extract(fn(Slot, Slot, u32) -> Op, u8),
    Replace(fn(Slot, Slot, Slot, u32) -> Op, u8),
    /// A scalar (`dst`, an i32) of a v128.
    Test(fn(Slot, Slot) -> Op),
    Load(fn(Slot, Slot, u32) -> Op, &'a MemArg),
    Store(fn(Slot, Slot, u32) -> Op, &'a MemArg),
    LoadLane(fn(Slot, Slot, Slot, u32, u32) -> Op, &'a MemArg, u8),
    StoreLane(fn(Slot, Slot, u32, u32) -> Op, &'a MemArg, u8),
    /// The general forms of the four above (`memory`, a u64 `offset`).
    LoadMem(fn(Slot, Slot, u32, u64) -> Op, &'a MemArg),
    StoreMem(fn(Slot, Slot, u32, u64) -> Op, &'a MemArg),
    LoadLaneMem(fn(Slot, Slot, Slot, u32, u64, u32) -> Op, &'a MemArg, u8),
    StoreLaneMem(fn(Slot, Slot, u32, u64, u32) -> Op, &'a MemArg, u8),
}

impl VShape<'_> {
    /// The memory access of a fast-path load or store.
    fn memarg(&self) -> Option<&MemArg> {
        match *self {
            VShape::Load(_, m)
            | VShape::Store(_, m)
            | VShape::LoadLane(_, m, _)
            | VShape::StoreLane(_, m, _) => Some(m),
            _ => None,
        }
    }
}

macro_rules! vshapes {
    (@arms [$($arms:tt)*]) => {
        /// Maps a SIMD operator onto the op of the same name.
        fn vshape_of<'a>(op: &'a Operator<'_>) -> Option<VShape<'a>> {
            Some(match op {
                $($arms)*
                _ => return None,
            })
        }
    };
    (@arms [$($arms:tt)*] $(#[doc = $d:literal])* $name:ident ($($f:ident : $k:ident),*)
        = $family:ident $sem:ident $(of $b:ident $(( $inner:ident ))?)? $(not $n:ident)? [$g:ident]; $($rest:tt)*) => {
        vshapes!(@$family $name [$($arms)*] $($rest)*);
    };
    (@v128_const $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        vshapes!(@arms [$($arms)* Operator::$name { value } =>
            VShape::Const(|out, value| Op::$name { out, value }, u128::from(*value)),] $($rest)*);
    };
    (@v128_unary $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        vshapes!(@arms [$($arms)* Operator::$name => VShape::Unary(|out, a| Op::$name { out, a }),] $($rest)*);
    };
    (@v128_binary $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        vshapes!(@arms [$($arms)* Operator::$name =>
            VShape::Binary(|out, a, b| Op::$name { out, a, b }),] $($rest)*);
    };
    (@v128_ternary $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        vshapes!(@arms [$($arms)* Operator::$name =>
            VShape::Ternary(|out, a, b, c| Op::$name { out, a, b, c }),] $($rest)*);
    };
    (@v128_shift $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        vshapes!(@arms [$($arms)* Operator::$name =>
            VShape::Shift(|out, a, x| Op::$name { out, a, x }),] $($rest)*);
    };
    (@v128_shuffle $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        vshapes!(@arms [$($arms)* Operator::$name { lanes } =>
            VShape::Shuffle(|out, a, b, lanes| Op::$name { out, a, b, lanes },
                u128::from_le_bytes(*lanes)),] $($rest)*);
    };
    (@v128_splat $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        vshapes!(@arms [$($arms)* Operator::$name => VShape::Splat(|out, x| Op::$name { out, x }),] $($rest)*);
    };
    (@v128_extract $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        vshapes!(@arms [$($arms)* Operator::$name { lane } =>
            VShape::Extract(|dst, a, lane| Op::$name { dst, a, lane }, *lane),] $($rest)*);
    };
    (@v128_replace $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        vshapes!(@arms [$($arms)* Operator::$name { lane } =>
            VShape::Replace(|out, a, x, lane| Op::$name { out, a, x, lane }, *lane),] $($rest)*);
    };
    (@v128_test $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        vshapes!(@arms [$($arms)* Operator::$name => VShape::Test(|dst, a| Op::$name { dst, a }),] $($rest)*);
    };
    (@v128_load $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        vshapes!(@arms [$($arms)* Operator::$name { memarg } =>
            VShape::Load(|out, addr, offset| Op::$name { out, addr, offset }, memarg),] $($rest)*);
    };
    (@v128_store $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        vshapes!(@arms [$($arms)* Operator::$name { memarg } =>
            VShape::Store(|addr, value, offset| Op::$name { addr, value, offset }, memarg),] $($rest)*);
    };
    (@v128_load_lane $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        vshapes!(@arms [$($arms)* Operator::$name { memarg, lane } =>
            VShape::LoadLane(|out, addr, a, offset, lane| Op::$name { out, addr, a, offset, lane },
                memarg, *lane),] $($rest)*);
    };
    (@v128_store_lane $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        vshapes!(@arms [$($arms)* Operator::$name { memarg, lane } =>
            VShape::StoreLane(|addr, value, offset, lane| Op::$name { addr, value, offset, lane },
                memarg, *lane),] $($rest)*);
    };
    (@$other:ident $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        vshapes!(@arms [$($arms)*] $($rest)*);
    };
    ($($all:tt)*) => {
        vshapes!(@arms [] $($all)*);
    };
}
for_each_op!(vshapes);

/// Collects, from the op list, the match arms mapping each SIMD load and
/// store to its general form (the `v128_*_mem` families: `of` names the
/// fast op, whose name is the wasm operator's), then defines
/// `general_vshape_of` with them.
macro_rules! general_vshapes {
    (@arms [$($arms:tt)*]) => {
        /// Maps a SIMD load or store onto the general form of its op.
        fn general_vshape_of<'a>(op: &'a Operator<'_>) -> Option<VShape<'a>> {
            Some(match op {
                $($arms)*
                _ => return None,
            })
        }
    };
    (@arms [$($arms:tt)*] $(#[doc = $d:literal])* $name:ident ($($f:ident : $k:ident),*)
        = v128_load_mem $sem:ident of $b:ident [$g:ident]; $($rest:tt)*) => {
        general_vshapes!(@arms [$($arms)* Operator::$b { memarg } =>
            VShape::LoadMem(|out, addr, memory, offset| Op::$name { out, addr, memory, offset },
                memarg),] $($rest)*);
    };
    (@arms [$($arms:tt)*] $(#[doc = $d:literal])* $name:ident ($($f:ident : $k:ident),*)
        = v128_store_mem $sem:ident of $b:ident [$g:ident]; $($rest:tt)*) => {
        general_vshapes!(@arms [$($arms)* Operator::$b { memarg } =>
            VShape::StoreMem(|addr, value, memory, offset| Op::$name { addr, value, memory, offset },
                memarg),] $($rest)*);
    };
    (@arms [$($arms:tt)*] $(#[doc = $d:literal])* $name:ident ($($f:ident : $k:ident),*)
        = v128_load_lane_mem $sem:ident of $b:ident [$g:ident]; $($rest:tt)*) => {
        general_vshapes!(@arms [$($arms)* Operator::$b { memarg, lane } =>
            VShape::LoadLaneMem(|out, addr, a, memory, offset, lane|
                Op::$name { out, addr, a, memory, offset, lane }, memarg, *lane),] $($rest)*);
    };
    (@arms [$($arms:tt)*] $(#[doc = $d:literal])* $name:ident ($($f:ident : $k:ident),*)
        = v128_store_lane_mem $sem:ident of $b:ident [$g:ident]; $($rest:tt)*) => {
        general_vshapes!(@arms [$($arms)* Operator::$b { memarg, lane } =>
            VShape::StoreLaneMem(|addr, value, memory, offset, lane|
                Op::$name { addr, value, memory, offset, lane }, memarg, *lane),] $($rest)*);
    };
    (@arms [$($arms:tt)*] $(#[doc = $d:literal])* $name:ident ($($f:ident : $k:ident),*)
        = $family:ident $sem:ident $(of $b:ident $(( $inner:ident ))?)? $(not $n:ident)? [$g:ident]; $($rest:tt)*) => {
        general_vshapes!(@arms [$($arms)*] $($rest)*);
    };
    ($($all:tt)*) => {
        general_vshapes!(@arms [] $($all)*);
    };
}
for_each_op!(general_vshapes);

impl FuncTranslator<'_> {
    /// Translates a SIMD operator (`None` for any other).
    pub(super) fn simd_operator(
        &mut self,
        op: &Operator<'_>,
        offset: usize,
    ) -> Option<Result<(), Error>> {
        let mut shape = vshape_of(op)?;
        // An access to another memory, or to a 64-bit one: its general form.
        if let Some(m) = shape.memarg()
            && self.general_memory(memory_of(m))
        {
            shape = general_vshape_of(op)?;
        }
        Some(self.simd(shape, offset))
    }

    fn simd(&mut self, shape: VShape<'_>, offset: usize) -> Result<(), Error> {
        match shape {
            VShape::Const(make, value) => {
                let out = self.temp(self.height());
                self.emit(make(out, value));
                self.push_v128()
            }
            VShape::Unary(make) => {
                let a = self.pop_v128();
                self.emit_v128(|out| make(out, a))
            }
            VShape::Binary(make) => {
                let b = self.pop_v128();
                let a = self.pop_v128();
                self.emit_v128(|out| make(out, a, b))
            }
            VShape::Ternary(make) => {
                let c = self.pop_v128();
                let b = self.pop_v128();
                let a = self.pop_v128();
                self.emit_v128(|out| make(out, a, b, c))
            }
            VShape::Shift(make) => {
                let x = self.pop();
                let a = self.pop_v128();
                self.emit_v128(|out| make(out, a, x))
            }
            VShape::Shuffle(make, lanes) => {
                let b = self.pop_v128();
                let a = self.pop_v128();
                self.emit_v128(|out| make(out, a, b, lanes))
            }
            VShape::Splat(make) => {
                let x = self.pop();
                self.emit_v128(|out| make(out, x))
            }
            VShape::Extract(make, lane) => {
                let a = self.pop_v128();
                let dst = self.temp(self.height());
                self.emit_result(make(dst, a, u32::from(lane)))
            }
            VShape::Replace(make, lane) => {
                let x = self.pop();
                let a = self.pop_v128();
                self.emit_v128(|out| make(out, a, x, u32::from(lane)))
            }
            VShape::Test(make) => {
                let a = self.pop_v128();
                let dst = self.temp(self.height());
                self.emit_result(make(dst, a))
            }
            VShape::Load(make, memarg) => {
                let o = self.simd_offset(memarg, offset)?;
                let addr = self.pop();
                self.emit_v128(|out| make(out, addr, o))
            }
            VShape::Store(make, memarg) => {
                let o = self.simd_offset(memarg, offset)?;
                let value = self.pop_v128();
                let addr = self.pop();
                self.emit(make(addr, value, o));
                Ok(())
            }
            VShape::LoadLane(make, memarg, lane) => {
                let o = self.simd_offset(memarg, offset)?;
                let a = self.pop_v128();
                let addr = self.pop();
                self.emit_v128(|out| make(out, addr, a, o, u32::from(lane)))
            }
            VShape::StoreLane(make, memarg, lane) => {
                let o = self.simd_offset(memarg, offset)?;
                let value = self.pop_v128();
                let addr = self.pop();
                self.emit(make(addr, value, o, u32::from(lane)));
                Ok(())
            }
            VShape::LoadMem(make, memarg) => {
                let addr = self.pop();
                self.emit_v128(|out| make(out, addr, memory_of(memarg), memarg.offset))
            }
            VShape::StoreMem(make, memarg) => {
                let value = self.pop_v128();
                let addr = self.pop();
                self.emit(make(addr, value, memory_of(memarg), memarg.offset));
                Ok(())
            }
            VShape::LoadLaneMem(make, memarg, lane) => {
                let a = self.pop_v128();
                let addr = self.pop();
                let (memory, o) = (memory_of(memarg), memarg.offset);
                self.emit_v128(|out| make(out, addr, a, memory, o, u32::from(lane)))
            }
            VShape::StoreLaneMem(make, memarg, lane) => {
                let value = self.pop_v128();
                let addr = self.pop();
                let (memory, o) = (memory_of(memarg), memarg.offset);
                self.emit(make(addr, value, memory, o, u32::from(lane)));
                Ok(())
            }
        }
    }

    /// The static offset of a fast-path SIMD access (memory 0, 32-bit,
    /// whose offsets the validator keeps below 2^32).
    fn simd_offset(&self, memarg: &MemArg, offset: usize) -> Result<u32, Error> {
        u32::try_from(memarg.offset).map_err(|_| Error::unsupported(offset, "memory offset"))
    }

    /// Emits the op `make(out)` that writes a v128 to the two new
    /// top-of-stack temporaries `out`, `out + 1`.
    fn emit_v128(&mut self, make: impl FnOnce(Slot) -> Op) -> Result<(), Error> {
        let out = self.temp(self.height());
        self.emit(make(out));
        self.push_v128()
    }

    /// Pushes the two temporaries of a v128.
    fn push_v128(&mut self) -> Result<(), Error> {
        self.push_temp()?;
        self.push_temp()
    }

    /// Pops a v128 (the top two entries) and returns its first slot; its
    /// halves are read from two adjacent slots (a local's or two
    /// temporaries), materialized first if they are not.
    pub(super) fn pop_v128(&mut self) -> Slot {
        let n = self.stack.len();
        let adjacent = match (n.checked_sub(2).map(|i| self.stack[i]), self.stack.last()) {
            (Some(Operand::Local(lo)), Some(&Operand::Local(hi))) => lo.checked_add(1) == Some(hi),
            (Some(a), Some(b)) if a.in_temp() && b.in_temp() => true,
            _ => false,
        };
        if !adjacent {
            self.materialize_from(self.height().saturating_sub(2));
        }
        self.pop();
        self.pop()
    }

    /// `local.set` (or `local.tee`) of the v128 local whose first slot is
    /// `local`.
    pub(super) fn v128_local_set(
        &mut self,
        local: Slot,
        local_index: u32,
        tee: bool,
    ) -> Result<(), Error> {
        let src = self.pop_v128();
        self.protect_local(local);
        self.protect_local(local + 1);
        if src != local {
            self.emit_copy(local, src);
            self.emit_copy(local + 1, src + 1);
        }
        if tee {
            self.push_local(local_index)?;
        }
        Ok(())
    }

    /// `global.get` of a v128 global.
    pub(super) fn v128_global_get(&mut self, global: u32) -> Result<(), Error> {
        self.emit_v128(|out| Op::V128GlobalGet { out, global })
    }

    /// `global.set` of a v128 global.
    pub(super) fn v128_global_set(&mut self, global: u32) -> Result<(), Error> {
        let value = self.pop_v128();
        self.emit(Op::V128GlobalSet { global, value });
        Ok(())
    }

    /// `select` of two v128s: one `select` per half, into the new top's
    /// temporaries. The first writes `out`, which only `a`'s low half
    /// may share, and which the second does not read.
    pub(super) fn v128_select(&mut self) -> Result<(), Error> {
        let cond = self.pop();
        let b = self.pop_v128();
        let a = self.pop_v128();
        let out = self.temp(self.height());
        self.emit(Op::Select {
            dst: out,
            a,
            b,
            cond,
        });
        self.emit(Op::Select {
            dst: out + 1,
            a: a + 1,
            b: b + 1,
            cond,
        });
        self.push_v128()
    }
}
