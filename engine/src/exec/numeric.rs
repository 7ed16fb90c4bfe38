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
    // `br_if (i32.and a b)`'s negation, for its compare-and-branch.
    fn i32_and_eqz(a, b) -> (a as u32 & b as u32 == 0) as u64;
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

// --- Fused: a binary op of a product or of a shift ---

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

// `(a * b) * c`, two roundings.
simple! {
    fn f32_mul_mul(a, b, c) -> f32_mul(f32_mul(a, b), c);
    fn f64_mul_mul(a, b, c) -> f64_mul(f64_mul(a, b), c);
}

// `a ^ (b << c)` and `a ^ (b >> c)`, `c` a constant: xorshift.
simple! {
    fn i32_shl_xor(a, b, c) -> i32_xor(a, i32_shl(b, c));
    fn i32_shr_u_xor(a, b, c) -> i32_xor(a, i32_shr_u(b, c));
}

// `(a op b) op2 c`, `b` and `c` constants.
simple! {
    fn i32_mul_add_imm(a, b, c) -> i32_add(i32_mul(a, b), c);
    fn i64_mul_add_imm(a, b, c) -> i64_add(i64_mul(a, b), c);
    fn i32_add_shr_u_imm(a, b, c) -> i32_shr_u(i32_add(a, b), c);
    fn i32_shr_u_and_imm(a, b, c) -> i32_and(i32_shr_u(a, b), c);
    fn i32_add_and_imm(a, b, c) -> i32_and(i32_add(a, b), c);
}

// `a + (b + c)`, `c` a constant.
simple! {
    fn i32_add_add(a, b, c) -> i32_add(a, i32_add(b, c));
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
mod tests;
