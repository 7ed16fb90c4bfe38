//! Hostile and malformed input: truncated and random modules, absurd sizes,
//! out-of-range indices. Nothing may panic; every failure must be a typed error.

use crate::{XorShift, engine_with, expect_trap, instantiate, isolated, module, wat};
use mote::{
    Engine, Error, LimitKind, Linker, Memory, MemoryType, Module, Store, Table, TableType,
    TrapCode, Val, ValType,
};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

/// A module that exercises most sections: types, imports, function, table,
/// memory, global, export, start, elem, data count, code, data (and the
/// `name` custom section that `wat` emits for the `$names`).
const RICH: &str = r#"
(module
  (type $ii (func (param i32) (result i32)))
  (import "env" "h" (func $h (param i32) (result i32)))
  (import "env" "g" (global $imported i32))
  (table $t 4 8 funcref)
  (memory $m 1 2)
  (global $g (mut i32) (i32.const 7))
  (global $k i64 (i64.const -1))
  (export "f" (func $f))
  (export "mem" (memory $m))
  (export "tab" (table $t))
  (export "g" (global $g))
  (start $init)
  (elem (i32.const 0) $f $double)
  (elem $passive func $double)
  (data (i32.const 16) "hello")
  (data $later "world")
  (func $init
    (global.set $g (i32.add (global.get $g) (global.get $imported))))
  (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func $f (type $ii)
    (local $acc i32) (local $x i64) (local $y f64)
    (memory.init $later (i32.const 100) (i32.const 0) (i32.const 5))
    (data.drop $later)
    (block $done
      (loop $top
        (br_if $done (i32.eqz (local.get 0)))
        (local.set $acc (i32.add (local.get $acc)
          (call_indirect (type $ii) (local.get 0) (i32.const 1))))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $top)))
    (local.set $y (f64.convert_i32_s (local.get $acc)))
    (local.set $x (i64.trunc_f64_s (f64.sqrt (local.get $y))))
    (i32.add
      (i32.add (local.get $acc) (i32.wrap_i64 (local.get $x)))
      (i32.add (call $h (i32.load8_u (i32.const 16))) (global.get $g))))
)
"#;

/// `(end offset, section id)` of every section of a well-formed module.
fn section_ends(bytes: &[u8]) -> Vec<(usize, u8)> {
    fn leb(bytes: &[u8], pos: &mut usize) -> u64 {
        let (mut v, mut shift) = (0u64, 0);
        loop {
            let b = bytes[*pos];
            *pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return v;
            }
            shift += 7;
        }
    }
    let mut out = Vec::new();
    let mut pos = 8;
    while pos < bytes.len() {
        let id = bytes[pos];
        pos += 1;
        let len = leb(bytes, &mut pos) as usize;
        pos += len;
        out.push((pos, id));
    }
    assert_eq!(pos, bytes.len(), "test bug: section walk");
    out
}

/// Compiles `bytes`, turning a panic into a test failure that names the input.
fn compile_no_panic(engine: &Engine, bytes: &[u8], what: &str) -> Result<Module, Error> {
    match catch_unwind(AssertUnwindSafe(|| Module::new(engine, bytes))) {
        Ok(r) => r,
        Err(p) => {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!(
                "Module::new panicked on {what} ({} bytes: {:02x?}): {msg}",
                bytes.len(),
                bytes
            )
        }
    }
}

/// Checks that an error carries a plausible offset into an input of `len` bytes.
#[track_caller]
fn check_error_offset(e: &Error, len: usize, what: &str) {
    match e {
        Error::Decode(d) => {
            assert!(
                d.offset() <= len,
                "{what}: decode error offset {} beyond input length {len}: {e:?}",
                d.offset()
            );
            assert!(!d.message().is_empty(), "{what}: empty decode message");
        }
        Error::Unsupported { offset, .. } => {
            assert!(
                *offset <= len,
                "{what}: unsupported offset {offset} beyond input length {len}"
            );
        }
        _ => {}
    }
}

