//! Semantics of the WebAssembly 2.0 numeric instructions (no SIMD), bit-exact
//! per the specification.
//!
//! Every function is named after its instruction with `.` replaced by `_`
//! (the names of wasmparser's `VisitOperator` methods without `visit_`).
//!
//! # Slot encoding
//!
//! Operands and results are untyped `u64` value slots:
//!
//! - `i32`: the value zero-extended (`x as u32 as u64`). Readers use only the
//!   low 32 bits (`v as u32`): the upper bits of an argument may be garbage.
//!   Every `i32` or `f32` result written here has its upper 32 bits zero.
//! - `i64`: all 64 bits.
//! - `f32`: its bit pattern (`f32::to_bits`), zero-extended like an `i32`.
//! - `f64`: its bit pattern (`f64::to_bits`).
//! - Comparison results are `i32` booleans: 0 or 1.
//!
//! Binary operators take the lower stack operand first (`i32_sub(a, b)` is
//! `a - b`). Operators that can trap (integer division and remainder, the
//! non-saturating float-to-int truncations) return `Result<u64, TrapCode>`.
//!
//! Float arithmetic uses Rust's IEEE operations and does not canonicalize
//! NaNs; `abs`, `neg` and `copysign` are pure sign-bit operations that keep
//! NaN payloads. Rounding and `sqrt` go through `libm` (the crate is
//! `no_std`) and quiet a NaN operand, as the spec requires an arithmetic NaN.

use crate::trap::TrapCode;

const F32_SIGN: u32 = 0x8000_0000;
const F32_QUIET: u32 = 0x0040_0000;
const F64_SIGN: u64 = 0x8000_0000_0000_0000;
const F64_QUIET: u64 = 0x0008_0000_0000_0000;

// --- Slot helpers ---

#[inline]
fn as_f32(v: u64) -> f32 {
    f32::from_bits(v as u32)
}
#[inline]
fn as_f64(v: u64) -> f64 {
    f64::from_bits(v)
}
#[inline]
fn ret_f32(x: f32) -> u64 {
    x.to_bits() as u64
}
#[inline]
fn ret_f64(x: f64) -> u64 {
    x.to_bits()
}
#[inline]
fn ret_i32(x: i32) -> u64 {
    x as u32 as u64
}

/// A NaN with its quiet bit set. Conversions must give arithmetic NaNs, and
/// soft-float targets (no FPU) keep a signalling NaN's bits as they are.
#[inline]
fn quiet_f32(x: f32) -> f32 {
    if x.is_nan() {
        f32::from_bits(x.to_bits() | F32_QUIET)
    } else {
        x
    }
}

#[inline]
fn quiet_f64(x: f64) -> f64 {
    if x.is_nan() {
        f64::from_bits(x.to_bits() | F64_QUIET)
    } else {
        x
    }
}

/// Applies a `libm` rounding function; a NaN operand comes back quieted.
#[inline]
fn f32_round_op(v: u64, f: fn(f32) -> f32) -> u64 {
    let x = as_f32(v);
    if x.is_nan() {
        return (v as u32 | F32_QUIET) as u64;
    }
    ret_f32(f(x))
}
#[inline]
fn f64_round_op(v: u64, f: fn(f64) -> f64) -> u64 {
    let x = as_f64(v);
    if x.is_nan() {
        return v | F64_QUIET;
    }
    ret_f64(f(x))
}

// --- Trap paths ---

#[cold]
#[inline(never)]
fn div_by_zero() -> TrapCode {
    TrapCode::IntegerDivisionByZero
}

/// `div_s` failed: either the divisor was zero or it was `MIN / -1`.
#[cold]
#[inline(never)]
fn div_s_trap(divisor_is_zero: bool) -> TrapCode {
    if divisor_is_zero {
        TrapCode::IntegerDivisionByZero
    } else {
        TrapCode::IntegerOverflow
    }
}

/// A trapping truncation failed: NaN, or out of range.
#[cold]
#[inline(never)]
fn trunc_trap(is_nan: bool) -> TrapCode {
    if is_nan {
        TrapCode::BadConversionToInteger
    } else {
        TrapCode::IntegerOverflow
    }
}

/// `x` if `lo < x < hi`; otherwise the truncation trap (NaN fails both tests).
#[inline]
fn f32_in(v: u64, lo: f32, hi: f32) -> Result<f32, TrapCode> {
    let x = as_f32(v);
    if x > lo && x < hi {
        Ok(x)
    } else {
        Err(trunc_trap(x.is_nan()))
    }
}
#[inline]
fn f64_in(v: u64, lo: f64, hi: f64) -> Result<f64, TrapCode> {
    let x = as_f64(v);
    if x > lo && x < hi {
        Ok(x)
    } else {
        Err(trunc_trap(x.is_nan()))
    }
}

/// Stamps out the operators that cannot trap and fit one expression: each
/// line `fn NAME(a) -> BODY;` or `fn NAME(a, b) -> BODY;` becomes
/// `#[inline] pub fn NAME(a: u64[, b: u64]) -> u64 { BODY }`, so
/// `grep "fn i32_add"` finds the definition and its body.
macro_rules! simple {
    ($(fn $name:ident($($arg:ident),+) -> $body:expr;)*) => {$(
        #[inline]
        pub fn $name($($arg: u64),+) -> u64 {
            $body
        }
    )*};
}

