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
        "lane",
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

/// The compact table the check reads (`ops::SHAPES`, by `ops::SHAPE_OF`) has every field of
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
                Role::Slot2 => FieldKind::Slot2,
                Role::Shuffle => FieldKind::V128,
                Role::Target => FieldKind::Target,
                Role::Imm64 => FieldKind::U64,
                Role::Imm128 => FieldKind::V128,
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
    assert!(info(OpCode::CallRef).runs && info(OpCode::I32Add).runs);
    assert_eq!(
        info(OpCode::CallRef).roles[..3],
        [Role::Type, Role::Slot, Role::Slot]
    );
}

/// An image whose `call_ref` reads its callee from a slot holding a plain
/// integer (which the check, not typing slots, lets through) traps as a
/// call of the wrong type, as `call_indirect` does; it neither indexes past
/// the store's functions nor calls a function of another type.
#[test]
#[cfg(feature = "wasm")]
fn a_forged_call_ref_callee_traps() {
    use crate::{Config, Engine, Error, Linker, Module, Store, TrapCode, Val};
    let wasm = wat::parse_str(
        r#"(module
          (type $t (func (result i32)))
          (func $k (type $t) (i32.const 7))
          (elem declare func $k)
          (func (export "call") (param i64) (result i32)
            (call_ref $t (ref.func $k)))
          (func (export "tail") (param i64) (result i32)
            (return_call_ref $t (ref.func $k))))"#,
    )
    .unwrap();
    let engine = Engine::new(&Config::default());
    let module = Module::new(&engine, &wasm).unwrap();
    let mut image = module.to_image().unwrap();
    // Each call's callee field, rewritten to slot 0: the i64 parameter.
    let code = &module.inner.code;
    let mut forged = 0;
    for at in 0..code.len() {
        let op = code[at];
        if op != OpCode::CallRef as u16 && op != OpCode::ReturnCallRef as u16 {
            continue;
        }
        // code, type_index (two words), args, callee
        let Some(words) = code.get(at..at + 5) else {
            continue;
        };
        assert_ne!(words[4], 0, "the callee is a temporary, not the parameter");
        rewrite_word(&mut image, words, 4, 0);
        forged += 1;
    }
    assert_eq!(forged, 2);

    let module = Module::from_image(&engine, &image).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    for name in ["call", "tail"] {
        let f = instance.get_func(&store, name).unwrap();
        for forged in [12_345_i64, -1, i64::MAX] {
            let mut out = [Val::I32(0)];
            match f.call(&mut store, &[Val::I64(forged)], &mut out) {
                Err(Error::Trap(t)) => assert_eq!(t.code(), TrapCode::BadSignature, "{name}"),
                other => panic!("{name}({forged}): {other:?}"),
            }
        }
        // Null (0 + 1 = 1 would be function 0: a real function).
        let mut out = [Val::I32(0)];
        match f.call(&mut store, &[Val::I64(0)], &mut out) {
            Err(Error::Trap(t)) => assert_eq!(t.code(), TrapCode::NullFunctionReference),
            other => panic!("{name}(null): {other:?}"),
        }
    }
}

