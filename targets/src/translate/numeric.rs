//! Numeric instructions: constants, comparisons, arithmetic, conversions,
//! with the spec's traps checked explicitly (Cranelift's own trapping
//! instructions are never reached: a trap here is a returned code).

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{self, InstBuilder, MemFlagsData, Value, types};
use mote::TrapCode;
use wasmparser::Operator;

use super::Translator;
use crate::Error;

use types::{F32, F64, I32, I64};

impl Translator<'_, '_> {
    fn unop(&mut self, f: impl FnOnce(&mut Self, Value) -> Value) {
        let a = self.pop();
        let v = f(self, a);
        self.push(v);
    }

    fn binop(&mut self, f: impl FnOnce(&mut Self, Value, Value) -> Value) {
        let b = self.pop();
        let a = self.pop();
        let v = f(self, a, b);
        self.push(v);
    }

    /// A comparison: its `i8` flag widened to the wasm `i32`.
    fn icmp(&mut self, cc: IntCC) {
        self.binop(|t, a, b| {
            let c = t.builder.ins().icmp(cc, a, b);
            t.builder.ins().uextend(I32, c)
        });
    }

    fn fcmp(&mut self, cc: FloatCC) {
        self.binop(|t, a, b| {
            let c = t.builder.ins().fcmp(cc, a, b);
            t.builder.ins().uextend(I32, c)
        });
    }

    fn eqz(&mut self) {
        self.unop(|t, a| {
            let c = t.builder.ins().icmp_imm_s(IntCC::Equal, a, 0);
            t.builder.ins().uextend(I32, c)
        });
    }

    /// `div`/`rem`: the zero-divisor trap, and for a signed division the
    /// overflow trap of `MIN / -1` (`MIN % -1` is 0).
    fn divide(&mut self, signed: bool, rem: bool) {
        let b = self.pop();
        let a = self.pop();
        let ty = self.builder.func.dfg.value_type(b);
        let zero = self.builder.ins().icmp_imm_s(IntCC::Equal, b, 0);
        self.trap_if(zero, TrapCode::IntegerDivisionByZero);
        let v = if signed {
            let min = if ty == I32 { i32::MIN as i64 } else { i64::MIN };
            let minus_one = self.builder.ins().icmp_imm_s(IntCC::Equal, b, -1);
            if rem {
                // x % -1 == x % 1 == 0, and srem never sees MIN % -1.
                let one = self.builder.ins().iconst(ty, 1);
                let b = self.builder.ins().select(minus_one, one, b);
                self.builder.ins().srem(a, b)
            } else {
                let is_min = self.builder.ins().icmp_imm_s(IntCC::Equal, a, min);
                let overflow = self.builder.ins().band(minus_one, is_min);
                self.trap_if(overflow, TrapCode::IntegerOverflow);
                self.builder.ins().sdiv(a, b)
            }
        } else if rem {
            self.builder.ins().urem(a, b)
        } else {
            self.builder.ins().udiv(a, b)
        };
        self.push(v);
    }

    fn float_const(&mut self, ty: ir::Type, bound: f64) -> Value {
        if ty == F32 {
            self.builder.ins().f32const(bound as f32)
        } else {
            self.builder.ins().f64const(bound)
        }
    }

    /// A trapping float-to-int conversion: NaN traps as an invalid
    /// conversion, a value outside `(low, high)` (or `[low, high)` when
    /// `low_inclusive`) as an integer overflow; then the saturating
    /// conversion, which is exact in range.
    fn truncate(&mut self, to: ir::Type, signed: bool) {
        let x = self.pop();
        let from = self.builder.func.dfg.value_type(x);
        let nan = self.builder.ins().fcmp(FloatCC::Unordered, x, x);
        self.trap_if(nan, TrapCode::BadConversionToInteger);
        let bits = to.bits() as i32;
        let (low, low_inclusive, high) = if signed {
            let high = 2f64.powi(bits - 1);
            // -2^(n-1) is exact in both float types; below it, the next
            // value that truncates out of range is -2^(n-1) - 1 when that is
            // representable (f64 for i32), else -2^(n-1) itself is the edge.
            if from == F64 && to == I32 {
                (-high - 1.0, false, high)
            } else {
                (-high, true, high)
            }
        } else {
            (-1.0, false, 2f64.powi(bits))
        };
        let lo = self.float_const(from, low);
        let hi = self.float_const(from, high);
        let lcc = if low_inclusive {
            FloatCC::GreaterThanOrEqual
        } else {
            FloatCC::GreaterThan
        };
        let above = self.builder.ins().fcmp(lcc, x, lo);
        let below = self.builder.ins().fcmp(FloatCC::LessThan, x, hi);
        let inside = self.builder.ins().band(above, below);
        let outside = self.builder.ins().bxor_imm_s(inside, 1);
        self.trap_if(outside, TrapCode::IntegerOverflow);
        let v = if signed {
            self.builder.ins().fcvt_to_sint_sat(to, x)
        } else {
            self.builder.ins().fcvt_to_uint_sat(to, x)
        };
        self.push(v);
    }

