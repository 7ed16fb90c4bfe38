//! Integer and bitwise lanes, shuffles and lane access: one line each
//! over the lane library.

use super::lanes::{i8s, i16s, i32s, i64s, pairs, u8s, u16s, u32s, u64s, widen};

// ---- bitwise ----------------------------------------------------------

pub fn v128_not(a: u128) -> u128 {
    !a
}
pub fn v128_and(a: u128, b: u128) -> u128 {
    a & b
}
pub fn v128_andnot(a: u128, b: u128) -> u128 {
    a & !b
}
pub fn v128_or(a: u128, b: u128) -> u128 {
    a | b
}
pub fn v128_xor(a: u128, b: u128) -> u128 {
    a ^ b
}
pub fn v128_bitselect(a: u128, b: u128, c: u128) -> u128 {
    (a & c) | (b & !c)
}
pub fn v128_any_true(a: u128) -> u64 {
    (a != 0) as u64
}

// ---- lane tests -------------------------------------------------------

pub fn i8x16_all_true(a: u128) -> u64 {
    u8s::all_true(a)
}
pub fn i16x8_all_true(a: u128) -> u64 {
    u16s::all_true(a)
}
pub fn i32x4_all_true(a: u128) -> u64 {
    u32s::all_true(a)
}
pub fn i64x2_all_true(a: u128) -> u64 {
    u64s::all_true(a)
}
pub fn i8x16_bitmask(a: u128) -> u64 {
    u8s::bitmask(a)
}
pub fn i16x8_bitmask(a: u128) -> u64 {
    u16s::bitmask(a)
}
pub fn i32x4_bitmask(a: u128) -> u64 {
    u32s::bitmask(a)
}
pub fn i64x2_bitmask(a: u128) -> u64 {
    u64s::bitmask(a)
}

// ---- splat, extract, replace ------------------------------------------
// A scalar operand's slot may hold anything above its type's width
// (`Sp::set32`): each reads only its own bits.

pub fn i8x16_splat(x: u64) -> u128 {
    u8s::splat(x as u8)
}
pub fn i16x8_splat(x: u64) -> u128 {
    u16s::splat(x as u16)
}
pub fn i32x4_splat(x: u64) -> u128 {
    u32s::splat(x as u32)
}
pub fn i64x2_splat(x: u64) -> u128 {
    u64s::splat(x)
}
pub fn f32x4_splat(x: u64) -> u128 {
    u32s::splat(x as u32)
}
pub fn f64x2_splat(x: u64) -> u128 {
    u64s::splat(x)
}
pub fn i8x16_extract_lane_s(a: u128, lane: u32) -> u64 {
    i8s::lane(a, lane) as i32 as u32 as u64
}
pub fn i8x16_extract_lane_u(a: u128, lane: u32) -> u64 {
    u8s::lane(a, lane) as u64
}
pub fn i16x8_extract_lane_s(a: u128, lane: u32) -> u64 {
    i16s::lane(a, lane) as i32 as u32 as u64
}
pub fn i16x8_extract_lane_u(a: u128, lane: u32) -> u64 {
    u16s::lane(a, lane) as u64
}
pub fn i32x4_extract_lane(a: u128, lane: u32) -> u64 {
    u32s::lane(a, lane) as u64
}
pub fn i64x2_extract_lane(a: u128, lane: u32) -> u64 {
    u64s::lane(a, lane)
}
pub fn f32x4_extract_lane(a: u128, lane: u32) -> u64 {
    u32s::lane(a, lane) as u64
}
pub fn f64x2_extract_lane(a: u128, lane: u32) -> u64 {
    u64s::lane(a, lane)
}
pub fn i8x16_replace_lane(a: u128, x: u64, lane: u32) -> u128 {
    u8s::with_lane(a, lane, x as u8)
}
pub fn i16x8_replace_lane(a: u128, x: u64, lane: u32) -> u128 {
    u16s::with_lane(a, lane, x as u16)
}
pub fn i32x4_replace_lane(a: u128, x: u64, lane: u32) -> u128 {
    u32s::with_lane(a, lane, x as u32)
}
pub fn i64x2_replace_lane(a: u128, x: u64, lane: u32) -> u128 {
    u64s::with_lane(a, lane, x)
}
pub fn f32x4_replace_lane(a: u128, x: u64, lane: u32) -> u128 {
    u32s::with_lane(a, lane, x as u32)
}
pub fn f64x2_replace_lane(a: u128, x: u64, lane: u32) -> u128 {
    u64s::with_lane(a, lane, x)
}

