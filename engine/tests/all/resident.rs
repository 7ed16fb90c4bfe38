//! Memory that costs what it uses: grown and declared memories and tables
//! take no resident host RAM until the guest writes to them, and one
//! store-wide budget covers them all.
//!
//! Resident sizes come from `/proc/self/status`, in a child process of its
//! own (see [`isolated`]) so that no other test's allocations count.

use crate::*;
use mote::{LimitKind, Memory, MemoryType, Table, TableType, Val, ValType};

/// The resident set of this process, in bytes.
#[cfg(target_os = "linux")]
fn resident() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("procfs");
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|v| v.trim().parse().ok())
        .expect("a VmRSS line");
    kb * 1024
}

const MIB: u64 = 1 << 20;

#[test]
#[cfg(target_os = "linux")]
fn memory_grow_commits_nothing_until_written() {
    isolated(
        "resident::memory_grow_commits_nothing_until_written",
        || {
            let engine = Engine::default();
            let (mut store, inst) = instantiate(
                &engine,
                r#"(module (memory (export "m") 1)
                 (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
                 (func (export "poke") (param i32) (i32.store8 (local.get 0) (i32.const 7)))
                 (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))"#,
            );
            let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();
            let poke = inst.get_typed_func::<i32, ()>(&store, "poke").unwrap();
            let peek = inst.get_typed_func::<i32, i32>(&store, "peek").unwrap();
            let before = resident();
            assert_eq!(grow.call(&mut store, 65535).unwrap(), 1);
            let mem = inst.get_memory(&store, "m").unwrap();
            assert_eq!(mem.size(&store), 65536);
            let grown = resident();
            assert!(
                grown - before.min(grown) < 16 * MIB,
                "growing to 4 GiB made {} MiB resident",
                (grown - before) / MIB
            );
            // The new pages read as zero and can be written, a page at a time.
            for addr in [65536, 1 << 31, -1] {
                assert_eq!(peek.call(&mut store, addr).unwrap(), 0);
                poke.call(&mut store, addr).unwrap();
                assert_eq!(peek.call(&mut store, addr).unwrap(), 7);
            }
            assert!(resident() - before.min(resident()) < 16 * MIB);
            assert_eq!(
                grow.call(&mut store, 1).unwrap(),
                -1,
                "at the 4 GiB maximum"
            );
        },
    );
}

#[test]
#[cfg(target_os = "linux")]
fn large_tables_commit_nothing_until_written() {
    isolated(
        "resident::large_tables_commit_nothing_until_written",
        || {
            let engine = Engine::default();
            let before = resident();
            // 10 million elements each: 80 MB apiece if written out.
            let (mut store, inst) = instantiate(
                &engine,
                r#"(module (table (export "t") 10000000 funcref) (table 10000000 externref)
                 (func (export "grow") (param i32) (result i32)
                   (table.grow 1 (ref.null extern) (local.get 0))))"#,
            );
            let t = inst.get_table(&store, "t").unwrap();
            assert_eq!(t.size(&store), 10_000_000);
            assert_eq!(t.get(&store, 9_999_999), Some(Val::FuncRef(None)));
            let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();
            assert_eq!(grow.call(&mut store, 0).unwrap(), 10_000_000);
            let after = resident();
            assert!(
                after - before.min(after) < 16 * MIB,
                "two 10M-element tables made {} MiB resident",
                (after - before) / MIB
            );
        },
    );
}

#[test]
fn a_module_with_too_many_tables_is_refused_before_allocating() {
    // 100,000 tables of a million elements each: valid, and 800 GB if
    // allocated. Refused at instantiation by the default table count.
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    let count: u32 = 100_000;
    let entry = [0x70, 0x00, 0xc0, 0x84, 0x3d]; // funcref, min 1,000,000
    let mut body = leb(count);
    for _ in 0..count {
        body.extend(entry);
    }
    bytes.push(0x04);
    bytes.extend(leb(body.len() as u32));
    bytes.extend(body);
    let engine = Engine::default();
    let m = Module::new(&engine, &bytes).expect("valid");
    let mut store = Store::new(&engine, ());
    let r = Linker::new(&engine).instantiate(&mut store, &m);
    assert!(
        matches!(r, Err(Error::Limit(LimitKind::StoreEntities))),
        "got {r:?}"
    );
    // A store allowing that many tables still refuses their bytes.
    let engine = engine_with(|c| {
        c.max_tables(u32::MAX).max_store_bytes(1 << 30);
    });
    let m = Module::new(&engine, &bytes).expect("valid");
    let mut store = Store::new(&engine, ());
    let r = Linker::new(&engine).instantiate(&mut store, &m);
    assert!(
        matches!(r, Err(Error::Limit(LimitKind::StoreBytes))),
        "got {r:?}"
    );
}

