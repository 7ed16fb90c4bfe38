//! 128-bit SIMD and relaxed SIMD.
//!
//! A `v128` is an `I8X16` between instructions (see [`super::ir_type`]):
//! each instruction bitcasts its operands to the lane shape it works on
//! ([`Translator::vpop`]) and its result back ([`Translator::vpush`]);
//! Cranelift emits no code for these bitcasts.
//!
//! Every instruction gives the interpreter's result bit for bit
//! (`engine/src/exec/simd`). The relaxed instructions are the
//! deterministic ones the interpreter documents for them: `relaxed_swizzle`
//! is `swizzle`, `relaxed_trunc*` are `trunc_sat*`, `relaxed_madd` and
//! `relaxed_nmadd` round twice (a multiply, then an add: never an `fma`),
//! `relaxed_laneselect` is `bitselect`, `relaxed_min`/`max` are `min`/`max`,
//! `relaxed_q15mulr_s` is `q15mulr_sat_s`, and the dot products take both
//! operands' bytes as signed and wrap their sums.
//!
//! Loads and stores check their bounds as the scalar ones do
//! ([`Translator::address`]).

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{self, ConstantData, InstBuilder, MemFlagsData, Value, types};
use wasmparser::{MemArg, Operator};

use super::Translator;
use crate::Error;

use types::{F32X4, F64X2, I8, I8X16, I16, I16X8, I32, I32X4, I64X2};

/// Flags for a bitcast between lane shapes: lane 0 is the low bits.
fn lanes() -> MemFlagsData {
    let mut f = MemFlagsData::new();
    f.set_endianness(ir::Endianness::Little);
    f
}

/// How a `v128.loadNxM` widens its lanes.
#[derive(Clone, Copy)]
enum Widen {
    Signed,
    Unsigned,
}

/// Whether `isa` has the 128-bit vectors this file's code needs: SSE4.1
/// on x86_64 (Cranelift's x64 lowerings of `nearest`, `floor` & co., of the
/// conversions and of lane inserts need it; x86-64-v2 has it), NEON on
/// aarch64 (every ARMv8-A core), the V extension on riscv64 (`riscv64gc`
/// has none: a module with `v128` is refused for it).
pub fn has_simd(isa: &dyn cranelift_codegen::isa::TargetIsa) -> bool {
    let flag = |name: &str| {
        isa.isa_flags()
            .iter()
            .any(|v| v.name == name && v.as_bool() == Some(true))
    };
    match isa.triple().architecture {
        target_lexicon::Architecture::X86_64 => flag("has_sse41"),
        target_lexicon::Architecture::Aarch64(_) => true,
        target_lexicon::Architecture::Riscv64(_) => flag("has_v"),
        _ => false,
    }
}

impl Translator<'_, '_> {
    /// A `v128` constant.
    pub(super) fn v128_const(&mut self, bits: u128) -> Value {
        let data = ConstantData::from(&bits.to_le_bytes()[..]);
        let c = self.builder.func.dfg.constants.insert(data);
        self.builder.ins().vconst(I8X16, c)
    }

    /// `v` as a vector of `ty`.
    fn cast(&mut self, ty: ir::Type, v: Value) -> Value {
        if self.builder.func.dfg.value_type(v) == ty {
            v
        } else {
            self.builder.ins().bitcast(ty, lanes(), v)
        }
    }

    /// Pops a `v128` as a vector of `ty`.
    fn vpop(&mut self, ty: ir::Type) -> Value {
        let v = self.pop();
        self.cast(ty, v)
    }

    /// Pushes a vector as a `v128` (an `I8X16`), a scalar as it is.
    fn vpush(&mut self, v: Value) {
        let ty = self.builder.func.dfg.value_type(v);
        let v = if ty.is_vector() {
            self.cast(I8X16, v)
        } else {
            v
        };
        self.push(v);
    }

    fn vunary(&mut self, ty: ir::Type, f: impl FnOnce(&mut Self, Value) -> Value) {
        let a = self.vpop(ty);
        let v = f(self, a);
        self.vpush(v);
    }

    fn vbinary(&mut self, ty: ir::Type, f: impl FnOnce(&mut Self, Value, Value) -> Value) {
        let b = self.vpop(ty);
        let a = self.vpop(ty);
        let v = f(self, a, b);
        self.vpush(v);
    }

    fn vternary(&mut self, ty: ir::Type, f: impl FnOnce(&mut Self, Value, Value, Value) -> Value) {
        let c = self.vpop(ty);
        let b = self.vpop(ty);
        let a = self.vpop(ty);
        let v = f(self, a, b, c);
        self.vpush(v);
    }

    fn vicmp(&mut self, ty: ir::Type, cc: IntCC) {
        self.vbinary(ty, |t, a, b| t.builder.ins().icmp(cc, a, b));
    }

    fn vfcmp(&mut self, ty: ir::Type, cc: FloatCC) {
        self.vbinary(ty, |t, a, b| t.builder.ins().fcmp(cc, a, b));
    }

    /// A shift: the vector of `ty` and an `i32` count, which Cranelift
    /// takes modulo the lane width, as wasm does.
    fn vshift(&mut self, ty: ir::Type, f: impl FnOnce(&mut Self, Value, Value) -> Value) {
        let n = self.pop();
        let a = self.vpop(ty);
        let v = f(self, a, n);
        self.vpush(v);
    }

