//! `image`: host-prepared images (`Module::to_image`,
//! `Module::from_image`). A module from `wasm-smith` must survive the trip
//! through its image (loads, writes the same bytes again); the image,
//! corrupted (bytes flipped, set, cut, words of code overwritten, the
//! header's hash fixed up or not), must load as an error or as a module
//! that instantiates and runs every export under fuel without a panic.
//! Each image is loaded three ways, copied (`from_image`) and in place
//! (`Module::from_static_image`) from an aligned and a misaligned copy,
//! and the three must agree on every error and every call's results.

use crate::{Finding, Outcome, Stats, Target, smith};
use arbitrary::Unstructured;
use mote::{Config, Engine, Error, Extern, ExternType, Linker, Module, Store, Val};

pub const TARGET: Target = Target {
    name: "image",
    about: "wasm-smith modules through their images, which are then corrupted, loaded and run with fuel",
    max_len: 6000,
    run,
    module: Some(module_of),
};

fn module_of(input: &[u8]) -> Option<Vec<u8>> {
    if mote::is_image(input) {
        return None;
    }
    let mut u = Unstructured::new(input);
    let knobs: u8 = u.arbitrary().ok()?;
    generate(knobs, &mut u)
}

fn generate(knobs: u8, u: &mut Unstructured<'_>) -> Option<Vec<u8>> {
    let mut config = smith::mote_config(u).ok()?;
    config.exceptions_enabled = knobs & 0x20 != 0;
    config.threads_enabled = knobs & 0x40 != 0;
    // SIMD with knob 0x80 (images carry it: v128 slots checked as two),
    // relaxed SIMD too with 0x10 besides.
    config.simd_enabled = knobs & 0x80 != 0;
    config.relaxed_simd_enabled = knobs & 0x90 == 0x90;
    smith::generate(config, u, None).ok().map(|g| g.wasm)
}

/// The engine images are made for and loaded by: fuel always (a hostile
/// image must not run forever), names with knob 4.
fn engine(knobs: u8) -> Engine {
    let mut config = Config::new();
    config
        .consume_fuel(true)
        .debug_info(knobs & 4 != 0)
        .max_memory_pages(64)
        .max_table_elements(10_000);
    Engine::new(&config)
}

fn run(input: &[u8]) -> Outcome {
    let mut stats = Stats::default();
    // An input that is an image is loaded and run as it is (how findings
    // are kept).
    if mote::is_image(input) {
        exercise(&engine(0), input, &mut stats)?;
        return Ok(stats);
    }
    let mut u = Unstructured::new(input);
    let knobs: u8 = u.arbitrary().unwrap_or(0);
    let Some(wasm) = generate(knobs, &mut u) else {
        return Ok(stats);
    };
    let engine = engine(knobs);
    let Ok(module) = Module::new(&engine, &wasm) else {
        return Ok(stats);
    };
    stats.modules += 1;
    let image = module
        .to_image()
        .map_err(|e| Finding::new("write error", e.to_string()))?;
    let loaded = match Module::from_image(&engine, &image) {
        Ok(m) => m,
        // Typed function references are refused in images (for now).
        Err(Error::Image(e)) if e.what.contains("feature this engine lacks") => {
            return Ok(stats);
        }
        Err(e) => return Err(Finding::new("image refused", e.to_string())),
    };
    if loaded.to_image().ok().as_deref() != Some(&image[..]) {
        return Err(Finding::new("round trip", "the image read back writes other bytes"));
    }
    // With knob 8 the intact image runs too, so that whole modules' code
    // runs in place, not only what survives corruption.
    if knobs & 8 != 0 {
        exercise(&engine, &image, &mut stats)?;
    }
    let mut bad = image;
    let rounds = u.int_in_range(1..=4u8).unwrap_or(1);
    for _ in 0..rounds {
        corrupt(&mut bad, &mut u);
    }
    if u.ratio(7u8, 8).unwrap_or(true) {
        rehash(&mut bad);
    }
    exercise(&engine, &bad, &mut stats)?;
    Ok(stats)
}

