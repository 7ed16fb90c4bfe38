//! Multi-memory, memory64 and table64 on the AOT tier against the
//! interpreter: bounds at exactly the end and one past it, addresses whose
//! `addr + offset` wraps in 64 bits, grow failures, copies between two
//! memories, data segments for memory 1, 64-bit table indices, custom
//! (one-byte) page sizes.

use mote::{TrapCode, Val};

use crate::tests::both;

fn agree(wat: &str, name: &str, args: &[Val]) -> Result<Vec<Val>, Option<TrapCode>> {
    let [interp, native] = both(wat, name, args);
    assert_eq!(interp, native, "{name}({args:?})");
    native
}

const OOB: Result<Vec<Val>, Option<TrapCode>> = Err(Some(TrapCode::MemoryOutOfBounds));

const TWO: &str = r#"(module
  (memory $a 1)
  (memory $b 1 2)
  (data (memory $b) (i32.const 8) "\01\02\03\04")
  (data $p "wxyz")
  (func (export "load_a") (param i32) (result i32) (i32.load $a (local.get 0)))
  (func (export "load_b") (param i32) (result i32) (i32.load $b (local.get 0)))
  (func (export "store_b") (param i32 i32) (i32.store $b (local.get 0) (local.get 1)))
  (func (export "load_b8") (param i32) (result i32) (i32.load8_u $b offset=3 (local.get 0)))
  (func (export "size_b") (result i32) (memory.size $b))
  (func (export "grow_b") (param i32) (result i32) (memory.grow $b (local.get 0)))
  (func (export "copy_b_to_a") (param i32 i32 i32)
    (memory.copy $a $b (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill_b") (param i32 i32 i32)
    (memory.fill $b (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init_b") (param i32 i32 i32)
    (memory.init $b $p (local.get 0) (local.get 1) (local.get 2)))
)"#;

#[test]
fn two_memories_agree() {
    use Val::*;
    assert_eq!(agree(TWO, "load_b", &[I32(8)]), Ok(vec![I32(0x0403_0201)]));
    assert_eq!(agree(TWO, "load_a", &[I32(8)]), Ok(vec![I32(0)]));
    assert_eq!(agree(TWO, "load_b", &[I32(65532)]), Ok(vec![I32(0)]));
    assert_eq!(agree(TWO, "load_b", &[I32(65533)]), OOB);
    assert_eq!(agree(TWO, "load_b8", &[I32(65532)]), Ok(vec![I32(0)]));
    assert_eq!(agree(TWO, "load_b8", &[I32(65533)]), OOB);
    assert_eq!(agree(TWO, "load_b", &[I32(-1)]), OOB);
    assert_eq!(agree(TWO, "store_b", &[I32(65533), I32(1)]), OOB);
    assert_eq!(agree(TWO, "size_b", &[]), Ok(vec![I32(1)]));
    assert_eq!(agree(TWO, "grow_b", &[I32(1)]), Ok(vec![I32(1)]));
    // Over the maximum of 2 pages: -1, memory 1 unchanged.
    assert_eq!(agree(TWO, "grow_b", &[I32(2)]), Ok(vec![I32(-1)]));
    assert_eq!(
        agree(TWO, "copy_b_to_a", &[I32(0), I32(8), I32(4)]),
        Ok(vec![])
    );
    assert_eq!(
        agree(TWO, "copy_b_to_a", &[I32(65533), I32(8), I32(4)]),
        OOB
    );
    assert_eq!(
        agree(TWO, "copy_b_to_a", &[I32(0), I32(65533), I32(4)]),
        OOB
    );
    assert_eq!(
        agree(TWO, "copy_b_to_a", &[I32(65536), I32(65536), I32(0)]),
        Ok(vec![])
    );
    assert_eq!(agree(TWO, "fill_b", &[I32(65535), I32(7), I32(2)]), OOB);
    assert_eq!(
        agree(TWO, "init_b", &[I32(65534), I32(0), I32(2)]),
        Ok(vec![])
    );
    assert_eq!(agree(TWO, "init_b", &[I32(65534), I32(0), I32(3)]), OOB);
}

/// A copy from memory 1 into memory 0 is seen in memory 0 only; a grown
/// memory 1 is seen by later accesses in the same call.
const TWO_SEQ: &str = r#"(module
  (memory $a 1)
  (memory $b 1 2)
  (data (memory $b) (i32.const 8) "\01\02\03\04")
  (func (export "run") (result i32 i32 i32)
    (memory.copy $a $b (i32.const 100) (i32.const 8) (i32.const 4))
    (memory.fill $b (i32.const 8) (i32.const 0) (i32.const 4))
    (drop (memory.grow $b (i32.const 1)))
    (i32.store $b (i32.const 131068) (i32.const 7))
    (i32.load $a (i32.const 100))
    (i32.load $b (i32.const 8))
    (i32.load $b (i32.const 131068)))
)"#;

#[test]
fn a_copy_between_memories_and_a_grow_are_seen() {
    use Val::*;
    assert_eq!(
        agree(TWO_SEQ, "run", &[]),
        Ok(vec![I32(0x0403_0201), I32(0), I32(7)])
    );
}

const M64: &str = r#"(module
  (memory i64 1 2)
  (data (i64.const 65532) "\aa\bb\cc\dd")
  (func (export "load") (param i64) (result i32) (i32.load (local.get 0)))
  (func (export "load_off") (param i64) (result i32) (i32.load offset=4 (local.get 0)))
  (func (export "load_huge") (param i64) (result i32)
    (i32.load8_u offset=0xffffffffffffffff (local.get 0)))
  (func (export "store") (param i64 i64) (i64.store (local.get 0) (local.get 1)))
  (func (export "size") (result i64) (memory.size))
  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
  (func (export "fill") (param i64 i32 i64) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i64 i64 i64) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
)"#;

#[test]
fn memory64_bounds_and_wraparound_agree() {
    use Val::*;
    assert_eq!(
        agree(M64, "load", &[I64(65532)]),
        Ok(vec![I32(0xddcc_bbaa_u32 as i32)])
    );
    assert_eq!(agree(M64, "load", &[I64(65533)]), OOB);
    assert_eq!(
        agree(M64, "load_off", &[I64(65528)]),
        Ok(vec![I32(0xddcc_bbaa_u32 as i32)])
    );
    assert_eq!(agree(M64, "load_off", &[I64(65529)]), OOB);
    // addr + offset + size wraps around 2^64: out of bounds, not address 0.
    assert_eq!(agree(M64, "load", &[I64(-1)]), OOB);
    assert_eq!(agree(M64, "load", &[I64(-4)]), OOB);
    assert_eq!(agree(M64, "load_off", &[I64(-4)]), OOB);
    assert_eq!(agree(M64, "load_off", &[I64(-8)]), OOB);
    assert_eq!(agree(M64, "load_huge", &[I64(0)]), OOB);
    assert_eq!(agree(M64, "load_huge", &[I64(1)]), OOB);
    assert_eq!(agree(M64, "load", &[I64(1 << 32)]), OOB);
    assert_eq!(agree(M64, "store", &[I64(65528), I64(5)]), Ok(vec![]));
    assert_eq!(agree(M64, "store", &[I64(65529), I64(5)]), OOB);
    assert_eq!(agree(M64, "size", &[]), Ok(vec![I64(1)]));
    assert_eq!(agree(M64, "grow", &[I64(1)]), Ok(vec![I64(1)]));
    assert_eq!(agree(M64, "grow", &[I64(2)]), Ok(vec![I64(-1)]));
    assert_eq!(agree(M64, "grow", &[I64(1 << 40)]), Ok(vec![I64(-1)]));
    assert_eq!(agree(M64, "grow", &[I64(-1)]), Ok(vec![I64(-1)]));
    assert_eq!(
        agree(M64, "fill", &[I64(65535), I32(1), I64(1)]),
        Ok(vec![])
    );
    assert_eq!(agree(M64, "fill", &[I64(65535), I32(1), I64(2)]), OOB);
    assert_eq!(agree(M64, "fill", &[I64(1), I32(1), I64(-1)]), OOB);
    assert_eq!(agree(M64, "copy", &[I64(-1), I64(0), I64(2)]), OOB);
    assert_eq!(
        agree(M64, "copy", &[I64(0), I64(65532), I64(4)]),
        Ok(vec![])
    );
}

const T64: &str = r#"(module
  (type $t (func (result i32)))
  (table $t32 1 funcref)
  (table $t64 i64 2 4 funcref)
  (elem (table $t64) (i64.const 1) func $seven)
  (func $seven (result i32) (i32.const 7))
  (func (export "size") (result i64) (table.size $t64))
  (func (export "grow") (param i64) (result i64) (table.grow $t64 (ref.null func) (local.get 0)))
  (func (export "is_null") (param i64) (result i32) (ref.is_null (table.get $t64 (local.get 0))))
  (func (export "call") (param i64) (result i32) (call_indirect $t64 (type $t) (local.get 0)))
  (func (export "fill") (param i64 i64) (table.fill $t64 (local.get 0) (ref.null func) (local.get 1)))
)"#;

