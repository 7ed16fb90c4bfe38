//! `image`: host-prepared images (`Module::to_image`,
//! `Module::from_image`). A module from `wasm-smith` must survive the trip
//! through its image (loads, writes the same bytes again); the image,
//! corrupted (bytes flipped, set, cut, words of code overwritten, the
//! header's hash fixed up or not), must load as an error or as a module
//! that instantiates and runs every export under fuel without a panic.

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
        exercise(&engine(0), input, &mut stats);
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
    let mut bad = image;
    let rounds = u.int_in_range(1..=4u8).unwrap_or(1);
    for _ in 0..rounds {
        corrupt(&mut bad, &mut u);
    }
    if u.ratio(7u8, 8).unwrap_or(true) {
        rehash(&mut bad);
    }
    exercise(&engine, &bad, &mut stats);
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

/// Loads `image`; if it loads, instantiates it with imported functions
/// that return zeros and calls every export with zero-like arguments,
/// 10,000 units of fuel each. Only a panic (caught by the runner) or a
/// hang is a finding.
fn exercise(engine: &Engine, image: &[u8], stats: &mut Stats) {
    let Ok(module) = Module::from_image(engine, image) else {
        return;
    };
    stats.modules += 1;
    let mut store = Store::new(engine, ());
    let _ = store.set_fuel(10_000);
    let mut linker = Linker::new(engine);
    for (m, n, ty) in module.imports() {
        if let ExternType::Func(ty) = ty {
            let _ = linker.func_new(m, n, ty.clone(), |_, _, _| Ok(()));
        }
    }
    let Ok(instance) = linker.instantiate(&mut store, &module) else {
        return;
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
        let _ = store.set_fuel(10_000);
        let _ = f.call(&mut store, &args, &mut out);
        stats.calls += 1;
    }
}
