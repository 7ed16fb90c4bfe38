//! The runner: the engine built with `image` and without `wasm` (no
//! `wasmparser`), loading an image the full engine made.
//!
//! `sample.mote` is `sample.wat` compiled by the full engine with the
//! default configuration; `image_is_current` (a build with `wasm`) fails
//! when the two disagree, and `MOTE_BLESS=1 cargo test -p mote --test
//! runner` rewrites it. Run without `wasm`:
//! `cargo test -p mote --no-default-features --features std,image --test runner`.

use mote::{Caller, Engine, Error, Linker, Module, Store, TrapCode, Val};

/// `sample.wat`'s image.
const SAMPLE: &[u8] = include_bytes!("sample.mote");

/// `sample.mote` instantiated, its import `env.add` adding its arguments.
fn instance() -> (Store<()>, mote::Instance) {
    let engine = Engine::default();
    let module = Module::from_image(&engine, SAMPLE).expect("the sample image loads");
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "add", |_: Caller<'_, ()>, a: i32, b: i32| {
            a.wrapping_add(b)
        })
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance)
}

#[test]
fn runs_the_image() {
    let (mut store, instance) = instance();
    let fac = instance.get_typed_func::<i32, i32>(&store, "fac").unwrap();
    assert_eq!(fac.call(&mut store, 10).unwrap(), 3_628_800);
    let indirect = instance
        .get_typed_func::<(i32, i32, i32), i32>(&store, "indirect")
        .unwrap();
    assert_eq!(indirect.call(&mut store, (0, 9, 4)).unwrap(), 5);
    assert_eq!(indirect.call(&mut store, (1, 9, 4)).unwrap(), 36);
    assert_eq!(indirect.call(&mut store, (2, 5, 0)).unwrap(), 120);
    // Table slot 3 is past the table; the call traps.
    let err = indirect.call(&mut store, (3, 1, 1)).unwrap_err();
    assert_eq!(
        err.as_trap().map(|t| t.code()),
        Some(TrapCode::UndefinedElement)
    );
    let host = instance.get_typed_func::<i32, i32>(&store, "host").unwrap();
    assert_eq!(host.call(&mut store, 35).unwrap(), 42);
    let load = instance.get_typed_func::<i32, i32>(&store, "load").unwrap();
    assert_eq!(load.call(&mut store, 1).unwrap(), i32::from(b'e'));
    let sum = instance.get_typed_func::<i32, i64>(&store, "sum").unwrap();
    assert_eq!(sum.call(&mut store, 100_000).unwrap(), 5_000_050_000);
    let div = instance
        .get_typed_func::<(i32, i32), i32>(&store, "div")
        .unwrap();
    assert_eq!(div.call(&mut store, (-9, 2)).unwrap(), -4);
    let err = div.call(&mut store, (1, 0)).unwrap_err();
    assert_eq!(
        err.as_trap().map(|t| t.code()),
        Some(TrapCode::IntegerDivisionByZero)
    );
    let minus3 = instance.get_global(&store, "minus3").unwrap();
    assert_eq!(minus3.get(&store), Val::I64(-3));
    let memory = instance.get_memory(&store, "memory").unwrap();
    assert_eq!(&memory.data(&store)[16..21], b"hello");
}

#[test]
fn a_missing_import_is_a_link_error() {
    let engine = Engine::default();
    let module = Module::from_image(&engine, SAMPLE).unwrap();
    let mut store = Store::new(&engine, ());
    let linker = Linker::<()>::new(&engine);
    assert!(matches!(
        linker.instantiate(&mut store, &module),
        Err(Error::Link(_))
    ));
}

/// Written again, a loaded image gives the same bytes.
#[test]
fn rewrites_to_the_same_bytes() {
    let module = Module::from_image(&Engine::default(), SAMPLE).unwrap();
    assert_eq!(module.to_image().unwrap(), SAMPLE);
}

/// Any byte changed (to its complement) and any prefix make an image
/// error: the header's fields are checked and the body is hashed. The
/// one exception is the header's features word (bytes 16..20), which
/// only describes the module (`Module::features`, `mote inspect`): any
/// set of known features is accepted there, and what the code may use is
/// checked op by op.
#[test]
fn corrupted_images_are_refused() {
    let engine = Engine::default();
    let original = Module::from_image(&engine, SAMPLE).unwrap();
    let mut bytes = SAMPLE.to_vec();
    for i in 0..bytes.len() {
        bytes[i] ^= 0xff;
        let r = Module::from_image(&engine, &bytes);
        if (16..20).contains(&i) {
            if let Ok(m) = r {
                assert_ne!(m.features(), original.features(), "byte {i}");
            }
        } else {
            assert!(matches!(r, Err(Error::Image(_))), "byte {i}: {r:?}");
        }
        bytes[i] ^= 0xff;
    }
    for len in 0..SAMPLE.len() {
        let r = Module::from_image(&engine, &SAMPLE[..len]);
        assert!(matches!(r, Err(Error::Image(_))), "prefix {len}: {r:?}");
    }
}