#[test]
fn table64_indices_agree() {
    use Val::*;
    assert_eq!(agree(T64, "size", &[]), Ok(vec![I64(2)]));
    assert_eq!(agree(T64, "grow", &[I64(2)]), Ok(vec![I64(2)]));
    assert_eq!(agree(T64, "grow", &[I64(3)]), Ok(vec![I64(-1)]));
    assert_eq!(agree(T64, "is_null", &[I64(0)]), Ok(vec![I32(1)]));
    assert_eq!(agree(T64, "is_null", &[I64(1)]), Ok(vec![I32(0)]));
    let table_oob = Err(Some(TrapCode::TableOutOfBounds));
    assert_eq!(agree(T64, "is_null", &[I64(2)]), table_oob);
    assert_eq!(agree(T64, "is_null", &[I64(1 << 32)]), table_oob);
    assert_eq!(agree(T64, "call", &[I64(1)]), Ok(vec![I32(7)]));
    assert_eq!(
        agree(T64, "call", &[I64((1 << 32) | 1)]),
        Err(Some(TrapCode::UndefinedElement))
    );
    assert_eq!(agree(T64, "fill", &[I64(1), I64(1)]), Ok(vec![]));
    assert_eq!(agree(T64, "fill", &[I64(1), I64(-1)]), table_oob);
}

