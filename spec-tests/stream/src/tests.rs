#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

extern crate std;

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use mote::{Engine, ExternRef, TrapCode, Val};

use crate::*;

const MODULE: &str = r#"(module
    (memory (export "mem") 1)
    (global $g (export "g") (mut i32) (i32.const 7))
    (func (export "one") (result i32) (i32.const 1))
    (func (export "id") (param i32) (result i32) (local.get 0))
    (func (export "f32") (param i32) (result f32) (f32.reinterpret_i32 (local.get 0)))
    (func (export "bump") (global.set $g (i32.add (global.get $g) (i32.const 1))))
    (func (export "trap") (unreachable))
    (func $rec (export "rec") (call $rec))
    (func (export "ext") (param externref) (result externref) (local.get 0))
    (tag $e (param i32))
    (func (export "throw") (throw $e (i32.const 1)))
)"#;

fn wasm(text: &str) -> Vec<u8> {
    wat::parse_str(text).unwrap()
}

fn invoke(name: &str, args: Vec<Arg>) -> Action<'static> {
    Action::Invoke {
        instance: None,
        name: String::from(name).into(),
        args,
    }
}

fn get(name: &str) -> Action<'static> {
    Action::Get {
        instance: None,
        name: String::from(name).into(),
    }
}

fn header(file: &str) -> Header<'static> {
    Header {
        file: String::from(file).into(),
        chunk: 0,
        chunks: 1,
        directives: 0,
        instance_slots: 2,
        definition_slots: 1,
    }
}

fn stream(commands: Vec<Command<'static>>) -> Vec<u8> {
    let mut writer = Writer::new();
    for (i, command) in commands.into_iter().enumerate() {
        writer.frame(&Frame {
            replay: false,
            line: 10 + i as u32 * 3,
            command,
        });
    }
    writer.finish(&header("test/script.wast"))
}

/// Runs a stream, returning its totals and failure lines.
fn run(bytes: &[u8]) -> Result<(Totals, Vec<String>), StreamError> {
    let mut failures = Vec::new();
    let totals = run_stream(bytes, &Engine::default(), &mut |event| {
        if let Event::Fail(f) = event {
            failures.push(alloc::format!("{f}"));
        }
    })?;
    Ok((totals, failures))
}

/// Every kind of command, all expected to pass.
fn passing() -> Vec<Command<'static>> {
    let module = wasm(MODULE);
    vec![
        Command::Module {
            slot: Some(1),
            wasm: module.clone().into(),
        },
        Command::AssertReturn(invoke("one", vec![]), vec![Expected::I32(1)]),
        Command::AssertReturn(invoke("id", vec![Arg::I32(-5)]), vec![Expected::I32(-5)]),
        Command::AssertReturn(
            invoke("f32", vec![Arg::I32(0x7fc0_0000)]),
            vec![Expected::F32CanonicalNan],
        ),
        Command::AssertReturn(
            invoke("f32", vec![Arg::I32(0x7fc0_0001)]),
            vec![Expected::Either(vec![
                Expected::F32(1),
                Expected::F32ArithmeticNan,
            ])],
        ),
        Command::AssertReturn(
            invoke("ext", vec![Arg::ExternRef(3)]),
            vec![Expected::ExternRef(3)],
        ),
        Command::AssertReturn(
            invoke("ext", vec![Arg::NullExternRef]),
            vec![Expected::NullRef],
        ),
        Command::Invoke(invoke("bump", vec![])),
        Command::AssertReturn(get("g"), vec![Expected::I32(8)]),
        Command::AssertTrap(invoke("trap", vec![]), TrapCode::Unreachable),
        Command::AssertExhaustion(invoke("rec", vec![]), TrapCode::StackOverflow),
        Command::AssertException(invoke("throw", vec![])),
        Command::Register {
            name: String::from("M").into(),
            instance: Some(1),
        },
        Command::Module {
            slot: None,
            wasm: wasm(
                r#"(module (import "M" "one" (func $one (result i32)))
                   (import "spectest" "print_i32" (func (param i32)))
                   (import "spectest" "global_f64" (global f64))
                   (func (export "t") (result i32) (call $one)))"#,
            )
            .into(),
        },
        Command::AssertReturn(invoke("t", vec![]), vec![Expected::I32(1)]),
        Command::AssertReturn(
            Action::Invoke {
                instance: Some(1),
                name: String::from("one").into(),
                args: vec![],
            },
            vec![Expected::I32(1)],
        ),
        Command::AssertInvalid(wasm("(module (func (result i32)))").into()),
        Command::AssertMalformed(b"\0asm\x02\0\0\0".to_vec().into()),
        Command::AssertUnlinkable(wasm(r#"(module (import "nowhere" "f" (func)))"#).into()),
        Command::AssertTrap(
            Action::Instantiate(wasm("(module (func $s unreachable) (start $s))").into()),
            TrapCode::Unreachable,
        ),
        Command::ModuleDefinition {
            slot: Some(0),
            wasm: module.into(),
        },
        Command::ModuleInstance {
            definition: Some(0),
            slot: Some(0),
        },
        Command::AssertReturn(get("g"), vec![Expected::I32(7)]),
        Command::HostPassed(3),
        Command::Reset,
        Command::AssertReturn(invoke("one", vec![]), vec![]),
    ]
}

