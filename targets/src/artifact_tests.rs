//! Artifacts: a round trip runs as the interpreter does, and every kind of
//! wrong or damaged artifact is refused with its own error, never a panic.

use mote::{Engine, Linker, Store, Val};

use crate::artifact::{self, ArtifactError, fnv1a};
use crate::{Error, Module, TargetInfo};

/// Memory, data, a global, a table and `call_indirect`, a loop.
const PROGRAM: &str = r#"(module
  (memory 1)
  (data (i32.const 16) "\01\02\03\04\05")
  (global $g (mut i32) (i32.const 7))
  (table funcref (elem $sq $dbl))
  (type $t (func (param i32) (result i32)))
  (func $sq (param i32) (result i32) local.get 0 local.get 0 i32.mul)
  (func $dbl (param i32) (result i32) local.get 0 local.get 0 i32.add)
  (func (export "run") (param i32) (result i32) (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc)
        (call_indirect (type $t) (i32.load8_u offset=16 (i32.rem_u (local.get $i) (i32.const 5)))
          (i32.and (local.get $i) (i32.const 1)))))
      (global.set $g (i32.add (global.get $g) (local.get $acc)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get 0))))
    (i32.xor (local.get $acc) (global.get $g)))
  (func (export "boom") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
)"#;

fn wasm() -> Vec<u8> {
    wat::parse_str(PROGRAM).expect("test module")
}

fn interp_run(wasm: &[u8], name: &str, arg: i32) -> Result<i32, Option<mote::TrapCode>> {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let module = mote::Module::new(&engine, wasm).unwrap();
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let f = inst.get_func(&store, name).unwrap();
    let mut out = [Val::I32(0)];
    f.call(&mut store, &[Val::I32(arg)], &mut out)
        .map(|()| out[0].i32().unwrap())
        .map_err(|e| e.as_trap().map(|t| t.code()))
}

fn aot_run(module: &Module, name: &str, arg: i32) -> Result<i32, Option<mote::TrapCode>> {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let inst = module
        .instantiate(&mut store, &Linker::new(&engine))
        .unwrap();
    let f = inst.get_func(name).unwrap();
    let mut out = [Val::I32(0)];
    f.call(&mut store, &[Val::I32(arg)], &mut out)
        .map(|()| out[0].i32().unwrap())
        .map_err(|e| e.as_trap().map(|t| t.code()))
}

fn load(bytes: &[u8]) -> Result<Module, Error> {
    // SAFETY: every artifact here was written by this crate; the damaged
    // ones are refused before any code runs (and none is run unless it
    // loads unchanged).
    unsafe { Module::deserialize(bytes) }
}

fn refusal(bytes: &[u8]) -> ArtifactError {
    match load(bytes) {
        Err(Error::Artifact(e)) => e,
        Err(e) => panic!("refused, but not as an artifact: {e}"),
        Ok(_) => panic!("loaded"),
    }
}

/// The checksum recomputed after an edit, so that the check after it is
/// the one a test reaches.
fn resum(bytes: &mut [u8]) {
    let n = bytes.len() - 8;
    let sum = fnv1a(&bytes[..n]);
    bytes[n..].copy_from_slice(&sum.to_le_bytes());
}

fn host_target() -> TargetInfo {
    Module::new(&wasm()).unwrap().target().clone()
}