#[test]
fn imports_must_agree_in_index_type() {
    let engine = mote::Engine::default();
    let mut store = mote::Store::new(&engine, ());
    let mut linker = mote::Linker::new(&engine);
    let mem = mote::Memory::new(&mut store, mote::MemoryType::new(1, None)).unwrap();
    let ty = mote::TableType::new(mote::ValType::FUNCREF, 1, None);
    let table = mote::Table::new(&mut store, ty, Val::FuncRef(None)).unwrap();
    linker
        .define(&store, "m", "mem", mote::Extern::Memory(mem))
        .unwrap();
    linker
        .define(&store, "m", "tab", mote::Extern::Table(table))
        .unwrap();
    for (wat, ok) in [
        (r#"(module (import "m" "mem" (memory 1)))"#, true),
        (r#"(module (import "m" "mem" (memory i64 1)))"#, false),
        (r#"(module (import "m" "tab" (table 1 funcref)))"#, true),
        (
            r#"(module (import "m" "tab" (table i64 1 funcref)))"#,
            false,
        ),
    ] {
        let module = crate::Module::new(&wat::parse_str(wat).unwrap()).unwrap();
        let got = module.instantiate(&mut store, &linker);
        assert_eq!(got.is_ok(), ok, "{wat}");
        if !ok {
            assert!(matches!(got, Err(crate::Error::Link(_))), "{wat}");
        }
    }
}

/// Straight-line code checks an address once per memory and reach: a
/// wider access, another memory, or an access after `memory.grow` (which
/// may move the memory) is checked (and addressed) again.
const CHECKS: &str = r#"(module
  (memory 1)
  (memory $b 0)
  (func $read (param i32) (result i32) (i32.load8_u (local.get 0)))
  ;; Each pushes its address values first, so that the accesses share
  ;; one SSA value (two `local.get`s in one block are one value).
  (func (export "narrow_then_wide") (param i32) (result i32)
    local.get 0
    local.get 0
    i32.load8_u
    drop
    i32.load)
  (func (export "other_memory") (param i32) (result i32)
    local.get 0
    local.get 0
    i32.load8_u
    drop
    i32.load8_u $b)
  (func (export "grow_between") (param i32) (result i32)
    local.get 0
    local.get 0
    local.get 0
    i32.const 5
    i32.store8
    i32.const 1
    memory.grow
    drop
    i32.const 7
    i32.store8
    i32.load8_u
    local.get 0
    call $read
    i32.add)
)"#;

#[test]
fn repeated_accesses_are_checked_as_the_interpreter_checks_them() {
    use Val::*;
    let oob = Err(Some(TrapCode::MemoryOutOfBounds));
    assert_eq!(
        agree(CHECKS, "narrow_then_wide", &[I32(0)]),
        Ok(vec![I32(0)])
    );
    assert_eq!(agree(CHECKS, "narrow_then_wide", &[I32(65533)]), oob);
    assert_eq!(agree(CHECKS, "narrow_then_wide", &[I32(65535)]), oob);
    assert_eq!(agree(CHECKS, "other_memory", &[I32(0)]), oob);
    assert_eq!(
        agree(CHECKS, "grow_between", &[I32(65535)]),
        Ok(vec![I32(14)])
    );
    assert_eq!(agree(CHECKS, "grow_between", &[I32(70000)]), oob);
}

/// Accesses of one address after a check of it that dominates them
/// (`translate::checks`): across a block, a call, a `memory.grow` and a
/// loop's back edge; narrower ones need no check of their own, a wider
/// one keeps its own.
const DOMINATED: &str = r#"(module
  (memory 1 2)
  (func $nop)
  (func (export "across") (param $p i32) (param $wide i32) (result i32) (local $acc i32)
    (local.set $acc (i32.load (local.get $p)))
    (block (local.set $acc (i32.add (local.get $acc) (i32.load8_u offset=3 (local.get $p)))))
    (call $nop)
    (drop (memory.grow (i32.const 0)))
    (local.set $acc (i32.add (local.get $acc) (i32.load16_u offset=2 (local.get $p))))
    (if (local.get $wide)
      (then (local.set $acc (i32.add (local.get $acc) (i32.load offset=4 (local.get $p))))))
    (local.get $acc))
  (func (export "loop") (param $p i32) (param $n i32) (result i32) (local $acc i32)
    (i32.store (local.get $p) (i32.const 3))
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $p))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n)))
    (local.get $acc))
)"#;