// --- i32 ---

simple! {
    fn i32_eqz(a) -> (a as u32 == 0) as u64;
    fn i32_eq(a, b) -> (a as u32 == b as u32) as u64;
    fn i32_ne(a, b) -> (a as u32 != b as u32) as u64;
    fn i32_lt_s(a, b) -> ((a as i32) < (b as i32)) as u64;
    fn i32_lt_u(a, b) -> ((a as u32) < (b as u32)) as u64;
    fn i32_gt_s(a, b) -> ((a as i32) > (b as i32)) as u64;
    fn i32_gt_u(a, b) -> ((a as u32) > (b as u32)) as u64;
    fn i32_le_s(a, b) -> ((a as i32) <= (b as i32)) as u64;
    fn i32_le_u(a, b) -> ((a as u32) <= (b as u32)) as u64;
    fn i32_ge_s(a, b) -> ((a as i32) >= (b as i32)) as u64;
    fn i32_ge_u(a, b) -> ((a as u32) >= (b as u32)) as u64;
    fn i32_clz(a) -> (a as u32).leading_zeros() as u64;
    fn i32_ctz(a) -> (a as u32).trailing_zeros() as u64;
    fn i32_popcnt(a) -> (a as u32).count_ones() as u64;
    fn i32_add(a, b) -> (a as u32).wrapping_add(b as u32) as u64;
    fn i32_sub(a, b) -> (a as u32).wrapping_sub(b as u32) as u64;
    fn i32_mul(a, b) -> (a as u32).wrapping_mul(b as u32) as u64;
    fn i32_and(a, b) -> (a as u32 & b as u32) as u64;
    fn i32_or(a, b) -> (a as u32 | b as u32) as u64;
    fn i32_xor(a, b) -> (a as u32 ^ b as u32) as u64;
    // `wrapping_shl`/`wrapping_shr` take the count modulo the bit width.
    fn i32_shl(a, b) -> (a as u32).wrapping_shl(b as u32) as u64;
    fn i32_shr_s(a, b) -> ret_i32((a as i32).wrapping_shr(b as u32));
    fn i32_shr_u(a, b) -> (a as u32).wrapping_shr(b as u32) as u64;
    fn i32_rotl(a, b) -> (a as u32).rotate_left(b as u32 % 32) as u64;
    fn i32_rotr(a, b) -> (a as u32).rotate_right(b as u32 % 32) as u64;
}

#[inline]
pub fn i32_div_s(a: u64, b: u64) -> Result<u64, TrapCode> {
    let (a, b) = (a as i32, b as i32);
    let q = a.checked_div(b).ok_or_else(|| div_s_trap(b == 0))?;
    Ok(ret_i32(q))
}
#[inline]
pub fn i32_div_u(a: u64, b: u64) -> Result<u64, TrapCode> {
    let q = (a as u32).checked_div(b as u32).ok_or_else(div_by_zero)?;
    Ok(q as u64)
}
/// `MIN rem_s -1` is 0, not a trap.
#[inline]
pub fn i32_rem_s(a: u64, b: u64) -> Result<u64, TrapCode> {
    let (a, b) = (a as i32, b as i32);
    if b == 0 {
        return Err(div_by_zero());
    }
    Ok(ret_i32(a.wrapping_rem(b)))
}
#[inline]
pub fn i32_rem_u(a: u64, b: u64) -> Result<u64, TrapCode> {
    let r = (a as u32).checked_rem(b as u32).ok_or_else(div_by_zero)?;
    Ok(r as u64)
}

// --- i64 ---

simple! {
    fn i64_eqz(a) -> (a == 0) as u64;
    fn i64_eq(a, b) -> (a == b) as u64;
    fn i64_ne(a, b) -> (a != b) as u64;
    fn i64_lt_s(a, b) -> ((a as i64) < (b as i64)) as u64;
    fn i64_lt_u(a, b) -> (a < b) as u64;
    fn i64_gt_s(a, b) -> ((a as i64) > (b as i64)) as u64;
    fn i64_gt_u(a, b) -> (a > b) as u64;
    fn i64_le_s(a, b) -> ((a as i64) <= (b as i64)) as u64;
    fn i64_le_u(a, b) -> (a <= b) as u64;
    fn i64_ge_s(a, b) -> ((a as i64) >= (b as i64)) as u64;
    fn i64_ge_u(a, b) -> (a >= b) as u64;
    fn i64_clz(a) -> a.leading_zeros() as u64;
    fn i64_ctz(a) -> a.trailing_zeros() as u64;
    fn i64_popcnt(a) -> a.count_ones() as u64;
    fn i64_add(a, b) -> a.wrapping_add(b);
    fn i64_sub(a, b) -> a.wrapping_sub(b);
    fn i64_mul(a, b) -> a.wrapping_mul(b);
    fn i64_and(a, b) -> a & b;
    fn i64_or(a, b) -> a | b;
    fn i64_xor(a, b) -> a ^ b;
    // `b as u32` keeps the count modulo 2^32, a multiple of 64.
    fn i64_shl(a, b) -> a.wrapping_shl(b as u32);
    fn i64_shr_s(a, b) -> (a as i64).wrapping_shr(b as u32) as u64;
    fn i64_shr_u(a, b) -> a.wrapping_shr(b as u32);
    fn i64_rotl(a, b) -> a.rotate_left((b % 64) as u32);
    fn i64_rotr(a, b) -> a.rotate_right((b % 64) as u32);
}