#[test]
fn every_command_round_trips() {
    let commands = passing();
    let bytes = stream(commands.clone());
    let mut reader = Reader::new(&bytes).unwrap();
    assert_eq!(&*reader.header().file, "test/script.wast");
    let mut decoded = Vec::new();
    while let Some(frame) = reader.next_frame().unwrap() {
        decoded.push(frame.command);
    }
    assert_eq!(decoded, commands);
}

#[test]
fn any_line_numbers_round_trip() {
    // Jumps of more than 2^31 lines either way, and the ends of `u32`.
    let lines = [0, 3_523_215_360, 5, u32::MAX, 0, 1 << 31, 1];
    let mut writer = Writer::new();
    for &line in &lines {
        writer.frame(&Frame {
            replay: false,
            line,
            command: Command::Reset,
        });
    }
    let bytes = writer.finish(&header("lines.wast"));
    let mut reader = Reader::new(&bytes).unwrap();
    let mut decoded = Vec::new();
    while let Some(frame) = reader.next_frame().unwrap() {
        decoded.push(frame.line);
    }
    assert_eq!(decoded, lines);
}

#[test]
fn every_command_runs() {
    let (totals, failures) = run(&stream(passing())).unwrap();
    // The last command fails: no current instance after the reset.
    assert_eq!(failures.len(), 1, "{failures:#?}");
    assert!(
        failures[0].contains(":85: assert_return: no such module instance"),
        "{failures:?}"
    );
    assert_eq!(
        totals,
        Totals {
            directives: 27,
            passed: 26,
            failed: 1
        }
    );
}

