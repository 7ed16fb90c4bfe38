//! The checker's tables against the op list.

use super::check::{args_extent, range_field};
use super::ops::{MAX_FIELDS, Role, info};
use crate::ir::{FieldKind, OpCode};
use crate::module::ModuleInner;

/// Every op the engine runs from an image whose slots start a range has
/// that range's length in `args_extent`: an op added to the list with
/// an `args` field fails here until the checker knows its extent.
#[test]
fn every_slot_range_has_a_length() {
    let m = ModuleInner::default();
    for &op in OpCode::ALL {
        if range_field(op).is_some() && info(op).runs {
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
    ];
    for &op in OpCode::ALL {
        assert!(op.fields().len() <= MAX_FIELDS, "{}", op.name());
        for &(name, kind) in op.fields() {
            if kind == FieldKind::U32 {
                assert!(KNOWN.contains(&name), "{}: {name}", op.name());
            }
        }
    }
}

/// The compact table the check reads (`ops::INFO`) has every field of
/// every op, in order, each with the role its kind and name give it.
#[test]
fn the_check_table_matches_the_list() {
    for &op in OpCode::ALL {
        let i = info(op);
        let fields = op.fields();
        assert_eq!(usize::from(i.len), fields.len(), "{}", op.name());
        for (&(name, kind), &role) in fields.iter().zip(&i.roles) {
            let expect_kind = match role {
                Role::Slot => FieldKind::Slot,
                Role::Target => FieldKind::Target,
                Role::Imm64 => FieldKind::U64,
                Role::Imm32 => kind,
                Role::Unknown => panic!("{}: {name} has no role", op.name()),
                _ => FieldKind::U32,
            };
            assert_eq!(kind, expect_kind, "{}: {name}", op.name());
            assert_eq!(role.words(), kind.words(), "{}: {name}", op.name());
        }
        let range = fields
            .iter()
            .position(|(n, _)| matches!(*n, "args" | "values" | "first"));
        assert_eq!(range_field(op), range, "{}", op.name());
    }
    // Roles that depend on the op's semantics, not only the field's name.
    assert_eq!(info(OpCode::GlobalSet).roles[0], Role::GlobalSet);
    assert_eq!(info(OpCode::GlobalGet).roles[1], Role::Global);
    assert_eq!(info(OpCode::Call).roles[0], Role::DefinedFunc);
    assert_eq!(info(OpCode::CallImport).roles[0], Role::ImportedFunc);
    assert_eq!(
        info(OpCode::CallIndirect).roles[..2],
        [Role::Type, Role::CallTable]
    );
    assert!(info(OpCode::I32Load).memory0 && info(OpCode::MemoryGrow).memory0);
    assert!(!info(OpCode::MemoryGrowMem).memory0 && !info(OpCode::I32Add).memory0);
    assert!(!info(OpCode::CallRef).runs && info(OpCode::I32Add).runs);
}