fn rich_linker(engine: &Engine, store: &mut Store<()>) -> Linker<()> {
    let mut linker = Linker::new(engine);
    linker
        .func_wrap("env", "h", |_: mote::Caller<'_, ()>, x: i32| x + 1000)
        .unwrap();
    let g = mote::Global::new(
        &mut *store,
        mote::GlobalType::new(ValType::I32, mote::Mutability::Const),
        Val::I32(3),
    )
    .unwrap();
    linker.define(&*store, "env", "g", g).unwrap();
    linker
}

#[test]
fn rich_module_works() {
    // The module used for truncation must itself be valid and behave.
    let engine = Engine::default();
    let m = module(&engine, RICH);
    let mut store = Store::new(&engine, ());
    let linker = rich_linker(&engine, &mut store);
    let inst = linker.instantiate(&mut store, &m).unwrap();
    let f = inst.get_typed_func::<i32, i32>(&store, "f").unwrap();
    // acc = 2 * (1 + 2 + 3 + 4) = 20; x = trunc(sqrt(20)) = 4;
    // h('h' = 104) = 1104; g = 7 + 3 = 10 (start function).
    assert_eq!(f.call(&mut store, 4).unwrap(), 20 + 4 + 1104 + 10);
    let mem = inst.get_memory(&store, "mem").unwrap();
    assert_eq!(&mem.data(&store)[100..105], b"world");
}

#[test]
fn every_truncation_is_an_error() {
    let engine = Engine::default();
    let bytes = wat(RICH);
    let ends = section_ends(&bytes);
    assert!(
        ends.len() >= 12,
        "test bug: expected many sections, got {ends:?}"
    );
    // Prefixes that end exactly at a section boundary may be complete,
    // valid modules: the header alone, or a module cut after its type or
    // import section. Everywhere else (mid-section, or with a function
    // section but no code section) the result must be an error.
    let func_sec_end = ends.iter().find(|(_, id)| *id == 3).unwrap().0;
    let code_sec_end = ends.iter().find(|(_, id)| *id == 10).unwrap().0;
    for len in 0..bytes.len() {
        let prefix = &bytes[..len];
        let r = compile_no_panic(&engine, prefix, &format!("prefix of length {len}"));
        let at_boundary = len == 8 || ends.iter().any(|(end, _)| *end == len);
        let may_be_valid = at_boundary && !(len >= func_sec_end && len < code_sec_end);
        match r {
            Ok(_) => assert!(
                may_be_valid,
                "truncated module of {len}/{} bytes was accepted (section ends: {ends:?})",
                bytes.len()
            ),
            Err(e) => {
                check_error_offset(&e, len, &format!("prefix of length {len}"));
                if !at_boundary {
                    // A cut inside the header or inside a section is a
                    // malformed binary: a decode error.
                    assert!(
                        matches!(e, Error::Decode(_)),
                        "prefix {len}: expected Error::Decode, got {e:?}"
                    );
                }
            }
        }
    }
    // The header alone is the empty module.
    assert!(Module::new(&engine, &bytes[..8]).is_ok());
    assert!(Module::new(&engine, &bytes).is_ok());
}

#[test]
fn truncated_header_reports_offset_within_input() {
    let engine = Engine::default();
    for len in 0..8 {
        let prefix = &b"\0asm\x01\0\0\0"[..len];
        match Module::new(&engine, prefix) {
            Err(Error::Decode(e)) => assert!(e.offset() <= len, "offset {} > {len}", e.offset()),
            other => panic!("header prefix of {len} bytes: expected Error::Decode, got {other:?}"),
        }
    }
    // Wrong magic and wrong version.
    assert!(matches!(
        Module::new(&engine, b"\0asn\x01\0\0\0"),
        Err(Error::Decode(_))
    ));
    assert!(matches!(
        Module::new(&engine, b"\0asm\x02\0\0\0"),
        Err(Error::Decode(_))
    ));
}

#[test]
fn random_bytes_never_panic() {
    isolated("bad_input::random_bytes_never_panic", || {
        let engine = engine_with(|c| {
            c.max_memory_pages(16).max_table_elements(1000);
        });
        let mut rng = XorShift::new(0x5eed_0001);
        let mut accepted = 0;
        for i in 0..3000 {
            let len = rng.below(300) as usize;
            let bytes: Vec<u8> = (0..len).map(|_| rng.byte()).collect();
            match compile_no_panic(&engine, &bytes, &format!("random input #{i}")) {
                Ok(_) => accepted += 1,
                Err(e) => check_error_offset(&e, bytes.len(), &format!("random input #{i}")),
            }
        }
        // Without the magic number nothing can be a module (except by a
        // 2^-64 chance).
        assert_eq!(accepted, 0, "random garbage was accepted as a module");
    });
}

#[test]
fn valid_header_with_random_tail_never_panics() {
    isolated(
        "bad_input::valid_header_with_random_tail_never_panics",
        || {
            let engine = engine_with(|c| {
                c.max_memory_pages(16).max_table_elements(1000);
            });
            let mut rng = XorShift::new(0x5eed_0002);
            for i in 0..3000 {
                let len = rng.below(200) as usize;
                let mut bytes = b"\0asm\x01\0\0\0".to_vec();
                // Bias towards plausible section ids so the parser gets further.
                if rng.below(2) == 0 {
                    bytes.push(rng.below(13) as u8);
                    bytes.push(rng.below(64) as u8);
                }
                bytes.extend((0..len).map(|_| rng.byte()));
                if let Err(e) =
                    compile_no_panic(&engine, &bytes, &format!("header + random tail #{i}"))
                {
                    check_error_offset(&e, bytes.len(), &format!("header + random tail #{i}"));
                }
            }
        },
    );
}

#[test]
fn mutated_valid_modules_never_panic_compiling_or_running() {
    isolated(
        "bad_input::mutated_valid_modules_never_panic_compiling_or_running",
        || {
            let engine = engine_with(|c| {
                c.max_memory_pages(16)
                    .max_table_elements(1000)
                    .consume_fuel(true);
            });
            let base = wat(RICH);
            let mut rng = XorShift::new(0x5eed_0003);
            let (mut compiled, mut ran) = (0, 0);
            for i in 0..3000 {
                let mut bytes = base.clone();
                for _ in 0..1 + rng.below(3) {
                    let at = 8 + rng.below(bytes.len() as u64 - 8) as usize;
                    match rng.below(4) {
                        0 => bytes[at] ^= 1 << rng.below(8),
                        1 => bytes[at] = [0x00, 0x7f, 0x80, 0xff][rng.below(4) as usize],
                        2 => {
                            bytes.remove(at);
                        }
                        _ => bytes.insert(at, rng.byte()),
                    }
                }
                let what = format!("mutant #{i}");
                let m = match compile_no_panic(&engine, &bytes, &what) {
                    Ok(m) => m,
                    Err(e) => {
                        check_error_offset(&e, bytes.len(), &what);
                        continue;
                    }
                };
                compiled += 1;
                // Run whatever got through, bounded by fuel.
                let r = catch_unwind(AssertUnwindSafe(|| {
                    let mut store = Store::new(&engine, ());
                    store.set_fuel(20_000).unwrap();
                    let linker = rich_linker(&engine, &mut store);
                    let Ok(inst) = linker.instantiate(&mut store, &m) else {
                        return false;
                    };
                    let funcs: Vec<_> = inst
                        .exports(&store)
                        .filter_map(|(_, e)| e.into_func())
                        .collect();
                    for f in funcs {
                        let ty = f.ty(&store);
                        let params: Vec<Val> = ty
                            .params()
                            .iter()
                            .map(|t| match t {
                                ValType::I32 => Val::I32(3),
                                t => Val::default_for(*t),
                            })
                            .collect();
                        let mut results: Vec<Val> =
                            ty.results().iter().map(|t| Val::default_for(*t)).collect();
                        let _ = f.call(&mut store, &params, &mut results);
                    }
                    true
                }));
                match r {
                    Ok(true) => ran += 1,
                    Ok(false) => {}
                    Err(_) => panic!(
                        "running {what} panicked ({} bytes: {:02x?})",
                        bytes.len(),
                        bytes
                    ),
                }
            }
            // Sanity: the mutations must leave some modules valid, or this test
            // exercises nothing past the parser.
            assert!(compiled > 10, "only {compiled} mutants compiled");
            let _ = ran;
        },
    );
}

#[test]
fn function_with_100_000_locals() {
    // wasmparser caps locals at 50 000 per function; an engine may also
    // refuse the frame. Either way it must be an error, not a crash; and if
    // it is accepted, calling it must work.
    let engine = Engine::default();
    // 100 000 declared i32 locals after one i32 parameter.
    let text = format!(
        r#"(module (func (export "f") (param i32) (result i32) {}
            (local.set 100000 (i32.add (local.get 0) (i32.const 1)))
            (i32.add (local.get 100000) (local.get 2))))"#,
        "(local i32) ".repeat(100_000)
    );
    let bytes = wat(&text);
    match Module::new(&engine, &bytes) {
        Err(e) => {
            assert!(
                matches!(e, Error::Decode(_) | Error::Limit(LimitKind::FrameSize)),
                "100 000 locals: expected a decode or frame-size error, got {e:?}"
            );
            check_error_offset(&e, bytes.len(), "100 000 locals");
        }
        Ok(m) => {
            let mut store = Store::new(&engine, ());
            let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
            let f = inst.get_typed_func::<i32, i32>(&store, "f").unwrap();
            assert_eq!(f.call(&mut store, 41).unwrap(), 42);
        }
    }
}