/// One corruption of `image`, drawn from `u`; mostly in the body, where
/// the check (not the hash) must catch it.
fn corrupt(image: &mut Vec<u8>, u: &mut Unstructured<'_>) {
    if image.is_empty() {
        return;
    }
    let at = match code_words(image) {
        // Half the time a word of the translated code: the check's
        // business more than the reader's.
        Some((start, words)) if words > 0 && u.arbitrary().unwrap_or(false) => {
            start + 2 * u.choose_index(words).unwrap_or(0)
        }
        _ => u.choose_index(image.len()).unwrap_or(0),
    };
    // Earlier corruption may have left the code section's counts past the
    // end.
    let at = at.min(image.len() - 1);
    match u.int_in_range(0..=5u8).unwrap_or(0) {
        0 => image[at] ^= 1 << u.int_in_range(0..=7u8).unwrap_or(0),
        1 => image[at] = u.arbitrary().unwrap_or(0xff),
        2 => image.truncate(at.max(32)),
        3 => {
            // An interesting 32-bit value over four bytes.
            let values = [0, 1, 0xffff, 0x1_0000, u32::MAX, 0x7fff_ffff, 0x8000_0000];
            let v = *u.choose(&values).unwrap_or(&0);
            let bytes = v.to_le_bytes();
            for (k, b) in bytes.iter().enumerate() {
                if let Some(x) = image.get_mut(at + k) {
                    *x = *b;
                }
            }
        }
        4 => {
            // Bytes copied from elsewhere in the image (a field or an op
            // moved).
            let from = u.choose_index(image.len()).unwrap_or(0);
            let n = u.int_in_range(1..=8usize).unwrap_or(1);
            for k in 0..n {
                if let (Some(&b), true) = (image.get(from + k), at + k < image.len()) {
                    image[at + k] = b;
                }
            }
        }
        _ => {
            let n = u.int_in_range(1..=4usize).unwrap_or(1);
            let end = (at + n).min(image.len());
            image.drain(at..end);
        }
    }
}

