//! Float lanes and conversions. Each lane goes through the scalar
//! instruction's function in `numeric` (libm where `core` has no
//! operation, the same NaN rules), so a lane is bit for bit the scalar
//! result, on every target.

use super::lanes::{u32s, u64s};
use crate::exec::numeric as n;

/// The `f32` lane function of the scalar `f` over slots.
fn f32_1(f: fn(u64) -> u64) -> impl Fn(u32) -> u32 {
    move |x| f(u64::from(x)) as u32
}
fn f32_2(f: fn(u64, u64) -> u64) -> impl Fn(u32, u32) -> u32 {
    move |x, y| f(u64::from(x), u64::from(y)) as u32
}
/// A comparison's lane: all ones where the scalar `f` gives 1.
fn f32_cmp(f: fn(u64, u64) -> u64) -> impl Fn(u32, u32) -> bool {
    move |x, y| f(u64::from(x), u64::from(y)) != 0
}
fn f64_cmp(f: fn(u64, u64) -> u64) -> impl Fn(u64, u64) -> bool {
    move |x, y| f(x, y) != 0
}

macro_rules! f32_lanes {
    ($($name:ident($($arg:ident),*) = $scalar:ident;)*) => {
        $( pub fn $name($($arg: u128),*) -> u128 {
            f32_lanes!(@call $scalar, $($arg),*)
        } )*
    };
    (@call $scalar:ident, $a:ident) => { u32s::map($a, f32_1(n::$scalar)) };
    (@call $scalar:ident, $a:ident, $b:ident) => { u32s::zip($a, $b, f32_2(n::$scalar)) };
}
macro_rules! f64_lanes {
    ($($name:ident($($arg:ident),*) = $scalar:ident;)*) => {
        $( pub fn $name($($arg: u128),*) -> u128 {
            f64_lanes!(@call $scalar, $($arg),*)
        } )*
    };
    (@call $scalar:ident, $a:ident) => { u64s::map($a, n::$scalar) };
    (@call $scalar:ident, $a:ident, $b:ident) => { u64s::zip($a, $b, n::$scalar) };
}
f32_lanes! {
    f32x4_abs(a) = f32_abs; f32x4_neg(a) = f32_neg; f32x4_sqrt(a) = f32_sqrt;
    f32x4_ceil(a) = f32_ceil; f32x4_floor(a) = f32_floor; f32x4_trunc(a) = f32_trunc;
    f32x4_nearest(a) = f32_nearest;
    f32x4_add(a, b) = f32_add; f32x4_sub(a, b) = f32_sub; f32x4_mul(a, b) = f32_mul;
    f32x4_div(a, b) = f32_div; f32x4_min(a, b) = f32_min; f32x4_max(a, b) = f32_max;
    f32x4_relaxed_min(a, b) = f32_min; f32x4_relaxed_max(a, b) = f32_max;
}
f64_lanes! {
    f64x2_abs(a) = f64_abs; f64x2_neg(a) = f64_neg; f64x2_sqrt(a) = f64_sqrt;
    f64x2_ceil(a) = f64_ceil; f64x2_floor(a) = f64_floor; f64x2_trunc(a) = f64_trunc;
    f64x2_nearest(a) = f64_nearest;
    f64x2_add(a, b) = f64_add; f64x2_sub(a, b) = f64_sub; f64x2_mul(a, b) = f64_mul;
    f64x2_div(a, b) = f64_div; f64x2_min(a, b) = f64_min; f64x2_max(a, b) = f64_max;
    f64x2_relaxed_min(a, b) = f64_min; f64x2_relaxed_max(a, b) = f64_max;
}

macro_rules! comparisons {
    ($($name:ident: $shape:ident $cmp:ident $scalar:ident;)*) => {
        $( pub fn $name(a: u128, b: u128) -> u128 {
            $shape::cmp(a, b, $cmp(n::$scalar))
        } )*
    };
}
comparisons! {
    f32x4_eq: u32s f32_cmp f32_eq; f32x4_ne: u32s f32_cmp f32_ne;
    f32x4_lt: u32s f32_cmp f32_lt; f32x4_gt: u32s f32_cmp f32_gt;
    f32x4_le: u32s f32_cmp f32_le; f32x4_ge: u32s f32_cmp f32_ge;
    f64x2_eq: u64s f64_cmp f64_eq; f64x2_ne: u64s f64_cmp f64_ne;
    f64x2_lt: u64s f64_cmp f64_lt; f64x2_gt: u64s f64_cmp f64_gt;
    f64x2_le: u64s f64_cmp f64_le; f64x2_ge: u64s f64_cmp f64_ge;
}

// `pmin`/`pmax` are `b < a ? b : a` and `a < b ? b : a`: one operand's
// bits, NaNs and zeros' signs included.

