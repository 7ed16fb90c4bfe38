//! The checker's tables against the op list.

use super::check::{args_extent, gate_ok, range_field};
use crate::ir::{FieldKind, OpCode};
use crate::module::ModuleInner;

/// Every op the engine runs from an image whose slots start a range has
/// that range's length in `args_extent`: an op added to the list with
/// an `args` field fails here until the checker knows its extent.
#[test]
fn every_slot_range_has_a_length() {
    let m = ModuleInner::default();
    for &op in OpCode::ALL {
        if range_field(op).is_some() && gate_ok(op) {
            // Ok(None) is "no range"; an error is a lookup of an index the
            // empty module lacks, so the op is listed.
            assert!(
                !matches!(args_extent(&m, op, &[0; 8]), Ok(None)),
                "{}",
                op.name()
            );
        }
    }
}

/// Every `U32` field names something the checker knows, and no op has
/// more fields than the checker keeps.
#[test]
fn every_index_field_is_known_to_the_checker() {
    const KNOWN: &[&str] = &[
        "func",
        "global",
        "table",
        "dst_table",
        "src_table",
        "memory",
        "dst_memory",
        "src_memory",
        "segment",
        "type_index",
        "tag",
        "offset",
        "addr",
        "amount",
        "op",
        "count",
        "len",
        "lane",
    ];
    for &op in OpCode::ALL {
        assert!(op.fields().len() <= 8, "{}", op.name());
        for &(name, kind) in op.fields() {
            if kind == FieldKind::U32 {
                assert!(KNOWN.contains(&name), "{}: {name}", op.name());
            }
        }
    }
}

/// An image's check refuses every SIMD op: it checks each slot field as
/// one slot, and a v128 operand takes two.
#[test]
fn simd_ops_are_refused() {
    let simd = OpCode::ALL
        .iter()
        .filter(|op| matches!(op.gate(), "simd" | "relaxed_simd"));
    let mut n = 0;
    for &op in simd {
        assert!(!gate_ok(op), "{}", op.name());
        n += 1;
    }
    assert_eq!(n, 256);
}