// ---- shuffles ---------------------------------------------------------

/// Lane `i` is byte `lanes[i]` of `a` then `b` (validation keeps the
/// indices below 32; taken modulo 32 here).
pub fn i8x16_shuffle(a: u128, b: u128, lanes: u128) -> u128 {
    let (a, b, l) = (u8s::get(a), u8s::get(b), u8s::get(lanes));
    u8s::put(core::array::from_fn(|i| {
        let k = usize::from(l[i] % 32);
        if k < 16 { a[k] } else { b[k - 16] }
    }))
}
/// Lane `i` is byte `b[i]` of `a`, or 0 for an index past 15.
pub fn i8x16_swizzle(a: u128, b: u128) -> u128 {
    let (a, b) = (u8s::get(a), u8s::get(b));
    u8s::put(core::array::from_fn(|i| {
        a.get(usize::from(b[i])).copied().unwrap_or(0)
    }))
}
pub fn i8x16_relaxed_swizzle(a: u128, b: u128) -> u128 {
    i8x16_swizzle(a, b)
}

// ---- comparisons ------------------------------------------------------

macro_rules! comparisons {
    ($($name:ident: $shape:ident $op:tt;)*) => {
        $( pub fn $name(a: u128, b: u128) -> u128 {
            $shape::cmp(a, b, |x, y| x $op y)
        } )*
    };
}
comparisons! {
    i8x16_eq: u8s ==; i8x16_ne: u8s !=;
    i8x16_lt_s: i8s <; i8x16_lt_u: u8s <; i8x16_gt_s: i8s >; i8x16_gt_u: u8s >;
    i8x16_le_s: i8s <=; i8x16_le_u: u8s <=; i8x16_ge_s: i8s >=; i8x16_ge_u: u8s >=;
    i16x8_eq: u16s ==; i16x8_ne: u16s !=;
    i16x8_lt_s: i16s <; i16x8_lt_u: u16s <; i16x8_gt_s: i16s >; i16x8_gt_u: u16s >;
    i16x8_le_s: i16s <=; i16x8_le_u: u16s <=; i16x8_ge_s: i16s >=; i16x8_ge_u: u16s >=;
    i32x4_eq: u32s ==; i32x4_ne: u32s !=;
    i32x4_lt_s: i32s <; i32x4_lt_u: u32s <; i32x4_gt_s: i32s >; i32x4_gt_u: u32s >;
    i32x4_le_s: i32s <=; i32x4_le_u: u32s <=; i32x4_ge_s: i32s >=; i32x4_ge_u: u32s >=;
    i64x2_eq: u64s ==; i64x2_ne: u64s !=;
    i64x2_lt_s: i64s <; i64x2_gt_s: i64s >; i64x2_le_s: i64s <=; i64x2_ge_s: i64s >=;
}

// ---- lane arithmetic --------------------------------------------------

