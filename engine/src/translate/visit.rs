//! One short arm per wasm operator, each calling a shared helper.

use super::func::FuncTranslator;
use super::fuse::{commuted, with_constant};
use super::stack::{Control, ControlKind};
use crate::error::Error;
use crate::ir::{Op, Slot, for_each_op};
use alloc::vec::Vec;
use wasmparser::{BlockType, MemArg, Operator};

/// The shape of a numeric or memory op, generated from the op list.
enum Shape<'a> {
    Unary(fn(Slot, Slot) -> Op),
    Binary(fn(Slot, Slot, Slot) -> Op),
    Load(fn(Slot, Slot, u32) -> Op, &'a MemArg),
    Store(fn(Slot, Slot, u32) -> Op, &'a MemArg),
    /// `dst = f(addr, value)` with a memory argument (a read-modify-write).
    #[cfg(feature = "atomics")]
    Rmw(fn(Slot, Slot, Slot, u32) -> Op, &'a MemArg),
    /// `dst = f(addr, a, b)` with a memory argument (`cmpxchg`, `wait`).
    #[cfg(feature = "atomics")]
    Rmw2(fn(Slot, Slot, Slot, Slot, u32) -> Op, &'a MemArg),
    /// The general form of a load: `dst = f(addr, memory, offset)`.
    LoadMem(fn(Slot, Slot, u32, u64) -> Op, &'a MemArg),
    /// The general form of a store: `f(addr, value, memory, offset)`.
    StoreMem(fn(Slot, Slot, u32, u64) -> Op, &'a MemArg),
}

impl Shape<'_> {
    /// The memory argument of an access.
    fn memarg(&self) -> Option<&MemArg> {
        match self {
            Shape::Load(_, m)
            | Shape::Store(_, m)
            | Shape::LoadMem(_, m)
            | Shape::StoreMem(_, m) => Some(m),
            #[cfg(feature = "atomics")]
            Shape::Rmw(_, m) => Some(m),
            #[cfg(feature = "atomics")]
            Shape::Rmw2(_, m) => Some(m),
            Shape::Unary(_) | Shape::Binary(_) => None,
        }
    }
}

/// Collects, from the op list, the match arms mapping each wasm load and
/// store to the general form of its op (`load_mem`, `store_mem`: `of`
/// names the fast op, whose name is the wasm operator's), then defines
/// `general_shape_of` with them.
macro_rules! general_shapes {
    (@arms [$($arms:tt)*]) => {
        /// Maps a wasm load or store onto the general form of its op.
        fn general_shape_of<'a>(op: &'a Operator<'_>) -> Option<Shape<'a>> {
            Some(match op {
                $($arms)*
                _ => return None,
            })
        }
    };
    (@arms [$($arms:tt)*] $(#[doc = $d:literal])* $name:ident ($($f:ident : $k:ident),*)
        = load_mem $sem:ident of $b:ident [$g:ident]; $($rest:tt)*) => {
        general_shapes!(@arms [$($arms)* Operator::$b { memarg } =>
            Shape::LoadMem(|dst, addr, memory, offset| Op::$name { dst, addr, memory, offset }, memarg),]
            $($rest)*);
    };
    (@arms [$($arms:tt)*] $(#[doc = $d:literal])* $name:ident ($($f:ident : $k:ident),*)
        = store_mem $sem:ident of $b:ident [$g:ident]; $($rest:tt)*) => {
        general_shapes!(@arms [$($arms)* Operator::$b { memarg } =>
            Shape::StoreMem(|addr, value, memory, offset| Op::$name { addr, value, memory, offset }, memarg),]
            $($rest)*);
    };
    (@arms [$($arms:tt)*] $(#[doc = $d:literal])* $name:ident ($($f:ident : $k:ident),*)
        = $family:ident $sem:ident $(of $b:ident $(( $inner:ident ))?)? $(not $n:ident)? [$g:ident]; $($rest:tt)*) => {
        general_shapes!(@arms [$($arms)*] $($rest)*);
    };
    ($($all:tt)*) => {
        general_shapes!(@arms [] $($all)*);
    };
}
for_each_op!(general_shapes);

/// Collects, from the op list, the match arms mapping each wasm operator
/// that has an op of the same name in a numeric, load or store family to
/// its shape, then defines `shape_of` with them.
macro_rules! shapes {
    (@arms [$($arms:tt)*]) => {
        /// Maps a wasm operator onto the internal op of the same name.
        fn shape_of<'a>(op: &'a Operator<'_>) -> Option<Shape<'a>> {
            Some(match op {
                $($arms)*
                _ => return None,
            })
        }
    };
    (@arms [$($arms:tt)*] $(#[doc = $d:literal])* $name:ident ($($f:ident : $k:ident),*)
        = $family:ident $sem:ident $(of $b:ident $(( $inner:ident ))?)? $(not $n:ident)? [$g:ident]; $($rest:tt)*) => {
        shapes!(@$family $name [$($arms)*] $($rest)*);
    };
    (@unary $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        shapes!(@arms [$($arms)* Operator::$name => Shape::Unary(|dst, src| Op::$name { dst, src }),] $($rest)*);
    };
    (@unary_trap $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        shapes!(@unary $name [$($arms)*] $($rest)*);
    };
    (@binary $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        shapes!(@arms [$($arms)* Operator::$name => Shape::Binary(|dst, a, b| Op::$name { dst, a, b }),] $($rest)*);
    };
    (@binary_trap $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        shapes!(@binary $name [$($arms)*] $($rest)*);
    };
    (@load $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        shapes!(@arms [$($arms)* Operator::$name { memarg } =>
            Shape::Load(|dst, addr, offset| Op::$name { dst, addr, offset }, memarg),] $($rest)*);
    };
    (@store $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        shapes!(@arms [$($arms)* Operator::$name { memarg } =>
            Shape::Store(|addr, value, offset| Op::$name { addr, value, offset }, memarg),] $($rest)*);
    };
    // The atomic ops only with the `atomics` feature: without it the
    // validator refuses them, and their translation is not linked.
    (@atomic_load $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        shapes!(@arms [$($arms)* #[cfg(feature = "atomics")] Operator::$name { memarg } =>
            Shape::Load(|dst, addr, offset| Op::$name { dst, addr, offset }, memarg),] $($rest)*);
    };
    (@atomic_store $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        shapes!(@arms [$($arms)* #[cfg(feature = "atomics")] Operator::$name { memarg } =>
            Shape::Store(|addr, value, offset| Op::$name { addr, value, offset }, memarg),] $($rest)*);
    };
    (@atomic_rmw $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        shapes!(@arms [$($arms)* #[cfg(feature = "atomics")] Operator::$name { memarg } =>
            Shape::Rmw(|dst, addr, value, offset| Op::$name { dst, addr, value, offset }, memarg),] $($rest)*);
    };
    (@atomic_cmpxchg $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        shapes!(@arms [$($arms)* #[cfg(feature = "atomics")] Operator::$name { memarg } =>
            Shape::Rmw2(|dst, addr, expected, replacement, offset|
                Op::$name { dst, addr, expected, replacement, offset }, memarg),] $($rest)*);
    };
    (@$other:ident $name:ident [$($arms:tt)*] $($rest:tt)*) => {
        shapes!(@arms [$($arms)*] $($rest)*);
    };
    ($($all:tt)*) => {
        shapes!(@arms [] $($all)*);
    };
}
for_each_op!(shapes);

impl FuncTranslator<'_> {
    /// Translates one operator that the validator has accepted.
    pub(super) fn operator(&mut self, op: &Operator<'_>, offset: usize) -> Result<(), Error> {
        if !self.reachable {
            return self.dead_operator(op);
        }
        if let Some(shape) = general_shape_of(op)
            && shape
                .memarg()
                .is_some_and(|m| self.general_memory(memory_of(m)))
        {
            return self.numeric(shape, offset);
        }
        if let Some(shape) = shape_of(op) {
            return self.numeric(shape, offset);
        }
        #[cfg(feature = "simd")]
        if let Some(r) = self.simd_operator(op, offset) {
            return r;
        }
        match *op {
            Operator::Nop => Ok(()),
            Operator::Unreachable => {
                self.emit(Op::Unreachable {});
                self.reachable = false;
                Ok(())
            }
            Operator::Block { blockty } => self.visit_block(blockty, ControlKind::Block),
            Operator::Loop { blockty } => self.visit_block(blockty, ControlKind::Loop),
            Operator::If { blockty } => self.visit_if(blockty),
            Operator::Else => self.visit_else(),
            Operator::End => self.visit_end(),
            Operator::Br { relative_depth } => {
                self.branch(relative_depth)?;
                self.reachable = false;
                Ok(())
            }
            Operator::BrIf { relative_depth } => self.visit_br_if(relative_depth),
            Operator::BrTable { ref targets } => {
                let mut depths = Vec::with_capacity(targets.len() as usize + 1);
                for t in targets.targets() {
                    depths.push(t.map_err(|e| Error::decode(&e))?);
                }
                depths.push(targets.default());
                self.visit_br_table(&depths)
            }
            Operator::Return => {
                self.emit_return();
                self.reachable = false;
                Ok(())
            }
            Operator::Call { function_index } => self.visit_call(function_index, false),
            Operator::ReturnCall { function_index } => self.visit_call(function_index, true),
            Operator::CallIndirect {
                type_index,
                table_index,
            } => self.visit_call_indirect(type_index, table_index, false),
            Operator::ReturnCallIndirect {
                type_index,
                table_index,
            } => self.visit_call_indirect(type_index, table_index, true),
            Operator::CallRef { type_index } => self.visit_call_ref(type_index, false),
            Operator::ReturnCallRef { type_index } => self.visit_call_ref(type_index, true),
            Operator::BrOnNull { relative_depth } => self.visit_br_on_null(relative_depth),
            Operator::BrOnNonNull { relative_depth } => self.visit_br_on_non_null(relative_depth),
            Operator::Drop => {
                self.pop();
                if self.wide_operand {
                    self.pop();
                }
                Ok(())
            }
            #[cfg(feature = "simd")]
            Operator::Select | Operator::TypedSelect { .. } if self.wide_operand => {
                self.v128_select()
            }
            Operator::Select | Operator::TypedSelect { .. } => {
                if let Some(op) = self.select_on_bits() {
                    return self.emit_result(op);
                }
                // The operands are read where they are: no copies.
                let (cond, swap) = self.pop_select_condition();
                let b = self.pop();
                let a = self.pop();
                let (a, b) = if swap { (b, a) } else { (a, b) };
                let dst = self.temp(self.height());
                self.emit_result(Op::Select { dst, a, b, cond })
            }
            Operator::LocalGet { local_index } => self.push_local(local_index),
            Operator::LocalSet { local_index } => self.visit_local_set(local_index, false),
            Operator::LocalTee { local_index } => self.visit_local_set(local_index, true),
            #[cfg(feature = "simd")]
            Operator::GlobalGet { global_index } if self.wide_operand => {
                self.v128_global_get(global_index)
            }
            #[cfg(feature = "simd")]
            Operator::GlobalSet { global_index } if self.wide_operand => {
                self.v128_global_set(global_index)
            }
            Operator::GlobalGet { global_index } => {
                let dst = self.temp(self.height());
                self.emit_result(Op::GlobalGet {
                    dst,
                    global: global_index,
                })
            }
            Operator::GlobalSet { global_index } => {
                let src = self.pop();
                self.emit(Op::GlobalSet {
                    global: global_index,
                    src,
                });
                Ok(())
            }
            Operator::I32Const { value } => self.constant(value as u32 as u64),
            Operator::I64Const { value } => self.constant(value as u64),
            Operator::F32Const { value } => self.constant(value.bits() as u64),
            Operator::F64Const { value } => self.constant(value.bits()),
            Operator::RefNull { .. } => self.constant(0),
            Operator::RefFunc { function_index } => {
                let dst = self.temp(self.height());
                self.emit_result(Op::RefFunc {
                    dst,
                    func: function_index,
                })
            }
            // Slots are untyped: reinterpreting a value changes nothing.
            Operator::I32ReinterpretF32
            | Operator::I64ReinterpretF64
            | Operator::F32ReinterpretI32
            | Operator::F64ReinterpretI64 => Ok(()),
            Operator::MemorySize { mem } => {
                let dst = self.temp(self.height());
                match self.general_memory(mem) {
                    false => self.emit_result(Op::MemorySize { dst }),
                    true => self.emit_result(Op::MemorySizeMem { dst, memory: mem }),
                }
            }
            Operator::MemoryGrow { mem } => {
                let delta = self.pop();
                let dst = self.temp(self.height());
                match self.general_memory(mem) {
                    false => self.emit_result(Op::MemoryGrow { dst, delta }),
                    true => self.emit_result(Op::MemoryGrowMem {
                        dst,
                        delta,
                        memory: mem,
                    }),
                }
            }
            Operator::MemoryCopy { dst_mem, src_mem } => {
                if self.general_memory(dst_mem) || self.general_memory(src_mem) {
                    self.bulk(3, 0, |args| Op::MemoryCopyMem {
                        dst_memory: dst_mem,
                        src_memory: src_mem,
                        args,
                    })
                } else {
                    self.bulk(3, 0, |args| Op::MemoryCopy { args })
                }
            }
            Operator::MemoryFill { mem } => match self.general_memory(mem) {
                false => self.bulk(3, 0, |args| Op::MemoryFill { args }),
                true => self.bulk(3, 0, |args| Op::MemoryFillMem { memory: mem, args }),
            },
            Operator::MemoryInit { data_index, mem } => match self.general_memory(mem) {
                false => self.bulk(3, 0, |args| Op::MemoryInit {
                    segment: data_index,
                    args,
                }),
                true => self.bulk(3, 0, |args| Op::MemoryInitMem {
                    memory: mem,
                    segment: data_index,
                    args,
                }),
            },
            Operator::DataDrop { data_index } => {
                self.emit(Op::DataDrop {
                    segment: data_index,
                });
                Ok(())
            }
            Operator::TableGet { table } => {
                let index = self.pop();
                let dst = self.temp(self.height());
                self.emit_result(Op::TableGet { dst, table, index })
            }
            Operator::TableSet { table } => self.bulk(2, 0, |args| Op::TableSet { table, args }),
            Operator::TableSize { table } => {
                let dst = self.temp(self.height());
                self.emit_result(Op::TableSize { dst, table })
            }
            Operator::TableGrow { table } => self.bulk(2, 1, |args| Op::TableGrow { table, args }),
            Operator::TableFill { table } => self.bulk(3, 0, |args| Op::TableFill { table, args }),
            Operator::TableCopy {
                dst_table,
                src_table,
            } => self.bulk(3, 0, |args| Op::TableCopy {
                dst_table,
                src_table,
                args,
            }),
            Operator::TableInit { elem_index, table } => self.bulk(3, 0, |args| Op::TableInit {
                table,
                segment: elem_index,
                args,
            }),
            #[cfg(feature = "atomics")]
            Operator::MemoryAtomicWait32 { ref memarg } => {
                let make = |dst, addr, expected, timeout, offset| Op::MemoryAtomicWait32 {
                    dst,
                    addr,
                    expected,
                    timeout,
                    offset,
                };
                self.numeric(Shape::Rmw2(make, memarg), offset)
            }
            #[cfg(feature = "atomics")]
            Operator::MemoryAtomicWait64 { ref memarg } => {
                let make = |dst, addr, expected, timeout, offset| Op::MemoryAtomicWait64 {
                    dst,
                    addr,
                    expected,
                    timeout,
                    offset,
                };
                self.numeric(Shape::Rmw2(make, memarg), offset)
            }
            // With one thread there is no other access to order.
            #[cfg(feature = "atomics")]
            Operator::AtomicFence { .. } => Ok(()),
            Operator::ElemDrop { elem_index } => {
                self.emit(Op::ElemDrop {
                    segment: elem_index,
                });
                Ok(())
            }
            _ => {
                #[cfg(feature = "exceptions")]
                if let Some(r) = self.exception_operator(op) {
                    return r;
                }
                Err(Error::unsupported(offset, "operator"))
            }
        }
    }

    /// In unreachable code only the nesting of blocks matters.
    fn dead_operator(&mut self, op: &Operator<'_>) -> Result<(), Error> {
        match *op {
            Operator::Block { .. }
            | Operator::Loop { .. }
            | Operator::If { .. }
            | Operator::TryTable { .. }
            | Operator::Try { .. } => {
                let height = self.height();
                let mut frame = Control::new(ControlKind::Block, height, 0, 0);
                frame.dead = true;
                self.controls.push(frame);
                Ok(())
            }
            Operator::Else => {
                if self.controls.last().is_some_and(|c| c.dead) {
                    Ok(())
                } else {
                    self.visit_else()
                }
            }
            Operator::End => {
                if self.controls.last().is_some_and(|c| c.dead) {
                    self.controls.pop();
                    Ok(())
                } else {
                    self.visit_end()
                }
            }
            #[cfg(feature = "exceptions")]
            Operator::Catch { .. } | Operator::CatchAll | Operator::Delegate { .. } => {
                self.dead_exception_operator(op)
            }
            _ => Ok(()),
        }
    }

    /// Whether accesses to memory `memory` take the general path: any
    /// memory but memory 0, or a 64-bit memory 0.
    pub(super) fn general_memory(&self, memory: u32) -> bool {
        memory != 0 || self.header.memories.first().is_some_and(|m| m.is_64())
    }

    fn numeric(&mut self, shape: Shape<'_>, offset: usize) -> Result<(), Error> {
        // An atomic access to another memory, or to a 64-bit one: its
        // general form (the others have theirs in `general_shape_of`).
        #[cfg(feature = "atomics")]
        if let Some(m) = shape.memarg()
            && !matches!(shape, Shape::LoadMem(..) | Shape::StoreMem(..))
            && self.general_memory(memory_of(m))
        {
            return self.atomic_mem(shape);
        }
        match shape {
            Shape::Unary(make) => {
                let src = self.pop();
                let dst = self.temp(self.height());
                self.emit_result(make(dst, src))
            }
            Shape::Binary(make) => {
                let constant = self.fresh_constant();
                let inner = self.fresh_result();
                let under = self.fresh_under_local();
                // Constants written earlier (`c - f(x)`): from the pool.
                let pooled_b = self.pool_operand(0);
                let pooled_a = self.pool_operand(1);
                let b = self.pop();
                let a = self.pop();
                let (a, b) = (pooled_a.unwrap_or(a), pooled_b.unwrap_or(b));
                let dst = self.temp(self.height());
                let op = make(dst, a, b);
                let fused = match (constant, inner, under) {
                    // A constant with no immediate form: from the pool
                    // (inside a loop), its `Const` op taken back.
                    (Some(value), ..) => with_constant(op, value)
                        .or_else(|| self.pool_slot(value).map(|b| make(dst, a, b))),
                    // `c - x` and the like, `x` a local read in place.
                    (None, None, Some(under @ (Op::Const32 { .. } | Op::Const64 { .. }))) => {
                        let value = match under {
                            Op::Const32 { value, .. } => value.into(),
                            Op::Const64 { value, .. } => value,
                            _ => return Err(Error::internal()),
                        };
                        commuted(op)
                            .and_then(|op| with_constant(op, value))
                            .or_else(|| self.pool_slot(value).map(|a| make(dst, a, b)))
                    }
                    (None, Some(inner), _) => op.fuse_rhs(inner),
                    // `product + local`, as `local + product`; or else
                    // `(a * b) * local` as one op.
                    (None, None, Some(under)) => commuted(op)
                        .and_then(|op| op.fuse_rhs(under))
                        .or_else(|| op.fuse_lhs(under)),
                    (None, None, None) => None,
                };
                self.emit_result_fused(fused, op)?;
                self.fuse_immediates();
                Ok(())
            }
            Shape::Load(make, memarg) => {
                let offset = mem_offset(memarg, offset)?;
                let constant = self.fresh_constant();
                let add = self.fresh_address();
                let addr = self.pop();
                let dst = self.temp(self.height());
                let op = make(dst, addr, offset);
                let fused = match constant {
                    // An address past 2^32 traps: left to the plain load.
                    Some(base) => u32::try_from(base + u64::from(offset))
                        .ok()
                        .and_then(|ea| op.at_address(ea)),
                    None => add
                        .and_then(|add| op.with_address(add))
                        .map(|fused| self.with_scaled_index(fused)),
                };
                self.emit_result_fused(fused, op)
            }
            Shape::Store(make, memarg) => {
                let offset = mem_offset(memarg, offset)?;
                let pooled = self.fresh_constant().and_then(|v| self.pool_slot(v));
                let earlier = self.pool_operand(0);
                let pooled_addr = self.pool_operand(1);
                let value = self.pop();
                let addr = self.pop();
                let (addr, value) = (pooled_addr.unwrap_or(addr), earlier.unwrap_or(value));
                let value = match pooled {
                    Some(slot) => {
                        self.unemit_last();
                        slot
                    }
                    None => value,
                };
                self.emit(make(addr, value, offset));
                Ok(())
            }
            Shape::LoadMem(make, memarg) => {
                let addr = self.pop();
                let dst = self.temp(self.height());
                self.emit_result(make(dst, addr, memory_of(memarg), memarg.offset))
            }
            Shape::StoreMem(make, memarg) => {
                let value = self.pop();
                let addr = self.pop();
                self.emit(make(addr, value, memory_of(memarg), memarg.offset));
                Ok(())
            }
            #[cfg(feature = "atomics")]
            Shape::Rmw(make, memarg) => {
                let offset = mem_offset(memarg, offset)?;
                let value = self.pop();
                let addr = self.pop();
                let dst = self.temp(self.height());
                self.emit_result(make(dst, addr, value, offset))
            }
            #[cfg(feature = "atomics")]
            Shape::Rmw2(make, memarg) => {
                let offset = mem_offset(memarg, offset)?;
                let b = self.pop();
                let a = self.pop();
                let addr = self.pop();
                let dst = self.temp(self.height());
                self.emit_result(make(dst, addr, a, b, offset))
            }
        }
    }

    /// The general form of atomic access `shape` (`AtomicMem`,
    /// `AtomicStoreMem`), naming its fast form's op code.
    #[cfg(feature = "atomics")]
    fn atomic_mem(&mut self, shape: Shape<'_>) -> Result<(), Error> {
        let code = |op: Op| op.code() as u16 as u32;
        let general = |op, dst, addr, a, b, m: &MemArg| Op::AtomicMem {
            dst,
            addr,
            a,
            b,
            op,
            memory: memory_of(m),
            offset: m.offset,
        };
        match shape {
            Shape::Store(make, m) => {
                let value = self.pop();
                let addr = self.pop();
                self.emit(Op::AtomicStoreMem {
                    addr,
                    value,
                    op: code(make(0, 0, 0)),
                    memory: memory_of(m),
                    offset: m.offset,
                });
                Ok(())
            }
            Shape::Load(make, m) => {
                let addr = self.pop();
                let dst = self.temp(self.height());
                self.emit_result(general(code(make(0, 0, 0)), dst, addr, addr, addr, m))
            }
            Shape::Rmw(make, m) => {
                let value = self.pop();
                let addr = self.pop();
                let dst = self.temp(self.height());
                self.emit_result(general(code(make(0, 0, 0, 0)), dst, addr, value, value, m))
            }
            Shape::Rmw2(make, m) => {
                let b = self.pop();
                let a = self.pop();
                let addr = self.pop();
                let dst = self.temp(self.height());
                self.emit_result(general(code(make(0, 0, 0, 0, 0)), dst, addr, a, b, m))
            }
            _ => Err(Error::internal()),
        }
    }

    fn constant(&mut self, value: u64) -> Result<(), Error> {
        let dst = self.temp(self.height());
        let op = match u32::try_from(value) {
            Ok(value) => Op::Const32 { dst, value },
            Err(_) => Op::Const64 { dst, value },
        };
        self.emit_result(op)?;
        self.mark_constant();
        Ok(())
    }

    /// An op taking `n` contiguous operands and leaving `results` at their base.
    fn bulk(&mut self, n: u32, results: u32, make: impl Fn(Slot) -> Op) -> Result<(), Error> {
        let args = self.materialize_top(n);
        for _ in 0..n {
            self.pop();
        }
        self.emit(make(args));
        for _ in 0..results {
            self.push_temp()?;
        }
        Ok(())
    }

    fn visit_local_set(&mut self, local_index: u32, tee: bool) -> Result<(), Error> {
        // Below `locals`, so a slot (`begin` checked the count).
        let (local, wide) = self.local_slot(local_index);
        #[cfg(feature = "simd")]
        if wide {
            return self.v128_local_set(local, local_index, tee);
        }
        #[cfg(not(feature = "simd"))]
        let _ = wide;
        let src = self.pop();
        // Copies protecting pending reads of `local` clear `last_result`.
        self.protect_local(local);
        // Let the op that produced the value write the local directly.
        let retargeted = match self.last_result.take() {
            Some(at) => self.ops[at].retarget(src, local),
            None => false,
        };
        if retargeted {
            self.pair_increment();
        } else if src != local {
            self.emit_copy(local, src);
        }
        if tee {
            self.push_local(local_index)?;
        }
        Ok(())
    }

    pub(super) fn visit_block(&mut self, ty: BlockType, kind: ControlKind) -> Result<(), Error> {
        let (params, results) = self.block_arity(ty)?;
        self.materialize_from(0);
        let height = self.height() - params;
        let loop_head = self.label_here()?;
        let mut frame = Control::new(kind, height, params, results);
        frame.loop_head = loop_head;
        frame.start = loop_head;
        self.controls.push(frame);
        self.last_result = None;
        if kind == ControlKind::Loop {
            self.fuel_point();
        }
        Ok(())
    }

    fn visit_if(&mut self, ty: BlockType) -> Result<(), Error> {
        let cond = self.pop_condition();
        let (params, results) = self.block_arity(ty)?;
        self.materialize_from(0);
        let at = self.emit(cond.jump(false, 0));
        let height = self.height() - params;
        let mut frame = Control::new(ControlKind::If, height, params, results);
        frame.else_fixup = Some(at);
        self.controls.push(frame);
        Ok(())
    }

    fn visit_else(&mut self) -> Result<(), Error> {
        if self.reachable {
            self.branch(0)?;
        }
        let frame = self.controls.last_mut().ok_or(Error::internal())?;
        frame.kind = ControlKind::Else;
        let else_fixup = frame.else_fixup.take();
        let (height, params) = (frame.height, frame.params);
        if let Some(at) = else_fixup {
            self.bind(&[at])?;
        }
        self.reset_stack(height, params)?;
        self.reachable = true;
        Ok(())
    }

    fn visit_end(&mut self) -> Result<(), Error> {
        let depth_is_func = self.controls.len() == 1;
        if depth_is_func {
            if self.reachable {
                self.emit_return();
            }
            let frame = self.controls.pop().ok_or(Error::internal())?;
            self.bind(&frame.fixups)?;
            return Ok(());
        }
        if self.reachable {
            self.end_copies();
        }
        let frame = self.controls.pop().ok_or(Error::internal())?;
        if let Some(at) = frame.else_fixup {
            // An `if` without `else`: the parameters pass through unchanged.
            self.bind(&[at])?;
        }
        #[cfg(feature = "exceptions")]
        let frame = self.catch_pads(frame)?;
        self.bind(&frame.fixups)?;
        self.reset_stack(frame.height, frame.results)?;
        self.reachable = true;
        Ok(())
    }

    fn visit_br_if(&mut self, depth: u32) -> Result<(), Error> {
        let cond = self.pop_condition();
        let idx = self.controls.len() - 1 - depth as usize;
        if self.branch_is_direct(depth) {
            match self.take_counter(cond) {
                Some(fused) => self.jump_to(idx, |target| {
                    let mut op = fused;
                    if let Some(at) = op.target_mut() {
                        *at = target;
                    }
                    op
                })?,
                None => self.jump_to(idx, |target| cond.jump(true, target))?,
            }
        } else {
            let skip = self.emit(cond.jump(false, 0));
            self.branch(depth)?;
            self.bind(&[skip])?;
        }
        Ok(())
    }

    fn visit_br_table(&mut self, depths: &[u32]) -> Result<(), Error> {
        let index = self.pop();
        let len = (depths.len() - 1) as u32;
        self.emit(Op::BrTable { index, len });
        let mut stubs = Vec::new();
        for &depth in depths {
            let idx = self.controls.len() - 1 - depth as usize;
            if self.branch_is_direct(depth) {
                self.jump_to(idx, |target| Op::Br { target })?;
            } else {
                stubs.push((self.emit(Op::Br { target: 0 }), depth));
            }
        }
        for (at, depth) in stubs {
            self.bind(&[at])?;
            self.branch(depth)?;
        }
        self.reachable = false;
        Ok(())
    }
}

fn mem_offset(memarg: &MemArg, offset: usize) -> Result<u32, Error> {
    u32::try_from(memarg.offset).map_err(|_| Error::unsupported(offset, "64-bit memory offset"))
}

/// The memory an access names. (The validator refuses GC, whose array
/// accesses name a type instead; such an index would name no memory.)
pub(super) fn memory_of(memarg: &MemArg) -> u32 {
    match memarg.target {
        wasmparser::MemArgTarget::Memory(m) => m,
        wasmparser::MemArgTarget::Array(_) => u32::MAX,
    }
}