#[inline]
pub fn i64_div_s(a: u64, b: u64) -> Result<u64, TrapCode> {
    let (a, b) = (a as i64, b as i64);
    let q = a.checked_div(b).ok_or_else(|| div_s_trap(b == 0))?;
    Ok(q as u64)
}
#[inline]
pub fn i64_div_u(a: u64, b: u64) -> Result<u64, TrapCode> {
    a.checked_div(b).ok_or_else(div_by_zero)
}
/// `MIN rem_s -1` is 0, not a trap.
#[inline]
pub fn i64_rem_s(a: u64, b: u64) -> Result<u64, TrapCode> {
    let (a, b) = (a as i64, b as i64);
    if b == 0 {
        return Err(div_by_zero());
    }
    Ok(a.wrapping_rem(b) as u64)
}
#[inline]
pub fn i64_rem_u(a: u64, b: u64) -> Result<u64, TrapCode> {
    a.checked_rem(b).ok_or_else(div_by_zero)
}

// --- f32 and f64 ---
//
// Comparisons with a NaN operand are false, except `ne`, which is true.
// `nearest` is round-half-to-even (`rint` in the default rounding mode).

simple! {
    fn f32_eq(a, b) -> (as_f32(a) == as_f32(b)) as u64;
    fn f32_ne(a, b) -> (as_f32(a) != as_f32(b)) as u64;
    fn f32_lt(a, b) -> (as_f32(a) < as_f32(b)) as u64;
    fn f32_gt(a, b) -> (as_f32(a) > as_f32(b)) as u64;
    fn f32_le(a, b) -> (as_f32(a) <= as_f32(b)) as u64;
    fn f32_ge(a, b) -> (as_f32(a) >= as_f32(b)) as u64;
    fn f32_abs(a) -> (a as u32 & !F32_SIGN) as u64;
    fn f32_neg(a) -> (a as u32 ^ F32_SIGN) as u64;
    fn f32_copysign(a, b) -> ((a as u32 & !F32_SIGN) | (b as u32 & F32_SIGN)) as u64;
    fn f32_ceil(a) -> f32_round_op(a, libm::ceilf);
    fn f32_floor(a) -> f32_round_op(a, libm::floorf);
    fn f32_trunc(a) -> f32_round_op(a, libm::truncf);
    fn f32_nearest(a) -> f32_round_op(a, libm::rintf);
    fn f32_sqrt(a) -> f32_round_op(a, libm::sqrtf);
    fn f32_add(a, b) -> ret_f32(as_f32(a) + as_f32(b));
    fn f32_sub(a, b) -> ret_f32(as_f32(a) - as_f32(b));
    fn f32_mul(a, b) -> ret_f32(as_f32(a) * as_f32(b));
    fn f32_div(a, b) -> ret_f32(as_f32(a) / as_f32(b));

    fn f64_eq(a, b) -> (as_f64(a) == as_f64(b)) as u64;
    fn f64_ne(a, b) -> (as_f64(a) != as_f64(b)) as u64;
    fn f64_lt(a, b) -> (as_f64(a) < as_f64(b)) as u64;
    fn f64_gt(a, b) -> (as_f64(a) > as_f64(b)) as u64;
    fn f64_le(a, b) -> (as_f64(a) <= as_f64(b)) as u64;
    fn f64_ge(a, b) -> (as_f64(a) >= as_f64(b)) as u64;
    fn f64_abs(a) -> a & !F64_SIGN;
    fn f64_neg(a) -> a ^ F64_SIGN;
    fn f64_copysign(a, b) -> (a & !F64_SIGN) | (b & F64_SIGN);
    fn f64_ceil(a) -> f64_round_op(a, libm::ceil);
    fn f64_floor(a) -> f64_round_op(a, libm::floor);
    fn f64_trunc(a) -> f64_round_op(a, libm::trunc);
    fn f64_nearest(a) -> f64_round_op(a, libm::rint);
    fn f64_sqrt(a) -> f64_round_op(a, libm::sqrt);
    fn f64_add(a, b) -> ret_f64(as_f64(a) + as_f64(b));
    fn f64_sub(a, b) -> ret_f64(as_f64(a) - as_f64(b));
    fn f64_mul(a, b) -> ret_f64(as_f64(a) * as_f64(b));
    fn f64_div(a, b) -> ret_f64(as_f64(a) / as_f64(b));
}

// `min`/`max`: a NaN operand gives a NaN (`x + y` propagates it, quieted);
// between equal operands only the signs of zeros can differ, and the bitwise
// OR (for min) or AND (for max) of the patterns picks -0 or +0.

