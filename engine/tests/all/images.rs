//! Images (`Module::to_image`, `Module::from_image`): a module loaded from
//! its image is the module, byte for byte and result for result; a
//! corrupted image is an error or a module that runs safely.

use crate::wat;
use mote::{Config, Engine, Error, Extern, Linker, Module, Store, Val};
use std::path::Path;

const SAMPLE: &str = r#"(module
  (type $bin (func (param i32 i32) (result i32)))
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (memory 1 2)
  (data (i32.const 16) "hello")
  (table 4 funcref)
  (elem (i32.const 0) $sub $mul $fac)
  (global $g (mut i32) (i32.const 7))
  (global i64 (i64.const -3))
  (func $sub (type $bin) (i32.sub (local.get 0) (local.get 1)))
  (func $mul (type $bin) (i32.mul (local.get 0) (local.get 1)))
  (func $fac (param i32 i32) (result i32)
    (if (result i32) (i32.le_s (local.get 0) (i32.const 1))
      (then (i32.const 1))
      (else (i32.mul (local.get 0)
        (call $fac (i32.sub (local.get 0) (i32.const 1)) (i32.const 0))))))
  (func (export "fac") (param i32) (result i32) (call $fac (local.get 0) (i32.const 0)))
  (func (export "indirect") (param i32 i32 i32) (result i32)
    (call_indirect (type $bin) (local.get 1) (local.get 2) (local.get 0)))
  (func (export "host") (param i32) (result i32) (call $add (local.get 0) (global.get $g)))
  (func (export "bump") (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g))
  (func (export "load") (param i32) (result i32) (i32.load8_u offset=16 (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "sum") (param i32) (result i64) (local $s i64)
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get 0)))
      (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (local.get 0))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br $l)))
    (local.get $s))
  (func (export "pick") (param i32) (result i32)
    (block $c (block $b (block $a
      (br_table $a $b $c (local.get 0)))
      (return (i32.const 10)))
      (return (i32.const 20)))
    (i32.const 30))
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
  (func (export "fill") (memory.fill (i32.const 0) (i32.const 1) (i32.const 8)))
  (func (export "pair") (result i32 i64) (i32.const 1) (i64.const 2)))"#;

fn engine(fuel: bool) -> Engine {
    let mut config = Config::new();
    config.consume_fuel(fuel);
    config.debug_info(true);
    Engine::new(&config)
}

/// Instantiates `module` with every imported function defined as one
/// that adds its i32 arguments (or returns zeros), then calls `name`.
fn run(engine: &Engine, module: &Module, name: &str, args: &[Val]) -> Result<Vec<Val>, Error> {
    let mut store = Store::new(engine, ());
    let instance = stubs(engine, module)?.instantiate(&mut store, module)?;
    let f = instance
        .get_func(&store, name)
        .ok_or(Error::Call(mote::CallError::NotFound))?;
    let ty = f.ty(&store);
    let mut out: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
    f.call(&mut store, args, &mut out)?;
    Ok(out)
}

fn stubs(engine: &Engine, module: &Module) -> Result<Linker<()>, Error> {
    let mut linker = Linker::new(engine);
    for (m, n, ty) in module.imports() {
        if let mote::ExternType::Func(ty) = ty {
            linker.func_new(m, n, ty.clone(), |_, args, out| {
                let sum = args.iter().fold(0i32, |a, v| match v {
                    Val::I32(x) => a.wrapping_add(*x),
                    _ => a,
                });
                if let Some(r @ Val::I32(_)) = out.first_mut() {
                    *r = Val::I32(sum);
                }
                Ok(())
            })?;
        }
    }
    Ok(linker)
}

fn image_of(engine: &Engine, wasm: &[u8]) -> (Module, Vec<u8>) {
    let module = Module::new(engine, wasm).unwrap();
    let image = module.to_image().unwrap();
    (module, image)
}