pub fn f32x4_pmin(a: u128, b: u128) -> u128 {
    u32s::zip(a, b, |x, y| {
        if n::f32_lt(y.into(), x.into()) != 0 {
            y
        } else {
            x
        }
    })
}
pub fn f32x4_pmax(a: u128, b: u128) -> u128 {
    u32s::zip(a, b, |x, y| {
        if n::f32_lt(x.into(), y.into()) != 0 {
            y
        } else {
            x
        }
    })
}
pub fn f64x2_pmin(a: u128, b: u128) -> u128 {
    u64s::zip(a, b, |x, y| if n::f64_lt(y, x) != 0 { y } else { x })
}
pub fn f64x2_pmax(a: u128, b: u128) -> u128 {
    u64s::zip(a, b, |x, y| if n::f64_lt(x, y) != 0 { y } else { x })
}

// ---- conversions ----------------------------------------------------------

pub fn i32x4_trunc_sat_f32x4_s(a: u128) -> u128 {
    u32s::map(a, f32_1(n::i32_trunc_sat_f32_s))
}
pub fn i32x4_trunc_sat_f32x4_u(a: u128) -> u128 {
    u32s::map(a, f32_1(n::i32_trunc_sat_f32_u))
}
pub fn f32x4_convert_i32x4_s(a: u128) -> u128 {
    u32s::map(a, f32_1(n::f32_convert_i32_s))
}
pub fn f32x4_convert_i32x4_u(a: u128) -> u128 {
    u32s::map(a, f32_1(n::f32_convert_i32_u))
}
/// The two `f64` lanes through `f` into lanes 0 and 1 of four 32-bit
/// lanes, lanes 2 and 3 zero.
fn low_pair_of_f64(a: u128, f: fn(u64) -> u64) -> u128 {
    let l = u64s::get(a);
    u32s::put([f(l[0]) as u32, f(l[1]) as u32, 0, 0])
}
/// Lanes 0 and 1 of four 32-bit lanes through `f` into two 64-bit lanes.
fn f64_of_low_pair(a: u128, f: fn(u64) -> u64) -> u128 {
    let l = u32s::get(a);
    u64s::put([f(u64::from(l[0])), f(u64::from(l[1]))])
}
pub fn i32x4_trunc_sat_f64x2_s_zero(a: u128) -> u128 {
    low_pair_of_f64(a, n::i32_trunc_sat_f64_s)
}
pub fn i32x4_trunc_sat_f64x2_u_zero(a: u128) -> u128 {
    low_pair_of_f64(a, n::i32_trunc_sat_f64_u)
}
pub fn f32x4_demote_f64x2_zero(a: u128) -> u128 {
    low_pair_of_f64(a, n::f32_demote_f64)
}
pub fn f64x2_convert_low_i32x4_s(a: u128) -> u128 {
    f64_of_low_pair(a, n::f64_convert_i32_s)
}
pub fn f64x2_convert_low_i32x4_u(a: u128) -> u128 {
    f64_of_low_pair(a, n::f64_convert_i32_u)
}
pub fn f64x2_promote_low_f32x4(a: u128) -> u128 {
    f64_of_low_pair(a, n::f64_promote_f32)
}

// ---- relaxed (see the module docs of `simd` for the choices) -------------

pub fn i32x4_relaxed_trunc_f32x4_s(a: u128) -> u128 {
    i32x4_trunc_sat_f32x4_s(a)
}
pub fn i32x4_relaxed_trunc_f32x4_u(a: u128) -> u128 {
    i32x4_trunc_sat_f32x4_u(a)
}
pub fn i32x4_relaxed_trunc_f64x2_s_zero(a: u128) -> u128 {
    i32x4_trunc_sat_f64x2_s_zero(a)
}
pub fn i32x4_relaxed_trunc_f64x2_u_zero(a: u128) -> u128 {
    i32x4_trunc_sat_f64x2_u_zero(a)
}
/// `a * b + c`, rounded twice (not fused).
pub fn f32x4_relaxed_madd(a: u128, b: u128, c: u128) -> u128 {
    f32x4_add(f32x4_mul(a, b), c)
}
/// `-(a * b) + c`, rounded twice.
pub fn f32x4_relaxed_nmadd(a: u128, b: u128, c: u128) -> u128 {
    f32x4_add(f32x4_neg(f32x4_mul(a, b)), c)
}
pub fn f64x2_relaxed_madd(a: u128, b: u128, c: u128) -> u128 {
    f64x2_add(f64x2_mul(a, b), c)
}
pub fn f64x2_relaxed_nmadd(a: u128, b: u128, c: u128) -> u128 {
    f64x2_add(f64x2_neg(f64x2_mul(a, b)), c)
}