macro_rules! lanewise {
    ($($name:ident($($arg:ident),*): $shape:ident $f:expr;)*) => {
        $( pub fn $name($($arg: u128),*) -> u128 {
            lanewise!(@call $shape, $f, $($arg),*)
        } )*
    };
    (@call $shape:ident, $f:expr, $a:ident) => { $shape::map($a, $f) };
    (@call $shape:ident, $f:expr, $a:ident, $b:ident) => { $shape::zip($a, $b, $f) };
}
lanewise! {
    i8x16_abs(a): i8s i8::wrapping_abs;
    i16x8_abs(a): i16s i16::wrapping_abs;
    i32x4_abs(a): i32s i32::wrapping_abs;
    i64x2_abs(a): i64s i64::wrapping_abs;
    i8x16_neg(a): i8s i8::wrapping_neg;
    i16x8_neg(a): i16s i16::wrapping_neg;
    i32x4_neg(a): i32s i32::wrapping_neg;
    i64x2_neg(a): i64s i64::wrapping_neg;
    i8x16_popcnt(a): u8s |x| x.count_ones() as u8;
    i8x16_add(a, b): u8s u8::wrapping_add;
    i16x8_add(a, b): u16s u16::wrapping_add;
    i32x4_add(a, b): u32s u32::wrapping_add;
    i64x2_add(a, b): u64s u64::wrapping_add;
    i8x16_sub(a, b): u8s u8::wrapping_sub;
    i16x8_sub(a, b): u16s u16::wrapping_sub;
    i32x4_sub(a, b): u32s u32::wrapping_sub;
    i64x2_sub(a, b): u64s u64::wrapping_sub;
    i16x8_mul(a, b): u16s u16::wrapping_mul;
    i32x4_mul(a, b): u32s u32::wrapping_mul;
    i64x2_mul(a, b): u64s u64::wrapping_mul;
    i8x16_add_sat_s(a, b): i8s i8::saturating_add;
    i8x16_add_sat_u(a, b): u8s u8::saturating_add;
    i16x8_add_sat_s(a, b): i16s i16::saturating_add;
    i16x8_add_sat_u(a, b): u16s u16::saturating_add;
    i8x16_sub_sat_s(a, b): i8s i8::saturating_sub;
    i8x16_sub_sat_u(a, b): u8s u8::saturating_sub;
    i16x8_sub_sat_s(a, b): i16s i16::saturating_sub;
    i16x8_sub_sat_u(a, b): u16s u16::saturating_sub;
    i8x16_min_s(a, b): i8s Ord::min;
    i8x16_min_u(a, b): u8s Ord::min;
    i8x16_max_s(a, b): i8s Ord::max;
    i8x16_max_u(a, b): u8s Ord::max;
    i16x8_min_s(a, b): i16s Ord::min;
    i16x8_min_u(a, b): u16s Ord::min;
    i16x8_max_s(a, b): i16s Ord::max;
    i16x8_max_u(a, b): u16s Ord::max;
    i32x4_min_s(a, b): i32s Ord::min;
    i32x4_min_u(a, b): u32s Ord::min;
    i32x4_max_s(a, b): i32s Ord::max;
    i32x4_max_u(a, b): u32s Ord::max;
    i8x16_avgr_u(a, b): u8s |x, y| ((u16::from(x) + u16::from(y) + 1) >> 1) as u8;
    i16x8_avgr_u(a, b): u16s |x, y| ((u32::from(x) + u32::from(y) + 1) >> 1) as u16;
    i16x8_q15_mulr_sat_s(a, b): i16s q15mulr;
    i16x8_relaxed_q15mulr_s(a, b): i16s q15mulr;
}

/// `(x * y + 2^14) >> 15`, saturated to 16 bits (only -1.0 * -1.0
/// overflows).
fn q15mulr(x: i16, y: i16) -> i16 {
    let p = (i32::from(x) * i32::from(y) + 0x4000) >> 15;
    p.clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16
}

// ---- shifts (the count modulo the lane width) ---------------------------