    /// A boolean of the vector (`any_true`, `all_true`) as an `i32`.
    fn vtest(&mut self, ty: ir::Type, all: bool) {
        self.vunary(ty, |t, a| {
            let c = if all {
                t.builder.ins().vall_true(a)
            } else {
                t.builder.ins().vany_true(a)
            };
            t.builder.ins().uextend(I32, c)
        });
    }

    /// `extmul`: the low or high halves of both operands widened, then
    /// multiplied (exact in the wide lanes).
    fn extmul(&mut self, ty: ir::Type, high: bool, signed: bool) {
        self.vbinary(ty, |t, a, b| {
            let (a, b) = (t.widen(a, high, signed), t.widen(b, high, signed));
            t.builder.ins().imul(a, b)
        });
    }

    fn widen(&mut self, a: Value, high: bool, signed: bool) -> Value {
        let ins = self.builder.ins();
        match (high, signed) {
            (false, true) => ins.swiden_low(a),
            (true, true) => ins.swiden_high(a),
            (false, false) => ins.uwiden_low(a),
            (true, false) => ins.uwiden_high(a),
        }
    }

    /// `extadd_pairwise`: every lane widened, adjacent pairs added.
    fn extadd_pairwise(&mut self, ty: ir::Type, signed: bool) {
        self.vunary(ty, |t, a| {
            let low = t.widen(a, false, signed);
            let high = t.widen(a, true, signed);
            t.builder.ins().iadd_pairwise(low, high)
        });
    }

    /// The signed byte products of `a` and `b`, added in adjacent pairs,
    /// wrapping to 16 bits: the relaxed dot products' first step (each
    /// product fits 16 bits; only `-128 * -128` twice overflows the sum).
    fn dot_bytes(&mut self, a: Value, b: Value) -> Value {
        let (al, bl) = (self.widen(a, false, true), self.widen(b, false, true));
        let (ah, bh) = (self.widen(a, true, true), self.widen(b, true, true));
        let low = self.builder.ins().imul(al, bl);
        let high = self.builder.ins().imul(ah, bh);
        self.builder.ins().iadd_pairwise(low, high)
    }

    /// `pmin`/`pmax`: `b < a ? b : a` and `a < b ? b : a`, bit for bit
    /// (NaNs and signed zeros pass through as the comparison decides).
    fn pminmax(&mut self, ty: ir::Type, max: bool) {
        self.vbinary(ty, |t, a, b| {
            let c = if max {
                t.builder.ins().fcmp(FloatCC::LessThan, a, b)
            } else {
                t.builder.ins().fcmp(FloatCC::LessThan, b, a)
            };
            let c = t.cast(ty, c);
            t.builder.ins().bitselect(c, b, a)
        });
    }

    /// `i32x4.trunc_sat_f64x2_{s,u}_zero`: two saturated lanes, then two
    /// zeros (the narrowing of the 64-bit lanes saturates exactly as a
    /// direct conversion to 32 bits would).
    fn trunc_sat_zero(&mut self, signed: bool) {
        self.vunary(F64X2, |t, a| {
            // An I64X2 constant, not a bitcast one: Cranelift's x64 backend
            // lowers exactly this pattern.
            let data = ConstantData::from(&[0u8; 16][..]);
            let c = t.builder.func.dfg.constants.insert(data);
            let zero = t.builder.ins().vconst(I64X2, c);
            if signed {
                let w = t.builder.ins().fcvt_to_sint_sat(I64X2, a);
                t.builder.ins().snarrow(w, zero)
            } else {
                let w = t.builder.ins().fcvt_to_uint_sat(I64X2, a);
                t.builder.ins().uunarrow(w, zero)
            }
        });
    }

    /// `relaxed_madd` (`negate`: `relaxed_nmadd`): `a * b`, rounded, then
    /// `+ c`, rounded, as the interpreter does.
    fn madd(&mut self, ty: ir::Type, negate: bool) {
        self.vternary(ty, |t, a, b, c| {
            let p = t.builder.ins().fmul(a, b);
            let p = if negate { t.builder.ins().fneg(p) } else { p };
            t.builder.ins().fadd(p, c)
        });
    }

    fn extract(&mut self, ty: ir::Type, lane: u8, ext: Option<Widen>) {
        self.vunary(ty, |t, a| {
            let x = t.builder.ins().extractlane(a, lane);
            match ext {
                None => x,
                Some(Widen::Signed) => t.builder.ins().sextend(I32, x),
                Some(Widen::Unsigned) => t.builder.ins().uextend(I32, x),
            }
        });
    }

    fn replace(&mut self, ty: ir::Type, lane: u8) {
        let mut x = self.pop();
        let a = self.vpop(ty);
        if ty.lane_type().bits() < 32 {
            x = self.builder.ins().ireduce(ty.lane_type(), x);
        }
        let v = self.builder.ins().insertlane(a, x, lane);
        self.vpush(v);
    }

    fn splat(&mut self, ty: ir::Type) {
        let mut x = self.pop();
        if ty.lane_type().bits() < 32 {
            x = self.builder.ins().ireduce(ty.lane_type(), x);
        }
        let v = self.builder.ins().splat(ty, x);
        self.vpush(v);
    }

    // ---- memory ---------------------------------------------------------