#[test]
fn function_with_50_000_locals_runs_and_respects_stack_slots() {
    // 50 000 locals is the most wasmparser accepts; such a function must
    // compile and run, and must trap (not crash) if the frame exceeds
    // `max_stack_slots`.
    let text = format!(
        r#"(module (func (export "f") (param i32) (result i32) {}
            (local.set 49999 (i32.add (local.get 0) (i32.const 1)))
            (i32.add (local.get 49999) (local.get 25000))))"#,
        "(local i32) ".repeat(49_999)
    );
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, &text);
    let f = inst.get_typed_func::<i32, i32>(&store, "f").unwrap();
    assert_eq!(f.call(&mut store, 41).unwrap(), 42);
    assert_eq!(
        f.call(&mut store, 1).unwrap(),
        2,
        "locals must be zeroed on every call"
    );

    let small = engine_with(|c| {
        c.max_stack_slots(10_000);
    });
    let (mut store, inst) = instantiate(&small, &text);
    let f = inst.get_typed_func::<i32, i32>(&store, "f").unwrap();
    expect_trap(f.call(&mut store, 41), TrapCode::StackOverflow);
}

#[test]
fn memory_of_65536_pages() {
    isolated("bad_input::memory_of_65536_pages", || {
        let text = r#"(module (memory (export "m") 65536)
            (func (export "last") (result i32) (i32.load8_u (i32.const -1)))
            (func (export "poke") (i32.store8 (i32.const -1) (i32.const 0xab))))"#;
        let engine = Engine::default();
        let m = module(&engine, text);
        let mut store = Store::new(&engine, ());
        let start = Instant::now();
        match Linker::new(&engine).instantiate(&mut store, &m) {
            Ok(inst) => {
                let mem = inst.get_memory(&store, "m").unwrap();
                assert_eq!(mem.size(&store), 65536);
                assert_eq!(mem.data(&store).len(), 1usize << 32);
                let poke = inst.get_typed_func::<(), ()>(&store, "poke").unwrap();
                let last = inst.get_typed_func::<(), i32>(&store, "last").unwrap();
                assert_eq!(last.call(&mut store, ()).unwrap(), 0);
                poke.call(&mut store, ()).unwrap();
                assert_eq!(last.call(&mut store, ()).unwrap(), 0xab);
                // It is already at the 4 GiB maximum.
                assert!(mem.grow(&mut store, 1).is_err());
            }
            Err(e) => assert!(
                matches!(
                    e,
                    Error::Limit(LimitKind::MemoryPages | LimitKind::OutOfMemory)
                ),
                "expected success or a memory limit error, got {e:?}"
            ),
        }
        eprintln!("65536-page memory instantiation took {:?}", start.elapsed());
    });
}