#[test]
fn a_round_trip_runs_as_the_interpreter() {
    let wasm = wasm();
    let compiled = Module::new(&wasm).unwrap();
    let bytes = compiled.serialize().unwrap();
    assert!(crate::is_artifact(&bytes));
    let loaded = load(&bytes).unwrap();
    assert_eq!(loaded.code_size(), compiled.code_size());
    // The same bytes again: compilation is deterministic.
    assert_eq!(loaded.serialize().unwrap(), bytes);
    assert_eq!(
        crate::compile_artifact(&wasm, "host").unwrap(),
        bytes,
        "compile_artifact(host) writes what serialize does"
    );
    for arg in [0, 1, 10, 1000] {
        let want = interp_run(&wasm, "run", arg);
        assert!(want.is_ok());
        assert_eq!(aot_run(&loaded, "run", arg), want, "run({arg})");
    }
    assert_eq!(aot_run(&loaded, "boom", 0), interp_run(&wasm, "boom", 0));
    assert_eq!(
        aot_run(&loaded, "boom", 0),
        Err(Some(mote::TrapCode::IntegerDivisionByZero))
    );
}

/// The triples `compile_artifact` takes, with a feature their baseline has
/// (base ARMv8-A has none of Cranelift's optional ones) and one it must not
/// assume.
const TARGETS: [(&str, Option<&str>, &str); 3] = [
    ("x86_64-unknown-linux-gnu", Some("has_sse41"), "has_avx"),
    ("aarch64-unknown-linux-gnu", None, "has_lse"),
    ("riscv64gc-unknown-linux-gnu", Some("has_zca"), "has_v"),
];

#[test]
fn portable_artifacts_for_each_target_load_on_theirs_only() {
    let wasm = wasm();
    // Float rounding and population count need no libcall at these
    // baselines (a libcall would be a relocation, which compilation
    // refuses).
    let floats = wat::parse_str(
        r#"(module (func (export "f") (param f64 f32 i64) (result f64 f32 i64)
             local.get 0 f64.nearest f64.ceil f64.floor f64.trunc
             local.get 1 f32.nearest f32.ceil f32.floor f32.trunc
             local.get 2 i64.popcnt))"#,
    )
    .unwrap();
    let host = host_target();
    let mut loaded_here = 0;
    for (triple, has, lacks) in TARGETS {
        let bytes = crate::compile_artifact(&wasm, triple).unwrap();
        let info = crate::read_artifact(&bytes).unwrap();
        assert_eq!(info.target.triple, triple);
        let features = &info.target.features;
        if let Some(has) = has {
            assert!(features.iter().any(|f| f == has), "{triple}: {features:?}");
        }
        assert!(
            !features.iter().any(|f| f == lacks),
            "{triple}: {features:?}"
        );
        assert!(crate::compile_artifact(&floats, triple).is_ok(), "{triple}");
        if triple == host.triple {
            loaded_here += 1;
            let loaded = load(&bytes).unwrap();
            assert_eq!(aot_run(&loaded, "run", 77), interp_run(&wasm, "run", 77));
        } else {
            assert!(
                matches!(refusal(&bytes), ArtifactError::Target { artifact, host: h }
                    if artifact == triple && h == host.triple),
                "{triple} on {}",
                host.triple
            );
        }
    }
    assert_eq!(
        loaded_here, 1,
        "the host {} is one of the targets",
        host.triple
    );
}