    /// Loads a `t` (a lane or a whole vector) at the popped address.
    fn load_at(&mut self, m: &MemArg, t: ir::Type) -> Result<Value, Error> {
        let at = self.address(m, t.bytes() as u64)?;
        let f = self.heap_flags();
        Ok(self.builder.ins().load(t, f, at, 0))
    }

    /// `v128.loadNxM_{s,u}`: 8 bytes, each of their `lane`s widened.
    fn load_widen(&mut self, m: &MemArg, lane: ir::Type, w: Widen) -> Result<(), Error> {
        let at = self.address(m, 8)?;
        let f = self.heap_flags();
        let ins = self.builder.ins();
        let v = match (lane, w) {
            (I8, Widen::Signed) => ins.sload8x8(f, at, 0),
            (I8, Widen::Unsigned) => ins.uload8x8(f, at, 0),
            (I16, Widen::Signed) => ins.sload16x4(f, at, 0),
            (I16, Widen::Unsigned) => ins.uload16x4(f, at, 0),
            (_, Widen::Signed) => ins.sload32x2(f, at, 0),
            (_, Widen::Unsigned) => ins.uload32x2(f, at, 0),
        };
        self.vpush(v);
        Ok(())
    }

    fn load_splat(&mut self, m: &MemArg, ty: ir::Type) -> Result<(), Error> {
        let x = self.load_at(m, ty.lane_type())?;
        let v = self.builder.ins().splat(ty, x);
        self.vpush(v);
        Ok(())
    }

    /// `v128.load{32,64}_zero`: lane 0 loaded, the others zero.
    fn load_zero(&mut self, m: &MemArg, ty: ir::Type) -> Result<(), Error> {
        let x = self.load_at(m, ty.lane_type())?;
        let v = self.builder.ins().scalar_to_vector(ty, x);
        self.vpush(v);
        Ok(())
    }

    fn load_lane(&mut self, m: &MemArg, ty: ir::Type, lane: u8) -> Result<(), Error> {
        let a = self.vpop(ty);
        let x = self.load_at(m, ty.lane_type())?;
        let v = self.builder.ins().insertlane(a, x, lane);
        self.vpush(v);
        Ok(())
    }

    fn store_lane(&mut self, m: &MemArg, ty: ir::Type, lane: u8) -> Result<(), Error> {
        let a = self.vpop(ty);
        let x = self.builder.ins().extractlane(a, lane);
        let at = self.address(m, ty.lane_type().bytes() as u64)?;
        let f = self.heap_flags();
        self.builder.ins().store(f, x, at, 0);
        Ok(())
    }