#[test]
fn accesses_after_a_dominating_check_agree() {
    use Val::*;
    let oob = Err(Some(TrapCode::MemoryOutOfBounds));
    assert_eq!(
        agree(DOMINATED, "across", &[I32(0), I32(1)]),
        Ok(vec![I32(0)])
    );
    assert_eq!(
        agree(DOMINATED, "across", &[I32(65532), I32(0)]),
        Ok(vec![I32(0)])
    );
    assert_eq!(agree(DOMINATED, "across", &[I32(65532), I32(1)]), oob);
    assert_eq!(agree(DOMINATED, "across", &[I32(65533), I32(0)]), oob);
    assert_eq!(agree(DOMINATED, "across", &[I32(-1), I32(0)]), oob);
    assert_eq!(
        agree(DOMINATED, "loop", &[I32(65532), I32(5)]),
        Ok(vec![I32(15)])
    );
    assert_eq!(agree(DOMINATED, "loop", &[I32(65533), I32(5)]), oob);
}

/// A global the store can see (exported), set and then read across a
/// `memory.grow`: the grow refreshes the memories only (it copied the
/// store's globals into their cells too, undoing the set).
const GROW_GLOBAL: &str = r#"(module
  (memory 1)
  (global $g (export "g") (mut i32) (i32.const 0))
  (func (export "set_grow_get") (param i32) (result i32)
    (global.set $g (local.get 0))
    (drop (memory.grow (i32.const 1)))
    (global.get $g))
)"#;

#[test]
fn memory_grow_keeps_what_the_code_set_in_globals() {
    use Val::*;
    assert_eq!(
        agree(GROW_GLOBAL, "set_grow_get", &[I32(7)]),
        Ok(vec![I32(7)])
    );
}