/// Where the code words start in `image` and how many there are: the
/// code section (id 12) holds the body size, the functions (20 bytes
/// each), then the words.
fn code_words(image: &[u8]) -> Option<(usize, usize)> {
    let u32_at = |at: usize| -> Option<usize> {
        let b = image.get(at..at + 4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    let mut at = 32;
    loop {
        let id = *image.get(at)?;
        let len = u32_at(at + 1)?;
        if id == 12 {
            let funcs = u32_at(at + 9)?;
            let words_at = at + 13 + funcs.checked_mul(20)?;
            return Some((words_at + 4, u32_at(words_at)?));
        }
        at = at.checked_add(5 + len)?;
    }
}

/// The header's body length and hash made to match the body again.
fn rehash(image: &mut [u8]) {
    if image.len() < 32 {
        return;
    }
    let len = u32::try_from(image.len() - 32).unwrap_or(u32::MAX);
    image[20..24].copy_from_slice(&len.to_le_bytes());
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in &image[32..] {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    image[24..32].copy_from_slice(&h.to_le_bytes());
}

/// How `exercise` loads an image.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Load {
    /// `Module::from_image`: everything copied.
    Copied,
    /// `Module::from_static_image` from an even address: the code used
    /// where it is (on a little-endian host), data segments too.
    InPlace,
    /// `Module::from_static_image` from an odd address: data segments
    /// borrowed, the code copied.
    Misaligned,
}

/// Loads `image` copied, then in place from an aligned and a misaligned
/// copy of it that lasts "forever" (as an image in flash does), and runs
/// each as `outcome` does. A panic, a hang, the three loads disagreeing
/// (one refused and not another, other errors, other results of any
/// call) or an aligned image whose code is not used in place is a
/// finding.
fn exercise(engine: &Engine, image: &[u8], stats: &mut Stats) -> Result<(), Finding> {
    let copied = outcome(engine, Module::from_image(engine, image), image, Load::Copied, stats)?;
    for load in [Load::InPlace, Load::Misaligned] {
        let lent = lent(engine, image, load, stats)?;
        if lent != copied {
            let first = copied.iter().zip(&lent).position(|(a, b)| a != b);
            let at = first.unwrap_or(copied.len().min(lent.len()));
            return Err(Finding::new(
                "in place differs",
                format!(
                    "{load:?}: {:?} where the copied module gave {:?}",
                    lent.get(at),
                    copied.get(at)
                ),
            ));
        }
    }
    Ok(())
}

/// `outcome` of `image` loaded with `Module::from_static_image` from a
/// copy of it at an even (`Load::InPlace`) or odd (`Load::Misaligned`)
/// address, which is freed when everything made from it is gone.
fn lent(engine: &Engine, image: &[u8], load: Load, stats: &mut Stats) -> Result<Vec<String>, Finding> {
    let mut buf = vec![0u8; image.len() + 1].into_boxed_slice();
    let odd = usize::from(load == Load::Misaligned);
    let at = (buf.as_ptr() as usize + odd) % 2;
    buf[at..at + image.len()].copy_from_slice(image);
    let raw: *mut [u8] = Box::into_raw(buf);
    // SAFETY: `raw` is the box leaked just above, valid and not written
    // until it is freed below. Nothing that can borrow from the image
    // outlives `outcome`: it makes the module, the store and the instance
    // and drops them before it returns, and what it returns is owned text.
    // The engine keeps nothing of a module (its type registry holds owned
    // types). A panic skips the free: the copy is then leaked, not freed
    // under a borrow.
    let whole: &'static [u8] = unsafe { &*raw };
    let lent = &whole[at..at + image.len()];
    let got = outcome(engine, Module::from_static_image(engine, lent), lent, load, stats);
    // SAFETY: `raw` came from `Box::into_raw` and is freed once; the only
    // borrow of it, `whole`, is not used again (see above).
    drop(unsafe { Box::from_raw(raw) });
    got
}

/// If `image`, loaded as `load` says, gave a module, instantiates it with
/// imported functions that return zeros and calls every export with
/// zero-like arguments, 10,000 units of fuel each. Returns what happened,
/// one line per step (the load's error, or each call's results or
/// error), to compare the ways of loading.
fn outcome(
    engine: &Engine,
    loaded: Result<Module, Error>,
    image: &[u8],
    load: Load,
    stats: &mut Stats,
) -> Result<Vec<String>, Finding> {
    let module = match loaded {
        Ok(module) => module,
        Err(e) => return Ok(vec![format!("load: {e}")]),
    };
    let has_code = code_words(image).is_some_and(|(_, words)| words > 0);
    let in_place = match load {
        Load::Copied => false,
        Load::InPlace => cfg!(target_endian = "little"),
        Load::Misaligned => !has_code,
    };
    if module.code_in_place() != in_place {
        return Err(Finding::new(
            "code in place",
            format!("{load:?}: code_in_place() is {}", module.code_in_place()),
        ));
    }
    stats.modules += 1;
    let mut lines = Vec::new();
    let mut store = Store::new(engine, ());
    let _ = store.set_fuel(10_000);
    let mut linker = Linker::new(engine);
    for (m, n, ty) in module.imports() {
        if let ExternType::Func(ty) = ty {
            let _ = linker.func_new(m, n, ty.clone(), |_, _, _| Ok(()));
        }
    }
    let instance = match linker.instantiate(&mut store, &module) {
        Ok(instance) => instance,
        Err(e) => return Ok(vec![format!("instantiate: {e}")]),
    };
    let funcs: Vec<_> = instance
        .exports(&store)
        .filter_map(|(name, x)| match x {
            Extern::Func(f) => Some((name.to_string(), f)),
            _ => None,
        })
        .collect();
    for (name, f) in funcs {
        let ty = f.ty(&store);
        let args: Vec<Val> = ty.params().iter().map(|&t| Val::default_for(t)).collect();
        let mut out: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
        let _ = store.set_fuel(10_000);
        let called = f.call(&mut store, &args, &mut out);
        stats.calls += 1;
        lines.push(match called {
            Ok(()) => format!("{name}: {}", show(&out)),
            Err(e) => format!("{name}: {e}"),
        });
    }
    Ok(lines)
}

/// Results as text: numbers by their bits, references only as null or
/// not (their handles name stores, which differ from load to load).
fn show(vals: &[Val]) -> String {
    vals.iter()
        .map(|v| match v {
            Val::FuncRef(r) => format!("funcref:{}", r.is_some()),
            Val::ExternRef(r) => format!("externref:{}", r.is_some()),
            Val::ExnRef(r) => format!("exnref:{}", r.is_some()),
            other => format!("{other:?}"),
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image() -> Vec<u8> {
        let wasm = wat::parse_str(
            r#"(module (memory 1) (data (i32.const 0) "hi")
                 (func (export "f") (param i32) (result i32)
                   (i32.add (local.get 0) (i32.load8_u (i32.const 1)))))"#,
        )
        .unwrap();
        let engine = engine(0);
        Module::new(&engine, &wasm).unwrap().to_image().unwrap()
    }

    /// Each of the three loads loads and runs the export.
    #[test]
    fn an_image_runs_three_ways() {
        let mut stats = Stats::default();
        exercise(&engine(0), &image(), &mut stats).unwrap();
        assert_eq!((stats.modules, stats.calls), (3, 3));
        let mut stats = Stats::default();
        let lines = lent(&engine(0), &image(), Load::InPlace, &mut stats).unwrap();
        assert_eq!(lines, ["f: I32(105)"]);
    }

    /// An image refused by one load is refused by all, with the same error.
    #[test]
    fn a_refused_image_is_refused_three_ways() {
        let mut bad = image();
        let last = bad.len() - 1;
        bad[last] ^= 0xff;
        let mut stats = Stats::default();
        exercise(&engine(0), &bad, &mut stats).unwrap();
        assert_eq!(stats.modules, 0);
        let copied = outcome(&engine(0), Module::from_image(&engine(0), &bad), &bad, Load::Copied, &mut stats);
        assert!(copied.unwrap()[0].starts_with("load: "));
    }
}