    fn memory_simd(&mut self, op: &Operator<'_>) -> Result<bool, Error> {
        use Operator as O;
        use Widen::{Signed, Unsigned};
        match op {
            O::V128Load { memarg } => {
                let v = self.load_at(memarg, I8X16)?;
                self.push(v);
            }
            O::V128Store { memarg } => {
                let v = self.pop();
                let at = self.address(memarg, 16)?;
                let f = self.heap_flags();
                self.builder.ins().store(f, v, at, 0);
            }
            O::V128Load8x8S { memarg } => self.load_widen(memarg, I8, Signed)?,
            O::V128Load8x8U { memarg } => self.load_widen(memarg, I8, Unsigned)?,
            O::V128Load16x4S { memarg } => self.load_widen(memarg, I16, Signed)?,
            O::V128Load16x4U { memarg } => self.load_widen(memarg, I16, Unsigned)?,
            O::V128Load32x2S { memarg } => self.load_widen(memarg, I32, Signed)?,
            O::V128Load32x2U { memarg } => self.load_widen(memarg, I32, Unsigned)?,
            O::V128Load8Splat { memarg } => self.load_splat(memarg, I8X16)?,
            O::V128Load16Splat { memarg } => self.load_splat(memarg, I16X8)?,
            O::V128Load32Splat { memarg } => self.load_splat(memarg, I32X4)?,
            O::V128Load64Splat { memarg } => self.load_splat(memarg, I64X2)?,
            O::V128Load32Zero { memarg } => self.load_zero(memarg, I32X4)?,
            O::V128Load64Zero { memarg } => self.load_zero(memarg, I64X2)?,
            O::V128Load8Lane { memarg, lane } => self.load_lane(memarg, I8X16, *lane)?,
            O::V128Load16Lane { memarg, lane } => self.load_lane(memarg, I16X8, *lane)?,
            O::V128Load32Lane { memarg, lane } => self.load_lane(memarg, I32X4, *lane)?,
            O::V128Load64Lane { memarg, lane } => self.load_lane(memarg, I64X2, *lane)?,
            O::V128Store8Lane { memarg, lane } => self.store_lane(memarg, I8X16, *lane)?,
            O::V128Store16Lane { memarg, lane } => self.store_lane(memarg, I16X8, *lane)?,
            O::V128Store32Lane { memarg, lane } => self.store_lane(memarg, I32X4, *lane)?,
            O::V128Store64Lane { memarg, lane } => self.store_lane(memarg, I64X2, *lane)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    // ---- lanes, bitwise, integers -------------------------------------

    fn lanes_simd(&mut self, op: &Operator<'_>) -> bool {
        use Operator as O;
        use Widen::{Signed, Unsigned};
        match *op {
            O::V128Const { value } => {
                let v = self.v128_const(value.i128() as u128);
                self.push(v);
            }
            O::I8x16Shuffle { lanes } => {
                let b = self.vpop(I8X16);
                let a = self.vpop(I8X16);
                let mask = ConstantData::from(&lanes[..]);
                let mask = self.builder.func.dfg.immediates.push(mask);
                let v = self.builder.ins().shuffle(a, b, mask);
                self.vpush(v);
            }
            O::I8x16Swizzle | O::I8x16RelaxedSwizzle => {
                self.vbinary(I8X16, |t, a, b| t.builder.ins().swizzle(a, b))
            }
            O::I8x16Splat => self.splat(I8X16),
            O::I16x8Splat => self.splat(I16X8),
            O::I32x4Splat => self.splat(I32X4),
            O::I64x2Splat => self.splat(I64X2),
            O::F32x4Splat => self.splat(F32X4),
            O::F64x2Splat => self.splat(F64X2),
            O::I8x16ExtractLaneS { lane } => self.extract(I8X16, lane, Some(Signed)),
            O::I8x16ExtractLaneU { lane } => self.extract(I8X16, lane, Some(Unsigned)),
            O::I16x8ExtractLaneS { lane } => self.extract(I16X8, lane, Some(Signed)),
            O::I16x8ExtractLaneU { lane } => self.extract(I16X8, lane, Some(Unsigned)),
            O::I32x4ExtractLane { lane } => self.extract(I32X4, lane, None),
            O::I64x2ExtractLane { lane } => self.extract(I64X2, lane, None),
            O::F32x4ExtractLane { lane } => self.extract(F32X4, lane, None),
            O::F64x2ExtractLane { lane } => self.extract(F64X2, lane, None),
            O::I8x16ReplaceLane { lane } => self.replace(I8X16, lane),
            O::I16x8ReplaceLane { lane } => self.replace(I16X8, lane),
            O::I32x4ReplaceLane { lane } => self.replace(I32X4, lane),
            O::I64x2ReplaceLane { lane } => self.replace(I64X2, lane),
            O::F32x4ReplaceLane { lane } => self.replace(F32X4, lane),
            O::F64x2ReplaceLane { lane } => self.replace(F64X2, lane),

            O::V128Not => self.vunary(I8X16, |t, a| t.builder.ins().bnot(a)),
            O::V128And => self.vbinary(I8X16, |t, a, b| t.builder.ins().band(a, b)),
            O::V128AndNot => self.vbinary(I8X16, |t, a, b| t.builder.ins().band_not(a, b)),
            O::V128Or => self.vbinary(I8X16, |t, a, b| t.builder.ins().bor(a, b)),
            O::V128Xor => self.vbinary(I8X16, |t, a, b| t.builder.ins().bxor(a, b)),
            O::V128Bitselect
            | O::I8x16RelaxedLaneselect
            | O::I16x8RelaxedLaneselect
            | O::I32x4RelaxedLaneselect
            | O::I64x2RelaxedLaneselect => {
                self.vternary(I8X16, |t, a, b, m| t.builder.ins().bitselect(m, a, b))
            }
            O::V128AnyTrue => self.vtest(I8X16, false),
            O::I8x16AllTrue => self.vtest(I8X16, true),
            O::I16x8AllTrue => self.vtest(I16X8, true),
            O::I32x4AllTrue => self.vtest(I32X4, true),
            O::I64x2AllTrue => self.vtest(I64X2, true),
            O::I8x16Bitmask => self.vunary(I8X16, |t, a| t.builder.ins().vhigh_bits(I32, a)),
            O::I16x8Bitmask => self.vunary(I16X8, |t, a| t.builder.ins().vhigh_bits(I32, a)),
            O::I32x4Bitmask => self.vunary(I32X4, |t, a| t.builder.ins().vhigh_bits(I32, a)),
            O::I64x2Bitmask => self.vunary(I64X2, |t, a| t.builder.ins().vhigh_bits(I32, a)),
            _ => return false,
        }
        true
    }

    fn integer_simd(&mut self, op: &Operator<'_>) -> bool {
        use Operator as O;
        match *op {
            O::I8x16Eq => self.vicmp(I8X16, IntCC::Equal),
            O::I8x16Ne => self.vicmp(I8X16, IntCC::NotEqual),
            O::I8x16LtS => self.vicmp(I8X16, IntCC::SignedLessThan),
            O::I8x16LtU => self.vicmp(I8X16, IntCC::UnsignedLessThan),
            O::I8x16GtS => self.vicmp(I8X16, IntCC::SignedGreaterThan),
            O::I8x16GtU => self.vicmp(I8X16, IntCC::UnsignedGreaterThan),
            O::I8x16LeS => self.vicmp(I8X16, IntCC::SignedLessThanOrEqual),
            O::I8x16LeU => self.vicmp(I8X16, IntCC::UnsignedLessThanOrEqual),
            O::I8x16GeS => self.vicmp(I8X16, IntCC::SignedGreaterThanOrEqual),
            O::I8x16GeU => self.vicmp(I8X16, IntCC::UnsignedGreaterThanOrEqual),
            O::I16x8Eq => self.vicmp(I16X8, IntCC::Equal),
            O::I16x8Ne => self.vicmp(I16X8, IntCC::NotEqual),
            O::I16x8LtS => self.vicmp(I16X8, IntCC::SignedLessThan),
            O::I16x8LtU => self.vicmp(I16X8, IntCC::UnsignedLessThan),
            O::I16x8GtS => self.vicmp(I16X8, IntCC::SignedGreaterThan),
            O::I16x8GtU => self.vicmp(I16X8, IntCC::UnsignedGreaterThan),
            O::I16x8LeS => self.vicmp(I16X8, IntCC::SignedLessThanOrEqual),
            O::I16x8LeU => self.vicmp(I16X8, IntCC::UnsignedLessThanOrEqual),
            O::I16x8GeS => self.vicmp(I16X8, IntCC::SignedGreaterThanOrEqual),
            O::I16x8GeU => self.vicmp(I16X8, IntCC::UnsignedGreaterThanOrEqual),
            O::I32x4Eq => self.vicmp(I32X4, IntCC::Equal),
            O::I32x4Ne => self.vicmp(I32X4, IntCC::NotEqual),
            O::I32x4LtS => self.vicmp(I32X4, IntCC::SignedLessThan),
            O::I32x4LtU => self.vicmp(I32X4, IntCC::UnsignedLessThan),
            O::I32x4GtS => self.vicmp(I32X4, IntCC::SignedGreaterThan),
            O::I32x4GtU => self.vicmp(I32X4, IntCC::UnsignedGreaterThan),
            O::I32x4LeS => self.vicmp(I32X4, IntCC::SignedLessThanOrEqual),
            O::I32x4LeU => self.vicmp(I32X4, IntCC::UnsignedLessThanOrEqual),
            O::I32x4GeS => self.vicmp(I32X4, IntCC::SignedGreaterThanOrEqual),
            O::I32x4GeU => self.vicmp(I32X4, IntCC::UnsignedGreaterThanOrEqual),
            O::I64x2Eq => self.vicmp(I64X2, IntCC::Equal),
            O::I64x2Ne => self.vicmp(I64X2, IntCC::NotEqual),
            O::I64x2LtS => self.vicmp(I64X2, IntCC::SignedLessThan),
            O::I64x2GtS => self.vicmp(I64X2, IntCC::SignedGreaterThan),
            O::I64x2LeS => self.vicmp(I64X2, IntCC::SignedLessThanOrEqual),
            O::I64x2GeS => self.vicmp(I64X2, IntCC::SignedGreaterThanOrEqual),

            O::I8x16Abs => self.vunary(I8X16, |t, a| t.builder.ins().iabs(a)),
            O::I16x8Abs => self.vunary(I16X8, |t, a| t.builder.ins().iabs(a)),
            O::I32x4Abs => self.vunary(I32X4, |t, a| t.builder.ins().iabs(a)),
            O::I64x2Abs => self.vunary(I64X2, |t, a| t.builder.ins().iabs(a)),
            O::I8x16Neg => self.vunary(I8X16, |t, a| t.builder.ins().ineg(a)),
            O::I16x8Neg => self.vunary(I16X8, |t, a| t.builder.ins().ineg(a)),
            O::I32x4Neg => self.vunary(I32X4, |t, a| t.builder.ins().ineg(a)),
            O::I64x2Neg => self.vunary(I64X2, |t, a| t.builder.ins().ineg(a)),
            O::I8x16Popcnt => self.vunary(I8X16, |t, a| t.builder.ins().popcnt(a)),

            O::I8x16Add => self.vbinary(I8X16, |t, a, b| t.builder.ins().iadd(a, b)),
            O::I16x8Add => self.vbinary(I16X8, |t, a, b| t.builder.ins().iadd(a, b)),
            O::I32x4Add => self.vbinary(I32X4, |t, a, b| t.builder.ins().iadd(a, b)),
            O::I64x2Add => self.vbinary(I64X2, |t, a, b| t.builder.ins().iadd(a, b)),
            O::I8x16Sub => self.vbinary(I8X16, |t, a, b| t.builder.ins().isub(a, b)),
            O::I16x8Sub => self.vbinary(I16X8, |t, a, b| t.builder.ins().isub(a, b)),
            O::I32x4Sub => self.vbinary(I32X4, |t, a, b| t.builder.ins().isub(a, b)),
            O::I64x2Sub => self.vbinary(I64X2, |t, a, b| t.builder.ins().isub(a, b)),
            O::I16x8Mul => self.vbinary(I16X8, |t, a, b| t.builder.ins().imul(a, b)),
            O::I32x4Mul => self.vbinary(I32X4, |t, a, b| t.builder.ins().imul(a, b)),
            O::I64x2Mul => self.vbinary(I64X2, |t, a, b| t.builder.ins().imul(a, b)),
            O::I8x16AddSatS => self.vbinary(I8X16, |t, a, b| t.builder.ins().sadd_sat(a, b)),
            O::I16x8AddSatS => self.vbinary(I16X8, |t, a, b| t.builder.ins().sadd_sat(a, b)),
            O::I8x16AddSatU => self.vbinary(I8X16, |t, a, b| t.builder.ins().uadd_sat(a, b)),
            O::I16x8AddSatU => self.vbinary(I16X8, |t, a, b| t.builder.ins().uadd_sat(a, b)),
            O::I8x16SubSatS => self.vbinary(I8X16, |t, a, b| t.builder.ins().ssub_sat(a, b)),
            O::I16x8SubSatS => self.vbinary(I16X8, |t, a, b| t.builder.ins().ssub_sat(a, b)),
            O::I8x16SubSatU => self.vbinary(I8X16, |t, a, b| t.builder.ins().usub_sat(a, b)),
            O::I16x8SubSatU => self.vbinary(I16X8, |t, a, b| t.builder.ins().usub_sat(a, b)),
            O::I8x16MinS => self.vbinary(I8X16, |t, a, b| t.builder.ins().smin(a, b)),
            O::I16x8MinS => self.vbinary(I16X8, |t, a, b| t.builder.ins().smin(a, b)),
            O::I32x4MinS => self.vbinary(I32X4, |t, a, b| t.builder.ins().smin(a, b)),
            O::I8x16MinU => self.vbinary(I8X16, |t, a, b| t.builder.ins().umin(a, b)),
            O::I16x8MinU => self.vbinary(I16X8, |t, a, b| t.builder.ins().umin(a, b)),
            O::I32x4MinU => self.vbinary(I32X4, |t, a, b| t.builder.ins().umin(a, b)),
            O::I8x16MaxS => self.vbinary(I8X16, |t, a, b| t.builder.ins().smax(a, b)),
            O::I16x8MaxS => self.vbinary(I16X8, |t, a, b| t.builder.ins().smax(a, b)),
            O::I32x4MaxS => self.vbinary(I32X4, |t, a, b| t.builder.ins().smax(a, b)),
            O::I8x16MaxU => self.vbinary(I8X16, |t, a, b| t.builder.ins().umax(a, b)),
            O::I16x8MaxU => self.vbinary(I16X8, |t, a, b| t.builder.ins().umax(a, b)),
            O::I32x4MaxU => self.vbinary(I32X4, |t, a, b| t.builder.ins().umax(a, b)),
            O::I8x16AvgrU => self.vbinary(I8X16, |t, a, b| t.builder.ins().avg_round(a, b)),
            O::I16x8AvgrU => self.vbinary(I16X8, |t, a, b| t.builder.ins().avg_round(a, b)),
            O::I16x8Q15MulrSatS | O::I16x8RelaxedQ15mulrS => {
                self.vbinary(I16X8, |t, a, b| t.builder.ins().sqmul_round_sat(a, b))
            }

            O::I8x16Shl => self.vshift(I8X16, |t, a, n| t.builder.ins().ishl(a, n)),
            O::I16x8Shl => self.vshift(I16X8, |t, a, n| t.builder.ins().ishl(a, n)),
            O::I32x4Shl => self.vshift(I32X4, |t, a, n| t.builder.ins().ishl(a, n)),
            O::I64x2Shl => self.vshift(I64X2, |t, a, n| t.builder.ins().ishl(a, n)),
            O::I8x16ShrS => self.vshift(I8X16, |t, a, n| t.builder.ins().sshr(a, n)),
            O::I16x8ShrS => self.vshift(I16X8, |t, a, n| t.builder.ins().sshr(a, n)),
            O::I32x4ShrS => self.vshift(I32X4, |t, a, n| t.builder.ins().sshr(a, n)),
            O::I64x2ShrS => self.vshift(I64X2, |t, a, n| t.builder.ins().sshr(a, n)),
            O::I8x16ShrU => self.vshift(I8X16, |t, a, n| t.builder.ins().ushr(a, n)),
            O::I16x8ShrU => self.vshift(I16X8, |t, a, n| t.builder.ins().ushr(a, n)),
            O::I32x4ShrU => self.vshift(I32X4, |t, a, n| t.builder.ins().ushr(a, n)),
            O::I64x2ShrU => self.vshift(I64X2, |t, a, n| t.builder.ins().ushr(a, n)),

            O::I8x16NarrowI16x8S => self.vbinary(I16X8, |t, a, b| t.builder.ins().snarrow(a, b)),
            O::I8x16NarrowI16x8U => self.vbinary(I16X8, |t, a, b| t.builder.ins().unarrow(a, b)),
            O::I16x8NarrowI32x4S => self.vbinary(I32X4, |t, a, b| t.builder.ins().snarrow(a, b)),
            O::I16x8NarrowI32x4U => self.vbinary(I32X4, |t, a, b| t.builder.ins().unarrow(a, b)),
            O::I16x8ExtendLowI8x16S => self.vunary(I8X16, |t, a| t.widen(a, false, true)),
            O::I16x8ExtendHighI8x16S => self.vunary(I8X16, |t, a| t.widen(a, true, true)),
            O::I16x8ExtendLowI8x16U => self.vunary(I8X16, |t, a| t.widen(a, false, false)),
            O::I16x8ExtendHighI8x16U => self.vunary(I8X16, |t, a| t.widen(a, true, false)),
            O::I32x4ExtendLowI16x8S => self.vunary(I16X8, |t, a| t.widen(a, false, true)),
            O::I32x4ExtendHighI16x8S => self.vunary(I16X8, |t, a| t.widen(a, true, true)),
            O::I32x4ExtendLowI16x8U => self.vunary(I16X8, |t, a| t.widen(a, false, false)),
            O::I32x4ExtendHighI16x8U => self.vunary(I16X8, |t, a| t.widen(a, true, false)),
            O::I64x2ExtendLowI32x4S => self.vunary(I32X4, |t, a| t.widen(a, false, true)),
            O::I64x2ExtendHighI32x4S => self.vunary(I32X4, |t, a| t.widen(a, true, true)),
            O::I64x2ExtendLowI32x4U => self.vunary(I32X4, |t, a| t.widen(a, false, false)),
            O::I64x2ExtendHighI32x4U => self.vunary(I32X4, |t, a| t.widen(a, true, false)),
            O::I16x8ExtMulLowI8x16S => self.extmul(I8X16, false, true),
            O::I16x8ExtMulHighI8x16S => self.extmul(I8X16, true, true),
            O::I16x8ExtMulLowI8x16U => self.extmul(I8X16, false, false),
            O::I16x8ExtMulHighI8x16U => self.extmul(I8X16, true, false),
            O::I32x4ExtMulLowI16x8S => self.extmul(I16X8, false, true),
            O::I32x4ExtMulHighI16x8S => self.extmul(I16X8, true, true),
            O::I32x4ExtMulLowI16x8U => self.extmul(I16X8, false, false),
            O::I32x4ExtMulHighI16x8U => self.extmul(I16X8, true, false),
            O::I64x2ExtMulLowI32x4S => self.extmul(I32X4, false, true),
            O::I64x2ExtMulHighI32x4S => self.extmul(I32X4, true, true),
            O::I64x2ExtMulLowI32x4U => self.extmul(I32X4, false, false),
            O::I64x2ExtMulHighI32x4U => self.extmul(I32X4, true, false),
            O::I16x8ExtAddPairwiseI8x16S => self.extadd_pairwise(I8X16, true),
            O::I16x8ExtAddPairwiseI8x16U => self.extadd_pairwise(I8X16, false),
            O::I32x4ExtAddPairwiseI16x8S => self.extadd_pairwise(I16X8, true),
            O::I32x4ExtAddPairwiseI16x8U => self.extadd_pairwise(I16X8, false),
            O::I32x4DotI16x8S => self.vbinary(I16X8, |t, a, b| {
                let (al, bl) = (t.widen(a, false, true), t.widen(b, false, true));
                let (ah, bh) = (t.widen(a, true, true), t.widen(b, true, true));
                let low = t.builder.ins().imul(al, bl);
                let high = t.builder.ins().imul(ah, bh);
                t.builder.ins().iadd_pairwise(low, high)
            }),
            O::I16x8RelaxedDotI8x16I7x16S => self.vbinary(I8X16, |t, a, b| t.dot_bytes(a, b)),
            O::I32x4RelaxedDotI8x16I7x16AddS => {
                let c = self.vpop(I32X4);
                let b = self.vpop(I8X16);
                let a = self.vpop(I8X16);
                let d = self.dot_bytes(a, b);
                let (low, high) = (self.widen(d, false, true), self.widen(d, true, true));
                let sums = self.builder.ins().iadd_pairwise(low, high);
                let v = self.builder.ins().iadd(sums, c);
                self.vpush(v);
            }
            _ => return false,
        }
        true
    }

    // ---- floats ---------------------------------------------------------

    fn float_simd(&mut self, op: &Operator<'_>) -> bool {
        use Operator as O;
        match *op {
            O::F32x4Eq => self.vfcmp(F32X4, FloatCC::Equal),
            O::F32x4Ne => self.vfcmp(F32X4, FloatCC::NotEqual),
            O::F32x4Lt => self.vfcmp(F32X4, FloatCC::LessThan),
            O::F32x4Gt => self.vfcmp(F32X4, FloatCC::GreaterThan),
            O::F32x4Le => self.vfcmp(F32X4, FloatCC::LessThanOrEqual),
            O::F32x4Ge => self.vfcmp(F32X4, FloatCC::GreaterThanOrEqual),
            O::F64x2Eq => self.vfcmp(F64X2, FloatCC::Equal),
            O::F64x2Ne => self.vfcmp(F64X2, FloatCC::NotEqual),
            O::F64x2Lt => self.vfcmp(F64X2, FloatCC::LessThan),
            O::F64x2Gt => self.vfcmp(F64X2, FloatCC::GreaterThan),
            O::F64x2Le => self.vfcmp(F64X2, FloatCC::LessThanOrEqual),
            O::F64x2Ge => self.vfcmp(F64X2, FloatCC::GreaterThanOrEqual),

            O::F32x4Abs => self.vunary(F32X4, |t, a| t.builder.ins().fabs(a)),
            O::F64x2Abs => self.vunary(F64X2, |t, a| t.builder.ins().fabs(a)),
            O::F32x4Neg => self.vunary(F32X4, |t, a| t.builder.ins().fneg(a)),
            O::F64x2Neg => self.vunary(F64X2, |t, a| t.builder.ins().fneg(a)),
            O::F32x4Sqrt => self.vunary(F32X4, |t, a| t.builder.ins().sqrt(a)),
            O::F64x2Sqrt => self.vunary(F64X2, |t, a| t.builder.ins().sqrt(a)),
            O::F32x4Ceil => self.vunary(F32X4, |t, a| t.builder.ins().ceil(a)),
            O::F64x2Ceil => self.vunary(F64X2, |t, a| t.builder.ins().ceil(a)),
            O::F32x4Floor => self.vunary(F32X4, |t, a| t.builder.ins().floor(a)),
            O::F64x2Floor => self.vunary(F64X2, |t, a| t.builder.ins().floor(a)),
            O::F32x4Trunc => self.vunary(F32X4, |t, a| t.builder.ins().trunc(a)),
            O::F64x2Trunc => self.vunary(F64X2, |t, a| t.builder.ins().trunc(a)),
            O::F32x4Nearest => self.vunary(F32X4, |t, a| t.builder.ins().nearest(a)),
            O::F64x2Nearest => self.vunary(F64X2, |t, a| t.builder.ins().nearest(a)),
            O::F32x4Add => self.vbinary(F32X4, |t, a, b| t.builder.ins().fadd(a, b)),
            O::F64x2Add => self.vbinary(F64X2, |t, a, b| t.builder.ins().fadd(a, b)),
            O::F32x4Sub => self.vbinary(F32X4, |t, a, b| t.builder.ins().fsub(a, b)),
            O::F64x2Sub => self.vbinary(F64X2, |t, a, b| t.builder.ins().fsub(a, b)),
            O::F32x4Mul => self.vbinary(F32X4, |t, a, b| t.builder.ins().fmul(a, b)),
            O::F64x2Mul => self.vbinary(F64X2, |t, a, b| t.builder.ins().fmul(a, b)),
            O::F32x4Div => self.vbinary(F32X4, |t, a, b| t.builder.ins().fdiv(a, b)),
            O::F64x2Div => self.vbinary(F64X2, |t, a, b| t.builder.ins().fdiv(a, b)),
            O::F32x4Min | O::F32x4RelaxedMin => {
                self.vbinary(F32X4, |t, a, b| t.builder.ins().fmin(a, b))
            }
            O::F64x2Min | O::F64x2RelaxedMin => {
                self.vbinary(F64X2, |t, a, b| t.builder.ins().fmin(a, b))
            }
            O::F32x4Max | O::F32x4RelaxedMax => {
                self.vbinary(F32X4, |t, a, b| t.builder.ins().fmax(a, b))
            }
            O::F64x2Max | O::F64x2RelaxedMax => {
                self.vbinary(F64X2, |t, a, b| t.builder.ins().fmax(a, b))
            }
            O::F32x4PMin => self.pminmax(F32X4, false),
            O::F64x2PMin => self.pminmax(F64X2, false),
            O::F32x4PMax => self.pminmax(F32X4, true),
            O::F64x2PMax => self.pminmax(F64X2, true),
            O::F32x4RelaxedMadd => self.madd(F32X4, false),
            O::F32x4RelaxedNmadd => self.madd(F32X4, true),
            O::F64x2RelaxedMadd => self.madd(F64X2, false),
            O::F64x2RelaxedNmadd => self.madd(F64X2, true),

            O::I32x4TruncSatF32x4S | O::I32x4RelaxedTruncF32x4S => {
                self.vunary(F32X4, |t, a| t.builder.ins().fcvt_to_sint_sat(I32X4, a))
            }
            O::I32x4TruncSatF32x4U | O::I32x4RelaxedTruncF32x4U => {
                self.vunary(F32X4, |t, a| t.builder.ins().fcvt_to_uint_sat(I32X4, a))
            }
            O::I32x4TruncSatF64x2SZero | O::I32x4RelaxedTruncF64x2SZero => {
                self.trunc_sat_zero(true)
            }
            O::I32x4TruncSatF64x2UZero | O::I32x4RelaxedTruncF64x2UZero => {
                self.trunc_sat_zero(false)
            }
            O::F32x4ConvertI32x4S => {
                self.vunary(I32X4, |t, a| t.builder.ins().fcvt_from_sint(F32X4, a))
            }
            O::F32x4ConvertI32x4U => {
                self.vunary(I32X4, |t, a| t.builder.ins().fcvt_from_uint(F32X4, a))
            }
            O::F64x2ConvertLowI32x4S => self.vunary(I32X4, |t, a| {
                let w = t.widen(a, false, true);
                t.builder.ins().fcvt_from_sint(F64X2, w)
            }),
            O::F64x2ConvertLowI32x4U => self.vunary(I32X4, |t, a| {
                let w = t.widen(a, false, false);
                t.builder.ins().fcvt_from_uint(F64X2, w)
            }),
            O::F32x4DemoteF64x2Zero => self.vunary(F64X2, |t, a| t.builder.ins().fvdemote(a)),
            O::F64x2PromoteLowF32x4 => self.vunary(F32X4, |t, a| t.builder.ins().fvpromote_low(a)),
            _ => return false,
        }
        true
    }

    /// The SIMD instructions; `Ok(false)` for any other.
    pub(super) fn simd(&mut self, op: &Operator<'_>) -> Result<bool, Error> {
        if self.memory_simd(op)? {
            return Ok(true);
        }
        let done = self.lanes_simd(op) || self.integer_simd(op) || self.float_simd(op);
        Ok(done)
    }
}

/// The error for `v128` on a target without 128-bit vectors.
pub fn no_simd() -> Error {
    Error::Unsupported(
        "v128 on this target: it has no 128-bit vectors (riscv64gc lacks the V \
         extension Cranelift's riscv64 backend needs for SIMD)"
            .into(),
    )
}