/// An image may mark an op's accumulator form only where the translator
/// would: right after the op whose result it reads, where no branch enters.
#[test]
#[cfg(feature = "wasm")]
fn an_accumulator_form_out_of_place_is_refused() {
    use crate::ir::{ACC_A, ACC_B};
    use crate::{Config, Engine, Module};
    // The add writes slot 2, which the loop's mul reads: the mul is marked
    // in the loop, not at its head (the branch back enters there).
    let wasm = wat::parse_str(
        r#"(module
          (func (export "f") (param i32 i32) (result i32) (local i32)
            (local.set 2 (i32.add (local.get 0) (local.get 1)))
            (loop $l
              (local.set 2 (i32.mul (local.get 2) (local.get 1)))
              (local.set 2 (i32.sub (local.get 2) (local.get 1)))
              (br_if $l (i32.lt_u (local.get 2) (i32.const 1000))))
            (local.get 2)))"#,
    )
    .unwrap();
    let engine = Engine::new(&Config::default());
    let module = Module::new(&engine, &wasm).unwrap();
    let image = module.to_image().unwrap();
    assert!(Module::from_image(&engine, &image).is_ok());
    let code = module.inner.code.clone();
    let op_at = |at: usize| OpCode::from_word_acc(code[at]).map(|(op, _)| op);
    let mut starts = alloc::vec::Vec::new();
    let mut at = 0;
    while let Some(op) = code.get(at).and_then(|_| op_at(at)) {
        starts.push(at);
        at += op.len();
    }
    let find = |code: OpCode| {
        starts
            .iter()
            .position(|&at| op_at(at) == Some(code))
            .unwrap()
    };
    let (mul, sub) = (find(OpCode::I32Mul), find(OpCode::I32Sub));
    assert_eq!(code[starts[mul]] & (ACC_A | ACC_B), 0, "the loop's head");
    assert_eq!(code[starts[sub]] & (ACC_A | ACC_B), ACC_A, "after the mul");
    let refused = |k: usize, value: u16| {
        let mut bad = image.clone();
        let (from, to) = (starts[k - 1], starts[k + 1]);
        rewrite_word(&mut bad, &code[from..to], starts[k] - from, value);
        Module::from_image(&engine, &bad).is_err()
    };
    // The sub's flag moved to `b`, a slot the mul did not write: refused;
    // the plain sub: fine.
    assert!(refused(sub, code[starts[sub]] ^ (ACC_A | ACC_B)));
    assert!(!refused(sub, code[starts[sub]] & !ACC_A));
    // The mul marked where the branch back enters: refused, though the
    // add before it wrote its `a`.
    assert!(refused(mul, code[starts[mul]] | ACC_A));
}

/// A function or exception reference that an image's untyped slot forges
/// reaches the host as null, not as a handle whose lookups would fail.
#[test]
#[cfg(feature = "wasm")]
fn a_forged_reference_reaches_the_host_as_null() {
    use crate::{Config, Engine, Func, Linker, Module, Store, Val};
    let wasm = wat::parse_str(
        r#"(module
          (func $k (result i32) (i32.const 7))
          (elem declare func $k)
          (func (export "get") (param i64) (result funcref)
            (ref.func $k)))"#,
    )
    .unwrap();
    let engine = Engine::new(&Config::default());
    let module = Module::new(&engine, &wasm).unwrap();
    let mut image = module.to_image().unwrap();
    // The `ReturnValue`'s value field, rewritten to slot 0: the i64.
    let code = &module.inner.code;
    let at = (0..code.len())
        .rev()
        .find(|&at| code[at] == OpCode::ReturnValue as u16)
        .unwrap();
    assert_ne!(code[at + 1], 0);
    // The `RefFunc` before it (four words) makes the run unique.
    rewrite_word(&mut image, &code[at - 4..at + 2], 5, 0);

    let module = Module::from_image(&engine, &image).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let get = instance.get_func(&store, "get").unwrap();
    let typed = get.typed::<i64, Option<Func>>(&store).unwrap();
    for forged in [12_345_i64, -1, 1 << 32 | 1] {
        let mut out = [Val::I32(0)];
        get.call(&mut store, &[Val::I64(forged)], &mut out).unwrap();
        assert!(
            matches!(out[0], Val::FuncRef(None)),
            "{forged}: {:?}",
            out[0]
        );
        assert!(
            typed.call(&mut store, forged).unwrap().is_none(),
            "{forged}"
        );
    }
    // A number that does name a function of the store is that function.
    let mut out = [Val::I32(0)];
    get.call(&mut store, &[Val::I64(1)], &mut out).unwrap();
    let Val::FuncRef(Some(f)) = out[0] else {
        panic!("{:?}", out[0]);
    };
    let _ = f.ty(&store);
}