#[test]
fn an_image_runs_as_its_module_does() {
    let e = engine(false);
    let (module, image) = image_of(&e, &wat(SAMPLE));
    let loaded = Module::from_image(&e, &image).unwrap();
    let calls: &[(&str, &[Val])] = &[
        ("fac", &[Val::I32(10)]),
        ("indirect", &[Val::I32(0), Val::I32(9), Val::I32(4)]),
        ("indirect", &[Val::I32(1), Val::I32(9), Val::I32(4)]),
        ("indirect", &[Val::I32(3), Val::I32(9), Val::I32(4)]),
        ("host", &[Val::I32(5)]),
        ("bump", &[]),
        ("load", &[Val::I32(1)]),
        ("load", &[Val::I32(70000)]),
        ("sum", &[Val::I32(100)]),
        ("pick", &[Val::I32(1)]),
        ("pick", &[Val::I32(9)]),
        ("grow", &[]),
        ("pair", &[]),
    ];
    for (name, args) in calls {
        let want = run(&e, &module, name, args);
        let got = run(&e, &loaded, name, args);
        assert_eq!(got, want, "{name}({args:?})");
    }
    assert_eq!(
        run(&e, &loaded, "fac", &[Val::I32(5)]).unwrap(),
        [Val::I32(120)]
    );
    assert_eq!(
        run(&e, &loaded, "host", &[Val::I32(5)]).unwrap(),
        [Val::I32(12)]
    );
    assert_eq!(
        loaded
            .exports()
            .map(|(n, t)| (n.to_string(), t))
            .collect::<Vec<_>>(),
        module
            .exports()
            .map(|(n, t)| (n.to_string(), t))
            .collect::<Vec<_>>()
    );
}

/// The modules the round trips below use: the golden files, the WASI
/// programs and the C++ exception programs.
fn corpus() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(root.join("tests/golden"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wat"))
        .collect();
    // The C++ programs throw and catch: exception handling, a cargo
    // feature (on by default), as golden's `exceptions.wat`.
    let dirs: &[&str] = match cfg!(feature = "exceptions") {
        true => &["../tests/wasi", "../tests/cxx"],
        false => &["../tests/wasi"],
    };
    paths.retain(|p| cfg!(feature = "exceptions") || !p.ends_with("exceptions.wat"));
    for dir in dirs {
        paths.extend(
            std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "wasm")),
        );
    }
    paths.sort();
    for p in paths {
        let bytes = std::fs::read(&p).unwrap();
        let wasm = if p.extension().is_some_and(|e| e == "wat") {
            wat::parse_bytes(&bytes).unwrap().into_owned()
        } else {
            bytes
        };
        out.push((p.file_name().unwrap().to_string_lossy().into_owned(), wasm));
    }
    out
}

#[test]
fn images_round_trip_to_the_same_module_and_bytes() {
    for fuel in [false, true] {
        let e = engine(fuel);
        for (name, wasm) in corpus() {
            let (module, image) = image_of(&e, &wasm);
            let loaded =
                Module::from_image(&e, &image).unwrap_or_else(|err| panic!("{name}: {err}"));
            assert_eq!(
                loaded.disassemble().to_string(),
                module.disassemble().to_string(),
                "{name}"
            );
            assert_eq!(
                loaded.to_image().unwrap(),
                image,
                "{name}: not the same bytes again"
            );
            assert_eq!(loaded.code_size(), module.code_size(), "{name}");
            // Compiling again gives the same bytes.
            assert_eq!(image_of(&e, &wasm).1, image, "{name}: not deterministic");
        }
    }
}

#[test]
fn images_are_refused_by_an_engine_configured_otherwise() {
    let (_, image) = image_of(&engine(true), &wat(SAMPLE));
    let err = Module::from_image(&engine(false), &image).unwrap_err();
    assert!(matches!(err, Error::Image(_)), "{err}");
    let (_, image) = image_of(&engine(false), &wat(SAMPLE));
    assert!(Module::from_image(&engine(true), &image).is_err());
    assert!(Module::from_image(&engine(false), &wat(SAMPLE)).is_err());
    let mut other = image.clone();
    other[10] ^= 1; // the code version
    assert!(Module::from_image(&engine(false), &other).is_err());
}