/// A memory exported under names WAT must escape: the shim (a module
/// written as text) exports it under the same names.
const NAMES: &str = r#"(module
  (memory (export "\00") (export "a\"b\\c") (export "\c3\a9\7f") 1)
  (func (export "f") (result i32) (i32.const 1))
)"#;

#[test]
fn a_memory_exported_under_any_name_instantiates() {
    assert_eq!(agree(NAMES, "f", &[]), Ok(vec![Val::I32(1)]));
}

/// Custom page sizes: memories 0 and 1 of one-byte pages (the vmctx's
/// fast path and a record), memory 2 of 64 KiB ones.
const PAGES: &str = r#"(module
  (memory $m 3 10 (pagesize 1))
  (memory $n 0 (pagesize 1))
  (memory $big 1 2)
  (data (memory $m) (i32.const 0) "\01\02\03")
  (func (export "sizes") (result i32 i32 i32) (memory.size $m) (memory.size $n) (memory.size $big))
  (func (export "grow") (param i32) (result i32) (memory.grow $m (local.get 0)))
  (func (export "grow_size") (param i32) (result i32 i32)
    (memory.grow $n (local.get 0)) (memory.size $n))
  (func (export "load8") (param i32) (result i32) (i32.load8_u $m (local.get 0)))
  (func (export "load16") (param i32) (result i32) (i32.load16_u $m (local.get 0)))
  (func (export "grow_store_load") (param i32 i32) (result i32)
    (drop (memory.grow $n (local.get 0)))
    (i32.store8 $n (local.get 1) (i32.const 7))
    (i32.load8_u $n (local.get 1)))
  (func (export "fill") (param i32 i32) (memory.fill $m (local.get 0) (i32.const 9) (local.get 1)))
)"#;

#[test]
fn custom_page_sizes_agree() {
    use Val::*;
    let oob = Err(Some(TrapCode::MemoryOutOfBounds));
    assert_eq!(agree(PAGES, "sizes", &[]), Ok(vec![I32(3), I32(0), I32(1)]));
    assert_eq!(agree(PAGES, "grow", &[I32(7)]), Ok(vec![I32(3)]));
    assert_eq!(agree(PAGES, "grow", &[I32(8)]), Ok(vec![I32(-1)]));
    assert_eq!(
        agree(PAGES, "grow_size", &[I32(5)]),
        Ok(vec![I32(0), I32(5)])
    );
    assert_eq!(agree(PAGES, "load8", &[I32(2)]), Ok(vec![I32(3)]));
    assert_eq!(agree(PAGES, "load8", &[I32(3)]), oob);
    assert_eq!(agree(PAGES, "load16", &[I32(1)]), Ok(vec![I32(0x0302)]));
    assert_eq!(agree(PAGES, "load16", &[I32(2)]), oob);
    assert_eq!(
        agree(PAGES, "grow_store_load", &[I32(4), I32(3)]),
        Ok(vec![I32(7)])
    );
    assert_eq!(agree(PAGES, "grow_store_load", &[I32(4), I32(4)]), oob);
    assert_eq!(agree(PAGES, "fill", &[I32(0), I32(3)]), Ok(vec![]));
    assert_eq!(agree(PAGES, "fill", &[I32(1), I32(3)]), oob);
}

