//! Unit tests of the SIMD semantics: lane order, saturation, NaNs, the
//! relaxed choices, and memory access bounds.

use super::lanes::{i16s, u8s, u16s, u32s, u64s};
use super::*;
use crate::trap::TrapCode;

fn bytes(b: [u8; 16]) -> u128 {
    u128::from_le_bytes(b)
}

#[test]
fn lane_zero_is_the_low_bits() {
    let v = u32s::put([1, 2, 3, 4]);
    assert_eq!(v, 1 | (2 << 32) | (3 << 64) | (4 << 96));
    assert_eq!(i32x4_extract_lane(v, 3), 4);
    assert_eq!(i16x8_extract_lane_u(v, 2), 2);
    assert_eq!(
        i32x4_replace_lane(v, 0xffff_ffff_0000_0009, 1),
        u32s::put([1, 9, 3, 4])
    );
}

#[test]
fn extract_sign_extends_to_i32_only() {
    let v = u8s::splat(0x80);
    assert_eq!(i8x16_extract_lane_s(v, 5), 0xffff_ff80);
    assert_eq!(i8x16_extract_lane_u(v, 5), 0x80);
    assert_eq!(i16x8_extract_lane_s(i16s::splat(-2), 7), 0xffff_fffe);
}

#[test]
fn integer_lanes_wrap_and_saturate() {
    let a = u8s::splat(250);
    let b = u8s::splat(10);
    assert_eq!(i8x16_add(a, b), u8s::splat(4));
    assert_eq!(i8x16_add_sat_u(a, b), u8s::splat(255));
    assert_eq!(i8x16_sub_sat_u(b, a), 0);
    // 250 is -6 signed: -6 - 10.
    assert_eq!(i8x16_sub_sat_s(a, b), u8s::splat((-16i8) as u8));
    assert_eq!(i8x16_avgr_u(a, b), u8s::splat(130));
    assert_eq!(
        i16x8_q15_mulr_sat_s(i16s::splat(i16::MIN), i16s::splat(i16::MIN)),
        i16s::splat(i16::MAX)
    );
    assert_eq!(
        i8x16_narrow_i16x8_s(i16s::splat(300), i16s::splat(-300)),
        u8s::put(core::array::from_fn(|i| if i < 8 { 127 } else { 0x80 }))
    );
    assert_eq!(
        i8x16_narrow_i16x8_u(i16s::splat(300), i16s::splat(-3)),
        u8s::put(core::array::from_fn(|i| if i < 8 { 255 } else { 0 }))
    );
}

#[test]
fn shifts_take_the_count_modulo_the_lane_width() {
    assert_eq!(i32x4_shl(u32s::splat(1), 33), u32s::splat(2));
    assert_eq!(i8x16_shr_s(u8s::splat(0x80), 7 + 8), u8s::splat(0xff));
    assert_eq!(i8x16_shr_u(u8s::splat(0x80), 7), u8s::splat(1));
    assert_eq!(i64x2_shr_s(u64s::splat(1 << 63), 64 + 63), u128::MAX);
}

#[test]
fn widening_takes_the_right_half() {
    let v = u8s::put(core::array::from_fn(|i| i as u8 | 0x80));
    assert_eq!(
        i16x8_extend_low_i8x16_u(v),
        u16s::put(core::array::from_fn(|i| (i as u16) | 0x80))
    );
    assert_eq!(
        i16x8_extend_high_i8x16_s(v),
        i16s::put(core::array::from_fn(|i| ((i + 8) as u8 | 0x80) as i8 as i16))
    );
    assert_eq!(
        i16x8_ext_add_pairwise_i8x16_u(u8s::splat(255)),
        u16s::splat(510)
    );
    assert_eq!(
        i32x4_dot_i16x8_s(i16s::splat(i16::MIN), i16s::splat(i16::MIN)),
        u32s::splat(0x8000_0000)
    );
    assert_eq!(
        i64x2_ext_mul_high_i32x4_u(
            u32s::put([0, 0, u32::MAX, 2]),
            u32s::put([0, 0, u32::MAX, 3])
        ),
        u64s::put([0xffff_fffe_0000_0001, 6])
    );
}

#[test]
fn tests_and_masks() {
    assert_eq!(v128_any_true(1 << 127), 1);
    assert_eq!(v128_any_true(0), 0);
    assert_eq!(i32x4_all_true(u32s::put([1, 2, 3, 0])), 0);
    assert_eq!(i32x4_all_true(u32s::put([1, 2, 3, 4])), 1);
    assert_eq!(
        i8x16_bitmask(u8s::put(core::array::from_fn(|i| if i % 2 == 0 {
            0x80
        } else {
            0x7f
        }))),
        0x5555
    );
    assert_eq!(i64x2_bitmask(u64s::put([1, 1 << 63])), 2);
    assert_eq!(i32x4_lt_s(u32s::splat(u32::MAX), 0), u128::MAX);
    assert_eq!(i32x4_lt_u(u32s::splat(u32::MAX), 0), 0);
}

