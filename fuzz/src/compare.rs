//! Comparing what two engines did: values bit for bit, except NaNs, which
//! the specification lets differ within their class.

use crate::engines::{CallResult, Snapshot, Step, Value};

/// A NaN's class. Arithmetic operations may return any NaN of the class
/// their inputs allow, with either sign; only operations that copy bits
/// (loads, constants, `reinterpret`, `neg`, `abs`, `copysign`) can produce a
/// signalling NaN, and those are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NanClass {
    /// Payload: only the quiet bit.
    Canonical,
    /// Quiet bit and some other payload bit.
    Arithmetic,
    /// Quiet bit clear: compared bit for bit.
    Signalling(u64),
}

fn class(bits: u64, exp_bits: u32, mantissa_bits: u32) -> Option<NanClass> {
    let exp = (bits >> mantissa_bits) & ((1 << exp_bits) - 1);
    let mantissa = bits & ((1 << mantissa_bits) - 1);
    if exp != (1 << exp_bits) - 1 || mantissa == 0 {
        return None;
    }
    let quiet = 1 << (mantissa_bits - 1);
    Some(if mantissa == quiet {
        NanClass::Canonical
    } else if mantissa & quiet != 0 {
        NanClass::Arithmetic
    } else {
        NanClass::Signalling(bits)
    })
}

/// The class of an `f32` NaN, `None` for a number.
pub fn f32_class(bits: u32) -> Option<NanClass> {
    class(u64::from(bits), 8, 23)
}

/// The class of an `f64` NaN, `None` for a number.
pub fn f64_class(bits: u64) -> Option<NanClass> {
    class(bits, 11, 52)
}

fn same_f32(x: u32, y: u32) -> bool {
    match (f32_class(x), f32_class(y)) {
        (None, None) => x == y,
        (cx, cy) => cx == cy,
    }
}

fn same_f64(x: u64, y: u64) -> bool {
    match (f64_class(x), f64_class(y)) {
        (None, None) => x == y,
        (cx, cy) => cx == cy,
    }
}

/// Two values are the same: equal bits, or NaNs of the same class. Where
/// the module does not make NaNs canonical (`canonical_nans` off), a NaN's
/// bits reach integers through `reinterpret` too, so two integers that are
/// both NaN patterns of one class are the same as well.
pub fn same_value(a: &Value, b: &Value, canonical_nans: bool) -> bool {
    match (a, b) {
        (Value::F32(x), Value::F32(y)) => same_f32(*x, *y),
        (Value::F64(x), Value::F64(y)) => same_f64(*x, *y),
        (Value::I32(x), Value::I32(y)) if !canonical_nans => {
            same_f32(x.cast_unsigned(), y.cast_unsigned())
        }
        (Value::I64(x), Value::I64(y)) if !canonical_nans => {
            same_f64(x.cast_unsigned(), y.cast_unsigned())
        }
        _ => a == b,
    }
}

fn same_values(a: &[Value], b: &[Value], canonical_nans: bool) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| same_value(x, y, canonical_nans))
}

/// Whether byte `i`, where the memories differ, lies in a 4- or 8-byte
/// window that holds a NaN of the same class in both.
fn nan_payload_difference(a: &[u8], b: &[u8], i: usize) -> bool {
    for width in [4usize, 8] {
        for start in i.saturating_sub(width - 1)..=i {
            let (Some(wa), Some(wb)) = (a.get(start..start + width), b.get(start..start + width))
            else {
                continue;
            };
            let same = if width == 4 {
                let x = u32::from_le_bytes(wa.try_into().unwrap_or([0; 4]));
                let y = u32::from_le_bytes(wb.try_into().unwrap_or([0; 4]));
                f32_class(x).is_some() && f32_class(x) == f32_class(y)
            } else {
                let x = u64::from_le_bytes(wa.try_into().unwrap_or([0; 8]));
                let y = u64::from_le_bytes(wb.try_into().unwrap_or([0; 8]));
                f64_class(x).is_some() && f64_class(x) == f64_class(y)
            };
            if same {
                return true;
            }
        }
    }
    false
}

/// The first difference between two memories, if any. With
/// `canonical_nans` off, bytes that differ only inside NaNs of the same
/// class are the same.
fn memory_difference(a: &[u8], b: &[u8], canonical_nans: bool) -> Option<String> {
    if a.len() != b.len() {
        return Some(format!("sizes {} and {} bytes", a.len(), b.len()));
    }
    let i = a
        .iter()
        .zip(b)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, _)| i)
        .find(|&i| canonical_nans || !nan_payload_difference(a, b, i))?;
    let window = |m: &[u8]| m[i.saturating_sub(4)..(i + 4).min(m.len())].to_vec();
    Some(format!(
        "byte {i}: {:02x?} and {:02x?} (from byte {})",
        window(a),
        window(b),
        i.saturating_sub(4)
    ))
}