/// SIMD ops run from images when the engine has `simd`: every v128
/// operand field is checked as two slots, every lane index against its
/// shape's lanes.
#[test]
fn simd_ops_are_checked_as_two_slots() {
    let simd = OpCode::ALL
        .iter()
        .filter(|op| matches!(op.gate(), "simd" | "relaxed_simd"));
    let (mut n, mut wide, mut lanes) = (0, 0, 0);
    for &op in simd {
        let i = info(op);
        assert_eq!(i.runs, cfg!(feature = "simd"), "{}", op.name());
        for (&(name, kind), &role) in op.fields().iter().zip(&i.roles) {
            if kind == FieldKind::Slot2 {
                assert_eq!(role, Role::Slot2, "{}: {name}", op.name());
                wide += 1;
            }
            if name == "lane" {
                assert_eq!(role, Role::Lane, "{}", op.name());
                assert!(matches!(i.lanes, 2 | 4 | 8 | 16), "{}", op.name());
                lanes += 1;
            }
        }
        n += 1;
    }
    assert_eq!((n, wide, lanes), (280, 646, 30));
    assert_eq!(info(OpCode::I8x16ExtractLaneS).lanes, 16);
    assert_eq!(info(OpCode::F64x2ReplaceLane).lanes, 2);
    assert_eq!(info(OpCode::V128Load16LaneMem).lanes, 8);
    assert_eq!(info(OpCode::V128Store32Lane).lanes, 4);
    assert_eq!(info(OpCode::I8x16Shuffle).roles[3], Role::Shuffle);
    assert_eq!(info(OpCode::V128GlobalSet).roles[0], Role::GlobalSet);
    assert!(info(OpCode::V128Load).memory0 && info(OpCode::V128Store64Lane).memory0);
    assert!(!info(OpCode::V128LoadMem).memory0 && !info(OpCode::I32x4Add).memory0);
}

/// A module with v128 parameters, results, locals, a v128 global, SIMD
/// loads and stores and a shuffle, run from its image: the same results
/// as from `.wasm`.
#[cfg(all(feature = "wasm", feature = "simd"))]
const SIMD_MODULE: &str = r#"(module
  (memory 1)
  (global $g (mut v128) (v128.const i32x4 1 2 3 4))
  (func $add (param v128 v128) (result v128)
    (i32x4.add (local.get 0) (local.get 1)))
  (func (export "run") (param i32) (result i32)
    (local v128)
    (v128.store (i32.const 16)
      (call $add (global.get $g) (v128.const i32x4 10 20 30 40)))
    (global.set $g (v128.load (i32.const 16)))
    (local.set 1 (i8x16.shuffle 12 13 14 15 0 1 2 3 4 5 6 7 8 9 10 11
      (global.get $g) (global.get $g)))
    (i32.add
      (i32x4.extract_lane 0 (local.get 1))
      (i32x4.extract_lane 1 (i32x4.replace_lane 1 (local.get 1) (local.get 0)))))
  (func (export "const") (result i32)
    (i32x4.extract_lane 2 (v128.const i32x4 5 6 7 8))))"#;

#[test]
#[cfg(all(feature = "wasm", feature = "simd"))]
fn a_simd_image_runs() {
    use crate::{Config, Engine, Linker, Module, Store};
    let engine = Engine::new(&Config::default());
    let wasm = wat::parse_str(SIMD_MODULE).unwrap();
    let module = Module::new(&engine, &wasm).unwrap();
    let image = module.to_image().unwrap();
    let loaded = Module::from_image(&engine, &image).unwrap();
    assert_eq!(loaded.to_image().unwrap(), image, "the same bytes again");
    for module in [module, loaded] {
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        let run = instance.get_typed_func::<i32, i32>(&store, "run").unwrap();
        // Lane 0 of the shuffle is lane 3 of (11, 22, 33, 44); lane 1
        // is replaced by the argument.
        assert_eq!(run.call(&mut store, 100).unwrap(), 144);
        let c = instance.get_typed_func::<(), i32>(&store, "const").unwrap();
        assert_eq!(c.call(&mut store, ()).unwrap(), 7);
    }
}