#[test]
fn simd_artifacts_need_vectors_on_their_target() {
    // Float rounding, conversions and a relaxed op: no libcall (which
    // would be a relocation) at any of the baselines that have vectors.
    let simd = wat::parse_str(
        r#"(module (func (export "f") (param v128 v128) (result v128 i32)
             (f32x4.nearest (local.get 0)) (f64x2.floor) (i32x4.trunc_sat_f64x2_u_zero)
             (f32x4.convert_i32x4_u) (local.get 1) (f32x4.relaxed_madd (local.get 1))
             (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get 0) (local.get 1))
             (i8x16.popcnt) (i8x16.bitmask (local.get 1))))"#,
    )
    .unwrap();
    let host = host_target();
    for (triple, records, feature) in [
        (
            "x86_64-unknown-linux-gnu",
            "x86_64-unknown-linux-gnu",
            Some("has_sse41"),
        ),
        (
            "aarch64-unknown-linux-gnu",
            "aarch64-unknown-linux-gnu",
            None,
        ),
        (
            "riscv64gcv-unknown-linux-gnu",
            "riscv64gc-unknown-linux-gnu",
            Some("has_v"),
        ),
    ] {
        let bytes = crate::compile_artifact(&simd, triple).unwrap();
        let info = crate::read_artifact(&bytes).unwrap();
        assert_eq!(info.target.triple, records);
        if let Some(f) = feature {
            assert!(info.target.features.iter().any(|x| x == f), "{triple}");
        }
        if records == host.triple && feature.is_none_or(|f| host.features.iter().any(|x| x == f)) {
            assert!(load(&bytes).is_ok(), "{triple} on its host");
        }
    }
    match crate::compile_artifact(&simd, "riscv64gc-unknown-linux-gnu") {
        Err(Error::Unsupported(why)) => assert!(why.contains("V extension"), "{why}"),
        other => panic!("v128 for riscv64gc: {:?}", other.map(|b| b.len())),
    }
    // Without v128, riscv64gcv code is riscv64gc code that may use V.
    let plain = crate::compile_artifact(&wasm(), "riscv64gcv-unknown-linux-gnu").unwrap();
    let info = crate::read_artifact(&plain).unwrap();
    assert!(info.target.features.iter().any(|x| x == "has_v"));
}

#[test]
fn other_targets_and_settings_are_refused() {
    let wasm = wasm();
    let host = host_target();
    let text = Module::new(&wasm).unwrap().serialize().unwrap();
    let info = crate::read_artifact(&text).unwrap();
    let (code, offsets) = (info.code.to_vec(), info.offsets.clone());
    let with = |t: &TargetInfo| artifact::write(&wasm, &code, &offsets, t).unwrap();

    let other = TargetInfo {
        triple: "aarch64-unknown-linux-gnu".into(),
        ..host.clone()
    };
    assert!(
        matches!(refusal(&with(&other)), ArtifactError::Target { artifact, .. }
        if artifact == "aarch64-unknown-linux-gnu")
    );
    let settings = TargetInfo {
        settings: host.settings ^ 1,
        ..host.clone()
    };
    assert_eq!(refusal(&with(&settings)), ArtifactError::Settings);
    let mut cpu = host.clone();
    cpu.features.push("has_a_feature_no_cpu_has".into());
    assert_eq!(
        refusal(&with(&cpu)),
        ArtifactError::CpuFeature("has_a_feature_no_cpu_has".into())
    );
    assert!(load(&with(&host)).is_ok());

    // Targets mote-aot does not compile for.
    for t in [
        "s390x-unknown-linux-gnu",
        "riscv64imac-unknown-none-elf",
        "riscv32imac-unknown-none-elf",
        "aarch64-apple-darwin",
        "not-a-triple",
    ] {
        assert!(matches!(
            crate::compile_artifact(&wasm, t),
            Err(Error::Unsupported(_))
        ));
    }
}

#[test]
fn damaged_artifacts_are_refused_each_with_its_error() {
    let bytes = Module::new(&wasm()).unwrap().serialize().unwrap();
    assert_eq!(refusal(b"\0asm\x01\0\0\0"), ArtifactError::NotAnArtifact);
    assert_eq!(refusal(&[]), ArtifactError::NotAnArtifact);

    let mut v = bytes.clone();
    v[8] = 1;
    assert_eq!(
        refusal(&v),
        ArtifactError::Version {
            found: 1,
            supported: 2
        }
    );
    let cut = &bytes[..bytes.len() - 1];
    assert!(
        matches!(refusal(cut), ArtifactError::Length { expected, found }
        if expected == bytes.len() as u64 && found == cut.len() as u64)
    );
    assert!(matches!(
        refusal(&bytes[..10]),
        ArtifactError::Length { .. }
    ));
    let mut long = bytes.clone();
    long.push(0);
    assert!(matches!(refusal(&long), ArtifactError::Length { .. }));

    let mut flipped = bytes.clone();
    let mid = bytes.len() / 2;
    flipped[mid] ^= 0x40;
    assert_eq!(refusal(&flipped), ArtifactError::Checksum);
}