#[test]
fn memory_over_configured_limit_fails_fast() {
    let text = r#"(module (memory 65536))"#;
    let engine = engine_with(|c| {
        c.max_memory_pages(1024);
    });
    let m = module(&engine, text);
    let mut store = Store::new(&engine, ());
    let start = Instant::now();
    let r = Linker::new(&engine).instantiate(&mut store, &m);
    assert!(
        matches!(r, Err(Error::Limit(LimitKind::MemoryPages))),
        "got {r:?}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "took {:?}",
        start.elapsed()
    );

    // At the limit it works; one page above it does not.
    let (store2, inst) = instantiate(&engine, r#"(module (memory (export "m") 1024))"#);
    assert_eq!(inst.get_memory(&store2, "m").unwrap().size(&store2), 1024);
    let m = module(&engine, r#"(module (memory 1025))"#);
    let r = Linker::new(&engine).instantiate(&mut store, &m);
    assert!(
        matches!(r, Err(Error::Limit(LimitKind::MemoryPages))),
        "got {r:?}"
    );

    // Host-created memories obey the same limit.
    let r = Memory::new(&mut store, MemoryType::new(1025, None));
    assert!(
        matches!(r, Err(Error::Limit(LimitKind::MemoryPages))),
        "got {r:?}"
    );
    // And so does memory.grow: -1, not growth past the configured limit.
    let (mut store3, inst) = instantiate(
        &engine,
        r#"(module (memory (export "m") 1000)
             (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#,
    );
    let grow = inst.get_typed_func::<i32, i32>(&store3, "grow").unwrap();
    assert_eq!(grow.call(&mut store3, 25).unwrap(), -1);
    assert_eq!(grow.call(&mut store3, 24).unwrap(), 1000);
    assert_eq!(inst.get_memory(&store3, "m").unwrap().size(&store3), 1024);
}

#[test]
fn huge_table_fails_fast() {
    let engine = Engine::default();
    // 2^32 - 1 elements: rejected by validation or by the element limit,
    // and fast: no attempt to allocate 32 GiB.
    let bytes = wat(r#"(module (table 4294967295 funcref))"#);
    let start = Instant::now();
    match Module::new(&engine, &bytes) {
        Err(e) => assert!(matches!(e, Error::Decode(_)), "got {e:?}"),
        Ok(m) => {
            let mut store = Store::new(&engine, ());
            let r = Linker::new(&engine).instantiate(&mut store, &m);
            assert!(
                matches!(r, Err(Error::Limit(LimitKind::TableElements))),
                "got {r:?}"
            );
        }
    }
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "took {:?}",
        start.elapsed()
    );

    // The same through the host API.
    let mut store = Store::new(&engine, ());
    let start = Instant::now();
    let r = Table::new(
        &mut store,
        TableType::new(ValType::FUNCREF, u32::MAX, None),
        Val::FuncRef(None),
    );
    assert!(
        matches!(r, Err(Error::Limit(LimitKind::TableElements))),
        "got {r:?}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "took {:?}",
        start.elapsed()
    );

    // A configured limit applies to table.grow as well.
    let small = engine_with(|c| {
        c.max_table_elements(100);
    });
    let (mut store, inst) = instantiate(
        &small,
        r#"(module (table (export "t") 10 funcref)
             (func (export "grow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))"#,
    );
    let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, -1).unwrap(), -1);
    assert_eq!(grow.call(&mut store, 91).unwrap(), -1);
    assert_eq!(grow.call(&mut store, 90).unwrap(), 10);
    assert_eq!(inst.get_table(&store, "t").unwrap().size(&store), 100);
}

#[test]
fn table_size_2_pow_32_in_binary_is_rejected() {
    let engine = Engine::default();
    let header = b"\0asm\x01\0\0\0";
    // Table section: one funcref table with minimum 2^32 (LEB 80 80 80 80 10).
    let mut a = header.to_vec();
    a.extend([0x04, 0x08, 0x01, 0x70, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10]);
    // Minimum 0, maximum 2^32.
    let mut b = header.to_vec();
    b.extend([
        0x04, 0x09, 0x01, 0x70, 0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10,
    ]);
    // Memory section: minimum 2^32 pages.
    let mut c = header.to_vec();
    c.extend([0x05, 0x07, 0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10]);
    // Memory section: minimum 65537 pages (more than 4 GiB).
    let mut d = header.to_vec();
    d.extend([0x05, 0x05, 0x01, 0x00, 0x81, 0x80, 0x04]);
    for (name, bytes) in [
        ("table min 2^32", a),
        ("table max 2^32", b),
        ("memory min 2^32", c),
        ("memory min 65537", d),
    ] {
        let start = Instant::now();
        let r = compile_no_panic(&engine, &bytes, name);
        match r {
            Err(e) => {
                assert!(
                    matches!(e, Error::Decode(_)),
                    "{name}: expected Error::Decode, got {e:?}"
                );
                check_error_offset(&e, bytes.len(), name);
            }
            Ok(_) => panic!("{name}: module was accepted"),
        }
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "{name}: took {:?}",
            start.elapsed()
        );
    }
    // Control: the same encodings with small sizes are valid, so the
    // rejections above are about the sizes, not the framing.
    for (name, body) in [
        ("table min 5", vec![0x04, 0x04, 0x01, 0x70, 0x00, 0x05]),
        (
            "table max 5",
            vec![0x04, 0x05, 0x01, 0x70, 0x01, 0x00, 0x05],
        ),
        ("memory min 5", vec![0x05, 0x03, 0x01, 0x00, 0x05]),
        (
            "memory min 65536",
            vec![0x05, 0x05, 0x01, 0x00, 0x80, 0x80, 0x04],
        ),
    ] {
        let mut bytes = header.to_vec();
        bytes.extend(body);
        assert!(
            Module::new(&engine, &bytes).is_ok(),
            "{name}: control module rejected"
        );
    }
}

const INDIRECT: &str = r#"
(module
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (table 3 funcref)
  (elem (i32.const 0) $id $nop)
  (func $id (type $ii) (local.get 0))
  (func $nop (type $v))
  (func (export "call") (param $i i32) (result i32)
    (call_indirect (type $ii) (i32.const 5) (local.get $i)))
  (func (export "tail") (param $i i32) (result i32)
    (return_call_indirect (type $ii) (i32.const 6) (local.get $i)))
  (func (export "table_get") (param i32) (result funcref) (table.get 0 (local.get 0)))
  (func (export "table_fill") (param i32 i32) (table.fill 0 (local.get 0) (ref.null func) (local.get 1)))
)
"#;

#[test]
fn hostile_call_indirect_indices() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, INDIRECT);
    let call = inst.get_typed_func::<i32, i32>(&store, "call").unwrap();
    let tail = inst.get_typed_func::<i32, i32>(&store, "tail").unwrap();
    assert_eq!(call.call(&mut store, 0).unwrap(), 5);
    assert_eq!(tail.call(&mut store, 0).unwrap(), 6);
    for f in [&call, &tail] {
        expect_trap(f.call(&mut store, 1), TrapCode::BadSignature);
        expect_trap(f.call(&mut store, 2), TrapCode::IndirectCallToNull);
        expect_trap(f.call(&mut store, 3), TrapCode::UndefinedElement);
        expect_trap(f.call(&mut store, -1), TrapCode::UndefinedElement);
        expect_trap(f.call(&mut store, i32::MIN), TrapCode::UndefinedElement);
    }
    let t = expect_trap(call.call(&mut store, 2), TrapCode::IndirectCallToNull);
    assert_eq!(t.code().message(), "uninitialized element");
    // The store is still usable after the traps.
    assert_eq!(call.call(&mut store, 0).unwrap(), 5);

    let get = inst
        .get_typed_func::<i32, Option<mote::Func>>(&store, "table_get")
        .unwrap();
    assert!(get.call(&mut store, 0).unwrap().is_some());
    assert_eq!(get.call(&mut store, 2).unwrap(), None);
    expect_trap(get.call(&mut store, 3), TrapCode::TableOutOfBounds);
    expect_trap(get.call(&mut store, -1), TrapCode::TableOutOfBounds);
    let fill = inst
        .get_typed_func::<(i32, i32), ()>(&store, "table_fill")
        .unwrap();
    expect_trap(fill.call(&mut store, (1, 3)), TrapCode::TableOutOfBounds);
    expect_trap(fill.call(&mut store, (-1, 2)), TrapCode::TableOutOfBounds);
    fill.call(&mut store, (3, 0)).unwrap(); // empty fill at the end is fine
}