#[inline]
pub fn f32_min(a: u64, b: u64) -> u64 {
    let (x, y) = (as_f32(a), as_f32(b));
    if x < y {
        ret_f32(x)
    } else if y < x {
        ret_f32(y)
    } else if x == y {
        (a as u32 | b as u32) as u64
    } else {
        ret_f32(x + y)
    }
}
#[inline]
pub fn f32_max(a: u64, b: u64) -> u64 {
    let (x, y) = (as_f32(a), as_f32(b));
    if x > y {
        ret_f32(x)
    } else if y > x {
        ret_f32(y)
    } else if x == y {
        (a as u32 & b as u32) as u64
    } else {
        ret_f32(x + y)
    }
}
#[inline]
pub fn f64_min(a: u64, b: u64) -> u64 {
    let (x, y) = (as_f64(a), as_f64(b));
    if x < y {
        a
    } else if y < x {
        b
    } else if x == y {
        a | b
    } else {
        ret_f64(x + y)
    }
}
#[inline]
pub fn f64_max(a: u64, b: u64) -> u64 {
    let (x, y) = (as_f64(a), as_f64(b));
    if x > y {
        a
    } else if y > x {
        b
    } else if x == y {
        a & b
    } else {
        ret_f64(x + y)
    }
}

// --- Fused: a binary op of a product ---

// `a + b * c` and `a - b * c`, two roundings as the two wasm instructions
// make (never a fused multiply-add).
simple! {
    fn i32_mul_add(a, b, c) -> i32_add(a, i32_mul(b, c));
    fn i64_mul_add(a, b, c) -> i64_add(a, i64_mul(b, c));
    fn f32_mul_add(a, b, c) -> f32_add(a, f32_mul(b, c));
    fn f32_mul_sub(a, b, c) -> f32_sub(a, f32_mul(b, c));
    fn f64_mul_add(a, b, c) -> f64_add(a, f64_mul(b, c));
    fn f64_mul_sub(a, b, c) -> f64_sub(a, f64_mul(b, c));
}

// --- Conversions ---
//
// Rust's `as` does what the spec asks here: float-to-int saturates (NaN gives
// 0), int-to-float rounds once to nearest-even, demote/promote round exactly
// and quiet NaNs. Reinterpretations are free: the slot holds the bit pattern.

simple! {
    fn i32_wrap_i64(a) -> a as u32 as u64;
    fn i64_extend_i32_s(a) -> a as i32 as i64 as u64;
    fn i64_extend_i32_u(a) -> a as u32 as u64;
    fn i32_extend8_s(a) -> ret_i32(a as i8 as i32);
    fn i32_extend16_s(a) -> ret_i32(a as i16 as i32);
    fn i64_extend8_s(a) -> a as i8 as i64 as u64;
    fn i64_extend16_s(a) -> a as i16 as i64 as u64;
    fn i64_extend32_s(a) -> a as i32 as i64 as u64;

    fn i32_trunc_sat_f32_s(a) -> ret_i32(as_f32(a) as i32);
    fn i32_trunc_sat_f32_u(a) -> as_f32(a) as u32 as u64;
    fn i32_trunc_sat_f64_s(a) -> ret_i32(as_f64(a) as i32);
    fn i32_trunc_sat_f64_u(a) -> as_f64(a) as u32 as u64;
    fn i64_trunc_sat_f32_s(a) -> as_f32(a) as i64 as u64;
    fn i64_trunc_sat_f32_u(a) -> as_f32(a) as u64;
    fn i64_trunc_sat_f64_s(a) -> as_f64(a) as i64 as u64;
    fn i64_trunc_sat_f64_u(a) -> as_f64(a) as u64;

    fn f32_convert_i32_s(a) -> ret_f32(a as i32 as f32);
    fn f32_convert_i32_u(a) -> ret_f32(a as u32 as f32);
    fn f32_convert_i64_s(a) -> ret_f32(a as i64 as f32);
    fn f32_convert_i64_u(a) -> ret_f32(a as f32);
    fn f32_demote_f64(a) -> ret_f32(quiet_f32(as_f64(a) as f32));
    fn f64_convert_i32_s(a) -> ret_f64(a as i32 as f64);
    fn f64_convert_i32_u(a) -> ret_f64(a as u32 as f64);
    fn f64_convert_i64_s(a) -> ret_f64(a as i64 as f64);
    fn f64_convert_i64_u(a) -> ret_f64(a as f64);
    fn f64_promote_f32(a) -> ret_f64(quiet_f64(as_f32(a) as f64));
}

// Trapping truncations. Each accepts exactly the operands `x` with
// `lo < x < hi`, where `lo` and `hi` are the floats of the source type
// nearest to the range whose truncation toward zero falls outside it.