/// Every access size memory 0's bounds check has a limit for (1 to 16
/// bytes), with and without an offset, at and around the end of memory 0
/// of one-byte pages grown to each length from 0 to 17 bytes (shorter
/// than the access too), and at the top of the address space.
#[test]
fn every_access_size_is_checked_at_the_end_of_memory_0() {
    use Val::*;
    let accesses = [
        ("i64.load8_u", 1),
        ("i64.load16_u", 2),
        ("i64.load32_u", 4),
        ("i64.load", 8),
        ("v128.load", 16),
        ("i64.store32", 4),
        ("v128.store", 16),
    ];
    let mut wat = String::from("(module (memory 0 100 (pagesize 1))\n");
    for (i, (op, _)) in accesses.iter().enumerate() {
        for offset in [0, 3] {
            let access = match *op {
                "v128.load" => {
                    format!("(i64x2.extract_lane 1 (v128.load offset={offset} (local.get 1)))")
                }
                "v128.store" => format!(
                    "(v128.store offset={offset} (local.get 1) (v128.const i64x2 0 0)) (i64.const 1)"
                ),
                "i64.store32" => format!(
                    "(i64.store32 offset={offset} (local.get 1) (i64.const 0)) (i64.const 1)"
                ),
                _ => format!("({op} offset={offset} (local.get 1))"),
            };
            wat += &format!(
                "(func (export \"f{i}_{offset}\") (param i32 i32) (result i64)
                   (drop (memory.grow (local.get 0))) {access})\n"
            );
        }
    }
    wat += ")";
    let mut traps = 0;
    for (i, (_, size)) in accesses.iter().enumerate() {
        for offset in [0i64, 3] {
            for len in 0..=17i64 {
                let end = len - size - offset;
                for addr in [end - 1, end, end + 1, len, -1] {
                    if addr < 0 && addr != -1 {
                        continue;
                    }
                    let name = format!("f{i}_{offset}");
                    let got = agree(&wat, &name, &[I32(len as i32), I32(addr as i32)]);
                    let fits = addr >= 0 && addr <= end;
                    assert_eq!(got.is_ok(), fits, "{name}: {len} bytes, address {addr}");
                    traps += usize::from(!fits);
                }
            }
        }
    }
    assert!(traps > 0);
}

/// Loads of one address at growing offsets: the first check is widened
/// to cover the later ones while nothing is stored between them; a store
/// between them keeps its own effect before the trap of a later load.
const WIDEN: &str = r#"(module
  (memory (export "mem") 1)
  (func (export "loads") (param i32) (result i32)
    (i32.add (i32.load8_u offset=0 (local.get 0))
      (i32.add (i32.load offset=4 (local.get 0)) (i32.load16_u offset=9 (local.get 0)))))
  (func (export "load_store_load") (param i32 i32) (result i32)
    (drop (i32.load offset=0 (local.get 0)))
    (i32.store offset=0 (local.get 1) (i32.const 77))
    (i32.load offset=8 (local.get 0)))
  (func (export "store_then_wider") (param i32) (result i32)
    (i32.store8 offset=2 (local.get 0) (i32.const 5))
    (i32.load offset=8 (local.get 0)))
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
)"#;

/// Runs `name(args)` and then `peek(at)` in the same instance, on both
/// tiers: the call's result or trap and what memory holds after it.
fn call_then_peek(name: &str, args: &[Val], at: i32) -> [(Result<i32, Option<TrapCode>>, i32); 2] {
    let engine = mote::Engine::default();
    let linker = mote::Linker::new(&engine);
    let wasm = wat::parse_str(WIDEN).expect("test module");
    let result = |r: Result<(), mote::Error>, out: &[Val]| match r {
        Ok(()) => Ok(out[0].i32().expect("i32")),
        Err(e) => Err(e.as_trap().map(|t| t.code())),
    };
    let mut store = mote::Store::new(&engine, ());
    let module = mote::Module::new(&engine, &wasm).expect("compiles");
    let inst = linker
        .instantiate(&mut store, &module)
        .expect("instantiates");
    let (f, peek) = (inst.get_func(&store, name), inst.get_func(&store, "peek"));
    let (f, peek) = (f.expect("export"), peek.expect("export"));
    let mut out = [Val::I32(0)];
    let interp = result(f.call(&mut store, args, &mut out), &out);
    peek.call(&mut store, &[Val::I32(at)], &mut out)
        .expect("peeks");
    let interp_seen = out[0].i32().expect("i32");

    let mut store = mote::Store::new(&engine, ());
    let module = crate::Module::new(&wasm).expect("compiles");
    let inst = module
        .instantiate(&mut store, &linker)
        .expect("instantiates");
    let (f, peek) = (
        inst.get_func(name).expect("export"),
        inst.get_func("peek").expect("export"),
    );
    let native = result(f.call(&mut store, args, &mut out), &out);
    peek.call(&mut store, &[Val::I32(at)], &mut out)
        .expect("peeks");
    [(interp, interp_seen), (native, out[0].i32().expect("i32"))]
}