#[test]
fn wrong_expectations_fail() {
    let module = wasm(MODULE);
    let commands = vec![
        Command::Module {
            slot: None,
            wasm: module.clone().into(),
        },
        Command::AssertReturn(invoke("one", vec![]), vec![Expected::I32(2)]),
        Command::AssertReturn(invoke("one", vec![]), vec![Expected::I64(1)]),
        Command::AssertReturn(invoke("one", vec![]), vec![]),
        Command::AssertReturn(
            invoke("f32", vec![Arg::I32(0x7fc0_0001)]),
            vec![Expected::F32CanonicalNan],
        ),
        Command::AssertReturn(
            invoke("f32", vec![Arg::I32(0x7fa0_0000)]),
            vec![Expected::F32ArithmeticNan],
        ),
        Command::AssertReturn(
            invoke("id", vec![Arg::I32(3)]),
            vec![Expected::Either(vec![Expected::I32(1), Expected::I32(2)])],
        ),
        Command::AssertReturn(
            invoke("ext", vec![Arg::ExternRef(3)]),
            vec![Expected::ExternRef(4)],
        ),
        Command::AssertReturn(invoke("missing", vec![]), vec![]),
        Command::AssertTrap(invoke("one", vec![]), TrapCode::Unreachable),
        Command::AssertTrap(invoke("trap", vec![]), TrapCode::IntegerOverflow),
        Command::AssertExhaustion(invoke("trap", vec![]), TrapCode::StackOverflow),
        Command::AssertException(invoke("one", vec![])),
        Command::AssertException(invoke("trap", vec![])),
        Command::Invoke(invoke("trap", vec![])),
        Command::AssertInvalid(module.clone().into()),
        Command::AssertUnlinkable(module.clone().into()),
        Command::AssertTrap(Action::Instantiate(module.into()), TrapCode::Unreachable),
        Command::Register {
            name: String::from("X").into(),
            instance: Some(0),
        },
        Command::ModuleInstance {
            definition: None,
            slot: None,
        },
        Command::HostFailed(String::from("SIMD").into()),
    ];
    let n = commands.len() as u32;
    let (totals, failures) = run(&stream(commands)).unwrap();
    assert_eq!(
        totals,
        Totals {
            directives: n,
            passed: 1,
            failed: n - 1
        },
        "{failures:#?}"
    );
    assert!(
        failures[0].ends_with("result 0 is i32:1, expected i32:2"),
        "{failures:?}"
    );
    assert!(
        failures[6].ends_with("result 0 is ref.extern 3, expected ref.extern 4"),
        "{failures:?}"
    );
    let exception = |s: &str| failures.iter().any(|f| f.contains(s));
    assert!(
        exception("assert_exception: expected an uncaught exception, got none"),
        "{failures:?}"
    );
    assert!(
        exception("assert_exception: expected an uncaught exception, got \"trap: unreachable"),
        "{failures:?}"
    );
}

#[test]
fn nan_patterns() {
    use crate::run::matches;
    let canonical = Expected::F32CanonicalNan;
    assert!(matches(&canonical, &Val::F32(0xffc0_0000)));
    assert!(!matches(&canonical, &Val::F32(0x7fa0_0000)));
    assert!(matches(
        &Expected::F64ArithmeticNan,
        &Val::F64(0x7ffc_0000_0000_0000)
    ));
    assert!(!matches(
        &Expected::F64ArithmeticNan,
        &Val::F64(0x7ff4_0000_0000_0000)
    ));
    assert!(!matches(&Expected::F64CanonicalNan, &Val::F32(0x7fc0_0000)));
    assert!(matches(
        &Expected::AnyExternRef,
        &Val::ExternRef(Some(ExternRef::new(0)))
    ));
    assert!(!matches(&Expected::NullExternRef, &Val::FuncRef(None)));
}

#[test]
fn replayed_commands_run_but_do_not_count() {
    let module = wasm(MODULE);
    let mut writer = Writer::new();
    let frames = [
        (
            true,
            Command::Module {
                slot: None,
                wasm: module.into(),
            },
        ),
        (true, Command::Invoke(invoke("bump", vec![]))),
        (
            false,
            Command::AssertReturn(get("g"), vec![Expected::I32(8)]),
        ),
    ];
    for (replay, command) in frames {
        writer.frame(&Frame {
            replay,
            line: 5,
            command,
        });
    }
    let bytes = writer.finish(&header("test/replay.wast"));
    let (totals, failures) = run(&bytes).unwrap();
    assert_eq!(
        totals,
        Totals {
            directives: 1,
            passed: 1,
            failed: 0
        },
        "{failures:?}"
    );
}