#[inline]
pub fn i32_trunc_f32_s(a: u64) -> Result<u64, TrapCode> {
    // lo: the f32 below -2^31 is -2^31 - 2^8.
    let x = f32_in(a, -2_147_483_904.0, 2_147_483_648.0)?;
    Ok(ret_i32(x as i32))
}
#[inline]
pub fn i32_trunc_f32_u(a: u64) -> Result<u64, TrapCode> {
    let x = f32_in(a, -1.0, 4_294_967_296.0)?;
    Ok(x as u32 as u64)
}
#[inline]
pub fn i32_trunc_f64_s(a: u64) -> Result<u64, TrapCode> {
    let x = f64_in(a, -2_147_483_649.0, 2_147_483_648.0)?;
    Ok(ret_i32(x as i32))
}
#[inline]
pub fn i32_trunc_f64_u(a: u64) -> Result<u64, TrapCode> {
    let x = f64_in(a, -1.0, 4_294_967_296.0)?;
    Ok(x as u32 as u64)
}
#[inline]
pub fn i64_trunc_f32_s(a: u64) -> Result<u64, TrapCode> {
    // lo: the f32 below -2^63 is -2^63 - 2^40; hi is 2^63.
    let x = f32_in(a, -9_223_373_136_366_403_584.0, 9_223_372_036_854_775_808.0)?;
    Ok(x as i64 as u64)
}
#[inline]
pub fn i64_trunc_f32_u(a: u64) -> Result<u64, TrapCode> {
    // hi is 2^64.
    let x = f32_in(a, -1.0, 18_446_744_073_709_551_616.0)?;
    Ok(x as u64)
}
#[inline]
pub fn i64_trunc_f64_s(a: u64) -> Result<u64, TrapCode> {
    // lo: the f64 below -2^63 is -2^63 - 2^11; hi is 2^63.
    let x = f64_in(a, -9_223_372_036_854_777_856.0, 9_223_372_036_854_775_808.0)?;
    Ok(x as i64 as u64)
}
#[inline]
pub fn i64_trunc_f64_u(a: u64) -> Result<u64, TrapCode> {
    // hi is 2^64.
    let x = f64_in(a, -1.0, 18_446_744_073_709_551_616.0)?;
    Ok(x as u64)
}

/// `ref.is_null`: references are stored as index + 1, null as 0.
#[inline]
pub fn ref_is_null(v: u64) -> u64 {
    (v == 0) as u64
}