/// FNV-1a 64, as the header's hash: the corruption tests below fix it up
/// so that their changes reach the reader and the check.
fn rehash(image: &mut [u8]) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in &image[32..] {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    image[24..32].copy_from_slice(&h.to_le_bytes());
}

/// Loads `image` and, if it loads, calls every exported function with
/// zero arguments under fuel: none of it may panic.
fn exercise(e: &Engine, image: &[u8]) -> bool {
    let Ok(module) = Module::from_image(e, image) else {
        return false;
    };
    let mut store = Store::new(e, ());
    store.set_fuel(2_000).unwrap();
    let Ok(linker) = stubs(e, &module) else {
        return true;
    };
    let Ok(instance) = linker.instantiate(&mut store, &module) else {
        return true;
    };
    let funcs: Vec<_> = instance
        .exports(&store)
        .filter_map(|(_, x)| match x {
            Extern::Func(f) => Some(f),
            _ => None,
        })
        .collect();
    for f in funcs {
        let ty = f.ty(&store);
        let args: Vec<Val> = ty.params().iter().map(|&t| Val::default_for(t)).collect();
        let mut out: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
        let _ = f.call(&mut store, &args, &mut out);
        let _ = store.set_fuel(2_000);
    }
    true
}

#[test]
fn every_truncation_of_an_image_is_an_error() {
    let e = engine(true);
    let (_, image) = image_of(&e, &wat(SAMPLE));
    for n in 0..image.len() {
        let mut cut = image[..n].to_vec();
        if cut.len() >= 32 {
            cut[20..24].copy_from_slice(&((n - 32) as u32).to_le_bytes());
            rehash(&mut cut);
        }
        assert!(Module::from_image(&e, &cut).is_err(), "{n} bytes loaded");
    }
}

#[test]
fn every_single_byte_change_of_an_image_is_refused_or_runs_safely() {
    let e = engine(true);
    let sample = wat(SAMPLE);
    let hello =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/wasi/hello.wasm"))
            .unwrap();
    for (wasm, flips) in [(&sample, &[0x01u8, 0x80, 0xff][..]), (&hello, &[0x01][..])] {
        let (_, image) = image_of(&e, wasm);
        // Without the hash fixed up, any change is caught by it.
        let mut changed = image.clone();
        changed[image.len() - 1] ^= 1;
        assert!(Module::from_image(&e, &changed).is_err());
        let mut loaded = 0;
        for at in 32..image.len() {
            for &x in flips {
                let mut bad = image.clone();
                bad[at] ^= x;
                rehash(&mut bad);
                loaded += usize::from(exercise(&e, &bad));
            }
        }
        // Many changes (constants, offsets, slots) still make a module.
        assert!(loaded > 0);
    }
}

/// With fuel, a loop whose head does not charge is refused: here the
/// charge at the head of `spin`'s loop (`fuel.txt`, word 3) is replaced
/// by a `br` to the next op, which would loop for free.
#[test]
fn a_fuel_image_whose_loop_does_not_charge_is_refused() {
    let e = engine(true);
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/fuel.wat"),
    )
    .unwrap();
    let (_, image) = image_of(&e, &wat(&text));
    assert!(Module::from_image(&e, &image).is_ok());
    // `ConsumeFuel amount=1` then `ConsumeFuel amount=3`, little-endian words.
    let charges = [1u8, 0, 1, 0, 0, 0, 1, 0, 3, 0, 0, 0];
    let at = image
        .windows(charges.len())
        .position(|w| w == charges)
        .expect("spin's code in the image")
        + 6;
    let mut free = image.clone();
    free[at] = 3; // `Br` (op code 3) with target +3: the next op.
    rehash(&mut free);
    let err = Module::from_image(&e, &free).unwrap_err();
    assert!(err.to_string().contains("fuel"), "{err}");
}
