//! Constant expressions: global initializers and segment offsets.

#[cfg(feature = "wasm")]
use crate::error::Error;
use alloc::vec::Vec;

/// One instruction of a constant expression.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ConstOp {
    /// Pushes a raw slot value (numbers and `ref.null`).
    Value(u64),
    /// Pushes a `v128.const` (the initializer of a `v128` global).
    #[cfg_attr(not(all(feature = "wasm", feature = "simd")), allow(dead_code))]
    V128(u128),
    GlobalGet(u32),
    RefFunc(u32),
    I32Add,
    I32Sub,
    I32Mul,
    I64Add,
    I64Sub,
    I64Mul,
}

/// A validated constant expression, evaluated at instantiation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ConstExpr {
    pub(crate) ops: Vec<ConstOp>,
}

impl ConstExpr {
    /// Reads an expression the validator has already accepted.
    #[cfg(feature = "wasm")]
    pub(crate) fn new(expr: &wasmparser::ConstExpr<'_>) -> Result<Self, Error> {
        use wasmparser::Operator;
        let mut ops = Vec::new();
        let mut reader = expr.get_operators_reader();
        while !reader.eof() {
            let (op, offset) = reader.read_with_offset().map_err(|e| Error::decode(&e))?;
            ops.push(match op {
                Operator::I32Const { value } => ConstOp::Value(value as u32 as u64),
                Operator::I64Const { value } => ConstOp::Value(value as u64),
                Operator::F32Const { value } => ConstOp::Value(value.bits() as u64),
                Operator::F64Const { value } => ConstOp::Value(value.bits()),
                #[cfg(feature = "simd")]
                Operator::V128Const { value } => ConstOp::V128(u128::from(value)),
                Operator::RefNull { .. } => ConstOp::Value(0),
                Operator::RefFunc { function_index } => ConstOp::RefFunc(function_index),
                Operator::GlobalGet { global_index } => ConstOp::GlobalGet(global_index),
                Operator::I32Add => ConstOp::I32Add,
                Operator::I32Sub => ConstOp::I32Sub,
                Operator::I32Mul => ConstOp::I32Mul,
                Operator::I64Add => ConstOp::I64Add,
                Operator::I64Sub => ConstOp::I64Sub,
                Operator::I64Mul => ConstOp::I64Mul,
                Operator::End => break,
                _ => return Err(Error::unsupported(offset as usize, "constant expression")),
            });
        }
        Ok(ConstExpr { ops })
    }

    /// An expression that is just `ref.func index`.
    #[cfg(feature = "wasm")]
    pub(crate) fn ref_func(index: u32) -> Self {
        ConstExpr {
            ops: alloc::vec![ConstOp::RefFunc(index)],
        }
    }

    /// Evaluates to a slot value. `global` reads a global of the instance
    /// being built; `func` turns a function index into a reference slot.
    pub(crate) fn eval(
        &self,
        global: &dyn Fn(u32) -> Option<u64>,
        func: &dyn Fn(u32) -> Option<u64>,
    ) -> Option<u64> {
        self.eval_wide(&|i| global(i).map(u128::from), func)
            .map(|v| v as u64)
    }

    /// Evaluates to a value of up to 128 bits: a `v128` (lane 0 in the low
    /// bits) or, zero-extended, a slot value. `global` reads a global of
    /// the instance being built, both halves of a `v128` one.
    pub(crate) fn eval_wide(
        &self,
        global: &dyn Fn(u32) -> Option<u128>,
        func: &dyn Fn(u32) -> Option<u64>,
    ) -> Option<u128> {
        let mut stack: Vec<u128> = Vec::with_capacity(self.ops.len());
        for op in &self.ops {
            let v = match *op {
                ConstOp::Value(v) => u128::from(v),
                ConstOp::V128(v) => v,
                ConstOp::GlobalGet(i) => global(i)?,
                ConstOp::RefFunc(i) => u128::from(func(i)?),
                ConstOp::I32Add | ConstOp::I32Sub | ConstOp::I32Mul => {
                    let b = stack.pop()? as u32;
                    let a = stack.pop()? as u32;
                    u128::from(match *op {
                        ConstOp::I32Add => a.wrapping_add(b),
                        ConstOp::I32Sub => a.wrapping_sub(b),
                        _ => a.wrapping_mul(b),
                    })
                }
                ConstOp::I64Add | ConstOp::I64Sub | ConstOp::I64Mul => {
                    let b = stack.pop()? as u64;
                    let a = stack.pop()? as u64;
                    u128::from(match *op {
                        ConstOp::I64Add => a.wrapping_add(b),
                        ConstOp::I64Sub => a.wrapping_sub(b),
                        _ => a.wrapping_mul(b),
                    })
                }
            };
            stack.push(v);
        }
        stack.pop()
    }
}