#[test]
fn malformed_streams_are_errors_not_panics() {
    let good = stream(passing());
    // Every truncation.
    for len in 0..good.len() {
        assert!(run(&good[..len]).is_err(), "truncated to {len} bytes");
    }
    // Every single-byte corruption: an error, or a run that reports.
    for i in 0..good.len() {
        for flip in [0x01, 0x80, 0xff] {
            let mut bad = good.clone();
            bad[i] ^= flip;
            let _ = run(&bad);
        }
    }
    let kinds = |bytes: &[u8]| run(bytes).unwrap_err().kind;
    assert_eq!(kinds(b"MSPX\x01"), StreamErrorKind::BadMagic);
    assert_eq!(kinds(b"MSPS\x09"), StreamErrorKind::Version(9));
    let mut trailing = good.clone();
    trailing.push(0);
    assert_eq!(kinds(&trailing), StreamErrorKind::TrailingBytes);
}

#[test]
fn wrong_counts_and_nesting_are_errors() {
    let mut writer = Writer::new();
    writer.frame(&Frame {
        replay: false,
        line: 1,
        command: Command::HostPassed(2),
    });
    let good = writer.finish(&header("x"));
    assert!(run(&good).is_ok());
    // Claim 3 directives in the header: "MSPS", version, "x", chunk, chunks, directives.
    let mut bytes = good.clone();
    assert_eq!(bytes[9], 2);
    bytes[9] = 3;
    assert_eq!(
        run(&bytes).unwrap_err().kind,
        StreamErrorKind::CountMismatch {
            header: 3,
            counted: 2
        }
    );

    let nested = Expected::Either(vec![Expected::Either(vec![Expected::I32(1)])]);
    let bytes = stream(vec![Command::AssertReturn(get("g"), vec![nested])]);
    assert_eq!(run(&bytes).unwrap_err().kind, StreamErrorKind::NestedEither);
}

#[test]
fn run_all_prints_board_lines() {
    // A good header announcing 5 directives, then an unknown command.
    let broken = b"MSPS\x03\x01x\x00\x01\x05\x00\x00\x7f";
    let mut out = String::new();
    let summary = run_all(
        [&stream(passing())[..], &broken[..]],
        &Engine::default(),
        &mut out,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "spec: FAIL test/script.wast:85: assert_return: no such module instance"
    );
    assert_eq!(lines[1], "spec: test/script.wast 27 26 1");
    assert_eq!(
        lines[2],
        "spec: x error: bad stream at byte 12: unknown tag 0x7f"
    );
    assert_eq!(lines[3], "spec: x 5 0 5");
    assert_eq!(
        lines[4],
        "spec total: 26 passed, 6 failed (32 directives, 2 streams)"
    );
    assert_eq!(summary.broken, 1);
}

#[test]
fn chunk_names() {
    let mut h = header("wasm-v2/f32.wast");
    assert_eq!(alloc::format!("{}", h.name()), "wasm-v2/f32.wast");
    h.chunk = 1;
    h.chunks = 3;
    assert_eq!(alloc::format!("{}", h.name()), "wasm-v2/f32.wast#2/3");
}

#[test]
fn trap_codes_round_trip() {
    for code in TRAP_CODES {
        assert_eq!(trap_code(code as u8), Some(code));
    }
    assert_eq!(trap_code(0), None);
}