fn snapshot_difference(a: &Snapshot, b: &Snapshot, canonical_nans: bool) -> Option<String> {
    if a.memories.len() != b.memories.len() {
        return Some("different exported memories".into());
    }
    for ((name, ma), (_, mb)) in a.memories.iter().zip(&b.memories) {
        if let Some(d) = memory_difference(ma, mb, canonical_nans) {
            return Some(format!("memory {name:?}: {d}"));
        }
    }
    if a.globals.len() != b.globals.len() {
        return Some("different exported globals".into());
    }
    for ((name, ga), (_, gb)) in a.globals.iter().zip(&b.globals) {
        if !same_value(ga, gb, canonical_nans) {
            return Some(format!("global {name:?}: {ga:?} and {gb:?}"));
        }
    }
    for ((name, ta), (_, tb)) in a.tables.iter().zip(&b.tables) {
        if ta != tb {
            return Some(format!(
                "table {name:?}: {} and {} elements, non-null at {:?} and {:?}",
                ta.len(),
                tb.len(),
                ta.iter()
                    .enumerate()
                    .filter(|e| *e.1)
                    .map(|e| e.0)
                    .collect::<Vec<_>>(),
                tb.iter()
                    .enumerate()
                    .filter(|e| *e.1)
                    .map(|e| e.0)
                    .collect::<Vec<_>>(),
            ));
        }
    }
    None
}

/// Whether two call results agree.
pub fn same_result(a: &CallResult, b: &CallResult, canonical_nans: bool) -> bool {
    match (a, b) {
        (CallResult::Returned(x), CallResult::Returned(y)) => same_values(x, y, canonical_nans),
        (CallResult::Trapped(x), CallResult::Trapped(y)) => x == y,
        _ => false,
    }
}

/// The first way two steps differ, if they do. Neither may be exhausted
/// (a limit of one engine says nothing about the program).
pub fn step_difference(a: &Step, b: &Step, canonical_nans: bool) -> Option<String> {
    if !same_result(&a.result, &b.result, canonical_nans) {
        return Some(format!("result {:?} and {:?}", a.result, b.result));
    }
    let calls_agree = a.host_calls.len() == b.host_calls.len()
        && a.host_calls
            .iter()
            .zip(&b.host_calls)
            .all(|((i, x), (j, y))| i == j && same_values(x, y, canonical_nans));
    if !calls_agree {
        return Some(format!(
            "host calls {:?} and {:?}",
            a.host_calls, b.host_calls
        ));
    }
    snapshot_difference(&a.after, &b.after, canonical_nans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_classes() {
        assert_eq!(f32_class(0x7fc0_0000), Some(NanClass::Canonical));
        assert_eq!(f32_class(0xffc0_0000), Some(NanClass::Canonical));
        assert_eq!(f32_class(0x7fc0_0001), Some(NanClass::Arithmetic));
        assert_eq!(
            f32_class(0x7f80_0001),
            Some(NanClass::Signalling(0x7f80_0001))
        );
        assert_eq!(f32_class(0x7f80_0000), None); // infinity
        assert_eq!(f64_class(0x7ff8_0000_0000_0000), Some(NanClass::Canonical));
        assert_eq!(f64_class(0xfff8_0000_0000_0001), Some(NanClass::Arithmetic));
        assert_eq!(f64_class(1.5f64.to_bits()), None);
    }

    #[test]
    fn values_compare_bits_and_nans_by_class() {
        let same = |a: u32, b: u32| same_value(&Value::F32(a), &Value::F32(b), true);
        assert!(same(0x7fc0_0000, 0xffc0_0000));
        assert!(same(0x7fc0_0001, 0x7fd0_0000));
        assert!(!same(0x7fc0_0000, 0x7fc0_0001));
        assert!(!same(0x7f80_0001, 0x7f80_0002));
        assert!(!same(0, 0x8000_0000)); // +0 and -0
        assert!(!same_value(&Value::I32(1), &Value::I64(1), false));
    }

    #[test]
    fn integers_holding_nans_compare_by_class_only_without_canonical_nans() {
        // f64.min(-nan, nan) reinterpreted: either sign is allowed.
        let (neg, pos) = (
            Value::I64(0xfff8_0000_0000_0000u64.cast_signed()),
            Value::I64(0x7ff8_0000_0000_0000),
        );
        assert!(same_value(&neg, &pos, false));
        assert!(!same_value(&neg, &pos, true));
        let (a, b) = (Value::I32(0x7fc0_0001), Value::I32(0x7fc0_0000));
        assert!(!same_value(&a, &b, false));
        assert!(!same_value(&Value::I32(5), &Value::I32(6), false));
    }

    #[test]
    fn memories_differ_only_outside_nans_of_one_class() {
        let mut a = vec![0u8; 16];
        let mut b = vec![0u8; 16];
        a[4..8].copy_from_slice(&0x7fc0_0001u32.to_le_bytes());
        b[4..8].copy_from_slice(&0x7fd0_0000u32.to_le_bytes());
        assert_eq!(memory_difference(&a, &b, false), None);
        assert!(memory_difference(&a, &b, true).is_some());
        b[4..8].copy_from_slice(&0x7fc0_0000u32.to_le_bytes());
        assert!(memory_difference(&a, &b, false).is_some());
        b[4..8].copy_from_slice(&0x7fd0_0000u32.to_le_bytes());
        b[12] = 1;
        assert!(
            memory_difference(&a, &b, false)
                .unwrap()
                .starts_with("byte 12")
        );
    }
}