#[test]
fn loads_of_one_address_are_checked_as_the_interpreter_checks_them() {
    use Val::*;
    let oob = Err(Some(TrapCode::MemoryOutOfBounds));
    assert_eq!(agree(WIDEN, "loads", &[I32(65525)]), Ok(vec![I32(0)]));
    for addr in [65526, 65530, 65532, 65533, 65535, -1] {
        assert_eq!(agree(WIDEN, "loads", &[I32(addr)]), oob, "{addr}");
    }
    // The store happens, then the second load traps.
    let [interp, native] = call_then_peek("load_store_load", &[I32(65528), I32(0)], 0);
    assert_eq!(interp, (Err(Some(TrapCode::MemoryOutOfBounds)), 77));
    assert_eq!(native, interp);
    // The first load traps: nothing is stored.
    let [interp, native] = call_then_peek("load_store_load", &[I32(65533), I32(0)], 0);
    assert_eq!(interp, (Err(Some(TrapCode::MemoryOutOfBounds)), 0));
    assert_eq!(native, interp);
    // A store, then a wider load of its address: the store stays.
    let [interp, native] = call_then_peek("store_then_wider", &[I32(65528)], 65530);
    assert_eq!(interp, (Err(Some(TrapCode::MemoryOutOfBounds)), 5));
    assert_eq!(native, interp);
}

#[test]
fn imports_must_agree_in_page_size() {
    let engine = mote::Engine::default();
    let mut store = mote::Store::new(&engine, ());
    let mut linker = mote::Linker::new(&engine);
    let ty = mote::MemoryType::with_page_size_log2(5, None, 0);
    let mem = mote::Memory::new(&mut store, ty).unwrap();
    linker
        .define(&store, "m", "mem", mote::Extern::Memory(mem))
        .unwrap();
    for (wat, ok) in [
        (
            r#"(module (import "m" "mem" (memory 5 (pagesize 1))))"#,
            true,
        ),
        (r#"(module (import "m" "mem" (memory 0)))"#, false),
    ] {
        let module = crate::Module::new(&wat::parse_str(wat).unwrap()).unwrap();
        let got = module.instantiate(&mut store, &linker);
        assert_eq!(got.is_ok(), ok, "{wat}");
        if !ok {
            assert!(matches!(got, Err(crate::Error::Link(_))), "{wat}");
        }
    }
}

#[test]
fn a_host_function_sees_a_memory_of_one_byte_pages() {
    // The caller's exported memory (as WASI reads it) is the instance's,
    // pages of one byte and all.
    let wasm = wat::parse_str(
        r#"(module
          (import "env" "peek" (func $peek (result i32)))
          (memory (export "memory") 5 (pagesize 1))
          (data (i32.const 4) "\2a")
          (func (export "run") (result i32) (call $peek)))"#,
    )
    .unwrap();
    let engine = mote::Engine::default();
    let mut linker = mote::Linker::<()>::new(&engine);
    linker
        .func_wrap("env", "peek", |caller: mote::Caller<'_, ()>| {
            let mem = caller.get_export("memory").and_then(|e| e.into_memory());
            let mem = mem.expect("the caller's memory");
            let data = mem.data(&caller);
            (data.len() * 100 + usize::from(data[4])) as i32
        })
        .unwrap();
    let mut store = mote::Store::new(&engine, ());
    let module = crate::Module::new(&wasm).unwrap();
    let inst = module.instantiate(&mut store, &linker).unwrap();
    let run = inst.get_func("run").unwrap();
    let mut out = [Val::I32(0)];
    run.call(&mut store, &[], &mut out).unwrap();
    assert_eq!(out, [Val::I32(542)]);
}

const ATOMIC: &str = r#"(module
  (memory 1 1 shared)
  (memory $u i64 1)
  (func (export "add8") (param i32 i32) (result i32) (i32.atomic.rmw8.add_u (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.atomic.load (local.get 0)))
  (func (export "store_load") (param i32 i64) (result i64)
    (i64.atomic.store (local.get 0) (local.get 1))
    (i64.atomic.rmw32.sub_u (local.get 0) (i64.const 1)))
  (func (export "cmpxchg16") (param i32 i32 i32) (result i32 i32)
    (i32.atomic.rmw16.cmpxchg_u (local.get 0) (local.get 1) (local.get 2))
    (i32.atomic.load16_u (local.get 0)))
  (func (export "xchg64") (param i64 i64) (result i64) (i64.atomic.rmw.xchg $u (local.get 0) (local.get 1)))
  (func (export "wait") (param i32 i32 i64) (result i32)
    (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "wait_unshared") (param i64 i64) (result i32)
    (memory.atomic.wait64 $u (local.get 0) (local.get 1) (i64.const 0)))
  (func (export "notify") (param i32) (result i32) (memory.atomic.notify (local.get 0) (i32.const 1)))
  (func (export "load_off") (param i64) (result i32) (i32.atomic.load $u offset=0xfffffffffffffffc (local.get 0)))
)"#;