/// `v128` arguments and results: exact bits, or float lanes each with its
/// own value or NaN class; they round-trip and compare as the host runner
/// compares them.
#[test]
fn v128_values_compare_by_lane() {
    let module = wasm(r#"(module (func (export "v") (param v128) (result v128) (local.get 0)))"#);
    // f32 lanes: canonical NaN, an arithmetic NaN, 1.0, -0.0.
    let f32s: u128 = 0x8000_0000_3f80_0000_7fc0_0001_ffc0_0000;
    // f64 lanes: 1.0, canonical NaN.
    let f64s: u128 = 0x7ff8_0000_0000_0000_3ff0_0000_0000_0000;
    let lanes32 = |l: [Expected; 4]| Expected::F32x4(l.to_vec());
    let v = |bits: u128, e: Expected| {
        Command::AssertReturn(invoke("v", vec![Arg::V128(bits)]), vec![e])
    };
    let commands = vec![
        Command::Module {
            slot: None,
            wasm: module.into(),
        },
        // Pass.
        v(f32s, Expected::V128(f32s)),
        v(
            f32s,
            lanes32([
                Expected::F32CanonicalNan,
                Expected::F32ArithmeticNan,
                Expected::F32(0x3f80_0000),
                Expected::F32(0x8000_0000),
            ]),
        ),
        v(
            f64s,
            Expected::F64x2(vec![
                Expected::F64(0x3ff0_0000_0000_0000),
                Expected::F64CanonicalNan,
            ]),
        ),
        v(
            f64s,
            Expected::Either(vec![Expected::V128(0), Expected::V128(f64s)]),
        ),
        // Fail: one bit off; an arithmetic NaN where a canonical one is
        // expected; -0.0 where 0.0 is.
        v(f32s, Expected::V128(f32s ^ 1)),
        v(
            f32s,
            lanes32([
                Expected::F32CanonicalNan,
                Expected::F32CanonicalNan,
                Expected::F32(0x3f80_0000),
                Expected::F32(0x8000_0000),
            ]),
        ),
        v(
            f32s,
            lanes32([
                Expected::F32CanonicalNan,
                Expected::F32ArithmeticNan,
                Expected::F32(0x3f80_0000),
                Expected::F32(0),
            ]),
        ),
        v(f32s, Expected::I32(0)),
    ];
    let bytes = stream(commands.clone());
    let mut reader = Reader::new(&bytes).unwrap();
    let mut decoded = Vec::new();
    while let Some(frame) = reader.next_frame().unwrap() {
        decoded.push(frame.command);
    }
    assert_eq!(decoded, commands);
    let (totals, failures) = run(&bytes).unwrap();
    assert_eq!(
        totals,
        Totals {
            directives: 9,
            passed: 5,
            failed: 4
        },
        "{failures:#?}"
    );
    assert!(failures[0].contains("v128:0x8000000"), "{failures:?}");
}

/// A stream whose modules are images (`spec-stream --images`) runs as the
/// one with `.wasm` does; a module left as `.wasm` in such a stream loads
/// only where the runner has `wasm`.
#[cfg(feature = "image")]
#[test]
fn images_run_like_their_modules() {
    let engine = Engine::default();
    let image = |text: &str| -> Vec<u8> {
        mote::Module::new(&engine, &wasm(text))
            .unwrap()
            .to_image()
            .unwrap()
    };
    let module = image(MODULE);
    let commands = vec![
        Command::Module {
            slot: Some(1),
            wasm: module.clone().into(),
        },
        Command::AssertReturn(invoke("id", vec![Arg::I32(-5)]), vec![Expected::I32(-5)]),
        Command::Invoke(invoke("bump", vec![])),
        Command::AssertReturn(get("g"), vec![Expected::I32(8)]),
        Command::AssertTrap(invoke("trap", vec![]), TrapCode::Unreachable),
        Command::AssertTrap(
            Action::Instantiate(image(r#"(module (func $s unreachable) (start $s))"#).into()),
            TrapCode::Unreachable,
        ),
        Command::AssertUnlinkable(image(r#"(module (import "m" "f" (func)))"#).into()),
        Command::HostPassed(2),
    ];
    let (totals, failures) = run(&stream(commands)).unwrap();
    assert_eq!((totals.passed, totals.failed), (9, 0), "{failures:?}");
    // A corrupted image fails its directive, like a module that does not
    // compile.
    let mut bad = module;
    let last = bad.len() - 1;
    bad[last] ^= 0xff;
    let (totals, failures) = run(&stream(vec![Command::Module {
        slot: None,
        wasm: bad.into(),
    }]))
    .unwrap();
    assert_eq!((totals.passed, totals.failed), (0, 1));
    assert!(failures[0].contains("compilation failed"), "{failures:?}");
}
