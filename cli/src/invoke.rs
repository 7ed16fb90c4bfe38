//! `--invoke`: arguments parsed from the command line, results printed.

use crate::Failure;
use mote::{Val, ValType};

/// Parses one argument as a value of type `ty`: decimal or `0x` hex
/// integers, floats as Rust parses them (`inf`, `nan` included).
pub fn parse_arg(text: &str, ty: ValType) -> Result<Val, Failure> {
    let bad = || Failure::usage(format!("cannot parse '{text}' as {ty}"));
    // An optional `-`, then decimal digits or `0x` and hex digits: nothing
    // else (no second sign, no sign after `0x`).
    let int = |t: &str| -> Option<i128> {
        let (neg, digits) = match t.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, t),
        };
        let (radix, digits) = match digits
            .strip_prefix("0x")
            .or_else(|| digits.strip_prefix("0X"))
        {
            Some(hex) => (16, hex),
            None => (10, digits),
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        let v = i128::from_str_radix(digits, radix).ok()?;
        Some(if neg { -v } else { v })
    };
    Ok(match ty {
        ValType::I32 => {
            let v = int(text).ok_or_else(bad)?;
            // Accept the signed and the unsigned range.
            if !(i32::MIN as i128..=u32::MAX as i128).contains(&v) {
                return Err(bad());
            }
            Val::I32(v as u32 as i32)
        }
        ValType::I64 => {
            let v = int(text).ok_or_else(bad)?;
            if !(i64::MIN as i128..=u64::MAX as i128).contains(&v) {
                return Err(bad());
            }
            Val::I64(v as u64 as i64)
        }
        ValType::F32 => Val::F32(text.parse::<f32>().map_err(|_| bad())?.to_bits()),
        ValType::F64 => Val::F64(text.parse::<f64>().map_err(|_| bad())?.to_bits()),
        // A v128 as one 128-bit integer (`0x` for hex), lane 0 lowest.
        ValType::V128 => Val::V128(int(text).ok_or_else(bad)? as u128),
        ValType::Ref(r) => {
            if text == "null" && r.is_nullable() {
                Val::default_for(ty)
            } else if r.is_nullable() {
                return Err(Failure::usage(format!("only 'null' can be passed as {ty}")));
            } else {
                return Err(Failure::usage(format!(
                    "a non-null reference ({ty}) cannot be passed from the command line"
                )));
            }
        }
    })
}

/// Formats a result the way `wasmtime --invoke` does: one value per line.
pub fn format_val(v: &Val) -> String {
    match *v {
        Val::I32(x) => x.to_string(),
        Val::I64(x) => x.to_string(),
        Val::F32(bits) => f32::from_bits(bits).to_string(),
        Val::F64(bits) => f64::from_bits(bits).to_string(),
        Val::V128(bits) => format!("{bits:#034x}"),
        Val::FuncRef(None) | Val::ExternRef(None) | Val::ExnRef(None) => "null".into(),
        Val::ExnRef(Some(_)) => "<exnref>".into(),
        Val::FuncRef(Some(_)) => "<funcref>".into(),
        Val::ExternRef(Some(r)) => format!("<externref {}>", r.get()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_integers_in_both_ranges_and_hex() {
        assert_eq!(parse_arg("-1", ValType::I32).ok(), Some(Val::I32(-1)));
        assert_eq!(
            parse_arg("4294967295", ValType::I32).ok(),
            Some(Val::I32(-1))
        );
        assert_eq!(parse_arg("0x10", ValType::I64).ok(), Some(Val::I64(16)));
        assert!(parse_arg("4294967296", ValType::I32).is_err());
        assert!(parse_arg("seven", ValType::I32).is_err());
        for bad in ["--5", "-0x-5", "0x+5", "+5", "-", "0x", "- 5", "5 "] {
            assert!(parse_arg(bad, ValType::I32).is_err(), "{bad}");
            assert!(parse_arg(bad, ValType::I64).is_err(), "{bad}");
        }
        assert_eq!(parse_arg("-0x10", ValType::I32).ok(), Some(Val::I32(-16)));
        assert_eq!(
            parse_arg("1.5", ValType::F64).ok(),
            Some(Val::F64(1.5f64.to_bits()))
        );
    }

    #[test]
    fn formats_values() {
        assert_eq!(format_val(&Val::I32(-3)), "-3");
        assert_eq!(format_val(&Val::F32(2.5f32.to_bits())), "2.5");
        assert_eq!(format_val(&Val::FuncRef(None)), "null");
    }
}