#[test]
fn atomics_agree() {
    use Val::*;
    let unaligned = Err(Some(TrapCode::UnalignedAtomic));
    assert_eq!(
        agree(ATOMIC, "add8", &[I32(3), I32(0x1ff)]),
        Ok(vec![I32(0)])
    );
    assert_eq!(agree(ATOMIC, "load", &[I32(65532)]), Ok(vec![I32(0)]));
    assert_eq!(agree(ATOMIC, "load", &[I32(65533)]), unaligned);
    assert_eq!(agree(ATOMIC, "load", &[I32(65536)]), OOB);
    assert_eq!(agree(ATOMIC, "load", &[I32(-4)]), OOB);
    assert_eq!(agree(ATOMIC, "load", &[I32(-3)]), unaligned);
    assert_eq!(
        agree(ATOMIC, "store_load", &[I32(8), I64(0x1_0000_0000)]),
        Ok(vec![I64(0)])
    );
    // The expected value is wrapped to 16 bits before the compare.
    assert_eq!(
        agree(ATOMIC, "cmpxchg16", &[I32(2), I32(0x1_0000), I32(0x1234)]),
        Ok(vec![I32(0), I32(0x1234)])
    );
    assert_eq!(
        agree(ATOMIC, "cmpxchg16", &[I32(1), I32(0), I32(1)]),
        unaligned
    );
    assert_eq!(
        agree(ATOMIC, "xchg64", &[I64(65528), I64(9)]),
        Ok(vec![I64(0)])
    );
    assert_eq!(agree(ATOMIC, "xchg64", &[I64(65532), I64(9)]), unaligned);
    assert_eq!(
        agree(ATOMIC, "wait", &[I32(0), I32(1), I64(0)]),
        Ok(vec![I32(1)])
    );
    assert_eq!(
        agree(ATOMIC, "wait", &[I32(0), I32(0), I64(10)]),
        Ok(vec![I32(2)])
    );
    assert_eq!(
        agree(ATOMIC, "wait", &[I32(0), I32(0), I64(-1)]),
        Err(Some(TrapCode::AtomicWaitDeadlock))
    );
    assert_eq!(agree(ATOMIC, "wait", &[I32(2), I32(0), I64(0)]), unaligned);
    assert_eq!(
        agree(ATOMIC, "wait_unshared", &[I64(0), I64(0)]),
        Err(Some(TrapCode::ExpectedSharedMemory))
    );
    assert_eq!(agree(ATOMIC, "wait_unshared", &[I64(65536), I64(0)]), OOB);
    assert_eq!(agree(ATOMIC, "notify", &[I32(4)]), Ok(vec![I32(0)]));
    assert_eq!(agree(ATOMIC, "notify", &[I32(6)]), unaligned);
    // addr + offset past 2^64: out of bounds before the alignment check.
    assert_eq!(agree(ATOMIC, "load_off", &[I64(5)]), OOB);
    assert_eq!(agree(ATOMIC, "load_off", &[I64(3)]), unaligned);
}

/// The IR of every module above lowers on the three architectures (runs
/// there are `scripts/aot-cross.sh`'s).
#[test]
fn memory_modules_compile_for_every_target() {
    for wat in [TWO, TWO_SEQ, M64, T64, ATOMIC] {
        let wasm = wat::parse_str(wat).unwrap();
        for target in [
            "x86_64-unknown-linux-gnu",
            "aarch64-unknown-linux-gnu",
            "riscv64gc-unknown-linux-gnu",
        ] {
            if let Err(e) = crate::compile_artifact(&wasm, target) {
                panic!("{target}: {e}");
            }
        }
    }
}