pub fn i8x16_shl(a: u128, x: u64) -> u128 {
    u8s::map(a, |v| v << (x % 8))
}
pub fn i8x16_shr_s(a: u128, x: u64) -> u128 {
    i8s::map(a, |v| v >> (x % 8))
}
pub fn i8x16_shr_u(a: u128, x: u64) -> u128 {
    u8s::map(a, |v| v >> (x % 8))
}
pub fn i16x8_shl(a: u128, x: u64) -> u128 {
    u16s::map(a, |v| v << (x % 16))
}
pub fn i16x8_shr_s(a: u128, x: u64) -> u128 {
    i16s::map(a, |v| v >> (x % 16))
}
pub fn i16x8_shr_u(a: u128, x: u64) -> u128 {
    u16s::map(a, |v| v >> (x % 16))
}
pub fn i32x4_shl(a: u128, x: u64) -> u128 {
    u32s::map(a, |v| v << (x % 32))
}
pub fn i32x4_shr_s(a: u128, x: u64) -> u128 {
    i32s::map(a, |v| v >> (x % 32))
}
pub fn i32x4_shr_u(a: u128, x: u64) -> u128 {
    u32s::map(a, |v| v >> (x % 32))
}
pub fn i64x2_shl(a: u128, x: u64) -> u128 {
    u64s::map(a, |v| v << (x % 64))
}
pub fn i64x2_shr_s(a: u128, x: u64) -> u128 {
    i64s::map(a, |v| v >> (x % 64))
}
pub fn i64x2_shr_u(a: u128, x: u64) -> u128 {
    u64s::map(a, |v| v >> (x % 64))
}

// ---- narrowing and widening ---------------------------------------------

/// The lanes of `a` then of `b`, each saturated by `f`.
fn narrow16(a: u128, b: u128, f: impl Fn(i16) -> u8) -> u128 {
    let (a, b) = (i16s::get(a), i16s::get(b));
    u8s::put(core::array::from_fn(|i| {
        f(if i < 8 { a[i] } else { b[i - 8] })
    }))
}
fn narrow32(a: u128, b: u128, f: impl Fn(i32) -> u16) -> u128 {
    let (a, b) = (i32s::get(a), i32s::get(b));
    u16s::put(core::array::from_fn(|i| {
        f(if i < 4 { a[i] } else { b[i - 4] })
    }))
}
pub fn i8x16_narrow_i16x8_s(a: u128, b: u128) -> u128 {
    narrow16(a, b, |x| {
        x.clamp(i8::MIN.into(), i8::MAX.into()) as i8 as u8
    })
}
pub fn i8x16_narrow_i16x8_u(a: u128, b: u128) -> u128 {
    narrow16(a, b, |x| x.clamp(0, u8::MAX.into()) as u8)
}
pub fn i16x8_narrow_i32x4_s(a: u128, b: u128) -> u128 {
    narrow32(a, b, |x| {
        x.clamp(i16::MIN.into(), i16::MAX.into()) as i16 as u16
    })
}
pub fn i16x8_narrow_i32x4_u(a: u128, b: u128) -> u128 {
    narrow32(a, b, |x| x.clamp(0, u16::MAX.into()) as u16)
}

macro_rules! extends {
    ($($name:ident: $from:ident -> $to:ident, $high:literal, $t:ty;)*) => {
        $( pub fn $name(a: u128) -> u128 {
            $to::put(widen($from::get(a), $high, <$t>::from))
        } )*
    };
}
extends! {
    i16x8_extend_low_i8x16_s: i8s -> i16s, false, i16;
    i16x8_extend_high_i8x16_s: i8s -> i16s, true, i16;
    i16x8_extend_low_i8x16_u: u8s -> u16s, false, u16;
    i16x8_extend_high_i8x16_u: u8s -> u16s, true, u16;
    i32x4_extend_low_i16x8_s: i16s -> i32s, false, i32;
    i32x4_extend_high_i16x8_s: i16s -> i32s, true, i32;
    i32x4_extend_low_i16x8_u: u16s -> u32s, false, u32;
    i32x4_extend_high_i16x8_u: u16s -> u32s, true, u32;
    i64x2_extend_low_i32x4_s: i32s -> i64s, false, i64;
    i64x2_extend_high_i32x4_s: i32s -> i64s, true, i64;
    i64x2_extend_low_i32x4_u: u32s -> u64s, false, u64;
    i64x2_extend_high_i32x4_u: u32s -> u64s, true, u64;
}