#[test]
fn shuffle_and_swizzle_pick_bytes() {
    let a = bytes(core::array::from_fn(|i| i as u8));
    let b = bytes(core::array::from_fn(|i| 16 + i as u8));
    let rev = bytes(core::array::from_fn(|i| 31 - i as u8));
    assert_eq!(
        i8x16_shuffle(a, b, rev),
        bytes(core::array::from_fn(|i| 31 - i as u8))
    );
    let idx = bytes(core::array::from_fn(
        |i| if i == 0 { 15 } else { 16 + i as u8 },
    ));
    assert_eq!(i8x16_swizzle(a, idx), 15);
    assert_eq!(i8x16_relaxed_swizzle(a, idx), 15);
}

#[test]
fn float_lanes_are_the_scalar_results() {
    let nan = 0x7fc0_0000u32;
    let one = 1.0f32.to_bits();
    let v = u32s::put([one, nan, (-0.0f32).to_bits(), 2.5f32.to_bits()]);
    let w = u32s::put([one, one, 0, 0.5f32.to_bits()]);
    let sum = u32s::get(f32x4_add(v, w));
    assert_eq!(sum[0], 2.0f32.to_bits());
    assert_eq!(sum[1] & 0x7fc0_0000, 0x7fc0_0000);
    assert_eq!(sum[3], 3.0f32.to_bits());
    // min of -0 and +0 is -0; pmin is `b < a ? b : a` (here a).
    assert_eq!(u32s::get(f32x4_min(v, w))[2], (-0.0f32).to_bits());
    assert_eq!(u32s::get(f32x4_pmin(v, w))[2], (-0.0f32).to_bits());
    assert_eq!(u32s::get(f32x4_pmax(w, v))[2], 0);
    assert_eq!(
        u32s::get(f32x4_nearest(u32s::splat(2.5f32.to_bits())))[0],
        2.0f32.to_bits()
    );
    assert_eq!(u32s::get(f32x4_eq(v, w)), [u32::MAX, 0, u32::MAX, 0]);
}

#[test]
fn conversions_saturate_and_zero_the_high_lanes() {
    let v = u64s::put([(-1.0e20f64).to_bits(), f64::NAN.to_bits()]);
    assert_eq!(
        u32s::get(i32x4_trunc_sat_f64x2_s_zero(v)),
        [i32::MIN as u32, 0, 0, 0]
    );
    assert_eq!(
        u32s::get(i32x4_trunc_sat_f32x4_u(u32s::splat((-3.0f32).to_bits()))),
        [0; 4]
    );
    let d = u32s::get(f32x4_demote_f64x2_zero(u64s::put([
        1.5f64.to_bits(),
        2.0f64.to_bits(),
    ])));
    assert_eq!(d, [1.5f32.to_bits(), 2.0f32.to_bits(), 0, 0]);
    let p = u64s::get(f64x2_convert_low_i32x4_u(u32s::put([u32::MAX, 1, 7, 7])));
    assert_eq!(p, [4294967295.0f64.to_bits(), 1.0f64.to_bits()]);
}

#[test]
fn relaxed_choices() {
    // madd rounds twice: (1 + 2^-23)^2 - 1 loses the 2^-46 term.
    let x = f32::from_bits(0x3f80_0001);
    let a = u32s::splat(x.to_bits());
    let c = u32s::splat((-1.0f32).to_bits());
    let unfused = (x * x) + -1.0;
    assert_eq!(u32s::get(f32x4_relaxed_madd(a, a, c))[0], unfused.to_bits());
    assert_eq!(i32x4_relaxed_laneselect(1, 2, u128::MAX), 1);
    assert_eq!(
        i32x4_relaxed_trunc_f32x4_s(u32s::splat(f32::NAN.to_bits())),
        0
    );
    let dot = i32x4_relaxed_dot_i8x16_i7x16_add_s(u8s::splat(0xff), u8s::splat(3), u32s::splat(10));
    assert_eq!(dot, u32s::splat(-2i32 as u32));
}

#[test]
fn memory_accesses_are_bounds_checked() {
    let mut mem = [0u8; 20];
    mem[4..20].copy_from_slice(&core::array::from_fn::<u8, 16, _>(|i| i as u8 + 1));
    assert_eq!(
        v128_load(&mem, 4, 0),
        Ok(bytes(core::array::from_fn(|i| i as u8 + 1)))
    );
    assert_eq!(v128_load(&mem, 5, 0), Err(TrapCode::MemoryOutOfBounds));
    assert_eq!(
        v128_load(&mem, 0xffff_ffff, 5),
        Err(TrapCode::MemoryOutOfBounds)
    );
    assert_eq!(
        v128_load8x8_u(&mem, 4, 0),
        Ok(u16s::put(core::array::from_fn(|i| i as u16 + 1)))
    );
    assert_eq!(
        v128_load32_zero(&mem, 16, 0),
        Ok(u128::from(u32::from_le_bytes([13, 14, 15, 16])))
    );
    assert_eq!(
        v128_load16_lane(&mem, 18, 0, 0, 7),
        Ok(u128::from(0x100fu16) << 112)
    );
    assert_eq!(v128_store8_lane(&mut mem, 19, 0, 0xaa << 8, 1), Ok(()));
    assert_eq!(mem[19], 0xaa);
    assert_eq!(
        v128_store(&mut mem, 5, 0, 0),
        Err(TrapCode::MemoryOutOfBounds)
    );
    assert_eq!(v128_store(&mut mem, 4, 0, u128::MAX), Ok(()));
    assert!(mem[4..].iter().all(|&b| b == 0xff));
}