/// `SAMPLE` copied into leaked memory at an address that is even when
/// `aligned` and odd otherwise.
fn leaked(aligned: bool) -> &'static [u8] {
    let buf = Vec::leak(vec![0u8; SAMPLE.len() + 1]);
    let even = (buf.as_ptr() as usize).is_multiple_of(2);
    let at = usize::from(even != aligned);
    let image = &mut buf[at..at + SAMPLE.len()];
    image.copy_from_slice(SAMPLE);
    image
}

/// Instantiates `module` as `instance` does and checks two of its
/// functions and its data.
fn runs(module: &Module) {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "add", |_: Caller<'_, ()>, a: i32, b: i32| {
            a.wrapping_add(b)
        })
        .unwrap();
    let instance = linker.instantiate(&mut store, module).unwrap();
    let fac = instance.get_typed_func::<i32, i32>(&store, "fac").unwrap();
    assert_eq!(fac.call(&mut store, 10).unwrap(), 3_628_800);
    let host = instance.get_typed_func::<i32, i32>(&store, "host").unwrap();
    assert_eq!(host.call(&mut store, 35).unwrap(), 42);
    let memory = instance.get_memory(&store, "memory").unwrap();
    assert_eq!(&memory.data(&store)[16..21], b"hello");
}

/// An image in memory that lasts, at an even address, runs its code
/// where it is; at an odd one, from a copy; both run alike. An image
/// loaded with `from_image` is always copied.
#[test]
fn a_static_image_runs_in_place_when_aligned() {
    let engine = Engine::default();
    let module = Module::from_static_image(&engine, leaked(true)).unwrap();
    assert!(module.code_in_place() || cfg!(target_endian = "big"));
    runs(&module);
    let module = Module::from_static_image(&engine, leaked(false)).unwrap();
    assert!(!module.code_in_place());
    runs(&module);
    let module = Module::from_image(&engine, leaked(true)).unwrap();
    assert!(!module.code_in_place());
    runs(&module);
}

/// `SAMPLE` with a signature trailer of `len` claimed and `data`.
fn with_trailer(id: u8, len: u32, data: &[u8]) -> Vec<u8> {
    let mut v = SAMPLE.to_vec();
    v.push(id);
    v.extend_from_slice(&len.to_le_bytes());
    v.extend_from_slice(data);
    v
}

/// The engine skips a well-framed signature trailer whatever it holds
/// (verifying it is `mote-sign`'s business) and refuses any other bytes
/// after the body: a wrong id, a length that disagrees, a cut trailer.
#[test]
fn a_signature_trailer_is_skipped() {
    let engine = Engine::default();
    for data in [&b""[..], b"\x01\x6d\x01\x00", &[0xff; 300]] {
        let image = with_trailer(mote::IMAGE_SIGNATURE, data.len() as u32, data);
        runs(&Module::from_image(&engine, &image).unwrap());
    }
    let data = [7u8; 40];
    let bad = [
        with_trailer(0, 40, &data),
        with_trailer(mote::IMAGE_SIGNATURE, 41, &data),
        with_trailer(mote::IMAGE_SIGNATURE, 39, &data),
        with_trailer(mote::IMAGE_SIGNATURE, u32::MAX, &data),
    ];
    for image in &bad {
        let r = Module::from_image(&engine, image);
        assert!(matches!(r, Err(Error::Image(_))), "{r:?}");
    }
    let image = with_trailer(mote::IMAGE_SIGNATURE, 40, &data);
    for len in SAMPLE.len() + 1..image.len() {
        let r = Module::from_image(&engine, &image[..len]);
        assert!(matches!(r, Err(Error::Image(_))), "prefix {len}: {r:?}");
    }
    let mut one_more = image.clone();
    one_more.push(0);
    assert!(Module::from_image(&engine, &one_more).is_err());
}

/// An engine metering fuel refuses an image made without it.
#[test]
fn an_image_for_another_configuration_is_refused() {
    let mut config = mote::Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config);
    assert!(matches!(
        Module::from_image(&engine, SAMPLE),
        Err(Error::Image(_))
    ));
}

/// `sample.mote` is what the full engine makes of `sample.wat` today.
#[cfg(feature = "wasm")]
#[test]
fn image_is_current() {
    let wasm = wat::parse_str(include_str!("sample.wat")).unwrap();
    let module = Module::new(&Engine::default(), &wasm).unwrap();
    let image = module.to_image().unwrap();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/runner/sample.mote");
    if std::env::var_os("MOTE_BLESS").is_some() {
        std::fs::write(&path, &image).unwrap();
    }
    assert!(
        image == SAMPLE,
        "tests/runner/sample.mote is stale: rerun with MOTE_BLESS=1 and commit it"
    );
}