    fn sign_extend(&mut self, ty: ir::Type, from: ir::Type) {
        self.unop(|t, a| {
            let n = t.builder.ins().ireduce(from, a);
            t.builder.ins().sextend(ty, n)
        });
    }

    fn bitcast(&mut self, to: ir::Type) {
        self.unop(|t, a| t.builder.ins().bitcast(to, MemFlagsData::new(), a));
    }

    pub(super) fn numeric(&mut self, op: &Operator<'_>) -> Result<bool, Error> {
        use Operator as O;
        match *op {
            O::I32Const { value } => {
                let v = self.builder.ins().iconst(I32, value as i64);
                self.push(v);
            }
            O::I64Const { value } => {
                let v = self.builder.ins().iconst(I64, value);
                self.push(v);
            }
            O::F32Const { value } => {
                let v = self
                    .builder
                    .ins()
                    .f32const(ir::immediates::Ieee32::with_bits(value.bits()));
                self.push(v);
            }
            O::F64Const { value } => {
                let v = self
                    .builder
                    .ins()
                    .f64const(ir::immediates::Ieee64::with_bits(value.bits()));
                self.push(v);
            }

            O::I32Eqz | O::I64Eqz => self.eqz(),
            O::I32Eq | O::I64Eq => self.icmp(IntCC::Equal),
            O::I32Ne | O::I64Ne => self.icmp(IntCC::NotEqual),
            O::I32LtS | O::I64LtS => self.icmp(IntCC::SignedLessThan),
            O::I32LtU | O::I64LtU => self.icmp(IntCC::UnsignedLessThan),
            O::I32GtS | O::I64GtS => self.icmp(IntCC::SignedGreaterThan),
            O::I32GtU | O::I64GtU => self.icmp(IntCC::UnsignedGreaterThan),
            O::I32LeS | O::I64LeS => self.icmp(IntCC::SignedLessThanOrEqual),
            O::I32LeU | O::I64LeU => self.icmp(IntCC::UnsignedLessThanOrEqual),
            O::I32GeS | O::I64GeS => self.icmp(IntCC::SignedGreaterThanOrEqual),
            O::I32GeU | O::I64GeU => self.icmp(IntCC::UnsignedGreaterThanOrEqual),

            O::F32Eq | O::F64Eq => self.fcmp(FloatCC::Equal),
            O::F32Ne | O::F64Ne => self.fcmp(FloatCC::NotEqual),
            O::F32Lt | O::F64Lt => self.fcmp(FloatCC::LessThan),
            O::F32Gt | O::F64Gt => self.fcmp(FloatCC::GreaterThan),
            O::F32Le | O::F64Le => self.fcmp(FloatCC::LessThanOrEqual),
            O::F32Ge | O::F64Ge => self.fcmp(FloatCC::GreaterThanOrEqual),

            O::I32Clz | O::I64Clz => self.unop(|t, a| t.builder.ins().clz(a)),
            O::I32Ctz | O::I64Ctz => self.unop(|t, a| t.builder.ins().ctz(a)),
            O::I32Popcnt | O::I64Popcnt => self.unop(|t, a| t.builder.ins().popcnt(a)),
            O::I32Add | O::I64Add => self.binop(|t, a, b| t.builder.ins().iadd(a, b)),
            O::I32Sub | O::I64Sub => self.binop(|t, a, b| t.builder.ins().isub(a, b)),
            O::I32Mul | O::I64Mul => self.binop(|t, a, b| t.builder.ins().imul(a, b)),
            O::I32DivS | O::I64DivS => self.divide(true, false),
            O::I32DivU | O::I64DivU => self.divide(false, false),
            O::I32RemS | O::I64RemS => self.divide(true, true),
            O::I32RemU | O::I64RemU => self.divide(false, true),
            O::I32And | O::I64And => self.binop(|t, a, b| t.builder.ins().band(a, b)),
            O::I32Or | O::I64Or => self.binop(|t, a, b| t.builder.ins().bor(a, b)),
            O::I32Xor | O::I64Xor => self.binop(|t, a, b| t.builder.ins().bxor(a, b)),
            // Cranelift masks shift and rotate amounts by the width, as wasm does.
            O::I32Shl | O::I64Shl => self.binop(|t, a, b| t.builder.ins().ishl(a, b)),
            O::I32ShrS | O::I64ShrS => self.binop(|t, a, b| t.builder.ins().sshr(a, b)),
            O::I32ShrU | O::I64ShrU => self.binop(|t, a, b| t.builder.ins().ushr(a, b)),
            O::I32Rotl | O::I64Rotl => self.binop(|t, a, b| t.builder.ins().rotl(a, b)),
            O::I32Rotr | O::I64Rotr => self.binop(|t, a, b| t.builder.ins().rotr(a, b)),

            O::F32Abs | O::F64Abs => self.unop(|t, a| t.builder.ins().fabs(a)),
            O::F32Neg | O::F64Neg => self.unop(|t, a| t.builder.ins().fneg(a)),
            O::F32Ceil | O::F64Ceil => self.unop(|t, a| t.builder.ins().ceil(a)),
            O::F32Floor | O::F64Floor => self.unop(|t, a| t.builder.ins().floor(a)),
            O::F32Trunc | O::F64Trunc => self.unop(|t, a| t.builder.ins().trunc(a)),
            O::F32Nearest | O::F64Nearest => self.unop(|t, a| t.builder.ins().nearest(a)),
            O::F32Sqrt | O::F64Sqrt => self.unop(|t, a| t.builder.ins().sqrt(a)),
            O::F32Add | O::F64Add => self.binop(|t, a, b| t.builder.ins().fadd(a, b)),
            O::F32Sub | O::F64Sub => self.binop(|t, a, b| t.builder.ins().fsub(a, b)),
            O::F32Mul | O::F64Mul => self.binop(|t, a, b| t.builder.ins().fmul(a, b)),
            O::F32Div | O::F64Div => self.binop(|t, a, b| t.builder.ins().fdiv(a, b)),
            O::F32Min | O::F64Min => self.binop(|t, a, b| t.builder.ins().fmin(a, b)),
            O::F32Max | O::F64Max => self.binop(|t, a, b| t.builder.ins().fmax(a, b)),
            O::F32Copysign | O::F64Copysign => {
                self.binop(|t, a, b| t.builder.ins().fcopysign(a, b))
            }

            O::I32WrapI64 => self.unop(|t, a| t.builder.ins().ireduce(I32, a)),
            O::I64ExtendI32S => self.unop(|t, a| t.builder.ins().sextend(I64, a)),
            O::I64ExtendI32U => self.unop(|t, a| t.builder.ins().uextend(I64, a)),
            O::I32Extend8S => self.sign_extend(I32, types::I8),
            O::I32Extend16S => self.sign_extend(I32, types::I16),
            O::I64Extend8S => self.sign_extend(I64, types::I8),
            O::I64Extend16S => self.sign_extend(I64, types::I16),
            O::I64Extend32S => self.sign_extend(I64, I32),

            O::I32TruncF32S | O::I32TruncF64S => self.truncate(I32, true),
            O::I32TruncF32U | O::I32TruncF64U => self.truncate(I32, false),
            O::I64TruncF32S | O::I64TruncF64S => self.truncate(I64, true),
            O::I64TruncF32U | O::I64TruncF64U => self.truncate(I64, false),
            O::I32TruncSatF32S | O::I32TruncSatF64S => {
                self.unop(|t, a| t.builder.ins().fcvt_to_sint_sat(I32, a))
            }
            O::I32TruncSatF32U | O::I32TruncSatF64U => {
                self.unop(|t, a| t.builder.ins().fcvt_to_uint_sat(I32, a))
            }
            O::I64TruncSatF32S | O::I64TruncSatF64S => {
                self.unop(|t, a| t.builder.ins().fcvt_to_sint_sat(I64, a))
            }
            O::I64TruncSatF32U | O::I64TruncSatF64U => {
                self.unop(|t, a| t.builder.ins().fcvt_to_uint_sat(I64, a))
            }
            O::F32ConvertI32S | O::F32ConvertI64S => {
                self.unop(|t, a| t.builder.ins().fcvt_from_sint(F32, a))
            }
            O::F32ConvertI32U | O::F32ConvertI64U => {
                self.unop(|t, a| t.builder.ins().fcvt_from_uint(F32, a))
            }
            O::F64ConvertI32S | O::F64ConvertI64S => {
                self.unop(|t, a| t.builder.ins().fcvt_from_sint(F64, a))
            }
            O::F64ConvertI32U | O::F64ConvertI64U => {
                self.unop(|t, a| t.builder.ins().fcvt_from_uint(F64, a))
            }
            O::F32DemoteF64 => self.unop(|t, a| t.builder.ins().fdemote(F32, a)),
            O::F64PromoteF32 => self.unop(|t, a| t.builder.ins().fpromote(F64, a)),
            O::I32ReinterpretF32 => self.bitcast(I32),
            O::I64ReinterpretF64 => self.bitcast(I64),
            O::F32ReinterpretI32 => self.bitcast(F32),
            O::F64ReinterpretI64 => self.bitcast(F64),
            _ => return Ok(false),
        }
        Ok(true)
    }
}