#[test]
fn hostile_memory_addresses() {
    let engine = Engine::default();
    let (mut store, inst) = instantiate(
        &engine,
        r#"(module
          (memory (export "m") 1)
          (func (export "load") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
          (func (export "load0") (param i32) (result i32) (i32.load (local.get 0)))
          (func (export "load_max_offset") (param i32) (result i32) (i32.load offset=0xFFFFFFFF (local.get 0)))
          (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
          (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
          (func (export "store") (param i32 i32) (i32.store offset=1 (local.get 0) (local.get 1)))
          (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const 1) (local.get 1)))
          (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2))))"#,
    );
    let load = inst.get_typed_func::<i32, i32>(&store, "load").unwrap();
    let load0 = inst.get_typed_func::<i32, i32>(&store, "load0").unwrap();
    let load_max = inst
        .get_typed_func::<i32, i32>(&store, "load_max_offset")
        .unwrap();
    let load64 = inst.get_typed_func::<i32, i64>(&store, "load64").unwrap();
    let load8 = inst.get_typed_func::<i32, i32>(&store, "load8").unwrap();
    let store_ = inst
        .get_typed_func::<(i32, i32), ()>(&store, "store")
        .unwrap();
    let fill = inst
        .get_typed_func::<(i32, i32), ()>(&store, "fill")
        .unwrap();
    let copy = inst
        .get_typed_func::<(i32, i32, i32), ()>(&store, "copy")
        .unwrap();

    let t = expect_trap(load.call(&mut store, -1), TrapCode::MemoryOutOfBounds); // 0xFFFF_FFFF + 4
    assert_eq!(t.code().message(), "out of bounds memory access");
    expect_trap(load.call(&mut store, -4), TrapCode::MemoryOutOfBounds); // wraps to 0 in 32 bits: must not
    expect_trap(load0.call(&mut store, -1), TrapCode::MemoryOutOfBounds);
    expect_trap(load_max.call(&mut store, 0), TrapCode::MemoryOutOfBounds);
    expect_trap(load_max.call(&mut store, 1), TrapCode::MemoryOutOfBounds); // wraps to 0 in 32 bits: must not
    expect_trap(load_max.call(&mut store, -1), TrapCode::MemoryOutOfBounds);
    expect_trap(
        store_.call(&mut store, (-1, 7)),
        TrapCode::MemoryOutOfBounds,
    );
    expect_trap(
        store_.call(&mut store, (65532, 7)),
        TrapCode::MemoryOutOfBounds,
    ); // last byte out
    expect_trap(load64.call(&mut store, 65532), TrapCode::MemoryOutOfBounds); // partially in bounds
    expect_trap(load0.call(&mut store, 65533), TrapCode::MemoryOutOfBounds);
    expect_trap(load8.call(&mut store, 65536), TrapCode::MemoryOutOfBounds);
    expect_trap(
        fill.call(&mut store, (65535, 2)),
        TrapCode::MemoryOutOfBounds,
    );
    expect_trap(fill.call(&mut store, (-1, 1)), TrapCode::MemoryOutOfBounds);
    expect_trap(
        copy.call(&mut store, (0, -1, 2)),
        TrapCode::MemoryOutOfBounds,
    );
    expect_trap(
        copy.call(&mut store, (65535, 0, 2)),
        TrapCode::MemoryOutOfBounds,
    );

    // The edges themselves are fine, and the failed store wrote nothing.
    store_.call(&mut store, (65531, 0x0403_0201)).unwrap();
    assert_eq!(load0.call(&mut store, 65532).unwrap(), 0x0403_0201);
    assert_eq!(load8.call(&mut store, 65535).unwrap(), 4);
    assert_eq!(load.call(&mut store, 65528).unwrap(), 0x0403_0201);
    fill.call(&mut store, (65536, 0)).unwrap();
    let mem = inst.get_memory(&store, "m").unwrap();
    assert!(mem.data(&store)[..65532].iter().all(|&b| b == 0));
}