/// `ref.as_non_null`: the reference itself, or a trap if it is null.
pub fn ref_as_non_null(v: u64) -> Result<u64, TrapCode> {
    if v == 0 {
        Err(TrapCode::NullReference)
    } else {
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trap::TrapCode::IntegerOverflow as Ovf;
    use crate::trap::TrapCode::{BadConversionToInteger as Nan, IntegerDivisionByZero as Div0};

    type Un = fn(u64) -> u64;
    type Bin = fn(u64, u64) -> u64;
    type TrapUn = fn(u64) -> Result<u64, TrapCode>;

    #[test]
    fn ref_as_non_null_keeps_all_64_bits() {
        assert_eq!(ref_as_non_null(0), Err(TrapCode::NullReference));
        assert_eq!(ref_as_non_null(1), Ok(1));
        // `ExternRef::new(u32::MAX)` is the slot 2^32.
        assert_eq!(ref_as_non_null(1 << 32), Ok(1 << 32));
        assert_eq!(ref_is_null(1 << 32), 0);
    }
    type TrapBin = fn(u64, u64) -> Result<u64, TrapCode>;

    fn f(x: f32) -> u64 {
        x.to_bits() as u64
    }
    fn d(x: f64) -> u64 {
        x.to_bits()
    }
    fn i(x: i32) -> u64 {
        x as u32 as u64
    }
    /// An i32 or f32 slot with garbage in its upper half.
    fn dirty(low: u64) -> u64 {
        0xdead_beef_0000_0000 | (low & 0xffff_ffff)
    }
    fn arith_nan32(v: u64) -> bool {
        v >> 32 == 0 && v as u32 & 0x7fc0_0000 == 0x7fc0_0000
    }
    fn arith_nan64(v: u64) -> bool {
        v & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000
    }
    fn check_un(cases: &[(Un, u64, u64)]) {
        for (n, &(op, a, want)) in cases.iter().enumerate() {
            assert_eq!(op(a), want, "case {n}: {a:#x}");
        }
    }
    fn check_bin(cases: &[(Bin, u64, u64, u64)]) {
        for (n, &(op, a, b, want)) in cases.iter().enumerate() {
            assert_eq!(op(a, b), want, "case {n}: {a:#x}, {b:#x}");
        }
    }

    #[test]
    fn integer_ops() {
        let (min32, min64) = (i(i32::MIN), i64::MIN as u64);
        check_bin(&[
            (i32_add, dirty(i(-1)), dirty(1), 0),
            (i32_sub, dirty(0), 1, 0xffff_ffff),
            (i32_mul, dirty(0x10000), 0x10000, 0),
            (i32_lt_s, dirty(i(-1)), 0, 1),
            (i32_lt_u, dirty(i(-1)), 0, 0),
            (i32_ge_u, dirty(i(-1)), 0, 1),
            (i64_lt_s, u64::MAX, 0, 1),
            (i32_shl, 1, 32, 1),
            (i32_shl, 1, 33, 2),
            (i32_shr_s, min32, 31, 0xffff_ffff),
            (i32_shr_s, min32, 32, min32),
            (i32_shr_u, min32, 63, 1),
            (i32_rotl, 0x8000_0001, 33, 3),
            (i32_rotr, 3, 0xffff_ffe1, 0x8000_0001),
            (i32_rotl, 0x1234_5678, 0x1_0000_0000, 0x1234_5678),
            (i64_shl, 1, 64, 1),
            (i64_shl, 1, 0x1_0000_0041, 2),
            (i64_shr_s, min64, 63, u64::MAX),
            (i64_shr_u, min64, 127, 1),
            (i64_rotl, 0x8000_0000_0000_0001, 65, 3),
            (i64_rotr, 3, u64::MAX, 6),
        ]);
        check_un(&[
            (i32_eqz, dirty(0), 1),
            (i32_clz, dirty(0), 32),
            (i32_ctz, dirty(0), 32),
            (i32_popcnt, dirty(i(-1)), 32),
            (i64_clz, 0, 64),
            (i64_ctz, 0, 64),
            (i32_wrap_i64, 0x1_2345_6789, 0x2345_6789),
            (i64_extend_i32_s, dirty(i(-2)), -2i64 as u64),
            (i64_extend_i32_u, dirty(i(-2)), 0xffff_fffe),
            (i32_extend8_s, 0x80, 0xffff_ff80),
            (i32_extend16_s, 0x1_8000, 0xffff_8000),
            (i64_extend8_s, 0x180, 0xffff_ffff_ffff_ff80),
            (i64_extend16_s, 0x8000, 0xffff_ffff_ffff_8000),
            (i64_extend32_s, 0x1_8000_0000, 0xffff_ffff_8000_0000),
        ]);
    }

    #[test]
    fn div_rem() {
        let (min32, min64) = (i(i32::MIN), i64::MIN as u64);
        let cases: &[(TrapBin, u64, u64, Result<u64, TrapCode>)] = &[
            (i32_div_s, 1, dirty(0), Err(Div0)),
            (i32_div_u, 1, dirty(0), Err(Div0)),
            (i32_rem_s, 1, dirty(0), Err(Div0)),
            (i32_rem_u, 1, dirty(0), Err(Div0)),
            (i64_div_s, 1, 0, Err(Div0)),
            (i64_div_u, 1, 0, Err(Div0)),
            (i64_rem_s, 1, 0, Err(Div0)),
            (i64_rem_u, 1, 0, Err(Div0)),
            (i32_div_s, min32, i(-1), Err(Ovf)),
            (i64_div_s, min64, u64::MAX, Err(Ovf)),
            (i32_rem_s, min32, i(-1), Ok(0)),
            (i64_rem_s, min64, u64::MAX, Ok(0)),
            (i32_div_s, dirty(i(-7)), 2, Ok(i(-3))),
            (i32_div_u, i(-7), 2, Ok(0x7fff_fffc)),
            (i64_div_s, -7i64 as u64, 2, Ok(-3i64 as u64)),
            (i64_rem_s, -7i64 as u64, 2, Ok(u64::MAX)),
            (i64_rem_u, u64::MAX, 10, Ok(5)),
        ];
        for (n, &(op, a, b, want)) in cases.iter().enumerate() {
            assert_eq!(op(a, b), want, "case {n}");
        }
    }

    /// `args` holds: lowest accepted, highest rejected below, highest accepted,
    /// lowest rejected above; `vals` the same as f64; `nans` NaN operands.
    fn check_trunc(op: TrapUn, args: [u64; 4], vals: [f64; 4], mask: u64, nans: [u64; 3]) {
        let want = |x: f64| Ok(libm::trunc(x) as i128 as u64 & mask);
        assert_eq!(op(args[0]), want(vals[0]), "{:?}", vals[0]);
        assert_eq!(op(args[1]), Err(Ovf), "{:?}", vals[1]);
        assert_eq!(op(args[2]), want(vals[2]), "{:?}", vals[2]);
        assert_eq!(op(args[3]), Err(Ovf), "{:?}", vals[3]);
        for nan in nans {
            assert_eq!(op(nan), Err(Nan));
        }
    }

    #[test]
    fn trapping_truncations() {
        const M32: u64 = 0xffff_ffff;
        const P31: f64 = 2147483648.0;
        const P32: f64 = 4294967296.0;
        const P63: f64 = 9223372036854775808.0;
        const P64: f64 = 18446744073709551616.0;
        let (p39, p40) = (549755813888.0, 1099511627776.0);
        let f32_cases: [(TrapUn, [f64; 4]); 4] = [
            (i32_trunc_f32_s, [-P31, -P31 - 256.0, P31 - 128.0, P31]),
            (i32_trunc_f32_u, [-0.9, -1.0, P32 - 256.0, P32]),
            (i64_trunc_f32_s, [-P63, -P63 - p40, P63 - p39, P63]),
            (i64_trunc_f32_u, [-0.9, -1.0, P64 - p40, P64]),
        ];
        let nans32 = [f(f32::NAN), f(-f32::NAN), dirty(0x7f80_0001)];
        for (n, (op, xs)) in f32_cases.into_iter().enumerate() {
            let mask = if n < 2 { M32 } else { !0 };
            check_trunc(
                op,
                xs.map(|x| f(x as f32)),
                xs.map(|x| x as f32 as f64),
                mask,
                nans32,
            );
            assert_eq!(op(f(f32::INFINITY)), Err(Ovf));
        }
        let f64_cases: [(TrapUn, [f64; 4]); 4] = [
            (
                i32_trunc_f64_s,
                [-2147483648.9, -2147483649.0, 2147483647.9, P31],
            ),
            (i32_trunc_f64_u, [-0.9, -1.0, 4294967295.9, P32]),
            (i64_trunc_f64_s, [-P63, -P63 - 2048.0, P63 - 1024.0, P63]),
            (i64_trunc_f64_u, [-0.9, -1.0, P64 - 2048.0, P64]),
        ];
        let nans64 = [d(f64::NAN), d(-f64::NAN), 0x7ff0_0000_0000_0001];
        for (n, (op, xs)) in f64_cases.into_iter().enumerate() {
            let mask = if n < 2 { M32 } else { !0 };
            check_trunc(op, xs.map(d), xs, mask, nans64);
            assert_eq!(op(d(f64::NEG_INFINITY)), Err(Ovf));
        }
        assert_eq!(i32_trunc_f32_s(f(-2147483648.0)), Ok(i(i32::MIN)));
        assert_eq!(i32_trunc_f64_s(d(2147483647.9)), Ok(i(i32::MAX)));
        assert_eq!(i32_trunc_f64_u(d(-0.9)), Ok(0));
        assert_eq!(i64_trunc_f32_s(dirty(f(-3.9))), Ok(-3i64 as u64));
    }

    #[test]
    fn saturating_truncations() {
        let (inf32, inf64) = (f32::INFINITY, f64::INFINITY);
        check_un(&[
            (i32_trunc_sat_f32_s, f(f32::NAN), 0),
            (i32_trunc_sat_f32_s, f(inf32), i(i32::MAX)),
            (i32_trunc_sat_f32_s, f(-inf32), i(i32::MIN)),
            (i32_trunc_sat_f32_u, f(-f32::NAN), 0),
            (i32_trunc_sat_f32_u, f(inf32), 0xffff_ffff),
            (i32_trunc_sat_f64_s, d(f64::NAN), 0),
            (i32_trunc_sat_f64_s, d(-2147483648.9), i(i32::MIN)),
            (i32_trunc_sat_f64_u, d(inf64), 0xffff_ffff),
            (i32_trunc_sat_f64_u, d(-inf64), 0),
            (i64_trunc_sat_f32_s, f(f32::NAN), 0),
            (i64_trunc_sat_f32_s, f(-inf32), i64::MIN as u64),
            (i64_trunc_sat_f32_u, f(inf32), u64::MAX),
            (i64_trunc_sat_f32_u, f(-1.0), 0),
            (i64_trunc_sat_f64_s, d(inf64), i64::MAX as u64),
            (i64_trunc_sat_f64_s, d(-f64::NAN), 0),
            (i64_trunc_sat_f64_u, d(f64::NAN), 0),
            (i64_trunc_sat_f64_u, d(inf64), u64::MAX),
        ]);
    }

    #[test]
    fn rounding() {
        let ties = [
            (0.5, 0.0),
            (1.5, 2.0),
            (2.5, 2.0),
            (-0.5, -0.0),
            (-2.5, -2.0),
            (-0.0, -0.0),
        ];
        for (x, want) in ties {
            assert_eq!(f64_nearest(d(x)), d(want), "nearest {x}");
            assert_eq!(f32_nearest(f(x as f32)), f(want as f32), "nearest {x}");
        }
        check_un(&[
            (f64_nearest, d(4503599627370497.0), d(4503599627370497.0)),
            (f32_nearest, dirty(f(8388609.0)), f(8388609.0)),
            (f32_ceil, f(-0.5), f(-0.0)),
            (f32_floor, f(-0.5), f(-1.0)),
            (f32_trunc, dirty(f(-1.5)), f(-1.0)),
            (f64_ceil, d(0.1), d(1.0)),
            (f64_floor, d(-0.0), d(-0.0)),
            (f64_trunc, d(-0.9), d(-0.0)),
            (f32_sqrt, f(4.0), f(2.0)),
            (f64_sqrt, d(-0.0), d(-0.0)),
        ]);
        assert!(arith_nan64(f64_sqrt(d(-1.0))));
        // A signalling NaN comes back quieted, payload and sign kept.
        for op in [f32_ceil, f32_floor, f32_trunc, f32_nearest, f32_sqrt] {
            assert_eq!(op(0xff80_0001), 0xffc0_0001);
            assert_eq!(op(dirty(0x7fc0_0000)), 0x7fc0_0000);
        }
        for op in [f64_ceil, f64_floor, f64_trunc, f64_nearest, f64_sqrt] {
            assert_eq!(op(0x7ff0_0000_0000_0001), 0x7ff8_0000_0000_0001);
        }
    }

    #[test]
    fn float_ops() {
        let (nan32, nan64) = (f(f32::NAN), d(f64::NAN));
        check_bin(&[
            (f32_min, f(-0.0), f(0.0), f(-0.0)),
            (f32_min, f(0.0), dirty(f(-0.0)), f(-0.0)),
            (f32_max, f(-0.0), f(0.0), f(0.0)),
            (f32_max, dirty(f(0.0)), f(-0.0), f(0.0)),
            (f64_min, d(-0.0), d(0.0), d(-0.0)),
            (f64_min, d(0.0), d(-0.0), d(-0.0)),
            (f64_max, d(-0.0), d(0.0), d(0.0)),
            (f64_max, d(0.0), d(-0.0), d(0.0)),
            (f32_min, f(1.0), f(-2.0), f(-2.0)),
            (f64_max, d(1.0), d(-2.0), d(1.0)),
            (f32_copysign, 0x7fa0_0123, f(-1.0), 0xffa0_0123),
            (f32_copysign, 0xffa0_0123, dirty(f(1.0)), 0x7fa0_0123),
            (
                f64_copysign,
                0x7ff0_0000_0000_0123,
                d(-0.0),
                0xfff0_0000_0000_0123,
            ),
            (f32_add, f(1.5), dirty(f(2.25)), f(3.75)),
            (f32_mul, f(-0.0), f(5.0), f(-0.0)),
            (f64_sub, d(0.1), d(0.3), d(0.1 - 0.3)),
            (f64_div, d(-1.0), d(0.0), d(f64::NEG_INFINITY)),
            (f32_eq, nan32, nan32, 0),
            (f32_ne, nan32, nan32, 1),
            (f32_lt, nan32, f(1.0), 0),
            (f32_ge, f(1.0), nan32, 0),
            (f32_eq, f(0.0), f(-0.0), 1),
            (f32_gt, dirty(f(2.0)), f(1.0), 1),
            (f64_ne, nan64, d(1.0), 1),
            (f64_lt, d(-0.0), d(0.0), 0),
            (f64_le, nan64, d(1.0), 0),
        ]);
        check_un(&[
            (f32_neg, 0x7fa0_0123, 0xffa0_0123),
            (f32_abs, 0xffa0_0123, 0x7fa0_0123),
            (f32_neg, dirty(0), 0x8000_0000),
            (f64_neg, 0x7ff0_0000_0000_0123, 0xfff0_0000_0000_0123),
            (f64_abs, 0xfff0_0000_0000_0123, 0x7ff0_0000_0000_0123),
        ]);
        let ops32: [Bin; 6] = [f32_min, f32_max, f32_add, f32_sub, f32_mul, f32_div];
        let ops64: [Bin; 6] = [f64_min, f64_max, f64_add, f64_sub, f64_mul, f64_div];
        for (op32, op64) in ops32.into_iter().zip(ops64) {
            let pairs = [
                (nan32, f(1.0)),
                (f(1.0), 0xff80_0001),
                (dirty(0x7f80_0001), nan32),
            ];
            // black_box: the interpreter only ever sees run-time operands;
            // a compile-time fold may keep a signalling NaN unquieted.
            use core::hint::black_box;
            for (a, b) in pairs {
                assert!(
                    arith_nan32(op32(black_box(a), black_box(b)) & 0x7fff_ffff),
                    "{a:#x} {b:#x}"
                );
            }
            for (a, b) in [(nan64, d(1.0)), (d(1.0), 0xfff0_0000_0000_0001)] {
                assert!(
                    arith_nan64(op64(black_box(a), black_box(b))),
                    "{a:#x} {b:#x}"
                );
            }
        }
    }

    #[test]
    fn conversions() {
        check_un(&[
            // i64 -> f32 rounds once, to nearest even (no double rounding via f64).
            (
                f32_convert_i64_s,
                0x0020_0000_2000_0001,
                f(9007200328482816.0),
            ),
            (
                f32_convert_i64_u,
                0x0020_0000_2000_0001,
                f(9007200328482816.0),
            ),
            (
                f32_convert_i64_s,
                0xffdf_ffff_dfff_ffff,
                f(-9007200328482816.0),
            ),
            (
                f32_convert_i64_u,
                0x8000_0080_0000_0001,
                f(9223373136366403584.0),
            ),
            (f32_convert_i64_u, u64::MAX, f(18446744073709551616.0)),
            (f32_convert_i32_s, dirty(i(-1)), f(-1.0)),
            (f32_convert_i32_u, dirty(i(-1)), f(4294967296.0)),
            (f32_convert_i32_s, 16777219, f(16777220.0)),
            (f64_convert_i32_s, dirty(i(-1)), d(-1.0)),
            (f64_convert_i32_u, dirty(i(-1)), d(4294967295.0)),
            (f64_convert_i64_s, 9007199254740993, d(9007199254740992.0)),
            (f64_convert_i64_u, 9007199254740995, d(9007199254740996.0)),
            (f32_demote_f64, d(1e300), f(f32::INFINITY)),
            (f32_demote_f64, d(-0.0), f(-0.0)),
            (f32_demote_f64, 0x7ff8_0000_0000_0000, 0x7fc0_0000),
            (f64_promote_f32, dirty(f(1.5)), d(1.5)),
            (f64_promote_f32, 0x7fc0_0000, 0x7ff8_0000_0000_0000),
        ]);
        assert!(arith_nan32(
            f32_demote_f64(0x7ff0_0000_0000_0001) & 0x7fff_ffff
        ));
        assert!(arith_nan64(f64_promote_f32(dirty(0x7f80_0001))));
    }
}