/// A v128 field whose second slot lies past the frame is refused, where
/// the same field one slot lower passes; so is a lane index past its
/// shape's lanes, or a shuffle lane past 31.
#[test]
#[cfg(all(feature = "wasm", feature = "simd"))]
fn v128_fields_out_of_range_are_refused() {
    use crate::{Config, Engine, Module};
    let engine = Engine::new(&Config::default());
    let wasm = wat::parse_str(SIMD_MODULE).unwrap();
    let module = Module::new(&engine, &wasm).unwrap();
    let image = module.to_image().unwrap();
    let code = module.inner.code.clone();
    // The "const" function: the last one, `V128Const` then the extract.
    let f = *module.inner.compiled.last().unwrap();
    let frame = f.frame_size as u16;
    let body = &code[f.start as usize..];
    let at = (0..body.len())
        .find(|&k| body[k] == OpCode::V128Const as u16)
        .unwrap();
    assert_eq!(body[at + 10], OpCode::I32x4ExtractLane as u16);
    let words = &body[at..at + 15];
    let load = |k: usize, v: u16| {
        let mut forged = image.clone();
        rewrite_word(&mut forged, words, k, v);
        Module::from_image(&engine, &forged).map(|_| ())
    };
    let refused = |k: usize, v: u16, what: &str| match load(k, v) {
        Err(crate::Error::Image(e)) => assert_eq!(e.what, what),
        other => panic!("word {k} = {v}: {other:?}"),
    };
    // The constant's `out` and the extract's `a` (words 1 and 12).
    for k in [1, 12] {
        refused(k, frame - 1, "v128 outside frame");
        refused(k, u16::MAX, "v128 outside frame");
        assert!(load(k, frame - 2).is_ok(), "word {k}");
    }
    // The extract's lane (words 13 and 14): an i32x4 has four.
    refused(13, 4, "lane index out of range");
    assert!(load(13, 3).is_ok());
    refused(14, 1, "lane index out of range");
    // A shuffle lane of 32 (low byte of the first lane word).
    let shuffle = (0..code.len())
        .find(|&k| code[k] == OpCode::I8x16Shuffle as u16)
        .unwrap();
    let words = &code[shuffle..shuffle + 12];
    let mut forged = image.clone();
    rewrite_word(&mut forged, words, 4, words[4] & 0xff00 | 32);
    assert!(Module::from_image(&engine, &forged).is_err());
    let mut fine = image.clone();
    rewrite_word(&mut fine, words, 4, words[4] & 0xff00 | 31);
    assert!(Module::from_image(&engine, &fine).is_ok());
}

/// Finds the translated code `words` in `image` (they must occur once),
/// sets its word `at` to `value`, and fixes the header's hash up so that
/// the change reaches the reader and the check.
#[cfg(feature = "wasm")]
fn rewrite_word(image: &mut [u8], words: &[u16], at: usize, value: u16) {
    let bytes: alloc::vec::Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    let mut hits =
        (0..=image.len() - bytes.len()).filter(|&i| image[i..i + bytes.len()] == bytes[..]);
    let first = hits.next().expect("the code occurs in the image");
    assert!(hits.next().is_none(), "the code occurs once in the image");
    image[first + 2 * at..first + 2 * at + 2].copy_from_slice(&value.to_le_bytes());
    // The body's hash sits in the header's last eight bytes.
    let h = super::hash(&image[super::HEADER..]);
    image[super::HEADER - 8..super::HEADER].copy_from_slice(&h.to_le_bytes());
}