#[test]
fn decode_error_offset_points_at_the_bad_byte() {
    let engine = Engine::default();
    let good =
        wat(r#"(module (func (export "f") (result i32) (i32.const 5) (drop) (i32.const 6)))"#);
    assert!(Module::new(&engine, &good).is_ok());
    // The body ends `41 05 1a 41 06 0b`: replace `drop` (0x1a) with an
    // unassigned opcode.
    let tail = [0x41, 0x05, 0x1a, 0x41, 0x06, 0x0b];
    let at = good
        .windows(tail.len())
        .position(|w| w == tail)
        .expect("test bug: body not found")
        + 2;
    let mut bad = good.clone();
    bad[at] = 0xd7;
    match Module::new(&engine, &bad) {
        Err(Error::Decode(e)) => {
            assert_eq!(
                e.offset(),
                at,
                "offset of an illegal opcode ({})",
                e.message()
            );
        }
        other => panic!("illegal opcode: expected Error::Decode, got {other:?}"),
    }
    // A type error: `drop` replaced by `i64.eqz` (0x50) on an i32 operand.
    let mut bad = good.clone();
    bad[at] = 0x50;
    match Module::new(&engine, &bad) {
        Err(Error::Decode(e)) => {
            assert_eq!(e.offset(), at, "offset of a type error ({})", e.message());
        }
        other => panic!("type error: expected Error::Decode, got {other:?}"),
    }
}