/// Lengths inside the artifact (under a correct checksum) that point past
/// its end, offsets outside the code or out of order, or that do not match
/// the module's functions.
#[test]
fn hostile_sizes_and_offsets_are_refused() {
    let wasm = wasm();
    let bytes = Module::new(&wasm).unwrap().serialize().unwrap();
    let triple_len_at = 20;
    for huge in [u32::MAX, 0x7fff_ffff, bytes.len() as u32] {
        let mut v = bytes.clone();
        v[triple_len_at..triple_len_at + 4].copy_from_slice(&huge.to_le_bytes());
        resum(&mut v);
        assert!(matches!(refusal(&v), ArtifactError::Malformed(_)), "{huge}");
    }
    // The offsets' count, the last 4 + 4n + 8 bytes.
    let info = crate::read_artifact(&bytes).unwrap();
    let n = info.offsets.len();
    let count_at = bytes.len() - 8 - 4 * n - 4;
    for count in [u32::MAX, n as u32 + 1, n as u32 - 1] {
        let mut v = bytes.clone();
        v[count_at..count_at + 4].copy_from_slice(&count.to_le_bytes());
        resum(&mut v);
        assert!(
            matches!(refusal(&v), ArtifactError::Malformed(_)),
            "{count}"
        );
    }
    let (code, host) = (info.code.to_vec(), info.target.clone());
    let write = |offsets: &[usize]| artifact::write(&wasm, &code, offsets, &host).unwrap();
    let mut past = info.offsets.clone();
    *past.last_mut().unwrap() = code.len();
    assert!(matches!(
        refusal(&write(&past)),
        ArtifactError::Malformed(_)
    ));
    let mut disorder = info.offsets.clone();
    disorder.swap(0, 1);
    assert!(matches!(
        refusal(&write(&disorder)),
        ArtifactError::Malformed(_)
    ));
    let fewer = &info.offsets[..n - 1];
    assert!(matches!(
        refusal(&write(fewer)),
        ArtifactError::Malformed(_)
    ));
    // A module that no longer validates.
    let mut bad = wasm.clone();
    bad.truncate(bad.len() - 3);
    let v = artifact::write(&bad, &code, &info.offsets, &host).unwrap();
    assert!(matches!(load(&v), Err(Error::Wasm(_))));
}

/// Every single-byte change and every truncation is refused; random
/// damage with the checksum made right again is refused or loads, never
/// panics (nothing loaded that way is run).
#[test]
fn flipped_and_truncated_bytes_never_panic() {
    let bytes = Module::new(&wasm()).unwrap().serialize().unwrap();
    for i in 0..bytes.len() {
        for bit in [0x01, 0x80] {
            let mut v = bytes.clone();
            v[i] ^= bit;
            assert!(load(&v).is_err(), "byte {i} ^ {bit:#x} loaded");
        }
    }
    for n in 0..bytes.len() {
        assert!(load(&bytes[..n]).is_err(), "{n} bytes loaded");
    }
    // xorshift: the same damage on every run.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    // Only the header and the parts before the code: damaged machine code
    // would load (it is not checked) and is never run here anyway.
    let info = crate::read_artifact(&bytes).unwrap();
    let code_at = bytes.len() - 8 - 4 * info.offsets.len() - 4 - info.code.len() - 4;
    let mut refused = 0;
    for _ in 0..3000 {
        let mut v = bytes.clone();
        for _ in 0..1 + next() % 4 {
            let i = 12 + (next() as usize) % (code_at - 12);
            v[i] = next() as u8;
        }
        resum(&mut v);
        refused += usize::from(load(&v).is_err());
    }
    assert!(refused > 2000, "only {refused} of 3000 refused");
}