fn leb(mut v: u32) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

#[test]
fn one_budget_covers_every_memory_and_table_of_a_store() {
    // 1 MiB: sixteen 64 KiB pages, or 131,072 table elements, in all.
    let engine = engine_with(|c| {
        c.max_store_bytes(1 << 20);
    });
    let text = r#"(module (memory (export "m") 8) (table (export "t") 8192 funcref)
        (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
        (func (export "tgrow") (param i32) (result i32)
          (table.grow (ref.null func) (local.get 0))))"#;
    let (mut store, inst) = instantiate(&engine, text);
    // Used: 8 pages (512 KiB) + 8192 elements (64 KiB); 448 KiB left.
    let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    let tgrow = inst.get_typed_func::<i32, i32>(&store, "tgrow").unwrap();
    assert_eq!(grow.call(&mut store, 8).unwrap(), -1, "512 KiB more");
    assert_eq!(grow.call(&mut store, 7).unwrap(), 8);
    // Nothing is left now, not even one table element's 8 bytes.
    assert_eq!(tgrow.call(&mut store, 1).unwrap(), -1);
    assert_eq!(tgrow.call(&mut store, 0).unwrap(), 8192);
    // The host API spends the same budget.
    let r = Memory::new(&mut store, MemoryType::new(1, None));
    assert!(
        matches!(r, Err(Error::Limit(LimitKind::StoreBytes))),
        "got {r:?}"
    );
    let r = Table::new(
        &mut store,
        TableType::new(ValType::FUNCREF, 1, None),
        Val::FuncRef(None),
    );
    assert!(
        matches!(r, Err(Error::Limit(LimitKind::StoreBytes))),
        "got {r:?}"
    );
    // A second instance in the same store has nothing left either: it is
    // refused before anything of it is allocated.
    let m = module(&engine, r#"(module (memory 1))"#);
    let r = Linker::new(&engine).instantiate(&mut store, &m);
    assert!(
        matches!(r, Err(Error::Limit(LimitKind::StoreBytes))),
        "got {r:?}"
    );
    // A new store has its own budget.
    let (mut store2, inst2) = instantiate(&engine, text);
    let grow2 = inst2.get_typed_func::<i32, i32>(&store2, "grow").unwrap();
    assert_eq!(grow2.call(&mut store2, 7).unwrap(), 8);
}

#[test]
fn one_byte_pages_stop_below_2_pow_32() {
    isolated("resident::one_byte_pages_stop_below_2_pow_32", || {
        let engine = Engine::default();
        let text = r#"(module (memory (export "m") 0 (pagesize 1))
            (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
            (func (export "size") (result i32) (memory.size)))"#;
        let (mut store, inst) = instantiate(&engine, text);
        let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();
        let size = inst.get_typed_func::<(), i32>(&store, "size").unwrap();
        // 2^32 - 1 pages is the most a 32-bit memory.size can report.
        match grow.call(&mut store, -1).unwrap() {
            0 => {
                assert_eq!(size.call(&mut store, ()).unwrap() as u32, u32::MAX);
                assert_eq!(grow.call(&mut store, 1).unwrap(), -1, "no 2^32nd page");
                assert_eq!(size.call(&mut store, ()).unwrap() as u32, u32::MAX);
                let mem = inst.get_memory(&store, "m").unwrap();
                assert_eq!(mem.data(&store).len(), u32::MAX as usize);
            }
            // A host that cannot allocate 4 GiB refuses, also fine.
            -1 => assert_eq!(size.call(&mut store, ()).unwrap(), 0),
            other => panic!("memory.grow returned {other}"),
        }
        // Grown one short of the end, a page more is the end, and no more.
        let (mut store, inst) = instantiate(&engine, text);
        let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();
        let size = inst.get_typed_func::<(), i32>(&store, "size").unwrap();
        if grow.call(&mut store, -2).unwrap() == 0 {
            assert_eq!(grow.call(&mut store, 2).unwrap(), -1);
            assert_eq!(grow.call(&mut store, 1).unwrap(), -2);
            assert_eq!(size.call(&mut store, ()).unwrap(), -1);
            assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
            assert_eq!(size.call(&mut store, ()).unwrap(), -1);
        }
    });
}
