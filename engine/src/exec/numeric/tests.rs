//! Unit tests of the semantics functions in `numeric.rs`.

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