macro_rules! ext_muls {
    ($($name:ident: $from:ident -> $to:ident, $high:literal, $t:ty;)*) => {
        $( pub fn $name(a: u128, b: u128) -> u128 {
            let a: [$t; $to::N] = widen($from::get(a), $high, <$t>::from);
            let b: [$t; $to::N] = widen($from::get(b), $high, <$t>::from);
            $to::put(core::array::from_fn(|i| a[i].wrapping_mul(b[i])))
        } )*
    };
}
ext_muls! {
    i16x8_ext_mul_low_i8x16_s: i8s -> i16s, false, i16;
    i16x8_ext_mul_high_i8x16_s: i8s -> i16s, true, i16;
    i16x8_ext_mul_low_i8x16_u: u8s -> u16s, false, u16;
    i16x8_ext_mul_high_i8x16_u: u8s -> u16s, true, u16;
    i32x4_ext_mul_low_i16x8_s: i16s -> i32s, false, i32;
    i32x4_ext_mul_high_i16x8_s: i16s -> i32s, true, i32;
    i32x4_ext_mul_low_i16x8_u: u16s -> u32s, false, u32;
    i32x4_ext_mul_high_i16x8_u: u16s -> u32s, true, u32;
    i64x2_ext_mul_low_i32x4_s: i32s -> i64s, false, i64;
    i64x2_ext_mul_high_i32x4_s: i32s -> i64s, true, i64;
    i64x2_ext_mul_low_i32x4_u: u32s -> u64s, false, u64;
    i64x2_ext_mul_high_i32x4_u: u32s -> u64s, true, u64;
}

pub fn i16x8_ext_add_pairwise_i8x16_s(a: u128) -> u128 {
    i16s::put(pairs(i8s::get(a), |x, y| i16::from(x) + i16::from(y)))
}
pub fn i16x8_ext_add_pairwise_i8x16_u(a: u128) -> u128 {
    u16s::put(pairs(u8s::get(a), |x, y| u16::from(x) + u16::from(y)))
}
pub fn i32x4_ext_add_pairwise_i16x8_s(a: u128) -> u128 {
    i32s::put(pairs(i16s::get(a), |x, y| i32::from(x) + i32::from(y)))
}
pub fn i32x4_ext_add_pairwise_i16x8_u(a: u128) -> u128 {
    u32s::put(pairs(u16s::get(a), |x, y| u32::from(x) + u32::from(y)))
}

// ---- dot products -------------------------------------------------------

pub fn i32x4_dot_i16x8_s(a: u128, b: u128) -> u128 {
    let p: [i32; 8] = {
        let (a, b) = (i16s::get(a), i16s::get(b));
        core::array::from_fn(|i| i32::from(a[i]) * i32::from(b[i]))
    };
    i32s::put(pairs(p, i32::wrapping_add))
}
/// Products of signed bytes, added in pairs (wrapping to 16 bits).
fn dot_bytes(a: u128, b: u128) -> [i16; 8] {
    let (a, b) = (i8s::get(a), i8s::get(b));
    let p: [i16; 16] = core::array::from_fn(|i| i16::from(a[i]) * i16::from(b[i]));
    pairs(p, i16::wrapping_add)
}
pub fn i16x8_relaxed_dot_i8x16_i7x16_s(a: u128, b: u128) -> u128 {
    i16s::put(dot_bytes(a, b))
}
pub fn i32x4_relaxed_dot_i8x16_i7x16_add_s(a: u128, b: u128, c: u128) -> u128 {
    let sums: [i32; 4] = pairs(dot_bytes(a, b), |x, y| i32::from(x) + i32::from(y));
    let c = i32s::get(c);
    i32s::put(core::array::from_fn(|i| sums[i].wrapping_add(c[i])))
}

// ---- relaxed lane selection ---------------------------------------------

pub fn i8x16_relaxed_laneselect(a: u128, b: u128, m: u128) -> u128 {
    v128_bitselect(a, b, m)
}
pub fn i16x8_relaxed_laneselect(a: u128, b: u128, m: u128) -> u128 {
    v128_bitselect(a, b, m)
}
pub fn i32x4_relaxed_laneselect(a: u128, b: u128, m: u128) -> u128 {
    v128_bitselect(a, b, m)
}
pub fn i64x2_relaxed_laneselect(a: u128, b: u128, m: u128) -> u128 {
    v128_bitselect(a, b, m)
}
